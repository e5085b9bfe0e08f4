"""The ``exceed`` command's parser and entry point: every command group registers its own
subcommand; every deliberate error ends as one line on stderr and an exit code."""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

from exceed_analysis.cli import ingest, lab, narratives, reports, verify
from exceed_analysis.cli.logs import setup_logging, summary_log
from exceed_analysis.cli.options import common_options
from exceed_analysis.errors import BuildInterrupted, ExceedError

__all__ = ["DESCRIPTION", "build_parser", "exit_now", "main", "run"]

log = logging.getLogger("exceed_analysis.cli")

DESCRIPTION = "The ``exceed`` command: ingest registers, build reports."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="exceed", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    common = common_options()
    ingest.add_parser(sub, common)
    reports.add_report_parser(sub, common)
    reports.add_build_parser(sub, common)
    narratives.add_parser(sub, common)
    verify.add_parser(sub, common)
    lab.add_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every deliberate error ends as one line on stderr and an exit code
    (see the note of :mod:`exceed_analysis.cli`), never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(getattr(args, "verbose", 0), getattr(args, "quiet", False), getattr(args, "log_file", None))
    log.debug("exceed %s", " ".join(sys.argv[1:] if argv is None else argv))
    try:
        return args.func(args)
    except (ExceedError, BuildInterrupted) as exc:
        return _fail(args, exc, exc.exit_code)
    except KeyboardInterrupt:  # a Ctrl-C outside a build's own handling
        return _fail(args, BuildInterrupted(signal.SIGINT), 130)


def run() -> NoReturn:
    """The ``exceed`` executable: :func:`main`, then :func:`exit_now` with its code."""
    exit_now(main())


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once its work is written, without Python's teardown.

    A build has imported pandas, pyarrow, plotly, nbconvert and Playwright; freeing them
    all as the interpreter shuts down takes about half a second, after the command is
    done. What that shutdown does that matters is done here first: every other non-daemon
    thread is joined, the ``atexit`` handlers run (logging's flush and close among them),
    standard output and error are flushed. (An error that ends with a traceback, or
    argparse's own exit, leaves the usual way.)"""
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to say
            pass
    os._exit(code)


def _fail(args: argparse.Namespace, exc: BaseException, code: int) -> int:
    line = f"exceed {args.command}: {'stopped' if code >= 128 else 'error'}: {exc}"
    print(line, file=sys.stderr, flush=True)
    summary_log.error("%s (exit %d)", line, code)
    return code
