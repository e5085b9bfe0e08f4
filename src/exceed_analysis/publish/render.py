"""Render executed EXCEED notebooks to offline HTML and print them to PDF.

The pieces, in the order a report passes through them:

1. Inside a notebook, :func:`show_figure` displays a plotly figure as a mime
   bundle whose ``text/html`` part does not contain plotly.js and whose div id
   is derived from the figure itself, so re-executing a notebook gives the
   same output.
2. :func:`notebook_to_html` turns the executed notebook into one HTML page
   with the ``exceed`` nbconvert template: no code, no prompts, nothing loaded
   from the network. plotly.js is either linked (``plotly_js="link"``; copy it
   beside the report with :func:`copy_plotly_js`) or inlined once
   (``plotly_js="inline"``) for a single self-contained file.
3. :class:`PdfPrinter` opens the page in one headless Chromium, waits until
   every chart is drawn and prints an A4 PDF. Any attempt of the page to reach
   a host is blocked and reported as an error.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
import urllib.parse
import uuid
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from exceed_analysis.errors import ChartsNotDrawn, ChromiumUnavailable, OfflineViolation
from exceed_analysis.reports.figure_output import (  # re-exported: kernel-side figures
    PLOTLY_MIMETYPE,
    figure_bundle,
    figure_div_id,
    show_figure,
)

if TYPE_CHECKING:  # heavy imports (nbconvert pulls in jsonschema) only where used:
    import nbformat  # the report kernel imports this module for figure_bundle alone
    from nbconvert import HTMLExporter

__all__ = [
    "ChartsNotDrawn",
    "ChromiumUnavailable",
    "CHROMIUM_ARGS",
    "DISPLAY_PRIORITY",
    "OfflineViolation",
    "PdfPrinter",
    "PLOTLY_MIMETYPE",
    "copy_plotly_js",
    "figure_bundle",
    "figure_div_id",
    "find_chromium",
    "notebook_to_html",
    "plotly_js_source",
    "show_figure",
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

CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Command-line flags for headless Chromium."""

OFFLINE_ARGS: list[str] = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=direct://",
    "--proxy-bypass-list=*",
]
"""With these Chromium resolves no host name but loopback: a page cannot reach any host."""

CHROMIUM_CANDIDATES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome")
"""Executable names tried by :func:`find_chromium` after ``EXCEED_CHROMIUM``."""

ALLOWED_URL_SCHEMES: tuple[str, ...] = ("file:", "data:", "about:", "blob:")
"""URL schemes a report page may load; anything else is blocked."""

A4_CONTENT_WIDTH_PX = 680
"""Width in CSS px of an A4 page (210 mm) minus 2 x 15 mm margins (180 mm).

Pages are laid out at this width before printing, so responsive charts are
drawn at the width they will have on paper.
"""

