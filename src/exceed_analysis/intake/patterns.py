"""Text normalisation and the shapes of personal data, for the screen
(:mod:`exceed_analysis.intake.screen`): invisible characters and odd spaces, case and
diacritics folded, phone numbers, house addresses, villages and neighbourhoods, street names
inside a register's address, and the date forms a phone-shaped run of digits may be.

>>> bool(ADDRESS.search("rumah di Jl. Merpati no 12")), bool(ADDRESS.search("di jalan utama"))
(True, False)
>>> phone_digits("+62 812-3456 7890"), looks_like_date("2010-05-01")
('081234567890', True)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ADDRESS",
    "ADDRESS_GENERIC",
    "DATE_FORMS",
    "PHONE",
    "PLACE",
    "STREET",
    "TOKEN",
    "fold",
    "looks_like_date",
    "phone_digits",
    "strip_invisible",
]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\u3000"), " ")


def strip_invisible(text: str) -> str:
    """Zero-width characters removed, non-breaking and other odd spaces made plain spaces.

    >>> strip_invisible("CCC\\u200b-0001\\u00a0")
    'CCC-0001 '
    """
    return text.translate(_INVISIBLE).translate(_SPACES)


def fold(text: str) -> str:
    """Text as the screen compares it: invisible characters out, diacritics off, case folded.

    >>> fold("Désirée ANGGRAENI")
    'desiree anggraeni'
    """
    text = unicodedata.normalize("NFKD", strip_invisible(text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


TOKEN = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\D+")
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s().\-/]{6,}\d(?!\w)")
"""A run of digits and separators long enough to be a phone number."""
_ABBREVIATIONS = r"(?:jl|jln|gg|lr|dsn)"
_STREET_WORDS = r"(?:jalan|gang|lorong|blok|komplek|kompleks|perum|perumahan|dusun)"
_NOT_A_NAME = r"(?!(?:rt|rw|no|nomor|nmr)(?![^\W_]))"
_NAME_WORD = _NOT_A_NAME + r"[^\W\d_][^\s,;:()]*"
_CAPITALISED = _NOT_A_NAME + r"(?-i:[A-Z\u00c0-\u00de])[^\s,;:()]*"
_HOUSE_NUMBER = (
    r"(?:\s*,?\s*(?:no|nomor|nmr)\.?\s*\d+[a-z]?"  # No. 12
    r"|\s+\d+[a-z]?(?![^\W_])"  # 12, 12a
    r"|\s*,?\s*rt\.?\s*\d{1,3}(?:\s*(?:[/,]\s*)?(?:rw\.?\s*)?\d{1,3})?)"  # RT 03/RW 05
)
ADDRESS = re.compile(
    r"(?<![^\W_])(?:"
    + _ABBREVIATIONS
    + r"(?:\.\s*|\s+)"
    + _NAME_WORD
    + r"(?:\s+"
    + _NAME_WORD
    + r"){0,2}(?:\s*,?\s*(?:no|nomor|nmr)?\.?\s*\d+[a-z]?)?"
    + r"|"
    + _STREET_WORDS
    + r"\s+"
    + _CAPITALISED
    + r"(?:\s+"
    + _CAPITALISED
    + r"){0,2}"
    + _HOUSE_NUMBER
    + r"|rt\.?\s*\d{1,3}\s*(?:[/,]\s*)?rw\.?\s*\d{1,3}|rt\.?\s*\d{1,3}\s*/\s*\d{1,3}"
    r"|(?:no|nomor)\.?\s*\d+[a-z]?(?:\s*/\s*\d+)?)(?![^\W_])",
    re.I,
)
"""Shapes of a house address: a street abbreviation (``Jl.``, ``Jln.``, ``Gg.``, ``Lr.``,
``Dsn.``) with a name; a street, alley or housing word spelt out (``jalan``, ``gang``,
``blok``, ...) only with a capitalised name and a house number, ``No.`` or an RT (``jalan
utama`` or ``gang sempit`` in a sentence is prose); an RT/RW pair; a house number. An RT
alone, a village or a neighbourhood names an area where the programme works, not a house."""
PLACE = re.compile(
    r"(?<![^\W_])(?:kel|kelurahan|desa|kec|kecamatan|kab|kabupaten|kota)\.?\s+"
    r"[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2}",
    re.I,
)
STREET = re.compile(
    r"(?<![^\W_])(?:jl|jln|jalan|gg|gang|lr|lorong|blok)\.?\s*([^,;]*?)"
    r"(?=\s*(?:,|;|\bno\b|\bnomor\b|\brt\b|\brw\b|\bkel\b|\d|$))"
)
ADDRESS_GENERIC = {
    "jl",
    "jln",
    "jalan",
    "gg",
    "gang",
    "lr",
    "lorong",
    "blok",
    "komplek",
    "kompleks",
    "perum",
    "perumahan",
    "dusun",
    "dsn",
    "rt",
    "rw",
    "no",
    "nomor",
    "kel",
    "kelurahan",
    "kec",
    "kecamatan",
    "desa",
    "kab",
    "kabupaten",
    "kota",
    "raya",
    "timur",
    "barat",
    "utara",
    "selatan",
    "dalam",
    "baru",
    "lama",
    "gedung",
    "lantai",
    "kav",
    "kavling",
}


def phone_digits(text: str) -> str:
    digits = _DIGITS.sub("", text)
    if digits.startswith("0062"):
        digits = "0" + digits[4:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "0" + digits[2:]
    return digits


_MONTHS = (
    "jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec|januari|"
    "februari|maret|april|juni|juli|agustus|september|oktober|november|desember|"
    "january|february|march|june|july|august|october|december"
)
DATE_FORMS = (
    re.compile(r"\d{1,4}([/.\-])\d{1,2}\1\d{1,4}"),
    re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"\d{1,2}[ \-.]?(?:" + _MONTHS + r")\.?[ \-.,]*\d{2,4}", re.I),
    re.compile(r"(?:" + _MONTHS + r")\.?[ \-.]*\d{1,2},?[ \-.]*\d{2,4}", re.I),
    re.compile(r"\d{8}"),
    re.compile(r"\d{5}(?:\.\d+)?"),  # an Excel serial
)


def looks_like_date(text: str) -> bool:
    text = text.strip()
    return any(f.fullmatch(text) for f in DATE_FORMS[:4]) or (
        len(text) == 8 and text.isdigit() and text[:2] in ("19", "20")
    )
