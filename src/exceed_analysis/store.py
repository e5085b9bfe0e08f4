"""Reading the processed store: one Parquet file per table and city.

A report reads only its own city's files, so its cost does not grow with other cities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schemas
from .config import paths
from .errors import StoreMissingError

__all__ = ["CityData", "load_city", "last_data_date", "store_files"]


@dataclass(frozen=True)
class CityData:
    """One city's processed tables."""

    city: str
    children: pd.DataFrame
    services: pd.DataFrame
    activities: pd.DataFrame


_MODELS = {
    "children": schemas.ChildrenStored,
    "services": schemas.ServicesStored,
    "activities": schemas.ActivitiesStored,
}


def _processed(processed: Path | None) -> Path:
    processed = processed or paths().processed
    if not (processed / "intake-summary.json").exists():
        raise StoreMissingError(processed)
    return processed


def store_files(city: str, processed: Path | None = None) -> list[Path]:
    """The store files a report of ``city`` reads (those that exist)."""
    processed = _processed(processed)
    return [f for t in _MODELS if (f := processed / t / f"{city}.parquet").exists()]


def _read(processed: Path, table: str, city: str) -> pd.DataFrame:
    file = processed / table / f"{city}.parquet"
    if not file.exists():
        return schemas.empty_frame(_MODELS[table])
    return pd.read_parquet(file)


def load_city(city: str, processed: Path | None = None) -> CityData:
    """The processed children, services and activities of one city."""
    processed = _processed(processed)
    return CityData(city, *(_read(processed, t, city) for t in _MODELS))


def last_data_date(processed: Path | None = None) -> dt.date | None:
    """The latest intake or service date anywhere in the store (None when empty)."""
    processed = _processed(processed)
    latest = None
    for table, column in (("children", "intake_date"), ("services", "date")):
        for file in sorted((processed / table).glob("*.parquet")):
            col = pd.read_parquet(file, columns=[column])[column]
            if len(col) and (latest is None or col.max() > latest):
                latest = col.max()
    return None if latest is None else latest.date()
