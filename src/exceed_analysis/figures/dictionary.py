"""The data dictionary's table of figures, generated from the figure registry.

``docs/data-dictionary.md`` holds the table between two marker lines; this module writes
it there (``python -m exceed_analysis.figures.dictionary``) or checks that the committed
table is current (``--check``, exit code 1 when stale; the tests do the same).

Examples
--------
>>> table = figure_table()
>>> table.splitlines()[0].startswith("| key | Indonesian | English |")
True
>>> "| `counseling.children` |" in table
True
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from exceed_analysis.config import paths
from exceed_analysis.errors import ExceedError
from exceed_analysis.figures.model import (
    NOT_A_COUNT,
    TOTAL,
    Disclosure,
    Figure,
    OwnSum,
    Partition,
    PartOf,
    Subset,
)
from exceed_analysis.figures.registry import FIGURES

__all__ = ["BEGIN", "END", "figure_table", "disclosure_text", "render_document", "update", "main"]

log = logging.getLogger(__name__)

BEGIN = "<!-- figure table: generated from src/exceed_analysis/figures/registry.py; do not edit -->"
END = "<!-- end of figure table -->"


class DictionaryError(ExceedError):
    """The data dictionary has no place for the figure table."""


def disclosure_text(d: Disclosure) -> str:
    """How the public edition protects a figure, in words."""
    if d is TOTAL:
        return "the total: always shown"
    if d is NOT_A_COUNT:
        return "not a count of children"
    if isinstance(d, Subset):
        return "some of the beneficiaries: the count and the rest add up to the total"
    if isinstance(d, Partition):
        extra = "".join(
            f"; subtotal `{name}` = {' + '.join(f'`{p}`' for p in parts)}" for name, parts in d.subtotals
        )
        return "categories adding up to the total" + extra
    if isinstance(d, PartOf):
        return f"categories adding up to `{d.of}`"
    if isinstance(d, OwnSum):
        return "categories adding up to their own sum (the table's total row)"
    raise TypeError(f"unknown disclosure group {d!r}")


def _shown(f: Figure) -> str:
    places = []
    for row in f.rows:
        where = f"table `{row.table}`" + (f", row `{row.code}`" if row.code else "")
        if f.chart == row.table:
            where += ", with its chart"
        places.append(where)
    for h in f.headlines:
        uses = ["site", *(["comparison"] if h.compared else []), *(["ranking"] if h.ranked else [])]
        places.append(f"headline `{h.name}`" + (f" = `{h.cell}`" if h.cell else "") + f" ({', '.join(uses)})")
    return "; ".join(places) or "indicators.json and the text"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def figure_table() -> str:
    """The table of every figure of :data:`~exceed_analysis.figures.registry.FIGURES`, in
    Markdown: key, names, unit, definition, where reports show it, disclosure group."""
    lines = [
        "| key | Indonesian | English | unit | what it counts | shown in | public edition |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in FIGURES:
        unit = f.unit.value + (f" by {f.categories}" if f.categories else "")
        lines.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in (
                    f"`{f.key}`",
                    f.label["id"],
                    f.label["en"],
                    unit,
                    f.description,
                    _shown(f),
                    disclosure_text(f.disclosure),
                )
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def render_document(text: str) -> str:
    """``text`` (the data dictionary) with the figure table between the markers replaced."""
    try:
        head, rest = text.split(BEGIN + "\n", 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise DictionaryError(
            f"the data dictionary lacks the marker lines {BEGIN!r} and {END!r}; "
            "add them where the figure table belongs"
        ) from None
    return head + BEGIN + "\n" + figure_table() + END + tail


def update(path: Path | None = None, check: bool = False) -> bool:
    """Rewrite the table in ``path`` (default: the project's data dictionary); with
    ``check``, write nothing. Returns whether the committed table was current."""
    path = path or paths().data_dictionary
    text = path.read_text(encoding="utf-8")
    new = render_document(text)
    if new == text:
        return True
    if not check:
        path.write_text(new, encoding="utf-8")
        log.info("figure table written to %s", path)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exceed_analysis.figures.dictionary",
        description="Write the data dictionary's figure table from the figure registry.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when the committed table is not current"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    current = update(check=args.check)
    if args.check and not current:
        log.error(
            "docs/data-dictionary.md: the figure table is stale; run "
            "python -m exceed_analysis.figures.dictionary"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
