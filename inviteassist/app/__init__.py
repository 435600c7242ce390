"""Orchestration: the poll cycle, offering, follow-through, marks, auto-send, the
summary job, the wiring from Settings and the daemon. Every function is handed `now`.

May import everything below it; never `cli`.
"""
