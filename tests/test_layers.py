"""The house rules, checked on the source: imports run one way, and nothing loops.

``MAY_IMPORT`` is the one place the allowed direction is written down: for each
package of ``triagebot``, the packages it may import from. The command line and the
bot sit on top, the application (``triage``) in the middle, the adapters below it
(each on its own: an adapter never imports another), and the plain core at the
bottom. A new package must be given its row here before anything imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "triagebot"

GROUND = frozenset({"core", "errors", "process"})
ADAPTERS = frozenset({"store", "embeddings", "index", "llm", "tracker", "intake", "report"})

MAY_IMPORT: dict[str, frozenset[str]] = {
    "__main__": frozenset({"cli"}),
    "cli": frozenset({"bot", "triage", "evaluation", "demo", "config"}) | ADAPTERS | GROUND,
    "bot": frozenset({"triage", "config"}) | GROUND,
    "triage": ADAPTERS | frozenset({"config"}) | GROUND,
    "evaluation": frozenset({"embeddings", "config"}) | GROUND,
    **{adapter: frozenset({"config"}) | GROUND for adapter in ADAPTERS},
    "config": frozenset({"errors"}),
    "core": frozenset({"errors"}),
    "demo": frozenset(),
    "errors": frozenset(),
    "process": frozenset(),
    "migrations": frozenset({"store"}),
}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def imports(path: Path) -> Iterator[str]:
    """Every ``triagebot`` module this file imports, at any depth (a lazy import
    inside a function is still a dependency)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("triagebot"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("triagebot"):
            yield str(node.module)


def top_level_imports(path: Path) -> Iterator[str]:
    """The imports that run when the module is loaded (what an import cycle needs)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("triagebot"):
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("triagebot"))


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_package_has_its_row() -> None:
    packages = {package_of(name) for name, _ in modules()} - {"__init__"}
    assert packages <= MAY_IMPORT.keys(), sorted(packages - MAY_IMPORT.keys())


def test_imports_run_one_way() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, path in modules()
        for target in sorted(set(imports(path)))
        if package_of(target) not in allowed(module)
    ]
    assert not wrong, "\n".join(wrong)


def allowed(module: str) -> frozenset[str]:
    home = package_of(module)
    return MAY_IMPORT.get(home, frozenset()) | {home, "__init__"}


def test_no_module_imports_itself_in_a_circle() -> None:
    known = dict(modules())
    graph = {
        name: {t for t in top_level_imports(path) if t in known and t != name}
        for name, path in known.items()
    }
    circle = _find_circle(graph)
    assert circle is None, " → ".join(circle or [])


def test_no_package_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for module, path in modules():
        home = package_of(module)
        targets = {package_of(t) for t in imports(path)} - {home, "__init__"}
        graph.setdefault(home, set()).update(targets)
    circle = _find_circle(graph)
    assert circle is None, " → ".join(circle or [])


def _find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)) is not None:
            return found
    return None


def test_the_checks_catch_a_cycle() -> None:
    assert _find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_circle({"a": {"b"}, "b": set()}) is None
