"""The anniversary day is computed directly; it must be the day dateutil's relativedelta gives."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from mongolia_tui.anniversaries import anniversary_date


@given(st.dates(max_value=date(9000, 12, 31)), st.integers(min_value=0, max_value=999))
def test_the_anniversary_is_the_day_relativedelta_gives(start: date, years: int) -> None:
    assert anniversary_date(start, years) == start + relativedelta(years=years)


def test_29_february_falls_on_28_february_in_common_years() -> None:
    assert anniversary_date(date(1972, 2, 29), 1) == date(1973, 2, 28)
    assert anniversary_date(date(1972, 2, 29), 4) == date(1976, 2, 29)
