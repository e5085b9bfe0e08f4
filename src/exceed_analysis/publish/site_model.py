"""The reviewers' site's model: what ``outputs/`` holds, city by period.

:func:`collect` scans ``outputs/<period>/<city>/`` (and ``outputs/build-status.json``, written
by batch runs, when there is one) into a grid of :class:`Report` (one city in one period:
status, when it was built, its files, tables and figures, draft or not), the periods found
(:class:`PeriodInfo`, newest first) and the cities (:class:`CityRow`, the registry's first);
:func:`report_links` gives a report's links for a page. :mod:`exceed_analysis.publish.site`
renders the pages from it.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from exceed_analysis.config import Registry
from exceed_analysis.periods import Period, PeriodError, parse_period
from exceed_analysis.publish.html_export import atomic_write
from exceed_analysis.reports.formatting import fmt_decimal

__all__ = [
    "EDITIONS",
    "PROGRAMME_REPORT",
    "QUALITY_PAGE",
    "STATUS_FILE",
    "STATUS_LABELS",
    "CityRow",
    "Link",
    "PeriodInfo",
    "Report",
    "collect",
    "format_timestamp",
    "href",
    "period_of",
    "read_json",
    "report_links",
    "write_page",
]

STATUS_FILE = "build-status.json"
"""Name of the batch status file inside ``outputs/``."""

# status code -> (Indonesian label, English title, CSS class)
STATUS_LABELS: dict[str, tuple[str, str, str]] = {
    "built": ("Dibuat", "built", "st-built"),
    "skipped": ("Mutakhir", "skipped: already up to date", "st-skipped"),
    "failed": ("Gagal", "failed", "st-failed"),
    "missing": ("Belum dibuat", "not built", "st-missing"),
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REPORT_FILES = ("manifest.json", "report.html", "report.error.ipynb")


def _parse_timestamp(value: Any) -> dt.datetime | None:
    """An ISO timestamp as an aware UTC datetime (naive times are taken as UTC), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def format_timestamp(value: Any) -> str:
    """An ISO timestamp as ``28 Nov 2026 04:22 UTC``; anything unparseable is returned as
    text, an empty value as ``""``."""
    if value is None or value == "":
        return ""
    moment = _parse_timestamp(value)
    if moment is None:
        return " ".join(str(value).split())
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} {moment:%H:%M} UTC"


