"""Cells of a table: headers to contract columns, codes, dates and whole numbers.

Every function here reads a :class:`~exceed_analysis.intake.readers.Grid` or a text column and
reports what it cannot accept to a :class:`~exceed_analysis.intake.problems.Context`; the
screen of that context learns the personal values it meets (personal-data and unknown
columns, rows too long for the header, a first row that is data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from exceed_analysis import schemas
from exceed_analysis.intake import pseudonym, readers
from exceed_analysis.intake.problems import Context, Problem
from exceed_analysis.intake.screen import safe_header

__all__ = [
    "conform",
    "codes",
    "parse_dates",
    "dates",
    "whole_numbers",
    "pseudonyms",
    "rejected_rows",
    "completed_years",
    "EXCEL_EPOCH",
    "MAC_EPOCH",
]

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
"""Day 0 of Excel's usual (1900) date system, as Excel counts it."""
MAC_EPOCH = pd.Timestamp("1904-01-01")
"""Day 0 of the 1904 date system (old Mac workbooks)."""


def _feed_screen(ctx: Context, canon: str | None, values: list) -> None:
    if canon in ("name", "guardian_name"):
        ctx.screen.add_names(values)
    elif canon == "address":
        ctx.screen.add_addresses(values)
    elif canon == "phone":
        ctx.screen.add_phones(values)
    else:
        ctx.screen.add_other(values)


