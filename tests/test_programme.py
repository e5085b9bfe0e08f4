"""The programme report: the seed's family-contact baseline, programme totals against the city
reports' figures, both editions, cumulative totals, rankings, targets and the notebook template.

The report reads a processed store built here from a copy of the project's raw data (as
`exceed ingest` builds it), so the test does not depend on the state of data/processed/.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import ingested_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import yaml

from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.model import Figures
from exceed_analysis.config import registry
from exceed_analysis.errors import ParameterError
from exceed_analysis.reports.programme import (
    BASELINE_SECTORS,
    HEADLINES,
    ProgrammeReport,
    TargetsError,
    age_group,
    by_beneficiary_type,
    cumulative_enrolled,
    family_contact_baseline,
    load_targets,
    programme_catalogue,
    programme_quarters,
    rank_cities,
    whole_percent,
)
from exceed_analysis.reports.city import resolve_parameters
from exceed_analysis.store.parquet import load_city

PROJECT = Path(__file__).resolve().parents[1]
SEED = yaml.safe_load((PROJECT / "tests" / "reference-figures.yml").read_text(encoding="utf-8"))
BASELINE = SEED["workshop_2011_family_contact_baseline"]
NOTEBOOK = PROJECT / "notebooks" / "programme_report.ipynb"
PERIOD = "2012Q4"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's registry, targets and raw data, ingested."""
    with ingested_copy(tmp_path_factory.mktemp("programme") / "project") as root:
        yield root


@pytest.fixture(scope="module")
def rep(project) -> ProgrammeReport:
    return ProgrammeReport.load(PERIOD, "id")


@pytest.fixture(scope="module")
def rep_en(rep) -> ProgrammeReport:
    return rep.with_period(PERIOD, "en")


def city_figures(period: str) -> dict[str, Figures]:
    """Each city's indicators, computed as the city report computes them."""
    out = {}
    for slug in registry().slugs:
        city, p = resolve_parameters(slug, period)
        data = load_city(slug)
        out[slug] = figures_registry.compute(data.children, data.services, p, city.partner_codes)
    return out


# ----------------------------------------------------------------------------- the seed


def test_family_contact_baseline_equals_the_seed(rep):
    children = pd.concat([load_city(s).children for s in registry().slugs], ignore_index=True)
    table = family_contact_baseline(children)
    assert list(table.index) == list(BASELINE_SECTORS)
    for sector in BASELINE_SECTORS:
        row = table.loc[sector]
        # columns of the seed: pulang tiap hari, pulang waktu tertentu, tidak pernah pulang
        assert [row["daily_percent"], row["periodic_percent"], row["never_percent"]] == BASELINE[sector]
        # unknown is its own column, and the four counts are every child of the group
        assert row[["daily", "periodic", "never", "unknown"]].sum() == row["children"] > 0
    # the report states the same shares, in indicators.json and in its table
    stated = rep.indicators["baseline_family_contact"]["by_sector"]
    for sector in BASELINE_SECTORS:
        p = stated[sector]["percent"]
        assert [p["daily"], p["periodic"], p["never"]] == BASELINE[sector]
    display = rep.table("baseline").display
    assert list(display.iloc[0, 1:4]) == ["88 %", "12 %", "0 %"]


def test_baseline_counts_only_children_enrolled_by_the_cutoff():
    kids = pd.DataFrame({
        "city": "x", "partner": ["A", "A", "A", "B"], "child_id": ["1", "2", "3", "1"],
        "sector": "prta", "family_contact": ["daily", "periodic", "never", "periodic"],
        "intake_date": pd.to_datetime(["2010-05-01", "2010-09-30", "2010-10-01", "2010-06-01"])})
    row = family_contact_baseline(kids, sectors=["prta", "eska"]).loc["prta"]
    assert (row["children"], row["daily"], row["periodic"], row["never"]) == (3, 1, 2, 0)
    assert (row["daily_percent"], row["periodic_percent"]) == (33, 67)


# ----------------------------------------------------------------------------- totals


