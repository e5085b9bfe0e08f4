"""A report's apparatus: draft notice, numbered figures, source lines and colophon.

The city report notebook calls these around the sections of
:class:`exceed_analysis.reports.city.CityReport`:

- :func:`draft_notice` under the cover: the staff sections not yet written, listed once
  (a report with a missing staff section is a *draft*);
- :func:`toc_placeholder`: where the table of contents goes; the report template
  (``templates/nbconvert/exceed``) fills it from the headings, whose anchors come from
  :func:`anchor`;
- :func:`exhibit`: a table with its source line, and its chart numbered ("Gambar N" /
  "Figure N") with caption and source line;
- :func:`colophon`: produced on, data as of, version and commit, edition, language and the
  manifest.

Every value is escaped; nothing here invents a figure.

Examples
--------
>>> anchor("Kendala dan hambatan")
'kendala-dan-hambatan'
>>> anchor("Pendidikan & pelatihan (non-formal)")
'pendidikan-pelatihan-non-formal'
>>> FIGURES["courses"]
3
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import unicodedata
from importlib import metadata
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from exceed_analysis.config import paths
from exceed_analysis.reports import charts
from exceed_analysis.reports.narrative import STAFF_SECTIONS

if TYPE_CHECKING:  # pragma: no cover
    from exceed_analysis.reports.city import CityReport

__all__ = [
    "FIGURES",
    "WORDS",
    "anchor",
    "colophon",
    "latest_day",
    "draft_notice",
    "exhibit",
    "figure_caption",
    "references",
    "span_references",
    "source_line",
    "toc_placeholder",
]

FIGURES = {"sex": 1, "age": 2, "courses": 3, "partner_services": 4}
"""Charted exhibits and their figure numbers, in report order (fixed, like table numbers)."""

TOC_MARKER = "<!--exceed-toc-->"
"""Replaced by the report template with the list of headings."""

WORDS = {
    "id": {
        "figure": "Gambar",
        "draft": "DRAF",
        "toc": "Daftar isi",
        "draft_text": "Laporan ini masih draf: bagian yang ditulis staf program belum lengkap.",
        "draft_missing": "Belum ditulis:",
        "draft_public": "Edisi publik dari draf hanya dibuat atas permintaan khusus.",
        "source": "Sumber",
        "registers": "register anak dan layanan mitra",
        "activities": "catatan kegiatan kota",
        "period": "periode",
        "as_of": "data per",
        "see_table": "angka pada",
        "and": "dan",
        "to": "sampai",
        "figures": "gambar",
        "tables": "Tabel",
        "colophon": "Kolofon",
        "produced": "Dibuat pada",
        "data_as_of": "Data per",
        "version": "Versi",
        "commit": "commit",
        "edition": "Edisi",
        "language": "Bahasa",
        "manifest": "Manifes",
        "manifest_text": "parameter, sidik SHA-256 setiap berkas masukan dan versi",
        "no_manifest": "dibuat di luar exceed report: tidak ada manifes",
        "editions": {
            "internal": "internal (semua angka)",
            "public": "publik (angka 1-4 ditampilkan sebagai < 5)",
        },
        "languages": {"id": "Indonesia", "en": "Inggris"},
        "unknown": "tidak diketahui",
        "synthetic": "data sintetis",
    },
    "en": {
        "figure": "Figure",
        "draft": "DRAFT",
        "toc": "Contents",
        "draft_text": "This report is a draft: the sections programme staff write are not complete.",
        "draft_missing": "Not yet written:",
        "draft_public": "A public edition of a draft is made only on explicit request.",
        "source": "Source",
        "registers": "partner registers of children and services",
        "activities": "city activity log",
        "period": "period",
        "as_of": "data as of",
        "see_table": "figures in",
        "and": "and",
        "to": "to",
        "figures": "Figures",
        "tables": "Tables",
        "colophon": "Colophon",
        "produced": "Produced on",
        "data_as_of": "Data as of",
        "version": "Version",
        "commit": "commit",
        "edition": "Edition",
        "language": "Language",
        "manifest": "Manifest",
        "manifest_text": "parameters, SHA-256 of every input file and versions",
        "no_manifest": "made outside exceed report: no manifest",
        "editions": {"internal": "internal (every count)", "public": "public (counts of 1-4 shown as < 5)"},
        "languages": {"id": "Indonesian", "en": "English"},
        "unknown": "unknown",
        "synthetic": "synthetic data",
    },
}


class Html(str):
    """A piece of HTML that notebooks display as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def anchor(text: str) -> str:
    """The id of a heading: ASCII lower case words joined by ``-`` (stable, URL-safe)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "bagian"


def _w(rep: CityReport) -> dict:
    return WORDS.get(rep.text.language, WORDS["en"])


def draft_notice(rep: CityReport) -> Html:
    """Under the cover of a draft: says so once and lists the staff sections not written;
    empty for a complete report."""
    missing = rep.narrative.missing
    if not missing:
        return Html("")
    w = _w(rep)
    names = Markup(", ").join(rep.text.heading(k) for k in missing if k in STAFF_SECTIONS)
    extra = Markup(" {}").format(w["draft_public"]) if rep.edition == "internal" else Markup("")
    return Html(
        Markup(
            '<div class="exceed-draft" id="draf" role="note"><p><strong class="exceed-draft-mark">'
            '{}</strong> {} {} <span class="exceed-draft-list">{}</span>.{}</p></div>'
        ).format(w["draft"], w["draft_text"], w["draft_missing"], names, extra)
    )


def toc_placeholder(rep: CityReport) -> Html:
    """The table of contents' place and title; the report template adds the entries."""
    return Html(
        Markup(
            '<nav class="exceed-toc" id="daftar-isi" aria-label="{0}">'
            '<p class="exceed-toc-title">{0}</p>{1}</nav>'
        ).format(_w(rep)["toc"], Markup(TOC_MARKER))
    )


