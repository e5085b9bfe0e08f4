"""The batch on local processes: worker processes, each report in a fresh kernel forked
from one zygote, PDFs printed in the build's process as the HTML arrives.

:func:`run_local` runs the reports :func:`~exceed_analysis.batch.build.build` found out of
date. The worker processes are forked from the build's process (no re-import); they share
one kernel zygote (see :mod:`~exceed_analysis.batch.zygote`), started first and warmed with
a report of each kind built more than once (see :func:`warm_specs`). Each worker keeps a
kernel starting ahead while some report is left. :func:`finish_one` prints, records and
moves in one report (the Dask path uses it too).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exceed_analysis.batch import guard
from exceed_analysis.batch.kernels import KernelPool
from exceed_analysis.batch.plancache import on_store_read
from exceed_analysis.batch.runner import (
    PROGRAMME,
    ReportJob,
    execute_and_render,
    finish,
    new_work_dir,
    report_parameters,
)
from exceed_analysis.batch.warm import warm_spec
from exceed_analysis.batch.zygote import Zygote
from exceed_analysis.config import Paths
from exceed_analysis.errors import ReportError
from exceed_analysis.layout import ASSETS, Layout
from exceed_analysis.publish import render

__all__ = [
    "BuildResult",
    "drop_early_zygote",
    "finish_one",
    "run_local",
    "warm_specs",
    "zygote_while_planning",
]

log = logging.getLogger(__name__)

SITE_MODULE = "exceed_analysis.publish.site"
"""What the build imports in the background while the reports are built (see run_local)."""


@dataclass
class BuildResult:
    """One report's outcome in a batch."""

    job: ReportJob
    status: str  # built, skipped, failed
    seconds: float = 0.0
    error: str | None = None

    @property
    def key(self) -> str:
        return Layout.key(self.job.period.slug, self.job.city.slug, self.job.language, self.job.edition)


_POOL: KernelPool | None = None
_TIMEOUT: float | None = None


_LEFT: Any = None  # reports of the build no kernel is started for yet (a shared counter)


def _worker_init(
    cwd: str,
    timeout: float,
    ahead: int = 1,
    warm: Sequence[dict] = (),
    zygote: Zygote | None = None,
    left: Any = None,
) -> None:
    """In each worker: close the inherited lock, let the build alone handle Ctrl-C, die
    cleanly (kernels killed) on SIGTERM, and start the first kernels."""
    global _POOL, _TIMEOUT, _LEFT
    fd = guard.lock_fd()
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_term)
    _forget_parent_event_loops()
    _TIMEOUT = timeout
    _LEFT = left
    _POOL = KernelPool(Path(cwd), ahead=ahead, warm=warm, shared=zygote)
    # a worker ends with os._exit: multiprocessing's finalizers are what runs then
    multiprocessing.util.Finalize(_POOL, _POOL.close, exitpriority=10)
    _POOL.fill()


def _forget_parent_event_loops() -> None:
    """A forked worker must not reuse the asyncio loops (and their runner threads, which
    did not survive the fork) that jupyter_client's sync wrappers cached in the parent, as
    a process that ran a kernel itself (``exceed verify``, a test) would have."""
    import asyncio

    try:
        from jupyter_core import utils as jc_utils
    except ImportError:
        return
    runners = getattr(jc_utils, "_runner_map", None)
    if isinstance(runners, dict):
        runners.clear()
    loop_var = getattr(jc_utils, "_loop", None)
    if loop_var is not None:
        loop_var.set(None)
    asyncio.set_event_loop(None)


def _worker_term(signum, frame) -> None:
    if _POOL is not None:
        _POOL.kill_all()
    os._exit(128 + signum)


def _reports_left() -> int:
    """Count this worker's report as started; how many reports are left that no kernel
    already started will run (a kernel is started ahead only while some are)."""
    if _LEFT is None:
        return 1
    with _LEFT.get_lock():
        _LEFT.value -= 1
        return int(_LEFT.value)


def _worker_run(job: ReportJob, work: Path, self_contained: bool) -> tuple[bool, str | None, float]:
    """Execute one report in a fresh kernel of this worker's pool. Returns (ok, one-line
    error, seconds spent on it here, not counting the time it waited in the queue)."""
    assert _POOL is not None
    t0 = time.perf_counter()
    km = _POOL.take(refill=_reports_left() > 0)
    try:
        execute_and_render(job, work, self_contained=self_contained, km=km, timeout=_TIMEOUT)
        return True, None, time.perf_counter() - t0
    except ReportError as exc:
        return False, str(exc), time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - reported per report, the batch goes on
        return False, f"{type(exc).__name__}: {exc}".splitlines()[0], time.perf_counter() - t0
    finally:
        _POOL.discard(km)


