"""Where every output goes: one object owns the output folder's layout.

Reports go to ``outputs/<period>/<city>/``, with ``public/`` in front for the public
edition and ``<language>/`` for a translation, in that order
(``outputs/public/en/2010/bandar-lampung/``). Beside them, in ``outputs/``: the shared
``assets/plotly.min.js``, the batch's ``build-status.json`` and its lock, and while a build
runs, its staging folders (``.building-*``), which are never a report.

Examples
--------
>>> from pathlib import Path
>>> lay = Layout(Path("/srv/exceed/outputs"))
>>> lay.report_dir("2010", "bandar-lampung", "en", "public").as_posix()
'/srv/exceed/outputs/public/en/2010/bandar-lampung'
>>> lay.key("2012Q4", "sambas", "id", "internal")
'2012Q4/sambas'
>>> lay.status_file.name, lay.lock_file.name
('build-status.json', '.build.lock')
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exceed_analysis.config import Paths, paths
from exceed_analysis.params import edition_prefix

__all__ = [
    "Layout",
    "layout",
    "REPORT_FILES",
    "STATUS_FILE",
    "LOCK_FILE",
    "ASSETS",
    "STAGING_PREFIX",
    "MANIFEST",
    "STORE_TABLE_FILE",
]

STATUS_FILE = "build-status.json"
"""Each report's last outcome and the history of runs (see ``batch.build.status_history``)."""

LOCK_FILE = ".build.lock"
"""Held by the running build; a second build waits (``--wait``) or stops with one line."""

ASSETS = "assets"
"""Folder of files shared by every report (``plotly.min.js``)."""

STAGING_PREFIX = ".building-"
"""A report is built in ``<parent>/.building-<city>-XXXX/`` and renamed into place."""

OLD_MARKER = ".old-"
"""During the swap the previous output is renamed ``.<city>.old-<pid>`` for an instant."""

MANIFEST = "manifest.json"
ERROR_NOTEBOOK = "report.error.ipynb"

REPORT_FILES = ("report.ipynb", "report.html", "report.pdf", "indicators.json", "tables/*.csv", MANIFEST)
"""What a report folder holds (the PDF only when printed)."""

STORE_TABLE_FILE = "{table}/{city}.parquet"
"""A store file, relative to ``data/processed/``."""


@dataclass(frozen=True)
class Layout:
    """The output folder's layout; every path the tool writes under ``outputs/``."""

    outputs: Path

    @classmethod
    def of(cls, p: Paths | None = None) -> Layout:
        return cls((p or paths()).outputs)

    # -- shared files ------------------------------------------------------
    @property
    def status_file(self) -> Path:
        return self.outputs / STATUS_FILE

    @property
    def lock_file(self) -> Path:
        return self.outputs / LOCK_FILE

    @property
    def assets(self) -> Path:
        return self.outputs / ASSETS

    @property
    def plan_cache(self) -> Path:
        """Planning's verdicts, keyed by the store's hashes (``batch/plancache.py``)."""
        return self.outputs / ".plan-cache.json"

    @property
    def input_keys(self) -> Path:
        """How manifests name raw files, remembered (``batch/inputs.py``)."""
        return self.outputs / ".input-keys.json"

    @property
    def plotly_js(self) -> Path:
        return self.assets / "plotly.min.js"

    def assets_for(self, edition: str) -> Path:
        """The assets folder of an edition's reports: ``outputs/assets/``, or
        ``outputs/public/assets/`` so that ``outputs/public/`` can be published on its own."""
        return (self.outputs / "public" if edition == "public" else self.outputs) / ASSETS

    def read_status(self) -> dict[str, Any]:
        """The status file's content (``{"reports": {}}`` when missing or unreadable)."""
        path = self.status_file
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    data.setdefault("reports", {})
                    return data
            except json.JSONDecodeError:
                pass
        return {"reports": {}}

    def status_history(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The runs recorded in the status file, newest first: each a dict with ``at``
        (UTC, ISO 8601), ``seconds``, ``built``, ``skipped``, ``failed``, ``pdf``,
        ``exit_code`` and ``failed_reports`` (keys such as ``2012Q4/sambas``)."""
        runs = self.read_status().get("runs") or []
        runs = [r for r in runs if isinstance(r, dict)][::-1]
        return runs[:limit] if limit is not None else runs

    # -- reports -----------------------------------------------------------
    def edition_root(self, language: str = "id", edition: str = "internal") -> Path:
        """``outputs/`` for the internal Indonesian edition, ``public/`` and then
        ``<language>/`` below it for the others."""
        prefix = edition_prefix(language, edition)
        return self.outputs / prefix if prefix else self.outputs

    def report_dir(
        self, period_slug: str, city_slug: str, language: str = "id", edition: str = "internal"
    ) -> Path:
        return self.edition_root(language, edition) / period_slug / city_slug

    @staticmethod
    def key(period_slug: str, city_slug: str, language: str = "id", edition: str = "internal") -> str:
        """A report's name in the status file and the logs: its folder below ``outputs/``."""
        prefix = edition_prefix(language, edition)
        return f"{prefix}/{period_slug}/{city_slug}" if prefix else f"{period_slug}/{city_slug}"

    @staticmethod
    def manifest(report_dir: Path) -> Path:
        return report_dir / MANIFEST

    @staticmethod
    def error_notebook(report_dir: Path) -> Path:
        return report_dir / ERROR_NOTEBOOK

    @staticmethod
    def staging_prefix(city_slug: str) -> str:
        return f"{STAGING_PREFIX}{city_slug}-"

    @staticmethod
    def old_name(report_dir: Path, pid: int) -> Path:
        return report_dir.with_name(f".{report_dir.name}{OLD_MARKER}{pid}")

    def leftovers(self) -> Iterator[Path]:
        """Staging and swap folders an interrupted or crashed build left behind (at most
        four levels down: ``public/en/<period>/.building-x``)."""
        if not self.outputs.is_dir():
            return
        for depth in ("*", "*/*", "*/*/*", "*/*/*/*"):
            for d in self.outputs.glob(depth):
                if d.is_dir() and (
                    d.name.startswith(STAGING_PREFIX) or (d.name.startswith(".") and OLD_MARKER in d.name)
                ):
                    yield d

    @staticmethod
    def swapped_out(old: Path) -> Path:
        """The report folder a ``.<city>.old-<pid>`` folder was renamed from."""
        name = old.name[1 : old.name.index(OLD_MARKER)]
        return old.with_name(name)


def layout(p: Paths | None = None) -> Layout:
    """The project's output layout (re-read from the environment on each call)."""
    return Layout.of(p)
