"""The personal-data screen: every free text intake stores or quotes passes through it.

Registers hold children's and guardians' names, addresses and phone numbers. Those columns are
dropped at intake, but the same values come back through other routes: a service detail or an
activity description naming a child, a staff narrative, a file or sheet named after a child, a
phone typed into a header cell, a name slid into a coded column by a missing cell. This module
finds them:

- :class:`Screen` collects a partner's (or city's) personal values and finds them again in any
  text, normalised: case, spacing, punctuation and diacritics are ignored (``Désirée`` =
  ``desiree``, ``RINA-wulandari`` = ``Rina Wulandari``, ``RinaWulandari`` too), a phone in any
  format (``+62 812-3456 7890`` = ``0812 3456 7890``), an address by its distinctive words;
  and, with no register at all, anything shaped like a phone number or a house address
  (``Jl. Merpati 12``, ``Gg. Mawar No. 3``, ``RT 03/RW 05``).
- :meth:`Screen.redact` replaces each found span by :data:`REDACTED`.
- :func:`describe` is how a message shows a cell: quoted only when it has the form of a known
  code, a date or a small number, else only its kind and length.
- :func:`file_key` is the stable, keyed name a raw file is known by outside intake when its
  own name is not of a known form.

>>> s = Screen()
>>> s.add_names(["Rina Wulandari"]); s.add_phones(["0812-3456-7890"])
>>> s.redact("Konseling RINA w. (ibu: +62 812 3456 7890), rumah di Jl. Merpati no 12")
('Konseling [...] w. (ibu: [...]), rumah di [...]', ['name', 'phone', 'address'])
>>> describe("2010-05-01"), describe("X"), describe("Rina Wulandari")
('2010-05-01', 'X', '[teks, 14 karakter / text, 14 characters]')
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from exceed_analysis import schemas
from exceed_analysis.intake.patterns import ADDRESS, PHONE, fold, looks_like_date, strip_invisible
from exceed_analysis.intake.patterns import ADDRESS_GENERIC as _ADDRESS_GENERIC
from exceed_analysis.intake.patterns import DATE_FORMS as _DATE_FORMS
from exceed_analysis.intake.patterns import PLACE as _PLACE
from exceed_analysis.intake.patterns import STREET as _STREET
from exceed_analysis.intake.patterns import TOKEN as _TOKEN
from exceed_analysis.intake.patterns import phone_digits as _phone_digits

__all__ = [
    "Screen",
    "REDACTED",
    "describe",
    "is_safe_value",
    "fold",
    "file_key",
    "safe_file_name",
    "safe_header",
    "safe_sheet",
    "strip_invisible",
    "PHONE",
    "ADDRESS",
]

REDACTED = "[...]"
"""What replaces a personal value in stored or published text."""


class Screen:
    """Personal values of registers, found again in any text (see the module docstring).

    Name words of three letters or more are matched as whole words, as are the distinctive
    words of addresses and the words of other personal cells (unknown columns, a first row
    that was data); partner case codes are matched whole; phones by their digits."""

    def __init__(self) -> None:
        self._words: set[str] = set()
        self._streets: set[str] = set()
        self._phones: set[str] = set()
        self._codes: set[str] = set()
        self._code_re: re.Pattern | None = None

    def __bool__(self) -> bool:
        return bool(self._words or self._streets or self._phones or self._codes)

    def _add_words(self, values: Iterable, *, joined: bool) -> None:
        for value in values:
            if not isinstance(value, str) or not value.strip():
                continue
            words = [w for w in _TOKEN.findall(fold(value)) if not w.isdigit()]
            self._words.update(w for w in words if len(w) >= 3)
            if joined and len(words) > 1:
                self._words.add("".join(words))
            for w in _TOKEN.findall(fold(value)):
                if w.isdigit() and len(w) >= 8:
                    self._phones.add(_phone_digits(w))

    def add_names(self, values: Iterable) -> None:
        """Children's and guardians' names."""
        self._add_words(values, joined=True)

    def add_addresses(self, values: Iterable) -> None:
        """Addresses: their street and alley names, found again next to a house number
        (``Pala 36``, ``pisang no 91``); a street word before a name (``Jl. Pala``) is found
        by the address pattern. A neighbourhood (``Kel. Way Halim``) names an area, not a
        house: activity descriptions name them, so they are not matched alone."""
        for value in values:
            if not isinstance(value, str):
                continue
            for m in _STREET.finditer(fold(value)):
                self._streets.update(
                    w
                    for w in _TOKEN.findall(m[1])
                    if len(w) >= 3 and not w.isdigit() and w not in _ADDRESS_GENERIC
                )

    def add_phones(self, values: Iterable) -> None:
        for value in values:
            if value is None or (isinstance(value, float) and value != value):
                continue
            digits = _phone_digits(str(value))
            if len(digits) >= 7:
                self._phones.add(digits)

    def add_other(self, values: Iterable) -> None:
        """Cells of unknown columns and other text that may be personal: all of its words."""
        for value in values:
            if not isinstance(value, str):
                continue
            if PHONE.fullmatch(value.strip()):
                self.add_phones([value])
            else:
                self._add_words([value], joined=False)

    def add_codes(self, codes: Iterable) -> None:
        """Partner case codes: matched whole (a code shares words with dates)."""
        new = {fold(c).strip() for c in codes if isinstance(c, str) and len(c.strip()) >= 3}
        if new - self._codes:
            self._codes |= new
            self._code_re = None

    # ----------------------------------------------------------------- finding

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every personal value in ``text``; kinds are ``name``,
        ``phone``, ``address`` and ``code``. Offsets are those of ``text`` itself."""
        if not text:
            return []
        found: list[tuple[int, int, str]] = []
        for m in PHONE.finditer(text):
            digits = _phone_digits(m[0])
            if looks_like_date(m[0]):
                continue
            register = (
                any(digits.endswith(p[-8:]) or p.endswith(digits[-8:]) for p in self._phones)
                if len(digits) >= 8
                else False
            )
            if register or (digits.startswith("0") and 9 <= len(digits) <= 14):
                found.append((m.start(), m.end(), "phone"))
        for m in ADDRESS.finditer(text):
            found.append((m.start(), m.end(), "address"))
        if self._codes:
            if self._code_re is None:
                alts = sorted(self._codes, key=len, reverse=True)
                self._code_re = re.compile(
                    r"(?<![^\W_])(?:" + "|".join(map(re.escape, alts)) + r")(?![^\W_])"
                )
            folded = strip_invisible(text).casefold()
            if len(folded) == len(text):  # offsets line up
                found += [(m.start(), m.end(), "code") for m in self._code_re.finditer(folded)]
            elif self._code_re.search(folded):
                found.append((0, len(text), "code"))
        if self._words or self._streets:
            tokens = list(_TOKEN.finditer(text))
            places = [(p.start(), p.end()) for p in _PLACE.finditer(text)]
            for i, m in enumerate(tokens):
                word = fold(m[0])
                if any(s <= m.start() < e for s, e in places):
                    continue  # a village or neighbourhood named after a person: a place
                if word in self._streets:  # a register's street with a house number
                    nxt = [t for t in tokens[i + 1 : i + 5] if t[0].isdigit()]
                    if nxt and nxt[0].start() - m.end() <= 16:
                        found.append((m.start(), nxt[0].end(), "address"))
                        continue
                if word in self._words:
                    found.append((m.start(), m.end(), "name"))
                    continue
                # a name spelt with spaces or dots between its letters or words: R i n a
                for j in range(i + 1, min(i + 40, len(tokens))):
                    joined = "".join(fold(t[0]) for t in tokens[i : j + 1])
                    gap = text[tokens[j - 1].end() : tokens[j].start()]
                    if len(gap) > 3 or "\n" in gap:
                        break
                    if joined in self._words and len(joined) >= 3:
                        found.append((m.start(), tokens[j].end(), "name"))
                        break
        return _merge(found, text)

    def mentions(self, text: str) -> bool:
        return bool(self.spans(text))

    def redact(self, text: str) -> tuple[str, list[str]]:
        """``text`` with every personal value replaced by :data:`REDACTED`, and the kinds
        found (in order of appearance, each once)."""
        spans = self.spans(text)
        if not spans:
            return text, []
        out, last, kinds = [], 0, []
        for start, end, kind in spans:
            out.append(text[last:start])
            out.append(REDACTED)
            last = end
            if kind not in kinds:
                kinds.append(kind)
        out.append(text[last:])
        return "".join(out), kinds


