"""Reading what people write: quotes and signatures, time expressions, choice
phrases, the language of a note, and text made safe to show.

Pure: no I/O, no clock. May import the standard library, `langdetect` (the
note's language), `errors` and `models`.
"""
