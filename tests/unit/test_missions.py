"""Missions both ways: the pure questions of mongolia_tui.missions, on the shipped store.

The data checks tie each note of the article about a mission to the records that agree with it.
Validation is the store's (tests/unit/test_store*.py); here the catalogue's missions are asked.
"""

from __future__ import annotations

import pytest

from mongolia_tui import missions as ms
from mongolia_tui.model import Mission
from mongolia_tui.store import load_store

CATALOGUE = load_store()
NOTES = {r.iso3: r.notes for r in CATALOGUE.partners if r.iso3}
NAMES = {r.iso3: r.name for r in CATALOGUE.partners if r.iso3}


@pytest.fixture(scope="module")
def missions() -> tuple[Mission, ...]:
    return CATALOGUE.missions


# --- the data ------------------------------------------------------------------------------------


def test_the_store_loads_every_mission_with_sources(missions):
    assert len(missions) == 132
    assert all(m.sources and all(str(s).startswith("http") for s in m.sources) for m in missions)


def test_targets_met(missions):
    figures = ms.counts(missions)
    assert figures.mongolia_abroad >= 40
    assert figures.in_mongolia >= 28


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
    canberra = {m.kind: m.opened.iso() for m in ms.mongolia_in(missions, "AUS")
                if m.city == "Canberra" and m.opened}  # fmt: skip
    assert canberra == {"consulate": "1997-03", "embassy": "2008-10"}
    # Afghanistan: re-established in December 2013.
    (kabul,) = ms.mongolia_in(missions, "AFG")
    assert (kabul.city, kabul.kind, kabul.opened.iso()) == ("Kabul", "embassy", "2013-12")
    # Egypt: Cairo hosts Mongolia's only embassy in Africa.
    africa = {r.iso3 for r in CATALOGUE.partners if r.region == "Africa"}
    embassies = [m for m in missions if m.mongolian and m.kind == "embassy" and ms.is_open(m)]
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
    assert ms.phrase(jakarta) == "embassy in Jakarta (?–2018)"
    assert ms.mongolia_line(missions, "IDN") == "covered by the embassy in Bangkok"
    polish = ms.partner_in_mongolia(missions, "POL", closed=True)
    assert [ms.phrase(m) for m in polish][:2] == [
        "embassy in Ulaanbaatar (1960–September 1995)",
        "embassy in Ulaanbaatar (1999–2009)",
    ]


def test_no_data_is_said_never_inferred(missions):
    assert ms.summary(missions, "BRB", "Barbados") == "Mongolia: no data · Barbados: no data"
    assert ms.summary(missions, None, "Somewhere") == "Mongolia: no data · Somewhere: no data"
    assert ms.summary((), "DEU", "Germany") == "Mongolia: no data · Germany: no data"


def test_filters_sets(missions):
    there = ms.with_mongolian_mission(missions)
    here = ms.with_mission_in_mongolia(missions)
    abroad = ms.accredited_from_abroad(missions)
    assert {"DEU", "AUT", "RUS", "CHN"} <= there
    assert "SVN" not in there
    # An honorary consul is not a resident mission: the Netherlands has only one (Breda).
    assert "NLD" not in there
    assert {"HUN", "DEU", "RUS"} <= here
    assert {"GRC", "BEL", "NLD", "VAT"} <= abroad
    assert not here & abroad
    # The Holy See: Wikidata placed the nunciature in Mongolia; it is accredited from Seoul.
    assert ms.partner_line(missions, "VAT") == "accredited from Seoul (embassy)"


def test_a_city_finds_its_countries(missions):
    assert ms.countries_for_city(missions, "vienna") == {"AUT", "SVN", "HRV", "BIH", "MNE"}
    assert {"COL", "MEX", "SGP", "VAT", "KOR"} <= ms.countries_for_city(missions, "Seoul")
    assert ms.countries_for_city(missions, "Atlantis") == set()
    keys = ms.city_keys(missions, ["SVN", None, "BRB"])
    assert keys == ["beijing vienna", "", ""]  # Slovenia is covered from Beijing, too


def test_the_missions_view_rows(missions):
    rows = ms.mission_rows(missions, NAMES)
    assert all(r.mission.mongolian and ms.is_open(r.mission) for r in rows)
    countries = [r.country for r in rows]
    assert countries == sorted(countries, key=str.casefold)
    # "Which embassy covers Slovenia?": one search, one row.
    (vienna,) = ms.search_rows(rows, "slovenia")
    assert (vienna.country, vienna.mission.city) == ("Austria", "Vienna")
    assert "Slovenia" in vienna.covers
    assert rows[ms.serving(rows, "SVN")] == vienna
    assert ms.serving(rows, "BRB") is None
    assert ms.search_rows(rows, "  ") == rows


def test_counts(missions):
    figures = ms.counts(missions)
    abroad = [m for m in missions if m.mongolian]
    assert figures.mongolia_abroad + figures.mongolia_abroad_closed == len(abroad) == 56
    assert figures.in_mongolia + figures.in_mongolia_closed == 32
    assert figures.accredited_from_abroad == len(ms.accredited_from_abroad(missions)) > 30
    assert set(figures.as_dict()) == set(figures.__slots__)
    assert figures.lines()[0].startswith(f"Mongolia's missions abroad: {figures.mongolia_abroad}")


def test_partner_fields_for_json(missions):
    fields = ms.partner_fields(missions, "POL", "Poland")
    assert fields["missions_summary"].startswith("Mongolia: embassy in Warsaw")
    there = fields["missions"]["mongolia_there"]
    assert there[0]["city"] == "Warsaw" and there[0]["opened"] == "1959"
    closed = [m for m in fields["missions"]["partner_in_mongolia"] if m["closed"]]
    assert closed[0]["closed"] == "1995-09"
    empty = ms.partner_fields(missions, None, "X")["missions"]
    assert all(v == [] for v in empty.values())


# --- the browser's filters and search (filters.FILTERS, PartnerIndex) ----------------------------


@pytest.mark.parametrize(
    ("key", "codes"),
    [
        ("mission-there", ms.with_mongolian_mission),
        ("mission-here", ms.with_mission_in_mongolia),
        ("accredited", ms.accredited_from_abroad),
    ],
)
def test_the_filters_keep_exactly_the_partners_the_missions_name(missions, key, codes):
    from mongolia_tui.filters import FILTER_KEYS
    from mongolia_tui.views import PartnerIndex

    assert key in FILTER_KEYS
    index = PartnerIndex(CATALOGUE.partners, CATALOGUE.chronological, missions)
    kept = {CATALOGUE.partners[i].iso3 for i in index.rows(filters=frozenset({key}))}
    assert kept == codes(missions) & set(NAMES) and kept
    # A store without missions: no partner passes (nothing is inferred).
    bare = PartnerIndex(CATALOGUE.partners, CATALOGUE.chronological)
    assert bare.rows(filters=frozenset({key})) == []


def test_the_search_finds_a_city_only_with_missions(missions):
    from mongolia_tui.views import PartnerIndex

    index = PartnerIndex(CATALOGUE.partners, CATALOGUE.chronological, missions)
    found = {CATALOGUE.partners[i].iso3 for i in index.rows(query="vienna")}
    assert {"AUT", "SVN", "HRV", "BIH", "MNE"} <= found
    bare = PartnerIndex(CATALOGUE.partners, CATALOGUE.chronological)
    assert "SVN" not in {CATALOGUE.partners[i].iso3 for i in bare.rows(query="vienna")}
