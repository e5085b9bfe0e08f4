"""The status file: each report's last outcome, and a history of runs.

``outputs/build-status.json``::

    {"reports": {"2012Q4/sambas": {"status": "built", "checked_at": ..., ...}, ...},
     "last_build": {"at": ..., "seconds": ..., "built": 8, "skipped": 0, "failed": 0},
     "runs": [{"at": ..., "seconds": ..., "built": ..., "skipped": ..., "failed": ...,
               "pdf": true, "exit_code": 0, "failed_reports": []}, ...]}

``runs`` is oldest first and keeps the last :data:`HISTORY` runs; :func:`status_history`
returns it newest first, for the site.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from exceed_analysis.layout import Layout

__all__ = ["HISTORY", "status_history", "write_status", "read_status"]

log = logging.getLogger(__name__)

HISTORY = 200
"""Runs kept in the status file's history."""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def read_status(outputs: Path) -> dict[str, Any]:
    """The status file's content; an empty status when it is missing or unreadable."""
    return Layout(outputs).read_status()


def status_history(outputs: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The history of runs recorded in ``outputs/build-status.json``, newest first (the
    site, which may not import the batch, calls ``Layout(outputs).status_history()``)."""
    return Layout(outputs).status_history(limit)


def write_status(summary: Any, outputs: Path) -> dict[str, Any]:
    """Merge a batch's outcomes into the status file and append the run to its history.
    ``summary`` is a :class:`~exceed_analysis.batch.build.BuildSummary`."""
    status = read_status(outputs)
    now = _now()
    for r in summary.results:
        status["reports"][r.key] = {
            "city": r.job.city.slug,
            "period": r.job.period.name,
            "language": r.job.language,
            "edition": r.job.edition,
            "status": r.status,
            "checked_at": now,
            "seconds": round(r.seconds, 2),
            "error": r.error,
        }
    status["reports"] = dict(sorted(status["reports"].items()))
    run = {
        "at": now,
        "seconds": round(summary.seconds, 2),
        "built": summary.count("built"),
        "skipped": summary.count("skipped"),
        "failed": summary.count("failed"),
        "pdf": summary.pdf,
        "exit_code": summary.exit_code,
        "failed_reports": sorted(r.key for r in summary.results if r.status == "failed"),
    }
    status["last_build"] = {k: run[k] for k in ("at", "seconds", "built", "skipped", "failed")}
    status["runs"] = ([r for r in status.get("runs") or [] if isinstance(r, dict)] + [run])[-HISTORY:]
    path = Layout(outputs).status_file
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return status
