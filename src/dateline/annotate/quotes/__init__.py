"""Who said what: quotations and reported speech, their cues, and the people who spoke.

`marks` finds quotations, `reader` tokens and reporting cues, `phrases` the words naming a
speaker, `finder` pairs them into attributions, and `speakers` decides who each speaker is.
"""
