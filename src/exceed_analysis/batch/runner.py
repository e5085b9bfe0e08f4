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
import hashlib
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from exceed_analysis.publish import render
from exceed_analysis.config import City, Paths, paths, registry
from exceed_analysis.errors import ParameterError, ReportError
from exceed_analysis.figures.indicators import beneficiaries
from exceed_analysis.periods import Period
from exceed_analysis.reports.city import EDITIONS, resolve_parameters
from exceed_analysis.store.parquet import last_data_date, load_city, store_files

__all__ = ["ReportJob", "ReportResult", "plan_report", "run_report", "input_files", "input_digest"]

ASSETS = "assets"
KERNEL = "python3"


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


def plan_report(city: str, period: str, language: str = "id", p: Paths | None = None,
                edition: str = "internal") -> ReportJob:
    """Check the parameters and that the period holds data, before any kernel starts."""
    p = p or paths()
    c, per = resolve_parameters(city, period, language=language)
    data = load_city(c.slug, p.processed)
    last = max((d.max() for d in (data.children["intake_date"], data.services["date"]) if len(d)),
               default=None)
    if last is None or per.start > last.date():
        until = f"its data ends on {last.date()}" if last is not None else "it has no data"
        raise ParameterError(f"no data for {c.slug} in period {per.name}: {until}")
    if not len(beneficiaries(data.children, per)):
        raise ParameterError(
            f"no data for {c.slug} in period {per.name} ({per.start}..{per.end}): "
            f"no child enrolled and not yet exited in that period")
    if edition not in EDITIONS:
        raise ParameterError(f"unknown edition {edition!r}; valid editions: {', '.join(EDITIONS)}")
    out = _inside(p.outputs, output_root(p, language, edition) / per.slug / c.slug)
    return ReportJob(c, per, language, out, p.report_template, edition)


PROGRAMME = "programme"


def plan_programme(period: str, language: str = "id", p: Paths | None = None) -> ReportJob:
    """Check the programme report's parameters (every city, one period) before any kernel
    starts; its output goes to ``outputs/<period>/programme/``."""
    from exceed_analysis.reports.programme import resolve_period
    from exceed_analysis.reports.text import LANGUAGES

    p = p or paths()
    if language not in LANGUAGES:
        raise ParameterError(f"unknown language {language!r}; valid languages: {', '.join(LANGUAGES)}")
    per, _ = resolve_period(period)
    last = last_data_date(p.processed)
    if last is None or per.start > last:
        raise ParameterError(f"no data for the programme in period {per.name}: "
                             f"the data end on {last}")
    reg = registry()
    stand_in = City(slug=PROGRAMME, name="EXCEED", province="",
                    programme_start=min(c.programme_start for c in reg.cities),
                    sectors=tuple(reg.sectors), partners=())
    out = _inside(p.outputs, output_root(p, language) / per.slug / PROGRAMME)
    return ReportJob(stand_in, per, language, out, p.notebooks / "programme_report.ipynb",
                     kind=PROGRAMME)


def output_root(p: Paths, language: str, edition: str = "internal") -> Path:
    """Where reports go: ``outputs/`` for the internal Indonesian edition, with
    ``public/`` for the public edition and ``<language>/`` for a translation, in that
    order (``outputs/public/en/2010/bandar-lampung/``)."""
    root = p.outputs / "public" if edition == "public" else p.outputs
    return root if language == "id" else root / language


def _inside(root: Path, target: Path) -> Path:
    """``target``, resolved, provided it stays inside ``root`` (no parameter can make the
    tool write elsewhere)."""
    root_r, target_r = root.resolve(), target.resolve()
    if root_r != target_r and root_r not in target_r.parents:
        raise ParameterError(f"refusing to write outside {root}: {target}")
    return target_r


# ------------------------------------------------------------------ inputs and manifest


def input_files(job: ReportJob, p: Paths | None = None) -> list[Path]:
    """Every file a report depends on: its city's raw registers, activities and narrative,
    its processed store files, the template notebook and the text catalogue."""
    p = p or paths()
    files: list[Path] = []
    if job.kind == PROGRAMME:  # every city's store, the targets, the template, the library
        files += sorted(f for f in p.processed.glob("*/*.parquet"))
        files += [f for f in (p.cities_file, p.config_dir / "targets.yml", job.template) if f.is_file()]
        return files + _library_files()
    reg_dir = p.registers / job.city.slug
    if reg_dir.is_dir():
        files += sorted(f for f in reg_dir.rglob("*") if f.is_file())
    for f in (p.activities / f"{job.city.slug}.csv",
              p.narratives / job.city.slug / f"{job.period.name}.md",
              p.cities_file, job.template):
        if f.is_file():
            files.append(f)
    files += store_files(job.city.slug, p.processed)
    return files + _library_files()


