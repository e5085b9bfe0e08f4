"""The batch's printer: one page, plotly.js loaded once, each report swapped in.

Apart from tests/test_render.py, whose module-wide printer would otherwise be running
while these start their own (Playwright's sync API allows one at a time per thread).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest
from test_render import assert_a4, make_notebook, pdf_text

from exceed_analysis.publish import render


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return make_notebook()


def served_reports(root: Path, notebook: nbformat.NotebookNode) -> list[Path]:
    """Two different reports under ``root``, linking the shared ``assets/plotly.min.js``
    as a batch's reports do."""
    render.copy_plotly_js(root / "assets")
    pages = []
    for city, counts in (("bandung", [31, 24]), ("sambas", [7, 12])):
        nb = nbformat.from_dict(json.loads(json.dumps(notebook)))
        fig = go.Figure(go.Bar(x=["Perempuan", "Laki-laki"], y=counts))
        fig.update_layout(title=f"Anak di {city}", yaxis_title="Jumlah anak")
        nb.cells[2].outputs[0]["data"] = render.figure_bundle(fig)
        nb.cells[0].source = f"# Laporan {city}\n\nOktober - Desember 2012."
        html = render.notebook_to_html(nb, plotly_href="../../assets/plotly.min.js", title=city)
        page = root / "2012Q4" / city / "report.html"
        page.parent.mkdir(parents=True)
        page.write_text(html, encoding="utf-8")
        pages.append(page)
    return pages


def served_printer(root: Path, warm: bool = True) -> render.PdfPrinter:
    if render.find_chromium() is None:
        pytest.skip("no Chromium found")
    return render.PdfPrinter(serve_root=root, warm_scripts=("assets/plotly.min.js",) if warm else ())


@pytest.mark.slow
def test_served_printer_swaps_reports_into_one_page(
    tmp_path: Path, notebook: nbformat.NotebookNode
) -> None:
    first, second = served_reports(tmp_path, notebook)
    with served_printer(tmp_path) as printer:
        _, text_first = pdf_text(printer.print_pdf(first, tmp_path / "first.pdf"))
        reader, text_second = pdf_text(printer.print_pdf(second, tmp_path / "second.pdf"))
        swapped_png = printer.screenshot(second, tmp_path / "swapped.png").read_bytes()
        assert (printer.loaded, printer.swapped) == (0, 3)  # plotly.js loaded with the warm-up only
    assert "Laporan bandung" in text_first and "Anak di bandung" in text_first
    assert "Laporan sambas" in text_second and "Anak di sambas" in text_second
    assert "bandung" not in text_second  # nothing of the previous report left
    assert reader.metadata is not None and reader.metadata.title == "sambas"
    assert_a4(reader)
    # the page a report is swapped into draws exactly what a freshly loaded page draws
    with served_printer(tmp_path, warm=False) as printer:
        fresh_png = printer.screenshot(second, tmp_path / "fresh.png").read_bytes()
        assert (printer.loaded, printer.swapped) == (1, 0)
    assert swapped_png == fresh_png


@pytest.mark.slow
@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="http://images.example.com/logo.png" alt="logo">',
        '<style>@import url("https://fonts.example.com/font.css");</style>',
        '<p style="background: url(https://images.example.com/x.png)">x</p>',
    ],
)
def test_served_printer_still_blocks_hosts(
    tmp_path: Path, notebook: nbformat.NotebookNode, snippet: str
) -> None:
    first, second = served_reports(tmp_path, notebook)
    leaky = second.read_text(encoding="utf-8").replace("</main>", f"{snippet}</main>")
    second.write_text(leaky, encoding="utf-8")
    with served_printer(tmp_path) as printer:
        printer.print_pdf(first, tmp_path / "first.pdf")
        with pytest.raises(render.OfflineViolation, match=r"example\.com"):
            printer.print_pdf(second, tmp_path / "second.pdf")
        assert printer.loaded == 1  # such a page is loaded the usual way, not swapped in
        printer.print_pdf(first, tmp_path / "again.pdf")  # and the printer goes on
    assert not (tmp_path / "second.pdf").exists()
