"""Disclosure control for published editions: small counts hidden, and kept hidden.

The public edition of a report shows no count from 1 to 4 (*primary suppression*), and
hides further cells (*secondary suppression*) wherever a hidden count could otherwise be
worked out from a total and the other cells that add up to it. Each additive relation the
report shows is a :class:`Group`: cells that sum to a total (a table's rows and its
"Jumlah" row, a service's children by partner and its total, a count and its complement
within the period's beneficiaries).

The check is exact, not a rule of thumb: for every group, :func:`feasible_values` lists each
hidden cell's possible values given what is shown (a primary cell lies in 1..4; a secondary
cell is 0 or at least 5, as a reader who knows the rule would assume), and a primary cell is
protected only when more than one value remains. Cells are hidden one at a time, the
smallest shown count first, until every group protects all its primary cells.

Why not a library: ``acro`` (the maintained Python output checker) flags and suppresses
primary cells in tables it builds itself from microdata; it does not run secondary
suppression over a report's own related tables, which is the part that protects children.

Examples
--------
>>> cells = {"F": 78, "M": 4}
>>> hidden, withheld = protect(cells, [Group(("F", "M"), total=82)])
>>> sorted(hidden), withheld
(['F', 'M'], [])
>>> feasible_values({"F": 78, "M": 4}, Group(("F", "M"), total=82), {"F", "M"}, {"M"})["M"]
[1, 2, 3, 4]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from exceed_analysis.figures.model import (
    NOT_A_COUNT,
    TOTAL,
    Breakdown,
    Figure,
    Figures,
    OwnSum,
    Partition,
    Subset,
    Unit,
    Value,
)
from exceed_analysis.figures.registry import FIGURES, TOTAL_KEY, partner_breakdown

__all__ = [
    "LOW",
    "HIGH",
    "Group",
    "is_primary",
    "feasible_values",
    "unprotected",
    "protect",
    "Hidden",
    "is_hidden",
    "report_groups",
    "public_figures",
    "jsonable",
]

LOW, HIGH = 1, 4
"""Counts from LOW to HIGH are never shown in a public edition."""


def is_primary(value: int) -> bool:
    return LOW <= int(value) <= HIGH


@dataclass(frozen=True)
class Group:
    """Cells (by key) whose values add up to ``total``; ``total_key`` names the total when
    it is itself a cell that may be hidden (None: the total is always shown)."""

    cells: tuple[str, ...]
    total: int
    total_key: str | None = None


def _possible(value_is_primary: bool, upper: int) -> range | list[int]:
    if value_is_primary:
        return range(LOW, min(HIGH, upper) + 1)
    return [0, *range(HIGH + 1, upper + 1)]


def feasible_values(
    values: Mapping[str, int], group: Group, hidden: set[str], primary: set[str]
) -> dict[str, list[int]]:
    """For each hidden cell of ``group``: the values it could take given the shown cells
    and the total. (A hidden total leaves the group unconstrained: every value fits.)"""
    members = [c for c in group.cells if c in hidden]
    if not members:
        return {}
    if group.total_key is not None and group.total_key in hidden:
        # the total is hidden too: nothing bounds the cells beyond what the marks say
        return {c: list(_possible(c in primary, 2 * HIGH + 1)) for c in members}
    rest = group.total - sum(int(values[c]) for c in group.cells if c not in hidden)
    options = {c: list(_possible(c in primary, rest)) for c in members}
    # subset-sum: which totals can each set of the other hidden cells make
    out = {}
    for c in members:
        reach = {0}
        for other in members:
            if other == c:
                continue
            reach = {r + v for r in reach for v in options[other] if r + v <= rest}
        out[c] = [v for v in options[c] if rest - v in reach]
    return out


def unprotected(
    values: Mapping[str, int], groups: Iterable[Group], hidden: set[str], primary: set[str]
) -> list[tuple[Group, str]]:
    """(group, cell) pairs where a primary cell's value can be worked out exactly."""
    bad = []
    for g in groups:
        for cell, vals in feasible_values(values, g, hidden, primary).items():
            if cell in primary and len(vals) <= 1:
                bad.append((g, cell))
    return bad


def protect(
    values: Mapping[str, int], groups: list[Group], never_shown: Iterable[str] = ()
) -> tuple[set[str], list[Group]]:
    """The cells to hide, and the groups to withhold whole.

    Every primary cell is hidden; then, while some group lets a primary cell be worked out,
    the smallest shown non-zero cell of that group is hidden too (or its total, when the
    total is a cell of its own). A group that stays open once nothing is left to hide (a
    tiny table: 1 boy and 5 girls) is withheld: none of its cells is shown at all.
    ``never_shown`` cells (a count's complement within the total) are not displayed but
    can be worked out when everything else in their group is shown.
    """
    primary = {k for k, v in values.items() if is_primary(v)}
    hidden = set(primary) | set(never_shown)  # implied cells (complements) start hidden
    withheld: list[Group] = []
    while bad := unprotected(values, [g for g in groups if g not in withheld], hidden, primary):
        group, _ = bad[0]
        candidates = sorted(
            (int(values[c]), c) for c in group.cells if c not in hidden and int(values[c]) > 0
        )
        if candidates:
            hidden.add(candidates[0][1])
        elif group.total_key is not None and group.total_key not in hidden:
            hidden.add(group.total_key)
        else:
            withheld.append(group)
            hidden.update(group.cells)
    return hidden, withheld


