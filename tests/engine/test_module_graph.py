"""The engine's modules import one another without cycles (a cycle forces lazy imports
inside functions and makes the import order matter)."""

from __future__ import annotations

import ast
from pathlib import Path

import stocktake.engine

ENGINE = Path(stocktake.engine.__file__).parent


def _imports(path: Path) -> set[str]:
    """Sibling engine modules a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("stocktake.engine."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("stocktake.engine."):
                    found.add(alias.name.split(".")[2])
    return found


def test_engine_modules_form_no_import_cycle() -> None:
    graph = {p.stem: _imports(p) for p in ENGINE.glob("*.py") if p.stem != "__init__"}
    assert "portfolio" in graph and "conflicts" in graph["portfolio"]  # the graph is read
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []
