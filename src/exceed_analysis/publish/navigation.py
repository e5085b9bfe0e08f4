"""Links from every built report back to the reviewers' site and to its neighbours.

Each report page (``report.html`` of a city or of the programme, in every language and
edition) carries an empty ``<nav id="exceed-nav">`` between the markers
:data:`NAV_START` and :data:`NAV_END` (report template ``templates/nbconvert/exceed``).
:func:`update_reports`, run by the site builder after every build, fills it with relative
links to what exists in ``outputs/``: the index, the previous and next period of the same
length, the other language, the other edition, the PDF, and the programme report of the
period (or the period's city reports from the programme report). A link is written only to
a file that is there, so the pages never hold a broken link, and a public edition links
only inside ``outputs/public/`` (published on its own, with its own index); the same
``outputs/`` gives the same pages (idempotent, no time, no directory order).

Examples
--------
>>> edition_root("en", "public")
'public/en'
>>> edition_root("id", "internal")
''
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from exceed_analysis.periods import Period, PeriodError, parse_period
from exceed_analysis.publish.html_export import atomic_write

__all__ = [
    "NAV_START",
    "NAV_END",
    "Page",
    "edition_root",
    "find_pages",
    "nav_html",
    "strip_nav",
    "update_reports",
]

log = logging.getLogger(__name__)

NAV_START = "<!--exceed-nav-->"
NAV_END = "<!--/exceed-nav-->"
PROGRAMME = "programme"
ROOTS = {
    ("id", "internal"): "",
    ("en", "internal"): "en",
    ("id", "public"): "public",
    ("en", "public"): "public/en",
}
"""Folder under outputs/ of each (language, edition)."""

WORDS = {
    "id": {
        "index": "← Semua laporan",
        "previous": "‹ Sebelumnya",
        "next": "Berikutnya ›",
        "lang_id": "Bahasa Indonesia",
        "lang_en": "English",
        "internal": "Edisi internal",
        "public": "Edisi publik",
        "pdf": "PDF",
        "programme": "Laporan program",
        "programme_page": "Ringkasan program",
        "cities": "Laporan kota:",
    },
    "en": {
        "index": "← All reports",
        "previous": "‹ Previous",
        "next": "Next ›",
        "lang_id": "Bahasa Indonesia",
        "lang_en": "English",
        "internal": "Internal edition",
        "public": "Public edition",
        "pdf": "PDF",
        "programme": "Programme report",
        "programme_page": "Programme summary",
        "cities": "City reports:",
    },
}


def edition_root(language: str, edition: str) -> str:
    """The folder of an edition and language under ``outputs/`` ('' for Indonesian internal)."""
    return ROOTS[(language, edition)]


@dataclass(frozen=True)
class Page:
    """One built report page."""

    language: str
    edition: str
    period: Period
    name: str  # city slug, or "programme"

    @property
    def folder(self) -> str:
        """Its folder relative to outputs/ (posix)."""
        root = edition_root(self.language, self.edition)
        return "/".join(x for x in (root, self.period.slug, self.name) if x)

    @property
    def html(self) -> str:
        return f"{self.folder}/report.html"


def _period(name: str) -> Period | None:
    try:
        p = parse_period(name.replace("_", ".."))
    except PeriodError:
        return None
    return p if p.slug == name else None


def find_pages(outputs: Path) -> list[Page]:
    """Every ``report.html`` under ``outputs/`` in every language and edition, sorted."""
    pages = []
    for (language, edition), root in ROOTS.items():
        base = outputs / root if root else outputs
        if not base.is_dir():
            continue
        for pdir in base.iterdir():
            period = _period(pdir.name) if pdir.is_dir() else None
            if period is None:
                continue
            for sub in pdir.iterdir():
                if not sub.name.startswith(".") and (sub / "report.html").is_file():
                    pages.append(Page(language, edition, period, sub.name))
    return sorted(
        pages, key=lambda p: (p.language, p.edition, p.name, p.period.start, p.period.end, p.period.slug)
    )


def _href(target: str, base: str) -> str:
    rel = posixpath.relpath(target, base)
    return "/".join(quote(part) for part in rel.split("/"))


def _neighbours(page: Page, pages: set[Page]) -> tuple[Page | None, Page | None]:
    """The built reports of the previous and the next period of the same length."""
    if page.period.kind == "range":
        return None, None
    same = [
        p
        for p in pages
        if (p.language, p.edition, p.name, p.period.kind)
        == (page.language, page.edition, page.name, page.period.kind)
    ]
    before = [p for p in same if p.period.end < page.period.start]
    after = [p for p in same if p.period.start > page.period.end]
    return (
        max(before, key=lambda p: p.period.start, default=None),
        min(after, key=lambda p: p.period.start, default=None),
    )


def nav_html(page: Page, pages: set[Page], outputs: Path) -> str:
    """The links of one report's navigation bar, relative to its folder."""
    w = WORDS.get(page.language, WORDS["en"])
    base = page.folder
    links: list[Markup] = []

    def link(target: str, label: str, cls: str = "") -> None:
        extra = Markup(' class="{}"').format(cls) if cls else Markup("")
        links.append(Markup('<a href="{}"{}>{}</a>').format(_href(target, base), extra, label))

    # a public page links only inside the public folder, which is published on its own
    public_root = edition_root("id", "public")
    public = page.edition == "public" or outputs.name == public_root
    home = f"{public_root}/index.html" if page.edition == "public" else "index.html"
    if (outputs / home).is_file():
        link(home, w["index"], "nav-index")
    prev, nxt = _neighbours(page, pages)
    if prev is not None:
        link(prev.html, f"{w['previous']} ({prev.period.slug})", "nav-prev")
    links.append(Markup('<span class="nav-here">{}</span>').format(page.period.slug))
    if nxt is not None:
        link(nxt.html, f"{w['next']} ({nxt.period.slug})", "nav-next")
    if (outputs / base / "report.pdf").is_file():
        link(f"{base}/report.pdf", w["pdf"], "nav-pdf")
    for language in ("id", "en"):
        other = Page(language, page.edition, page.period, page.name)
        if language != page.language and other in pages:
            link(other.html, w[f"lang_{language}"], "nav-lang")
    for edition in ("internal", "public"):
        other = Page(page.language, edition, page.period, page.name)
        if edition != page.edition and other in pages and not public:
            link(other.html, w[edition], "nav-edition")
    # the programme report of the same edition (the public folder has its own)
    if page.name != PROGRAMME:
        programme = Page(page.language, page.edition, page.period, PROGRAMME)
        if programme in pages:
            link(programme.html, w["programme"], "nav-programme")
    else:
        site_page = "/".join(
            x for x in (edition_root("id", page.edition), page.period.slug, "programme.html") if x
        )
        if (outputs / site_page).is_file():
            link(site_page, w["programme_page"], "nav-programme")
    return str(Markup(" ").join(links))


