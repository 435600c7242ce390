"""Mailboxes: the protocol every back-end follows (IMAP, Maildir), IDLE, SMTP
and IMAP delivery, and where passwords come from.

Network and disk I/O. May import the pure packages, `store` and the leaves;
never `calendars`, `app` or `cli`.
"""
