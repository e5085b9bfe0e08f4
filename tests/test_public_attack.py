"""The attacker: a reader of the public site who collects every number it publishes for a city
and solves for every hidden cell with integer programmes. None may be narrower than 0-4.

What the reader gets is what the public site gives: for every city, the public edition of
every quarter, half-year and year with data (the site offers the latest quarter; a reader can
ask for the others, and each quarterly or half-year report repeats the previous period in its
comparison), built in-process by executing the report notebook's own cells (no kernel), in
both languages. From each report the reader reads

- the rendered page: every table (body and total rows), every sentence, every caption and the
  data inside each chart's plotly JSON;
- the appendix CSVs (``tables/*.csv``) and ``indicators.json``.

Numbers are mapped to cells (city, period, figure, category): ``indicators.json`` by its
paths, the CSVs by their row codes and columns through the figure registry (rows of a table,
by-partner columns, the comparison's previous and current period and their difference), a
table's total row to the table's own sum. The rest of the page (sentences, chart values,
table cells) may only repeat what those cells show: a number in a sentence about children
that is no shown count, a percentage no two shown counts give, or a chart value no shown cell
has, is a leak in itself.

The reader knows each report's additive groups (a table's rows and its total, a service's
children by partner and its total, a count and its complement), that event counts add up over
periods (a half-year's new intakes are its quarters'), that children counted in a half-year
are at least those of each quarter and at most the two together, the comparison's changes,
and what a mean shown to one decimal says about its count (sessions / mean). :func:`exceed_analysis.figures.arithmetic.bounds` then gives each hidden cell's
smallest and largest value (``scipy.optimize.milp``).
"""

from __future__ import annotations

import ast
import html as htmlmod
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT, ingested_copy

from exceed_analysis.config import registry
from exceed_analysis.figures import disclosure as sdc
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.arithmetic import BIG
from exceed_analysis.figures.disclosure import MEANS  # the attacker's copy: a test may unset the rule
from exceed_analysis.figures.suppression import family_periods
from exceed_analysis.periods import parse_period
from exceed_analysis.reports.city import CityReport
from exceed_analysis.store.parquet import last_data_date

pytestmark = pytest.mark.slow

CITIES = [c.slug for c in registry().cities]
EVENTS = ("beneficiaries.new_intakes", "beneficiaries.exits")
LANGUAGES = ("id", "en")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("attack") / "project") as root:
        yield root


def published(figures: dict, path: str):
    node = figures
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def parts(name: str, names: set[str]) -> list[str]:
    p = parse_period(name)
    y = p.nominal_start.year
    if p.kind == "year":
        out = [f"{y}H1", f"{y}H2"]
    elif p.kind == "half":
        q = 1 if p.nominal_start.month == 1 else 3
        out = [f"{y}Q{q}", f"{y}Q{q + 1}"]
    else:
        out = []
    return [n for n in out if n in names]


# --------------------------------------------------------------------------- the public report as built


shown_report: list = []
"""The report object of the last notebook run (its sentences' facts: what the text ranks)."""


def run_report_notebook(city: str, period: str, language: str, out_dir: Path, monkeypatch) -> list:
    """The public edition's notebook executed in-process, cell by cell as a kernel would:
    what each cell displays (``display(...)`` and its last expression), in order; its
    ``output_dir`` receives ``indicators.json`` and ``tables/*.csv``."""
    import IPython.display

    shown: list = []
    shown_report.clear()
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    nb = json.loads((PROJECT / "notebooks" / "city_report.ipynb").read_text(encoding="utf-8"))
    ns: dict = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "parameters" in (cell.get("metadata", {}).get("tags") or []):
            exec(source, ns)
            ns.update(city=city, period=period, language=language, edition="public",
                      output_dir=str(out_dir))
            continue
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), ns)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns)
            if value is not None:
                shown.append(value)
    shown_report.append(ns.get("rep"))
    return shown


