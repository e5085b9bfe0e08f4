"""The programme report's figures: every city side by side, computed from the cities'
processed stores (see :mod:`exceed_analysis.reports.programme`).

Small pure pieces (age groups, ranks, the donor's education counts, cumulative enrolment
against ``config/targets.yml``, quarters, the family-contact baseline) with doctests.

Examples
--------
>>> rank_cities({"semarang": 5, "surabaya": 9, "sambas": 5, "bandung": 2})
[(1, 'surabaya', 9), (2, 'semarang', 5), (2, 'sambas', 5), (4, 'bandung', 2)]
>>> whole_percent(22, 25), whole_percent(1, 8)
(88, 13)
>>> [age_group(a) for a in (11, 13, 16, 17)]
['under_13', '13_14', '15_16', '17']
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import yaml

from exceed_analysis import params
from exceed_analysis.config import Registry, paths, registry
from exceed_analysis.errors import ExceedError, ParameterError
from exceed_analysis.figures import indicators as ind
from exceed_analysis.periods import Period, quarter_of
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS, Children

__all__ = [
    "AGE_GROUPS",
    "OLDER",
    "BASELINE_CUTOFF",
    "BASELINE_SECTORS",
    "DONOR_EDUCATION",
    "POOLED_KEY",
    "Targets",
    "TargetsError",
    "age_group",
    "by_beneficiary_type",
    "typed_counts",
    "concat",
    "cumulative_enrolled",
    "donor_education",
    "family_contact_baseline",
    "join_and",
    "load_targets",
    "programme_quarters",
    "quarterly_beneficiaries",
    "rank_cities",
    "resolve_period",
    "whole_percent",
]

POOLED_KEY = ["city", "partner", "child_id"]
"""A child across cities (child ids are unique within a partner only)."""

AGE_GROUPS: dict[str, tuple[int, int]] = {
    "under_13": (0, 12),
    "13_14": (13, 14),
    "15_16": (15, 16),
    "17": (17, 17),
}
"""Age groups at intake (completed years), always shown, in order."""

OLDER = "18_plus"
"""The group of a child older than 17 at intake (shown only when there is one)."""

DONOR_EDUCATION = ("bridging_course", "remedial", "formal_or_equivalency", "skills_course")
"""Education services as the donor counts them; ``formal_or_equivalency`` is a child in
formal school or in kejar paket (equivalency education) at intake."""
BASELINE_CUTOFF = dt.date(2010, 9, 30)
"""The September 2010 baseline: children enrolled up to this day."""

BASELINE_SECTORS = ("anak_jalanan_perempuan", "eska", "prta")
"""The groups of the baseline table, in the seed's order."""

# --------------------------------------------------------------------------- small pieces


def join_and(items: Iterable, conjunction: str = "dan") -> str:
    """Join words as a sentence does: ``a, b dan c``.

    Parameters
    ----------
    items : iterable
        The words (converted with ``str``).
    conjunction : str
        The word before the last item (``dan``, ``and``).

    Returns
    -------
    str
        The joined words; empty for no items.

    Examples
    --------
    >>> join_and(["Sambas", "Sanggau", "Pontianak"], "and")
    'Sambas, Sanggau and Pontianak'
    >>> join_and(["Sambas"])
    'Sambas'
    """
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def whole_percent(part: float, whole: float) -> int:
    """``part`` of ``whole`` in whole percent, rounded half up (0 when ``whole`` is 0).

    Parameters
    ----------
    part, whole : float
        The counts.

    Returns
    -------
    int
        The rounded percentage, as the seed's baseline table prints it.

    Examples
    --------
    >>> whole_percent(63, 100), whole_percent(1, 8), whole_percent(0, 0)
    (63, 13, 0)
    """
    if not whole:
        return 0
    return int(math.floor(100.0 * part / whole + 0.5 + 1e-9))


def age_group(age: int) -> str:
    """The age group (a key of :data:`AGE_GROUPS`, or ``18_plus``) of an age at intake.

    Parameters
    ----------
    age : int
        Completed years at intake.

    Returns
    -------
    str
        ``under_13``, ``13_14``, ``15_16``, ``17`` or ``18_plus``.

    Examples
    --------
    >>> age_group(5), age_group(15), age_group(18)
    ('under_13', '15_16', '18_plus')
    """
    for key, (low, high) in AGE_GROUPS.items():
        if low <= int(age) <= high:
            return key
    return OLDER if int(age) > 17 else "under_13"


