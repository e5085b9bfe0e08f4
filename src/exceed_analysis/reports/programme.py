"""The programme report: every EXCEED city side by side for one period.

Where the city report (:mod:`exceed_analysis.reports.city`) tells one city's story, this report
adds the cities up for the donor and for programme management: beneficiaries by city,
sector, sex and age group (withdrawn and prevented), education services as the donor
counts them, cumulative totals against the targets of ``config/targets.yml``, a quarterly
trend, cities ranked by their headline figures and the September 2010 family-contact
baseline. ``notebooks/programme_report.ipynb`` shows it, one call per cell::

    rep = ProgrammeReport.load("2012Q4", language="en")
    rep.figures.beneficiaries.total
    display(*rep.exhibit("city"))
    rep.write_outputs("outputs/2012Q4/programme")

Each city's figures are computed exactly as its city report computes them
(:func:`exceed_analysis.figures.registry.compute`, over the period clipped to the
city's programme start); the programme figures are computed from the cities' children and
services pooled, and equal the sum of the cities because every child belongs to one city.

The words come from ``templates/text/programme-<language>.yml`` (``id`` or ``en``); numbers
and dates are written by Babel in the report's language.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.dates import format_date
from markupsafe import Markup

from exceed_analysis import params
from exceed_analysis.config import City, Registry, registry
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.model import Figures
from exceed_analysis.periods import Period
from exceed_analysis.reports.apparatus import references, span_references
from exceed_analysis.reports.base import Html, heading
from exceed_analysis.reports.programme_charts import stacked_bar_chart
from exceed_analysis.reports.programme_claims import programme_facts
from exceed_analysis.reports.programme_compute import compute_programme
from exceed_analysis.reports.programme_figures import (
    AGE_GROUPS,
    BASELINE_CUTOFF,
    BASELINE_SECTORS,
    DONOR_EDUCATION,
    Targets,
    TargetsError,
    age_group,
    by_beneficiary_type,
    concat,
    cumulative_enrolled,
    donor_education,
    family_contact_baseline,
    join_and,
    load_targets,
    programme_quarters,
    quarterly_beneficiaries,
    rank_cities,
    resolve_period,
    whole_percent,
)
from exceed_analysis.reports.programme_public import public_indicators
from exceed_analysis.reports.programme_tables import TABLES, ProgrammeTables
from exceed_analysis.reports.programme_types import ProgrammeFigures
from exceed_analysis.reports.programme_words import ProgrammeSentences
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.text import Catalogue, make_environment
from exceed_analysis.store.parquet import CityData, load_city

__all__ = [
    "AGE_GROUPS",
    "BASELINE_CUTOFF",
    "BASELINE_SECTORS",
    "DONOR_EDUCATION",
    "HEADLINES",
    "LANGUAGES",
    "TABLES",
    "ProgrammeReport",
    "Targets",
    "TargetsError",
    "age_group",
    "by_beneficiary_type",
    "cumulative_enrolled",
    "donor_education",
    "family_contact_baseline",
    "join_and",
    "load_targets",
    "programme_catalogue",
    "programme_quarters",
    "quarterly_beneficiaries",
    "rank_cities",
    "resolve_period",
    "stacked_bar_chart",
    "whole_percent",
]

LANGUAGES = params.LANGUAGES
"""Editions of the programme report (``templates/text/programme-<language>.yml``)."""

HEADLINES = figures_registry.RANKED
"""Headline figures cities are ranked by (the registry's ranked headlines)."""

_TEXT_DIR = Path(__file__).resolve().parents[1] / "templates" / "text"

# --------------------------------------------------------------------------- words


@functools.cache
def programme_catalogue(language: str = "id") -> Catalogue:
    """The words of the programme report in ``language`` (``id`` or ``en``).

    Parameters
    ----------
    language : str
        ``id`` (Indonesian) or ``en`` (English).

    Returns
    -------
    exceed_analysis.reports.text.Catalogue
        Headings, labels, phrases and Jinja2 sentence templates; the filters are those of
        the city report's catalogue, written in ``language``, with ``join_and`` using the
        language's conjunction.

    Raises
    ------
    ParameterError
        For another language.

    Examples
    --------
    >>> programme_catalogue("en").heading("beneficiaries")
    'Beneficiaries'
    >>> str(programme_catalogue("en").render_string("{{ n | pct(total) }}", n=49, total=82))
    '59.76 %'
    """
    params.check_language(language)
    with open(_TEXT_DIR / f"programme-{language}.yml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    env = make_environment(language, data["templates"], data.get("nouns"), data.get("sentences"))
    conjunction = data["phrases"]["and"]
    env.filters["join_and"] = functools.partial(join_and, conjunction=conjunction)
    return Catalogue(language, data, env)


# --------------------------------------------------------------------------- the report


@dataclass
class ProgrammeReport(ProgrammeTables):
    """Everything the programme report shows, computed once.

    Build it with :meth:`load`. ``figures`` holds every figure the report states, typed
    (:class:`~exceed_analysis.reports.programme_types.ProgrammeFigures`); ``indicators`` is
    the same as ``indicators.json`` states it (a dict).
    """

    registry: Registry
    period: Period
    city_periods: dict[str, Period]
    data: dict[str, CityData]
    targets: Targets
    text: Catalogue
    synthetic: bool = True
    processed: Path | None = None
    edition: str = params.DEFAULT_EDITION
    figures: ProgrammeFigures = field(init=False)
    withheld: list[str] = field(init=False, default_factory=list)
    _tables: dict[str, ReportTable] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        params.check_edition(self.edition)
        self.cities: tuple[City, ...] = tuple(self.registry.city(s) for s in self.city_periods)
        self.city_indicators: dict[str, Figures] = {}
        self.city_inputs: dict[str, figures_registry.Inputs] = {}
        bens, svcs = [], []
        for c in self.cities:
            d, p = self.data[c.slug], self.city_periods[c.slug]
            # the city's figures, and its beneficiaries and services for the programme's
            inp = figures_registry.Inputs(d.children, d.services, p, tuple(c.partner_codes))
            self.city_inputs[c.slug] = inp
            self.city_indicators[c.slug] = inp.compute(figures_registry.FIGURES)
            bens.append(inp.ben.assign(city=c.slug))
            svcs.append(inp.svc.assign(city=c.slug))
        self.ben = concat(bens)
        self.ben = self.ben.assign(age_group=self.ben["age_at_intake"].map(age_group))
        self.svc = concat(svcs)
        self.programme_start: dt.date = min(c.programme_start for c in self.cities)
        self.quarters = programme_quarters(self.programme_start, self.period.end)
        self.figures = self._compute()
        if self.public:  # counts 1-4 withheld, consistently with the cities' public editions
            public, self.withheld = public_indicators(self)
            self.figures = ProgrammeFigures.from_dict(public)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(
        cls, period: str, language: str = "id", processed: Path | None = None, edition: str = "internal"
    ) -> ProgrammeReport:
        """Check the parameters, then read every city's processed data and the targets.

        Parameters
        ----------
        period : str
            The report period (see :func:`exceed_analysis.periods.parse_period`).
        language : str
            ``id`` (default) or ``en``.
        processed : pathlib.Path, optional
            The processed store; defaults to the project's ``data/processed``.
        edition : str
            ``internal`` (default) or ``public``: counts 1-4 withheld, and what would give
            them back, consistently with the cities' public editions
            (:mod:`exceed_analysis.reports.programme_public`).

        Returns
        -------
        ProgrammeReport
        """
        params.check_edition(edition)
        reg = registry()
        text = programme_catalogue(language)
        p, city_periods = resolve_period(period, reg)
        data = {slug: load_city(slug, processed) for slug in city_periods}
        synthetic = bool(reg.programme.get("synthetic_data", True))
        return cls(reg, p, city_periods, data, load_targets(reg=reg), text, synthetic, processed, edition)

    def with_period(self, period: str, language: str | None = None) -> ProgrammeReport:
        """The same report for another period (or language), reusing the data already read.

        Parameters
        ----------
        period : str
            The other period.
        language : str, optional
            The other language; default this report's.

        Returns
        -------
        ProgrammeReport
        """
        p, city_periods = resolve_period(period, self.registry)
        missing = [s for s in city_periods if s not in self.data]
        data = dict(self.data)
        data.update({s: load_city(s, self.processed) for s in missing})
        text = programme_catalogue(language) if language else self.text
        return ProgrammeReport(
            self.registry,
            p,
            city_periods,
            data,
            self.targets,
            text,
            self.synthetic,
            self.processed,
            self.edition,
        )

    # ------------------------------------------------------------------ figures

    @property
    def language(self) -> str:
        return self.text.language

    @property
    def public(self) -> bool:
        """Whether this is the public edition (counts 1-4 withheld)."""
        return self.edition == params.PUBLIC

    @property
    def total(self) -> int:
        return self.figures.beneficiaries.total

    @property
    def months(self) -> str:
        return self.period.months_label(self.language)

    @property
    def page_title(self) -> str:
        """Text for the HTML page's ``<title>``."""
        return f"{self.text.phrase('report_title')}: {self.months}"

    @property
    def indicators(self) -> dict:
        """The figures as ``indicators.json`` states them (a plain dict, keys of the data
        dictionary; withheld counts as ``Hidden`` values)."""
        return self.figures.as_dict()

    def _compute(self) -> ProgrammeFigures:
        return compute_programme(self)

    # ------------------------------------------------------------------ helpers

    def _heading(self, key: str, level: int = 2) -> Markup:
        return heading(self.text, key, level)

    def _section(self, key: str, **context) -> Html:
        body = self.text.render(key, months=self.months, total=self.total, **context)
        return Html(self._heading(key) + Markup("\n") + body)

    def _number(self, key: str) -> int:
        return self.table_number(key)

    def city_name(self, slug: str) -> str:
        return self.registry.city(slug).name

    # ------------------------------------------------------------------ sections

    def title(self) -> Html:
        """The cover: programme, months covered, cities and the synthetic-data notice."""
        provinces = {c.province for c in self.registry.cities}
        return Html(
            self.text.render(
                "title",
                months=self.months,
                synthetic=self.synthetic,
                public=self.public,
                n_cities=len(self.registry.cities),
                n_provinces=len(provinces),
            )
        )

    def introduction(self) -> Html:
        """What the report covers and how the figures are counted."""
        return self._section(
            "introduction",
            cities=[c.name for c in self.cities],
            n_cities=len(self.cities),
            not_started=self.words.not_started(),
        )

    @functools.cached_property
    def words(self) -> ProgrammeSentences:
        """The report's data-driven sentences, chosen from its facts."""
        names = {c.slug: c.name for c in self.registry.cities}
        return ProgrammeSentences(self.text, self.facts, names, self.months)

    @functools.cached_property
    def facts(self) -> dict:
        """Every fact the report states (:func:`~exceed_analysis.reports.programme_claims.programme_facts`)."""
        return programme_facts(self.indicators, {c.slug: c.name for c in self.registry.cities})

    def beneficiaries(self) -> Html:
        """The beneficiaries of the period: totals, withdrawn and prevented, biggest cities."""
        body = self.words.beneficiaries(
            len(self.cities),
            self._number("city"),
            self._number("age_group"),
            span_references(self, ["city", "sector", "sex", "age_group"]),
        )
        return Html(self._heading("beneficiaries") + Markup("\n") + body)

    def education(self) -> Html:
        """Education services as the donor counts them."""
        return self._section(
            "education",
            body=self.words.education_body(self._number("education"), references(self, "education")),
        )

    def cumulative(self) -> Html:
        """Cumulative children withdrawn and prevented since the start, against targets."""
        cum = self.figures.cumulative
        return self._section(
            "cumulative",
            **references(self, "cumulative"),
            since=format_date(self.programme_start, "MMMM y", locale=self.language),
            end=self.period.end,
            horizon=self.targets.horizon,
            illustrative=self.targets.illustrative,
            best_worst=self.words.best_worst(),
            **self.words.cumulative_parts({t: cum.of(t).target for t in ("withdrawn", "prevented")}),
            n_cities=len(self.cities),
            n_registry=len(self.registry.cities),
        )

    def trend(self) -> Html:
        """Beneficiaries quarter by quarter, from the programme start."""
        labels = [self.quarter_label(q) for q in self.quarters]
        return self._section(
            "trend", body=self.words.trend(labels, self._number("trend"), references(self, "trend"))
        )

    def ranking(self) -> Html:
        """How the cities rank on each headline figure."""
        return self._section(
            "ranking",
            body=self.words.ranking(self._number("ranking"), self.total, references(self, "ranking")),
        )

    def baseline(self) -> Html:
        """The September 2010 family-contact baseline, recomputed from the registers."""
        if self.is_empty("baseline"):
            return Html(
                self._heading("baseline")
                + Markup('\n<p class="exceed-missing">{}</p>').format(self.text.phrase("no_baseline"))
            )
        labels = {s: self.text.label("sector", s) for s in BASELINE_SECTORS}
        groups = self.words.baseline(labels, BASELINE_SECTORS)
        return self._section(
            "baseline", **references(self, "baseline"), cutoff=BASELINE_CUTOFF, groups=groups
        )

    def glossary(self) -> Html:
        """The Indonesian programme terms the report uses, explained."""
        terms = self.text.data["glossary"]
        items = Markup("").join(
            Markup("<dt>{}</dt><dd>{}</dd>\n").format(t["term"], t["meaning"]) for t in terms
        )
        intro = self.text.render("glossary")
        return Html(
            self._heading("glossary")
            + Markup("\n")
            + intro
            + Markup('\n<dl class="exceed-glossary">\n')
            + items
            + Markup("</dl>")
        )