class _Page(HTMLParser):
    """A page's tables (by id: rows of cell texts) and the text outside them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.text: list[str] = []
        self._figure: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure" and "exceed-table" in (a.get("class") or ""):
            self._figure = a.get("id") or f"table-{len(self.tables)}"
            self.tables[self._figure] = []
        elif tag == "tr" and self._figure:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in ("p", "li", "div", "br", "h1", "h2", "h3", "h4", "figcaption", "tr", "dt", "dd"):
            self.text.append("\n")
        else:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._figure:
            self.tables[self._figure].append(self._row)
            self._row = None
        elif tag == "table":
            self._figure = None if self._row is None else self._figure
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._row is None:
            self.text.append(data)


def page_of(outputs: list) -> tuple[dict[str, list[list[str]]], str, list[dict]]:
    """The rendered page as a reader reads it: tables (by anchor), the text around them
    (sentences, captions, headings, notes) and every chart's plotly data."""
    chunks, charts = [], []
    for obj in outputs:
        bundle = obj._repr_mimebundle_() if hasattr(obj, "_repr_mimebundle_") else None
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if bundle and "application/vnd.plotly.v1+json" in bundle:
            spec = bundle["application/vnd.plotly.v1+json"]
            charts += spec.get("data", [])
            title = ((spec.get("layout") or {}).get("title") or {})
            chunks.append(title.get("text") or "" if isinstance(title, dict) else str(title))
        elif hasattr(obj, "_repr_html_"):
            chunks.append(obj._repr_html_() or "")
        else:
            chunks.append(htmlmod.escape(str(obj)))
    parser = _Page()
    parser.feed("\n".join(chunks))
    return parser.tables, "".join(parser.text), charts


# --------------------------------------------------------------------------- numbers in text

_DATE = re.compile(
    r"\b\d{1,2}\s+(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
    r"November|Desember|January|February|March|May|June|July|August|October|December)\s+\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}(?:Q[1-4]|H[12])?\b"
    r"|\b(?:Tabel|Gambar|Lampiran|Table|Figure|Appendix|tabel|gambar|table|figure)\s+\d+\b"
    r"|\bversi\w*\s+\S+|\bversion\s+\S+|\bcommit\s+\w+|^\s*\d+\.\s|\b[a-z]\.\s"
    r"|\b\d+\.\d+\.\d+\b|\b1\s*(?:-|sampai|to)\s*4\b"  # a version; the edition's rule (1-4)
    r"|\bNo\.\s*\d+",  # an office's street number
    re.M,
)
_NUMBER = re.compile(r"(?<![\w.,-])(\d+(?:[.,]\d+)*)(\s*%)?(?![\w])")
_MARK = re.compile(r"<\s*5")
_CHILD_WORDS = {"anak", "child", "children", "girls", "boys", "girl", "boy"}


def parse_number(token: str, language: str) -> float:
    thousands, decimal = (".", ",") if language == "id" else (",", ".")
    parts = token.split(decimal)
    whole = parts[0].replace(thousands, "")
    return float(whole + ("." + parts[1] if len(parts) > 1 else ""))


def numbers_in(text: str, language: str):
    """(value, is a percentage, the word after it, the sentence) for every number of the
    text that is not part of a date, a year, a version or a table/figure/list number."""
    clean = _DATE.sub(" ", _MARK.sub("x", text))
    for m in _NUMBER.finditer(clean):
        after = clean[m.end():].split()[:3]
        words = [re.sub(r"\W", "", w).lower() for w in after]
        word = next((w for w in words if w in _CHILD_WORDS), words[0] if words else "")
        start = max(clean.rfind(".", 0, m.start()), clean.rfind("\n", 0, m.start()))
        sentence = clean[start + 1 : m.end() + 40].strip().replace("\n", " ")
        try:
            value = parse_number(m[1], language)
        except ValueError:
            continue
        if ("," if language == "id" else ".") in m[1]:
            word = ""  # a decimal (a mean per child) counts no children
        yield value, bool(m[2]), word, sentence