def rank_cities(values: Mapping[str, int]) -> list[tuple[int, str, int]]:
    """Rank cities by a figure, largest first; equal figures share a rank ("1, 2, 2, 4").

    Parameters
    ----------
    values : mapping
        City slug to figure, in the order ties are listed in (the registry's).

    Returns
    -------
    list of (rank, slug, value)
        Sorted by value, descending; ties keep the order of ``values``.

    Examples
    --------
    >>> rank_cities({"a": 3, "b": 7, "c": 7})
    [(1, 'b', 7), (1, 'c', 7), (3, 'a', 3)]
    """
    ordered = sorted(values.items(), key=lambda kv: -kv[1])  # stable: ties keep input order
    out: list[tuple[int, str, int]] = []
    for position, (slug, value) in enumerate(ordered, start=1):
        rank = out[-1][0] if out and out[-1][2] == value else position
        out.append((rank, slug, int(value)))
    return out


def by_beneficiary_type(frame: pd.DataFrame, column: str, categories: Sequence) -> pd.DataFrame:
    """Children per category of ``column``, withdrawn and prevented apart.

    Parameters
    ----------
    frame : pandas.DataFrame
        Children (one row each) with ``column`` and ``beneficiary_type``.
    column : str
        The column to group by.
    categories : sequence
        Categories always listed (0 when empty); others found in the data follow.

    Returns
    -------
    pandas.DataFrame
        Indexed by category, columns ``withdrawn``, ``prevented``, ``total`` (ints).

    Examples
    --------
    >>> kids = pd.DataFrame({"sex": ["F", "F", "M"],
    ...                      "beneficiary_type": ["withdrawn", "prevented", "withdrawn"]})
    >>> by_beneficiary_type(kids, "sex", ["F", "M"]).to_dict("index")
    {'F': {'withdrawn': 1, 'prevented': 1, 'total': 2}, 'M': {'withdrawn': 1, 'prevented': 0, 'total': 1}}
    """
    counts = frame.groupby([column, "beneficiary_type"]).size()
    table = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    cats = list(categories)
    extra = sorted(set(table.index) - set(cats), key=str)
    table = table.reindex(index=cats + extra, columns=list(BENEFICIARY_TYPES), fill_value=0)
    table = table.fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    table.index.name = column
    table.columns.name = None
    return table


def typed_counts(frame: pd.DataFrame, column: str, categories: Sequence) -> dict[str, dict[str, int]]:
    """:func:`by_beneficiary_type` as plain data: ``{category: {withdrawn, prevented, total}}``."""
    table = by_beneficiary_type(frame, column, categories)
    return {str(k): {str(t): int(v) for t, v in row.items()} for k, row in table.iterrows()}


def donor_education(ben: Children, served: ind.ServedIndex) -> dict[str, int]:
    """Children receiving each education service as the donor counts them.

    Parameters
    ----------
    ben : pandas.DataFrame
        The period's beneficiaries (of one city).
    served : exceed_analysis.figures.indicators.ServedIndex
        Their services in the period (the city's ``Inputs.served``).

    Returns
    -------
    dict
        ``bridging_course``, ``remedial`` and ``skills_course``: distinct children with the
        service in the period; ``formal_or_equivalency``: beneficiaries in formal school or
        kejar paket at intake.
    """
    return {
        "bridging_course": served.count("bridging_course"),
        "remedial": served.count("remedial"),
        "formal_or_equivalency": int(ben["school_status"].isin(("formal", "kejar_paket")).sum()),
        "skills_course": served.count("skills_course"),
    }


