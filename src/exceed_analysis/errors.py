"""The project's exceptions: one base class, subclasses carrying structured fields."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ExceedError", "ParameterError", "IntakeError", "ReportError", "StoreMissingError",
           "StoreInvalidError", "NarrativeError"]


class ExceedError(Exception):
    """Base class of every error this package raises on purpose."""


class ParameterError(ExceedError, ValueError):
    """A report parameter (city, period, ...) that cannot be used; the message names the
    valid choices."""


class StoreMissingError(ExceedError, FileNotFoundError):
    """The processed store has not been built yet."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"no processed store at {path}: run `exceed ingest` (or `make data`) first")


class StoreInvalidError(ExceedError, ValueError):
    """A file of the processed store does not match its schema (changed by hand, or
    written by another version of the package)."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}; the processed store does not match this version: "
                         "run `exceed ingest` (or `make data`) to rebuild it")


class IntakeError(ExceedError):
    """Intake could not read a raw file at all (not a row-level problem: those are
    quarantined, not raised)."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


class ReportError(ExceedError):
    """A report notebook failed while executing; the error notebook is kept."""

    def __init__(self, city: str, period: str, cell: int | None, ename: str, evalue: str,
                 notebook: Path | None):
        self.city = city
        self.period = period
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        self.notebook = notebook
        where = f"cell {cell}" if cell is not None else "an unknown cell"
        kept = "; the failed notebook is kept as report.error.ipynb" if notebook else ""
        detail = " ".join(str(evalue).split())  # one line, for logs and the summary table
        if len(detail) > 300:
            detail = detail[:297] + "..."
        super().__init__(f"report {city} {period} failed in {where}: {ename}: {detail}{kept}")


class NarrativeError(ExceedError, ValueError):
    """A staff narrative file that cannot be read (its front matter is not valid YAML)."""

    def __init__(self, file: str, line: int | None, reason: str):
        self.file = file
        self.line = line
        self.reason = reason
        at = f", line {line}" if line else ""
        super().__init__(f"{file}{at}: front matter is not valid YAML ({reason}); "
                         "fix the narrative between the --- lines")
