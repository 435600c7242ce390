"""Log levels and format: timestamps unless journald, other libraries quiet."""

from __future__ import annotations

import logging
import os
import re
import sys

import pytest

from inviteassist.cli.logs import configure_logging


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    logging.getLogger("inviteassist").setLevel(logging.NOTSET)
    logging.basicConfig(level=logging.WARNING, force=True)


def _emit(capsys) -> list[str]:
    logging.getLogger("inviteassist.app.daemon").info("ours at info")
    logging.getLogger("inviteassist.app.daemon").debug("ours at debug")
    logging.getLogger("apscheduler.scheduler").info("Adding job tentatively")
    logging.getLogger("imapclient.imaplib").warning("theirs at warning")
    return capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("verbose", "daemon", "ours", "theirs"), [
    (0, False, [], ["theirs at warning"]),
    (0, True, ["ours at info"], ["theirs at warning"]),
    (1, False, ["ours at info"], ["theirs at warning"]),
    (1, True, ["ours at info", "ours at debug"], ["theirs at warning"]),
    (2, False, ["ours at info", "ours at debug"], ["Adding job tentatively", "theirs at warning"]),
])
def test_levels_the_daemon_starts_at_info_and_libraries_need_vv(capsys, monkeypatch, verbose,
                                                                daemon, ours, theirs):
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    configure_logging(verbose, False, daemon=daemon)
    lines = _emit(capsys)
    messages = [line.split(": ", 1)[1] for line in lines]
    assert messages == [*ours, *theirs]


def test_lines_carry_a_timestamp_outside_journald(capsys, monkeypatch):
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    configure_logging(0, False, daemon=True)
    line = _emit(capsys)[0]
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO inviteassist\.app\.daemon: ",
                    line)


def test_no_timestamp_when_stderr_is_the_journal(capsys, monkeypatch, tmp_path):
    with (tmp_path / "journal").open("w") as journal:
        info = os.fstat(journal.fileno())
        monkeypatch.setattr(sys, "stderr", journal)
        monkeypatch.setenv("JOURNAL_STREAM", f"{info.st_dev}:{info.st_ino}")
        configure_logging(0, False, daemon=True)
        logging.getLogger("inviteassist.app.daemon").info("alive")
    assert (tmp_path / "journal").read_text() == "INFO inviteassist.app.daemon: alive\n"


def test_a_journal_stream_of_another_file_still_gets_timestamps(capsys, monkeypatch):
    monkeypatch.setenv("JOURNAL_STREAM", "1:2")
    configure_logging(0, False, daemon=True)
    assert re.match(r"^\d{4}-", _emit(capsys)[0])
