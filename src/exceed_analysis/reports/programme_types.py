"""The programme report's figures as frozen dataclasses.

:class:`ProgrammeFigures` holds every figure of the programme report, typed: the pooled
beneficiaries (:class:`ByType` rows by city, sector, sex and age group), the headline
services, the education services (:class:`Education`), the cumulative children against the
targets (:class:`Progress`), the quarterly trend, the ranking (:class:`Ranked`), the
family-contact baseline (:class:`ContactRow`) and each city's own figures
(:class:`CityFigures`, whose categories are the figure registry's
:class:`~exceed_analysis.figures.model.Breakdown`). Tables, charts and sentences read these
attributes; :meth:`ProgrammeFigures.as_dict` is ``indicators.json`` (keys of the data
dictionary) and :meth:`ProgrammeFigures.from_dict` reads it back (the public edition withholds
counts on that form, as :class:`~exceed_analysis.figures.disclosure.Hidden` values, which
the types carry unchanged).

Examples
--------
>>> row = ByType.of(3, 4)
>>> row.total, row.as_dict()
(7, {'withdrawn': 3, 'prevented': 4, 'total': 7})
>>> ByType.from_dict(row.as_dict()) == row
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from exceed_analysis.figures.model import Breakdown

__all__ = [
    "ByType",
    "Education",
    "Progress",
    "CityCumulative",
    "Cumulative",
    "Trend",
    "Ranked",
    "ContactRow",
    "Baseline",
    "Beneficiaries",
    "CityBeneficiaries",
    "CityFigures",
    "ProgrammeFigures",
]

Count = int  # a count of children (a Hidden in a public edition)


@dataclass(frozen=True)
class ByType:
    """Children withdrawn and prevented, and both."""

    withdrawn: Count
    prevented: Count
    total: Count

    @classmethod
    def of(cls, withdrawn: int, prevented: int) -> ByType:
        return cls(withdrawn, prevented, int(withdrawn) + int(prevented))

    def as_dict(self) -> dict[str, Any]:
        return {"withdrawn": self.withdrawn, "prevented": self.prevented, "total": self.total}

    @classmethod
    def from_dict(cls, d: Mapping) -> ByType:
        return cls(d["withdrawn"], d["prevented"], d["total"])


def _rows(d: Mapping[str, Mapping]) -> dict[str, ByType]:
    return {k: ByType.from_dict(v) for k, v in d.items()}


@dataclass(frozen=True)
class Education:
    """Children receiving each education service as the donor counts them."""

    bridging_course: Count
    remedial: Count
    formal_or_equivalency: Count
    skills_course: Count

    def as_dict(self) -> dict[str, Any]:
        return {
            "bridging_course": self.bridging_course,
            "remedial": self.remedial,
            "formal_or_equivalency": self.formal_or_equivalency,
            "skills_course": self.skills_course,
        }

    def __getitem__(self, key: str) -> Count:
        return getattr(self, key)

    @classmethod
    def from_dict(cls, d: Mapping) -> Education:
        return cls(d["bridging_course"], d["remedial"], d["formal_or_equivalency"], d["skills_course"])


@dataclass(frozen=True)
class Progress:
    """Children since the start against their target (``percent_of_target`` to 4 decimals)."""

    children: Count
    target: int
    percent_of_target: float

    def as_dict(self) -> dict[str, Any]:
        return {"children": self.children, "target": self.target, "percent_of_target": self.percent_of_target}

    @classmethod
    def from_dict(cls, d: Mapping) -> Progress:
        return cls(d["children"], d["target"], d["percent_of_target"])


@dataclass(frozen=True)
class CityCumulative:
    """One city's children withdrawn and prevented since its start."""

    start: str
    withdrawn: Progress
    prevented: Progress

    def of(self, beneficiary_type: str) -> Progress:
        return self.withdrawn if beneficiary_type == "withdrawn" else self.prevented

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "withdrawn": self.withdrawn.as_dict(),
            "prevented": self.prevented.as_dict(),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> CityCumulative:
        return cls(d["start"], Progress.from_dict(d["withdrawn"]), Progress.from_dict(d["prevented"]))