def conform(
    grid: readers.Grid, ctx: Context, known: tuple[str, ...], required: tuple[str, ...]
) -> tuple[pd.DataFrame, bool]:
    """The grid as a frame of the table's contract columns (text, ``NaN`` for empty), indexed
    by row number. Personal-data columns are dropped, unknown columns dropped and reported,
    missing optional columns added; rows of a CSV with too many or too few cells, rows the
    reader could not split and cells cut to length are reported. Returns the frame and
    whether it can be validated (every required column present, none twice)."""
    hmap = schemas.header_map(known)
    width = len(grid.header)
    found = [hmap.get(schemas.header_key(h)) for h in grid.header]
    rows = []
    broken = dict(grid.broken_rows)
    for number, cells in zip(grid.row_numbers, grid.rows, strict=True):
        if len(cells) > width:
            extra = [c for c in cells[width:] if c]
            if extra:
                ctx.screen.add_other(extra)
                if number not in broken:
                    ctx.add(number, None, None, "ragged_row", cells=width + len(extra), header=width)
            cells = cells[:width]
        elif len(cells) < width:
            if grid.separator is not None and number not in broken and any(cells):
                ctx.add(number, None, None, "short_row", cells=len(cells), header=width)
            cells = cells + [None] * (width - len(cells))
        rows.append(cells)
    raw = pd.DataFrame(
        rows, index=pd.Index(grid.row_numbers, dtype="int64"), columns=range(width), dtype=object
    )
    # the screen first learns every personal value of the file, then problems are reported
    for i, canon in enumerate(found):
        if canon is None or canon in schemas.PERSONAL_DATA_COLUMNS:
            _feed_screen(ctx, canon, raw[i].dropna().tolist())
    for number, code in grid.broken_rows:
        ctx.screen.add_other([c for c in raw.loc[number] if isinstance(c, str)])
        ctx.add(number, None, None, code)
    for number, position, length in grid.long_cells:
        if number in raw.index:
            canon = found[position] if position < width else None
            column = canon or safe_header(grid.header[position] if position < width else "", position + 1)
            ctx.add(number, column, None, "long_cell", rejected=False, length=length, limit=readers.MAX_CELL)
    keep: dict[str, int] = {}
    headers: dict[str, list[str]] = {}
    complete = True
    known_headers = sum(c is not None for c in found)
    if not set(required) <= set(found) and known_headers < max(2, (width + 1) // 2):
        # most of the first row is not a header: it is probably data (never quote it)
        ctx.screen.add_other([h for h in grid.header if h])
        ctx.add(None, None, None, "no_header")
        ctx.header_is_data = True
        return raw.iloc[0:0], False
    for i, header in enumerate(grid.header):
        canon = found[i]
        if canon in schemas.PERSONAL_DATA_COLUMNS:
            continue
        if canon is None:
            ctx.screen.add_other([header])
            ctx.add(None, safe_header(header, i + 1), None, "unknown_column", rejected=False)
            continue
        headers.setdefault(canon, []).append(safe_header(header, i + 1))
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


def codes(
    df: pd.DataFrame, column: str, ctx: Context, *, required: bool, mask: pd.Series | None = None
) -> pd.Series:
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
_YEARS = (pd.Timestamp("1950-01-01"), pd.Timestamp("2099-12-31"))


def parse_dates(values: pd.Series, *, date1904: bool = False) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a text column of dates written ``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY`` or
    as an Excel serial day number (of the 1904 date system when ``date1904``). Returns
    (dates, malformed, impossible): a cell that matches no format is malformed; one that
    matches but names no calendar day (2010-02-30) impossible.

    >>> s = pd.Series(["2010-05-01", "01/05/2010", "1-5-2010", "40299", "2010-02-30", "May 1"])
    >>> d, malformed, impossible = parse_dates(s)
    >>> [x.date().isoformat() for x in d[:4]], malformed.tolist(), impossible.tolist()
    (['2010-05-01', '2010-05-01', '2010-05-01', '2010-05-01'], [False, False, False, False, False, True], [False, False, False, False, True, False])
    >>> parse_dates(pd.Series(["38837"]), date1904=True)[0][0].date().isoformat()
    '2010-05-01'
    """
    epoch = MAC_EPOCH if date1904 else EXCEL_EPOCH
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
            day = epoch + pd.Timedelta(days=int(m[1]))
            if _YEARS[0] <= day <= _YEARS[1]:
                out[row] = day
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


def dates(
    df: pd.DataFrame,
    columns: Iterable[str],
    ctx: Context,
    *,
    required: Iterable[str] = (),
    today: pd.Timestamp,
    start: pd.Timestamp | None = None,
    programme: Iterable[str] = (),
    date1904: bool = False,
) -> dict[str, pd.Series]:
    """Parsed date columns; malformed, impossible and future dates are flagged, and those of
    the ``programme`` columns before the city's programme ``start``."""
    parsed = {}
    for col in columns:
        values, malformed, impossible = parse_dates(df[col], date1904=date1904)
        ctx.flag(df, malformed, col, "bad_date")
        ctx.flag(df, impossible, col, "not_calendar_date")
        ctx.flag(df, values > today, col, "future_date")
        if start is not None and col in programme:
            ctx.flag(df, values < start, col, "before_programme", start=start.date().isoformat())
        if col in required:
            ctx.flag(df, df[col].isna(), col, "required")
        parsed[col] = values
    return parsed


_AGE = re.compile(r"^\s*(\d{1,3})(?:[.,]0+)?\s*(?:tahun|thn|th|years?|yrs?)?\.?\s*$", re.I)


def whole_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers as float, malformed) of a text column of whole numbers ("16", "16 tahun")."""
    num = pd.to_numeric(values.where(values.str.fullmatch(r"\d{1,6}", na=False)), errors="coerce")
    todo = values.notna() & num.isna()
    for row in values.index[todo.to_numpy()]:
        if m := _AGE.match(str(values[row])):
            num[row] = float(m[1])
    return num.astype("float64"), values.notna() & num.isna()


def pseudonyms(ids: pd.Series, partner: str, key: pseudonym.Key) -> pd.Series:
    uniques = ids.dropna().unique()
    lookup = {u: pseudonym.pseudonymise(partner, u, key) for u in uniques}
    return ids.map(lookup)


def rejected_rows(problems: Iterable[Problem], file: str, sheet: str | None) -> set[int]:
    return {
        p.row for p in problems if p.rejected and p.row is not None and p.file == file and p.sheet == sheet
    }


def completed_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Completed years between two date columns (birthday counted on the day)."""
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day)
    )
    return years - before_birthday.astype(int)