def _merge(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Overlapping spans joined, and names next to each other (``Sari Puspita``) too."""
    out: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if out and (
            start <= out[-1][1]
            or (kind == out[-1][2] == "name" and text[out[-1][1] : start].strip(" .-_") == "")
        ):
            s, e, k = out[-1]
            out[-1] = (s, max(e, end), k)
        else:
            out.append((start, end, kind))
    return out


# --------------------------------------------------------------------------- quoting values

_NUMBER = re.compile(r"-?\d{1,4}(?:[.,]\d{1,2})?(?:\s*(?:tahun|thn|th|years?|yrs?)\.?)?", re.I)
_SHORT_CODE = re.compile(r"[A-Za-z0-9]{1,2}")


def _known_codes() -> set[str]:
    codes: set[str] = set()
    for values in schemas.COLUMN_CODES.values():
        codes.update(schemas.code_key(v) for v in values)
    codes.update(schemas.code_key(v) for v in schemas.SKILLS_COURSES)
    for aliases in schemas.CODE_ALIASES.values():
        codes.update(aliases)
    codes.update(("yes", "no"))
    return codes


_CODES: set[str] | None = None


def is_safe_value(value: str) -> bool:
    """Whether a cell may be quoted in a message: a known code (of any column, in any
    accepted spelling), a date form, a small number, or a one- or two-character code."""
    global _CODES
    text = strip_invisible(str(value)).strip()
    if not text or len(text) > 40:
        return False
    if _CODES is None:
        _CODES = _known_codes()
    return (
        schemas.code_key(text) in _CODES
        or looks_like_date(text)
        or _NUMBER.fullmatch(text) is not None
        or _SHORT_CODE.fullmatch(text) is not None
        or _DATE_FORMS[5].fullmatch(text) is not None
    )


def describe(value) -> str | None:
    """How a message shows a cell: the value itself (trimmed) when :func:`is_safe_value`,
    else its kind and length in brackets (never its text)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    if is_safe_value(text):
        return strip_invisible(text).strip()
    stripped = text.strip()
    if stripped.replace(" ", "").replace("-", "").replace("+", "").isdigit():
        kind = ("angka", "number")
    elif any(c.isdigit() for c in stripped):
        kind = ("teks dan angka", "text and digits")
    else:
        kind = ("teks", "text")
    n = len(stripped)
    return f"[{kind[0]}, {n} karakter / {kind[1]}, {n} characters]"


# --------------------------------------------------------------------------- names of things

_HEADER_WORDS = {
    "no",
    "nomor",
    "kode",
    "catatan",
    "notes",
    "note",
    "remarks",
    "remark",
    "komentar",
    "comment",
    "comments",
    "tambahan",
    "lain",
    "lainnya",
    "other",
    "ibu",
    "ayah",
    "kandung",
    "bapak",
    "kakak",
    "adik",
    "nik",
    "kk",
    "agama",
    "religion",
    "kelas",
    "class",
    "hobi",
    "suku",
    "status",
    "keterangan",
    "asal",
    "tempat",
    "lahir",
    "pekerjaan",
    "job",
    "email",
    "wa",
    "whatsapp",
    "kontak",
    "contact",
    "id",
    "tgl",
    "tanggal",
    "date",
    "anak",
    "child",
    "nama",
    "name",
    "kota",
    "city",
    "mitra",
    "partner",
    "petugas",
    "staff",
    "pendamping",
    "foto",
    "photo",
    "berat",
    "tinggi",
    "badan",
    "alamat",
    "rumah",
    "umur",
    "usia",
}


def _vocabulary() -> set[str]:
    words = set(_HEADER_WORDS)
    for group in (schemas.HEADER_ALIASES, schemas.PERSONAL_DATA_ALIASES):
        for canon, aliases in group.items():
            for name in (canon, *aliases):
                words.update(name.split("_"))
    for cols in (schemas.CHILDREN_COLUMNS, schemas.SERVICES_COLUMNS, schemas.ACTIVITIES_COLUMNS):
        for col in cols:
            words.update(col.split("_"))
    return words


_VOCAB: set[str] | None = None


def safe_header(header: str, position: int) -> str:
    """An unknown column as a message names it: its header when every word of it is a
    word of headers (``nama_ibu_kandung``, ``catatan``), else its position (``#7``)."""
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = _vocabulary()
    key = schemas.header_key(fold(header))
    words = [w for w in key.split("_") if w]
    if words and len(key) <= 40 and all(w in _VOCAB or (w.isdigit() and len(w) <= 2) for w in words):
        return key
    return f"#{position}"


_TEMPLATE_SHEETS = (
    "petunjuk",
    "kode",
    "instructions",
    "codes",
    "children",
    "anak",
    "daftar_anak",
    "services",
    "layanan",
    "daftar_layanan",
)
_SHEET_N = re.compile(r"(?:sheet|lembar|sheet_|lembar_)\d{1,3}")


def safe_sheet(name: str, position: int) -> str:
    """A sheet as a message names it: a known sheet name or ``SheetN``, else ``#N``."""
    key = re.sub(r"[\s\-]+", "_", fold(name).strip())
    if key in _TEMPLATE_SHEETS or _SHEET_N.fullmatch(key):
        return strip_invisible(name).strip()
    return f"#{position}"


_SAFE_FILE = re.compile(
    r"(?:children|anak|services|layanan|daftar_anak|daftar_layanan|register|registers|daftar|"
    r"data|activities|kegiatan)"
    r"(?:[ _\-.]*(?:\d{4}[-_.]?\d{2}[-_.]?\d{2}|\d{4}(?:q[1-4]|h[12])?|v\d{1,2}|rev\d{0,2}|"
    r"\(\d{1,2}\)|final|baru|new|update))*"
    r"\.(?:csv|xlsx|xls|xlsm|xlsb|ods|numbers|tsv|txt|json|md|pdf)",
    re.I,
)


def safe_file_name(name: str) -> bool:
    """Whether a raw file's own name may be shown: a table word, optionally a date or
    version, and an extension (``children-2010-12-31.csv``, ``anak (2).xlsx``)."""
    return _SAFE_FILE.fullmatch(strip_invisible(name).strip()) is not None


def file_key(relative: str, secret: bytes) -> str:
    """A raw file's stable name outside intake (``data/raw/...``, as ``relative``): the path
    itself when every part of it is of a known form, else the unknown parts replaced by a
    keyed hash (``file-3f9a1c2b.csv``). The same file under the same key always gets the
    same name; without the key nobody can go back to the name.

    >>> file_key("data/raw/registers/sambas/SBS1/children.csv", b"k")
    'data/raw/registers/sambas/SBS1/children.csv'
    >>> file_key("data/raw/registers/sambas/SBS1/Rina.csv", b"k")
    'data/raw/registers/sambas/SBS1/file-18a1e1ac.csv'
    """
    parts = relative.split("/")
    head, name = parts[:-1], parts[-1]
    if safe_file_name(name):
        return "/".join([*head, name])
    digest = hmac.new(secret, relative.encode("utf-8"), hashlib.sha256).hexdigest()[:8]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    suffix = suffix if re.fullmatch(r"[a-z0-9]{1,8}", suffix) else ""
    return "/".join([*head, f"file-{digest}" + (f".{suffix}" if suffix else "")])


def folder_key(name: str, secret: bytes) -> str:
    """A folder that matches no registry name, as messages name it (a keyed hash)."""
    return "folder-" + hmac.new(secret, name.encode("utf-8"), hashlib.sha256).hexdigest()[:8]
