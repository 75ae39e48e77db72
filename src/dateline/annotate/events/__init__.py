"""What happened: event tags from the trigger lexicon, with their actors, date and places.

`lexicon` compiles the taxonomy, `triggers` finds it in a sentence, `actors` reads agent and
patient, and `tagger` puts an event together.
"""
