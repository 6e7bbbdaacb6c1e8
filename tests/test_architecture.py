"""The house: layers that import only downward, no circles, and lazy imports that say why.

The layers, lowest first (docs/ARCHITECTURE.md draws them):

    core      problems, the rule catalog, context, logical IDs, intrinsics, conversions,
              partitions, rollout, limits, schema and its wording, generated tables
    models    AWS's own models of values (States Language, CloudWatch, EventBridge, ...)
    io        reading, locating and writing templates and problems
    expansion the expansion model and one module per SAM property
    rules     the check rules, one module per family
    plan      what a deploy will do
    adoption  editing a template to deploy gradually
    front     the command line, the cfn-lint plugin, the package's face

A module may import its own layer and the layers below it; within a layer, packages
do not import each other's insides except core (everyone's ground).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samtransform"
LAYERS = ("core", "models", "io", "expansion", "rules", "plan", "adoption", "front")
FRONT = {"cli", "cfnlint_rules", "__init__", "__main__", "arguments", "checks", "adopt_command"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


KNOWN = {_module_name(path) for path in PACKAGE.rglob("*.py")}


def _layer(module: str) -> str:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return "front" if top in FRONT else top


def _imports(path: Path):
    """(imported module, line, inside a function, the import's own line and the one above)."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").split("\n")
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inner = {id(child) for function in functions for child in ast.walk(function)}
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from package import x` depends on the submodule x where x is one, else on the
            # package's face (its __init__.py) for an attribute.
            submodules = [f"{origin}.{alias.name}" for alias in node.names if f"{origin}.{alias.name}" in KNOWN]
            attributes = len(submodules) < len(node.names)
            targets = submodules + ([origin] if attributes else [])
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        targets = [target for target in targets if target.split(".")[0] == "samtransform"]
        if not targets:
            continue
        # The reason may stand on the line above, or on the first of a block of lazy imports.
        first = node.lineno - 1
        while first > 0 and lines[first - 1].strip().startswith(("from ", "import ")):
            first -= 1
        context = "\n".join(lines[max(first - 1, 0): node.end_lineno])
        for target in targets:
            yield target, node.lineno, id(node) in inner, context


def _edges():
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _module_name(path)
        for target, line, lazy, context in _imports(path):
            if target in KNOWN and target != source:
                yield source, target, path, line, lazy, context


def test_layers_import_only_downward():
    upward = [f"{path.relative_to(PACKAGE.parent)}:{line}: {source} ({_layer(source)}) imports {target} "
              f"({_layer(target)})"
              for source, target, path, line, _, _ in _edges()
              if LAYERS.index(_layer(target)) > LAYERS.index(_layer(source))]
    assert upward == []


def test_no_import_circles():
    graph: dict[str, set[str]] = {}
    for source, target, *_ in _edges():
        graph.setdefault(source, set()).add(target)
    # A package's face re-exports what is below it: importing `samtransform.x` runs x/__init__.py,
    # so an edge into a package counts, but the face importing its own insides is not a circle.
    circles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert circles == []


def test_every_import_inside_a_function_says_why():
    # An import inside a function keeps a cost off the common path; the reason is written beside it.
    silent = [f"{path.relative_to(PACKAGE.parent)}:{line}: {target}"
              for source, target, path, line, lazy, context in _edges()
              if lazy and "#" not in context]
    assert silent == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
