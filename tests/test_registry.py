"""The figure registry: one definition per figure, and the guard rails it gives.

* every count of children a report can show has a disclosure group, checked three ways:
  in the registry itself, in what a public report reads while it is built (both languages),
  and in what public reports print for every city over several periods;
* the data dictionary's figure table is the one the registry generates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exceed_analysis.figures import disclosure as sdc
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.dictionary import render_document
from exceed_analysis.figures.model import (
    NOT_A_COUNT,
    TOTAL,
    Breakdown,
    Figures,
    Partition,
    PartOf,
    Subset,
    Unit,
)
from exceed_analysis.figures.registry import FIGURE, FIGURES, HEADLINES
from exceed_analysis.params import LANGUAGES

COUNTED = [f for f in FIGURES if f.unit is Unit.CHILDREN]


# ----------------------------------------------------------------------------- the registry


def test_keys_are_unique_and_nest_cleanly():
    keys = [f.key for f in FIGURES]
    assert len(keys) == len(set(keys))
    for key in keys:  # no key is the parent of another: the nesting of indicators.json
        assert not any(other.startswith(key + ".") for other in keys), key


def test_every_count_of_children_has_a_disclosure_group():
    for f in COUNTED:
        assert f.disclosure is not NOT_A_COUNT, f"{f.key} counts children but is outside disclosure control"
    for f in FIGURES:
        if f.disclosure is NOT_A_COUNT:
            assert f.unit is not Unit.CHILDREN and not f.rows and not f.headlines, f.key
    assert [f.key for f in FIGURES if f.disclosure is TOTAL] == [figures_registry.TOTAL_KEY]


def test_every_breakdown_adds_up_to_something_shown():
    for f in FIGURES:
        if f.is_breakdown:
            assert isinstance(f.disclosure, (Partition, PartOf)) or f.key == "skills_course_type", f.key
        if isinstance(f.disclosure, PartOf):
            parent = FIGURE[f.disclosure.of]
            assert isinstance(parent.disclosure, Subset) and f.is_breakdown, f.key
            assert FIGURES.index(parent) < FIGURES.index(f), f.key


def test_headlines_are_registered_counts_and_one_list():
    names = [h.name for h in HEADLINES]
    assert len(names) == len(set(names))
    for h in HEADLINES:
        f = FIGURE[h.figure]
        assert f.unit is Unit.CHILDREN and (h.cell is None) == (not f.is_breakdown), h.name
    assert [h.name for h in figures_registry.RANKED][0] == "beneficiaries"


def test_every_figure_has_both_labels_and_a_definition():
    for f in FIGURES:
        assert set(f.label) == set(LANGUAGES) and all(f.label.values()), f.key
        assert f.description, f.key


# ----------------------------------------------------------------------------- public reports


class RecordingFigures(Figures):
    """Figures that note every key a report reads."""

    def __init__(self, figures: Figures, seen: set[str]):
        super().__init__(figures.data)
        object.__setattr__(self, "seen", seen)

    def __getitem__(self, key):
        self.seen.add(key.key if hasattr(key, "key") else key)
        return super().__getitem__(key)

    def count(self, key):
        self.seen.add(key)
        return super().count(key)

    def breakdown(self, key):
        self.seen.add(key)
        return super().breakdown(key)

    def number(self, key):
        self.seen.add(key)
        return super().number(key)

    def as_dict(self):
        self.seen.update(self.data)
        return super().as_dict()


def _grouped_paths(figures: Figures) -> set[str]:
    values, groups = sdc.report_groups(figures)
    return {c for g in groups for c in g.cells} | {g.total_key for g in groups if g.total_key}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from conftest import ingested_copy

    with ingested_copy(tmp_path_factory.mktemp("registry") / "project") as root:
        yield root


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_report_reads_only_protected_figures(store, language):
    """Every figure a public city report reads (sections, tables, charts, comparison,
    indicators.json) is registered, and each of its counts is a cell of a disclosure group."""
    from exceed_analysis.reports.city import CityReport

    for city, period in (("bandar-lampung", "2010"), ("pontianak", "2012Q4")):
        rep = CityReport.load(city, period, language, edition="public")
        seen: set[str] = set()
        rep.figures = RecordingFigures(rep.figures, seen)
        rep._tables.clear()
        for name in (
            "pengantar",
            "daerah_sasaran",
            "penerima_manfaat",
            "sex_text",
            "age_text",
            "gambaran",
            "outreach",
            "pemulihan",
            "konseling",
            "kesehatan",
            "kebutuhan_dasar",
            "reintegrasi",
            "pendidikan",
            "pendidikan_services_text",
            "pendidikan_courses_text",
            "magang",
            "kesadaran",
            "gugus_tugas",
            "perbandingan",
        ):
            getattr(rep, name)()
        for key in (*rep.table_keys(), "activity_list"):
            rep.exhibit(key)
        rep.tables()  # the comparison table too
        rep.indicators_json()
        grouped = _grouped_paths(rep.figures)
        for key in seen:
            f = FIGURE[key]  # a KeyError here is a figure read outside the registry
            if f.unit is not Unit.CHILDREN or f.disclosure is TOTAL:
                continue
            value = rep.figures[key]
            cells = [f"{key}.{k}" for k in value] if isinstance(value, Breakdown) else [key]
            assert set(cells) <= grouped, (city, period, key)


PERIODS = ("2010Q2", "2010H1", "2010", "2011Q3", "2012Q4")


def _small_counts(node, path=""):
    """Paths of counts from 1 to 4 in ``indicators.json``'s figures (not sessions or means)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _small_counts(v, f"{path}.{k}" if path else k)
    elif isinstance(node, int) and not isinstance(node, bool) and 1 <= node <= 4:
        if not path.startswith("counseling.sessions"):
            yield path


