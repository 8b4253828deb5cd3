"""Loading a store: immutable records, the derived rank, clear errors, the file never written."""

import json

import pytest
from support import SAMPLE, fingerprint, partner_record

from mongolia_tui.store import StoreError, check_store, default_store_path, load_store


def test_loads_a_good_store_into_immutable_records(sample_store):
    catalogue = load_store(sample_store)
    assert [r.name for r in catalogue.partners][:2] == ["Russia", "North Korea"]
    russia = catalogue.partners[0]
    assert russia.aliases == ("Russian Federation", "USSR")
    assert str(russia.established) == "1921-11-05"
    with pytest.raises(AttributeError):
        russia.name = "USSR"  # type: ignore[misc]
    assert [o.abbreviation for o in catalogue.organisations] == ["UN", "ASEAN"]
    assert catalogue.article.lead == ("Mongolia has relations.",)


def test_order_is_derived_for_dated_un_members_by_date_then_name(sample_store):
    catalogue = load_store(sample_store)
    rank_of = {r.name: r.rank for r in catalogue.partners}
    assert rank_of["Russia"] == 1
    assert rank_of["North Korea"] == 2
    assert rank_of["Egypt"] == 3  # 1955-12
    assert rank_of["United Kingdom"] == 4
    assert rank_of["Côte d'Ivoire"] == 5  # 1964
    # Not UN members, no relations, or no date: no rank.
    assert rank_of["Holy See"] is None
    assert rank_of["Taiwan"] is None
    assert rank_of["Malawi"] is None
    ranks = sorted(o for o in rank_of.values() if o is not None)
    assert ranks == list(range(1, len(ranks) + 1))
    assert catalogue.ranked_count == len(ranks)


def test_ties_are_broken_by_name(write_store):
    path = write_store(
        [partner_record("Zeta", established="1990"), partner_record("Alpha", established="1990")]
    )
    rank_of = {r.name: r.rank for r in load_store(path).partners}
    assert rank_of == {"Alpha": 1, "Zeta": 2}


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
    (partner_record("A", established="1972-02-30"), "does not exist"),
    (partner_record("A", established="February 1972"), "is not YYYY"),
    (partner_record("A", established=1972), "date must be a string"),
    (partner_record("A", region="Atlantis"), "unknown region 'Atlantis'"),
    (partner_record("A", iso3="mn"), "three capital letters"),
    (partner_record("A", aliases="DPRK"), "'aliases' must be a list of text"),
    (partner_record("A", aliases=[1]), "'aliases' must hold only text"),
    (partner_record("A", un_member="yes"), "'un_member' must be true or false"),
    (partner_record("A", status="maybe"), "'status' must be"),
    (partner_record("A", status="none"), "status is 'none' but 'established' has a date"),
    (partner_record("A", notes=None), "'notes' must be text"),
    (partner_record("A", sources=[]), "'sources' is empty"),
    (partner_record(""), "'name' is empty"),
    ([1, 2], "must be an object, not list"),
]


@pytest.mark.parametrize(("record", "problem"), BAD_RECORDS)
def test_bad_records_are_refused_whole_with_the_record_named(write_store, record, problem):
    path = write_store([partner_record("Fine"), record])
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert problem in caught.value.problem
    assert caught.value.record in ("A", "#2", "Nowhere")
    assert str(caught.value).startswith(f"{path}: record ")


def test_duplicates_are_problems(write_store):
    path = write_store(
        [partner_record("Chad", iso3="TCD"), partner_record("chad"),
         partner_record("Tchad", iso3="TCD")]
    )
    _, problems = check_store(path)
    messages = [(p.record, p.message) for p in problems]
    assert ("chad", "duplicate name (also record 'Chad')") in messages
    assert ("Tchad", "duplicate ISO code TCD (also record 'Chad')") in messages


def test_check_lists_every_problem(write_store):
    path = write_store([partner_record("A", region="X"), partner_record("B", established="1999-99"),
                        partner_record("C")])  # fmt: skip
    catalogue, problems = check_store(path)
    assert catalogue is None
    assert [(p.record, p.table) for p in problems] == [("A", "relations"), ("B", "relations")]


def test_bad_organisations_and_article_are_reported(write_store):
    path = write_store(
        [partner_record("A")],
        organisations={"1": {"abbreviation": "UN", "name": "United Nations", "status": "boss"}},
        article={"1": {"lead": "not a list"}},
    )
    _, problems = check_store(path)
    assert {p.table for p in problems} == {"organisations", "article"}


def test_an_empty_relations_table_is_a_valid_empty_store(write_store):
    catalogue = load_store(write_store([]))
    assert catalogue.partners == ()
    assert catalogue.ranked_count == 0


def test_extra_fields_are_allowed(write_store):
    catalogue = load_store(write_store([partner_record("A", seed_row="Europe row 1")]))
    assert catalogue.partners[0].name == "A"


def test_the_shipped_store_is_found_and_valid():
    path = default_store_path()
    assert path.is_file()
    catalogue = load_store(path)
    assert len(catalogue.partners) >= 195
    json.loads(path.read_text(encoding="utf-8"))


def test_sample_is_valid(sample_store):
    assert len(load_store(sample_store).partners) == len(SAMPLE)