def _format_day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _one_line(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def href(target: str, base: str) -> str:
    """Relative URL from the folder ``base`` (posix, relative to outputs/) to ``target``."""
    rel = posixpath.relpath(target, base or ".")
    return "/".join(quote(part) for part in rel.split("/"))


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def period_of(name: str) -> Period | None:
    """The period a folder (``2010-05-01_2010-12-31``) or status entry names, else None."""
    try:
        return parse_period(str(name).replace("_", ".."))
    except PeriodError:
        return None


def write_page(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` through a temporary file (readers never see half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")))


# --------------------------------------------------------------------------- the model


@dataclass
class Link:
    label: str
    href: str
    title: str = ""


@dataclass
class CityRow:
    slug: str
    name: str
    province: str
    registered: bool = True


@dataclass
class PeriodInfo:
    slug: str
    period: Period
    label: str

    @property
    def sort_key(self) -> tuple:
        return (self.period.end, self.period.start, self.slug)


@dataclass
class Report:
    """What the site knows of one city in one period (``status == "missing"``: nothing)."""

    city: CityRow
    period: PeriodInfo
    status: str = "missing"
    folder: str = ""  # posix path relative to outputs/
    has_output: bool = False  # a manifest.json: a good (possibly older) output
    built_at: str = ""
    checked_at: str = ""
    seconds: str = ""
    error: str | None = None
    coverage: str = ""
    files: dict[str, str] = field(default_factory=dict)  # kind -> path relative to outputs/
    tables: list[str] = field(default_factory=list)  # paths relative to outputs/
    indicators: Any = None
    draft: bool = False  # its staff sections are not all written

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, (self.status, self.status, ""))[0]

    @property
    def title(self) -> str:
        return STATUS_LABELS.get(self.status, (self.status, self.status, ""))[1]

    @property
    def css(self) -> str:
        return STATUS_LABELS.get(self.status, ("", "", "st-other"))[2]

    @property
    def output_missing(self) -> bool:
        """The status says built or up to date, but the folder holds no output."""
        return self.status in ("built", "skipped") and not self.has_output

    @property
    def stale(self) -> bool:
        """The last build failed but an older good output is still in the folder."""
        return self.status == "failed" and self.has_output


EDITIONS = (("html_en", "en"), ("html_public", "public"), ("html_public_en", "public/en"))
"""Other editions of a report: kind and folder under outputs/ (``outputs/en/2010/sambas/``)."""

PROGRAMME_REPORT = "programme"
"""Folder of the programme report in a period folder (``outputs/2012Q4/programme/``)."""

QUALITY_PAGE = "data-quality.html"
"""The intake's data-quality page, copied into outputs/ by the batch."""


def _scan_report(folder: Path, rel: str) -> dict[str, Any]:
    manifest = read_json(folder / "manifest.json")
    files = {
        kind: f"{rel}/{name}"
        for kind, name in (
            ("html", "report.html"),
            ("pdf", "report.pdf"),
            ("indicators", "indicators.json"),
            ("notebook", "report.ipynb"),
            ("error_notebook", "report.error.ipynb"),
        )
        if (folder / name).is_file()
    }
    tables_dir = folder / "tables"
    tables = (
        sorted(
            f"{rel}/tables/{f.name}"
            for f in tables_dir.glob("*.csv")
            if f.is_file() and not f.name.startswith(".")
        )
        if tables_dir.is_dir()
        else []
    )
    outputs = folder.parents[1]
    for kind, prefix in EDITIONS:  # the English and public editions of the same report
        if (outputs / prefix / rel / "report.html").is_file():
            files[kind] = f"{prefix}/{rel}/report.html"
    indicators = read_json(folder / "indicators.json") if "indicators" in files else None
    return {
        "manifest": manifest if isinstance(manifest, dict) else None,
        "files": files,
        "tables": tables,
        "indicators": indicators if isinstance(indicators, dict) else None,
        "draft": "html" in files and _is_draft(folder / "report.html"),
    }


DRAFT_MARK = 'id="draf"'
"""What a draft report's page holds (apparatus.draft_notice under the cover)."""


def _is_draft(html: Path) -> bool:
    try:
        with open(html, encoding="utf-8", errors="replace") as fh:
            head = fh.read(400_000)  # the cover is at the top, before any chart
    except OSError:
        return False
    return DRAFT_MARK in head


def _load_status(outputs: Path, status: dict | None) -> tuple[dict, str | None, str]:
    """The status entries by (period slug, city slug), a note when the file is unusable and
    the time of the last batch build (``last_build.at``), formatted."""
    note = None
    if status is None:
        path = outputs / STATUS_FILE
        if path.is_file():
            status = read_json(path)
            if not isinstance(status, dict):
                note = f"{STATUS_FILE} tidak dapat dibaca; status diambil dari folder laporan."
                status = None
    entries: dict[tuple[str, str], dict] = {}
    if not isinstance(status, dict):
        return entries, note, ""
    last = status.get("last_build")
    last_build = format_timestamp(last.get("at")) if isinstance(last, dict) else ""
    reports = status.get("reports")
    if not isinstance(reports, dict):
        return entries, note, last_build
    for key in sorted(reports):
        entry = reports[key]
        if not isinstance(entry, dict):
            continue
        key_period, _, key_city = str(key).partition("/")
        period = period_of(entry.get("period") or key_period)
        city = str(entry.get("city") or key_city)
        if period is None or not _SLUG.match(city) or city == PROGRAMME_REPORT:
            continue
        if entry.get("language", "id") != "id" or entry.get("edition", "internal") != "internal":
            continue  # other editions are linked from their Indonesian internal report
        entries[(period.slug, city)] = entry
    return entries, note, last_build


def _superseded(entry: dict, manifest: dict | None) -> bool:
    """A failed status entry older than the good output in the folder."""
    if entry.get("status") != "failed" or manifest is None:
        return False
    checked = _parse_timestamp(entry.get("checked_at"))
    built = _parse_timestamp(manifest.get("built_at"))
    return checked is not None and built is not None and built > checked


def _report(city: CityRow, pi: PeriodInfo, folder: Path | None, entry: dict | None) -> Report:
    """One city in one period: what its folder holds, overridden by its status entry."""
    rep = Report(city=city, period=pi)
    manifest = None
    if folder is not None:
        rep.folder = f"{pi.slug}/{city.slug}"
        scanned = _scan_report(folder, rep.folder)
        manifest = scanned["manifest"]
        rep.files, rep.tables = scanned["files"], scanned["tables"]
        rep.draft = scanned["draft"]
        if manifest is not None:
            rep.has_output = True
            rep.status = "built"
            rep.indicators = scanned["indicators"]
            rep.built_at = format_timestamp(manifest.get("built_at"))
            rep.seconds = _seconds(manifest.get("seconds"))
            try:
                start = dt.date.fromisoformat(str(manifest["period_start"]))
                end = dt.date.fromisoformat(str(manifest["period_end"]))
                rep.coverage = f"{_format_day(start)} – {_format_day(end)}"
            except (KeyError, ValueError):
                rep.coverage = ""
        elif "error_notebook" in rep.files:
            rep.status = "failed"
    if entry is not None and _superseded(entry, manifest):
        entry = None  # a later single `exceed report` built it after the failed batch
    if entry is not None:
        rep.status = str(entry.get("status") or rep.status)
        rep.checked_at = format_timestamp(entry.get("checked_at"))
        if entry.get("status") != "skipped":  # a skipped report took no time: show its build's
            rep.seconds = _seconds(entry.get("seconds")) or rep.seconds
        if rep.status not in ("built", "skipped", "missing"):
            rep.error = _one_line(entry.get("error"))  # an error belongs to a failure only
    return rep


def _seconds(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return fmt_decimal(value, 1)


def collect(outputs: Path, status: dict | None, reg: Registry):
    entries, note, last_build = _load_status(outputs, status)
    programme_start = None
    try:
        programme_start = dt.date.fromisoformat(str(reg.programme.get("start")))
    except (TypeError, ValueError):
        pass

    found: dict[tuple[str, str], Path] = {}
    periods: dict[str, Period] = {}
    if outputs.is_dir():
        for pdir in sorted(outputs.iterdir()):
            if not pdir.is_dir() or pdir.name.startswith("."):
                continue
            period = period_of(pdir.name)
            if period is None or period.slug != pdir.name:
                continue
            reports = [
                c
                for c in sorted(pdir.iterdir())
                if c.is_dir()
                and not c.name.startswith(".")
                and _SLUG.match(c.name)
                and c.name != PROGRAMME_REPORT
                and any((c / f).is_file() for f in _REPORT_FILES)
            ]
            if reports:  # a folder left with only an old programme.html is not listed
                periods[period.slug] = period
            for c in reports:
                found[(period.slug, c.name)] = c
    for period_slug, _city in entries:
        if (found_period := period_of(period_slug)) is not None:
            periods.setdefault(period_slug, found_period)

    def label(p: Period) -> str:
        shown = p
        if programme_start and p.start < programme_start <= p.end:
            shown = p.clip_start(programme_start)
        return shown.months_label()

    period_infos = sorted(
        (PeriodInfo(s, p, label(p)) for s, p in periods.items()), key=lambda pi: pi.sort_key, reverse=True
    )

    cities = [CityRow(c.slug, c.name, c.province) for c in reg.cities]
    known = {c.slug for c in cities}
    extra = sorted({city for (_p, city) in list(found) + list(entries)} - known)
    cities += [CityRow(s, s, "", registered=False) for s in extra]

    grid = {
        (pi.slug, c.slug): _report(c, pi, found.get((pi.slug, c.slug)), entries.get((pi.slug, c.slug)))
        for pi in period_infos
        for c in cities
    }
    return period_infos, cities, grid, note, bool(entries), last_build


def report_links(rep: Report, base: str) -> dict[str, Any]:
    """Links of one report as seen from the folder ``base`` (relative to outputs/)."""
    links: list[Link] = []
    names = {
        "html": ("HTML", "laporan (report.html)"),
        "pdf": ("PDF", "report.pdf"),
        "indicators": ("Indikator", "angka laporan (indicators.json)"),
    }
    names.update(
        {
            "html_en": ("English", "English edition"),
            "html_public": ("Publik", "edisi publik: angka 1-4 disembunyikan (public edition)"),
            "html_public_en": ("Public (EN)", "public edition in English"),
        }
    )
    for kind in ("html", "pdf", "indicators", "html_en", "html_public", "html_public_en"):
        if kind in rep.files and rep.has_output:
            links.append(Link(names[kind][0], href(rep.files[kind], base), names[kind][1]))
    tables = [Link(posixpath.basename(t), href(t, base), "CSV") for t in rep.tables] if rep.has_output else []
    error_nb = (
        Link(
            "Notebook galat",
            href(rep.files["error_notebook"], base),
            "notebook yang gagal (report.error.ipynb)",
        )
        if "error_notebook" in rep.files
        else None
    )
    short = {
        "pdf": ("PDF", "report.pdf"),
        "html_en": ("EN", "English edition"),
        "html_public": ("Publik", "edisi publik (angka 1-4 disembunyikan)"),
        "html_public_en": ("Pub EN", "public edition in English"),
    }
    editions = [
        Link(label, href(rep.files[kind], base), title)
        for kind, (label, title) in short.items()
        if kind in rep.files and rep.has_output
    ]
    return {
        "links": links,
        "tables": tables,
        "error_notebook": error_nb,
        "editions": editions,
        "report_href": href(rep.files["html"], base) if "html" in rep.files and rep.has_output else "",
    }