def _small_numbers(text: str) -> bool:
    return bool(re.fullmatch(r"[1-4]( \(.*\))?", str(text).strip()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_reports_show_no_count_of_1_to_4(store, language):
    """For every city over several periods (those with a tiny start included): no table,
    chart or indicators.json value of a public report is a count from 1 to 4."""
    from exceed_analysis.config import registry
    from exceed_analysis.errors import ParameterError
    from exceed_analysis.reports.city import CityReport

    checked = 0
    for city in registry().slugs:
        for period in PERIODS:
            try:
                rep = CityReport.load(city, period, language, edition="public")
            except ParameterError:
                continue  # the programme had not started
            checked += 1
            for key, table in rep.tables().items():
                if key in ("activities", "activity_list"):
                    continue  # activities and their participants, not children
                for col in table.numeric:
                    for text in table.display[col]:
                        assert not _small_numbers(text), (city, period, key, col, text)
                if key in figures_registry.charted_tables():
                    for trace in rep.chart(key).figure.data:
                        numbers = trace.y if trace.orientation != "h" else trace.x
                        assert not any(1 <= (v or 0) <= 4 for v in numbers), (city, period, key)
            shown = json.loads(rep.indicators_json())
            figures = {k: v for k, v in shown.items() if k in {f.key.split(".")[0] for f in FIGURES}}
            assert not list(_small_counts(figures)), (city, period)
    assert checked > 20


# ----------------------------------------------------------------------------- the data dictionary


def test_data_dictionary_figure_table_is_current():
    text = (Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert render_document(text) == text, (
        "docs/data-dictionary.md: the figure table is stale; run python -m exceed_analysis.figures.dictionary"
    )
    for f in FIGURES:
        assert f"| `{f.key}` |" in text


# ----------------------------------------------------------------------------- an added figure


def test_alternative_care_placements_by_partner(store):
    """Children with an alternative-care placement, by partner: a row of the partner
    services table with its bars in the chart, in both languages, protected in the public
    edition and listed in the data dictionary (added in the registry and the catalogues)."""
    from exceed_analysis.reports.city import CityReport
    from exceed_analysis.store.parquet import load_city

    key = "reintegration.alternative_care_by_partner"
    assert FIGURE[key].disclosure == PartOf("reintegration.alternative_care")
    data = load_city("bandar-lampung")
    for language, label in (("id", "Pengasuhan alternatif"), ("en", "Alternative care placement")):
        rep = CityReport.load("bandar-lampung", "2010", language)
        in_period = data.services.loc[
            (data.services["service"] == "alternative_care")
            & data.services["date"].between(rep.period.start.isoformat(), rep.period.end.isoformat())
        ]
        expected = {
            p: in_period.loc[in_period["partner"] == p, "child_id"].nunique() for p in rep.city.partner_codes
        }
        assert dict(rep.figures.breakdown(key)) == expected
        assert sum(expected.values()) == rep.figures.count("reintegration.alternative_care") > 0
        table = rep.table("partner_services")
        row = list(table.data["service"]).index("alternative_care")
        assert table.display.iloc[row, 0] == label
        assert [int(table.data.loc[row, p]) for p in rep.city.partner_codes] == list(expected.values())
        chart = rep.chart("partner_services").figure
        assert all(trace.y[row] == label for trace in chart.data)
        assert json.loads(rep.indicators_json())["reintegration"]["alternative_care_by_partner"] == expected
    public = CityReport.load("bandar-lampung", "2010", edition="public")
    cells = {f"{key}.{p}" for p in public.city.partner_codes}
    groups = sdc.report_groups(public.figures)[1]
    assert any(set(g.cells) == cells and g.total_key == "reintegration.alternative_care" for g in groups)
    for p, n in public.figures.breakdown(key).items():
        assert sdc.is_hidden(n) or not 1 <= n <= 4, (p, n)
    text = (Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert f"| `{key}` | Pengasuhan alternatif, per mitra | Alternative care placement, by partner |" in text
