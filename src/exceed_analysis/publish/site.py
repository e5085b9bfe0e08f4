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

otherwise every report folder holding a ``manifest.json`` counts as built. The model (what
``outputs/`` holds) is :mod:`exceed_analysis.publish.site_model`, the programme page's rows
:mod:`exceed_analysis.publish.site_programme`; this module renders and writes. The pages use
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

import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from exceed_analysis.config import Registry
from exceed_analysis.config import registry as _registry
from exceed_analysis.publish import navigation
from exceed_analysis.publish.site_model import (
    PROGRAMME_REPORT,
    QUALITY_PAGE,
    STATUS_FILE,
    STATUS_LABELS,
    Link,
    collect,
    format_timestamp,
    href,
    report_links,
    write_page,
)
from exceed_analysis.publish.site_programme import HEADLINES, programme_report, programme_rows

__all__ = [
    "HEADLINES",
    "INDEX_PAGE",
    "PROGRAMME_PAGE",
    "QUALITY_PAGE",
    "STATUS_FILE",
    "build_site",
    "format_timestamp",
]

log = logging.getLogger(__name__)

INDEX_PAGE = "index.html"
PROGRAMME_PAGE = "programme.html"

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "site"

LANGUAGES = ("id",)
"""UI languages of the site (the page text lives in the templates)."""


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
    period_infos, cities, grid, note, from_status, last_build = collect(outputs, status, reg)
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
            rows.append({"city": c, "report": rep, **report_links(rep, "")})
        n = {code: sum(1 for r in rows if r["report"].status == code) for code in STATUS_LABELS}
        programme_reports = [
            Link(label, href(f"{prefix}{pi.slug}/{PROGRAMME_REPORT}/report.html", ""), title)
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
                "programme_href": href(f"{pi.slug}/{PROGRAMME_PAGE}", ""),
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
                {"report": grid[(pi.slug, c.slug)], **report_links(grid[(pi.slug, c.slug)], "")}
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
    write_page(index, index_html)
    written.append(index)

    for pi in period_infos:
        prog = programme_report(outputs, pi)
        data = programme_rows(pi, cities, grid, prog)
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
        write_page(page, html)
        written.append(page)
    navigation.update_reports(outputs)  # every report links back here and to its neighbours
    return written
