"""The attacker: every number the public editions of a city publish, and every hidden cell
solved for with integer programmes. None may be narrower than 0-4.

The reader knows each report's additive groups (a table's rows and its total, a service's
children by partner and its total, a count and its complement), that event counts add up over
periods (a half-year's new intakes are its quarters'), and that children counted in a
half-year are at least those of each quarter and at most the two together. Comparisons repeat
the previous period's figures: they must hide what that period's own report hides.
"""

from __future__ import annotations

import json

import pytest
from conftest import ingested_copy

from exceed_analysis.config import registry
from exceed_analysis.figures import disclosure as sdc
from exceed_analysis.figures.suppression import family_periods
from exceed_analysis.periods import parse_period
from exceed_analysis.reports.city import CityReport
from exceed_analysis.store.parquet import last_data_date

pytestmark = pytest.mark.slow

CITIES = [c.slug for c in registry().cities]
EVENTS = ("beneficiaries.new_intakes", "beneficiaries.exits")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("attack") / "project") as root:
        yield root


def published(figures: dict, path: str):
    node = figures
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def parts(name: str, names: set[str]) -> list[str]:
    p = parse_period(name)
    y = p.nominal_start.year
    if p.kind == "year":
        out = [f"{y}H1", f"{y}H2"]
    elif p.kind == "half":
        q = 1 if p.nominal_start.month == 1 else 3
        out = [f"{y}Q{q}", f"{y}Q{q + 1}"]
    else:
        out = []
    return [n for n in out if n in names]


@pytest.mark.parametrize("city", CITIES)
def test_no_hidden_cell_of_any_public_period_can_be_narrowed(project, city):
    c = registry().city(city)
    periods = [p.name for p in family_periods(c.programme_start, last_data_date())]
    values, relations, hidden, shown_pub = {}, [], set(), {}
    cells_of = {}
    for name in periods:
        internal = CityReport.load(city, name)
        public = json.loads(CityReport.load(city, name, edition="public").indicators_json())
        shown_pub[name] = public
        vals, groups = sdc.report_groups(internal.figures)
        cells_of[name] = set(vals)
        for path, v in vals.items():
            key = f"{name}|{path}"
            values[key] = v
            if "#" in path or path == "schooling_at_intake.in_school":
                hidden.add(key)  # not published as such: a reader does not see it
            elif published(public, path) is None:
                hidden.add(key)
            else:
                assert published(public, path) == v, key  # shown cells are true
        relations += [sdc.Group(tuple(f"{name}|{x}" for x in g.cells), g.total,
                                None if g.total_key is None else f"{name}|{g.total_key}")
                      for g in groups]
    names = set(periods)
    for name in periods:
        for path in cells_of[name]:
            subs = [q for q in parts(name, names) if path in cells_of[q]]
            if "#" in path or not subs:
                continue
            whole, pieces = f"{name}|{path}", [f"{q}|{path}" for q in subs]
            terms = ((whole, 1), *((x, -1) for x in pieces))
            if path in EVENTS:
                relations.append(sdc.Relation(terms, 0, 0))
            else:
                relations.append(sdc.Relation(terms, -10**6, 0))
                relations += [sdc.Relation(((whole, 1), (x, -1)), 0, 10**6) for x in pieces]
    for r in relations:  # the reader's facts are facts
        assert (r if isinstance(r, sdc.Relation) else sdc.Relation.of(r)).holds(values), r
    # the comparison repeats the previous period as its own report shows it
    for name in periods:
        comp = shown_pub[name].get("comparison") or {}
        prev = comp.get("previous_period")
        if prev in shown_pub:
            for k, v in (comp.get("previous") or {}).items():
                own = shown_pub[prev]
                path = {"beneficiaries": "beneficiaries.total", "new_intakes": "beneficiaries.new_intakes",
                        "exits": "beneficiaries.exits"}.get(k, f"{k}.children")
                if published(own, path) is None and f"{prev}|{path}" in values:
                    assert v is None, (name, k)
    targets = sorted(h for h in hidden if "#" not in h and not h.endswith("in_school"))
    assert targets, "the public editions hide nothing: the test would prove nothing"
    found = sdc.bounds(values, relations, hidden, targets)
    narrow = {h: b for h, b in found.items() if b[1] - b[0] < sdc.WIDTH}
    assert narrow == {}


# --------------------------------------------------------------------------- the programme report


@pytest.mark.parametrize("which", ["latest", "2010Q2"])
def test_no_hidden_cell_behind_the_public_programme_report_can_be_narrowed(project, which):
    """The attacker adds the public programme report of the latest quarter (the one the
    archive publishes; and the first quarter, of small counts) to every city's public periods: its pooled cells are the sums of the
    cities' cells, its tables' rows and columns add up, each city's children by sex (sector,
    age group) and type add up to the city's margins, and a city's cumulative children are its
    quarters' new intakes. No hidden cell may be narrower than 0-4, and a city's cell is
    hidden in the programme report exactly where the city's public report hides it."""
    from exceed_analysis.figures.arithmetic import components
    from exceed_analysis.publish.editions import archive_periods
    from exceed_analysis.reports.programme import ProgrammeReport
    from exceed_analysis.reports.programme_public import programme_model

    (period,) = archive_periods("latest") if which == "latest" else (which,)  # and an early one
    internal = ProgrammeReport.load(period)
    public = json.loads(ProgrammeReport.load(period, edition="public").indicators_json())
    m = programme_model(internal)  # the cells a reader can relate, with their true values
    for r in m.relations:  # the reader's facts are facts
        assert r.holds(m.values), r
    hidden = set(m.fixed) | set(m.never)  # what the cities' public editions hide, and never shown
    for path, cell in m.shown.items():
        shown = published(public, path)
        if shown is None:
            hidden.add(cell)
        else:
            assert shown == m.values[cell], path  # shown cells are true
            assert cell not in m.fixed, path  # a city's hidden cell stays hidden
    # the same cell, the same fate, in the city's own public report of the period
    for c in internal.cities:
        own = json.loads(CityReport.load(c.slug, period, edition="public").indicators_json())
        prefix = f"{c.slug}|{internal.city_periods[c.slug].name}|"
        for path, cell in m.shown.items():
            if path.startswith(f"cities.{c.slug}.") and cell.startswith(prefix):
                figure = cell[len(prefix):]
                if figure == "schooling_at_intake.in_school":  # printed as the sum of its parts
                    parts = ("schooling_at_intake.formal", "schooling_at_intake.kejar_paket")
                    hidden_there = any(published(own, x) is None for x in parts)
                else:
                    hidden_there = published(own, figure) is None
                assert (published(public, path) is None) == hidden_there, (c.slug, path)
    assert any(published(public, p) is None for p in m.shown), "nothing hidden: the test proves nothing"
    own = m.candidates | {c for c in m.never if "|x." in c}
    near = {c for r in m.relations if any(t in own for t, _ in r.terms) for c, _ in r.terms}
    narrow = {}
    for comp in components(m.relations, hidden):
        if not comp & near:
            continue  # no relation of the programme report around: the cities' own test above
        relations = [r for r in m.relations if any(c in comp for c, _ in r.terms)]
        targets = sorted(c for c in comp if c not in m.never)
        found = sdc.bounds(m.values, relations, hidden, targets)
        narrow.update({h: b for h, b in found.items() if b[1] - b[0] < sdc.WIDTH})
    assert narrow == {}
