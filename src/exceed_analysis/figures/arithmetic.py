"""The arithmetic a reader can do with what a public edition shows.

Every additive fact the reader knows is a :class:`Relation` (``lo <= sum(coef * cell) <= hi``):
a table's rows and its total, a count and its complement, a half-year's new intakes as the sum
of its quarters', the children of a half-year as at least each quarter's and at most both
together. Shown cells are constants, hidden cells whole numbers >= 0, and :func:`bounds`
solves integer linear programmes (``scipy.optimize.milp``, HiGHS) for each hidden cell's
smallest and largest value. :func:`open_cells` is the test a protection must pass: no hidden
cell narrower than 0-4, and, for a reader who also uses the marks (``< 5`` is 1-4, ``x`` is 0
or at least 5), no ``< 5`` cell with a single possible value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "LOW",
    "HIGH",
    "WIDTH",
    "BIG",
    "is_primary",
    "Relation",
    "relations_of",
    "components",
    "bounds",
    "open_cells",
]

LOW, HIGH = 1, 4
"""Counts from LOW to HIGH are never shown in a public edition."""
WIDTH = HIGH
"""A hidden cell is protected when arithmetic on everything shown leaves it at least this
wide a range (max - min >= 4: never narrower than 0-4)."""
BIG = 10**6
"""An upper bound no count reaches (and the open end of an inequality)."""


def is_primary(value: int) -> bool:
    return LOW <= int(value) <= HIGH


@dataclass(frozen=True)
class Relation:
    """A linear fact a reader knows: ``lo <= sum(coef * cell) <= hi`` (a :class:`Group` is
    the equality ``sum(cells) - total_cell = total``; periods add inequalities: the children
    of a half-year are at most those of its two quarters together)."""

    terms: tuple[tuple[str, int], ...]
    lo: float
    hi: float

    @classmethod
    def of(cls, group) -> Relation:
        """A disclosure ``Group``: its cells add up to its total (or to its total cell)."""
        terms = {c: 1 for c in group.cells}
        if group.total_key is not None:
            terms[group.total_key] = terms.get(group.total_key, 0) - 1
            return cls(tuple(terms.items()), 0, 0)
        return cls(tuple(terms.items()), group.total, group.total)

    def holds(self, values: Mapping[str, int]) -> bool:
        v = sum(coef * int(values[c]) for c, coef in self.terms)
        return self.lo <= v <= self.hi


def relations_of(rels: Iterable) -> list[Relation]:
    """Groups (cells adding up to a total) as relations; relations as they are."""
    return [r if isinstance(r, Relation) else Relation.of(r) for r in rels]


def components(relations: Iterable, hidden: set[str]) -> list[set[str]]:
    """The hidden cells in sets that share no relation (each can be bounded on its own)."""
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for r in relations_of(relations):
        cells = [c for c, coef in r.terms if coef and c in hidden]
        for c in cells:
            find(c)
        for a, b in zip(cells, cells[1:], strict=False):
            parent[find(a)] = find(b)
    out: dict[str, set[str]] = {}
    for c in parent:
        out.setdefault(find(c), set()).add(c)
    return list(out.values())


class Model:
    """The integer programme of a set of relations around some hidden cells."""

    def __init__(
        self,
        values: Mapping[str, int],
        groups: Iterable,
        hidden: set[str],
        *,
        marks: bool = False,
        unmarked: Iterable[str] = (),
    ):
        import numpy as np

        rels = [r for r in relations_of(groups) if any(c in hidden for c, coef in r.terms if coef)]
        self.names = sorted({c for r in rels for c, coef in r.terms if coef and c in hidden})
        self.index = {c: i for i, c in enumerate(self.names)}
        n = len(self.names)
        no_mark = set(unmarked)
        primary = {c for c in self.names if is_primary(values[c]) and c not in no_mark} if marks else set()
        secondary = [c for c in self.names if c not in primary and c not in no_mark] if marks else []
        self.width = width = n + len(secondary)
        rows, lbs, ubs = [], [], []
        for r in rels:
            row = np.zeros(width)
            const = 0
            for c, coef in r.terms:
                if c in self.index:
                    row[self.index[c]] += coef
                else:
                    const += coef * int(values[c])
            rows.append(row)
            lbs.append(r.lo - const)
            ubs.append(r.hi - const)
        for j, c in enumerate(secondary):  # x = 0 or x >= 5: x - 5b >= 0 and x - BIG*b <= 0
            for coef, lo, hi in ((-(HIGH + 1), 0, np.inf), (-BIG, -np.inf, 0)):
                row = np.zeros(width)
                row[self.index[c]], row[n + j] = 1, coef
                rows.append(row)
                lbs.append(lo)
                ubs.append(hi)
        self.lo, self.hi = np.zeros(width), np.full(width, float(BIG))
        for c in primary:
            self.lo[self.index[c]], self.hi[self.index[c]] = LOW, HIGH
        self.hi[n:] = 1
        self.rows = (np.array(rows), np.array(lbs, float), np.array(ubs, float))

    def solve(self, weights: Mapping[str, float]):
        """The values of a feasible point minimising ``sum(weight * cell)`` (by cell)."""
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp

        objective = np.zeros(self.width)
        for c, w in weights.items():
            objective[self.index[c]] = w
        res = milp(
            objective,
            constraints=[LinearConstraint(*self.rows)],
            integrality=np.ones(self.width),
            bounds=Bounds(self.lo, self.hi),
        )
        if res.status != 0:  # the true values always fit: only a wrong relation gets here
            raise ValueError(f"relations that the true values break around {sorted(weights)}")
        return {c: int(round(res.x[i])) for c, i in self.index.items()}


def bounds(
    values: Mapping[str, int],
    groups: Iterable,
    hidden: set[str],
    cells: Iterable[str] | None = None,
    *,
    marks: bool = False,
    unmarked: Iterable[str] = (),
) -> dict[str, tuple[int, int]]:
    """What arithmetic on everything shown tells about each hidden cell: its smallest and
    largest value, as integer linear programmes (``scipy.optimize.milp``) over every
    relation (groups or :class:`Relation`) at once. Hidden cells are whole numbers >= 0; with
    ``marks`` the reader also uses the marks (a ``< 5`` cell is 1-4, an ``x`` cell 0 or at
    least 5; ``unmarked`` cells are ``x`` whatever their value). ``cells``: the cells to
    bound (default: every hidden cell of a relation).

    >>> r = [Relation((("a", 1), ("b", 1), ("t", -1)), 0, 0), Relation((("t", 1), ("u", 1)), 20, 20)]
    >>> bounds({"a": 3, "b": 4, "t": 7, "u": 13}, r, {"a", "t"})["a"]  # t = 20 - 13: a = 3
    (3, 3)
    """
    model = Model(values, groups, hidden, marks=marks, unmarked=unmarked)
    wanted = model.names if cells is None else [c for c in cells if c in model.index]
    return {c: (model.solve({c: 1})[c], model.solve({c: -1})[c]) for c in wanted}


def loose(values: Mapping[str, int], model: Model, cells: list[str], gap: int) -> set[str]:
    """The cells whose range (max - min) is at least ``gap``: first those a feasible point
    moves that far from their true value, found for many cells per programme (all pushed up
    together, then down), then one by one."""
    done: set[str] = set()
    for sign in (-1, 1):  # minimise -sum (push up), then +sum (push down)
        todo = [c for c in cells if c not in done]
        if not todo:
            break
        point = model.solve({c: sign for c in todo})
        done |= {c for c in todo if abs(point[c] - int(values[c])) >= gap}
    for c in cells:  # exactly: its range
        if c not in done and model.solve({c: -1})[c] - model.solve({c: 1})[c] >= gap:
            done.add(c)
    return done


def open_cells(
    values: Mapping[str, int],
    groups: Iterable,
    hidden: set[str],
    never_shown: Iterable[str] = (),
    unmarked: Iterable[str] = (),
) -> list[str]:
    """Hidden cells that arithmetic pins down too well: a range narrower than 0-4 (marks
    ignored), or, with the marks, a single possible value for a ``< 5`` cell. ``unmarked``
    cells are shown as ``x`` whatever their value (a withheld group).

    A feasible point that puts a cell at least 4 away from its true value proves it wide
    enough, for many cells per programme; the rest get their exact range."""
    groups = relations_of(groups)
    skip = set(never_shown)
    plain = Model(values, groups, hidden)
    cells = [c for c in plain.names if c not in skip]
    if not cells:
        return []
    bad = set(cells) - loose(values, plain, cells, WIDTH)
    no_mark = set(unmarked)
    primary = [c for c in cells if is_primary(values[c]) and c not in bad and c not in no_mark]
    if primary:
        marked = Model(values, groups, hidden, marks=True, unmarked=no_mark)
        bad |= set(primary) - loose(values, marked, primary, 1)
    return sorted(bad)
