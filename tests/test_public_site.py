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
    assert len(manifests) == 4
    for m in manifests:
        assert json.loads(m.read_text())["parameters"]["edition"] == "public"
    assert not (public / "quality.html").exists()


def test_public_numbers_hold_no_small_count(public):
    for f in public.rglob("indicators.json"):
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