def _library_files() -> list[Path]:
    """The library a report runs: code, text catalogues, templates."""
    package = Path(__file__).resolve().parents[1]
    return sorted(f for f in package.rglob("*") if f.is_file() and f.suffix in _LIBRARY_SUFFIXES
                  and f.relative_to(package).as_posix() not in _NOT_IN_A_REPORT
                  and not f.relative_to(package).as_posix().startswith(("templates/site/", "synthetic/")))


_LIBRARY_SUFFIXES = {".py", ".yml", ".j2", ".css", ".json"}
# modules that drive or index reports but do not shape their content
_NOT_IN_A_REPORT = {"batch/build.py", "cli.py", "publish/site.py"}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _package_version() -> str:
    try:
        return metadata.version("exceed-analysis")
    except metadata.PackageNotFoundError:
        return "unknown"


def _git_version(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=5, check=True)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def input_digest(job: ReportJob, p: Paths | None = None) -> dict[str, str]:
    """Path (relative to the project root) -> SHA-256 of each input file."""
    p = p or paths()
    from exceed_analysis.intake.pipeline import raw_file_key  # raw files by key, never by name

    return {raw_file_key(f.resolve().relative_to(p.root.resolve()).as_posix(), p.root)
            if p.root.resolve() in f.resolve().parents else f.name: _sha256(f)
            for f in input_files(job, p)}


def combined_digest(job: ReportJob, inputs: dict[str, str], self_contained: bool = False) -> str:
    """One hash of everything a report depends on: input files, library version, the
    report's own parameters. Equal digests mean an identical report."""
    h = hashlib.sha256()
    for key, value in sorted(inputs.items()):
        h.update(f"{key}\0{value}\n".encode())
    h.update(f"{_package_version()}|{job.city.slug}|{job.period.name}|{job.language}|"
             f"{job.edition}|{self_contained}".encode())
    return h.hexdigest()


def _manifest(job: ReportJob, inputs: dict[str, str], seconds: float, p: Paths,
              self_contained: bool = False) -> dict:
    return {
        "digest": combined_digest(job, inputs, self_contained),
        "city": job.city.slug,
        "period": job.period.name,
        "period_start": job.period.start.isoformat(),
        "period_end": job.period.end.isoformat(),
        "parameters": {"city": job.city.slug, "period": job.period.name, "language": job.language,
                       "edition": job.edition},
        "self_contained": self_contained,
        "inputs": inputs,
        "package_version": _package_version(),
        "git_version": _git_version(p.root),
        "python": platform.python_version(),
        "built_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "seconds": round(seconds, 2),
    }


# ------------------------------------------------------------------ the steps


def _execute(job: ReportJob, work: Path, km=None, keep_errors_in: Path | None = None) -> Path:
    """Execute the template with papermill into ``work/report.ipynb``; raise ReportError
    (after saving the failed notebook as ``report.error.ipynb`` in ``keep_errors_in``,
    by default the report's folder) when a cell fails."""
    import papermill as pm  # imported here: only the runner needs it

    out_nb = work / "report.ipynb"
    params = {"period": job.period.name, "language": job.language, "output_dir": str(work)}
    if job.kind != PROGRAMME:
        params.update(city=job.city.slug, edition=job.edition)
    reuse = {"km": km} if km is not None else {}
    try:
        pm.execute_notebook(str(job.template), str(out_nb), parameters=params,
                            kernel_name=KERNEL, progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, cwd=str(job.template.parent),
                            **reuse)
    except pm.PapermillExecutionError as exc:
        kept = _keep_error_notebook(out_nb, keep_errors_in or job.out_dir)
        raise ReportError(job.city.slug, job.period.name, exc.exec_count, exc.ename,
                          exc.evalue, kept) from None
    return out_nb


def _keep_error_notebook(failed: Path, out_dir: Path) -> Path | None:
    if not failed.exists():
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "report.error.ipynb"
    shutil.copyfile(failed, target)
    return target


