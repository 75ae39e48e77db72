"""What a record, a quote and a speaker can be: the values the index holds and the options offer.
(A module of its own: the command line reads it at start-up, which must stay quick.)"""

RECORD_KINDS = ("article", "quote", "event")
QUOTE_KINDS = ("direct", "mixed", "indirect")
SPEAKER_KINDS = ("person", "organization", "group", "document", "unknown")

# The data formats of -o and --format, by the file endings that choose them; render.WRITERS
# holds a writer for each (here, not there: the CLI builds its choices without loading render).
FORMAT_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
DATA_FORMATS = tuple(dict.fromkeys(FORMAT_SUFFIXES.values()))
# what a chain of one statement's versions may show (statements/match.py)
STATEMENT_FLAGS = ("trimmed", "wording_changed", "speaker_differs", "paraphrased")
