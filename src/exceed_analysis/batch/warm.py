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

__all__ = ["warm_up", "warm_spec"]


def warm_spec(template: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """One warm-up request: the template to run and the report parameters to run it with
    (``output_dir`` is set by :func:`warm_up` itself)."""
    return {"template": str(template), "parameters": dict(parameters)}


def warm_up(specs: Iterable[Mapping[str, Any]]) -> int:
    """Run each spec's template once (see the module's description); returns how many ran
    to the end. Never raises, never prints (the zygote's stdout is its protocol)."""
    done = 0
    for spec in specs:
        try:
            with _silenced(), _display_formatted():
                _run_template(Path(spec["template"]), dict(spec.get("parameters", {})))
            done += 1
        except Exception:  # noqa: BLE001 - an optimisation only; the report shows the error
            pass
    _forget_computed()
    return done


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
    out, err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _forget_computed() -> None:
    """Empty the library's caches of computed data (the catalogues, schemas and compiled
    code stay: they are the same for every report)."""
    suppression = sys.modules.get("exceed_analysis.figures.suppression")
    cache = getattr(suppression, "_CACHE", None)
    if isinstance(cache, dict):
        cache.clear()
