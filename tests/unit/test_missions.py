"""Missions both ways: the pure questions of mongolia_tui.missions, on the researched data.

The data checks tie each note of the article about a mission to the records that agree with it.
"""

import json
from pathlib import Path

import pytest

from mongolia_tui import missions as ms

DATA = Path(__file__).resolve().parents[2] / "data"
RECORDS = list(
    json.loads((DATA / "research" / "missions.json").read_text("utf-8"))["missions"].values()
)
STORE = json.loads((DATA / "mongolia.json").read_text("utf-8"))["relations"]
NOTES = {r["iso3"]: r["notes"] for r in STORE.values() if r.get("iso3")}


@pytest.fixture(scope="module")
def missions():
    return ms.as_missions(RECORDS)


# --- the data ------------------------------------------------------------------------------------


def test_every_record_is_valid_and_uses_the_stores_codes():
    codes = {r["iso3"] for r in STORE.values() if r.get("iso3")} | {"MNG"}
    for record in RECORDS:
        assert ms.problems(record) == [], record
        assert {record["sender"], record["host"], *record["covers"]} <= codes
        assert all(isinstance(s, dict) and s["url"].startswith("http") for s in record["sources"])


def test_targets_met(missions):
    figures = ms.counts(missions)
    assert figures["mongolia_abroad"] >= 40
    assert figures["in_mongolia"] >= 28


def test_article_notes_agree_with_the_missions(missions):
    # Belgium: "Mongolia has an embassy in Brussels"; Benelux represented from Beijing.
    assert "embassy in Brussels" in NOTES["BEL"]
    assert [m.city for m in ms.mongolia_in(missions, "BEL")] == ["Brussels"]
    for iso3 in ("BEL", "NLD", "LUX"):
        assert "through embassies in Beijing" in NOTES[iso3 if iso3 != "LUX" else "BEL"]
        assert [m.city for m in ms.partner_accredited_from(missions, iso3)] == ["Beijing"]
        assert ms.partner_in_mongolia(missions, iso3) == []
    # Netherlands: an honorary consulate in Breda.
    assert "honorary consulate in Breda" in NOTES["NLD"]
    assert ms.mongolia_line(missions, "NLD") == "honorary consulate in Breda"
    # Greece: from Beijing; Mongolia from Sofia with an honorary consulate in Athens.
    assert ms.partner_line(missions, "GRC") == "accredited from Beijing (embassy)"
    assert ms.mongolia_line(missions, "GRC") == (
        "honorary consulate in Athens; covered by the embassy in Sofia"
    )
    # Hungary: embassies both ways.
    assert ms.partner_line(missions, "HUN") == "embassy in Ulaanbaatar"
    assert ms.mongolia_line(missions, "HUN") == "embassy in Budapest"
    # Australia: the consulate of March 1997 and the embassy of October 2008.
    canberra = {m.kind: m.opened for m in ms.mongolia_in(missions, "AUS") if m.city == "Canberra"}
    assert canberra == {"consulate": "1997-03", "embassy": "2008-10"}
    # Afghanistan: re-established in December 2013.
    (kabul,) = ms.mongolia_in(missions, "AFG")
    assert (kabul.city, kabul.kind, kabul.opened) == ("Kabul", "embassy", "2013-12")
    # Egypt: Cairo hosts Mongolia's only embassy in Africa.
    africa = {r["iso3"] for r in STORE.values() if r.get("region") == "Africa"}
    embassies = [m for m in missions if m.sender == "MNG" and m.kind == "embassy" and m.is_open]
    assert [m.city for m in embassies if m.host in africa] == ["Cairo"]


# --- questions -----------------------------------------------------------------------------------


def test_which_mongolian_embassy_covers_slovenia(missions):
    assert ms.mongolia_in(missions, "SVN") == []
    assert [m.city for m in ms.mongolia_covering(missions, "SVN")] == ["Vienna"]
    assert ms.mongolia_line(missions, "SVN") == "covered by the embassy in Vienna"


