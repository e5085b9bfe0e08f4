"""``python -m exceed_analysis.cli``: the ``exceed`` command."""

from exceed_analysis.cli.app import run

run()
