"""dateline: news articles in, annotated and searchable records of quotes, dates, places and events out."""

__version__ = "0.1.0"
