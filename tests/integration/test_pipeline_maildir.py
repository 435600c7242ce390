"""The whole pipeline on a real Maildir: the demo mailbox, through the CLI."""

from __future__ import annotations

import email
import json
import sqlite3
from email import policy
from pathlib import Path

import icalendar
import pytest

from inviteassist.app.clock import parse_now
from inviteassist.app.engine import Engine
from inviteassist.app.runtime import running
from inviteassist.app.templating import template_environment
from inviteassist.cli.commands.demo import prepare_workdir
from inviteassist.cli.main import main
from inviteassist.config.settings import load_settings
from inviteassist.mail.maildir import MaildirMailbox
from inviteassist.store.db import Store

NOW = "2026-11-25T09:00"
GENUINE_REQUESTERS = {"Oliver", "Sofia", "Kwame", "Hannah"}


@pytest.fixture
def workdir(tmp_path) -> Path:
    prepare_workdir(tmp_path)
    return tmp_path


def inbox_snapshot(workdir: Path) -> list[tuple[str, bytes]]:
    box = workdir / "demo-mailbox"
    return sorted((str(p.relative_to(box)), p.read_bytes())
                  for sub in ("cur", "new") for p in (box / sub).iterdir())


def drafts(workdir: Path) -> list[email.message.EmailMessage]:
    folder = workdir / "demo-mailbox" / ".Drafts" / "cur"
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.iterdir())]


def poll(workdir: Path, *extra: str) -> int:
    return main(["-q", "poll", "--once", "--config", str(workdir / "inviteassist.toml"),
                 "--now", NOW, *extra])


def greeting_name(draft) -> str:
    body = draft.get_body(("plain",)).get_content()
    line = next(line for line in body.splitlines() if line.startswith("Hello "))
    return line.removeprefix("Hello ").rstrip(",")


def test_one_draft_per_genuine_request_and_none_for_the_rest(workdir, capsys):
    before = inbox_snapshot(workdir)
    assert poll(workdir) == 0
    assert "9 new message(s): 4 drafted" in capsys.readouterr().out
    made = drafts(workdir)
    assert {greeting_name(d) for d in made} == GENUINE_REQUESTERS
    assert inbox_snapshot(workdir) == before, "the owner's mail must not change"
    for draft in made:
        assert draft["Subject"] and draft["Subject"].isprintable()  # written to the requester
        assert draft["In-Reply-To"]
        assert len(list(draft.iter_attachments())) == 3


def test_only_drafted_messages_report_a_draft(workdir):
    settings = load_settings(workdir / "inviteassist.toml")
    store = Store.open(Path(settings.state.path))
    engine = Engine(settings, store, MaildirMailbox(Path(settings.mailbox.path), "demo"),
                    template_environment(settings))
    report = engine.run_cycle(parse_now(NOW, settings.owner.timezone))
    store.close()
    with_draft = {p.outcome for p in report.processed if p.draft_location}
    assert with_draft == {"drafted"}
    assert sum(1 for p in report.processed if p.draft_location) == 4


def test_a_second_run_adds_nothing(workdir, capsys):
    poll(workdir)
    first = drafts(workdir)
    capsys.readouterr()
    assert poll(workdir) == 0
    assert capsys.readouterr().out.startswith("0 new message(s)")
    assert len(drafts(workdir)) == len(first)


def test_no_two_requests_are_offered_the_same_time(workdir):
    poll(workdir)
    uids, starts = [], []
    for draft in drafts(workdir):
        for part in draft.iter_attachments():
            event = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
            uids.append(str(event["UID"]))
            starts.append(event.decoded("DTSTART"))
    assert len(uids) == len(set(uids)) == 12
    assert len(starts) == len(set(starts))


def test_report_shows_every_request_with_its_history(workdir, capsys):
    poll(workdir)
    capsys.readouterr()
    assert main(["report", "--config", str(workdir / "inviteassist.toml"), "--json"]) == 0
    requests = json.loads(capsys.readouterr().out)["requests"]
    assert len(requests) == 4
    assert {r["state"] for r in requests} == {"drafted"}
    assert all([h["state"] for h in r["history"]] == ["detected", "drafted"] for r in requests)
    assert all(len(r["options"]) == 3 for r in requests)


class _KilledAfterAppend(MaildirMailbox):
    """Appends, then dies before the engine can record the append."""

    def append_draft(self, folder: str, content: bytes) -> str | None:
        super().append_draft(folder, content)
        raise KeyboardInterrupt("killed after APPEND")


class _KilledBeforeAppend(MaildirMailbox):
    def append_draft(self, folder: str, content: bytes) -> str | None:
        raise KeyboardInterrupt("killed before APPEND")


@pytest.mark.parametrize("faulty", [_KilledAfterAppend, _KilledBeforeAppend])
def test_a_kill_around_the_append_still_gives_exactly_one_draft(workdir, faulty):
    settings = load_settings(workdir / "inviteassist.toml")
    now = parse_now(NOW, settings.owner.timezone)
    store = Store.open(Path(settings.state.path))
    crashing = Engine(settings, store, faulty(Path(settings.mailbox.path), "demo"),
                      template_environment(settings))
    with pytest.raises(KeyboardInterrupt):
        crashing.run_cycle(now)
    store.close()
    assert poll(workdir) == 0
    assert {greeting_name(d) for d in drafts(workdir)} == GENUINE_REQUESTERS
    assert len(drafts(workdir)) == 4
    with sqlite3.connect(settings.state.path) as db:
        assert db.execute("SELECT count(*) FROM drafts WHERE appended_at IS NULL").fetchone() \
            == (0,)


def test_a_working_auto_send_closes_its_outage(workdir):
    config = workdir / "inviteassist.toml"
    config.write_text(config.read_text() + '\n[smtp]\nhost = "127.0.0.1"\nauto_send = true\n')
    settings = load_settings(config)
    now = parse_now(NOW, settings.owner.timezone)
    store = Store.open(Path(settings.state.path))
    with store.transaction():
        store.begin_outage("auto-send", "connection refused", now)
    engine = Engine(settings, store, MaildirMailbox(Path(settings.mailbox.path), "demo"),
                    template_environment(settings))
    engine.outbox.flush(now)  # nothing pending: nothing to send, and nothing failed
    assert [o.ended_at for o in store.outages(now)] == [now]
    store.close()


def test_a_reloaded_config_brings_its_calendars_and_templates(workdir):
    config = workdir / "inviteassist.toml"
    settings = load_settings(config)
    with running(settings) as rt:
        assert rt.engine.busy is None
        (workdir / "busy.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        config.write_text(config.read_text() + '\n[calendar]\nics_files = ["busy.ics"]\n')
        reloaded = load_settings(config)
        rt.reconfigure(reloaded, template_environment(reloaded))
        assert rt.engine.busy is not None
        assert rt.engine.settings is reloaded and rt.engine.followup.settings is reloaded
