"""The output layout, the status history, the digest's package versions, hashing once per
build, the lock, and the summary's log lines (no kernel, no browser)."""

from __future__ import annotations

import datetime as dt
import json
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest

from exceed_analysis.batch import guard, inputs
from exceed_analysis.batch.archive import archive_periods
from exceed_analysis.batch.build import BuildResult, BuildSummary
from exceed_analysis.batch.status import HISTORY, status_history, write_status
from exceed_analysis.errors import BuildInterrupted, BuildLocked, ExceedError, ReportError
from exceed_analysis.layout import Layout
from exceed_analysis.periods import parse_period


def job(city="sambas", period="2012Q4", language="id", edition="internal"):
    return SimpleNamespace(city=SimpleNamespace(slug=city), period=parse_period(period),
                           language=language, edition=edition, kind="city",
                           template=Path("city_report.ipynb"))


def test_layout_paths(tmp_path):
    lay = Layout(tmp_path)
    assert lay.report_dir("2010", "sambas") == tmp_path / "2010" / "sambas"
    assert lay.report_dir("2010", "sambas", "en", "public") == tmp_path / "public/en/2010/sambas"
    assert Layout.key("2010", "sambas", "en", "public") == "public/en/2010/sambas"
    old = Layout.old_name(lay.report_dir("2010", "sambas"), 42)
    assert old.name == ".sambas.old-42" and Layout.swapped_out(old).name == "sambas"
    (tmp_path / "public/en/2010/.building-sambas").mkdir(parents=True)
    (tmp_path / "2010/sambas").mkdir(parents=True)
    assert [d.name for d in lay.leftovers()] == [".building-sambas"]


def test_status_history_newest_first_and_bounded(tmp_path):
    for i in range(3):
        summary = BuildSummary([BuildResult(job(), "built" if i else "failed", 1.0,
                                            None if i else "boom")], seconds=2.0 + i)
        write_status(summary, tmp_path)
    runs = status_history(tmp_path)
    assert [r["seconds"] for r in runs] == [4.0, 3.0, 2.0]
    assert runs[-1]["failed_reports"] == ["2012Q4/sambas"] and runs[-1]["exit_code"] == 1
    status = json.loads((tmp_path / "build-status.json").read_text())
    status["runs"] = status["runs"] * HISTORY
    (tmp_path / "build-status.json").write_text(json.dumps(status))
    write_status(BuildSummary([]), tmp_path)
    assert len(status_history(tmp_path)) == HISTORY
    (tmp_path / "build-status.json").write_text("{not json")
    assert status_history(tmp_path) == []


def test_summary_lines_do_not_wrap():
    long_error = "report sambas 2012Q4 failed in cell 4 of city_report.ipynb: " + "x" * 250
    summary = BuildSummary([BuildResult(job(), "built", 3.2),
                            BuildResult(job("sanggau"), "failed", 1.0, long_error)], seconds=5.0)
    lines = summary.lines()
    assert lines[0] == "exceed build: 1 built, 0 up to date, 1 failed in 5.0 s (no PDFs)"
    assert lines[1].startswith("failed  2012Q4/sanggau") and lines[1].endswith("x" * 250)
    assert lines[2].split() == ["built", "2012Q4/sambas", "3.2", "s"]


def test_digest_covers_package_versions(monkeypatch):
    j = job()
    before = inputs.combined_digest(j, {"a": "1"})
    versions = dict(inputs.package_versions())
    versions["plotly"] = "0.0.1"
    monkeypatch.setattr(inputs, "package_versions", lambda: versions)
    assert inputs.combined_digest(j, {"a": "1"}) != before
    assert {"pandas", "plotly", "nbconvert", "papermill", "pyarrow"} <= set(inputs.REPORT_PACKAGES)


def test_each_file_hashed_once_per_build(tmp_path):
    f = tmp_path / "data.csv"
    f.write_text("a,b\n1,2\n")
    inputs.new_build()
    first = inputs.sha256(f)
    for _ in range(5):
        assert inputs.sha256(f) == first
    assert inputs.hash_stats() == {"calls": 6, "hashed": 1, "bytes": f.stat().st_size}
    f.write_text("a,b\n1,3\n")  # changed during the build: hashed again
    assert inputs.sha256(f) != first


def test_archive_periods_are_complete_and_ordered():
    names = [p.name for p in archive_periods(dt.date(2010, 5, 1), dt.date(2011, 9, 30))]
    assert names == ["2010", "2010H1", "2010H2", "2010Q2", "2010Q3", "2010Q4",
                     "2011H1", "2011Q1", "2011Q2", "2011Q3"]


def test_lock_is_exclusive_and_names_the_holder(tmp_path):
    lay = Layout(tmp_path)
    with guard.output_lock(lay):
        with pytest.raises(BuildLocked) as info:
            with guard.output_lock(lay):
                pass
        assert "another build is running" in str(info.value) and "pid" in str(info.value)
        assert info.value.exit_code == 2
    with guard.output_lock(lay):  # released
        pass


def test_error_exit_codes():
    assert ExceedError("x").exit_code == 2
    assert ReportError("sambas", "2012Q4", 3, "ValueError", "x", None).exit_code == 1
    assert BuildInterrupted(signal.SIGINT).exit_code == 130
    assert BuildInterrupted(signal.SIGTERM).exit_code == 143
    assert "SIGTERM" in str(BuildInterrupted(signal.SIGTERM))
    # a stop is not an error: no `except Exception` (one report's failure) can take it
    assert not isinstance(BuildInterrupted(signal.SIGINT), Exception)
    err = ReportError("sambas", "2012Q4", 4, "KeyError", "'x'\nmore", None, template="city_report.ipynb")
    assert str(err) == "report sambas 2012Q4 failed in cell 4 of city_report.ipynb: KeyError: 'x' more"


class _Interrupting:
    """A printer interrupted (SIGINT) while it prints."""

    def print_pdf(self, html_path, pdf_path):
        raise BuildInterrupted(signal.SIGINT)


@pytest.mark.parametrize("where", ["worker's outcome", "printing"])
def test_an_interrupt_while_a_report_is_finished_stops_the_build(tmp_path, where):
    """Ctrl-C while the build prints or records a report stops the build (exit 130); it is
    not that report's failure, after which the build would go on and ignore later signals."""
    from exceed_analysis.batch.local import finish_one

    def outcome():
        if where == "printing":
            return True, None, 0.1
        raise BuildInterrupted(signal.SIGINT)

    work = tmp_path / ".building-sambas"
    work.mkdir()
    with pytest.raises(BuildInterrupted):
        finish_one(outcome, job(), {}, work, 0.0, _Interrupting(), False, None)
    assert not work.exists()  # the unfinished report is discarded


class _Converting:
    """A printer whose own event loop turns the interrupt into an error of its own (as the
    browser's driver may): the build must still stop."""

    def print_pdf(self, html_path, pdf_path):
        import os
        import time

        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)  # the handler runs here, in this thread
        except BuildInterrupted:
            raise RuntimeError("Target page, context or browser has been closed") from None
        raise AssertionError("the signal did not arrive")


def test_an_interrupt_turned_into_an_error_still_stops_the_build(tmp_path):
    from exceed_analysis.batch.local import finish_one

    work = tmp_path / ".building-sambas"
    work.mkdir()
    with guard.interruptible(), pytest.raises(BuildInterrupted):
        finish_one(lambda: (True, None, 0.1), job(), {}, work, 0.0, _Converting(), False, None)
    guard.check_interrupted()  # the build's handler and its state are gone with it
