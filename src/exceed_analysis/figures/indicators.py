"""The indicators of the data contract, as small pure functions of DataFrames and a period.

Inputs are the processed store's ``children`` and ``services`` frames (one city, or more).
A child is identified by ``(partner, child_id)``: child_ids are unique within a partner only.

Examples
--------
>>> import pandas as pd
>>> from exceed_analysis.periods import parse_period
>>> kids = pd.DataFrame({
...     "partner": ["A", "A", "B"], "child_id": ["1", "2", "1"], "sex": ["F", "M", "F"],
...     "age_at_intake": [15, 17, 17],
...     "intake_date": pd.to_datetime(["2010-05-03", "2010-06-01", "2011-02-01"]),
...     "exit_date": pd.to_datetime(["2010-08-01", None, None])})
>>> ben = beneficiaries(kids, parse_period("2010"))
>>> len(ben), count_by(ben, "sex", ["F", "M"]).to_dict()
(2, {'F': 1, 'M': 1})
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from exceed_analysis.figures.terms import EDUCATION_SERVICES, HEALTH_SERVICES, KEY, REPORT_AGES
from exceed_analysis.periods import Period
from exceed_analysis.schemas import SKILLS_COURSES, Children, Services

__all__ = [
    "KEY",
    "HEALTH_SERVICES",
    "EDUCATION_SERVICES",
    "REPORT_AGES",
    "beneficiaries",
    "services_in_period",
    "beneficiary_counts",
    "count_by",
    "age_counts",
    "children_served",
    "served_by_partner",
    "ServedIndex",
    "counseling_sessions",
    "skills_course_types",
    "new_intakes",
    "exits",
]


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day)


def beneficiaries(children: Children, period: Period, partner: str | None = None) -> Children:
    """Children served in the period: ``intake_date <= end`` and (no exit or
    ``exit_date >= start``), optionally of one partner."""
    start, end = _ts(period.start), _ts(period.end)
    mask = (children["intake_date"] <= end) & (
        children["exit_date"].isna() | (children["exit_date"] >= start)
    )
    if partner is not None:
        mask &= children["partner"] == partner
    return children.loc[mask]


def beneficiary_counts(children: Children, periods: Sequence[Period]) -> list[int]:
    """``len(beneficiaries(children, p))`` for each of ``periods``, with one pass to
    arrays instead of a frame per period (the programme's trend counts every quarter of
    every city).

    Examples
    --------
    >>> from exceed_analysis.periods import parse_period
    >>> kids = pd.DataFrame({"intake_date": pd.to_datetime(["2010-05-03", "2010-08-01"]),
    ...     "exit_date": pd.to_datetime(["2010-07-01", None])})
    >>> beneficiary_counts(kids, [parse_period(q) for q in ("2010Q2", "2010Q3", "2010Q4")])
    [1, 2, 1]
    """
    intake = children["intake_date"].to_numpy(dtype="datetime64[us]")
    exit_ = children["exit_date"].to_numpy(dtype="datetime64[us]")
    no_exit = np.isnat(exit_)
    counts = []
    for p in periods:
        start, end = np.datetime64(p.start, "us"), np.datetime64(p.end, "us")
        counts.append(int(np.count_nonzero((intake <= end) & (no_exit | (exit_ >= start)))))
    return counts


def services_in_period(services: Services, period: Period, ben: Children) -> Services:
    """Service rows dated inside the period and delivered to one of ``ben``."""
    start, end = _ts(period.start), _ts(period.end)
    in_period = services.loc[(services["date"] >= start) & (services["date"] <= end)]
    keys = pd.MultiIndex.from_frame(ben[KEY])
    return in_period.loc[pd.MultiIndex.from_frame(in_period[KEY]).isin(keys)]


def count_by(ben: Children, column: str, categories: Iterable) -> pd.Series:
    """Children per category of ``column``, every category present (0 when empty), plus
    any category found in the data but not listed."""
    counts = ben[column].value_counts()
    cats = list(categories)
    extra = sorted(set(counts.index) - set(cats), key=str)
    return counts.reindex(cats + extra, fill_value=0).astype(int)


def age_counts(ben: Children) -> pd.Series:
    """Children by completed age at intake: the ages present plus 13 to 17, in order."""
    ages = sorted(set(REPORT_AGES) | set(int(a) for a in ben["age_at_intake"]))
    return count_by(ben, "age_at_intake", ages).reindex(ages)


def _served_keys(svc: Services, names: Sequence[str], detail: str | None = None) -> pd.DataFrame:
    rows = svc["service"].isin(names)
    if detail is not None:
        rows &= svc["detail"] == detail
    # the key columns alone are taken (not every column of every row, then two)
    return svc.loc[rows, KEY].drop_duplicates()


def children_served(svc: Services, names: str | Sequence[str], detail: str | None = None) -> int:
    """Distinct children with at least one row of any of ``names`` (already restricted to
    the period's beneficiaries by :func:`services_in_period`)."""
    names = (names,) if isinstance(names, str) else tuple(names)
    return len(_served_keys(svc, names, detail))


def served_by_partner(svc: Services, names: str | Sequence[str], partners: Sequence[str]) -> dict[str, int]:
    """:func:`children_served` per partner, every partner listed."""
    names = (names,) if isinstance(names, str) else tuple(names)
    keys = _served_keys(svc, names)
    counts = keys["partner"].value_counts()
    return {p: int(counts.get(p, 0)) for p in partners}


@dataclass(frozen=True, eq=False)
class ServedIndex:
    """The service rows of a period as integer codes, to count the distinct children
    served by a set of services: the figures of one report ask it some twenty times
    (:func:`children_served` and :func:`served_by_partner` give the same counts from the
    frame, each time with a pass of pandas over it).

    Examples
    --------
    >>> svc = pd.DataFrame({"partner": ["A", "A", "A", "B"], "child_id": ["1", "1", "2", "1"],
    ...     "service": ["medical", "health_check", "medical", "basic_needs"]})
    >>> idx = ServedIndex.of(svc)
    >>> idx.count(("medical", "health_check")), idx.count(("remedial",))
    (2, 0)
    >>> idx.by_partner(("medical", "basic_needs"), ["A", "B", "C"])
    {'A': 2, 'B': 1, 'C': 0}
    """

    child: np.ndarray
    """Per row: its child's code (one per distinct ``(partner, child_id)``)."""
    service: np.ndarray
    """Per row: its service's code in :attr:`services`."""
    services: dict[str, int]
    """Service name to code."""
    partner_of_child: np.ndarray
    """Per child code: the code of its partner in :attr:`partners`."""
    partners: tuple[str, ...]
    """The partners of the rows, in the order of their codes."""

    @classmethod
    def of(cls, svc: Services) -> ServedIndex:
        """The index of the service rows ``svc`` (columns ``partner``, ``child_id``,
        ``service``)."""
        child = svc.groupby(KEY, sort=False, dropna=False).ngroup().to_numpy()
        service, names = pd.factorize(svc["service"], use_na_sentinel=False)
        partner, partners = pd.factorize(svc["partner"], use_na_sentinel=False)
        partner_of_child = np.zeros(int(child.max()) + 1 if len(child) else 0, dtype=np.intp)
        partner_of_child[child] = partner  # every row of a child has the child's partner
        return cls(
            child,
            service,
            {str(n): i for i, n in enumerate(names)},
            partner_of_child,
            tuple(str(p) for p in partners),
        )

    def _served(self, names: str | Sequence[str]) -> np.ndarray:
        """The codes of the distinct children with a row of any of ``names``."""
        names = (names,) if isinstance(names, str) else names
        codes = [self.services[n] for n in names if n in self.services]
        return np.unique(self.child[np.isin(self.service, codes)])

    def count(self, names: str | Sequence[str]) -> int:
        """Distinct children with at least one row of any of ``names``: the number
        :func:`children_served` gives."""
        return int(self._served(names).size)

    def by_partner(self, names: str | Sequence[str], partners: Sequence[str]) -> dict[str, int]:
        """:meth:`count` per partner, every partner listed: what :func:`served_by_partner`
        gives."""
        served = self._served(names)
        counts = np.bincount(self.partner_of_child[served], minlength=len(self.partners))
        found = dict(zip(self.partners, counts.tolist(), strict=True))
        return {p: int(found.get(p, 0)) for p in partners}


def counseling_sessions(svc: Services) -> tuple[int, int, float]:
    """(children counselled, sessions, mean sessions per counselled child; 0 if none)."""
    rows = svc.loc[svc["service"] == "counseling"]
    children = len(rows[KEY].drop_duplicates())
    return children, len(rows), (len(rows) / children if children else 0.0)


def skills_course_types(svc: Services) -> pd.Series:
    """Distinct children per skills-course type (the four contract types, then others)."""
    rows = svc.loc[svc["service"] == "skills_course", KEY + ["detail"]].drop_duplicates()
    return count_by(rows, "detail", SKILLS_COURSES)


def new_intakes(children: Children, period: Period) -> int:
    """Children whose intake date falls inside the period."""
    d = children["intake_date"]
    return int(((d >= _ts(period.start)) & (d <= _ts(period.end))).sum())


def exits(children: Children, period: Period) -> int:
    """Children whose exit date falls inside the period."""
    d = children["exit_date"]
    return int(((d >= _ts(period.start)) & (d <= _ts(period.end))).sum())
