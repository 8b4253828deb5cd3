import pytest

from mongolia_tui.dates import parse_partial_date
from mongolia_tui.model import Partner
from mongolia_tui.search import best_match, match_spans, matches, normalise, search_key


def make(name, aliases=(), iso3=None, established=None, notes=""):
    return Partner(
        name=name, aliases=tuple(aliases), iso3=iso3, region="Africa",
        established=parse_partial_date(established) if established else None,
        status="established", un_member=True, notes=notes, see_also=(), sources=("x",),
    )  # fmt: skip


CIV = make("Côte d'Ivoire", ["Ivory Coast"], "CIV", "1964")
PRK = make("North Korea", ["DPRK"], "PRK", "1948-10-15")
KAZ = make("Kazakhstan", [], "KAZ", "1992-01-22", notes="Ties since 1992.")
SAO = make("São Tomé and Príncipe", [], "STP", "1975-10-22")


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Côte d’Ivoire", "cote d'ivoire"), ("SÃO TOMÉ", "sao tome"), ("Øresund", "oresund"),
     ("Łódź", "lodz"), ("Straße", "strasse"), ("Монгол", "монгол")],
)  # fmt: skip
def test_normalise_folds_case_accents_and_quotes(text, folded):
    assert normalise(text) == folded


@pytest.mark.parametrize(
    ("query", "partner"),
    [("cote", CIV), ("COTE D'IVOIRE", CIV), ("ivory", CIV), ("civ", CIV), ("dprk", PRK),
     ("north kor", PRK), ("1992", KAZ), ("1992-01", KAZ), ("ties", KAZ), ("sao tome", SAO),
     ("príncipe", SAO), ("korea north", PRK)],
)  # fmt: skip
def test_search_finds_by_every_field(query, partner):
    terms = normalise(query).split()
    assert matches(search_key(partner), terms)


def test_search_does_not_find_other_partners():
    assert not matches(search_key(PRK), ["cote"])
    assert not matches(search_key(CIV), ["1992"])


def test_terms_do_not_match_across_fields():
    # "coast civ" must not match "Ivory Coast" + "CIV" as one string.
    assert not matches(search_key(CIV), ["coastciv"])


def test_match_spans_map_back_to_the_original_text():
    assert match_spans("Côte d'Ivoire", ["cote"]) == [(0, 4)]
    assert match_spans("São Tomé", ["tome"]) == [(4, 8)]
    assert match_spans("Kazakhstan", ["a"]) == [(1, 2), (3, 4), (8, 9)]
    assert match_spans("North Korea", ["or", "nor"]) == [(0, 3), (7, 9)]
    assert match_spans("anything", []) == []


def test_best_match_prefers_exact_names_aliases_and_codes():
    everyone = [CIV, PRK, KAZ, SAO, make("South Korea", ["ROK"], "KOR")]
    assert best_match(everyone, "dprk") == [PRK]
    assert best_match(everyone, "kaz") == [KAZ]
    assert best_match(everyone, "Cote d'Ivoire") == [CIV]
    assert {r.name for r in best_match(everyone, "korea")} == {"North Korea", "South Korea"}
    assert best_match(everyone, "atlantis") == []
    assert best_match(everyone, "  ") == []


def test_close_names_and_phrases():
    from mongolia_tui.search import CLOSE, close_names, phrase

    names = ["Russia", "Belarus", "Côte d'Ivoire", "Czechia"]
    assert close_names("rusia", names, cutoff=CLOSE) == ["Russia"]
    assert close_names("cote divoir", names, n=1) == ["Côte d'Ivoire"]
    assert close_names("zzzz", names) == []
    assert phrase("Czech  Republic") == "czech republic"
    assert phrase("czech") is None


def test_search_folds_cyrillic_case_and_finds_the_mongolian_name():
    from mongolia_tui.search import query_terms
    from mongolia_tui.views import PartnerIndex

    germany = make("Germany", [], "DEU", "1974-01-31")
    germany = germany._replace(name_mn="Холбооны Бүгд Найрамдах Герман Улс")
    index = PartnerIndex([CIV, germany, KAZ])
    for query in ("Герман", "ГЕРМАН", "герман", "бүгд", "БҮГД найрамдах"):
        assert [index.partners[i].name for i in index.rows("All", query)] == ["Germany"], query
    assert query_terms("ГЕРМАН Улс") == ("герман", "улс")


def test_keys_built_in_one_pass_equal_keys_built_one_by_one():
    from mongolia_tui.search import search_keys
    from mongolia_tui.store import load_store

    partners = load_store().partners
    assert search_keys(partners) == [search_key(r) for r in partners]
    # A separator inside a partner's own text cannot shift the keys of the others.
    odd = make("Odd\x1eName", notes="a\x1fb")
    keys = search_keys([CIV, odd, KAZ])
    assert keys == [search_key(CIV), search_key(odd), search_key(KAZ)]
    assert matches(keys[2], ["kazakhstan"]) and not matches(keys[0], ["kazakhstan"])
