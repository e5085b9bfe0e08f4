"""Numbers, percentages and dates as an Indonesian reader expects them (via Babel).

Examples
--------
>>> fmt_percent(49, 82)
'59,76 %'
>>> fmt_percent(0, 82)
'–'
>>> fmt_count(1234)
'1.234'
>>> fmt_date(datetime.date(2011, 1, 25))
'25 Januari 2011'
"""

from __future__ import annotations

import datetime
import math

from babel.dates import format_date
from babel.numbers import format_decimal

from exceed_analysis.figures.disclosure import is_hidden

__all__ = ["DASH", "fmt_count", "fmt_percent", "fmt_share", "fmt_decimal", "fmt_date", "percent"]

DASH = "–"
"""Shown for an empty category (a count of zero), as the seed report does."""


def percent(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole``; 0 when ``whole`` is 0.

    >>> round(percent(2, 82), 4)
    2.439
    """
    return 0.0 if not whole else 100.0 * part / whole


def _round_half_up(value: float, digits: int) -> float:
    # Percentages are rounded half up, as a reader checking by hand would (59.755 -> 59.76).
    factor = 10**digits
    return math.floor(value * factor + 0.5 + 1e-9) / factor


def fmt_decimal(value: float, digits: int = 2, locale: str = "id") -> str:
    """A number with a fixed count of decimals, e.g. ``3,00``."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(_round_half_up(value, digits), format=pattern, locale=locale)


def fmt_count(value: int, locale: str = "id", dash_for_zero: bool = False) -> str:
    """A whole count with thousands separators; a dash for zero when asked."""
    if is_hidden(value):
        return value.mark  # a count withheld from a public edition
    if dash_for_zero and not value:
        return DASH
    return format_decimal(int(value), format="#,##0", locale=locale)


def fmt_percent(part: float, whole: float, digits: int = 2, locale: str = "id") -> str:
    """``part`` of ``whole`` as ``59,76 %``; a dash when ``part`` is zero; ``x`` when
    ``part`` is withheld from a public edition."""
    if is_hidden(part):
        return "x"
    if not part:
        return DASH
    return fmt_decimal(percent(part, whole), digits, locale) + " %"


def fmt_share(value_percent: float, digits: int = 2, locale: str = "id") -> str:
    """An already computed percentage as ``80,49 %``."""
    return fmt_decimal(value_percent, digits, locale) + " %"


def fmt_date(day: datetime.date, locale: str = "id") -> str:
    """A date written out, ``25 Januari 2011``."""
    return format_date(day, "d MMMM y", locale=locale)
