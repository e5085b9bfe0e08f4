"""Writing CSV files that are safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken for a
formula by Excel and LibreOffice (CSV injection: ``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM``).
Following the OWASP rule, such a text cell is written with a leading ``'`` so that it is shown
as text; numbers (numeric columns, and text cells that are plain numbers such as ``-12.5``)
are written unchanged. Every CSV the project writes (quarantine, data quality, report tables)
goes through :func:`write_csv`.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-12.5"), neutralise("+62 812"), neutralise("ok")
('\\'=HYPERLINK("http://x")', '-12.5', "'+62 812", 'ok')
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

__all__ = ["neutralise", "safe_frame", "write_csv", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise(value):
    """A cell made safe: a text starting like a formula gets a leading ``'``; numbers and
    anything else are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and text index and column labels) are neutralised."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise)
    out.columns = out.columns.map(lambda c: neutralise(c) if isinstance(c, str) else c)
    if out.index.dtype == object:
        out.index = out.index.map(lambda c: neutralise(c) if isinstance(c, str) else c)
    return out


def write_csv(df: pd.DataFrame, path: Path | str, *, index: bool = False, **kwargs) -> None:
    """``df.to_csv`` with every text cell neutralised (UTF-8, ``\\n`` line ends)."""
    kwargs.setdefault("lineterminator", "\n")
    safe_frame(df).to_csv(path, index=index, **kwargs)
