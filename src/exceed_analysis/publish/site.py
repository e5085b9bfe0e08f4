"""The reviewers' site: static HTML pages in ``outputs/`` that list every built report.

:func:`build_site` scans ``outputs/<period>/<city>/`` and writes

- ``outputs/index.html``: every city of the registry (rows) for every period found (newest
  first), with each report's status (built, skipped as up to date, failed), when it was built,
  the error of a failed build and links to ``report.html``, ``report.pdf``, ``tables/*.csv``,
  ``indicators.json`` and ``report.error.ipynb``;
- ``outputs/<period>/programme.html``: the headline figures of every city side by side for
  that period, read from each city's ``indicators.json``, with the programme total.

Statuses come from ``outputs/build-status.json`` (written by batch runs) when there is one::

    {"reports": {"2012Q4/bandar-lampung": {"city": "bandar-lampung", "period": "2012Q4",
                 "status": "built", "checked_at": "2026-11-28T04:22:00+00:00",
                 "seconds": 3.2, "error": null}}}

otherwise every report folder holding a ``manifest.json`` counts as built. The pages use
only relative links, inline their CSS and need neither JavaScript nor the network, so the
``outputs/`` folder can be copied anywhere and opened from disk. The same inputs give
byte-identical pages: nothing depends on the current time or on directory order.

Examples
--------
>>> format_timestamp("2026-11-28T04:22:31+00:00")
'28 Nov 2026 04:22 UTC'
>>> format_timestamp("2012-05-03T09:05:00+07:00")
'3 Mei 2012 02:05 UTC'
>>> format_timestamp("not a time")
'not a time'
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import posixpath
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from exceed_analysis.config import Registry
from exceed_analysis.config import registry as _registry
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.periods import Period, PeriodError, parse_period
from exceed_analysis.publish import navigation
from exceed_analysis.reports.formatting import DASH, fmt_count, fmt_decimal

__all__ = [
    "HEADLINES",
    "INDEX_PAGE",
    "PROGRAMME_PAGE",
    "STATUS_FILE",
    "build_site",
    "format_timestamp",
]

log = logging.getLogger(__name__)

STATUS_FILE = "build-status.json"
"""Name of the batch status file inside ``outputs/``."""

INDEX_PAGE = "index.html"
PROGRAMME_PAGE = "programme.html"

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "site"

LANGUAGES = ("id",)
"""UI languages of the site (the page text lives in the templates)."""

HEADLINES: tuple[tuple[str, tuple[str, ...], bool], ...] = tuple(
    (
        h.label_in(figures_registry.FIGURE[h.figure], "id"),
        (*h.figure.split("."), *((h.cell,) if h.cell else ())),
        h.zero_when_missing,
    )
    for h in figures_registry.HEADLINES
)
"""Rows of the programme page, the registry's headline figures: label, key path in
``indicators.json``, and whether a missing last key means zero (category counts such as
``by_sex`` may leave out empty categories)."""

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


# --------------------------------------------------------------------------- small helpers


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


def _href(target: str, base: str) -> str:
    """Relative URL from the folder ``base`` (posix, relative to outputs/) to ``target``."""
    rel = posixpath.relpath(target, base or ".")
    return "/".join(quote(part) for part in rel.split("/"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _period_of(name: str) -> Period | None:
    """The period a folder (``2010-05-01_2010-12-31``) or status entry names, else None."""
    try:
        return parse_period(str(name).replace("_", ".."))
    except PeriodError:
        return None


def _lookup(indicators: Any, keys: tuple[str, ...], missing_is_zero: bool) -> int | float | None:
    node = indicators
    for i, key in enumerate(keys):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif missing_is_zero and isinstance(node, dict) and i == len(keys) - 1:
            return 0
        else:
            return None
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        return None
    return node


WITHHELD = "x"
"""The mark of a count a public edition withholds (``null`` in its ``indicators.json``)."""


def _withheld(indicators: Any, keys: tuple[str, ...]) -> bool:
    """Whether ``indicators`` holds the figure as ``null``: withheld by a public edition."""
    node = indicators
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return node is None


def _fmt_number(value: int | float) -> str:
    if float(value).is_integer():
        return fmt_count(int(value))
    return fmt_decimal(value, 1)


def _write(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` through a temporary file (readers never see half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
    manifest = _read_json(folder / "manifest.json")
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
    indicators = _read_json(folder / "indicators.json") if "indicators" in files else None
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
            status = _read_json(path)
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
        period = _period_of(entry.get("period") or key_period)
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


def _collect(outputs: Path, status: dict | None, reg: Registry):
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
            period = _period_of(pdir.name)
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
        if (found_period := _period_of(period_slug)) is not None:
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


# --------------------------------------------------------------------------- rendering


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _css() -> Markup:
    css = (TEMPLATE_DIR / "site.css").read_text(encoding="utf-8")
    if "</" in css:
        raise ValueError("site.css must not contain '</'")
    return Markup(css)


def _report_links(rep: Report, base: str) -> dict[str, Any]:
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
            links.append(Link(names[kind][0], _href(rep.files[kind], base), names[kind][1]))
    tables = (
        [Link(posixpath.basename(t), _href(t, base), "CSV") for t in rep.tables] if rep.has_output else []
    )
    error_nb = (
        Link(
            "Notebook galat",
            _href(rep.files["error_notebook"], base),
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
        Link(label, _href(rep.files[kind], base), title)
        for kind, (label, title) in short.items()
        if kind in rep.files and rep.has_output
    ]
    return {
        "links": links,
        "tables": tables,
        "error_notebook": error_nb,
        "editions": editions,
        "report_href": _href(rep.files["html"], base) if "html" in rep.files and rep.has_output else "",
    }


def _programme_report(outputs: Path, pi: PeriodInfo) -> dict | None:
    """The programme report's ``indicators.json`` of a period, when it was built."""
    data = _read_json(outputs / pi.slug / PROGRAMME_REPORT / "indicators.json")
    return data if isinstance(data, dict) else None


