"""Printing report pages to PDF (and PNG) with one headless Chromium.

:class:`PdfPrinter` opens a report page, waits until every chart is drawn and prints an
A4 PDF. Any attempt of the page to reach a host is blocked and reported as an error.

Given ``serve_root`` (a batch's output folder), the printer serves that folder on
loopback and keeps one browser page for every report under it: plotly.js is loaded into
that page once (ahead of the first report, with ``warm_scripts``), and each report is then
swapped into it (its head's styles and title, its body, its scripts run in order, the
page's address set to the report's) instead of being loaded anew, which would parse and
run plotly.js again for every PDF. A report whose page needs anything the shared page has
not loaded (another plotly.js, an image, a style sheet) is loaded the usual way.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path
from types import TracebackType
from typing import Any

from exceed_analysis.errors import ChartsNotDrawn, ChromiumUnavailable, OfflineViolation
from exceed_analysis.publish.chromium_args import CHROMIUM_ARGS, OFFLINE_ARGS
from exceed_analysis.publish.html_export import atomic_write
from exceed_analysis.publish.loopback import WARMUP_PATH, serve_loopback

__all__ = [
    "A4_CONTENT_WIDTH_PX",
    "ALLOWED_URL_SCHEMES",
    "CHARTS_DRAWN_JS",
    "CHROMIUM_ARGS",
    "OFFLINE_ARGS",
    "PdfPrinter",
    "SWAP_JS",
    "find_chromium",
]

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


SWAP_JS = r"""async ([html, url]) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const here = (src, base) => new URL(src, base).href;
  const loaded = new Set(Array.from(document.head.querySelectorAll('script[src]'), (s) => s.src));
  // anything else the report would load (or whose loading the page would have to wait
  // for) needs the page loaded the usual way
  const fetches = Array.from(doc.querySelectorAll(
    '[src], [srcset], [poster], object, embed, link, base, use[href], image[href]'
  )).filter((el) => !(el.tagName === 'SCRIPT' && el.parentNode === doc.head));
  const styled = Array.from(doc.querySelectorAll('style, [style]'), (el) =>
    el.tagName === 'STYLE' ? el.textContent : el.getAttribute('style'));
  const scripts = Array.from(doc.head.querySelectorAll('script[src]'), (s) => here(s.getAttribute('src'), url));
  const fetching = (css) => /@import|url\(/i.test(css.replace(/\/\*[\s\S]*?\*\//g, ''));
  if (fetches.length || styled.some(fetching)) return false;
  if (!scripts.every((src) => loaded.has(src))) return false;
  for (const div of document.querySelectorAll('.plotly-graph-div')) {
    try { window.Plotly.purge(div); } catch (e) { /* a page without plotly */ }
  }
  history.replaceState(null, '', url);
  // the page keeps its loaded scripts and the styles plotly.js added; the rest is the report's
  const kept = (el) => (el.tagName === 'SCRIPT' && el.src) || (el.id || '').startsWith('plotly');
  for (const el of Array.from(document.head.children)) if (!kept(el)) el.remove();
  const root = document.documentElement;
  for (const a of Array.from(root.attributes)) root.removeAttribute(a.name);
  for (const a of Array.from(doc.documentElement.attributes)) root.setAttribute(a.name, a.value);
  const run = (old) => {
    const s = document.createElement('script');
    for (const a of Array.from(old.attributes)) s.setAttribute(a.name, a.value);
    s.textContent = old.textContent;
    return s;
  };
  for (const el of Array.from(doc.head.children)) {
    if (el.tagName === 'SCRIPT' && el.src) continue;
    document.head.appendChild(el.tagName === 'SCRIPT' ? run(el) : document.importNode(el, true));
  }
  const body = document.importNode(doc.body, true);
  root.replaceChild(body, document.body);
  for (const old of Array.from(body.querySelectorAll('script'))) old.replaceWith(run(old));
  await document.fonts.ready;
  return true;
}"""
"""Browser function: swap the report ``html`` (at address ``url``) into the current page;
false, changing nothing, when the report needs what the page has not loaded."""


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
        self._page: Any = None
        self._page_state: tuple[int, str] | None = None  # the shared page's (width, media)
        self._blocked: list[str] = []
        self._errors: list[str] = []
        self.warm_scripts = tuple(warm_scripts)
        self.loaded = 0  # pages loaded anew
        self.swapped = 0  # reports swapped into the shared page (served mode)

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
                # Pages under serve_root are loaded over loopback HTTP, into one page that
                # keeps plotly.js loaded (reports are swapped in, see SWAP_JS); the browser
                # resolves no host but loopback, so nothing leaves this machine.
                self._server, self._base = serve_loopback(self.serve_root, self.warm_scripts)
                self._browser = self._playwright.chromium.launch(
                    executable_path=executable, args=[*CHROMIUM_ARGS, *OFFLINE_ARGS], headless=True
                )
        except PlaywrightError as exc:
            self.__exit__(None, None, None)
            raise ChromiumUnavailable(f"Starting {executable!r} failed: {exc}") from exc
        if self._base is not None and self.warm_scripts:
            # the shared page loads the scripts now, while the first report is being
            # executed; the reports are then swapped into it
            self._shared().goto(self._base + WARMUP_PATH.lstrip("/"), wait_until="load")
        return self

    def _swap(self, page: Any, html_path: Path, url: str) -> bool:
        """Swap the report into the shared page if that page has loaded the scripts it
        links (see :data:`SWAP_JS`); False if it has not (or holds no page yet)."""
        if page.url in ("", "about:blank"):
            return False
        return bool(page.evaluate(SWAP_JS, [html_path.read_text(encoding="utf-8"), url]))

    def _shared(self) -> Any:
        """The one page every report is printed in (served mode): opened once, its
        listeners record into the current report's lists."""
        if self._page is None:
            page = self._browser.new_page()
            page.on("pageerror", lambda err: self._errors.append(str(err)))
            page.on("request", lambda req: None if self._allowed(req.url) else self._blocked.append(req.url))
            self._page = page
            self._page_state = None
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
            # the shared page keeps its size and media from one report to the next: set
            # again only when they change (each is a round trip and a new layout)
            if page is not self._page or self._page_state != (width, media):
                page.set_viewport_size({"width": width, "height": 720})
                page.set_default_timeout(self.timeout_s * 1000)
                page.emulate_media(media=media)
                if page is self._page:
                    self._page_state = (width, media)
            # in served mode routing would disable Chromium's cache (and with it the
            # compiled plotly.js), so there the browser itself resolves no host but
            # loopback (OFFLINE_ARGS) and attempts are recorded, then raised.
            url = self._url(html_path)
            if page is self._page and self._swap(page, html_path, url):
                self.swapped += 1
            else:
                page.goto(url, wait_until="load")
                self.loaded += 1
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
        atomic_write(pdf_path, lambda tmp: tmp.write_bytes(data))
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
        atomic_write(png_path, lambda tmp: tmp.write_bytes(data))
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
