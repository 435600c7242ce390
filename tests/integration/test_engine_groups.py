"""The engine records messages a group per transaction and flushes the outbox
after each group; a message that fails part-way must not cost the ones
before it, and the next cycle must still give exactly one draft each."""

from __future__ import annotations

from pathlib import Path

import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.engine import Engine
from inviteassist.app.templating import template_environment
from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.config.settings import load_settings
from inviteassist.mail.maildir import MaildirMailbox
from inviteassist.store.db import Store
from tests.integration.test_pipeline_maildir import (
    GENUINE_REQUESTERS,
    NOW,
    drafts,
    greeting_name,
    poll,
)


class PoisonedEngine(Engine):
    """Drafting fails, every time, for the third requester it meets."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.met: list[str] = []

    def _draft(self, ref, parsed, verdict, *rest):
        name = verdict.requester.name
        if name not in self.met:
            self.met.append(name)
        if self.met.index(name) == 2:
            raise RuntimeError("a bug in drafting")
        return super()._draft(ref, parsed, verdict, *rest)


@pytest.fixture
def workdir(tmp_path) -> Path:
    prepare_workdir(tmp_path)
    return tmp_path


def test_a_failure_in_a_group_keeps_the_messages_before_it(workdir):
    settings = load_settings(workdir / "inviteassist.toml")
    now = parse_now(NOW, settings.owner.timezone)
    store = Store.open(Path(settings.state.path))
    engine = PoisonedEngine(settings, store, MaildirMailbox(Path(settings.mailbox.path), "demo"),
                            template_environment(settings))
    with pytest.raises(RuntimeError, match="a bug in drafting"):
        engine.run_cycle(now)
    # The group's transaction was rolled back and redone one message at a time:
    # the two requests before the failing one are recorded, their drafts wait.
    assert len(store.pending_drafts()) == 2
    assert len(store.seen_records()) >= 2
    store.close()

    assert poll(workdir) == 0
    assert len(drafts(workdir)) == 4
    assert {greeting_name(d) for d in drafts(workdir)} == GENUINE_REQUESTERS


@pytest.mark.parametrize("workers", [False, True])
def test_a_detector_bug_skips_its_message_in_process_and_in_workers(workdir, monkeypatch,
                                                                    workers):
    """One message the detector chokes on is recorded with the reason, the
    rest are drafted, whether the engine classifies or worker processes do."""
    from inviteassist.app import engine as engine_module
    from inviteassist.app import triage_pool
    from inviteassist.detect import triage as triage_module

    real = engine_module.classify

    def choking(parsed, **kwargs):
        if "Kwame" in parsed.envelope.from_name:
            raise ValueError("a bug in the detector")
        return real(parsed, **kwargs)

    monkeypatch.setattr(engine_module, "classify", choking)
    monkeypatch.setattr(triage_module, "classify", choking)  # forked workers inherit it
    monkeypatch.setattr(triage_pool, "MIN_MESSAGES", 1 if workers else 10_000)
    monkeypatch.setattr(triage_pool, "worker_count", lambda: 2)
    assert poll(workdir) == 0
    assert {greeting_name(d) for d in drafts(workdir)} == GENUINE_REQUESTERS - {"Kwame"}
    settings = load_settings(workdir / "inviteassist.toml")
    store = Store.open(Path(settings.state.path))
    skipped = [r for r in store.seen_records() if r.outcome == "malformed"]
    store.close()
    assert [r.reason for r in skipped] == ["detector error: a bug in the detector"]
