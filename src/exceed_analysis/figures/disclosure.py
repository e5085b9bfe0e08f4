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

__all__ = ["LOW", "HIGH", "Group", "is_primary", "feasible_values", "unprotected", "protect",
           "Hidden", "is_hidden", "report_groups", "public_figures", "jsonable"]

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
    hidden = set(primary) | set(never_shown)  # implied cells (complements) start hidden
    withheld: list[Group] = []
    while bad := unprotected(values, [g for g in groups if g not in withheld], hidden, primary):
        group, _ = bad[0]
        candidates = sorted((int(values[c]), c) for c in group.cells
                            if c not in hidden and int(values[c]) > 0)
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
    hidden, _ = protect(values, groups, never_shown=[k for k in values if "#not" in k])
    primary = {k for k, v in values.items() if is_primary(v)}

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
