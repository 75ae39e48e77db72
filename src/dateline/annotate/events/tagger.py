"""Events: what happened, to whom, when and where, found from trigger words in the events lexicon.

The flow, one room each: `lexicon` compiles the taxonomy (lexicons/events.yaml, whose
header explains the trigger syntax) into patterns keyed by a trigger's first word;
`triggers` finds them in a sentence, so finding events costs one dictionary lookup per
token; `actors` reads agent and patient around each. This module puts an event together
with its sentence, date and places.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, count
from typing import Any

from dateline.annotate.dates.anchors import EVENT_WORDS, DateAnchors
from dateline.annotate.events.actors import actors, coordinated
from dateline.annotate.events.lexicon import compiled, event_types, match_event_type
from dateline.annotate.events.triggers import candidates, token_pattern
from dateline.annotate.inflect import inflect
from dateline.model import DateMention, Event, Place, Span

__all__ = ["event_types", "find_events", "inflect", "match_event_type"]


def find_events(
    text: str,
    sentences: list[Span],
    dates: list[DateMention],
    places: list[Place],
    extra_types: list[dict[str, Any]] | None = None,
) -> list[Event]:
    """Events in `text`, one per trigger, in text order.

    `dates` and `places` are the document's annotations: an event takes the calendar date
    attached to its trigger (dates/anchors.py), and the places named in its sentence.
    `extra_types` extends the taxonomy.
    """
    anchors = DateAnchors(text, dates)
    lex = compiled(extra_types)
    placed = sorted(places, key=lambda p: p.span.start)
    place_starts = [p.span.start for p in placed]
    # One pass of the tokenizer over the document; sentences take their slices of it.
    # (map over the matches rather than a loop: the per-token steps then run in C)
    doc_toks = list(token_pattern().finditer(text))
    starts = list(map(re.Match.start, doc_toks))
    doc_low = list(map(str.lower, map(re.Match.group, doc_toks)))
    if "’" in text:
        doc_low = [w.replace("’", "'") for w in doc_low]
    # The tokens a trigger may start at; a sentence holding none has no event.
    firsts = list(compress(count(), map(lex.by_first.__contains__, doc_low)))
    events: list[Event] = []
    for sentence in sentences:
        lo, hi = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        first_lo, first_hi = bisect_left(firsts, lo), bisect_left(firsts, hi)
        if first_lo == first_hi:
            continue
        toks, low = doc_toks[lo:hi], doc_low[lo:hi]
        found = candidates(toks, low, lex, [k - lo for k in firsts[first_lo:first_hi]])
        if not found:
            continue
        lo, hi = bisect_left(place_starts, sentence.start), bisect_left(place_starts, sentence.end)
        in_sentence_places = tuple(p for p in placed[lo:hi] if p.span.end <= sentence.end)
        previous_agent, previous_end = "", -1
        for cand in found:
            trigger = Span.of(text, toks[cand.start].start(), toks[cand.end - 1].end())
            agent, patient = actors(text, toks, low, cand, lex)
            if (
                not agent
                and not cand.pattern.is_noun
                and coordinated(low, previous_end, cand.start, lex)
            ):
                agent = previous_agent  # "police entered ... and seized a man": one subject
            previous_agent, previous_end = agent, cand.end
            events.append(
                Event(
                    type=cand.pattern.code,
                    label=cand.pattern.label,
                    trigger=trigger,
                    sentence=sentence,
                    date=anchors.date_of(trigger, sentence, EVENT_WORDS),
                    places=in_sentence_places,
                    actors=tuple(dict.fromkeys(a for a in (agent, patient) if a)),
                )
            )
    return events
