"""IMAP servers run from Debian packages unpacked into a cache folder.

Cyrus and Courier conflict with dovecot-imapd, so `scripts/install-test-deps`
only downloads and unpacks them (`dpkg -x`). Their binaries look for some
files at fixed paths (/etc/courier, /run/courier, /dev/log, ...): a private
mount namespace (`unshare -m`, as root) lays overlays there for the server's
processes alone, so nothing on the machine changes.
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from tests.servers.process import await_imap_greeting, stop_group

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("INVITEASSIST_SERVER_CACHE", REPO / ".cache" / "imap-servers"))
ROOT = CACHE / "root"
MAIL_UID = 65534  # the servers refuse to run mail processes as root


def unpacked(relative: str) -> Path:
    """A file of the unpacked packages; fails with what to run when absent."""
    path = ROOT / relative
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run scripts/install-test-deps "
                           f"(it unpacks Cyrus and Courier into {CACHE})")
    return path


def library_path() -> str:
    """Where the unpacked shared libraries are (Debian's multiarch folders)."""
    multiarch = f"{platform.machine()}-linux-gnu"
    return ":".join(str(ROOT / d) for d in (f"lib/{multiarch}", "usr/lib",
                                            f"usr/lib/{multiarch}"))


def private_base(prefix: str) -> Path:
    """A temporary folder the unprivileged mail uid can traverse."""
    if os.geteuid() != 0:
        raise RuntimeError(f"{prefix} tests run the server in a private mount namespace "
                           "(unshare -m), which needs root")
    base = Path(tempfile.mkdtemp(prefix=f"inviteassist-{prefix}-"))
    base.chmod(0o755)
    return base


def overlay(target: str, upper: str) -> str:
    """Shell lines: `target` seen through an overlay whose changes live in the
    namespace's tmpfs (`$NS`), so files can be added there privately."""
    return (f"mkdir -p $NS/{upper} $NS/{upper}.work\n"
            f"mount -t overlay overlay -o lowerdir={target},upperdir=$NS/{upper},"
            f"workdir=$NS/{upper}.work {target}\n")


def chown_tree(path: Path) -> None:
    for name in (path, *path.rglob("*")):
        os.chown(name, MAIL_UID, MAIL_UID)


class NamespacedServer:
    """A server process started by a shell script inside `unshare -m`, in its
    own process group; ready when its port greets with `* OK`."""

    def __init__(self, base: Path, name: str) -> None:
        self.base = base
        self.name = name
        self.log_path = base / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        (base / "ns").mkdir()

    @property
    def log(self) -> str:
        path = self.log_path
        return path.read_text(errors="replace") if path.exists() else "(no log)"

    def launch(self, script: str, port: int, timeout: float = 15.0) -> None:
        path = self.base / "start.sh"
        path.write_text("set -e\nNS=" + str(self.base / "ns") + "\n"
                        "mount -t tmpfs tmpfs $NS\n" + script)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                ["unshare", "-m", "--propagation", "private", "sh", str(path)],
                start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                     "LD_LIBRARY_PATH": library_path()})
        await_imap_greeting(self.process, port, timeout, self.name, lambda: self.log,
                            interval=0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        stop_group(self.process)
        self.process = None


class SyslogSink:
    """A /dev/log stand-in: a datagram socket whose messages go to a file
    (Cyrus logs only to syslog; the fixture shows this file on failure)."""

    def __init__(self, socket_path: Path, log_path: Path) -> None:
        self.socket_path = socket_path
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(socket_path))
        socket_path.chmod(0o666)
        self._log = log_path.open("ab", buffering=0)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            while True:
                self._log.write(self._sock.recv(65536) + b"\n")

    def close(self) -> None:
        self._sock.close()
        self._log.close()
