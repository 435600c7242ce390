"""Worker processes give the engine the answers it would compute itself."""

from __future__ import annotations

import os
import signal

import pytest

from inviteassist.app import triage_pool
from inviteassist.detect import triage as triage_module
from inviteassist.detect.rules import DetectionRules
from inviteassist.detect.triage import triage
from tests.conftest import FIXTURES

MAIL = sorted((FIXTURES / "mail").glob("*.eml"))
AUTHSERV = ("mx.morgan.example",)
RULES = DetectionRules(own_addresses=("alex@morgan.example",))
# What is no message at all, and a header block that lost its indentation.
ODD = [b"", b"   \r\n", b"Subject: hello\nFrom: a@b.example\nbroken line\nTo: c@d.example\n\nbody"]


@pytest.fixture
def pool():
    opened = triage_pool.TriagePool(AUTHSERV, RULES, workers=2)
    yield opened
    opened.close()


def answers(pool: triage_pool.TriagePool, messages: list[bytes]) -> list:
    pending = pool.start(messages)
    return [pending.result(index) for index in range(len(messages))]


def raws() -> list[bytes]:
    return [path.read_bytes() for path in MAIL] + ODD


def test_workers_give_the_in_process_answers(pool):
    messages = raws()
    assert len(messages) > 40
    assert answers(pool, messages) == [triage(raw, AUTHSERV, RULES) for raw in messages]


def test_a_message_rebuilt_from_its_triage_parses_like_the_original():
    for raw in raws():
        found = triage(raw, AUTHSERV, RULES)
        if found.envelope is None:
            assert found.malformed
            continue
        rebuilt = found.parsed(raw)
        assert rebuilt.envelope == found.envelope
        assert rebuilt.text == triage_module.parse_message(raw).text


def test_a_broken_pool_is_replaced_by_in_process_triage(pool, monkeypatch):
    messages = raws()
    answers(pool, messages[:3])  # the workers are running
    assert pool._executor._processes
    for process in list(pool._executor._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    here: list[bytes] = []
    in_process = pool.triage_here
    monkeypatch.setattr(pool, "triage_here", lambda raw: here.append(raw) or in_process(raw))
    found = answers(pool, messages)
    assert found == [triage(raw, AUTHSERV, RULES) for raw in messages]
    assert here == messages


def test_a_detector_failure_is_reported_not_raised(monkeypatch):
    def failing(*_args, **_kwargs):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(triage_module, "classify", failing)
    found = triage(MAIL[0].read_bytes(), AUTHSERV, RULES)
    assert found.classification is None and found.detector_error == "detector bug"
    assert found.envelope is not None


def test_small_scans_and_single_cores_stay_in_process(monkeypatch):
    monkeypatch.setattr(triage_pool, "worker_count", lambda: 2)
    assert triage_pool.open_pool(triage_pool.MIN_MESSAGES - 1, AUTHSERV, RULES) is None
    monkeypatch.setattr(triage_pool, "worker_count", lambda: 1)
    assert triage_pool.open_pool(10_000, AUTHSERV, RULES) is None
    monkeypatch.setattr(triage_pool, "worker_count", lambda: 2)
    opened = triage_pool.open_pool(triage_pool.MIN_MESSAGES, AUTHSERV, RULES)
    assert isinstance(opened, triage_pool.TriagePool)
    opened.close()
    # A first scan searched in parts: large before its messages are all found.
    opened = triage_pool.open_pool(0, AUTHSERV, RULES, large=True)
    assert isinstance(opened, triage_pool.TriagePool)
    opened.close()
