"""Checking a report's sentences: each fact against the figures, the text against the
phrasings no report may print.

Examples
--------
>>> from exceed_analysis.reports.claims import Split
>>> check(Split("F", 3, "M", 1, "beneficiaries.by_sex"), {"beneficiaries": {"by_sex": {"F": 3, "M": 1}}})
[]
>>> bad_phrasings("Table 1 shows 1 children", "en")[0].split(":")[0]
'a plural noun after 1'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from exceed_analysis.figures.disclosure import is_hidden
from exceed_analysis.reports.claims import Count, Share, Split

__all__ = ["check", "lookup", "BAD_PHRASINGS", "BadPhrasing", "bad_phrasings", "small_claims"]


def lookup(figures: Mapping, path: str):
    """The value at a dot path of a report's figures (``beneficiaries.by_sex``); a ``*``
    takes the rest of the path in every entry of a mapping (``cumulative.by_city.*.total``)."""
    value: Any = figures
    parts = path.split(".")
    for i, part in enumerate(parts):
        if part == "*":
            rest = ".".join(parts[i + 1 :])
            return {k: lookup(v, rest) if rest else v for k, v in value.items()}
        value = value[part]
    return value


def _source_values(fact) -> list[tuple[str, Any]]:
    """(path, stated value) of every figure a fact states."""
    if hasattr(fact, "stated"):
        return fact.stated()
    pairs = []
    src = getattr(fact, "source", None)
    if src:
        pairs.append((src, int(fact.n) if isinstance(fact, (Count, Share)) else fact.numbers()))
    of_src = getattr(fact, "of_source", None)
    if of_src:
        pairs.append((of_src, int(fact.of)))
    return pairs


def _plain(value):
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if not is_hidden(v)}
    if value is None:
        return None
    if isinstance(value, (list, tuple)):  # a series (the programme's quarters)
        return [_plain(v) for v in value]
    return float(value) if isinstance(value, float) else int(value)


def _same(stated, actual) -> bool:
    """Equal figures; a mean (a float) as equal as the report prints it (one decimal: a
    public edition rounds means)."""
    if isinstance(stated, dict) and isinstance(actual, dict):
        return stated.keys() == actual.keys() and all(_same(stated[k], actual[k]) for k in stated)
    if isinstance(stated, float) or isinstance(actual, float):
        return actual is not None and stated is not None and abs(float(stated) - float(actual)) < 0.05 + 1e-9
    return stated == actual


def check(fact, figures: Mapping | None = None) -> list[str]:
    """Everything wrong with one fact: its sentence's claim (majority, tie, small, zero...)
    tested from its numbers, and, given the report's ``figures`` (``indicators.json`` as a
    dict, before any public-edition masking), each stated number against the figure it
    says it comes from. An empty list means the sentence is true."""
    out = list(fact.problems())
    if figures is not None:
        for path, stated in _source_values(fact):
            if is_hidden(stated):  # a withheld figure states no number
                continue
            try:
                actual = _plain(lookup(figures, path))
            except (KeyError, TypeError):
                out.append(f"{path}: no such figure")
                continue
            said = _plain(stated)
            if isinstance(said, dict) and isinstance(actual, dict):
                actual = {k: v for k, v in actual.items() if k in said}
            if not _same(said, actual):
                out.append(f"{path}: states {stated}, the figures say {actual}")
    return out


@dataclass(frozen=True)
class BadPhrasing:
    """A phrasing no report may contain: a pattern and why it is wrong."""

    pattern: re.Pattern
    why: str
    languages: tuple[str, ...] = ("id", "en")


_EN_NOUNS = (
    r"children|activities|participants|families|sessions|meetings|visits|NGOs|interns|"
    r"girls|boys|partners|cities|quarters|courses|broadcasts|forums|trainings"
)

BAD_PHRASINGS: tuple[BadPhrasing, ...] = (
    BadPhrasing(
        re.compile(
            rf"(?<![\d.,])(?<!Table )(?<!table )(?<!Tables )(?<!Appendix )(?<!Figure )"
            rf"1 (?:[A-Za-z-]+ ){{0,2}}?(?:{_EN_NOUNS})\b"
        ),
        "a plural noun after 1",
        ("en",),
    ),
    BadPhrasing(
        re.compile(r"(?<![\d.,<] )(?<![\d.,])\b0 (?:dari|kunjungan|pertemuan|kegiatan|anak|peserta)\b"),
        "a zero count stated with its noun",
        ("id",),
    ),
    BadPhrasing(
        re.compile(r"(?<![\d.,])\b0 (?:of|children|field|meetings?|activities|participants)\b"),
        "a zero count stated with its noun",
        ("en",),
    ),
    BadPhrasing(re.compile(r"\(fiktif\) \("), "two pairs of brackets after a partner name"),
    BadPhrasing(re.compile(r"&lt;/?[A-Za-z]"), "escaped markup shown as text"),
    BadPhrasing(
        re.compile(r"\banak (?:eksploitasi seksual komersial anak|pekerja rumah tangga anak|pekerja anak)\b"),
        "a sector noun that repeats 'anak'",
        ("id",),
    ),
    BadPhrasing(
        re.compile(r"withdrew and\s+protected (?:commercial|child|girls)"),
        "a sector named as the thing protected",
        ("en",),
    ),
    BadPhrasing(re.compile(r"mayoritas[^.]{0,80}\(50,00 %\)"), "a majority of exactly half", ("id",)),
    BadPhrasing(
        re.compile(r"most of the children[^.]{0,80}\(50\.00 %\)"), "a majority of exactly half", ("en",)
    ),
    BadPhrasing(re.compile(r"\{\{|\}\}|\bNone\b(?! of\b)|\bnan\b"), "template or missing value leaked"),
)


def bad_phrasings(text: str, language: str) -> list[str]:
    """Every bad phrasing of :data:`BAD_PHRASINGS` found in rendered ``text`` (HTML),
    each with a little context."""
    out = []
    for bad in BAD_PHRASINGS:
        if language not in bad.languages:
            continue
        for m in bad.pattern.finditer(text):
            start = max(0, m.start() - 40)
            out.append(f"{bad.why}: …{text[start : m.end() + 20]}…")
    return out


def small_claims(text: str, split: Split) -> list[str]:
    """A sentence calling a group small ("meskipun kecil", "a small share") when it is not
    below :data:`SMALL_SHARE` of the whole."""
    said_small = bool(re.search(r"meskipun kecil|a small share", text))
    if said_small and split.key != "majority_small":
        return [f"calls {split.minor}={split.minor_n} of {split.total} small"]
    return []
