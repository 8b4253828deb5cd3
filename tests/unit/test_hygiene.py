"""Layering: the core never imports Textual; only the store imports TinyDB."""

import ast
from pathlib import Path

import pytest
from support import modules_loaded

PACKAGE = Path(__file__).resolve().parents[2] / "mongolia_tui"
CORE = ["model", "store", "dates", "search", "views", "output", "sanitize", "details",
        "organisations", "cli", "state", "columns", "summary", "stats", "anniversaries",
        "files", "sandbox", "citations", "missions", "remembered", "history", "config", "filters",
        "tabs"]  # fmt: skip


def module_files(module: str) -> list[Path]:
    """The files of a module: ``name.py``, or every file of the package ``name/``."""
    package = PACKAGE / module
    return sorted(package.rglob("*.py")) if package.is_dir() else [PACKAGE / f"{module}.py"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", CORE)
def test_core_modules_do_not_import_textual_or_rich(module):
    imports = set().union(*(imported_modules(path) for path in module_files(module)))
    # cli imports the app lazily, inside the function that starts the TUI.
    assert not {m for m in imports if m.split(".")[0] in ("textual", "rich")}


def test_only_the_store_imports_tinydb():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "store"
        and any(m.split(".")[0] in ("tinydb", "msgspec") for m in imported_modules(path))
    ]
    assert offenders == []


def module_level_imports(path: Path, modules: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """What a module imports when it is imported (not inside functions or TYPE_CHECKING).

    ``from package import module`` imports that module (one of ``modules``), not the package's
    other names."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                names.add(inner if inner in modules else node.module)
    return names


def test_no_module_of_the_package_imports_itself_back():
    """No import circle: the app imports the palette and the screens, never the reverse."""
    modules = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
            ".__init__"
        ): path
        for path in PACKAGE.rglob("*.py")
    }
    graph = {
        name: {m for m in module_level_imports(path, set(modules)) if m in modules and m != name}
        for name, path in modules.items()
    }
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail[trail.index(name) :], name))
        if name in done:
            return
        for other in graph[name]:
            visit(other, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())
    # Not even for type checking: the palette asks the app for what it needs by a protocol.
    assert "mongolia_tui.app" not in imported_modules(PACKAGE / "palette.py")


def test_importing_the_core_loads_no_textual():

    code = "import mongolia_tui.cli, mongolia_tui.store, mongolia_tui.views"
    assert modules_loaded(code, "textual", "rich") == []


SERVE = PACKAGE / "serve"


#: The warm parent is a process of its own (``python -m mongolia_tui.serve.warm``) whose whole
#: purpose is to have the browser imported before it forks one; the server never imports it.
WARM = SERVE / "warm.py"


@pytest.mark.parametrize("path", sorted(set(SERVE.glob("*.py")) - {WARM}), ids=lambda p: p.stem)
def test_the_ssh_host_never_imports_the_cli_nor_the_browser(path):
    """cli imports serve (lazily); serve is handed the CLI's parser, so no circle at any level."""
    imports = imported_modules(path)
    assert "mongolia_tui.cli" not in imports
    assert not {m for m in imports if m.split(".")[0] in ("textual", "rich")}
    assert not {m for m in imports if m.startswith("mongolia_tui.app")}


@pytest.mark.parametrize("module", ["__init__", "options", "policy", "limits", "errors"])
def test_the_light_parts_of_the_ssh_host_import_no_asyncssh(module):
    # The CLI imports serve.options at every start; the policy is pure logic.
    assert not {m for m in imported_modules(SERVE / f"{module}.py") if m.startswith("asyncssh")}


#: The longest a module of the package may be ("no module over ~400 lines"): past it, a module
#: holds more than one thing and is split along its seam.
MAX_LINES = 420


def test_no_module_of_the_package_is_long():
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in sorted(PACKAGE.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
