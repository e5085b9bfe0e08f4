"""The programme report: every EXCEED city side by side for one period.

Where the city report (:mod:`exceed_analysis.reports.city`) tells one city's story, this report
adds the cities up for the donor and for programme management: beneficiaries by city,
sector, sex and age group (withdrawn and prevented), education services as the donor
counts them, cumulative totals against the targets of ``config/targets.yml``, a quarterly
trend, cities ranked by their headline figures and the September 2010 family-contact
baseline. ``notebooks/programme_report.ipynb`` shows it, one call per cell::

    rep = ProgrammeReport.load("2012Q4", language="en")
    rep.indicators["beneficiaries"]["total"]
    display(*rep.exhibit("city"))
    rep.write_outputs("outputs/2012Q4/programme")

Each city's figures are computed exactly as its city report computes them
(:func:`exceed_analysis.figures.indicators.compute_indicators`, over the period clipped to the
city's programme start); the programme figures are computed from the cities' children and
services pooled, and equal the sum of the cities because every child belongs to one city.

The words come from ``templates/text/programme-<language>.yml`` (``id`` or ``en``); numbers
and dates are written by Babel in the report's language.

Examples
--------
>>> rank_cities({"semarang": 5, "surabaya": 9, "sambas": 5, "bandung": 2})
[(1, 'surabaya', 9), (2, 'semarang', 5), (2, 'sambas', 5), (4, 'bandung', 2)]
>>> whole_percent(22, 25), whole_percent(1, 8)
(88, 13)
>>> [age_group(a) for a in (11, 13, 16, 17)]
['under_13', '13_14', '15_16', '17']
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import yaml
from babel.dates import format_date
from markupsafe import Markup

from exceed_analysis.reports import charts
from exceed_analysis.reports.apparatus import anchor
from exceed_analysis.reports import formatting
from exceed_analysis.figures import indicators as ind
from exceed_analysis.config import City, Registry, paths, registry
from exceed_analysis.errors import ExceedError, ParameterError
from exceed_analysis.periods import Period, PeriodError, parse_period, quarter_of
from exceed_analysis.reports.city import Html
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS, SECTORS, SEXES
from exceed_analysis.store.parquet import CityData, load_city
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.text import Catalogue, _make_env

__all__ = [
    "AGE_GROUPS",
    "BASELINE_CUTOFF",
    "BASELINE_SECTORS",
    "DONOR_EDUCATION",
    "HEADLINES",
    "LANGUAGES",
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

LANGUAGES = ("id", "en")
"""Editions of the programme report (``templates/text/programme-<language>.yml``)."""

_TEXT_DIR = Path(__file__).resolve().parents[1] / "templates" / "text"

POOLED_KEY = ["city", "partner", "child_id"]
"""A child across cities (child ids are unique within a partner only)."""

AGE_GROUPS: dict[str, tuple[int, int]] = {
    "under_13": (0, 12),
    "13_14": (13, 14),
    "15_16": (15, 16),
    "17": (17, 17),
}
"""Age groups at intake (completed years), always shown, in order."""

OLDER = "18_plus"
"""The group of a child older than 17 at intake (shown only when there is one)."""

DONOR_EDUCATION = ("bridging_course", "remedial", "formal_or_equivalency", "skills_course")
"""Education services as the donor counts them; ``formal_or_equivalency`` is a child in
formal school or in kejar paket (equivalency education) at intake."""

HEADLINES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("beneficiaries", ("beneficiaries", "total")),
    ("counseling", ("counseling", "children")),
    ("health_check", ("health_check", "children")),
    ("skills_course", ("education_services", "skills_course")),
    ("internship", ("internship", "children")),
)
"""Headline figures cities are ranked by: name and path in a city's indicators."""

BASELINE_CUTOFF = dt.date(2010, 9, 30)
"""The September 2010 baseline: children enrolled up to this day."""

BASELINE_SECTORS = ("anak_jalanan_perempuan", "eska", "prta")
"""The groups of the baseline table, in the seed's order."""

TABLES = ("city", "sector", "sex", "age_group", "education", "cumulative", "trend", "ranking",
          "baseline")
"""The report's tables in order (their numbers are their positions, from 1)."""

LINE_COLOURS = (*charts.PALETTE, "#2A9D8F", "#1F2933", "#B5651D")
"""One colour per city for the trend chart."""

CONTACT_COLOURS = {"daily": charts.PALETTE[1], "periodic": charts.PALETTE[2],
                   "never": charts.PALETTE[0], "unknown": "#BBBBBB"}


# --------------------------------------------------------------------------- small pieces

def join_and(items: Iterable, conjunction: str = "dan") -> str:
    """Join words as a sentence does: ``a, b dan c``.

    Parameters
    ----------
    items : iterable
        The words (converted with ``str``).
    conjunction : str
        The word before the last item (``dan``, ``and``).

    Returns
    -------
    str
        The joined words; empty for no items.

    Examples
    --------
    >>> join_and(["Sambas", "Sanggau", "Pontianak"], "and")
    'Sambas, Sanggau and Pontianak'
    >>> join_and(["Sambas"])
    'Sambas'
    """
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def whole_percent(part: float, whole: float) -> int:
    """``part`` of ``whole`` in whole percent, rounded half up (0 when ``whole`` is 0).

    Parameters
    ----------
    part, whole : float
        The counts.

    Returns
    -------
    int
        The rounded percentage, as the seed's baseline table prints it.

    Examples
    --------
    >>> whole_percent(63, 100), whole_percent(1, 8), whole_percent(0, 0)
    (63, 13, 0)
    """
    if not whole:
        return 0
    return int(math.floor(100.0 * part / whole + 0.5 + 1e-9))


def age_group(age: int) -> str:
    """The age group (a key of :data:`AGE_GROUPS`, or ``18_plus``) of an age at intake.

    Parameters
    ----------
    age : int
        Completed years at intake.

    Returns
    -------
    str
        ``under_13``, ``13_14``, ``15_16``, ``17`` or ``18_plus``.

    Examples
    --------
    >>> age_group(5), age_group(15), age_group(18)
    ('under_13', '15_16', '18_plus')
    """
    for key, (low, high) in AGE_GROUPS.items():
        if low <= int(age) <= high:
            return key
    return OLDER if int(age) > 17 else "under_13"


