"""What intake reports: problems (one broken rule, located), per-file counts and the result.

A :class:`Problem` names its file by its stable file key (:func:`screen.file_key`, never a
file name that is not of a known form), its sheet, row and column, and shows the offending
value only as :func:`screen.describe` allows: a known code, a date form or a small number is
quoted, anything else is given as its kind and length. A child_id is shown as its pseudonym.

Rule texts are :data:`exceed_analysis.schemas.RULES` plus :data:`INTAKE_RULES` (the checks
added for files, folders, cells and narratives).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from exceed_analysis import schemas
from exceed_analysis.intake import screen as screening

__all__ = [
    "Problem",
    "FileCount",
    "IntakeResult",
    "Context",
    "INTAKE_RULES",
    "rule_text",
    "quarantine_frame",
    "QUARANTINE_COLUMNS",
    "TABLES",
]

TABLES = ("children", "services", "activities")
HIDDEN = "[disembunyikan / hidden]"
"""Shown instead of a value of a known form that holds personal data (a case code)."""

QUARANTINE_COLUMNS = [
    "file",
    "row",
    "column",
    "value",
    "rule",
    "rejected",
    "sheet",
    "aturan",
    "check",
    "city",
    "partner",
]

INTAKE_RULES: dict[str, tuple[str, str]] = {
    "personal_text": (
        "berisi data pribadi ({kinds}): bagian itu dihapus, baris tetap disimpan",
        "holds personal data ({kinds}): that part removed, row kept",
    ),
    "short_row": (
        "baris ini hanya berisi {cells} sel, baris judul {header}: nilai bergeser ke "
        "kolom lain; lengkapi sel yang hilang",
        "has only {cells} cells but the header has {header}: values slid into other "
        "columns; fill in the missing cell",
    ),
    "unclosed_quote": (
        'tanda kutip (") yang dibuka di sini tidak pernah ditutup: baris ini '
        "ditolak, baris berikutnya dibaca biasa; tutup tanda kutipnya",
        'a quote (") opened here is never closed: this row is rejected, the rows '
        "after it are read as usual; close the quote",
    ),
    "long_cell": (
        "sel berisi {length} karakter: dipotong menjadi {limit}",
        "cell holds {length} characters: cut to {limit}",
    ),
    "before_programme": (
        "lebih awal dari awal program di kota ini ({start})",
        "is before the programme's start in this city ({start})",
    ),
    "date_1904": (
        "buku kerja memakai sistem tanggal 1904 (Mac): tanggal dibaca dengan sistem itu",
        "the workbook uses the 1904 (Mac) date system: dates read in that system",
    ),
    "file_key": (
        "nama file tidak berbentuk children*/anak*/services*/layanan* (dengan tanggal): "
        "nama file tidak pernah ditampilkan, file disebut dengan kunci ini; ganti nama file",
        "file name is not of the form children*/anak*/services*/layanan* (with a date): "
        "it is never shown, the file is named by this key; rename the file",
    ),
    "symlink": (
        "tautan simbolik (symbolic link): tidak diikuti, tidak dibaca; salin file aslinya ke folder ini",
        "is a symbolic link: not followed, not read; copy the real file into this folder",
    ),
    "folder_name": (
        "nama folder tidak persis sama dengan registri (config/cities.yml); maksudnya "
        "{nearest}? ganti nama foldernya: semua baris di dalamnya ditolak",
        "folder name does not match the registry (config/cities.yml) exactly; did you "
        "mean {nearest}? rename the folder: every row in it is rejected",
    ),
    "narrative_encoding": (
        "narasi bukan UTF-8: dibaca sebagai Windows-1252; simpan sebagai UTF-8",
        "narrative is not UTF-8: read as Windows-1252; save it as UTF-8",
    ),
    "narrative_front_matter": (
        "front matter narasi bukan YAML yang sah ({why}): diabaikan; perbaiki baris di antara ---",
        "narrative front matter is not valid YAML ({why}): ignored; fix the lines between ---",
    ),
    "narrative_date": (
        "tanggal narasi tidak dapat dibaca atau tidak ada di kalender: diabaikan; tulis YYYY-MM-DD",
        "narrative date cannot be read or is not a calendar date: ignored; write YYYY-MM-DD",
    ),
    "narrative_name": (
        "nama file narasi bukan periode (2010, 2010H2, 2010Q3, 2010.en): tidak dibaca",
        "narrative file name is not a period (2010, 2010H2, 2010Q3, 2010.en): not read",
    ),
}
"""The rules intake checks beyond :data:`exceed_analysis.schemas.RULES`."""


def rule_text(code: str, **fmt) -> tuple[str, str]:
    """(Indonesian, English) text of any intake rule, placeholders filled."""
    if code in INTAKE_RULES:
        ind, eng = INTAKE_RULES[code]
        return ind.format(**fmt), eng.format(**fmt)
    return schemas.rule_text(code, **fmt)


@dataclass(frozen=True)
class Problem:
    """One broken rule: where it is and what it breaks. ``row`` is None for a file-level
    problem. ``value`` is the cell as messages may show it (see the module docstring).
    ``rule`` is the rule in English, ``aturan`` in Indonesian, ``check`` its code."""

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
        if self.value is None:
            val = ""
        elif self.value.startswith("[") and self.value.endswith("]"):
            val = f" nilai {self.value}"  # a description, not the value
        else:
            val = f" nilai {self.value!r}"
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
    narratives: dict[str, str] = field(default_factory=dict)  # "city/name.md" -> screened text

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
        lines += [f"{c.label:<{width}}  {c.read:>7}  {c.stored:>7}  {c.rejected:>8}" for c in self.counts]
        lines.append(
            f"{'total':<{width}}  {self.rows_read:>7}  {self.rows_stored:>7}  {self.rows_rejected:>8}"
        )
        return lines

    def folder_totals(self) -> dict[tuple[str | None, str | None], tuple[int, int, int]]:
        """(read, stored, rejected) per (city, partner) folder."""
        out: dict[tuple[str | None, str | None], list[int]] = {}
        for c in self.counts:
            t = out.setdefault((c.city, c.partner), [0, 0, 0])
            t[0] += c.read
            t[1] += c.stored
            t[2] += c.rejected
        return {k: (v[0], v[1], v[2]) for k, v in out.items()}


@dataclass
class Context:
    """Where problems of one file (sheet) go, and the screen that makes their values and
    free texts safe."""

    file: str
    sheet: str | None
    city: str | None
    partner: str | None
    screen: screening.Screen
    problems: list[Problem]
    header_is_data: bool = False  # the first row was data, not a header (counted as read)

    def add(self, row, column, value, code, *, rejected=True, pseudonym=False, **fmt) -> None:
        ind, eng = rule_text(code, **fmt)
        if value is not None and (not isinstance(value, str) and pd.isna(value)):
            value = None
        if value is not None and not pseudonym:
            value = self.shown(str(value))
        self.problems.append(
            Problem(
                self.file,
                None if row is None else int(row),
                column,
                value,
                eng,
                rejected,
                ind,
                self.sheet,
                code,
                self.city,
                self.partner,
            )
        )

    def shown(self, value: str) -> str:
        """A cell as a message may show it."""
        shown = screening.describe(value) or ""
        if not shown.startswith("[") and self.screen.mentions(value):
            return HIDDEN
        return shown

    def flag(
        self,
        df: pd.DataFrame,
        mask: pd.Series,
        column: str,
        code: str,
        *,
        values: pd.Series | None = None,
        pseudonym=False,
        quote=True,
        **fmt,
    ) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        vals = (values if values is not None else df[column])[mask]
        for row, val in zip(df.index[mask.to_numpy()], vals, strict=True):
            self.add(
                row,
                column,
                (None if pd.isna(val) else str(val)) if quote else None,
                code,
                pseudonym=pseudonym,
                **fmt,
            )


def quarantine_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as the rows of ``quarantine.csv``."""
    q = pd.DataFrame([asdict(pr) for pr in problems], columns=QUARANTINE_COLUMNS)
    q["row"] = q["row"].astype("Int64")
    return q