def warm_specs(todo: Iterable[ReportJob]) -> list[dict]:
    """What the kernel zygote runs once before forking kernels (see
    :mod:`~exceed_analysis.batch.warm`): the first report of each kind and edition of
    which there are several to build (for a single one the warm-up would cost what it
    saves, and delay every other report). ``EXCEED_KERNEL_WARM=0`` turns it off."""
    if os.environ.get("EXCEED_KERNEL_WARM", "1") == "0":
        return []
    first: dict[tuple[str, str], list[ReportJob]] = {}
    for job in todo:
        first.setdefault((job.kind, job.edition), []).append(job)
    return [
        warm_spec(jobs[0].template, report_parameters(jobs[0])) for jobs in first.values() if len(jobs) > 1
    ]


_EARLY: Zygote | None = None  # a zygote started while the build was planning


def _forks_kernels() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and KernelPool.zygote_default()


@contextlib.contextmanager
def zygote_while_planning(enabled: bool = True) -> Iterator[None]:
    """Within the block (a build's planning), start the kernel zygote as soon as the plan
    has to check the store itself (the first build after an ingest: about a second of
    imports and reads, before any report can start), so that the zygote imports the
    library meanwhile; :func:`run_local` then takes it, and sends its warm-up requests.
    A zygote that no build takes is stopped by :func:`drop_early_zygote`."""
    if not enabled or not _forks_kernels():
        yield
        return

    def start() -> None:
        global _EARLY
        if _EARLY is None:
            _EARLY = Zygote(warm=None)

    with on_store_read(start):
        yield


def drop_early_zygote() -> None:
    """Stop a zygote started while planning that no build took (nothing to build, or an
    error before the reports)."""
    global _EARLY
    if _EARLY is not None:
        _EARLY.kill()
        _EARLY = None


def _zygote_for(warm: list[dict], lock: Any) -> Zygote:
    """The build's zygote: the one started while planning, else a new one; warmed."""
    global _EARLY
    zygote, _EARLY = _EARLY or Zygote(warm=None), None
    zygote.lock = lock
    zygote.warm(warm)
    return zygote


