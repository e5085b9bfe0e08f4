"""Words the facts need: plural forms by Babel's rules, partner names, free text.

Examples
--------
>>> count_noun(1, {"one": "{n} child", "other": "{n} children"}, "en")
'1 child'
>>> partner_label("Mitra Sambas Satu (fiktif)", "SBS1")
'Mitra Sambas Satu (SBS1, fiktif)'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from babel import Locale

from exceed_analysis.figures.disclosure import is_hidden

__all__ = ["plural_category", "count_noun", "partner_label", "without_note", "plain_text"]


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def plural_category(n, language: str) -> str:
    """The CLDR plural category of ``n`` in ``language`` (``one``, ``other``...), as gettext
    plural forms choose; a withheld count (``< 5``) takes ``other``."""
    if is_hidden(n):
        return "other"
    return _locale(language).plural_form(abs(int(n)))


def count_noun(n, forms: Mapping[str, str], language: str, number: str | None = None) -> str:
    """``n`` with a noun in the right plural form: ``forms`` maps plural categories to
    patterns with ``{n}`` (``{"one": "{n} child", "other": "{n} children"}``; Indonesian
    needs ``other`` only). ``number`` is ``n`` already formatted (default ``str(n)``)."""
    form = forms.get(plural_category(n, language)) or forms["other"]
    return form.format(n=number if number is not None else str(n))


_TRAILING_NOTE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def partner_label(name: str, code: str) -> str:
    """A partner's name with its code: a note in brackets at the end of the name joins the
    code, never a second pair of brackets ("Mitra Sambas Satu (SBS1, fiktif)")."""
    m = _TRAILING_NOTE.match(name)
    if m:
        return f"{m.group(1)} ({code}, {m.group(2)})"
    return f"{name} ({code})"


def without_note(label: str) -> str:
    """A label without the note in brackets at its end, for use inside a sentence that
    opens brackets of its own ("Catering (tata boga)" -> "Catering").

    >>> without_note("Catering (tata boga)"), without_note("Komputer")
    ('Catering', 'Komputer')
    """
    m = _TRAILING_NOTE.match(label)
    return m.group(1) if m else label


_TAG = re.compile(r"</?(b|i|em|strong|u|br)\s*/?>", re.I)
_ANGLE = re.compile(r"<([^<>]*)>")


def plain_text(value: str) -> str:
    """Free text typed by partners, for a table cell: inline tags someone typed
    (``<b>``) are dropped and other text in angle brackets is shown in round brackets,
    so nothing reads as escaped markup.

    >>> plain_text("Dialog warga RT 05 & RT 06 <Kel. Panjang>")
    'Dialog warga RT 05 & RT 06 (Kel. Panjang)'
    >>> plain_text("anak <b>baru</b>")
    'anak baru'
    """
    return _ANGLE.sub(r"(\1)", _TAG.sub("", value))
