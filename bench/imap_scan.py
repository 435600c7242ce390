"""IMAP benchmark: inviteassist against the protocol floor on a private Dovecot.

    python3 bench/imap_scan.py            # 20,000 and 100,000 messages, 5 runs each

Starts a private Dovecot on 127.0.0.1 (tests/servers/dovecot.py), fills one
account per size by writing Maildir files (2% notifications, see mailgen.py)
and measures, each figure as the median of `--runs` runs:

- first scan: `inviteassist poll --once` from an empty state with the scan
  window covering the whole mailbox, drafting included, timed inside a fresh
  process from the command's start to its end (the interpreter's start and
  imports are reported apart, as the process's wall time); its time on the
  IMAP socket is split into what the engine's own thread waited for and what
  the read-ahead thread of a large scan read meanwhile (app/read_ahead.py),
  which overlaps local work instead of adding to it;
- floor: the same connection setup, EXAMINE, the product's UID SEARCH and one
  UID FETCH of every hit's full body, with plain imapclient;
- imapfilter: the same selection (From one of the networks' domains, arrived
  within the window) as a power user would script it, alone and then reading
  every selected message;
- idle cycle: a daemon cycle with nothing new on an open connection, in
  round trips (reads that waited for the server) and milliseconds;
- reaction: delivery (an APPEND by another client) to the draft's file in
  Drafts, with `inviteassist run` waiting in IDLE; the server's own IDLE
  notification delay is measured beside it by a plain IDLE client;
- peak RSS of the first scan's process (its own VmHWM), and of its largest
  triage worker when the scan used worker processes;
- bytes read from the server by the first scan and by the floor.

Dovecot's mail store goes to /dev/shm when it has room (creating 100,000
files is ~15x faster there), the state files to the ordinary temporary
folder, on disk like a user's. imapfilter is optional (`apt-get install
imapfilter`); without it its rows show n/a. About 6 minutes on 2 cores.

The table is printed and written with every run's raw numbers as JSON to
bench/results/. All traffic stays on 127.0.0.1; temporary folders are removed
at the end (`--keep` leaves them for inspection).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

import imapclient  # noqa: E402
import mailgen  # noqa: E402
from common import SEED, SPAN_DAYS  # noqa: E402

from inviteassist.detect.classify import network_sender_domains  # noqa: E402
from inviteassist.mail.imap_search import Interest, search_criteria  # noqa: E402
from inviteassist.store.places_file import cache_folder, ensure_places_file  # noqa: E402
from tests.servers.dovecot import MAIL_UID, Account, Dovecot  # noqa: E402
from tests.servers.process import stop_group  # noqa: E402

PASSWORD_ENV = "BENCH_IMAP_PASSWORD"
SCAN_DAYS = SPAN_DAYS + 30
IDLE_CYCLES = 10
TARGETS = {"first_scan_ratio": 2.0, "idle_round_trips": 2, "reaction_beyond_server": 1.0,
           "peak_rss_mb": 80.0}

CONFIG = mailgen.OWNER_CONFIG + """
[mailbox]
type = "imap"
account = "{user}"
first_scan_days = {days}

[imap]
host = "127.0.0.1"
port = {port}
security = "plain"
username = "{user}"
password_env = "{password_env}"
timeout_seconds = 120

[daemon]
poll_minutes = 60
idle = true

[state]
path = "{state}"
"""

IMAPFILTER = """\
options.timeout = 120
options.starttls = false
options.certificates = false
options.info = false
local account = IMAP {{ server = '127.0.0.1', port = {port}, username = '{user}',
                        password = '{password}' }}
local box = account.INBOX
local found = ({from_terms}) * box:arrived_since('{since}')
local count, size = 0, 0
for _, message in ipairs(found) do
  count = count + 1
  if {fetch} then
    local text = message[1][message[2]]:fetch_message()
    size = size + #(text or '')
  end