class Hidden(int):
    """A count withheld from a public edition. It keeps its value for arithmetic inside
    the library (totals stay right) but formats as a mark, never as its number."""

    primary: bool

    def __new__(cls, value: int, primary: bool):
        obj = super().__new__(cls, int(value))
        obj.primary = primary
        return obj

    @property
    def mark(self) -> str:
        return "< 5" if self.primary else "x"

    def __str__(self) -> str:
        return self.mark

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return self.mark


def is_hidden(value: object) -> TypeGuard[Hidden]:
    return isinstance(value, Hidden)


# --------------------------------------------------------------------------- a report's figures


def _counted(figure: Figure) -> bool:
    """Whether a figure's values are counts of children under disclosure control."""
    return figure.unit is Unit.CHILDREN and figure.disclosure not in (TOTAL, NOT_A_COUNT)


def report_groups(figures: Figures) -> tuple[dict[str, int], list[Group]]:
    """The child counts of a city report's figures (flat, by path) and the additive
    relations between them that the report shows or implies, from each figure's
    disclosure group in the registry: the partitions of the beneficiaries (and their
    subtotals), each count of some beneficiaries with its complement and its breakdown by
    partner, and the categories that add up to their own sum."""
    total = int(figures.count(TOTAL_KEY))
    values: dict[str, int] = {}
    for f in FIGURES:
        if _counted(f):
            value = figures[f.key]
            values.update(
                {f"{f.key}.{k}": v for k, v in value.items()}
                if isinstance(value, Breakdown)
                else {f.key: int(value)}
            )
    partitions: list[Group] = []
    subtotals: list[Group] = []
    subsets: list[Group] = []
    own_sums: list[Group] = []
    for f in FIGURES:
        d = f.disclosure
        if isinstance(d, Partition):
            cells = figures.breakdown(f.key)
            partitions.append(Group(tuple(f"{f.key}.{k}" for k in cells), total))
            for name, parts in d.subtotals:
                sub = f"{f.key}.{name}"
                values[sub] = sum(int(cells[p]) for p in parts)
                subtotals.append(Group(tuple(f"{f.key}.{p}" for p in parts), values[sub], sub))
                rest = tuple(f"{f.key}.{k}" for k in cells if k not in parts)
                subtotals.append(Group((sub, *rest), total))
        elif isinstance(d, Subset):
            n = int(figures.count(f.key))
            complement = f"{f.key}#not"  # never shown, but total minus the count gives it
            values[complement] = total - n
            subsets.append(Group((f.key, complement), total))
            part = partner_breakdown(f.key)
            if part is not None:
                cells = figures.breakdown(part.key)
                subsets.append(Group(tuple(f"{part.key}.{k}" for k in cells), n, f.key))
        elif isinstance(d, OwnSum):
            cells_ = tuple(f"{f.key}.{k}" for k in figures.breakdown(f.key))
            values[f"{f.key}#sum"] = sum(int(values[c]) for c in cells_)
            own_sums.append(Group(cells_, values[f"{f.key}#sum"], f"{f.key}#sum"))
    return values, partitions + subtotals + subsets + own_sums


def public_figures(figures: Figures) -> tuple[Figures, list[str]]:
    """``figures`` with every withheld count replaced by a :class:`Hidden` (which formats
    as ``< 5`` or ``x``), and the sorted paths that were hidden."""
    values, groups = report_groups(figures)
    hidden, _ = protect(values, groups, never_shown=[k for k in values if "#not" in k])
    primary = {k for k, v in values.items() if is_primary(v)}

    def shown(path: str, value: Any) -> Any:
        return Hidden(value, path in primary) if path in hidden else value

    out: dict[str, Value] = {}
    for key, value in figures.items():
        if isinstance(value, Breakdown):
            out[key] = Breakdown(tuple((k, shown(f"{key}.{k}", v)) for k, v in value.items()))
        else:
            out[key] = shown(key, value)
    derived = {path: shown(path, value) for path, value in figures.derived.items()}
    shown_paths = set(figures.flat())
    return Figures(out, derived), sorted(h for h in hidden if h in shown_paths)


def jsonable(d):
    """A figures dict for ``indicators.json``: hidden counts become ``null``."""
    if isinstance(d, dict):
        return {k: jsonable(v) for k, v in d.items()}
    if isinstance(d, list):
        return [jsonable(v) for v in d]
    return None if is_hidden(d) else d
