"""`exceed build --scheduler` runs the same reports on a Dask cluster (here: a local one on
loopback with two workers) and gives the same outputs as a local build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ingested_copy

from exceed_analysis.batch import build as batch

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("dask") / "project") as root:
        yield root


def comparable(folder: Path) -> dict[str, bytes]:
    """Every output file but the ones that carry build times."""
    out = {}
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.name not in ("manifest.json", "report.ipynb"):
            out[f.relative_to(folder).as_posix()] = f.read_bytes()
    return out


def test_dask_build_equals_local_build(project):
    distributed = pytest.importorskip("distributed")
    cities, periods = ["sambas", "bandung"], ["2012Q4"]
    local = batch.build(cities, periods, pdf=False, progress=False)
    assert {r.status for r in local.results} == {"built"}
    expected = {c: comparable(project / "outputs" / "2012Q4" / c) for c in cities}
    manifests = {c: json.loads((project / "outputs/2012Q4" / c / "manifest.json").read_text())
                 for c in cities}
    shutil.rmtree(project / "outputs")

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        remote = batch.build(cities, periods, pdf=False, progress=False,
                             scheduler=cluster.scheduler_address)
    assert {r.key: r.status for r in remote.results} == {"2012Q4/sambas": "built",
                                                          "2012Q4/bandung": "built"}
    for c in cities:
        folder = project / "outputs" / "2012Q4" / c
        assert comparable(folder) == expected[c]
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["digest"] == manifests[c]["digest"]

    # the same incremental rule: nothing changed, nothing rebuilt
    again = batch.build(cities, periods, pdf=False, progress=False, scheduler="tcp://127.0.0.1:9")
    assert {r.status for r in again.results} == {"skipped"}


def test_dask_build_isolates_a_failing_report(project):
    distributed = pytest.importorskip("distributed")
    template = project / "notebooks" / "city_report.ipynb"  # fails for Sambas only
    saved = template.read_text()
    template.write_text(saved.replace("display(rep.pengantar()",
                                      "assert city != 'sambas', 'broken'; display(rep.pengantar()"))
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as cluster:
            summary = batch.build(["sambas", "sanggau"], ["2012Q3"], pdf=False, progress=False,
                                  scheduler=cluster.scheduler_address)
        status = {r.key: r.status for r in summary.results}
        assert status == {"2012Q3/sambas": "failed", "2012Q3/sanggau": "built"}
        assert summary.exit_code == 1
        assert (project / "outputs/2012Q3/sambas/report.error.ipynb").is_file()
    finally:
        template.write_text(saved)
