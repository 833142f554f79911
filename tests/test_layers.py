"""The layering of `vbassist/` as the code reads it (docs/index.md, issue 16): every import between two
parts of the package points down this list, settings are read only at the edges, and no library
function reads the environment itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vbassist"

# lowest first; a part may import only parts of a lower rank
LAYERS: list[set[str]] = [
    {"model", "errors", "names", "gaps", "hosts"},
    {"numbers", "outputs", "polarity", "linking", "query"},
    {"sv", "validation"},
    {"places", "parsing"},
    {"settings"},
    {"llm"},
    {"checks"},
    {"batch", "index"},
    {"drafting"},
    {"reports"},
    {"overview"},
    {"api"},
    {"commands"},
    {"cli"},
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}
EDGES = ("commands/", "api/app.py")  # where get_settings() may be called


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _part(module: str) -> str | None:
    """`vbassist.checks.rules.text` -> "checks"; `vbassist` itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "vbassist" else None


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("vbassist.")}


def test_every_part_of_the_package_has_a_layer() -> None:
    found = {path.split("/")[0].removesuffix(".py") for path, _ in _modules()} - {"__init__", "__main__"}
    assert found - set(RANK) == set(), "a new part of vbassist/ needs its place in LAYERS"


@pytest.mark.parametrize(("path", "tree"), _modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_imports_point_down(path: str, tree: ast.Module) -> None:
    own = path.split("/")[0].removesuffix(".py")
    if own not in RANK:
        return  # vbassist/__init__.py, __main__.py
    upward = sorted(
        name for name in _imports(tree) if (part := _part(name)) and part != own and RANK[part] >= RANK[own]
    )
    assert upward == [], f"{path} imports from its own layer or above: {upward}"


def test_settings_are_read_only_at_the_edges() -> None:
    readers = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "get_settings"
            ) and not path.startswith(EDGES):
                readers.append(f"{path}:{node.lineno}")
    assert readers == []


def test_no_library_function_reads_the_environment() -> None:
    readers = []
    for path, tree in _modules():
        if path == "settings.py":
            continue
        for node in ast.walk(tree):
            # os.getenv(...) and os.environ.get(...) / os.environ[...]; building a child's environment
            # ({**os.environ, ...}) or setting a native library's variable is not reading a setting
            if isinstance(node, ast.Attribute) and node.attr == "getenv":
                readers.append(f"{path}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "environ"
            ):
                readers.append(f"{path}:{node.lineno}")
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "environ"
            ) and isinstance(node.ctx, ast.Load):
                readers.append(f"{path}:{node.lineno}")
    assert readers == []
