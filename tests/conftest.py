"""Shared fixtures: small stores written to temporary files."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from support import ARTICLE, ORGANISATIONS, SAMPLE, SHIPPED, store_data

from mongolia_tui.store import load_store

if TYPE_CHECKING:
    from mongolia_tui.model import Catalogue


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` for the fast loop (``-m "not slow"``): four workers a core, since Pilot tests
    mostly wait (Textual's pilot sleeps until the app is idle after each key), so more workers
    than cores finish sooner; the full run keeps one a core (its terminals and servers time out)."""
    if "not slow" not in (config.option.markexpr or ""):
        return None
    return 4 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> Path:
    """Point the user's cache directory at an empty folder (the app must write nothing there)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_state(tmp_path_factory, monkeypatch) -> Path:
    """Keep the user's own state and config out of tests: each test starts with empty
    folders (and no state folder chosen by a server)."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("MONGOLIA_TUI_STATE_DIR", raising=False)
    return state


@pytest.fixture
def write_store(tmp_path: Path) -> Callable[..., Path]:
    """Write a store of the given partner records (or raw text/bytes) and return its path."""
    counter = iter(range(1_000_000))

    def write(partners: list[Any] | None = None, *, raw: str | bytes | None = None,
              **tables: Any) -> Path:  # fmt: skip
        path = tmp_path / f"store{next(counter)}.json"
        if raw is not None:
            path.write_bytes(raw.encode() if isinstance(raw, str) else raw)
        else:
            path.write_text(json.dumps(store_data(partners or [], **tables)), encoding="utf-8")
        return path

    return write


@pytest.fixture
def sample_store(write_store: Callable[..., Path]) -> Path:
    return write_store(SAMPLE, organisations=ORGANISATIONS, article=ARTICLE)


@pytest.fixture(scope="session")
def shipped() -> Catalogue:
    """The shipped store, loaded once (the catalogue is immutable)."""
    return load_store(SHIPPED)


@pytest.fixture
def piped(monkeypatch) -> None:
    """Output as when piped: no $COLUMNS (pytest-xdist's workers set one, and so may a shell)."""
    monkeypatch.delenv("COLUMNS", raising=False)