end
print(count .. ' ' .. size)
"""


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def count_files(folders: list[Path]) -> int:
    return sum(sum(1 for _ in folder.iterdir()) for folder in folders if folder.exists())


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Process:
    """A finished child: its last stdout line as JSON and its wall time."""

    result: dict[str, Any]
    wall: float


def run_child(argv: list[str], env: dict[str, str], workdir: Path) -> Process:
    """Run argv; the probe reports its own peak RSS (see probes.peak_rss_mb)."""
    out, err = workdir / "child.out", workdir / "child.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        code = subprocess.call(argv, stdout=stdout, stderr=stderr, env=env, cwd=REPO)
        wall = time.perf_counter() - started
    lines = out.read_text(errors="replace").strip().splitlines()
    if code != 0 or not lines:
        raise RuntimeError(f"{' '.join(argv)} failed ({code}):\n"
                           f"{err.read_text(errors='replace')[-4000:]}")
    result: dict[str, Any] = json.loads(lines[-1]) if lines[-1].startswith("{") else {
        "stdout": lines}
    return Process(result, wall)


@dataclass
class Mailbox:
    """One benchmark account and what it takes to scan it."""

    size: int
    account: Account
    corpus: mailgen.Corpus
    criteria: list[Any]
    since: str
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    idle: list[dict[str, float]] = field(default_factory=list)
    reactions: list[dict[str, float]] = field(default_factory=list)
    last_config: Path | None = None

    def add(self, name: str, run: dict[str, Any]) -> None:
        self.runs.setdefault(name, []).append(run)

    def values(self, name: str, key: str) -> list[float]:
        return [float(run[key]) for run in self.runs.get(name, []) if key in run]


class Bench:
    def __init__(self, args: argparse.Namespace, disk: str) -> None:
        self.args = args
        # State files on the disk a user's would be on (a commit's sync counts);
        # only the server's mail store may be in memory.
        self.work = Path(tempfile.mkdtemp(prefix="inviteassist-bench-", dir=disk))
        self.work.chmod(0o755)
        self.dovecot = Dovecot()
        self.env = dict(os.environ)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.imapfilter = shutil.which("imapfilter")
        self.now = datetime.now(UTC)
        self.deliveries = 0

    # -- set-up ---------------------------------------------------------------------

    def admin(self, account: Account) -> imapclient.IMAPClient:
        client = imapclient.IMAPClient("127.0.0.1", port=self.dovecot.port, ssl=False,
                                       timeout=120)
        client.login(account.user, account.password)
        return client

    def build(self, size: int, seed: int) -> Mailbox:
        account = self.dovecot.add_account()
        started = time.perf_counter()
        corpus = mailgen.fill_maildir(account.maildir, size, seed=seed, now=self.now,
                                      span_days=SPAN_DAYS,
                                      owner_uid=MAIL_UID if os.geteuid() == 0 else None)
        log(f"{size:,} messages written ({corpus.bytes / 1e6:.0f} MB, "
            f"{corpus.notifications} notifications) in {time.perf_counter() - started:.1f} s")
        since = (self.now - timedelta(days=SCAN_DAYS)).date()
        criteria = search_criteria(Interest(network_sender_domains()), after_uid=None,
                                   since=since)
        text = [item.strftime("%d-%b-%Y") if hasattr(item, "strftime") else item
                for item in criteria]
        box = Mailbox(size, account, corpus, text, since.strftime("%d-%b-%Y"))
        started = time.perf_counter()
        client = self.admin(account)
        client.select_folder("INBOX", readonly=True)  # builds Dovecot's index
        for _ in range(3):                             # and its header cache
            uids = client.search(text)
        client.fetch(uids, [b"BODY.PEEK[]"])           # page cache
        client.select_folder("Drafts")
        client.logout()
        log(f"index built and warmed in {time.perf_counter() - started:.1f} s: "
            f"{len(uids)} candidates")
        return box

    def config(self, box: Mailbox, name: str) -> Path:
        folder = self.work / f"{box.size}-{name}"
        folder.mkdir()
        path = folder / "config.toml"
        path.write_text(CONFIG.format(user=box.account.user, days=SCAN_DAYS,
                                      port=self.dovecot.port, password_env=PASSWORD_ENV,
                                      state=folder / "state.sqlite3"))
        return path

    def clear_drafts(self, box: Mailbox) -> None:
        client = self.admin(box.account)
        client.select_folder("Drafts")
        uids = client.search(["ALL"])
        if uids:
            client.delete_messages(uids)
            client.expunge()
        client.logout()

    def child_env(self, box: Mailbox) -> dict[str, str]:
        return {**self.env, PASSWORD_ENV: box.account.password}

    # -- measurements --------------------------------------------------------------

    def first_scan(self, box: Mailbox, run: int) -> None:
        self.clear_drafts(box)
        config = self.config(box, f"scan{run}")
        done = run_child([sys.executable, str(BENCH / "probes.py"), "first-scan", str(config)],
                         self.child_env(box), config.parent)
        if done.result.get("exit") != 0:
            raise RuntimeError(f"poll --once failed: {done.result}")
        box.add("scan", {**done.result, "process_wall": done.wall})
        box.last_config = config

    def floor(self, box: Mailbox, run: int) -> None:
        folder = self.work / f"{box.size}-floor{run}"
        folder.mkdir()
        done = run_child([sys.executable, str(BENCH / "probes.py"), "floor", "127.0.0.1",
                          str(self.dovecot.port), box.account.user, json.dumps(box.criteria)],
                         self.child_env(box), folder)
        box.add("floor", {**done.result, "process_wall": done.wall})

    def imapfilter_run(self, box: Mailbox, run: int, fetch: bool) -> None:
        assert self.imapfilter is not None
        folder = self.work / f"{box.size}-imapfilter{run}-{int(fetch)}"
        folder.mkdir()
        terms = " + ".join(f"box:contain_from('{domain}')"
                           for domain in network_sender_domains())
        script = folder / "config.lua"
        script.write_text(IMAPFILTER.format(
            port=self.dovecot.port, user=box.account.user, password=box.account.password,
            from_terms=terms, since=box.since, fetch="true" if fetch else "false"))
        env = {**self.env, "HOME": str(folder)}
        started = time.perf_counter()
        done = subprocess.run([self.imapfilter, "-c", str(script)], env=env, cwd=folder,
                              capture_output=True, text=True, timeout=600, check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"imapfilter failed:\n{done.stdout}\n{done.stderr}")
        count, size = (int(x) for x in done.stdout.split()[-2:])
        if box.runs.get("floor") and count != box.runs["floor"][-1]["candidates"]:
            log(f"imapfilter selected {count} messages, the floor "
                f"{box.runs['floor'][-1]['candidates']}: not the same selection")
        box.add("imapfilter_fetch" if fetch else "imapfilter_select",
                {"seconds": seconds, "candidates": count, "candidate_bytes": size})

    def profile(self, box: Mailbox) -> Path:
        """One more first scan under pyinstrument, not counted in the medians."""
        self.clear_drafts(box)
        config = self.config(box, "profile")
        self.args.results.mkdir(parents=True, exist_ok=True)
        out: Path = self.args.results / f"imap_scan-profile-{box.size}.txt"
        run_child([sys.executable, str(BENCH / "probes.py"), "first-scan", str(config),
                   str(out)], self.child_env(box), config.parent)
        return out

    def idle_cycles(self, box: Mailbox) -> None:
        assert box.last_config is not None
        done = run_child([sys.executable, str(BENCH / "probes.py"), "idle-cycles",
                          str(box.last_config), str(IDLE_CYCLES)], self.child_env(box),
                         box.last_config.parent)
        box.idle = done.result["cycles"]

    def reaction(self, box: Mailbox, deliveries: int) -> None:
        """Deliveries to a running daemon; each timed to its draft's file."""
        assert box.last_config is not None
        drafts = [box.account.maildir / "Drafts" / sub for sub in ("new", "cur")]
        log_path = self.dovecot.base / "dovecot.log"
        logins_before = self._logins(log_path, box.account.user)
        daemon_log = (box.last_config.parent / "daemon.log").open("wb")
        daemon = subprocess.Popen(
            [sys.executable, "-m", "inviteassist", "-v", "run", "--config",
             str(box.last_config)], env=self.child_env(box), cwd=REPO,
            stdout=daemon_log, stderr=subprocess.STDOUT, start_new_session=True)
        watcher = self.admin(box.account)
        sender = self.admin(box.account)
        try:
            self._wait(lambda: self._logins(log_path, box.account.user) >= logins_before + 2,
                       30, "the daemon's two IMAP connections", daemon)
            watcher.select_folder("INBOX", readonly=True)
            # One delivery unmeasured: the daemon has then done its start-up cycles
            # and sits in IDLE, as it does for days.
            self._deliver(box, watcher, sender, drafts, daemon)
            for _ in range(deliveries):
                time.sleep(1.0)  # the cycle's tail (Sent, follow-ups) ends
                box.reactions.append(self._deliver(box, watcher, sender, drafts, daemon))
        finally:
            with contextlib.suppress(Exception):
                watcher.logout()
            with contextlib.suppress(Exception):
                sender.logout()
            stop_group(daemon, timeout=20)
            daemon_log.close()

    def _deliver(self, box: Mailbox, watcher: imapclient.IMAPClient,
                 sender: imapclient.IMAPClient, drafts: list[Path],
                 daemon: subprocess.Popen[bytes]) -> dict[str, float]:
        before = count_files(drafts)
        seen: dict[str, float] = {}
        stop = threading.Event()

        def watch_drafts() -> None:
            while not stop.is_set():
                if count_files(drafts) > before:
                    seen["draft"] = time.perf_counter()
                    return
                time.sleep(0.002)

        thread = threading.Thread(target=watch_drafts, daemon=True)
        watcher.idle()
        thread.start()
        self.deliveries += 1
        message = mailgen.new_invitation(self.deliveries, datetime.now(UTC))
        sender.append("INBOX", message.replace(b"\n", b"\r\n"))
        delivered = time.perf_counter()
        notified = float("nan")
        deadline = delivered + 10
        while time.perf_counter() < deadline:
            responses = watcher.idle_check(timeout=1)
            if any(len(r) > 1 and r[1] == b"EXISTS" for r in responses):
                notified = time.perf_counter()
                break
        watcher.idle_done()
        thread.join(timeout=20)
        stop.set()
        if "draft" not in seen:
            assert box.last_config is not None
            daemon_log = (box.last_config.parent / "daemon.log").read_text(errors="replace")
            raise RuntimeError(f"no draft within 20 s of a delivery (daemon exit "
                               f"{daemon.poll()}); its log ends:\n{daemon_log[-3000:]}")
        return {"reaction": seen["draft"] - delivered, "server_delay": notified - delivered}

    @staticmethod
    def _logins(path: Path, user: str) -> int:
        if not path.exists():
            return 0
        text = path.read_text(errors="replace")
        return sum(1 for line in text.splitlines() if "Login:" in line and f"<{user}>" in line)

    @staticmethod
    def _wait(condition: Callable[[], bool], timeout: float, what: str,
              process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if process.poll() is not None:
                raise RuntimeError(f"the daemon exited ({process.returncode}) before {what}")
            time.sleep(0.05)
        raise RuntimeError(f"timed out waiting for {what}")

    # -- the whole run ----------------------------------------------------------

    def measure(self, box: Mailbox) -> None:
        steps: list[tuple[str, Callable[[int], None]]] = [
            ("floor", lambda run: self.floor(box, run)),
            ("first scan", lambda run: self.first_scan(box, run)),
        ]
        if self.imapfilter:
            steps += [("imapfilter select", lambda run: self.imapfilter_run(box, run, False)),
                      ("imapfilter fetch", lambda run: self.imapfilter_run(box, run, True))]
        for run in range(self.args.runs):
            rotated = steps[run % len(steps):] + steps[:run % len(steps)]
            for _, step in rotated:
                step(run)
            scan = box.runs["scan"][-1]
            log(f"{box.size:,} run {run + 1}/{self.args.runs}: floor "
                f"{box.runs['floor'][-1]['seconds'] * 1000:.0f} ms, first scan "
                f"{scan['seconds'] * 1000:.0f} ms ({scan['summary']})")
        if self.args.profile:
            log(f"{box.size:,} profile of a first scan: {self.profile(box)}")
        self.idle_cycles(box)
        log(f"{box.size:,} idle cycles: {[round(c['seconds'] * 1000, 1) for c in box.idle]} ms")
        self.reaction(box, self.args.runs)
        log(f"{box.size:,} reactions: {[round(r['reaction'], 3) for r in box.reactions]} s")

    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        path, built = ensure_places_file(cache_folder())  # as `check` does before a daemon
        log(f"place-name file {path} {'built' if built else 'ready'} in "
            f"{time.perf_counter() - started:.1f} s (once per installed dataset, not counted)")
        self.dovecot.start()
        boxes = []
        for index, size in enumerate(self.args.sizes):
            box = self.build(size, self.args.seed + index)
            self.measure(box)
            boxes.append(box)
        return report(boxes, self)

    def cleanup(self) -> None:
        self.dovecot.stop()
        if self.args.keep:
            log(f"kept {self.work} and {self.dovecot.base}")
            return
        self.dovecot.cleanup()
        shutil.rmtree(self.work, ignore_errors=True)


# -- the report -------------------------------------------------------------------------


def drafted(summary: str) -> int:
    """The draft count in `poll`'s summary line."""
    found = re.search(r"(\d+) drafted", summary)
    return int(found.group(1)) if found else 0


def summarise(box: Mailbox) -> dict[str, Any]:
    floor = median(box.values("floor", "seconds"))
    scan = median(box.values("scan", "seconds"))
    reaction = median([r["reaction"] for r in box.reactions])
    server = median([r["server_delay"] for r in box.reactions])
    summary: dict[str, Any] = {
        "messages": box.size,
        "notifications": box.corpus.notifications,
        "mailbox_mb": box.corpus.bytes / 1e6,
        "candidates": int(median(box.values("floor", "candidates"))),
        "candidate_mb": median(box.values("floor", "candidate_bytes")) / 1e6,
        "floor_ms": floor * 1000,
        "floor_round_trips": median(box.values("floor", "round_trips")),
        "scan_ms": scan * 1000,
        "scan_min_ms": min(box.values("scan", "seconds")) * 1000,
        "scan_max_ms": max(box.values("scan", "seconds")) * 1000,
        "scan_received_mb": median(box.values("scan", "received_bytes")) / 1e6,
        "floor_received_mb": median(box.values("floor", "received_bytes")) / 1e6,
        "worker_rss_mb": median(box.values("scan", "worker_rss_mb")),
        "scan_ratio": scan / floor,
        "scan_imap_ms": median(box.values("scan", "imap_seconds")) * 1000,
        "scan_local_ms": (scan - median(box.values("scan", "imap_seconds"))) * 1000,
        "scan_ahead_ms": median(box.values("scan", "ahead_seconds")) * 1000,
        "scan_round_trips": median(box.values("scan", "round_trips")),
        "scan_process_ms": median(box.values("scan", "process_wall")) * 1000,
        "scan_summary": box.runs["scan"][-1]["summary"],
        "drafts": drafted(box.runs["scan"][-1]["summary"]),
        "rss_mb": median(box.values("scan", "rss_mb")),
        "floor_rss_mb": median(box.values("floor", "rss_mb")),
        "idle_round_trips": max((c["round_trips"] for c in box.idle), default=float("nan")),
        "idle_ms": median([c["seconds"] for c in box.idle]) * 1000,
        "idle_imap_ms": median([c["imap_seconds"] for c in box.idle]) * 1000,
        "reaction_s": reaction,
        "server_delay_s": server,
        "reaction_beyond_server_s": reaction - server,
    }
    for name in ("imapfilter_select", "imapfilter_fetch"):
        seconds = box.values(name, "seconds")
        summary[f"{name}_ms"] = median(seconds) * 1000 if seconds else None
    return summary


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def table(rows: list[dict[str, Any]]) -> str:
    def line(label: str, target: str, cells: Callable[[dict[str, Any]], str]) -> str:
        return f"| {label} | " + " | ".join(cells(r) for r in rows) + f" | {target} |"

    def vs_imapfilter(r: dict[str, Any], key: str) -> str:
        peer = r[key]
        return "n/a" if peer is None else f"{_ms(peer)} ({r['scan_ms'] / peer:.2f}x)"

    head = "| figure (median of runs) | " + " | ".join(
        f"{r['messages']:,} msgs" for r in rows) + " | target |"
    lines = [
        head, "|---|" + "---:|" * len(rows) + "---|",
        line("candidates (notifications) / their MB", "", lambda r:
             f"{r['candidates']:,} ({r['notifications']:,}) / {r['candidate_mb']:.1f}"),
        line("floor: EXAMINE + UID SEARCH + FETCH bodies, ms", "", lambda r:
             _ms(r["floor_ms"])),
        line("first scan `poll --once`, ms (fastest-slowest run)", "", lambda r:
             f"{_ms(r['scan_ms'])} ({_ms(r['scan_min_ms'])}-{_ms(r['scan_max_ms'])})"),
        line("  drafts it wrote (one MULTIAPPEND per 100 messages)", "", lambda r:
             f"{r['drafts']:,}"),
        line("first scan / floor", "<= 2.0", lambda r: f"{r['scan_ratio']:.2f}x"),
        line("  MB read from the server: scan / floor", "", lambda r:
             f"{r['scan_received_mb']:.1f} / {r['floor_received_mb']:.1f}"),
        line("  of which waiting on IMAP, ms (round trips)", "", lambda r:
             f"{_ms(r['scan_imap_ms'])} ({r['scan_round_trips']:,.0f})"),
        line("  of which local work (parse, detect, draft, store), ms", "", lambda r:
             _ms(r["scan_local_ms"])),
        line("  reading ahead on IMAP meanwhile (overlaps local work), ms", "", lambda r:
             _ms(r["scan_ahead_ms"])),
        line("  whole process incl. Python start + imports, ms", "", lambda r:
             _ms(r["scan_process_ms"])),
        line("imapfilter: same selection, ms (scan / it)", "scan faster", lambda r:
             vs_imapfilter(r, "imapfilter_select_ms")),
        line("imapfilter: selection + read each message, ms (scan / it)", "", lambda r:
             vs_imapfilter(r, "imapfilter_fetch_ms")),
        line("idle cycle (daemon, nothing new): round trips", "<= 2", lambda r:
             f"{r['idle_round_trips']:.0f}"),
        line("  ms in all / of which waiting on IMAP", "", lambda r:
             f"{r['idle_ms']:.1f} / {r['idle_imap_ms']:.1f}"),
        line("reaction under IDLE: delivery to draft, s", "", lambda r:
             f"{r['reaction_s']:.2f}"),
        line("  server's own IDLE notification delay, s", "", lambda r:
             f"{r['server_delay_s']:.2f}"),
        line("  reaction beyond the server's delay, s", "<= 1.0", lambda r:
             f"{r['reaction_beyond_server_s']:.2f}"),
        line("peak RSS of the first scan, MB", "<= 80", lambda r: f"{r['rss_mb']:.0f}"),
        line("  the floor's, holding every body at once, MB", "", lambda r:
             f"{r['floor_rss_mb']:.0f}"),
        line("  the largest triage worker's (forked: shares the parent's pages), MB", "",
             lambda r: f"{r['worker_rss_mb']:.0f}" if r["worker_rss_mb"] else "none"),
    ]
    return "\n".join(lines)


def report(boxes: list[Mailbox], bench: Bench) -> dict[str, Any]:
    rows = [summarise(box) for box in boxes]
    growth = rows[-1]["rss_mb"] - rows[0]["rss_mb"] if len(rows) > 1 else 0.0
    candidate_growth = rows[-1]["candidate_mb"] - rows[0]["candidate_mb"] if len(rows) > 1 \
        else 0.0
    return {
        "command": "python3 bench/imap_scan.py " + " ".join(sys.argv[1:]),
        "when": bench.now.isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "dovecot": _version(["dovecot", "--version"]),
                    "imapfilter": _version([bench.imapfilter, "-V"]) if bench.imapfilter
                    else None, "imapclient": imapclient.__version__,
                    "mail_store": str(bench.dovecot.base.parent),
                    "state_files": str(bench.work.parent)},
        "runs": bench.args.runs,
        "targets": TARGETS,
        "summary": rows,
        "rss_growth_mb": growth,
        "candidate_growth_mb": candidate_growth,
        "table": table(rows),
        "raw": [{"messages": box.size, "corpus_kinds": dict(box.corpus.kinds),
                 "runs": box.runs, "idle_cycles": box.idle, "reactions": box.reactions}
                for box in boxes],
    }


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "?"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or
                                                                      done.stderr) else "?"


