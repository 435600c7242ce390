"""Speed work must not change a draft: a first scan of the benchmark's kinds
of notification gives, byte for byte, the drafts pinned before issue 19.

150 notifications from the benchmark's generator (bench/mailgen.py: every
era, language and network it knows, spoofs and "accepted" notices included)
go into a Maildir; `poll --once` at a fixed time drafts replies, and each
draft's SHA-256 (MIME boundaries, which are random, replaced by their rank)
must equal the one in tests/fixtures/scan_identity.json, which was written
by the code before any of the speed work. Regenerate it only for a change
that is meant to alter drafts: `python3 -m tests.integration.test_scan_identity`.
"""

from __future__ import annotations

import email
import functools
import hashlib
import importlib.util
import json
import re
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inviteassist.app import triage_pool
from inviteassist.cli.main import main
from tests.conftest import REPO

PINNED = REPO / "tests" / "fixtures" / "scan_identity.json"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
NOTIFICATIONS = 150
MAILBOX = """
[mailbox]
type = "maildir"
path = "mail"

[state]
path = "state.db"
"""
_BOUNDARY = re.compile(rb'boundary="([^"]+)"')


@functools.cache
def _mailgen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_mailgen", REPO / "bench" / "mailgen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fill(box: Path) -> None:
    """The same 150 notifications every time (the generator is seeded)."""
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True, exist_ok=True)
    generator = _mailgen().Generator(19)
    start = NOW - timedelta(days=30)
    for index in range(NOTIFICATIONS):
        _, raw = generator.notification(start + timedelta(hours=4 * index))
        (box / "cur" / f"{1_700_000_000 + index}.M{index}P1.identity:2,").write_bytes(raw)


def draft_digests(work: Path) -> dict[str, str]:
    """Message-ID -> SHA-256 of every draft, boundaries replaced by their rank."""
    digests: dict[str, str] = {}
    for path in sorted((work / "mail" / ".Drafts").rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for rank, boundary in enumerate(dict.fromkeys(_BOUNDARY.findall(data))):
            data = data.replace(boundary, b"BOUNDARY%d" % rank)
        message_id = " ".join(str(email.message_from_bytes(data)["Message-ID"]).split())
        digests[message_id] = hashlib.sha256(data).hexdigest()
    return digests


def first_scan(work: Path) -> dict[str, str]:
    fill(work / "mail")
    config = work / "config.toml"
    config.write_text(_mailgen().OWNER_CONFIG + MAILBOX, encoding="utf-8")
    assert main(["-q", "poll", "--once", "--config", str(config),
                 "--now", NOW.strftime("%Y-%m-%dT%H:%M")]) == 0
    return draft_digests(work)


def use_workers(monkeypatch, wanted: bool) -> list[int]:
    """Workers for this scan or not; the list fills with what they were handed."""
    monkeypatch.setattr(triage_pool, "MIN_MESSAGES", 1 if wanted else NOTIFICATIONS + 1)
    monkeypatch.setattr(triage_pool, "worker_count", lambda: 2)
    handed: list[int] = []
    start = triage_pool.TriagePool.start

    def counted(pool: triage_pool.TriagePool, raws):  # type: ignore[no-untyped-def]
        handed.append(len(raws))
        return start(pool, raws)

    monkeypatch.setattr(triage_pool.TriagePool, "start", counted)
    return handed


def seen_records(work: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(work / "state.db") as db:
        return sorted(db.execute("SELECT uid, message_id, kind, outcome, reason, request_id "
                                 "FROM seen_messages"))


@pytest.mark.parametrize("workers", ["in-process", "worker processes"])
def test_a_first_scan_drafts_what_it_drafted_before_the_speed_work(tmp_path, monkeypatch,
                                                                   workers):
    """Triaged in-process or by worker processes, the drafts are the pinned ones."""
    monkeypatch.chdir(tmp_path)
    handed = use_workers(monkeypatch, workers == "worker processes")
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    found = first_scan(tmp_path)
    assert sum(handed) == (NOTIFICATIONS if workers == "worker processes" else 0)
    assert len(pinned) >= 60  # the pinned scan drafted for most genuine requests
    missing = sorted(set(pinned) - set(found))
    extra = sorted(set(found) - set(pinned))
    changed = sorted(m for m in set(pinned) & set(found) if pinned[m] != found[m])
    assert not (missing or extra or changed), (
        f"{len(missing)} draft(s) missing, {len(extra)} new, {len(changed)} changed; "
        f"first changed: {changed[:3]}")


def test_worker_processes_record_every_message_as_the_engine_alone_does(tmp_path,
                                                                       monkeypatch):
    records = {}
    for name in ("alone", "workers"):
        handed = use_workers(monkeypatch, name == "workers")
        work = tmp_path / name
        work.mkdir()
        monkeypatch.chdir(work)
        first_scan(work)
        records[name] = seen_records(work)
        assert sum(handed) == (NOTIFICATIONS if name == "workers" else 0)
    assert len(records["alone"]) == NOTIFICATIONS
    assert records["workers"] == records["alone"]


if __name__ == "__main__":  # regenerate the pinned digests
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        pinned_now = first_scan(Path(folder))
    PINNED.write_text(json.dumps(pinned_now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(pinned_now)} drafts pinned in {PINNED}")
