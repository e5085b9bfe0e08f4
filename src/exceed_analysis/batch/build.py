"""The batch: every report for a set of cities and periods, in parallel, incrementally.

:func:`build` is the recipe:

1. plan every report (parameter errors stop the batch before any kernel starts), and
   check the set-up (Chromium for PDFs): both before anything is written;
2. take the output folder's lock (a second build stops, or waits with ``wait=True``) and
   remove the staging folders of an earlier crashed build;
3. skip the reports whose inputs (data, narrative, template, library, package versions)
   have not changed;
4. execute the rest in worker processes, each report in a fresh kernel that the worker
   started while the previous report ran, and render HTML;
5. print every PDF in one browser page in the main process, as the HTML arrives;
6. move each finished report in; a failure keeps the previous good output and the error
   notebook, and never stops the other reports;
7. record each report's status and the run in the status file, rebuild the reviewers'
   site, and return a summary whose ``exit_code`` is non-zero if anything failed.

SIGINT or SIGTERM at any point stops the workers, their kernels and the browser, removes
the staging folders, leaves every output and the status file as they were, and raises
:class:`~exceed_analysis.errors.BuildInterrupted` (exit 130 / 143).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from exceed_analysis.batch import guard
from exceed_analysis.batch.inputs import (
    combined_digest,
    hash_stats,
    input_digest,
    load_raw_keys,
    new_build,
    save_raw_keys,
)
from exceed_analysis.batch.local import (
    BuildResult,
    drop_early_zygote,
    finish_one,
    run_local,
    zygote_while_planning,
)
from exceed_analysis.batch.runner import (
    PlanCache,
    ReportJob,
    assets_dir,
    plan_programme,
    plan_report,
    report_timeout,
)
from exceed_analysis.batch.status import status_history, write_status
from exceed_analysis.config import Paths, paths, registry
from exceed_analysis.errors import ChromiumUnavailable, ParameterError
from exceed_analysis.layout import STATUS_FILE, Layout
from exceed_analysis.periods import latest_complete_quarter
from exceed_analysis.publish import render

__all__ = [
    "BuildResult",
    "BuildSummary",
    "build",
    "default_period",
    "plan",
    "check_pdf",
    "status_history",
    "STATUS_FILE",
]

log = logging.getLogger(__name__)


@dataclass
class BuildSummary:
    """What a batch did, report by report."""

    results: list[BuildResult] = field(default_factory=list)
    seconds: float = 0.0
    pdf: bool = False

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("failed") else 0

    def lines(self) -> list[str]:
        """The summary as log lines: a headline, then one line per report, failures first;
        never wrapped, whatever the width of the terminal or the log."""
        head = (
            f"exceed build: {self.count('built')} built, {self.count('skipped')} up to date, "
            f"{self.count('failed')} failed in {self.seconds:.1f} s" + ("" if self.pdf else " (no PDFs)")
        )
        width = max((len(r.key) for r in self.results), default=0)
        rows = [
            f"{r.status:<7} {r.key:<{width}} {r.seconds:6.1f} s" + (f"  {r.error}" if r.error else "")
            for r in sorted(self.results, key=lambda r: (r.status != "failed", r.key))
        ]
        return [head, *rows]


# ------------------------------------------------------------------ planning


def default_period(p: Paths | None = None) -> str:
    """The latest complete quarter in the processed store."""
    last = PlanCache(p).last_data_date()
    if last is None:
        raise ParameterError("the processed store holds no dated rows: run `exceed ingest` first")
    return latest_complete_quarter(last).name


def plan(
    cities: Sequence[str] | None,
    periods: Sequence[str] | None,
    language: str = "id",
    p: Paths | None = None,
    edition: str = "internal",
    programme: bool | None = None,
) -> list[ReportJob]:
    """Every (city, period) job, checked; all cities when ``cities`` is None, the latest
    complete quarter when ``periods`` is empty. The programme report of each period is added
    when ``programme`` is True, or when it is None and every city is built (in either
    edition); ``cities=[]`` with ``programme=True`` plans the programme reports alone.
    Each store file is read once, however many reports are planned."""
    p = p or paths()
    cache = PlanCache(p)
    new_build()  # the store files are hashed once for the plan and the digests
    all_cities = cities is None
    cities = list(dict.fromkeys(registry().slugs if cities is None else cities))
    periods = list(dict.fromkeys(periods or [default_period(p)]))
    if programme is None:
        programme = all_cities
    jobs = [plan_report(c, per, language, p, edition, cache=cache) for per in periods for c in cities]
    if programme:
        jobs += [plan_programme(per, language, p, cache=cache, edition=edition) for per in periods]
    cache.save()
    return jobs


def _is_up_to_date(job: ReportJob, digest: str, want_pdf: bool) -> bool:
    import json

    manifest = Layout.manifest(job.out_dir)
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if old.get("digest") != digest or not (job.out_dir / "report.html").is_file():
        return False
    return not want_pdf or (job.out_dir / "report.pdf").is_file()


def check_pdf(pdf: bool | None) -> bool:
    """Whether to print PDFs: ``pdf=None`` prints them when Chromium is found. A configured
    ``EXCEED_CHROMIUM`` that is not an executable, or ``pdf=True`` without Chromium, is a
    set-up error (:class:`ChromiumUnavailable`), raised before anything is written."""
    configured = os.environ.get("EXCEED_CHROMIUM", "").strip()
    if configured and shutil.which(configured) is None:
        raise ChromiumUnavailable(f"EXCEED_CHROMIUM={configured!r} is not an executable file.")
    found = render.find_chromium()
    if pdf and found is None:
        raise ChromiumUnavailable()
    return found is not None if pdf is None else bool(pdf)


# ------------------------------------------------------------------ progress


class _Progress:
    """A progress bar on a terminal; one log line per report elsewhere (cron, CI)."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled and total and sys.stderr.isatty() and log.isEnabledFor(logging.INFO):
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
            )
            self.task = self.bar.add_task("reports", total=total)
            self.bar.start()

    def advance(self, result: BuildResult) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{result.key} {result.status}")
        extra = f": {result.error}" if result.error else ""
        level = (
            logging.WARNING
            if result.status == "failed"
            else logging.DEBUG
            if self.bar is not None or result.status == "skipped"
            else logging.INFO
        )
        log.log(level, "%s %s (%.1f s)%s", result.status, result.key, result.seconds, extra)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


