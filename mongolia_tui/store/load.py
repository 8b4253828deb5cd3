"""Opening a store: read the file once, read-only; try the fast pass, and let the exact pass
name the problems of whatever the fast one does not accept. Every store, large or small, goes
the same way (there is no size threshold): a valid store is decoded once, by msgspec."""

from __future__ import annotations

import gc
import os

from tinydb import TinyDB

from mongolia_tui.model import Catalogue
from mongolia_tui.store.errors import Problem, StoreError
from mongolia_tui.store.exact import exact
from mongolia_tui.store.fast import fast
from mongolia_tui.store.files import ReadOnlyJSONStorage, default_store_path
from mongolia_tui.store.rules import Context, latest_date


def collect(path: str, *, fast_pass: bool = True) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue and problems of a store; ``fast_pass``: try msgspec first (tests compare
    the passes by turning it off)."""
    # Building tens of thousands of objects triggers many full garbage collections that find
    # nothing to free: pausing the collector makes large stores load several times faster.
    collecting = gc.isenabled()
    gc.disable()
    try:
        db = TinyDB(path, storage=ReadOnlyJSONStorage)
        storage = db.storage
        assert isinstance(storage, ReadOnlyJSONStorage)
        latest = latest_date()
        catalogue = fast(storage, latest) if fast_pass else None
        if catalogue is not None:
            return catalogue, []
        return exact(storage, Context(latest))
    finally:
        if collecting:
            gc.enable()


def check_store(path: str | os.PathLike[str]) -> tuple[Catalogue | None, list[Problem]]:
    """Validate a store and return every problem found (and the catalogue when there are none).

    A file-level problem (missing, not JSON, ...) raises :class:`StoreError` instead.
    """
    return collect(os.fspath(path))


def load_store(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Load a store; refuse it whole at its first problem (half a store would hide partners)."""
    path = os.fspath(path) if path is not None else str(default_store_path())
    catalogue, problems = collect(path)
    if problems:
        first = problems[0]
        raise StoreError(path, first.message, first.record)
    assert catalogue is not None
    return catalogue
