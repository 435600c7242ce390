"""Time: availability rules, busy time and holds -> call options; .ics files;
time zones and human-readable times.

Pure: the clock is handed in. May import `text`, `config`, the leaves.
"""
