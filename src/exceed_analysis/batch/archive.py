"""The archive: every city for every quarter, half-year and year with data, and the
programme report of each of those periods.

A period is in the archive when it is complete (it ends on or before the store's last
date) and the city had at least one child enrolled in it; the programme report of a
period is in it when any city's report is.
"""

from __future__ import annotations

import datetime as dt
import logging

from exceed_analysis.batch.inputs import new_build
from exceed_analysis.batch.runner import PlanCache, ReportJob, plan_programme, plan_report
from exceed_analysis.config import Paths, paths, registry
from exceed_analysis.errors import ParameterError
from exceed_analysis.periods import Period, parse_period

__all__ = ["archive_periods", "plan_archive"]

log = logging.getLogger(__name__)


def archive_periods(first: dt.date, last: dt.date) -> list[Period]:
    """Every complete year, half-year and quarter between ``first`` and ``last``, each year
    followed by its halves and quarters.

    >>> [p.name for p in archive_periods(dt.date(2010, 5, 1), dt.date(2010, 12, 31))]
    ['2010', '2010H1', '2010H2', '2010Q2', '2010Q3', '2010Q4']
    """
    out = []
    for year in range(first.year, last.year + 1):
        names = [f"{year}", f"{year}H1", f"{year}H2"] + [f"{year}Q{q}" for q in range(1, 5)]
        for name in names:
            per = parse_period(name)
            if per.end <= last and per.end >= first:
                out.append(per)
    return out


def plan_archive(
    language: str = "id", edition: str = "internal", p: Paths | None = None, programme: bool = True
) -> list[ReportJob]:
    """Every report of the archive (see the module's note), checked as :func:`plan` does."""
    p = p or paths()
    new_build()  # the store files are hashed once for the plan and the digests
    cache = PlanCache(p)
    last = cache.last_data_date()
    if last is None:
        raise ParameterError("the processed store holds no dated rows: run `exceed ingest` first")
    reg = registry()
    first = min(c.programme_start for c in reg.cities)
    periods = archive_periods(first, last)
    jobs: list[ReportJob] = []
    with_city: set[str] = set()
    for per in periods:
        for slug in reg.slugs:
            try:
                jobs.append(plan_report(slug, per.name, language, p, edition, cache=cache))
                with_city.add(per.name)
            except ParameterError as exc:  # no child in that period: not in the archive
                log.debug("not in the archive: %s", exc)
    if programme:  # in either edition: the public one is suppressed across the cities
        jobs += [
            plan_programme(per.name, language, p, cache=cache, edition=edition)
            for per in periods
            if per.name in with_city
        ]
    cache.save()
    return jobs
