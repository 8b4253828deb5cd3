"""Invariants of the shipped store: complete, sourced, consistent with the seed article."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
import pytest
from support import ROOT

from mongolia_tui.model import REGIONS
from mongolia_tui.store import check_store, default_store_path, load_store

SEED = ROOT / "data" / "seed" / "foreign-relations-of-mongolia.txt"
NOT_UN = {"Holy See", "Palestine", "European Union"}
NO_RELATIONS = {"Taiwan", "Kosovo", "Sovereign Military Order of Malta"}


@pytest.fixture(scope="module")
def catalogue():
    return load_store(default_store_path())


def seed_regional_rows() -> list[tuple[str, str | None, str]]:
    """(region, date or None for 'none', note) for every row of the seed's regional tables."""
    rows = []
    region = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"==(.+)==", line)
        if heading:
            region = heading[1] if heading[1] in REGIONS else None
            continue
        if region and line.startswith("| |"):
            _, _, when, note, _ = (cell.strip() for cell in line.split("|"))
            rows.append((region, None if when == "none" else when, note))
    return rows


def test_every_un_member_and_the_other_partners_are_there(catalogue):
    relations = catalogue.relations
    assert sum(r.un_member for r in relations) == 192
    names = {r.name for r in relations}
    assert NOT_UN <= names and NO_RELATIONS <= names
    assert {r.name for r in relations if r.status == "none"} == NO_RELATIONS
    assert {r.name for r in relations if not r.un_member} == NOT_UN | NO_RELATIONS
    assert len(relations) == 192 + len(NOT_UN) + len(NO_RELATIONS)


def test_every_seed_regional_row_maps_to_exactly_one_record(catalogue):
    rows = seed_regional_rows()
    assert len(rows) == 45  # 5 + 5 + 5 + 2 + 9 + 18 + 1 (the Africa table is empty)
    unclaimed = list(catalogue.relations)
    for region, when, note in rows:
        found = [
            r
            for r in unclaimed
            if r.region == region
            and (r.established.iso() if r.established else None) == when
            and (r.status == "none") == (when is None)
            and r.notes == note
        ]
        assert len(found) >= 1, (region, when, note)
        unclaimed.remove(found[0])


def test_derived_order_is_unique_and_dense(catalogue):
    ranks = sorted(r.order for r in catalogue.relations if r.order is not None)
    assert ranks == list(range(1, len(ranks) + 1))
    dated_un = [r for r in catalogue.relations if r.un_member and r.established is not None]
    assert len(ranks) == len(dated_un) >= 191
    first = min(catalogue.relations, key=lambda r: r.order or 10_000)
    assert first.name == "Russia"


def test_every_record_is_sourced_with_a_url(catalogue):
    for relation in catalogue.relations:
        assert any(s.startswith(("http://", "https://")) for s in relation.sources), relation.name


def test_unknown_dates_say_what_was_searched(catalogue):
    for relation in catalogue.relations:
        if relation.established is None and relation.status == "established":
            assert len(relation.date_note) > 40, relation.name


def test_names_and_iso_codes_are_unique_and_valid(catalogue):
    names = Counter(r.name.casefold() for r in catalogue.relations)
    assert max(names.values()) == 1
    codes = [r.iso3 for r in catalogue.relations if r.iso3]
    assert len(codes) == len(set(codes))
    for relation in catalogue.relations:
        if relation.iso3 is None:
            assert relation.name in {
                "European Union",
                "Kosovo",
                "Sovereign Military Order of Malta",
            }
        else:
            assert pycountry.countries.get(alpha_3=relation.iso3) is not None, relation.name
    for relation in catalogue.relations:
        if relation.un_member:
            assert relation.iso3 is not None, relation.name


def test_aliases_the_users_search_for(catalogue):
    aliases = {a for r in catalogue.relations for a in (r.name, *r.aliases)}
    for alias in ("DPRK", "Burma", "Czechia", "Ivory Coast", "Swaziland", "Republic of China"):
        assert alias in aliases


def test_organisations_expand_every_abbreviation_in_the_seed(catalogue):
    text = SEED.read_text(encoding="utf-8")
    listed = text.split("==International organisation participation==\n")[1].splitlines()[0]
    seed = [re.sub(r" \(observer\)", "", item.strip()) for item in listed.split(",")]
    organisations = {o.abbreviation: o for o in catalogue.organisations}
    assert set(seed) <= set(organisations)
    assert {a for a, o in organisations.items() if o.status == "observer"} == {"ASEAN", "SCO"}
    assert "1961" in organisations["UN"].notes
    assert "1992" in organisations["FOSS"].notes
    for organisation in catalogue.organisations:
        assert organisation.name and organisation.name != organisation.abbreviation
        assert organisation.sources


def test_the_article_lead_is_the_seeds(catalogue):
    text = SEED.read_text(encoding="utf-8")
    for paragraph in catalogue.article.lead:
        assert paragraph in text


def test_check_data_passes_on_the_shipped_store():
    catalogue, problems = check_store(default_store_path())
    assert problems == [] and catalogue is not None


def test_the_store_file_is_stable_pretty_json():
    text = default_store_path().read_text(encoding="utf-8")
    assert text.startswith('{\n  "article"')
    assert "\\u" not in text  # UTF-8, not ASCII escapes