CHARTS_DRAWN_JS = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every((div) => div.querySelector('svg.main-svg') !== null)"""
"""Browser predicate: every plotly div on the page contains its SVG."""


# --------------------------------------------------------------------------


def template_dir() -> Path:
    """Return the directory holding this package's nbconvert templates.

    Returns
    -------
    pathlib.Path
        ``templates/nbconvert`` inside the package; it contains ``exceed/``.
    """
    return Path(__file__).resolve().parents[1] / "templates" / "nbconvert"


def plotly_js_source() -> str:
    """Return the minified plotly.js bundled with the plotly package.

    Returns
    -------
    str
        The library, starting with plotly's own license header.
    """
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


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
    _atomic_write(target, lambda tmp: tmp.write_bytes(data))
    return target


def _atomic_write(target: Path, write: Any) -> None:
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


# --------------------------------------------------------------------------
# HTML -> PDF / PNG with headless Chromium
# --------------------------------------------------------------------------


def find_chromium() -> str | None:
    """Locate a Chromium executable.

    Returns
    -------
    str or None
        The value of ``EXCEED_CHROMIUM`` if set and non-empty, else the first
        of ``chromium``, ``chromium-browser``, ``google-chrome`` on PATH, else
        None.
    """
    configured = os.environ.get("EXCEED_CHROMIUM", "").strip()
    if configured:
        return configured
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _is_allowed_url(url: str) -> bool:
    """Tell whether a report page may load ``url``.

    Parameters
    ----------
    url : str
        Requested URL.

    Returns
    -------
    bool
        True for local schemes (``file:``, ``data:``, ``about:``, ``blob:``).
    """
    return url.lower().startswith(ALLOWED_URL_SCHEMES)


WARMUP_PATH = "/__exceed_warmup__.html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one folder, read-only, without logging every request; plus a warm-up page
    that loads the given scripts (so Chromium compiles and caches them ahead of time)."""

    warm_scripts: tuple[str, ...] = ()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path != WARMUP_PATH:
            return super().do_GET()
        tags = "".join(f'<script src="/{urllib.parse.quote(src)}"></script>' for src in self.warm_scripts)
        body = f"<!DOCTYPE html><html><head>{tags}</head><body></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def _serve_loopback(root: Path, warm_scripts: tuple[str, ...] = ()) -> tuple[Any, str]:
    """Serve ``root`` on 127.0.0.1 at a free port, in a daemon thread."""
    handler_class = type("_Handler", (_QuietHandler,), {"warm_scripts": tuple(warm_scripts)})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="exceed-pdf-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class PdfPrinter:
    """One headless Chromium that prints report pages to PDF and PNG.

    Use as a context manager::

        with PdfPrinter() as printer:
            printer.print_pdf(Path("laporan.html"), Path("laporan.pdf"))

    Parameters
    ----------
    executable : str, optional
        Chromium executable; defaults to :func:`find_chromium`.
    timeout_s : float
        Seconds to wait for a page to load and its charts to draw.

    Raises
    ------
    ChromiumUnavailable
        On entering, if no Chromium executable is found or it fails to start.
    """

    def __init__(
        self,
        executable: str | None = None,
        *,
        timeout_s: float = 15.0,
        serve_root: Path | None = None,
        warm_scripts: tuple[str, ...] = (),
    ) -> None:
        self.executable = executable
        self.timeout_s = timeout_s
        self.serve_root = Path(serve_root).resolve() if serve_root is not None else None
        self._playwright: Any = None
        self._browser: Any = None
        self._server: Any = None
        self._base: str | None = None
        self._profile: str | None = None
        self._page: Any = None
        self._blocked: list[str] = []
        self._errors: list[str] = []
        self.warm_scripts = tuple(warm_scripts)

    def __enter__(self) -> PdfPrinter:
        """Start Playwright and launch Chromium."""
        executable = self.executable or find_chromium()
        if executable is None:
            raise ChromiumUnavailable()
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            if self.serve_root is None:
                self._browser = self._playwright.chromium.launch(
                    executable_path=executable, args=list(CHROMIUM_ARGS), headless=True
                )
            else:
                # Pages under serve_root are loaded over loopback HTTP with a disk cache,
                # so Chromium compiles plotly.js once and reuses the code for every report
                # (about a second saved per PDF); nothing leaves this machine.
                self._server, self._base = _serve_loopback(self.serve_root, self.warm_scripts)
                self._profile = tempfile.mkdtemp(prefix="exceed-chromium-")
                self._browser = self._playwright.chromium.launch_persistent_context(
                    self._profile,
                    executable_path=executable,
                    args=[*CHROMIUM_ARGS, *OFFLINE_ARGS],
                    headless=True,
                )
        except PlaywrightError as exc:
            self.__exit__(None, None, None)
            raise ChromiumUnavailable(f"Starting {executable!r} failed: {exc}") from exc
        if self._base is not None and self.warm_scripts:
            page = self._shared()
            for _ in range(2):  # Chromium keeps compiled code from the second load on
                page.goto(self._base + WARMUP_PATH.lstrip("/"), wait_until="load")
        return self

    def _shared(self) -> Any:
        """The one page every report is printed in (served mode): opened once, its
        listeners record into the current report's lists."""
        if self._page is None:
            page = self._browser.new_page()
            page.on("pageerror", lambda err: self._errors.append(str(err)))
            page.on("request", lambda req: None if self._allowed(req.url) else self._blocked.append(req.url))
            self._page = page
        return self._page

    def _release(self, page: Any, *, failed: bool = False) -> None:
        """Done with ``page``: a private page is closed; the shared one stays open unless
        the report failed in it (then the next report gets a fresh page)."""
        if page is not self._page:
            page.close()
        elif failed:
            self._page = None
            try:
                page.close()
            except Exception:  # noqa: BLE001 - a broken page is dropped either way
                pass

    def _url(self, html_path: Path) -> str:
        if self._base is not None and self.serve_root is not None and self.serve_root in html_path.parents:
            rel = html_path.relative_to(self.serve_root).as_posix()
            return self._base + urllib.parse.quote(rel)
        return html_path.as_uri()

    def _allowed(self, url: str) -> bool:
        return _is_allowed_url(url) or (self._base is not None and url.startswith(self._base))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close Chromium and stop Playwright."""
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._browser = self._page = None
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None
            if self._server is not None:
                self._server.shutdown()
                self._server.server_close()
                self._server = self._base = None
            if self._profile is not None:
                shutil.rmtree(self._profile, ignore_errors=True)
                self._profile = None

    # -- internals -------------------------------------------------------

    def _open(self, html_path: Path, *, width: int, media: str) -> tuple[Any, list[str]]:
        """Open a report in a new page and wait until its charts are drawn.

        Parameters
        ----------
        html_path : pathlib.Path
            The HTML report.
        width : int
            Viewport width in CSS px.
        media : {"screen", "print"}
            CSS media to emulate while laying out.

        Returns
        -------
        tuple
            The open playwright page (the caller closes it) and the list of
            blocked URLs, which the caller checks once more after output.

        Raises
        ------
        OfflineViolation
            If the page tried to load anything that is not a local URL.
        ChartsNotDrawn
            If a ``.plotly-graph-div`` has no ``svg.main-svg`` in time.
        """
        if self._browser is None:
            raise RuntimeError("PdfPrinter must be used as a context manager")
        html_path = Path(html_path).resolve()
        if not html_path.is_file():
            raise FileNotFoundError(html_path)
        if self._base is not None and self.serve_root in html_path.parents:
            # served mode: one page for every report; Chromium keeps plotly.js compiled
            blocked = self._blocked = []
            errors = self._errors = []
            page = self._shared()
        else:
            blocked, errors = [], []
            page = self._browser.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))

            def guard(route: Any) -> None:
                url = route.request.url
                if self._allowed(url):
                    route.continue_()
                else:
                    blocked.append(url)
                    route.abort("blockedbyclient")

            page.route("**/*", guard)
        try:
            page.set_viewport_size({"width": width, "height": 720})
            page.set_default_timeout(self.timeout_s * 1000)
            page.emulate_media(media=media)
            # in served mode routing would disable Chromium's cache (and with it the
            # compiled plotly.js), so there the browser itself resolves no host but
            # loopback (OFFLINE_ARGS) and attempts are recorded, then raised.
            page.goto(self._url(html_path), wait_until="load")
            _raise_if_blocked(blocked, html_path)
            try:
                page.wait_for_function(CHARTS_DRAWN_JS, timeout=self.timeout_s * 1000)
            except Exception as exc:  # playwright TimeoutError
                _raise_if_blocked(blocked, html_path)
                detail = f" Page errors: {'; '.join(errors)}" if errors else ""
                raise ChartsNotDrawn(
                    f"Charts in {html_path} did not draw within {self.timeout_s:g} s "
                    f"(is plotly.js next to the report?).{detail}"
                ) from exc
            _raise_if_blocked(blocked, html_path)
        except BaseException:
            self._release(page, failed=True)
            raise
        return page, blocked

    # -- public ----------------------------------------------------------

    def print_pdf(self, html_path: Path, pdf_path: Path) -> Path:
        """Print a report page to an A4 PDF.

        Parameters
        ----------
        html_path : pathlib.Path
            The HTML report (opened as a ``file://`` URL).
        pdf_path : pathlib.Path
            Where to write the PDF; written atomically.

        Returns
        -------
        pathlib.Path
            ``pdf_path``.

        Raises
        ------
        OfflineViolation
            If the page tried to reach a host.
        ChartsNotDrawn
            If charts did not draw within the timeout.
        """
        pdf_path = Path(pdf_path)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        page, blocked = self._open(html_path, width=A4_CONTENT_WIDTH_PX, media="print")
        try:
            data = page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=False,
                outline=True,  # PDF bookmarks from the headings
                tagged=True,  # a tagged (accessible) PDF, which the outline needs
            )
        except BaseException:
            self._release(page, failed=True)
            raise
        self._release(page)
        _raise_if_blocked(blocked, Path(html_path))
        _atomic_write(pdf_path, lambda tmp: tmp.write_bytes(data))
        return pdf_path

    def screenshot(self, html_path: Path, png_path: Path, width: int = 1200) -> Path:
        """Take a full-page PNG screenshot of a report as seen on screen.

        Parameters
        ----------
        html_path : pathlib.Path
            The HTML report.
        png_path : pathlib.Path
            Where to write the PNG; written atomically.
        width : int
            Viewport width in CSS px.

        Returns
        -------
        pathlib.Path
            ``png_path``.

        Raises
        ------
        OfflineViolation
            If the page tried to reach a host.
        ChartsNotDrawn
            If charts did not draw within the timeout.
        """
        png_path = Path(png_path)
        png_path.parent.mkdir(parents=True, exist_ok=True)
        page, blocked = self._open(html_path, width=width, media="screen")
        try:
            data = page.screenshot(full_page=True, type="png")
        except BaseException:
            self._release(page, failed=True)
            raise
        self._release(page)
        _raise_if_blocked(blocked, Path(html_path))
        _atomic_write(png_path, lambda tmp: tmp.write_bytes(data))
        return png_path


def _raise_if_blocked(blocked: list[str], html_path: Path) -> None:
    """Raise if a page attempted any network request.

    Parameters
    ----------
    blocked : list of str
        URLs the route guard aborted.
    html_path : pathlib.Path
        The page, for the message.

    Raises
    ------
    OfflineViolation
        If ``blocked`` is not empty; the message names the first URL.
    """
    if blocked:
        more = f" (and {len(blocked) - 1} more)" if len(blocked) > 1 else ""
        raise OfflineViolation(f"{html_path} tried to load {blocked[0]}{more}; reports must work offline")
