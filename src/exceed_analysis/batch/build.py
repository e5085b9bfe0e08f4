"""The batch: every report for a set of cities and periods, in parallel, incrementally.

:func:`build` is the recipe:

1. plan every report (parameter errors stop the batch before any kernel starts);
2. skip the reports whose inputs (data, narrative, template, library) have not changed;
3. execute the rest in worker processes, each keeping one warm kernel, and render HTML;
4. print every PDF with one browser in the main process, as the HTML arrives;
5. move each finished report in; a failure keeps the previous good output and the error
   notebook, and never stops the other reports;
6. record each report's status, rebuild the reviewers' site, and return a summary whose
   ``exit_code`` is non-zero if anything failed.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from exceed_analysis.publish import render
from exceed_analysis.config import Paths, paths, registry
from exceed_analysis.errors import ParameterError, ReportError
from exceed_analysis.periods import latest_complete_quarter
from exceed_analysis.batch.runner import (ASSETS, ReportJob, assets_dir, combined_digest,
                                         execute_and_render, finish, input_digest, new_work_dir,
                                         plan_programme, plan_report, start_kernel)
from exceed_analysis.store.parquet import last_data_date

__all__ = ["BuildResult", "BuildSummary", "build", "default_period", "plan", "STATUS_FILE"]

STATUS_FILE = "build-status.json"


@dataclass
class BuildResult:
    """One report's outcome in a batch."""

    job: ReportJob
    status: str  # built, skipped, failed
    seconds: float = 0.0
    error: str | None = None

    @property
    def key(self) -> str:
        ed = "public/" if self.job.edition == "public" else ""
        lang = "" if self.job.language == "id" else f"{self.job.language}/"
        return f"{ed}{lang}{self.job.period.slug}/{self.job.city.slug}"


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


# ------------------------------------------------------------------ planning


def default_period(p: Paths | None = None) -> str:
    """The latest complete quarter in the processed store."""
    last = last_data_date((p or paths()).processed)
    if last is None:
        raise ParameterError("the processed store holds no dated rows: run `exceed ingest` first")
    return latest_complete_quarter(last).name


def plan(cities: Sequence[str] | None, periods: Sequence[str] | None, language: str = "id",
         p: Paths | None = None, edition: str = "internal",
         programme: bool | None = None) -> list[ReportJob]:
    """Every (city, period) job, checked; all cities when ``cities`` is None, the latest
    complete quarter when ``periods`` is empty. The programme report of each period is added
    when ``programme`` is True, or when it is None and every city is built (internal
    edition); ``cities=[]`` with ``programme=True`` plans the programme reports alone."""
    p = p or paths()
    all_cities = cities is None
    cities = list(dict.fromkeys(registry().slugs if cities is None else cities))
    periods = list(dict.fromkeys(periods or [default_period(p)]))
    if programme is None:
        programme = all_cities and edition == "internal"
    jobs = [plan_report(c, per, language, p, edition) for per in periods for c in cities]
    if programme:
        jobs += [plan_programme(per, language, p) for per in periods]
    return jobs


def _is_up_to_date(job: ReportJob, digest: str, want_pdf: bool) -> bool:
    manifest = job.out_dir / "manifest.json"
    if not manifest.is_file() or not (job.out_dir / "report.html").is_file():
        return False
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if old.get("digest") != digest:
        return False
    return not want_pdf or (job.out_dir / "report.pdf").is_file()


# ------------------------------------------------------------------ workers

_KM = None


def _worker_init() -> None:
    global _KM
    _KM = start_kernel()
    atexit.register(lambda: _KM is not None and _KM.shutdown_kernel(now=True))


def _worker_run(job: ReportJob, work: Path, self_contained: bool) -> tuple[bool, str | None, float]:
    """Execute one report in this worker's kernel. Returns (ok, one-line error, seconds
    spent on it here, not counting the time it waited in the queue)."""
    global _KM
    t0 = time.perf_counter()
    try:
        execute_and_render(job, work, self_contained=self_contained, km=_KM)
        return True, None, time.perf_counter() - t0
    except ReportError as exc:
        _KM.restart_kernel(now=True)  # a failed report must not leave state for the next
        return False, str(exc), time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - reported per report, the batch goes on
        _KM.restart_kernel(now=True)
        return False, f"{type(exc).__name__}: {exc}", time.perf_counter() - t0


