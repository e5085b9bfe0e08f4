"""What a city's reports say that the registers cannot (``config/city-notes.yml``).

The task force's lead, members, functions and meeting rhythm, findings partners reported
for a period, and the signatory of a report: read from the configuration, never invented.
A city without notes gets none, and its reports leave those paragraphs out.

Examples
--------
>>> from exceed_analysis.periods import parse_period
>>> notes = city_notes("bandar-lampung")
>>> notes.task_force("id", parse_period("2010"))["members"][0]
'Dinas Sosial Provinsi/Kota'
>>> len(notes.findings("reintegration", "en", parse_period("2011")))
0
>>> city_notes("sambas").task_force("id", parse_period("2012"))
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import yaml

from exceed_analysis.config import paths
from exceed_analysis.errors import ExceedError
from exceed_analysis.periods import Period, parse_period

__all__ = ["CityNotes", "CityNotesError", "city_notes"]


class CityNotesError(ExceedError, ValueError):
    """``config/city-notes.yml`` is not laid out as its header says."""


@dataclass(frozen=True)
class CityNotes:
    """One city's notes (empty for a city the file does not name)."""

    slug: str
    data: dict = field(default_factory=dict)

    def task_force(self, language: str, period: Period) -> dict | None:
        """``lead``, ``members``, ``functions`` and ``rhythm`` in ``language``, when the task
        force existed by the end of ``period``."""
        tf = self.data.get("task_force")
        if not tf or period.end < _date(tf.get("since", "2000-01-01")):
            return None
        return tf.get(language) or tf["id"]

    def findings(self, section: str, language: str, period: Period) -> list[str]:
        """The findings of ``section`` whose period overlaps ``period``."""
        out = []
        for f in self.data.get("findings") or []:
            when = parse_period(str(f["period"]))
            if f["section"] == section and when.start <= period.end and when.end >= period.start:
                out.append(f.get(language) or f["id"])
        return out

    def signatory(self, period_name: str) -> dict:
        """``name`` and ``office`` lines of the signatory of the report of a period."""
        return dict((self.data.get("signatory") or {}).get(period_name) or {})


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@functools.cache
def _load() -> dict:
    path = paths().config_dir / "city-notes.yml"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise CityNotesError(
            f"{path.name}: expected a mapping of city slugs to notes; fix the file's layout (see its header)"
        )
    return data


def city_notes(slug: str) -> CityNotes:
    """The notes of the city ``slug``."""
    return CityNotes(slug, dict(_load().get(slug) or {}))
