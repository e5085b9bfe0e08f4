"""Indicators on small frames built by hand; expected numbers worked out in the comments."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.model import Breakdown
from exceed_analysis.periods import parse_period

T = pd.Timestamp


def kids(rows):
    df = pd.DataFrame(rows, columns=["partner", "child_id", "sex", "age_at_intake", "intake_date",
                                     "exit_date", "school_status", "lives_with_family",
                                     "trafficking_victim", "beneficiary_type"])
    df["intake_date"] = pd.to_datetime(df["intake_date"])
    df["exit_date"] = pd.to_datetime(df["exit_date"])
    return df


def svc(rows):
    df = pd.DataFrame(rows, columns=["partner", "child_id", "date", "service", "detail"])
    df["date"] = pd.to_datetime(df["date"])
    return df


CHILDREN = kids([
    # partner, id, sex, age, intake, exit, school, family, trafficked, type
    ("A", "1", "F", 15, "2010-05-01", None, "formal", True, False, "withdrawn"),         # in Q2, Q3
    ("A", "2", "F", 17, "2010-06-30", "2010-07-01", "not_in_school", False, True, "withdrawn"),  # exits on Q3's first day: in Q3
    ("A", "3", "M", 14, "2010-07-01", None, "kejar_paket", True, False, "prevented"),     # starts on Q3's first day
    ("B", "1", "F", 17, "2010-04-01", "2010-06-30", "not_in_school", True, False, "withdrawn"),  # same id, other partner; exits before Q3
    ("B", "2", "F", 16, "2010-10-01", None, "formal", False, False, "withdrawn"),         # starts after Q3
])

SERVICES = svc([
    ("A", "1", "2010-07-05", "counseling", None),
    ("A", "1", "2010-08-05", "counseling", None),
    ("A", "1", "2010-08-06", "counseling", None),
    ("A", "2", "2010-07-01", "counseling", None),
    ("A", "2", "2010-07-01", "health_check", None),
    ("A", "2", "2010-07-01", "sti_screening", None),   # same child: counted once for health
    ("A", "3", "2010-09-30", "sti_screening", None),
    ("A", "3", "2010-10-01", "counseling", None),      # after Q3: not counted
    ("A", "1", "2010-07-10", "skills_course", "komputer"),
    ("A", "1", "2010-08-10", "skills_course", "komputer"),   # same child, same type: once
    ("A", "1", "2010-08-11", "skills_course", "tata_boga"),  # same child, other type: counted there too
    ("A", "3", "2010-08-10", "skills_course", "komputer"),
    ("B", "1", "2010-07-02", "counseling", None),      # B-1 exited 2010-06-30: not a Q3 beneficiary
    ("B", "2", "2010-09-01", "basic_needs", None),     # B-2 not yet enrolled in Q3
])

Q3 = parse_period("2010Q3")


def test_beneficiaries_boundaries():
    ben = ind.beneficiaries(CHILDREN, Q3)
    assert sorted(zip(ben.partner, ben.child_id)) == [("A", "1"), ("A", "2"), ("A", "3")]


def test_beneficiaries_by_partner_filter():
    assert len(ind.beneficiaries(CHILDREN, parse_period("2010"), partner="B")) == 2


def test_services_only_in_period_and_for_beneficiaries():
    ben = ind.beneficiaries(CHILDREN, Q3)
    s = ind.services_in_period(SERVICES, Q3, ben)
    assert len(s) == 11  # 14 rows - 1 after Q3 - B-1 - B-2
    assert set(s.partner) == {"A"}


def test_counseling_mean():
    ben = ind.beneficiaries(CHILDREN, Q3)
    s = ind.services_in_period(SERVICES, Q3, ben)
    # 3 sessions, A-2: 1 -> 4 sessions / 2 children
    assert ind.counseling_sessions(s) == (2, 4, 2.0)


def test_health_counts_either_service_once():
    ben = ind.beneficiaries(CHILDREN, Q3)
    s = ind.services_in_period(SERVICES, Q3, ben)
    assert ind.children_served(s, ind.HEALTH_SERVICES) == 2  # A-2 (both) and A-3
    assert ind.served_by_partner(s, ind.HEALTH_SERVICES, ["A", "B"]) == {"A": 2, "B": 0}
    index = ind.ServedIndex.of(s)  # what the figures count with: the same numbers
    assert index.count(ind.HEALTH_SERVICES) == 2
    assert index.by_partner(ind.HEALTH_SERVICES, ["A", "B"]) == {"A": 2, "B": 0}


SERVICE_NAMES = ["counseling", "medical", "health_check", "remedial", "basic_needs"]


@given(
    rows=st.lists(
        st.tuples(st.sampled_from("ABC"), st.sampled_from("123"), st.sampled_from(SERVICE_NAMES)),
        max_size=25,
    ),
    asked=st.lists(st.sampled_from([*SERVICE_NAMES, "not_a_service"]), min_size=1, max_size=3),
    partners=st.lists(st.sampled_from("ABCD"), unique=True, max_size=4),
)
def test_served_index_counts_as_the_frame_functions(rows, asked, partners):
    # Any rows (none, one, the same child_id under two partners, a child with several
    # rows), any services asked (one the rows lack included), any partners listed
    frame = pd.DataFrame(rows, columns=["partner", "child_id", "service"]).astype("string")
    index = ind.ServedIndex.of(frame)
    assert index.count(asked) == ind.children_served(frame, asked)
    assert index.by_partner(asked, partners) == ind.served_by_partner(frame, asked, partners)


def test_skills_course_types_distinct_children_per_detail():
    ben = ind.beneficiaries(CHILDREN, Q3)
    s = ind.services_in_period(SERVICES, Q3, ben)
    assert ind.skills_course_types(s).to_dict() == {
        "tata_boga": 1, "komputer": 2, "tata_busana": 0, "kecantikan": 0}


def test_age_counts_keep_13_to_17_and_extra_ages():
    ben = ind.beneficiaries(CHILDREN, parse_period("2010"))
    assert ind.age_counts(ben).to_dict() == {13: 0, 14: 1, 15: 1, 16: 1, 17: 2}
    young = kids([("A", "9", "F", 11, "2010-05-01", None, "formal", True, False, "withdrawn")])
    assert ind.age_counts(young).to_dict() == {11: 1, 13: 0, 14: 0, 15: 0, 16: 0, 17: 0}


def test_count_by_keeps_empty_categories():
    ben = ind.beneficiaries(CHILDREN, Q3)
    assert ind.count_by(ben, "sex", ["F", "M"]).to_dict() == {"F": 2, "M": 1}
    assert ind.count_by(ben.iloc[:0], "sex", ["F", "M"]).to_dict() == {"F": 0, "M": 0}


def test_intakes_and_exits():
    assert ind.new_intakes(CHILDREN, Q3) == 1
    assert ind.exits(CHILDREN, Q3) == 1


def test_compute_keys_and_values():
    figures = figures_registry.compute(CHILDREN, SERVICES, Q3, ["A", "B"])
    assert figures.count("beneficiaries.total") == 3
    assert figures.breakdown("beneficiaries.by_partner") == {"A": 3, "B": 0}
    out = figures.as_dict()  # the nesting of indicators.json
    assert out["beneficiaries"]["total"] == 3
    assert out["beneficiaries"]["by_partner"] == {"A": 3, "B": 0}
    assert out["beneficiaries"]["by_sex"] == {"F": 2, "M": 1}
    assert out["counseling"]["children"] == 2
    assert out["counseling"]["mean_sessions_per_child"] == pytest.approx(2.0)
    assert out["counseling"]["trafficking_victims_mean_sessions"] == pytest.approx(1.0)
    assert out["living_with_family"]["children"] == 2
    assert out["schooling_at_intake"] == {"formal": 1, "kejar_paket": 1, "not_in_school": 1}
    assert out["education_services"] == {"bridging_course": 0, "remedial": 0, "skills_course": 2}
    assert out["internship"] == {"children": 0, "by_partner": {"A": 0, "B": 0}}
    assert out["beneficiaries"]["by_beneficiary_type"] == {"withdrawn": 2, "prevented": 1}


def test_every_registered_figure_is_computed_in_order():
    figures = figures_registry.compute(CHILDREN, SERVICES, Q3, ["A", "B"])
    assert list(figures) == [f.key for f in figures_registry.FIGURES]
    for f in figures_registry.FIGURES:
        assert isinstance(figures[f], Breakdown) == f.is_breakdown, f.key


def test_empty_period():
    figures = figures_registry.compute(CHILDREN, SERVICES, parse_period("2009"), ["A", "B"])
    assert figures.count("beneficiaries.total") == 0
    assert figures.number("counseling.mean_sessions_per_child") == 0.0


def test_headlines_in_one_pass_equal_city_by_city():
    kids = pd.concat([CHILDREN.assign(city="x"), CHILDREN.assign(city="y").iloc[:2]])
    svc = pd.concat([SERVICES.assign(city="x"), SERVICES.assign(city="y").iloc[:5]])
    table = figures_registry.headlines_by_city(kids, svc, Q3)
    assert list(table.columns) == [h.name for h in figures_registry.HEADLINES]
    for city in ("x", "y"):
        one = figures_registry.compute(kids[kids.city == city], svc[svc.city == city], Q3, ["A", "B"])
        row = table.loc[city]
        for h in figures_registry.HEADLINES:
            assert row[h.name] == one.headline(h), (city, h.name)


DAYS = st.dates(min_value=pd.Timestamp("2009-10-01").date(), max_value=pd.Timestamp("2011-03-31").date())


@given(
    spans=st.lists(st.tuples(DAYS, st.one_of(st.none(), DAYS)), max_size=12),
    names=st.lists(st.sampled_from(["2010", "2010H1", "2010Q2", "2010Q3", "2011Q1", "2009Q4"]), max_size=4),
)
def test_beneficiary_counts_as_the_frame_function(spans, names):
    # Intakes and exits on any day (no exit, an exit before the intake, on a period's
    # first or last day), against any periods
    kids = pd.DataFrame(
        {"intake_date": pd.to_datetime([i for i, _ in spans]), "exit_date": pd.to_datetime([e for _, e in spans])}
    )
    periods = [parse_period(n) for n in names]
    assert ind.beneficiary_counts(kids, periods) == [len(ind.beneficiaries(kids, p)) for p in periods]
