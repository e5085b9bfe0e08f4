"""``exceed ingest``: validate data/raw/ and write the processed store."""

from __future__ import annotations

import argparse
import sys

from exceed_analysis.cli.logs import summary_log
from exceed_analysis.config import paths

__all__ = ["add_parser", "cmd_ingest"]


def cmd_ingest(args: argparse.Namespace) -> int:
    from exceed_analysis.store.parquet import ingest

    result = ingest(keep_tables=False)  # intake into the store, streamed city by city
    p = paths()
    lines = [
        *result.summary_lines(),
        f"rows read {result.rows_read} = stored {result.rows_stored} + rejected {result.rows_rejected}",
    ]
    shown = result.problems[: args.max_problems]
    for prob in shown:  # on the terminal only: a problem may quote a register's personal data
        print(("REJECTED " if prob.rejected else "NOTE     ") + str(prob), file=sys.stderr)
    quarantine = (p.processed / "quarantine.csv").relative_to(p.root)
    if len(result.problems) > len(shown):
        print(f"... {len(result.problems) - len(shown)} more problems in {quarantine}", file=sys.stderr)
    if result.problems:
        lines.append(f"{len(result.problems)} problems, listed in {quarantine}")
    lines.append(f"processed store written to {p.processed.relative_to(p.root)}/")
    for line in lines:
        summary_log.info("%s", line)
    if not args.quiet:
        print("\n".join(lines))
    return 0


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ing = sub.add_parser("ingest", parents=[common], help="validate data/raw/ and write the processed store")
    ing.add_argument(
        "--max-problems",
        type=int,
        default=50,
        help="problems to print (all are in quarantine.csv); default 50",
    )
    ing.set_defaults(func=cmd_ingest)
