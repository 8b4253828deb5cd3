"""Citations on the command line and in the shipped store: names in Mongolian, the
uncertain-date mark, check-data's warnings on mirrors and proxies, canonical sources first,
the one-source mark, a successor state's two anniversaries, and the done-when checks."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from support import SHIPPED, TODAY, partner_record, run_cli

from mongolia_tui.anniversaries import upcoming
from mongolia_tui.citations import catalogue_warnings, is_mirror, is_proxy, source_problems
from mongolia_tui.details import details_text
from mongolia_tui.filters import FILTERS
from mongolia_tui.search import normalise

# As when piped: no $COLUMNS (pytest-xdist's workers set one, so may a shell).
pytestmark = pytest.mark.usefixtures("piped")

ISO_CODES = "https://salsa.debian.org/iso-codes-team/iso-codes/-/blob/main/iso_3166-1/mn.po"


def run(capsys, *argv):
    """The CLI on the shipped store unless ``--data`` names another."""
    return run_cli(capsys, *(argv if "--data" in argv else ("--data", str(SHIPPED), *argv)))


def table_rows(out: str) -> list[str]:
    """The partner lines of ``list``'s table (no header, no legend)."""
    return [line for line in out.splitlines()[1:] if re.match(r"\s*(\d+|—)\s", line)]


# -- names in Mongolian ---------------------------------------------------------------------------


def test_list_names_mn_shows_and_sorts_the_mongolian_names(capsys, shipped):
    code, out, err = run(capsys, "list", "--names", "mn", "--sort", "name")
    assert (code, err) == (0, "")
    rows = table_rows(out)
    assert len(rows) == 198
    names = [re.split(r"\s{2,}", row.strip())[1] for row in rows]
    assert "Герман" in names and "Germany" not in names
    assert names == sorted(names, key=normalise)
    code, out, _ = run(capsys, "list", "--search", "germany")
    assert "Germany" in out and "Герман" not in out  # English stays the default


def test_json_and_show_give_the_mongolian_name_and_its_source(capsys):
    _, out, _ = run(capsys, "list", "--format", "json")
    germany = next(r for r in json.loads(out) if r["name"] == "Germany")
    assert (germany["name_mn"], germany["name_mn_source"]) == ("Герман", ISO_CODES)
    _, out, _ = run(capsys, "show", "germany", "--format", "json")
    assert json.loads(out) == germany
    _, out, _ = run(capsys, "show", "germany")
    # After the aliases (which wrap: DDR's German name is one of them).
    assert any(line.startswith("Mongolian:   Герман (source:") for line in out.splitlines())


def test_at_least_185_partners_have_a_mongolian_name(shipped):
    named = [r for r in shipped.partners if r.name_mn and r.name_mn_source]
    assert len(named) >= 185


# -- the uncertain-date mark ----------------------------------------------------------------------


def test_list_marks_the_22_uncertain_or_disputed_dates_and_explains_the_mark(capsys, shipped):
    uncertain = next(f for f in FILTERS if f.key == "uncertain")
    expected = sorted(r.name for r in shipped.partners if uncertain.test(r))
    assert len(expected) == 22
    _, out, _ = run(capsys, "list")
    marked = sorted(re.split(r"\s{2,}", row.strip())[1] for row in table_rows(out)
                    if re.search(r"(\d{4}(-\d\d){0,2}|unknown)\*", row))  # fmt: skip
    assert marked == expected
    assert out.endswith("\n* date uncertain or disputed\n")
    _, out, _ = run(capsys, "list", "--disputed")
    assert all("*" in row for row in table_rows(out)) and len(table_rows(out)) == 22


def test_csv_and_json_carry_no_mark_but_date_disputed(capsys):
    _, out, _ = run(capsys, "list", "--format", "csv")
    assert "*" not in out and "date_disputed" in out.splitlines()[0]


# -- check-data: mirrors and proxies -------------------------------------------------------------


def test_check_data_warns_on_a_mirror_or_proxy_and_keeps_its_exit_status(capsys, write_store):
    mirror = "https://wiki.niidae.com/wiki/Chad"
    proxy = "https://onehourindexing01.prideseotools.com/?q=https://ru.wikipedia.org/wiki/X"
    read_via_proxy = {
        "url": "https://en.wikipedia.org/wiki/Chad",
        "read_via": "https://p.rst.im/q/x",
    }
    path = write_store([
        partner_record("Chad", sources=[mirror, {"url": "https://en.wikipedia.org/wiki/Chad",
                                           "read_via": mirror}]),
        partner_record("Fiji", history=[{"kind": "broken", "date": "1980-01-01", "note": "Broken.",
                                   "sources": [proxy]}]),
        partner_record("Mali", sources=[read_via_proxy]),
    ])  # fmt: skip
    code, out, err = run(capsys, "--data", str(path), "check-data")
    assert code == 0 and out.startswith(f"{path}: OK\n")
    lines = err.splitlines()
    assert lines == [
        f"{path}: warning: relations record 'Chad': source '{mirror}' is a mirror: cite the "
        "original page and give the mirror as read_via",
        f"{path}: warning: relations record 'Fiji': source '{proxy}' is a proxy: cite the page "
        "it fetches",
        f"{path}: warning: relations record 'Mali': read_via 'https://p.rst.im/q/x' is a proxy: "
        "name the page it fetched",
    ]