def rank_cities(values: Mapping[str, int]) -> list[tuple[int, str, int]]:
    """Rank cities by a figure, largest first; equal figures share a rank ("1, 2, 2, 4").

    Parameters
    ----------
    values : mapping
        City slug to figure, in the order ties are listed in (the registry's).

    Returns
    -------
    list of (rank, slug, value)
        Sorted by value, descending; ties keep the order of ``values``.

    Examples
    --------
    >>> rank_cities({"a": 3, "b": 7, "c": 7})
    [(1, 'b', 7), (1, 'c', 7), (3, 'a', 3)]
    """
    ordered = sorted(values.items(), key=lambda kv: -kv[1])  # stable: ties keep input order
    out: list[tuple[int, str, int]] = []
    for position, (slug, value) in enumerate(ordered, start=1):
        rank = out[-1][0] if out and out[-1][2] == value else position
        out.append((rank, slug, int(value)))
    return out


def by_beneficiary_type(frame: pd.DataFrame, column: str, categories: Sequence) -> pd.DataFrame:
    """Children per category of ``column``, withdrawn and prevented apart.

    Parameters
    ----------
    frame : pandas.DataFrame
        Children (one row each) with ``column`` and ``beneficiary_type``.
    column : str
        The column to group by.
    categories : sequence
        Categories always listed (0 when empty); others found in the data follow.

    Returns
    -------
    pandas.DataFrame
        Indexed by category, columns ``withdrawn``, ``prevented``, ``total`` (ints).

    Examples
    --------
    >>> kids = pd.DataFrame({"sex": ["F", "F", "M"],
    ...                      "beneficiary_type": ["withdrawn", "prevented", "withdrawn"]})
    >>> by_beneficiary_type(kids, "sex", ["F", "M"]).to_dict("index")
    {'F': {'withdrawn': 1, 'prevented': 1, 'total': 2}, 'M': {'withdrawn': 1, 'prevented': 0, 'total': 1}}
    """
    counts = frame.groupby([column, "beneficiary_type"]).size()
    table = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    cats = list(categories)
    extra = sorted(set(table.index) - set(cats), key=str)
    table = table.reindex(index=cats + extra, columns=list(BENEFICIARY_TYPES), fill_value=0)
    table = table.fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    table.index.name = column
    table.columns.name = None
    return table


def _typed(frame: pd.DataFrame, column: str, categories: Sequence) -> dict[str, dict[str, int]]:
    """:func:`by_beneficiary_type` as plain data: ``{category: {withdrawn, prevented, total}}``."""
    table = by_beneficiary_type(frame, column, categories)
    return {str(k): {t: int(v) for t, v in row.items()} for k, row in table.iterrows()}


def donor_education(ben: pd.DataFrame, svc: pd.DataFrame) -> dict[str, int]:
    """Children receiving each education service as the donor counts them.

    Parameters
    ----------
    ben : pandas.DataFrame
        The period's beneficiaries (of one city).
    svc : pandas.DataFrame
        Their services in the period (:func:`exceed_analysis.figures.indicators.services_in_period`).

    Returns
    -------
    dict
        ``bridging_course``, ``remedial`` and ``skills_course``: distinct children with the
        service in the period; ``formal_or_equivalency``: beneficiaries in formal school or
        kejar paket at intake.
    """
    return {
        "bridging_course": ind.children_served(svc, "bridging_course"),
        "remedial": ind.children_served(svc, "remedial"),
        "formal_or_equivalency": int(ben["school_status"].isin(("formal", "kejar_paket")).sum()),
        "skills_course": ind.children_served(svc, "skills_course"),
    }


def cumulative_enrolled(children: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, int]:
    """Distinct children enrolled from ``start`` to ``end`` (intake dates), by type.

    Parameters
    ----------
    children : pandas.DataFrame
        One city's children.
    start, end : datetime.date
        The city's programme start and the period end.

    Returns
    -------
    dict
        ``{"withdrawn": n, "prevented": n}``.

    Examples
    --------
    >>> kids = pd.DataFrame({"partner": ["A", "A", "A"], "child_id": ["1", "2", "3"],
    ...     "beneficiary_type": ["withdrawn", "prevented", "withdrawn"],
    ...     "intake_date": pd.to_datetime(["2010-05-03", "2010-06-01", "2011-02-01"])})
    >>> cumulative_enrolled(kids, dt.date(2010, 5, 1), dt.date(2010, 12, 31))
    {'withdrawn': 1, 'prevented': 1}
    """
    d = children["intake_date"]
    rows = children.loc[(d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))]
    counts = rows.drop_duplicates(subset=ind.KEY)["beneficiary_type"].value_counts()
    return {t: int(counts.get(t, 0)) for t in BENEFICIARY_TYPES}


def programme_quarters(start: dt.date, end: dt.date) -> list[Period]:
    """The calendar quarters from ``start`` to ``end``, the first and last clipped to them.

    Parameters
    ----------
    start, end : datetime.date
        The programme start and the report period's end.

    Returns
    -------
    list of Period
        Quarters named ``2010Q2`` ...; ``start`` of the first is ``start`` and ``end`` of
        the last is ``end``.

    Examples
    --------
    >>> qs = programme_quarters(dt.date(2010, 5, 1), dt.date(2011, 2, 15))
    >>> [q.name for q in qs], qs[0].start, qs[-1].end
    (['2010Q2', '2010Q3', '2010Q4', '2011Q1'], datetime.date(2010, 5, 1), datetime.date(2011, 2, 15))
    """
    out: list[Period] = []
    q = quarter_of(start)
    while q.start <= end:
        out.append(replace(q, start=max(q.start, start), end=min(q.end, end)))
        q = quarter_of(q.end + dt.timedelta(days=1))
    return out


def quarterly_beneficiaries(children: pd.DataFrame, quarters: Sequence[Period],
                            programme_start: dt.date) -> list[int]:
    """A city's beneficiaries in each quarter (0 before its programme started).

    Parameters
    ----------
    children : pandas.DataFrame
        One city's children.
    quarters : sequence of Period
        From :func:`programme_quarters`.
    programme_start : datetime.date
        The city's programme start; each quarter is clipped to it.

    Returns
    -------
    list of int
        One count per quarter.
    """
    return [len(ind.beneficiaries(children, q.clip_start(programme_start)))
            if q.end >= programme_start else 0 for q in quarters]


