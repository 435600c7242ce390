"""A private Dovecot on 127.0.0.1 for tests and benchmarks.

Started from a temporary folder with its own config, on free ports (plain
IMAP and implicit TLS with a certificate made on the fly), stopped with the
whole process group. A pool of accounts is made up front; each test takes a
fresh one.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.servers.process import await_imap_greeting, stop_group

MAIL_UID = 65534  # Dovecot refuses to run mail processes as root
ACCOUNTS = 200
QUOTA_USER, QUOTA_KB = "quota-user", 20  # one more account, with a tiny quota


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "inviteassist test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"),
                x509.IPAddress(ipaddress.IPv4Address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


CONFIG = """
base_dir = {base}/run
state_dir = {base}/state
instance_name = inviteassist-test-{port}
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = plain login
ssl = yes
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
mail_fsync = never
mail_plugins = $mail_plugins quota
plugin {{
  quota = count:User quota
  quota_vsizes = yes
}}
mail_location = maildir:~/Maildir:LAYOUT=fs
first_valid_uid = 0
default_internal_user = {internal_user}
default_login_user = {login_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
{login_chroot}
}}
service anvil {{
{anvil_chroot}
}}
service stats {{
  unix_listener stats-reader {{
    user = {internal_user}
  }}
  unix_listener stats-writer {{
    user = {internal_user}
  }}
}}
"""


@dataclass
class Account:
    user: str
    password: str
    home: Path

    @property
    def maildir(self) -> Path:
        return self.home / "Maildir"


class Dovecot:
    """One private server; `start()` it, `add_account()`, `restart()`, `stop()`."""

    name = "dovecot"

    @staticmethod
    def personal(folder: str) -> str:
        """The server's name for a folder of the owner's own: the same here."""
        return folder

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="inviteassist-dovecot-"))
        self.base.chmod(0o755)  # mail processes run as an unprivileged uid
        self.port = free_port()
        self.tls_port = free_port()
        self.cert, _ = make_certificate(self.base)
        (self.base / "home").mkdir()
        self._write_accounts()
        self.config = self.base / "dovecot.conf"
        self.config.write_text(self._config_text())
        self.process: subprocess.Popen[bytes] | None = None
        self._accounts = 0

    def _config_text(self) -> str:
        root = os.geteuid() == 0
        me = os.environ.get("USER") or "root"
        return CONFIG.format(
            base=self.base, port=self.port, tls_port=self.tls_port,
            internal_user="root" if root else me, login_user="dovenull" if root else me,
            uid=MAIL_UID if root else os.getuid(), gid=MAIL_UID if root else os.getgid(),
            login_chroot="" if root else "  chroot =", anvil_chroot="" if root else "  chroot =")

    @property
    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else "(no log)"

    def start(self, timeout: float = 10.0) -> None:
        binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        self.process = subprocess.Popen([binary, "-F", "-c", str(self.config)],
                                        start_new_session=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT)
        await_imap_greeting(self.process, self.port, timeout, "dovecot", lambda: self.log,
                            interval=0.02)

    def stop(self) -> None:
        if self.process is None:
            return
        stop_group(self.process)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def add_account(self) -> Account:
        """The next unused account. Accounts are written before the server starts:
        Dovecot notices a changed passwd-file only about a second later."""
        if self._accounts >= ACCOUNTS:
            raise RuntimeError(f"all {ACCOUNTS} test accounts are used")
        self._accounts += 1
        user = f"user{self._accounts}"
        return Account(user, f"pw-{user}-secret", self.base / "home" / user)

    def _write_accounts(self) -> None:
        lines = []
        for number in range(1, ACCOUNTS + 1):
            user = f"user{number}"
            maildir = self.base / "home" / user / "Maildir"
            maildir.mkdir(parents=True)
            if os.geteuid() == 0:
                for path in (maildir.parent, maildir):
                    os.chown(path, MAIL_UID, MAIL_UID)
            lines.append(f"{user}:pw-{user}-secret::::::\n")
        home = self.base / "home" / QUOTA_USER
        (home / "Maildir").mkdir(parents=True)
        if os.geteuid() == 0:
            for path in (home, home / "Maildir"):
                os.chown(path, MAIL_UID, MAIL_UID)
        lines.append(f"{QUOTA_USER}:pw-{QUOTA_USER}-secret::::::"
                     f"userdb_quota_rule=*:storage={QUOTA_KB}K\n")
        (self.base / "users").write_text("".join(lines))

    def quota_account(self) -> Account:
        """An account whose mailbox is full above QUOTA_KB: the server says NO."""
        return Account(QUOTA_USER, f"pw-{QUOTA_USER}-secret", self.base / "home" / QUOTA_USER)

    def doveadm(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["doveadm", "-c", str(self.config), *args], capture_output=True,
                              text=True, check=False)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
