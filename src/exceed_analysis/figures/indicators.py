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

import pandas as pd

from exceed_analysis.periods import Period
from exceed_analysis.schemas import SCHOOL_STATUSES, SEXES, SKILLS_COURSES

__all__ = [
    "KEY",
    "HEALTH_SERVICES",
    "EDUCATION_SERVICES",
    "REPORT_AGES",
    "beneficiaries",
    "services_in_period",
    "count_by",
    "age_counts",
    "children_served",
    "served_by_partner",
    "counseling_sessions",
    "skills_course_types",
    "new_intakes",
    "exits",
    "compute_indicators",
]

KEY = ["partner", "child_id"]
HEALTH_SERVICES = ("health_check", "sti_screening")
EDUCATION_SERVICES = ("bridging_course", "remedial", "skills_course")
REPORT_AGES = range(13, 18)
"""Ages always shown in the age table (the seed's 13 to 17), even when empty."""


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day)


def beneficiaries(children: pd.DataFrame, period: Period, partner: str | None = None) -> pd.DataFrame:
    """Children served in the period: ``intake_date <= end`` and (no exit or
    ``exit_date >= start``), optionally of one partner."""
    start, end = _ts(period.start), _ts(period.end)
    mask = (children["intake_date"] <= end) & (
        children["exit_date"].isna() | (children["exit_date"] >= start))
    if partner is not None:
        mask &= children["partner"] == partner
    return children.loc[mask]


def services_in_period(services: pd.DataFrame, period: Period, ben: pd.DataFrame) -> pd.DataFrame:
    """Service rows dated inside the period and delivered to one of ``ben``."""
    start, end = _ts(period.start), _ts(period.end)
    in_period = services.loc[(services["date"] >= start) & (services["date"] <= end)]
    keys = pd.MultiIndex.from_frame(ben[KEY])
    return in_period.loc[pd.MultiIndex.from_frame(in_period[KEY]).isin(keys)]


def count_by(ben: pd.DataFrame, column: str, categories: Iterable) -> pd.Series:
    """Children per category of ``column``, every category present (0 when empty), plus
    any category found in the data but not listed."""
    counts = ben[column].value_counts()
    cats = list(categories)
    extra = sorted(set(counts.index) - set(cats), key=str)
    return counts.reindex(cats + extra, fill_value=0).astype(int)


def age_counts(ben: pd.DataFrame) -> pd.Series:
    """Children by completed age at intake: the ages present plus 13 to 17, in order."""
    ages = sorted(set(REPORT_AGES) | set(int(a) for a in ben["age_at_intake"]))
    return count_by(ben, "age_at_intake", ages).reindex(ages)


def _served_keys(svc: pd.DataFrame, names: Sequence[str], detail: str | None = None) -> pd.DataFrame:
    rows = svc.loc[svc["service"].isin(names)]
    if detail is not None:
        rows = rows.loc[rows["detail"] == detail]
    return rows[KEY].drop_duplicates()


def children_served(svc: pd.DataFrame, names: str | Sequence[str], detail: str | None = None) -> int:
    """Distinct children with at least one row of any of ``names`` (already restricted to
    the period's beneficiaries by :func:`services_in_period`)."""
    names = (names,) if isinstance(names, str) else tuple(names)
    return len(_served_keys(svc, names, detail))


def served_by_partner(svc: pd.DataFrame, names: str | Sequence[str], partners: Sequence[str]) -> dict[str, int]:
    """:func:`children_served` per partner, every partner listed."""
    names = (names,) if isinstance(names, str) else tuple(names)
    keys = _served_keys(svc, names)
    counts = keys["partner"].value_counts()
    return {p: int(counts.get(p, 0)) for p in partners}


def counseling_sessions(svc: pd.DataFrame) -> tuple[int, int, float]:
    """(children counselled, sessions, mean sessions per counselled child; 0 if none)."""
    rows = svc.loc[svc["service"] == "counseling"]
    children = len(rows[KEY].drop_duplicates())
    return children, len(rows), (len(rows) / children if children else 0.0)


def skills_course_types(svc: pd.DataFrame) -> pd.Series:
    """Distinct children per skills-course type (the four contract types, then others)."""
    rows = svc.loc[svc["service"] == "skills_course", KEY + ["detail"]].drop_duplicates()
    return count_by(rows, "detail", SKILLS_COURSES)


def new_intakes(children: pd.DataFrame, period: Period) -> int:
    """Children whose intake date falls inside the period."""
    d = children["intake_date"]
    return int(((d >= _ts(period.start)) & (d <= _ts(period.end))).sum())


def exits(children: pd.DataFrame, period: Period) -> int:
    """Children whose exit date falls inside the period."""
    d = children["exit_date"]
    return int(((d >= _ts(period.start)) & (d <= _ts(period.end))).sum())


def _as_dict(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.items()}


