"""Staff narratives: ``data/raw/narratives/<city>/<period>.md``.

A narrative is Markdown with YAML front matter (``author``, ``title``, ``place``, ``date``)
and sections headed ``## Kendala dan hambatan``, ``## Rekomendasi``,
``## Capaian gugus tugas``, ``## Penutup``. Text is rendered with raw HTML disabled, so
anything a writer types (``<b>``, ``&``) is shown, never interpreted.

Examples
--------
>>> n = parse_narrative("---\\nauthor: PO\\n---\\n## Penutup\\nTerima kasih & <salam>.\\n")
>>> n.meta["author"]
'PO'
>>> n.section_html("penutup")
'<p>Terima kasih &amp; &lt;salam&gt;.</p>\\n'
>>> n.section_html("rekomendasi") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from exceed_analysis.errors import NarrativeError

__all__ = ["SECTIONS", "Narrative", "parse_narrative", "load_narrative"]

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


def parse_narrative(text: str, source: str | None = "") -> Narrative:
    """Parse narrative Markdown; unknown ``##`` sections are kept under their own heading."""
    meta: dict = {}
    if m := _FRONT.match(text):
        try:
            meta = yaml.safe_load(m[1]) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for ---
            raise NarrativeError(source or "narrative", line,
                                 getattr(exc, "problem", None) or type(exc).__name__) from None
        if not isinstance(meta, dict):
            raise NarrativeError(source or "narrative", 2, "expected key: value lines")
        text = text[m.end():]
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


def load_narrative(narratives_dir: Path, city: str, period_name: str,
                   language: str = "id") -> Narrative:
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
