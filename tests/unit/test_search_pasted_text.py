"""A pasted page in the search box: each word searched once, and as fast as a short query."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT, SAMPLE, partner_record

from mongolia_tui.dates import parse_partial_date
from mongolia_tui.model import Partner
from mongolia_tui.search import MAX_QUERY_LENGTH, matches, normalise, query_terms, search_key
from mongolia_tui.store import load_store
from mongolia_tui.views import PartnerIndex

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_store import synthetic_partners


def test_repeated_words_are_searched_once():
    assert query_terms("ma ma MA Ma ma") == ("ma",)
    page = "Mongolia has relations with the European Union. " * 100
    assert query_terms(page) == ("mongolia", "has", "relations", "with", "the", "european",
                                 "union.")  # fmt: skip


def test_words_inside_other_words_are_dropped():
    assert query_terms("mon mongolia") == ("mongolia",)
    assert query_terms("mongolia mon golia x") == ("mongolia", "x")
    assert query_terms("ab ba") == ("ab", "ba")  # neither contains the other
    assert query_terms("") == () and query_terms("   ") == ()


def test_the_cap_is_a_search_box_length():
    assert 100 <= MAX_QUERY_LENGTH <= 1_000


def test_a_page_of_words_matches_what_its_words_match(write_store):
    catalogue = load_store(write_store(synthetic_partners(500)))
    index = PartnerIndex(catalogue.partners)
    page = " ".join(["ma", "la", "mon"] * 500)
    assert len(query_terms(page)) == 3
    expected = [i for i, r in enumerate(catalogue.partners)
                if all(t in search_key(r) for t in ("ma", "la", "mon"))]  # fmt: skip
    assert sorted(index.rows("All", page)) == expected


def as_partner(record: dict) -> Partner:
    when = record["established"]
    return Partner(record["name"], tuple(record["aliases"]), record["iso3"], record["region"],
                    parse_partial_date(when) if when else None, record["status"],
                    record["un_member"], record["notes"], (), ("s",))  # fmt: skip


RELATIONS = [
    as_partner(r)
    for r in (
        *SAMPLE,
        *(partner_record(f"{a}{b} {n}") for n, (a, b) in enumerate(zip("mlkta", "aoiue"))),
    )
]
WORDS = ["ma", "a", "mon", "1992", "ko", "la", "ru", "rus", "russia", "e", "x", "côte", "ivo"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=8))
def test_the_mask_of_several_words_is_every_word_in_the_key(words):
    index = PartnerIndex(RELATIONS, close=True)
    query = " ".join(words)
    mask = index.mask(query)
    terms = tuple(normalise(query).split())
    expected = None if not terms else bytearray(matches(k, terms) for k in index.keys)
    whole = " ".join(terms)
    if expected is not None and len(terms) > 1:
        # A phrase that occurs in some of the keys matched narrows to those.
        in_phrase = bytearray(bool(e) and whole in k for e, k in zip(expected, index.keys))
        expected = in_phrase if any(in_phrase) else expected
    if expected is not None and not any(expected):
        # Nothing matches: close names, if any, said to be approximate.
        assert index.approximate == any(mask)
        return
    assert mask == expected and not index.approximate
