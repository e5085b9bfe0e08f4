"""Staff narratives: ``data/raw/narratives/<city>/<period>.md``.

A narrative is Markdown with YAML front matter (``author``, ``title``, ``place``, ``date``)
and sections headed ``## Kendala dan hambatan``, ``## Rekomendasi``,
``## Capaian gugus tugas``, ``## Penutup``. Text is rendered with raw HTML disabled, so
anything a writer types (``<b>``, ``&``) is shown, never interpreted. HTML comments
(``<!-- ... -->``) are staff notes: they are removed before anything is rendered.

A report whose staff sections (:data:`STAFF_SECTIONS`) are not all written is a *draft*:
:func:`narrative_status` says, per city and period, which sections exist, and
:func:`new_narrative` writes the skeleton of a new file with the period's key figures as
prompts (in comments, so that they are never printed).

Examples
--------
>>> n = parse_narrative("---\\nauthor: PO\\n---\\n## Penutup\\nTerima kasih & <salam>.\\n")
>>> n.meta["author"]
'PO'
>>> n.section_html("penutup")
'<p>Terima kasih &amp; &lt;salam&gt;.</p>\\n'
>>> n.section_html("rekomendasi") is None
True
>>> n.missing
('capaian_gugus_tugas', 'kendala', 'rekomendasi')
>>> parse_narrative("## Penutup\\n<!-- catatan staf -->\\nSelesai.\\n").section_html("penutup")
'<p>Selesai.</p>\\n'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from exceed_analysis.errors import ExceedError, NarrativeError

__all__ = [
    "SECTIONS",
    "STAFF_SECTIONS",
    "Narrative",
    "parse_narrative",
    "load_narrative",
    "strip_notes",
    "NarrativeNoteError",
    "DraftError",
    "NarrativeExistsError",
    "NarrativeStatus",
    "narrative_status",
    "new_narrative",
    "write_new_narrative",
    "refuse_public_draft",
]

SECTIONS = {
    "kendala": "Kendala dan hambatan",
    "rekomendasi": "Rekomendasi",
    "capaian_gugus_tugas": "Capaian gugus tugas",
    "penutup": "Penutup",
}
"""Section keys and the headings that mark them in a narrative file."""

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_md = MarkdownIt("commonmark", {"html": False}).disable("image")


def _norm(heading: str) -> str:
    return re.sub(r"\s+", " ", heading).strip().lower()


_KEY_BY_HEADING = {_norm(v): k for k, v in SECTIONS.items()}


@dataclass(frozen=True)
class Narrative:
    """A parsed narrative: front matter and section bodies (Markdown), by key."""

    meta: dict = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    language: str = "id"

    def section_html(self, key: str) -> str | None:
        """The section rendered to HTML (escaped), or None when it was not written."""
        body = self.sections.get(key)
        if body is None or not body.strip():
            return None
        return _md.render(body)

    @property
    def exists(self) -> bool:
        return self.source is not None

    @property
    def missing(self) -> tuple[str, ...]:
        """The staff sections (keys of :data:`STAFF_SECTIONS`) with no text, in report order."""
        return tuple(k for k in STAFF_SECTIONS if not (self.sections.get(k) or "").strip())

    @property
    def is_draft(self) -> bool:
        """A report with this narrative is a draft: a staff section is not written."""
        return bool(self.missing)


def parse_narrative(text: str, source: str | None = "") -> Narrative:
    """Parse narrative Markdown; unknown ``##`` sections are kept under their own heading.
    Staff notes (HTML comments) are dropped first, see :func:`strip_notes`."""
    text = strip_notes(text, source)
    meta: dict = {}
    if m := _FRONT.match(text):
        try:
            meta = yaml.safe_load(m[1]) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for ---
            raise NarrativeError(
                source or "narrative", line, getattr(exc, "problem", None) or type(exc).__name__
            ) from None
        if not isinstance(meta, dict):
            raise NarrativeError(source or "narrative", 2, "expected key: value lines")
        text = text[m.end() :]
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current = _KEY_BY_HEADING.get(_norm(line[3:]), _norm(line[3:]))
            lines = []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip()
    return Narrative(meta=meta, sections=sections, source=source)


def load_narrative(narratives_dir: Path, city: str, period_name: str, language: str = "id") -> Narrative:
    """The narrative of a city and period; an empty :class:`Narrative` when none exists.

    Staff write in Indonesian (``<period>.md``). For another language a translated file
    ``<period>.<language>.md`` is used when it exists; otherwise the Indonesian original is
    returned, with ``language == "id"`` so that the report can say so.

    Reports read intake's screened copies (``data/processed/narratives/``, see
    :mod:`exceed_analysis.intake.narratives`), where encoding and front matter were checked
    and reported with their line. This loader never fails a report: a file it still cannot
    read as UTF-8, or whose front matter is not valid YAML, is shown without its front matter.
    """
    candidates = [(f"{period_name}.{language}.md", language)] if language != "id" else []
    for name, lang in candidates + [(f"{period_name}.md", "id")]:
        path = narratives_dir / city / name
        if path.is_file():
            source = f"data/raw/narratives/{city}/{name}"
            text = path.read_bytes().decode("utf-8", errors="replace")
            try:
                n = parse_narrative(text, source=source)
            except NarrativeError:  # reported at intake: keep the text, drop the front matter
                n = parse_narrative(_FRONT.sub("", text, count=1), source=source)
            return Narrative(n.meta, n.sections, n.source, lang)
    return Narrative()


# --------------------------------------------------------------------------- draft workflow

STAFF_SECTIONS = ("capaian_gugus_tugas", "kendala", "rekomendasi", "penutup")
"""The sections staff write for every report, in the order the report shows them."""

_NOTE = re.compile(r"<!--.*?-->", re.S)


def strip_notes(text: str, source: str | None = "", strict: bool = False) -> str:
    """The narrative without its staff notes (HTML comments, over any number of lines).

    >>> strip_notes("Satu <!-- cek angka -->dua\\n<!-- a\\nb -->\\ntiga")
    'Satu dua\\n\\ntiga'

    A note opened and never closed hides the rest of the file, as it would in a browser:
    no staff note is ever printed, and the sections after it count as not written (the
    report is then a draft). With ``strict`` (``exceed narratives``, intake checks) it is an
    error naming the file and line instead.

    >>> strip_notes("Satu.\\n<!-- lupa ditutup\\nDua.")
    'Satu.\\n'
    """
    out = _NOTE.sub("", text)
    if "<!--" not in out:
        return out
    if strict:
        line = None
        for m in re.finditer(r"<!--", text):
            if "-->" not in text[m.end() :]:
                line = text[: m.start()].count("\n") + 1
                break
        raise NarrativeNoteError(
            f"{source or 'narrative'}, line {line}: staff note '<!--' "
            f"is never closed, so it would hide the rest of the file; "
            f"end the note with '-->'"
        )
    return out[: out.index("<!--")]


class NarrativeNoteError(ExceedError, ValueError):
    """A staff note (``<!--``) in a narrative file is never closed."""


class DraftError(ExceedError):
    """A public edition was asked for a report whose staff sections are not all written."""


class NarrativeExistsError(ExceedError, FileExistsError):
    """``exceed narratives --new`` would overwrite a narrative staff already wrote."""


@dataclass(frozen=True)
class NarrativeStatus:
    """Which staff sections exist for one city and period."""

    city: str
    period: str
    source: str | None
    present: tuple[str, ...]
    missing: tuple[str, ...]
    problem: str | None = None  # e.g. a staff note never closed (it hides what follows)

    @property
    def is_draft(self) -> bool:
        return bool(self.missing)


def narrative_status(narratives_dir: Path, city: str, periods) -> list[NarrativeStatus]:
    """The status of a city's narrative for each of ``periods`` (period names)."""
    rows = []
    for name in periods:
        n = load_narrative(narratives_dir, city, str(name))
        problem = None
        path = Path(narratives_dir) / city / f"{name}.md"
        if path.is_file():
            try:
                strip_notes(path.read_text(encoding="utf-8", errors="replace"), n.source, strict=True)
            except NarrativeNoteError as exc:
                problem = str(exc)
        rows.append(
            NarrativeStatus(
                city,
                str(name),
                n.source,
                tuple(k for k in STAFF_SECTIONS if k not in n.missing),
                n.missing,
                problem,
            )
        )
    return rows


