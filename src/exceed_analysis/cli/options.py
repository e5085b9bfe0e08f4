"""Options shared by several commands of ``exceed``."""

from __future__ import annotations

import argparse
import os

__all__ = ["common_options", "run_options"]


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--verbose",
        "-v",
        action="count",
        default=0,
        help="debug messages too (on stderr and in the log file)",
    )
    common.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print nothing but warnings and errors (the log file still gets all)",
    )
    common.add_argument(
        "--log-file",
        default=os.environ.get("EXCEED_LOG_FILE") or None,
        metavar="FILE",
        help="append timestamped (UTC) log lines to FILE (default: "
        "EXCEED_LOG_FILE); rotate it with logrotate, see docs/operations.md",
    )
    return common


def run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop a report that runs longer (default: EXCEED_TIMEOUT, else 600)",
    )
    p.add_argument(
        "--wait",
        action="store_true",
        help="if another build is running on the same outputs, wait for it instead of stopping",
    )
