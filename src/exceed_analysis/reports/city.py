"""The city report as the notebook uses it: one object, one call per section.

A notebook cell asks for a section, a table or a chart; this module builds each from the
processed store, the indicators and the text catalogue, so that the notebook reads as the
report itself (``notebooks/city_report.ipynb``)::

    rep = CityReport.load("bandar-lampung", "2010")
    rep.figures.count("beneficiaries.total")   # 82
    display(rep.table("sex"), rep.chart("sex"))
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from babel.dates import format_date
from markupsafe import Markup

from exceed_analysis import params
from exceed_analysis.config import City, Registry, registry
from exceed_analysis.errors import ParameterError
from exceed_analysis.figures import disclosure
from exceed_analysis.figures import indicators as ind
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.model import Figures
from exceed_analysis.figures.suppression import public_city_figures
from exceed_analysis.periods import Period, PeriodError
from exceed_analysis.reports.apparatus import references
from exceed_analysis.reports.base import Html, heading
from exceed_analysis.reports.city_tables import CityTables
from exceed_analysis.reports.claims import kit_items
from exceed_analysis.reports.facts import city_facts
from exceed_analysis.reports.narrative import Narrative, load_narrative
from exceed_analysis.reports.notes import city_notes
from exceed_analysis.reports.sentences import CityWords
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.text import Catalogue, catalogue
from exceed_analysis.reports.wording import partner_label
from exceed_analysis.store.parquet import CityData, load_city, narratives_dir

__all__ = ["Html", "CityReport", "resolve_parameters", "EDITIONS"]

EDITIONS = params.EDITIONS


def resolve_parameters(
    city: str, period: str, reg: Registry | None = None, language: str = "id"
) -> tuple[City, Period]:
    """Check a report's ``city`` and ``period``; raise :class:`ParameterError` (one line,
    naming the valid choices) before anything heavy runs."""
    reg = reg or registry()
    if city not in reg.slugs:
        raise ParameterError(f"unknown city {city!r}; valid cities: {', '.join(reg.slugs)}")
    c = reg.city(city)
    params.check_language(language)
    try:
        return c, params.period_argument(period).clip_start(c.programme_start)
    except PeriodError as exc:  # a period that ends before the city's programme started
        raise ParameterError(str(exc)) from None


@dataclass
class CityReport(CityTables):
    """Everything one city report shows, computed once."""

    city: City
    period: Period
    data: CityData
    narrative: Narrative
    text: Catalogue
    synthetic: bool = True
    edition: str = params.DEFAULT_EDITION
    figures: Figures = field(init=False)
    _tables: dict[str, ReportTable] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        params.check_edition(self.edition)
        params.check_public_period(self.period, self.edition)
        self.figures, self.suppressed = self._figures(self.period)
        self.ben = ind.beneficiaries(self.data.children, self.period)
        self.svc = ind.services_in_period(self.data.services, self.period, self.ben)
        start, end = pd.Timestamp(self.period.start), pd.Timestamp(self.period.end)
        acts = self.data.activities
        self.activities = acts.loc[(acts["date"] >= start) & (acts["date"] <= end)]

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(
        cls,
        city: str,
        period: str,
        language: str = "id",
        edition: str = "internal",
        processed: Path | None = None,
    ) -> CityReport:
        """Check the parameters, read the city's processed data and the narrative.

        ``edition="public"`` withholds every count from 1 to 4 and the counts that would
        let one be worked out (see :mod:`exceed_analysis.figures.disclosure`)."""
        c, p = resolve_parameters(city, period, language=language)
        data = load_city(c.slug, processed)
        narrative = load_narrative(narratives_dir(), c.slug, p.name, language)  # screened
        synthetic = bool(registry().programme.get("synthetic_data", True))
        return cls(c, p, data, narrative, catalogue(language), synthetic, edition)

    def _figures(self, period: Period) -> tuple[Figures, list[str]]:
        """The figures of a period as this edition shows them, and the paths withheld."""
        figures = figures_registry.compute(
            self.data.children, self.data.services, period, self.city.partner_codes
        )
        if self.edition == params.PUBLIC:  # one suppression for every public period of the city
            return public_city_figures(
                self.data, self.city.programme_start, self.city.partner_codes, period, figures
            )
        return figures, []

    # ------------------------------------------------------------------ helpers

    @property
    def total(self) -> int:
        return self.figures.count(figures_registry.TOTAL_KEY)

    @property
    def months(self) -> str:
        return self.period.months_label(self.text.language)

    def _heading(self, key: str, level: int = 2) -> Markup:
        return heading(self.text, key, level)

    def _section(self, key: str, template: str | None = None, level: int = 2, **context) -> Html:
        body = self.text.render(template or key, **self._base_context(), **context)
        return Html(self._heading(key, level) + Markup("\n") + body)

    def _base_context(self) -> dict:
        return {"city": self.city, "months": self.months, "total": self.total, "period": self.period}

    # ------------------------------------------------------------------ sections

    def title(self) -> Html:
        """The cover: programme, city, months covered and the synthetic-data notice."""
        return Html(
            self.text.render(
                "title",
                city=self.city,
                months=self.months,
                synthetic=self.synthetic,
                programme_org=self.text.phrase("organisation"),
                public=self.edition == "public",
            )
        )

    def pengantar(self) -> Html:
        return self._section("pengantar")

    @functools.cached_property
    def facts(self) -> dict:
        """Every data-driven sentence's fact (:mod:`exceed_analysis.reports.facts`), by name:
        which sentence each section says, and the numbers it claims."""
        basic = self.svc.loc[self.svc["service"] == "basic_needs"].merge(
            self.ben[["partner", "child_id", "sex"]], on=["partner", "child_id"]
        )
        kit = kit_items(basic["detail"].fillna(""), basic["sex"])
        if disclosure.is_hidden(self.figures.breakdown("beneficiaries.by_sex")["F"]):
            kit = kit.without_pads()  # naming them would tell a withheld count of girls is not 0
        acts = {
            str(k): (len(g), int(g["participants"].fillna(0).sum()))
            for k, g in self.activities.groupby("activity")
        }
        return city_facts(self.figures.as_dict(), self._partner_labels(), kit=kit, activities=acts)

    @functools.cached_property
    def words(self) -> CityWords:
        notes = city_notes(self.city.slug)
        findings = {
            s: notes.findings(s, self.text.language, self.period) for s in ("reintegration", "task_force")
        }
        return CityWords(
            self.text,
            self.facts,
            months=self.months,
            sectors=self.city.sectors,
            findings=findings,
            city=self.city,
        )

    def _partner_labels(self) -> dict[str, str]:
        return {p.code: partner_label(p.name, p.code) for p in self.city.partners}

    def _with_heading(self, key: str, body, level: int = 2) -> Html:
        return Html(self._heading(key, level) + Markup("\n") + body)

    def daerah_sasaran(self) -> Html:
        reg = registry()
        provinces: dict[str, list[str]] = {}
        for c in reg.cities:
            provinces.setdefault(c.province, []).append(c.name)
        listing = [f"{prov} ({', '.join(names)})" for prov, names in provinces.items()]
        sectors = self.city.sectors
        return self._section(
            "daerah_sasaran",
            provinces=listing,
            n_provinces=len(provinces),
            n_cities=len(reg.cities),
            n_partners=len(self.city.partners),
            partner_names=list(self._partner_labels().values()),
            sector_children=self.text.sector_words(sectors, "children"),
            sector_work=self.text.sector_words(sectors, "work"),
        )

    def penerima_manfaat(self) -> Html:
        return self._with_heading("penerima_manfaat", self.words.beneficiaries())

    def sex_text(self) -> Html:
        return Html(self.words.sex(self.table("sex").number, references(self, "sex")))

    def age_text(self) -> Html:
        return Html(self.words.age(self.table("age").number, references(self, "age")))

    def gambaran(self) -> Html:
        start = self.city.programme_start
        start_label = format_date(start, "MMMM y", locale=self.text.language)
        names = self.text.join(self.text.sector(s, "label") for s in self.city.sectors)
        return self._section(
            "gambaran", template="gambaran_intro", start_label=start_label, sector_names=names
        )

    def outreach(self) -> Html:
        return self._with_heading("outreach", self.words.outreach(), 3)

    def pemulihan(self) -> Html:
        return self._section("pemulihan", template="pemulihan_intro", level=3)

    def konseling(self) -> Html:
        mean = self.figures.number("counseling.mean_sessions_per_child")
        return self._with_heading("konseling", self.words.counselled(mean), 4)

    def kesehatan(self) -> Html:
        key = "kesehatan" if self._offers_sti() else "kesehatan_dasar"
        return self._with_heading(key, self.words.health(), 4)

    def _offers_sti(self) -> bool:
        """Whether the city's data hold any STI screening (ESKA cities do; PRTA, street and
        plantation cities do not, so their health section does not speak of it)."""
        return bool((self.data.services["service"] == "sti_screening").any())

    def kebutuhan_dasar(self) -> Html:
        return self._with_heading("kebutuhan_dasar", self.words.basic(), 4)

    def reintegrasi(self) -> Html:
        return self._with_heading("reintegrasi", self.words.reintegration(), 3)

    def pendidikan(self) -> Html:
        return self._with_heading(
            "pendidikan",
            self.words.schooling(self.table("schooling").number, references(self, "schooling")),
            3,
        )

    def pendidikan_services_text(self) -> Html:
        return Html(
            self.words.education(
                self.table("education").number, self._partner_labels(), references(self, "education")
            )
        )

    def pendidikan_courses_text(self) -> Html:
        return Html(self.words.courses(self.table("courses").number, references(self, "courses")))

    def magang(self) -> Html:
        """The internships, then the sentence naming the services-per-partner exhibit
        (Table 6 and its chart) that follows; none when that exhibit has no data."""
        refs = (
            Markup("")
            if self.is_empty("partner_services")
            else Markup("\n") + self.text.sentence("partner_services", **references(self, "partner_services"))
        )
        return self._with_heading("magang", self.words.interns() + refs, 3)

    def kesadaran(self) -> Html:
        return self._with_heading("kesadaran", self.words.awareness(), 3)

    def gugus_tugas(self) -> Html:
        achieved = self.narrative.section_html("capaian_gugus_tugas")
        # not written: the draft notice under the cover lists it; no placeholder here
        extra = (
            (
                self._heading("capaian_gugus_tugas", 4)
                + Markup("\n")
                + self._original_language_note(achieved)
                + Markup(achieved)
            )
            if achieved
            else Markup("")
        )
        section = self._section("gugus_tugas", level=3, activity=self.words.task_force_activity())
        notes = city_notes(self.city.slug).task_force(self.text.language, self.period)
        return Html(Markup(section) + Markup("\n") + self.words.task_force(notes) + Markup("\n") + extra)

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
        return Html(
            self._heading("glosarium") + Markup('\n<dl class="exceed-glossary">') + items + Markup("</dl>")
        )

    def staff_section(self, key: str) -> Html:
        """A section written by staff (kendala, rekomendasi, penutup); nothing when it has
        not been written (the report is then a draft and its cover lists the section once,
        see :func:`exceed_analysis.reports.apparatus.draft_notice`); never invented text."""
        html = self.narrative.section_html(key)  # rendered with raw HTML disabled: safe
        if html is None:
            return Html("")
        body = Markup(html)
        out = self._heading(key) + Markup("\n") + self._original_language_note(html) + body
        if key == "penutup":
            meta = self.narrative.meta
            signatory = city_notes(self.city.slug).signatory(self.period.name)
            out += "\n" + self.text.render(
                "penutup_signature",
                place=meta.get("place", ""),
                date=meta.get("date", ""),
                author=meta.get("author", ""),
                signer=signatory.get("name", ""),
                office=signatory.get("office", []),
            )
        return Html(out)

    def perbandingan(self) -> tuple:
        """The comparison section: heading, a sentence and a table (or nothing for a year
        report). Use as ``display(*rep.perbandingan())``."""
        comp = self.comparison()
        if comp is None:
            return ()
        heading = self._heading("perbandingan")
        if comp["previous_period"] is None:
            return (
                Html(
                    heading
                    + Markup('<p class="exceed-missing">{}</p>').format(self.text.phrase("no_previous"))
                ),
            )
        prev = params.period_argument(comp["previous_period"]).clip_start(self.city.programme_start)
        text = self.words.comparison(prev.months_label(self.text.language))
        return (Html(heading + Markup("\n") + text), self._table_comparison(comp, prev))
