"""The public site: ``outputs/public/`` on its own, with its own plotly.js and index, holding
no internal page, and no number in it that is a count of 1 to 4 children."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ingested_copy

from exceed_analysis.batch import build as batch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("public") / "project") as root:
        summary = batch.build(["sambas", "sanggau"], ["2012Q4", "2012H2"], pdf=False,
                              progress=False, edition="public")
        assert summary.exit_code == 0
        batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False)  # an internal one too
        # the programme report's public edition (every city, suppressed across them)
        summary = batch.build([], ["2012Q4"], pdf=False, progress=False, edition="public", programme=True)
        assert summary.exit_code == 0
        yield root / "outputs" / "public"


def test_public_folder_stands_alone(public):
    assert (public / "index.html").is_file()
    assert (public / "assets" / "plotly.min.js").is_file()
    pages = sorted(public.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', html), page
        for ref in re.findall(r'(?:src|href)="([^"#?]+)"', html):
            if ref.startswith(("data:", "mailto:")):
                continue
            target = (page.parent / ref).resolve()
            assert public.resolve() in target.parents or target == public.resolve(), (page, ref)
            assert target.exists(), (page, ref)


def test_public_folder_holds_no_internal_report(public):
    manifests = sorted(public.rglob("manifest.json"))
    assert len(manifests) == 5  # four city reports and the programme report
    for m in manifests:
        assert json.loads(m.read_text())["parameters"]["edition"] == "public"
    assert not (public / "quality.html").exists()


def test_public_numbers_hold_no_small_count(public):
    for f in public.rglob("*/*/indicators.json"):
        if f.parent.name == "programme":
            continue  # below: ranks, targets and quarters are not counts of children
        data = json.loads(f.read_text())

        def walk(d, path=""):
            for k, v in d.items():
                key = f"{path}{k}"
                if isinstance(v, dict):
                    walk(v, key + ".")
                elif isinstance(v, int) and not isinstance(v, bool) and "sessions" not in key \
                        and not key.startswith("comparison.change"):
                    assert not 1 <= v <= 4, (f, key, v)
                elif isinstance(v, float):
                    assert round(v, 1) == v, (f, key, v)  # means to one decimal
        walk(data)


def test_public_programme_report_is_linked_and_withholds_small_counts(public):
    report = public / "2012Q4" / "programme" / "report.html"
    assert report.is_file()
    index = (public / "index.html").read_text(encoding="utf-8")
    assert 'href="2012Q4/programme/report.html"' in index
    city = (public / "2012Q4" / "sambas" / "report.html").read_text(encoding="utf-8")
    assert 'href="../programme/report.html"' in city  # its city reports link to it, and back
    assert 'href="../sambas/report.html"' not in index
    html = report.read_text(encoding="utf-8")
    assert "Edisi publik" in html and "&lt; 5" in html
    data = json.loads((report.parent / "indicators.json").read_text(encoding="utf-8"))
    counts = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(node, int) and not isinstance(node, bool):
            counts.append((path, node))

    for key in ("beneficiaries", "counseling", "health_check", "internship", "education_services"):
        walk(data[key], key)
    for slug, city_figures in data["cities"].items():
        for key in ("beneficiaries", "counseling", "health_check", "skills_course", "internship",
                    "education_services"):
            walk(city_figures[key], f"cities.{slug}.{key}")
    for t in ("withdrawn", "prevented"):
        walk(data["cumulative"][t]["children"], f"cumulative.{t}.children")
    for h, rows in data["ranking"].items():
        counts += [(f"ranking.{h}", r["value"]) for r in rows if r["value"] is not None]
        assert all(r["rank"] is None for r in rows if r["value"] is None), h  # withheld: unranked
    small = [(p, v) for p, v in counts if 1 <= v <= 4]
    assert small == []
    assert any(r["value"] is None for rows in data["ranking"].values() for r in rows)


def test_public_build_of_every_city_plans_the_public_programme_report(public):
    jobs = batch.plan(None, ["2012Q4"], edition="public")
    programme = [j for j in jobs if j.kind == "programme"]
    assert len(programme) == 1 and programme[0].edition == "public"
    assert programme[0].out_dir.parts[-3:] == ("public", "2012Q4", "programme")


def test_public_programme_page_marks_withheld_figures(public):
    page = (public / "2012Q4" / "programme.html").read_text(encoding="utf-8")
    assert '>x</td>' in page and "disembunyikan pada edisi publik" in page
    assert "programme/report.html" in page  # to the public programme report, inside the folder
