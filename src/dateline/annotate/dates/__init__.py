"""When: date and time expressions normalized against the publication date.

`lexicon` reads the date words, `normalize` turns values into days, `context` holds what a rule
sees, `points` and `amounts` are the rules for points in time and for amounts of time, `rules`
orders them, `mentions` picks the winners, and `anchors` ties a statement or an event to its date.
"""
