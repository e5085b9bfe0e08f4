"""The ``exceed`` command: ingest registers, build reports.

One module per command group: :mod:`~exceed_analysis.cli.ingest`,
:mod:`~exceed_analysis.cli.reports` (``report`` and ``build``), :mod:`~exceed_analysis.cli.narratives`,
:mod:`~exceed_analysis.cli.verify` and :mod:`~exceed_analysis.cli.lab`; :mod:`~exceed_analysis.cli.app`
builds the parser and runs a command.

Examples::

    exceed ingest
    exceed report --city bandar-lampung --period 2010
    exceed build                      # every city, latest complete quarter
    exceed build --period 2012Q4 --period 2010 --city bandar-lampung
    exceed build --archive --log-file logs/exceed.log --quiet
    exceed verify outputs/2012Q4/sambas

Exit status: 0 done; 1 a report failed (the others were built); 2 a set-up or usage error
(nothing was built); 130 / 143 stopped by SIGINT / SIGTERM (outputs left as they were).
"""

from __future__ import annotations

from exceed_analysis.cli.app import build_parser, main, run
from exceed_analysis.cli.logs import setup_logging

__all__ = ["build_parser", "main", "run", "setup_logging"]