@dataclass(frozen=True)
class Cumulative:
    """The programme's children since its start, against the targets, and each city's."""

    start: str
    end: str
    horizon: str
    illustrative_targets: bool
    withdrawn: Progress
    prevented: Progress
    by_city: Mapping[str, CityCumulative]

    def of(self, beneficiary_type: str) -> Progress:
        return self.withdrawn if beneficiary_type == "withdrawn" else self.prevented

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "horizon": self.horizon,
            "illustrative_targets": self.illustrative_targets,
            "withdrawn": self.withdrawn.as_dict(),
            "prevented": self.prevented.as_dict(),
            "by_city": {s: c.as_dict() for s, c in self.by_city.items()},
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Cumulative:
        return cls(
            d["start"],
            d["end"],
            d["horizon"],
            d["illustrative_targets"],
            Progress.from_dict(d["withdrawn"]),
            Progress.from_dict(d["prevented"]),
            {s: CityCumulative.from_dict(c) for s, c in d["by_city"].items()},
        )


@dataclass(frozen=True)
class Trend:
    """Beneficiaries quarter by quarter from the programme start, by city and in all."""

    quarters: tuple[str, ...]
    quarter_start: tuple[str, ...]
    quarter_end: tuple[str, ...]
    by_city: Mapping[str, tuple[int, ...]]
    total: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "quarters": list(self.quarters),
            "quarter_start": list(self.quarter_start),
            "quarter_end": list(self.quarter_end),
            "by_city": {s: list(v) for s, v in self.by_city.items()},
            "total": list(self.total),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Trend:
        return cls(
            tuple(d["quarters"]),
            tuple(d["quarter_start"]),
            tuple(d["quarter_end"]),
            {s: tuple(v) for s, v in d["by_city"].items()},
            tuple(d["total"]),
        )


@dataclass(frozen=True)
class Ranked:
    """A city's place on a headline figure (``rank`` None: withheld, not ranked)."""

    rank: int | None
    city: str
    value: Count

    def as_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "city": self.city, "value": self.value}

    @classmethod
    def from_dict(cls, d: Mapping) -> Ranked:
        return cls(d["rank"], d["city"], d["value"])


