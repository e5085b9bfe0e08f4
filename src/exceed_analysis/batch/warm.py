"""Warming the kernel zygote: run a report's code once before any kernel is forked.

Importing the library is not all a fresh kernel pays for: the first report in a process
also imports what the library loads lazily (pandera's schema types, which bring in dask;
plotly's validators; pandas' CSV writer), compiles regular expressions and Jinja
templates, and reads the text catalogues. That is about a second of CPU per report,
while its own computing takes about half a second.

:func:`warm_up` pays it once, in the zygote (see :mod:`~exceed_analysis.batch.zygote`):
it executes the code cells of a template with the parameters of a report of the build,
formatting what the cells display as the kernel would, and writing the report's files
into a temporary folder that is removed afterwards. Every kernel forked afterwards
starts from that state, shared copy-on-write. A kernel's namespace is still its own (the
warm-up runs in a namespace of its own that is dropped), and every kernel starts from the
same state whatever report ran before it, so isolation holds. The caches of computed data
are emptied after the warm-up, so that no figure computed there is ever reused.

The warm-up is an optimisation only: any error in it is ignored (the report itself will
show the error in its kernel, where it belongs).
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["warm_up", "warm_spec", "WARM_LIMIT"]


def warm_spec(template: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """One warm-up request: the template to run and the report parameters to run it with
    (``output_dir`` is set by :func:`warm_up` itself)."""
    return {"template": str(template), "parameters": dict(parameters)}


WARM_LIMIT = 20.0
"""Seconds the whole warm-up may take (it takes one or two): a template that hangs is
given up on, and the reports run (and time out) in their kernels, where it is reported."""


class _OutOfTime(BaseException):
    """Raised by the warm-up's alarm (a BaseException: no template code swallows it)."""


def warm_up(specs: Iterable[Mapping[str, Any]], limit: float = WARM_LIMIT) -> int:
    """Run each spec's template once (see the module's description), within ``limit``
    seconds in all; returns how many ran to the end. Never raises, and never writes to
    the process's standard output (the zygote's protocol) or error."""
    done = 0
    with _silenced(), _display_formatted(), _time_limit(limit):
        for spec in specs:
            try:
                _run_template(Path(spec["template"]), dict(spec.get("parameters", {})))
                done += 1
            except _OutOfTime:
                break
            except Exception:  # noqa: BLE001 - an optimisation only; the report shows the error
                pass
    _forget_computed()
    return done


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise :class:`_OutOfTime` in the main thread after ``seconds``."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise _OutOfTime()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _run_template(template: Path, parameters: dict[str, Any]) -> None:
    cells = json.loads(template.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c.get("cell_type") == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.get("metadata", {}).get("tags", [])]
    inject_after = tagged[0] if tagged else -1
    tmp = tempfile.mkdtemp(prefix="exceed-warm-")
    cwd = os.getcwd()
    try:
        os.chdir(template.parent)
        namespace: dict[str, Any] = {"__name__": "__main__"}
        if inject_after < 0:
            namespace.update(parameters, output_dir=tmp)
        for i, cell in enumerate(code):
            _run_cell("".join(cell.get("source", "")), namespace, f"<warm-up cell {i + 1}>")
            if i == inject_after:
                namespace.update(parameters, output_dir=tmp)
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)


def _run_cell(source: str, namespace: dict[str, Any], name: str) -> None:
    """Execute a cell as IPython would: the last expression's value is displayed."""
    tree = ast.parse(source, name)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body.pop()
    exec(compile(tree, name, "exec"), namespace)  # noqa: S102 - the project's own template
    if last is not None:
        value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)  # noqa: S307
        if value is not None:
            _format(value)


_FORMATTER: Any = None


def _format(*objs: Any, **_: Any) -> None:
    """Format objects as the kernel's ``display`` does, and serialise the result as the
    kernel's session does; the result is dropped."""
    global _FORMATTER
    if _FORMATTER is None:
        from IPython.core.formatters import DisplayFormatter

        _FORMATTER = DisplayFormatter()
    for obj in objs:
        data, metadata = _FORMATTER.format(obj)
        json.dumps({"data": data, "metadata": metadata}, default=str)


@contextlib.contextmanager
def _display_formatted():
    import IPython.display

    original = IPython.display.display
    IPython.display.display = _format
    try:
        yield
    finally:
        IPython.display.display = original


@contextlib.contextmanager
def _silenced():
    """Python's output to a buffer that is dropped, and the process's file descriptors 1
    and 2 to the null device (for what a library writes there directly)."""
    out, err = sys.stdout, sys.stderr
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    sys.stdout = sys.stderr = io.StringIO()
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        sys.stdout, sys.stderr = out, err
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


def _forget_computed() -> None:
    """Empty the library's caches of computed data (the catalogues, schemas and compiled
    code stay: they are the same for every report)."""
    suppression = sys.modules.get("exceed_analysis.figures.suppression")
    cache = getattr(suppression, "_CACHE", None)
    if isinstance(cache, dict):
        cache.clear()
