"""The programme report's charts: stacked or grouped bars and a line per city."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from exceed_analysis.reports import charts

__all__ = ["LINE_COLOURS", "CONTACT_COLOURS", "stacked_bar_chart", "line_chart"]

LINE_COLOURS = (*charts.PALETTE, "#2A9D8F", "#1F2933", "#B5651D")
"""One colour per city for the trend chart."""

CONTACT_COLOURS = {
    "daily": charts.PALETTE[1],
    "periodic": charts.PALETTE[2],
    "never": charts.PALETTE[0],
    "unknown": "#BBBBBB",
}


# --------------------------------------------------------------------------- charts


def _style(title: str, axis_title: str, language: str, height: int, n_traces: int) -> dict:
    """The programme charts' layout: the city charts' one, with the language's separators."""
    return charts.merged(
        charts.base_layout(title, axis_title, n_traces, height=height),
        {"separators": ",." if language == "id" else ".,"},
    )


def stacked_bar_chart(
    key: str,
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    axis_title: str,
    *,
    language: str = "id",
    horizontal: bool = False,
    texts: Mapping[str, Sequence[str]] | None = None,
    colours: Sequence[str] | None = None,
    barmode: str = "stack",
    percent_axis: bool = False,
) -> charts.Chart:
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
        # None: a value withheld from a public edition, drawn as no bar
        vals = [None if v is None else float(v) if percent_axis else int(v) for v in values]
        labels = list(texts[name]) if texts is not None else [str(int(v)) if v else "" for v in vals]
        xy = {"y": list(categories), "x": vals} if horizontal else {"x": list(categories), "y": vals}
        traces.append(
            go.Bar(
                name=name,
                orientation="h" if horizontal else "v",
                marker_color=colours[i % len(colours)],
                text=labels,
                textposition="inside" if barmode == "stack" else "outside",
                textangle=0,
                insidetextanchor="middle",
                cliponaxis=False,
                **xy,
            )
        )
    n = len(categories) * (len(series) if barmode == "group" and horizontal else 1)
    height = max(260, 150 + 36 * n) if horizontal else 400
    style = _style(title, "" if horizontal else axis_title, language, height, len(traces))
    value_axis = {
        "title": {"text": axis_title},
        "rangemode": "tozero",
        "gridcolor": "#E5E5E5",
        "tickformat": "d",
        "ticksuffix": " %" if percent_axis else "",
    }
    if horizontal:
        # legend between the title and the bars: below them it would cover the axis title
        placed = dict(
            barmode=barmode,
            xaxis=value_axis,
            title=charts.LEGEND_ON_TOP["title"],
            margin={"t": 80},
            legend=charts.LEGEND_ON_TOP["legend"],
            yaxis={
                "autorange": "reversed",
                "title": {"text": ""},
                "tickformat": "",
                "automargin": True,
                "ticklabelstandoff": 6,
            },
        )
    else:
        # legend above the bars: below them it covered the rotated category labels
        placed = dict(barmode=barmode, yaxis=value_axis, **charts.LEGEND_ON_TOP)
    legend = {"showlegend": len(series) > 1, "uniformtext": {"minsize": 9, "mode": "hide"}}
    return charts.Chart(key, charts.figure(traces, style, placed, legend))


def line_chart(
    key: str,
    title: str,
    x: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    axis_title: str,
    language: str,
) -> charts.Chart:
    lines = [
        go.Scatter(
            name=name,
            x=list(x),
            y=[None if v is None else int(v) for v in values],
            mode="lines+markers",
            line={"color": LINE_COLOURS[i % len(LINE_COLOURS)], "width": 2},
            marker={"size": 5},
        )
        for i, (name, values) in enumerate(series.items())
    ]
    style = _style(title, axis_title, language, 420, len(lines))
    legend = dict(showlegend=True, **charts.LEGEND_ON_TOP)  # clear of the rotated quarters
    return charts.Chart(key, charts.figure(lines, style, legend, {"margin": {"t": 110}}))
