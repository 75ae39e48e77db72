"""What a record, a quote and a speaker can be: the values the index holds and the options offer.
(A module of its own: the command line reads it at start-up, which must stay quick.)"""

RECORD_KINDS = ("article", "quote", "event")
QUOTE_KINDS = ("direct", "mixed", "indirect")
SPEAKER_KINDS = ("person", "organization", "group", "document", "unknown")