@pytest.mark.parametrize("period", [PERIOD, "2010", "2011H1"])
def test_programme_totals_are_the_sum_of_the_city_reports(rep, period):
    report = rep.with_period(period)
    figures = {s: f.as_dict() for s, f in city_figures(period).items()}
    i = report.indicators
    b = i["beneficiaries"]
    assert b["total"] == sum(f["beneficiaries"]["total"] for f in figures.values())
    for sex in ("F", "M"):
        assert b["by_sex"][sex]["total"] == sum(f["beneficiaries"]["by_sex"][sex] for f in figures.values())
    for kind in ("withdrawn", "prevented"):
        assert b["by_beneficiary_type"][kind] == sum(
            f["beneficiaries"]["by_beneficiary_type"][kind] for f in figures.values())
    assert i["counseling"]["children"] == sum(f["counseling"]["children"] for f in figures.values())
    assert i["health_check"]["children"] == sum(f["health_check"]["children"] for f in figures.values())
    assert i["internship"]["children"] == sum(f["internship"]["children"] for f in figures.values())
    for s in ("bridging_course", "remedial", "skills_course"):
        assert i["education_services"][s] == sum(f["education_services"][s] for f in figures.values())
    # every breakdown adds up to the total, and per-city figures are the city reports'
    for breakdown in ("by_city", "by_sector", "by_sex", "by_age_group"):
        assert sum(v["total"] for v in b[breakdown].values()) == b["total"]
    for slug, f in figures.items():
        assert i["cities"][slug]["beneficiaries"]["total"] == f["beneficiaries"]["total"]
        assert i["cities"][slug]["counseling"]["children"] == f["counseling"]["children"]


def test_period_is_clipped_to_the_programme_start(rep):
    report = rep.with_period("2010")
    assert report.months == "Mei - Desember 2010"
    assert report.indicators["period_start"] == "2010-05-01"
    assert {p.start for p in report.city_periods.values()} == {dt.date(2010, 5, 1)}


def test_formal_or_equivalency_counts_schooling_at_intake(rep):
    figures = {s: f.as_dict() for s, f in city_figures(PERIOD).items()}
    expected = sum(f["schooling_at_intake"]["formal"] + f["schooling_at_intake"]["kejar_paket"]
                   for f in figures.values())
    assert rep.indicators["education_services"]["formal_or_equivalency"] == expected


# ----------------------------------------------------------------------------- editions


def test_editions_state_the_same_numbers_in_their_own_words(rep, rep_en, tmp_path):
    rep.write_outputs(tmp_path / "id")
    rep_en.write_outputs(tmp_path / "en")
    ind_id = json.loads((tmp_path / "id" / "indicators.json").read_text(encoding="utf-8"))
    ind_en = json.loads((tmp_path / "en" / "indicators.json").read_text(encoding="utf-8"))
    assert ind_id == ind_en
    csvs = sorted(p.name for p in (tmp_path / "id" / "tables").glob("*.csv"))
    assert csvs == sorted(p.name for p in (tmp_path / "en" / "tables").glob("*.csv"))
    assert len(csvs) == 9 and csvs[0] == "tabel-1-city.csv"
    for name in csvs:
        id_csv, en_csv = (tmp_path / lang / "tables" / name for lang in ("id", "en"))
        assert id_csv.read_bytes() == en_csv.read_bytes()

    assert '<h2 id="beneficiaries">Beneficiaries</h2>' in rep_en.beneficiaries()
    assert '<h2 id="penerima-manfaat">Penerima manfaat</h2>' in rep.beneficiaries()
    assert "Penerima manfaat" not in rep_en.beneficiaries()
    assert "Glossary" in rep_en.glossary()
    assert "commercial sexual exploitation of children" in rep_en.glossary()
    assert "Oktober - Desember 2012" in rep.title() and "October - December 2012" in rep_en.title()
    # numbers written the way each language writes them
    total = rep.total
    withdrawn = rep.indicators["beneficiaries"]["by_beneficiary_type"]["withdrawn"]
    assert f"{total:,}".replace(",", ".") + " anak" in rep.beneficiaries()
    assert f"{total:,} children" in rep_en.beneficiaries()
    share = 100 * withdrawn / total
    assert f"{share:.2f} %".replace(".", ",") in rep.beneficiaries()
    assert f"{share:.2f} %" in rep_en.beneficiaries()
    assert rep.table("cumulative").display.columns[1] == "Ditarik"
    assert rep_en.table("cumulative").display.columns[1] == "Withdrawn"