def family_contact_baseline(children: pd.DataFrame, cutoff: dt.date = BASELINE_CUTOFF,
                            sectors: Sequence[str] = BASELINE_SECTORS) -> pd.DataFrame:
    """The family-contact baseline: children enrolled by ``cutoff``, per sector (all
    cities pooled), by family contact recorded at intake.

    Parameters
    ----------
    children : pandas.DataFrame
        Children of every city (with ``city``, ``partner``, ``child_id``, ``sector``,
        ``intake_date`` and ``family_contact``).
    cutoff : datetime.date
        Last intake date counted (the baseline of September 2010).
    sectors : sequence of str
        The sectors (rows), in order.

    Returns
    -------
    pandas.DataFrame
        Indexed by sector: ``children``, a count per contact (``daily``, ``periodic``,
        ``never``, ``unknown``) and ``<contact>_percent`` in whole percent (half up).

    Examples
    --------
    >>> kids = pd.DataFrame({"city": "x", "partner": "A", "child_id": list("1234"),
    ...     "sector": ["eska"] * 4, "family_contact": ["daily", "daily", "never", "unknown"],
    ...     "intake_date": pd.to_datetime(["2010-05-01", "2010-06-01", "2010-09-30", "2010-10-01"])})
    >>> family_contact_baseline(kids, sectors=["eska"]).loc["eska", "daily_percent"]
    np.int64(67)
    """
    early = children.loc[children["intake_date"] <= pd.Timestamp(cutoff)]
    early = early.drop_duplicates(subset=[c for c in POOLED_KEY if c in early.columns])
    counts = early.groupby(["sector", "family_contact"]).size()
    table = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    table = table.reindex(index=list(sectors), columns=list(FAMILY_CONTACTS), fill_value=0)
    table = table.fillna(0).astype(int)
    table.insert(0, "children", table.sum(axis=1))
    for c in FAMILY_CONTACTS:
        table[f"{c}_percent"] = [whole_percent(n, t) for n, t in zip(table[c], table["children"])]
    table.index.name = "sector"
    table.columns.name = None
    return table


# --------------------------------------------------------------------------- targets

class TargetsError(ExceedError, ValueError):
    """``config/targets.yml`` is missing a city or its total does not add up."""


@dataclass(frozen=True)
class Targets:
    """Cumulative targets: children withdrawn and prevented by ``horizon``."""

    total: dict[str, int]
    by_city: dict[str, dict[str, int]]
    horizon: dt.date
    illustrative: bool


def load_targets(path: Path | None = None, reg: Registry | None = None) -> Targets:
    """Read and check the programme targets (``config/targets.yml``).

    Parameters
    ----------
    path : pathlib.Path, optional
        The targets file; defaults to the project's ``config/targets.yml``.
    reg : Registry, optional
        The city registry every city of which needs a target.

    Returns
    -------
    Targets

    Raises
    ------
    TargetsError
        When a registry city has no target, a target is not a positive whole number, or the
        total is not the sum of the cities.
    """
    path = path or paths().config_dir / "targets.yml"
    reg = reg or registry()
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    cities = raw.get("cities") or {}
    missing = [s for s in reg.slugs if s not in cities]
    unknown = [s for s in cities if s not in reg.slugs]
    if missing or unknown:
        raise TargetsError(f"{path.name}: cities without a target: {missing}; "
                           f"targets for unknown cities: {unknown}")
    by_city = {}
    for slug in reg.slugs:
        entry = cities[slug]
        for t in BENEFICIARY_TYPES:
            if not isinstance(entry.get(t), int) or entry[t] <= 0:
                raise TargetsError(f"{path.name}: {slug}.{t} must be a positive whole number")
        by_city[slug] = {t: int(entry[t]) for t in BENEFICIARY_TYPES}
    total = {t: int(raw["total"][t]) for t in BENEFICIARY_TYPES}
    for t in BENEFICIARY_TYPES:
        summed = sum(c[t] for c in by_city.values())
        if summed != total[t]:
            raise TargetsError(f"{path.name}: total.{t} is {total[t]} but the cities add up to {summed}")
    horizon = raw.get("horizon")
    horizon = horizon if isinstance(horizon, dt.date) else dt.date.fromisoformat(str(horizon))
    return Targets(total, by_city, horizon, bool(raw.get("illustrative", True)))


# --------------------------------------------------------------------------- words

@functools.lru_cache(maxsize=None)
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
    if language not in LANGUAGES:
        raise ParameterError(f"unknown language {language!r}; available: {', '.join(LANGUAGES)}")
    with open(_TEXT_DIR / f"programme-{language}.yml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    env = _make_env(language, data["templates"])
    conjunction = data["phrases"]["and"]
    env.filters["join_and"] = functools.partial(join_and, conjunction=conjunction)
    return Catalogue(language, data, env)


# --------------------------------------------------------------------------- charts

def _style(fig: go.Figure, title: str, axis_title: str, language: str, height: int) -> go.Figure:
    charts._layout(fig, title, axis_title, height=height)
    fig.update_layout(separators=",." if language == "id" else ".,")
    return fig


def stacked_bar_chart(key: str, title: str, categories: Sequence[str],
                      series: Mapping[str, Sequence[float]], axis_title: str, *,
                      language: str = "id", horizontal: bool = False,
                      texts: Mapping[str, Sequence[str]] | None = None,
                      colours: Sequence[str] | None = None,
                      barmode: str = "stack", percent_axis: bool = False) -> charts.Chart:
    """Bars of several series, stacked (or grouped side by side).

    Parameters
    ----------
    key, title : str
        The chart's key and title.
    categories : sequence of str
        One bar (or group) per category; the first on top when ``horizontal``.
    series : mapping
        Series name (shown in the legend) to one value per category.
    axis_title : str
        Title of the value axis.
    language : str
        ``id`` or ``en``: the chart's decimal and thousands separators.
    horizontal : bool
        Horizontal bars (for long category names).
    texts : mapping, optional
        Per series, the label printed in each bar; default the value (blank for 0).
    colours : sequence of str, optional
        One colour per series; default :data:`exceed_analysis.reports.charts.PALETTE`.
    barmode : {"stack", "group"}
        Stacked or side by side.
    percent_axis : bool
        Value axis in percent (``%`` after the ticks).

    Returns
    -------
    exceed_analysis.reports.charts.Chart
    """
    colours = list(colours or charts.PALETTE)
    traces = []
    for i, (name, values) in enumerate(series.items()):
        vals = [float(v) if percent_axis else int(v) for v in values]
        labels = list(texts[name]) if texts is not None else [str(int(v)) if v else "" for v in vals]
        xy = {"y": list(categories), "x": vals} if horizontal else {"x": list(categories), "y": vals}
        traces.append(go.Bar(name=name, orientation="h" if horizontal else "v",
                             marker_color=colours[i % len(colours)], text=labels,
                             textposition="inside" if barmode == "stack" else "outside",
                             textangle=0, insidetextanchor="middle", cliponaxis=False, **xy))
    fig = go.Figure(traces)
    n = len(categories) * (len(series) if barmode == "group" and horizontal else 1)
    height = max(260, 150 + 36 * n) if horizontal else 400
    _style(fig, title, "" if horizontal else axis_title, language, height)
    value_axis = {"title": {"text": axis_title}, "rangemode": "tozero", "gridcolor": "#E5E5E5",
                  "tickformat": "d", "ticksuffix": " %" if percent_axis else ""}
    if horizontal:
        # legend between the title and the bars: below them it would cover the axis title
        fig.update_layout(barmode=barmode, xaxis=value_axis,
                          title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 10}},
                          margin={"t": 80},
                          legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                                  "yanchor": "bottom", "traceorder": "normal"},
                          yaxis={"autorange": "reversed", "title": {"text": ""},
                                 "tickformat": "", "automargin": True, "ticklabelstandoff": 6})
    else:
        # legend above the bars: below them it covered the rotated category labels
        fig.update_layout(barmode=barmode, yaxis=value_axis, **charts.LEGEND_ON_TOP)
    fig.update_layout(showlegend=len(series) > 1, uniformtext={"minsize": 9, "mode": "hide"})
    return charts.Chart(key, fig)


