"""Render executed EXCEED notebooks to offline HTML and print them to PDF.

The pieces, in the order a report passes through them:

1. Inside a notebook, :func:`show_figure` displays a plotly figure as a mime
   bundle whose ``text/html`` part does not contain plotly.js and whose div id
   is derived from the figure itself, so re-executing a notebook gives the
   same output (:mod:`exceed_analysis.reports.figure_output`).
2. :func:`notebook_to_html` turns the executed notebook into one HTML page
   with the ``exceed`` nbconvert template: no code, no prompts, nothing loaded
   from the network. plotly.js is either linked (``plotly_js="link"``; copy it
   beside the report with :func:`copy_plotly_js`) or inlined once
   (``plotly_js="inline"``) for a single self-contained file
   (:mod:`exceed_analysis.publish.html_export`).
3. :class:`PdfPrinter` opens the page in one headless Chromium, waits until
   every chart is drawn and prints an A4 PDF. Any attempt of the page to reach
   a host is blocked and reported as an error. A batch keeps one page with
   plotly.js loaded and swaps each report into it
   (:mod:`exceed_analysis.publish.printing`).

This module gathers the three under one name.
"""

from __future__ import annotations

from exceed_analysis.errors import ChartsNotDrawn, ChromiumUnavailable, OfflineViolation
from exceed_analysis.publish.html_export import (
    DISPLAY_PRIORITY,
    PAGE_LABELS,
    TEMPLATE_NAME,
    copy_plotly_js,
    notebook_to_html,
    plotly_js_source,
    template_dir,
)
from exceed_analysis.publish.printing import (
    A4_CONTENT_WIDTH_PX,
    ALLOWED_URL_SCHEMES,
    CHARTS_DRAWN_JS,
    CHROMIUM_ARGS,
    OFFLINE_ARGS,
    SWAP_JS,
    PdfPrinter,
    find_chromium,
)
from exceed_analysis.reports.figure_output import (  # re-exported: kernel-side figures
    PLOTLY_MIMETYPE,
    figure_bundle,
    figure_div_id,
    show_figure,
)

__all__ = [
    "A4_CONTENT_WIDTH_PX",
    "ALLOWED_URL_SCHEMES",
    "CHARTS_DRAWN_JS",
    "ChartsNotDrawn",
    "ChromiumUnavailable",
    "CHROMIUM_ARGS",
    "DISPLAY_PRIORITY",
    "OFFLINE_ARGS",
    "OfflineViolation",
    "PAGE_LABELS",
    "PdfPrinter",
    "PLOTLY_MIMETYPE",
    "SWAP_JS",
    "TEMPLATE_NAME",
    "copy_plotly_js",
    "figure_bundle",
    "figure_div_id",
    "find_chromium",
    "notebook_to_html",
    "plotly_js_source",
    "show_figure",
    "template_dir",
]
