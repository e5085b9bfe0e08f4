"""``python -m exceed_analysis.cli``: the ``exceed`` command."""

import sys

from exceed_analysis.cli.app import main

sys.exit(main())
