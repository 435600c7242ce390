"""The state file: SQLite, its schema and migrations, and one module per group
of tables (messages, requests, threads, holds, outbox, status, itip,
summaries, waiting), each a mixin of `db.Store`; one time codec (`times`).

I/O on the state file only. May import the pure packages and the leaves; never
`mail`, `calendars`, `app` or `cli`.
"""