def latest_day(data: Any) -> dt.date | None:
    """The last date in the registers and activity log (intake, service, activity) of one
    city's data (a ``CityData``) or of a dict of them (the programme report); a report
    states it as ``rep.data_as_of``, worked out once (every source line and the colophon
    state it)."""
    data = data.values() if isinstance(data, dict) else [data]
    days = [
        col for d in data for col in (d.children["intake_date"], d.services["date"], d.activities["date"])
    ]
    latest = max((d.max() for d in days if len(d) and pd.notna(d.max())), default=None)
    return None if latest is None else pd.Timestamp(latest).date()


def source_line(rep, activities: bool = False) -> Html:
    """``Sumber: register anak dan layanan mitra CCC dan LAdA; periode Mei - Desember 2010;
    data per 31 Desember 2012.`` For the programme report, the partners of every city."""
    w = _w(rep)
    what = w["activities"] if activities else w["registers"]
    city = getattr(rep, "city", None)
    codes = (
        city.partner_codes
        if city is not None
        else tuple(code for c in rep.cities for code in c.partner_codes)
    )
    partners = rep.text.join(codes)
    day = rep.data_as_of
    as_of = rep.text.date(day) if day is not None else w["unknown"]
    synthetic = Markup(" ({})").format(w["synthetic"]) if rep.synthetic else Markup("")
    return Html(
        Markup('<p class="exceed-source">{}: {} {}{}; {} {}; {} {}.</p>').format(
            w["source"], what, partners, synthetic, w["period"], rep.months, w["as_of"], as_of
        )
    )


def _figure_number(rep, key: str) -> int:
    """A city report's figures have fixed numbers (:data:`FIGURES`); another report's are
    numbered in table order, counting the tables that show a chart (the order the
    notebook shows them), so the text can name a figure before it is drawn."""
    if getattr(rep, "city", None) is not None and key in FIGURES:
        return FIGURES[key]
    charted = [k for k in rep.table_keys() if has_figure(rep, k)]
    return charted.index(key) + 1


