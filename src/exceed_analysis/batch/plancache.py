"""Planning's reads of the store, once per plan, and remembered between builds.

Checking that a period holds data needs a city's store (pandas, pyarrow, pandera: a second
of imports and reads). The verdicts are kept in ``outputs/.plan-cache.json``, keyed by the
SHA-256 of the store files and of the registry they were drawn from, so a build whose store
has not changed (a no-op above all) plans without importing pandas. Any change of the
store or the registry gives new keys, and the checks run again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

from exceed_analysis.batch.inputs import sha256, store_paths
from exceed_analysis.config import Paths, paths
from exceed_analysis.layout import Layout
from exceed_analysis.periods import Period

__all__ = ["PlanCache", "on_store_read"]

log = logging.getLogger(__name__)

_VERSION = 1

_ON_STORE_READ: list[Callable[[], None]] = []


@contextlib.contextmanager
def on_store_read(callback: Callable[[], None]) -> Iterator[None]:
    """Within the block, ``callback`` runs (once) when a plan first has to check the store
    itself, the slow part of planning: a build starts its kernel zygote then, so that the
    two overlap."""
    _ON_STORE_READ.append(callback)
    try:
        yield
    finally:
        if callback in _ON_STORE_READ:  # not run: no plan had to read the store
            _ON_STORE_READ.remove(callback)


def period_to_json(per: Period) -> dict[str, str]:
    return {
        "name": per.name,
        "kind": per.kind,
        "start": per.start.isoformat(),
        "end": per.end.isoformat(),
        "nominal_start": per.nominal_start.isoformat(),
    }


def period_from_json(d: dict[str, str]) -> Period:
    return Period(
        name=d["name"],
        kind=d["kind"],
        start=dt.date.fromisoformat(d["start"]),
        end=dt.date.fromisoformat(d["end"]),
        nominal_start=dt.date.fromisoformat(d["nominal_start"]),
    )


class PlanCache:
    """Store data read once per plan; verdicts remembered in the output folder."""

    def __init__(self, p: Paths | None = None):
        self.p = p or paths()
        self._cities: dict[str, Any] = {}
        self._last: Any = ...
        self._file = Layout.of(self.p).plan_cache
        self._verdicts: dict[str, Any] = {}
        self._dirty = False
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            if data.get("version") == _VERSION:
                self._verdicts = data.get("verdicts", {})
        except (OSError, ValueError, AttributeError):
            pass

    # -- keys ------------------------------------------------------------------
    def _hash(self, files) -> str:
        h = hashlib.sha256()
        for f in files:
            h.update(f"{f.name}\0{sha256(f)}\n".encode())
        if self.p.cities_file.is_file():
            h.update(sha256(self.p.cities_file).encode())
        return h.hexdigest()[:32]

    def key(self, *parts: str, city: str | None = None) -> str:
        files = store_paths(self.p, city) if city else store_paths(self.p)
        return "|".join([*parts, self._hash(files)])

    def get(self, key: str) -> Any:
        return self._verdicts.get(key)

    def put(self, key: str, value: Any) -> None:
        self._verdicts[key] = value
        self._dirty = True

    def save(self) -> None:
        """Write the verdicts (call with the output lock held)."""
        if not self._dirty:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_name(f"{self._file.name}.{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps({"version": _VERSION, "verdicts": self._verdicts}, indent=0, sort_keys=True),
            encoding="utf-8",
        )
        os.replace(tmp, self._file)
        self._dirty = False

    # -- the store ---------------------------------------------------------------
    def cold(self) -> None:
        """A verdict is not remembered: the store itself is about to be checked."""
        while _ON_STORE_READ:
            _ON_STORE_READ.pop()()

    def city(self, slug: str) -> Any:
        """A city's :class:`~exceed_analysis.store.parquet.CityData`, read once."""
        if slug not in self._cities:
            from exceed_analysis.store.parquet import load_city

            self._cities[slug] = load_city(slug, self.p.processed)
        return self._cities[slug]

    def last_data_date(self) -> dt.date | None:
        """The store's last dated row (remembered while the store is unchanged)."""
        if self._last is ...:
            key = self.key("last")
            found = self.get(key)
            if found is None:
                self.cold()
                from exceed_analysis.store.parquet import last_data_date

                last = last_data_date(self.p.processed)
                self.put(key, last.isoformat() if last else "")
                self._last = last
            else:
                self._last = dt.date.fromisoformat(found) if found else None
        return self._last
