"""Staff narratives at intake: ``data/raw/narratives/<city>/<period>[.<language>].md``.

Each narrative is checked like a register file and passed through the city's personal-data
screen before any report sees it: intake gives the screened text to the store, which keeps it
as ``data/processed/narratives/<city>/<file>``; reports read that copy, never the raw file.

- a file that is not UTF-8 is read as Windows-1252, with a note;
- front matter that is not valid YAML (or not ``key: value`` lines) is dropped with a note
  naming its line; a ``date`` that is not a calendar date written ``YYYY-MM-DD`` or
  ``DD/MM/YYYY`` is dropped with a note (the report then shows no date);
- a name, phone or address of the city's registers is replaced by ``[...]``, with a note
  naming the line, never the value;
- a city folder or file name that is not a registry city or a period is not read; symbolic
  links are not followed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from exceed_analysis.intake.problems import Context, Problem
from exceed_analysis.intake.screen import strip_invisible
from exceed_analysis.periods import PeriodError, parse_period

__all__ = ["check_narrative", "narrative_files"]

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_NAME = re.compile(r"(?P<period>[^.]+)(?:\.(?P<lang>[a-z]{2}))?\.md")
_DMY = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")


def narrative_files(folder: Path) -> list[Path]:
    """The files of a city's narrative folder (hidden files left out), sorted."""
    return sorted(f for f in folder.iterdir() if not f.name.startswith((".", "~$")))


def valid_name(name: str) -> bool:
    m = _NAME.fullmatch(name)
    if not m:
        return False
    try:
        parse_period(m["period"])
    except (PeriodError, ValueError):
        return False
    return True


def _decode(data: bytes) -> tuple[str, bool]:
    """(text, read as Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), True


def _date(value) -> str | None:
    """A front-matter date as YYYY-MM-DD, or None when it is not a calendar date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if m := _DMY.fullmatch(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def check_narrative(data: bytes, ctx: Context) -> str:
    """The narrative as reports may show it: front matter checked, personal values of the
    city's registers (``ctx.screen``) replaced. Problems go to ``ctx`` (row = line)."""
    text, cp1252 = _decode(data)
    if cp1252:
        ctx.add(None, None, None, "narrative_encoding", rejected=False)
    text = strip_invisible(text).replace("\r\n", "\n")
    meta: dict = {}
    body = text
    offset = 0  # lines before the body
    if m := _FRONT.match(text):
        body = text[m.end() :]
        offset = m[0].count("\n")
        try:  # every value as text: a date is checked here, never by the YAML parser
            loaded = yaml.load(m[1], Loader=yaml.BaseLoader)
            if loaded is not None and not isinstance(loaded, dict):
                raise yaml.YAMLError("not key: value lines")
            meta = loaded or {}
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 2
            why = getattr(exc, "problem", None) or (
                "not a calendar date" if isinstance(exc, ValueError) else str(exc) or type(exc).__name__
            )
            ctx.add(
                line,
                None,
                None,
                "narrative_front_matter",
                rejected=False,
                why=" ".join(str(why).split())[:80],
            )
            meta = {}
    clean: dict = {}
    for i, (k, v) in enumerate(meta.items()):
        key = str(k)
        if key == "date":
            d = _date(v) if v is not None else None
            if d is None:
                ctx.add(i + 2, "date", None, "narrative_date", rejected=False)
                continue
            clean[key] = dt.date.fromisoformat(d)
            continue
        value = "" if v is None else str(v)
        new, kinds = ctx.screen.redact(value)
        if kinds:
            ctx.add(i + 2, key, None, "personal_text", rejected=False, kinds=", ".join(kinds))
        clean[key] = new
    lines = body.split("\n")
    for n, line in enumerate(lines):
        new, kinds = ctx.screen.redact(line)
        if kinds:
            lines[n] = new
            ctx.add(offset + n + 1, None, None, "personal_text", rejected=False, kinds=", ".join(kinds))
    front = ""
    if clean:
        front = "---\n" + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False) + "---\n"
    return front + "\n".join(lines)


def problems_of(ctx: Context) -> list[Problem]:
    return [p for p in ctx.problems if p.file == ctx.file]