def _to_html(job: ReportJob, nb_path: Path, work: Path, self_contained: bool,
             assets_href: str) -> Path:
    import nbformat  # imported here: it takes a second (jsonschema), and a no-op build needs none

    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:  # papermill gives its injected cell a random id: keep pages reproducible
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    from exceed_analysis.reports.text import catalogue

    months = job.period.months_label(job.language)
    if job.kind == PROGRAMME:
        from exceed_analysis.reports.programme import programme_catalogue

        title = f"{programme_catalogue(job.language).phrase('report_title')}: {months}"
    else:
        title = catalogue(job.language).phrase("html_title").format(city=job.city.name, months=months)
    html = render.notebook_to_html(nb, plotly_js="inline" if self_contained else "link",
                                   plotly_href=f"{assets_href}/plotly.min.js", title=title,
                                   language=job.language)
    target = work / "report.html"
    target.write_text(html, encoding="utf-8")
    return target


def _swap_in(work: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``work`` in two renames; the old output goes only once the new
    one is in place."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(work, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    stale = out_dir / "report.error.ipynb"
    if stale.exists():
        stale.unlink()


def start_kernel():
    """Start a kernel (its own log lines silenced) and import the library in it once, so
    that each report run in it only runs its own cells."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel(stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive("import exceed_analysis.reports.city", timeout=120)
    finally:
        kc.stop_channels()
    return km


def new_work_dir(job: ReportJob) -> Path:
    """A temporary folder beside the report's final folder, at the same depth, so that
    relative links (the shared plotly.js) resolve alike in both."""
    job.out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".building-{job.city.slug}-", dir=job.out_dir.parent))
    work.chmod(0o755)
    return work


def assets_dir(job: ReportJob, p: Paths) -> Path:
    """Where a report's plotly.js is: ``outputs/assets/``, or ``outputs/public/assets/`` for
    a public edition, so that ``outputs/public/`` can be published on its own."""
    return (p.outputs / "public" if job.edition == "public" else p.outputs) / ASSETS


def assets_href(job: ReportJob, p: Paths) -> str:
    return os.path.relpath(assets_dir(job, p), job.out_dir).replace(os.sep, "/")


def execute_and_render(job: ReportJob, work: Path, *, self_contained: bool = False,
                       p: Paths | None = None, km=None, keep_errors_in: Path | None = None) -> Path:
    """The kernel side of a report: execute the notebook into ``work`` and render
    ``report.html``. ``km`` is an already started kernel manager to reuse (the batch keeps
    one warm kernel per worker); without it papermill starts and stops its own."""
    p = p or paths()
    nb_path = _execute(job, work, km=km, keep_errors_in=keep_errors_in)
    return _to_html(job, nb_path, work, self_contained, assets_href(job, p))


def finish(job: ReportJob, work: Path, *, inputs: dict[str, str], seconds: float,
           printer: render.PdfPrinter | None = None, self_contained: bool = False,
           p: Paths | None = None) -> list[Path]:
    """The browser side: print the PDF, write the manifest and swap the folder in."""
    p = p or paths()
    if printer is not None:
        printer.print_pdf(work / "report.html", work / "report.pdf")
    manifest = _manifest(job, inputs, seconds, p, self_contained)
    manifest["pdf"] = printer is not None
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    _swap_in(work, job.out_dir)
    return sorted(f for f in job.out_dir.rglob("*") if f.is_file())


def run_report(job: ReportJob, *, p: Paths | None = None, printer: render.PdfPrinter | None = None,
               self_contained: bool = False, inputs: dict[str, str] | None = None) -> ReportResult:
    """Build one report: execute, render HTML (and PDF with a printer), write the manifest,
    then swap the finished folder in. Raises :class:`ReportError` when a cell fails."""
    p = p or paths()
    t0 = time.perf_counter()
    inputs = inputs if inputs is not None else input_digest(job, p)
    if not self_contained:
        render.copy_plotly_js(assets_dir(job, p))
    work = new_work_dir(job)
    km = start_kernel()
    try:
        execute_and_render(job, work, self_contained=self_contained, p=p, km=km)
        files = finish(job, work, inputs=inputs, seconds=time.perf_counter() - t0,
                       printer=printer, self_contained=self_contained, p=p)
    finally:
        km.shutdown_kernel(now=True)
        shutil.rmtree(work, ignore_errors=True)
    return ReportResult(job, "built", time.perf_counter() - t0, files=files)