def test_catalogues_hold_the_same_keys():
    def keys(d, prefix=""):
        out = set()
        for k, v in d.items():
            out |= keys(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}"}
        return out

    id_, en = programme_catalogue("id").data, programme_catalogue("en").data
    # nouns hold the plural forms each language has (Indonesian: "other" only)
    assert keys({k: v for k, v in id_.items() if k != "nouns"}) == keys({k: v for k, v in en.items() if k != "nouns"})
    assert set(id_["nouns"]) == set(en["nouns"])
    assert len(id_["glossary"]) == len(en["glossary"])


def test_bad_parameters_fail_early(project):
    with pytest.raises(ParameterError, match="malformed period"):
        ProgrammeReport.load("2012Q5")
    with pytest.raises(ParameterError, match="before the programme started"):
        ProgrammeReport.load("2009")
    with pytest.raises(ParameterError, match="unknown language"):
        ProgrammeReport.load(PERIOD, "fr")


# ----------------------------------------------------------------------------- cumulative


def test_cumulative_totals_are_monotone_over_quarters(rep):
    quarters = [q.name for q in programme_quarters(dt.date(2010, 5, 1), dt.date(2013, 3, 31))]
    assert quarters[0] == "2010Q2" and quarters[-1] == "2013Q1" and len(quarters) == 12
    previous = None
    for name in quarters:
        cum = rep.with_period(name).indicators["cumulative"]
        now = {"withdrawn": cum["withdrawn"]["children"], "prevented": cum["prevented"]["children"],
               **{f"{s}/{t}": v[t]["children"] for s, v in cum["by_city"].items()
                  for t in ("withdrawn", "prevented")}}
        if previous is not None:
            assert all(now[k] >= previous[k] for k in now), name
        previous = now
    # by the end of the data every child ever enrolled is counted once
    everyone = sum(len(load_city(s).children) for s in registry().slugs)
    assert previous["withdrawn"] + previous["prevented"] == everyone


def test_cumulative_against_targets(rep):
    cum = rep.indicators["cumulative"]
    targets = load_targets()
    assert cum["withdrawn"]["target"] == targets.total["withdrawn"]
    assert cum["withdrawn"]["percent_of_target"] == round(
        100 * cum["withdrawn"]["children"] / targets.total["withdrawn"], 4)
    # the illustrative targets are reached at 60-90 % by the end of 2012
    for v in [cum, *cum["by_city"].values()]:
        for t in ("withdrawn", "prevented"):
            assert 60 <= v[t]["percent_of_target"] <= 90
    assert rep.table("cumulative").display.iloc[-1, 3] == "74,51 %"


def test_cumulative_enrolled_counts_intakes_from_the_start():
    kids = pd.DataFrame({
        "partner": "A", "child_id": ["1", "2", "3", "4"],
        "beneficiary_type": ["withdrawn", "prevented", "withdrawn", "withdrawn"],
        "intake_date": pd.to_datetime(["2010-04-30", "2010-05-01", "2010-12-31", "2011-01-01"])})
    assert cumulative_enrolled(kids, dt.date(2010, 5, 1), dt.date(2010, 12, 31)) == {
        "withdrawn": 1, "prevented": 1}


def test_targets_must_add_up(project, tmp_path):
    raw = yaml.safe_load((project / "config" / "targets.yml").read_text(encoding="utf-8"))
    raw["total"]["withdrawn"] += 1
    bad = tmp_path / "targets.yml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(TargetsError, match="add up"):
        load_targets(bad)
    del raw["cities"]["sambas"]
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(TargetsError, match="sambas"):
        load_targets(bad)


# ----------------------------------------------------------------------------- trend