@contextlib.contextmanager
def mail_store(choice: str | None) -> Iterator[str]:
    """Dovecot's temporary folder on `choice`, else on /dev/shm when it has room
    (creating 100,000 files there is ~15x faster than on this machine's disk)."""
    folder = choice
    if folder is None and Path("/dev/shm").is_dir():
        free = shutil.disk_usage("/dev/shm").free
        folder = "/dev/shm" if free > 4 << 30 else None
    previous = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield tempfile.gettempdir()
    finally:
        tempfile.tempdir = previous


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--tmp", help="where the mailboxes go (default /dev/shm if roomy)")
    parser.add_argument("--results", type=Path, default=BENCH / "results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one first scan per size with pyinstrument "
                             "(pip install pyinstrument) into the results folder")
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the server stops and its files go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.profile and importlib.util.find_spec("pyinstrument") is None:
        print("--profile needs pyinstrument: python3 -m pip install pyinstrument",
              file=sys.stderr)
        return 2
    if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists():
        print("dovecot is needed: apt-get install dovecot-imapd imapfilter", file=sys.stderr)
        return 2
    disk = tempfile.gettempdir()
    with mail_store(args.tmp) as where:
        log(f"mailboxes in {where}, state files in {disk}; sizes {args.sizes}, "
            f"{args.runs} runs each")
        bench = Bench(args, disk)
        if bench.imapfilter is None:
            log("imapfilter not found (apt-get install imapfilter): its rows show n/a")
        try:
            result = bench.run()
        finally:
            bench.cleanup()
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"imap_scan-{stamp}.json", "imap_scan-latest.json"):
        (args.results / name).write_text(json.dumps(result, indent=2) + "\n")
    print(result["table"])
    print(f"\npeak RSS grew {result['rss_growth_mb']:.1f} MB between the sizes while the "
          f"candidates grew {result['candidate_growth_mb']:.1f} MB; raw runs in "
          f"{args.results / f'imap_scan-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
