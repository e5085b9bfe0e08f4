"""Figures inside a report notebook: plotly figures as deterministic mime bundles.

:func:`show_figure` displays a plotly figure as a mime bundle whose ``text/html`` part does
not contain plotly.js and whose div id is derived from the figure itself, so re-executing a
notebook gives the same output. This is the kernel-side half of rendering; turning the
executed notebook into HTML and PDF is :mod:`exceed_analysis.publish.render`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = [
    "DRAWN_TRACES",
    "PLOTLY_CONFIG",
    "PLOTLY_MIMETYPE",
    "figure_bundle",
    "figure_div_id",
    "show_figure",
]

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
"""Mimetype JupyterLab's plotly extension renders; nbconvert ignores it."""

PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True}
"""plotly config used for every report figure."""

DRAWN_TRACES = frozenset({"bar", "scatter", "pie"})
"""The trace types the reports' plotly.js draws: it is plotly.js's basic bundle (see
``exceed_analysis/publish/vendor/README.md``), which has these and no others."""


# --------------------------------------------------------------------------
# figures inside notebooks
# --------------------------------------------------------------------------


def _figure_json(fig: Any) -> str:
    """Serialise a figure to compact, deterministic JSON.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure.

    Returns
    -------
    str
        JSON of ``fig.to_plotly_json()`` written by the standard-library
        engine (independent of whether orjson is installed).
    """
    from plotly.io.json import to_json_plotly

    return to_json_plotly(fig.to_plotly_json(), pretty=False, engine="json")


def figure_div_id(fig: Any) -> str:
    """Return a div id derived from the figure's content.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure.

    Returns
    -------
    str
        ``"exceed-fig-"`` followed by 16 hex digits of the SHA-256 of the
        figure JSON. Identical figures get identical ids.
    """
    digest = hashlib.sha256(_figure_json(fig).encode("utf-8")).hexdigest()
    return f"exceed-fig-{digest[:16]}"


def figure_bundle(fig: Any, *, div_id: str | None = None) -> dict[str, Any]:
    """Build the mime bundle a notebook cell displays for a plotly figure.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure.
    div_id : str, optional
        Id of the chart div. Defaults to :func:`figure_div_id`; pass one
        explicitly only when the same figure is shown twice in one report.

    Returns
    -------
    dict
        ``{"text/html": ..., "application/vnd.plotly.v1+json": ...}``. The
        HTML part holds the chart div and the ``Plotly.newPlot`` call but not
        plotly.js itself; the JSON part is JSON-safe plain data.

    Raises
    ------
    ValueError
        If the figure has a trace the reports' plotly.js cannot draw (see
        :data:`DRAWN_TRACES`).
    """
    undrawn = sorted({trace.type for trace in fig.data} - DRAWN_TRACES)
    if undrawn:
        raise ValueError(
            f"a report chart has a {undrawn[0]!r} trace, which the reports' plotly.js (the basic "
            f"bundle: {', '.join(sorted(DRAWN_TRACES))}) cannot draw; draw it with one of those, "
            "or vendor a larger bundle (exceed_analysis/publish/vendor/README.md)"
        )
    html = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        config=dict(PLOTLY_CONFIG),
        div_id=div_id or figure_div_id(fig),
    )
    return {
        "text/html": html,
        PLOTLY_MIMETYPE: json.loads(_figure_json(fig)),
    }


def show_figure(fig: Any, *, div_id: str | None = None) -> None:
    """Display a plotly figure in a notebook through :func:`figure_bundle`.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure.
    div_id : str, optional
        Passed to :func:`figure_bundle`.
    """
    from IPython.display import display

    display(figure_bundle(fig, div_id=div_id), raw=True)


# --------------------------------------------------------------------------
# notebook -> HTML