def test_trend_ends_with_the_period_beneficiaries(rep):
    t = rep.indicators["trend"]
    assert t["quarters"][0] == "2010Q2" and t["quarters"][-1] == "2012Q4"
    assert t["quarter_start"][0] == "2010-05-01"
    assert t["total"][-1] == rep.total
    assert [sum(v[i] for v in t["by_city"].values()) for i in range(len(t["total"]))] == t["total"]
    assert rep.table("trend").display.iloc[0, 0] == "TW2 2010"


# ----------------------------------------------------------------------------- ranking


def test_rank_cities_on_a_hand_made_example():
    assert rank_cities({"a": 5, "b": 9, "c": 5, "d": 0, "e": 12}) == [
        (1, "e", 12), (2, "b", 9), (3, "a", 5), (3, "c", 5), (5, "d", 0)]
    assert rank_cities({"x": 1, "y": 1}) == [(1, "x", 1), (1, "y", 1)]
    assert rank_cities({}) == []


def test_ranking_table_follows_the_city_figures(rep):
    figures = city_figures(PERIOD)
    for h in HEADLINES:
        rows = rep.indicators["ranking"][h.name]
        values = [r["value"] for r in rows]
        assert values == sorted(values, reverse=True)
        assert {r["city"]: r["value"] for r in rows} == {s: f.headline(h) for s, f in figures.items()}
        assert rows[0]["rank"] == 1
    display = rep.table("ranking").display
    top = rep.indicators["ranking"]["beneficiaries"][0]
    assert display.iloc[0, 1].endswith(f"({top['value']})")


# ----------------------------------------------------------------------------- small pieces


def test_age_groups_and_types():
    assert [age_group(a) for a in (9, 12, 13, 14, 15, 16, 17)] == [
        "under_13", "under_13", "13_14", "13_14", "15_16", "15_16", "17"]
    kids = pd.DataFrame({"g": ["x", "y", "x"], "beneficiary_type": ["prevented", "withdrawn", "prevented"]})
    table = by_beneficiary_type(kids, "g", ["x", "y", "z"])
    assert table.to_dict("index") == {"x": {"withdrawn": 0, "prevented": 2, "total": 2},
                                      "y": {"withdrawn": 1, "prevented": 0, "total": 1},
                                      "z": {"withdrawn": 0, "prevented": 0, "total": 0}}
    assert whole_percent(1, 8) == 13 and whole_percent(3, 8) == 38 and whole_percent(5, 0) == 0


def test_every_section_and_exhibit_renders(rep, rep_en):
    for report in (rep, rep_en, rep.with_period("2010Q2"), rep.with_period("2013Q1")):
        for section in ("title", "introduction", "beneficiaries", "education", "cumulative",
                        "trend", "ranking", "baseline", "glossary"):
            assert str(getattr(report, section)()).strip()
        for key in report.tables():
            shown = report.exhibit(key)
            assert 1 <= len(shown) <= 2
            if len(shown) == 2:
                assert "text/html" in shown[1]._repr_mimebundle_()
    early = rep.with_period("2010Q2")
    assert "exceed-missing" in early.baseline()  # the baseline is of September 2010


# ----------------------------------------------------------------------------- notebook


def test_notebook_template_only_calls_the_library():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = code[0]
    assert "parameters" in params.metadata.get("tags", [])
    namespace: dict = {}
    exec(params.source, namespace)
    assert (namespace["period"], namespace["language"], namespace["output_dir"]) == ("2012Q4", "id", None)
    for cell in code[1:]:
        for word in ("for ", "def ", "lambda", "class ", "while "):
            assert word not in cell.source, cell.source
    # outputs are kept (nbval compares them) and stay small: plotly.js is not inlined
    assert all(c.get("outputs") for c in code[1:-1])
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "plotly.js (basic" not in text and "plotly.js v" not in text and len(text) < 400_000
    assert str(PROJECT) not in text and tempfile.gettempdir() not in text  # no machine paths


# ----------------------------------------------------------------------------- sentences


