"""The state file: SQLite, its schema and migrations, and one module per side
of the state (requests, follow-through, holds, summaries).

I/O on the state file only. May import the pure packages and the leaves; never
`mail`, `calendars`, `app` or `cli`.
"""
