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
from typing import TypeGuard

from exceed_analysis.figures.arithmetic import (
    HIGH,
    LOW,
    WIDTH,
    Relation,
    bounds,
    components,
    is_primary,
    open_cells,
    relations_of,
)
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
    "bounds",
    "open_cells",
    "Relation",
    "components",
    "WIDTH",
    "Hidden",
    "is_hidden",
    "sum_shown",
    "MEANS",
    "report_groups",
    "public_figures",
    "jsonable",
]


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
    values: Mapping[str, int], groups: list, never_shown: Iterable[str] = (), hidden: Iterable[str] = ()
) -> tuple[set[str], list[Group]]:
    """The cells to hide, and the groups to withhold whole.

    Every primary cell is hidden (and ``hidden``, cells already hidden elsewhere); then,
    while some hidden cell is open (:func:`open_cells`), the smallest shown non-zero cell of
    a relation around it is hidden too. When nothing around it is left to hide (a tiny
    table: 1 boy and 5 girls) its groups are withheld: every cell shown as ``x``.
    ``never_shown`` cells (a count's complement within the total) are not displayed but
    can be worked out when everything else in their group is shown. Relations are checked
    one independent set of hidden cells at a time, and a set that did not change is not
    checked again.
    """
    relations = relations_of(groups)
    primary = {k for k, v in values.items() if is_primary(v)}
    never = set(never_shown)
    hidden_set = set(primary) | never | set(hidden)
    withheld: list[Group] = []
    unmarked: set[str] = set()
    stuck: set[str] = set()
    clean: set[frozenset] = set()
    by_cell: dict[str, list[Relation]] = {}
    for r in relations:
        for c, coef in r.terms:
            if coef:
                by_cell.setdefault(c, []).append(r)
    sums = [
        (g.total_key, g.cells)
        for g in groups
        if isinstance(g, Group) and g.total_key is not None and _shown_as_sum(g.total_key)
    ]
    while True:
        # a subtotal or own sum a report prints is hidden with any of its parts (sum_shown):
        # then it is a hidden cell like any other, and must be as hard to work out
        hidden_set |= {
            key for key, cells in sums if key not in hidden_set and not hidden_set.isdisjoint(cells)
        }
        bad: list[str] = []
        for comp in sorted(components(relations, hidden_set), key=lambda s: sorted(s)):
            key = frozenset(comp)
            if key in clean:
                continue
            rels = {id(r): r for c in comp for r in by_cell.get(c, ())}.values()
            found = [c for c in open_cells(values, list(rels), hidden_set, never, unmarked) if c not in stuck]
            if found:
                bad = found
                break
            clean.add(key)
        if not bad:
            return hidden_set, withheld
        # around every open cell of the set, its smallest shown neighbour (all at once: one
        # check of the set per round)
        chosen = set()
        for cell in bad:
            best = None
            for r in by_cell.get(cell, ()):
                for c, coef in r.terms:
                    if coef and c not in hidden_set and int(values[c]) > 0:
                        if best is None or (int(values[c]), c) < best:
                            best = (int(values[c]), c)
            if best is not None:
                chosen.add(best[1])
        if chosen:
            hidden_set |= chosen
            continue
        cell = bad[0]
        fresh = [
            g
            for g in groups
            if isinstance(g, Group) and g not in withheld and (cell in g.cells or cell == g.total_key)
        ]
        if not fresh:  # every group around it is withheld already: nothing more to do
            stuck.add(cell)
            continue
        for g in fresh:  # nothing left to hide around it: withhold its groups whole
            withheld.append(g)
            hidden_set.update(g.cells)
            unmarked.update(g.cells)


_SUBTOTALS = frozenset(
    f"{f.key}.{name}"
    for f in FIGURES
    if isinstance(f.disclosure, Partition)
    for name, _ in f.disclosure.subtotals
)


def _shown_as_sum(key: str) -> bool:
    """Whether a group's total cell is a sum the report prints with :func:`sum_shown` (a
    partition's subtotal, a breakdown's own sum; keys may carry a ``<period>|`` prefix)."""
    path = key.split("|", 1)[-1]
    return path.endswith("#sum") or path in _SUBTOTALS


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


def sum_shown(*counts) -> int:
    """A sum of counts as an edition may print it (the in-school children, a table's total
    row): hidden when any of its parts is (protection hides a sum's part whenever the sum
    itself must be hidden).

    >>> sum_shown(3, 20), sum_shown(Hidden(3, True), 20)
    (23, x)
    """
    total = sum(int(c) for c in counts)
    if any(is_hidden(c) for c in counts):
        return Hidden(total, primary=False)
    return total


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


MEANS = {
    "counseling.mean_sessions_per_child": "counseling.children",
    "counseling.trafficking_victims_mean_sessions": "beneficiaries.trafficking_victims",
}
"""Means a public edition shows (to one decimal), by the count they are divided by: a mean is
withheld with its count, since sessions / mean gives the count back."""


def public_figures(
    figures: Figures, hidden: Iterable[str] = (), unmarked: Iterable[str] = ()
) -> tuple[Figures, list[str]]:
    """``figures`` with every withheld count replaced by a :class:`Hidden` (which formats
    as ``< 5`` or ``x``), and the sorted paths that were hidden. ``hidden``: cells hidden
    for the other periods of the city (see :mod:`exceed_analysis.figures.suppression`), and
    ``unmarked`` those of withheld groups, shown as ``x``. Means are rounded to one decimal
    and withheld with the count they divide by."""
    values, groups = report_groups(figures)
    seed = {h for h in hidden if h in values}
    hidden, withheld = protect(values, groups, never_shown=[k for k in values if "#not" in k], hidden=seed)
    no_mark = {c for g in withheld for c in g.cells} | set(unmarked)
    primary = {k for k, v in values.items() if is_primary(v) and k not in no_mark}

    def shown(path: str, value):
        if path in hidden:
            return Hidden(value, path in primary)
        if path in MEANS and MEANS[path] in hidden:
            return Hidden(round(value), primary=False)
        if isinstance(value, float):
            return round(value, 1)
        return value

    out: dict[str, Value] = {}
    for key, value in figures.items():
        if isinstance(value, Breakdown):
            out[key] = Breakdown(tuple((k, shown(f"{key}.{k}", v)) for k, v in value.items()))
        else:
            out[key] = shown(key, value)
    shown_paths = set(figures.flat())
    withheld_means = {m for m, count in MEANS.items() if count in hidden and m in shown_paths}
    return Figures(out), sorted({h for h in hidden if h in shown_paths} | withheld_means)


def jsonable(d):
    """A figures dict for ``indicators.json``: hidden counts become ``null``."""
    if isinstance(d, dict):
        return {k: jsonable(v) for k, v in d.items()}
    if isinstance(d, list):
        return [jsonable(v) for v in d]
    return None if is_hidden(d) else d
