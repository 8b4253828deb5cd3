"""The data shapes of issues 19 and 20: source objects, Mongolian names, the missions table.

Each shape is loaded by both passes (msgspec and the exact one) from the one declaration in
mongolia_tui/store/schema.py; a bad record is refused with the file, the record and the problem.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from support import partner_record, store_data

from mongolia_tui.cli import main
from mongolia_tui.model import Mission, Partner, Source
from mongolia_tui.output.partners import one_json as partner_json
from mongolia_tui.store import StoreError, check_store, collect, load_store

WIKI = "https://de.wikipedia.org/wiki/Deutsch-mongolische_Beziehungen"
MIRROR = "https://de.abcdef.wiki/wiki/Deutsch-mongolische_Beziehungen"
SOURCE = {"url": WIKI, "title": "Deutsch-mongolische Beziehungen", "language": "de",
          "read_via": MIRROR}  # fmt: skip
GERMANY = partner_record("Germany", iso3="DEU", established="1974-01-31", sources=[SOURCE, WIKI],
                   name_mn="Герман", name_mn_source="https://example.org/names")  # fmt: skip
CHINA = partner_record("China", iso3="CHN", region="East Asia", established="1949-10-16")
GREECE = partner_record("Greece", iso3="GRC", established="1965-05-10")
PARTNERS = [GERMANY, CHINA, GREECE]


def mission(**fields):
    record = {"sender": "MNG", "host": "DEU", "city": "Berlin", "kind": "embassy",
              "covers": [], "opened": "1974", "closed": None, "note": "",
              "sources": ["https://example.org/missions"]}  # fmt: skip
    record.update(fields)
    return record


MISSIONS = {
    "1": mission(covers=["GRC"]),
    "2": mission(sender="DEU", host="MNG", city="Ulaanbaatar"),
    "3": mission(sender="GRC", host="CHN", city="Beijing", covers=["MNG"], sources=[SOURCE]),
    "4": mission(kind="consulate", city="Hamburg", opened="1990-02", closed="2001-03-04"),
}


def both(path):
    (fast, fast_problems), (exact, exact_problems) = collect(str(path)), collect(
        str(path), fast_pass=False
    )
    return fast, fast_problems, exact, exact_problems


def test_source_objects_mongolian_names_and_missions_load_alike_by_both_passes(write_store):
    path = write_store(PARTNERS, missions=MISSIONS)
    fast, fast_problems, exact, exact_problems = both(path)
    assert fast_problems == exact_problems == []
    assert fast == exact
    germany = fast.partners[0]
    assert germany.sources == (Source(WIKI, SOURCE["title"], "de", MIRROR), Source(WIKI))
    assert germany.sources[0].read_via == MIRROR and type(germany.sources[1]) is str
    assert (germany.name_mn, germany.name_mn_source) == ("Герман", "https://example.org/names")
    assert fast.missions[0] == Mission("MNG", "DEU", "Berlin", "embassy", ("GRC",),
                                       fast.missions[0].opened, None, "",
                                       (Source("https://example.org/missions"),))  # fmt: skip
    hamburg = fast.missions[3]
    assert (str(hamburg.opened), str(hamburg.closed)) == ("1990-02", "2001-03-04")
    assert [m.mongolian for m in fast.missions] == [True, False, False, True]
    assert fast.missions[2].sources[0].read_via == MIRROR


def test_the_fast_pass_accepts_the_new_shapes_without_the_exact_one(write_store, monkeypatch):
    from mongolia_tui.store import load

    monkeypatch.setattr(load, "exact", lambda *a: pytest.fail("the exact pass ran"))
    assert len(load_store(write_store(PARTNERS, missions=MISSIONS)).missions) == 4


def test_a_store_without_missions_has_none(sample_store):
    assert load_store(sample_store).missions == ()


def test_every_relation_field_is_built_from_its_own_key(write_store):
    """The builder makes a Partner from a tuple in field order: each field lands by name."""
    record = partner_record("Name", aliases=["Alias"], iso3="ABC", region="Africa",
                      established="1990-02-03", un_member=False, notes="Notes",
                      see_also=["See"], sources=["https://example.org/s"], date_note="DN",
                      date_disputed=True, name_mn="Нэр", name_mn_source="https://example.org/n",
                      history=[{"kind": "broken", "date": "1991", "note": "N",
                                "sources": ["https://example.org/h"]}])  # fmt: skip
    for fast_pass in (True, False):
        catalogue, problems = collect(str(write_store([record])), fast_pass=fast_pass)
        assert problems == []
        built = catalogue.partners[0]
        assert built._fields == Partner._fields
        assert built.name == "Name" and built.aliases == ("Alias",) and built.iso3 == "ABC"
        assert built.region == "Africa" and str(built.established) == "1990-02-03"
        assert built.status == "established" and built.un_member is False
        assert built.notes == "Notes" and built.see_also == ("See",)
        assert built.sources == ("https://example.org/s",) and built.date_note == "DN"
        assert built.history[0].kind == "broken" and built.date_disputed is True
        assert (built.name_mn, built.name_mn_source) == ("Нэр", "https://example.org/n")
        assert built.rank is None  # not a UN member


BAD_RELATIONS = [
    ({"url": "ftp://example.org"}, "field 'sources' item 1: a source object's 'url' must be an "
                                   "http(s) URL, not 'ftp://example.org'"),
    ({"url": WIKI, "read_via": "mirror"}, "field 'sources' item 1: a source object's 'read_via' "
                                          "must be an http(s) URL, not 'mirror'"),
    ({"title": "No URL"}, "field 'sources' item 1: a source object must have a 'url'"),
    ({"url": WIKI, "lang": "de"}, "field 'sources' item 1: a source object has an unknown "
                                  "field 'lang'"),
    ({"url": WIKI, "title": " "}, "field 'sources' item 1: a source object's 'title' is empty"),
    ({"url": WIKI, "language": 7}, "field 'sources' item 1: a source object's 'language' must "
                                   "be text, not number"),
    (7, "field 'sources' must hold only text or source objects, not number"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "problem"), BAD_RELATIONS)
def test_a_bad_source_object_is_named(write_store, source, problem):
    path = write_store([partner_record("Chad", sources=["https://example.org", source])])
    problem = problem.replace("item 1", "item 2")
    with pytest.raises(StoreError) as error:
        load_store(path)
    assert str(error.value).startswith(f"{path}: record 'Chad': {problem}")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"name_mn": "Чад"}, "field 'name_mn' needs a 'name_mn_source'"),
        ({"name_mn": " ", "name_mn_source": WIKI}, "field 'name_mn' is empty"),
        ({"name_mn": ["Чад"], "name_mn_source": WIKI}, "field 'name_mn' must be text, not list"),
        ({"name_mn": "Чад", "name_mn_source": "iso-codes"},
         "field 'name_mn_source' must be an http(s) URL, not 'iso-codes'"),
    ],
)  # fmt: skip
def test_a_bad_mongolian_name_is_named(write_store, fields, problem):
    path = write_store([partner_record("Chad", **fields)])
    with pytest.raises(StoreError) as error:
        load_store(path)
    assert str(error.value).startswith(f"{path}: record 'Chad': {problem}")


BAD_MISSIONS = [
    ({"sender": "XYZ"}, "field 'sender': XYZ is neither 'MNG' nor the ISO code of a partner"),
    ({"host": "mng"}, "field 'host' must be three capital letters, not 'mng'"),
    ({"host": "MNG"}, "a mission cannot be sent by Mongolia to Mongolia"),
    ({"sender": "GRC", "host": "CHN"}, "a mission between two other countries must cover "
                                       "Mongolia (put 'MNG' in 'covers')"),
    ({"kind": "palace"}, "field 'kind' must be one of 'embassy', 'consulate-general', "
                         "'consulate', 'honorary-consulate', 'representative-office', not "
                         "'palace'"),
    ({"covers": ["FRA"]}, "field 'covers': FRA is neither 'MNG' nor the ISO code of a partner"),
    ({"covers": "GRC"}, "field 'covers' must be a list of ISO codes, not string"),
    ({"covers": ["DEU"]}, "field 'covers' repeats the host DEU (covers lists the other countries)"),
    ({"opened": "2001", "closed": "1999-12"}, "closed (1999-12) before it opened (2001)"),
    ({"opened": "1974-02-30"}, "bad 'opened': "),
    ({"closed": "9999"}, "bad 'closed': date '9999' is in the future"),
    ({"sources": []}, "field 'sources' is empty"),
    ({"city": ""}, "field 'city' is empty"),
    ({"city": ...}, "missing field 'city'"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "problem"), BAD_MISSIONS)
def test_a_bad_mission_is_named(write_store, fields, problem):
    record = mission(**{k: v for k, v in fields.items() if v is not ...})
    for key in [k for k, v in fields.items() if v is ...]:
        del record[key]
    path = write_store(PARTNERS, missions={"1": mission(), "2": record})
    _, problems = check_store(path)
    assert {(p.table, p.record) for p in problems} == {("missions", "#2")}
    assert problems[0].message.startswith(problem)
    with pytest.raises(StoreError) as error:
        load_store(path)
    assert str(error.value).startswith(f"{path}: record '#2': {problem}")


def test_the_cli_names_a_bad_mission_in_one_line(write_store, capsys):
    path = write_store(PARTNERS, missions={"1": mission(kind="palace")})
    assert main(["--data", str(path), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mongolia-tui: error: {path}: record '#1': field 'kind' must be one of")
    assert err.count("\n") == 1


def test_show_and_json_give_the_canonical_url_first_and_the_copy_read_after(write_store, capsys):
    path = write_store(PARTNERS)
    assert main(["--data", str(path), "show", "germany"]) == 0
    out = capsys.readouterr().out
    first = out.index(WIKI)
    assert out.index("(Deutsch-mongolische Beziehungen, de) · read via") > first
    assert out.index(MIRROR) > first
    assert f"{WIKI}\n" in out  # the bare URL source stays a bare URL
    record = json.loads(partner_json(load_store(path).partners[0]))
    assert record["sources"] == [SOURCE, WIKI]


def test_the_detail_view_links_the_canonical_page_and_the_copy(write_store):
    from mongolia_tui.screens.detail import record_text
    from mongolia_tui.summary import partner_record

    germany = load_store(write_store(PARTNERS)).partners[0]
    group = record_text("Germany", partner_record(germany, 3, date(2026, 11, 29)))
    lines = [part.plain for part in group.renderables]
    # Each address on a line of its own, never wrapped: the copy read via on the next line.
    at = lines.index(f" 1 {WIKI} (Deutsch-mongolische Beziehungen, de)")
    assert lines[at + 1 : at + 3] == [f"   read via {MIRROR}", f" 2 {WIKI}"]
    assert all(part.no_wrap for part in group.renderables[at : at + 3])
    links = [span.style.link for part in group.renderables for span in part.spans
             if getattr(span.style, "link", None)]  # fmt: skip
    assert links == [WIKI, MIRROR, WIKI]


def test_both_passes_agree_on_a_store_larger_than_the_old_threshold(write_store):
    """The old loader switched passes at 256 KiB: both are now held equal on either side."""
    many = [partner_record(f"P{n}", iso3=None, notes="x" * 300, sources=[SOURCE])
            for n in range(1_000)]  # fmt: skip
    small, large = write_store(PARTNERS, missions=MISSIONS), write_store([*PARTNERS, *many],
                                                                         missions=MISSIONS)
    assert small.stat().st_size < 256 * 1024 < large.stat().st_size
    for path in (small, large):
        fast, fast_problems, exact, exact_problems = both(path)
        assert fast_problems == exact_problems == [] and fast == exact


def test_a_record_is_named_alike_whatever_the_store_size(write_store):
    many = [partner_record(f"P{n}", notes="x" * 300) for n in range(1_000)]
    bad = partner_record("Chad", sources=[{"url": "nope"}])
    for partners in ([bad], [*many, bad]):
        _, problems = check_store(write_store(partners))
        assert [p.message for p in problems] == [
            "field 'sources' item 1: a source object's 'url' must be an http(s) URL, not 'nope'"
        ]


def test_store_data_helper_still_builds_plain_stores():
    assert store_data([])["relations"] == {}


def test_the_shipped_store_loads_alike_by_both_passes():
    """The shipped store (canonical sources, Mongolian names, missions) loads, alike, by both
    passes, and the fast one takes it."""
    from support import SHIPPED

    fast, fast_problems, exact, exact_problems = both(SHIPPED)
    assert fast_problems == exact_problems == [] and fast == exact
    assert len(fast.missions) >= 100
    assert sum(1 for r in fast.partners if r.name_mn) >= 185
    assert any(isinstance(s, Source) and s.read_via for r in fast.partners for s in r.sources)
