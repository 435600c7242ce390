"""Reading what people write: quotes and signatures, time expressions, choice phrases.

Pure: no I/O, no clock. May import only the standard library, `errors`, `models`.
"""