def _line_chart(key: str, title: str, x: Sequence[str], series: Mapping[str, Sequence[int]],
                axis_title: str, language: str) -> charts.Chart:
    fig = go.Figure([
        go.Scatter(name=name, x=list(x), y=[int(v) for v in values], mode="lines+markers",
                   line={"color": LINE_COLOURS[i % len(LINE_COLOURS)], "width": 2},
                   marker={"size": 5})
        for i, (name, values) in enumerate(series.items())
    ])
    _style(fig, title, axis_title, language, 420)
    fig.update_layout(showlegend=True, **charts.LEGEND_ON_TOP)  # clear of the rotated quarters
    fig.update_layout(margin={"t": 110})
    return charts.Chart(key, fig)


# --------------------------------------------------------------------------- the report

def resolve_period(period: str, reg: Registry | None = None) -> tuple[Period, dict[str, Period]]:
    """Check a programme report's period; raise :class:`ParameterError` (one line) early.

    Parameters
    ----------
    period : str
        ``2012``, ``2012H2``, ``2012Q4`` or ``2012-01-01..2012-06-30``.
    reg : Registry, optional
        The city registry.

    Returns
    -------
    (Period, dict)
        The programme period (clipped to the earliest programme start of a city that had
        started by its end) and, per such city, its own period clipped to its start.

    Raises
    ------
    ParameterError
        For a malformed period or one that ends before any city's programme started.

    Examples
    --------
    >>> p, cities = resolve_period("2010")
    >>> p.months_label(), len(cities)
    ('Mei - Desember 2010', 8)
    """
    reg = reg or registry()
    try:
        p = parse_period(period)
    except PeriodError as exc:
        raise ParameterError(str(exc)) from None
    started = [c for c in reg.cities if c.programme_start <= p.end]
    if not started:
        first = min(c.programme_start for c in reg.cities)
        raise ParameterError(f"period {p.name} ends before the programme started ({first:%Y-%m-%d})")
    city_periods = {c.slug: p.clip_start(c.programme_start) for c in started}
    return p.clip_start(min(c.programme_start for c in started)), city_periods


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    filled = [f for f in frames if len(f)]
    return pd.concat(filled, ignore_index=True) if filled else frames[0].iloc[:0]


