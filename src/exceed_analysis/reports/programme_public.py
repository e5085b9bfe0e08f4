"""The public edition of the programme report: small counts withheld across cities.

The programme report shows each city's figures of the period side by side (its
beneficiaries by type and sex, its headline services, its education services) and the
programme's own, which add them up (and break the pooled beneficiaries down by sector, sex
and age group, each by type). A city's cells are hidden exactly where the city's own public
edition hides them (:func:`exceed_analysis.figures.suppression.city_family`: every public
period of the city protected together), so the two editions never disagree. The programme
report's own cells (the pooled rows and totals, the cumulative counts) are then hidden
(primary: 1-4; secondary: until no hidden cell of any city or period can be worked back
narrower than 0-4) by :func:`protect_programme`, with the exact integer check of
:func:`exceed_analysis.figures.arithmetic.open_cells` over one model holding every city's
family of periods, the cells the programme adds and the relations a reader knows:

- a pooled cell is the sum of the cities' cells (every child belongs to one city);
- a pooled table's rows and columns add up to its totals;
- each city's children by sex (sector, age group) and type, never shown, add up to the
  city's children by sex (...) and to its children by type;
- a city's cumulative children (since its start) add up to its new intakes of every quarter
  up to the period's end, and are at least its beneficiaries of that type in the period.

The family-contact baseline (pooled, before September 2010) is protected on its own.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from exceed_analysis.figures import disclosure as sdc
from exceed_analysis.figures.arithmetic import BIG, Relation, components, is_primary, open_cells, relations_of
from exceed_analysis.figures.model import Partition
from exceed_analysis.figures.registry import FIGURES, RANKED
from exceed_analysis.figures.suppression import city_family
from exceed_analysis.periods import parse_period
from exceed_analysis.reports.programme_figures import (
    BASELINE_SECTORS,
    DONOR_EDUCATION,
    age_group,
    rank_cities,
)
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS

if TYPE_CHECKING:
    from exceed_analysis.reports.programme import ProgrammeReport

__all__ = ["EDUCATION_FIGURE", "ProgrammeModel", "programme_model", "protect_programme", "public_indicators"]

log = logging.getLogger(__name__)

EDUCATION_FIGURE = {
    "bridging_course": "education_services.bridging_course",
    "remedial": "education_services.remedial",
    "formal_or_equivalency": "schooling_at_intake.in_school",
    "skills_course": "education_services.skills_course",
}
"""The city figure (registry key) of each education service the programme report counts."""

PROGRAMME = "programme"
_CROSS = ("sex", "sector", "age_group")


@dataclass
class ProgrammeModel:
    """Every cell a reader of the public programme report and of the cities' public
    reports can relate, with its true value, and the relations between them.

    ``shown``: each path of the programme's ``indicators.json`` that states a count, with
    its cell. ``fixed``: the cells the cities' public editions hide; ``candidates``: the
    programme's own cells, which its protection may hide; ``never``: cells no page shows."""

    values: dict[str, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    never: set[str] = field(default_factory=set)
    fixed: set[str] = field(default_factory=set)
    unmarked: set[str] = field(default_factory=set)
    candidates: set[str] = field(default_factory=set)
    shown: dict[str, str] = field(default_factory=dict)

    def equal(self, total: str, parts: Iterable[str]) -> None:
        """``total`` is the sum of ``parts``."""
        terms: dict[str, int] = {total: -1}
        for p in parts:
            terms[p] = terms.get(p, 0) + 1
        self.relations.append(Relation(tuple(terms.items()), 0, 0))

    def programme_cell(self, path: str, value: int) -> str:
        cell = f"{PROGRAMME}|{path}"
        self.values[cell] = int(value)
        self.candidates.add(cell)
        self.shown[path] = cell
        return cell

    def near_programme(self) -> set[str]:
        """The cells of a relation the programme report adds (a set of hidden cells
        without any is protected by the cities' own suppression)."""
        own = self.candidates | {c for c in self.never if "|x." in c}
        return {c for r in self.relations if any(t in own for t, _ in r.terms) for c, _ in r.terms}

    def check(self) -> None:
        """Every relation holds for the true values (a wrong one would mislead the protection)."""
        wrong = [r for r in self.relations if not r.holds(self.values)]
        if wrong:
            raise ValueError(f"{len(wrong)} relations of the programme model do not hold, e.g. {wrong[0]}")


def _rename(rel, prefix: str) -> Relation:
    r = relations_of([rel])[0]
    return Relation(tuple((f"{prefix}{c}", coef) for c, coef in r.terms), r.lo, r.hi)


def _as_printed(paths: Iterable[str]) -> set[str]:
    """Hidden paths as a city's public report prints them: a subtotal (the children in
    school) is withheld whenever one of its parts is (:func:`~exceed_analysis.figures.disclosure.sum_shown`)."""
    out = set(paths)
    for f in FIGURES:
        if isinstance(f.disclosure, Partition):
            for name, parts in f.disclosure.subtotals:
                if any(f"{f.key}.{p}" in out for p in parts):
                    out.add(f"{f.key}.{name}")
    return out


def _add_city(m: ProgrammeModel, rep: ProgrammeReport, slug: str) -> str:
    """The city's family of public periods into the model; returns the prefix of its
    period's cells (``<slug>|<period>|``)."""
    c = rep.registry.city(slug)
    fam = city_family(rep.data[slug], c.programme_start, c.partner_codes)
    pre = f"{slug}|"
    m.values.update({pre + k: int(v) for k, v in fam.values.items()})
    m.relations += [_rename(r, pre) for r in fam.relations]
    m.never |= {pre + k for k in fam.never}
    for name, paths in fam.hidden.items():
        m.fixed |= {f"{pre}{name}|{p}" for p in paths}
        # a subtotal the city's report withholds as printed, though its protection shows it
        # (the reader can work it out from the other cells: it is not a protected count)
        m.never |= {f"{pre}{name}|{p}" for p in _as_printed(paths) - set(paths)}
    for name, paths in fam.unmarked.items():
        m.unmarked |= {f"{pre}{name}|{p}" for p in paths}
    name = rep.city_periods[slug].name
    if name not in fam.figures:  # a range period: its own report's protection
        vals, groups = sdc.report_groups(rep.city_indicators[slug])
        never = [k for k in vals if "#not" in k]
        hidden, withheld = sdc.protect(vals, groups, never_shown=never)
        own = f"{pre}{name}|"
        m.values.update({own + k: int(v) for k, v in vals.items()})
        m.relations += [_rename(g, own) for g in groups]
        m.never |= {own + k for k in never}
        m.fixed |= {own + k for k in hidden}
        m.never |= {own + k for k in _as_printed(hidden) - set(hidden)}
        m.unmarked |= {own + k for g in withheld for k in g.cells}
    # the city's beneficiaries: always shown (the total every share is of)
    m.values[f"{pre}{name}|beneficiaries.total"] = int(rep.city_indicators[slug].count("beneficiaries.total"))
    return f"{pre}{name}|"


def _cumulative(m: ProgrammeModel, rep: ProgrammeReport, slug: str, cc: str) -> dict[str, str]:
    """The city's cumulative children by type as cells, tied to its quarters' new intakes."""
    cum = rep.indicators["cumulative"]["by_city"][slug]
    cells = {}
    for t in BENEFICIARY_TYPES:
        cells[t] = cell = f"{slug}|cum.{t}"
        m.values[cell] = int(cum[t]["children"])
        m.candidates.add(cell)
        m.shown[f"cumulative.by_city.{slug}.{t}.children"] = cell
        m.shown[f"cities.{slug}.cumulative.{t}.children"] = cell
        at_least = Relation(((cell, 1), (f"{cc}beneficiaries.by_beneficiary_type.{t}", -1)), 0, BIG)
        if at_least.holds(m.values):
            m.relations.append(at_least)
    end = rep.period.end
    quarters = {
        k.split("|")[1]
        for k in m.values
        if k.startswith(f"{slug}|") and k.endswith("|beneficiaries.new_intakes") and "Q" in k.split("|")[1]
    }
    upto = [q for q in sorted(quarters) if parse_period(q).end <= end]
    if upto and max(parse_period(q).end for q in upto) == end:
        terms = [(cells[t], 1) for t in BENEFICIARY_TYPES] + [
            (f"{slug}|{q}|beneficiaries.new_intakes", -1) for q in upto
        ]
        rel = Relation(tuple(terms), 0, 0)
        if rel.holds(m.values):
            m.relations.append(rel)
    return cells


def _cross_counts(rep: ProgrammeReport, slug: str, column: str) -> dict[tuple[str, str], int]:
    ben = rep.ben.loc[rep.ben["city"] == slug]
    counts = ben.groupby([column, "beneficiary_type"]).size()
    return {(str(k), str(t)): int(v) for (k, t), v in counts.items()}


def programme_model(rep: ProgrammeReport) -> ProgrammeModel:
    """The :class:`ProgrammeModel` of an (internal) programme report."""
    m = ProgrammeModel()
    ind = rep.indicators
    b = ind["beneficiaries"]
    cross: dict[str, dict[str, dict[tuple[str, str], str]]] = {k: {} for k in _CROSS}
    for c in rep.cities:
        s = c.slug
        cc = _add_city(m, rep, s)
        by_type = {t: f"{cc}beneficiaries.by_beneficiary_type.{t}" for t in BENEFICIARY_TYPES}
        for t in BENEFICIARY_TYPES:
            m.shown[f"beneficiaries.by_city.{s}.{t}"] = by_type[t]
            m.shown[f"cities.{s}.beneficiaries.by_beneficiary_type.{t}"] = by_type[t]
        m.shown[f"beneficiaries.by_city.{s}.total"] = f"{cc}beneficiaries.total"
        m.shown[f"cities.{s}.beneficiaries.total"] = f"{cc}beneficiaries.total"
        fig = rep.city_indicators[s]
        for sex in fig.breakdown("beneficiaries.by_sex"):
            m.shown[f"cities.{s}.beneficiaries.by_sex.{sex}"] = f"{cc}beneficiaries.by_sex.{sex}"
        for h in RANKED[1:]:
            m.shown[f"cities.{s}.{h.name}.children"] = f"{cc}{h.figure}"
        for k, figure in EDUCATION_FIGURE.items():
            cell = f"{cc}{figure}"
            if m.values.get(cell) != ind["education_services"]["by_city"][s][k]:
                cell = f"{s}|education.{k}"  # not the city's figure: the programme's own cell
                m.values[cell] = int(ind["education_services"]["by_city"][s][k])
                m.candidates.add(cell)
            m.shown[f"education_services.by_city.{s}.{k}"] = cell
            m.shown[f"cities.{s}.education_services.{k}"] = cell
        # children by sex / sector / age group and type: never shown per city
        ages = fig.breakdown("beneficiaries.by_age_at_intake")
        for column in _CROSS:
            key = "age_group" if column == "age_group" else column
            counts = _cross_counts(rep, s, key)
            cells = {}
            for (k, t), v in counts.items():
                cells[(k, t)] = cell = f"{cc}x.{column}.{k}.{t}"
                m.values[cell] = v
                m.never.add(cell)
            cross[column][s] = cells
            for t in BENEFICIARY_TYPES:
                m.equal(by_type[t], [cell for (k, tt), cell in cells.items() if tt == t])
            categories = {k for k, _ in cells}
            for k in categories:
                parts = [cell for (kk, _), cell in cells.items() if kk == k]
                if column == "sex":
                    m.equal(f"{cc}beneficiaries.by_sex.{k}", parts)
                elif column == "age_group" and all(str(a).isdigit() for a in ages):
                    m.equal(f"{cc}x.age_total.{k}", parts)
                    m.values[f"{cc}x.age_total.{k}"] = sum(m.values[p] for p in parts)
                    m.never.add(f"{cc}x.age_total.{k}")
                    m.equal(
                        f"{cc}x.age_total.{k}",
                        [f"{cc}beneficiaries.by_age_at_intake.{a}" for a in ages if age_group(int(a)) == k],
                    )
        _cumulative(m, rep, s, cc)
    slugs = [c.slug for c in rep.cities]
    # the programme's own cells
    type_cells = {}
    for t in BENEFICIARY_TYPES:
        type_cells[t] = m.programme_cell(
            f"beneficiaries.by_beneficiary_type.{t}", b["by_beneficiary_type"][t]
        )
        m.equal(type_cells[t], [m.shown[f"beneficiaries.by_city.{s}.{t}"] for s in slugs])
    for column, key in (("sex", "by_sex"), ("sector", "by_sector"), ("age_group", "by_age_group")):
        for k, row in b[key].items():
            row_cells = {}
            for t in BENEFICIARY_TYPES:
                row_cells[t] = m.programme_cell(f"beneficiaries.{key}.{k}.{t}", row[t])
                m.equal(row_cells[t], [cross[column][s][(k, t)] for s in slugs if (k, t) in cross[column][s]])
            total = m.programme_cell(f"beneficiaries.{key}.{k}.total", row["total"])
            m.equal(total, row_cells.values())
        for t in BENEFICIARY_TYPES:
            m.equal(type_cells[t], [m.shown[f"beneficiaries.{key}.{k}.{t}"] for k in b[key]])
    for h in RANKED[1:]:
        if h.name in ind and "children" in ind[h.name]:
            cell = m.programme_cell(f"{h.name}.children", ind[h.name]["children"])
            parts = [m.shown[f"cities.{s}.{h.name}.children"] for s in slugs]
            if sum(m.values[p] for p in parts) == m.values[cell]:
                m.equal(cell, parts)
    for k in DONOR_EDUCATION:
        cell = m.programme_cell(f"education_services.{k}", ind["education_services"][k])
        m.equal(cell, [m.shown[f"education_services.by_city.{s}.{k}"] for s in slugs])
    for t in BENEFICIARY_TYPES:
        cell = m.programme_cell(f"cumulative.{t}.children", ind["cumulative"][t]["children"])
        m.equal(cell, [f"{s}|cum.{t}" for s in slugs])
    m.check()
    return m


def _nearest_candidate(m: ProgrammeModel, cell: str, hidden: set[str], by_cell: Mapping) -> str | None:
    """The smallest shown programme cell related to ``cell`` (through at most two hidden
    cells), the nearest first."""
    seen, frontier = {cell}, [cell]
    for _ in range(3):
        found: list[tuple[bool, int, str]] = []
        following = []
        for c in frontier:
            for r in by_cell.get(c, ()):
                for other, coef in r.terms:
                    if not coef or other in seen:
                        continue
                    seen.add(other)
                    if other in hidden:
                        following.append(other)
                    elif other in m.candidates:
                        found.append((m.values[other] == 0, m.values[other], other))
        if found:
            return min(found)[-1]
        frontier = following
    return None


def protect_programme(m: ProgrammeModel) -> tuple[set[str], set[str]]:
    """The cells of the model to hide (the cities' own hidden cells, every programme cell
    from 1 to 4, and more programme cells until no hidden cell can be narrowed below 0-4),
    and those shown as ``x`` whatever their value."""
    hidden = set(m.fixed) | set(m.never) | {c for c in m.candidates if is_primary(m.values[c])}
    near = m.near_programme()
    by_cell: dict[str, list[Relation]] = {}
    for r in m.relations:
        for c, coef in r.terms:
            if coef:
                by_cell.setdefault(c, []).append(r)
    clean: set[frozenset] = set()
    stuck: set[str] = set()
    while True:
        bad: list[str] = []
        for comp in sorted(components(m.relations, hidden), key=lambda s: sorted(s)):
            key = frozenset(comp)
            if key in clean or not comp & near:
                continue  # a city's own cells alone: its family's protection holds
            rels = list({id(r): r for c in comp for r in by_cell.get(c, ())}.values())
            found = [c for c in open_cells(m.values, rels, hidden, m.never, m.unmarked) if c not in stuck]
            if found:
                bad = found
                break
            clean.add(key)
        if not bad:
            return hidden, m.unmarked
        chosen = set()
        for cell in bad:
            pick = _nearest_candidate(m, cell, hidden, by_cell)
            if pick is None:
                log.warning("programme public edition: no programme cell left to hide around %s", cell)
                stuck.add(cell)
            else:
                chosen.add(pick)
        hidden |= chosen


# --------------------------------------------------------------------------- the public figures


def _set(d: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    node = d
    for p in parts[:-1]:
        node = node[p]
    node[parts[-1]] = value


def _get(d: Mapping, path: str) -> Any:
    node: Any = d
    for p in path.split("."):
        node = node[p]
    return node


def _baseline(indicators: dict) -> list[str]:
    """The family-contact baseline's counts 1-4 withheld (and what gives them back): a
    hidden count's percentage is hidden with it."""
    b = indicators["baseline_family_contact"]["by_sector"]
    values, groups = {}, []
    for s, row in b.items():
        cells = tuple(f"{s}.{c}" for c in FAMILY_CONTACTS)
        values.update({f"{s}.{c}": int(row["counts"][c]) for c in FAMILY_CONTACTS})
        groups.append(sdc.Group(cells, int(row["children"])))
    hidden, withheld = sdc.protect(values, groups)
    no_mark = {c for g in withheld for c in g.cells}
    for cell in sorted(hidden):
        s, c = cell.split(".", 1)
        mark = sdc.Hidden(values[cell], is_primary(values[cell]) and cell not in no_mark)
        b[s]["counts"][c] = mark
        b[s]["percent"][c] = sdc.Hidden(b[s]["percent"][c], primary=False)
    shown = [s for s in BASELINE_SECTORS if s in b]
    return [
        f"baseline_family_contact.by_sector.{cell}" for cell in sorted(hidden) if cell.split(".")[0] in shown
    ]


def _ranking(public: dict, rep: ProgrammeReport) -> None:
    """Cities ranked by their shown values only: a withheld value is listed last, unranked."""
    for h in RANKED:
        rows = public["ranking"][h.name]
        values = {
            r["city"]: _get(public, f"cities.{r['city']}.{h.name}.children")
            if h.name != "beneficiaries"
            else public["cities"][r["city"]]["beneficiaries"]["total"]
            for r in rows
        }
        shown = {s: v for s, v in values.items() if not sdc.is_hidden(v)}
        ranked = [{"rank": r, "city": s, "value": v} for r, s, v in rank_cities(shown)]
        ranked += [{"rank": None, "city": s, "value": v} for s, v in values.items() if s not in shown]
        public["ranking"][h.name] = ranked
        for row in ranked:
            public["cities"][row["city"]]["rank"][h.name] = row["rank"]


def public_indicators(rep: ProgrammeReport) -> tuple[dict, list[str]]:
    """The programme report's figures as its public edition shows them (withheld counts
    as :class:`~exceed_analysis.figures.disclosure.Hidden`), and the paths withheld."""
    m = programme_model(rep)
    hidden, unmarked = protect_programme(m)
    public = copy.deepcopy(rep.indicators)
    withheld = []
    for path, cell in m.shown.items():
        if cell in hidden:
            primary = is_primary(m.values[cell]) and cell not in unmarked
            _set(public, path, sdc.Hidden(m.values[cell], primary))
            withheld.append(path)
            if path.endswith(".children") and "cumulative" in path:
                # its share of the target gives it back: withheld with it (never ranked)
                share = path.rsplit(".", 1)[0] + ".percent_of_target"
                _set(public, share, sdc.Hidden(round(_get(public, share)), primary=False))
    for s in public["cities"]:  # never shown per city: the pooled tables only
        for key in ("by_sector", "by_age_group"):
            public["cities"][s]["beneficiaries"][key] = None
    _ranking(public, rep)
    withheld += _baseline(public)
    return public, sorted(withheld)
