"""The programme report's tables, charts and ``indicators.json``
(:class:`exceed_analysis.reports.programme.ProgrammeReport` mixes this in)."""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Mapping, Sequence

import pandas as pd

from exceed_analysis.config import City
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.disclosure import is_hidden, jsonable
from exceed_analysis.periods import Period
from exceed_analysis.reports import charts, formatting
from exceed_analysis.reports.base import Report, csv_number
from exceed_analysis.reports.programme_exhibits import plain, programme_chart
from exceed_analysis.reports.programme_figures import (
    BASELINE_CUTOFF,
    BASELINE_SECTORS,
    DONOR_EDUCATION,
    Targets,
)
from exceed_analysis.reports.programme_types import (
    ByType,
    CityCumulative,
    Cumulative,
    ProgrammeFigures,
    Ranked,
)
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS

__all__ = ["TABLES", "ProgrammeTables"]

TABLES = ("city", "sector", "sex", "age_group", "education", "cumulative", "trend", "ranking", "baseline")
"""The report's tables in order (their numbers are their positions, from 1)."""

HEADLINES = figures_registry.RANKED


def _share(part: int, whole: int) -> float | None:
    """A percentage for a CSV table: None when its count is withheld."""
    return None if is_hidden(part) else round(formatting.percent(part, whole), 4)


