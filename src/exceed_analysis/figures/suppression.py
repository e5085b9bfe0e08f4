"""One suppression for every public period of a city.

A reader of the public site sees a city's quarters, half-years and years side by side (and each
quarterly or half-year report repeats the previous period's headline figures). Figures of
overlapping periods are tied together:

- counts of events add up: the children taken in (``new_intakes``) or leaving (``exits``) in a
  half-year are those of its two quarters, a year's those of its halves;
- counts of children served are unions: the children of a half-year in any breakdown are at
  least those of each of its quarters and at most the two together.

A cell hidden in one report could be worked out from the others, so the city's public periods
are protected together (:func:`city_hidden`): every figure of every period is a cell, the
reports' own additive groups and the relations above are :class:`~disclosure.Relation`\\ s, and
:func:`~disclosure.protect` hides cells until no hidden cell of any period can be narrowed
below 0-4. A report then hides (at least) its period's cells of that set. The result is cached
per city for the data it was computed from (a fingerprint of its tables). A public edition of a
date range (``2010-05-01..2010-12-31``) is refused (:func:`exceed_analysis.params.check_public_period`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from exceed_analysis.figures import disclosure as sdc
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.arithmetic import BIG
from exceed_analysis.periods import Period, PeriodError, parse_period

__all__ = [
    "ADDITIVE",
    "Family",
    "family_periods",
    "family_model",
    "city_family",
    "city_hidden",
    "public_city_figures",
]

log = logging.getLogger(__name__)

ADDITIVE = ("beneficiaries.new_intakes", "beneficiaries.exits")
"""Figures that count events dated in the period: a longer period's is the sum of its parts."""


def family_periods(programme_start: dt.date, last_day: dt.date) -> list[Period]:
    """Every year, half-year and quarter with data, clipped to the programme start."""
    out = []
    for year in range(programme_start.year, last_day.year + 1):
        for name in (str(year), f"{year}H1", f"{year}H2", *(f"{year}Q{q}" for q in range(1, 5))):
            p = parse_period(name)
            if p.end < programme_start or p.start > last_day:
                continue
            try:
                out.append(p.clip_start(programme_start))
            except PeriodError:  # pragma: no cover - excluded just above
                continue
    return out


def _parts(p: Period, names: set[str]) -> list[str]:
    y = p.nominal_start.year
    if p.kind == "year":
        parts = [f"{y}H1", f"{y}H2"]
    elif p.kind == "half":
        first = 1 if p.nominal_start.month == 1 else 3
        parts = [f"{y}Q{first}", f"{y}Q{first + 1}"]
    else:
        return []
    return [q for q in parts if q in names]


def family_model(figures: dict) -> tuple[dict[str, int], list, set[str]]:
    """Cells (``<period>|<path>``), relations and never-shown cells of a family of periods,
    from each period's indicators (by period name)."""
    values: dict[str, int] = {}
    relations: list = []
    never: set[str] = set()
    paths: dict[str, set[str]] = {}
    for name, fig in figures.items():
        vals, groups = sdc.report_groups(fig)
        paths[name] = set(vals)
        values.update({f"{name}|{k}": v for k, v in vals.items()})
        never |= {f"{name}|{k}" for k in vals if "#not" in k}
        for g in groups:
            relations.append(
                sdc.Group(
                    tuple(f"{name}|{c}" for c in g.cells),
                    g.total,
                    None if g.total_key is None else f"{name}|{g.total_key}",
                )
            )
    names = set(figures)
    for name in figures:
        parts = _parts(parse_period(name), names)
        if not parts:
            continue
        for path in paths[name]:
            # a category missing from a part (an age no child had) is 0 there
            pieces = [f"{q}|{path}" for q in parts if path in paths[q]]
            if "#" in path or not pieces:
                continue
            whole = f"{name}|{path}"
            if path in ADDITIVE:
                relations.append(sdc.Relation(((whole, 1), *((c, -1) for c in pieces)), 0, 0))
                continue
            relations.append(sdc.Relation(((whole, 1), *((c, -1) for c in pieces)), -BIG, 0))
            relations += [sdc.Relation(((whole, 1), (c, -1)), 0, BIG) for c in pieces]
    return values, relations, never


@dataclass(frozen=True)
class Family:
    """A city's public periods protected together: each period's figures (by name), the
    cells (``<period>|<path>``) with their values, the reader's relations between them,
    the cells never shown, and per period the paths hidden and those shown as ``x``
    whatever their value (withheld groups)."""

    figures: dict
    values: dict[str, int]
    relations: list
    never: set[str]
    hidden: dict[str, set[str]]
    unmarked: dict[str, set[str]]


_CACHE: dict[tuple, Family] = {}


def city_family(data, programme_start: dt.date, partners: Sequence[str]) -> Family:
    """The :class:`Family` of a city's public periods (cached for the data it was computed
    from)."""
    import pandas as pd

    fingerprint = tuple(
        int(pd.util.hash_pandas_object(df, index=False).sum()) for df in (data.children, data.services)
    )
    key = (data.city, fingerprint, programme_start, tuple(partners))
    if key in _CACHE:
        return _CACHE[key]
    dates = [
        d
        for d in (data.children["intake_date"].max(), data.services["date"].max())
        if d == d and d is not None
    ]
    last = max(dates).date() if dates else programme_start
    figures = {
        p.name: figures_registry.compute(data.children, data.services, p, partners)
        for p in family_periods(programme_start, last)
    }
    values, relations, never = family_model(figures)
    hidden, withheld = sdc.protect(values, relations, never_shown=never)
    by_period: dict[str, set[str]] = {n: set() for n in figures}
    unmarked: dict[str, set[str]] = {n: set() for n in figures}
    for cell in hidden:
        name, path = cell.split("|", 1)
        by_period[name].add(path)
    for g in withheld:
        for cell in g.cells:
            name, path = cell.split("|", 1)
            unmarked[name].add(path)
    if len(_CACHE) > 16:  # every city of the registry, and some to spare
        _CACHE.clear()
    family = Family(figures, values, relations, never, by_period, unmarked)
    _CACHE[key] = family
    return family


def city_hidden(
    data, programme_start: dt.date, partners: Sequence[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per period name: the paths hidden in the city's public edition, and those shown as
    ``x`` whatever their value (withheld groups)."""
    family = city_family(data, programme_start, partners)
    return family.hidden, family.unmarked


def public_city_figures(data, programme_start: dt.date, partners: Sequence[str], period: Period, figures):
    """The public edition of one period's figures, hiding at least what the city's family
    of public periods hides in that period (a date range has no public edition)."""
    hidden, unmarked = city_hidden(data, programme_start, partners)
    return sdc.public_figures(figures, hidden.get(period.name, ()), unmarked.get(period.name, ()))