def _programme_rows(
    pi: PeriodInfo, cities: list[CityRow], grid: dict, programme_report: dict | None = None
) -> dict[str, Any]:
    """The programme page of a period: every city's headline figures and their total.

    A city's figures come from its own report; when that report was not built they come
    from the period's programme report (``cities`` in its ``indicators.json``), which
    computes every city from the same store. The total is therefore the programme
    report's whenever one exists, not the sum of whichever city reports happen to be
    built (the page once said "Total program 82" for 2010 with only Lampung's report
    built, while the programme report said 755)."""
    from_programme = (programme_report or {}).get("cities") or {}
    columns = []
    for c in cities:
        rep = grid[(pi.slug, c.slug)]
        source = rep.indicators if rep.indicators is not None else from_programme.get(c.slug)
        if not c.registered and source is None:
            continue
        columns.append(
            {
                "city": c,
                "report": rep,
                **_report_links(rep, pi.slug),
                "indicators": source,
                "available": source is not None,
                "from_programme": rep.indicators is None and source is not None,
            }
        )
    available = [col for col in columns if col["available"]]
    rows = []
    for label, keys, zero in HEADLINES:
        cells: list[str] = []
        total: float = 0
        partial = withheld = False
        for col in columns:
            value = _lookup(col["indicators"], keys, zero) if col["available"] else None
            if value is None and col["available"] and _withheld(col["indicators"], keys):
                cells.append(WITHHELD)  # a public edition's withheld count
                withheld = True
            elif value is None:
                cells.append(DASH)
                partial = partial or col["available"]
            else:
                cells.append(_fmt_number(value))
                total += value
        shown_total = _fmt_number(total) if available else DASH
        if withheld:  # the total as the public programme report states it, never a partial sum
            reported_row = _lookup(programme_report, keys, False) if programme_report else None
            hidden_row = programme_report is None or _withheld(programme_report, keys)
            shown_total = _fmt_number(reported_row) if reported_row is not None else WITHHELD
            partial = partial or (reported_row is None and not hidden_row)
        rows.append(
            {
                "label": label,
                "key": ".".join(keys),
                "cells": cells,
                "total": shown_total,
                "partial": partial,
                "withheld": withheld,
                "value": total if available and not partial and not withheld else None,
            }
        )
    reported = None
    if programme_report is not None:
        reported = _lookup(programme_report, ("beneficiaries", "total"), False)
    page_total = rows[0]["value"]
    return {
        "columns": columns,
        "rows": rows,
        "available": len(available),
        "complete": len(available) == len([c for c in cities if c.registered]),
        "stale": any(col["report"].stale and col["available"] for col in columns),
        "from_programme": any(col["from_programme"] for col in columns),
        "programme_total": _fmt_number(reported) if reported is not None else "",
        "programme_href": (f"{PROGRAMME_REPORT}/report.html" if programme_report is not None else ""),
        "mismatch": reported is not None and page_total is not None and reported != page_total,
    }