def run_local(
    todo,
    p: Paths,
    workers: int | None,
    want_pdf: bool,
    self_contained: bool,
    advance: Callable[[BuildResult], None],
    timeout: float,
    while_stopping: Callable[[], None] | None = None,
) -> list[BuildResult]:
    """Build ``todo`` (job, inputs, digest) in ``workers`` local processes: each report
    executed in a fresh kernel forked from the build's zygote, its PDF printed here in one
    browser page as its HTML arrives, then moved in. Once every report is in,
    ``while_stopping`` runs here while the browser, the workers and their kernels stop."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    results: list[BuildResult] = []
    # fork is cheap (no re-import); the workers are forked at the first submit, before
    # this process starts the browser or any thread
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    warm = warm_specs(job for job, _, _ in todo)
    # forked workers share one kernel zygote, started first: it imports the library and
    # runs the warm-up once for the whole build, while this process imports papermill, the
    # workers start and the browser opens
    zygote = _zygote_for(warm, ctx.Lock()) if method == "fork" and KernelPool.zygote_default() else None
    printer = (
        render.PdfPrinter(serve_root=p.outputs, warm_scripts=(f"{ASSETS}/plotly.min.js",))
        if want_pdf
        else None
    )
    started: dict[Future, tuple[ReportJob, dict[str, str], Path, float]] = {}
    # each worker keeps one kernel starting ahead while it runs a report, unless it has
    # only one report to run
    ahead = 1 if len(todo) > workers else 0
    # the reports left once each other worker has run the kernel it keeps ahead: a worker
    # starts one for its next report only while some are (no kernel started for nothing)
    left = ctx.Value("i", len(todo) - (workers - 1) * ahead)
    pool: ProcessPoolExecutor | None = None
    entered = False
    try:
        _prepare_workers(todo)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_worker_init,
            initargs=(str(p.notebooks), timeout, ahead, warm, zygote, left),
        )
        for job, inputs, _ in todo:
            work = new_work_dir(job)
            started[pool.submit(_worker_run, job, work, self_contained)] = (
                job,
                inputs,
                work,
                time.perf_counter(),
            )
        if printer is not None:
            printer.__enter__()
            entered = True
        # the reviewers' site, built at the end, needs the data libraries that no worker
        # does: imported meanwhile (now that the workers are forked), off the build's path
        threading.Thread(target=importlib.import_module, args=(SITE_MODULE,), daemon=True).start()
        for fut in as_completed(started):
            job, inputs, work, t_job = started[fut]
            results.append(finish_one(fut.result, job, inputs, work, t_job, printer, self_contained, p))
            advance(results[-1])
            guard.check_interrupted()  # a stop that some library swallowed still stops
        if while_stopping is not None:
            # the browser stays with this thread (Playwright's objects are this thread's)
            stopping = threading.Thread(target=_stop_quietly, args=(None, pool, zygote))
            pool = zygote = None  # the thread's to stop now
            stopping.start()
            try:
                while_stopping()
            finally:
                stopping.join()
    except BaseException:
        if pool is not None:
            _stop_workers(pool)
        if zygote is not None:
            zygote.kill()
        raise
    finally:
        _stop_quietly(printer if entered else None, pool, zygote)
        for _job, _inputs, work, _t in started.values():
            shutil.rmtree(work, ignore_errors=True)  # unfinished reports: never swapped in
    return results


def _stop_quietly(printer, pool: ProcessPoolExecutor | None, zygote: Zygote | None) -> None:
    """Close the browser, let the workers end (their kernels with them), stop the zygote."""
    if printer is not None:
        try:
            printer.__exit__(None, None, None)
        except Exception as exc:  # noqa: BLE001 - the browser may already be gone
            log.debug("closing the browser: %s", exc)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
    if zygote is not None:
        zygote.close()  # its kernels went with the workers


def _prepare_workers(todo) -> None:
    """Import papermill and nbconvert, read the page titles' phrases and render a small
    page in each language of ``todo``, once, before the workers are forked: what they
    would each pay for their first report (the HTML exporter's templates compiled) is then
    shared by all of them."""
    # nbformat imports jsonschema, which imports rfc3987_syntax when it is installed (the
    # lab's jupyter-events wants it) and that compiles a grammar at import, a second of
    # CPU, for the "iri" format check that no notebook schema uses: not in a build
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import nbconvert  # noqa: F401  (pyflakes: imported for its side effect, the warm import)
    import nbformat
    import papermill  # noqa: F401

    from exceed_analysis.reports.page_titles import page_title

    kinds = {(job.kind, job.language) for job, _, _ in todo}
    sample = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# -"),
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output("display_data", {"text/html": "<p>-</p>", "text/markdown": "-"}),
                    nbformat.v4.new_output("execute_result", {"text/markdown": "-"}, execution_count=1),
                ]
            ),
        ]
    )
    for kind, language in sorted(kinds):
        page_title(language, "-", city=None if kind == PROGRAMME else "-")
        render.notebook_to_html(sample, plotly_href=f"{ASSETS}/plotly.min.js", title="-", language=language)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM every worker (each kills its kernels and exits), then SIGKILL stragglers."""
    procs = list(getattr(pool, "_processes", {}).values())
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    deadline = time.monotonic() + 5
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(1)


def finish_one(
    outcome,
    job: ReportJob,
    inputs: dict[str, str],
    work: Path,
    t_job: float,
    printer,
    self_contained: bool,
    p: Paths,
) -> BuildResult:
    """Print, record and move in one report whose HTML is in ``work``. ``outcome`` is a
    callable returning (ok, error, seconds), so that a worker's own crash is caught here
    too. An interrupt is never caught here: it stops the build."""
    t_finish = time.perf_counter()
    worked = 0.0
    try:
        ok, error, worked = outcome()
        if ok:
            finish(
                job,
                work,
                inputs=inputs,
                printer=printer,
                self_contained=self_contained,
                p=p,
                seconds=worked + time.perf_counter() - t_finish,
            )
            return BuildResult(job, "built", worked + time.perf_counter() - t_finish)
        return BuildResult(job, "failed", worked, error)
    except Exception as exc:  # noqa: BLE001 - one report's failure never stops the batch
        guard.check_interrupted()  # unless it was a stop, turned into an error on its way
        return BuildResult(
            job,
            "failed",
            worked + time.perf_counter() - t_finish,
            f"{type(exc).__name__}: {exc}".splitlines()[0],
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
