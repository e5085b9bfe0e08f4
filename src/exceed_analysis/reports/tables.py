"""Report tables: the numbers (for CSV) and their formatted display (for HTML) together."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from exceed_analysis.csvsafe import write_csv
from exceed_analysis.reports.apparatus import anchor

__all__ = ["ReportTable", "table_html"]


@dataclass(frozen=True)
class ReportTable:
    """A numbered table of the report.

    ``data`` holds plain numbers and codes and is what ``tables/<key>.csv`` contains;
    ``display`` is the same table with Indonesian labels and formatted numbers.
    ``numeric`` names the display columns to right-align.
    """

    number: int
    key: str
    caption: str
    data: pd.DataFrame
    display: pd.DataFrame
    numeric: tuple[str, ...] = ()
    label: str = "Tabel"
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when the table has no rows, or every count in it is zero."""
        if self.data.empty:
            return True
        counts = [c for c in ("children", "events") if c in self.data.columns]
        if not counts:
            return False
        values = self.data[counts]
        return not values.isna().to_numpy().any() and not values.fillna(0).to_numpy().any()

    @property
    def anchor(self) -> str:
        """The table's id in the page: ``tabel-1``, ``lampiran-1`` (``table-1`` in English)."""
        return f"{anchor(self.label)}-{self.number}"

    @property
    def title(self) -> str:
        return f"{self.label} {self.number}: {self.caption}"

    def _repr_html_(self) -> str:
        return table_html(self)

    def to_csv(self, path) -> None:
        """Plain numbers; a count withheld from a public edition is an empty cell."""
        data = self.data.copy()
        for col in data.columns:
            values = data[col]
            if values.dtype.kind == "f" and (values.dropna() % 1 == 0).all():
                data[col] = values.astype("Int64")
        write_csv(data, path)  # text cells that look like formulas neutralised


def table_html(t: ReportTable) -> str:
    """The table as an escaped HTML ``<figure>`` with its caption."""
    esc = html.escape
    head = "".join(
        f'<th class="{"num" if c in t.numeric else "txt"}">{esc(str(c))}</th>' for c in t.display.columns
    )
    rows = []
    for _, rec in t.display.iterrows():
        cells = []
        for c in t.display.columns:
            cls = "num" if c in t.numeric else "txt"
            value = rec[c]
            cells.append(f'<td class="{cls}">{esc("" if pd.isna(value) else str(value))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = f'<p class="exceed-table-note">{esc(t.note)}</p>' if t.note else ""
    return (
        f'<figure class="exceed-table" id="{t.anchor}">'
        f"<figcaption>{esc(t.title)}</figcaption>"
        f'<table class="exceed"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f"{note}</figure>"
    )
