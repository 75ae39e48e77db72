"""dateline: news articles in; searchable records of quotes, dates, places and events out."""

__version__ = "0.1.0"