def percent_pairs(shown: set[int]) -> set[float]:
    """Every percentage (two decimals) of one shown count over another."""
    out = set()
    for a in shown:
        for b in shown:
            if b > 0 and a <= b:  # the report rounds half up
                out |= {round(100 * a / b, 2), math.floor(100 * 100 * a / b + 0.5) / 100}
    return out


# --------------------------------------------------------------------------- numbers to cells


@dataclass
class Reading:
    """What the reader learns from one public report: the cells it shows (by
    ``<period>|<path>``), facts between cells (the comparison's changes), and numbers that
    map to no shown cell (each a leak)."""

    shown: dict[str, int] = field(default_factory=dict)
    relations: list = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)


def _row_cell(table: str, code: str, values: dict[str, int]) -> str | None:
    """The cell of a table's row by its code, through the figure registry."""
    for f in figures_registry.figures_in(table):
        row = f.in_table(table)
        if row is None:
            continue
        if row.code is not None and row.code == code:
            return f.key
        if row.code is None and f"{f.key}.{code}" in values:
            return f"{f.key}.{code}"
    return None


def _partner_cell(base: str, code: str, partner: str, values: dict[str, int]) -> str | None:
    candidates = [f"{base}.{partner}"]
    figure = base.split(".")[0] if base not in {f.key for f in figures_registry.FIGURES} else base
    pb = figures_registry.partner_breakdown(base) or figures_registry.partner_breakdown(figure)
    if pb is not None:
        candidates.append(f"{pb.key}.{partner}")
    candidates += sorted(p for p in values if p.endswith(f".{code}.{partner}"))
    return next((c for c in candidates if c in values), None)


_COMPARED = {h.name: h.figure + (f".{h.cell}" if h.cell else "") for h in figures_registry.COMPARED}


def read_csvs(name: str, out_dir: Path, values: dict[str, int], partners: tuple[str, ...],
              reading: Reading) -> None:
    """The appendix CSVs: every number of a child table to its cell."""
    for path in sorted((out_dir / "tables").glob("*.csv")):
        key = path.stem.split("-", 2)[2]
        data = pd.read_csv(path, dtype=str, keep_default_na=False)
        if key in ("activities", "activity_list"):
            continue  # events and participants, no children
        if key == "comparison":
            comp = json.loads((out_dir / "indicators.json").read_text())["comparison"]
            prev = comp["previous_period"]
            for _, row in data.iterrows():
                cell = _COMPARED[row["indicator"]]
                now, then = f"{name}|{cell}", f"{prev}|{cell}"
                for col, target in (("current", now), ("previous", then)):
                    if row[col] != "":
                        reading.shown[target] = int(row[col])
                if row["change"] != "":
                    reading.relations.append(
                        sdc.Relation(((now, 1), (then, -1)), int(row["change"]), int(row["change"])))
            continue
        code_col = data.columns[0]
        for _, row in data.iterrows():
            base = _row_cell(key, row[code_col], values)
            for col in data.columns[1:]:
                text = row[col]
                partner = col.removeprefix("children_")
                if col == "percent":
                    if text != "" and row.get("children", "") == "":
                        reading.leaks.append(f"{name} {path.name} {row[code_col]}: a share of a hidden count")
                    continue
                cell = (base if col == "children" else
                        _partner_cell(base, row[code_col], partner, values) if base and partner in partners
                        else None)
                if cell is None:
                    if text != "":
                        reading.leaks.append(f"{name} {path.name} {row[code_col]} {col}: no cell for {text}")
                    continue
                if text != "":
                    reading.shown[f"{name}|{cell}"] = int(text)


