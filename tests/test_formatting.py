import datetime as dt

import pytest

from exceed_analysis.reports.formatting import DASH, fmt_count, fmt_date, fmt_decimal, fmt_percent


@pytest.mark.parametrize("part,whole,text", [
    (2, 82, "2,44 %"),      # the seed printed 2,43 (a rounding slip)
    (15, 82, "18,29 %"),    # the seed printed 18,30
    (16, 82, "19,51 %"),
    (49, 82, "59,76 %"),
    (58, 82, "70,73 %"),    # the seed printed 70,74
    (24, 82, "29,27 %"),    # the seed printed 29,26
    (40, 82, "48,78 %"),
    (66, 82, "80,49 %"),
    (82, 82, "100,00 %"),
    (0, 82, DASH),
    (1, 3, "33,33 %"),
])
def test_percent_indonesian(part, whole, text):
    assert fmt_percent(part, whole) == text


def test_half_up_rounding():
    assert fmt_decimal(0.125, 2) == "0,13"
    assert fmt_decimal(2.5, 0) == "3"


def test_counts_and_dates():
    assert fmt_count(1234567) == "1.234.567"
    assert fmt_count(0, dash_for_zero=True) == DASH
    assert fmt_date(dt.date(2010, 5, 1)) == "1 Mei 2010"


def test_percent_of_empty_whole_is_dash():
    assert fmt_percent(0, 0) == DASH