def refuse_public_draft(
    narratives_dir: Path, city: str, period: str, edition: str, allow_draft: bool = False
) -> None:
    """Raise :class:`DraftError` when a public edition is asked for a draft report, unless
    ``allow_draft``; a draft is for internal review only."""
    if edition != "public" or allow_draft:
        return
    missing = load_narrative(narratives_dir, city, period).missing
    if missing:
        names = ", ".join(SECTIONS[k] for k in missing)
        raise DraftError(
            f"{city} {period} is a draft (staff sections not written: {names}); a public "
            f"edition of a draft is refused. Write data/raw/narratives/{city}/{period}.md "
            f"(exceed narratives --new --city {city} --period {period}), or pass --allow-draft"
        )


_PROMPTS = {
    "kendala": "Apa yang menghambat program periode ini? Tulis sebagai daftar bernomor.",
    "rekomendasi": "Langkah apa yang diusulkan untuk periode berikutnya?",
    "capaian_gugus_tugas": "Apa yang dicapai gugus tugas (anggota, fungsi, rapat, keputusan)?",
    "penutup": "Satu atau dua paragraf penutup.",
}


def new_narrative(
    city_slug: str, city_name: str, period_name: str, months: str, figures: Mapping[str, int | float | str]
) -> str:
    """The skeleton of a new narrative: front matter, the four section headings, and the
    period's key figures and a question under each heading as prompts. Every prompt is an
    HTML comment, so a report never prints it; a section left with prompts only is still
    missing (the report stays a draft)."""
    lines = [
        "---",
        "author: ",
        f"title: Laporan Program EXCEED di {city_name}, {months}",
        f"place: {city_name}",
        "date: ",
        "---",
        "",
        "<!-- Staf program: tulis di bawah setiap judul. Catatan seperti ini (komentar "
        "HTML) tidak pernah dicetak di laporan. -->",
        "",
        f"<!-- Angka kunci {city_name}, {months} ({period_name}), dari register:",
    ]
    lines += [f"     - {label}: {value}" for label, value in figures.items()]
    lines += ["-->", ""]
    for key in ("kendala", "rekomendasi", "capaian_gugus_tugas", "penutup"):
        lines += [f"## {SECTIONS[key]}", "", f"<!-- {_PROMPTS[key]} -->", ""]
    return "\n".join(lines)


def write_new_narrative(narratives_dir: Path, city_slug: str, period_name: str, text: str) -> Path:
    """Write a new narrative file; never replace one that exists."""
    path = Path(narratives_dir) / city_slug / f"{period_name}.md"
    if path.exists():
        raise NarrativeExistsError(
            f"data/raw/narratives/{city_slug}/{period_name}.md already exists; edit it, or "
            f"move it away first to start again"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path
