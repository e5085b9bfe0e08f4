"""Tests for exceed_analysis.publish.render: notebook -> offline HTML -> A4 PDF."""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from exceed_analysis.publish import chromium_args, render

TABLE_SOURCE = "tabel_jenis_kelamin(anak)"
FIGURE_SOURCE = "render.show_figure(grafik_jenis_kelamin(anak))"
A4_PT = (595.28, 841.89)


# --------------------------------------------------------------------------
# helpers and fixtures
# --------------------------------------------------------------------------


def make_figure() -> go.Figure:
    """Bar chart of children by sex, as a report would show it."""
    fig = go.Figure(go.Bar(x=["Perempuan", "Laki-laki"], y=[31, 24]))
    fig.update_layout(title="Jenis kelamin", yaxis_title="Jumlah anak")
    return fig


def make_notebook() -> nbformat.NotebookNode:
    """A small executed-looking notebook: heading, table, chart (no kernel)."""
    table = pd.DataFrame({"Jenis kelamin": ["Perempuan", "Laki-laki"], "Jumlah": [31, 24]})
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Laporan Bandar Lampung\n\nMei - Desember 2010."),
        nbformat.v4.new_code_cell(
            TABLE_SOURCE,
            execution_count=1,
            outputs=[
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/html": table.to_html(index=False), "text/plain": str(table)},
                    execution_count=1,
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            FIGURE_SOURCE,
            execution_count=2,
            outputs=[
                nbformat.v4.new_output("display_data", data=render.figure_bundle(make_figure()))
            ],
        ),
    ]
    nbformat.validate(nb)
    return nb


