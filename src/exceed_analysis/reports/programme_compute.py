"""The programme report's figures as ``indicators.json`` states them: every city's
figures (computed by the figure registry, as its city report computes them) side by side,
and the programme's own, from the cities' children and services pooled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.reports import formatting
from exceed_analysis.reports.programme_figures import (
    AGE_GROUPS,
    BASELINE_CUTOFF,
    DONOR_EDUCATION,
    OLDER,
    POOLED_KEY,
    concat,
    cumulative_enrolled,
    donor_education,
    family_contact_baseline,
    quarterly_beneficiaries,
    rank_cities,
    typed_counts,
)
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS, SECTORS, SEXES

if TYPE_CHECKING:
    from exceed_analysis.reports.programme import ProgrammeReport

__all__ = ["compute_programme"]

HEADLINES = figures_registry.RANKED


def _served(rep: ProgrammeReport, names: str | Sequence[str]) -> int:
    names = (names,) if isinstance(names, str) else tuple(names)
    rows = rep.svc.loc[rep.svc["service"].isin(names)]
    return len(rows[POOLED_KEY].drop_duplicates())


def _cumulative(rep: ProgrammeReport, slug: str) -> dict[str, int]:
    c = rep.registry.city(slug)
    return cumulative_enrolled(rep.data[slug].children, c.programme_start, rep.period.end)


def compute_programme(rep: ProgrammeReport) -> dict:
    """Every figure of the programme report (its ``indicators.json``), from the cities'
    figures (the figure registry) and their children and services pooled."""
    slugs = [c.slug for c in rep.cities]
    ben = rep.ben

    age_cats = list(AGE_GROUPS) + ([OLDER] if (ben["age_group"] == OLDER).any() else [])
    by_type = ben["beneficiary_type"].value_counts()

    education_by_city = {}
    for c in rep.cities:
        d, p = rep.data[c.slug], rep.city_periods[c.slug]
        b = ind.beneficiaries(d.children, p)
        education_by_city[c.slug] = donor_education(b, ind.services_in_period(d.services, p, b))

    def pct(n: int, target: int) -> float:
        return round(formatting.percent(n, target), 4)

    cumulative_by_city: dict[str, dict[str, Any]] = {}
    for c in rep.cities:
        got, target = _cumulative(rep, c.slug), rep.targets.by_city[c.slug]
        cumulative_by_city[c.slug] = {
            "start": c.programme_start.isoformat(),
            **{
                t: {"children": got[t], "target": target[t], "percent_of_target": pct(got[t], target[t])}
                for t in BENEFICIARY_TYPES
            },
        }
    cum_total = {t: sum(v[t]["children"] for v in cumulative_by_city.values()) for t in BENEFICIARY_TYPES}
    # the programme target is of every registry city, started or not
    cumulative = {
        "start": rep.programme_start.isoformat(),
        "end": rep.period.end.isoformat(),
        "horizon": rep.targets.horizon.isoformat(),
        "illustrative_targets": rep.targets.illustrative,
        **{
            t: {
                "children": cum_total[t],
                "target": rep.targets.total[t],
                "percent_of_target": pct(cum_total[t], rep.targets.total[t]),
            }
            for t in BENEFICIARY_TYPES
        },
        "by_city": cumulative_by_city,
    }

    trend_by_city = {
        c.slug: quarterly_beneficiaries(rep.data[c.slug].children, rep.quarters, c.programme_start)
        for c in rep.cities
    }
    trend = {
        "quarters": [q.name for q in rep.quarters],
        "quarter_start": [q.start.isoformat() for q in rep.quarters],
        "quarter_end": [q.end.isoformat() for q in rep.quarters],
        "by_city": trend_by_city,
        "total": [sum(v[i] for v in trend_by_city.values()) for i in range(len(rep.quarters))],
    }

    def headline(slug: str, h: figures_registry.Headline) -> int:
        return int(rep.city_indicators[slug].headline(h))

    ranking = {
        h.name: [
            {"rank": r, "city": s, "value": v} for r, s, v in rank_cities({s: headline(s, h) for s in slugs})
        ]
        for h in HEADLINES
    }

    base = family_contact_baseline(concat([rep.data[s].children for s in slugs]))
    baseline = {
        "cutoff": BASELINE_CUTOFF.isoformat(),
        "by_sector": {
            s: {
                "children": int(row["children"]),
                "counts": {c: int(row[c]) for c in FAMILY_CONTACTS},
                "percent": {c: int(row[f"{c}_percent"]) for c in FAMILY_CONTACTS},
            }
            for s, row in base.iterrows()
        },
    }

    cities = {}
    for c in rep.cities:
        i, p = rep.city_indicators[c.slug], rep.city_periods[c.slug]
        cb = ben.loc[ben["city"] == c.slug]
        cities[c.slug] = {
            "period_start": p.start.isoformat(),
            "period_end": p.end.isoformat(),
            "beneficiaries": {
                "total": i.count("beneficiaries.total"),
                "by_beneficiary_type": dict(i.breakdown("beneficiaries.by_beneficiary_type")),
                "by_sex": dict(i.breakdown("beneficiaries.by_sex")),
                "by_sector": {k: v["total"] for k, v in typed_counts(cb, "sector", c.sectors).items()},
                "by_age_group": {k: v["total"] for k, v in typed_counts(cb, "age_group", age_cats).items()},
            },
            **{h.name: {"children": headline(c.slug, h)} for h in HEADLINES[1:]},
            "education_services": education_by_city[c.slug],
            "cumulative": cumulative_by_city[c.slug],
            "rank": {
                h.name: next(r["rank"] for r in ranking[h.name] if r["city"] == c.slug) for h in HEADLINES
            },
        }

    return {
        "programme": rep.registry.programme.get("name", "EXCEED"),
        "period": rep.period.name,
        "period_start": rep.period.start.isoformat(),
        "period_end": rep.period.end.isoformat(),
        "cities_included": slugs,
        "beneficiaries": {
            "total": int(len(ben)),
            "by_beneficiary_type": {t: int(by_type.get(t, 0)) for t in BENEFICIARY_TYPES},
            "by_city": typed_counts(ben, "city", slugs),
            "by_sector": typed_counts(ben, "sector", [s for s in SECTORS if s in rep.registry.sectors]),
            "by_sex": typed_counts(ben, "sex", SEXES),
            "by_age_group": typed_counts(ben, "age_group", age_cats),
        },
        "counseling": {"children": _served(rep, "counseling")},
        "health_check": {"children": _served(rep, ind.HEALTH_SERVICES)},
        "internship": {"children": _served(rep, "internship")},
        "education_services": {
            **{k: sum(e[k] for e in education_by_city.values()) for k in DONOR_EDUCATION},
            "by_city": education_by_city,
        },
        "cumulative": cumulative,
        "trend": trend,
        "ranking": ranking,
        "baseline_family_contact": baseline,
        "cities": cities,
    }
