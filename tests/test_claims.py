"""Sentences true for any data: small hand-made registers, checked claim by claim.

Each register is made up by hypothesis (50/50 splits, ties at the top, zeros, a single
child, one sex only, a partner with nothing); its figures are computed by the library, the
report's facts are built from them, every fact is checked against the figures, and every
sentence is rendered in both languages and scanned for the phrasings no report may hold.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.periods import parse_period
from exceed_analysis.reports.claims import (SMALL_SHARE, Count, Greater, Instead, Kit, Part, Parts,
                                            Split, Top, bad_phrasings, check, kit_items,
                                            partner_label, plain_text)
from exceed_analysis.reports.facts import check_all, city_facts
from exceed_analysis.reports.sentences import CityWords
from exceed_analysis.reports.text import catalogue
from exceed_analysis.schemas import SKILLS_COURSES

PERIOD = parse_period("2010").clip_start(dt.date(2010, 5, 1))
PARTNERS = ("AA", "BB")
LABELS = {"AA": "Mitra Satu (fiktif) (AA)", "BB": "Mitra Dua (BB)"}
SERVICES = ("counseling", "health_check", "sti_screening", "basic_needs", "bridging_course",
            "remedial", "skills_course", "internship", "alternative_care", "family_support")
KITS = ("paket perlengkapan mandi dan pembalut", "perlengkapan sekolah", "seragam dan buku",
        "paket kebutuhan dasar")

child = st.fixed_dictionaries({
    "partner": st.sampled_from(PARTNERS),
    "sex": st.sampled_from(("F", "M")),
    "age_at_intake": st.integers(10, 17),
    "school_status": st.sampled_from(("formal", "kejar_paket", "not_in_school")),
    "lives_with_family": st.booleans(),
    "trafficking_victim": st.booleans(),
    "services": st.lists(st.tuples(st.sampled_from(SERVICES), st.integers(0, 3)), max_size=6),
})


def frames(kids: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, services = [], []
    for i, k in enumerate(kids):
        cid = f"{k['partner']}-{i:03d}"
        rows.append({"partner": k["partner"], "child_id": cid, "sex": k["sex"],
                     "age_at_intake": k["age_at_intake"], "school_status": k["school_status"],
                     "lives_with_family": k["lives_with_family"],
                     "trafficking_victim": k["trafficking_victim"],
                     "beneficiary_type": "withdrawn",
                     "intake_date": pd.Timestamp("2010-06-01"), "exit_date": pd.NaT})
        for j, (service, pick) in enumerate(k["services"]):
            detail = (SKILLS_COURSES[pick % len(SKILLS_COURSES)] if service == "skills_course"
                      else KITS[pick] if service == "basic_needs" else "")
            services.append({"partner": k["partner"], "child_id": cid, "service": service,
                             "date": pd.Timestamp("2010-07-01") + pd.Timedelta(days=j),
                             "detail": detail})
    children = pd.DataFrame(rows)
    svc = pd.DataFrame(services, columns=["partner", "child_id", "service", "date", "detail"])
    svc["date"] = pd.to_datetime(svc["date"])
    return children, svc


def report_of(kids: list[dict], activities: dict | None = None):
    children, svc = frames(kids)
    figures = figures_registry.compute(children, svc, PERIOD, PARTNERS).as_dict()
    ben = ind.beneficiaries(children, PERIOD)
    delivered = ind.services_in_period(svc, PERIOD, ben)
    basic = delivered.loc[delivered["service"] == "basic_needs"].merge(
        ben[["partner", "child_id", "sex"]], on=["partner", "child_id"])
    kit = kit_items(basic["detail"], basic["sex"])
    facts = city_facts(figures, {c: partner_label(*LABELS[c].rsplit(" (", 1)[0:1], c) for c in PARTNERS},
                       kit=kit, activities=activities or {})
    return figures, facts


CITY = SimpleNamespace(name="Kota Uji", province="Provinsi Uji")


def sentences(facts: dict, figures: dict, language: str) -> str:
    w = CityWords(catalogue(language), facts, months="Mei - Desember 2010",
                  sectors=("prta",), city=CITY)
    parts = [w.beneficiaries(), w.sex(1), w.age(2), w.comparison("April 2010"), w.outreach(),
             w.counselled(figures["counseling"]["mean_sessions_per_child"]), w.health(), w.basic(),
             w.reintegration(), w.schooling(3), w.education(4, LABELS), w.courses(5), w.interns(),
             w.awareness(), w.task_force_activity()]
    return "\n".join(str(p) for p in parts)


registers = st.lists(child, min_size=1, max_size=14)
activity_counts = st.dictionaries(
    st.sampled_from(("outreach", "awareness", "community_dialogue", "radio", "task_force_meeting",
                     "field_visit")),
    st.tuples(st.integers(0, 3), st.integers(0, 40)), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers, activity_counts)
def test_every_claim_holds_and_reads_well(kids, activities):
    figures, facts = report_of(kids, activities)
    assert check_all(facts, figures) == []
    for language in ("id", "en"):
        text = sentences(facts, figures, language)
        assert bad_phrasings(text, language) == [], text


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 8), registers)
def test_half_and_half_is_equal_never_a_majority(n, kids):
    base = [dict(k, sex="F") for k in kids[:1]] or []
    kids = [dict(base[0], sex="F")] * n + [dict(base[0], sex="M")] * n
    figures, facts = report_of(kids)
    assert facts["sex"].key == "equal"
    id_text, en_text = (sentences(facts, figures, lang) for lang in ("id", "en"))
    assert "mayoritas" not in id_text and "sama banyak" in id_text
    assert "most of the children" not in en_text and "as many girls as boys" in en_text
    assert "meskipun kecil" not in id_text and "small share" not in en_text


@settings(max_examples=25, deadline=None)
@given(registers)
def test_small_only_below_the_stated_share(kids):
    figures, facts = report_of(kids)
    s = facts["sex"]
    id_text, en_text = (sentences(facts, figures, lang) for lang in ("id", "en"))
    small = 0 < s.minor_n < SMALL_SHARE * s.total and s.major_n != s.minor_n
    assert ("meskipun kecil" in id_text) == small
    assert ("a small share" in en_text) == small


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(SKILLS_COURSES), min_size=1, max_size=10), child)
def test_every_tied_course_is_named(courses, one):
    kids = [dict(one, services=[("skills_course", SKILLS_COURSES.index(c))]) for c in courses]
    figures, facts = report_of(kids)
    counts = figures["skills_course_type"]
    top = max(counts.values())
    tied = [c for c, n in counts.items() if n == top]
    assert list(facts["courses"].winners) == tied
    for language in ("id", "en"):
        text = sentences(facts, figures, language)
        for c in tied:
            label = catalogue(language).label("skills_course", c).split(" (")[0].lower()
            assert label in text.lower(), (c, text)
        # the share is of the children who took a course, and says so
        of = figures["education_services"]["skills_course"]
        assert (f"dari {of} anak yang mengikuti kursus" if language == "id"
                else f"of the {of} child" if of == 1 else f"of the {of} children in skills courses") in text


@settings(max_examples=20, deadline=None)
@given(child)
def test_a_single_child_is_one_child(one):
    figures, facts = report_of([one])
    text = sentences(facts, figures, "en")
    assert "1 child" in text and "1 children" not in text
    assert facts["sex"].key == "only"


@settings(max_examples=20, deadline=None)
@given(registers)
def test_a_partner_with_nothing_is_never_listed_with_zero(kids):
    kids = [dict(k, partner="AA") for k in kids]
    figures, facts = report_of(kids)
    assert figures["beneficiaries"]["by_partner"]["BB"] == 0
    for language in ("id", "en"):
        text = sentences(facts, figures, language)
        assert "BB: 0" not in text
    assert "BB" not in [p.code for p in facts["partners"].listed]


def test_sanitary_pads_only_when_a_girl_got_them():
    assert "sanitary_pads" not in kit_items(["paket perlengkapan mandi dan pembalut"], ["M"]).items
    assert "sanitary_pads" in kit_items(["paket perlengkapan mandi dan pembalut"], ["M", "F"][1:]).items
    assert kit_items([], []).key == "none"
    assert check(Kit(("toiletries", "sanitary_pads"), ("paket perlengkapan mandi dan pembalut",), 0))


# ---------------------------------------------------------------- the rules, one by one

@pytest.mark.parametrize("a, b, key", [
    (41, 41, "equal"), (78, 4, "majority_small"), (56, 44, "majority"), (75, 25, "majority"),
    (76, 24, "majority_small"), (5, 0, "only"), (0, 3, "only"), (0, 0, "none")])
def test_split_keys(a, b, key):
    s = Split("F", a, "M", b)
    assert s.key == key
    assert s.problems() == []


def test_checks_catch_false_claims():
    # a stated number that is not the figure
    figures = {"beneficiaries": {"by_sex": {"F": 3, "M": 1}}}
    assert check(Split("F", 2, "M", 2, "beneficiaries.by_sex"), figures)
    # a top that leaves out a tie, or names a category that is not the largest
    t = Top({"a": 4, "b": 4}, of=8)
    assert t.winners == ("a", "b") and check(t) == []
    assert any("tied" in p for p in check(SimpleNamespace(
        problems=lambda: Top.problems(SimpleNamespace(key="one", winners=("a",), counts={"a": 4, "b": 4}, of=8)))))
    assert check(Greater(2.0, 3.0, 1)) == [] and Greater(2.0, 3.0, 1).key == "not_greater"
    assert check(Parts((Part("A", "A", 0, 5), Part("B", "B", 2, 5)))) == []
    assert check(Instead({"A": 0, "B": 4}, {"A": 5, "B": 0}, {"A": 5, "B": 4})) == []
    assert Instead({"A": 0, "B": 0}, {"A": 5, "B": 0}, {"A": 5, "B": 4}).key == "none"
    assert Count(0).key == "zero" and Count(1).key == "one" and Count(7).key == "some"


def test_partner_names_and_free_text():
    assert partner_label("Mitra Sambas Satu (fiktif)", "SBS1") == "Mitra Sambas Satu (SBS1, fiktif)"
    assert partner_label("Children Crisis Centre", "CCC") == "Children Crisis Centre (CCC)"
    assert plain_text("RT 06 <Kel. Panjang>") == "RT 06 (Kel. Panjang)"
    assert plain_text("<b>baru</b>") == "baru"


@pytest.mark.parametrize("text, language", [
    ("supported 1 children", "en"), ("1 task force meetings were", "en"), ("CCC: 0 dari 40 anak", "id"),
    ("tercatat 3 pertemuan gugus tugas dan 0 kunjungan lapangan", "id"),
    ("Mitra Sambas Satu (fiktif) (SBS1)", "id"), ("&lt;b&gt;baru&lt;/b&gt;", "en"),
    ("terhadap anak eksploitasi seksual komersial anak", "id"), ("anak pekerja rumah tangga anak", "id"),
    ("withdrew and protected commercial sexual exploitation of children", "en"),
    ("mayoritas anak adalah perempuan (50,00 %)", "id")])
def test_bad_phrasings_are_found(text, language):
    assert bad_phrasings(text, language)


@pytest.mark.parametrize("text, language", [
    ("supported 1 child and 10 children", "en"), ("Table 1 gives the children by sex", "en"), ("CCC: 40 dari 40 anak", "id"), ("10 anak", "id"),
    ("&lt; 5", "en"), ("anak korban ESKA", "id"), ("1.000 anak", "id"), ("(50,00 %)", "id")])
def test_good_phrasings_pass(text, language):
    assert bad_phrasings(text, language) == []
