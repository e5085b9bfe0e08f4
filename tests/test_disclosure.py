"""The public edition: no count from 1 to 4 is shown, and none can be worked out."""

from __future__ import annotations

import json
import re

import pytest

from exceed_analysis.figures import disclosure as sdc
from exceed_analysis.figures.disclosure import Group, feasible_values, protect


def attack(values: dict, groups: list[Group], hidden: set[str]) -> dict[str, list[int]]:
    """What a reader can work out: for every hidden primary cell, its possible values."""
    primary = {k for k, v in values.items() if sdc.is_primary(v)}
    known: dict[str, set[int]] = {}
    for g in groups:
        for cell, vals in feasible_values(values, g, hidden, primary).items():
            if cell in primary:
                known[cell] = known.get(cell, set(vals)) & set(vals)
    return {k: sorted(v) for k, v in known.items()}


@pytest.mark.parametrize("values,groups", [
    ({"F": 78, "M": 4}, [Group(("F", "M"), 82)]),
    ({"a": 2, "b": 15, "c": 16, "d": 49, "e": 0}, [Group(("a", "b", "c", "d", "e"), 82)]),
    ({"a": 1, "b": 1, "c": 30}, [Group(("a", "b", "c"), 32)]),          # two primaries
    ({"a": 4, "b": 4, "c": 6}, [Group(("a", "b", "c"), 14)]),            # sum 8 = 4 + 4
    ({"a": 3, "b": 5, "c": 9, "t": 17, "u": 40},
     [Group(("a", "b", "c"), 17, "t"), Group(("t", "u"), 57)]),         # nested totals
    ({"p": 1, "q": 5}, [Group(("p", "q"), 6)]),                         # too small: withheld
])
def test_no_primary_cell_can_be_worked_out(values, groups):
    hidden, withheld = protect(values, groups)
    assert {k for k, v in values.items() if 1 <= v <= 4} <= hidden
    open_groups = [g for g in groups if g not in withheld]
    for cell, possible in attack(values, open_groups, hidden).items():
        assert len(possible) > 1, (cell, possible)


def test_secondary_cell_is_the_smallest_that_protects():
    hidden, _ = protect({"a": 2, "b": 15, "c": 16, "d": 49}, [Group(("a", "b", "c", "d"), 82)])
    assert hidden == {"a", "b"}


def test_hidden_counts_format_as_marks_and_keep_arithmetic():
    from exceed_analysis.reports.formatting import fmt_count, fmt_percent

    h = sdc.Hidden(4, primary=True)
    assert fmt_count(h) == "< 5" and fmt_percent(h, 82) == "x" and f"{h}" == "< 5"
    assert fmt_count(sdc.Hidden(78, primary=False)) == "x"
    assert h + 20 == 24 and json.loads(json.dumps(sdc.jsonable({"n": h}))) == {"n": None}


@pytest.fixture(scope="module")
def lampung(tmp_path_factory):
    """Lampung 2010 in both editions, from a fresh copy of the project's data."""
    from exceed_analysis.reports.city import CityReport

    from conftest import ingested_copy

    with ingested_copy(tmp_path_factory.mktemp("sdc") / "project"):
        yield (CityReport.load("bandar-lampung", "2010"),
               CityReport.load("bandar-lampung", "2010", edition="public"))


def test_public_lampung_shows_no_small_count(lampung):
    internal, public = lampung
    figures = json.loads(public.indicators_json())
    assert figures["edition"] == "public"
    values, _ = sdc.report_groups(internal.figures)
    for path in values:
        node = figures
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        assert node is None or not 1 <= node <= 4, path
    assert figures["beneficiaries"]["by_sex"] == {"F": None, "M": None}
    assert figures["beneficiaries"]["by_age_at_intake"]["14"] is None
    assert figures["schooling_at_intake"]["formal"] is None
    assert figures["education_services"]["remedial"] is None


def test_public_lampung_hidden_cells_cannot_be_recovered(lampung):
    internal, public = lampung
    values, groups = sdc.report_groups(internal.figures)
    shown = json.loads(public.indicators_json())
    hidden = {k for k in values if "#not" in k}
    for path in values:
        node = shown
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            hidden.add(path)
    for cell, possible in attack(values, groups, hidden).items():
        assert len(possible) > 1, (cell, possible)


def test_public_tables_and_charts_carry_no_small_count(lampung):
    _, public = lampung
    for key, table in public.tables().items():
        if key in ("activities", "activity_list"):
            continue  # counts of activities and their participants, not of children
        for col in table.numeric:
            for text in table.display[col]:
                assert not re.fullmatch(r"[1-4]", str(text)), (key, col, text)
        for col in table.data.columns:
            if col not in ("percent",) and table.data[col].dtype.kind in "if":
                assert not table.data[col].dropna().between(1, 4).any(), (key, col)
    for key in ("sex", "age", "courses", "partner_services"):
        fig = public.chart(key).figure
        for trace in fig.data:
            numbers = trace.y if trace.orientation != "h" else trace.x
            assert not any(1 <= (v or 0) <= 4 for v in numbers), key
            assert not any(re.fullmatch(r"[1-4]( \(.*\))?", str(t)) for t in trace.text), key


def test_internal_edition_unchanged(lampung):
    internal, _ = lampung
    assert internal.figures.breakdown("beneficiaries.by_sex") == {"F": 78, "M": 4}
    assert json.loads(internal.indicators_json())["edition"] == "internal"