def build_site(
    outputs: Path, status: dict | None = None, *, language: str = "id", registry: Registry | None = None
) -> list[Path]:
    """Write ``outputs/index.html`` and ``outputs/<period>/programme.html`` for every period.

    Parameters
    ----------
    outputs : pathlib.Path
        The outputs folder (``config.paths().outputs``).
    status : dict, optional
        The content of ``outputs/build-status.json``; when None that file is read if it
        exists, else every report folder with a ``manifest.json`` counts as built.
    language : str
        Language of the page text; only ``"id"`` (Indonesian).
    registry : config.Registry, optional
        The city registry; defaults to the project's (``config.registry()``).

    Returns
    -------
    list of pathlib.Path
        The pages written: the index first, then the programme pages, newest period first.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported site language {language!r}; supported: {', '.join(LANGUAGES)}")
    outputs = Path(outputs)
    reg = registry if registry is not None else _registry()
    period_infos, cities, grid, note, from_status, last_build = _collect(outputs, status, reg)
    env = _environment()
    css = _css()
    programme = reg.programme

    sections = []
    for pi in period_infos:
        rows = []
        for c in cities:
            rep = grid[(pi.slug, c.slug)]
            if not c.registered and rep.status == "missing":
                continue
            rows.append({"city": c, "report": rep, **_report_links(rep, "")})
        n = {code: sum(1 for r in rows if r["report"].status == code) for code in STATUS_LABELS}
        programme_reports = [
            Link(label, _href(f"{prefix}{pi.slug}/{PROGRAMME_REPORT}/report.html", ""), title)
            for label, prefix, title in (
                ("Laporan program", "", "laporan program (Indonesia)"),
                ("Programme report (EN)", "en/", "English edition"),
            )
            if (outputs / f"{prefix}{pi.slug}" / PROGRAMME_REPORT / "report.html").is_file()
        ]
        sections.append(
            {
                "period": pi,
                "rows": rows,
                "counts": n,
                "programme_href": _href(f"{pi.slug}/{PROGRAMME_PAGE}", ""),
                "programme_reports": programme_reports,
            }
        )

    shown_cities = [
        c
        for c in cities
        if c.registered or any(grid[(pi.slug, c.slug)].status != "missing" for pi in period_infos)
    ]
    matrix = [
        {
            "city": c,
            "cells": [
                {"report": grid[(pi.slug, c.slug)], **_report_links(grid[(pi.slug, c.slug)], "")}
                for pi in period_infos
            ],
        }
        for c in shown_cities
    ]

    counts = {code: sum(s["counts"][code] for s in sections) for code in STATUS_LABELS}

    written: list[Path] = []
    index_html = env.get_template("index.html.j2").render(
        lang=language,
        css=css,
        programme=programme,
        sections=sections,
        matrix=matrix,
        any_draft=any(grid[k].draft and grid[k].has_output for k in grid),
        periods=period_infos,
        counts=counts,
        labels=STATUS_LABELS,
        note=note,
        n_cities=len([c for c in cities if c.registered]),
        uses_status_file=from_status,
        last_build=last_build,
        root="",
        quality_href=QUALITY_PAGE if (outputs / QUALITY_PAGE).is_file() else "",
    )
    index = outputs / INDEX_PAGE
    _write(index, index_html)
    written.append(index)

    for pi in period_infos:
        prog = _programme_report(outputs, pi)
        data = _programme_rows(pi, cities, grid, prog)
        if data["mismatch"]:
            log.warning(
                "programme page %s: the cities add up to %s beneficiaries, the programme report says %s",
                pi.slug,
                data["rows"][0]["total"],
                data["programme_total"],
            )
        html = env.get_template("programme.html.j2").render(
            lang=language,
            css=css,
            programme=programme,
            period=pi,
            labels=STATUS_LABELS,
            n_cities=len(data["columns"]),
            root="../",
            **data,
        )
        page = outputs / pi.slug / PROGRAMME_PAGE
        _write(page, html)
        written.append(page)
    navigation.update_reports(outputs)  # every report links back here and to its neighbours
    return written
