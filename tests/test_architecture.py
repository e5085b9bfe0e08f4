"""The package's shape: stages import only from earlier stages, and no module imports
itself back through others (no import cycle).

Stages, in order: the foundation (top-level modules such as ``config``, ``errors``,
``periods``, ``schemas``, ``params``, ``layout``), then ``intake``, ``store``, ``figures``,
``reports``, ``publish``, ``batch``, ``synthetic``; ``cli`` drives them all. Every import of
``exceed_analysis`` counts, also one inside a function.

Modules stay along their seams: none over :data:`MAX_LINES` lines, and none uses another
module's private (``_name``) helper: what a second module needs is public, or lives where it
is used.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "exceed_analysis"
STAGES = ["intake", "store", "figures", "reports", "publish", "batch", "synthetic"]
MAX_LINES = 500
# Modules allowed over MAX_LINES, with the most lines each may have (none now: split a
# module along its seams rather than adding one here).
OVER_MAX_LINES: dict[str, int] = {}


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


def _is_module(name: str) -> bool:
    """A module or a package (``exceed_analysis.schemas`` is one) of this project."""
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("exceed_analysis"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                out.add(candidate if _is_module(candidate) else node.module)
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
    big = {m: n for m, p in MODULES.items()
           if (n := len(p.read_text().splitlines())) > OVER_MAX_LINES.get(m, MAX_LINES)}
    assert big == {}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str) -> list[str]:
    """Private names of another ``exceed_analysis`` module that ``source`` imports
    (``from exceed_analysis.x import _helper``, also a private module) or reaches through
    an imported module (``x._helper``)."""
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name -> module it is bound to
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("exceed_analysis"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if _is_module(full):
                    modules[alias.asname or alias.name] = full
                if _private(alias.name):
                    found.append(full)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("exceed_analysis"):
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(alias.name)
                    if alias.asname:
                        modules[alias.asname] = alias.name
                    else:
                        modules["exceed_analysis"] = "exceed_analysis"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            dotted = ast.unparse(node.value)
            head, _, rest = dotted.partition(".")
            if head in modules and all(p.isidentifier() for p in dotted.split(".")):
                found.append(".".join(x for x in (modules[head], rest, node.attr) if x))
    return sorted(set(found))


def test_the_private_use_check_finds_them():
    source = (
        "from exceed_analysis.reports.text import _helper, public\n"
        "from exceed_analysis.reports import charts\n"
        "import exceed_analysis.figures.model as model\n"
        "import exceed_analysis.store.parquet\n"
        "def f(self):\n"
        "    return charts._draw(model._cache, exceed_analysis.store.parquet._files, self._own, charts.__name__)\n"
    )
    assert private_uses(source) == [
        "exceed_analysis.figures.model._cache",
        "exceed_analysis.reports.charts._draw",
        "exceed_analysis.reports.text._helper",
        "exceed_analysis.store.parquet._files",
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_uses_a_private_helper_of_another(module):
    assert private_uses(MODULES[module].read_text(encoding="utf-8")) == []
