import datetime as dt

import pytest

from exceed_analysis.periods import PeriodError, latest_complete_quarter, parse_period

D = dt.date


@pytest.mark.parametrize("name,start,end", [
    ("2010", D(2010, 1, 1), D(2010, 12, 31)),
    ("2010H1", D(2010, 1, 1), D(2010, 6, 30)),
    ("2010H2", D(2010, 7, 1), D(2010, 12, 31)),
    ("2012Q1", D(2012, 1, 1), D(2012, 3, 31)),
    ("2010Q3", D(2010, 7, 1), D(2010, 9, 30)),
    ("2010-05-01..2010-12-31", D(2010, 5, 1), D(2010, 12, 31)),
])
def test_parse(name, start, end):
    p = parse_period(name)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("bad", ["10", "2010Q5", "2010H3", "2010-13-01..2010-12-31",
                                 "2010-12-31..2010-01-01", "../../etc", ""])
def test_malformed_names_the_forms(bad):
    with pytest.raises(PeriodError) as exc:
        parse_period(bad)
    assert "malformed period" in str(exc.value)


def test_clip_to_programme_start_gives_the_seed_title():
    p = parse_period("2010").clip_start(D(2010, 5, 1))
    assert p.start == D(2010, 5, 1)
    assert p.months_label() == "Mei - Desember 2010"


def test_period_before_programme_start_is_an_error():
    with pytest.raises(PeriodError, match="before the programme started"):
        parse_period("2009Q4").clip_start(D(2010, 5, 1))


def test_labels():
    assert parse_period("2010Q3").months_label() == "Juli - September 2010"
    assert parse_period("2010-11-01..2011-02-28").months_label() == "November 2010 - Februari 2011"
    assert parse_period("2011-02-01..2011-02-28").months_label() == "Februari 2011"


@pytest.mark.parametrize("name,previous", [
    ("2011Q1", "2010Q4"), ("2011Q3", "2011Q2"), ("2011H1", "2010H2"), ("2011H2", "2011H1"),
    ("2011", "2010"), ("2010-05-11..2010-05-20", "2010-05-01..2010-05-10"),
])
def test_previous(name, previous):
    assert parse_period(name).previous().name == previous


def test_previous_of_clipped_period_is_whole():
    assert parse_period("2010Q2").clip_start(D(2010, 5, 1)).previous().name == "2010Q1"


def test_latest_complete_quarter():
    assert latest_complete_quarter(D(2012, 12, 31)).name == "2012Q4"
    assert latest_complete_quarter(D(2012, 11, 30)).name == "2012Q3"
