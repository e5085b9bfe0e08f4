"""A small archive built for real (kernel, Chromium): every link resolves and names no host,
reports link to their neighbours and editions, drafts are marked, and the PDFs print like a
report (outline, running header, page numbers, no page holding nothing or a caption only)."""

from __future__ import annotations

import re

import pytest

from conftest import ingested_copy
from exceed_analysis.publish.linkcheck import check_links
from exceed_analysis.publish.render import find_chromium

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from exceed_analysis import cli

    with ingested_copy(tmp_path_factory.mktemp("archive") / "project") as root:
        base = ["build", "--city", "sambas", "--city", "sanggau", "--quiet"]
        assert cli.main(base + ["--period", "2012Q3", "--period", "2012Q4"]) == 0
        assert cli.main(base + ["--period", "2012Q4", "--language", "en", "--no-pdf"]) == 0
        assert cli.main(base + ["--period", "2012Q4", "--edition", "public", "--no-pdf"]) == 0
        # a public edition of a draft (2012Q3 has no narrative) is refused...
        assert cli.main(base + ["--period", "2012Q3", "--edition", "public"]) == 2
        assert not (root / "outputs" / "public" / "2012Q3").exists()
        # ...unless asked for; a single `exceed report` updates the site too
        assert cli.main(["report", "--city", "sambas", "--period", "2012Q3", "--edition", "public",
                         "--allow-draft"]) == 0
        yield root / "outputs"


def test_no_broken_link_and_no_host(outputs):
    problems, checked = check_links(outputs)
    assert [p.line() for p in problems] == []
    assert checked > 200
    for page in outputs.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), page


def test_reports_link_to_index_neighbours_and_editions(outputs):
    q4 = (outputs / "2012Q4" / "sambas" / "report.html").read_text(encoding="utf-8")
    nav = q4[q4.index("<!--exceed-nav-->"):q4.index("<!--/exceed-nav-->")]
    for href in ("../../index.html", "../../2012Q3/sambas/report.html", "report.pdf",
                 "../../en/2012Q4/sambas/report.html", "../../public/2012Q4/sambas/report.html"):
        assert f'href="{href}"' in nav, href
    en = (outputs / "en" / "2012Q4" / "sambas" / "report.html").read_text(encoding="utf-8")
    assert 'href="../../../2012Q4/sambas/report.html"' in en and "All reports" in en
    public_draft = outputs / "public" / "2012Q3" / "sambas" / "report.html"
    assert 'href="../../../index.html"' in public_draft.read_text(encoding="utf-8")


def test_index_marks_drafts_and_links_every_edition(outputs):
    html = (outputs / "index.html").read_text(encoding="utf-8")
    grid = html[html.index('id="matrix"'):html.index("</table>", html.index('id="matrix"'))]
    assert 'href="en/2012Q4/sambas/report.html"' in grid
    assert 'href="public/2012Q4/sambas/report.html"' in grid
    sambas = next(r for r in grid.split("<tr")[1:] if 'data-city="sambas"' in r)
    cells = re.findall(r'<td class="cell"[^>]*data-draft="(\w*)"', sambas)
    assert cells == ["complete", "draft"]  # 2012Q4 (newest first), 2012Q3


def test_pdf_prints_like_a_report(outputs):
    if find_chromium() is None:
        pytest.skip("no Chromium: PDFs are not printed")
    from pypdf import PdfReader

    reader = PdfReader(str(outputs / "2012Q4" / "sambas" / "report.pdf"))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    for heading in ("Pengantar", "Penerima manfaat", "Kendala dan hambatan", "Penutup",
                    "Lampiran", "Kolofon"):
        assert heading in titles, (heading, titles)
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Laporan EXCEED Sambas, Oktober - Desember 2012" in text, i  # running header
        assert f"Halaman {i} dari {n}" in text, i
        body = [line for line in text.splitlines() if line.strip()
                and not line.startswith(("Laporan EXCEED Sambas", f"Halaman {i} dari"))]
        assert body, f"page {i} holds nothing"
        assert not (len(body) <= 2 and re.match(r"(Tabel|Lampiran|Gambar)\b", body[0])), (
            f"page {i} holds only a caption: {body}")
