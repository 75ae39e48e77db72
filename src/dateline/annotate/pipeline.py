"""Run every annotator over a document: text, dates, places, quotes and speakers, events."""

from __future__ import annotations

from dataclasses import replace

from dateline.annotate import text as text_
from dateline.annotate.dates.anchors import SPEECH_WORDS, DateAnchors
from dateline.annotate.dates.mentions import find_dates
from dateline.annotate.events.tagger import find_events
from dateline.annotate.places.datelines import find_dateline
from dateline.annotate.places.finder import find_places
from dateline.annotate.places.focus import currency_amounts, story_countries
from dateline.annotate.quotes.finder import find_attributions
from dateline.annotate.quotes.speakers import resolve_speakers
from dateline.annotate.text import sentence_at
from dateline.model import Annotations, Document, Quote, Span


def annotate(doc: Document, event_types: tuple[dict, ...] = ()) -> Annotations:
    """Every annotation of one document; pure: the same document always gives the same result.

    `event_types` are the user's additions to the event taxonomy, from corpus.yaml.
    """
    text = doc.text
    paragraphs = text_.paragraphs(text)
    sentences = text_.sentences(text, paragraphs)
    dates = find_dates(text, doc.published, sentences)
    filed = find_dateline(text, paragraphs)
    amounts = currency_amounts(text)  # for the places, then the countries of the story
    places, filed_from = find_places(text, sentences, doc.dateline, filed, doc.published, amounts)
    anchors = DateAnchors(text, dates)
    attributions = find_attributions(text, sentences, paragraphs)
    quotes = resolve_speakers(text, attributions, places, sentences)
    quotes = [_dated(q, anchors, sentences) for q in quotes]
    events = find_events(text, sentences, dates, places, list(event_types) or None)
    headline = text_.headline(paragraphs)
    lead = next((s for s in sentences if headline is None or s.start >= headline.end), None)
    countries, focus = story_countries(text, places, filed_from, headline, lead, amounts)
    return Annotations(sentences, quotes, dates, places, events, countries, focus, filed_from)


def _dated(quote: Quote, anchors: DateAnchors, sentences: list[Span]) -> Quote:
    """The quote with the date of its cue: "said on Tuesday"; none in the words quoted."""
    if quote.cue is None:
        return quote
    sentence = sentence_at(sentences, quote.cue.start) or quote.span
    date = anchors.date_of(quote.cue, sentence, SPEECH_WORDS, quoted=quote.span)
    return replace(quote, date=date) if date is not None else quote
