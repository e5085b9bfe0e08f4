"""Logging of the ``exceed`` command: messages on stderr, and optionally every line with a
UTC timestamp in a log file; the summary logger writes to the log file only."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

__all__ = ["LOG_FORMAT", "setup_logging", "summary_log"]

summary_log = logging.getLogger("exceed_analysis.summary")  # to the log file only

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _UTCFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's naming
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test may have replaced it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class _NotSummary(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith("exceed_analysis.summary")


def setup_logging(verbose: int = 0, quiet: bool = False, log_file: str | None = None) -> None:
    """Log to stderr (messages only: INFO, or WARNING with ``quiet``, DEBUG with
    ``verbose``) and, with ``log_file``, append every INFO line (DEBUG with ``verbose``)
    with a UTC timestamp to that file. Rotation is left to logrotate (``copytruncate``)
    or journald; the file is reopened on each run."""
    root = logging.getLogger("exceed_analysis")
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = _Stderr()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    console.setFormatter(logging.Formatter("%(message)s"))
    console.addFilter(_NotSummary())
    root.addHandler(console)
    if log_file:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = logging.FileHandler(path, encoding="utf-8")
        fh.setLevel(logging.DEBUG if verbose else logging.INFO)
        fh.setFormatter(_UTCFormatter(LOG_FORMAT))
        root.addHandler(fh)
