"""Reading partner files as text grids: CSV in any of the encodings and separators partners
use, and ``.xlsx`` workbooks; plus the naming and ordering rule of a partner folder.

Every reader returns a :class:`Grid`: the header cells and the data rows as text (``None`` for
an empty cell), each row with its spreadsheet row number (the header is row 1 in a CSV; in a
workbook rows keep the sheet's own numbers). Rows whose cells are all empty are skipped: they
hold no data and are not counted as read. A file that cannot be read at all raises
:class:`Unreadable` with a rule code of :data:`exceed_analysis.schemas.RULES`.

Raw files are only ever opened for reading.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "anak.csv").write_bytes("\\ufeffid_anak;jenis_kelamin\\nA1;P\\n".encode())
>>> g = read_csv(d / "anak.csv")
>>> g.header, g.rows, g.row_numbers, g.separator
(['id_anak', 'jenis_kelamin'], [['A1', 'P']], [2], ';')
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from exceed_analysis.intake.screen import strip_invisible

__all__ = [
    "Grid",
    "Unreadable",
    "Submission",
    "read_csv",
    "read_xlsx",
    "partner_files",
    "submission_key",
    "table_of_csv",
    "table_of_sheet",
    "CSV_TABLES",
    "SHEET_TABLES",
]


class Unreadable(Exception):
    """A file or sheet that cannot be read at all: ``code`` is a rule of ``schemas.RULES``."""

    def __init__(self, code: str, **fmt):
        self.code = code
        self.fmt = fmt
        super().__init__(code)


@dataclass
class Grid:
    """One table of a file as text cells."""

    header: list[str]
    rows: list[list[str | None]]
    row_numbers: list[int]
    sheet: str | None = None
    encoding: str = "utf-8"
    separator: str | None = None
    notes: list[str] = field(default_factory=list)  # rule codes of file-level notes
    long_cells: list[tuple[int, int, int]] = field(default_factory=list)
    """(row number, column position, length) of every cell cut to :data:`MAX_CELL`."""
    broken_rows: list[tuple[int, str]] = field(default_factory=list)
    """(row number, rule code) of rows the reader could not split into cells (an unclosed
    quote): they are in ``rows`` as read without quoting, and rejected."""
    date1904: bool = False
    """A workbook in the 1904 date system: its serial day numbers count from 1904-01-01."""


MAX_CELL = 1000
"""Longest cell kept (characters): a longer one is cut and reported, its row kept."""


# --------------------------------------------------------------------------- CSV

_MAGIC = (
    (b"PK\x03\x04", "Excel .xlsx / zip"),
    (b"\xd0\xcf\x11\xe0", "Excel .xls / Office"),
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:  # a byte-order mark followed by Windows-1252 text
            data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; latin-1 maps them to control characters
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "cp1252"


def _separator(line: str) -> str:
    counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def _clean(cell: str) -> str | None:
    cell = strip_invisible(cell).strip()
    return cell or None


class _Lines:
    """The lines of a text for ``csv.reader``, counting what each record consumed, with
    lines put back when a record swallowed the rows after an unclosed quote."""

    def __init__(self, text: str):
        self.todo = deque(text.splitlines(keepends=True))
        self.taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if not self.todo:
            raise StopIteration
        line = self.todo.popleft()
        self.taken.append(line)
        return line


def _swallowed(record: list[str], sep: str, width: int) -> bool:
    """Whether a record spanning several lines is an unclosed quote (one of its cells holds
    whole lines that look like rows) rather than a cell with line breaks."""
    for cell in record:
        if "\n" in cell or "\r" in cell:
            lines = cell.splitlines()[1:]
            if any(ln.count(sep) >= max(1, width - 2) for ln in lines):
                return True
    return False


def _records(text: str, sep: str):
    """(record, broken) of a CSV text: a record whose quote never closes is given as its
    first line split without quoting (``broken``), and the lines after it are read again."""
    csv.field_size_limit(sys.maxsize if sys.maxsize < 2**63 else 2**31 - 1)
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=sep)
    width = 0
    while True:
        lines.taken = []
        try:
            record = next(reader)
        except StopIteration:
            return
        if not width:
            width = len(record)
        if len(lines.taken) > 1 and _swallowed(record, sep, width):
            first, rest = lines.taken[0], lines.taken[1:]
            lines.todo.extendleft(reversed(rest))
            reader = csv.reader(lines, delimiter=sep)
            yield next(csv.reader([first.rstrip("\r\n")], delimiter=sep, quoting=csv.QUOTE_NONE)), True
            continue
        yield record, False


def read_csv(path: Path) -> Grid:
    """A CSV file as a grid; separator ``,``, ``;`` or tab, found from the header line."""
    data = path.read_bytes()
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Unreadable("not_csv", why=what)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise Unreadable("empty_file")
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        raise Unreadable("not_csv", why="binary") from None
    sample = text[:8192]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise Unreadable("not_csv", why="binary")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    sep = _separator(first)
    try:
        records = list(_records(text, sep))
    except csv.Error:
        raise Unreadable("not_csv", why="CSV") from None
    header: list[str] | None = None
    rows, numbers, long_cells, broken = [], [], [], []
    for number, (record, bad) in enumerate(records, start=1):
        cells = [_clean(c) for c in record]
        if not any(cells):
            continue
        for i, c in enumerate(cells):
            if c is not None and len(c) > MAX_CELL:
                cells[i] = c[:MAX_CELL]
                long_cells.append((number, i, len(c)))
        if header is None:
            header = [c or "" for c in cells]
            continue
        rows.append(cells)
        numbers.append(number)
        if bad:
            broken.append((number, "unclosed_quote"))
    if header is None:
        raise Unreadable("empty_file")
    notes = ["windows_1252"] if encoding == "cp1252" else []
    return Grid(header, rows, numbers, None, encoding, sep, notes, long_cells, broken)


# --------------------------------------------------------------------------- xlsx


def _cell_text(value) -> str | None:
    """A workbook cell as text: real dates as YYYY-MM-DD, whole floats without ``.0``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return _clean(str(value))


