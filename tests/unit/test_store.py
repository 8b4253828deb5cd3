import hashlib
import json
import os

import pytest
from support import SAMPLE, relation

from mongolia_tui.store import StoreError, check_store, default_store_path, load_store


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def test_loads_a_good_store_into_immutable_records(sample_store):
    catalogue = load_store(sample_store)
    assert [r.name for r in catalogue.relations][:2] == ["Russia", "North Korea"]
    russia = catalogue.relations[0]
    assert russia.aliases == ("Russian Federation", "USSR")
    assert str(russia.established) == "1921-11-05"
    with pytest.raises(AttributeError):
        russia.name = "USSR"  # type: ignore[misc]
    assert [o.abbreviation for o in catalogue.organisations] == ["UN", "ASEAN"]
    assert catalogue.article.lead == ("Mongolia has relations.",)


def test_order_is_derived_for_dated_un_members_by_date_then_name(sample_store):
    catalogue = load_store(sample_store)
    order = {r.name: r.order for r in catalogue.relations}
    assert order["Russia"] == 1
    assert order["North Korea"] == 2
    assert order["Egypt"] == 3  # 1955-12
    assert order["United Kingdom"] == 4
    assert order["Côte d'Ivoire"] == 5  # 1964
    # Not UN members, no relations, or no date: no rank.
    assert order["Holy See"] is None
    assert order["Taiwan"] is None
    assert order["Malawi"] is None
    ranks = sorted(o for o in order.values() if o is not None)
    assert ranks == list(range(1, len(ranks) + 1))
    assert catalogue.numbered == len(ranks)


def test_ties_are_broken_by_name(write_store):
    path = write_store(
        [relation("Zeta", established="1990"), relation("Alpha", established="1990")]
    )
    order = {r.name: r.order for r in load_store(path).relations}
    assert order == {"Alpha": 1, "Zeta": 2}


def test_loading_never_changes_the_file(sample_store):
    before = fingerprint(sample_store)
    load_store(sample_store)
    check_store(sample_store)
    assert fingerprint(sample_store) == before


def test_a_missing_store_is_not_created(tmp_path):
    path = tmp_path / "missing.json"
    with pytest.raises(StoreError, match="no such file"):
        load_store(path)
    assert not path.exists()


def test_store_cannot_be_written_through_tinydb(sample_store):
    from tinydb import TinyDB

    from mongolia_tui.store import ReadOnlyJSONStorage

    before = fingerprint(sample_store)
    db = TinyDB(sample_store, storage=ReadOnlyJSONStorage)
    with pytest.raises(StoreError, match="read-only"):
        db.table("relations").insert({"name": "X"})
    assert fingerprint(sample_store) == before


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "the file is empty"),
        ("   \n", "the file is empty"),
        ("{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        ("[1, 2, 3]", "top level is a list"),
        ('{"relations": []}', "table 'relations' is a list"),
        ('{"_default": {}}', "no 'relations' table"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_bad_files_raise_one_clear_error(write_store, raw, problem):
    path = write_store(raw=raw)
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert problem in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        load_store(tmp_path)


BAD_RECORDS = [
    ({"name": "Nowhere"}, "missing field 'aliases'"),
    (relation("A", established="1972-02-30"), "does not exist"),
    (relation("A", established="February 1972"), "is not YYYY"),
    (relation("A", established=1972), "date must be a string"),
    (relation("A", region="Atlantis"), "unknown region 'Atlantis'"),
    (relation("A", iso3="mn"), "three capital letters"),
    (relation("A", aliases="DPRK"), "'aliases' must be a list of text"),
    (relation("A", aliases=[1]), "'aliases' must hold only text"),
    (relation("A", un_member="yes"), "'un_member' must be true or false"),
    (relation("A", status="maybe"), "'status' must be"),
    (relation("A", status="none"), "status is 'none' but 'established' has a date"),
    (relation("A", notes=None), "'notes' must be text"),
    (relation("A", sources=[]), "'sources' is empty"),
    (relation(""), "'name' is empty"),
    ([1, 2], "must be an object, not list"),
]


@pytest.mark.parametrize(("record", "problem"), BAD_RECORDS)
def test_bad_records_are_refused_whole_with_the_record_named(write_store, record, problem):
    path = write_store([relation("Fine"), record])
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert problem in caught.value.problem
    assert caught.value.record in ("A", "#2", "Nowhere")
    assert str(caught.value).startswith(f"{path}: record ")


def test_duplicates_are_problems(write_store):
    path = write_store(
        [relation("Chad", iso3="TCD"), relation("chad"), relation("Tchad", iso3="TCD")]
    )
    _, problems = check_store(path)
    messages = [(p.record, p.message) for p in problems]
    assert ("chad", "duplicate name (also record 'Chad')") in messages
    assert ("Tchad", "duplicate ISO code TCD (also record 'Chad')") in messages


def test_check_lists_every_problem(write_store):
    path = write_store([relation("A", region="X"), relation("B", established="1999-99"),
                        relation("C")])  # fmt: skip
    catalogue, problems = check_store(path)
    assert catalogue is None
    assert [(p.record, p.table) for p in problems] == [("A", "relations"), ("B", "relations")]


def test_bad_organisations_and_article_are_reported(write_store):
    path = write_store(
        [relation("A")],
        organisations={"1": {"abbreviation": "UN", "name": "United Nations", "status": "boss"}},
        article={"1": {"lead": "not a list"}},
    )
    _, problems = check_store(path)
    assert {p.table for p in problems} == {"organisations", "article"}


def test_an_empty_relations_table_is_a_valid_empty_store(write_store):
    catalogue = load_store(write_store([]))
    assert catalogue.relations == ()
    assert catalogue.numbered == 0


def test_extra_fields_are_allowed(write_store):
    catalogue = load_store(write_store([relation("A", seed_row="Europe row 1")]))
    assert catalogue.relations[0].name == "A"


def test_the_shipped_store_is_found_and_valid():
    path = default_store_path()
    assert path.is_file()
    catalogue = load_store(path)
    assert len(catalogue.relations) >= 195
    json.loads(path.read_text(encoding="utf-8"))


def test_sample_is_valid(sample_store):
    assert len(load_store(sample_store).relations) == len(SAMPLE)
