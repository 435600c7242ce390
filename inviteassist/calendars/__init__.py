"""Busy time from the owner's calendars (.ics files and URLs, CalDAV), read in
a child process, and held times mirrored back to CalDAV.

Network and subprocess I/O. May import the pure packages, `store` and the
leaves; never `mail`, `app` or `cli`.
"""