class ResourceRefs(HTMLParser):
    """Collect what a page would load: script src, link href, img src, <style> text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "script" and attr.get("src"):
            self.urls.append(attr["src"] or "")
        elif tag == "link" and attr.get("href"):
            self.urls.append(attr["href"] or "")
        elif tag in ("img", "iframe", "source") and attr.get("src"):
            self.urls.append(attr["src"] or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def remote_references(html: str) -> list[str]:
    """Return every reference to an http(s) host the page would load."""
    refs = ResourceRefs()
    refs.feed(html)
    found = [url for url in refs.urls if re.match(r"\s*(https?:)?//", url, re.I)]
    for css in refs.styles:
        found += re.findall(r"@import\s+(?:url\()?\s*['\"]?\s*(?:https?:)?//[^'\")\s;]*", css, re.I)
        found += re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//[^'\")\s]*", css, re.I)
    return found


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return make_notebook()


@pytest.fixture(scope="module")
def link_html(notebook: nbformat.NotebookNode) -> str:
    return render.notebook_to_html(notebook, title="Laporan uji")


@pytest.fixture(scope="module")
def inline_html(notebook: nbformat.NotebookNode) -> str:
    return render.notebook_to_html(notebook, plotly_js="inline", title="Laporan uji")


@pytest.fixture(scope="module")
def printer() -> Iterator[render.PdfPrinter]:
    if render.find_chromium() is None:
        pytest.skip(
            "no Chromium found (install with `apt-get install chromium` or set EXCEED_CHROMIUM)"
        )
    with render.PdfPrinter() as pdf_printer:
        yield pdf_printer


@pytest.fixture()
def report_dir(tmp_path: Path, link_html: str) -> Path:
    """A report folder with the link-mode page and plotly.min.js beside it."""
    (tmp_path / "laporan.html").write_text(link_html, encoding="utf-8")
    render.copy_plotly_js(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------
# figure bundle
# --------------------------------------------------------------------------


def test_figure_bundle_is_deterministic() -> None:
    first = render.figure_bundle(make_figure())
    again = render.figure_bundle(make_figure())
    assert first == again
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    other = make_figure().update_layout(title="Umur")
    assert render.figure_div_id(other) != render.figure_div_id(make_figure())


def test_figure_bundle_content() -> None:
    fig = make_figure()
    bundle = render.figure_bundle(fig)
    assert set(bundle) == {"text/html", render.PLOTLY_MIMETYPE}
    html = bundle["text/html"]
    div_id = render.figure_div_id(fig)
    assert f'id="{div_id}"' in html
    assert "Plotly.newPlot" in html
    assert '"displaylogo": false' in html
    # the library itself is not in the output
    assert "plotly.js (basic" not in html and "plotly.js v" not in html
    assert len(html) < 100_000
    # the plotly part is plain JSON data
    data = bundle[render.PLOTLY_MIMETYPE]
    assert json.loads(json.dumps(data)) == data
    assert data["layout"]["title"]["text"] == "Jenis kelamin"


def test_figure_bundle_explicit_div_id() -> None:
    html = render.figure_bundle(make_figure(), div_id="grafik-2")["text/html"]
    assert 'id="grafik-2"' in html


# --------------------------------------------------------------------------
# notebook -> HTML
# --------------------------------------------------------------------------


def test_html_is_offline(link_html: str, inline_html: str) -> None:
    for html in (link_html, inline_html):
        assert remote_references(html) == []
        assert not re.search(r"<script[^>]*\bsrc=[\"']?https?:", html, re.I)
        assert not re.search(r"<link[^>]*\bhref=[\"']?https?:", html, re.I)
    # the stock lab template's CDN scripts are gone (checked without plotly.js,
    # whose source mentions MathJax)
    for cdn in ("require.js", "mathjax.js", "mermaid", "cdnjs", "unpkg"):
        assert cdn not in link_html.lower()


def test_remote_reference_detector_works() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
        'href="//cdn.example/a.css"><style>@import url("https://f.example/f.css");'
        " body{background:url(http://i.example/b.png)}</style>"
        '<a href="https://ok.example">fine</a>'
    )
    found = " ".join(remote_references(page))
    for host in ("cdn.example/x.js", "cdn.example/a.css", "f.example", "i.example"):
        assert host in found
    assert "ok.example" not in found  # plain links in text are fine


def test_html_has_no_code_and_no_prompts(link_html: str) -> None:
    assert TABLE_SOURCE not in link_html
    assert FIGURE_SOURCE not in link_html
    assert "jp-InputArea-editor" not in link_html
    assert "In&nbsp;[" not in link_html and "Out[" not in link_html
    assert "Laporan Bandar Lampung" in link_html
    assert "<table" in link_html and "Perempuan" in link_html


def test_html_head(link_html: str) -> None:
    assert '<html lang="id">' in link_html
    assert "<title>Laporan uji</title>" in link_html
    assert "@page" in link_html and "Halaman" in link_html


def test_title_falls_back_to_notebook_metadata(notebook: nbformat.NotebookNode) -> None:
    nb = nbformat.from_dict(json.loads(json.dumps(notebook)))
    nb.metadata["title"] = "Laporan <Surabaya>"
    html = render.notebook_to_html(nb)
    assert "<title>Laporan &lt;Surabaya&gt;</title>" in html


def test_link_mode(link_html: str) -> None:
    assert '<script src="plotly.min.js"></script>' in link_html
    assert f'id="{render.figure_div_id(make_figure())}"' in link_html
    assert "plotly.js (basic" not in link_html
    assert len(link_html.encode("utf-8")) < 200_000


def test_link_mode_custom_href(notebook: nbformat.NotebookNode) -> None:
    html = render.notebook_to_html(notebook, plotly_href="../../plotly.min.js")
    assert '<script src="../../plotly.min.js"></script>' in html


def test_inline_mode(inline_html: str) -> None:
    # the basic bundle, once: a quarter of plotly's full one
    assert 1_000_000 < len(inline_html.encode("utf-8")) < 2_000_000
    assert inline_html.count("plotly.js (basic - minified) v") == 1
    assert "<script src=" not in inline_html
    # the library comes before the figure script that uses it
    assert inline_html.index("plotly.js (basic") < inline_html.index("Plotly.newPlot")


def test_plotly_bundle_renders_through_html(notebook: nbformat.NotebookNode) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nbconvert warns on unrepresentable outputs
        html = render.notebook_to_html(notebook)
    assert "plotly-graph-div" in html
    assert render.PLOTLY_MIMETYPE not in html


def test_a_page_validates_its_notebook_once_and_still_refuses_an_invalid_one(
    notebook: nbformat.NotebookNode, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nbconvert validates after each of its twelve preprocessors unless told to validate
    # once at the end: half the time of a page
    import nbconvert.exporters.exporter as exporter

    calls: list[int] = []
    real = exporter.nbformat.validate
    monkeypatch.setattr(exporter.nbformat, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    render.notebook_to_html(notebook, title="t")
    assert len(calls) == 1
    broken = nbformat.from_dict(json.loads(json.dumps(notebook)))
    broken.cells[0]["cell_type"] = "nonsense"
    with pytest.raises(nbformat.ValidationError):
        render.notebook_to_html(broken, title="t")


def test_invalid_plotly_mode(notebook: nbformat.NotebookNode) -> None:
    with pytest.raises(ValueError, match="plotly_js"):
        render.notebook_to_html(notebook, plotly_js="cdn")  # type: ignore[arg-type]


def test_copy_plotly_js(tmp_path: Path) -> None:
    path = render.copy_plotly_js(tmp_path / "laporan")
    assert path == tmp_path / "laporan" / "plotly.min.js"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("/**") and "plotly.js (basic" in text[:200] and "MIT" in text[:300]
    mtime = path.stat().st_mtime_ns
    assert render.copy_plotly_js(tmp_path / "laporan") == path
    assert path.stat().st_mtime_ns == mtime  # unchanged copy is left alone
    path.write_text("stale", encoding="utf-8")
    render.copy_plotly_js(tmp_path / "laporan")
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in path.parent.iterdir()] == ["plotly.min.js"]


def test_vendored_bundle_is_the_version_plotly_ships() -> None:
    """Fails after a plotly upgrade until the bundle is refreshed (scripts/vendor-plotly.sh)."""
    from plotly.offline import get_plotlyjs_version

    from exceed_analysis.publish import html_export

    vendored = html_export.BASIC_BUNDLE.read_text(encoding="utf-8")
    assert html_export.bundle_version(vendored) == get_plotlyjs_version()
    assert render.plotly_js_source() == vendored
    # the README's checksum is the file's
    digest = hashlib.sha256(vendored.encode("utf-8")).hexdigest()
    assert f"SHA-256: {digest}" in (html_export.VENDOR / "README.md").read_text(encoding="utf-8")
    assert html_export.bundle_version("/**\n* plotly.js v3.0.1\n* Copyright") == "3.0.1"
    assert html_export.bundle_version("console.log(1)") is None


def test_stale_vendored_bundle_falls_back_to_plotlys_own(monkeypatch, caplog) -> None:
    import plotly.offline
    from plotly.offline import get_plotlyjs

    from exceed_analysis.publish import html_export

    monkeypatch.setattr(plotly.offline, "get_plotlyjs_version", lambda: "99.0.0")
    html_export.plotly_js_source.cache_clear()
    try:
        with caplog.at_level("WARNING", logger=html_export.__name__):
            assert html_export.plotly_js_source() == get_plotlyjs()
    finally:
        html_export.plotly_js_source.cache_clear()
    assert "plotly ships 99.0.0" in caplog.text and "scripts/vendor-plotly.sh" in caplog.text


def test_a_chart_the_bundle_cannot_draw_is_refused() -> None:
    fig = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]))
    with pytest.raises(ValueError, match="'heatmap' trace.*bar, pie, scatter"):
        render.figure_bundle(fig)
    # bar, scatter and pie are drawn
    for trace in (go.Bar(x=[1], y=[2]), go.Scatter(x=[1], y=[2]), go.Pie(values=[1, 2])):
        assert render.PLOTLY_MIMETYPE in render.figure_bundle(go.Figure(trace))


# --------------------------------------------------------------------------
# Chromium discovery
# --------------------------------------------------------------------------


def test_find_chromium_prefers_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXCEED_CHROMIUM", "/opt/chrome/chrome")
    assert render.find_chromium() == "/opt/chrome/chrome"


def test_find_chromium_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EXCEED_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert render.find_chromium() is None
    with pytest.raises(render.ChromiumUnavailable) as info:
        with render.PdfPrinter():
            pass
    message = str(info.value)
    assert "apt-get install chromium" in message and "EXCEED_CHROMIUM" in message


# --------------------------------------------------------------------------
# printing (needs Chromium)
# --------------------------------------------------------------------------


def pdf_text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def assert_a4(reader: PdfReader) -> None:
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_PT[0]) <= 2 and abs(height - A4_PT[1]) <= 2, (width, height)


@pytest.mark.slow
def test_print_pdf_link_mode(printer: render.PdfPrinter, report_dir: Path) -> None:
    pdf = printer.print_pdf(report_dir / "laporan.html", report_dir / "out" / "laporan.pdf")
    assert pdf == report_dir / "out" / "laporan.pdf"
    reader, text = pdf_text(pdf)
    assert "Laporan Bandar Lampung" in text
    assert "Jenis kelamin" in text and "Jumlah anak" in text  # chart axis/title drawn
    assert "Halaman 1" in text
    assert_a4(reader)
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["laporan.pdf"]  # no temp left


@pytest.mark.slow
def test_print_pdf_inline_mode(
    printer: render.PdfPrinter, tmp_path: Path, inline_html: str
) -> None:
    html_path = tmp_path / "laporan.html"
    html_path.write_text(inline_html, encoding="utf-8")
    reader, text = pdf_text(printer.print_pdf(html_path, tmp_path / "laporan.pdf"))
    assert "Jenis kelamin" in text and "Jumlah anak" in text
    assert "Halaman 1 dari 1" in text
    assert_a4(reader)


def _browser_switches() -> list[str]:
    """The command line of the Chromium browser process that this test process started
    (through Playwright's driver): its flags, in order."""
    pids = {os.getpid()}
    found: list[list[str]] = []
    for _ in range(4):  # this process -> Playwright's driver -> the browser (-> a shell's exec)
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in pids:
                continue
            try:
                stat = (entry / "stat").read_text()
                argv = (entry / "cmdline").read_bytes().decode().split("\0")
            except OSError:
                continue
            if int(stat[stat.rfind(")") + 2 :].split()[1]) in pids:
                pids.add(int(entry.name))
                if "--remote-debugging-pipe" in argv and not any(a.startswith("--type=") for a in argv):
                    found.append(argv)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the browser's command line in /proc")
def test_the_browser_keeps_every_feature_playwright_disables(printer: render.PdfPrinter, report_dir: Path) -> None:
    # Chromium keeps only the last --disable-features; ours comes after Playwright's and
    # must name every feature Playwright disables (a newer Playwright may add one)
    printer.print_pdf(report_dir / "laporan.html", report_dir / "laporan.pdf")
    lists = [a.split("=", 1)[1].split(",") for a in _browser_switches() if a.startswith("--disable-features=")]
    assert len(lists) >= 2, "Playwright's --disable-features and ours"
    named = {f for features in lists for f in features if f}
    assert set(lists[-1]) == named
    assert set(lists[-1]) == set(chromium_args.DISABLED_FEATURES)
    assert "WebUIOmniboxPopup" in lists[-1]


@pytest.mark.slow
def test_screenshot(printer: render.PdfPrinter, report_dir: Path) -> None:
    png = printer.screenshot(report_dir / "laporan.html", report_dir / "laporan.png")
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert width == 1200 and height > 600


@pytest.mark.slow
@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example.com/lib.js"></script>',
        '<link rel="stylesheet" href="http://cdn.example.com/style.css">',
        '<style>@import url("https://fonts.example.com/font.css");</style>',
        '<img src="http://images.example.com/logo.png" alt="logo">',
    ],
)
def test_network_request_raises(
    printer: render.PdfPrinter, tmp_path: Path, snippet: str
) -> None:
    html_path = tmp_path / "bocor.html"
    html_path.write_text(f"<html><head>{snippet}</head><body><p>x</p></body></html>")
    with pytest.raises(render.OfflineViolation, match=r"example\.com"):
        printer.print_pdf(html_path, tmp_path / "bocor.pdf")
    assert not (tmp_path / "bocor.pdf").exists()


@pytest.mark.slow
def test_charts_not_drawn_raises(
    printer: render.PdfPrinter, tmp_path: Path, link_html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    html_path = tmp_path / "tanpa-plotly.html"  # plotly.min.js deliberately not copied
    html_path.write_text(link_html, encoding="utf-8")
    monkeypatch.setattr(printer, "timeout_s", 2.0)
    with pytest.raises(render.ChartsNotDrawn, match="tanpa-plotly.html"):
        printer.print_pdf(html_path, tmp_path / "tanpa-plotly.pdf")
    assert not (tmp_path / "tanpa-plotly.pdf").exists()
