"""Plotly charts of the report, each drawn from the same numbers as its table.

A :class:`Chart` displays itself in a notebook as a plotly figure (JupyterLab draws it
interactively) and as an HTML ``div`` for nbconvert, with plotly.js supplied once by the
page rather than inlined per chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from exceed_analysis.reports import figure_output

__all__ = ["Chart", "bar_chart", "base_layout", "figure", "grouped_bar_chart", "merged", "PALETTE"]

PALETTE = ("#DA291C", "#3C6E8F", "#F2A900", "#5B8C5A", "#8E6C8A", "#6B6B6B")
"""Save the Children red first, then muted colours that print well in grey."""


@dataclass(frozen=True)
class Chart:
    """A figure with the table it illustrates; displays as a plotly mime bundle."""

    key: str
    figure: go.Figure

    def _repr_mimebundle_(self, include=None, exclude=None):
        return figure_output.figure_bundle(self.figure)


def merged(*layouts: Mapping) -> dict:
    """Layouts merged as successive ``fig.update_layout(**layout)`` calls would merge them
    (nested dicts merged key by key, anything else replaced), so that a figure is built with
    its whole layout at once: plotly validates a layout given to ``go.Figure`` in one pass,
    where every ``update_layout`` call costs as much again (about 1.5 ms a key)."""
    out: dict = {}
    for lay in layouts:
        for key, value in lay.items():
            if isinstance(value, Mapping) and isinstance(out.get(key), dict):
                out[key] = merged(out[key], value)
            else:
                out[key] = merged(value) if isinstance(value, Mapping) else value
    return out


def base_layout(title: str, y_title: str, n_traces: int, height: int = 340) -> dict:
    """The layout every report chart starts from."""
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        # explicit styling instead of a named template: the figure JSON stays small and
        # does not change with plotly's template definitions between versions
        "template": "none",
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "height": height,
        "margin": {"l": 50, "r": 20, "t": 50, "b": 50},
        "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 12},
        "yaxis": {
            "title": {"text": y_title},
            "rangemode": "tozero",
            "tickformat": "d",
            "gridcolor": "#E5E5E5",
            "zeroline": True,
            "zerolinecolor": "#BBBBBB",
        },
        "xaxis": {"gridcolor": "#E5E5E5", "automargin": True},
        "separators": ",.",
        "showlegend": n_traces > 1,
        "legend": {"orientation": "h", "y": -0.2},
    }


def figure(traces: Sequence, *layouts: Mapping) -> go.Figure:
    """A figure of ``traces`` whose layout is ``layouts`` merged (see :func:`merged`)."""
    return go.Figure(list(traces), layout=merged(*layouts))


LEGEND_ON_TOP = {
    "title": {"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 10}},
    "margin": {"l": 50, "r": 20, "t": 95, "b": 50},
    "legend": {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "bottom",
        "traceorder": "normal",
    },
}
"""Layout of a chart whose category labels may be rotated: the legend between the title
and the plot, so that it never covers the labels under the axis (merged after
:func:`base_layout`); the x axis keeps ``automargin`` so the rotated labels are not clipped."""


def bar_chart(
    key: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[int | None],
    y_title: str,
    texts: Sequence[str] | None = None,
) -> Chart:
    """One series of bars, value labels on top; a ``None`` value (withheld from a public
    edition) has no bar, only its label."""
    bar = go.Bar(
        # a withheld count (None) is drawn as an empty bar carrying its mark
        x=list(labels),
        y=[0 if v is None else int(v) for v in values],
        marker_color=PALETTE[0],
        text=list(texts) if texts is not None else ["" if v is None else str(int(v)) for v in values],
        textposition="outside",
        cliponaxis=False,
        hoverinfo="x+y",
    )
    return Chart(key, figure([bar], base_layout(title, y_title, 1)))


def grouped_bar_chart(
    key: str,
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[int | None]],
    x_title: str,
    withheld: str = "x",
) -> Chart:
    """Horizontal bars grouped by category (first category on top), one series per
    partner; long labels stay readable. A ``None`` value (withheld from a public edition)
    draws no bar, only the ``withheld`` mark."""
    bars = [
        go.Bar(
            name=name,
            y=list(categories),
            x=[0 if v is None else int(v) for v in values],
            orientation="h",
            marker_color=PALETTE[i % len(PALETTE)],
            text=[withheld if v is None else str(int(v)) for v in values],
            textposition="outside",
            cliponaxis=False,
        )
        for i, (name, values) in enumerate(series.items())
    ]
    height = 120 + 28 * len(categories) * max(1, len(series))
    grouped = dict(
        barmode="group",
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        yaxis={"autorange": "reversed", "title": {"text": ""}, "tickformat": "", "automargin": True},
        xaxis={"title": {"text": x_title}, "rangemode": "tozero", "tickformat": "d", "gridcolor": "#E5E5E5"},
    )
    return Chart(key, figure(bars, base_layout(title, "", len(bars), height=height), grouped))
