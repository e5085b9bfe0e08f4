"""Intake: partner registers in data/raw/ -> validated, screened tables for the store.

The recipe (:func:`ingest`) reads each partner folder (CSV files and ``.xlsx`` workbooks, see
:mod:`exceed_analysis.intake.readers` for the naming and ordering rule), maps Indonesian headers and
codes to the contract's, parses the accepted date formats, validates every row against the data
contract (:mod:`~exceed_analysis.intake.tables`), drops personal data, passes every free text
through the personal-data screen (:mod:`~exceed_analysis.intake.screen`), pseudonymises child_ids
(:mod:`~exceed_analysis.intake.pseudonym`), lets a later submission of a child replace an earlier
one, checks and screens the staff narratives (:mod:`~exceed_analysis.intake.narratives`), and
hands each city's tables to a *sink* (the store's writer, :mod:`exceed_analysis.store.parquet`).

Nothing is silently dropped: each file's rows read = rows stored + rows rejected, for every
file and folder, including files and folders that are not read (a folder whose name does not
match the registry, a CSV whose name does not say its table: their rows are counted as
rejected). Each problem names the file (by its stable file key: a file name that is not of a
known form never leaves intake), sheet, row and column; a value is quoted only when it is a
known code, a date or a small number. Raw files are only ever opened for reading; symbolic
links are never followed.

Row numbers are spreadsheet rows: in a CSV the header is row 1, the first data row is row 2; in
a workbook a row keeps the sheet's own number.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pandas as pd

from exceed_analysis import schemas
from exceed_analysis.config import Paths, Registry, paths, registry
from exceed_analysis.errors import IntakeError
from exceed_analysis.intake import narratives, pseudonym, readers, tables
from exceed_analysis.intake.cells import parse_dates
from exceed_analysis.intake.problems import (
    TABLES,
    Context,
    FileCount,
    IntakeResult,
    Problem,
    quarantine_frame,
)
from exceed_analysis.intake.screen import Screen, file_key, folder_key, safe_sheet
from exceed_analysis.intake.tables import MAX_AGE, MIN_AGE, Part

__all__ = [
    "Problem",
    "FileCount",
    "IntakeResult",
    "Sink",
    "ingest",
    "parse_dates",
    "raw_file_key",
    "quarantine_frame",
    "concat",
    "MIN_AGE",
    "MAX_AGE",
    "TABLES",
]

log = logging.getLogger(__name__)


class Sink(Protocol):
    """Where intake puts what it made (the store's writer implements it)."""

    def write(self, table: str, city: str, df: pd.DataFrame) -> None: ...

    def narrative(self, city: str, name: str, text: str) -> None: ...

    def finish(self, result: IntakeResult) -> None: ...

    def discard(self) -> None: ...


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def raw_file_key(relative: str, root: Path) -> str:
    """How any output names a raw file (``data/raw/...``): the key intake uses in the store,
    the quarantine and the data-quality page (see :func:`screen.file_key`)."""
    if not relative.startswith("data/raw/"):
        return relative
    try:
        secret = pseudonym.load_key(root).secret
    except pseudonym.PseudonymKeyError:  # intake refused to run: nothing was stored either
        secret = b""
    reg = registry()
    parts = relative.split("/")
    if len(parts) == 4 and parts[2] == "activities" and parts[3][:-4] in reg.slugs:
        return relative  # activities/<city>.csv: named after a registry city
    # folders that are not the registry's own names are keyed too
    if len(parts) > 4 and parts[2] in ("registers", "narratives"):
        if parts[3] not in reg.slugs:
            parts[3] = folder_key(parts[3], secret)
        elif parts[2] == "registers" and len(parts) > 5 and parts[4] not in reg.city(parts[3]).partner_codes:
            parts[4] = folder_key(parts[4], secret)
    if parts[2] == "narratives" and narratives.valid_name(parts[-1]):
        return "/".join(parts)
    return file_key("/".join(parts), secret)


class _Run:
    """One intake run: where problems and counts go, the key that names files."""

    def __init__(self, p: Paths, reg: Registry, key: pseudonym.Key, today: pd.Timestamp):
        self.p, self.reg, self.key, self.today = p, reg, key, today
        self.problems: list[Problem] = []
        self.counts: list[FileCount] = []
        self.screens: dict[str, Screen] = {}

    def key_of(self, path: Path, *, checked: bool = False) -> str:
        """A raw file's stable name; ``checked``: its name was checked against the registry
        or the periods (an activities file, a narrative), so it is shown as it is."""
        rel = _relative(path, self.p.root)
        return rel if checked else file_key(rel, self.key.secret)

    def ctx(self, file: str, sheet: str | None, city: str | None, partner: str | None) -> Context:
        screen = self.screens.setdefault(city, Screen()) if city else Screen()
        return Context(file, sheet, city, partner, screen, self.problems)

    def start(self, city: str) -> pd.Timestamp:
        return pd.Timestamp(self.reg.city(city).programme_start)

    def check_folder(self, folder: Path, valid: tuple[str, ...], city: str | None) -> bool:
        """Whether a city or partner folder matches the registry exactly. A symbolic link or
        a mismatch is a rejection; the rows of the files in it are counted as rejected."""
        if folder.name in valid and not folder.is_symlink():
            return True
        parent = _relative(folder.parent, self.p.root)
        if folder.is_symlink():
            ctx = self.ctx(f"{parent}/{folder_key(folder.name, self.key.secret)}", None, city, None)
            ctx.add(None, None, None, "symlink")
            return False
        nearest = _nearest(folder.name, valid)
        shown = (
            folder.name if _norm(folder.name) == _norm(nearest) else folder_key(folder.name, self.key.secret)
        )
        where = f"{parent}/{shown}"
        self.ctx(where, None, city, None).add(None, None, None, "folder_name", nearest=nearest)
        for file in sorted(f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()):
            rel = _relative(file, folder)
            name = file_key(f"{where}/{rel}", self.key.secret)
            self.counts.append(
                FileCount(
                    name, readers.table_of_csv(file.name) or "unknown", count_rows(file), 0, None, city, None
                )
            )
        return False


def _norm(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def _nearest(name: str, valid: tuple[str, ...]) -> str:
    by_norm = {_norm(v): v for v in valid}
    if _norm(name) in by_norm:
        return by_norm[_norm(name)]
    close = difflib.get_close_matches(_norm(name), list(by_norm), n=1, cutoff=0.0)
    return by_norm[close[0]] if close else valid[0]


def count_rows(path: Path) -> int:
    """Rows of data in a file that is not read (0 when it cannot be read at all)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return len(readers.read_csv(path).rows)
        if suffix == ".xlsx":
            return sum(
                len(g.rows) for name, g in readers.read_xlsx(path).items() if readers.table_of_sheet(name)
            )
    except readers.Unreadable:
        return 0
    return 0


# --------------------------------------------------------------------------- partner folders


def _read_partner(run: _Run, folder: Path, city: str, partner: str) -> list[Part]:
    """Every children and services table of a partner folder, in submission order. A data
    file that is not read is counted (its rows rejected when they can be counted)."""
    parts: list[Part] = []
    grids: list[tuple[str, str | None, str, readers.Grid]] = []
    start = run.start(city)
    for sub in readers.partner_files(folder):
        file = run.key_of(sub.path)
        ctx = run.ctx(file, None, city, partner)
        unread = FileCount(file, sub.table or "unknown", 0, 0, None, city, partner)
        if file != _relative(sub.path, run.p.root):
            ctx.add(None, None, None, "file_key", rejected=False)
        if sub.kind == "symlink":
            ctx.add(None, None, None, "symlink")
            run.counts.append(unread)
            continue
        if sub.kind is None:
            data_like = sub.path.suffix.lower() in readers.REJECTED_FORMATS
            ctx.add(None, None, None, "format", rejected=data_like)
            if data_like:
                run.counts.append(unread)
            continue
        if sub.kind == "csv":
            if sub.table is None:
                ctx.add(None, None, None, "file_name")
                unread.read = count_rows(sub.path)
                run.counts.append(unread)
                continue
            try:
                grid = readers.read_csv(sub.path)
            except readers.Unreadable as exc:
                ctx.add(None, None, None, exc.code, **exc.fmt)
                run.counts.append(unread)
                continue
            for note in grid.notes:
                ctx.add(None, None, None, note, rejected=False)
            grids.append((file, None, sub.table, grid))
            continue
        try:
            sheets = readers.read_xlsx(sub.path)
        except readers.Unreadable as exc:
            ctx.add(None, None, None, exc.code, **exc.fmt)
            run.counts.append(unread)
            continue
        found = [
            (safe_sheet(name, i), grid, readers.table_of_sheet(name))
            for i, (name, grid) in enumerate(sheets.items(), start=1)
        ]
        if not any(table for _, _, table in found):
            ctx.add(None, None, None, "no_sheet", sheets=", ".join(n for n, _, _ in found) or "-")
            run.counts.append(unread)
            continue
        noted = False
        for name, grid, table in found:
            if table is None:
                if schemas.header_key(name) not in readers.TEMPLATE_SHEETS and grid.rows:
                    run.ctx(file, name, city, partner).add(None, None, None, "sheet_ignored")
                    run.counts.append(FileCount(file, "unknown", len(grid.rows), 0, name, city, partner))
                continue
            if not noted:
                for note in grid.notes:
                    ctx.add(None, None, None, note, rejected=False)
                noted = True
            grids.append((file, name, table, grid))
    # children first everywhere, so that their personal data is known when services are read
    grids.sort(key=lambda g: g[2] != "children")
    order = {
        (f, s): i
        for i, (f, s, _, _) in enumerate(
            sorted(grids, key=lambda g: (readers.submission_key(Path(g[0]).name), g[1] or ""))
        )
    }
    for file, sheet, table, grid in grids:
        ctx = run.ctx(file, sheet, city, partner)
        if not grid.header:
            parts.append(Part(order[(file, sheet)], file, sheet, table, ctx, pd.DataFrame(), set(), 0, True))
            continue
        reader = tables.read_children if table == "children" else tables.read_services
        frame, complete = reader(grid, ctx, key=run.key, today=run.today, start=start)
        parts.append(
            Part(
                order[(file, sheet)],
                file,
                sheet,
                table,
                ctx,
                frame,
                _rejected(run.problems, file, sheet),
                len(grid.rows) + ctx.header_is_data,
                complete,
            )
        )
    return sorted(parts, key=lambda p: p.order)


def _rejected(problems: list[Problem], file: str, sheet: str | None) -> set[int]:
    return {
        p.row for p in problems if p.rejected and p.row is not None and p.file == file and p.sheet == sheet
    }


def _partner_folders(run: _Run, city: str) -> Iterator[tuple[str, Path]]:
    """The registered partner folders of one city; others are reported with their rows."""
    codes = run.reg.city(city).partner_codes
    for partner_dir in sorted(d for d in (run.p.registers / city).iterdir() if d.is_dir()):
        if run.check_folder(partner_dir, codes, city):
            yield partner_dir.name, partner_dir


def _register_cities(run: _Run) -> list[str]:
    """Registry cities with a register folder; other folders are reported with their rows."""
    if not run.p.registers.is_dir():
        return []
    out = []
    for d in sorted(run.p.registers.iterdir()):
        if d.is_dir() and run.check_folder(d, run.reg.slugs, None):
            out.append(d.name)
    return out


def _activity_files(run: _Run) -> dict[str, Path]:
    """activities/<city>.csv by city; another name is reported and its rows counted."""
    found: dict[str, Path] = {}
    folder = run.p.activities
    if not folder.is_dir():
        return found
    for csv in sorted(f for f in folder.iterdir() if f.suffix.lower() == ".csv"):
        if csv.is_symlink():
            run.ctx(run.key_of(csv), None, None, None).add(None, None, None, "symlink")
            run.counts.append(FileCount(run.key_of(csv), "activities", 0))
            continue
        if csv.stem not in run.reg.slugs:
            nearest = _nearest(csv.stem, run.reg.slugs)
            name = (
                f"{_relative(folder, run.p.root)}/{csv.name}"
                if _norm(csv.stem) == _norm(nearest)
                else run.key_of(csv)
            )
            run.ctx(name, None, None, None).add(
                None, None, None, "activities_name", allowed=", ".join(run.reg.slugs)
            )
            run.counts.append(FileCount(name, "activities", count_rows(csv)))
            continue
        found[csv.stem] = csv
    return found


def _read_activities(run: _Run, csv: Path, city: str) -> tuple[pd.DataFrame, int]:
    ctx = run.ctx(run.key_of(csv, checked=True), None, city, None)
    try:
        grid = readers.read_csv(csv)
    except readers.Unreadable as exc:
        ctx.add(None, None, None, exc.code, **exc.fmt)
        return pd.DataFrame(), 0
    for note in grid.notes:
        ctx.add(None, None, None, note, rejected=False)
    return tables.read_activities(
        grid, ctx, partners=run.reg.city(city).partner_codes, today=run.today, start=run.start(city)
    )


def _narratives(run: _Run, sink: Sink | None, cities: set[str]) -> dict[str, str]:
    """Every narrative checked and screened with its city's screen."""
    out: dict[str, str] = {}
    root = run.p.narratives
    if not root.is_dir():
        return out
    for city_dir in sorted(d for d in root.iterdir() if d.is_dir() or d.is_symlink()):
        if not run.check_folder(city_dir, run.reg.slugs, None):
            continue
        city = city_dir.name
        for f in narratives.narrative_files(city_dir):
            ctx = run.ctx(run.key_of(f, checked=narratives.valid_name(f.name)), None, city, None)
            if f.is_symlink():
                ctx.add(None, None, None, "symlink")
                continue
            if not f.is_file():
                continue
            if not narratives.valid_name(f.name):
                ctx.add(None, None, None, "narrative_name", rejected=False)
                continue
            text = narratives.check_narrative(f.read_bytes(), ctx)
            out[f"{city}/{f.name}"] = text
            if sink is not None:
                sink.narrative(city, f.name, text)
    return out


# --------------------------------------------------------------------------- the recipe


def ingest(
    p: Paths | None = None,
    reg: Registry | None = None,
    *,
    sink: Sink | None = None,
    today: dt.date | None = None,
    keep_tables: bool = True,
) -> IntakeResult:
    """Read every raw register, validate, drop and screen personal data, pseudonymise
    child_ids, check the narratives, and give each city's tables to ``sink`` (nothing is
    written without one; the ``exceed ingest`` command passes the store's writer).

    Row- and file-level problems do not raise: they are reported and quarantined. Raises
    :class:`~exceed_analysis.intake.pseudonym.PseudonymKeyError` in production without a key.
    ``today`` (default: the real date) is the limit of "dates in the future".

    Intake streams: each city is read, checked and handed over before the next, so its memory
    is bounded by the largest city. ``keep_tables=False`` does not keep the tables in the
    result either.
    """
    p = p or paths()
    reg = reg or registry()
    key = pseudonym.load_key(p.root)
    if key.is_test:
        log.warning("exceed ingest: %s", pseudonym.fallback_warning())
    run = _Run(p, reg, key, pd.Timestamp(today or dt.date.today()))
    kept: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    try:
        activities = _activity_files(run)
        register_cities = _register_cities(run)
        cities = sorted(set(register_cities) | set(activities))
        for city in cities:  # one city at a time: memory bounded by the largest city
            parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
            if city in register_cities:
                for partner, folder in _partner_folders(run, city):
                    kids, svc = tables.partner_tables(
                        _read_partner(run, folder, city, partner), run.counts, concat
                    )
                    parts["children"].append(kids)
                    parts["services"].append(svc)
                    if kids["child_id"].duplicated().any():  # 40-bit pseudonyms: rare
                        raise IntakeError(
                            f"{city}/{partner}", "two case codes share a pseudonym: raise pseudonym.DIGITS"
                        )
            if city in activities:
                act, n = _read_activities(run, activities[city], city)
                run.counts.append(
                    FileCount(
                        run.key_of(activities[city], checked=True), "activities", n, len(act), None, city
                    )
                )
                parts["activities"].append(act)
            for table in TABLES:
                df = concat(parts[table], table)
                _MODELS[table].validate(df)
                if sink is not None:
                    sink.write(table, city, df)
                if keep_tables:
                    kept[table].append(df)
        texts = _narratives(run, sink, set(cities))
        first: dict[tuple, int] = {}
        for i, prob in enumerate(run.problems):
            first.setdefault((prob.file, prob.sheet), i)
        run.problems.sort(key=lambda pr: (first[(pr.file, pr.sheet)], -1 if pr.row is None else pr.row))
        result = IntakeResult(
            tables={t: concat(kept[t], t) for t in TABLES} if keep_tables else {},
            counts=run.counts,
            problems=run.problems,
            key_source=key.source,
            narratives=texts,
        )
        if sink is not None:
            sink.finish(result)
    finally:
        if sink is not None:
            sink.discard()
    return result


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


@functools.cache
def _empty(table: str) -> pd.DataFrame:
    return schemas.empty_frame(_MODELS[table])


def concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    """Frames of one table joined, in the store's order and dtypes."""
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
