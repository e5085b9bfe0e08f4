"""The tables, charts, comparison and output files of the city report
(:class:`exceed_analysis.reports.city.CityReport` mixes this in).

Which figure goes in which table, and which tables have a chart, comes from the figure
registry (:mod:`exceed_analysis.figures.registry`).
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Sequence

import pandas as pd

from exceed_analysis import params
from exceed_analysis.config import City
from exceed_analysis.figures import disclosure
from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.figures.model import Figures
from exceed_analysis.periods import Period
from exceed_analysis.reports import charts, formatting
from exceed_analysis.reports.base import Report
from exceed_analysis.reports.base import csv_number as _num
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.wording import plain_text
from exceed_analysis.schemas import ACTIVITIES

__all__ = ["CityTables"]


class CityTables(Report):
    """Tables, exhibits, charts, the comparison and ``indicators.json`` of a city report."""

    city: City
    period: Period
    figures: Figures
    edition: str
    suppressed: list[str]
    activities: pd.DataFrame

    @property
    @abstractmethod
    def total(self) -> int:
        """The period's beneficiaries."""

    @property
    @abstractmethod
    def months(self) -> str:
        """The months the report covers, in its language."""

    @abstractmethod
    def _figures(self, period: Period) -> tuple[Figures, list[str]]:
        """The figures of a period as this edition shows them, and the paths withheld."""

    # ------------------------------------------------------------------ tables

    _ORDER = ("sex", "age", "schooling", "education", "courses", "partner_services", "activities")

    def table_keys(self) -> tuple[str, ...]:
        """The numbered tables: sex, age, schooling, education, courses (the seed's tables
        1 to 5), partner_services, activities."""
        return self._ORDER

    def table(self, key: str) -> ReportTable:
        """A numbered table by key (see :meth:`table_keys`), or the appendix's ``activity_list``."""
        return self.activity_list() if key == "activity_list" else super().table(key)

    def tables(self) -> dict[str, ReportTable]:
        """Every table of the report, appendix and comparison included, by key."""
        out = {**super().tables(), "activity_list": self.activity_list()}
        comp, prev = self.comparison(), self._previous_period()
        if comp is not None and comp["previous_period"] is not None and prev is not None:
            out["comparison"] = self._table_comparison(comp, prev)
        return out

    def csv_name(self, key: str, table: ReportTable) -> str:
        prefix = "lampiran" if key == "activity_list" else "tabel"
        return f"{prefix}-{table.number}-{key}.csv"

    def charted(self, key: str) -> bool:
        return key in figures_registry.charted_tables()

    def _count_table(
        self,
        number: int,
        key: str,
        caption: str,
        first_col: str,
        codes: Sequence,
        labels: Sequence[str],
        counts: Sequence[int],
        code_col: str,
        total_row: int | None = None,
        of: int | None = None,
        note: str | None = None,
    ) -> ReportTable:
        """Counts with their percentage of the period's beneficiaries (or of ``of``
        children, which ``note`` then names) and a total row (the beneficiaries, or
        ``total_row`` when the rows add up to something else)."""
        col = self.text.data["labels"]["columns"]
        total = self.total if of is None else of
        if disclosure.is_hidden(total):  # a withheld denominator: no share of it is printed
            return self._count_table_of_hidden(
                number, key, caption, first_col, codes, labels, counts, code_col, total_row, note
            )
        data = pd.DataFrame(
            {
                code_col: list(codes),
                "children": [_num(n) for n in counts],
                "percent": [
                    None if disclosure.is_hidden(n) else round(formatting.percent(n, total), 4)
                    for n in counts
                ],
            }
        )
        display = pd.DataFrame(
            {
                first_col: list(labels) + [col["total"]],
                col["count"]: [self.text.count(n, dash_for_zero=True) for n in counts]
                + [self.text.count(total if total_row is None else total_row)],
                col["percent"]: [self.text.pct(n, total) for n in counts]
                + [self.text.pct(total if total_row is None else total_row, total)],
            }
        )
        return ReportTable(
            number, key, caption, data, display, numeric=(col["count"], col["percent"]), note=note
        )

    def _count_table_of_hidden(
        self, number, key, caption, first_col, codes, labels, counts, code_col, total_row, note
    ) -> ReportTable:
        """:meth:`_count_table` whose denominator is withheld: counts only, no percentages."""
        col = self.text.data["labels"]["columns"]
        data = pd.DataFrame(
            {code_col: list(codes), "children": [_num(n) for n in counts], "percent": [None] * len(counts)}
        )
        display = pd.DataFrame(
            {
                first_col: list(labels) + [col["total"]],
                col["count"]: [self.text.count(n, dash_for_zero=True) for n in counts]
                + [self.text.count(total_row)],
                col["percent"]: ["x" if n else formatting.DASH for n in counts] + ["x"],
            }
        )
        return ReportTable(
            number, key, caption, data, display, numeric=(col["count"], col["percent"]), note=note
        )

    def _table_sex(self, number: int) -> ReportTable:
        by_sex = self.figures.breakdown("beneficiaries.by_sex")
        col = self.text.data["labels"]["columns"]
        return self._count_table(
            number,
            "sex",
            self.text.phrase("table_caption_sex"),
            col["sex"],
            list(by_sex),
            [self.text.label("sex", s) for s in by_sex],
            list(by_sex.values()),
            "sex",
        )

    def _table_age(self, number: int) -> ReportTable:
        ages = self.figures.breakdown("beneficiaries.by_age_at_intake")
        col = self.text.data["labels"]["columns"]
        years = self.text.data["labels"]["years"]
        return self._count_table(
            number,
            "age",
            self.text.phrase("table_caption_age"),
            col["age"],
            [int(a) for a in ages],
            [f"{a} {years}" for a in ages],
            list(ages.values()),
            "age_at_intake",
        )

    def _table_schooling(self, number: int) -> ReportTable:
        s = self.figures.breakdown("schooling_at_intake")
        in_school = disclosure.sum_shown(s["formal"], s["kejar_paket"])
        labels = self.text.data["labels"]
        codes = ["in_school", "formal", "kejar_paket", "not_in_school"]
        names = [
            labels["in_school"],
            "– " + self.text.label("school_status", "formal"),
            "– " + self.text.label("school_status", "kejar_paket"),
            self.text.label("school_status", "not_in_school"),
        ]
        counts = [in_school, s["formal"], s["kejar_paket"], s["not_in_school"]]
        return self._count_table(
            number,
            "schooling",
            self.text.phrase("table_caption_schooling"),
            labels["columns"]["schooling"],
            codes,
            names,
            counts,
            "school_status",
        )

    def _table_education(self, number: int) -> ReportTable:
        rows = figures_registry.figures_in("education")
        e = {figures_registry.row_code(f, "education"): self.figures.count(f.key) for f in rows}
        by_p = {
            figures_registry.row_code(f, "education"): self.figures.breakdown(
                figures_registry.partner_key(f.key)
            )
            for f in rows
        }
        col = self.text.data["labels"]["columns"]
        partners = self.city.partner_codes
        data = pd.DataFrame(
            {
                "service": list(e),
                "children": [_num(n) for n in e.values()],
                "percent": [
                    None if disclosure.is_hidden(n) else round(formatting.percent(n, self.total), 4)
                    for n in e.values()
                ],
                **{f"children_{p}": [_num(by_p[s][p]) for s in e] for p in partners},
            }
        )
        display = pd.DataFrame(
            {
                col["service"]: [self.text.label("education_service", s) for s in e],
                **(
                    {p: [self.text.count(by_p[s][p], dash_for_zero=True) for s in e] for p in partners}
                    if len(partners) > 1
                    else {}
                ),
                col["children"]: [self.text.count(n, dash_for_zero=True) for n in e.values()],
                col["percent"]: [self.text.pct(n, self.total) for n in e.values()],
            }
        )
        numeric = tuple(c for c in display.columns if c != col["service"])
        note = self.text.phrase("education_note").format(n=self.text.count(self.total))
        return ReportTable(
            number,
            "education",
            self.text.phrase("table_caption_education"),
            data,
            display,
            numeric=numeric,
            note=note,
        )

    def _table_courses(self, number: int) -> ReportTable:
        types = self.figures.breakdown("skills_course_type")
        col = self.text.data["labels"]["columns"]
        return self._count_table(
            number,
            "courses",
            self.text.phrase("table_caption_courses"),
            col["course"],
            list(types),
            [self.text.label("skills_course", t) for t in types],
            list(types.values()),
            "skills_course",
            total_row=disclosure.sum_shown(*types.values()),
            of=self.course_takers,
            note=self.text.phrase("courses_note").format(n=self.text.count_of(self.course_takers, "child")),
        )

    @property
    def course_takers(self) -> int:
        """The children who took a skills course in the period: Table 5's denominator."""
        return self.figures.count("education_services.skills_course")

    def _table_partner_services(self, number: int) -> ReportTable:
        col = self.text.data["labels"]["columns"]
        rows = {
            figures_registry.row_code(f, "partner_services"): self.figures.breakdown(f.key)
            for f in figures_registry.figures_in("partner_services")
        }
        partners = self.city.partner_codes
        data = pd.DataFrame(
            {"service": list(rows), **{p: [_num(rows[s][p]) for s in rows] for p in partners}}
        )
        totals = self.figures.breakdown("beneficiaries.by_partner")
        display = pd.DataFrame(
            {
                col["service"]: [self.text.label("service", s) for s in rows],
                **{
                    f"{p} (n={totals[p]})": [self.text.count(rows[s][p], dash_for_zero=True) for s in rows]
                    for p in partners
                },
            }
        )
        return ReportTable(
            number,
            "partner_services",
            self.text.phrase("table_caption_partner_services"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
        )

    def _table_activities(self, number: int) -> ReportTable:
        col = self.text.data["labels"]["columns"]
        a = self.activities
        kinds = [k for k in ACTIVITIES if (a["activity"] == k).any()]
        events = [int((a["activity"] == k).sum()) for k in kinds]
        people = [int(a.loc[a["activity"] == k, "participants"].fillna(0).sum()) for k in kinds]
        data = pd.DataFrame({"activity": kinds, "events": events, "participants": people})
        display = pd.DataFrame(
            {
                col["activity"]: [self.text.label("activity", k) for k in kinds] + [col["total"]],
                col["events"]: [self.text.count(n) for n in events] + [self.text.count(sum(events))],
                col["participants"]: [self.text.count(n, dash_for_zero=True) for n in people]
                + [self.text.count(sum(people), dash_for_zero=True)],
            }
        )
        return ReportTable(
            number,
            "activities",
            self.text.phrase("table_caption_activities"),
            data,
            display,
            numeric=(col["events"], col["participants"]),
        )

    def activity_list(self) -> ReportTable:
        """Appendix 1: every activity of the period with its (escaped) description."""
        col = self.text.data["labels"]["columns"]
        a = self.activities.sort_values(["date", "activity"], kind="stable")
        data = a[["date", "partner", "activity", "participants", "description"]].copy()
        data["date"] = data["date"].dt.date
        gov = self.text.data["labels"]["government"]
        display = pd.DataFrame(
            {
                col["date"]: [self.text.date(d) for d in data["date"]],
                col["activity"]: [self.text.label("activity", x) for x in data["activity"]],
                col["partner"]: [gov if pd.isna(p) else p for p in data["partner"]],
                col["participants"]: [
                    "" if pd.isna(n) else self.text.count(int(n)) for n in data["participants"]
                ],
                col["description"]: ["" if pd.isna(d) else plain_text(d) for d in data["description"]],
            }
        )
        return ReportTable(
            1,
            "activity_list",
            self.text.phrase("table_caption_activity_list"),
            data.reset_index(drop=True),
            display.reset_index(drop=True),
            numeric=(col["participants"],),
            label=self.text.phrase("appendix"),
        )

    # ------------------------------------------------------------------ comparison

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
        for a year or range report (or when the programme had not started). Computed once
        per report (the section, ``indicators.json`` and the tables all read it; the same
        dict each time, which none of them changes)."""
        memo = self.__dict__.setdefault("_memo", {})
        if "comparison" not in memo:
            memo["comparison"] = self._comparison()
        return memo["comparison"]

    def _comparison(self) -> dict | None:
        if not self.has_comparison:
            return None
        prev = self._previous_period()
        if prev is None:
            return {"previous_period": None}
        before, _ = self._figures(prev)
        now = {h.name: self.figures.headline(h) for h in figures_registry.COMPARED}
        then = {h.name: before.headline(h) for h in figures_registry.COMPARED}
        change = {
            k: None
            if disclosure.is_hidden(now[k]) or disclosure.is_hidden(then[k])
            else int(now[k]) - int(then[k])
            for k in now
        }
        return {
            "previous_period": prev.name,
            "previous_start": prev.start.isoformat(),
            "previous_end": prev.end.isoformat(),
            "previous": then,
            "current": now,
            "change": change,
        }

    def _table_comparison(self, comp: dict, prev: Period) -> ReportTable:
        col = self.text.data["labels"]["columns"]
        names = self.text.data["labels"]["headline"]
        keys = [h.name for h in figures_registry.COMPARED]
        data = pd.DataFrame(
            {
                "indicator": keys,
                "previous": [_num(comp["previous"][k]) for k in keys],
                "current": [_num(comp["current"][k]) for k in keys],
                "change": [comp["change"][k] for k in keys],
            }
        )

        def signed(n: int | None) -> str:
            if n is None:
                return "x"
            return formatting.DASH if n == 0 else ("+" if n > 0 else "−") + self.text.count(abs(n))

        display = pd.DataFrame(
            {
                col["indicator"]: [names[k] for k in keys],
                f"{col['previous']} ({prev.months_label(self.text.language)})": [
                    self.text.count(comp["previous"][k]) for k in keys
                ],
                f"{col['current']} ({self.months})": [self.text.count(comp["current"][k]) for k in keys],
                col["change"]: [signed(comp["change"][k]) for k in keys],
            }
        )
        return ReportTable(
            len(self._ORDER) + 1,
            "comparison",
            self.text.phrase("table_caption_comparison"),
            data,
            display,
            numeric=tuple(display.columns[1:]),
            label=self.text.phrase("table"),
        )

    # ------------------------------------------------------------------ charts

    def indicators_value(self, key: str, i: int) -> int:
        """The i-th count of a charted table (a breakdown), as this edition shows it."""
        (figure,) = figures_registry.figures_in(key)
        return list(self.figures.breakdown(figure.key).values())[i]

    def chart(self, key: str) -> charts.Chart:
        """The chart beside a table: sex, age, courses, partner_services."""
        y = self.text.phrase("chart_children")
        t = self.table(key)
        if key == "partner_services":
            series = {p: [None if pd.isna(v) else int(v) for v in t.data[p]] for p in self.city.partner_codes}
            return charts.grouped_bar_chart(
                key, self.text.phrase("chart_partner_services"), list(t.display.iloc[:, 0]), series, y
            )
        labels = list(t.display.iloc[:-1, 0])
        of = self.course_takers if key == "courses" else self.total  # as the table's percentages
        shown = [self.indicators_value(key, i) for i in range(len(labels))]
        values = [None if disclosure.is_hidden(v) else int(v) for v in shown]
        texts = [
            v.mark
            if disclosure.is_hidden(v)
            else (
                self.text.count(v)
                if v and disclosure.is_hidden(of)
                else f"{self.text.count(v)} ({self.text.pct(v, of)})"
                if v
                else "–"
            )
            for v in shown
        ]
        return charts.bar_chart(key, self.text.phrase(f"chart_{key}"), labels, values, y, texts)

    # ------------------------------------------------------------------ outputs

    def indicators_json(self) -> str:
        """``indicators.json``: every figure the report states, as numbers."""
        payload = {
            "city": self.city.slug,
            "period": self.period.name,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            **self.figures.as_dict(),
        }
        comp = self.comparison()
        if comp is not None:
            payload["comparison"] = comp
        payload["edition"] = self.edition
        if self.edition == params.PUBLIC:
            payload["suppressed"] = self.suppressed  # null below: withheld counts
        return json.dumps(disclosure.jsonable(payload), indent=2, ensure_ascii=False) + "\n"