SECTIONS = ("title", "introduction", "beneficiaries", "education", "cumulative", "trend", "ranking",
            "baseline", "glossary")


def rendered(report: ProgrammeReport) -> str:
    return "\n".join(str(getattr(report, s)()) for s in SECTIONS)


def test_every_period_in_both_languages_states_only_true_claims(rep):
    """Every period of the committed data, in both languages: each sentence's fact holds
    against the figures, and no phrasing a reviewer rejected is printed."""
    from exceed_analysis.publish.editions import archive_periods
    from exceed_analysis.reports.checking import bad_phrasings
    from exceed_analysis.reports.facts import check_all

    periods = archive_periods("all")
    assert len(periods) > 10
    problems = []
    for period in periods:
        for language in ("id", "en"):
            report = rep.with_period(period, language)
            problems += [f"{period} {language}: {p}" for p in check_all(report.facts, report.indicators)]
            problems += [f"{period} {language}: {p}" for p in bad_phrasings(rendered(report), language)]
    assert problems == []


def test_public_edition_states_only_true_claims_and_ranks_no_hidden_value(rep):
    from exceed_analysis.figures.disclosure import is_hidden
    from exceed_analysis.reports.checking import bad_phrasings
    from exceed_analysis.reports.facts import check_all

    public = ProgrammeReport.load(PERIOD, "en", edition="public")
    assert public.withheld, "nothing withheld: the test proves nothing"
    assert check_all(public.facts, rep.indicators) == []  # against the unmasked figures
    assert bad_phrasings(rendered(public), "en") == []
    for name, top in public.facts["leaders"].items():
        if top.key in ("one", "tie"):
            assert not any(is_hidden(v) for v in top.counts.values() if v >= top.n), name
    for h, rows in public.indicators["ranking"].items():
        ranked = [r for r in rows if r["rank"] is not None]
        assert all(not is_hidden(r["value"]) for r in ranked), h
        assert all(is_hidden(r["value"]) for r in rows if r["rank"] is None), h
    text = rendered(public)
    assert "Public edition" in text


# hand-made programme figures: a few cities, small counts (ties at the top, zeros, one city)

CITY_NAMES = {"a": "Kota A", "b": "Kota B", "c": "Kota C", "d": "Kota D"}
small = st.integers(0, 6)


@st.composite
def programme_figures(draw):
    n = draw(st.integers(1, 3))
    slugs = list(CITY_NAMES)[:n]
    started = slugs if draw(st.booleans()) else slugs  # the registry's last city may wait
    cities, by_city = {}, {}
    for s in started:
        w, p = draw(small), draw(small)
        heads = {h.name: draw(st.integers(0, w + p)) for h in HEADLINES[1:]}
        by_city[s] = {"withdrawn": w, "prevented": p, "total": w + p}
        cities[s] = {"beneficiaries": {"total": w + p}, **{k: {"children": v} for k, v in heads.items()}}
    total = sum(v["total"] for v in by_city.values())
    girls = draw(st.integers(0, total))
    ages = {"under_13": 0, "13_14": 0, "15_16": 0, "17": 0}
    left = total
    for g in list(ages)[:-1]:
        ages[g] = draw(st.integers(0, left))
        left -= ages[g]
    ages["17"] = left
    edu = {k: draw(st.integers(0, total))
           for k in ("bridging_course", "remedial", "formal_or_equivalency", "skills_course")}
    cum_city = {}
    for s in started:
        cum_city[s] = {t: {"children": draw(small), "target": 10, "percent_of_target": 0.0}
                       for t in ("withdrawn", "prevented")}
        for t in ("withdrawn", "prevented"):
            cum_city[s][t]["percent_of_target"] = round(cum_city[s][t]["children"] * 10.0, 4)
    cum = {t: {"children": sum(v[t]["children"] for v in cum_city.values()), "target": 10 * n,
               "percent_of_target": 0.0} for t in ("withdrawn", "prevented")}
    trend = draw(st.lists(small, min_size=1, max_size=5))
    baseline = {}
    for sector in BASELINE_SECTORS:
        children = draw(small)
        parts = [draw(st.integers(0, children))]
        parts.append(draw(st.integers(0, children - parts[0])))
        parts.append(children - sum(parts))
        pct = {c: whole_percent(v, children) for c, v in zip(("daily", "periodic", "never"), parts)}
        baseline[sector] = {"children": children, "counts": dict(zip(("daily", "periodic", "never"), parts)),
                            "percent": {**pct, "unknown": 0}}
    return {
        "cities_included": started,
        "beneficiaries": {
            "total": total,
            "by_beneficiary_type": {t: sum(v[t] for v in by_city.values()) for t in ("withdrawn", "prevented")},
            "by_city": by_city,
            "by_sex": {"F": {"total": girls}, "M": {"total": total - girls}},
            "by_age_group": {g: {"total": v} for g, v in ages.items()},
        },
        "education_services": edu,
        "cumulative": {**cum, "by_city": cum_city},
        "trend": {"total": trend},
        "cities": cities,
        "baseline_family_contact": {"by_sector": baseline},
    }


