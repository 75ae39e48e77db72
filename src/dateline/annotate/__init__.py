"""Run every annotator over a document: text, dates, places, quotes and speakers, events."""

from __future__ import annotations

from dateline.annotate import text as text_
from dateline.annotate.datelines import find_dateline
from dateline.annotate.dates import find_dates
from dateline.annotate.events import find_events
from dateline.annotate.focus import story_countries
from dateline.annotate.places import find_places
from dateline.annotate.quotes import find_attributions
from dateline.annotate.speakers import resolve_speakers
from dateline.model import Annotations, Document


def annotate(doc: Document, event_types: tuple[dict, ...] = ()) -> Annotations:
    """Every annotation of one document; pure: the same document always gives the same result.

    `event_types` are the user's additions to the event taxonomy, from corpus.yaml.
    """
    text = doc.text
    paragraphs = text_.paragraphs(text)
    sentences = text_.sentences(text, paragraphs)
    dates = find_dates(text, doc.published, sentences)
    places, filed_from = find_places(text, sentences, doc.dateline, find_dateline(text, paragraphs))
    quotes = resolve_speakers(text, find_attributions(text, sentences, paragraphs), places)
    events = find_events(text, sentences, dates, places, list(event_types) or None)
    headline = text_.headline(paragraphs)
    lead = next((s for s in sentences if headline is None or s.start >= headline.end), None)
    countries, focus = story_countries(text, places, filed_from, headline, lead)
    return Annotations(sentences, quotes, dates, places, events, countries, focus, filed_from)