@dataclass(frozen=True)
class ContactRow:
    """One group of the baseline: its children and their family contact at intake."""

    children: Count
    counts: Mapping[str, Count]
    percent: Mapping[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {"children": self.children, "counts": dict(self.counts), "percent": dict(self.percent)}

    @classmethod
    def from_dict(cls, d: Mapping) -> ContactRow:
        return cls(d["children"], dict(d["counts"]), dict(d["percent"]))


@dataclass(frozen=True)
class Baseline:
    """The September 2010 family-contact baseline, by group."""

    cutoff: str
    by_sector: Mapping[str, ContactRow]

    def as_dict(self) -> dict[str, Any]:
        return {"cutoff": self.cutoff, "by_sector": {s: r.as_dict() for s, r in self.by_sector.items()}}

    @classmethod
    def from_dict(cls, d: Mapping) -> Baseline:
        return cls(d["cutoff"], {s: ContactRow.from_dict(r) for s, r in d["by_sector"].items()})


@dataclass(frozen=True)
class Beneficiaries:
    """The programme's beneficiaries of the period, pooled."""

    total: int
    by_beneficiary_type: Breakdown
    by_city: Mapping[str, ByType]
    by_sector: Mapping[str, ByType]
    by_sex: Mapping[str, ByType]
    by_age_group: Mapping[str, ByType]

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_beneficiary_type": dict(self.by_beneficiary_type),
            **{
                key: {k: r.as_dict() for k, r in getattr(self, key).items()}
                for key in ("by_city", "by_sector", "by_sex", "by_age_group")
            },
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Beneficiaries:
        return cls(
            d["total"],
            Breakdown.of(d["by_beneficiary_type"]),
            _rows(d["by_city"]),
            _rows(d["by_sector"]),
            _rows(d["by_sex"]),
            _rows(d["by_age_group"]),
        )


@dataclass(frozen=True)
class CityBeneficiaries:
    """One city's beneficiaries (``by_sector`` and ``by_age_group`` None in a public
    edition: shown pooled only)."""

    total: int
    by_beneficiary_type: Breakdown
    by_sex: Breakdown
    by_sector: Breakdown | None
    by_age_group: Breakdown | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_beneficiary_type": dict(self.by_beneficiary_type),
            "by_sex": dict(self.by_sex),
            "by_sector": None if self.by_sector is None else dict(self.by_sector),
            "by_age_group": None if self.by_age_group is None else dict(self.by_age_group),
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> CityBeneficiaries:
        return cls(
            d["total"],
            Breakdown.of(d["by_beneficiary_type"]),
            Breakdown.of(d["by_sex"]),
            None if d["by_sector"] is None else Breakdown.of(d["by_sector"]),
            None if d["by_age_group"] is None else Breakdown.of(d["by_age_group"]),
        )


@dataclass(frozen=True)
class CityFigures:
    """One city's figures in the programme report (as its city report computes them)."""

    period_start: str
    period_end: str
    beneficiaries: CityBeneficiaries
    headlines: Mapping[str, Count]  # children, by ranked headline other than beneficiaries
    education_services: Education
    cumulative: CityCumulative
    rank: Mapping[str, int | None]

    def headline(self, name: str) -> Count:
        """The city's value of a ranked headline figure."""
        return self.beneficiaries.total if name == "beneficiaries" else self.headlines[name]

    def as_dict(self) -> dict[str, Any]:
        return {
            "period_start": self.period_start,
            "period_end": self.period_end,
            "beneficiaries": self.beneficiaries.as_dict(),
            **{name: {"children": v} for name, v in self.headlines.items()},
            "education_services": self.education_services.as_dict(),
            "cumulative": self.cumulative.as_dict(),
            "rank": dict(self.rank),
        }

    @classmethod
    def from_dict(cls, d: Mapping, headlines: tuple[str, ...]) -> CityFigures:
        return cls(
            d["period_start"],
            d["period_end"],
            CityBeneficiaries.from_dict(d["beneficiaries"]),
            {name: d[name]["children"] for name in headlines},
            Education.from_dict(d["education_services"]),
            CityCumulative.from_dict(d["cumulative"]),
            dict(d["rank"]),
        )


_SERVICES = ("counseling", "health_check", "internship")


@dataclass(frozen=True)
class ProgrammeFigures:
    """Every figure of the programme report (see the module's docstring)."""

    programme: str
    period: str
    period_start: str
    period_end: str
    cities_included: tuple[str, ...]
    beneficiaries: Beneficiaries
    services: Mapping[str, Count]  # children: counseling, health_check, internship
    education_services: Education
    education_by_city: Mapping[str, Education]
    cumulative: Cumulative
    trend: Trend
    ranking: Mapping[str, tuple[Ranked, ...]]
    baseline_family_contact: Baseline
    cities: Mapping[str, CityFigures]

    @property
    def total(self) -> int:
        return self.beneficiaries.total

    def as_dict(self) -> dict[str, Any]:
        """``indicators.json``: the figures as plain data, keys of the data dictionary."""
        return {
            "programme": self.programme,
            "period": self.period,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "cities_included": list(self.cities_included),
            "beneficiaries": self.beneficiaries.as_dict(),
            **{name: {"children": self.services[name]} for name in _SERVICES},
            "education_services": {
                **self.education_services.as_dict(),
                "by_city": {s: e.as_dict() for s, e in self.education_by_city.items()},
            },
            "cumulative": self.cumulative.as_dict(),
            "trend": self.trend.as_dict(),
            "ranking": {h: [r.as_dict() for r in rows] for h, rows in self.ranking.items()},
            "baseline_family_contact": self.baseline_family_contact.as_dict(),
            "cities": {s: c.as_dict() for s, c in self.cities.items()},
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> ProgrammeFigures:
        """The figures of an ``indicators.json`` (or of its public edition) as types."""
        headlines = tuple(h for h in d["ranking"] if h != "beneficiaries")
        edu = d["education_services"]
        return cls(
            d["programme"],
            d["period"],
            d["period_start"],
            d["period_end"],
            tuple(d["cities_included"]),
            Beneficiaries.from_dict(d["beneficiaries"]),
            {name: d[name]["children"] for name in _SERVICES},
            Education.from_dict(edu),
            {s: Education.from_dict(e) for s, e in edu["by_city"].items()},
            Cumulative.from_dict(d["cumulative"]),
            Trend.from_dict(d["trend"]),
            {h: tuple(Ranked.from_dict(r) for r in rows) for h, rows in d["ranking"].items()},
            Baseline.from_dict(d["baseline_family_contact"]),
            {s: CityFigures.from_dict(c, headlines) for s, c in d["cities"].items()},
        )