# ------------------------------------------------------------------ status and output


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def write_status(summary: BuildSummary, p: Paths) -> dict:
    """Merge this batch's outcomes into ``outputs/build-status.json``."""
    path = p.outputs / STATUS_FILE
    status = {"reports": {}}
    if path.is_file():
        try:
            status = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            pass
    now = _now()
    for r in summary.results:
        status["reports"][r.key] = {"city": r.job.city.slug, "period": r.job.period.name,
                                    "language": r.job.language, "edition": r.job.edition,
                                    "status": r.status, "checked_at": now,
                                    "seconds": round(r.seconds, 2), "error": r.error}
    status["reports"] = dict(sorted(status["reports"].items()))
    status["last_build"] = {"at": now, "seconds": round(summary.seconds, 2),
                            "built": summary.count("built"), "skipped": summary.count("skipped"),
                            "failed": summary.count("failed")}
    path.write_text(json.dumps(status, indent=2) + "\n", encoding="utf-8")
    return status


def _log(msg: str) -> None:
    print(f"{_now()} {msg}", file=sys.stderr, flush=True)


class _Progress:
    """A progress bar on a terminal; one log line per report elsewhere (cron, CI)."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled and total and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), transient=True)
            self.task = self.bar.add_task("reports", total=total)
            self.bar.start()

    def advance(self, result: BuildResult) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{result.key} {result.status}")
        else:
            extra = f": {result.error}" if result.error else ""
            _log(f"{result.status} {result.key} ({result.seconds:.1f} s){extra}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# ------------------------------------------------------------------ the recipe


def build(cities: Sequence[str] | None = None, periods: Sequence[str] | None = None, *,
          language: str = "id", edition: str = "internal", workers: int | None = None, pdf: bool | None = None,
          self_contained: bool = False, force: bool = False, progress: bool = True,
          jobs: Iterable[ReportJob] | None = None, scheduler: str | None = None,
          programme: bool | None = None) -> BuildSummary:
    """Build every report of ``cities`` x ``periods`` (see :func:`plan`).

    ``pdf=None`` prints PDFs when Chromium is available; ``force`` rebuilds reports that
    are up to date; ``workers`` defaults to the machine's cores; ``scheduler`` (a Dask
    scheduler address such as ``tcp://10.0.0.5:8786``) runs each report as a task on that
    cluster instead of on local processes, with the same outputs and rules.
    """
    p = paths()
    t0 = time.perf_counter()
    jobs = list(jobs) if jobs is not None else plan(cities, periods, language, p, edition, programme)
    want_pdf = render.find_chromium() is not None if pdf is None else pdf
    if want_pdf and render.find_chromium() is None:
        raise render.ChromiumUnavailable()
    summary = BuildSummary(pdf=want_pdf)

    todo: list[tuple[ReportJob, dict[str, str], str]] = []
    for job in jobs:
        inputs = input_digest(job, p)
        digest = combined_digest(job, inputs, self_contained)
        if not force and _is_up_to_date(job, digest, want_pdf):
            summary.results.append(BuildResult(job, "skipped"))
        else:
            todo.append((job, inputs, digest))

    bar = _Progress(len(jobs), progress)
    for r in summary.results:
        bar.advance(r)
    if todo:
        if not self_contained:
            for assets in sorted({assets_dir(job, p) for job, _, _ in todo}):
                render.copy_plotly_js(assets)
        if scheduler:
            summary.results += _run_all_dask(todo, p, scheduler, want_pdf, self_contained, bar)
        else:
            summary.results += _run_all(todo, p, workers, want_pdf, self_contained, bar)
    bar.close()
    summary.seconds = time.perf_counter() - t0
    write_status(summary, p)
    _build_site(p)
    return summary


def _run_all(todo, p: Paths, workers: int | None, want_pdf: bool, self_contained: bool,
             bar: _Progress) -> list[BuildResult]:
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    # imported once here, before the workers are forked, so that no worker pays for them
    import nbconvert  # noqa: F401  (pyflakes: imported for its side effect, the warm import)
    import papermill  # noqa: F401

    results: list[BuildResult] = []
    # fork is cheap (no re-import); the workers are forked at the first submit, before
    # this process starts the browser or any thread
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    printer = render.PdfPrinter(serve_root=p.outputs, warm_scripts=(f"{ASSETS}/plotly.min.js",)) \
        if want_pdf else None
    started: dict[Future, tuple[ReportJob, dict[str, str], Path, float]] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init) as pool:
        for job, inputs, _ in todo:
            work = new_work_dir(job)
            fut = pool.submit(_worker_run, job, work, self_contained)
            started[fut] = (job, inputs, work, time.perf_counter())
        if printer is not None:
            printer.__enter__()
        try:
            for fut in as_completed(started):
                job, inputs, work, t_job = started[fut]
                results.append(_finish_one(fut.result, job, inputs, work, t_job, printer,
                                           self_contained, p))
                bar.advance(results[-1])
        finally:
            if printer is not None:
                printer.__exit__(None, None, None)
    return results


# ------------------------------------------------------------------ on a Dask cluster


def _dask_task(job: ReportJob, self_contained: bool) -> dict:
    """Run on a Dask worker: execute and render one report in the worker's warm kernel,
    in a temporary folder of the worker's own, and return the files' contents (so the
    workers need the project and its processed store, not the client's disk)."""
    import tempfile

    global _KM
    if _KM is None:
        _worker_init()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="exceed-task-") as tmp:
        work = Path(tmp) / "report"
        work.mkdir()
        try:
            execute_and_render(job, work, self_contained=self_contained, km=_KM,
                               keep_errors_in=Path(tmp))
            files = {f.relative_to(work).as_posix(): f.read_bytes()
                     for f in sorted(work.rglob("*")) if f.is_file()}
            return {"ok": True, "error": None, "files": files, "seconds": time.perf_counter() - t0}
        except Exception as exc:  # noqa: BLE001 - reported per report
            _KM.restart_kernel(now=True)
            failed = Path(tmp) / "report.error.ipynb"
            files = {"report.error.ipynb": failed.read_bytes()} if failed.exists() else {}
            error = str(exc) if isinstance(exc, ReportError) else f"{type(exc).__name__}: {exc}"
            return {"ok": False, "error": error, "files": files, "seconds": time.perf_counter() - t0}