def strip_nav(html: str) -> str:
    """The page with its navigation bar emptied, as the report template wrote it: the bar
    depends on what else is in ``outputs/``, not on the report, so a comparison of two
    builds of a report (``exceed verify``) ignores it.

    >>> strip_nav('<nav><!--exceed-nav--><a href="x">x</a><!--/exceed-nav--></nav>')
    '<nav><!--exceed-nav--><!--/exceed-nav--></nav>'
    """
    start = html.find(NAV_START)
    end = html.find(NAV_END, start + 1)
    if start < 0 or end < 0:
        return html
    return html[: start + len(NAV_START)] + html[end:]


def update_reports(outputs: Path) -> list[Path]:
    """Fill the navigation bar of every built report; returns the pages changed. A page
    without the markers (built by an older template) is left as it is."""
    outputs = Path(outputs)
    pages = find_pages(outputs)
    known = set(pages)
    changed = []
    for page in pages:
        path = outputs / page.html
        text = path.read_text(encoding="utf-8")
        start = text.find(NAV_START)
        end = text.find(NAV_END, start + 1)
        if start < 0 or end < 0:
            log.info("%s has no navigation markers (older template); not linked", page.html)
            continue
        new = text[: start + len(NAV_START)] + nav_html(page, known, outputs) + text[end:]
        if new != text:
            atomic_write(path, lambda tmp, new=new: tmp.write_bytes(new.encode("utf-8")))
            changed.append(path)
    return changed
