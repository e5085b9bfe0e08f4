"""The facts of a city report, built from its figures: one per data-driven sentence.

:func:`city_facts` takes the figures of one city and period (``indicators.json`` as a
dict, as ``exceed_analysis.figures.registry.compute(...).as_dict()`` gives them, or the
public edition's), the partners' labels, and what the figures do not hold (the
activities, the basic-needs deliveries), and returns every fact the city report states
(:mod:`exceed_analysis.reports.claims`), by name. The report renders each with the
catalogue's ``sentences.<name>.<fact.key>``; a test checks each against the figures.

Examples
--------
>>> figures = {"beneficiaries": {"total": 2, "by_partner": {"A": 2}, "by_sex": {"F": 1, "M": 1},
...     "by_age_at_intake": {"13": 1, "14": 1}, "new_intakes": 2, "exits": 0,
...     "trafficking_victims": 0},
...     "counseling": {"children": 0, "mean_sessions_per_child": 0.0,
...                    "trafficking_victims_mean_sessions": 0.0, "by_partner": {"A": 0}},
...     "health_check": {"children": 0, "sti_screening": 0, "by_partner": {"A": 0}},
...     "basic_needs": {"children": 0, "by_partner": {"A": 0}},
...     "living_with_family": {"children": 2},
...     "reintegration": {"alternative_care": 0, "family_support": 0},
...     "schooling_at_intake": {"formal": 0, "kejar_paket": 0, "not_in_school": 2},
...     "education_services": {"bridging_course": 0, "remedial": 0, "skills_course": 0},
...     "education_services_by_partner": {"bridging_course": {"A": 0}, "remedial": {"A": 0},
...                                       "skills_course": {"A": 0}},
...     "skills_course_type": {"tata_boga": 0},
...     "internship": {"children": 0, "by_partner": {"A": 0}}}
>>> f = city_facts(figures, {"A": "Mitra A (A)"})
>>> f["sex"].key, f["age"].key, f["age"].winners, f["exits"].key
('equal', 'tie', ('13', '14'), 'zero')
>>> check_all(f, figures)
[]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from exceed_analysis.figures.disclosure import sum_shown
from exceed_analysis.reports.checking import check
from exceed_analysis.reports.claims import Count, Greater, Instead, Kit, Part, Parts, Split, Top

__all__ = [
    "city_facts",
    "programme_facts",
    "check",
    "check_all",
    "each_fact",
    "Youngest",
    "AWARENESS_ACTIVITIES",
    "TASK_FORCE_ACTIVITIES",
]


@dataclass(frozen=True)
class Youngest:
    """The youngest age at intake among the children (``age``: None when there are none)."""

    ages: Mapping[str, int]
    source: str = "beneficiaries.by_age_at_intake"

    @property
    def age(self) -> int | None:
        return min((int(a) for a, n in self.ages.items() if int(n)), default=None)

    @property
    def key(self) -> str:
        return "none" if self.age is None else "some"

    def stated(self) -> list[tuple[str, Any]]:
        return [(self.source, {str(a): int(n) for a, n in self.ages.items()})]

    def problems(self) -> list[str]:
        if self.age is None:
            return []
        younger = [a for a, n in self.ages.items() if int(n) and int(a) < self.age]
        return [f"calls {self.age} the youngest age but children aged {younger} exist"] if younger else []


def each_fact(facts: Mapping, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(name, fact)`` for every fact of :func:`city_facts`, nested ones included."""
    for name, fact in facts.items():
        if isinstance(fact, Mapping):
            yield from each_fact(fact, f"{prefix}{name}.")
        elif hasattr(fact, "problems"):
            yield f"{prefix}{name}", fact


def check_all(facts: Mapping, figures: Mapping | None = None) -> list[str]:
    """Every problem of every fact (:func:`exceed_analysis.reports.claims.check`), named."""
    return [f"{name}: {p}" for name, fact in each_fact(facts) for p in check(fact, figures)]


AWARENESS_ACTIVITIES = ("awareness", "community_dialogue", "radio")
TASK_FORCE_ACTIVITIES = ("task_force_meeting", "field_visit")


def _parts(
    counts: Mapping[str, int],
    of: Mapping[str, int],
    labels: Mapping[str, str],
    source: str,
    of_source: str | None = "beneficiaries.by_partner",
) -> Parts:
    return Parts(
        tuple(Part(code, labels.get(code, code), n, of.get(code, 0)) for code, n in counts.items()),
        source,
        of_source,
    )


