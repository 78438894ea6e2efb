"""The package reads as the pipeline: imports run one way, no cycles, no module over 500 lines."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"

# What each part may import, besides the shared modules at the root (problems, files, bounded, paths,
# formats, dates, quantities, statement, console). Upstream stages only: read -> check ->
# compose -> render -> build; the diff and publish wings use the stages but not each other.
SHARED = {
    "problems",
    "files",
    "bounded",
    "paths",
    "formats",
    "dates",
    "quantities",
    "statement",
    "console",
}
ALLOWED: dict[str, set[str]] = {
    "read": {"read"},
    "check": {"read", "check"},
    "compose": {"read", "compose"},
    "render": {"read", "compose", "render"},
    "build": {"read", "check", "compose", "render"},
    "workbook_file": {"read"},
    "new": {"read", "workbook_file"},
    "importing": {"read", "new", "importing"},
    "cli_import": {"read", "arguments"},
    "diff": {"read", "check", "compose", "render", "diff"},
    "publish": {"read", "compose", "render", "publish"},
    "arguments": {"read"},
    "preview": {"read", "check", "compose", "render", "build"},
    "cli_build": {"read", "build", "arguments", "preview"},
    "cli": {
        "read",
        "check",
        "compose",
        "render",
        "build",
        "new",
        "diff",
        "publish",
        "arguments",
        "preview",
        "cli_build",
        "cli_import",
    },
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every reportgen module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("reportgen"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("reportgen"))
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def _edges() -> dict[str, set[str]]:
    return {
        name: {m for m in _imports(path) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "root"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_upstream_stages(module: str) -> None:
    part = _part(module)
    if part in SHARED or part == "root" or part in ("templates", "__main__"):
        return
    allowed = ALLOWED[part] | SHARED
    wrong = sorted(m for m in _edges()[module] if _part(m) not in allowed and _part(m) != "root")
    assert wrong == [], f"{module} imports downstream or sideways: {wrong}"


def test_the_shared_modules_import_no_stage() -> None:
    # statement.py (the hand-over from check to compose) and quantities.py hold read's model types.
    for name in SHARED:
        stages = {_part(m) for m in _edges()[f"reportgen.{name}"]} - SHARED - {"root"}
        expected = {"read"} if name in ("statement", "quantities") else set()
        assert stages <= expected, f"reportgen.{name} imports {sorted(stages)}"


def test_there_is_no_import_cycle() -> None:
    edges = _edges()
    # Package __init__ files re-export their own modules; importing one means importing those.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1 and not _reexport(module, target):
                cycle = [*stack[stack.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


def _reexport(module: str, target: str) -> bool:
    """A package's __init__ importing its own submodule, which imports the package: not a cycle
    at run time, because the submodule is loaded by then."""
    return module.startswith(target + ".") and MODULES[target].name == "__init__.py"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_500_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{module} has {lines} lines: split it by what its parts decide"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_is_for_in_one_line(module: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert docstring, f"{module} has no docstring"
    assert docstring.splitlines()[0].endswith("."), f"{module}: the first line is one sentence"


# Libraries that take a noticeable time to import: only the stages that draw or lay out may use them.
HEAVY = ("matplotlib", "docx", "typst", "jinja2", "lxml", "pypdf", "markupsafe")
DRAWS_OR_LAYS_OUT = ("render", "diff", "publish", "build", "cli")


def _third_party(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_layout_stages_use_the_heavy_libraries(module: str) -> None:
    if _part(module) in DRAWS_OR_LAYS_OUT:
        return
    heavy = sorted(_third_party(MODULES[module]) & set(HEAVY))
    assert heavy == [], f"{module} imports {heavy}: validation and composition must stay light"


def test_imports_are_absolute_so_the_layout_checks_see_them() -> None:
    relative = [
        name
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert relative == []