def read_page(name: str, language: str, tables: dict, text: str, charts: list,
              values: dict[str, int], reading: Reading, extra: set[float], keys: dict[str, str]) -> None:
    """The page: total rows to a table's own sum; every other number must repeat a shown
    count (or a share of two, or a number that counts no children)."""
    counts = {v for k, v in reading.shown.items()}  # (and the previous period in the comparison)
    for anchor, rows in tables.items():
        key = keys.get(anchor.rsplit("-", 1)[-1], "") if not anchor.startswith(("lampiran", "appendix")) else ""
        own = {f"{f.key}#sum" for f in figures_registry.figures_in(key) if isinstance(f.disclosure, sdc.OwnSum)}
        body = rows[1:]
        for row in body:
            label = (row[0] if row else "").lower()
            nums = [(v, pct) for cell in row[1:] for v, pct, _, _ in numbers_in(cell, language)]
            if label in ("jumlah", "total"):
                for v, pct in nums:
                    if pct:
                        continue
                    sums = [c for c in own if f"{name}|{c}" in values and values[f"{name}|{c}"] == v]
                    if sums:
                        for c in sums:  # a table's total row: its own sum, now shown
                            reading.shown[f"{name}|{c}"] = int(v)
                            counts.add(int(v))
    shares = percent_pairs({int(c) for c in counts} | {0})
    allowed = counts | extra | {0}
    for anchor, rows in tables.items():
        key = keys.get(anchor.rsplit("-", 1)[-1], "") if not anchor.startswith(("lampiran", "appendix")) else ""
        if key in ("", "activities", "activity_list"):
            continue  # events and participants (the activity list: dates and participants)
        for row in rows[1:]:
            # the comparison's change: a fact between two cells (read from its CSV)
            for cell in row[1:-1] if key == "comparison" else row[1:]:
                for v, pct, _, _ in numbers_in(cell, language):
                    if (pct and round(v, 2) not in shares) or (not pct and v not in counts | {0}):
                        reading.leaks.append(f"{name} {language} {anchor}: {row[0]!r} shows {cell!r}")
    for value, pct, word, sentence in numbers_in(text, language):
        if pct:
            ok = round(value, 2) in shares
        elif word in _CHILD_WORDS:
            ok = value in counts or value == 0
        else:
            ok = value in allowed
        if not ok:
            reading.leaks.append(f"{name} {language} text: {sentence!r}")
    for trace in charts:
        labels = [str(t) for t in (trace.get("text") or [])]
        for axis in ("x", "y"):
            for i, v in enumerate(trace.get(axis) or []):
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                mark = labels[i].strip() if i < len(labels) else ""
                if v == 0 or v in counts:
                    continue
                reading.leaks.append(f"{name} {language} chart {trace.get('name')}: {v} ({mark})")
        for label in labels:
            for v, pct, _, _ in numbers_in(label, language):
                if (pct and round(v, 2) not in shares) or (not pct and v not in allowed):
                    reading.leaks.append(f"{name} {language} chart label {label!r}")


def _other_numbers(indicators: dict, out_dir: Path) -> set[float]:
    """Numbers a page may print that count no child: activities, sessions, means, the
    categories' own codes (ages), the registry's provinces, cities and partners."""
    out: set[float] = set()

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            out.add(float(node))

    walk({k: v for k, v in indicators.items() if k not in ("beneficiaries",)})
    for path in (out_dir / "tables").glob("*activit*.csv"):
        data = pd.read_csv(path)
        for col in data.select_dtypes("number").columns:
            out |= set(data[col].astype(float))
        if "events" in data:  # a sentence may add up some kinds of activity
            for col in ("events", "participants"):
                kinds = list(data.groupby("activity")[col].sum())
                for n in range(1, len(kinds) + 1):
                    out |= {float(sum(c)) for c in itertools.combinations(kinds, n)}
    for key, node in (indicators.get("beneficiaries") or {}).items():
        if isinstance(node, dict):
            out |= {float(k) for k in node if str(k).isdigit()}  # ages: category codes
    reg = registry()
    out |= {float(len(reg.cities)), float(len({c.province for c in reg.cities}))}
    out |= {float(n) for n in range(1, max(len(c.partner_codes) for c in reg.cities) + 1)}  # partners
    return out


