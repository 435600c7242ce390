"""Message bytes -> classification: parsing, the networks, iTIP, auto-replies,
sender evidence and requester categories.

Pure: no I/O, no clock. May import `text`, `config` (its frozen records), the
leaves (`errors`, `models`, `mailpolicy`), never the store, mail, calendars or app.
"""
