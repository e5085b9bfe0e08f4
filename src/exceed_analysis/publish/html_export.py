"""Executed EXCEED notebooks as offline HTML pages.

:func:`notebook_to_html` turns an executed notebook into one HTML page with the ``exceed``
nbconvert template: no code, no prompts, nothing loaded from the network. plotly.js is
either linked (``plotly_js="link"``; copy it beside the report with
:func:`copy_plotly_js`) or inlined once (``plotly_js="inline"``) for a single
self-contained file. The exporter (and with it the compiled Jinja templates) is made once
per process and language, so a batch worker renders every report with the same one.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # heavy imports (nbconvert pulls in jsonschema) only where used
    import nbformat
    from nbconvert import HTMLExporter

__all__ = [
    "BASIC_BUNDLE",
    "DISPLAY_PRIORITY",
    "PAGE_LABELS",
    "TEMPLATE_NAME",
    "atomic_write",
    "bundle_version",
    "copy_plotly_js",
    "notebook_to_html",
    "plotly_js_source",
    "template_dir",
]

TEMPLATE_NAME = "exceed"
"""Name of the nbconvert template shipped in ``templates/nbconvert``."""

DISPLAY_PRIORITY: list[str] = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/latex",
    "text/plain",
]
"""Output mimetypes nbconvert may render, best first.

``text/html`` comes first so a plotly bundle renders through its HTML part.
JavaScript and widget views are left out: reports are static pages.
"""

# --------------------------------------------------------------------------


def template_dir() -> Path:
    """Return the directory holding this package's nbconvert templates.

    Returns
    -------
    pathlib.Path
        ``templates/nbconvert`` inside the package; it contains ``exceed/``.
    """
    return Path(__file__).resolve().parents[1] / "templates" / "nbconvert"


VENDOR = Path(__file__).resolve().parent / "vendor"
"""The vendored plotly.js (see ``vendor/README.md``)."""

BASIC_BUNDLE = VENDOR / "plotly-basic.min.js"
"""plotly.js's basic bundle (bar, scatter and pie traces): what the reports link or inline."""

log = logging.getLogger(__name__)


def bundle_version(source: str) -> str | None:
    """The version in a plotly.js bundle's licence header (``... v4.1.1``), or None."""
    match = re.search(r"plotly\.js\b[^\n]*? v(\d+\.\d+\.\d+)", source[:400])
    return match.group(1) if match else None


@functools.lru_cache(maxsize=1)
def plotly_js_source() -> str:
    """Return the plotly.js the reports use.

    That is the vendored basic bundle (bar, scatter and pie: every trace the reports
    draw, see :data:`~exceed_analysis.reports.figure_output.DRAWN_TRACES`), a quarter of
    plotly's full bundle. If its version is not the one the installed plotly package
    ships (plotly was upgraded, the bundle not refreshed), plotly's own full bundle is
    returned instead, with a warning saying how to refresh the vendored one.

    Returns
    -------
    str
        The library, starting with plotly's own licence header.
    """
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    source = BASIC_BUNDLE.read_text(encoding="utf-8")
    shipped = get_plotlyjs_version()
    if bundle_version(source) != shipped:
        log.warning(
            "the vendored plotly.js basic bundle is %s but plotly ships %s: using plotly's full "
            "bundle (4.7 MB, slower pages and PDFs); refresh it with `sh scripts/vendor-plotly.sh`",
            bundle_version(source),
            shipped,
        )
        return get_plotlyjs()
    return source


PAGE_LABELS = {"id": ("Halaman", "dari"), "en": ("Page", "of")}
"""Words of the printed page numbers ("Halaman 2 dari 9") by language."""


@functools.lru_cache(maxsize=8)
def _exporter(language: str = "id") -> HTMLExporter:
    """Create the HTML exporter configured for reports.

    One exporter per language is kept for the life of the process, so its Jinja
    templates are compiled once (a batch worker renders many reports).

    Returns
    -------
    nbconvert.HTMLExporter
        Uses the ``exceed`` template, hides code and prompts, and prefers
        ``text/html`` outputs.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = list(DISPLAY_PRIORITY)
    return HTMLExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(template_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
        language_code=language,
        # the notebook is validated once, after the last preprocessor, instead of after
        # each of the twelve (most of them disabled): half the time of a page, same page
        optimistic_validation=True,
    )


def _report_title(nb: nbformat.NotebookNode, title: str | None) -> str:
    """Choose the text of the page's ``<title>``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook.
    title : str or None
        Explicit title; wins when given.

    Returns
    -------
    str
        ``title``, else the notebook's ``metadata.title``, else
        ``"Laporan EXCEED"``.
    """
    return title or str(nb.get("metadata", {}).get("title") or "") or "Laporan EXCEED"


def notebook_to_html(
    nb: nbformat.NotebookNode,
    *,
    plotly_js: Literal["link", "inline"] = "link",
    plotly_href: str = "plotly.min.js",
    title: str | None = None,
    language: str = "id",
) -> str:
    """Render an executed notebook as an offline HTML report.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (outputs are rendered as they are).
    plotly_js : {"link", "inline"}
        ``"link"`` adds ``<script src=plotly_href>`` to the head (the caller
        places plotly.min.js there, see :func:`copy_plotly_js`); ``"inline"``
        embeds plotly.js once, making the page a single self-contained file.
    plotly_href : str
        Relative href of plotly.min.js, used in link mode.
    title : str, optional
        Text of the HTML ``<title>``; see :func:`_report_title`.

    Returns
    -------
    str
        The page: ``<html lang="id">``, no code cells, no prompts, and no
        ``<script src>``, ``<link href>`` or CSS ``url()`` pointing to a host.

    Raises
    ------
    ValueError
        If ``plotly_js`` is neither ``"link"`` nor ``"inline"``.
    """
    if plotly_js not in ("link", "inline"):
        raise ValueError(f"plotly_js must be 'link' or 'inline', not {plotly_js!r}")
    exceed: dict[str, Any] = {
        "title": _report_title(nb, title),
        "plotly_js": plotly_js,
        "plotly_href": plotly_href,
        "plotly_src": plotly_js_source() if plotly_js == "inline" else "",
    }
    exceed["page_label"] = PAGE_LABELS.get(language, PAGE_LABELS["en"])
    body, _resources = _exporter(language).from_notebook_node(nb, resources={"exceed": exceed})
    return body


def copy_plotly_js(dest_dir: Path) -> Path:
    """Write plotly.min.js into a directory unless an identical copy is there.

    Parameters
    ----------
    dest_dir : pathlib.Path
        Directory to write into; created if missing.

    Returns
    -------
    pathlib.Path
        Path of ``dest_dir / "plotly.min.js"``.
    """
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / "plotly.min.js"
    data = plotly_js_source().encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return target
    atomic_write(target, lambda tmp: tmp.write_bytes(data))
    return target


def atomic_write(target: Path, write: Any) -> None:
    """Create ``target`` through a temporary file in the same directory.

    Parameters
    ----------
    target : pathlib.Path
        Final path.
    write : callable
        Called with the temporary path; must write the content there.
    """
    # Not tempfile.mkstemp: its files are mode 0600, reports must keep the
    # usual umask-based permissions.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
