"""Layering: the core never imports Textual; only the store imports TinyDB."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mongolia_tui"
CORE = ["model", "store", "dates", "search", "views", "export", "sanitize", "details",
        "organisations", "cli"]  # fmt: skip


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
    imports = imported_modules(PACKAGE / f"{module}.py")
    # cli imports the app lazily, inside the function that starts the TUI.
    assert not {m for m in imports if m.split(".")[0] in ("textual", "rich")}


def test_only_the_store_imports_tinydb():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "store.py"
        and any(m.split(".")[0] == "tinydb" for m in imported_modules(path))
    ]
    assert offenders == []


def test_importing_the_core_loads_no_textual():
    import subprocess
    import sys

    code = (
        "import sys, mongolia_tui.cli, mongolia_tui.store, mongolia_tui.views;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