def words_of(figures: dict, language: str, names: dict):
    from exceed_analysis.reports.programme_claims import programme_facts
    from exceed_analysis.reports.programme_words import ProgrammeSentences

    facts = programme_facts(figures, names)
    return facts, ProgrammeSentences(programme_catalogue(language), facts, names, "Q4 2012")


def all_sentences(w, figures: dict) -> str:
    labels = [f"Q{i + 1}" for i in range(len(figures["trend"]["total"]))]
    parts = [
        w.beneficiaries(len(figures["cities_included"]), 1, 4),
        w.education_body(5),
        *w.cumulative_parts({"withdrawn": 10, "prevented": 10}).values(),
        w.best_worst(),
        w.trend(labels, 7),
        w.ranking(8, figures["beneficiaries"]["total"]),
        *w.baseline({s: s for s in BASELINE_SECTORS}, BASELINE_SECTORS),
        w.not_started(),
    ]
    return "\n".join(str(p) for p in parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programme_figures(), st.booleans())
def test_programme_sentences_are_true_for_any_figures(figures, waiting):
    from exceed_analysis.reports.checking import bad_phrasings
    from exceed_analysis.reports.facts import check_all

    names = {s: CITY_NAMES[s] for s in figures["cities_included"]}
    if waiting:  # a city of the registry where the programme had not yet started
        names["d"] = CITY_NAMES["d"]
    for language in ("id", "en"):
        facts, w = words_of(figures, language, names)
        assert check_all(facts, figures) == []
        text = all_sentences(w, figures)
        assert bad_phrasings(text, language) == []
        assert ("Kota D" in text) == waiting  # named once as not started, never as a city served
        for name, top in facts["leaders"].items():
            if top.key == "tie":  # every tied city is named
                assert all(CITY_NAMES[s] in text for s in top.winners), name
        trend = facts["trend"]
        if trend.key == "none":
            assert trend.peak_key == "none"