def compute_indicators(children: pd.DataFrame, services: pd.DataFrame, period: Period,
                       partners: Sequence[str]) -> dict:
    """Every figure of ``indicators.json`` for one city (its children and services) and
    period, keyed as in the data contract."""
    ben = beneficiaries(children, period)
    svc = services_in_period(services, period, ben)
    n_counselled, n_sessions, mean_sessions = counseling_sessions(svc)
    trafficked = ben.loc[ben["trafficking_victim"], KEY]
    t_svc = svc.merge(trafficked, on=KEY) if len(trafficked) else svc.iloc[:0]
    _, t_sessions, t_mean = counseling_sessions(t_svc)
    schooling = count_by(ben, "school_status", SCHOOL_STATUSES)
    return {
        "beneficiaries": {
            "total": int(len(ben)),
            "by_partner": _as_dict(count_by(ben, "partner", partners)),
            "by_sex": _as_dict(count_by(ben, "sex", SEXES)),
            "by_age_at_intake": _as_dict(age_counts(ben)),
            "by_beneficiary_type": _as_dict(count_by(ben, "beneficiary_type", ("withdrawn", "prevented"))),
            "trafficking_victims": int(ben["trafficking_victim"].sum()),
            "new_intakes": new_intakes(children, period),
            "exits": exits(children, period),
        },
        "counseling": {
            "children": n_counselled,
            "sessions": n_sessions,
            "mean_sessions_per_child": mean_sessions,
            "trafficking_victims_mean_sessions": t_mean,
            "by_partner": served_by_partner(svc, "counseling", partners),
        },
        "health_check": {
            "children": children_served(svc, HEALTH_SERVICES),
            "by_partner": served_by_partner(svc, HEALTH_SERVICES, partners),
            "sti_screening": children_served(svc, "sti_screening"),
        },
        "basic_needs": {
            "children": children_served(svc, "basic_needs"),
            "by_partner": served_by_partner(svc, "basic_needs", partners),
        },
        "living_with_family": {"children": int(ben["lives_with_family"].sum())},
        "reintegration": {
            "alternative_care": children_served(svc, "alternative_care"),
            "family_support": children_served(svc, "family_support"),
        },
        "schooling_at_intake": _as_dict(schooling),
        "education_services": {s: children_served(svc, s) for s in EDUCATION_SERVICES},
        "education_services_by_partner": {
            s: served_by_partner(svc, s, partners) for s in EDUCATION_SERVICES},
        "skills_course_type": _as_dict(skills_course_types(svc)),
        "internship": {
            "children": children_served(svc, "internship"),
            "by_partner": served_by_partner(svc, "internship", partners),
        },
    }


HEADLINE_SERVICES = {
    "counseling": ("counseling",),
    "health_check": HEALTH_SERVICES,
    "basic_needs": ("basic_needs",),
    "bridging_course": ("bridging_course",),
    "skills_course": ("skills_course",),
    "internship": ("internship",),
}


def headlines_by_city(children: pd.DataFrame, services: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The headline figures of every city in one pass over the whole store: one row per
    city, the same numbers :func:`compute_indicators` gives city by city.

    Examples
    --------
    >>> import pandas as pd
    >>> from exceed_analysis.periods import parse_period
    >>> kids = pd.DataFrame({"city": ["a", "a", "b"], "partner": ["P", "P", "Q"],
    ...     "child_id": ["1", "2", "1"], "sex": ["F", "M", "F"],
    ...     "intake_date": pd.to_datetime(["2010-05-01"] * 3), "exit_date": pd.NaT,
    ...     "lives_with_family": [True, False, True]})
    >>> svc = pd.DataFrame({"city": ["a"], "partner": ["P"], "child_id": ["2"],
    ...     "date": pd.to_datetime(["2010-06-01"]), "service": ["counseling"]})
    >>> table = headlines_by_city(kids, svc, parse_period("2010"))
    >>> table[["beneficiaries", "girls", "counseling"]].to_dict("index")
    {'a': {'beneficiaries': 2, 'girls': 1, 'counseling': 1}, 'b': {'beneficiaries': 1, 'girls': 1, 'counseling': 0}}
    """
    key = ["city", *KEY]
    ben = beneficiaries(children, period)
    start, end = _ts(period.start), _ts(period.end)
    svc = services.loc[(services["date"] >= start) & (services["date"] <= end),
                       key + ["service"]]
    svc = svc.merge(ben[key], on=key)  # only the period's beneficiaries
    cities = pd.Index(sorted(children["city"].unique()), name="city")
    out = pd.DataFrame(index=cities)
    by_city = ben.groupby("city")
    out["beneficiaries"] = by_city.size()
    out["girls"] = ben.loc[ben["sex"] == "F"].groupby("city").size()
    out["boys"] = ben.loc[ben["sex"] == "M"].groupby("city").size()
    out["living_with_family"] = ben.loc[ben["lives_with_family"]].groupby("city").size()
    d = children["intake_date"]
    out["new_intakes"] = children.loc[(d >= start) & (d <= end)].groupby("city").size()
    e = children["exit_date"]
    out["exits"] = children.loc[(e >= start) & (e <= end)].groupby("city").size()
    for name, codes in HEADLINE_SERVICES.items():
        served = svc.loc[svc["service"].isin(codes), key].drop_duplicates()
        out[name] = served.groupby("city").size()
    return out.fillna(0).astype("int64")
