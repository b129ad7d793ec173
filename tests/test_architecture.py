"""The shape of src/runreport: packages by stage, no cycles, short modules and functions.

The import graph is read from the source (ast), not from what happens to be imported at run
time, so an import inside a function counts as much as one at the top. For cycles, imports under
``if TYPE_CHECKING:`` are left out (they never run); for the order of the stages they count: a
stage that names a later stage's types knows about it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "runreport"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST, type_checking: bool = False):
    """Every node of *tree* except those under ``if TYPE_CHECKING:`` (unless *type_checking*)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not type_checking and isinstance(child, ast.If) and _is_type_checking(child):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imports_of(name: str, path: Path, known: set[str], type_checking: bool = False) -> set[str]:
    """The runreport modules that module *name* (at *path*) imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in _runtime_nodes(tree, type_checking):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # "from a import b" imports a, and a.b too when b is a module.
            targets = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # "import runreport.x.y" needs runreport.x.y; the closest known module is what runs.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(type_checking: bool = False) -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods), type_checking) for name, path in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of *graph* as a list of nodes (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_cycles_in_src():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


#: The packages of src/runreport in the order of the flow: each imports only those before it.
STAGES = ("ingest", "factcheck", "analysis", "charts", "publish", "build", "site")
#: Modules every stage may use: paths, errors, provenance, output folders (and the version).
GROUND = {
    "runreport",
    "runreport.config",
    "runreport.errors",
    "runreport.provenance",
    "runreport.output_folders",
}
#: The front door, which may use every stage.
FRONT = {"runreport.cli", "runreport.__main__"}


def stage_of(module: str) -> int:
    """The position of *module*'s stage: -1 for the ground, len(STAGES) for the front door."""
    if module in GROUND:
        return -1
    if module in FRONT:
        return len(STAGES)
    return STAGES.index(module.split(".")[1])


def test_every_module_belongs_to_a_stage_the_ground_or_the_front_door():
    strays = [
        name
        for name in modules()
        if name not in GROUND | FRONT and name.split(".")[1] not in STAGES
    ]
    assert strays == []


def test_each_stage_imports_only_the_stages_before_it():
    graph = import_graph(type_checking=True)
    later = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        for target in targets
        if stage_of(target) > stage_of(name)
    )
    assert later == []


def test_the_stage_rule_counts_type_only_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from runreport.site.run import run_site\n"
    )
    known = {"runreport.site.run"}
    assert imports_of("runreport.ingest.m", module, known, type_checking=True) == known
    assert imports_of("runreport.ingest.m", module, known) == set()


#: The most lines a function may have: past it, nobody reads it at once.
MAX_FUNCTION_LINES = 80


def long_functions(root: Path) -> list[str]:
    """``path:line name (N lines)`` for each function under *root* longer than the limit."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{path}:{node.lineno} {node.name} ({length} lines)")
    return found


@pytest.mark.parametrize("folder", ["src", "tests", "bench"])
def test_no_function_is_over_80_lines(folder):
    assert long_functions(PACKAGE.parents[1] / folder) == []


#: The most lines a module of src/runreport may have: past it, a module holds more than one concern.
MAX_MODULE_LINES = 800


def test_no_module_is_over_800_lines():
    lengths = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()
    }
    assert lengths and {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    # build imports these only inside functions; the graph must still have them.
    assert {
        "runreport.publish.downloads",
        "runreport.analysis.study",
        "runreport.publish",
    } <= graph["runreport.build.run"]
    assert "runreport.provenance" in graph["runreport.build.run"]
    assert "runreport.provenance" in graph["runreport.publish.downloads"]
    assert "runreport.provenance" in graph["runreport.analysis.narrative"]
    assert (
        "runreport.build.run"
        not in graph["runreport.publish.downloads"] | graph["runreport.analysis.narrative"]
    )
    # Relative imports are resolved: publish.exporters uses .finish and .preprocessors.
    assert {"runreport.publish.html_postprocess", "runreport.publish.preprocessors"} <= graph[
        "runreport.publish.exporters"
    ]


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_find_cycle(graph, cycle):
    assert find_cycle(graph) == cycle


def test_provenance_imports_no_stage():
    """Provenance sits above every stage that uses it (architecture: a stage imports only stages
    above it)."""
    assert import_graph()["runreport.provenance"] <= {
        "runreport",
        "runreport.config",
        "runreport.errors",
    }


def test_the_command_leaves_out_what_it_never_needs_and_notebooks_still_validate(tmp_path):
    """``runreport`` keeps rfc3987-syntax (a second of Earley parsers) out; nbformat still
    validates."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from runreport import cli\n"
        "assert cli.main(['parse', sys.argv[1], '--out', sys.argv[2]]) == 0\n"
        "import nbformat\n"
        "nb = nbformat.read('notebooks/report.ipynb', as_version=4)\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'nonsense'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid notebook refused')\n"
        "print(sorted(n for n in sys.modules if n.startswith('rfc3987_syntax')),\n"
        "      sys.modules.get('rfc3987_syntax'))\n"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(root / "data" / "raw" / "upper-back-sore-after-running.txt"),
            str(tmp_path / "tables"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "invalid notebook refused",
        "['rfc3987_syntax'] None",
    ]
