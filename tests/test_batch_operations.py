"""The batch left alone: isolation between reports, the output lock, clean stops on SIGINT
and SIGTERM, set-up errors, the report timeout, leftovers of a crash, the history of runs,
`exceed verify` and reproducible reruns."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ingested_copy

from exceed_analysis import cli
from exceed_analysis.batch import build as batch
from exceed_analysis.batch import guard
from exceed_analysis.batch.status import status_history
from exceed_analysis.errors import BuildLocked
from exceed_analysis.layout import layout
from exceed_analysis.publish import render

pytestmark = pytest.mark.slow

PROBE = """import os
assert "exceed_probe" not in globals(), f"a global survived from the report of {exceed_probe}"
exceed_probe = city
print("kernel", os.getpid())"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("ops") / "project") as root:
        yield root


def insert_cell(template: Path, index: int, source: str) -> bytes:
    """Insert a code cell into a template notebook; return the original bytes."""
    original = template.read_bytes()
    nb = json.loads(original)
    nb["cells"].insert(index, {"cell_type": "code", "execution_count": None, "id": f"probe{index}",
                               "metadata": {}, "outputs": [], "source": source})
    template.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return original


def report_files(outputs: Path) -> dict[str, bytes]:
    return {f.relative_to(outputs).as_posix(): f.read_bytes() for f in sorted(outputs.rglob("*"))
            if f.is_file() and f.name in ("report.html", "indicators.json") or f.suffix == ".csv"}


def test_every_report_runs_in_a_fresh_kernel(project):
    template = project / "notebooks" / "city_report.ipynb"
    original = insert_cell(template, 1, PROBE)
    try:
        cities = ["sambas", "sanggau", "bandung"]
        summary = batch.build(cities, ["2012Q4"], workers=1, pdf=False, progress=False, force=True)
        assert {r.status for r in summary.results} == {"built"}, [r.error for r in summary.results]
        pids = set()
        for c in cities:
            nb = json.loads((project / "outputs/2012Q4" / c / "report.ipynb").read_text())
            counts = [cell["execution_count"] for cell in nb["cells"] if cell["cell_type"] == "code"]
            assert counts == list(range(1, len(counts) + 1))  # numbered from 1 in every report
            probe = next(cell for cell in nb["cells"] if "exceed_probe" in "".join(cell["source"]))
            pids.add("".join(probe["outputs"][0]["text"]).split()[1])
        assert len(pids) == 3  # one worker, three kernels
    finally:
        template.write_bytes(original)


def test_an_error_names_the_template_cell(project):
    template = project / "notebooks" / "city_report.ipynb"
    original = insert_cell(template, 3, "raise ValueError('probe failure')")
    try:
        summary = batch.build(["sambas"], ["2012Q3"], pdf=False, progress=False)
        (result,) = summary.results
        assert result.status == "failed"
        assert result.error.startswith("report sambas 2012Q3 failed in cell 4 of city_report.ipynb: "
                                       "ValueError: probe failure")
    finally:
        template.write_bytes(original)


def test_a_report_that_runs_too_long_is_stopped(project):
    template = project / "notebooks" / "city_report.ipynb"
    original = insert_cell(template, 2, "import time\ntime.sleep(60)")
    try:
        t0 = time.monotonic()
        summary = batch.build(["sambas"], ["2011Q4"], pdf=False, progress=False, timeout=4)
        assert time.monotonic() - t0 < 40
        (result,) = summary.results
        assert result.status == "failed"
        assert "failed in cell 3 of city_report.ipynb: Timeout: the report ran longer than 4 s" \
            in result.error
    finally:
        template.write_bytes(original)


