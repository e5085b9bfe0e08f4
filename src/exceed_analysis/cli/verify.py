"""``exceed verify``: rebuild a report from its manifest and compare every output."""

from __future__ import annotations

import argparse
from pathlib import Path

from exceed_analysis.cli.logs import summary_log
from exceed_analysis.cli.options import run_options

__all__ = ["add_parser", "cmd_verify"]


def cmd_verify(args: argparse.Namespace) -> int:
    from exceed_analysis.batch.guard import interruptible
    from exceed_analysis.batch.verify import verify_report

    with interruptible():
        result = verify_report(
            Path(args.folder), pdf=False if args.no_pdf else None, timeout=args.timeout, wait=args.wait
        )
    lines = result.lines()
    for line in lines:
        summary_log.info("%s", line)
    if not args.quiet:
        print("\n".join(lines))
    return 0 if result.identical else 1


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ver = sub.add_parser(
        "verify",
        parents=[common],
        help="rebuild a report from its manifest and say whether every output is identical",
    )
    ver.add_argument("folder", help="a report's folder, e.g. outputs/2012Q4/sambas")
    ver.add_argument("--no-pdf", action="store_true", help="do not re-print the PDF")
    run_options(ver)
    ver.set_defaults(func=cmd_verify)
