from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mongolia_tui.dates import (
    PartialDate,
    Precision,
    age_in_years,
    format_age,
    format_date,
    parse_partial_date,
    relation_age,
)

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "precision", "words"),
    [
        ("1973-11-30", Precision.DAY, "30 November 1973"),
        ("1955-12", Precision.MONTH, "December 1955"),
        ("1964", Precision.YEAR, "1964"),
        ("2024-02-29", Precision.DAY, "29 February 2024"),
    ],
)
def test_parse_keeps_precision_and_formats(text, precision, words):
    value = parse_partial_date(text)
    assert value.precision is precision
    assert value.iso() == text
    assert format_date(value) == words


@pytest.mark.parametrize(
    "text", ["1972-02-30", "1973-13-01", "1973-00", "73-11-30", "1973/11/30", "", "0000",
             "1973-11-30T00:00", " 1973", "1973-1-5"],
)  # fmt: skip
def test_impossible_or_malformed_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_non_string_is_rejected():
    with pytest.raises(ValueError):
        parse_partial_date(1973)  # type: ignore[arg-type]


def test_unknown_and_none_in_words():
    assert format_date(None) == "unknown"
    assert format_date(None, status="none") == "none"


def test_year_sorts_before_any_day_of_a_later_year_and_first_in_its_year():
    year = parse_partial_date("1964")
    assert year.sort_key < parse_partial_date("1965-01-01").sort_key
    assert year.sort_key < parse_partial_date("1964-01-01").sort_key
    assert parse_partial_date("1963-12-31").sort_key < year.sort_key


def test_age_to_the_day():
    assert format_age(parse_partial_date("1973-12-29"), TODAY) == "52 years, 11 months"
    assert format_age(parse_partial_date("1973-12-30"), TODAY) == "52 years, 10 months"
    assert format_age(parse_partial_date("2025-11-29"), TODAY) == "1 year"
    assert format_age(parse_partial_date("2026-11-20"), TODAY) == "9 days"


def test_age_of_partial_dates_is_honest():
    assert format_age(parse_partial_date("1964"), TODAY) == "61–62 years"
    assert format_age(parse_partial_date("1955-12"), TODAY) == "about 70 years, 11 months"
    assert format_age(None, TODAY) == "unknown"
    assert format_age(parse_partial_date("2030-01-01"), TODAY) == "in the future"


def test_age_in_years_cell():
    assert age_in_years(parse_partial_date("1973-11-30"), TODAY) == "52"
    assert age_in_years(parse_partial_date("1964"), TODAY) == "61–62"
    assert age_in_years(None, TODAY) == ""


dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(dates, st.sampled_from(list(Precision)))
def test_round_trip_any_date_at_any_precision(day, precision):
    parts = [f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"][: int(precision)]
    text = "-".join(parts)
    value = parse_partial_date(text)
    assert value.iso() == text
    assert value.precision is precision
    assert value.earliest <= day


@given(dates, dates)
def test_order_of_full_dates_follows_the_calendar(a, b):
    pa, pb = PartialDate(a.year, a.month, a.day), PartialDate(b.year, b.month, b.day)
    assert (pa.sort_key < pb.sort_key) == (a < b)


@given(dates, dates)
def test_a_year_sorts_before_every_day_of_later_years(a, b):
    year = PartialDate(a.year)
    day = PartialDate(b.year, b.month, b.day)
    if a.year < b.year:
        assert year.sort_key < day.sort_key


@given(dates.filter(lambda d: d <= TODAY), st.sampled_from([Precision.DAY, Precision.MONTH]))
def test_age_never_negative_and_matches_relativedelta_years(day, precision):
    value = PartialDate(day.year, day.month, day.day if precision is Precision.DAY else None)
    assert "-" not in format_age(value, TODAY)
    assert int(age_in_years(value, TODAY)) == relation_age(value, TODAY).years
