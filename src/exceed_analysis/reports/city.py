"""The city report as the notebook uses it: one object, one call per section.

A notebook cell asks for a section, a table or a chart; this module builds each from the
processed store, the indicators and the text catalogue, so that the notebook reads as the
report itself (``notebooks/city_report.ipynb``)::

    rep = CityReport.load("bandar-lampung", "2010")
    rep.figures.count("beneficiaries.total")   # 82
    display(rep.table("sex"), rep.chart("sex"))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from exceed_analysis.reports.base import Html, heading
from exceed_analysis.reports.city_tables import CityTables
from exceed_analysis.reports.narrative import Narrative, load_narrative
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.text import Catalogue, catalogue
from exceed_analysis.schemas import SEXES
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


def _partner_display(c: City) -> list[str]:
    return [f"{p.name} ({p.code})" for p in c.partners]


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

    def _partner_name(self, code: str) -> str:
        return self.city.partner(code).name + f" ({code})"

    def _by_partner(self, counts: Mapping[str, int]) -> list[dict]:
        totals = self.figures.breakdown("beneficiaries.by_partner")
        return [{"name": code, "n": n, "total": totals[code]} for code, n in counts.items()]

    def _heading(self, key: str, level: int = 2) -> Markup:
        return heading(self.text, key, level)

    def _section(self, key: str, template: str | None = None, level: int = 2, **context) -> Html:
        body = self.text.render(template or key, **self._base_context(), **context)
        return Html(self._heading(key, level) + Markup("\n") + body)

    def _base_context(self) -> dict:
        return {"city": self.city, "months": self.months, "total": self.total, "period": self.period}

    def _sector_long(self) -> str:
        return self.text.join(self.text.sector(s, "long") for s in self.city.sectors)

    def _activity_count(self, kinds: Sequence[str]) -> tuple[int, int]:
        rows = self.activities.loc[self.activities["activity"].isin(kinds)]
        return len(rows), int(rows["participants"].fillna(0).sum())

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

    def daerah_sasaran(self) -> Html:
        reg = registry()
        provinces: dict[str, list[str]] = {}
        for c in reg.cities:
            provinces.setdefault(c.province, []).append(c.name)
        listing = [f"{prov} ({', '.join(names)})" for prov, names in provinces.items()]
        return self._section(
            "daerah_sasaran",
            provinces=listing,
            n_cities=len(reg.cities),
            partners=self.city.partners,
            partner_names=_partner_display(self.city),
            sector_long=self._sector_long(),
        )

    def penerima_manfaat(self) -> Html:
        by_partner = self.figures.breakdown("beneficiaries.by_partner")
        counts = [f"{code}: {self.text.n_children(n)}" for code, n in by_partner.items()]
        return self._section(
            "penerima_manfaat",
            template="penerima_manfaat_intro",
            partners=self.city.partners,
            partner_counts=counts,
            sector_long=self._sector_long(),
        )

    def sex_text(self) -> Html:
        by_sex = self.figures.breakdown("beneficiaries.by_sex")
        major = max(SEXES, key=lambda s: by_sex.get(s, 0))
        minor = [s for s in SEXES if s != major][0]
        return Html(
            self.text.render(
                "penerima_manfaat_sex",
                **self._base_context(),
                table_no=self.table("sex").number,
                majority_label=self.text.label("sex", major),
                majority_n=by_sex[major],
                minority_label=self.text.label("sex", minor),
                minority_n=by_sex[minor],
            )
        )

    def age_text(self) -> Html:
        ages = {int(k): v for k, v in self.figures.breakdown("beneficiaries.by_age_at_intake").items()}
        present = [a for a, n in ages.items() if n]
        shown = [a for a in present if not disclosure.is_hidden(ages[a])]
        top = max(shown or present, key=lambda a: (ages[a], a)) if present else 0
        return Html(
            self.text.render(
                "penerima_manfaat_age",
                **self._base_context(),
                table_no=self.table("age").number,
                top_age=top,
                top_age_n=ages.get(top, 0),
                min_age=min(present) if present else 0,
            )
        )

    def gambaran(self) -> Html:
        start = self.city.programme_start
        start_label = format_date(start, "MMMM y", locale=self.text.language)
        names = self.text.join(self.text.sector(s, "label") for s in self.city.sectors)
        return self._section(
            "gambaran", template="gambaran_intro", start_label=start_label, sector_names=names
        )

    def outreach(self) -> Html:
        n, participants = self._activity_count(["outreach"])
        return self._section(
            "outreach",
            level=3,
            n_outreach=n,
            outreach_participants=participants,
            new_intakes=self.figures.count("beneficiaries.new_intakes"),
            sector_long=self._sector_long(),
        )

    def pemulihan(self) -> Html:
        return self._section("pemulihan", template="pemulihan_intro", level=3)

    def konseling(self) -> Html:
        f = self.figures
        return self._section(
            "konseling",
            level=4,
            counselled=f.count("counseling.children"),
            mean_sessions=f.number("counseling.mean_sessions_per_child"),
            trafficked=f.count("beneficiaries.trafficking_victims"),
            trafficked_mean=f.number("counseling.trafficking_victims_mean_sessions"),
        )

    def kesehatan(self) -> Html:
        f = self.figures
        by_partner = f.breakdown("health_check.by_partner")
        none = [
            code for code, n in by_partner.items() if n == 0 and f.breakdown("beneficiaries.by_partner")[code]
        ]
        key = "kesehatan" if self._offers_sti() else "kesehatan_dasar"
        return self._section(
            key,
            template="kesehatan",
            level=4,
            health=f.count("health_check.children"),
            sti=f.count("health_check.sti_screening"),
            health_none=none,
            health_by_partner=self._by_partner(by_partner),
        )

    def _offers_sti(self) -> bool:
        """Whether the city's data hold any STI screening (ESKA cities do; PRTA, street and
        plantation cities do not, so their health section does not speak of it)."""
        return bool((self.data.services["service"] == "sti_screening").any())

    def kebutuhan_dasar(self) -> Html:
        f = self.figures
        return self._section(
            "kebutuhan_dasar",
            level=4,
            basic=f.count("basic_needs.children"),
            basic_by_partner=self._by_partner(f.breakdown("basic_needs.by_partner")),
        )

    def reintegrasi(self) -> Html:
        f = self.figures
        return self._section(
            "reintegrasi",
            level=3,
            with_family=f.count("living_with_family.children"),
            alternative_care=f.count("reintegration.alternative_care"),
            family_support=f.count("reintegration.family_support"),
        )

    def pendidikan(self) -> Html:
        s = self.figures.breakdown("schooling_at_intake")
        return self._section(
            "pendidikan",
            template="pendidikan_schooling",
            level=3,
            table_no=self.table("schooling").number,
            not_in_school=s["not_in_school"],
            in_school=disclosure.sum_shown(s["formal"], s["kejar_paket"]),
            kejar_paket=s["kejar_paket"],
            formal=s["formal"],
        )

    def pendidikan_services_text(self) -> Html:
        e = [self.figures.count(f.key) for f in figures_registry.figures_in("education")]
        bc = self.figures.breakdown("education_services_by_partner.bridging_course")
        return Html(
            self.text.render(
                "pendidikan_services",
                **self._base_context(),
                table_no=self.table("education").number,
                any_education=any(e),
                bc_partners=[self._partner_name(c) for c, n in bc.items() if n],
            )
        )

    def pendidikan_courses_text(self) -> Html:
        types = self.figures.breakdown("skills_course_type")
        # never name (or rank) a category whose count is withheld
        ranked = bool(types) and not any(disclosure.is_hidden(v) for v in types.values())
        top = max(types, key=lambda k: types[k]) if ranked else None
        return Html(
            self.text.render(
                "pendidikan_courses",
                **self._base_context(),
                table_no=self.table("courses").number,
                top_course=self.text.label("skills_course", top) if top else "",
                top_course_n=types.get(top, 0) if top else 0,
            )
        )

    def magang(self) -> Html:
        f = self.figures
        parts = [
            f"{code}: {self.text.n_children(n)}" for code, n in f.breakdown("internship.by_partner").items()
        ]
        return self._section(
            "magang",
            level=3,
            interns=f.count("internship.children"),
            interns_by_partner=parts,
            skills=f.count("education_services.skills_course"),
        )

    def kesadaran(self) -> Html:
        kinds = ("awareness", "community_dialogue", "radio")
        parts = []
        for k in kinds:
            n, _ = self._activity_count([k])
            if n:
                parts.append(
                    self.text.phrase("n_activities").format(
                        n=self.text.count(n), activity=self.text.label("activity", k).lower()
                    )
                )
        n, participants = self._activity_count(kinds)
        return self._section(
            "kesadaran", level=3, n_awareness=n, awareness_parts=parts, awareness_participants=participants
        )

    def gugus_tugas(self) -> Html:
        meetings, _ = self._activity_count(["task_force_meeting"])
        visits, _ = self._activity_count(["field_visit"])
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
            out += "\n" + self.text.render(
                "penutup_signature",
                place=meta.get("place", ""),
                date=meta.get("date", ""),
                author=meta.get("author", ""),
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
        text = self.text.render(
            "perbandingan",
            previous_months=prev.months_label(self.text.language),
            new_intakes=comp["current"]["new_intakes"],
            exits=comp["current"]["exits"],
        )
        return (Html(heading + Markup("\n") + text), self._table_comparison(comp, prev))