@dataclass
class ProgrammeReport:
    """Everything the programme report shows, computed once.

    Build it with :meth:`load`. ``indicators`` holds every figure the report states.
    """

    registry: Registry
    period: Period
    city_periods: dict[str, Period]
    data: dict[str, CityData]
    targets: Targets
    text: Catalogue
    synthetic: bool = True
    processed: Path | None = None
    indicators: dict = field(init=False)
    _tables: dict[str, ReportTable] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.cities: tuple[City, ...] = tuple(self.registry.city(s) for s in self.city_periods)
        self.city_indicators: dict[str, dict] = {}
        bens, svcs = [], []
        for c in self.cities:
            d, p = self.data[c.slug], self.city_periods[c.slug]
            self.city_indicators[c.slug] = ind.compute_indicators(
                d.children, d.services, p, c.partner_codes)
            ben = ind.beneficiaries(d.children, p)
            bens.append(ben.assign(city=c.slug))
            svcs.append(ind.services_in_period(d.services, p, ben).assign(city=c.slug))
        self.ben = _concat(bens)
        self.ben = self.ben.assign(age_group=self.ben["age_at_intake"].map(age_group))
        self.svc = _concat(svcs)
        self.programme_start: dt.date = min(c.programme_start for c in self.cities)
        self.quarters = programme_quarters(self.programme_start, self.period.end)
        self.indicators = self._compute()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, period: str, language: str = "id", processed: Path | None = None) -> "ProgrammeReport":
        """Check the parameters, then read every city's processed data and the targets.

        Parameters
        ----------
        period : str
            The report period (see :func:`exceed_analysis.periods.parse_period`).
        language : str
            ``id`` (default) or ``en``.
        processed : pathlib.Path, optional
            The processed store; defaults to the project's ``data/processed``.

        Returns
        -------
        ProgrammeReport
        """
        reg = registry()
        text = programme_catalogue(language)
        p, city_periods = resolve_period(period, reg)
        data = {slug: load_city(slug, processed) for slug in city_periods}
        synthetic = bool(reg.programme.get("synthetic_data", True))
        return cls(reg, p, city_periods, data, load_targets(reg=reg), text, synthetic, processed)

    def with_period(self, period: str, language: str | None = None) -> "ProgrammeReport":
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
        return ProgrammeReport(self.registry, p, city_periods, data, self.targets, text,
                               self.synthetic, self.processed)

    # ------------------------------------------------------------------ figures

    @property
    def language(self) -> str:
        return self.text.language

    @property
    def total(self) -> int:
        return self.indicators["beneficiaries"]["total"]

    @property
    def months(self) -> str:
        return self.period.months_label(self.language)

    @property
    def page_title(self) -> str:
        """Text for the HTML page's ``<title>``."""
        return f"{self.text.phrase('report_title')}: {self.months}"

    def _served(self, names: str | Sequence[str]) -> int:
        names = (names,) if isinstance(names, str) else tuple(names)
        rows = self.svc.loc[self.svc["service"].isin(names)]
        return len(rows[POOLED_KEY].drop_duplicates())

    def _cumulative(self, slug: str) -> dict[str, int]:
        c = self.registry.city(slug)
        return cumulative_enrolled(self.data[slug].children, c.programme_start, self.period.end)

    def _compute(self) -> dict:
        slugs = [c.slug for c in self.cities]
        ben = self.ben

        age_cats = list(AGE_GROUPS) + ([OLDER] if (ben["age_group"] == OLDER).any() else [])
        by_type = ben["beneficiary_type"].value_counts()

        education_by_city = {}
        for c in self.cities:
            d, p = self.data[c.slug], self.city_periods[c.slug]
            b = ind.beneficiaries(d.children, p)
            education_by_city[c.slug] = donor_education(b, ind.services_in_period(d.services, p, b))

        def pct(n: int, target: int) -> float:
            return round(formatting.percent(n, target), 4)

        cumulative_by_city = {}
        for c in self.cities:
            got, target = self._cumulative(c.slug), self.targets.by_city[c.slug]
            cumulative_by_city[c.slug] = {
                "start": c.programme_start.isoformat(),
                **{t: {"children": got[t], "target": target[t], "percent_of_target": pct(got[t], target[t])}
                   for t in BENEFICIARY_TYPES}}
        cum_total = {t: sum(v[t]["children"] for v in cumulative_by_city.values()) for t in BENEFICIARY_TYPES}
        # the programme target is of every registry city, started or not
        cumulative = {
            "start": self.programme_start.isoformat(), "end": self.period.end.isoformat(),
            "horizon": self.targets.horizon.isoformat(), "illustrative_targets": self.targets.illustrative,
            **{t: {"children": cum_total[t], "target": self.targets.total[t],
                   "percent_of_target": pct(cum_total[t], self.targets.total[t])} for t in BENEFICIARY_TYPES},
            "by_city": cumulative_by_city,
        }

        trend_by_city = {c.slug: quarterly_beneficiaries(self.data[c.slug].children, self.quarters,
                                                         c.programme_start) for c in self.cities}
        trend = {"quarters": [q.name for q in self.quarters],
                 "quarter_start": [q.start.isoformat() for q in self.quarters],
                 "quarter_end": [q.end.isoformat() for q in self.quarters],
                 "by_city": trend_by_city,
                 "total": [sum(v[i] for v in trend_by_city.values()) for i in range(len(self.quarters))]}

        def headline(slug: str, path: tuple[str, str]) -> int:
            return int(self.city_indicators[slug][path[0]][path[1]])

        ranking = {name: [{"rank": r, "city": s, "value": v}
                          for r, s, v in rank_cities({s: headline(s, path) for s in slugs})]
                   for name, path in HEADLINES}

        base = family_contact_baseline(_concat([self.data[s].children for s in slugs]))
        baseline = {"cutoff": BASELINE_CUTOFF.isoformat(), "by_sector": {
            s: {"children": int(row["children"]),
                "counts": {c: int(row[c]) for c in FAMILY_CONTACTS},
                "percent": {c: int(row[f"{c}_percent"]) for c in FAMILY_CONTACTS}}
            for s, row in base.iterrows()}}

        cities = {}
        for c in self.cities:
            i, p = self.city_indicators[c.slug], self.city_periods[c.slug]
            cb = ben.loc[ben["city"] == c.slug]
            cities[c.slug] = {
                "period_start": p.start.isoformat(), "period_end": p.end.isoformat(),
                "beneficiaries": {
                    "total": i["beneficiaries"]["total"],
                    "by_beneficiary_type": i["beneficiaries"]["by_beneficiary_type"],
                    "by_sex": i["beneficiaries"]["by_sex"],
                    "by_sector": {k: v["total"] for k, v in _typed(cb, "sector", c.sectors).items()},
                    "by_age_group": {k: v["total"] for k, v in _typed(cb, "age_group", age_cats).items()},
                },
                **{name: {"children": headline(c.slug, path)} for name, path in HEADLINES[1:]},
                "education_services": education_by_city[c.slug],
                "cumulative": cumulative_by_city[c.slug],
                "rank": {name: next(r["rank"] for r in ranking[name] if r["city"] == c.slug)
                         for name, _ in HEADLINES},
            }

        return {
            "programme": self.registry.programme.get("name", "EXCEED"),
            "period": self.period.name,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "cities_included": slugs,
            "beneficiaries": {
                "total": int(len(ben)),
                "by_beneficiary_type": {t: int(by_type.get(t, 0)) for t in BENEFICIARY_TYPES},
                "by_city": _typed(ben, "city", slugs),
                "by_sector": _typed(ben, "sector", [s for s in SECTORS if s in self.registry.sectors]),
                "by_sex": _typed(ben, "sex", SEXES),
                "by_age_group": _typed(ben, "age_group", age_cats),
            },
            "counseling": {"children": self._served("counseling")},
            "health_check": {"children": self._served(ind.HEALTH_SERVICES)},
            "internship": {"children": self._served("internship")},
            "education_services": {
                **{k: sum(e[k] for e in education_by_city.values()) for k in DONOR_EDUCATION},
                "by_city": education_by_city,
            },
            "cumulative": cumulative,
            "trend": trend,
            "ranking": ranking,
            "baseline_family_contact": baseline,
            "cities": cities,
        }

    # ------------------------------------------------------------------ helpers

    def _fmt(self, n: int, dash: bool = False) -> str:
        return formatting.fmt_count(n, locale=self.language, dash_for_zero=dash)

    def _pct(self, part: float, whole: float) -> str:
        return formatting.fmt_percent(part, whole, locale=self.language)

    def _whole(self, value: int) -> str:
        return formatting.fmt_share(value, 0, locale=self.language)

    def _col(self, key: str) -> str:
        return self.text.data["labels"]["columns"][key]

    def _heading(self, key: str, level: int = 2) -> Markup:
        text = self.text.heading(key)
        return Markup(f'<h{level} id="{{}}">{{}}</h{level}>').format(anchor(text), text)

    def _section(self, key: str, **context) -> Html:
        body = self.text.render(key, months=self.months, total=self.total, **context)
        return Html(self._heading(key) + Markup("\n") + body)

    def _number(self, key: str) -> int:
        return TABLES.index(key) + 1

    def _city_name(self, slug: str) -> str:
        return self.registry.city(slug).name

    # ------------------------------------------------------------------ sections

    def title(self) -> Html:
        """The cover: programme, months covered, cities and the synthetic-data notice."""
        provinces = {c.province for c in self.registry.cities}
        return Html(self.text.render(
            "title", months=self.months, synthetic=self.synthetic,
            n_cities=len(self.registry.cities), n_provinces=len(provinces)))

    def introduction(self) -> Html:
        """What the report covers and how the figures are counted."""
        started = {c.slug for c in self.cities}
        waiting = [c.name for c in self.registry.cities if c.slug not in started]
        return self._section("introduction", cities=[c.name for c in self.cities],
                             n_cities=len(self.cities), waiting=waiting)

    def beneficiaries(self) -> Html:
        """The beneficiaries of the period: totals, withdrawn and prevented, biggest city."""
        b = self.indicators["beneficiaries"]
        by_city = {s: v["total"] for s, v in b["by_city"].items()}
        top = rank_cities(by_city)[0] if by_city else (0, "", 0)
        groups = b["by_age_group"]
        top_group = max(groups, key=lambda g: groups[g]["total"]) if groups else ""
        return self._section(
            "beneficiaries", n_cities=len(self.cities),
            withdrawn=b["by_beneficiary_type"]["withdrawn"],
            prevented=b["by_beneficiary_type"]["prevented"],
            top_city=self._city_name(top[1]) if top[1] else "", top_city_n=top[2],
            girls=b["by_sex"]["F"]["total"],
            top_age_group=self.text.label("age_group", top_group), top_age_group_n=groups[top_group]["total"],
            first_table=self._number("city"), last_table=self._number("age_group"))

    def education(self) -> Html:
        """Education services as the donor counts them."""
        e = {k: self.indicators["education_services"][k] for k in DONOR_EDUCATION}
        top = max(e, key=lambda k: e[k])
        return self._section("education", table_no=self._number("education"), **e,
                             top_service=self.text.label("education", top), top_service_n=e[top])

    def cumulative(self) -> Html:
        """Cumulative children withdrawn and prevented since the start, against targets."""
        cum = self.indicators["cumulative"]
        w = {s: v["withdrawn"]["percent_of_target"] for s, v in cum["by_city"].items()}
        best = max(w, key=lambda s: w[s]) if w else ""
        worst = min(w, key=lambda s: w[s]) if w else ""
        per = cum["by_city"]
        return self._section(
            "cumulative", table_no=self._number("cumulative"),
            since=format_date(self.programme_start, "MMMM y", locale=self.language),
            end=self.period.end, horizon=self.targets.horizon, illustrative=self.targets.illustrative,
            withdrawn=cum["withdrawn"]["children"], withdrawn_target=cum["withdrawn"]["target"],
            prevented=cum["prevented"]["children"], prevented_target=cum["prevented"]["target"],
            best_city=self._city_name(best) if best else "",
            best_n=per[best]["withdrawn"]["children"] if best else 0,
            best_target=per[best]["withdrawn"]["target"] if best else 0,
            worst_city=self._city_name(worst) if worst else "",
            worst_n=per[worst]["withdrawn"]["children"] if worst else 0,
            worst_target=per[worst]["withdrawn"]["target"] if worst else 0,
            n_cities=len(self.cities), n_registry=len(self.registry.cities))

    def _quarter_label(self, q: Period) -> str:
        year, number = q.name.split("Q")
        return self.text.phrase("quarter").format(year=year, q=number)

    def trend(self) -> Html:
        """Beneficiaries quarter by quarter, from the programme start."""
        t = self.indicators["trend"]["total"]
        labels = [self._quarter_label(q) for q in self.quarters]
        peak = max(range(len(t)), key=lambda i: (t[i], i))
        return self._section("trend", table_no=self._number("trend"), n_quarters=len(t),
                             first_quarter=labels[0], first_total=t[0], last_quarter=labels[-1],
                             last_total=t[-1], peak_quarter=labels[peak], peak_total=t[peak],
                             partial_first=self.quarters[0].start != quarter_of(self.quarters[0].start).start)

    def ranking(self) -> Html:
        """How the cities rank on each headline figure."""
        leaders = []
        for name, _ in HEADLINES:
            rows = self.indicators["ranking"][name]
            tops = [r for r in rows if r["rank"] == 1 and r["value"]]
            if tops:
                who = join_and([self._city_name(r["city"]) for r in tops], self.text.phrase("and"))
                leaders.append({"label": self.text.label("headline", name), "cities": who,
                                "n": tops[0]["value"]})
        return self._section("ranking", table_no=self._number("ranking"), leaders=leaders)

    def baseline(self) -> Html:
        """The September 2010 family-contact baseline, recomputed from the registers."""
        if self._is_empty("baseline"):
            return Html(self._heading("baseline") + Markup('\n<p class="exceed-missing">{}</p>').format(
                self.text.phrase("no_baseline")))
        b = self.indicators["baseline_family_contact"]["by_sector"]
        sectors = [{"label": self.text.label("sector", s), **b[s]["percent"], "n": b[s]["children"]}
                   for s in BASELINE_SECTORS]
        return self._section("baseline", table_no=self._number("baseline"), cutoff=BASELINE_CUTOFF,
                             sectors=sectors)

    def glossary(self) -> Html:
        """The Indonesian programme terms the report uses, explained."""
        terms = self.text.data["glossary"]
        items = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>\n").format(t["term"], t["meaning"])
                                for t in terms)
        intro = self.text.render("glossary")
        return Html(self._heading("glossary") + Markup("\n") + intro
                    + Markup('\n<dl class="exceed-glossary">\n') + items + Markup("</dl>"))

    # ------------------------------------------------------------------ tables

    def table(self, key: str) -> ReportTable:
        """A numbered table by key (see :data:`TABLES`)."""
        if key not in TABLES:
            raise KeyError(f"unknown table {key!r}; tables: {', '.join(TABLES)}")
        if key not in self._tables:
            self._tables[key] = getattr(self, f"_table_{key}")(self._number(key))
        return self._tables[key]

    def tables(self) -> dict[str, ReportTable]:
        """Every table of the report, by key, in order."""
        return {k: self.table(k) for k in TABLES}

    def _typed_table(self, key: str, number: int, first_col: str, codes: Sequence[str],
                     labels: Sequence[str], figures: Mapping[str, Mapping[str, int]],
                     code_col: str) -> ReportTable:
        tl = self.text.labels("beneficiary_type")
        total = self.total
        data = pd.DataFrame({
            code_col: list(codes),
            **{t: [figures[c][t] for c in codes] for t in BENEFICIARY_TYPES},
            "children": [figures[c]["total"] for c in codes],
            "percent": [round(formatting.percent(figures[c]["total"], total), 4) for c in codes],
        })
        sums = {t: int(data[t].sum()) for t in BENEFICIARY_TYPES}
        display = pd.DataFrame({
            first_col: list(labels) + [self._col("total")],
            **{tl[t]: [self._fmt(figures[c][t], True) for c in codes] + [self._fmt(sums[t])]
               for t in BENEFICIARY_TYPES},
            self._col("children"): [self._fmt(figures[c]["total"], True) for c in codes] + [self._fmt(total)],
            self._col("percent"): [self._pct(figures[c]["total"], total) for c in codes]
            + [formatting.fmt_share(100.0, locale=self.language) if total else formatting.DASH],
        })
        return ReportTable(number, key, self.text.phrase(f"table_{key}"), data, display,
                           numeric=tuple(display.columns[1:]), label=self.text.phrase("table"))

    def _table_city(self, number: int) -> ReportTable:
        figures = self.indicators["beneficiaries"]["by_city"]
        return self._typed_table("city", number, self._col("city"), list(figures),
                                 [self._city_name(s) for s in figures], figures, "city")

    def _table_sector(self, number: int) -> ReportTable:
        figures = self.indicators["beneficiaries"]["by_sector"]
        return self._typed_table("sector", number, self._col("sector"), list(figures),
                                 [self.text.label("sector", s) for s in figures], figures, "sector")

    def _table_sex(self, number: int) -> ReportTable:
        figures = self.indicators["beneficiaries"]["by_sex"]
        return self._typed_table("sex", number, self._col("sex"), list(figures),
                                 [self.text.label("sex", s) for s in figures], figures, "sex")

    def _table_age_group(self, number: int) -> ReportTable:
        figures = self.indicators["beneficiaries"]["by_age_group"]
        return self._typed_table("age_group", number, self._col("age_group"), list(figures),
                                 [self.text.label("age_group", g) for g in figures], figures, "age_group")

    def _table_education(self, number: int) -> ReportTable:
        e = self.indicators["education_services"]
        by_city = e["by_city"]
        ben = {s: v["total"] for s, v in self.indicators["beneficiaries"]["by_city"].items()}
        slugs = list(by_city)
        data = pd.DataFrame({"city": slugs, "beneficiaries": [ben[s] for s in slugs],
                             **{k: [by_city[s][k] for s in slugs] for k in DONOR_EDUCATION}})
        display = pd.DataFrame({
            self._col("city"): [self._city_name(s) for s in slugs] + [self._col("total")],
            self._col("beneficiaries"): [self._fmt(ben[s], True) for s in slugs] + [self._fmt(self.total)],
            **{self.text.label("education", k): [self._fmt(by_city[s][k], True) for s in slugs]
               + [self._fmt(e[k])] for k in DONOR_EDUCATION},
        })
        return ReportTable(number, "education", self.text.phrase("table_education"), data, display,
                           numeric=tuple(display.columns[1:]), label=self.text.phrase("table"),
                           note=self.text.phrase("note_education"))

    def _table_cumulative(self, number: int) -> ReportTable:
        cum = self.indicators["cumulative"]
        per = cum["by_city"]
        slugs = list(per)
        data = pd.DataFrame({
            "city": slugs + ["total"],
            **{col: [per[s][t][field_] for s in slugs] + [cum[t][field_]]
               for t in BENEFICIARY_TYPES
               for col, field_ in ((t, "children"), (f"{t}_target", "target"),
                                   (f"{t}_percent_of_target", "percent_of_target"))},
        })
        rows = [per[s] for s in slugs] + [cum]
        display = pd.DataFrame({
            self._col("city"): [self._city_name(s) for s in slugs] + [self.text.phrase("programme_total")],
            **{self._col(f"{t}_{part}"): [fmt(r[t]) for r in rows]
               for t in BENEFICIARY_TYPES
               for part, fmt in (("children", lambda v: self._fmt(v["children"])),
                                 ("target", lambda v: self._fmt(v["target"])),
                                 ("percent", lambda v: self._pct(v["children"], v["target"])))},
        })
        note = self.text.phrase("note_cumulative_illustrative" if self.targets.illustrative
                                else "note_cumulative").format(
            horizon=formatting.fmt_date(self.targets.horizon, locale=self.language))
        return ReportTable(number, "cumulative", self.text.phrase("table_cumulative"), data, display,
                           numeric=tuple(display.columns[1:]), label=self.text.phrase("table"), note=note)

    def _table_trend(self, number: int) -> ReportTable:
        t = self.indicators["trend"]
        slugs = list(t["by_city"])
        data = pd.DataFrame({"quarter": t["quarters"], "start": t["quarter_start"], "end": t["quarter_end"],
                             **{s: t["by_city"][s] for s in slugs}, "total": t["total"]})
        display = pd.DataFrame({
            self._col("quarter"): [self._quarter_label(q) for q in self.quarters],
            **{self._city_name(s): [self._fmt(v, True) for v in t["by_city"][s]] for s in slugs},
            self._col("total"): [self._fmt(v) for v in t["total"]],
        })
        return ReportTable(number, "trend", self.text.phrase("table_trend"), data, display,
                           numeric=tuple(display.columns[1:]), label=self.text.phrase("table"),
                           note=self.text.phrase("note_trend"))

    def _table_ranking(self, number: int) -> ReportTable:
        r = self.indicators["ranking"]
        data = pd.DataFrame([{"indicator": name, **row} for name, _ in HEADLINES for row in r[name]])
        n = len(self.cities)

        def cell(row: dict, rows: list[dict]) -> str:
            tied = sum(1 for x in rows if x["rank"] == row["rank"]) > 1
            return f"{'= ' if tied else ''}{self._city_name(row['city'])} ({self._fmt(row['value'])})"

        display = pd.DataFrame({
            self._col("rank"): [str(i + 1) for i in range(n)],
            **{self.text.label("headline", name): [cell(row, r[name]) for row in r[name]]
               for name, _ in HEADLINES},
        })
        return ReportTable(number, "ranking", self.text.phrase("table_ranking"), data, display,
                           numeric=(self._col("rank"),), label=self.text.phrase("table"),
                           note=self.text.phrase("note_ranking"))

    def _table_baseline(self, number: int) -> ReportTable:
        b = self.indicators["baseline_family_contact"]["by_sector"]
        data = pd.DataFrame({
            "sector": list(BASELINE_SECTORS),
            "children": [b[s]["children"] for s in BASELINE_SECTORS],
            **{c: [b[s]["counts"][c] for s in BASELINE_SECTORS] for c in FAMILY_CONTACTS},
            **{f"{c}_percent": [b[s]["percent"][c] for s in BASELINE_SECTORS] for c in FAMILY_CONTACTS},
        })
        display = pd.DataFrame({
            self._col("group"): [self.text.label("sector", s) for s in BASELINE_SECTORS],
            **{self.text.label("family_contact", c):
               [self._whole(b[s]["percent"][c]) for s in BASELINE_SECTORS] for c in FAMILY_CONTACTS},
            self._col("children"): [self._fmt(b[s]["children"]) for s in BASELINE_SECTORS],
        })
        note = self.text.phrase("note_baseline").format(
            cutoff=formatting.fmt_date(BASELINE_CUTOFF, locale=self.language))
        return ReportTable(number, "baseline", self.text.phrase("table_baseline"), data, display,
                           numeric=tuple(display.columns[1:]), label=self.text.phrase("table"), note=note)

    # ------------------------------------------------------------------ charts

    def chart(self, key: str) -> charts.Chart:
        """The chart of a table: every table but ``ranking`` has one."""
        y = self.text.phrase("chart_children")
        tl = self.text.labels("beneficiary_type")
        title = self.text.phrase(f"chart_{key}")
        if key in ("city", "sector", "sex", "age_group"):
            t = self.table(key)
            labels = list(t.display.iloc[:-1, 0])
            series = {tl[b]: list(t.data[b]) for b in BENEFICIARY_TYPES}
            texts = {tl[b]: [self._fmt(v) if v else "" for v in t.data[b]] for b in BENEFICIARY_TYPES}
            return stacked_bar_chart(key, title, labels, series, y, language=self.language,
                                     horizontal=True, texts=texts,
                                     colours=(charts.PALETTE[0], charts.PALETTE[1]))
        if key == "education":
            t = self.table("education")
            labels = [self._city_name(s) for s in t.data["city"]]
            series = {self.text.label("education", k): list(t.data[k]) for k in DONOR_EDUCATION}
            texts = {name: [""] * len(labels) for name in series}
            return stacked_bar_chart(key, title, labels, series, y, language=self.language,
                                     barmode="group", texts=texts)
        if key == "cumulative":
            cum = self.indicators["cumulative"]
            slugs = list(cum["by_city"])
            rows = [cum["by_city"][s] for s in slugs] + [cum]
            labels = [self._city_name(s) for s in slugs] + [self.text.phrase("programme_total")]
            series = {tl[t]: [r[t]["percent_of_target"] for r in rows] for t in BENEFICIARY_TYPES}
            texts = {tl[t]: [self._whole(round(r[t]["percent_of_target"])) for r in rows]
                     for t in BENEFICIARY_TYPES}
            chart = stacked_bar_chart(key, title, labels, series, self.text.phrase("chart_percent_of_target"),
                                      language=self.language, barmode="group", texts=texts,
                                      percent_axis=True, colours=(charts.PALETTE[0], charts.PALETTE[1]))
            chart.figure.add_hline(y=100, line={"color": "#6B6B6B", "dash": "dash", "width": 1})
            chart.figure.update_traces(textfont={"size": 10})
            return chart
        if key == "trend":
            t = self.indicators["trend"]
            series = {self._city_name(s): v for s, v in t["by_city"].items()}
            return _line_chart(key, title, [self._quarter_label(q) for q in self.quarters], series, y,
                               self.language)
        if key == "baseline":
            b = self.indicators["baseline_family_contact"]["by_sector"]
            labels = [self.text.label("sector", s) for s in BASELINE_SECTORS]
            series = {self.text.label("family_contact", c):
                      [formatting.percent(b[s]["counts"][c], b[s]["children"]) for s in BASELINE_SECTORS]
                      for c in FAMILY_CONTACTS}
            texts = {self.text.label("family_contact", c):
                     [self._whole(b[s]["percent"][c]) if b[s]["percent"][c] else "" for s in BASELINE_SECTORS]
                     for c in FAMILY_CONTACTS}
            return stacked_bar_chart(key, title, labels, series, self.text.phrase("chart_percent_children"),
                                     language=self.language, horizontal=True, texts=texts,
                                     percent_axis=True, colours=[CONTACT_COLOURS[c] for c in FAMILY_CONTACTS])
        raise KeyError(f"table {key!r} has no chart")

    _PERIOD_TABLES = ("city", "sector", "sex", "age_group", "education", "ranking")

    @property
    def baseline_available(self) -> bool:
        """Whether the period reaches the baseline's cutoff (September 2010)."""
        return self.period.end >= BASELINE_CUTOFF

    def _is_empty(self, key: str) -> bool:
        i = self.indicators
        if key in self._PERIOD_TABLES:
            return not self.total
        if key == "cumulative":
            return not any(i["cumulative"][t]["children"] for t in BENEFICIARY_TYPES)
        if key == "baseline":
            return not self.baseline_available or not any(
                v["children"] for v in i["baseline_family_contact"]["by_sector"].values())
        return not any(i["trend"]["total"])

    def exhibit(self, key: str) -> tuple:
        """What a notebook cell displays for a table: ``(table, chart)``, ``(table,)`` for
        the ranking, or ``(note,)`` when the period has no data to show.

        Use as ``display(*rep.exhibit("city"))``.
        """
        t = self.table(key)
        if self._is_empty(key):
            return (Html(Markup('<p class="exceed-missing">{}: {}</p>').format(
                t.title, self.text.phrase("no_data"))),)
        return (t,) if key == "ranking" else (t, self.chart(key))

    # ------------------------------------------------------------------ outputs

    def indicators_json(self) -> str:
        """``indicators.json``: every figure the report states, as numbers (no words, so
        both editions write the same file)."""
        return json.dumps(self.indicators, indent=2, ensure_ascii=False) + "\n"

    def write_outputs(self, folder: Path | str) -> list[Path]:
        """Write ``indicators.json`` and ``tables/tabel-<n>-<key>.csv`` into ``folder``.

        Parameters
        ----------
        folder : pathlib.Path or str
            Created when missing (e.g. ``outputs/2012Q4/programme``).

        Returns
        -------
        list of pathlib.Path
            The files written, ``indicators.json`` first.
        """
        folder = Path(folder)
        (folder / "tables").mkdir(parents=True, exist_ok=True)
        written = [folder / "indicators.json"]
        written[0].write_text(self.indicators_json(), encoding="utf-8")
        for key, t in self.tables().items():
            path = folder / "tables" / f"tabel-{t.number}-{key}.csv"
            t.to_csv(path)
            written.append(path)
        return written

