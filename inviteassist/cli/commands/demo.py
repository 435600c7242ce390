"""`inviteassist demo`: the whole pipeline once, on the bundled demo mailbox.

The demo works on a copy (a temporary folder, or `--keep DIR`), holding the
demo config, the mailbox and the state file side by side, so the owner's own
files are never touched and the copy can be explored with the other
commands afterwards. Running it again on the same `--keep` folder shows the
idempotence: nothing new, no second draft.
"""

from __future__ import annotations

import argparse
import email
import shutil
import tempfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

from inviteassist.app.clock import parse_now
from inviteassist.app.engine import CycleReport
from inviteassist.app.runtime import running
from inviteassist.cli.output import print_table
from inviteassist.config.settings import load_settings
from inviteassist.errors import EXIT_OK
from inviteassist.resources import shipped_path

CONFIG_NAME = "inviteassist.toml"


def prepare_workdir(workdir: Path) -> Path:
    """Copy the demo config and mailbox into `workdir` unless already there."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / CONFIG_NAME
    if not config.exists():
        shutil.copyfile(shipped_path("config/demo.toml"), config)
    mailbox = workdir / "demo-mailbox"
    if not mailbox.exists():
        shutil.copytree(shipped_path("examples/demo-mailbox"), mailbox)
        for sub in ("cur", "new", "tmp"):
            (mailbox / sub).mkdir(exist_ok=True)
    return config


def demo(args: argparse.Namespace) -> int:
    if args.keep:
        return _run(args.keep, args.now)
    with tempfile.TemporaryDirectory(prefix="inviteassist-demo-") as folder:
        return _run(Path(folder), args.now, temporary=True)


def _run(workdir: Path, now_text: str | None, *, temporary: bool = False) -> int:
    config = prepare_workdir(workdir)
    settings = load_settings(config)
    now = parse_now(now_text, settings.owner.timezone)
    with running(settings) as rt:
        report = rt.engine.run_cycle(now)
    print(f"Demo mailbox: {workdir / 'demo-mailbox'}")
    _print_report(report)
    print()
    print(report.describe())
    drafts = [Path(p.draft_location) for p in report.processed if p.draft_location]
    if drafts:
        print()
        print(f"One of the drafts ({drafts[0].name}):")
        print()
        print(_show_draft(drafts[0]))
    if temporary:
        print("(The demo worked in a temporary folder, now removed; use --keep DIR to keep "
              "it and run `inviteassist report --config DIR/inviteassist.toml`.)")
    else:
        print(f"Explore it: inviteassist report --config {workdir / CONFIG_NAME}")
    return EXIT_OK


def _print_report(report: CycleReport) -> None:
    if not report.processed:
        print("Nothing new: every message was already handled in an earlier run.")
        return
    print_table(("from", "subject", "kind", "outcome", "draft"), [
        (p.sender, _clip(p.subject, 44), p.kind, p.outcome,
         Path(p.draft_location).name if p.draft_location else "-")
        for p in report.processed])


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_draft(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    lines = [f"{name}: {message[name]}" for name in ("From", "To", "Subject", "In-Reply-To")
             if message[name]]
    body = message.get_body(("plain",))
    lines.append("")
    lines.append(body.get_content().rstrip() if isinstance(body, EmailMessage) else "")
    lines.append("")
    lines.extend(f"[attachment {part.get_filename()} ({part.get_content_type()})]"
                 for part in message.iter_attachments())
    return "\n".join(lines)