def cumulative_enrolled(children: Children, start: dt.date, end: dt.date) -> dict[str, int]:
    """Distinct children enrolled from ``start`` to ``end`` (intake dates), by type.

    Parameters
    ----------
    children : pandas.DataFrame
        One city's children.
    start, end : datetime.date
        The city's programme start and the period end.

    Returns
    -------
    dict
        ``{"withdrawn": n, "prevented": n}``.

    Examples
    --------
    >>> kids = pd.DataFrame({"partner": ["A", "A", "A"], "child_id": ["1", "2", "3"],
    ...     "beneficiary_type": ["withdrawn", "prevented", "withdrawn"],
    ...     "intake_date": pd.to_datetime(["2010-05-03", "2010-06-01", "2011-02-01"])})
    >>> cumulative_enrolled(kids, dt.date(2010, 5, 1), dt.date(2010, 12, 31))
    {'withdrawn': 1, 'prevented': 1}
    """
    d = children["intake_date"]
    rows = children.loc[(d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))]
    counts = rows.drop_duplicates(subset=ind.KEY)["beneficiary_type"].value_counts()
    return {t: int(counts.get(t, 0)) for t in BENEFICIARY_TYPES}


def programme_quarters(start: dt.date, end: dt.date) -> list[Period]:
    """The calendar quarters from ``start`` to ``end``, the first and last clipped to them.

    Parameters
    ----------
    start, end : datetime.date
        The programme start and the report period's end.

    Returns
    -------
    list of Period
        Quarters named ``2010Q2`` ...; ``start`` of the first is ``start`` and ``end`` of
        the last is ``end``.

    Examples
    --------
    >>> qs = programme_quarters(dt.date(2010, 5, 1), dt.date(2011, 2, 15))
    >>> [q.name for q in qs], qs[0].start, qs[-1].end
    (['2010Q2', '2010Q3', '2010Q4', '2011Q1'], datetime.date(2010, 5, 1), datetime.date(2011, 2, 15))
    """
    out: list[Period] = []
    q = quarter_of(start)
    while q.start <= end:
        out.append(replace(q, start=max(q.start, start), end=min(q.end, end)))
        q = quarter_of(q.end + dt.timedelta(days=1))
    return out


def quarterly_beneficiaries(
    children: Children, quarters: Sequence[Period], programme_start: dt.date
) -> list[int]:
    """A city's beneficiaries in each quarter (0 before its programme started).

    Parameters
    ----------
    children : pandas.DataFrame
        One city's children.
    quarters : sequence of Period
        From :func:`programme_quarters`.
    programme_start : datetime.date
        The city's programme start; each quarter is clipped to it.

    Returns
    -------
    list of int
        One count per quarter.
    """
    started = [q.clip_start(programme_start) for q in quarters if q.end >= programme_start]
    return [0] * (len(quarters) - len(started)) + ind.beneficiary_counts(children, started)


def family_contact_baseline(
    children: pd.DataFrame, cutoff: dt.date = BASELINE_CUTOFF, sectors: Sequence[str] = BASELINE_SECTORS
) -> pd.DataFrame:
    """The family-contact baseline: children enrolled by ``cutoff``, per sector (all
    cities pooled), by family contact recorded at intake.

    Parameters
    ----------
    children : pandas.DataFrame
        Children of every city (with ``city``, ``partner``, ``child_id``, ``sector``,
        ``intake_date`` and ``family_contact``).
    cutoff : datetime.date
        Last intake date counted (the baseline of September 2010).
    sectors : sequence of str
        The sectors (rows), in order.

    Returns
    -------
    pandas.DataFrame
        Indexed by sector: ``children``, a count per contact (``daily``, ``periodic``,
        ``never``, ``unknown``) and ``<contact>_percent`` in whole percent (half up).

    Examples
    --------
    >>> kids = pd.DataFrame({"city": "x", "partner": "A", "child_id": list("1234"),
    ...     "sector": ["eska"] * 4, "family_contact": ["daily", "daily", "never", "unknown"],
    ...     "intake_date": pd.to_datetime(["2010-05-01", "2010-06-01", "2010-09-30", "2010-10-01"])})
    >>> family_contact_baseline(kids, sectors=["eska"]).loc["eska", "daily_percent"]
    np.int64(67)
    """
    early = children.loc[children["intake_date"] <= pd.Timestamp(cutoff)]
    early = early.drop_duplicates(subset=[c for c in POOLED_KEY if c in early.columns])
    counts = early.groupby(["sector", "family_contact"]).size()
    table = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    table = table.reindex(index=list(sectors), columns=list(FAMILY_CONTACTS), fill_value=0)
    table = table.fillna(0).astype(int)
    table.insert(0, "children", table.sum(axis=1))
    for c in FAMILY_CONTACTS:
        table[f"{c}_percent"] = [
            whole_percent(n, t) for n, t in zip(table[c], table["children"], strict=True)
        ]
    table.index.name = "sector"
    table.columns.name = None
    return table