def test_summary_line(missions):
    assert ms.summary(missions, "DEU", "Germany") == (
        "Mongolia: embassy in Berlin · Germany: embassy in Ulaanbaatar"
    )
    assert ms.summary(missions, "POL", "Poland") == (
        "Mongolia: embassy in Warsaw (since 1959) · "
        "Poland: embassy in Ulaanbaatar (since 18 March 2021)"
    )


def test_several_missions_in_one_country_are_listed_embassy_first(missions):
    line = ms.mongolia_line(missions, "RUS")
    assert line.startswith(
        "embassy in Moscow (since 1922), consulate general in Irkutsk (since 1971)"
    )
    assert "honorary consulate in Yekaterinburg" in line


def test_closed_missions_are_left_out_unless_asked(missions):
    assert [m.city for m in ms.mongolia_in(missions, "IDN")] == []
    (jakarta,) = ms.mongolia_in(missions, "IDN", closed=True)
    assert jakarta.phrase() == "embassy in Jakarta (?–2018)"
    assert ms.mongolia_line(missions, "IDN") == "covered by the embassy in Bangkok"
    polish = ms.partner_in_mongolia(missions, "POL", closed=True)
    assert [m.phrase() for m in polish][:2] == [
        "embassy in Ulaanbaatar (1960–September 1995)",
        "embassy in Ulaanbaatar (1999–2009)",
    ]


def test_no_data(missions):
    assert ms.summary(missions, "BRB", "Barbados") == "Mongolia: no data · Barbados: no data"


def test_filters(missions):
    assert ms.has_resident_mongolian_mission(missions, "DEU")
    assert not ms.has_resident_mongolian_mission(missions, "SVN")
    assert ms.has_resident_mission_in_mongolia(missions, "HUN")
    assert ms.accredited_from_abroad(missions, "GRC")
    assert not ms.accredited_from_abroad(missions, "HUN")
    # The Holy See: Wikidata placed the nunciature in Mongolia; it is accredited from Seoul.
    assert ms.partner_line(missions, "VAT") == "accredited from Seoul (embassy)"


def test_a_city_finds_its_countries(missions):
    assert ms.countries_for_city(missions, "vienna") == {"AUT", "SVN", "HRV", "BIH", "MNE"}
    assert {"COL", "MEX", "SGP", "VAT", "KOR"} <= ms.countries_for_city(missions, "Seoul")
    assert ms.countries_for_city(missions, "Atlantis") == set()


def test_the_missions_view_lists_only_mongolias_missions_by_country(missions):
    listed = ms.mongolian_missions(missions)
    assert all(m.sender == "MNG" and m.is_open for m in listed)
    assert [m.host for m in listed] == sorted(m.host for m in listed)


# --- records -------------------------------------------------------------------------------------


def test_dicts_and_objects_give_the_same_answers(missions):
    assert ms.mongolia_line(RECORDS, "AUT") == ms.mongolia_line(missions, "AUT")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"sender": "mng"}, "sender 'mng' is not an ISO3 code"),
        ({"host": "MNG"}, "sender and host are both 'MNG'"),
        ({"kind": "legation"}, "kind 'legation' is not one of"),
        ({"opened": "2013-13"}, "opened: date '2013-13' does not exist"),
        ({"covers": ["DEU"]}, "covers repeats the host 'DEU'"),
        ({"sources": []}, "sources must be a non-empty list"),
        ({"city": " "}, "city must be a non-empty string"),
    ],
)
def test_bad_records_are_named(change, problem):
    record = {"sender": "MNG", "host": "DEU", "city": "Berlin", "kind": "embassy",
              "covers": [], "opened": None, "closed": None, "note": "",
              "sources": ["https://example.org"]}  # fmt: skip
    record.update(change)
    assert any(p.startswith(problem) for p in ms.problems(record))
    with pytest.raises(ValueError):
        ms.Mission.from_record(record)


def test_a_missing_field_is_named():
    assert ms.problems({"sender": "MNG"})[0].startswith("missing field(s): host, city")