def test_a_second_build_stops_or_waits(project, capsys):
    lay = layout()
    with guard.output_lock(lay):
        with pytest.raises(BuildLocked, match="another build is running"):
            batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False)
        assert cli.main(["build", "--city", "sambas", "--period", "2012Q4", "--no-pdf"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("exceed build: error: another build is running")
        assert "--wait" in err[0]

    held = threading.Event()

    def hold():
        with guard.output_lock(lay):
            held.set()
            time.sleep(2)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(10)
    t0 = time.monotonic()
    summary = batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False, wait=True)
    t.join()
    assert time.monotonic() - t0 >= 1.0  # it waited for the other one
    assert summary.exit_code == 0


def test_setup_errors_are_one_line_exit_2_and_touch_nothing(project, capsys, monkeypatch):
    outputs = project / "outputs"
    batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False)
    status = (outputs / "build-status.json").read_bytes()
    monkeypatch.setenv("EXCEED_CHROMIUM", str(project / "no-such-chromium"))
    code = cli.main(["build", "--city", "sambas", "--period", "2012Q4", "--force"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("exceed build: error: ") and "EXCEED_CHROMIUM" in err[0]
    monkeypatch.delenv("EXCEED_CHROMIUM")
    monkeypatch.setenv("PATH", str(project / "empty-bin"))
    code = cli.main(["report", "--city", "sambas", "--period", "2012Q4", "--pdf"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "apt-get install chromium" in err[0]
    assert (outputs / "build-status.json").read_bytes() == status
    assert not list(outputs.rglob(".building-*"))


def test_leftovers_of_a_crash_are_cleaned_at_start(project):
    outputs = project / "outputs"
    batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False)
    staging = outputs / "2012Q4" / ".building-sambas-crashed"
    staging.mkdir()
    (staging / "report.html").write_text("half", encoding="utf-8")
    # a crash between the two renames of a swap: the previous output survives as .old-
    good = outputs / "2012Q4" / "sambas"
    os.replace(good, outputs / "2012Q4" / ".sambas.old-99999")
    summary = batch.build(["sanggau"], ["2012Q4"], pdf=False, progress=False)
    assert summary.exit_code == 0
    assert not staging.exists() and (good / "report.html").is_file()
    assert not list(outputs.rglob(".*.old-*"))


def test_status_keeps_a_history_of_runs(project):
    before = len(status_history(project / "outputs"))
    batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False)
    batch.build(["sambas"], ["2012Q4"], pdf=False, progress=False, force=True)
    runs = status_history(project / "outputs")
    assert len(runs) == before + 2
    assert runs[0]["built"] == 1 and runs[1]["skipped"] == 1  # newest first
    assert {"at", "seconds", "built", "skipped", "failed", "pdf", "exit_code"} <= set(runs[0])


def test_rerun_is_identical_and_verify_says_so(project, capsys):
    batch.build(["sanggau"], ["2012Q3"], pdf=False, progress=False)
    out = project / "outputs" / "2012Q3" / "sanggau"
    first = report_files(out)
    batch.build(["sanggau"], ["2012Q3"], pdf=False, progress=False, force=True)
    assert report_files(out) == first  # HTML, CSV and indicators.json byte for byte

    assert cli.main(["verify", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"exceed verify: {out}: identical")
    assert "identical report.html" in [" ".join(line.split()) for line in lines]

    table = sorted((out / "tables").glob("*.csv"))[0]
    table.write_text(table.read_text(encoding="utf-8") + "edited,1\n", encoding="utf-8")
    assert cli.main(["verify", str(out)]) == 1
    lines = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert f"differs tables/{table.name}" in lines
    assert "DIFFERENT" in lines[0]
    assert not list(out.parent.glob(".building-*"))


def test_archive_plan(project):
    from exceed_analysis.batch.archive import plan_archive

    jobs = plan_archive()
    names = {(j.city.slug, j.period.name) for j in jobs}
    assert ("bandar-lampung", "2010") in names and ("bandar-lampung", "2010Q2") in names
    assert ("programme", "2012Q4") in names and ("sambas", "2012H2") in names
    assert all(j.period.end.isoformat() <= "2012-12-31" for j in jobs)
    assert len(names) == len(jobs)


# ------------------------------------------------------------------ interrupts


def _processes_of(root: Path) -> list[str]:
    """Processes (kernels, workers, browser) started for the project at ``root``."""
    marker = f"EXCEED_PROJECT_ROOT={root}".encode()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes()
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if marker in env.split(b"\0") and ") Z " not in stat:
            found.append(f"{pid} {Path(f'/proc/{pid}/cmdline').read_bytes()[:80]!r}")
    return found


@pytest.mark.parametrize("signum,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_stops_everything_and_leaves_outputs_as_they_were(project, signum, code):
    if render.find_chromium() is None:
        pytest.skip("Chromium is not installed")
    outputs = project / "outputs"
    cities = ["sambas", "sanggau", "bandung", "semarang"]
    args = [sys.executable, "-m", "exceed_analysis.cli", "build", "--period", "2011Q2"]
    for c in cities:
        args += ["--city", c]
    env = {**os.environ, "EXCEED_PROJECT_ROOT": str(project)}
    first = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    before = report_files(outputs / "2011Q2")
    status = (outputs / "build-status.json").read_bytes()

    proc = subprocess.Popen([*args, "--force", "--workers", "2"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list((outputs / "2011Q2").glob(".building-*/report.ipynb")):  # mid-build
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    lines = err.strip().splitlines()
    name = signal.Signals(signum).name
    assert lines[-1].startswith(f"exceed build: stopped: interrupted by {name}")
    assert "Traceback" not in err
    time.sleep(0.5)
    assert _processes_of(project) == []
    assert not [d for d in outputs.rglob(".*") if d.is_dir()]  # no staging or swap folder
    after = report_files(outputs / "2011Q2")
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if k.endswith(".html")} == \
        {k: v for k, v in before.items() if k.endswith(".html")}
    assert (outputs / "build-status.json").read_bytes() == status
    for c in cities:  # each report whole: the old one, or a complete new one
        assert {"report.html", "report.pdf", "manifest.json", "indicators.json"} <= \
            {f.name for f in (outputs / "2011Q2" / c).iterdir()}
