"""Snapshots of the main views at 80x24 and 120x40 (pytest-textual-snapshot).

Update after an intended UI change with: pytest tests/functional/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from support import TODAY

from mongolia_tui.app import make_app
from mongolia_tui.store import load_store

SIZES = [(80, 24), (120, 40)]


async def settle(pilot) -> None:
    await pilot.pause()


@pytest.fixture
def app_for(sample_store):
    def build(**options):
        return make_app(load_store(sample_store), today=TODAY, **options)

    return build


class TestMainView:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_chronological_list(self, snap_compare, app_for, size):
        assert snap_compare(app_for(), terminal_size=size, run_before=settle)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_notes_for_a_partner(self, snap_compare, app_for, size):
        assert snap_compare(app_for(country="Malaysia"), terminal_size=size, run_before=settle)


class TestSearch:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_search_1992(self, snap_compare, app_for, size):
        assert snap_compare(
            app_for(), terminal_size=size, press=["slash", *"1992"], run_before=settle
        )

    def test_nothing_matches(self, snap_compare, app_for):
        assert snap_compare(
            app_for(), terminal_size=(80, 24), press=["slash", *"zzz"], run_before=settle
        )

    def test_no_match_here_says_where(self, snap_compare, app_for):
        assert snap_compare(
            app_for(), terminal_size=(80, 24), press=["8", "slash", *"dprk"], run_before=settle
        )

    def test_a_filter_with_search(self, snap_compare, app_for):
        assert snap_compare(
            app_for(), terminal_size=(80, 24), press=["f", "3", "slash", "e"], run_before=settle
        )


class TestOtherViews:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_organisations(self, snap_compare, app_for, size):
        assert snap_compare(app_for(), terminal_size=size, press=["0"], run_before=settle)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_help(self, snap_compare, app_for, size):
        assert snap_compare(app_for(), terminal_size=size, press=["?"], run_before=settle)

    def test_details(self, snap_compare, app_for):
        assert snap_compare(
            app_for(country="Malaysia"), terminal_size=(80, 24), press=["enter"],
            run_before=settle,
        )  # fmt: skip

    def test_sort_menu(self, snap_compare, app_for):
        assert snap_compare(app_for(), terminal_size=(80, 24), press=["s"], run_before=settle)


def _mission(sender, host, city, kind="embassy", covers=(), opened=None, closed=None):
    return {"sender": sender, "host": host, "city": city, "kind": kind, "covers": list(covers),
            "opened": opened, "closed": closed, "note": "",
            "sources": ["https://example.org/missions"]}  # fmt: skip


#: Missions for the sample partners (test data, not facts).
MISSIONS = [
    _mission("MNG", "RUS", "Moscow", opened="1922"),
    _mission("MNG", "RUS", "Irkutsk", "consulate-general", opened="1971"),
    _mission("MNG", "KAZ", "Astana", covers=["UZB"], opened="1993"),
    _mission("MNG", "GBR", "London", covers=["CZE"], opened="1970-06"),
    _mission("MNG", "EGY", "Cairo", covers=["MWI", "CIV"]),
    _mission("MNG", "MYS", "Kuala Lumpur", "honorary-consulate", opened="2005", closed="2012"),
    _mission("RUS", "MNG", "Ulaanbaatar", opened="1921-11-05"),
    _mission("MYS", "RUS", "Moscow", covers=["MNG"]),
]


@pytest.fixture
def missions_app(write_store):
    from support import ARTICLE, ORGANISATIONS, SAMPLE

    path = write_store(SAMPLE, organisations=ORGANISATIONS, article=ARTICLE,
                       missions={str(i): m for i, m in enumerate(MISSIONS, 1)})  # fmt: skip

    def build(**options):
        return make_app(load_store(path), today=TODAY, **options)

    return build


class TestMissions:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_missions_view(self, snap_compare, missions_app, size):
        assert snap_compare(missions_app(country="Uzbekistan"), terminal_size=size, press=["M"],
                            run_before=settle)  # fmt: skip

    def test_notes_say_the_missions(self, snap_compare, missions_app):
        assert snap_compare(missions_app(country="Malaysia"), terminal_size=(80, 24),
                            run_before=settle)  # fmt: skip
