"""A report page's ``<title>``, from the catalogues' phrases alone.

The batch's workers name each HTML page they render. The full catalogues
(:mod:`exceed_analysis.reports.text`) bring the data libraries with them (their filters
format numbers), a second of imports that a worker needs for nothing else; this reads the
same two phrases from the same files.

Examples
--------
>>> page_title("id", "Oktober - Desember 2012", city="Sambas")
'Laporan EXCEED Sambas, Oktober - Desember 2012'
>>> page_title("en", "October - December 2012")
'EXCEED programme report: October - December 2012'
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from exceed_analysis import params

__all__ = ["page_title"]

_TEXT_DIR = Path(__file__).resolve().parents[1] / "templates" / "text"


@functools.cache
def _phrases(catalogue: str) -> dict[str, str]:
    with open(_TEXT_DIR / f"{catalogue}.yml", encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh)["phrases"])


def page_title(language: str, months: str, city: str | None = None) -> str:
    """The title of a city's report (``city`` given) or of the programme report."""
    params.check_language(language)
    if city is None:
        return f"{_phrases(f'programme-{language}')['report_title']}: {months}"
    return _phrases(language)["html_title"].format(city=city, months=months)
