"""Reading the processed store: one Parquet file per table and city.

A report reads only its own city's files, so its cost does not grow with other cities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from exceed_analysis import schemas
from exceed_analysis.config import paths
from exceed_analysis.errors import StoreMissingError

__all__ = ["CityData", "load_city", "last_data_date", "store_files", "counting_filesystem"]


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


def _read(processed: Path, table: str, city: str, filesystem=None) -> pd.DataFrame:
    file = processed / table / f"{city}.parquet"
    if not file.exists():
        return schemas.empty_frame(_MODELS[table])
    return pd.read_parquet(str(file), filesystem=filesystem)


def load_city(city: str, processed: Path | None = None, filesystem=None) -> CityData:
    """The processed children, services and activities of one city: its own three files
    only, so a report's cost does not grow with the other cities. ``filesystem`` (a
    ``pyarrow.fs.FileSystem``) lets a caller see what the reader opens."""
    processed = _processed(processed)
    return CityData(city, *(_read(processed, t, city, filesystem) for t in _MODELS))


def counting_filesystem():
    """A ``pyarrow.fs.PyFileSystem`` over the local disk whose ``handler`` records the files
    the Parquet reader opens (``handler.opened``) and the bytes it reads
    (``handler.bytes_read``): the reader's own statistics, for tests and the benchmark.

    Examples
    --------
    >>> fs = counting_filesystem()
    >>> fs.handler.opened, fs.handler.bytes_read
    ([], 0)
    """
    import pyarrow as pa
    import pyarrow.fs as pafs

    class Counting(pafs.FileSystemHandler):
        def __init__(self):
            self.local = pafs.LocalFileSystem()
            self.opened: list[str] = []
            self.bytes_read = 0

        def __eq__(self, other):
            return self is other

        def __ne__(self, other):
            return self is not other

        def get_type_name(self):
            return "counting-local"

        def normalize_path(self, path):
            return self.local.normalize_path(path)

        def get_file_info(self, paths):
            return self.local.get_file_info(paths)

        def get_file_info_selector(self, selector):
            return self.local.get_file_info(selector)

        def open_input_file(self, path):
            with self.local.open_input_file(path) as f:
                data = f.read()
            self.opened.append(path)
            self.bytes_read += len(data)
            return pa.BufferReader(data)

        def open_input_stream(self, path):
            return self.open_input_file(path)

        def _read_only(self, *args, **kwargs):
            raise PermissionError("the store is read here, never written")

        create_dir = delete_dir = delete_dir_contents = delete_root_dir_contents = _read_only
        delete_file = move = copy_file = open_output_stream = open_append_stream = _read_only

    return pafs.PyFileSystem(Counting())


def last_data_date(processed: Path | None = None) -> dt.date | None:
    """The latest intake or service date anywhere in the store (None when empty), from
    the Parquet files' own column statistics: no data page is read."""
    import pyarrow.parquet as pq

    processed = _processed(processed)
    latest = None
    for table, column in (("children", "intake_date"), ("services", "date")):
        for file in sorted((processed / table).glob("*.parquet")):
            meta = pq.ParquetFile(file).metadata
            index = meta.schema.to_arrow_schema().get_field_index(column)
            for rg in range(meta.num_row_groups):
                stats = meta.row_group(rg).column(index).statistics
                if stats is not None and stats.has_min_max:
                    value = pd.Timestamp(stats.max)
                    latest = value if latest is None or value > latest else latest
    return None if latest is None else latest.date()