def _run_all_dask(todo, p: Paths, scheduler: str, want_pdf: bool, self_contained: bool,
                  bar: _Progress) -> list[BuildResult]:
    """The same batch with each report a task on the Dask cluster at ``scheduler``; the
    PDFs, manifests and the swap into outputs/ happen here, as in a local build."""
    from distributed import Client, as_completed as dask_completed

    results: list[BuildResult] = []
    printer = render.PdfPrinter(serve_root=p.outputs, warm_scripts=(f"{ASSETS}/plotly.min.js",)) \
        if want_pdf else None
    with Client(scheduler, timeout="30s") as client:
        futures = {}
        for job, inputs, _ in todo:
            key = f"report-{job.city.slug}-{job.period.slug}-{job.language}-{job.edition}"
            fut = client.submit(_dask_task, job, self_contained, pure=False, key=key)
            futures[fut] = (job, inputs, time.perf_counter())
        if printer is not None:
            printer.__enter__()
        try:
            for fut in dask_completed(futures):
                job, inputs, t_job = futures[fut]
                outcome = fut.result()
                work = new_work_dir(job)
                if not outcome["ok"]:
                    shutil.rmtree(work, ignore_errors=True)
                    for name, data in outcome["files"].items():
                        job.out_dir.mkdir(parents=True, exist_ok=True)
                        (job.out_dir / name).write_bytes(data)
                    results.append(BuildResult(job, "failed", outcome["seconds"], outcome["error"]))
                else:
                    for name, data in outcome["files"].items():
                        (work / name).parent.mkdir(parents=True, exist_ok=True)
                        (work / name).write_bytes(data)
                    results.append(_finish_one(lambda: (True, None, outcome["seconds"]), job, inputs,
                                               work, t_job, printer, self_contained, p))
                bar.advance(results[-1])
        finally:
            if printer is not None:
                printer.__exit__(None, None, None)
    return results


def _finish_one(outcome, job: ReportJob, inputs: dict[str, str], work: Path, t_job: float,
                printer, self_contained: bool, p: Paths) -> BuildResult:
    """Print, record and move in one report whose HTML is in ``work``. ``outcome`` is a
    callable returning (ok, error), so that a worker's own crash is caught here too."""
    t_finish = time.perf_counter()
    worked = 0.0
    try:
        ok, error, worked = outcome()
        if ok:
            finish(job, work, inputs=inputs, printer=printer, self_contained=self_contained, p=p,
                   seconds=worked + time.perf_counter() - t_finish)
            return BuildResult(job, "built", worked + time.perf_counter() - t_finish)
        return BuildResult(job, "failed", worked, error)
    except Exception as exc:  # noqa: BLE001 - one report's failure never stops the batch
        return BuildResult(job, "failed", worked + time.perf_counter() - t_finish,
                           f"{type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
