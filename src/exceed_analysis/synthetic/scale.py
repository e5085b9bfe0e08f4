"""Synthetic project roots at scale: hundreds of districts, up to millions of children.

:mod:`exceed_analysis.synthetic.registers` writes the small, calibrated registers committed in
``data/raw/``. This module writes *throw-away* project roots of any size, for benchmarks and
load tests: a city registry of synthetic districts, the partner registers and activity logs
of every district, and a copy of ``notebooks/``, so that the library runs there with
``EXCEED_PROJECT_ROOT=<root>``::

    <root>/config/cities.yml
    <root>/data/raw/registers/<district>/<partner>/children.csv, services.csv
    <root>/data/raw/activities/<district>.csv
    <root>/notebooks/
    <root>/.exceed-scale.json        the parameters (marks a root this module may overwrite)

Every row follows ``docs/data-dictionary.md`` and the consistency rules of the committed
data, so intake accepts all of them: services fall between the child's intake and exit and
never after the last day of the data, ages at intake are 10-17 (inside the contract's
5-17), codes are valid, ``child_id`` is unique within a partner and every ``skills_course``
row names its course type. Names are "Nama Fiktif <n>"; guardian, address and phone are
mostly empty (still personal data: intake drops them). No word of a name occurs in a
service detail, so intake never mistakes a detail for personal data ("Anak Sintetis"
would: "anak" is in "mediasi anak dan keluarga").

Generation is vectorised (numpy) and written district by district, each district from its
own random stream: peak memory is bounded by the largest district, never by the whole
caseload. The output is byte-for-byte reproducible for a seed (with the same numpy).

The plan (districts, partners, children per partner, the registry) is
:mod:`~exceed_analysis.synthetic.scale_layout`; the rows of a partner and a district are
drawn in :mod:`~exceed_analysis.synthetic.scale_rows`; this module writes them and is the
command line.

Named sizes (:data:`SIZES`)::

    small      8 districts,     3,000 children, 3 years  (~45 thousand services; tests)
    medium   100 districts,   100,000 children, 4 years  (~1.5 million services; benchmarks)
    national 500 districts, 1,000,000 children, 4 years  (~15 million services)

Usage::

    python -m exceed_analysis.synthetic.scale --size national --out DIR
    python -m exceed_analysis.synthetic.scale --size medium --out DIR --districts 50 --seed 7
    EXCEED_PROJECT_ROOT=DIR exceed ingest

Examples
--------
>>> SIZES["national"]
{'districts': 500, 'children': 1000000, 'years': 4}
>>> data_end(dt.date(2010, 1, 1), 4)
datetime.date(2013, 12, 31)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from exceed_analysis.synthetic.profiles import ACTIVITIES_COLUMNS, CHILDREN_COLUMNS, SERVICES_COLUMNS
from exceed_analysis.synthetic.scale_layout import (
    PROJECT_ROOT,
    data_end,
    district_layout,
    registry_text,
    stream,
)
from exceed_analysis.synthetic.scale_rows import activity_table, partner_tables

__all__ = ["SIZES", "generate_project", "data_end", "main", "MARKER", "PROJECT_ROOT"]

MARKER = ".exceed-scale.json"

SIZES: dict[str, dict[str, int]] = {
    "small": dict(districts=8, children=3_000, years=3),
    "medium": dict(districts=100, children=100_000, years=4),
    "national": dict(districts=500, children=1_000_000, years=4),
}

_EPOCH = np.datetime64("1970-01-01", "D")
_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=1 << 16)


# --------------------------------------------------------------------------- writing


def _write_csv(path: Path, header: list[str], table: pa.Table) -> int:
    """Header, then the rows: UTF-8, ``\\n`` line endings, no quoting (values never need
    it: pyarrow refuses a value with a comma, quote or newline). Returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pa.OSFile(str(path), "wb") as fh:
        fh.write((",".join(header) + "\n").encode("utf-8"))
        pacsv.write_csv(table, fh, _WRITE)
    return path.stat().st_size


