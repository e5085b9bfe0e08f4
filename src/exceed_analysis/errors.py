"""The project's exceptions: one base class, subclasses carrying structured fields."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ExceedError",
    "ParameterError",
    "UsageError",
    "IntakeError",
    "ReportError",
    "StoreMissingError",
    "NarrativeError",
    "SetupError",
    "ChromiumUnavailable",
    "BuildLocked",
    "PrintError",
    "OfflineViolation",
    "ChartsNotDrawn",
    "ReportTimeout",
    "BuildInterrupted",
    "ManifestError",
    "StoreInvalidError",
]


class ExceedError(Exception):
    """Base class of every error this package raises on purpose.

    ``exit_code`` is what the ``exceed`` command exits with when the error stops it:
    2 for setup and usage errors (nothing was built), 1 for failed reports."""

    exit_code = 2


class SetupError(ExceedError):
    """The machine is not set up for what was asked (a missing browser, a locked output
    folder, ...): nothing was built, and the message says what to install or change."""


class ChromiumUnavailable(SetupError):
    """No Chromium executable was found (or it would not start) to print reports with."""

    def __init__(self, detail: str = "") -> None:
        message = (
            "Chromium is needed to print reports to PDF but was not found. "
            "Install it with `apt-get install chromium` (Debian/Ubuntu), or set "
            "EXCEED_CHROMIUM to the path of a Chromium or Chrome executable."
        )
        super().__init__(f"{message} {detail}".strip())


class BuildLocked(SetupError):
    """Another build holds the lock on the output folder."""

    def __init__(self, lock: Path, holder: str = ""):
        self.lock = lock
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"another build is running on {lock.parent}{who}; wait for it, "
            "or run again with --wait to queue behind it"
        )


class BuildInterrupted(BaseException):
    """The build was stopped by a signal (SIGINT or SIGTERM); outputs were left as they were.

    A ``BaseException``, as ``KeyboardInterrupt`` is, and not an :class:`ExceedError`:
    the code that turns one report's error into that report's failure (``except
    Exception``) must never take a stop for a failed report and go on. ``exit_code`` is
    130 or 143."""

    def __init__(self, signum: int):
        import signal

        self.signum = signum
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__(
            f"interrupted by {name}: workers, kernels and the browser stopped, "
            "unfinished reports discarded, earlier outputs left as they were; "
            "run the build again to finish"
        )


class ManifestError(ExceedError):
    """A report folder whose manifest cannot be used to verify it."""


class PrintError(ExceedError):
    """A report page could not be printed; the report fails, the batch goes on."""

    exit_code = 1


class OfflineViolation(PrintError):
    """A report page tried to load something from the network."""


class ChartsNotDrawn(PrintError):
    """A report page's plotly charts did not draw in time."""


class ParameterError(ExceedError, ValueError):
    """A report parameter (city, period, ...) that cannot be used; the message names the
    valid choices."""


class UsageError(ExceedError):
    """Command-line options that cannot be used together; the message says which to drop."""


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
        super().__init__(
            f"{path}: {reason}; the processed store does not match this version: "
            "run `exceed ingest` (or `make data`) to rebuild it"
        )


class IntakeError(ExceedError):
    """Intake could not read a raw file at all (not a row-level problem: those are
    quarantined, not raised)."""

    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


class ReportError(ExceedError):
    """A report notebook failed while executing; the error notebook is kept."""

    exit_code = 1

    def __init__(
        self,
        city: str,
        period: str,
        cell: int | None,
        ename: str,
        evalue: str,
        notebook: Path | None,
        template: str | None = None,
    ):
        self.city = city
        self.template = template
        self.period = period
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        self.notebook = notebook
        where = f"cell {cell}" if cell is not None else "an unknown cell"
        if template:
            where += f" of {template}"
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
        super().__init__(
            f"{file}{at}: front matter is not valid YAML ({reason}); fix the narrative between the --- lines"
        )


class ReportTimeout(ReportError):
    """A report cell ran longer than the execution timeout."""

    def __init__(
        self,
        city: str,
        period: str,
        cell: int | None,
        seconds: float,
        notebook: Path | None,
        template: str | None = None,
    ):
        self.seconds = seconds
        super().__init__(
            city,
            period,
            cell,
            "Timeout",
            f"the report ran longer than {seconds:g} s (raise the limit with "
            "--timeout or EXCEED_TIMEOUT if the data have grown)",
            notebook,
            template,
        )
