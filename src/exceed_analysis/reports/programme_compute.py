"""The programme report's figures as ``indicators.json`` states them: every city's
figures (computed by the figure registry, as its city report computes them) side by side,
and the programme's own, from the cities' children and services pooled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.model import Breakdown
from exceed_analysis.reports import formatting
from exceed_analysis.reports.programme_figures import (
    AGE_GROUPS,
    BASELINE_CUTOFF,
    DONOR_EDUCATION,
    OLDER,
    concat,
    cumulative_enrolled,
    donor_education,
    family_contact_baseline,
    quarterly_beneficiaries,
    rank_cities,
    typed_counts,
)
from exceed_analysis.reports.programme_types import (
    Baseline,
    Beneficiaries,
    ByType,
    CityBeneficiaries,
    CityCumulative,
    CityFigures,
    ContactRow,
    Cumulative,
    Education,
    ProgrammeFigures,
    Progress,
    Ranked,
    Trend,
)
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS, SECTORS, SEXES

if TYPE_CHECKING:
    from exceed_analysis.reports.programme import ProgrammeReport

__all__ = ["compute_programme"]

HEADLINES = figures_registry.RANKED


def _served(rep: ProgrammeReport, names: str | Sequence[str]) -> int:
    # a child is one city's (the pooled key starts with the city): the cities' counts add up
    return sum(inp.served.count(names) for inp in rep.city_inputs.values())


def _cumulative(rep: ProgrammeReport, slug: str) -> dict[str, int]:
    c = rep.registry.city(slug)
    return cumulative_enrolled(rep.data[slug].children, c.programme_start, rep.period.end)


def compute_programme(rep: ProgrammeReport) -> ProgrammeFigures:
    """Every figure of the programme report, typed (its ``indicators.json`` is
    :meth:`~exceed_analysis.reports.programme_types.ProgrammeFigures.as_dict`), from the
    cities' figures (the figure registry) and their children and services pooled."""
    slugs = [c.slug for c in rep.cities]
    ben = rep.ben

    age_cats = list(AGE_GROUPS) + ([OLDER] if (ben["age_group"] == OLDER).any() else [])
    by_type = ben["beneficiary_type"].value_counts()

    education_by_city = {}
    for c in rep.cities:
        inp = rep.city_inputs[c.slug]
        education_by_city[c.slug] = Education.from_dict(donor_education(inp.ben, inp.served))

    def pct(n: int, target: int) -> float:
        return round(formatting.percent(n, target), 4)

    def progress(n: int, target: int) -> Progress:
        return Progress(n, target, pct(n, target))

    cumulative_by_city: dict[str, CityCumulative] = {}
    for c in rep.cities:
        got, target = _cumulative(rep, c.slug), rep.targets.by_city[c.slug]
        cumulative_by_city[c.slug] = CityCumulative(
            c.programme_start.isoformat(),
            progress(got["withdrawn"], target["withdrawn"]),
            progress(got["prevented"], target["prevented"]),
        )
    cum_total = {
        t: sum(int(v.of(t).children) for v in cumulative_by_city.values()) for t in BENEFICIARY_TYPES
    }
    # the programme target is of every registry city, started or not
    cumulative = Cumulative(
        rep.programme_start.isoformat(),
        rep.period.end.isoformat(),
        rep.targets.horizon.isoformat(),
        rep.targets.illustrative,
        progress(cum_total["withdrawn"], rep.targets.total["withdrawn"]),
        progress(cum_total["prevented"], rep.targets.total["prevented"]),
        cumulative_by_city,
    )

    trend_by_city = {
        c.slug: tuple(quarterly_beneficiaries(rep.data[c.slug].children, rep.quarters, c.programme_start))
        for c in rep.cities
    }
    trend = Trend(
        tuple(q.name for q in rep.quarters),
        tuple(q.start.isoformat() for q in rep.quarters),
        tuple(q.end.isoformat() for q in rep.quarters),
        trend_by_city,
        tuple(sum(v[i] for v in trend_by_city.values()) for i in range(len(rep.quarters))),
    )

    def headline(slug: str, h: figures_registry.Headline) -> int:
        return int(rep.city_indicators[slug].headline(h))

    ranking = {
        h.name: tuple(Ranked(r, s, v) for r, s, v in rank_cities({s: headline(s, h) for s in slugs}))
        for h in HEADLINES
    }

    base = family_contact_baseline(concat([rep.data[s].children for s in slugs]))
    baseline = Baseline(
        BASELINE_CUTOFF.isoformat(),
        {
            str(s): ContactRow(
                int(row["children"]),
                {c: int(row[c]) for c in FAMILY_CONTACTS},
                {c: int(row[f"{c}_percent"]) for c in FAMILY_CONTACTS},
            )
            for s, row in base.iterrows()
        },
    )

    cities = {}
    for c in rep.cities:
        i, p = rep.city_indicators[c.slug], rep.city_periods[c.slug]
        cb = ben.loc[ben["city"] == c.slug]
        cities[c.slug] = CityFigures(
            p.start.isoformat(),
            p.end.isoformat(),
            CityBeneficiaries(
                i.count("beneficiaries.total"),
                i.breakdown("beneficiaries.by_beneficiary_type"),
                i.breakdown("beneficiaries.by_sex"),
                Breakdown.of({k: v["total"] for k, v in typed_counts(cb, "sector", c.sectors).items()}),
                Breakdown.of({k: v["total"] for k, v in typed_counts(cb, "age_group", age_cats).items()}),
            ),
            {h.name: headline(c.slug, h) for h in HEADLINES[1:]},
            education_by_city[c.slug],
            cumulative_by_city[c.slug],
            {h.name: next(r.rank for r in ranking[h.name] if r.city == c.slug) for h in HEADLINES},
        )

    def rows(column: str, categories: Sequence[str]) -> dict[str, ByType]:
        return {k: ByType.from_dict(v) for k, v in typed_counts(ben, column, categories).items()}

    return ProgrammeFigures(
        rep.registry.programme.get("name", "EXCEED"),
        rep.period.name,
        rep.period.start.isoformat(),
        rep.period.end.isoformat(),
        tuple(slugs),
        Beneficiaries(
            int(len(ben)),
            Breakdown.of({t: int(by_type.get(t, 0)) for t in BENEFICIARY_TYPES}),
            rows("city", slugs),
            rows("sector", [s for s in SECTORS if s in rep.registry.sectors]),
            rows("sex", SEXES),
            rows("age_group", age_cats),
        ),
        {
            "counseling": _served(rep, "counseling"),
            "health_check": _served(rep, ind.HEALTH_SERVICES),
            "internship": _served(rep, "internship"),
        },
        Education(*(sum(int(e[k]) for e in education_by_city.values()) for k in DONOR_EDUCATION)),
        education_by_city,
        cumulative,
        trend,
        ranking,
        baseline,
        cities,
    )
