"""The programme page of the reviewers' site (``outputs/<period>/programme.html``): every
city's headline figures side by side, with the programme total from the period's
programme report. In the public folder, a figure the public editions withhold is marked
:data:`WITHHELD` and its row's total is the public programme report's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from exceed_analysis.figures import registry as figures_registry
from exceed_analysis.publish.site_model import PROGRAMME_REPORT, CityRow, PeriodInfo, read_json, report_links
from exceed_analysis.reports.formatting import DASH, fmt_count, fmt_decimal

__all__ = ["HEADLINES", "WITHHELD", "programme_report", "programme_rows"]

HEADLINES: tuple[tuple[str, tuple[str, ...], bool], ...] = tuple(
    (
        h.label_in(figures_registry.FIGURE[h.figure], "id"),
        (*h.figure.split("."), *((h.cell,) if h.cell else ())),
        h.zero_when_missing,
    )
    for h in figures_registry.HEADLINES
)
"""Rows of the programme page, the registry's headline figures: label, key path in
``indicators.json``, and whether a missing last key means zero (category counts such as
``by_sex`` may leave out empty categories)."""


def _lookup(indicators: Any, keys: tuple[str, ...], missing_is_zero: bool) -> int | float | None:
    node = indicators
    for i, key in enumerate(keys):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif missing_is_zero and isinstance(node, dict) and i == len(keys) - 1:
            return 0
        else:
            return None
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        return None
    return node


WITHHELD = "x"
"""The mark of a count a public edition withholds (``null`` in its ``indicators.json``)."""


def _withheld(indicators: Any, keys: tuple[str, ...]) -> bool:
    """Whether ``indicators`` holds the figure as ``null``: withheld by a public edition."""
    node = indicators
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return node is None


def _fmt_number(value: int | float) -> str:
    if float(value).is_integer():
        return fmt_count(int(value))
    return fmt_decimal(value, 1)


def programme_report(outputs: Path, pi: PeriodInfo) -> dict | None:
    """The programme report's ``indicators.json`` of a period, when it was built."""
    data = read_json(outputs / pi.slug / PROGRAMME_REPORT / "indicators.json")
    return data if isinstance(data, dict) else None


def programme_rows(
    pi: PeriodInfo, cities: list[CityRow], grid: dict, programme_report: dict | None = None
) -> dict[str, Any]:
    """The programme page of a period: every city's headline figures and their total.

    A city's figures come from its own report; when that report was not built they come
    from the period's programme report (``cities`` in its ``indicators.json``), which
    computes every city from the same store. The total is therefore the programme
    report's whenever one exists, not the sum of whichever city reports happen to be
    built (the page once said "Total program 82" for 2010 with only Lampung's report
    built, while the programme report said 755)."""
    from_programme = (programme_report or {}).get("cities") or {}
    columns = []
    for c in cities:
        rep = grid[(pi.slug, c.slug)]
        source = rep.indicators if rep.indicators is not None else from_programme.get(c.slug)
        if not c.registered and source is None:
            continue
        columns.append(
            {
                "city": c,
                "report": rep,
                **report_links(rep, pi.slug),
                "indicators": source,
                "available": source is not None,
                "from_programme": rep.indicators is None and source is not None,
            }
        )
    available = [col for col in columns if col["available"]]
    rows = []
    for label, keys, zero in HEADLINES:
        cells: list[str] = []
        total: float = 0
        partial = withheld = False
        for col in columns:
            value = _lookup(col["indicators"], keys, zero) if col["available"] else None
            if value is None and col["available"] and _withheld(col["indicators"], keys):
                cells.append(WITHHELD)  # a public edition's withheld count
                withheld = True
            elif value is None:
                cells.append(DASH)
                partial = partial or col["available"]
            else:
                cells.append(_fmt_number(value))
                total += value
        shown_total = _fmt_number(total) if available else DASH
        if withheld:  # the total as the public programme report states it, never a partial sum
            reported_row = _lookup(programme_report, keys, False) if programme_report else None
            hidden_row = programme_report is None or _withheld(programme_report, keys)
            shown_total = _fmt_number(reported_row) if reported_row is not None else WITHHELD
            partial = partial or (reported_row is None and not hidden_row)
        rows.append(
            {
                "label": label,
                "key": ".".join(keys),
                "cells": cells,
                "total": shown_total,
                "partial": partial,
                "withheld": withheld,
                "value": total if available and not partial and not withheld else None,
            }
        )
    reported = None
    if programme_report is not None:
        reported = _lookup(programme_report, ("beneficiaries", "total"), False)
    page_total = rows[0]["value"]
    return {
        "columns": columns,
        "rows": rows,
        "available": len(available),
        "complete": len(available) == len([c for c in cities if c.registered]),
        "stale": any(col["report"].stale and col["available"] for col in columns),
        "from_programme": any(col["from_programme"] for col in columns),
        "programme_total": _fmt_number(reported) if reported is not None else "",
        "programme_href": (f"{PROGRAMME_REPORT}/report.html" if programme_report is not None else ""),
        "mismatch": reported is not None and page_total is not None and reported != page_total,
    }
