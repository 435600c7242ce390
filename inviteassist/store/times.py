"""How the state file writes a moment: ISO 8601 text in UTC, read back aware.

One codec for every table, so that text comparisons in SQL (`at >= ?`) order
moments correctly.
"""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text)