def _prepare_root(root: Path, overwrite: bool, params: dict) -> None:
    root = root.resolve()
    if (
        root == PROJECT_ROOT
        or PROJECT_ROOT.is_relative_to(root)
        or root.is_relative_to(PROJECT_ROOT / "data")
    ):
        raise ValueError(f"refusing to write a scale project over this project ({root})")
    if root.exists() and any(root.iterdir()):
        marker = root / MARKER
        if not overwrite:
            raise FileExistsError(
                f"{root} is not empty (pass overwrite=True / --overwrite "
                "to replace a root written by exceed_analysis.synthetic.scale)"
            )
        if not marker.is_file():
            raise FileExistsError(
                f"{root} is not empty and was not written by "
                "exceed_analysis.synthetic.scale: not overwriting it"
            )
        for entry in sorted(root.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(json.dumps(params, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def generate_project(
    root: Path,
    *,
    districts: int,
    children: int,
    years: int,
    seed: int = 2010,
    start: dt.date = dt.date(2010, 1, 1),
    overwrite: bool = False,
    notebooks: bool = True,
    progress: bool = True,
) -> dict:
    """Write a complete synthetic project root; return what was written.

    ``root`` must be missing or empty (or, with ``overwrite=True``, a root this function
    wrote before). The data covers ``years`` years from ``start``; its last day must not
    be in the future. Returns a dict with the counts of ``districts``, ``partners``,
    ``children``, ``services``, ``activities``, ``files`` and ``bytes`` written, and
    ``seconds`` taken.
    """
    t0 = time.perf_counter()
    root = Path(root)
    if years < 1:
        raise ValueError("years must be at least 1")
    end = data_end(start, years)
    if end > dt.date.today():
        raise ValueError(f"the data would end on {end}, in the future: use fewer years or an earlier start")
    params = dict(districts=districts, children=children, years=years, seed=seed, start=start.isoformat())
    layout = district_layout(districts, children, seed)
    _prepare_root(root, overwrite, params)
    counts: dict[str, Any] = dict(
        districts=0,
        partners=0,
        children=0,
        services=0,
        activities=0,
        files=1,
        bytes=(root / MARKER).stat().st_size,
    )

    def wrote(n_bytes: int) -> None:
        counts["files"] += 1
        counts["bytes"] += n_bytes

    text = registry_text(layout, start, end, params).encode("utf-8")
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "config" / "cities.yml").write_bytes(text)
    wrote(len(text))

    first_day = int((np.datetime64(start, "D") - _EPOCH).astype(np.int64))
    last_day = int((np.datetime64(end, "D") - _EPOCH).astype(np.int64))
    registers = root / "data" / "raw" / "registers"
    for district in layout:
        rng = stream(seed, 1, district.index)
        first_child = district.first_child
        for code, n in zip(district.partners, district.children, strict=True):
            kids, services = partner_tables(rng, district, code, n, first_child, first_day, last_day)
            first_child += n
            folder = registers / district.slug / code
            wrote(_write_csv(folder / "children.csv", CHILDREN_COLUMNS, kids))
            wrote(_write_csv(folder / "services.csv", SERVICES_COLUMNS, services))
            counts["partners"] += 1
            counts["children"] += kids.num_rows
            counts["services"] += services.num_rows
            del kids, services
        acts = activity_table(stream(seed, 2, district.index), district, first_day, last_day)
        wrote(
            _write_csv(
                root / "data" / "raw" / "activities" / f"{district.slug}.csv", ACTIVITIES_COLUMNS, acts
            )
        )
        counts["activities"] += acts.num_rows
        counts["districts"] += 1
        if progress and (counts["districts"] % 50 == 0 or counts["districts"] == len(layout)):
            print(
                f"[scale] {counts['districts']}/{len(layout)} districts, "
                f"{counts['children']:,} children, {counts['services']:,} services, "
                f"{counts['bytes'] / 1e6:,.0f} MB, {time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
                flush=True,
            )

    source = PROJECT_ROOT / "notebooks"
    if notebooks and source.is_dir():
        shutil.copytree(
            source, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.error.ipynb")
        )
        for f in sorted((root / "notebooks").rglob("*")):
            if f.is_file():
                wrote(f.stat().st_size)
    counts["seconds"] = round(time.perf_counter() - t0, 3)
    return counts


# --------------------------------------------------------------------------- command line


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--size",
        choices=sorted(SIZES),
        default="small",
        help="named size: "
        + "; ".join(
            f"{k} = {v['districts']} districts, {v['children']:,} children, {v['years']} years"
            for k, v in SIZES.items()
        ),
    )
    parser.add_argument("--districts", type=int, help="override the size's districts")
    parser.add_argument("--children", type=int, help="override the size's children")
    parser.add_argument("--years", type=int, help="override the size's years")
    parser.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=dt.date(2010, 1, 1),
        help="first day of the data (default 2010-01-01)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace a root written earlier by this command"
    )


def run(args: argparse.Namespace) -> dict:
    size: dict[str, Any] = dict(SIZES[args.size])
    for key in ("districts", "children", "years"):
        if getattr(args, key) is not None:
            size[key] = getattr(args, key)
    counts = generate_project(args.out, seed=args.seed, start=args.start, overwrite=args.overwrite, **size)
    counts["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(
        f"wrote {counts['files']:,} files ({counts['bytes'] / 1e6:,.1f} MB) under "
        f"{args.out}: {counts['districts']:,} districts, {counts['partners']:,} partners, "
        f"{counts['children']:,} children, {counts['services']:,} services, "
        f"{counts['activities']:,} activities in {counts['seconds']:.1f} s, "
        f"peak memory {counts['peak_rss_mb']:,.0f} MB"
    )
    print(json.dumps(dict(size, seed=args.seed, **counts), sort_keys=True))
    return counts


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        prog="python -m exceed_analysis.synthetic.scale",
        description="Write a synthetic project root (registry, registers, activities, "
        "notebooks) of any size; use it with EXCEED_PROJECT_ROOT=DIR.",
    )
    parser.add_argument("--out", type=Path, required=True, help="project root to write (missing or empty)")
    parser.add_argument("--seed", type=int, default=2010, help="random seed (default 2010)")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
