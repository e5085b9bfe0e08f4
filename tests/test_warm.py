"""The kernel zygote: what it imports for its kernels, and its warm-up (a template run once,
bounded, silent, leaving nothing)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from exceed_analysis.batch import warm
from exceed_analysis.batch.local import warm_specs
from exceed_analysis.batch.runner import PROGRAMME, ReportJob, report_parameters
from exceed_analysis.config import registry
from exceed_analysis.periods import parse_period

DISPLAYED: list[str] = []
"""What the warm-up's cells displayed (a probe object appends its name when formatted)."""


class Probe:
    def __init__(self, name: str) -> None:
        self.name = name

    def _repr_html_(self) -> str:
        DISPLAYED.append(self.name)
        return f"<p>{self.name}</p>"


def template(tmp_path: Path, *cells: str) -> Path:
    """A template like the reports': a ``parameters`` cell first, then ``cells``."""
    params = nbformat.v4.new_code_cell('city = "bandar-lampung"\noutput_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    path = tmp_path / "template.ipynb"
    nbformat.write(nb, path)
    return path


def test_warm_up_runs_the_template_with_the_report_parameters(tmp_path, capfd):
    DISPLAYED.clear()
    seen = tmp_path / "seen.json"
    path = template(
        tmp_path,
        "from IPython.display import display\nfrom test_warm import Probe\nprint('to nobody')",
        "import json, os, pathlib\n"
        f"pathlib.Path({str(seen)!r}).write_text(json.dumps([city, os.path.isdir(output_dir)]))",
        "display(Probe('shown'))",
        "Probe('last expression')",
    )
    assert warm.warm_up([warm.warm_spec(path, {"city": "sambas"})]) == 1
    assert json.loads(seen.read_text()) == ["sambas", True]  # a folder of its own for the files
    assert DISPLAYED == ["shown", "last expression"]  # formatted as a kernel would
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the zygote's standard output is its protocol
    assert "city" not in globals() and "Probe" not in vars(sys.modules["builtins"])


def test_warm_up_gives_up_on_a_hanging_template_and_goes_on(tmp_path):
    hanging = template(tmp_path, "import time\ntime.sleep(60)")
    t0 = time.monotonic()
    assert warm.warm_up([warm.warm_spec(hanging, {})], limit=1.0) == 0
    assert time.monotonic() - t0 < 10
    failing = template(tmp_path, "1 / 0")
    assert warm.warm_up([warm.warm_spec(failing, {})]) == 0  # errors are the report's to show


def test_warm_specs_only_for_what_is_built_more_than_once(monkeypatch, tmp_path):
    reg = registry()
    quarter = parse_period("2012Q4")
    jobs = [ReportJob(c, quarter, "id", tmp_path / c.slug, tmp_path / "city_report.ipynb") for c in reg.cities]
    jobs.append(ReportJob(reg.cities[0], quarter, "id", tmp_path / "p", tmp_path / "p.ipynb", kind=PROGRAMME))
    specs = warm_specs(jobs)
    assert specs == [warm.warm_spec(jobs[0].template, report_parameters(jobs[0]))]
    assert jobs[-1].kind == PROGRAMME and warm_specs(jobs[-1:]) == []
    monkeypatch.setenv("EXCEED_KERNEL_WARM", "0")
    assert warm_specs(jobs) == []


def test_a_kernel_that_dies_starting_is_replaced(tmp_path):
    from exceed_analysis.batch.kernels import KernelPool

    flag = tmp_path / "died-once"
    # the first kernel dies while it imports (as one whose port was taken would); the next lives
    preload = f"import os, pathlib\nf = pathlib.Path({str(flag)!r})\nif not f.exists():\n    f.touch(); os._exit(1)"
    pool = KernelPool(tmp_path, ahead=0, preload=preload, zygote=True)
    try:
        km = pool.take(refill=False)
        assert km.is_alive() and flag.exists() and pool.started == 2
    finally:
        pool.close()
    dying = KernelPool(tmp_path, ahead=0, preload="import os; os._exit(1)", zygote=True)
    try:
        with pytest.raises(RuntimeError, match="died"):
            dying.take(refill=False)
        assert dying.started == 3  # given up after three
    finally:
        dying.close()


KERNEL_START = """
import json, os, sys
from exceed_analysis.batch.zygote import import_for_kernels, kernel_argv
import_for_kernels()
before = set(sys.modules)
from jupyter_client.connect import write_connection_file
from ipykernel.kernelapp import IPKernelApp
connection_file, _ = write_connection_file(fname=sys.argv[1])
IPKernelApp.instance().initialize(kernel_argv(connection_file, os.getpid()))
sys.__stdout__.write("IMPORTED " + json.dumps(sorted(set(sys.modules) - before)) + "\\n")
sys.__stdout__.flush()
os._exit(0)
"""


def test_a_kernel_forked_from_the_zygote_imports_nothing_as_it_starts(tmp_path):
    # what the zygote imports (IMPORTS, KERNEL_IMPORTS) then a kernel initialised as a
    # forked one is: every module the kernel needs to start is already there (debugpy,
    # which every kernel imports, was most of a kernel's start)
    done = subprocess.run(
        [sys.executable, "-c", KERNEL_START, str(tmp_path / "kernel.json")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("IMPORTED ")]
    assert lines, done.stderr[-2000:]
    imported = json.loads(lines[0].removeprefix("IMPORTED "))
    assert imported == [], f"add these to zygote.KERNEL_IMPORTS: {imported}"


def test_every_module_the_zygote_imports_for_its_kernels_is_installed():
    # an optional import that fails is skipped in the zygote (only time is lost): here a
    # misspelt or removed module shows
    from exceed_analysis.batch.zygote import KERNEL_IMPORTS

    for name in KERNEL_IMPORTS:
        importlib.import_module(name)