# --------------------------------------------------------------------------- targets


class TargetsError(ExceedError, ValueError):
    """``config/targets.yml`` is missing a city or its total does not add up."""


@dataclass(frozen=True)
class Targets:
    """Cumulative targets: children withdrawn and prevented by ``horizon``."""

    total: dict[str, int]
    by_city: dict[str, dict[str, int]]
    horizon: dt.date
    illustrative: bool


def load_targets(path: Path | None = None, reg: Registry | None = None) -> Targets:
    """Read and check the programme targets (``config/targets.yml``).

    Parameters
    ----------
    path : pathlib.Path, optional
        The targets file; defaults to the project's ``config/targets.yml``.
    reg : Registry, optional
        The city registry every city of which needs a target.

    Returns
    -------
    Targets

    Raises
    ------
    TargetsError
        When a registry city has no target, a target is not a positive whole number, or the
        total is not the sum of the cities.
    """
    path = path or paths().config_dir / "targets.yml"
    reg = reg or registry()
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    cities = raw.get("cities") or {}
    missing = [s for s in reg.slugs if s not in cities]
    unknown = [s for s in cities if s not in reg.slugs]
    if missing or unknown:
        raise TargetsError(
            f"{path.name}: cities without a target: {missing}; targets for unknown cities: {unknown}"
        )
    by_city = {}
    for slug in reg.slugs:
        entry = cities[slug]
        for t in BENEFICIARY_TYPES:
            if not isinstance(entry.get(t), int) or entry[t] <= 0:
                raise TargetsError(f"{path.name}: {slug}.{t} must be a positive whole number")
        by_city[slug] = {t: int(entry[t]) for t in BENEFICIARY_TYPES}
    total = {t: int(raw["total"][t]) for t in BENEFICIARY_TYPES}
    for t in BENEFICIARY_TYPES:
        summed = sum(c[t] for c in by_city.values())
        if summed != total[t]:
            raise TargetsError(f"{path.name}: total.{t} is {total[t]} but the cities add up to {summed}")
    horizon = raw.get("horizon")
    horizon = horizon if isinstance(horizon, dt.date) else dt.date.fromisoformat(str(horizon))
    return Targets(total, by_city, horizon, bool(raw.get("illustrative", True)))


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    filled = [f for f in frames if len(f)]
    return pd.concat(filled, ignore_index=True) if filled else frames[0].iloc[:0]


def resolve_period(period: str, reg: Registry | None = None) -> tuple[Period, dict[str, Period]]:
    """Check a programme report's period; raise :class:`ParameterError` (one line) early.

    Parameters
    ----------
    period : str
        ``2012``, ``2012H2``, ``2012Q4`` or ``2012-01-01..2012-06-30``.
    reg : Registry, optional
        The city registry.

    Returns
    -------
    (Period, dict)
        The programme period (clipped to the earliest programme start of a city that had
        started by its end) and, per such city, its own period clipped to its start.

    Raises
    ------
    ParameterError
        For a malformed period or one that ends before any city's programme started.

    Examples
    --------
    >>> p, cities = resolve_period("2010")
    >>> p.months_label(), len(cities)
    ('Mei - Desember 2010', 8)
    """
    reg = reg or registry()
    p = params.period_argument(period)
    started = [c for c in reg.cities if c.programme_start <= p.end]
    if not started:
        first = min(c.programme_start for c in reg.cities)
        raise ParameterError(f"period {p.name} ends before the programme started ({first:%Y-%m-%d})")
    city_periods = {c.slug: p.clip_start(c.programme_start) for c in started}
    return p.clip_start(min(c.programme_start for c in started)), city_periods