def read_means(name: str, indicators: dict, reading: Reading) -> None:
    """A mean shown to one decimal bounds its count: sessions / (mean + 0.05) <= children <=
    sessions / (mean - 0.05). A mean whose count is hidden is a leak in itself."""
    for mean_path, count_path in MEANS.items():
        if published(indicators, mean_path) is not None and f"{name}|{count_path}" not in reading.shown:
            reading.leaks.append(f"{name}: {mean_path} shown while {count_path} is hidden")
    sessions = published(indicators, "counseling.sessions")
    mean = published(indicators, "counseling.mean_sessions_per_child")
    if sessions is None or mean is None:
        return
    children, total = f"{name}|counseling.children", f"{name}|counseling.sessions"
    reading.shown[total] = int(sessions)  # events, not children: shown as they are
    twenty = round(20 * mean)  # (mean -/+ 0.05) * children <= sessions, times 20
    reading.relations += [sdc.Relation(((children, twenty - 1), (total, -20)), -BIG, 0),
                          sdc.Relation(((children, twenty + 1), (total, -20)), 0, BIG)]


def read_rankings(name: str, rep, reading: Reading) -> None:
    """A sentence naming the largest categories of a breakdown ("most children chose the
    cooking course (7 children)") tells that every other category is smaller: one relation
    per category the sentence does not name."""
    from exceed_analysis.reports.claims import Top
    from exceed_analysis.reports.facts import each_fact

    for _, fact in each_fact(rep.facts):
        if not isinstance(fact, Top) or fact.source is None or fact.field is not None:
            continue
        if fact.key not in ("one", "tie"):
            continue  # no category named (none above zero, or withheld)
        top = [f"{name}|{fact.source}.{k}" for k in fact.winners]
        for k in fact.counts:
            cell = f"{name}|{fact.source}.{k}"
            if cell in top:
                continue
            reading.relations += [sdc.Relation(((cell, 1), (t, -1)), -BIG, -1) for t in top]


def read_public_report(city: str, name: str, language: str, out_dir: Path, values: dict[str, int],
                       partners: tuple[str, ...], monkeypatch) -> Reading:
    """Everything one public report shows, mapped to cells (``values``: the true values of
    every cell of the city's periods, to find a row's or total's cell)."""
    reading = Reading()
    outputs = run_report_notebook(city, name, language, out_dir, monkeypatch)
    indicators = json.loads((out_dir / "indicators.json").read_text())
    read_rankings(name, shown_report[0], reading)
    own = [k.split("|", 1)[1] for k in values if k.startswith(f"{name}|")]
    for cell in [*own, figures_registry.TOTAL_KEY]:  # the total: shown, outside disclosure control
        shown = published(indicators, cell)
        if isinstance(shown, (int, float)) and not isinstance(shown, bool):
            reading.shown[f"{name}|{cell}"] = int(shown)
    read_means(name, indicators, reading)
    read_csvs(name, out_dir, {k.split("|", 1)[1]: v for k, v in values.items() if k.startswith(f"{name}|")},
              partners, reading)
    tables, text, charts = page_of(outputs)
    keys = {p.stem.split("-", 2)[1]: p.stem.split("-", 2)[2] for p in (out_dir / "tables").glob("tabel-*.csv")}
    read_page(name, language, tables, text, charts, values, reading, _other_numbers(indicators, out_dir), keys)
    return reading


# --------------------------------------------------------------------------- the attack


