"""The three tables: children and services of a partner, activities of a city.

Each reader checks one table row by row (problems go to the table's
:class:`~exceed_analysis.intake.problems.Context`), pseudonymises child_ids and passes every
free text (a service detail, an activity description) through the personal-data screen:
a name, phone or address found is replaced by ``[...]`` in what is stored, and the place is
reported without the value. :func:`partner_tables` then resolves a partner's submissions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

import pandas as pd

from exceed_analysis import schemas
from exceed_analysis.intake import cells, pseudonym, readers
from exceed_analysis.intake.problems import Context, FileCount

__all__ = [
    "Part",
    "read_children",
    "read_services",
    "read_activities",
    "partner_tables",
    "screen_texts",
    "MIN_AGE",
    "MAX_AGE",
]

MIN_AGE, MAX_AGE = 5, 17


def _today(today: pd.Timestamp | None) -> pd.Timestamp:
    return today if today is not None else pd.Timestamp(dt.date.today())


def screen_texts(texts: pd.Series, column: str, ctx: Context) -> pd.Series:
    """Free texts with every personal value the context's screen finds replaced by
    ``[...]``; each row changed is reported (row and column, never the value)."""
    present = texts.dropna()
    if present.empty:
        return texts
    redacted = {t: ctx.screen.redact(t) for t in present.unique()}
    out = texts.astype(object).copy()
    for row, text in present.items():
        new, kinds = redacted[text]
        if kinds:
            out[row] = new
            ctx.add(row, column, None, "personal_text", rejected=False, kinds=", ".join(kinds))
    return out


@dataclass
class Part:
    """One children or services table of one file (sheet), read and checked row by row."""

    order: int
    file: str
    sheet: str | None
    table: str
    ctx: Context
    frame: pd.DataFrame  # typed rows, all of them, indexed by row number
    bad: set[int]  # rows rejected by their own problems
    read: int
    complete: bool

    @property
    def short_label(self) -> str:
        name = self.file.rsplit("/", 1)[-1]
        return f"{name} [{self.sheet}]" if self.sheet else name


def read_children(
    grid: readers.Grid,
    ctx: Context,
    *,
    key: pseudonym.Key,
    today: pd.Timestamp | None = None,
    start: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, bool]:
    """Check one children table; returns (every row typed, with the stored columns; whether
    the table could be validated). Problems go to ``ctx``."""
    today = _today(today)
    df, complete = cells.conform(grid, ctx, schemas.CHILDREN_COLUMNS, schemas.CHILDREN_REQUIRED)
    if not complete:
        return df.iloc[0:0], False
    ids = df["child_id"]
    ctx.screen.add_codes(ids.dropna().unique())
    pid = cells.pseudonyms(ids, cast(str, ctx.partner), key)
    ctx.flag(df, ids.isna(), "child_id", "required")
    dup = pid.notna() & pid.duplicated(keep=False)
    ctx.flag(df, dup, "child_id", "duplicate_id", values=pid, pseudonym=True)
    coded = {
        col: cells.codes(df, col, ctx, required=col in schemas.CHILDREN_REQUIRED)
        for col in (
            "sex",
            "sector",
            "beneficiary_type",
            "school_status",
            "lives_with_family",
            "family_contact",
            "trafficking_victim",
        )
    }
    dates = cells.dates(
        df,
        schemas.CHILDREN_DATES,
        ctx,
        required=("intake_date",),
        today=today,
        start=start,
        programme=("intake_date",),
        date1904=grid.date1904,
    )
    born, intake, exit_ = dates["birth_date"], dates["intake_date"], dates["exit_date"]
    given_age, bad_age = cells.whole_numbers(df["age_at_intake"])
    ctx.flag(df, bad_age, "age_at_intake", "whole_number")
    no_birth = df["birth_date"].isna()
    ctx.flag(df, no_birth & df["age_at_intake"].isna(), "age_at_intake", "age_required")
    ctx.flag(df, exit_ < intake, "exit_date", "exit_before_intake")
    ctx.flag(df, born > intake, "birth_date", "birth_after_intake")
    age = cells.completed_years(born, intake).where(born.notna(), given_age)
    out_of_range = ((age < MIN_AGE) | (age > MAX_AGE)) & ~(born > intake)
    ctx.flag(df, out_of_range & born.notna(), "birth_date", "age_range", min=MIN_AGE, max=MAX_AGE)
    ctx.flag(df, out_of_range & no_birth, "age_at_intake", "age_range", min=MIN_AGE, max=MAX_AGE)
    out = pd.DataFrame(
        {
            "city": ctx.city,
            "partner": ctx.partner,
            "child_id": pid,
            "sex": coded["sex"],
            "age_at_intake": age,
            "sector": coded["sector"],
            "beneficiary_type": coded["beneficiary_type"],
            "intake_date": intake,
            "exit_date": exit_,
            "school_status": coded["school_status"],
            "lives_with_family": coded["lives_with_family"].eq("yes"),
            "family_contact": coded["family_contact"],
            "trafficking_victim": coded["trafficking_victim"].eq("yes"),
            "source_file": ctx.file,
            "source_sheet": ctx.sheet,
            "source_row": df.index.to_series(index=df.index),
        },
        index=df.index,
    )
    return out, True


def read_services(
    grid: readers.Grid,
    ctx: Context,
    *,
    key: pseudonym.Key,
    today: pd.Timestamp | None = None,
    start: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, bool]:
    """Check one services table on its own (codes, dates, skills-course detail, personal data
    in free details); the checks against the partner's children come later. Returns (every
    row typed, complete)."""
    today = _today(today)
    df, complete = cells.conform(grid, ctx, schemas.SERVICES_COLUMNS, schemas.SERVICES_REQUIRED)
    if not complete:
        return df.iloc[0:0], False
    ids = df["child_id"]
    ctx.screen.add_codes(ids.dropna().unique())
    pid = cells.pseudonyms(ids, cast(str, ctx.partner), key)
    ctx.flag(df, ids.isna(), "child_id", "required")
    service = cells.codes(df, "service", ctx, required=True)
    date = cells.dates(
        df,
        schemas.SERVICES_DATES,
        ctx,
        required=("date",),
        today=today,
        start=start,
        programme=("date",),
        date1904=grid.date1904,
    )["date"]
    is_skills = service.eq("skills_course")
    course = cells.codes(df, "detail", ctx, required=False, mask=is_skills)
    ctx.flag(
        df, is_skills & course.isna(), "detail", "skills_detail", allowed=", ".join(schemas.SKILLS_COURSES)
    )
    detail = df["detail"].where(~is_skills, course).astype(object)
    free = ~is_skills & detail.notna()
    if free.any():
        detail = detail.where(~free, screen_texts(detail.where(free), "detail", ctx))
    out = pd.DataFrame(
        {
            "city": ctx.city,
            "partner": ctx.partner,
            "child_id": pid,
            "date": date,
            "service": service,
            "detail": detail,
            "source_file": ctx.file,
            "source_sheet": ctx.sheet,
            "source_row": df.index.to_series(index=df.index),
            "_date_text": df["date"],  # to quote the date as written; not stored
        },
        index=df.index,
    )
    return out, True


def read_activities(
    grid: readers.Grid,
    ctx: Context,
    *,
    partners: tuple[str, ...],
    today: pd.Timestamp | None = None,
    start: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, int]:
    """Check one activities/<city>.csv grid; returns (valid rows typed, rows read). The
    descriptions pass through the city's screen (every register of the city)."""
    today = _today(today)
    df, complete = cells.conform(grid, ctx, schemas.ACTIVITIES_COLUMNS, schemas.ACTIVITIES_REQUIRED)
    n = len(grid.rows) + ctx.header_is_data
    if not complete:
        return pd.DataFrame(), n
    activity = cells.codes(df, "activity", ctx, required=True)
    date = cells.dates(df, ("date",), ctx, required=("date",), today=today, start=start, programme=("date",))[
        "date"
    ]
    participants, bad_number = cells.whole_numbers(df["participants"])
    ctx.flag(df, bad_number, "participants", "whole_number")
    ctx.flag(
        df,
        df["partner"].notna() & ~df["partner"].isin(partners),
        "partner",
        "unknown_partner",
        allowed=", ".join(partners),
    )
    description = screen_texts(df["description"], "description", ctx)
    keep = ~df.index.isin(sorted(cells.rejected_rows(ctx.problems, ctx.file, None)))
    out = pd.DataFrame(
        {
            "city": ctx.city,
            "date": date,
            "partner": df["partner"],
            "activity": activity,
            "participants": participants,
            "description": description,
            "source_file": ctx.file,
            "source_row": df.index.to_series(index=df.index),
        }
    )[keep]
    return out.reset_index(drop=True), n


