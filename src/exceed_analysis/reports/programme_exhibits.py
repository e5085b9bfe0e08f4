"""The programme report's charts, one beside each table but the ranking
(:meth:`exceed_analysis.reports.programme_tables.ProgrammeTables.chart`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from exceed_analysis.figures.disclosure import is_hidden
from exceed_analysis.reports import charts, formatting
from exceed_analysis.reports.programme_charts import CONTACT_COLOURS, line_chart, stacked_bar_chart
from exceed_analysis.reports.programme_figures import BASELINE_SECTORS, DONOR_EDUCATION
from exceed_analysis.reports.programme_types import CityCumulative, Cumulative
from exceed_analysis.schemas import BENEFICIARY_TYPES, FAMILY_CONTACTS

if TYPE_CHECKING:
    from exceed_analysis.reports.programme_tables import ProgrammeTables

__all__ = ["plain", "programme_chart"]


def plain(value):
    """A value for a CSV table or a chart: None when withheld from a public edition."""
    return None if is_hidden(value) else value


def programme_chart(rep: ProgrammeTables, key: str) -> charts.Chart:
    """The chart of table ``key`` of a programme report: every table but ``ranking`` has one;
    a value withheld from a public edition is drawn as no bar, labelled with its mark."""
    y = rep.text.phrase("chart_children")
    tl = rep.text.labels("beneficiary_type")
    title = rep.text.phrase(f"chart_{key}")
    if key in ("city", "sector", "sex", "age_group"):
        t = rep.table(key)
        labels = list(t.display.iloc[:-1, 0])
        # a withheld count (an empty CSV cell) is drawn as no bar, labelled with its mark
        series: dict[str, list[float | None]] = {
            tl[b]: [None if pd.isna(v) else int(v) for v in t.data[b]] for b in BENEFICIARY_TYPES
        }
        texts = {
            tl[b]: ["" if v == formatting.DASH else v for v in t.display[tl[b]].iloc[:-1]]
            for b in BENEFICIARY_TYPES
        }
        return stacked_bar_chart(
            key,
            title,
            labels,
            series,
            y,
            language=rep.language,
            horizontal=True,
            texts=texts,
            colours=(charts.PALETTE[0], charts.PALETTE[1]),
        )
    if key == "education":
        t = rep.table("education")
        labels = [rep.city_name(s) for s in t.data["city"]]
        series = {
            rep.text.label("education", k): [None if pd.isna(v) else int(v) for v in t.data[k]]
            for k in DONOR_EDUCATION
        }
        texts = {name: [""] * len(labels) for name in series}
        return stacked_bar_chart(
            key, title, labels, series, y, language=rep.language, barmode="group", texts=texts
        )
    if key == "cumulative":
        cum = rep.figures.cumulative
        slugs = list(cum.by_city)
        rows: list[CityCumulative | Cumulative] = [cum.by_city[s] for s in slugs] + [cum]
        labels = [rep.city_name(s) for s in slugs] + [rep.text.phrase("programme_total")]
        series = {tl[t]: [plain(r.of(t).percent_of_target) for r in rows] for t in BENEFICIARY_TYPES}
        texts = {
            tl[t]: [
                formatting.fmt_percent(r.of(t).children, 1, locale=rep.language)
                if is_hidden(r.of(t).children)
                else rep.fmt_whole(round(r.of(t).percent_of_target))
                for r in rows
            ]
            for t in BENEFICIARY_TYPES
        }
        chart = stacked_bar_chart(
            key,
            title,
            labels,
            series,
            rep.text.phrase("chart_percent_of_target"),
            language=rep.language,
            barmode="group",
            texts=texts,
            percent_axis=True,
            colours=(charts.PALETTE[0], charts.PALETTE[1]),
        )
        chart.figure.add_hline(y=100, line={"color": "#6B6B6B", "dash": "dash", "width": 1})
        chart.figure.update_traces(textfont={"size": 10})
        return chart
    if key == "trend":
        trend = rep.figures.trend
        series = {rep.city_name(s): list(v) for s, v in trend.by_city.items()}
        return line_chart(key, title, [rep.quarter_label(q) for q in rep.quarters], series, y, rep.language)
    if key == "baseline":
        b = rep.figures.baseline_family_contact.by_sector
        labels = [rep.text.label("sector", s) for s in BASELINE_SECTORS]
        series = {
            rep.text.label("family_contact", c): [
                None if is_hidden(b[s].counts[c]) else formatting.percent(b[s].counts[c], b[s].children)
                for s in BASELINE_SECTORS
            ]
            for c in FAMILY_CONTACTS
        }
        texts = {
            rep.text.label("family_contact", c): [
                rep.fmt_whole(b[s].percent[c]) if b[s].percent[c] else "" for s in BASELINE_SECTORS
            ]
            for c in FAMILY_CONTACTS
        }
        return stacked_bar_chart(
            key,
            title,
            labels,
            series,
            rep.text.phrase("chart_percent_children"),
            language=rep.language,
            horizontal=True,
            texts=texts,
            percent_axis=True,
            colours=[CONTACT_COLOURS[c] for c in FAMILY_CONTACTS],
        )
    raise KeyError(f"table {key!r} has no chart")