class ProgrammeTables(Report):
    """Tables, charts, exhibits and ``indicators.json`` of the programme report."""

    figures: ProgrammeFigures
    withheld: list[str]
    cities: tuple[City, ...]
    quarters: list[Period]
    targets: Targets
    period: Period

    @property
    @abstractmethod
    def language(self) -> str:
        """The report's language."""

    @property
    @abstractmethod
    def total(self) -> int:
        """The period's beneficiaries, every city."""

    @property
    @abstractmethod
    def months(self) -> str:
        """The months the report covers, in its language."""

    def fmt_count(self, n: int, dash: bool = False) -> str:
        return formatting.fmt_count(n, locale=self.language, dash_for_zero=dash)

    def fmt_pct(self, part: float, whole: float) -> str:
        return formatting.fmt_percent(part, whole, locale=self.language)

    def fmt_whole(self, value: int) -> str:
        if is_hidden(value):
            return value.mark
        return formatting.fmt_share(value, 0, locale=self.language)

    def _col(self, key: str) -> str:
        return self.text.data["labels"]["columns"][key]

    @abstractmethod
    def city_name(self, slug: str) -> str:
        """A city's name."""

    def quarter_label(self, q: Period) -> str:
        year, number = q.name.split("Q")
        return self.text.phrase("quarter").format(year=year, q=number)

    # ------------------------------------------------------------------ tables

    def table_keys(self) -> tuple[str, ...]:
        return TABLES

    def charted(self, key: str) -> bool:
        """Every table but the ranking has a chart."""
        return key != "ranking"

    def _typed_table(
        self,
        key: str,
        number: int,
        first_col: str,
        codes: Sequence[str],
        labels: Sequence[str],
        figures: Mapping[str, ByType],
        code_col: str,
    ) -> ReportTable:
        tl = self.text.labels("beneficiary_type")
        total = self.total
        data = pd.DataFrame(
            {
                code_col: list(codes),
                **{t: [csv_number(getattr(figures[c], t)) for c in codes] for t in BENEFICIARY_TYPES},
                "children": [csv_number(figures[c].total) for c in codes],
                "percent": [_share(figures[c].total, total) for c in codes],
            }
        )
        # the total row: the programme's children by type (withheld in a public edition
        # when a city's or a category's hidden count could otherwise be worked back)
        sums = self.figures.beneficiaries.by_beneficiary_type
        display = pd.DataFrame(
            {
                first_col: list(labels) + [self._col("total")],
                **{
                    tl[t]: [self.fmt_count(getattr(figures[c], t), True) for c in codes]
                    + [self.fmt_count(sums[t])]
                    for t in BENEFICIARY_TYPES
                },
                self._col("children"): [self.fmt_count(figures[c].total, True) for c in codes]
                + [self.fmt_count(total)],
                self._col("percent"): [self.fmt_pct(figures[c].total, total) for c in codes]
                + [formatting.fmt_share(100.0, locale=self.language) if total else formatting.DASH],
            }
        )
        return ReportTable(
            number,
            key,
            self.text.phrase(f"table_{key}"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
            label=self.text.phrase("table"),
        )

    def _table_city(self, number: int) -> ReportTable:
        figures = self.figures.beneficiaries.by_city
        return self._typed_table(
            "city",
            number,
            self._col("city"),
            list(figures),
            [self.city_name(s) for s in figures],
            figures,
            "city",
        )

    def _table_sector(self, number: int) -> ReportTable:
        figures = self.figures.beneficiaries.by_sector
        return self._typed_table(
            "sector",
            number,
            self._col("sector"),
            list(figures),
            [self.text.label("sector", s) for s in figures],
            figures,
            "sector",
        )

    def _table_sex(self, number: int) -> ReportTable:
        figures = self.figures.beneficiaries.by_sex
        return self._typed_table(
            "sex",
            number,
            self._col("sex"),
            list(figures),
            [self.text.label("sex", s) for s in figures],
            figures,
            "sex",
        )

    def _table_age_group(self, number: int) -> ReportTable:
        figures = self.figures.beneficiaries.by_age_group
        return self._typed_table(
            "age_group",
            number,
            self._col("age_group"),
            list(figures),
            [self.text.label("age_group", g) for g in figures],
            figures,
            "age_group",
        )

    def _table_education(self, number: int) -> ReportTable:
        e = self.figures.education_services
        by_city = self.figures.education_by_city
        ben = {s: v.total for s, v in self.figures.beneficiaries.by_city.items()}
        slugs = list(by_city)
        data = pd.DataFrame(
            {
                "city": slugs,
                "beneficiaries": [ben[s] for s in slugs],
                **{k: [csv_number(by_city[s][k]) for s in slugs] for k in DONOR_EDUCATION},
            }
        )
        display = pd.DataFrame(
            {
                self._col("city"): [self.city_name(s) for s in slugs] + [self._col("total")],
                self._col("beneficiaries"): [self.fmt_count(ben[s], True) for s in slugs]
                + [self.fmt_count(self.total)],
                **{
                    self.text.label("education", k): [self.fmt_count(by_city[s][k], True) for s in slugs]
                    + [self.fmt_count(e[k])]
                    for k in DONOR_EDUCATION
                },
            }
        )
        return ReportTable(
            number,
            "education",
            self.text.phrase("table_education"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
            label=self.text.phrase("table"),
            note=self.text.phrase("note_education"),
        )

    def _table_cumulative(self, number: int) -> ReportTable:
        cum = self.figures.cumulative
        per = cum.by_city
        slugs = list(per)
        data = pd.DataFrame(
            {
                "city": slugs + ["total"],
                **{
                    col: [plain(getattr(per[s].of(t), field_)) for s in slugs]
                    + [plain(getattr(cum.of(t), field_))]
                    for t in BENEFICIARY_TYPES
                    for col, field_ in (
                        (t, "children"),
                        (f"{t}_target", "target"),
                        (f"{t}_percent_of_target", "percent_of_target"),
                    )
                },
            }
        )
        rows: list[CityCumulative | Cumulative] = [per[s] for s in slugs] + [cum]
        display = pd.DataFrame(
            {
                self._col("city"): [self.city_name(s) for s in slugs] + [self.text.phrase("programme_total")],
                **{
                    self._col(f"{t}_{part}"): [fmt(r.of(t)) for r in rows]
                    for t in BENEFICIARY_TYPES
                    for part, fmt in (
                        ("children", lambda v: self.fmt_count(v.children)),
                        ("target", lambda v: self.fmt_count(v.target)),
                        ("percent", lambda v: self.fmt_pct(v.children, v.target)),
                    )
                },
            }
        )
        note = self.text.phrase(
            "note_cumulative_illustrative" if self.targets.illustrative else "note_cumulative"
        ).format(horizon=formatting.fmt_date(self.targets.horizon, locale=self.language))
        return ReportTable(
            number,
            "cumulative",
            self.text.phrase("table_cumulative"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
            label=self.text.phrase("table"),
            note=note,
        )

    def _table_trend(self, number: int) -> ReportTable:
        t = self.figures.trend
        slugs = list(t.by_city)
        data = pd.DataFrame(
            {
                "quarter": list(t.quarters),
                "start": list(t.quarter_start),
                "end": list(t.quarter_end),
                **{s: list(t.by_city[s]) for s in slugs},
                "total": list(t.total),
            }
        )
        display = pd.DataFrame(
            {
                self._col("quarter"): [self.quarter_label(q) for q in self.quarters],
                **{self.city_name(s): [self.fmt_count(v, True) for v in t.by_city[s]] for s in slugs},
                self._col("total"): [self.fmt_count(v) for v in t.total],
            }
        )
        return ReportTable(
            number,
            "trend",
            self.text.phrase("table_trend"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
            label=self.text.phrase("table"),
            note=self.text.phrase("note_trend"),
        )

    def _table_ranking(self, number: int) -> ReportTable:
        r = self.figures.ranking
        data = pd.DataFrame(
            [
                {"indicator": h.name, "rank": row.rank, "city": row.city, "value": csv_number(row.value)}
                for h in HEADLINES
                for row in r[h.name]
            ]
        )
        n = len(self.cities)

        def cell(row: Ranked, rows: Sequence[Ranked]) -> str:
            if row.rank is None:  # withheld: listed last, unranked
                return f"{self.city_name(row.city)} ({self.fmt_count(row.value)})"
            tied = sum(1 for x in rows if x.rank == row.rank) > 1
            return f"{'= ' if tied else ''}{self.city_name(row.city)} ({self.fmt_count(row.value)})"

        display = pd.DataFrame(
            {
                self._col("rank"): [str(i + 1) for i in range(n)],
                **{
                    self.text.label("headline", h.name): [cell(row, r[h.name]) for row in r[h.name]]
                    for h in HEADLINES
                },
            }
        )
        return ReportTable(
            number,
            "ranking",
            self.text.phrase("table_ranking"),
            data,
            display,
            numeric=(self._col("rank"),),
            label=self.text.phrase("table"),
            note=self.text.phrase("note_ranking")
            + (" " + self.text.phrase("note_ranking_public") if self.withheld else ""),
        )

    def _table_baseline(self, number: int) -> ReportTable:
        b = self.figures.baseline_family_contact.by_sector
        data = pd.DataFrame(
            {
                "sector": list(BASELINE_SECTORS),
                "children": [b[s].children for s in BASELINE_SECTORS],
                **{c: [csv_number(b[s].counts[c]) for s in BASELINE_SECTORS] for c in FAMILY_CONTACTS},
                **{
                    f"{c}_percent": [csv_number(b[s].percent[c]) for s in BASELINE_SECTORS]
                    for c in FAMILY_CONTACTS
                },
            }
        )
        display = pd.DataFrame(
            {
                self._col("group"): [self.text.label("sector", s) for s in BASELINE_SECTORS],
                **{
                    self.text.label("family_contact", c): [
                        self.fmt_whole(b[s].percent[c]) for s in BASELINE_SECTORS
                    ]
                    for c in FAMILY_CONTACTS
                },
                self._col("children"): [self.fmt_count(b[s].children) for s in BASELINE_SECTORS],
            }
        )
        note = self.text.phrase("note_baseline").format(
            cutoff=formatting.fmt_date(BASELINE_CUTOFF, locale=self.language)
        )
        return ReportTable(
            number,
            "baseline",
            self.text.phrase("table_baseline"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
            label=self.text.phrase("table"),
            note=note,
        )

    # ------------------------------------------------------------------ charts

    def chart(self, key: str) -> charts.Chart:
        """The chart of a table: every table but ``ranking`` has one
        (:func:`exceed_analysis.reports.programme_exhibits.programme_chart`)."""
        return programme_chart(self, key)

    _PERIOD_TABLES = ("city", "sector", "sex", "age_group", "education", "ranking")

    @property
    def baseline_available(self) -> bool:
        """Whether the period reaches the baseline's cutoff (September 2010)."""
        return self.period.end >= BASELINE_CUTOFF

    def is_empty(self, key: str) -> bool:
        """Whether table ``key`` has no data to show in the period."""
        f = self.figures
        if key in self._PERIOD_TABLES:
            return not self.total
        if key == "cumulative":
            return not any(f.cumulative.of(t).children for t in BENEFICIARY_TYPES)
        if key == "baseline":
            return not self.baseline_available or not any(
                v.children for v in f.baseline_family_contact.by_sector.values()
            )
        return not any(f.trend.total)

    # ------------------------------------------------------------------ outputs

    def indicators_json(self) -> str:
        """``indicators.json``: every figure the report states, as numbers (no words, so
        both languages write the same file); a withheld count is ``null``."""
        return json.dumps(jsonable(self.figures.as_dict()), indent=2, ensure_ascii=False) + "\n"