# --------------------------------------------------------------------------- submissions


def _supersede(parts: list[Part]) -> dict[int, set[int]]:
    """Per part (by position), the rows a later submission of the same child replaced. Parts
    that could not be validated replace nothing."""
    frames = [
        pd.DataFrame(
            {"part": i, "order": p.order, "row": p.frame.index, "pid": p.frame["child_id"].to_numpy()}
        )
        for i, p in enumerate(parts)
        if p.complete and len(p.frame)
    ]
    out: dict[int, set[int]] = {i: set() for i in range(len(parts))}
    if len(frames) < 2:
        return out
    allrows = pd.concat(frames, ignore_index=True).dropna(subset=["pid"])
    latest = allrows.groupby("pid")["order"].transform("max")
    old = allrows[allrows["order"] < latest]
    winner = allrows.loc[allrows["order"] == latest].drop_duplicates("pid").set_index("pid")["part"]
    for rec in old.itertuples(index=False):
        part = parts[rec.part]
        out[rec.part].add(int(rec.row))
        if int(rec.row) not in part.bad:
            by = parts[int(winner[rec.pid])].short_label
            part.ctx.add(rec.row, "child_id", rec.pid, "superseded", pseudonym=True, by=by)
    return out


def partner_tables(parts: list[Part], counts: list[FileCount], concat) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve a partner's submissions: children, then services checked against them.
    ``concat(frames, table)`` joins frames into a stored table."""
    kids_parts = [p for p in parts if p.table == "children"]
    svc_parts = [p for p in parts if p.table == "services"]
    stored_kids = []
    gone = _supersede(kids_parts)
    for i, p in enumerate(kids_parts):
        drop = p.bad | gone[i]
        keep = p.frame[~p.frame.index.isin(sorted(drop))] if len(p.frame) else p.frame
        stored_kids.append(keep)
        counts.append(
            FileCount(
                p.file,
                "children",
                p.read,
                len(keep),
                p.sheet,
                p.ctx.city,
                p.ctx.partner,
                len(gone[i] - p.bad),
            )
        )
    kids = concat(stored_kids, "children")
    by_id = kids.set_index("child_id") if len(kids) else None
    stored_svc = []
    gone = _supersede(svc_parts)
    for i, p in enumerate(svc_parts):
        if not len(p.frame):
            counts.append(FileCount(p.file, "services", p.read, 0, p.sheet, p.ctx.city, p.ctx.partner))
            continue
        df = p.frame
        live = pd.Series(~df.index.isin(sorted(gone[i])), index=df.index)
        pid = df["child_id"]
        known = pid.isin(kids["child_id"]) if by_id is not None else pd.Series(False, index=df.index)
        p.ctx.flag(df, live & pid.notna() & ~known, "child_id", "unknown_child", pseudonym=True)
        if by_id is not None:
            intake = pid.map(by_id["intake_date"])
            exit_ = pid.map(by_id["exit_date"])
            date = df["date"]
            p.ctx.flag(df, live & known & (date < intake), "date", "before_intake", values=df["_date_text"])
            p.ctx.flag(
                df,
                live & known & exit_.notna() & (date > exit_),
                "date",
                "after_exit",
                values=df["_date_text"],
            )
        bad = cells.rejected_rows(p.ctx.problems, p.file, p.sheet)
        keep = df[~df.index.isin(sorted(bad | gone[i]))]
        stored_svc.append(keep)
        counts.append(
            FileCount(
                p.file,
                "services",
                p.read,
                len(keep),
                p.sheet,
                p.ctx.city,
                p.ctx.partner,
                len(gone[i] - p.bad),
            )
        )
    return kids, concat(stored_svc, "services")
