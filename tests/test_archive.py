"""A small archive built for real (kernel, Chromium): every link resolves and names no host,
reports link to their neighbours and editions, drafts are marked, and the PDFs print like a
report (outline, running header, page numbers, no page holding nothing or a caption only)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ingested_copy
from exceed_analysis.publish.linkcheck import check_links
from exceed_analysis.publish.render import find_chromium

pytestmark = pytest.mark.slow


def exceed(*args: str) -> int:
    """Run the ``exceed`` command as a user does, in its own process (the batch forks
    workers and drives Chromium: nothing of that stays in the test process)."""
    done = subprocess.run([sys.executable, "-m", "exceed_analysis.cli", *args],
                          capture_output=True, text=True, timeout=900, check=False)
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-3000:])  # shown when the test fails
    return done.returncode


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("archive") / "project") as root:
        base = ["build", "--city", "sambas", "--city", "sanggau", "--quiet"]
        assert exceed(*base, "--period", "2012Q3", "--period", "2012Q4") == 0
        assert exceed(*base, "--period", "2012Q4", "--language", "en", "--no-pdf") == 0
        assert exceed(*base, "--period", "2012Q4", "--edition", "public", "--no-pdf") == 0
        # a public edition of a draft (2012Q3 has no narrative) is refused...
        assert exceed(*base, "--period", "2012Q3", "--edition", "public") == 2
        assert not (root / "outputs" / "public" / "2012Q3").exists()
        # ...unless asked for; a single `exceed report` updates the site too
        assert exceed("report", "--city", "sambas", "--period", "2012Q3", "--edition", "public",
                      "--allow-draft") == 0
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
    public_draft = (outputs / "public" / "2012Q3" / "sambas" / "report.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in public_draft  # the public site's own index
    # the public folder is published on its own: no link leaves it
    public = (outputs / "public").resolve()
    problems, _ = check_links(outputs / "public")
    assert problems == []
    for page in public.rglob("*.html"):
        for ref in re.findall(r'href="([^"#]+)"', page.read_text(encoding="utf-8")):
            assert public in (page.parent / ref).resolve().parents, (page, ref)


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