# ------------------------------------------------------------------ the recipe


def build(
    cities: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    *,
    language: str = "id",
    edition: str = "internal",
    workers: int | None = None,
    pdf: bool | None = None,
    self_contained: bool = False,
    force: bool = False,
    progress: bool = True,
    jobs: Iterable[ReportJob] | None = None,
    scheduler: str | None = None,
    programme: bool | None = None,
    wait: bool = False,
    timeout: float | None = None,
) -> BuildSummary:
    """Build every report of ``cities`` x ``periods`` (see :func:`plan`), or ``jobs``.

    ``pdf=None`` prints PDFs when Chromium is available; ``force`` rebuilds reports that
    are up to date; ``workers`` defaults to the machine's cores; ``wait`` queues behind a
    build already running on the same outputs (else :class:`BuildLocked`); ``timeout`` is
    each report's limit in seconds (see :func:`~exceed_analysis.batch.runner.report_timeout`);
    ``scheduler`` (a Dask scheduler address such as ``tcp://10.0.0.5:8786``) runs each report
    as a task on that cluster instead of on local processes, with the same outputs and rules.
    """
    p = paths()
    lay = Layout.of(p)
    t0 = time.perf_counter()
    if jobs is None:
        new_build()
    with guard.interruptible(), _early_zygote_dropped():
        if jobs is None:
            with zygote_while_planning(scheduler is None):
                jobs = plan(cities, periods, language, p, edition, programme)
        jobs = list(jobs)
        want_pdf = check_pdf(pdf)
        seconds = report_timeout(timeout)
        with guard.output_lock(lay, wait=wait):
            guard.clean_leftovers(lay)
            summary = BuildSummary(pdf=want_pdf)
            load_raw_keys(lay.input_keys)
            todo: list[tuple[ReportJob, dict[str, str], str]] = []
            for job in jobs:
                inputs = input_digest(job, p)
                digest = combined_digest(job, inputs, self_contained)
                if not force and _is_up_to_date(job, digest, want_pdf):
                    summary.results.append(BuildResult(job, "skipped"))
                else:
                    todo.append((job, inputs, digest))
            log.debug("inputs: %s", hash_stats())
            save_raw_keys(lay.input_keys)
            bar = _Progress(len(jobs), progress)

            def wrap_up() -> None:
                summary.seconds = time.perf_counter() - t0
                write_status(summary, lay.outputs)
                if todo or not (lay.outputs / "index.html").is_file():
                    _build_site(p)  # a no-op changes no report: the site stays as it is

            try:
                for r in summary.results:
                    bar.advance(r)
                if todo:
                    if not self_contained:
                        for assets in sorted({assets_dir(job, p) for job, _, _ in todo}):
                            render.copy_plotly_js(assets)
                    if scheduler:
                        from exceed_analysis.batch.cluster import run_all_dask

                        summary.results += run_all_dask(
                            todo, p, scheduler, want_pdf, self_contained, bar.advance, finish_one
                        )
                    else:
                        # the status and the site are written while the workers stop
                        run_local(
                            todo,
                            p,
                            workers,
                            want_pdf,
                            self_contained,
                            _collect(summary, bar),
                            seconds,
                            while_stopping=wrap_up,
                        )
                        return summary
            finally:
                bar.close()
            wrap_up()
    return summary


@contextlib.contextmanager
def _early_zygote_dropped() -> Iterator[None]:
    """A zygote started while planning (see :func:`zygote_while_planning`) that the build
    did not take is stopped when the build ends, whichever way it ends."""
    try:
        yield
    finally:
        drop_early_zygote()


def _collect(summary: BuildSummary, bar: _Progress):
    """Each report's result into the summary, and onto the progress bar or the log."""

    def advance(result: BuildResult) -> None:
        summary.results.append(result)
        bar.advance(result)

    return advance


def _build_site(p: Paths) -> None:
    """Rebuild the reviewers' site; bring the intake's data-quality page along."""
    from exceed_analysis.publish.site import QUALITY_PAGE, build_site

    quality = p.processed / "quality.html"
    if quality.is_file():
        p.outputs.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(quality, p.outputs / QUALITY_PAGE)
    build_site(p.outputs)
    if (p.outputs / "public").is_dir():  # the public site: its own folder, no internal page
        build_site(p.outputs / "public")
