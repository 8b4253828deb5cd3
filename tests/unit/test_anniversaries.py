"""Anniversary arithmetic, the ``anniversaries`` command and its iCalendar output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, datetime

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from support import partner_record, run_cli

from mongolia_tui.anniversaries import (
    Anniversary,
    anniversary_date,
    coming_up,
    upcoming,
)
from mongolia_tui.output.anniversaries import event_uid
from mongolia_tui.store import load_store

PARTNERS = [
    partner_record("Aland", established="1971-01-31"),
    partner_record("Borduria", established="1976-02-29"),  # leap day; 50 years in 2026
    partner_record("Carpania", established="1990-04-30"),
    partner_record("Dunland", established="1993-01-01"),
    partner_record("Elbonia", established="1964"),  # year only: no day to celebrate
    partner_record("Freedonia", established="1955-12"),  # month only: neither
    partner_record("Genovia", established=None),  # date unknown
    partner_record("Hyrule", established=None, status="none", un_member=False),
    partner_record("Ishtar", established="1966-12-31"),  # 60 years on 31 December 2026
    partner_record("Jotunheim", established="2025-12-01"),  # first anniversary in 2026
    partner_record("Kalmia", established="2026-12-01"),  # established in the window: no 0th
    partner_record("Latveria", established="1956-12-31"),  # 70 years on 31 December 2026
]


@pytest.fixture
def partners(write_store):
    return load_store(write_store(PARTNERS)).partners


def names(found: list[Anniversary]) -> list[tuple[str, str, int, bool]]:
    return [(a.date.isoformat(), a.partner, a.years, a.is_round) for a in found]


def test_relativedelta_puts_29_february_on_28_february_in_common_years():
    assert anniversary_date(date(1976, 2, 29), 1) == date(1977, 2, 28)
    assert anniversary_date(date(1976, 2, 29), 4) == date(1980, 2, 29)
    assert anniversary_date(date(1976, 2, 29), 50) == date(2026, 2, 28)
    assert anniversary_date(date(1971, 1, 31), 55) == date(2026, 1, 31)


def test_month_ends_fall_on_their_own_day(partners):
    assert names(upcoming(partners, date(2026, 1, 30), within=1)) == [
        ("2026-01-31", "Aland", 55, False)
    ]
    assert names(upcoming(partners, date(2026, 4, 29), within=1)) == [
        ("2026-04-30", "Carpania", 36, False)
    ]


def test_29_february_falls_on_28_february_in_common_years_and_29_in_leap_years(partners):
    common = upcoming(partners, date(2026, 2, 27), within=2)
    assert names(common) == [("2026-02-28", "Borduria", 50, True)]
    assert common[0].leap_day
    assert names(upcoming(partners, date(2028, 2, 27), within=2)) == [
        ("2028-02-29", "Borduria", 52, False)
    ]
    # In a leap year 28 February is not the anniversary.
    assert upcoming(partners, date(2028, 2, 28), within=0) == []


def test_year_only_month_only_undated_and_none_have_no_anniversaries(partners):
    found = upcoming(partners, date(2026, 1, 1), within=365)
    names = {a.partner for a in found}
    assert names == {"Aland", "Borduria", "Carpania", "Dunland", "Ishtar", "Jotunheim",
                        "Latveria"}  # fmt: skip
    # Every anniversary of a whole year: one each (the window holds 366 days, 1 Jan to 1 Jan).
    assert sum(1 for a in found if a.partner == "Dunland") == 2


def test_a_window_across_the_year_end(partners):
    found = upcoming(partners, date(2026, 12, 31), within=5)
    assert names(found) == [
        ("2026-12-31", "Ishtar", 60, True),
        ("2026-12-31", "Latveria", 70, True),
        ("2027-01-01", "Dunland", 34, False),
    ]


def test_the_establishing_day_is_not_an_anniversary(partners):
    found = upcoming(partners, date(2026, 11, 29), within=5)
    assert names(found) == [("2026-12-01", "Jotunheim", 1, False)]


def test_today_counts_and_within_zero_is_today_only(partners):
    assert names(upcoming(partners, date(2026, 12, 31), within=0)) == [
        ("2026-12-31", "Ishtar", 60, True),
        ("2026-12-31", "Latveria", 70, True),
    ]


def test_round_only(partners):
    found = upcoming(partners, date(2026, 1, 1), within=364, round_only=True)
    assert names(found) == [
        ("2026-02-28", "Borduria", 50, True),
        ("2026-12-31", "Ishtar", 60, True),
        ("2026-12-31", "Latveria", 70, True),
    ]


@pytest.mark.parametrize("within", [-1, 3661])
def test_a_window_out_of_range_is_refused(partners, within):
    with pytest.raises(ValueError, match="--within"):
        upcoming(partners, date(2026, 1, 1), within=within)


def test_the_last_representable_day_does_not_overflow(partners):
    assert upcoming(partners, date(9999, 12, 30), within=3660)[-1].date == date(9999, 12, 31)


def test_coming_up_lists_round_ones_first_when_there_are_too_many(partners):
    lines = coming_up(partners, date(2026, 1, 1), within=365, limit=3)
    assert lines == [
        "in 58 days, 28 Feb: Borduria, 50th ★ (1976)",
        "in 364 days, 31 Dec: Ishtar, 60th ★ (1966)",
        "… and 6 more in the next 365 days",
    ]
    assert coming_up(partners, date(2026, 12, 1), within=0) == [
        "today, 1 Dec: Jotunheim, 1st (2025)"
    ]
    assert coming_up(partners, date(2026, 6, 1), within=10) == []


# -- the command ------------------------------------------------------------------------------


def test_anniversaries_table(capsys, write_store):
    path = str(write_store(PARTNERS))
    code, out, err = run_cli(capsys, "--data", path, "anniversaries", "--today", "2026-02-20")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "When", "Partner", "Years", "Round", "Established"]
    assert lines[1].split() == ["2026-02-28", "in", "8", "days", "Borduria", "50*", "★",
                                "1976-02-29"]  # fmt: skip
    assert lines[-1] == (
        "* established on 29 February: in common years the anniversary falls on 28 February."
    )
    code, out, _ = run_cli(capsys, "--data", path, "anniversaries", "--today", "2026-06-01")
    assert code == 0 and out == "No anniversaries from 1 June 2026 to 1 July 2026.\n"


def test_anniversaries_today_at_year_end_json(capsys, write_store):
    path = str(write_store(PARTNERS))
    _, out, _ = run_cli(capsys, "--data", path, "anniversaries", "--today", "2026-12-31",
                    "--within", "1", "--format", "json")  # fmt: skip
    rows = json.loads(out)
    assert [(r["date"], r["partner"], r["years"], r["round"], r["days"]) for r in rows] == [
        ("2026-12-31", "Ishtar", 60, True, 0),
        ("2026-12-31", "Latveria", 70, True, 0),
        ("2027-01-01", "Dunland", 34, False, 1),
    ]


def test_anniversaries_round_only_csv_and_markdown(capsys, write_store):
    path = str(write_store(PARTNERS))
    _, out, _ = run_cli(capsys, "--data", path, "anniversaries", "--today", "2026-01-01",
                    "--within", "365", "--round-only", "--format", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["partner"], r["years"], r["round"]) for r in rows] == [
        ("Borduria", "50", "yes"), ("Ishtar", "60", "yes"), ("Latveria", "70", "yes")]  # fmt: skip
    assert rows[0]["note"].startswith("established on 29 February")
    _, out, _ = run_cli(capsys, "--data", path, "anniversaries", "--today", "2026-12-31",
                    "--within", "0", "--format", "markdown")  # fmt: skip
    assert out.splitlines()[0] == "| Date | When | Partner | Years | Round | Established |"
    assert "| 2026-12-31 | today | Ishtar | 60 | ★ | 1966-12-31 |" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--today", "2026-13-01"], "--today '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["--today", "2026-02-29"], "--today '2026-02-29' is not a date (YYYY-MM-DD)"),
        (["--today", "20261129"], "--today '20261129' is not a date (YYYY-MM-DD)"),
        (["--today", "\x1b[31m"], "--today '␛[31m' is not a date (YYYY-MM-DD)"),
        (["--within", "-1"], "--within must be 0 or more days, not -1"),
        (["--within", "ten"], "argument --within: invalid int value: 'ten'"),
        (["--format", "ics", "--round-only"], "--within and --round-only do not apply"),
    ],
)
def test_anniversaries_bad_arguments_are_one_line_errors(capsys, sample_store, argv, message):
    code, out, err = run_cli(capsys, "--data", str(sample_store), "anniversaries", *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"mongolia-tui: error: {message}")
    assert err.count("\n") == 1 and "Traceback" not in err


# -- iCalendar --------------------------------------------------------------------------------


def ics(path, *argv: str) -> bytes:
    """The bytes a real ``mongolia-tui anniversaries --format ics`` process writes."""
    done = subprocess.run(
        [sys.executable, "-m", "mongolia_tui", "--data", str(path), "anniversaries",
         "--format", "ics", *argv],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.stderr == b""
    return done.stdout


def test_ics_has_one_yearly_event_per_partner_with_a_day_precise_date(write_store):
    data = ics(write_store(PARTNERS), "--today", "2026-11-29")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == sorted(
        f"Mongolia–{name}: anniversary of diplomatic relations ({year})"
        for name, year in [("Aland", 1971), ("Borduria", 1976), ("Carpania", 1990),
                           ("Dunland", 1993), ("Ishtar", 1966), ("Jotunheim", 2025),
                           ("Kalmia", 2026), ("Latveria", 1956)]
    )  # fmt: skip
    aland = next(e for e in events if "Aland" in str(e["SUMMARY"]))
    assert aland.decoded("DTSTART") == date(1971, 1, 31)
    assert aland["DTSTART"].params.get("VALUE") == "DATE"
    assert aland["RRULE"]["FREQ"] == ["YEARLY"]
    assert "BYMONTHDAY" not in aland["RRULE"]
    assert "31 January 1971" in str(aland["DESCRIPTION"])
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert all(e.decoded("DTSTAMP") == datetime.fromisoformat("2026-11-29T00:00:00+00:00")
               for e in events)  # fmt: skip


def test_ics_leap_day_recurs_on_the_last_day_of_february(write_store):
    calendar = Calendar.from_ical(ics(write_store(PARTNERS), "--today", "2026-11-29"))
    borduria = next(e for e in calendar.walk("VEVENT") if "Borduria" in str(e["SUMMARY"]))
    rule = borduria["RRULE"]
    assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [2] and rule["BYMONTHDAY"] == [-1]
    assert "in common years the anniversary falls on 28 February" in str(borduria["DESCRIPTION"])
    # Expanded as a calendar app would (RFC 5545 rules, by dateutil): 28 February in common
    # years, 29 in leap years. A plain yearly rule would skip three years in four.
    start = datetime(1976, 2, 29)
    expanded = [d.date() for d in rrulestr(rule.to_ical().decode(), dtstart=start)[:6]]
    assert expanded == [date(1976, 2, 29), date(1977, 2, 28), date(1978, 2, 28),
                        date(1979, 2, 28), date(1980, 2, 29), date(1981, 2, 28)]  # fmt: skip
    plain = [d.date() for d in rrulestr("FREQ=YEARLY", dtstart=start)[:2]]
    assert plain == [date(1976, 2, 29), date(1980, 2, 29)]


def test_ics_uids_are_stable_from_one_export_to_the_next(write_store):
    path = write_store(PARTNERS)
    first = Calendar.from_ical(ics(path, "--today", "2026-11-29")).walk("VEVENT")
    again = Calendar.from_ical(ics(path, "--today", "2027-03-01")).walk("VEVENT")
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in again]
    catalogue = load_store(path)
    aland = next(r for r in catalogue.partners if r.name == "Aland")
    assert event_uid(aland) in {str(e["UID"]) for e in first}


def test_ics_text_is_terminal_safe_and_escaped(write_store):
    hostile = partner_record("Evil\x1b]0;pwned\x07, Land; Here", established="1980-05-05")
    data = ics(write_store([hostile]))
    assert b"\x1b" not in data and b"\x07" not in data
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith("Mongolia–Evil␛]0;pwned␇, Land; Here:")
