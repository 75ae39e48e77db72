"""Where: place names resolved to the gazetteer, the dateline, and the countries a story is about.

`countries` knows country names and codes, `gazetteer` the places, `finder` the mentions in a
text, `datelines` the wire dateline, and `focus` weighs the evidence into a story's countries.
"""
