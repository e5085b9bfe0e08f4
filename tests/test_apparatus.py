"""A report's apparatus on the committed data: draft cover, no placeholder, numbered
figures with captions, source lines, heading anchors, colophon, and `exceed narratives`."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ingested_copy
from exceed_analysis.reports import apparatus
from exceed_analysis.reports.city import CityReport
from exceed_analysis.reports.narrative import STAFF_SECTIONS


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("apparatus") / "project") as root:
        yield root


@pytest.fixture(scope="module")
def reports(root):
    return {(period, lang): CityReport.load("sambas", period, lang)
            for period in ("2011Q3", "2012Q4") for lang in ("id", "en")}


def _body(rep: CityReport) -> str:
    """Every section of the report, as the notebook shows them."""
    parts = [rep.title(), apparatus.draft_notice(rep), rep.pengantar(), rep.daerah_sasaran(),
             rep.penerima_manfaat(), rep.sex_text(), rep.age_text(), rep.gambaran(), rep.outreach(), rep.pemulihan(),
             rep.konseling(), rep.kesehatan(), rep.kebutuhan_dasar(), rep.reintegrasi(),
             rep.pendidikan(), rep.pendidikan_services_text(), rep.pendidikan_courses_text(),
             rep.magang(), rep.kesadaran(), rep.gugus_tugas(),
             *(rep.staff_section(k) for k in ("kendala", "rekomendasi", "penutup")), rep.glossary()]
    parts += [str(x._repr_html_()) if hasattr(x, "_repr_html_") else str(x)
              for key in ("sex", "age", "schooling", "education", "courses", "partner_services",
                          "activities", "activity_list") for x in apparatus.exhibit(rep, key)
              if not hasattr(x, "figure")]
    return "\n".join(map(str, parts))


def test_a_draft_says_so_once_under_the_cover(reports):
    for lang, word, placeholder in (("id", "DRAF", "belum ditulis oleh staf"),
                                    ("en", "DRAFT", "have not written this section")):
        rep = reports[("2011Q3", lang)]
        assert rep.narrative.missing == STAFF_SECTIONS
        notice = apparatus.draft_notice(rep)
        assert word in notice
        for key in STAFF_SECTIONS:
            assert notice.count(rep.text.heading(key)) == 1
        body = _body(rep)
        assert placeholder not in body
        assert body.count('id="draf"') == 1
        for key in ("kendala", "rekomendasi", "penutup"):
            assert rep.staff_section(key) == ""


def test_a_complete_report_is_no_draft(reports):
    rep = reports[("2012Q4", "id")]
    assert apparatus.draft_notice(rep) == ""
    body = _body(rep)
    for key in STAFF_SECTIONS:
        assert f">{rep.text.heading(key)}</h" in body


def test_headings_have_unique_anchors(reports):
    for rep in reports.values():
        ids = re.findall(r'<h[1-6] id="([^"]+)"', _body(rep))
        assert len(ids) > 10 and len(ids) == len(set(ids)), ids
        tables = re.findall(r'<figure class="exceed-table" id="([^"]+)"', _body(rep))
        assert len(tables) == len(set(tables))  # "Lampiran 1" no longer shares Tabel 1's id


def test_figures_numbered_with_caption_and_source(reports):
    rep = reports[("2012Q4", "id")]
    shown = apparatus.exhibit(rep, "sex")
    table, chart, caption = shown
    assert 'id="tabel-1"' in table and "Sumber: register anak dan layanan mitra SBS1" in table
    assert hasattr(chart, "figure")
    assert '<strong>Gambar 1</strong>' in caption and 'href="#tabel-1"' in caption
    assert "Oktober - Desember 2012" in caption and "data per 31 Desember 2012" in caption
    assert "&lt;" not in caption  # the source line is HTML, not escaped text
    _, _, cap = apparatus.exhibit(reports[("2012Q4", "en")], "courses")
    assert "<strong>Figure 3</strong>" in cap and "Source:" in cap
    only_table = apparatus.exhibit(rep, "schooling")
    assert len(only_table) == 1 and "Sumber:" in only_table[0]
    appendix = apparatus.exhibit(rep, "activity_list")[0]
    assert appendix.startswith('<h2 id="lampiran">Lampiran</h2>') and 'id="lampiran-1"' in appendix


def test_colophon(reports):
    rep = reports[("2012Q4", "en")]
    c = apparatus.colophon(rep, manifest=True, today=dt.date(2026, 12, 2))
    for text in ("Colophon", "Produced on", "2 December 2026", "Data as of", "exceed-analysis",
                 "internal (every count)", "English", 'href="manifest.json"'):
        assert text in c, text
    assert "manifest.json" not in apparatus.colophon(rep, manifest=False).split("<dt>Manifest")[1][:40]


def test_english_city_report_has_the_glossary(reports):
    assert 'id="glossary"' in reports[("2012Q4", "en")].glossary()


def test_exceed_narratives_status_and_new(root, capsys):
    from exceed_analysis import cli

    assert cli.main(["narratives", "--city", "sambas"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"sambas\s+│ 2012Q4 │ complete", out) and re.search(r"2011Q3 │ draft", out)
    assert cli.main(["narratives", "--new", "--city", "sambas", "--period", "2011Q3"]) == 0
    path = root / "data" / "raw" / "narratives" / "sambas" / "2011Q3.md"
    text = path.read_text(encoding="utf-8")
    assert "## Kendala dan hambatan" in text and re.search(r"penerima manfaat: \d+ anak", text)
    assert cli.main(["narratives", "--new", "--city", "sambas", "--period", "2011Q3"]) == 2
    assert "already exists" in capsys.readouterr().err
    # a public edition of the (still draft) report is refused before any kernel starts
    assert cli.main(["report", "--city", "sambas", "--period", "2011Q3", "--edition", "public"]) == 2
    assert "--allow-draft" in capsys.readouterr().err


def test_colophon_date_and_commit_can_be_pinned(reports, monkeypatch):
    """A rebuild pinned to the first build's date and commit gives the same colophon."""
    rep = reports[("2012Q4", "id")]
    monkeypatch.setenv(apparatus.BUILD_DATE_ENV, "1354320000")  # 2012-12-01 UTC
    monkeypatch.setenv(apparatus.BUILD_COMMIT_ENV, "abc1234")
    c = apparatus.colophon(rep)
    assert "1 Desember 2012" in c and "commit abc1234" in c
    assert c == apparatus.colophon(rep)


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_figure_is_referred_to_by_number_in_the_text(root, edition):
    """Every numbered figure ("Gambar N") is named in the text beside its table, and every
    reference the text makes points to a table or figure the report shows: every city,
    a quarter and a year, both languages, both editions."""
    from exceed_analysis.config import registry

    seen_figures = 0
    for city in registry().cities:
        for period in ("2012Q4", "2011"):
            for lang in ("id", "en"):
                rep = CityReport.load(city.slug, period, lang, edition=edition)
                body = _body(rep)
                where = f"{city.slug} {period} {lang} {edition}"
                captions = set(re.findall(r'id="(gambar-\d+)"', body))
                text_refs = re.findall(r'href="#(gambar-\d+)"', body)
                cited = set(text_refs)  # captions link to their table, never to a figure
                assert captions <= cited, f"{where}: figures never named in the text: {captions - cited}"
                ids = set(re.findall(r'id="([^"]+)"', body))
                for target in re.findall(r'href="#([^"]+)"', body):
                    assert target in ids, f"{where}: the text refers to #{target}, which is not shown"
                word = "gambar" if lang == "id" else "Figure"
                for n in re.findall(rf">{word} (\d+)</a>", body):
                    assert f"gambar-{n}" in captions, f"{where}: {word} {n} named but not shown"
                seen_figures += len(captions)
    assert seen_figures > 0
