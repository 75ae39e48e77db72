"""Date annotator: each expression form, normalization against publication, value ranges."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.annotate.dates.mentions import find_dates, value_range
from dateline.annotate.text import sentences
from dateline.evaluate.timeml import evaluate_timeml, timeml_errors
from dateline.model import DateMention

PUBLISHED = "2002-06-12"  # a Wednesday
TIMEML = Path(__file__).parents[1].parent / "shared/corpora/timeml"


def dates(text: str, published: str | None = PUBLISHED) -> list[DateMention]:
    return find_dates(text, published, sentences(text))


def found(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str, str]]:
    return [(d.span.text, d.type, d.value) for d in dates(text, published)]


def only(text: str, published: str | None = PUBLISHED) -> DateMention:
    mentions = dates(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --- weekdays and relative days ------------------------------------------------------------


def test_weekday_in_past_tense_looks_back():
    assert found("The harbour master resigned on Thursday.") == [("Thursday", "DATE", "2002-06-06")]


def test_weekday_in_future_tense_looks_forward():
    assert found("The council will vote on the budget Thursday.") == [
        ("Thursday", "DATE", "2002-06-13")
    ]


def test_weekday_said_is_the_day_of_saying_even_before_future_words():
    assert only("The ministry said Monday that the road will reopen.").value == "2002-06-10"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ferry crew planned to sail for the islands on Friday.", "2002-06-14"),
        ("The rangers closed the trail on Monday and will reopen it in spring.", "2002-06-10"),
        ("The licence had been due to lapse on Monday.", "2002-06-10"),
        ("The council extended the consultation until Monday.", "2002-06-17"),
        ("Until Monday, the club had kept the signing quiet.", "2002-06-10"),
        ("Nine clubs had paid their fees by Monday.", "2002-06-10"),
        ("The new tariff on timber is effective Feb. 1.", "2003-02-01"),
    ],
)
def test_weekday_direction_follows_the_verb_before_it(text, value):
    assert only(text).value == value


def test_since_a_few_words_before_a_date_looks_back():
    # (published in June: a bare October is nearer ahead, but "since" looks back)
    text = "Divers have been combing the bay since shortly after the Oct. 4 sinking."
    assert only(text).value == "2001-10-04"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The union hopes to settle the dispute before September.", "2002-09"),
        ("Delegates said quotas before October are unlikely.", "2002-10"),
        ("The ministry had closed the mine before September.", "2001-09"),
    ],
)
def test_before_a_month_is_a_deadline_ahead_unless_the_past_perfect_looks_back(text, value):
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a present that schedules: ahead
        ("The two mayors meet separately Monday with the governor.", "2002-06-17"),
        ("The harbour talks resume on Thursday.", "2002-06-13"),
        ("The fair, which begins Saturday, has sold out.", "2002-06-15"),
        # a past verb, a noun or a past plan: back
        ("The two mayors met separately Monday.", "2002-06-10"),
        ("The lease had been due to expire Friday.", "2002-06-07"),
        ("Turnout at the vote Monday was low.", "2002-06-10"),
    ],
)
def test_a_present_verb_that_schedules_points_a_weekday_ahead(text, value):
    assert only(text).value == value


def test_a_possessive_weekday_after_ahead_of_is_still_to_come():
    assert only("Polls tighten ahead of Saturday's runoff.").value == "2002-06-15"
    assert only("The mayor had led in the polls heading into Saturday's runoff.").value == (
        "2002-06-08"
    )


def test_weekday_evening_keeps_its_part_of_day_but_night_and_morning_do_not():
    evening = only("The choir sang on Monday evening.")
    assert (evening.type, evening.value) == ("TIME", "2002-06-10TEV")  # a time part: a TIME
    assert only("The choir sang on Monday night.").value == "2002-06-10"
    assert only("The choir sang on Monday morning.").value == "2002-06-10"


def test_future_verb_before_a_relative_clause_does_not_govern_its_date():
    text = "The museum will return the vase to the family who had lent it in late November."
    assert only(text).value == "2001-11"
    assert only("The museum will return the vase in late November.").value == "2002-11"


def test_clock_time_takes_the_weekday_after_its_aside():
    assert found("The dam burst at 9:15 a.m. (0715 GMT) Monday.")[0] == (
        "9:15 a.m.",
        "TIME",
        "2002-06-10T09:15",
    )


def test_date_in_parenthesis_keeps_the_tense_of_the_clause_before():
    text = "The convoy will cross at dawn (5 a.m. GMT Friday), the army said."
    assert found(text)[0][2] == "2002-06-14T05:00"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("On Friday, the town orchestra plans to play in the park.", "2002-06-14"),
        ("On Friday, the town orchestra planned to play in the park.", "2002-06-07"),
        ("On Friday, the mayor said the park will close for repairs.", "2002-06-07"),
    ],
)
def test_weekday_opening_the_sentence_takes_the_plan_after_it(text, value):
    assert only(text).value == value


def test_possessive_weekday_is_a_past_event():
    assert only("Thursday's hailstorm flattened the orchards.").span.text == "Thursday's"
    assert only("Thursday's hailstorm flattened the orchards.").value == "2002-06-06"
    # the typographic apostrophe is the same possessive
    assert only("The council will discuss Thursday’s hailstorm.").value == "2002-06-06"


def test_last_and_next_weekday_skip_the_publication_day():
    assert only("The ferry sailed last Wednesday.").value == "2002-06-05"
    assert only("The ferry sails next Wednesday.").value == "2002-06-19"


def test_a_plural_part_of_day_after_two_weekdays_makes_both_sets():
    assert found("The ferry sails on Friday and Saturday nights, and on Monday.") == [
        ("Friday", "SET", "XXXX-WXX-5TNI"),
        ("Saturday nights", "SET", "XXXX-WXX-6TNI"),
        ("Monday", "DATE", "2002-06-10"),
    ]


def test_every_weekday_is_a_set():
    assert found("The choir rehearses every Monday.") == [("every Monday", "SET", "XXXX-WXX-1")]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The library shuts on Sundays.", "Sundays", "XXXX-WXX-7"),
        ("Quiz night is held on Thursday nights.", "Thursday nights", "XXXX-WXX-4TNI"),
        ("The market fills every Saturday morning.", "every Saturday morning", "XXXX-WXX-6TMO"),
    ],
)
def test_plural_weekdays_and_their_parts_of_day_are_sets(text, span, value):
    assert found(text) == [(span, "SET", value)]


def test_a_date_word_ending_a_name_is_no_date():
    text = (
        "She told USA Today and the New York Daily News on Monday that The Sunday Times had "
        "erred. Today, the paper prints daily."
    )
    assert found(text) == [
        ("Monday", "DATE", "2002-06-10"),
        ("Today", "DATE", "2002-06-12"),
        ("daily", "SET", "P1D"),
    ]


def test_yesterday_today_tomorrow_tonight():
    text = "The dyke broke yesterday, crews work today and tomorrow, and a vigil is held tonight."
    assert [(t, v) for t, _, v in found(text)] == [
        ("yesterday", "2002-06-11"),
        ("today", "2002-06-12"),
        ("tomorrow", "2002-06-13"),
        ("tonight", "2002-06-12"),
    ]


def test_today_naming_the_present_age_is_no_day():
    text = (
        "Planners of tomorrow's cities say the farmers of today face what today's voters "
        "ignore, and many of today's electric cars fail; today's auction still closed early."
    )
    assert found(text) == [("today's", "DATE", "2002-06-12")]


def test_this_morning_is_a_time_of_the_publication_day():
    assert found("The tanker docked this morning.") == [("this morning", "TIME", "2002-06-12TMO")]


# --- relative periods -----------------------------------------------------------------------


def test_last_month_names_are_the_most_recent_past_one():
    assert only("The orchard flooded last June.").value == "2001-06"
    assert only("The orchard flooded last April.").value == "2002-04"
    # the month just gone would be "last month": "last May" in June is a year back
    assert only("The orchard flooded last May.").value == "2001-05"


def test_this_month_and_later_this_month():
    mentions = dates("Rents rose this month and will rise again later this month.")
    assert [(d.span.text, d.value, d.mod) for d in mentions] == [
        ("this month", "2002-06", None),
        ("later this month", "2002-06", "END"),
    ]


def test_last_week_this_year_next_year():
    text = "Exports fell last week, but this year looks better and next year better still."
    assert [(t, v) for t, _, v in found(text)] == [
        ("last week", "2002-W23"),
        ("this year", "2002"),
        ("next year", "2003"),
    ]


def test_earlier_this_year_is_the_start_of_the_year():
    assert (only("The dam was finished earlier this year.").mod) == "START"


def test_two_days_ago_is_a_day():
    assert found("The strike began two days ago.") == [("two days ago", "DATE", "2002-06-10")]


def test_in_two_weeks_is_a_duration_placed_after_publication():
    mention = only("The bridge will reopen in two weeks.")
    assert (mention.span.text, mention.type, mention.value) == ("two weeks", "DURATION", "P2W")
    assert (mention.begin, mention.end) == ("2002-06-12", "2002-06-26")


def test_the_past_two_weeks_end_at_publication():
    mention = only("Prices climbed over the past two weeks.")
    assert (mention.begin, mention.end) == ("2002-05-29", "2002-06-12")


def test_a_year_earlier_in_an_earnings_report_is_last_years_quarter():
    text = "Profit for the quarter rose to $5 million from $4 million a year earlier."
    assert found(text)[-1] == ("a year earlier", "DATE", "2001-Q1")


def test_the_quarter_is_the_one_the_report_named_first():
    text = (
        "The brewer's fiscal first quarter was its best. Sales in the quarter rose 9% from "
        "a year earlier. It will face a weak fourth quarter; but the latest quarter set a record."
    )
    assert [(t, v) for t, _, v in found(text, "2002-08-20")] == [
        ("fiscal first quarter", "2002-Q1"),
        ("the quarter", "2002-Q1"),
        ("a year earlier", "2001-Q1"),
        ("fourth quarter", "2002-Q4"),
        ("the latest quarter", "2002-Q1"),
    ]


def test_the_period_of_a_year_is_a_quarter_only_where_quarters_are_spoken_of():
    text = (
        "In the first nine months, the mill earned $4 million, up from $3 million in the 2001 "
        "period."
    )
    assert found(text, "2002-10-20")[-1] == ("the 2001 period", "DATE", "2001")
    text = "Third-quarter profit rose to $4 million from $3 million in the 2001 period."
    assert found(text, "2002-10-20")[-1] == ("the 2001 period", "DATE", "2001-Q3")


def test_the_year_earlier_nine_months_is_one_amount_of_time():
    assert found("Net for the year-earlier nine months included a land sale.") == [
        ("the year-earlier nine months", "DURATION", "P9M")
    ]


def test_a_year_earlier_compares_with_the_quarter_its_own_sentence_names():
    text = (
        "The ferry line's fiscal first quarter was its best. Separately, a rival carrier said "
        "second-quarter profit rose to $3 million from $2 million a year earlier."
    )
    assert found(text, "2002-08-20")[-1] == ("a year earlier", "DATE", "2001-Q2")


# --- durations ------------------------------------------------------------------------------


def test_durations_in_words_and_digits():
    text = "The drought lasted three years; the repairs took 18 months and a week."
    assert [(t, v) for t, _, v in found(text)] == [
        ("three years", "P3Y"),
        ("18 months", "P18M"),
        ("a week", "P1W"),
    ]


def test_twenty_four_hours_is_one_day_as_timebank_writes_it():
    assert found("The river rose through the last twenty four hours.") == [
        ("the last twenty four hours", "DURATION", "P1D")
    ]


def test_thousands_of_years_are_millennia_and_a_year_in_digits_is_no_count():
    mentions = dates(
        "Caravans used the salt road for over three thousand years, the wells some 2,000 years."
    )
    assert [(d.span.text, d.value) for d in mentions] == [
        ("over three thousand years", "P3L"),
        ("some 2,000 years", "P2L"),
    ]
    assert found("Output in the 1997 quarter rose.", "1998-03-04") == [
        ("the 1997 quarter", "DATE", "1997-Q4")
    ]


def test_duration_modifiers():
    mentions = dates("The talks ran nearly an hour and will take at least two more days.")
    assert [(d.span.text, d.value, d.mod) for d in mentions] == [
        ("nearly an hour", "PT1H", "APPROX"),
        ("at least two more days", "P2D", "EQUAL_OR_MORE"),
    ]


def test_a_unit_long_is_one_unit_of_time():
    text = "The day-long talks, his year-long review and two-week-long strikes ended."
    assert [(t, v) for t, _, v in found(text)] == [
        ("day-long", "P1D"),
        ("year-long", "P1Y"),
        ("two-week-long", "P2W"),
    ]


def test_ages_are_not_durations():
    assert dates("A 6-year-old girl and a man, 52 years old, were rescued.") == []


def test_fractions_of_quarter_are_not_durations():
    assert (
        dates("Imports make up about three-quarters of supply, more than a quarter of it oil.")
        == []
    )


def test_days_later_counts_from_the_story_not_from_publication():
    assert found("Three days later, the pumps failed.") == [("Three days later", "DURATION", "P3D")]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The levee could fail within weeks.", "weeks", "PXW"),
        ("Over the years the mill changed hands twice.", "the years", "PXY"),
        ("Looters emptied the depot in the days before the storm.", "days", "PXD"),
        ("The shepherd returned days after the fire.", "days", "PXD"),
        ("The abbey has stood on the cliff for centuries.", "centuries", "PXC"),
        ("A decades-long feud split the valley.", "decades-long", "PXY"),
        ("The fund lost money for six trading days.", "six trading days", "P6D"),
    ],
)
def test_plural_unit_without_a_count(text, span, value):
    assert found(text) == [(span, "DURATION", value)]


def test_that_year_is_the_year_last_named():
    text = "The lighthouse keeper retired in 1987. The lamp was automated later that year."
    assert [(d.span.text, d.value) for d in dates(text)] == [
        ("1987", "1987"),
        ("later that year", "1987"),
    ]


def test_the_following_year_counts_from_the_year_named():
    text = "The ferry company was founded in 1961, and the following year it bought a second boat."
    assert [(d.span.text, d.value) for d in dates(text)] == [
        ("1961", "1961"),
        ("the following year", "1962"),
    ]
    assert only("Fares will rise the following year.").value == "2003"


def test_second_day_of_a_pair_is_a_date_of_its_own():
    assert found("The fair runs on July 4 and 5.") == [
        ("July 4", "DATE", "2002-07-04"),
        ("5", "DATE", "2002-07-05"),
    ]


def test_pre_and_post_year():
    assert [(d.span.text, d.value, d.mod) for d in dates("Post-1990 housing is sturdier.")] == [
        ("Post-1990", "1990", "AFTER")
    ]


def test_the_period_with_a_point_modifier_is_the_current_one():
    assert [
        (d.span.text, d.value, d.mod) for d in dates("Tolls rise at the end of the month.")
    ] == [("the end of the month", "2002-06", "END")]
    assert only("Floods came earlier in the year.").value == "2002"
    assert found("The month was calm.") == []


def test_the_latest_fiscal_year_is_the_last_one_closed():
    assert only("Sales grew in the latest fiscal year.").value == "2001"


def test_decades_in_words_and_a_couple_of_years():
    assert found("Crime fell through the nineties.") == [("the nineties", "DATE", "199")]
    assert found("She is in her nineties.") == []
    assert only("Rents may double over the next couple of years.").value == "P2Y"


def test_the_week_is_a_week_of_the_year_unsaid():
    assert found("For the week, the grain index rose.") == [("the week", "DATE", "2002-WXX")]
    # "the week of July 8" is one expression, the week that holds the day
    assert found("The fair is held the week of July 8.") == [
        ("the week of July 8", "DATE", "2002-W28")
    ]


def test_in_years_is_a_vague_duration():
    assert found("Lake levels are the lowest in years.") == [("years", "DURATION", "PXY")]


def test_in_the_morning_is_that_day_s_morning():
    text = "The pier closed on Friday. Divers came back in the morning."
    assert [(d.span.text, d.type, d.value) for d in dates(text)] == [
        ("Friday", "DATE", "2002-06-07"),
        ("the morning", "TIME", "2002-06-07TMO"),
    ]
    assert found("The ferry leaves at 6 in the evening.") == [
        ("6 in the evening", "TIME", "2002-06-12T18:00")
    ]
    assert found("Gulls gather in the afternoon.") == [("the afternoon", "TIME", "XXXX-XX-XXTAF")]


def test_half_of_a_year():
    assert found("Exports slowed in the second half of 1998.") == [
        ("the second half of 1998", "DATE", "1998-H2")
    ]
    assert only("Exports slowed in the first half of 1998.").value == "1998-H1"
    assert found("Exports may slow through the first two quarters of 1999.") == [
        ("the first two quarters of 1999", "DATE", "1999-H1")
    ]


def test_year_end_the_closing_day_and_the_years_last_stretch():
    # "year-end" dates the accounts: December 31; the others are the year's end (mod END).
    assert only("Tolls rise at year-end.").value == "2002-12-31"
    for text in (
        "Tolls rise by year end.",
        "Tolls rise by year's end.",
        "Tolls rise by the end of the year.",
    ):
        mention = only(text)
        assert (mention.value, mention.mod) == ("2002", "END"), text


def test_next_years_quarter_is_in_next_year():
    assert only("The ferry line expects a profit in next year's first quarter.").value == "2003-Q1"
    assert only("The mill lost money in last year's second quarter.").value == "2001-Q2"


def test_quarters_and_years_past_and_future():
    assert found("Margins were thin in past years and will widen in future quarters.") == [
        ("past years", "DATE", "PAST_REF"),
        ("future quarters", "DATE", "FUTURE_REF"),
    ]
    assert found("Losses grew for several quarters.") == [("several quarters", "DURATION", "PXQ")]


def test_titles_and_idioms_are_not_times():
    assert found('The senator spoke on the radio show "This Week" about tolls.') == []
    assert found("For the strikers, high noon had come.") == []
    assert found("The clinic opens at noon.") == [("noon", "TIME", "2002-06-12T12:00")]
    assert only("LAST WEEK THE DAM HELD.").value == "2002-W23"


def test_last_years_quarter_is_the_same_quarter_a_year_before():
    assert only("Exports beat last year's quarter.", "2002-07-20").value == "2001-Q2"


def test_a_capitalized_unit_is_a_title():
    assert found('The mayor appeared on "60 Minutes" with the sheriff.') == []


def test_year_ago_quarter_is_last_years():
    assert found("Profit beat the year-ago second quarter.") == [
        ("the year-ago second quarter", "DATE", "2001-Q2")
    ]


def test_a_matter_of_days_is_not_a_time_expression():
    assert found("It is a matter of days before the bridge opens.") == []


def test_for_a_while_and_for_some_time_are_stretches_of_unsaid_length():
    text = "The ferry will idle for a while; the pier has leaked for some time. Once, it sank."
    assert found(text) == [
        ("a while", "DURATION", "PXX"),
        ("some time", "DURATION", "PXX"),
    ]


def test_vague_plural_is_a_duration_with_unknown_count():
    assert found("The village has waited for years.") == [("years", "DURATION", "PXY")]


# --- absolute dates -------------------------------------------------------------------------


def test_month_day_year_and_day_month_year():
    text = "The pact was signed on March 14, 2002 and ratified on 14 March 2002."
    assert [v for _, _, v in found(text)] == ["2002-03-14", "2002-03-14"]


def test_the_week_of_a_date_is_that_week():
    assert found("The trial opens the week of July 8, 2002.") == [
        ("the week of July 8, 2002", "DATE", "2002-W28")
    ]
    assert found("Ballots go out the week of Feb. 30.") == [
        ("the week of Feb. 30", "DATE", "2002-02-30")
    ]


def test_abbreviated_months_with_and_without_period():
    assert [(t, v) for t, _, v in found("Filed Feb 26, heard Feb. 27.")] == [
        ("Feb 26", "2002-02-26"),
        ("Feb. 27", "2002-02-27"),
    ]


def test_month_without_year_takes_the_nearest_year():
    assert only("The hearing is set for Jan. 14.", "2001-12-20").value == "2002-01-14"
    assert only("The mine closed on Nov. 25.", "2002-01-15").value == "2001-11-25"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # No verb in the past: the nearest month, ahead or behind ("in November" in June)
        ("Democrats hope to regain the Senate in November.", "2002-11"),
        ("The harvest festival in October draws crowds from three counties.", "2002-10"),
        ("Prices are lower than in March.", "2002-03"),
        # A verb in the past looks back, and "since" always does
        ("The storm flooded the valley in November.", "2001-11"),
        ("Fares have risen since December.", "2001-12"),
    ],
)
def test_month_in_a_sentence_without_a_past_verb_is_the_nearest(text, value):
    assert only(text).value == value


def test_weekday_with_date_is_one_mention():
    assert found("The vote was held Friday, May 10.") == [("Friday, May 10", "DATE", "2002-05-10")]


def test_month_and_year():
    assert found("The port reopened in July 1997.") == [("July 1997", "DATE", "1997-07")]


def test_may_the_verb_is_not_a_month():
    assert dates("The mayor may resign, and voters may march.") == []


def test_the_may_before_a_noun_is_the_month_but_the_march_on_a_city_is_not():
    text = "The May ballot was delayed; the March on Leeds went ahead. The March reading fell."
    assert found(text, "2002-04-20") == [
        ("May", "DATE", "2002-05"),
        ("March", "DATE", "2002-03"),
    ]


def test_bare_year_and_decade():
    assert found("The mill shut in 1997, a relic of the 1990s.") == [
        ("1997", "DATE", "1997"),
        ("1990s", "DATE", "199"),
    ]


def test_a_possessive_year_is_the_year_and_a_decade_keeps_its_apostrophe():
    assert found("Exports topped 1995's record, a peak not seen since the 1970's.") == [
        ("1995", "DATE", "1995"),
        ("1970's", "DATE", "197"),
    ]


def test_year_before_a_noun_is_a_year():
    assert found("Under the 1967 protocol the border stayed open.") == [("1967", "DATE", "1967")]


def test_numbers_that_are_not_years():
    assert dates("The fund paid $1997 to 1,997 people, up 2001.5 points.") == []


def test_mid_and_early_year():
    mentions = dates("Sales recovered in mid-2001 and slowed in early 2002.")
    assert [(d.span.text, d.value, d.mod) for d in mentions] == [
        ("mid-2001", "2001", "MID"),
        ("early 2002", "2002", "START"),
    ]


def test_past_present_and_future_references():
    text = "Fares have recently risen; they are now high and will fall in the future."
    assert [(t, v) for t, _, v in found(text)] == [
        ("recently", "PAST_REF"),
        ("now", "PRESENT_REF"),
        ("the future", "FUTURE_REF"),
    ]


def test_terms_and_later_dates_are_the_future():
    text = "Rates may dip in the near term; the board will meet at a later date."
    assert [(t, v) for t, _, v in found(text)] == [
        ("the near term", "FUTURE_REF"),
        ("a later date", "FUTURE_REF"),
    ]


def test_current_before_a_noun_is_the_present():
    assert found("The orchard's current owners bought it from a brewer.") == [
        ("current", "DATE", "PRESENT_REF")
    ]


def test_this_fiscal_year_is_the_year_of_reference():
    assert found("The ferry line expects a loss in the current fiscal year.") == [
        ("the current fiscal year", "DATE", "2002")
    ]
    assert only("Tolls paid for the bridge last fiscal year.").value == "2001"


def test_last_night_is_yesterdays_night():
    assert found("Thieves broke into the depot last night.") == [
        ("last night", "TIME", "2002-06-11TNI")
    ]


def test_over_the_summer_is_this_years_and_the_fall_is_not_a_season():
    assert found("Ticket sales slumped over the summer.") == [("the summer", "DATE", "2002-SU")]
    assert found("Sales slumped over\n  the summer.") == [("the summer", "DATE", "2002-SU")]
    assert found("Historians studied the fall of the city.") == []


def test_this_century_is_a_century_and_the_past_century_is_not_placed():
    assert found("It is the worst flood of this century.") == [("this century", "DATE", "20")]
    assert not [d for d in dates("It was the event of the past century.") if d.value == "19"]


def test_the_day_before_or_after_a_date_is_one_expression_the_day_beside_it():
    text = "The day before last Friday's vote, and the day after Christmas, the hall stood empty."
    assert found(text) == [
        ("The day before last Friday's", "DATE", "2002-06-06"),
        ("the day after Christmas", "DATE", "2001-12-26"),
    ]
    assert dates("He flew home the day after June 3.")[0].begin == "2002-06-04"


def test_that_same_day_is_the_day_named_before():
    text = "The mayor resigned on March 3, 1999. The council met that same day."
    assert [(d.span.text, d.value) for d in dates(text)] == [
        ("March 3, 1999", "1999-03-03"),
        ("that same day", "1999-03-03"),
    ]
    text = "The dam broke last October. Crews arrived later that day."
    assert [d.value for d in dates(text)] == ["2001-10", "2001-10-XX"]


def test_last_summer_is_last_years_season():
    assert found("The reservoir ran dry last summer.") == [("last summer", "DATE", "2001-SU")]


def test_quarters_and_fiscal_years():
    text = "Revenue rose in the second quarter and in fiscal 1998."
    assert [(t, v) for t, _, v in found(text)] == [
        ("the second quarter", "2002-Q2"),
        ("fiscal 1998", "1998"),
    ]


def test_a_quarter_past_in_the_past_tense_is_last_years():
    assert only("Revenue rose in the third quarter.").value == "2001-Q3"


def test_clock_time():
    assert found("The session opens at 3 p.m.") == [("3 p.m.", "TIME", "2002-06-12T15:00")]


def test_every_year_and_annually_are_sets():
    text = "The fair is held every year and the prize is awarded annually."
    assert found(text) == [("every year", "SET", "P1Y"), ("annually", "SET", "P1Y")]


def test_price_per_year_is_a_set():
    assert found("The lease costs $400 a year.") == [("a year", "SET", "P1Y")]


def test_thanksgiving_is_the_fourth_thursday_of_november():
    assert only("The boat was found on Thanksgiving Day.", "2002-12-01").value == "2002-11-28"


# --- what the publication date allows -------------------------------------------------------


def test_month_only_publication_leaves_day_level_relatives_underspecified():
    mentions = dates("The dam failed on Thursday and the floods came yesterday.", "2002-06")
    assert [(d.span.text, d.value, d.begin) for d in mentions] == [
        ("Thursday", "XXXX-XX-XX", None),
        ("yesterday", "XXXX-XX-XX", None),
    ]


def test_month_only_publication_still_resolves_this_month():
    mention = only("Rents rose this month.", "2002-06")
    assert (mention.value, mention.begin, mention.end) == ("2002-06", "2002-06-01", "2002-06-30")


def test_month_only_publication_leaves_weeks_underspecified():
    assert only("Rents rose last week.", "2002-06").value == "XXXX-WXX"


def test_without_publication_a_day_keeps_its_month():
    assert only("The dam failed on March 14.", None).value == "XXXX-03-14"


def test_absolute_dates_get_begin_and_end():
    mention = only("The dam failed in June 2002.")
    assert (mention.begin, mention.end) == ("2002-06-01", "2002-06-30")


def test_vague_references_get_no_days():
    assert only("Prices recently rose.").begin is None


# --- value_range ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2002-06-13", "2002-06-13", "2002-06-13"),
        ("2002-06", "2002-06-01", "2002-06-30"),
        ("2002-02", "2002-02-01", "2002-02-28"),
        ("1997", "1997-01-01", "1997-12-31"),
        ("199", "1990-01-01", "1999-12-31"),
        ("19", "1900-01-01", "1999-12-31"),
        ("2002-W24", "2002-06-10", "2002-06-16"),
        ("2002-W24-WE", "2002-06-15", "2002-06-16"),
        ("2002-Q2", "2002-04-01", "2002-06-30"),
        ("2002-H2", "2002-07-01", "2002-12-31"),
        ("2002-SU", "2002-06-01", "2002-08-31"),
        ("2002-WI", "2002-12-01", "2003-02-28"),
        ("2002-06-13T15:00", "2002-06-13", "2002-06-13"),
    ],
)
def test_value_range_covers_the_days_of_a_value(value, first, last):
    assert value_range(value, PUBLISHED) == (first, last)


def test_value_range_of_present_ref_is_the_publication_day():
    assert value_range("PRESENT_REF", PUBLISHED) == (PUBLISHED, PUBLISHED)


@pytest.mark.parametrize("value", ["P2W", "PAST_REF", "XXXX-XX-XX", "XXXX-WXX", "2002-02-30"])
def test_value_range_is_none_off_the_calendar(value):
    assert value_range(value, PUBLISHED) is None


# --- invariants -----------------------------------------------------------------------------

_PIECES = [
    "Thursday",
    "last June",
    "the 1990s",
    "two days ago",
    "March 14, 2002",
    "Feb. 26",
    "in two weeks",
    "$1997",
    "every year",
    "3 p.m.",
    "mid-2001",
    "now",
    "the third quarter",
    "may",
    "of",
    "the",
    "rose",
    ",",
    ".",
    "\n\n",
    "é",
    "İ",
]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=25), st.sampled_from([PUBLISHED, "2002-06", None])
)
def test_spans_match_the_text_do_not_overlap_and_are_sorted(pieces, published):
    text = " ".join(pieces)
    mentions = dates(text, published)
    for d in mentions:
        assert text[d.span.start : d.span.end] == d.span.text
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.span.end <= b.span.start


# --- the TimeML corpus ----------------------------------------------------------------------


@pytest.mark.corpus
def test_timeml_scores_reach_the_targets():
    folders = [TIMEML / "timebank", TIMEML / "aquaint"]
    if not all(folder.is_dir() for folder in folders):
        pytest.skip(f"TimeML corpus not found under {TIMEML}")
    scores = evaluate_timeml(folders)
    assert scores["relaxed_f1"] >= 0.953, scores
    assert scores["value_f1"] >= 0.850, scores


def test_timeml_gold_values_written_two_ways_are_compared_in_one():
    from dateline.evaluate.timeml import _as_compared

    assert _as_compared("2000-W7") == "2000-W07"
    assert _as_compared("2000-W07-WE") == "2000-W07-WE"
    assert _as_compared("1998-W33") == "1998-W33"
    # decades and centuries masked as TIMEX2 wrote them are TimeML's
    assert (_as_compared("199X"), _as_compared("19XX"), _as_compared("199")) == ("199", "19", "199")
    assert _as_compared("1949-XX") == "1949-XX"  # a month unknown is no notation of the year
    assert _as_compared("XXXX") == "XXXX"
    # a time on the hour, with its minutes as the other gold times have them
    assert _as_compared("1989-11-06T17") == "1989-11-06T17:00"
    assert _as_compared("1989-11-06T17:30") == "1989-11-06T17:30"


@pytest.mark.corpus
def test_timeml_errors_come_with_their_sentence():
    folder = TIMEML / "aquaint"
    if not folder.is_dir():
        pytest.skip(f"TimeML corpus not found under {TIMEML}")
    errors = timeml_errors([folder])
    assert {e["kind"] for e in errors} <= {"missed", "spurious", "value"}
    assert all(e["sentence"] for e in errors)


def test_in_two_weeks_in_reported_speech_still_looks_ahead():
    text = "She said in three weeks the board would vote again."
    [mention] = find_dates(text, "2010-05-03", sentences(text))
    assert (mention.value, mention.begin, mention.end) == ("P3W", "2010-05-03", "2010-05-24")


def test_in_two_weeks_from_a_month_only_date_spans_the_month_and_after():
    text = "The ministers meet in two weeks."
    [mention] = find_dates(text, "2010-05", sentences(text))
    assert (mention.begin, mention.end) == ("2010-05-01", "2010-06-14")


@pytest.mark.parametrize(
    "text",
    [
        "The vote starts at 1830 GMT on the island.",
        "Troops moved at 0600 local time.",
        "The ferry leaves at 2130 hours.",
    ],
)
def test_a_24_hour_clock_time_is_never_a_year(text: str) -> None:
    assert not [v for _, _, v in found(text) if v in ("1830", "2130")]
    assert all(not t.isdigit() for t, _, _ in found(text))


# --- issue 14: ranges, sets, amounts that are no time of the story ------------------------


def test_a_year_range_is_two_years_with_the_century_of_the_first():
    assert found("The 1998-99 drought emptied the reservoirs.") == [
        ("1998", "DATE", "1998"),
        ("99", "DATE", "1999"),
    ]
    assert [v for _, _, v in found("Ticket sales fell in the 1999-00 season.")] == ["1999", "2000"]
    assert found("Call the office at 1998-9987.") == []


def test_an_amount_from_now_is_a_duration_and_now_apart():
    assert found("Forty years from now the glacier will be gone.") == [
        ("Forty years", "DURATION", "P40Y"),
        ("now", "DATE", "PRESENT_REF"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The ferry runs every evening in summer.", "every evening", "XXXX-XX-XXTEV"),
        ("Each winter the pond freezes over.", "Each winter", "XXXX-WI"),
        ("The guild parades each April through the square.", "each April", "XXXX-04"),
        ("Lanterns are lit every May 1.", "every May 1", "XXXX-05-01"),
    ],
)
def test_every_part_of_day_season_month_or_date_is_a_set(text, span, value):
    assert found(text) == [(span, "SET", value)]


def test_a_plural_unit_after_a_verb_of_lasting_and_the_next_decade():
    assert found("Clearing the debris took weeks.") == [("weeks", "DURATION", "PXW")]
    assert found("The port will grow over the next decade.") == [
        ("the next decade", "DURATION", "P10Y")
    ]
    assert found("She spent years of savings on the boat.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The puzzle is sold for ages 6 months and up.",
        "The class takes children aged two to five years.",
        "Toddlers 18 months or older may enter.",
        "The rower was one second slower than the champion.",
        "She crossed the line 12 seconds behind the leader.",
    ],
)
def test_ages_and_differences_are_not_times(text):
    assert found(text) == []


def test_and_a_half_counts_in_the_amount():
    assert found("The ascent took two and a half hours.") == [
        ("two and a half hours", "DURATION", "PT2H30M")
    ]
    assert found("The siege lasted a day and a half.") == [
        ("a day and a half", "DURATION", "P1DT12H")
    ]
    assert [v for _, _, v in found("A minute and a half later the bell rang.")] == ["PT1M30S"]


def test_a_clock_time_takes_the_date_after_its_comma():
    assert found("Bids will close at 4 p.m. EST, Nov. 8.") == [
        ("4 p.m. EST, Nov. 8", "TIME", "2002-11-08T16:00")
    ]


def test_the_quarter_a_year_ago_is_one_expression():
    assert found("For the quarter a year earlier, the dairy lost $2 million.") == [
        ("the quarter a year earlier", "DATE", "2001-Q1")
    ]


def test_one_day_after_a_modal_is_some_day_ahead():
    assert found("The village hopes the railway will one day return.") == [
        ("one day", "DATE", "FUTURE_REF")
    ]
    assert found("The repairs will take one day.") == [("one day", "DURATION", "P1D")]


def test_the_following_month_counts_from_the_month_last_named():
    text = "In March the ferry company lost its licence. The following month it sold two boats."
    assert [(t, v) for t, _, v in found(text)] == [
        ("March", "2002-03"),
        ("The following month", "2002-04"),
    ]
    text = "The pier burned on Aug. 9, 1997. The previous month, its insurer had left."
    assert found(text)[-1] == ("The previous month", "DATE", "1997-07")


def test_a_past_story_tells_its_own_year():
    text = "The cannery closed in 1987. In March its last workers left for the city."
    assert found(text) == [("1987", "DATE", "1987"), ("March", "DATE", "1987-03")]
    text = "The cannery has grown since 1987. It will open a second line in March."
    assert found(text)[-1] == ("March", "DATE", "2003-03")
    assert found("She still recalls that March day in 2009 when the dam broke.") == [
        ("March day in 2009", "DATE", "2009-03")
    ]
    # A season of two years ("in 1999/2000", "in 1998/99") is not the story's year.
    text = "The mill sold 9,000 tonnes in 1998/99. Its stocks were low at the end of February."
    assert found(text)[-1] == ("the end of February", "DATE", "2002-02")


# --- years in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The quarry closed in nineteen seventy-nine.", ("nineteen seventy-nine", "1979")),
        ("The bridge opened in May of nineteen eighty-two.",
         ("May of nineteen eighty-two", "1982-05")),
        ("Snow buried the pass in the winter of nineteen ninety.",
         ("the winter of nineteen ninety", "1990-WI")),
        ("The tunnel is due by the year two thousand.", ("the year two thousand", "2000")),
        ("The lease runs until two thousand and four.", ("two thousand and four", "2004")),
    ],
)  # fmt: skip
def test_a_year_spelled_out_alone_or_after_a_month_or_season(text, expected):
    assert found(text, "1998-03-04") == [(*expected[:1], "DATE", expected[1])]


def test_two_thousand_of_something_is_a_count_not_a_year():
    # two millennia, not the year 2000
    assert found("The walls stood for two thousand years.", "1998-03-04") == [
        ("two thousand years", "DURATION", "P2L")
    ]
    assert found("Two thousand people marched.", "1998-03-04") == []


def test_the_middle_of_a_part_of_day():
    mention = only("By mid-afternoon the river had risen.")
    assert (mention.span.text, mention.value) == ("mid-afternoon", "2002-06-12TAF")
    assert mention.mod == "MID"
    assert only("The fire started mid morning yesterday.").value == "2002-06-11TMO"


# --- the named steps of the period and amount rules ------------------------------------------


def test_a_weekend_is_the_one_ahead_or_past_by_the_tense_or_next():
    assert found("The orchard was crowded this weekend.") == [
        ("this weekend", "DATE", "2002-W23-WE")
    ]
    assert found("The orchard fair opens next weekend.") == [
        ("next weekend", "DATE", "2002-W24-WE")
    ]


def test_this_decade_and_last_century_are_points_of_publication():
    assert found("Rents have doubled this decade.") == [("this decade", "DATE", "200")]
    assert found("The mill was built last century.") == [("last century", "DATE", "19")]


def test_within_two_weeks_is_placed_but_two_weeks_of_talks_is_not():
    ahead = only("The ferry returns within two weeks.")
    assert (ahead.value, ahead.begin, ahead.end) == ("P2W", "2002-06-12", "2002-06-26")
    talks = only("The deal was struck in two weeks of talks.")
    assert (talks.value, talks.begin, talks.end) == ("P2W", None, None)


def test_a_second_with_its_article_is_an_ordinal_and_a_capital_unit_a_title():
    assert found("A second ferry docked before dawn.") == []
    assert found("The show is called Three Days.") == []
