"""The package's shape (DESIGN.md section 8, issue 8), checked on its source text.

- No import cycle between bnnverify's modules, counting every import (module level, in a
  function, under TYPE_CHECKING): a module that imports another, directly or not, is never
  imported back by it.
- torch is imported only under bnnverify/train/.
- No module is longer than MAX_LINES unless its docstring says why ("over 300 lines").
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "bnnverify"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, known: set[str]) -> set[str]:
    """The bnnverify modules `path` imports anywhere (from a.b import c: a.b.c when that is a
    module, else a.b); a package's own __init__ is not counted as imported by its modules."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in known else node.module)
    return {name for name in names if name in known}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    graph = {}
    for name, path in found.items():
        edges = imported(path, known) - {name}
        # importing a.b.c runs a/__init__ and a/b/__init__ first: not an edge of the module
        graph[name] = {e for e in edges if not name.startswith(e + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as [a, b, ..., a], or None (depth-first search with colours)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    assert "bnnverify.verify" in graph and graph["bnnverify.verify"], "the scan found imports"
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_torch_is_imported_only_under_train():
    offenders = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = [node.module.split(".")[0]]
            else:
                continue
            if "torch" in roots and not name.startswith("bnnverify.train"):
                offenders.append(f"{name}:{node.lineno}")
    assert not offenders


def test_long_modules_say_why():
    long_silent = []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        n_lines = text.count("\n")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if n_lines > MAX_LINES and "over 300 lines" not in docstring.lower():
            long_silent.append(f"{name} ({n_lines} lines)")
    assert not long_silent
