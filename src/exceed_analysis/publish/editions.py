"""Which periods each language and edition of the archive holds (``make reports``).

The Indonesian internal edition holds every complete quarter, half-year and year with data;
the English edition the latest quarter and the years; the public editions the latest
quarter, whose staff narratives are complete (a public edition of a draft is refused), with
the public programme report of that quarter.
``python -m exceed_analysis.publish.editions SET`` prints ``--period P`` for each period of
a set, for ``exceed build``.
"""

from __future__ import annotations

import datetime as dt

from exceed_analysis.config import Registry
from exceed_analysis.config import registry as _registry

__all__ = ["ARCHIVE_SETS", "archive_periods", "main"]


ARCHIVE_SETS = ("all", "latest-and-years", "latest")


def archive_periods(
    which: str = "all", reg: Registry | None = None, last_day: dt.date | None = None
) -> list[str]:
    """The periods of the archive ``make reports`` builds, oldest first: every complete
    quarter, half-year and year from the programme's start to the last day with data
    (``all``; Indonesian internal edition), the latest quarter and the years
    (``latest-and-years``; English), or the latest quarter alone (``latest``; public
    editions, whose drafts are refused).

    >>> archive_periods("latest-and-years", last_day=dt.date(2012, 12, 31))
    ['2010', '2011', '2012Q4', '2012']
    """
    from exceed_analysis.periods import latest_complete_quarter, periods_between
    from exceed_analysis.store.parquet import last_data_date

    if which not in ARCHIVE_SETS:
        raise ValueError(f"unknown archive set {which!r}; use one of {', '.join(ARCHIVE_SETS)}")
    reg = reg if reg is not None else _registry()
    last = last_day if last_day is not None else last_data_date()
    if last is None:
        return []
    start = min(c.programme_start for c in reg.cities)
    every = periods_between(start, last)
    latest = latest_complete_quarter(last)
    if which == "all":
        return [p.name for p in every]
    if which == "latest":
        return [latest.name]
    return [p.name for p in every if p.kind == "year" or p.name == latest.name]


def main(argv: list[str] | None = None) -> None:
    """``python -m exceed_analysis.publish.editions [SET]``: ``--period P`` for each period of
    an archive set (see :func:`archive_periods`), for ``exceed build`` in the Makefile."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    print(" ".join(f"--period {name}" for name in archive_periods(args[0] if args else "all")))


if __name__ == "__main__":
    main()
