"""``exceed verify``: rebuild a report from its manifest and compare every output.

The report is re-executed with the parameters in its ``manifest.json``, in a clean kernel,
into a staging folder beside it (so relative links are the same), then compared file by
file with what is there. Byte for byte, except for what records the build rather than
the report (documented in ``docs/operations.md``):

- ``manifest.json``: ``built_at``, ``seconds`` and ``git_version`` are ignored (the
  digest, the inputs and the package versions must match);
- ``report.ipynb``: papermill's per-cell timings (``metadata.papermill`` start, end and
  duration, and the notebook's) are ignored;
- ``report.html``: the navigation links between reports, which the site writes into each
  page (between ``<!--exceed-nav-->`` markers) after the build, are ignored;
- ``report.pdf``: Chromium stamps the print time (``/CreationDate``, ``/ModDate``);
  those are ignored, the rest compared byte for byte. It is re-printed only when
  Chromium is available, otherwise reported as not checked.

The staging folder is removed afterwards: verifying never changes the report.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from exceed_analysis.batch.inputs import input_digest, new_build
from exceed_analysis.batch.kernels import KernelPool
from exceed_analysis.batch.runner import (
    PROGRAMME,
    ReportJob,
    execute_and_render,
    manifest,
    new_work_dir,
    plan_programme,
    plan_report,
)
from exceed_analysis.config import Paths, paths
from exceed_analysis.errors import ManifestError
from exceed_analysis.layout import Layout
from exceed_analysis.publish import render

__all__ = ["Verification", "verify_report", "MANIFEST_VOLATILE"]

log = logging.getLogger(__name__)

MANIFEST_VOLATILE = ("built_at", "seconds", "git_version")
"""Manifest fields that record the build, not the report."""

_PDF_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:[^)]*\)")
_SITE_NAV = re.compile(rb"<!--exceed-nav-->.*?<!--/exceed-nav-->", re.S)


@dataclass
class Verification:
    """The outcome of :func:`verify_report`: file -> "identical", "differs", "missing",
    "extra" or "not checked (...)"."""

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return all(v == "identical" or v.startswith("not checked") for v in self.files.values())

    def lines(self) -> list[str]:
        verdict = "identical" if self.identical else "DIFFERENT"
        differing = sum(not (v == "identical" or v.startswith("not checked")) for v in self.files.values())
        head = f"exceed verify: {self.folder}: {verdict} ({len(self.files)} files, {differing} differ)"
        return [head, *(f"{v:<9} {k}" for k, v in sorted(self.files.items())), *self.notes]


def _job_from_manifest(folder: Path, data: dict, p: Paths) -> ReportJob:
    params = data.get("parameters") or {}
    try:
        period, language = params["period"], params["language"]
    except KeyError as exc:
        raise ManifestError(
            f"{folder / 'manifest.json'}: no {exc.args[0]!r} in its parameters; "
            "rebuild the report with `exceed build --force`"
        ) from None
    if data.get("kind") == PROGRAMME or params.get("city") == PROGRAMME:
        job = plan_programme(period, language, p)
    else:
        job = plan_report(params["city"], period, language, p, params.get("edition", "internal"))
    if job.out_dir != folder.resolve():
        raise ManifestError(
            f"{folder}: its manifest describes the report at {job.out_dir}; "
            "verify a report in its own folder under outputs/"
        )
    return job


def _normalise_notebook(raw: bytes) -> bytes:
    nb = json.loads(raw)
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return json.dumps(nb, sort_keys=True).encode()


def _normalise_manifest(raw: bytes) -> bytes:
    data = json.loads(raw)
    for key in MANIFEST_VOLATILE:
        data.pop(key, None)
    return json.dumps(data, sort_keys=True).encode()


def _compare(name: str, old: bytes, new: bytes) -> str:
    if name == "report.ipynb":
        old, new = _normalise_notebook(old), _normalise_notebook(new)
    elif name == "manifest.json":
        old, new = _normalise_manifest(old), _normalise_manifest(new)
    elif name.endswith(".pdf"):
        old, new = _PDF_DATES.sub(b"", old), _PDF_DATES.sub(b"", new)
    elif name.endswith(".html"):  # the site writes its links between reports in afterwards
        old, new = _SITE_NAV.sub(b"", old), _SITE_NAV.sub(b"", new)
    return "identical" if old == new else "differs"


def verify_report(
    folder: Path, *, pdf: bool | None = None, timeout: float | None = None, wait: bool = False
) -> Verification:
    """Re-execute the report in ``folder`` from its manifest and compare its outputs (with
    the output lock held: it stages beside the report, as a build does)."""
    from exceed_analysis.batch.guard import output_lock

    with output_lock(Layout.of(paths()), wait=wait):
        return _verify(Path(folder), pdf, timeout)


def _verify(folder: Path, pdf: bool | None, timeout: float | None) -> Verification:
    p = paths()
    folder = Path(folder)
    mpath = Layout.manifest(folder)
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            f"{folder}: no manifest.json; give the folder of a built report, e.g. outputs/2012Q4/sambas"
        ) from None
    except ValueError as exc:
        raise ManifestError(f"{mpath}: not valid JSON ({exc}); rebuild the report") from None
    job = _job_from_manifest(folder, data, p)
    new_build()
    result = Verification(folder)
    inputs = input_digest(job, p)
    changed = sorted(
        k for k in set(inputs) | set(data.get("inputs", {})) if inputs.get(k) != data.get("inputs", {}).get(k)
    )
    if changed:
        result.notes.append(
            f"inputs changed since the build: {', '.join(changed[:5])}"
            + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        )
    want_pdf = (folder / "report.pdf").is_file() if pdf is None else pdf
    if want_pdf and render.find_chromium() is None:
        want_pdf = False
        result.notes.append("report.pdf not re-printed: Chromium not found")
    work = new_work_dir(job)
    pool = KernelPool(p.notebooks, ahead=0)
    try:
        km = pool.take()
        execute_and_render(
            job,
            work,
            self_contained=bool(data.get("self_contained")),
            p=p,
            km=km,
            keep_errors_in=work,
            timeout=timeout,
        )
        if want_pdf:
            with render.PdfPrinter(serve_root=p.outputs) as printer:
                printer.print_pdf(work / "report.html", work / "report.pdf")
        fresh = manifest(job, inputs, 0.0, p, bool(data.get("self_contained")))
        fresh["pdf"] = bool(data.get("pdf"))
        Layout.manifest(work).write_text(json.dumps(fresh, indent=2) + "\n", encoding="utf-8")
        old_files = {f.relative_to(folder).as_posix() for f in folder.rglob("*") if f.is_file()}
        new_files = {f.relative_to(work).as_posix() for f in work.rglob("*") if f.is_file()}
        old_files.discard(Layout.error_notebook(Path(".")).as_posix())
        for name in sorted(old_files | new_files):
            if name == "report.pdf" and not want_pdf:
                result.files[name] = "not checked (no Chromium)" if name in old_files else "extra"
            elif name not in new_files:
                result.files[name] = "extra"
            elif name not in old_files:
                result.files[name] = "missing"
            else:
                result.files[name] = _compare(name, (folder / name).read_bytes(), (work / name).read_bytes())
    finally:
        pool.close()
        shutil.rmtree(work, ignore_errors=True)
    return result