def test_programme_sentences_name_every_tie_and_phrase_zeros():
    base = {
        "cities_included": ["a", "b"],
        "beneficiaries": {"total": 8, "by_beneficiary_type": {"withdrawn": 8, "prevented": 0},
                          "by_city": {"a": {"withdrawn": 4, "prevented": 0, "total": 4},
                                      "b": {"withdrawn": 4, "prevented": 0, "total": 4}},
                          "by_sex": {"F": {"total": 4}, "M": {"total": 4}},
                          "by_age_group": {"under_13": {"total": 8}}},
        "education_services": {"bridging_course": 0, "remedial": 0, "formal_or_equivalency": 0,
                               "skills_course": 0},
        "cumulative": {"withdrawn": {"children": 8, "target": 20, "percent_of_target": 40.0},
                       "prevented": {"children": 0, "target": 20, "percent_of_target": 0.0},
                       "by_city": {s: {"withdrawn": {"children": 4, "target": 10, "percent_of_target": 40.0},
                                       "prevented": {"children": 0, "target": 10, "percent_of_target": 0.0}}
                                   for s in "ab"}},
        "trend": {"total": [0, 8]},
        "cities": {s: {"beneficiaries": {"total": 4}, **{h.name: {"children": 0} for h in HEADLINES[1:]}}
                   for s in "ab"},
        "baseline_family_contact": {"by_sector": {s: {"children": 0, "counts": {}, "percent": {
            "daily": 0, "periodic": 0, "never": 0, "unknown": 0}} for s in BASELINE_SECTORS}},
    }
    names = {"a": "Kota A", "b": "Kota B", "c": "Kota C"}
    facts, w = words_of(base, "en", names)
    text = all_sentences(w, base)
    assert "Kota A and Kota B for beneficiaries (4 children each)" in text
    assert "Kota A and Kota B served the most (4 children each)" in text
    assert "No education services were recorded" in text
    assert "had not yet prevented any child" in text
    assert "No child was served in Q1; in Q2 the programme served 8 children" in text
    assert "The programme had not yet started in Kota C" in text
    assert "for counselling" not in text  # nobody counselled: nobody ranked first
    facts, w = words_of(base, "id", names)
    text = all_sentences(w, base)
    assert "Kota A dan Kota B untuk penerima manfaat (masing-masing 4 anak)" in text
    assert "belum mencegah seorang anak pun" in text
    assert check_all_ok(facts, base)


def check_all_ok(facts, figures) -> bool:
    from exceed_analysis.reports.facts import check_all

    return check_all(facts, figures) == []


def test_figures_are_typed_and_indicators_json_is_their_plain_form(rep):
    from exceed_analysis.reports.programme_types import ByType, ProgrammeFigures

    f = rep.figures
    assert isinstance(f, ProgrammeFigures)
    assert ProgrammeFigures.from_dict(rep.indicators) == f  # the JSON form reads back
    assert json.loads(rep.indicators_json()) == json.loads(json.dumps(f.as_dict()))
    row = f.beneficiaries.by_city["sambas"]
    assert isinstance(row, ByType) and row.total == row.withdrawn + row.prevented
    assert f.cities["sambas"].headline("beneficiaries") == row.total
    assert f.education_services.skills_course == sum(e.skills_course for e in f.education_by_city.values())
    assert f.cumulative.of("withdrawn").children == sum(
        c.withdrawn.children for c in f.cumulative.by_city.values())


@pytest.mark.parametrize(
    ("period", "edition"), [("2010", "internal"), ("2012Q4", "internal"), ("2012Q4", "public")]
)
def test_every_programme_figure_is_referred_to_by_number_in_the_text(project, period, edition):
    """Each numbered figure is named (and linked) in the text beside its table, and every
    link of the text points to a table or figure the report shows; both languages."""
    import re

    from exceed_analysis.reports import apparatus

    for lang in ("id", "en"):
        r = ProgrammeReport.load(period, language=lang, edition=edition)
        text = "\n".join(
            str(getattr(r, m)())
            for m in ("introduction", "beneficiaries", "education", "cumulative", "trend", "ranking", "baseline")
        )
        shown = "\n".join(
            str(x._repr_html_()) if hasattr(x, "_repr_html_") else str(x)
            for key in r.table_keys()
            for x in apparatus.exhibit(r, key)
            if not hasattr(x, "figure")
        )
        captions = set(re.findall(r'id="(gambar-\d+)"', shown))
        assert captions, f"{period} {lang} {edition}: no figure"
        named = set(re.findall(r'href="#(gambar-\d+)"', text))
        for a, b in re.findall(r'href="#gambar-(\d+)">\d+</a> (?:sampai|to) <a href="#gambar-(\d+)"', text):
            named |= {f"gambar-{n}" for n in range(int(a), int(b) + 1)}  # "gambar 1 sampai 4"
        assert captions <= named, f"{period} {lang} {edition}: never named: {captions - named}"
        ids = set(re.findall(r'id="([^"]+)"', shown))
        for target in re.findall(r'href="#([^"]+)"', text):
            assert target in ids, f"{period} {lang} {edition}: the text links #{target}, not shown"
