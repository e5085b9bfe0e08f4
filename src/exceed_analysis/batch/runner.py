"""Running one report: parameters checked, notebook executed, outputs written atomically.

:func:`run_report` is the recipe; each step is a small helper. Outputs of one report go to
``outputs/<period>/<city>/``::

    report.ipynb        the executed notebook
    report.html         the rendered report (code hidden, charts drawn offline)
    report.pdf          the same page printed on A4 (when a printer is given)
    indicators.json     every figure the report states
    tables/*.csv        each table as plain numbers
    manifest.json       parameters, input hashes, versions, time taken

Everything is written to a temporary folder first and moved in only when complete, so a
failed run leaves the previous good output in place, with the failed notebook kept beside
it as ``report.error.ipynb``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exceed_analysis.batch.guard import Deadline, arm_deadline, disarm_deadline
from exceed_analysis.batch.inputs import (
    PROGRAMME,
    combined_digest,
    git_version,
    input_digest,
    input_files,
    package_version,
    package_versions,
)
from exceed_analysis.batch.kernels import KERNEL, KernelPool
from exceed_analysis.batch.plancache import PlanCache, period_from_json, period_to_json
from exceed_analysis.config import City, Paths, paths, registry
from exceed_analysis.errors import ParameterError, ReportError, ReportTimeout
from exceed_analysis.layout import ASSETS, Layout
from exceed_analysis.params import check_edition, check_language, check_public_period
from exceed_analysis.periods import Period
from exceed_analysis.publish import render

__all__ = [
    "ReportJob",
    "ReportResult",
    "PlanCache",
    "plan_report",
    "plan_programme",
    "run_report",
    "input_files",
    "input_digest",
    "combined_digest",
    "execute_and_render",
    "finish",
    "new_work_dir",
    "DEFAULT_TIMEOUT",
    "report_timeout",
    "report_parameters",
    "ASSETS",
    "KERNEL",
    "PROGRAMME",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 600.0
"""Seconds a report may run (each report takes 1-5 s on the committed data; the national
scale, 15 million services, about a minute): ``--timeout`` or ``EXCEED_TIMEOUT`` change it."""


def report_timeout(value: float | None = None) -> float:
    """The execution timeout: ``value``, else ``EXCEED_TIMEOUT``, else the default."""
    if value is not None:
        return float(value)
    env = os.environ.get("EXCEED_TIMEOUT", "").strip()
    try:
        return float(env) if env else DEFAULT_TIMEOUT
    except ValueError:
        raise ParameterError(f"EXCEED_TIMEOUT={env!r} is not a number of seconds") from None


@dataclass(frozen=True)
class ReportJob:
    """One report to build: checked parameters and where its output goes."""

    city: City
    period: Period
    language: str
    out_dir: Path
    template: Path
    edition: str = "internal"
    kind: str = "city"  # or "programme": every city together (city is then a stand-in)

    @property
    def label(self) -> str:
        return f"{self.city.slug} {self.period.name}"


@dataclass
class ReportResult:
    """What building one report did."""

    job: ReportJob
    status: str  # built, skipped, failed
    seconds: float = 0.0
    error: str | None = None
    files: list[Path] = field(default_factory=list)


def plan_report(
    city: str,
    period: str,
    language: str = "id",
    p: Paths | None = None,
    edition: str = "internal",
    cache: PlanCache | None = None,
) -> ReportJob:
    """Check the parameters and that the period holds data, before any kernel starts (the
    verdict is remembered while the city's store and the registry are unchanged)."""
    p = p or paths()
    cache = cache or PlanCache(p)
    check_language(language)
    check_edition(edition)
    reg = registry()
    key = cache.key("city", city, period, city=city) if city in reg.slugs else None
    found = cache.get(key) if key else None
    if found is None:
        cache.cold()
        found = _check_city_period(city, period, language, cache)
        if key:
            cache.put(key, found)
    if "error" in found:
        raise ParameterError(found["error"])
    c, per = reg.city(city), check_public_period(period_from_json(found["period"]), edition)
    out = _inside(p.outputs, Layout.of(p).report_dir(per.slug, c.slug, language, edition))
    return ReportJob(c, per, language, out, p.report_template, edition)


def _check_city_period(city: str, period: str, language: str, cache: PlanCache) -> dict:
    """The checks themselves: ``{"period": ...}`` or ``{"error": one line}``; an unknown
    city or a malformed period raises at once (never remembered)."""
    from exceed_analysis.figures.indicators import beneficiaries
    from exceed_analysis.reports.city import resolve_parameters

    c, per = resolve_parameters(city, period, language=language)
    data = cache.city(c.slug)
    last = max(
        (d.max() for d in (data.children["intake_date"], data.services["date"]) if len(d)), default=None
    )
    if last is None or per.start > last.date():
        until = f"its data ends on {last.date()}" if last is not None else "it has no data"
        return {"error": f"no data for {c.slug} in period {per.name}: {until}"}
    if not len(beneficiaries(data.children, per)):
        return {
            "error": f"no data for {c.slug} in period {per.name} ({per.start}..{per.end}): "
            "no child enrolled and not yet exited in that period"
        }
    return {"period": period_to_json(per)}


def plan_programme(
    period: str,
    language: str = "id",
    p: Paths | None = None,
    cache: PlanCache | None = None,
    edition: str = "internal",
) -> ReportJob:
    """Check the programme report's parameters (every city, one period) before any kernel
    starts; its output goes to ``outputs/<period>/programme/`` (``public/`` in front for
    the public edition)."""
    p = p or paths()
    cache = cache or PlanCache(p)
    check_language(language)
    check_edition(edition)
    key = cache.key("programme", period)
    found = cache.get(key)
    if found is None:
        cache.cold()
        from exceed_analysis.reports.programme import resolve_period

        per, _ = resolve_period(period)
        last = cache.last_data_date()
        if last is None or per.start > last:
            found = {"error": f"no data for the programme in period {per.name}: the data end on {last}"}
        else:
            found = {"period": period_to_json(per)}
        cache.put(key, found)
    if "error" in found:
        raise ParameterError(found["error"])
    per = period_from_json(found["period"])
    reg = registry()
    stand_in = City(
        slug=PROGRAMME,
        name="EXCEED",
        province="",
        programme_start=min(c.programme_start for c in reg.cities),
        sectors=tuple(reg.sectors),
        partners=(),
    )
    out = _inside(p.outputs, Layout.of(p).report_dir(per.slug, PROGRAMME, language, edition))
    template = p.notebooks / "programme_report.ipynb"
    return ReportJob(stand_in, per, language, out, template, edition, kind=PROGRAMME)


def _inside(root: Path, target: Path) -> Path:
    """``target``, resolved, provided it stays inside ``root`` (no parameter can make the
    tool write elsewhere)."""
    root_r, target_r = root.resolve(), target.resolve()
    if root_r != target_r and root_r not in target_r.parents:
        raise ParameterError(f"refusing to write outside {root}: {target}")
    return target_r


# ------------------------------------------------------------------ manifest


def manifest(
    job: ReportJob, inputs: dict[str, str], seconds: float, p: Paths, self_contained: bool = False
) -> dict:
    """The manifest written beside a report: enough to rebuild and verify it."""
    return {
        "digest": combined_digest(job, inputs, self_contained),
        "kind": job.kind,
        "city": job.city.slug,
        "period": job.period.name,
        "period_start": job.period.start.isoformat(),
        "period_end": job.period.end.isoformat(),
        "parameters": {
            "city": job.city.slug,
            "period": job.period.name,
            "language": job.language,
            "edition": job.edition,
        },
        "self_contained": self_contained,
        "template": job.template.name,
        "inputs": inputs,
        "packages": package_versions(),
        "package_version": package_version(),
        "git_version": git_version(p.root),
        "python": platform.python_version(),
        "built_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "seconds": round(seconds, 2),
    }


# ------------------------------------------------------------------ the steps


def _template_cell(template: Path, cell_index: int | None) -> int | None:
    """The 1-based number, in the template, of the executed notebook's cell ``cell_index``
    (papermill injects its parameters cell right after the template's ``parameters`` cell)."""
    if cell_index is None:
        return None
    try:
        cells = json.loads(template.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return cell_index + 1
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    injected_at = tagged[0] + 1 if tagged else 0
    return cell_index + (0 if cell_index < injected_at else -1) + 1


def report_parameters(job: ReportJob, output_dir: str | None = None) -> dict[str, str | None]:
    """The template's parameters for ``job``, as papermill injects them."""
    params = {"period": job.period.name, "language": job.language, "output_dir": output_dir}
    params["edition"] = job.edition
    if job.kind != PROGRAMME:
        params["city"] = job.city.slug
    return params


def _execute(
    job: ReportJob, work: Path, km=None, keep_errors_in: Path | None = None, timeout: float | None = None
) -> tuple[Path, Any]:
    """Execute the template with papermill into ``work/report.ipynb``; raise ReportError
    (after saving the failed notebook as ``report.error.ipynb`` in ``keep_errors_in``,
    by default the report's folder) when a cell fails or the report runs out of time."""
    import papermill as pm  # imported here: only the runner needs it
    from nbclient.exceptions import CellTimeoutError

    out_nb = work / "report.ipynb"
    # relative to the kernel's folder (the template's): no path of this machine in the notebook
    output_dir = os.path.relpath(work, job.template.parent).replace(os.sep, "/")
    params = report_parameters(job, output_dir)
    reuse = {"km": km} if km is not None else {}
    seconds = report_timeout(timeout)
    running: list[int] = []

    def started(cell=None, cell_index=None, **_):
        running[:] = [cell_index]

    old = arm_deadline(seconds)
    try:
        nb = pm.execute_notebook(
            str(job.template),
            str(out_nb),
            parameters=params,
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            cwd=str(job.template.parent),
            execution_timeout=max(1, int(seconds)),
            on_cell_start=started,
            **reuse,
        )
    except pm.PapermillExecutionError as exc:
        kept = _keep_error_notebook(out_nb, keep_errors_in or job.out_dir)
        raise ReportError(
            job.city.slug,
            job.period.name,
            _template_cell(job.template, exc.cell_index),
            exc.ename,
            exc.evalue,
            kept,
            template=job.template.name,
        ) from None
    except (CellTimeoutError, Deadline):
        kept = _keep_error_notebook(out_nb, keep_errors_in or job.out_dir)
        cell = _template_cell(job.template, running[0] if running else None)
        raise ReportTimeout(
            job.city.slug, job.period.name, cell, seconds, kept, template=job.template.name
        ) from None
    finally:
        disarm_deadline(old)
    return out_nb, nb


def _keep_error_notebook(failed: Path, out_dir: Path) -> Path | None:
    if not failed.exists():
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    target = Layout.error_notebook(out_dir)
    shutil.copyfile(failed, target)
    return target


def _to_html(
    job: ReportJob, nb_path: Path, work: Path, self_contained: bool, assets_href: str, nb: Any = None
) -> Path:
    import nbformat  # imported here: it takes a second (jsonschema), and a no-op build needs none

    if nb is None:  # papermill's executed notebook, else read back from disk
        nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:  # papermill gives its injected cell a random id: keep pages reproducible
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    from exceed_analysis.reports.page_titles import page_title

    months = job.period.months_label(job.language)
    title = page_title(job.language, months, city=None if job.kind == PROGRAMME else job.city.name)
    html = render.notebook_to_html(
        nb,
        plotly_js="inline" if self_contained else "link",
        plotly_href=f"{assets_href}/plotly.min.js",
        title=title,
        language=job.language,
    )
    target = work / "report.html"
    target.write_text(html, encoding="utf-8")
    # the executed notebook too: papermill's random cell id replaced, so reruns are identical
    nbformat.write(nb, nb_path)
    return target


def _swap_in(work: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``work`` in two renames; the old output goes only once the new
    one is in place (a crash between the two is repaired by the next build's clean-up)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    old = Layout.old_name(out_dir, os.getpid())
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(work, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    stale = Layout.error_notebook(out_dir)
    if stale.exists():
        stale.unlink()


def new_work_dir(job: ReportJob) -> Path:
    """A temporary folder beside the report's final folder, at the same depth, so that
    relative links (the shared plotly.js) resolve alike in both."""
    job.out_dir.parent.mkdir(parents=True, exist_ok=True)
    # one name per report, the same on every run (the executed notebook records it): only
    # one build runs at a time (the output lock), and each report once per build
    work = job.out_dir.parent / Layout.staging_prefix(job.city.slug).rstrip("-")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(mode=0o755)
    return work


def assets_dir(job: ReportJob, p: Paths) -> Path:
    """Where a report's plotly.js is: ``outputs/assets/``, or ``outputs/public/assets/`` for
    a public edition, so that ``outputs/public/`` can be published on its own."""
    return Layout.of(p).assets_for(job.edition)


def assets_href(job: ReportJob, p: Paths) -> str:
    return os.path.relpath(assets_dir(job, p), job.out_dir).replace(os.sep, "/")


def execute_and_render(
    job: ReportJob,
    work: Path,
    *,
    self_contained: bool = False,
    p: Paths | None = None,
    km=None,
    keep_errors_in: Path | None = None,
    timeout: float | None = None,
) -> Path:
    """The kernel side of a report: execute the notebook into ``work`` and render
    ``report.html``. ``km`` is a started kernel manager whose kernel has run no report
    (see :class:`~exceed_analysis.batch.kernels.KernelPool`); without it papermill starts
    and stops its own."""
    p = p or paths()
    nb_path, nb = _execute(job, work, km=km, keep_errors_in=keep_errors_in, timeout=timeout)
    return _to_html(job, nb_path, work, self_contained, assets_href(job, p), nb)


def finish(
    job: ReportJob,
    work: Path,
    *,
    inputs: dict[str, str],
    seconds: float,
    printer: render.PdfPrinter | None = None,
    self_contained: bool = False,
    p: Paths | None = None,
) -> list[Path]:
    """The browser side: print the PDF, write the manifest and swap the folder in."""
    p = p or paths()
    if printer is not None:
        printer.print_pdf(work / "report.html", work / "report.pdf")
    data = manifest(job, inputs, seconds, p, self_contained)
    data["pdf"] = printer is not None
    Layout.manifest(work).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    _swap_in(work, job.out_dir)
    return sorted(f for f in job.out_dir.rglob("*") if f.is_file())


def run_report(
    job: ReportJob,
    *,
    p: Paths | None = None,
    printer: render.PdfPrinter | None = None,
    self_contained: bool = False,
    inputs: dict[str, str] | None = None,
    timeout: float | None = None,
) -> ReportResult:
    """Build one report in a fresh kernel: execute, render HTML (and PDF with a printer),
    write the manifest, then swap the finished folder in. Raises :class:`ReportError`
    when a cell fails."""
    p = p or paths()
    t0 = time.perf_counter()
    inputs = inputs if inputs is not None else input_digest(job, p)
    if not self_contained:
        render.copy_plotly_js(assets_dir(job, p))
    work = new_work_dir(job)
    pool = KernelPool(p.notebooks, ahead=0)
    try:
        km = pool.take()
        execute_and_render(job, work, self_contained=self_contained, p=p, km=km, timeout=timeout)
        files = finish(
            job,
            work,
            inputs=inputs,
            seconds=time.perf_counter() - t0,
            printer=printer,
            self_contained=self_contained,
            p=p,
        )
    finally:
        pool.close()
        shutil.rmtree(work, ignore_errors=True)
    return ReportResult(job, "built", time.perf_counter() - t0, files=files)