def test_check_data_passes_on_the_shipped_store_without_a_warning(capsys):
    code, out, err = run(capsys, "check-data", str(SHIPPED))
    assert (code, err) == (0, "") and out.startswith(f"{SHIPPED}: OK\n")


# -- canonical sources first, the one-source mark ------------------------------------------------


def test_show_gives_the_canonical_page_first_then_the_copy_read(capsys):
    _, out, _ = run(capsys, "show", "chile")
    text = " ".join(out.split())
    assert ("https://en.wikipedia.org/wiki/Foreign_relations_of_Mongolia (Foreign relations of "
            "Mongolia, en) · read via http://www.liquisearch.com/foreign_relations_of_mongolia/"
            "americas") in text  # fmt: skip


@pytest.mark.parametrize(("partner", "marked", "unmarked"), [
    ("iraq", ["3 July 1963 · broken off", "24 July 1968 · restored"], []),
    ("pakistan", ["22 August 1975 · restored"], ["13 January 1972 · broken off"]),
    ("chile", ["13 September 1973 · broken off", "26 May 1991 · restored"], []),
])  # fmt: skip
def test_show_marks_breaks_and_restorations_resting_on_one_source(capsys, partner, marked,
                                                                   unmarked):  # fmt: skip
    _, out, _ = run(capsys, "show", partner)
    text = " ".join(out.split())
    for event in marked:
        assert f"{event} (one source: zh.wikipedia.org):" in text
    for event in unmarked:
        assert f"{event}:" in text


def test_exactly_the_five_single_source_breaks_and_restorations_are_marked(shipped):
    from mongolia_tui.details import one_source_mark

    marked = sorted((r.name, e.kind, e.date_text) for r in shipped.partners
                    for e in r.history if one_source_mark(e))  # fmt: skip
    assert marked == [
        ("Chile", "broken", "13 September 1973"), ("Chile", "restored", "26 May 1991"),
        ("Iraq", "broken", "3 July 1963"), ("Iraq", "restored", "24 July 1968"),
        ("Pakistan", "restored", "22 August 1975"),
    ]  # fmt: skip


# -- a successor state's two anniversaries -------------------------------------------------------


def test_the_czech_republic_has_both_anniversaries_and_each_says_which(shipped):
    found = upcoming(shipped.partners, date(2020, 4, 20), 10)
    czech = [a for a in found if a.partner == "Czech Republic"]
    assert [(a.date, a.years, a.is_round, a.which) for a in czech] == [
        (date(2020, 4, 25), 70, True, "Czechoslovakia's date")  # the embassy's 70th
    ]
    found = upcoming(shipped.partners, date(2026, 12, 25), 10)
    czech = [a for a in found if a.partner == "Czech Republic"]
    assert [(a.date, a.years, a.which) for a in czech] == [(date(2027, 1, 1), 34, "own date")]
    slovakia = next(a for a in found if a.partner == "Slovakia")
    assert slovakia.which == ""  # ranked at its own date: one anniversary


def test_anniversaries_cli_and_ics_give_both_czech_dates(capsys):
    _, out, _ = run(capsys, "anniversaries", "--today", "2020-04-20", "--within", "10")
    assert re.search(r"2020-04-25 .* Czech Republic \(Czechoslovakia's date\)\s+70\s+★", out)
    _, out, _ = run(capsys, "anniversaries", "--today", "2020-04-20", "--within", "10",
                    "--format", "json")  # fmt: skip
    czech = next(a for a in json.loads(out) if a["partner"] == "Czech Republic")
    assert (czech["established"], czech["counted_from"]) == ("1950-04-25", "Czechoslovakia's date")
    _, ics, _ = run(capsys, "anniversaries", "--format", "ics", "--today", "2026-11-29")
    events = [e for e in ics.replace("\r\n ", "").split("BEGIN:VEVENT") if "Czech Republic" in e]
    starts = sorted(re.search(r"DTSTART;VALUE=DATE:(\d+)", e)[1] for e in events)
    assert starts == ["19500425", "19930101"]
    assert len({re.search(r"UID:(\S+)", e)[1] for e in events}) == 2
    assert any("as Czechoslovakia" in e for e in events)


# -- done when: the shipped store ---------------------------------------------------------------


def test_no_source_is_a_proxy_or_a_mirror_cited_as_the_page(shipped):
    assert catalogue_warnings(shipped) == []
    sources = [s for r in shipped.partners for s in (*r.sources,
               *(x for e in r.history for x in e.sources))]  # fmt: skip
    assert len(sources) > 600
    for source in sources:
        if str(source).startswith("http"):
            assert source_problems(str(source), getattr(source, "read_via", "") or None) == []


def test_at_least_95_percent_of_partners_cite_a_canonical_page(shipped):
    def canonical(url: str) -> bool:
        return url.startswith(("http://", "https://")) and not is_mirror(url) and not is_proxy(url)

    citing = [r for r in shipped.partners if any(canonical(str(s)) for s in r.sources)]
    assert len(citing) >= 0.95 * len(shipped.partners)


def test_show_for_every_partner_speaks_plainly(shipped):
    for partner in shipped.partners:
        text = details_text(partner, shipped.ranked_count, TODAY, width=80)
        assert not re.search(r"seed|\brow \d+", text, re.IGNORECASE), partner.name
