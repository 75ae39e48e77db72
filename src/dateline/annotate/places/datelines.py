"""The dateline a wire story opens with: where it was filed from, before the first sentence.

    LONDON, Oct 20 -                      BEIJING (AP) —
    WASHINGTON, March 3 (Reuters) -       BIRMINGHAM, Ala. (AP) --
    ESCHBORN, West Germany, March 2 -     Beijing, June 13 (Xinhua) --

It sits at the start of the body: the text's first line, or the line after a headline standing
alone; it may stand alone too ("NAIROBI, Kenya (AP) _", then a blank line). The place words are
written in capitals, or followed by a date or an agency in brackets, and the dateline ends in a
dash; anything else is the story's first sentence.
"""

from __future__ import annotations

import re

from dateline.annotate.text import headline
from dateline.model import Span

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
    r"|January|February|March|April|June|July|August|September|October|November|December"
)
# One to five words of the place: "SAN SALVADOR", "Washington", "ST. LOUIS", "N'DJAMENA".
_NAME = r"[A-Z][\w'’.-]*(?:\ [A-Z][\w'’.-]*|\ (?:de|du|da|del|es|al|of|on|upon)){0,4}"
_DATELINE = re.compile(
    rf"""
    (?P<place>{_NAME}(?:,\ {_NAME})?)           # the place, and its state or country
    (?:,\ (?P<date>(?i:{_MONTH})\ \d{{1,2}}))?  # ", Oct 20", ", MARCH 2"
    (?:\ ?\((?P<agency>[A-Z][\w&.\- ]{{0,30}})\))?  # " (Reuters)", " (AP)"
    \ ?(?:--|[-—–_])(?:\ |$)  # then the story, or a paragraph break""",
    re.VERBOSE,
)


def find_dateline(text: str, paragraphs: list[Span]) -> Span | None:
    """The place words of the dateline at the start of the body, or None."""
    firsts = paragraphs[:2] if headline(paragraphs) is not None else paragraphs[:1]
    found = (_DATELINE.match(text, p.start, p.end) for p in firsts)
    m = next((m for m in found if m is not None), None)
    if m is None:
        return None
    first = m.group("place").split(",")[0]
    letters = [c for c in first if c.isalpha()]
    shouted = len(letters) > 1 and all(c.isupper() for c in letters)
    if not (shouted or m.group("date") or m.group("agency")):
        return None  # "Paris - the city of light" is a sentence, not a dateline
    return Span.of(text, m.start("place"), m.end("place"))
