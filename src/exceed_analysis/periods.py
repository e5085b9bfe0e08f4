"""Reporting periods: parsing, clipping to a programme start, labels and comparisons.

A period is named ``2010`` (calendar year), ``2010H2`` (half year), ``2010Q3`` (quarter)
or ``2010-05-01..2010-12-31`` (any range), as the data contract says.

Examples
--------
>>> p = parse_period("2010Q3")
>>> p.start, p.end
(datetime.date(2010, 7, 1), datetime.date(2010, 9, 30))
>>> parse_period("2010").clip_start(datetime.date(2010, 5, 1)).months_label()
'Mei - Desember 2010'
>>> parse_period("2011Q1").previous().name
'2010Q4'
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace

from babel.dates import format_date

__all__ = ["Period", "parse_period", "PeriodError", "quarter_of", "latest_complete_quarter"]

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

PERIOD_FORMS = "YYYY (2010), YYYYHn (2010H2), YYYYQn (2010Q3) or YYYY-MM-DD..YYYY-MM-DD"


class PeriodError(ValueError):
    """A period name that cannot be parsed or is empty."""


@dataclass(frozen=True)
class Period:
    """A closed date interval with the name it was given.

    ``kind`` is ``year``, ``half``, ``quarter`` or ``range``; ``nominal_start`` keeps the
    start before any clipping to a programme start, so that comparisons use whole periods.
    """

    name: str
    kind: str
    start: datetime.date
    end: datetime.date
    nominal_start: datetime.date

    @property
    def slug(self) -> str:
        """A folder-safe name (``2010``, ``2010Q3``, ``2010-05-01_2010-12-31``)."""
        return self.name.replace("..", "_")

    def clip_start(self, programme_start: datetime.date) -> Period:
        """The same period, starting no earlier than ``programme_start``."""
        if programme_start > self.end:
            raise PeriodError(
                f"period {self.name} ends before the programme started ({programme_start:%Y-%m-%d})"
            )
        return replace(self, start=max(self.start, programme_start))

    def months_label(self, locale: str = "id") -> str:
        """The months covered, e.g. ``Mei - Desember 2010`` or ``Juli 2010 - Juni 2011``."""
        s, e = self.start, self.end
        sm = format_date(s, "MMMM", locale=locale)
        em = format_date(e, "MMMM", locale=locale)
        if (s.year, s.month) == (e.year, e.month):
            return f"{sm} {s.year}"
        if s.year == e.year:
            return f"{sm} - {em} {e.year}"
        return f"{sm} {s.year} - {em} {e.year}"

    def previous(self) -> Period:
        """The period of the same length just before this one (whole, not clipped)."""
        if self.kind == "year":
            return parse_period(str(self.nominal_start.year - 1))
        if self.kind == "half":
            y, h = self.nominal_start.year, 1 if self.nominal_start.month == 1 else 2
            return parse_period(f"{y - 1}H2" if h == 1 else f"{y}H1")
        if self.kind == "quarter":
            y, q = self.nominal_start.year, (self.nominal_start.month - 1) // 3 + 1
            return parse_period(f"{y - 1}Q4" if q == 1 else f"{y}Q{q - 1}")
        length = self.end - self.nominal_start
        end = self.nominal_start - datetime.timedelta(days=1)
        start = end - length
        return parse_period(f"{start.isoformat()}..{end.isoformat()}")

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _make(name: str, kind: str, start: datetime.date, end: datetime.date) -> Period:
    return Period(name=name, kind=kind, start=start, end=end, nominal_start=start)


def parse_period(name: str) -> Period:
    """Parse a period name; raises :class:`PeriodError` naming the accepted forms.

    >>> parse_period("2010H2").start
    datetime.date(2010, 7, 1)
    >>> parse_period("2010-05-01..2010-12-31").slug
    '2010-05-01_2010-12-31'
    """
    text = str(name).strip()
    if m := _YEAR.match(text):
        y = int(m[1])
        return _make(text, "year", datetime.date(y, 1, 1), datetime.date(y, 12, 31))
    if m := _HALF.match(text):
        y, h = int(m[1]), int(m[2])
        first = 1 if h == 1 else 7
        return _make(text, "half", datetime.date(y, first, 1), _month_end(y, first + 5))
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        first = 3 * (q - 1) + 1
        return _make(text, "quarter", datetime.date(y, first, 1), _month_end(y, first + 2))
    if m := _RANGE.match(text):
        try:
            start = datetime.date.fromisoformat(m[1])
            end = datetime.date.fromisoformat(m[2])
        except ValueError as exc:
            raise PeriodError(f"malformed period {text!r}: {exc}") from None
        if end < start:
            raise PeriodError(f"malformed period {text!r}: end is before start")
        return _make(text, "range", start, end)
    raise PeriodError(f"malformed period {text!r}; use {PERIOD_FORMS}")


def quarter_of(day: datetime.date) -> Period:
    """The calendar quarter holding ``day``."""
    return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")


def latest_complete_quarter(last_day_with_data: datetime.date) -> Period:
    """The last quarter that ends on or before ``last_day_with_data``.

    >>> latest_complete_quarter(datetime.date(2012, 12, 31)).name
    '2012Q4'
    >>> latest_complete_quarter(datetime.date(2012, 12, 30)).name
    '2012Q3'
    """
    q = quarter_of(last_day_with_data)
    return q if q.end <= last_day_with_data else q.previous()


def periods_between(first_day: datetime.date, last_day: datetime.date) -> list[Period]:
    """Every complete quarter, half-year and year with a day in ``first_day..last_day``
    (the archive of reports), oldest first, quarters before half-years before years when
    they end on the same day.

    >>> [p.name for p in periods_between(datetime.date(2010, 5, 1), datetime.date(2011, 6, 30))]
    ['2010Q2', '2010H1', '2010Q3', '2010Q4', '2010H2', '2010', '2011Q1', '2011Q2', '2011H1']
    """
    out = []
    for year in range(first_day.year, last_day.year + 1):
        names = [f"{year}Q{q}" for q in range(1, 5)] + [f"{year}H{h}" for h in (1, 2)] + [str(year)]
        out += [p for p in map(parse_period, names) if p.end >= first_day and p.end <= last_day]
    kinds = {"quarter": 0, "half": 1, "year": 2}
    return sorted(out, key=lambda p: (p.end, kinds[p.kind]))
