"""The city report as the notebook uses it: one object, one call per section.

A notebook cell asks for a section, a table or a chart; this module builds each from the
processed store, the indicators and the text catalogue, so that the notebook reads as the
report itself (``notebooks/city_report.ipynb``)::

    rep = CityReport.load("bandar-lampung", "2010")
    rep.indicators["beneficiaries"]["total"]   # 82
    display(rep.table("sex"), rep.chart("sex"))
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from babel.dates import format_date
from markupsafe import Markup

from exceed_analysis.reports import charts
from exceed_analysis.figures import disclosure
from exceed_analysis.reports import formatting
from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures.suppression import public_city_figures
from exceed_analysis.config import City, Registry, paths, registry
from exceed_analysis.errors import ParameterError
from exceed_analysis.reports.narrative import Narrative, load_narrative
from exceed_analysis.store.parquet import narratives_dir
from exceed_analysis.periods import Period, PeriodError, parse_period
from exceed_analysis.schemas import ACTIVITIES, SEXES
from exceed_analysis.store.parquet import CityData, load_city
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.text import LANGUAGES, Catalogue, catalogue

__all__ = ["Html", "CityReport", "resolve_parameters"]


class Html(str):
    """A piece of HTML that notebooks display as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def resolve_parameters(city: str, period: str, reg: Registry | None = None,
                       language: str = "id") -> tuple[City, Period]:
    """Check a report's ``city`` and ``period``; raise :class:`ParameterError` (one line,
    naming the valid choices) before anything heavy runs."""
    reg = reg or registry()
    if city not in reg.slugs:
        raise ParameterError(f"unknown city {city!r}; valid cities: {', '.join(reg.slugs)}")
    c = reg.city(city)
    if language not in LANGUAGES:
        raise ParameterError(f"unknown language {language!r}; valid languages: {', '.join(LANGUAGES)}")
    try:
        p = parse_period(period).clip_start(c.programme_start)
    except PeriodError as exc:
        raise ParameterError(str(exc)) from None
    return c, p


EDITIONS = ("internal", "public")


def _num(value):
    """A count for a CSV table: None when withheld from a public edition."""
    return None if disclosure.is_hidden(value) else int(value)


def _partner_display(c: City) -> list[str]:
    return [f"{p.name} ({p.code})" for p in c.partners]