def has_figure(rep, key: str) -> bool:
    """Whether the exhibit ``key`` shows a chart (so has a numbered figure)."""
    return not rep.is_empty(key) and rep.charted(key)


def _lower(word: str) -> str:
    return word[:1].lower() + word[1:]


def references(rep, key: str) -> dict[str, Markup]:
    """How the text names the exhibit ``key``, linked to its anchors: ``tabel 4``, or
    ``tabel 1 (dan gambar 1)`` when the table has a chart; ``ref`` for inside a sentence,
    ``Ref`` for its start (``Table 1 (and Figure 1) shows ...``)."""
    w = _w(rep)
    t = rep.table(key)
    start = Markup('<a href="#{}">{} {}</a>').format(t.anchor, t.label, t.number)
    # Indonesian writes "tabel 4" and "gambar 1" inside a sentence, English "Table 4"
    lower = rep.text.language == "id"
    inside = Markup('<a href="#{}">{} {}</a>').format(
        t.anchor, _lower(t.label) if lower else t.label, t.number
    )
    if has_figure(rep, key):
        n = _figure_number(rep, key)
        fig = Markup(' ({} <a href="#gambar-{}">{} {}</a>)').format(
            w["and"], n, _lower(w["figure"]) if lower else w["figure"], n
        )
        start, inside = start + fig, inside + fig
    return {"ref": inside, "Ref": start}


