"""The processed store: one Parquet file per table and city, written and read here.

Intake hands each city's tables to a :class:`StoreWriter` (its *sink*), which writes them into
a temporary folder with ``quarantine.csv``, ``intake-summary.json``, the data-quality page and
the screened staff narratives, then swaps the whole store in at once. A report reads only its
own city's files, so its cost does not grow with other cities.
Each file is checked against its schema (:mod:`exceed_analysis.schemas`) when it is read,
cheaply: the columns (no more, no fewer), each column's kind of values, no missing value
where the schema allows none, codes within the schema's lists. The writer runs the full
pandera validation, row rules included, before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pandera.pandas as pa
from pandas.api import types as ptypes

from exceed_analysis import schemas
from exceed_analysis.config import paths
from exceed_analysis.csvsafe import write_csv
from exceed_analysis.errors import StoreInvalidError, StoreMissingError
from exceed_analysis.intake import pipeline, quality
from exceed_analysis.intake.problems import TABLES, IntakeResult, quarantine_frame
from exceed_analysis.schemas import Activities, Children, Services

__all__ = [
    "CityData",
    "load_city",
    "check_stored",
    "last_data_date",
    "store_files",
    "counting_filesystem",
    "StoreWriter",
    "write_store",
    "ingest",
    "narratives_dir",
]


class StoreWriter:
    """Writes the store city by city into a temporary folder, then swaps it in whole, so a
    reader never sees half a store (intake's sink)."""

    def __init__(self, processed: Path):
        processed.mkdir(parents=True, exist_ok=True)
        self.processed = processed
        self.tmp = Path(tempfile.mkdtemp(prefix=".intake-", dir=processed))
        for table in TABLES:
            (self.tmp / table).mkdir()
        (self.tmp / "narratives").mkdir()

    def write(self, table: str, city: str, df: pd.DataFrame) -> None:
        if len(df):
            df.reset_index(drop=True).to_parquet(
                self.tmp / table / f"{city}.parquet", index=False, row_group_size=1_000_000
            )

    def narrative(self, city: str, name: str, text: str) -> None:
        folder = self.tmp / "narratives" / city
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")

    def finish(self, result: IntakeResult) -> None:
        tmp = self.tmp
        write_csv(quarantine_frame(result.problems), tmp / "quarantine.csv")
        summary = {
            "rows_read": result.rows_read,
            "rows_stored": result.rows_stored,
            "rows_rejected": result.rows_rejected,
            "pseudonym_key": result.key_source,
            "files": [dict(asdict(c), rejected=c.rejected) for c in result.counts],
        }
        (tmp / "intake-summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        data = quality.build(result)
        (tmp / "quality.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (tmp / "quality.html").write_text(quality.render_html(data), encoding="utf-8")
        for entry in sorted(tmp.iterdir()):
            target = self.processed / entry.name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(entry, target)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def ingest(p=None, reg=None, *, write: bool = True, **kwargs) -> IntakeResult:
    """Intake into the store: :func:`exceed_analysis.intake.pipeline.ingest` with a
    :class:`StoreWriter` of ``data/processed/`` as its sink (none when ``write`` is false)."""
    p = p or paths()
    sink = StoreWriter(p.processed) if write else None
    return pipeline.ingest(p, reg, sink=sink, **kwargs)


def write_store(result: IntakeResult, processed: Path) -> None:
    """Write a result's tables (and narratives) as a store (for results built in memory)."""
    store = StoreWriter(processed)
    try:
        for table, df in result.tables.items():
            for city, part in df.groupby("city", sort=True):
                store.write(table, str(city), part)
        for name, text in result.narratives.items():
            city, file = name.split("/", 1)
            store.narrative(city, file, text)
        store.finish(result)
    finally:
        store.discard()


def narratives_dir(processed: Path | None = None) -> Path:
    """Where reports read the staff narratives: intake's screened copies."""
    return (processed or paths().processed) / "narratives"


@dataclass(frozen=True)
class CityData:
    """One city's processed tables."""

    city: str
    children: Children
    services: Services
    activities: Activities


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


@functools.cache
def _columns(model: type[pa.DataFrameModel]) -> tuple[tuple[str, str, bool, tuple | None], ...]:
    """(name, kind of values, nullable, allowed codes) of each column of ``model``."""
    out = []
    for name, col in model.to_schema().columns.items():
        dtype = str(col.dtype)
        kind = (
            "datetime"
            if dtype.startswith("datetime")
            else "bool"
            if dtype == "bool"
            else "int"
            if dtype.startswith("int")
            else "float"
            if dtype.startswith("float")
            else "str"
        )
        allowed = next((c.statistics["allowed_values"] for c in col.checks if c.name == "isin"), None)
        out.append((name, kind, bool(col.nullable), tuple(allowed) if allowed is not None else None))
    return tuple(out)


_KIND_CHECK = {
    "datetime": ptypes.is_datetime64_any_dtype,
    "bool": ptypes.is_bool_dtype,
    "int": ptypes.is_integer_dtype,
    "float": lambda dt_: ptypes.is_float_dtype(dt_) or ptypes.is_integer_dtype(dt_),
    "str": lambda dt_: ptypes.is_string_dtype(dt_) or ptypes.is_object_dtype(dt_),
}


def check_stored(frame: pd.DataFrame, model: type[pa.DataFrameModel], path: Path) -> pd.DataFrame:
    """``frame`` (read from ``path``) when it matches ``model``; else a
    :class:`~exceed_analysis.errors.StoreInvalidError` naming the file, the column and the rule.

    Cheap on purpose (a few vectorised passes, no pandera validation per read): the
    columns, their kind of values, missing values and codes. Row rules (ranges,
    uniqueness) were checked by intake when the file was written.
    """
    expected = _columns(model)
    names = [name for name, *_ in expected]
    missing = [n for n in names if n not in frame.columns]
    extra = [c for c in frame.columns if c not in names]
    if missing or extra:
        raise StoreInvalidError(path, f"columns missing {missing}, unexpected {extra}")
    for name, kind, nullable, allowed in expected:
        values = frame[name]
        if len(values) and not values.isna().all() and not _KIND_CHECK[kind](values.dtype):
            raise StoreInvalidError(path, f"column {name!r} holds {values.dtype} values, expected {kind}")
        if not nullable and values.isna().any():
            row = int(values.isna().to_numpy().argmax())
            raise StoreInvalidError(path, f"column {name!r} is empty in row {row + 1}, which it may not be")
        if allowed is not None:
            bad = values.notna() & ~values.isin(allowed)
            if bad.any():
                row = int(bad.to_numpy().argmax())
                raise StoreInvalidError(
                    path,
                    f"column {name!r}, row {row + 1}: {values.iloc[row]!r} is not one of {list(allowed)}",
                )
    return frame


def _read(processed: Path, table: str, city: str, filesystem: Any = None) -> pd.DataFrame:
    file = processed / table / f"{city}.parquet"
    if not file.exists():
        return schemas.empty_frame(_MODELS[table])
    return check_stored(pd.read_parquet(str(file), filesystem=filesystem), _MODELS[table], file)


def load_city(city: str, processed: Path | None = None, filesystem: Any = None) -> CityData:
    """The processed children, services and activities of one city, each checked against
    its schema (:func:`check_stored`): its own three files only, so a report's cost does
    not grow with the other cities. ``filesystem`` (a ``pyarrow.fs.FileSystem``) lets a
    caller see what the reader opens."""
    processed = _processed(processed)
    children, services, activities = (_read(processed, t, city, filesystem) for t in _MODELS)
    return CityData(
        city,
        cast(Children, children),
        cast(Services, services),
        cast(Activities, activities),
    )


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
