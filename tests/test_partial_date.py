"""One partial date for publication dates, --since/--until and date: clauses."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.model import PartialDate
from dateline.records import published_range


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2004", "2004-01-01", "2004-12-31"),
        ("2004-02", "2004-02-01", "2004-02-29"),
        ("1900-02", "1900-02-01", "1900-02-28"),
        ("2004-2-9", "2004-02-09", "2004-02-09"),
    ],
)
def test_a_partial_date_covers_its_days(text, first, last):
    date = PartialDate.parse(text)
    assert (date.first(), date.last()) == (
        dt.date.fromisoformat(first),
        dt.date.fromisoformat(last),
    )


def test_a_partial_date_is_written_as_records_write_it():
    assert PartialDate.parse("2004-2-9").iso() == "2004-02-09"
    assert PartialDate.parse(" 2004-06 ").iso() == "2004-06"
    assert published_range("2002-12") == ("2002-12-01", "2002-12-31")


@pytest.mark.parametrize(
    ("text", "why"), [("June 2004", "form"), ("2005-02-30", "day"), ("2004-13", "day")]
)
def test_what_is_no_partial_date_says_why(text, why):
    with pytest.raises(ValueError, match=f"^{why}$"):
        PartialDate.parse(text)
