"""A private Courier-IMAP 5.0 on 127.0.0.1, run from the unpacked packages.

couriertcpd hands each connection to imaplogin, which asks authdaemond
(userdb module) over /run/courier/authdaemon/socket, then runs imapd on the
account's Maildir. authdaemond reads /etc/courier and loads its modules from
/usr/lib/courier-authlib, fixed paths: the namespace overlays them. Accounts
(userdb with {SHA} passwords) are made up front; each test takes a fresh one.

Recommended IDLE setting, used here: IMAP_ENHANCEDIDLE=1 with gamin (file
notifications) instead of a poll every IMAP_IDLE_TIMEOUT seconds.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess

from tests.servers.dovecot import Account, free_port
from tests.servers.unpacked import (
    MAIL_UID,
    NamespacedServer,
    chown_tree,
    overlay,
    private_base,
    unpacked,
)

ACCOUNTS = 60
PERSONAL_PREFIX = "INBOX."

IMAPD_ENVIRONMENT = {
    "IMAP_CAPABILITY": "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT "
                       "THREAD=REFERENCES SORT QUOTA IDLE",
    "IMAP_KEYWORDS": "1", "IMAP_ACL": "1", "IMAP_USELOCKS": "1", "IMAP_UMASK": "022",
    "IMAP_IDLE_TIMEOUT": "60", "IMAP_ENHANCEDIDLE": "1",
    "IMAP_MAILBOX_SANITY_CHECK": "1", "IMAP_TRASHFOLDERNAME": "Trash",
    "IMAP_EMPTYTRASH": "Trash:7", "IMAP_MOVE_EXPUNGE_TO_TRASH": "0",
}


def password_hash(password: str) -> str:
    return "{SHA}" + base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()


class Courier:
    """One private server: `start()`, `add_account()`, `stop()`, `cleanup()`."""

    name = "courier"

    def __init__(self, *, enhanced_idle: bool = True) -> None:
        self.enhanced_idle = enhanced_idle
        self.base = private_base("courier")
        self.port = free_port()
        self.server = NamespacedServer(self.base, "courier")
        self._accounts = 0
        self._write_accounts()

    def personal(self, folder: str) -> str:
        """The server's name for a folder of the owner's own, e.g. Drafts."""
        return PERSONAL_PREFIX + folder

    @property
    def log(self) -> str:
        return self.server.log

    def _write_accounts(self) -> None:
        conf = self.base / "conf"
        conf.mkdir()
        users, secrets = [], []
        for number in range(1, ACCOUNTS + 1):
            user = f"user{number}"
            maildir = self.base / "home" / user / "Maildir"
            for sub in ("cur", "new", "tmp"):
                (maildir / sub).mkdir(parents=True)
            users.append(f"{user}\tuid={MAIL_UID}|gid={MAIL_UID}|home={maildir.parent}"
                         f"|mail={maildir}\n")
            secrets.append(f"{user}\tsystempw={password_hash(self.password(user))}\n")
        chown_tree(self.base / "home")
        makedat = unpacked("usr/lib/courier/courier-authlib/makedatprog")
        for name, lines in (("userdb", users), ("userdbshadow", secrets)):
            subprocess.run([str(makedat), "-", str(conf / f"{name}.tmp"),
                            str(conf / f"{name}.dat")], input="".join(lines) + ".\n",
                           text=True, check=True)
        (conf / "authdaemonrc").write_text(
            'authmodulelist="authuserdb"\ndaemons=3\n'
            "authdaemonvar=/run/courier/authdaemon\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=\"\"\n")

    @staticmethod
    def password(user: str) -> str:
        return f"pw-{user}-secret"

    def start(self) -> None:
        modules = unpacked("usr/lib/courier-authlib")
        authdaemond = unpacked("usr/lib/courier/courier-authlib/authdaemond")
        environment = {**IMAPD_ENVIRONMENT, "IMAP_ENHANCEDIDLE": str(int(self.enhanced_idle))}
        exports = "".join(f"export {key}='{value}'\n" for key, value in environment.items())
        script = (overlay("/etc", "etc") + f"mkdir -p /etc/courier\ncp {self.base}/conf/* "
                  "/etc/courier/\n"
                  + overlay("/usr/lib", "usrlib") + f"cp -a {modules} /usr/lib/\n"
                  + overlay("/run", "run") + "mkdir -p /run/courier/authdaemon\n"
                  + f"{authdaemond} &\n" + exports
                  + f"export GAMIN_DEBUG_SERVER={unpacked('usr/libexec/gam_server')}\n"
                  + f"exec {unpacked('usr/sbin/couriertcpd')} -address=127.0.0.1 "
                  "-maxprocs=100 -maxperip=100 -nodnslookup -noidentlookup "
                  f"{self.port} {unpacked('usr/lib/courier/courier/imaplogin')} "
                  f"{unpacked('usr/bin/imapd')} Maildir\n")
        self.server.launch(script, self.port)

    def add_account(self) -> Account:
        if self._accounts >= ACCOUNTS:
            raise RuntimeError(f"all {ACCOUNTS} Courier test accounts are used")
        self._accounts += 1
        user = f"user{self._accounts}"
        return Account(user, self.password(user), self.base / "home" / user)

    def make_folder_on_disk(self, account: Account, folder: str) -> None:
        """`folder` (without the INBOX. prefix) as maildirmake makes it: never
        selected read-write, so Courier has no UID database for it and gives
        it a new UIDVALIDITY (the time) at every look while it is empty."""
        path = account.home / "Maildir" / f".{folder}"
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True)
        chown_tree(path)

    def stop(self) -> None:
        self.server.stop()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
