"""What the city report and the programme report share: HTML pieces, numbered tables
with their charts (exhibits), and the files written beside the HTML.

A report subclass says which tables it has (:meth:`Report.table_keys`), builds each with a
``_table_<key>(number)`` method and draws its chart with :meth:`Report.chart`; this base
caches the tables, numbers them, shows a table with its chart (or a one-line note when
there is no data) and writes ``indicators.json`` and ``tables/*.csv``.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from exceed_analysis.figures import disclosure
from exceed_analysis.reports.apparatus import anchor, latest_day
from exceed_analysis.reports.charts import Chart
from exceed_analysis.reports.tables import ReportTable
from exceed_analysis.reports.text import Catalogue

__all__ = ["Html", "Report", "csv_number", "heading", "missing_note"]


class Html(str):
    """A piece of HTML that notebooks display as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def csv_number(value: Any) -> int | None:
    """A count for a CSV table: None when withheld from a public edition."""
    return None if disclosure.is_hidden(value) else int(value)


def heading(text: Catalogue, key: str, level: int = 2) -> Markup:
    """The heading ``key`` of a catalogue as ``<h<level> id=...>``: the id (from its text,
    :func:`exceed_analysis.reports.apparatus.anchor`) is what the table of contents and the
    PDF outline link to."""
    title = text.heading(key)
    return Markup(f'<h{level} id="{{}}">{{}}</h{level}>').format(anchor(title), title)


def missing_note(title: str, text: Catalogue) -> Html:
    """One line saying a table has no data in the period."""
    return Html(Markup('<p class="exceed-missing">{}: {}</p>').format(title, text.phrase("no_data")))


class Report(ABC):
    """Tables, exhibits and output files of a report (mixed into a dataclass that has
    ``text`` and ``_tables``)."""

    text: Catalogue
    _tables: dict[str, ReportTable]
    data: Any
    """One city's data, or a dict of them (the programme report)."""

    @cached_property
    def data_as_of(self) -> dt.date | None:
        """The last date in the report's data (:func:`~exceed_analysis.reports.apparatus.latest_day`)."""
        return latest_day(self.data)

    @abstractmethod
    def table_keys(self) -> tuple[str, ...]:
        """The numbered tables in order (a table's number is its position, from 1)."""

    @abstractmethod
    def chart(self, key: str) -> Chart:
        """The chart beside table ``key``."""

    @abstractmethod
    def charted(self, key: str) -> bool:
        """Whether table ``key`` has a chart."""

    @abstractmethod
    def indicators_json(self) -> str:
        """``indicators.json``: every figure the report states, as numbers."""

    def is_empty(self, key: str) -> bool:
        """Whether table ``key`` has no data to show (then a note stands in for it)."""
        return self.table(key).is_empty

    def table_number(self, key: str) -> int:
        return self.table_keys().index(key) + 1

    def table(self, key: str) -> ReportTable:
        """A numbered table by key (see :meth:`table_keys`)."""
        if key not in self._tables:
            if key not in self.table_keys():
                raise KeyError(f"unknown table {key!r}; tables: {', '.join(self.table_keys())}")
            built = getattr(self, f"_table_{key}")(self.table_number(key))
            self._tables[key] = replace(built, label=self.text.phrase("table"))
        return self._tables[key]

    def tables(self) -> dict[str, ReportTable]:
        """Every table of the report, by key, in order."""
        return {k: self.table(k) for k in self.table_keys()}

    def exhibit(self, key: str) -> tuple:
        """What a notebook cell displays for a table: ``(table, chart)`` when it has a
        chart, ``(table,)`` otherwise, or ``(note,)`` when there is no data to show.

        Use as ``display(*rep.exhibit("sex"))``.
        """
        t = self.table(key)
        if self.is_empty(key):
            return (missing_note(t.title, self.text),)
        return (t, self.chart(key)) if self.charted(key) else (t,)

    def csv_name(self, key: str, table: ReportTable) -> str:
        return f"tabel-{table.number}-{key}.csv"

    def write_outputs(self, folder: Path | str) -> list[Path]:
        """Write ``indicators.json`` and ``tables/tabel-<n>-<key>.csv`` into ``folder``
        (created when missing); returns the files written, ``indicators.json`` first."""
        folder = Path(folder)
        (folder / "tables").mkdir(parents=True, exist_ok=True)
        written = [folder / "indicators.json"]
        written[0].write_text(self.indicators_json(), encoding="utf-8")
        for key, t in self.tables().items():
            path = folder / "tables" / self.csv_name(key, t)
            t.to_csv(path)
            written.append(path)
        return written
