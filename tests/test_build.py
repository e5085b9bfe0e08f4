"""The batch: parameter checks before any kernel, incremental rebuilds, fault isolation."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ingested_copy

from exceed_analysis.batch import build as batch
from exceed_analysis import cli
from exceed_analysis.batch import runner
from exceed_analysis.errors import ParameterError

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with ingested_copy(tmp_path_factory.mktemp("batch") / "project") as root:
        yield root


def statuses(summary) -> dict[str, str]:
    return {r.key: r.status for r in summary.results}


def test_default_period_is_the_latest_complete_quarter(project):
    assert batch.default_period() == "2012Q4"
    jobs = batch.plan(None, None)
    assert [j.city.slug for j in jobs][:2] == ["bandar-lampung", "surabaya"]
    assert {j.period.name for j in jobs} == {"2012Q4"} and len(jobs) == 9  # 8 cities + programme
    assert jobs[-1].kind == "programme"


@pytest.mark.parametrize("cities,periods,message", [
    (["atlantis"], ["2012Q4"], "unknown city 'atlantis'; valid cities: bandar-lampung, surabaya"),
    (["sambas"], ["2012Q5"], "malformed period '2012Q5'; use YYYY"),
    (["sambas"], ["2030Q1"], "no data for sambas in period 2030Q1: its data ends on 2012-12-31"),
])
def test_parameter_errors_stop_before_any_kernel(project, cities, periods, message, monkeypatch):
    monkeypatch.setattr(batch, "run_local", lambda *a, **k: pytest.fail("a kernel was started"))
    with pytest.raises(ParameterError, match=message.replace("(", r"\(")):
        batch.build(cities, periods, pdf=False, progress=False)


def test_a_cold_plan_starts_the_zygote_meanwhile_and_the_build_takes_it(project, monkeypatch):
    # after an ingest the plan checks the store itself (about a second): the kernel zygote
    # starts then, importing the library meanwhile; a remembered plan starts none
    from exceed_analysis.batch import local
    from exceed_analysis.config import paths
    from exceed_analysis.layout import Layout

    cache = Layout.of(paths()).plan_cache
    cache.unlink(missing_ok=True)
    with local.zygote_while_planning():
        batch.plan(["sambas"], ["2012Q4"])
    early = local._EARLY
    assert early is not None and early.proc.poll() is None
    local.drop_early_zygote()  # no build took it: stopped
    assert local._EARLY is None and early.proc.poll() is not None
    with local.zygote_while_planning():
        batch.plan(["sambas"], ["2012Q4"])
    assert local._EARLY is None

    made: list[int] = []
    real = local.Zygote
    monkeypatch.setattr(local, "Zygote", lambda *a, **k: made.append(1) or real(*a, **k))
    cache.unlink()
    # a report no other test of this module builds (they share the project)
    summary = batch.build(["pontianak"], ["2012Q3"], pdf=False, force=True, progress=False, programme=False)
    assert statuses(summary) == {"2012Q3/pontianak": "built"}
    assert made == [1] and local._EARLY is None  # the one started while planning ran the report


def test_cli_parameter_error_is_one_line(project, capsys):
    assert cli.main(["build", "--city", "sambas", "--city", "nowhere", "--no-pdf"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["exceed build: error: unknown city 'nowhere'; valid cities: bandar-lampung, "
                   "surabaya, semarang, yogyakarta, bandung, pontianak, sambas, sanggau"]


def test_archive_with_a_city_or_period_is_a_usage_error(project, capsys):
    assert cli.main(["build", "--archive", "--city", "sambas"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "exceed build: error: --archive builds every city and period: drop --city, --period "
        "and --programme-only"]


def test_incremental_then_fault_isolation(project):
    cities, periods = ["sambas", "sanggau"], ["2012Q4"]
    first = batch.build(cities, periods, pdf=False, progress=False)
    assert statuses(first) == {"2012Q4/sambas": "built", "2012Q4/sanggau": "built"}
    assert first.exit_code == 0

    again = batch.build(cities, periods, pdf=False, progress=False)
    assert statuses(again) == {"2012Q4/sambas": "skipped", "2012Q4/sanggau": "skipped"}

    # a new narrative for Sanggau changes one report's inputs only
    narrative = project / "data" / "raw" / "narratives" / "sanggau" / "2012Q4.md"
    narrative.parent.mkdir(parents=True, exist_ok=True)
    narrative.write_text("---\nauthor: PO\n---\n## Penutup\nTerima kasih.\n", encoding="utf-8")
    assert cli.main(["ingest"]) == 0  # narratives are checked and screened at intake
    changed = batch.build(cities, periods, pdf=False, progress=False)
    assert statuses(changed) == {"2012Q4/sambas": "skipped", "2012Q4/sanggau": "built"}
    assert "Terima kasih." in (project / "outputs/2012Q4/sanggau/report.html").read_text()

    # now break it (the notebook fails for Sanggau; a broken narrative no longer fails a
    # report: intake reports it): that report fails, the other is rebuilt, the old output stays
    good = (project / "outputs/2012Q4/sanggau/report.html").read_bytes()
    template = project / "notebooks" / "city_report.ipynb"
    saved = template.read_text()
    template.write_text(saved.replace("display(rep.pengantar()",
                                      "assert city != 'sanggau', 'broken'; display(rep.pengantar()"))
    broken = batch.build(cities, periods, pdf=False, progress=False, force=True)
    assert statuses(broken) == {"2012Q4/sambas": "built", "2012Q4/sanggau": "failed"}
    assert broken.exit_code == 1
    failed = next(r for r in broken.results if r.status == "failed")
    assert failed.error.startswith("report sanggau 2012Q4 failed in cell")
    assert "\n" not in failed.error
    out = project / "outputs/2012Q4/sanggau"
    assert (out / "report.html").read_bytes() == good
    assert (out / "report.error.ipynb").is_file()
    assert not list(out.parent.glob(".building-*"))  # no half-built folders left behind
    status = json.loads((project / "outputs" / "build-status.json").read_text())
    assert status["reports"]["2012Q4/sanggau"]["status"] == "failed"
    assert status["reports"]["2012Q4/sambas"]["status"] == "built"
    index = (project / "outputs" / "index.html").read_text()
    assert "failed in cell" in index

    # fixed again: it builds and the error notebook goes
    template.write_text(saved)
    narrative.unlink()
    assert cli.main(["ingest"]) == 0
    fixed = batch.build(cities, periods, pdf=False, progress=False)
    assert statuses(fixed)["2012Q4/sanggau"] == "built"
    assert not (out / "report.error.ipynb").exists()


def test_cli_summary_and_exit_code(project, capsys):
    code = cli.main(["build", "--city", "sambas", "--period", "2012Q4", "--no-pdf"])
    out = capsys.readouterr().out
    assert code == 0
    assert "2012Q4/sambas" in out and "up to date" in out
    lines = out.splitlines()
    assert lines[0].startswith("exceed build: 0 built, 1 up to date, 0 failed in ")
    assert any(line.split()[:2] == ["skipped", "2012Q4/sambas"] for line in lines)


def test_quiet_is_quiet_and_the_log_file_has_timestamps(project, capsys, tmp_path):
    log = tmp_path / "logs" / "exceed.log"
    code = cli.main(["build", "--city", "sambas", "--period", "2012Q4", "--no-pdf", "--quiet",
                     "--log-file", str(log)])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == "" and captured.err == ""
    text = log.read_text(encoding="utf-8").splitlines()
    assert any("exceed build: 0 built, 1 up to date" in line for line in text)
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", line) for line in text)


def test_digest_covers_template_and_library(project):
    job = runner.plan_report("sambas", "2012Q4")
    files = {f.name for f in runner.input_files(job)}
    assert {"city_report.ipynb", "id.yml", "indicators.py", "children.csv", "sambas.parquet",
            "cities.yml"} <= files
    assert "site.py" not in files and "build.py" not in files


def test_programme_report_in_the_batch(project):
    summary = batch.build([], ["2010"], language="en", programme=True, pdf=False, progress=False)
    assert {r.key: r.status for r in summary.results} == {"en/2010/programme": "built"}
    batch.build(["sambas"], ["2010"], programme=False, pdf=False, progress=False)  # lists 2010
    out = project / "outputs" / "en" / "2010" / "programme"
    html = (out / "report.html").read_text()
    assert '<html lang="en">' in html and "May - December 2010" in html
    figures = json.loads((out / "indicators.json").read_text())
    assert figures  # every figure the programme report states
    index = (project / "outputs" / "index.html").read_text()
    assert 'href="en/2010/programme/report.html"' in index
    # programme jobs are planned with every city (internal edition), not with a city filter
    assert [j.kind for j in batch.plan(None, ["2010"])].count("programme") == 1
    assert [j.kind for j in batch.plan(["sambas"], ["2010"])] == ["city"]


def test_programme_parameter_errors(project):
    with pytest.raises(ParameterError, match="malformed period"):
        batch.plan([], ["2010Q7"], programme=True)
    with pytest.raises(ParameterError, match="no data for the programme in period 2031"):
        batch.plan([], ["2031"], programme=True)


def test_self_contained_report_is_one_file(project):
    summary = batch.build(["bandung"], ["2012Q3"], self_contained=True, pdf=False, progress=False)
    assert [r.status for r in summary.results] == ["built"]
    html = (project / "outputs" / "2012Q3" / "bandung" / "report.html").read_text()
    assert len(html) > 1_000_000 and html.count("plotly.js (basic - minified) v") == 1  # inlined once
    assert "assets/plotly.min.js" not in html
    manifest = json.loads((project / "outputs/2012Q3/bandung/manifest.json").read_text())
    assert manifest["self_contained"] is True


def test_batch_prints_every_pdf_with_charts(project):
    from exceed_analysis.publish import render

    if not render.find_chromium():
        pytest.skip("chromium not installed: `apt-get install chromium` to test PDFs")
    from pypdf import PdfReader

    summary = batch.build(["semarang", "yogyakarta", "surabaya"], ["2011Q2"], pdf=True,
                          progress=False)
    assert {r.status for r in summary.results} == {"built"} and summary.pdf
    # the browser was closed by the thread that opened it: no event loop is left behind
    # (a later Playwright user in this process would refuse to start)
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
    from playwright.sync_api import sync_playwright

    sync_playwright().start().stop()
    for city in ("semarang", "yogyakarta", "surabaya"):
        reader = PdfReader(str(project / "outputs" / "2011Q2" / city / "report.pdf"))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert "Penerima manfaat menurut usia saat masuk" in text  # a chart drew its title
        assert "Halaman 1 dari" in text


EXITING = """
import atexit, logging, sys, threading, time
from exceed_analysis.cli.app import exit_now
log = logging.getLogger("exiting")
log.addHandler(logging.FileHandler(sys.argv[1]))
log.warning("logged")
sys.stdout.write("x" * 200_000 + "\\n")  # more than a pipe holds
sys.stdout.write("summary\\n")  # still in the buffer
atexit.register(lambda: open(sys.argv[2], "w").write("atexit ran"))
late = lambda: (time.sleep(0.3), open(sys.argv[3], "w").write("thread done"))
threading.Thread(target=late).start()
exit_now(3)
"""


def test_the_command_exits_without_teardown_once_its_work_is_written(tmp_path):
    # `exceed` skips Python's shutdown (half a second after a build): what that shutdown
    # would have finished is finished first, and the exit status is the command's
    log, hook, thread = tmp_path / "log", tmp_path / "hook", tmp_path / "thread"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output buffered
    done = subprocess.run([sys.executable, "-c", EXITING, str(log), str(hook), str(thread)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "x" * 200_000 + "\nsummary\n"
    assert log.read_text() == "logged\n"
    assert hook.read_text() == "atexit ran"
    assert thread.read_text() == "thread done"
