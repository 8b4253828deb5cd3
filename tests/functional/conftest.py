"""Fixtures for driving the app with Pilot."""

from __future__ import annotations

import pytest
from support import TODAY

from mongolia_tui.app import MongoliaApp, make_app
from mongolia_tui.store import load_store


@pytest.fixture
def sample_app(sample_store):
    def build(**options) -> MongoliaApp:
        return make_app(load_store(sample_store), today=TODAY, **options)

    return build


@pytest.fixture(autouse=True)
def work_elsewhere(tmp_path, monkeypatch):
    """Run in a scratch directory: an export typed by a test lands there, not in the repo."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def no_blink(monkeypatch):
    """Cursor blink and animations make screens differ from run to run."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
