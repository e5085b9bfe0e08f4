"""The package's shape: stages import only from earlier stages, and no module imports
itself back through others (no import cycle).

Stages, in order: the foundation (top-level modules such as ``config``, ``errors``,
``periods``, ``schemas``, ``params``, ``layout``), then ``intake``, ``store``, ``figures``,
``reports``, ``publish``, ``batch``, ``synthetic``; ``cli`` drives them all. Every import of
``exceed_analysis`` counts, also one inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "exceed_analysis"
STAGES = ["intake", "store", "figures", "reports", "publish", "batch", "synthetic"]
MAX_LINES = 800  # the guide is about 500; this catches a module growing out of hand


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _rank(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return -1  # the package itself
    if parts[1] == "cli":
        return len(STAGES)
    if parts[1] in STAGES:
        return STAGES.index(parts[1])
    return -1  # foundation: top-level modules


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("exceed_analysis"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                out.add(candidate if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists()
                        else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("exceed_analysis"))
    return out


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_stage_imports_only_from_earlier_stages(module):
    own = _rank(module)
    later = sorted(m for m in _imports(MODULES[module], top_level_only=False)
                   if _rank(m) > own and own < len(STAGES))
    assert later == [], f"{module} (stage {own}) imports later stages: {later}"


def test_no_import_cycle():
    graph = {m: {i for i in _imports(p, top_level_only=True) if i in MODULES and i != m}
             for m, p in MODULES.items()}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(n):] + [m, n]))
            if n not in state:
                visit(n, path + [m] if n not in path else path)
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_no_module_grows_out_of_hand():
    big = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert big == {}
