"""Snapshots of large stores: reused while the store is unchanged, ignored otherwise."""

from __future__ import annotations

import json
import os

import pytest
from support import SAMPLE, relation, store_data

from mongolia_tui import cache, store
from mongolia_tui.store import StoreError, load_store


@pytest.fixture
def large(monkeypatch):
    """Treat every store as large enough to snapshot."""
    monkeypatch.setattr(cache, "MIN_SIZE", 0)


def snapshots(private_cache):
    folder = private_cache / "mongolia-tui"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_small_stores_get_no_snapshot(sample_store, private_cache):
    load_store(sample_store)
    assert snapshots(private_cache) == []


def test_a_snapshot_is_reused_and_equal(large, sample_store, private_cache, monkeypatch):
    first = load_store(sample_store)
    assert len(snapshots(private_cache)) == 1

    def no_reading(path):
        raise AssertionError("the store was read again")

    monkeypatch.setattr(store, "_collect", no_reading)
    again = load_store(sample_store)
    assert again.relations == first.relations
    assert again.chronological == first.chronological
    assert again.organisations == first.organisations and again.article == first.article
    assert again.path == str(sample_store)


def test_a_changed_store_is_read_again_and_validated(large, sample_store):
    load_store(sample_store)
    sample_store.write_text(json.dumps(store_data([*SAMPLE, relation("Newland")])), "utf-8")
    assert "Newland" in {r.name for r in load_store(sample_store).relations}
    bad = json.dumps(store_data([relation("Chad", established="1972-02-30")]))
    sample_store.write_text(bad, "utf-8")
    with pytest.raises(StoreError, match="does not exist"):
        load_store(sample_store)


def test_same_size_rewrite_is_noticed(large, write_store):
    path = write_store([relation("Aaaa")])
    load_store(path)
    text = path.read_text("utf-8").replace("Aaaa", "Bbbb")
    stat = os.stat(path)
    path.write_text(text, "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    assert load_store(path).relations[0].name == "Bbbb"


def test_a_damaged_snapshot_is_ignored(large, sample_store, private_cache):
    load_store(sample_store)
    (snapshot,) = (private_cache / "mongolia-tui").iterdir()
    snapshot.write_bytes(b"\x00garbage")
    assert len(load_store(sample_store).relations) == len(SAMPLE)


def test_an_unwritable_cache_is_ignored(large, sample_store, private_cache):
    (private_cache / "mongolia-tui").write_text("not a directory")
    assert len(load_store(sample_store).relations) == len(SAMPLE)


def test_snapshots_can_be_bypassed(large, sample_store, private_cache):
    load_store(sample_store, snapshot=False)
    assert snapshots(private_cache) == []


def test_saving_can_wait_until_asked(large, sample_store, private_cache):
    from mongolia_tui.store import save_snapshot

    catalogue = load_store(sample_store, save_later=True)
    assert catalogue.snapshot_due and snapshots(private_cache) == []
    save_snapshot(catalogue)
    assert len(snapshots(private_cache)) == 1
    again = load_store(sample_store, save_later=True)
    assert not again.snapshot_due  # read from the snapshot: nothing to save
    save_snapshot(again)
    assert len(snapshots(private_cache)) == 1
