"""How a figure is computed from the processed store: small frozen specifications that
:mod:`exceed_analysis.figures.registry` attaches to each figure. Each is called with the
:class:`Inputs` of one city and period; those a headline uses also count every city at once
(``by_city``, for :func:`exceed_analysis.figures.registry.headlines_by_city`)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from exceed_analysis.figures.model import Breakdown, Figure, Figures
from exceed_analysis.periods import Period

if TYPE_CHECKING:
    import pandas as pd

    from exceed_analysis.figures import indicators as ind
    from exceed_analysis.schemas import Children, Services

__all__ = [
    "Inputs",
    "Beneficiaries",
    "Flag",
    "DatedInPeriod",
    "Served",
    "ServedByPartner",
    "CountBy",
    "CounselingSessions",
    "MeanSessions",
    "SkillsCourseTypes",
]


class _OnFirstUse:
    """A module imported when one of its names is first used: the specifications are
    defined without pandas (the figures' definitions are read by what only shows them,
    such as the reviewers' site); computing a figure imports the indicators."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


if not TYPE_CHECKING:
    pd = _OnFirstUse("pandas")
    ind = _OnFirstUse("exceed_analysis.figures.indicators")


@dataclass(frozen=True)
class Inputs:
    """What a figure is computed from: one city's (or several cities') children and
    services, the period and the partners listed in by-partner breakdowns."""

    children: Children
    services: Services
    period: Period
    partners: tuple[str, ...]
    ben: Children = field(init=False)
    svc: Services = field(init=False)
    served: ind.ServedIndex = field(init=False)

    def __post_init__(self) -> None:
        ben = ind.beneficiaries(self.children, self.period)
        svc = ind.services_in_period(self.services, self.period, ben)
        object.__setattr__(self, "ben", ben)
        object.__setattr__(self, "svc", svc)
        object.__setattr__(self, "served", ind.ServedIndex.of(svc))

    def compute(self, figures: Sequence[Figure]) -> Figures:
        """Each of ``figures`` (:data:`exceed_analysis.figures.registry.FIGURES`) computed
        from these inputs, by key."""
        return Figures({f.key: f.compute(self) for f in figures})


@dataclass(frozen=True)
class Beneficiaries:
    """The period's beneficiaries."""

    def __call__(self, inp: Inputs) -> int:
        return int(len(inp.ben))

    def by_city(
        self, ben: pd.DataFrame, svc: pd.DataFrame, children: pd.DataFrame, period: Period, cell: str | None
    ) -> pd.Series:
        return ben.groupby("city").size()


@dataclass(frozen=True)
class Flag:
    """Beneficiaries with a true ``column`` (recorded at intake)."""

    column: str

    def __call__(self, inp: Inputs) -> int:
        return int(inp.ben[self.column].sum())

    def by_city(self, ben, svc, children, period, cell) -> pd.Series:
        return ben.loc[ben[self.column]].groupby("city").size()


@dataclass(frozen=True)
class DatedInPeriod:
    """Children (of the whole register) whose ``column`` date falls inside the period."""

    column: str

    def __call__(self, inp: Inputs) -> int:
        return (
            ind.new_intakes(inp.children, inp.period)
            if self.column == "intake_date"
            else ind.exits(inp.children, inp.period)
        )

    def by_city(self, ben, svc, children, period, cell) -> pd.Series:
        d = children[self.column]
        inside = (d >= pd.Timestamp(period.start)) & (d <= pd.Timestamp(period.end))
        return children.loc[inside].groupby("city").size()


@dataclass(frozen=True)
class Served:
    """Distinct beneficiaries with at least one of ``services`` in the period."""

    services: tuple[str, ...]

    def __call__(self, inp: Inputs) -> int:
        return inp.served.count(self.services)

    def by_city(self, ben, svc, children, period, cell) -> pd.Series:
        served = svc.loc[svc["service"].isin(self.services), ["city", *ind.KEY]].drop_duplicates()
        return served.groupby("city").size()


@dataclass(frozen=True)
class ServedByPartner:
    """:class:`Served` per partner, every partner of the city listed."""

    services: tuple[str, ...]

    def __call__(self, inp: Inputs) -> Breakdown:
        return Breakdown.of(inp.served.by_partner(self.services, inp.partners))


@dataclass(frozen=True)
class CountBy:
    """Beneficiaries by ``column``: the ``categories`` in order (0 when empty), then any
    other found; ``"partner"`` lists the city's partners; ``"age_at_intake"`` the ages
    present and 13 to 17."""

    column: str
    categories: tuple[str, ...] = ()

    def __call__(self, inp: Inputs) -> Breakdown:
        if self.column == "age_at_intake":
            return Breakdown.of(ind.age_counts(inp.ben))
        cats = inp.partners if self.column == "partner" else self.categories
        return Breakdown.of(ind.count_by(inp.ben, self.column, cats))

    def by_city(self, ben, svc, children, period, cell) -> pd.Series:
        return ben.loc[ben[self.column] == cell].groupby("city").size()


@dataclass(frozen=True)
class CounselingSessions:
    """Counselling rows in the period."""

    def __call__(self, inp: Inputs) -> int:
        return ind.counseling_sessions(inp.svc)[1]


@dataclass(frozen=True)
class MeanSessions:
    """Counselling sessions per counselled child (of the trafficking victims only when
    ``trafficked``); 0 when none."""

    trafficked: bool = False

    def __call__(self, inp: Inputs) -> float:
        svc = inp.svc
        if self.trafficked:
            victims = inp.ben.loc[inp.ben["trafficking_victim"], ind.KEY]
            svc = svc.merge(victims, on=ind.KEY) if len(victims) else svc.iloc[:0]
        return ind.counseling_sessions(svc)[2]


@dataclass(frozen=True)
class SkillsCourseTypes:
    """Distinct children per skills-course type."""

    def __call__(self, inp: Inputs) -> Breakdown:
        return Breakdown.of(ind.skills_course_types(inp.svc))