def city_truth(city: str) -> tuple[list[str], dict[str, int], list]:
    """The city's periods, every cell's true value and the relations a reader knows."""
    c = registry().city(city)
    periods = [p.name for p in family_periods(c.programme_start, last_data_date())]
    values, relations, cells_of = {}, [], {}
    for name in periods:
        vals, groups = sdc.report_groups(CityReport.load(city, name).figures)
        cells_of[name] = set(vals)
        values.update({f"{name}|{k}": v for k, v in vals.items()})
        relations += [sdc.Group(tuple(f"{name}|{x}" for x in g.cells), g.total,
                                None if g.total_key is None else f"{name}|{g.total_key}")
                      for g in groups]
    names = set(periods)
    for name in periods:
        for path in cells_of[name]:
            subs = [q for q in parts(name, names) if path in cells_of[q]]
            if "#" in path or not subs:
                continue
            whole, pieces = f"{name}|{path}", [f"{q}|{path}" for q in subs]
            terms = ((whole, 1), *((x, -1) for x in pieces))
            if path in EVENTS:
                relations.append(sdc.Relation(terms, 0, 0))
            else:
                relations.append(sdc.Relation(terms, -10**6, 0))
                relations += [sdc.Relation(((whole, 1), (x, -1)), 0, 10**6) for x in pieces]
    return periods, values, relations


def attack_city(city: str, tmp: Path, monkeypatch, languages=LANGUAGES):
    """Every public report of the city read; (hidden cells narrower than 0-4 with their
    bounds, leaks found on the pages, the number of hidden cells bounded)."""
    periods, values, relations = city_truth(city)
    partners = tuple(registry().city(city).partner_codes)
    shown: dict[str, int] = {}
    leaks: list[str] = []
    for name in periods:
        for language in languages:
            out = tmp / city / name / language
            reading = read_public_report(city, name, language, out, values, partners, monkeypatch)
            for cell, v in reading.shown.items():
                assert values.get(cell, v) == v, (cell, v, values.get(cell))  # shown cells are true
                shown[cell] = v
                values.setdefault(cell, v)  # a figure outside disclosure control (the total)
            relations += reading.relations
            leaks += reading.leaks
    for r in sdc.relations_of(relations):  # the reader's facts are facts
        assert r.holds(values), r
    hidden = {k for k in values if k not in shown}
    targets = sorted(h for h in hidden if "#not" not in h)  # a complement is never printed
    found = sdc.bounds(values, relations, hidden, targets)
    narrow = {h: b for h, b in found.items() if b[1] - b[0] < sdc.WIDTH}
    return narrow, leaks, len(targets)


@pytest.mark.parametrize("city", CITIES)
def test_no_hidden_cell_of_any_public_report_can_be_worked_out(project, city, tmp_path, monkeypatch):
    narrow, leaks, bounded = attack_city(city, tmp_path, monkeypatch)
    assert bounded > 0, "the public editions hide nothing: the test would prove nothing"
    assert leaks == []
    assert narrow == {}


# --------------------------------------------------------------------------- the attacker can win

WEAK_CITY = "semarang"  # one partner: every period, quickly


def test_a_suppression_without_its_secondary_step_is_worked_back(project, tmp_path, monkeypatch):
    """Counts 1-4 hidden, nothing else: totals and complements give them back, and the
    attacker says which."""
    from exceed_analysis.figures import suppression

    def primary_only(values, groups, never_shown=(), hidden=()):
        return {k for k, v in values.items() if sdc.is_primary(v)} | set(never_shown) | set(hidden), []

    monkeypatch.setattr(sdc, "protect", primary_only)
    monkeypatch.setattr(suppression, "_CACHE", {})
    narrow, _, _ = attack_city(WEAK_CITY, tmp_path, monkeypatch, languages=("id",))
    _, values, _ = city_truth(WEAK_CITY)
    worked_back = {c for c, (lo, hi) in narrow.items() if lo == hi == values[c] and sdc.is_primary(values[c])}
    assert worked_back, narrow


def test_a_page_that_prints_hidden_counts_is_caught(project, tmp_path, monkeypatch):
    """The right cells hidden in indicators.json and the CSVs, but the page prints them (a
    sentence or table formatting a hidden count as its number): leaks on the page."""
    from exceed_analysis.figures import suppression

    monkeypatch.setattr(sdc.Hidden, "mark", property(lambda self: str(int(self))))
    monkeypatch.setattr(suppression, "_CACHE", {})
    _, leaks, _ = attack_city(WEAK_CITY, tmp_path, monkeypatch, languages=("id",))
    assert any(" text: " in x for x in leaks), leaks[:5]
    assert any(" tabel-" in x for x in leaks), leaks[:5]


