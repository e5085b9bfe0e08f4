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

__all__ = ["LOW", "HIGH", "WIDTH", "Group", "is_primary", "feasible_values", "unprotected",
           "protect", "bounds", "open_cells", "Hidden", "is_hidden", "report_groups",
           "public_figures", "jsonable"]

LOW, HIGH = 1, 4
"""Counts from LOW to HIGH are never shown in a public edition."""
WIDTH = HIGH
"""A hidden cell is protected when arithmetic on everything shown leaves it at least this
wide a range (max - min >= 4: never narrower than 0-4)."""
_BIG = 10**6


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


def feasible_values(values: Mapping[str, int], group: Group, hidden: set[str],
                    primary: set[str]) -> dict[str, list[int]]:
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


def unprotected(values: Mapping[str, int], groups: Iterable[Group], hidden: set[str],
                primary: set[str]) -> list[tuple[Group, str]]:
    """(group, cell) pairs where a primary cell's value can be worked out exactly."""
    bad = []
    for g in groups:
        for cell, vals in feasible_values(values, g, hidden, primary).items():
            if cell in primary and len(vals) <= 1:
                bad.append((g, cell))
    return bad


def bounds(values: Mapping[str, int], groups: Iterable[Group], hidden: set[str],
           cells: Iterable[str] | None = None, *, marks: bool = False
           ) -> dict[str, tuple[int, int]]:
    """What arithmetic on everything shown tells about each hidden cell: its smallest and
    largest value, as integer linear programmes (``scipy.optimize.milp``) over every group at
    once. Hidden cells are whole numbers >= 0; with ``marks`` the reader also uses the marks
    (a ``< 5`` cell is 1-4, an ``x`` cell 0 or at least 5). ``cells``: the cells to bound
    (default: every hidden cell of a group).

    >>> g = [Group(("a", "b"), 7, "t"), Group(("t", "u"), 20)]
    >>> bounds({"a": 3, "b": 4, "t": 7, "u": 13}, g, {"a", "t"})["a"]  # t = 20 - 13: a = 3
    (3, 3)
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    groups = list(groups)
    names = sorted({c for g in groups for c in (*g.cells, g.total_key) if c in hidden})
    if not names:
        return {}
    index = {c: i for i, c in enumerate(names)}
    n = len(names)
    primary = {c for c in names if is_primary(values[c])}
    secondary = [c for c in names if c not in primary] if marks else []
    width = n + len(secondary)
    rows, rhs = [], []
    for g in groups:
        row = np.zeros(width)
        const = 0
        for c in g.cells:
            if c in index:
                row[index[c]] += 1
            else:
                const += int(values[c])
        total = g.total
        if g.total_key is not None and g.total_key in index:
            row[index[g.total_key]] -= 1
            total = 0
        if row.any():
            rows.append(row)
            rhs.append(total - const)
    for j, c in enumerate(secondary):  # x = 0 or x >= 5: x - 5b >= 0, x - BIG*b <= 0
        for coef, lo, hi in ((-(HIGH + 1), 0, np.inf), (-_BIG, -np.inf, 0)):
            row = np.zeros(width)
            row[index[c]], row[n + j] = 1, coef
            rows.append(row)
            rhs.append((lo, hi))
    lo_b = np.zeros(width)
    hi_b = np.full(width, float(_BIG))
    if marks:
        for c in primary:
            lo_b[index[c]], hi_b[index[c]] = LOW, HIGH
        hi_b[n:] = 1
    A = np.array(rows) if rows else np.zeros((0, width))
    lb = np.array([r[0] if isinstance(r, tuple) else r for r in rhs], dtype=float)
    ub = np.array([r[1] if isinstance(r, tuple) else r for r in rhs], dtype=float)
    constraints = [LinearConstraint(A, lb, ub)] if len(rows) else []
    integrality = np.ones(width)
    out = {}
    for c in (names if cells is None else [c for c in cells if c in index]):
        found = []
        for sign in (1, -1):
            objective = np.zeros(width)
            objective[index[c]] = sign
            res = milp(objective, constraints=constraints, integrality=integrality,
                       bounds=Bounds(lo_b, hi_b))
            if res.status != 0:  # infeasible cannot happen for true values; be safe
                found.append(None)
            else:
                found.append(int(round(sign * res.fun)))
        lo, hi = found
        out[c] = (0 if lo is None else lo, _BIG if hi is None else hi)
    return out


def open_cells(values: Mapping[str, int], groups: Iterable[Group], hidden: set[str],
               never_shown: Iterable[str] = (), unmarked: Iterable[str] = ()) -> list[str]:
    """Hidden cells that arithmetic pins down too well: a range narrower than 0-4 (marks
    ignored), or, with the marks, a single possible value for a ``< 5`` cell. ``unmarked``
    cells are shown as ``x`` whatever their value (a withheld group)."""
    groups = list(groups)
    skip = set(never_shown)
    plain = bounds(values, groups, hidden)
    bad = [c for c, (lo, hi) in plain.items() if c not in skip and hi - lo < WIDTH]
    no_mark = set(unmarked)
    primary = [c for c in plain if is_primary(values[c]) and c not in bad and c not in no_mark]
    if primary:
        marked = bounds(values, groups, hidden, primary, marks=True)
        bad += [c for c, (lo, hi) in marked.items() if hi == lo]
    return bad


def protect(values: Mapping[str, int], groups: list[Group],
            never_shown: Iterable[str] = ()) -> tuple[set[str], list[Group]]:
    """The cells to hide, and the groups to withhold whole.

    Every primary cell is hidden; then, while some group lets a primary cell be worked out,
    the smallest shown non-zero cell of that group is hidden too (or its total, when the
    total is a cell of its own). A group that stays open once nothing is left to hide (a
    tiny table: 1 boy and 5 girls) is withheld: none of its cells is shown at all.
    ``never_shown`` cells (a count's complement within the total) are not displayed but
    can be worked out when everything else in their group is shown.
    """
    primary = {k for k, v in values.items() if is_primary(v)}
    never = set(never_shown)
    hidden = set(primary) | never  # implied cells (complements) start hidden
    withheld: list[Group] = []
    unmarked: set[str] = set()
    stuck: set[str] = set()
    while bad := [c for c in open_cells(values, groups, hidden, never, unmarked)
                  if c not in stuck]:
        cell = bad[0]
        best = None
        for g in groups:
            if g in withheld or (cell not in g.cells and cell != g.total_key):
                continue
            members = list(g.cells) + ([g.total_key] if g.total_key else [])
            for c in members:
                if c not in hidden and int(values[c]) > 0:
                    if best is None or (int(values[c]), c) < best:
                        best = (int(values[c]), c)
        if best is not None:
            hidden.add(best[1])
            continue
        fresh = [g for g in groups if g not in withheld and (cell in g.cells or cell == g.total_key)]
        if not fresh:  # every group around it is withheld already: nothing more to do
            stuck.add(cell)
            continue
        for g in fresh:  # nothing left to hide around it: withhold its groups whole
            withheld.append(g)
            hidden.update(g.cells)
            unmarked.update(g.cells)
    return hidden, withheld


class Hidden(int):
    """A count withheld from a public edition. It keeps its value for arithmetic inside
    the library (totals stay right) but formats as a mark, never as its number."""

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


def is_hidden(value) -> bool:
    return isinstance(value, Hidden)


# --------------------------------------------------------------------------- a report's figures

_SERVICE_TOTALS = (  # (children served, children by partner or None)
    ("counseling.children", "counseling.by_partner"),
    ("health_check.children", "health_check.by_partner"),
    ("health_check.sti_screening", None),
    ("basic_needs.children", "basic_needs.by_partner"),
    ("living_with_family.children", None),
    ("reintegration.alternative_care", None),
    ("reintegration.family_support", None),
    ("education_services.bridging_course", "education_services_by_partner.bridging_course"),
    ("education_services.remedial", "education_services_by_partner.remedial"),
    ("education_services.skills_course", "education_services_by_partner.skills_course"),
    ("internship.children", "internship.by_partner"),
    ("beneficiaries.new_intakes", None),
    ("beneficiaries.exits", None),
    ("beneficiaries.trafficking_victims", None),
)
_BREAKDOWNS = ("beneficiaries.by_partner", "beneficiaries.by_sex", "beneficiaries.by_age_at_intake",
               "beneficiaries.by_beneficiary_type", "schooling_at_intake")


def _get(d: dict, path: str):
    for part in path.split("."):
        d = d[part]
    return d


def _flatten(d: dict, prefix: str = "") -> dict[str, int]:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, int) and not isinstance(v, bool):
            out[key] = v
    return out


def report_groups(indicators: dict) -> tuple[dict[str, int], list[Group]]:
    """The child counts of a city report's figures (flat, by path) and the additive
    relations between them that the report shows or implies."""
    total = int(indicators["beneficiaries"]["total"])
    values = {k: v for k, v in _flatten(indicators).items()
              if not k.startswith(("counseling.sessions", "beneficiaries.total", "comparison."))}
    groups = []
    for path in _BREAKDOWNS:
        cells = tuple(f"{path}.{k}" for k in _get(indicators, path))
        groups.append(Group(cells, total))
    school = indicators["schooling_at_intake"]
    values["schooling_at_intake.in_school"] = int(school["formal"]) + int(school["kejar_paket"])
    groups.append(Group(("schooling_at_intake.formal", "schooling_at_intake.kejar_paket"),
                        values["schooling_at_intake.in_school"], "schooling_at_intake.in_school"))
    groups.append(Group(("schooling_at_intake.in_school", "schooling_at_intake.not_in_school"), total))
    for served, by_partner in _SERVICE_TOTALS:
        n = int(_get(indicators, served))
        complement = f"{served}#not"  # never shown, but total minus the count gives it
        values[complement] = total - n
        groups.append(Group((served, complement), total))
        if by_partner is not None:
            cells = tuple(f"{by_partner}.{k}" for k in _get(indicators, by_partner))
            groups.append(Group(cells, n, served))
    courses = tuple(f"skills_course_type.{k}" for k in indicators["skills_course_type"])
    values["skills_course_type#sum"] = sum(int(values[c]) for c in courses)
    groups.append(Group(courses, values["skills_course_type#sum"], "skills_course_type#sum"))
    return values, groups


def public_figures(indicators: dict) -> tuple[dict, list[str]]:
    """``indicators`` with every withheld count replaced by a :class:`Hidden` (which formats
    as ``< 5`` or ``x``), and the sorted paths that were hidden."""
    values, groups = report_groups(indicators)
    hidden, withheld = protect(values, groups, never_shown=[k for k in values if "#not" in k])
    unmarked = {c for g in withheld for c in g.cells}
    primary = {k for k, v in values.items() if is_primary(v) and k not in unmarked}

    def walk(d: dict, prefix: str = "") -> dict:
        out = {}
        for k, v in d.items():
            key = f"{prefix}{k}"
            if isinstance(v, dict):
                out[k] = walk(v, key + ".")
            elif key in hidden:
                out[k] = Hidden(v, key in primary)
            else:
                out[k] = v
        return out

    shown_paths = set(_flatten(indicators))
    return walk(indicators), sorted(h for h in hidden if h in shown_paths)


def jsonable(d):
    """A figures dict for ``indicators.json``: hidden counts become ``null``."""
    if isinstance(d, dict):
        return {k: jsonable(v) for k, v in d.items()}
    if isinstance(d, list):
        return [jsonable(v) for v in d]
    return None if is_hidden(d) else d
