"""Stores that used to crash, hang, mislead or lose data: each is refused with one clear line.

Every test here failed on the code before issue 10 (a traceback, a hang, or a store accepted).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, SAMPLE, modules_loaded, partner_record, store_data

from mongolia_tui.cli import main
from mongolia_tui.store import StoreError, check_store, load_store

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_store import write_store as write_synthetic


def run_process(*args: str, timeout: float = 60, limit_memory: int | None = None, **env: str):
    """The installed command in a child process (so a hang or a memory blow-up cannot take the
    test run with it)."""

    def limits() -> None:
        if limit_memory is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limit_memory, limit_memory))

    return subprocess.run(
        [sys.executable, "-m", "mongolia_tui", *args], capture_output=True, text=True,
        timeout=timeout, preexec_fn=limits, env={**os.environ, **env},
    )  # fmt: skip


def one_error_line(result: subprocess.CompletedProcess[str], path: Path, problem: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"mongolia-tui: error: {path}: ")
    assert problem in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# -- 4. no snapshot cache: nothing to plant, nothing written ---------------------------------


def plant_old_snapshot(store: Path, cache_home: Path) -> None:
    """What an attacker who creates the cache folder first could leave there: a snapshot
    keyed on nothing but ``stat()`` of the store, listing an invented partner."""
    real = os.path.realpath(store)
    info = os.stat(real)
    key = (2, "0.1.0", real, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
           info.st_ctime_ns)  # fmt: skip
    invented = ("Atlantis", (), None, "Europe", (1990, 1, 1), "established", True,
                "Planted.", (), ("evil",), "", (), 1)  # fmt: skip
    data = {"key": key, "relations": [invented], "organisations": [],
            "article": ("Foreign relations of Mongolia", (), (), (), "", ""),
            "chronological": (0,)}  # fmt: skip
    folder = cache_home / "mongolia-tui"
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    (folder / f"{name}.marshal").write_bytes(marshal.dumps(data))


@pytest.fixture
def large_store(tmp_path_factory) -> Path:
    """A store of over 2 MB: the size the old code kept snapshots of."""
    return write_synthetic(tmp_path_factory.mktemp("large") / "large.json", 7_000)


def test_a_planted_snapshot_is_never_read(large_store, private_cache, capsys):
    plant_old_snapshot(large_store, private_cache)
    names = {r.name for r in load_store(large_store).partners}
    assert "Atlantis" not in names and len(names) == 7_000
    assert main(["--data", str(large_store), "show", "atlantis"]) == 2
    assert "no partner matches 'atlantis'" in capsys.readouterr().err


def test_opening_a_large_store_writes_nothing(large_store, tmp_path, monkeypatch, capsys):
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    cache.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert main(["--data", str(large_store), "list", "--format", "csv"]) == 0
    assert main(["--data", str(large_store), "show", "1"]) in (0, 2)
    capsys.readouterr()
    assert list(home.rglob("*")) == [] and list(cache.rglob("*")) == []


# -- 5. lone surrogates -----------------------------------------------------------------------

SURROGATE = "\ud800"
SURROGATE_FIELDS = [
    ("name", partner_record(f"A{SURROGATE}"), "field 'name' holds a lone surrogate"),
    ("notes", partner_record("A", notes=f"x{SURROGATE}"), "field 'notes' holds a lone surrogate"),
    ("alias", partner_record("A", aliases=["ok", SURROGATE]), "field 'aliases[2]' holds a lone"),
    ("source", partner_record("A", sources=[SURROGATE]), "field 'sources[1]' holds a lone"),
    ("extra field", partner_record("A", extra=SURROGATE), "field 'extra' holds a lone surrogate"),
    ("history", partner_record("A", history=[{"kind": "established", "date": "1970-01-01",
                                        "note": SURROGATE, "sources": ["s"]}]),
     "field 'history[1].note' holds a lone surrogate"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "problem"), [c[1:] for c in SURROGATE_FIELDS],
                         ids=[c[0] for c in SURROGATE_FIELDS])  # fmt: skip
def test_a_lone_surrogate_is_refused_by_every_command(write_store, record, problem):
    path = write_store([partner_record("Fine"), record])  # json.dumps writes it as "\ud800"
    assert "\\ud800" in path.read_text(encoding="utf-8")
    checked = run_process("check-data", str(path))
    assert checked.returncode == 1 and problem in checked.stdout
    assert "Traceback" not in checked.stderr
    for command in (["list"], ["show", "a"], ["list", "--format", "json"]):
        one_error_line(run_process("--data", str(path), *command), path, problem)


def test_surrogates_in_organisations_article_and_ids_are_refused(write_store):
    path = write_store(
        [partner_record("A")],
        organisations={"1": {"abbreviation": "UN", "name": SURROGATE, "status": "member"}},
        article={"1": {"title": SURROGATE}},
    )
    _, problems = check_store(path)
    assert {p.table for p in problems} == {"organisations", "article"}
    raw = '{"relations": {"\\udc80": ' + json.dumps(partner_record("A")) + "}}"
    with pytest.raises(StoreError) as caught:
        load_store(write_store(raw=raw))
    caught.value.problem.encode("utf-8")  # printable: the id is shown escaped
    assert str(caught.value).encode("utf-8")


def test_a_surrogate_pair_is_text(write_store):
    path = write_store([partner_record("Emoji \U0001f600")])  # written as "\ud83d\ude00"
    assert load_store(path).partners[0].name == "Emoji \U0001f600"


# -- 6. huge integers, regions of the wrong type, duplicate keys -------------------------------


@pytest.mark.parametrize(
    "where",
    [
        '{"relations": {"1": {"name": "A", "extra": 1%s}}}',
        '{"relations": {}, "junk": [1%s]}',
        '{"relations": {"1": 1%s}}',
    ],
)
def test_an_integer_of_thousands_of_digits_is_refused(write_store, where):
    path = write_store(raw=where.replace("%s", "0" * 5_000))
    for command in (["list"], ["show", "a"], ["check-data"]):
        one_error_line(run_process("--data", str(path), *command), path, "5,00")


@pytest.mark.parametrize("region", [["Europe"], {"name": "Europe"}, 5, None, True])
def test_a_region_of_the_wrong_type_is_refused(write_store, capsys, region):
    path = write_store([partner_record("A", region=region)])
    for command in (["list"], ["show", "a"], []):
        assert main(["--data", str(path), *command]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"mongolia-tui: error: {path}: record 'A': field 'region'")
        assert err.count("\n") == 1


def good(name: str, **fields) -> str:
    return json.dumps(partner_record(name, **fields))


def obj(*pairs: tuple[str, str]) -> str:
    """A JSON object written by hand, keys repeated as given (values are JSON text)."""
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in pairs) + "}"


EVENT = {"kind": "established", "date": "1970-01-01", "note": "n", "sources": ["s"]}
UN = json.dumps({"abbreviation": "UN", "name": "U", "status": "member"})
DUPLICATES = [
    ("record id", obj(("relations", obj(("1", good("A")), ("1", good("B"))))),
     "record '#1': duplicate record id '1'"),
    ("table", obj(("relations", obj(("1", good("A")))), ("relations", "{}")),
     "the table 'relations' appears twice"),
    ("field", obj(("relations", obj(("1", good("A").replace(
        '"notes": ""', '"notes": "one", "notes": "two"'))))),
     "record 'A': duplicate field 'notes'"),
    ("history field", obj(("relations", obj(("1", good("A", history=[EVENT]).replace(
        '"note": "n"', '"note": "n", "note": "m"'))))),
     "record 'A': duplicate field 'note' inside 'history[1]'"),
    ("organisation id", obj(("relations", "{}"), ("organisations", obj(("1", UN), ("1", UN)))),
     "duplicate record id '1'"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "problem"), [d[1:] for d in DUPLICATES],
                         ids=[d[0] for d in DUPLICATES])  # fmt: skip
def test_duplicate_keys_are_refused_and_named(write_store, capsys, raw, problem):
    path = write_store(raw=raw)
    assert main(["--data", str(path), "list"]) == 2
    err = capsys.readouterr().err
    assert problem in err and err.count("\n") == 1
    if "appears twice" not in problem:
        assert main(["check-data", str(path)]) == 1
        assert problem.split(": ", 1)[-1] in capsys.readouterr().out


def test_a_colon_escaped_in_text_does_not_hide_a_duplicate(write_store):
    # "\u003a" is a colon the fast pass's key count cannot see: the exact pass decides.
    escaped = good("A", notes="a:b").replace("a:b", "a\\u003ab")
    path = write_store(raw=obj(("relations", obj(("1", escaped), ("1", good("B"))))))
    with pytest.raises(StoreError, match="duplicate record id"):
        load_store(path)
    path = write_store(raw=obj(("relations", obj(("1", escaped), ("2", good("B"))))))
    assert load_store(path).partners[0].notes == "a:b"


# -- 7. not a regular file, too large ---------------------------------------------------------


def test_a_character_device_is_refused_at_once():
    result = run_process("--data", "/dev/zero", "list", timeout=20, limit_memory=2 * 1024**3)
    one_error_line(result, Path("/dev/zero"), "is a character device")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "store.json"
    os.mkfifo(fifo)
    for command in (["list"], ["check-data", str(fifo)]):
        args = ["--data", str(fifo), *command] if command[0] == "list" else command
        one_error_line(run_process(*args, timeout=20), fifo, "is a FIFO (named pipe), not a store")


def test_a_huge_sparse_file_is_refused_before_it_is_read(tmp_path):
    sparse = tmp_path / "huge.json"
    with open(sparse, "wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB of nothing, no disk used
    one_error_line(run_process("--data", str(sparse), "list", timeout=20, limit_memory=1024**3),
                   sparse, "too large to be a store (the limit is 64 MB)")  # fmt: skip


def test_the_size_cap_holds_for_files_that_grow_or_lie(monkeypatch, tmp_path):
    from mongolia_tui.store import files

    monkeypatch.setattr(files, "MAX_STORE_BYTES", 100)
    path = tmp_path / "store.json"
    path.write_text(json.dumps(store_data([partner_record("A")])))
    with pytest.raises(StoreError, match="too large"):
        load_store(path)
    # /proc files say they are empty but are not: the cap still holds while reading.
    monkeypatch.setattr(files, "MAX_STORE_BYTES", 10)
    with pytest.raises(StoreError, match=r"too large|not valid JSON"):
        load_store("/proc/self/status")


# -- 13. smaller validation gaps ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["١٩٧٢", "١٩٧٢-٠١-٠١", "1972-٠١", "۱۹۷۲", "１９７２"])
def test_dates_in_other_digits_are_refused(write_store, text):
    with pytest.raises(StoreError, match="is not YYYY, YYYY-MM or YYYY-MM-DD"):
        load_store(write_store([partner_record("A", established=text)]))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Côte d'Ivoire", "Co\u0302te d'Ivoire"),  # composed / decomposed (NFC)
        ("Fiji", "\ufb01ji"),  # ligature (NFKC)
        ("Chad", "Ｃｈａｄ"),  # full-width (NFKC)
        ("Chad", "Ch\u200bad"),  # zero-width space
        ("Chad", "\u2060Chad"),  # word joiner
        ("Chad", "\ufeffChad"),  # byte-order mark
        ("Chad", "Ch\u00adad"),  # soft hyphen
    ],
)
def test_names_that_look_the_same_are_duplicates(write_store, first, second):
    path = write_store([partner_record(first), partner_record(second)])
    _, problems = check_store(path)
    assert [p.message for p in problems] == [f"duplicate name (also record {first!r})"]


@pytest.mark.parametrize("sources", [[""], ["  "], ["https://example.org", ""]])
def test_empty_sources_are_refused(write_store, sources):
    with pytest.raises(StoreError, match="'sources' holds an empty text"):
        load_store(write_store([partner_record("A", sources=sources)]))


@pytest.mark.parametrize("when", ["9999-12-31", "9999", "3000-01"])
def test_dates_in_the_future_are_refused(write_store, when):
    with pytest.raises(StoreError, match=f"date '{when}' is in the future"):
        load_store(write_store([partner_record("A", established=when)]))
    history = [{"kind": "broken", "date": when, "note": "n", "sources": ["s"]}]
    with pytest.raises(StoreError, match=f"history event 1: bad 'date': date '{when}' is in"):
        load_store(write_store([partner_record("A", history=history)]))


def test_dates_up_to_the_end_of_next_year_are_accepted(write_store):
    today = date.today()
    for when in (today, today + timedelta(days=3), date(today.year + 1, 12, 31)):
        store = write_store([partner_record("A", established=when.isoformat())])
        assert load_store(store).partners[0].established.earliest == when
    later = date(today.year + 2, 1, 1).isoformat()
    with pytest.raises(StoreError, match="in the future"):
        load_store(write_store([partner_record("A", established=later)]))
    with pytest.raises(StoreError, match="in the future"):
        load_store(write_store([partner_record("A", established=str(today.year + 2))]))


# -- two passes, one verdict ----------------------------------------------------------------


def both_passes(path: Path):
    from mongolia_tui.store import collect

    return collect(str(path), fast_pass=True), collect(str(path), fast_pass=False)


def test_the_fast_and_exact_passes_build_the_same_model(write_store, tmp_path):
    from mongolia_tui.store import default_store_path

    history = [{"kind": "predecessor", "date": "1950-04-25", "note": "n", "sources": ["s"],
                "name": "Old", "rank": True}, {"kind": "established", "date": "1993",
                "note": "m", "sources": ["s"]}]  # fmt: skip
    stores = [
        default_store_path(),
        write_synthetic(tmp_path / "synthetic.json", 2_000),
        write_store(
            [*SAMPLE,
             partner_record("Late", established="1993-01", history=history, date_note="note")]
        ),
        write_store([]),
    ]
    for path in stores:
        (fast, fast_problems), (exact, exact_problems) = both_passes(path)
        assert fast_problems == exact_problems == []
        assert fast == exact
        assert fast.identity == exact.identity == (os.stat(path).st_dev, os.stat(path).st_ino)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.text(max_size=12)
    | st.sampled_from(["", " ", "Europe", "1970", "1970-02-30", "2999-01-01", "١٩٧٢",
                       "established", "none", "ABC", "abc", "\u200b", "x\u00ady",
                       "https://example.org/a", "Герман"])
    | st.fixed_dictionaries({"url": st.sampled_from(["https://example.org/b", "b", ""])},
                            optional={"title": st.sampled_from(["T", " "]),
                                      "read_via": st.sampled_from(["https://m.org/b", "m"]),
                                      "language": st.just("de"), "other": st.just("x")}),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)  # fmt: skip
FIELDS = ["name", "aliases", "iso3", "region", "established", "status", "un_member", "notes",
          "see_also", "sources", "date_note", "history", "extra", "date_disputed", "name_mn",
          "name_mn_source", "seed_row"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(FIELDS), JSON_VALUES | st.just(...)), max_size=3),
       st.booleans())  # fmt: skip
def test_any_record_is_loaded_or_refused_alike_by_both_passes(tmp_path_factory, changes,
                                                              duplicate):  # fmt: skip
    record = partner_record("Changed", iso3="CHG")
    for field, value in changes:
        if value is ...:
            record.pop(field, None)
        else:
            record[field] = value
    records = [partner_record("Other", iso3="OTH"), record]
    if duplicate:
        records.append(partner_record(str(record.get("name", "x")), iso3="DUP"))
    path = tmp_path_factory.mktemp("fuzz") / "store.json"
    path.write_text(json.dumps(store_data(records)), encoding="utf-8")
    (fast, _), (exact, exact_problems) = both_passes(path)
    assert exact is not None or exact_problems  # a verdict, never an exception
    if fast is not None:  # the fast pass may refuse and leave the naming to the exact one
        assert exact == fast
    elif exact is not None and "extra" not in record:
        # ...but not a valid store of declared fields: that would read every store twice.
        raise AssertionError(f"the fast pass refused a valid record: {record!r}")
    for problem in exact_problems:
        problem.message.encode("utf-8")
        assert "\n" not in problem.message


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789-٠١٢ \n", min_size=10, max_size=10)
       | st.dates().map(date.isoformat))  # fmt: skip
def test_the_fast_date_check_agrees_with_the_parser(text):
    from mongolia_tui.dates import parse_partial_date
    from mongolia_tui.store import latest_date
    from mongolia_tui.store.fast import parse_dates

    latest = latest_date()
    try:
        expected = parse_partial_date(text)
        if expected.earliest > latest:
            expected = None
    except ValueError:
        expected = None
    found = parse_dates({text}, latest)
    assert (found[text] if found else None) == expected


def test_the_exact_pass_is_what_tinydb_reads(sample_store):
    from tinydb import TinyDB

    from mongolia_tui.store import ReadOnlyJSONStorage

    db = TinyDB(sample_store, storage=ReadOnlyJSONStorage)
    assert len(db.table("relations")) == len(SAMPLE)
    assert db.table("relations").get(doc_id=1)["name"] == "Russia"


def test_the_data_layer_stays_pure():
    code = "import mongolia_tui.files, mongolia_tui.store, mongolia_tui.sanitize"
    assert modules_loaded(code, "textual", "rich") == []


def no_exact_pass(monkeypatch):
    from mongolia_tui.store import load

    def refuse(*args):
        raise AssertionError("the exact pass ran")

    monkeypatch.setattr(load, "exact", refuse)


def test_a_large_good_store_takes_the_fast_pass(large_store, monkeypatch):
    no_exact_pass(monkeypatch)
    assert len(load_store(large_store).partners) == 7_000


def test_the_shipped_store_takes_the_fast_pass_at_any_size(monkeypatch, tmp_path):
    """No size threshold: the shipped store, and the same store grown past 256 KiB (where the
    old loader switched passes), are both decoded once, by the fast pass."""
    from mongolia_tui.store import default_store_path

    no_exact_pass(monkeypatch)
    shipped = default_store_path()
    data = json.loads(shipped.read_text(encoding="utf-8"))
    first = next(iter(data["relations"].values()))
    first["notes"] += " padding" * 40_000  # 320 KB more
    grown = tmp_path / "grown.json"
    grown.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert grown.stat().st_size > shipped.stat().st_size + 256 * 1024 // 2
    small, large = load_store(shipped), load_store(grown)
    assert len(small.partners) == len(large.partners) >= 195
