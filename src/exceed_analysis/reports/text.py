"""The report's words: a catalogue per language of headings, labels and sentence templates.

Catalogues live in ``templates/text/<language>.yml``. Sentences are Jinja2 templates with
autoescaping on, so a value from the data (a description, a partner name) can never inject
markup. Filters format numbers the Indonesian way (see :mod:`exceed_analysis.reports.formatting`).

Examples
--------
>>> cat = catalogue("id")
>>> cat.label("sex", "F")
'Perempuan'
>>> str(cat.render_string("{{ n | count }} anak ({{ n | pct(total) }})", n=49, total=82))
'49 anak (59,76 %)'
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from exceed_analysis import params
from exceed_analysis.reports import formatting
from exceed_analysis.reports.wording import count_noun

__all__ = ["Catalogue", "catalogue", "make_environment", "LANGUAGES"]

_TEXT_DIR = Path(__file__).resolve().parents[1] / "templates" / "text"
LANGUAGES = params.LANGUAGES


def _join(items, last_sep: str = " dan ") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last_sep + items[-1]


@dataclass(frozen=True)
class Catalogue:
    """Headings, labels and templates of one language."""

    language: str
    data: dict
    env: Environment

    def heading(self, key: str) -> str:
        return self.data["headings"][key]

    def label(self, group: str, code) -> str:
        labels = self.data["labels"].get(group, {})
        return labels.get(str(code), str(code))

    def labels(self, group: str) -> dict[str, str]:
        return dict(self.data["labels"][group])

    def phrase(self, key: str) -> str:
        return self.data["phrases"][key]

    # numbers, dates and words in this language

    def count(self, value: int, dash_for_zero: bool = False) -> str:
        return formatting.fmt_count(value, locale=self.language, dash_for_zero=dash_for_zero)

    def pct(self, part: float, whole: float) -> str:
        return formatting.fmt_percent(part, whole, locale=self.language)

    def share(self, value_percent: float) -> str:
        return formatting.fmt_share(value_percent, locale=self.language)

    def date(self, day: dt.date) -> str:
        return formatting.fmt_date(day, locale=self.language)

    def join(self, items) -> str:
        """``a, b and c`` in this language."""
        return _join(list(items), f" {self.phrase('and')} ")

    def n_children(self, n: int) -> str:
        return self.count_of(n, "child")

    def count_of(self, n, noun: str) -> str:
        """``n`` and a noun of the catalogue's ``nouns`` in the plural form ``n`` takes in
        this language ("1 child", "2 children"; "2 anak")."""
        return count_noun(n, self.data["nouns"][noun], self.language, self.count(n))

    def sector_words(self, codes, field: str = "children") -> str:
        """How a sentence names the children (``children``) or the work (``work``) of
        the sectors ``codes`` ("anak korban ESKA")."""
        return self.join(self.data["sector_words"][c][field] for c in codes)

    def sentence(self, name: str, key: str | None = None, **context) -> Markup:
        """Render the data sentence ``name`` in the variant ``key`` a fact chose
        (``sentences.<name>.<key>`` of the catalogue); no key for a sentence with one form."""
        template = f"sentences/{name}" + (f"/{key}" if key else "")
        return Markup(self.env.get_template(template).render(**context).rstrip("\n"))

    def sector(self, code: str, field: str = "label") -> str:
        """A sector's label or long name, from the registry, in this language."""
        from exceed_analysis.config import registry

        sector = registry().sectors[code]
        return sector.get(f"{field}_{self.language}", sector[field])

    def render(self, key: str, **context) -> Markup:
        """Render the sentence template ``key`` with ``context`` (HTML, escaped values)."""
        return Markup(self.env.get_template(key).render(**context).strip())

    def render_string(self, source: str, **context) -> Markup:
        return Markup(self.env.from_string(source).render(**context).strip())


def templates_and(language: str) -> str:
    return {"id": "dan", "en": "and"}.get(language, "and")


def _flatten_sentences(sentences: dict) -> dict[str, str]:
    out = {}
    for name, variants in (sentences or {}).items():
        if isinstance(variants, dict):
            out.update({f"sentences/{name}/{key}": text or "" for key, text in variants.items()})
        else:
            out[f"sentences/{name}"] = variants or ""
    return out


def make_environment(
    language: str, templates: dict[str, str], nouns: dict | None = None, sentences: dict | None = None
) -> Environment:
    """The Jinja2 environment of a catalogue: its templates, its data sentences and the
    filters that write numbers, dates and counted nouns in ``language``."""
    from jinja2 import DictLoader

    env = Environment(
        loader=DictLoader({**templates, **_flatten_sentences(sentences or {})}),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=True,
    )
    env.filters["count"] = lambda v: formatting.fmt_count(v, locale=language)
    env.filters["count_of"] = lambda v, noun: count_noun(
        v, (nouns or {})[noun], language, formatting.fmt_count(v, locale=language)
    )
    env.filters["pct"] = lambda v, whole: formatting.fmt_percent(v, whole, locale=language)
    env.filters["decimal"] = lambda v, d=2: formatting.fmt_decimal(v, d, locale=language)
    env.filters["date"] = lambda v: formatting.fmt_date(
        v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)), locale=language
    )
    env.filters["join_and"] = lambda items: _join(list(items), f" {templates_and(language)} ")
    return env


@functools.cache
def catalogue(language: str = "id") -> Catalogue:
    """The catalogue of ``language`` (``id``)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; available: {', '.join(LANGUAGES)}")
    with open(_TEXT_DIR / f"{language}.yml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    env = make_environment(language, data["templates"], data.get("nouns"), data.get("sentences"))
    return Catalogue(language, data, env)