@dataclass
class CityReport:
    """Everything one city report shows, computed once."""

    city: City
    period: Period
    data: CityData
    narrative: Narrative
    text: Catalogue
    synthetic: bool = True
    edition: str = "internal"
    indicators: dict = field(init=False)
    _tables: dict[str, ReportTable] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.edition not in EDITIONS:
            raise ParameterError(f"unknown edition {self.edition!r}; valid editions: {', '.join(EDITIONS)}")
        self.indicators = self._figures(self.period)[0]
        self.suppressed = self._figures(self.period)[1]
        self.ben = ind.beneficiaries(self.data.children, self.period)
        self.svc = ind.services_in_period(self.data.services, self.period, self.ben)
        start, end = pd.Timestamp(self.period.start), pd.Timestamp(self.period.end)
        acts = self.data.activities
        self.activities = acts.loc[(acts["date"] >= start) & (acts["date"] <= end)]

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, city: str, period: str, language: str = "id", edition: str = "internal",
             processed: Path | None = None) -> "CityReport":
        """Check the parameters, read the city's processed data and the narrative.

        ``edition="public"`` withholds every count from 1 to 4 and the counts that would
        let one be worked out (see :mod:`exceed_analysis.figures.disclosure`)."""
        c, p = resolve_parameters(city, period, language=language)
        data = load_city(c.slug, processed)
        narrative = load_narrative(narratives_dir(), c.slug, p.name, language)  # screened
        synthetic = bool(registry().programme.get("synthetic_data", True))
        return cls(c, p, data, narrative, catalogue(language), synthetic, edition)

    def _figures(self, period: Period) -> tuple[dict, list[str]]:
        """The figures of a period as this edition shows them, and the paths withheld."""
        figures = ind.compute_indicators(self.data.children, self.data.services, period,
                                         self.city.partner_codes)
        if self.edition == "public":  # one suppression for every public period of the city
            return public_city_figures(self.data, self.city.programme_start,
                                       self.city.partner_codes, period, figures)
        return figures, []

    # ------------------------------------------------------------------ helpers

    @property
    def total(self) -> int:
        return self.indicators["beneficiaries"]["total"]

    @property
    def months(self) -> str:
        return self.period.months_label(self.text.language)

    def _partner_name(self, code: str) -> str:
        return self.city.partner(code).name + f" ({code})"

    def _by_partner(self, counts: dict[str, int]) -> list[dict]:
        totals = self.indicators["beneficiaries"]["by_partner"]
        return [{"name": code, "n": n, "total": totals[code]} for code, n in counts.items()]

    def _heading(self, key: str, level: int = 2) -> Markup:
        return Markup(f"<h{level}>{{}}</h{level}>").format(self.text.heading(key))

    def _section(self, key: str, template: str | None = None, level: int = 2, **context) -> Html:
        body = self.text.render(template or key, **self._base_context(), **context)
        return Html(self._heading(key, level) + Markup("\n") + body)

    def _base_context(self) -> dict:
        return {"city": self.city, "months": self.months, "total": self.total,
                "period": self.period}

    def _sector_long(self) -> str:
        return self.text.join(self.text.sector(s, "long") for s in self.city.sectors)

    def _activity_count(self, kinds: Sequence[str]) -> tuple[int, int]:
        rows = self.activities.loc[self.activities["activity"].isin(kinds)]
        return len(rows), int(rows["participants"].fillna(0).sum())

    # ------------------------------------------------------------------ sections

    def title(self) -> Html:
        """The cover: programme, city, months covered and the synthetic-data notice."""
        return Html(self.text.render(
            "title", city=self.city, months=self.months, synthetic=self.synthetic,
            programme_org=self.text.phrase("organisation"), public=self.edition == "public"))

    def pengantar(self) -> Html:
        return self._section("pengantar")

    def daerah_sasaran(self) -> Html:
        reg = registry()
        provinces: dict[str, list[str]] = {}
        for c in reg.cities:
            provinces.setdefault(c.province, []).append(c.name)
        listing = [f"{prov} ({', '.join(names)})" for prov, names in provinces.items()]
        return self._section("daerah_sasaran", provinces=listing, n_cities=len(reg.cities),
                             partners=self.city.partners, partner_names=_partner_display(self.city),
                             sector_long=self._sector_long())

    def penerima_manfaat(self) -> Html:
        by_partner = self.indicators["beneficiaries"]["by_partner"]
        counts = [f"{code}: {self.text.n_children(n)}" for code, n in by_partner.items()]
        return self._section("penerima_manfaat", template="penerima_manfaat_intro",
                             partners=self.city.partners, partner_counts=counts,
                             sector_long=self._sector_long())

    def sex_text(self) -> Html:
        by_sex = self.indicators["beneficiaries"]["by_sex"]
        major = max(SEXES, key=lambda s: by_sex.get(s, 0))
        minor = [s for s in SEXES if s != major][0]
        return Html(self.text.render(
            "penerima_manfaat_sex", **self._base_context(), table_no=self.table("sex").number,
            majority_label=self.text.label("sex", major), majority_n=by_sex[major],
            minority_label=self.text.label("sex", minor), minority_n=by_sex[minor]))

    def age_text(self) -> Html:
        ages = {int(k): v for k, v in self.indicators["beneficiaries"]["by_age_at_intake"].items()}
        present = [a for a, n in ages.items() if n]
        shown = [a for a in present if not disclosure.is_hidden(ages[a])]
        top = max(shown or present, key=lambda a: (ages[a], a)) if present else 0
        return Html(self.text.render(
            "penerima_manfaat_age", **self._base_context(), table_no=self.table("age").number,
            top_age=top, top_age_n=ages.get(top, 0), min_age=min(present) if present else 0))

    def gambaran(self) -> Html:
        start = self.city.programme_start
        start_label = format_date(start, "MMMM y", locale=self.text.language)
        names = self.text.join(self.text.sector(s, "label") for s in self.city.sectors)
        return self._section("gambaran", template="gambaran_intro", start_label=start_label,
                             sector_names=names)

    def outreach(self) -> Html:
        n, participants = self._activity_count(["outreach"])
        return self._section("outreach", level=3, n_outreach=n, outreach_participants=participants,
                             new_intakes=self.indicators["beneficiaries"]["new_intakes"],
                             sector_long=self._sector_long())

    def pemulihan(self) -> Html:
        return self._section("pemulihan", template="pemulihan_intro", level=3)

    def konseling(self) -> Html:
        c = self.indicators["counseling"]
        return self._section("konseling", level=4, counselled=c["children"],
                             mean_sessions=c["mean_sessions_per_child"],
                             trafficked=self.indicators["beneficiaries"]["trafficking_victims"],
                             trafficked_mean=c["trafficking_victims_mean_sessions"])

    def kesehatan(self) -> Html:
        h = self.indicators["health_check"]
        none = [code for code, n in h["by_partner"].items()
                if n == 0 and self.indicators["beneficiaries"]["by_partner"][code]]
        key = "kesehatan" if self._offers_sti() else "kesehatan_dasar"
        return self._section(key, template="kesehatan", level=4, health=h["children"],
                             sti=h["sti_screening"], health_none=none,
                             health_by_partner=self._by_partner(h["by_partner"]))

    def _offers_sti(self) -> bool:
        """Whether the city's data hold any STI screening (ESKA cities do; PRTA, street and
        plantation cities do not, so their health section does not speak of it)."""
        return bool((self.data.services["service"] == "sti_screening").any())

    def kebutuhan_dasar(self) -> Html:
        b = self.indicators["basic_needs"]
        return self._section("kebutuhan_dasar", level=4, basic=b["children"],
                             basic_by_partner=self._by_partner(b["by_partner"]))

    def reintegrasi(self) -> Html:
        r = self.indicators["reintegration"]
        return self._section("reintegrasi", level=3,
                             with_family=self.indicators["living_with_family"]["children"],
                             alternative_care=r["alternative_care"], family_support=r["family_support"])

    def pendidikan(self) -> Html:
        s = self.indicators["schooling_at_intake"]
        return self._section("pendidikan", template="pendidikan_schooling", level=3,
                             table_no=self.table("schooling").number,
                             not_in_school=s["not_in_school"],
                             in_school=disclosure.sum_shown(s["formal"], s["kejar_paket"]),
                             kejar_paket=s["kejar_paket"], formal=s["formal"])

    def pendidikan_services_text(self) -> Html:
        e = self.indicators["education_services"]
        bc = self.indicators["education_services_by_partner"]["bridging_course"]
        return Html(self.text.render(
            "pendidikan_services", **self._base_context(), table_no=self.table("education").number,
            any_education=any(e.values()), bc_partners=[self._partner_name(c) for c, n in bc.items() if n]))

    def pendidikan_courses_text(self) -> Html:
        types = self.indicators["skills_course_type"]
        # never name (or rank) a category whose count is withheld
        ranked = types and not any(disclosure.is_hidden(v) for v in types.values())
        top = max(types, key=lambda k: types[k]) if ranked else None
        return Html(self.text.render(
            "pendidikan_courses", **self._base_context(), table_no=self.table("courses").number,
            top_course=self.text.label("skills_course", top) if top else "",
            top_course_n=types.get(top, 0) if top else 0))

    def magang(self) -> Html:
        i = self.indicators["internship"]
        parts = [f"{code}: {self.text.n_children(n)}" for code, n in i["by_partner"].items()]
        return self._section("magang", level=3, interns=i["children"], interns_by_partner=parts,
                             skills=self.indicators["education_services"]["skills_course"])

    def kesadaran(self) -> Html:
        kinds = ("awareness", "community_dialogue", "radio")
        parts = []
        for k in kinds:
            n, _ = self._activity_count([k])
            if n:
                parts.append(self.text.phrase("n_activities").format(
                    n=self.text.count(n), activity=self.text.label("activity", k).lower()))
        n, participants = self._activity_count(kinds)
        return self._section("kesadaran", level=3, n_awareness=n, awareness_parts=parts,
                             awareness_participants=participants)

    def gugus_tugas(self) -> Html:
        meetings, _ = self._activity_count(["task_force_meeting"])
        visits, _ = self._activity_count(["field_visit"])
        achieved = self.narrative.section_html("capaian_gugus_tugas")
        title = self.text.heading("capaian_gugus_tugas")
        extra = (Markup("<h4>{}</h4>\n").format(title) + self._original_language_note(achieved)
                 + Markup(achieved)) if achieved else \
            Markup('<p class="exceed-missing">{}: {}</p>').format(title, self.text.phrase("not_written"))
        section = self._section("gugus_tugas", level=3, n_meetings=meetings, n_visits=visits)
        return Html(Markup(section) + Markup("\n") + extra)

    def _original_language_note(self, written) -> Markup:
        """Says that staff text is shown untranslated, when it is."""
        if written is None or self.narrative.language == self.text.language:
            return Markup("")
        return Markup('<p class="exceed-missing">{}</p>\n').format(self.text.phrase("narrative_original"))

    def glossary(self) -> Html:
        """The glossary of programme terms (English edition); empty when the language's
        catalogue has none."""
        terms = self.text.data.get("glossary") or {}
        if not terms:
            return Html("")
        items = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in terms.items())
        return Html(self._heading("glosarium") + Markup('\n<dl class="exceed-glossary">') + items
                    + Markup("</dl>"))

    def staff_section(self, key: str) -> Html:
        """A section written by staff (kendala, rekomendasi, penutup), or a plain line saying
        it has not been written; never invented text."""
        html = self.narrative.section_html(key)  # rendered with raw HTML disabled: safe
        body = Markup(html) if html is not None else Markup(
            '<p class="exceed-missing">{}</p>').format(self.text.phrase("not_written"))
        out = self._heading(key) + Markup("\n") + self._original_language_note(html) + body
        if key == "penutup":
            meta = self.narrative.meta
            out += "\n" + self.text.render("penutup_signature", place=meta.get("place", ""),
                                           date=meta.get("date", ""), author=meta.get("author", ""))
        return Html(out)

    # ------------------------------------------------------------------ tables

    _ORDER = ("sex", "age", "schooling", "education", "courses", "partner_services", "activities")

    def table(self, key: str) -> ReportTable:
        """A numbered table by key: sex, age, schooling, education, courses (the seed's
        tables 1 to 5), partner_services, activities."""
        if key not in self._tables:
            builder = getattr(self, f"_table_{key}")
            table = builder(self._ORDER.index(key) + 1)
            self._tables[key] = replace(table, label=self.text.phrase("table"))
        return self._tables[key]

    def tables(self) -> dict[str, ReportTable]:
        """Every table of the report, appendix and comparison included, by key."""
        out = {**{k: self.table(k) for k in self._ORDER}, "activity_list": self.activity_list()}
        comp = self.perbandingan()
        if len(comp) == 2:
            out["comparison"] = comp[1]
        return out

    def _count_table(self, number: int, key: str, caption: str, first_col: str,
                     codes: Sequence, labels: Sequence[str], counts: Sequence[int],
                     code_col: str, total_row: int | None = None) -> ReportTable:
        """Counts with their percentage of the period's beneficiaries and a total row
        (the beneficiaries, or ``total_row`` when the rows add up to something else)."""
        col = self.text.data["labels"]["columns"]
        total = self.total
        data = pd.DataFrame({code_col: list(codes), "children": [_num(n) for n in counts],
                             "percent": [None if disclosure.is_hidden(n)
                                         else round(formatting.percent(n, total), 4) for n in counts]})
        display = pd.DataFrame({
            first_col: list(labels) + [col["total"]],
            col["count"]: [self.text.count(n, dash_for_zero=True) for n in counts]
            + [self.text.count(total if total_row is None else total_row)],
            col["percent"]: [self.text.pct(n, total) for n in counts]
            + [self.text.pct(total if total_row is None else total_row, total)],
        })
        return ReportTable(number, key, caption, data, display, numeric=(col["count"], col["percent"]))

    def _table_sex(self, number: int) -> ReportTable:
        by_sex = self.indicators["beneficiaries"]["by_sex"]
        col = self.text.data["labels"]["columns"]
        return self._count_table(number, "sex", self.text.phrase("table_caption_sex"), col["sex"],
                                 list(by_sex), [self.text.label("sex", s) for s in by_sex],
                                 list(by_sex.values()), "sex")

    def _table_age(self, number: int) -> ReportTable:
        ages = self.indicators["beneficiaries"]["by_age_at_intake"]
        col = self.text.data["labels"]["columns"]
        years = self.text.data["labels"]["years"]
        return self._count_table(number, "age", self.text.phrase("table_caption_age"), col["age"],
                                 [int(a) for a in ages], [f"{a} {years}" for a in ages],
                                 list(ages.values()), "age_at_intake")

    def _table_schooling(self, number: int) -> ReportTable:
        s = self.indicators["schooling_at_intake"]
        in_school = disclosure.sum_shown(s["formal"], s["kejar_paket"])
        labels = self.text.data["labels"]
        codes = ["in_school", "formal", "kejar_paket", "not_in_school"]
        names = [labels["in_school"], "– " + self.text.label("school_status", "formal"),
                 "– " + self.text.label("school_status", "kejar_paket"),
                 self.text.label("school_status", "not_in_school")]
        counts = [in_school, s["formal"], s["kejar_paket"], s["not_in_school"]]
        return self._count_table(number, "schooling", self.text.phrase("table_caption_schooling"),
                                 labels["columns"]["schooling"], codes, names, counts, "school_status")

    def _table_education(self, number: int) -> ReportTable:
        e = self.indicators["education_services"]
        by_p = self.indicators["education_services_by_partner"]
        col = self.text.data["labels"]["columns"]
        partners = self.city.partner_codes
        data = pd.DataFrame({"service": list(e), "children": [_num(n) for n in e.values()],
                             "percent": [None if disclosure.is_hidden(n)
                                         else round(formatting.percent(n, self.total), 4) for n in e.values()],
                             **{f"children_{p}": [_num(by_p[s][p]) for s in e] for p in partners}})
        display = pd.DataFrame({
            col["service"]: [self.text.label("education_service", s) for s in e],
            **({p: [self.text.count(by_p[s][p], dash_for_zero=True) for s in e] for p in partners}
               if len(partners) > 1 else {}),
            col["children"]: [self.text.count(n, dash_for_zero=True) for n in e.values()],
            col["percent"]: [self.text.pct(n, self.total) for n in e.values()],
        })
        numeric = tuple(c for c in display.columns if c != col["service"])
        note = self.text.phrase("education_note").format(n=self.text.count(self.total))
        return ReportTable(number, "education", self.text.phrase("table_caption_education"), data,
                           display, numeric=numeric, note=note)

    def _table_courses(self, number: int) -> ReportTable:
        types = self.indicators["skills_course_type"]
        col = self.text.data["labels"]["columns"]
        return self._count_table(number, "courses", self.text.phrase("table_caption_courses"),
                                 col["course"], list(types),
                                 [self.text.label("skills_course", t) for t in types],
                                 list(types.values()), "skills_course",
                                 total_row=disclosure.sum_shown(*types.values()))

    def _table_partner_services(self, number: int) -> ReportTable:
        col = self.text.data["labels"]["columns"]
        i = self.indicators
        rows = {
            "counseling": i["counseling"]["by_partner"],
            "health_check": i["health_check"]["by_partner"],
            "basic_needs": i["basic_needs"]["by_partner"],
            "bridging_course": i["education_services_by_partner"]["bridging_course"],
            "skills_course": i["education_services_by_partner"]["skills_course"],
            "internship": i["internship"]["by_partner"],
        }
        partners = self.city.partner_codes
        data = pd.DataFrame({"service": list(rows), **{p: [_num(rows[s][p]) for s in rows] for p in partners}})
        totals = i["beneficiaries"]["by_partner"]
        display = pd.DataFrame({
            col["service"]: [self.text.label("service", s) for s in rows],
            **{f"{p} (n={totals[p]})": [self.text.count(rows[s][p], dash_for_zero=True) for s in rows]
               for p in partners},
        })
        return ReportTable(number, "partner_services", self.text.phrase("table_caption_partner_services"),
                           data, display, numeric=tuple(display.columns[1:]))

    def _table_activities(self, number: int) -> ReportTable:
        col = self.text.data["labels"]["columns"]
        a = self.activities
        kinds = [k for k in ACTIVITIES if (a["activity"] == k).any()]
        events = [int((a["activity"] == k).sum()) for k in kinds]
        people = [int(a.loc[a["activity"] == k, "participants"].fillna(0).sum()) for k in kinds]
        data = pd.DataFrame({"activity": kinds, "events": events, "participants": people})
        display = pd.DataFrame({
            col["activity"]: [self.text.label("activity", k) for k in kinds] + [col["total"]],
            col["events"]: [self.text.count(n) for n in events] + [self.text.count(sum(events))],
            col["participants"]: [self.text.count(n, dash_for_zero=True) for n in people]
            + [self.text.count(sum(people), dash_for_zero=True)],
        })
        return ReportTable(number, "activities", self.text.phrase("table_caption_activities"),
                           data, display, numeric=(col["events"], col["participants"]))

    def activity_list(self) -> ReportTable:
        """Appendix 1: every activity of the period with its (escaped) description."""
        col = self.text.data["labels"]["columns"]
        a = self.activities.sort_values(["date", "activity"], kind="stable")
        data = a[["date", "partner", "activity", "participants", "description"]].copy()
        data["date"] = data["date"].dt.date
        gov = self.text.data["labels"]["government"]
        display = pd.DataFrame({
            col["date"]: [self.text.date(d) for d in data["date"]],
            col["activity"]: [self.text.label("activity", x) for x in data["activity"]],
            col["partner"]: [gov if pd.isna(p) else p for p in data["partner"]],
            col["participants"]: ["" if pd.isna(n) else self.text.count(int(n)) for n in data["participants"]],
            col["description"]: ["" if pd.isna(d) else d for d in data["description"]],
        })
        return ReportTable(1, "activity_list", self.text.phrase("table_caption_activity_list"),
                           data.reset_index(drop=True), display.reset_index(drop=True),
                           numeric=(col["participants"],), label=self.text.phrase("appendix"))

    _CHARTED = ("sex", "age", "courses", "partner_services")

    def exhibit(self, key: str) -> tuple:
        """What a notebook cell displays for a table: ``(table, chart)`` when it has a
        chart, ``(table,)`` otherwise, or ``(note,)`` when there is no data to show.

        Use as ``display(*rep.exhibit("sex"))``.
        """
        t = self.activity_list() if key == "activity_list" else self.table(key)
        if t.is_empty:
            return (Html(Markup('<p class="exceed-missing">{}: {}</p>').format(
                t.title, self.text.phrase("no_data"))),)
        return (t, self.chart(key)) if key in self._CHARTED else (t,)

    # ------------------------------------------------------------------ comparison

    HEADLINES = (
        ("beneficiaries", ("beneficiaries", "total")),
        ("new_intakes", ("beneficiaries", "new_intakes")),
        ("exits", ("beneficiaries", "exits")),
        ("counseling", ("counseling", "children")),
        ("health_check", ("health_check", "children")),
        ("basic_needs", ("basic_needs", "children")),
        ("living_with_family", ("living_with_family", "children")),
        ("bridging_course", ("education_services", "bridging_course")),
        ("skills_course", ("education_services", "skills_course")),
        ("internship", ("internship", "children")),
    )

    @property
    def has_comparison(self) -> bool:
        """Quarterly and half-year reports compare with the previous period."""
        return self.period.kind in ("quarter", "half")

    def _previous_period(self) -> Period | None:
        prev = self.period.previous()
        if prev.end < self.city.programme_start:
            return None
        return prev.clip_start(self.city.programme_start)

    def comparison(self) -> dict | None:
        """Headline figures of this and the previous period of the same length, or None
        for a year or range report (or when the programme had not started)."""
        if not self.has_comparison:
            return None
        prev = self._previous_period()
        if prev is None:
            return {"previous_period": None}
        before, _ = self._figures(prev)
        now = {k: self.indicators[a][b] for k, (a, b) in self.HEADLINES}
        then = {k: before[a][b] for k, (a, b) in self.HEADLINES}
        change = {k: None if disclosure.is_hidden(now[k]) or disclosure.is_hidden(then[k])
                  else int(now[k]) - int(then[k]) for k in now}
        return {"previous_period": prev.name, "previous_start": prev.start.isoformat(),
                "previous_end": prev.end.isoformat(), "previous": then, "current": now,
                "change": change}

    def perbandingan(self) -> tuple:
        """The comparison section: heading, a sentence and a table (or nothing for a year
        report). Use as ``display(*rep.perbandingan())``."""
        comp = self.comparison()
        if comp is None:
            return ()
        heading = self._heading("perbandingan")
        if comp["previous_period"] is None:
            return (Html(heading + Markup('<p class="exceed-missing">{}</p>').format(
                self.text.phrase("no_previous"))),)
        prev = parse_period(comp["previous_period"]).clip_start(self.city.programme_start)
        text = self.text.render("perbandingan", previous_months=prev.months_label(self.text.language),
                                new_intakes=comp["current"]["new_intakes"],
                                exits=comp["current"]["exits"])
        return (Html(heading + Markup("\n") + text), self._table_comparison(comp, prev))

    def _table_comparison(self, comp: dict, prev: Period) -> ReportTable:
        col = self.text.data["labels"]["columns"]
        names = self.text.data["labels"]["headline"]
        keys = [k for k, _ in self.HEADLINES]
        data = pd.DataFrame({"indicator": keys, "previous": [_num(comp["previous"][k]) for k in keys],
                             "current": [_num(comp["current"][k]) for k in keys],
                             "change": [comp["change"][k] for k in keys]})

        def signed(n: int | None) -> str:
            if n is None:
                return "x"
            return formatting.DASH if n == 0 else ("+" if n > 0 else "−") + self.text.count(abs(n))

        display = pd.DataFrame({
            col["indicator"]: [names[k] for k in keys],
            f"{col['previous']} ({prev.months_label(self.text.language)})":
                [self.text.count(comp["previous"][k]) for k in keys],
            f"{col['current']} ({self.months})": [self.text.count(comp["current"][k]) for k in keys],
            col["change"]: [signed(comp["change"][k]) for k in keys],
        })
        return ReportTable(len(self._ORDER) + 1, "comparison",
                           self.text.phrase("table_caption_comparison"), data, display,
                           numeric=tuple(display.columns[1:]), label=self.text.phrase("table"))

    # ------------------------------------------------------------------ charts

    def indicators_value(self, key: str, i: int):
        """The i-th count of a charted table, as this edition shows it."""
        source = {"sex": self.indicators["beneficiaries"]["by_sex"],
                  "age": self.indicators["beneficiaries"]["by_age_at_intake"],
                  "courses": self.indicators["skills_course_type"]}[key]
        return list(source.values())[i]

    def chart(self, key: str) -> charts.Chart:
        """The chart beside a table: sex, age, courses, partner_services."""
        y = self.text.phrase("chart_children")
        t = self.table(key)
        if key == "partner_services":
            series = {p: [None if pd.isna(v) else int(v) for v in t.data[p]]
                      for p in self.city.partner_codes}
            return charts.grouped_bar_chart(key, self.text.phrase("chart_partner_services"),
                                            list(t.display.iloc[:, 0]), series, y)
        labels = list(t.display.iloc[:-1, 0])
        shown = [self.indicators_value(key, i) for i in range(len(labels))]
        values = [None if disclosure.is_hidden(v) else int(v) for v in shown]
        texts = [v.mark if disclosure.is_hidden(v) else
                 (f"{self.text.count(v)} ({self.text.pct(v, self.total)})" if v else "–")
                 for v in shown]
        return charts.bar_chart(key, self.text.phrase(f"chart_{key}"), labels, values, y, texts)

    # ------------------------------------------------------------------ outputs

    def indicators_json(self) -> str:
        """``indicators.json``: every figure the report states, as numbers."""
        payload = {"city": self.city.slug, "period": self.period.name,
                   "period_start": self.period.start.isoformat(),
                   "period_end": self.period.end.isoformat(), **self.indicators}
        comp = self.comparison()
        if comp is not None:
            payload["comparison"] = comp
        payload["edition"] = self.edition
        if self.edition == "public":
            payload["suppressed"] = self.suppressed  # null below: withheld counts
        return json.dumps(disclosure.jsonable(payload), indent=2, ensure_ascii=False) + "\n"

    def write_outputs(self, folder: Path | str) -> list[Path]:
        """Write ``indicators.json`` and ``tables/tabel-<n>-<key>.csv`` into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / "indicators.json"]
        written[0].write_text(self.indicators_json(), encoding="utf-8")
        (folder / "tables").mkdir(exist_ok=True)
        for key, t in self.tables().items():
            prefix = "lampiran" if key == "activity_list" else "tabel"
            path = folder / "tables" / f"{prefix}-{t.number}-{key}.csv"
            t.to_csv(path)
            written.append(path)
        return written