def read_xlsx(path: Path) -> dict[str, Grid]:
    """Every sheet of a workbook as a grid, by sheet name (empty sheets give empty grids)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise Unreadable("not_xlsx") from None
    except Exception:  # openpyxl raises various errors on damaged workbooks
        raise Unreadable("not_xlsx") from None
    out: dict[str, Grid] = {}
    date1904 = _is_1904(wb)
    try:
        for ws in wb.worksheets:
            # the recorded used range (<dimension>) can be smaller than the data: read it all
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
            header: list[str] | None = None
            rows, numbers, long_cells = [], [], []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if not any(cells):
                    continue
                for i, c in enumerate(cells):
                    if c is not None and len(c) > MAX_CELL:
                        cells[i] = c[:MAX_CELL]
                        long_cells.append((number, i, len(c)))
                if header is None:
                    header = [c or "" for c in cells]
                    continue
                rows.append(cells)
                numbers.append(number)
            out[ws.title] = Grid(
                header or [],
                rows,
                numbers,
                ws.title,
                "xlsx",
                None,
                ["date_1904"] if date1904 else [],
                long_cells,
                [],
                date1904,
            )
    finally:
        wb.close()
    return out


def _is_1904(wb) -> bool:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    return getattr(wb, "epoch", None) == CALENDAR_MAC_1904


# --------------------------------------------------------------------------- partner folders

CSV_TABLES = {"children": ("children", "anak"), "services": ("services", "layanan")}
"""A CSV's table is given by the start of its file name (case ignored)."""
SHEET_TABLES = {
    "children": ("children", "anak", "daftar_anak"),
    "services": ("services", "layanan", "daftar_layanan"),
}
"""A workbook sheet's table is given by its name (case, spaces ignored)."""
TEMPLATE_SHEETS = ("petunjuk", "kode", "instructions", "codes")
"""Sheets of docs/partner-template.xlsx that hold no data: skipped without a note."""
REJECTED_FORMATS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers", ".tsv", ".txt", ".json")
"""Data-like files intake cannot read: reported as rejected (the other unknown files as notes)."""


def table_of_csv(name: str) -> str | None:
    """``children`` or ``services`` for a CSV file name, else None.

    >>> table_of_csv("Anak_2011-03-31.csv"), table_of_csv("layanan.csv"), table_of_csv("x.csv")
    ('children', 'services', None)
    """
    stem = name.lower()
    for table, prefixes in CSV_TABLES.items():
        if stem.startswith(prefixes):
            return table
    return None


def table_of_sheet(name: str) -> str | None:
    """``children`` or ``services`` for a workbook sheet name, else None.

    >>> table_of_sheet(" Anak "), table_of_sheet("Layanan"), table_of_sheet("Sheet1")
    ('children', 'services', None)
    """
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    for table, names in SHEET_TABLES.items():
        if key in names:
            return table
    return None


_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def submission_key(name: str) -> tuple[str, str]:
    """The order of submissions: by the first date written in the file name (YYYY-MM-DD or
    YYYYMMDD), files without one first, then by file name (as text).

    >>> sorted(["children-2011-06-30.csv", "anak_20110101.xlsx", "children.csv"], key=submission_key)
    ['children.csv', 'anak_20110101.xlsx', 'children-2011-06-30.csv']
    """
    for m in _NAME_DATE.finditer(name):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), name
        except ValueError:
            continue
    return "", name


@dataclass(frozen=True)
class Submission:
    """One file of a partner folder, in submission order (``kind`` is csv, xlsx, symlink or
    None)."""

    path: Path
    kind: str | None
    table: str | None = None  # for a CSV


def partner_files(folder: Path) -> list[Submission]:
    """The files of a partner folder in submission order (hidden and ``~$`` lock files left
    out)."""
    out = []
    for path in folder.iterdir():
        if path.name.startswith((".", "~$")):
            continue
        if path.is_symlink():  # never followed: it may point anywhere outside data/raw/
            out.append(Submission(path, "symlink"))
            continue
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix == ".csv":
            out.append(Submission(path, "csv", table_of_csv(path.name)))
        elif suffix == ".xlsx":
            out.append(Submission(path, "xlsx"))
        else:
            out.append(Submission(path, None))
    return sorted(out, key=lambda s: submission_key(s.path.name))