def test_a_mean_shown_with_its_hidden_count_is_caught(project, tmp_path, monkeypatch):
    """Means no longer withheld with the count they divide by: sessions / mean gives the
    count back, and the attacker says so."""
    from exceed_analysis.figures import suppression

    monkeypatch.setattr(sdc, "MEANS", {})
    monkeypatch.setattr(suppression, "_CACHE", {})
    _, leaks, _ = attack_city(WEAK_CITY, tmp_path, monkeypatch, languages=("id",))
    assert any("mean" in x and "is hidden" in x for x in leaks), leaks[:5]


# --------------------------------------------------------------------------- the programme report


@pytest.mark.parametrize("which", ["latest", "2010Q2"])
def test_no_hidden_cell_behind_the_public_programme_report_can_be_narrowed(project, which):
    """The attacker adds the public programme report of the latest quarter (the one the
    archive publishes; and the first quarter, of small counts) to every city's public periods: its pooled cells are the sums of the
    cities' cells, its tables' rows and columns add up, each city's children by sex (sector,
    age group) and type add up to the city's margins, and a city's cumulative children are its
    quarters' new intakes. No hidden cell may be narrower than 0-4, and a city's cell is
    hidden in the programme report exactly where the city's public report hides it."""
    from exceed_analysis.figures.arithmetic import components
    from exceed_analysis.publish.editions import archive_periods
    from exceed_analysis.reports.programme import ProgrammeReport
    from exceed_analysis.reports.programme_public import programme_model

    (period,) = archive_periods("latest") if which == "latest" else (which,)  # and an early one
    internal = ProgrammeReport.load(period)
    public = json.loads(ProgrammeReport.load(period, edition="public").indicators_json())
    m = programme_model(internal)  # the cells a reader can relate, with their true values
    for r in m.relations:  # the reader's facts are facts
        assert r.holds(m.values), r
    hidden = set(m.fixed) | set(m.never)  # what the cities' public editions hide, and never shown
    for path, cell in m.shown.items():
        shown = published(public, path)
        if shown is None:
            hidden.add(cell)
        else:
            assert shown == m.values[cell], path  # shown cells are true
            assert cell not in m.fixed, path  # a city's hidden cell stays hidden
    # the same cell, the same fate, in the city's own public report of the period
    for c in internal.cities:
        own = json.loads(CityReport.load(c.slug, period, edition="public").indicators_json())
        prefix = f"{c.slug}|{internal.city_periods[c.slug].name}|"
        for path, cell in m.shown.items():
            if path.startswith(f"cities.{c.slug}.") and cell.startswith(prefix):
                figure = cell[len(prefix):]
                if figure == "schooling_at_intake.in_school":  # printed as the sum of its parts
                    parts = ("schooling_at_intake.formal", "schooling_at_intake.kejar_paket")
                    hidden_there = any(published(own, x) is None for x in parts)
                else:
                    hidden_there = published(own, figure) is None
                assert (published(public, path) is None) == hidden_there, (c.slug, path)
    assert any(published(public, p) is None for p in m.shown), "nothing hidden: the test proves nothing"
    own = m.candidates | {c for c in m.never if "|x." in c}
    near = {c for r in m.relations if any(t in own for t, _ in r.terms) for c, _ in r.terms}
    narrow = {}
    for comp in components(m.relations, hidden):
        if not comp & near:
            continue  # no relation of the programme report around: the cities' own test above
        relations = [r for r in m.relations if any(c in comp for c, _ in r.terms)]
        targets = sorted(c for c in comp if c not in m.never)
        found = sdc.bounds(m.values, relations, hidden, targets)
        narrow.update({h: b for h, b in found.items() if b[1] - b[0] < sdc.WIDTH})
    assert narrow == {}