# --------------------------------------------------------------------------- the exact check


def test_a_hidden_total_is_not_free_when_its_cells_are_shown():
    # the course total (4) is a primary cell; every course is shown: the total adds up
    values = {"a": 0, "b": 0, "c": 4, "t": 4, "u": 78}
    groups = [Group(("a", "b", "c"), 4, "t"), Group(("t", "u"), 82)]
    hidden, _ = protect(values, groups)
    assert "c" in hidden and "t" in hidden
    assert all(hi - lo >= sdc.WIDTH for lo, hi in sdc.bounds(values, groups, hidden).values())


def test_partner_columns_do_not_give_a_hidden_total_back():
    # children of a service by partner (shown: 20 and 7) add up to the hidden total 27... and
    # the service's own count is one cell of the beneficiaries (82 = 27 + 55)
    values = {"svc": 3, "svc#not": 79, "svc.A": 2, "svc.B": 1}
    groups = [Group(("svc", "svc#not"), 82), Group(("svc.A", "svc.B"), 3, "svc")]
    hidden, _ = protect(values, groups, never_shown=["svc#not"])
    found = sdc.bounds(values, groups, hidden, ["svc", "svc.A", "svc.B"])
    assert all(hi - lo >= sdc.WIDTH for lo, hi in found.values()), found


def test_relations_across_periods_are_used():
    # new intakes of a half-year are those of its quarters: Q3 hidden, H2 and Q4 shown
    rel = sdc.Relation((("H2", 1), ("Q3", -1), ("Q4", -1)), 0, 0)
    values = {"H2": 13, "Q3": 3, "Q4": 10}
    assert sdc.bounds(values, [rel], {"Q3"}) == {"Q3": (3, 3)}
    hidden, _ = protect(values, [rel])
    assert len(hidden) >= 2 and sdc.open_cells(values, [rel], hidden) == []


def test_sums_of_hidden_parts_are_hidden():
    assert sdc.is_hidden(sdc.sum_shown(sdc.Hidden(3, True), 40))
    assert sdc.sum_shown(3, 40) == 43 and not sdc.is_hidden(sdc.sum_shown(3, 40))


# --------------------------------------------------------------------------- date ranges

def test_a_public_edition_of_a_date_range_is_refused():
    from exceed_analysis.errors import ExceedError
    from exceed_analysis.params import check_public_period
    from exceed_analysis.periods import parse_period

    span = parse_period("2010-05-01..2010-12-31")
    with pytest.raises(ExceedError) as err:
        check_public_period(span, "public")
    message = str(err.value)
    assert "\n" not in message and "2010-05-01..2010-12-31" in message and "quarter" in message
    assert check_public_period(span, "internal") is span  # the internal edition is made
    for name in ("2010", "2010H2", "2010Q3"):
        assert check_public_period(parse_period(name), "public").name == name


def test_the_commands_refuse_a_public_date_range_in_one_line(capsys):
    from exceed_analysis import cli
    from exceed_analysis.reports.city import CityReport

    span = "2012-10-01..2012-12-31"
    for argv in (["report", "--city", "semarang", "--period", span, "--edition", "public"],
                 ["build", "--city", "semarang", "--period", span, "--edition", "public"],
                 ["build", "--city", "semarang", "--period", span, "--edition", "public",
                  "--allow-draft"]):
        assert cli.main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "public edition is made only for a quarter" in err, err
    with pytest.raises(ValueError, match="date range"):  # the library refuses it too
        CityReport.load("semarang", span, edition="public")
    assert CityReport.load("semarang", span).edition == "internal"


# --------------------------------------------------------------------------- printed sums

def test_a_subtotal_printed_hidden_is_protected_like_any_hidden_cell():
    """Semarang 2010Q2: 8 formal, 2 kejar paket, 9 out of school, 19 children. The in-school
    subtotal is printed as x (one of its parts is hidden); total minus out-of-school used to
    give it back (10). Now it is hidden with its parts, and as wide as any hidden cell."""
    s = "schooling_at_intake"
    values = {f"{s}.formal": 8, f"{s}.kejar_paket": 2, f"{s}.not_in_school": 9, f"{s}.in_school": 10}
    groups = [Group((f"{s}.formal", f"{s}.kejar_paket", f"{s}.not_in_school"), 19),
              Group((f"{s}.formal", f"{s}.kejar_paket"), 10, f"{s}.in_school"),
              Group((f"{s}.in_school", f"{s}.not_in_school"), 19)]
    hidden, _ = protect(values, groups)
    assert {f"{s}.kejar_paket", f"{s}.in_school"} <= hidden
    found = sdc.bounds(values, groups, hidden)
    assert all(hi - lo >= sdc.WIDTH for lo, hi in found.values()), found


def test_no_sentence_ranks_over_a_hidden_count():
    """"Most chose computing (7)" with cooking at < 5 tells a reader cooking is below 7,
    which other tables can narrow (Sambas 2011Q4): the largest is withheld whenever any
    category is hidden, and named when none is."""
    from exceed_analysis.reports.claims import Top

    assert Top({"komputer": 7, "tata_boga": sdc.Hidden(3, True)}, of=10).key == "withheld"
    assert Top({"komputer": 7, "tata_boga": sdc.Hidden(6, False)}, of=13).key == "withheld"
    assert Top({"komputer": 7, "tata_boga": 5}, of=12).key == "one"
