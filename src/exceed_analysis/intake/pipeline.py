"""Intake: partner registers in data/raw/ -> validated processed store in data/processed/.

The recipe (:func:`ingest`) reads each partner folder (CSV files and ``.xlsx`` workbooks, see
:mod:`exceed_analysis.intake.readers` for the naming and ordering rule), maps Indonesian headers and
codes to the contract's, parses the accepted date formats, validates every row against the data
contract, drops personal data, pseudonymises child_ids (:mod:`exceed_analysis.intake.pseudonym`),
lets a later submission of a child replace an earlier one, and writes one Parquet file per
table and city.

Nothing is silently dropped: each file's rows read = rows stored + rows rejected, and each
rejected row is listed in ``quarantine.csv`` with file, sheet, row, column, value and the rule
in Indonesian and English; ``quality.html`` / ``quality.json`` summarise them per city and
partner. No personal-data value and no partner case code is ever quoted: a child_id is shown as
its pseudonym, and a quoted value that contains a word of the file's personal data is hidden.
Raw files are only ever opened for reading.

Row numbers are spreadsheet rows: in a CSV the header is row 1, the first data row is row 2; in
a workbook a row keeps the sheet's own number.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from exceed_analysis.intake import pseudonym
from exceed_analysis.intake import readers
from exceed_analysis import schemas
from exceed_analysis.config import Paths, Registry, paths, registry
from exceed_analysis.errors import IntakeError

__all__ = ["Problem", "FileCount", "IntakeResult", "ingest", "read_children", "read_services",
           "read_activities", "parse_dates", "write_store", "MIN_AGE", "MAX_AGE"]

TABLES = ("children", "services", "activities")
MIN_AGE, MAX_AGE = 5, 17
HIDDEN = "[disembunyikan / hidden]"
"""Shown instead of a quoted value that contains personal data."""
MAX_VALUE = 60
"""Quoted values longer than this are cut (a whole row pasted into one cell)."""

QUARANTINE_COLUMNS = ["file", "row", "column", "value", "rule", "rejected", "sheet", "aturan",
                      "check", "city", "partner"]


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it is and what it breaks. ``row`` is None for a file-level
    problem (a missing or unknown column, an unreadable file). ``rule`` is the rule in English,
    ``aturan`` the same rule in Indonesian, ``check`` its code in ``schemas.RULES``."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    rejected: bool = True
    aturan: str = ""
    sheet: str | None = None
    check: str = ""
    city: str | None = None
    partner: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f", lembar {self.sheet}"
        if self.row is not None:
            where += f", baris {self.row}"
        if self.column:
            where += f", kolom {self.column}"
        val = f" nilai {self.value!r}" if self.value is not None else ""
        rule = f"{self.aturan} / {self.rule}" if self.aturan else self.rule
        return f"{where}:{val} {rule}"


@dataclass
class FileCount:
    """Rows read, stored and rejected for one raw file (one sheet of a workbook).
    ``superseded`` counts the rejected rows that a later submission replaced."""

    file: str
    table: str
    read: int
    stored: int = 0
    sheet: str | None = None
    city: str | None = None
    partner: str | None = None
    superseded: int = 0

    @property
    def rejected(self) -> int:
        return self.read - self.stored

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass
class IntakeResult:
    """What intake did: the stored tables, the per-file counts and every problem."""

    tables: dict[str, pd.DataFrame]
    counts: list[FileCount] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    key_source: str = "test"

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.counts)

    @property
    def rows_stored(self) -> int:
        return sum(c.stored for c in self.counts)

    @property
    def rows_rejected(self) -> int:
        return sum(c.rejected for c in self.counts)

    def summary_lines(self) -> list[str]:
        """The per-file table intake prints: read = stored + rejected, sheets named."""
        width = max((len(c.label) for c in self.counts), default=10)
        lines = [f"{'file':<{width}}  {'read':>7}  {'stored':>7}  {'rejected':>8}"]
        lines += [f"{c.label:<{width}}  {c.read:>7}  {c.stored:>7}  {c.rejected:>8}"
                  for c in self.counts]
        lines.append(f"{'total':<{width}}  {self.rows_read:>7}  {self.rows_stored:>7}  "
                     f"{self.rows_rejected:>8}")
        return lines


# --------------------------------------------------------------------------- context


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_WORD = re.compile(r"\w{3,}")


class _Personal:
    """Personal values seen in a partner's files (personal-data and unknown columns), to hide
    any quoted value or free text that repeats one of their words. Built lazily."""

    def __init__(self) -> None:
        self._texts: list[Iterable[str]] = []
        self._names: list[Iterable[str]] = []
        self._codes: set[str] = set()
        self._code_re: re.Pattern | None = None
        self._long: list[str] | None = None
        self._words: set[str] | None = None
        self._name_words: set[str] | None = None
        self._whole: set[str] | None = None

    def add(self, values: Iterable[str], *, names: bool = False) -> None:
        self._texts.append(values)
        if names:
            self._names.append(values)
        self._words = self._name_words = self._whole = self._long = None

    def add_codes(self, codes: Iterable[str]) -> None:
        """Partner case codes: hidden wherever they appear whole (not word by word: a code
        such as LADA-2010-0042 shares words with every date of 2010)."""
        new = {c.casefold() for c in codes if isinstance(c, str) and len(c) >= 3} - self._codes
        if new:
            self._codes |= new
            self._code_re = None

    def _has_code(self, folded: str) -> bool:
        if not self._codes:
            return False
        if self._code_re is None:
            alternatives = sorted(self._codes, key=len, reverse=True)
            self._code_re = re.compile(  # a code on its own, not inside a longer word or number
                r"(?<![^\W_])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![^\W_])")
        return self._code_re.search(folded) is not None

    def _build(self) -> None:
        if self._words is not None:
            return
        texts = [v for vals in self._texts for v in vals if isinstance(v, str) and v]
        self._whole = {v.casefold() for v in texts}
        self._words = set(_WORD.findall("\n".join(texts).casefold()))
        names = [v for vals in self._names for v in vals if isinstance(v, str) and v]
        self._name_words = set(_WORD.findall("\n".join(names).casefold()))

    def hides(self, value: str) -> bool:
        folded = value.casefold()
        if self._has_code(folded):
            return True
        if not self._texts:
            return False
        self._build()
        return folded in self._whole or any(w in self._words for w in _WORD.findall(folded))

    def in_free_text(self, text: str) -> bool:
        """Free text (a service detail) naming a child or guardian, or quoting an address or
        phone number whole."""
        if not self._texts:
            return False
        self._build()
        folded = text.casefold()
        if any(w in self._name_words for w in _WORD.findall(folded)):
            return True
        return any(v in folded for v in self._whole_long())

    def _whole_long(self) -> list[str]:
        if self._long is None:
            self._long = sorted(v for v in self._whole
                                if len(v) >= 6 and (not v.isdigit() or len(v) >= 8))
        return self._long

    def safe(self, value) -> str | None:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        value = str(value)
        if self.hides(value):
            return HIDDEN
        return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"


@dataclass
class _Ctx:
    """Where problems of one file (sheet) go, and how their values are made safe."""

    file: str
    sheet: str | None
    city: str | None
    partner: str | None
    personal: _Personal
    problems: list[Problem]
    header_is_data: bool = False  # the first row was data, not a header (counted as read)

    def add(self, row, column, value, code, *, rejected=True, pseudonym=False, **fmt) -> None:
        ind, eng = schemas.rule_text(code, **fmt)
        if value is not None and not pseudonym:
            value = self.personal.safe(value)
        elif value is not None and pd.isna(value):
            value = None
        self.problems.append(Problem(self.file, None if row is None else int(row), column, value,
                                     eng, rejected, ind, self.sheet, code, self.city, self.partner))

    def flag(self, df: pd.DataFrame, mask: pd.Series, column: str, code: str, *,
             values: pd.Series | None = None, pseudonym=False, quote=True, **fmt) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        vals = (values if values is not None else df[column])[mask]
        for row, val in zip(df.index[mask.to_numpy()], vals):
            self.add(row, column, (None if pd.isna(val) else str(val)) if quote else None, code,
                     pseudonym=pseudonym, **fmt)


# --------------------------------------------------------------------------- cells


def _conform(grid: readers.Grid, ctx: _Ctx, known: tuple[str, ...], required: tuple[str, ...]
             ) -> tuple[pd.DataFrame, bool]:
    """The grid as a frame of the table's contract columns (text, ``NaN`` for empty), indexed
    by row number. Personal-data columns are dropped, unknown columns dropped and reported,
    missing optional columns added. Returns the frame and whether it can be validated (every
    required column present, none twice)."""
    hmap = schemas.header_map(known)
    width = len(grid.header)
    rows = []
    for number, cells in zip(grid.row_numbers, grid.rows):
        if len(cells) > width:
            extra = [c for c in cells[width:] if c]
            if extra:
                ctx.personal.add(extra)
                ctx.add(number, None, None, "ragged_row", cells=width + len(extra), header=width)
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        rows.append(cells)
    raw = pd.DataFrame(rows, index=pd.Index(grid.row_numbers, dtype="int64"),
                       columns=range(width), dtype=object)
    keep: dict[str, int] = {}
    headers: dict[str, list[str]] = {}
    complete = True
    found = [hmap.get(schemas.header_key(h)) for h in grid.header]
    known_headers = sum(c is not None for c in found)
    if not set(required) <= set(found) and known_headers < max(2, (width + 1) // 2):
        # most of the first row is not a header: it is probably data (never quote it)
        ctx.personal.add([h for h in grid.header if h])
        ctx.add(None, None, None, "no_header")
        ctx.header_is_data = True
        return raw.iloc[0:0], False
    for i, header in enumerate(grid.header):
        canon = hmap.get(schemas.header_key(header))
        if canon in schemas.PERSONAL_DATA_COLUMNS:
            ctx.personal.add(raw[i].dropna().tolist(), names=canon in ("name", "guardian_name"))
            continue
        if canon is None:
            ctx.personal.add(raw[i].dropna().tolist())
            name = schemas.header_key(header) or f"#{i + 1}"
            ctx.add(None, name, None, "unknown_column", rejected=False)
            continue
        headers.setdefault(canon, []).append(header)
        keep.setdefault(canon, i)
    for canon, names in headers.items():
        if len(names) > 1:
            ctx.add(None, canon, None, "duplicate_column", headers=", ".join(map(repr, names)))
            complete = False
    for col in required:
        if col not in keep:
            ctx.add(None, col, None, "missing_column")
            complete = False
    df = pd.DataFrame(index=raw.index)
    for col in known:
        df[col] = raw[keep[col]] if col in keep else pd.Series(np.nan, index=raw.index, dtype=object)
    return df, complete


def _codes(df: pd.DataFrame, column: str, ctx: _Ctx, *, required: bool,
           mask: pd.Series | None = None) -> pd.Series:
    """A coded column mapped to its stored codes (aliases, case and spaces forgiven); empty
    cells get the column's default or are flagged as required; other values are flagged."""
    values = df[column]
    cmap = schemas.code_map(column)
    uniques = values.dropna().unique()
    lookup = {u: cmap.get(schemas.code_key(u)) for u in uniques}
    out = values.map(lookup)
    scope = mask if mask is not None else pd.Series(True, index=df.index)
    bad = values.notna() & out.isna() & scope
    allowed = ", ".join(schemas.COLUMN_CODES.get(column, schemas.SKILLS_COURSES))
    if column != "detail":
        ctx.flag(df, bad, column, "not_allowed", allowed=allowed)
    if column in schemas.CODE_DEFAULTS:
        out = out.where(values.notna(), schemas.CODE_DEFAULTS[column])
    elif required:
        ctx.flag(df, values.isna() & scope, column, "required")
    return out


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2099-12-31


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a text column of dates written ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` or
    as an Excel serial day number. Returns (dates, malformed, impossible): a cell that matches
    no format is malformed; one that matches but names no calendar day (2010-02-30) impossible.

    >>> s = pd.Series(["2010-05-01", "01/05/2010", "1-5-2010", "40299", "2010-02-30", "May 1"])
    >>> d, malformed, impossible = parse_dates(s)
    >>> [x.date().isoformat() for x in d[:4]], malformed.tolist(), impossible.tolist()
    (['2010-05-01', '2010-05-01', '2010-05-01', '2010-05-01'], [False, False, False, False, False, True], [False, False, False, False, True, False])
    """
    values = values.astype(object)
    out = pd.to_datetime(values.where(values.str.len().eq(10)), format="%Y-%m-%d", errors="coerce")
    todo = values.notna() & out.isna()
    malformed = pd.Series(False, index=values.index)
    impossible = pd.Series(False, index=values.index)
    for row in values.index[todo.to_numpy()]:
        text = str(values[row]).strip()
        ymd = None
        if m := _ISO.match(text):
            ymd = int(m[1]), int(m[2]), int(m[3])
        elif m := _DMY.match(text):
            ymd = int(m[4]), int(m[3]), int(m[1])
        elif m := _SERIAL.match(text):
            serial = int(m[1])
            if _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
                out[row] = _EXCEL_EPOCH + pd.Timedelta(days=serial)
                continue
        if ymd is None:
            malformed[row] = True
            continue
        try:
            if ymd[0] < 1900:
                raise ValueError
            out[row] = pd.Timestamp(dt.date(*ymd))
        except ValueError:
            impossible[row] = True
    out = out.astype("datetime64[us]")
    early = out.notna() & (out.dt.year < 1900)  # 0201-05-01: a typo, not a date
    impossible |= early
    return out.mask(early), malformed, impossible


def _dates(df: pd.DataFrame, columns: Iterable[str], ctx: _Ctx, *, required: Iterable[str] = (),
           today: pd.Timestamp) -> dict[str, pd.Series]:
    parsed = {}
    for col in columns:
        values, malformed, impossible = parse_dates(df[col])
        ctx.flag(df, malformed, col, "bad_date")
        ctx.flag(df, impossible, col, "not_calendar_date")
        ctx.flag(df, values > today, col, "future_date")
        if col in required:
            ctx.flag(df, df[col].isna(), col, "required")
        parsed[col] = values
    return parsed


_AGE = re.compile(r"^\s*(\d{1,3})(?:[.,]0+)?\s*(?:tahun|thn|th|years?|yrs?)?\.?\s*$", re.I)


def _whole_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers as float, malformed) of a text column of whole numbers ("16", "16 tahun")."""
    num = pd.to_numeric(values.where(values.str.fullmatch(r"\d{1,6}", na=False)), errors="coerce")
    todo = values.notna() & num.isna()
    for row in values.index[todo.to_numpy()]:
        if m := _AGE.match(str(values[row])):
            num[row] = float(m[1])
    return num.astype("float64"), values.notna() & num.isna()


def _pseudonyms(ids: pd.Series, partner: str, key: pseudonym.Key) -> pd.Series:
    uniques = ids.dropna().unique()
    lookup = {u: pseudonym.pseudonymise(partner, u, key) for u in uniques}
    return ids.map(lookup)


def _rejected(problems: Iterable[Problem], file: str, sheet: str | None) -> set[int]:
    return {p.row for p in problems
            if p.rejected and p.row is not None and p.file == file and p.sheet == sheet}


def _completed_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Completed years between two date columns (birthday counted on the day)."""
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day))
    return years - before_birthday.astype(int)


# --------------------------------------------------------------------------- tables


@dataclass
class _Part:
    """One children or services table of one file (sheet), read and checked row by row."""

    order: int
    file: str
    sheet: str | None
    table: str
    ctx: _Ctx
    frame: pd.DataFrame      # typed rows, all of them, indexed by row number
    bad: set[int]            # rows rejected by their own problems
    read: int
    complete: bool

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file

    @property
    def short_label(self) -> str:
        name = self.file.rsplit("/", 1)[-1]
        return f"{name} [{self.sheet}]" if self.sheet else name


def read_children(grid: readers.Grid, ctx: _Ctx, *, key: pseudonym.Key,
                  today: pd.Timestamp | None = None) -> tuple[pd.DataFrame, bool]:
    """Check one children table; returns (every row typed, with the stored columns; whether
    the table could be validated). Problems go to ``ctx``."""
    today = today if today is not None else pd.Timestamp(dt.date.today())
    df, complete = _conform(grid, ctx, schemas.CHILDREN_COLUMNS, schemas.CHILDREN_REQUIRED)
    if not complete:
        return df.iloc[0:0], False
    ids = df["child_id"]
    ctx.personal.add_codes(ids.dropna().unique())
    pid = _pseudonyms(ids, ctx.partner, key)
    ctx.flag(df, ids.isna(), "child_id", "required")
    dup = pid.notna() & pid.duplicated(keep=False)
    ctx.flag(df, dup, "child_id", "duplicate_id", values=pid, pseudonym=True)
    codes = {col: _codes(df, col, ctx, required=col in schemas.CHILDREN_REQUIRED)
             for col in ("sex", "sector", "beneficiary_type", "school_status",
                         "lives_with_family", "family_contact", "trafficking_victim")}
    dates = _dates(df, schemas.CHILDREN_DATES, ctx, required=("intake_date",), today=today)
    born, intake, exit_ = dates["birth_date"], dates["intake_date"], dates["exit_date"]
    given_age, bad_age = _whole_numbers(df["age_at_intake"])
    ctx.flag(df, bad_age, "age_at_intake", "whole_number")
    no_birth = df["birth_date"].isna()
    ctx.flag(df, no_birth & df["age_at_intake"].isna(), "age_at_intake", "age_required")
    ctx.flag(df, exit_ < intake, "exit_date", "exit_before_intake")
    ctx.flag(df, born > intake, "birth_date", "birth_after_intake")
    age = _completed_years(born, intake).where(born.notna(), given_age)
    out_of_range = ((age < MIN_AGE) | (age > MAX_AGE)) & ~(born > intake)
    ctx.flag(df, out_of_range & born.notna(), "birth_date", "age_range", min=MIN_AGE, max=MAX_AGE)
    ctx.flag(df, out_of_range & no_birth, "age_at_intake", "age_range", min=MIN_AGE, max=MAX_AGE)
    out = pd.DataFrame({
        "city": ctx.city,
        "partner": ctx.partner,
        "child_id": pid,
        "sex": codes["sex"],
        "age_at_intake": age,
        "sector": codes["sector"],
        "beneficiary_type": codes["beneficiary_type"],
        "intake_date": intake,
        "exit_date": exit_,
        "school_status": codes["school_status"],
        "lives_with_family": codes["lives_with_family"].eq("yes"),
        "family_contact": codes["family_contact"],
        "trafficking_victim": codes["trafficking_victim"].eq("yes"),
        "source_file": ctx.file,
        "source_sheet": ctx.sheet,
        "source_row": df.index.to_series(index=df.index),
    }, index=df.index)
    return out, True


def read_services(grid: readers.Grid, ctx: _Ctx, *, key: pseudonym.Key,
                  today: pd.Timestamp | None = None) -> tuple[pd.DataFrame, bool]:
    """Check one services table on its own (codes, dates, skills-course detail); the checks
    against the partner's children come later. Returns (every row typed, complete)."""
    today = today if today is not None else pd.Timestamp(dt.date.today())
    df, complete = _conform(grid, ctx, schemas.SERVICES_COLUMNS, schemas.SERVICES_REQUIRED)
    if not complete:
        return df.iloc[0:0], False
    ids = df["child_id"]
    ctx.personal.add_codes(ids.dropna().unique())
    pid = _pseudonyms(ids, ctx.partner, key)
    ctx.flag(df, ids.isna(), "child_id", "required")
    service = _codes(df, "service", ctx, required=True)
    date = _dates(df, schemas.SERVICES_DATES, ctx, required=("date",), today=today)["date"]
    is_skills = service.eq("skills_course")
    course = _codes(df, "detail", ctx, required=False, mask=is_skills)
    ctx.flag(df, is_skills & course.isna(), "detail", "skills_detail",
             allowed=", ".join(schemas.SKILLS_COURSES))
    detail = df["detail"].where(~is_skills, course).astype(object)
    free = ~is_skills & detail.notna()
    if free.any():
        texts = detail[free]
        lookup = {t: ctx.personal.in_free_text(t) for t in texts.unique()}
        personal = texts.map(lookup).reindex(df.index, fill_value=False).astype(bool)
        for row in df.index[personal.to_numpy()]:
            ctx.add(row, "detail", None, "detail_personal", rejected=False)
        detail = detail.mask(personal)
    out = pd.DataFrame({
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
    }, index=df.index)
    return out, True


def read_activities(path: Path, *, city: str, partners: tuple[str, ...], root: Path,
                    problems: list[Problem], today: pd.Timestamp | None = None
                    ) -> tuple[pd.DataFrame, int]:
    """Read and check one activities/<city>.csv; returns (valid rows typed, rows read)."""
    today = today if today is not None else pd.Timestamp(dt.date.today())
    ctx = _Ctx(_relative(path, root), None, city, None, _Personal(), problems)
    try:
        grid = readers.read_csv(path)
    except readers.Unreadable as exc:
        ctx.add(None, None, None, exc.code, **exc.fmt)
        return pd.DataFrame(), 0
    for note in grid.notes:
        ctx.add(None, None, None, note, rejected=False)
    df, complete = _conform(grid, ctx, schemas.ACTIVITIES_COLUMNS, schemas.ACTIVITIES_REQUIRED)
    n = len(grid.rows) + ctx.header_is_data
    if not complete:
        return pd.DataFrame(), n
    activity = _codes(df, "activity", ctx, required=True)
    date = _dates(df, ("date",), ctx, required=("date",), today=today)["date"]
    participants, bad_number = _whole_numbers(df["participants"])
    ctx.flag(df, bad_number, "participants", "whole_number")
    ctx.flag(df, df["partner"].notna() & ~df["partner"].isin(partners), "partner",
             "unknown_partner", allowed=", ".join(partners))
    keep = ~df.index.isin(sorted(_rejected(problems, ctx.file, None)))
    out = pd.DataFrame({
        "city": city,
        "date": date,
        "partner": df["partner"],
        "activity": activity,
        "participants": participants,
        "description": df["description"],
        "source_file": ctx.file,
        "source_row": df.index.to_series(index=df.index),
    })[keep]
    return out.reset_index(drop=True), n


# --------------------------------------------------------------------------- partner folders


def _read_partner(folder: Path, city: str, partner: str, root: Path, key: pseudonym.Key,
                  problems: list[Problem], counts: list[FileCount], today: pd.Timestamp
                  ) -> list[_Part]:
    """Every children and services table of a partner folder, in submission order. A data
    file that cannot be read at all is counted with 0 rows read, after its problem."""
    personal = _Personal()  # shared: a name in the children file is hidden in services too
    parts: list[_Part] = []

    def ctx_for(file: str, sheet: str | None) -> _Ctx:
        return _Ctx(file, sheet, city, partner, personal, problems)

    grids: list[tuple[str, str | None, str, readers.Grid]] = []
    for sub in readers.partner_files(folder):
        file = _relative(sub.path, root)
        ctx = ctx_for(file, None)
        unread = FileCount(file, sub.table or "unknown", 0, 0, None, city, partner)
        if sub.kind is None:
            data_like = sub.path.suffix.lower() in readers.REJECTED_FORMATS
            ctx.add(None, None, None, "format", rejected=data_like)
            if data_like:
                counts.append(unread)
            continue
        if sub.kind == "csv":
            if sub.table is None:
                ctx.add(None, None, None, "file_name")
                counts.append(unread)
                continue
            try:
                grid = readers.read_csv(sub.path)
            except readers.Unreadable as exc:
                ctx.add(None, None, None, exc.code, **exc.fmt)
                counts.append(unread)
                continue
            for note in grid.notes:
                ctx.add(None, None, None, note, rejected=False)
            grids.append((file, None, sub.table, grid))
            continue
        try:
            sheets = readers.read_xlsx(sub.path)
        except readers.Unreadable as exc:
            ctx.add(None, None, None, exc.code, **exc.fmt)
            counts.append(unread)
            continue
        found = [(name, grid, readers.table_of_sheet(name)) for name, grid in sheets.items()]
        if not any(table for _, _, table in found):
            ctx.add(None, None, None, "no_sheet", sheets=", ".join(sheets) or "-")
            counts.append(unread)
            continue
        for name, grid, table in found:
            if table is None:
                if schemas.header_key(name) not in readers.TEMPLATE_SHEETS and grid.rows:
                    ctx_for(file, name).add(None, None, None, "sheet_ignored")
                continue
            grids.append((file, name, table, grid))
    # children first everywhere, so that their personal data is known when services are read
    grids.sort(key=lambda g: g[2] != "children")
    order = {(f, s): i for i, (f, s, _, _) in enumerate(
        sorted(grids, key=lambda g: (readers.submission_key(Path(g[0]).name), g[1] or "")))}
    for file, sheet, table, grid in grids:
        ctx = ctx_for(file, sheet)
        if not grid.header:
            parts.append(_Part(order[(file, sheet)], file, sheet, table, ctx, pd.DataFrame(),
                               set(), 0, True))
            continue
        reader = read_children if table == "children" else read_services
        frame, complete = reader(grid, ctx, key=key, today=today)
        parts.append(_Part(order[(file, sheet)], file, sheet, table, ctx, frame,
                           _rejected(problems, file, sheet),
                           len(grid.rows) + ctx.header_is_data, complete))
    return sorted(parts, key=lambda p: p.order)


def _supersede(parts: list[_Part]) -> dict[int, set[int]]:
    """Per part (by position), the rows a later submission of the same child replaced. Parts
    that could not be validated replace nothing."""
    frames = [pd.DataFrame({"part": i, "order": p.order, "row": p.frame.index,
                            "pid": p.frame["child_id"].to_numpy()})
              for i, p in enumerate(parts) if p.complete and len(p.frame)]
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


def _partner_tables(parts: list[_Part], counts: list[FileCount]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve a partner's submissions: children, then services checked against them."""
    kids_parts = [p for p in parts if p.table == "children"]
    svc_parts = [p for p in parts if p.table == "services"]
    stored_kids = []
    gone = _supersede(kids_parts)
    for i, p in enumerate(kids_parts):
        drop = p.bad | gone[i]
        keep = p.frame[~p.frame.index.isin(sorted(drop))] if len(p.frame) else p.frame
        stored_kids.append(keep)
        counts.append(FileCount(p.file, "children", p.read, len(keep), p.sheet, p.ctx.city,
                                p.ctx.partner, len(gone[i] - p.bad)))
    kids = _concat(stored_kids, "children")
    by_id = kids.set_index("child_id") if len(kids) else None
    stored_svc = []
    gone = _supersede(svc_parts)
    for i, p in enumerate(svc_parts):
        if not len(p.frame):
            counts.append(FileCount(p.file, "services", p.read, 0, p.sheet, p.ctx.city,
                                    p.ctx.partner))
            continue
        df = p.frame
        live = ~df.index.isin(sorted(gone[i]))
        pid = df["child_id"]
        known = pid.isin(kids["child_id"]) if by_id is not None else pd.Series(False, index=df.index)
        p.ctx.flag(df, live & pid.notna() & ~known, "child_id", "unknown_child", pseudonym=True)
        if by_id is not None:
            intake = pid.map(by_id["intake_date"])
            exit_ = pid.map(by_id["exit_date"])
            date = df["date"]
            p.ctx.flag(df, live & known & (date < intake), "date", "before_intake",
                       values=df["_date_text"])
            p.ctx.flag(df, live & known & exit_.notna() & (date > exit_), "date", "after_exit",
                       values=df["_date_text"])
        bad = _rejected(p.ctx.problems, p.file, p.sheet)
        keep = df[~df.index.isin(sorted(bad | gone[i]))]
        stored_svc.append(keep)
        counts.append(FileCount(p.file, "services", p.read, len(keep), p.sheet, p.ctx.city,
                                p.ctx.partner, len(gone[i] - p.bad)))
    return kids, _concat(stored_svc, "services")


# --------------------------------------------------------------------------- the recipe


def _partner_folders(p: Paths, reg: Registry, problems: list[Problem], only: str | None = None):
    """Yield (city slug, partner code, folder) for every registered partner folder found
    (of the city ``only``, when given); unregistered folders are reported, not read."""
    if not p.registers.is_dir():
        return
    for city_dir in sorted(d for d in p.registers.iterdir() if d.is_dir()):
        if only is not None and city_dir.name != only:
            continue
        if city_dir.name not in reg.slugs:
            ctx = _Ctx(_relative(city_dir, p.root), None, None, None, _Personal(), problems)
            ctx.add(None, None, None, "unknown_city", rejected=False, allowed=", ".join(reg.slugs))
            continue
        codes = reg.city(city_dir.name).partner_codes
        for partner_dir in sorted(d for d in city_dir.iterdir() if d.is_dir()):
            if partner_dir.name not in codes:
                ctx = _Ctx(_relative(partner_dir, p.root), None, city_dir.name, None,
                           _Personal(), problems)
                ctx.add(None, None, None, "unregistered_partner", rejected=False,
                        city=city_dir.name, allowed=", ".join(codes))
                continue
            yield city_dir.name, partner_dir.name, partner_dir


def ingest(p: Paths | None = None, reg: Registry | None = None, *, write: bool = True,
           today: dt.date | None = None, keep_tables: bool = True) -> IntakeResult:
    """Read every raw register, validate, drop personal data, pseudonymise child_ids and
    write the processed store (with ``quarantine.csv``, ``intake-summary.json`` and the
    data-quality page ``quality.html`` / ``quality.json``).

    Row- and file-level problems do not raise: they are reported and quarantined. Raises
    :class:`~exceed_analysis.intake.pseudonym.PseudonymKeyError` in production without a key.
    ``today`` (default: the real date) is the limit of "dates in the future".

    Intake streams: each city is read, checked and written before the next, so its memory
    is bounded by the largest city. ``keep_tables=False`` (the command line) does not keep
    the stored tables in the result either.
    """
    p = p or paths()
    reg = reg or registry()
    key = pseudonym.load_key(p.root)
    if key.is_test:
        print(f"exceed ingest: {pseudonym.fallback_warning()}", file=sys.stderr)
    now = pd.Timestamp(today or dt.date.today())
    problems: list[Problem] = []
    counts: list[FileCount] = []
    kept: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    store = _StoreWriter(p.processed) if write else None
    activities = _activity_files(p, reg, problems)
    try:
        # one city at a time: peak memory is bounded by the largest city, not the caseload
        for city in sorted(set(_cities_with_registers(p, reg)) | set(activities)):
            parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
            for partner, folder in _partner_folders_of(p, reg, city, problems):
                tables = _read_partner(folder, city, partner, p.root, key, problems, counts, now)
                kids, svc = _partner_tables(tables, counts)
                parts["children"].append(kids)
                parts["services"].append(svc)
                if kids["child_id"].duplicated().any():  # 40-bit pseudonyms: astronomically rare
                    raise IntakeError(_relative(folder, p.root), "two case codes share a "
                                      "pseudonym: raise pseudonym.DIGITS")
            if city in activities:
                csv = activities[city]
                act, n = read_activities(csv, city=city, partners=reg.city(city).partner_codes,
                                         root=p.root, problems=problems, today=now)
                counts.append(FileCount(_relative(csv, p.root), "activities", n, len(act), None, city))
                parts["activities"].append(act)
            city_tables = {t: _concat(parts[t], t) for t in TABLES}
            for table, df in city_tables.items():
                _MODELS[table].validate(df)
                if store is not None:
                    store.write(table, city, df)
                if keep_tables:
                    kept[table].append(df)
        first: dict[tuple, int] = {}
        for i, prob in enumerate(problems):
            first.setdefault((prob.file, prob.sheet), i)
        problems.sort(key=lambda pr: (first[(pr.file, pr.sheet)], -1 if pr.row is None else pr.row))
        tables = {t: _concat(kept[t], t) for t in TABLES} if keep_tables else {}
        result = IntakeResult(tables=tables, counts=counts, problems=problems, key_source=key.source)
        if store is not None:
            store.finish(result)
    finally:
        if store is not None:
            store.discard()
    return result


def _cities_with_registers(p: Paths, reg: Registry) -> list[str]:
    if not p.registers.is_dir():
        return []
    return [d.name for d in sorted(p.registers.iterdir()) if d.is_dir()]


def _partner_folders_of(p: Paths, reg: Registry, city: str, problems: list[Problem]):
    """The registered partner folders of one city (unregistered cities and partners are
    reported, not read)."""
    for c, partner, folder in _partner_folders(p, reg, problems, only=city):
        yield partner, folder


def _activity_files(p: Paths, reg: Registry, problems: list[Problem]) -> dict[str, Path]:
    """activities/<city>.csv by city; a file not named after a registered city is reported."""
    found: dict[str, Path] = {}
    if not p.activities.is_dir():
        return found
    for csv in sorted(p.activities.glob("*.csv")):
        if csv.stem not in reg.slugs:
            ctx = _Ctx(_relative(csv, p.root), None, None, None, _Personal(), problems)
            ctx.add(None, None, None, "activities_name", rejected=False, allowed=", ".join(reg.slugs))
            continue
        found[csv.stem] = csv
    return found


_SORT = {
    "children": ["city", "partner", "child_id"],
    "services": ["city", "partner", "child_id", "date", "service", "source_file", "source_row"],
    "activities": ["city", "date", "activity", "source_row"],
}

_MODELS = {
    "children": schemas.ChildrenStored,
    "services": schemas.ServicesStored,
    "activities": schemas.ActivitiesStored,
}


@functools.lru_cache(maxsize=None)
def _empty(table: str) -> pd.DataFrame:
    return schemas.empty_frame(_MODELS[table])


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    empty = _empty(table).copy()
    if not frames:
        return empty
    df = pd.concat(frames, ignore_index=True)[list(empty.columns)]
    df = df.sort_values(_SORT[table], kind="stable").reset_index(drop=True)
    for col, dtype in empty.dtypes.items():
        if col in ("age_at_intake", "source_row"):
            df[col] = df[col].astype("int64")
        elif str(dtype).startswith("datetime64"):
            df[col] = df[col].astype("datetime64[us]")
        elif col in ("lives_with_family", "trafficking_victim"):
            df[col] = df[col].astype(bool)
        elif col == "participants":
            df[col] = df[col].astype("float64")
        else:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def _quarantine(problems: list[Problem]) -> pd.DataFrame:
    q = pd.DataFrame([asdict(pr) for pr in problems], columns=QUARANTINE_COLUMNS)
    q["row"] = q["row"].astype("Int64")
    return q


class _StoreWriter:
    """Writes the store city by city into a temporary folder, then swaps it in whole, so a
    reader never sees half a store."""

    def __init__(self, processed: Path):
        processed.mkdir(parents=True, exist_ok=True)
        self.processed = processed
        self.tmp = Path(tempfile.mkdtemp(prefix=".intake-", dir=processed))
        for table in TABLES:
            (self.tmp / table).mkdir()

    def write(self, table: str, city: str, df: pd.DataFrame) -> None:
        if len(df):
            df.reset_index(drop=True).to_parquet(self.tmp / table / f"{city}.parquet", index=False,
                                                 row_group_size=1_000_000)

    def finish(self, result: IntakeResult) -> None:
        from exceed_analysis.intake import quality

        tmp = self.tmp
        _quarantine(result.problems).to_csv(tmp / "quarantine.csv", index=False, lineterminator="\n")
        summary = {
            "rows_read": result.rows_read,
            "rows_stored": result.rows_stored,
            "rows_rejected": result.rows_rejected,
            "pseudonym_key": result.key_source,
            "files": [dict(asdict(c), rejected=c.rejected) for c in result.counts],
        }
        (tmp / "intake-summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False)
                                                 + "\n", encoding="utf-8")
        data = quality.build(result)
        (tmp / "quality.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        (tmp / "quality.html").write_text(quality.render_html(data), encoding="utf-8")
        for entry in sorted(tmp.iterdir()):
            target = self.processed / entry.name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(entry, target)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_store(result: IntakeResult, processed: Path) -> None:
    """Write a result's tables as a store (for results built in memory)."""
    store = _StoreWriter(processed)
    try:
        for table, df in result.tables.items():
            for city, part in df.groupby("city", sort=True):
                store.write(table, city, part)
        store.finish(result)
    finally:
        store.discard()