def city_facts(
    figures: Mapping,
    partner_labels: Mapping[str, str],
    *,
    kit: Kit | None = None,
    activities: Mapping[str, tuple[int, int]] | None = None,
) -> dict:
    """Every fact of a city report, by name (see the module's docstring).

    ``activities`` maps an activity code to ``(events, participants)`` in the period;
    ``kit`` is :func:`exceed_analysis.reports.claims.kit_items` of the period's deliveries."""
    b = figures["beneficiaries"]
    by_partner = b["by_partner"]
    total = b["total"]
    acts = dict(activities or {})
    c, h, bn = figures["counseling"], figures["health_check"], figures["basic_needs"]
    school = figures["schooling_at_intake"]
    edu, edu_p = figures["education_services"], figures["education_services_by_partner"]
    ages = b["by_age_at_intake"]

    def events(*kinds: str) -> int:
        return sum(int(acts.get(k, (0, 0))[0]) for k in kinds)

    def people(*kinds: str) -> int:
        return sum(int(acts.get(k, (0, 0))[1]) for k in kinds)

    in_school = {k: school[k] for k in ("kejar_paket", "formal")}
    return {
        "beneficiaries": Count(total, "beneficiaries.total"),
        "partners": Parts(
            tuple(Part(code, partner_labels.get(code, code), n, total) for code, n in by_partner.items()),
            "beneficiaries.by_partner",
        ),
        "sex": Split("F", b["by_sex"].get("F", 0), "M", b["by_sex"].get("M", 0), "beneficiaries.by_sex"),
        "age": Top(ages, total, "beneficiaries.by_age_at_intake", "beneficiaries.total"),
        "youngest": Youngest(ages),
        "intakes": Count(b["new_intakes"], "beneficiaries.new_intakes"),
        "exits": Count(b["exits"], "beneficiaries.exits"),
        "outreach": Count(events("outreach")),
        "outreach_participants": Count(people("outreach")),
        "counselled": Count(c["children"], "counseling.children"),
        "trafficking": Greater(
            c["trafficking_victims_mean_sessions"],
            c["mean_sessions_per_child"],
            b["trafficking_victims"],
            "counseling.trafficking_victims_mean_sessions",
            "counseling.mean_sessions_per_child",
            "beneficiaries.trafficking_victims",
        ),
        "health": Count(h["children"], "health_check.children"),
        "sti": Count(h["sti_screening"], "health_check.sti_screening"),
        "health_by_partner": _parts(h["by_partner"], by_partner, partner_labels, "health_check.by_partner"),
        "basic": Count(bn["children"], "basic_needs.children"),
        "basic_by_partner": _parts(bn["by_partner"], by_partner, partner_labels, "basic_needs.by_partner"),
        "kit": kit if kit is not None else Kit((), ()),
        "with_family": Count(figures["living_with_family"]["children"], "living_with_family.children"),
        "family_support": Count(figures["reintegration"]["family_support"], "reintegration.family_support"),
        "alternative_care": Count(
            figures["reintegration"]["alternative_care"], "reintegration.alternative_care"
        ),
        "schooling": Split(
            "not_in_school", school["not_in_school"], "in_school", sum_shown(*in_school.values())
        ),
        "not_in_school": Count(school["not_in_school"], "schooling_at_intake.not_in_school"),
        "in_school_parts": Parts(
            tuple(Part(k, k, n, total) for k, n in in_school.items()), "schooling_at_intake"
        ),
        "education_any": Count(sum(int(v) for v in edu.values())),
        "bridging": _parts(
            edu_p["bridging_course"],
            by_partner,
            partner_labels,
            "education_services_by_partner.bridging_course",
        ),
        "counselling_instead": Instead(edu_p["bridging_course"], c["by_partner"], by_partner),
        "courses": Top(
            figures["skills_course_type"],
            edu["skills_course"],
            "skills_course_type",
            "education_services.skills_course",
        ),
        "interns": Count(figures["internship"]["children"], "internship.children"),
        "interns_by_partner": _parts(
            figures["internship"]["by_partner"], by_partner, partner_labels, "internship.by_partner"
        ),
        "interns_not_all": Greater(
            edu["skills_course"],
            figures["internship"]["children"],
            figures["internship"]["children"],
            "education_services.skills_course",
            "internship.children",
            "internship.children",
        ),
        "awareness": Count(events(*AWARENESS_ACTIVITIES)),
        "awareness_parts": {k: Count(events(k)) for k in AWARENESS_ACTIVITIES},
        "awareness_participants": Count(people(*AWARENESS_ACTIVITIES)),
        "task_force_activity": Count(events(*TASK_FORCE_ACTIVITIES)),
        "task_force_parts": {k: Count(events(k)) for k in TASK_FORCE_ACTIVITIES},
    }


DONOR_EDUCATION = ("bridging_course", "remedial", "formal_or_equivalency", "skills_course")


def programme_facts(figures: Mapping) -> dict:
    """Every fact of the programme report, by name, from its figures (the programme's
    ``indicators.json`` as a dict)."""
    b = figures["beneficiaries"]
    total = b["total"]
    by_type = b["by_beneficiary_type"]
    edu = figures["education_services"]
    cum = figures["cumulative"]
    return {
        "beneficiaries": Count(total, "beneficiaries.total"),
        "withdrawn": Count(by_type["withdrawn"], "beneficiaries.by_beneficiary_type.withdrawn"),
        "prevented": Count(by_type["prevented"], "beneficiaries.by_beneficiary_type.prevented"),
        "top_city": Top(
            {s: v["total"] for s, v in b["by_city"].items()},
            total,
            "beneficiaries.by_city",
            "beneficiaries.total",
            field="total",
        ),
        "girls": Count(b["by_sex"]["F"]["total"], "beneficiaries.by_sex.F.total"),
        "top_age_group": Top(
            {g: v["total"] for g, v in b["by_age_group"].items()},
            total,
            "beneficiaries.by_age_group",
            "beneficiaries.total",
            field="total",
        ),
        "education": {k: Count(edu[k], f"education_services.{k}") for k in DONOR_EDUCATION},
        "top_education": Top({k: edu[k] for k in DONOR_EDUCATION}, total, None, "beneficiaries.total"),
        "best_withdrawn": Top(
            {s: v["withdrawn"]["percent_of_target"] for s, v in cum["by_city"].items()},
            None,
            "cumulative.by_city",
            field="withdrawn.percent_of_target",
        ),
        "worst_withdrawn": Top(
            {s: -v["withdrawn"]["percent_of_target"] for s, v in cum["by_city"].items()}, None
        ),
    }
