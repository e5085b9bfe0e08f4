"""The batch on a Dask cluster: each report a task, run in a fresh kernel on a worker;
the PDFs, manifests and the swap into ``outputs/`` happen on the client, as locally."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exceed_analysis.batch.kernels import KernelPool
from exceed_analysis.batch.runner import ReportJob, execute_and_render, new_work_dir
from exceed_analysis.config import Paths, paths
from exceed_analysis.errors import ReportError
from exceed_analysis.layout import ASSETS
from exceed_analysis.publish import render

__all__ = ["run_all_dask"]

_POOL: KernelPool | None = None


def _dask_task(job: ReportJob, self_contained: bool) -> dict:
    """Run on a Dask worker: execute and render one report in the worker's warm kernel,
    in a temporary folder of the worker's own, and return the files' contents (so the
    workers need the project and its processed store, not the client's disk)."""
    import tempfile

    global _POOL
    if _POOL is None:
        _POOL = KernelPool(paths().notebooks, ahead=1)
    km = _POOL.take()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="exceed-task-") as tmp:
        work = Path(tmp) / "report"
        work.mkdir()
        try:
            execute_and_render(job, work, self_contained=self_contained, km=km, keep_errors_in=Path(tmp))
            files = {
                f.relative_to(work).as_posix(): f.read_bytes() for f in sorted(work.rglob("*")) if f.is_file()
            }
            return {"ok": True, "error": None, "files": files, "seconds": time.perf_counter() - t0}
        except Exception as exc:  # noqa: BLE001 - reported per report
            failed = Path(tmp) / "report.error.ipynb"
            files = {"report.error.ipynb": failed.read_bytes()} if failed.exists() else {}
            error = str(exc) if isinstance(exc, ReportError) else f"{type(exc).__name__}: {exc}"
            return {"ok": False, "error": error, "files": files, "seconds": time.perf_counter() - t0}
        finally:
            _POOL.discard(km)


def run_all_dask(
    todo,
    p: Paths,
    scheduler: str,
    want_pdf: bool,
    self_contained: bool,
    advance: Callable[[Any], None],
    finish_one: Callable[..., Any],
) -> list[Any]:
    """The same batch with each report a task on the Dask cluster at ``scheduler``; the
    PDFs, manifests and the swap into outputs/ happen here, as in a local build."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    results: list[Any] = []
    printer = (
        render.PdfPrinter(serve_root=p.outputs, warm_scripts=(f"{ASSETS}/plotly.min.js",))
        if want_pdf
        else None
    )
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
                if not outcome["ok"]:  # a failed report leaves only its error notebook
                    shutil.rmtree(work, ignore_errors=True)
                dest = work if outcome["ok"] else job.out_dir
                for name, data in outcome["files"].items():
                    (dest / name).parent.mkdir(parents=True, exist_ok=True)
                    (dest / name).write_bytes(data)
                results.append(
                    finish_one(
                        lambda o=outcome: (o["ok"], None if o["ok"] else o["error"], o["seconds"]),
                        job,
                        inputs,
                        work,
                        t_job,
                        printer,
                        self_contained,
                        p,
                    )
                )
                advance(results[-1])
        finally:
            if printer is not None:
                printer.__exit__(None, None, None)
    return results