def _span(rep, word: str, numbers: list[int], anchors: list[str]) -> Markup:
    """``tabel 1 sampai 4`` (each number linked); one number: ``tabel 1``."""
    links = [Markup('<a href="#{}">{}</a>').format(a, n) for n, a in zip(numbers, anchors, strict=True)]
    if len(links) == 1:
        return Markup("{} {}").format(word, links[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return Markup("{} {} {} {}").format(word, links[0], _w(rep)["to"], links[-1])
    return Markup("{} {}").format(word, rep.text.join(links))


def span_references(rep, keys: list[str]) -> dict[str, Markup]:
    """How the text names several exhibits together, linked: ``Tabel 1 sampai 4 (dan gambar
    1 sampai 4)`` / ``Tables 1 to 4 (and Figures 1 to 4)``; ``ref`` and ``Ref`` as in
    :func:`references`. One key is :func:`references`."""
    if len(keys) == 1:
        return references(rep, keys[0])
    w = _w(rep)
    tables = [rep.table(k) for k in keys]
    start = _span(rep, w["tables"], [t.number for t in tables], [t.anchor for t in tables])
    inside = _span(
        rep,
        _lower(w["tables"]) if rep.text.language == "id" else w["tables"],
        [t.number for t in tables],
        [t.anchor for t in tables],
    )
    charted = [_figure_number(rep, k) for k in keys if has_figure(rep, k)]
    if charted:
        word = w["figures"] if len(charted) > 1 else w["figure"]
        word = _lower(word) if rep.text.language == "id" else word
        fig = Markup(" ({} {})").format(w["and"], _span(rep, word, charted, [f"gambar-{n}" for n in charted]))
        start, inside = start + fig, inside + fig
    return {"ref": inside, "Ref": start}


def figure_caption(rep, key: str, title: str | None = None) -> Html:
    """``Gambar N: <title> (angka pada Tabel M)`` and the source line, under a chart."""
    w = _w(rep)
    n = _figure_number(rep, key)
    t = rep.table(key)
    if title is None:
        title = rep.text.phrase(f"chart_{key}")
    return Html(
        Markup(
            '<p class="exceed-figcaption" id="gambar-{0}"><strong>{1} {0}</strong>: {2} '
            '({3} <a href="#{6}">{5} {4}</a>)</p>'
        ).format(n, w["figure"], title, w["see_table"], t.number, t.label, t.anchor)
        + Markup(source_line(rep))
    )


def exhibit(rep, key: str) -> tuple:
    """What a notebook cell displays for a table: the table and its source line, then its
    chart, numbered, with caption and source line, when it has one. Use as
    ``display(*apparatus.exhibit(rep, "sex"))`` (city or programme report)."""
    shown = rep.exhibit(key)
    if len(shown) == 1 and not hasattr(shown[0], "number"):
        return shown  # "no data" note: no table, no source
    table = shown[0]
    head = (
        Markup('<h2 id="{}">{}</h2>').format(anchor(rep.text.phrase("appendix")), rep.text.phrase("appendix"))
        if key == "activity_list"
        else Markup("")
    )
    out = [
        Html(
            head
            + Markup('<div class="exceed-exhibit">')
            + Markup(table._repr_html_())
            + Markup(source_line(rep, activities=key in ("activities", "activity_list")))
            + Markup("</div>")
        )
    ]
    for chart in shown[1:]:
        if hasattr(chart, "figure"):
            title = chart.figure.layout.title.text or None
            out += [_untitled(chart), figure_caption(rep, key, title)]
    return tuple(out)


def _untitled(chart):
    """The chart without its own title: the numbered caption under it names it."""
    spec = chart.figure.to_plotly_json()
    untitled: list[dict] = [{"title": {"text": ""}}]
    if not chart.figure.layout.showlegend:
        untitled.append({"margin": {"t": 30}})
    return type(chart)(chart.key, charts.figure(spec["data"], spec["layout"], *untitled))


BUILD_DATE_ENV = "SOURCE_DATE_EPOCH"
"""When set (seconds since 1970, the reproducible-builds convention), the colophon's
"produced on" date: a rebuild that sets it to the first build's time gives the same page."""

BUILD_COMMIT_ENV = "EXCEED_GIT_VERSION"
"""When set, the commit the colophon names (instead of asking git)."""


def build_date() -> dt.date:
    """The date a report is produced on: :data:`BUILD_DATE_ENV` when set, else today (UTC)."""
    value = os.environ.get(BUILD_DATE_ENV, "").strip()
    if value.isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def _git_commit() -> str | None:
    if os.environ.get(BUILD_COMMIT_ENV, "").strip():
        return os.environ[BUILD_COMMIT_ENV].strip()
    try:
        done = subprocess.run(
            ["git", "-C", str(paths().root), "rev-parse", "--short=10", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def colophon(rep: CityReport, manifest: bool = False, today: dt.date | None = None) -> Html:
    """The colophon: produced on, data as of, version and commit, edition, language and a
    link to ``manifest.json`` (``manifest=True`` when the report is written beside one).
    For a city report or the programme report."""
    w = _w(rep)
    try:
        version = metadata.version("exceed-analysis")
    except metadata.PackageNotFoundError:
        version = w["unknown"]
    commit = _git_commit()
    day = rep.data_as_of
    today = today or build_date()
    rows = [
        (w["produced"], rep.text.date(today)),
        (w["data_as_of"], rep.text.date(day) if day else w["unknown"]),
        (w["version"], f"exceed-analysis {version}" + (f" ({w['commit']} {commit})" if commit else "")),
        (w["edition"], w["editions"].get(getattr(rep, "edition", "internal"))),
        (w["language"], w["languages"].get(rep.text.language, rep.text.language)),
    ]
    items = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows)
    link = (
        Markup('<a href="manifest.json">manifest.json</a>: {}').format(w["manifest_text"])
        if manifest
        else Markup("{}").format(w["no_manifest"])
    )
    items += Markup("<dt>{}</dt><dd>{}</dd>").format(w["manifest"], link)
    return Html(
        Markup(
            '<section class="exceed-colophon" id="kolofon"><h2 id="kolofon-judul">{}</h2>'
            "<dl>{}</dl></section>"
        ).format(w["colophon"], items)
    )
