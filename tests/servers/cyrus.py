"""A private Cyrus IMAP 3.6 on 127.0.0.1, run from the unpacked packages.

Cyrus's `master` reads a private imapd.conf and cyrus.conf and runs imapd
(and `idled`, which makes IDLE announce new mail at once instead of every
`imapidlepoll` seconds) as the unprivileged mail uid. Passwords are in a
private sasldb. Cyrus logs only to syslog: the namespace points /dev/log at
a socket this process reads into cyrus.log. Each account's INBOX is made by
the admin when a test takes the account.

`altnamespace` decides where the owner's folders live: "no" puts them under
"INBOX." (Debian's default), "yes" beside INBOX at the top level (upstream's
default, here with "/" as the hierarchy separator).
"""

from __future__ import annotations

import grp
import pwd
import shutil
import subprocess

import imapclient
from imapclient.imapclient import Quota

from tests.servers.dovecot import Account, free_port
from tests.servers.unpacked import (
    MAIL_UID,
    NamespacedServer,
    SyslogSink,
    chown_tree,
    library_path,
    overlay,
    private_base,
    unpacked,
)

ACCOUNTS = 60
ADMIN, ADMIN_PASSWORD = "cyrusadmin", "pw-cyrusadmin-secret"

IMAPD_CONF = """\
configdirectory: {base}/lib
partition-default: {base}/spool
defaultpartition: default
proc_path: {base}/run/proc
mboxname_lockpath: {base}/run/lock
idlesocket: {base}/run/socket/idle
notifysocket: {base}/run/socket/notify
lmtpsocket: {base}/run/socket/lmtp
altnamespace: {altnamespace}
unixhierarchysep: {altnamespace}
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: {base}/sasldb2
sasl_mech_list: PLAIN LOGIN
admins: {admin}
cyrus_user: {user}
cyrus_group: {group}
"""

CYRUS_CONF = """\
START {{
  recover cmd="{bin}/ctl_cyrusdb -C {base}/imapd.conf -r"
{idled}}}
SERVICES {{
  imap cmd="{bin}/imapd -C {base}/imapd.conf -U 30" listen="127.0.0.1:{port}" prefork=0
}}
EVENTS {{
}}
"""


class Cyrus:
    """One private server: `start()`, `add_account()`, `stop()`, `cleanup()`."""

    def __init__(self, *, altnamespace: bool, idled: bool = True) -> None:
        self.altnamespace = altnamespace
        self.idled = idled
        self.name = "cyrus-altnamespace" if altnamespace else "cyrus"
        self.base = private_base(self.name)
        self.port = free_port()
        self.server = NamespacedServer(self.base, "cyrus")
        self.sink: SyslogSink | None = None
        self._accounts = 0
        self._write_config()

    def personal(self, folder: str) -> str:
        """The server's name for a folder of the owner's own, e.g. Drafts."""
        return folder if self.altnamespace else f"INBOX.{folder}"

    @property
    def log(self) -> str:
        return self.server.log

    def _write_config(self) -> None:
        for sub in ("lib/db", "lib/socket", "lib/log", "lib/msg", "lib/user", "lib/quota",
                    "lib/sieve", "lib/proc", "lib/ptclient", "spool", "run/proc",
                    "run/lock", "run/socket"):
            (self.base / sub).mkdir(parents=True)
        mail_user = pwd.getpwuid(MAIL_UID)
        binaries = unpacked("usr/lib/cyrus/bin")
        (self.base / "imapd.conf").write_text(IMAPD_CONF.format(
            base=self.base, altnamespace="yes" if self.altnamespace else "no",
            admin=ADMIN, user=mail_user.pw_name, group=grp.getgrgid(mail_user.pw_gid).gr_name))
        idled = f'  idled cmd="{binaries}/idled -C {self.base}/imapd.conf"\n'
        (self.base / "cyrus.conf").write_text(CYRUS_CONF.format(
            base=self.base, bin=binaries, port=self.port, idled=idled if self.idled else ""))
        saslpasswd = unpacked("usr/sbin/saslpasswd2")
        users = [(ADMIN, ADMIN_PASSWORD)] + [
            (f"user{n}", self.password(f"user{n}")) for n in range(1, ACCOUNTS + 1)]
        for user, password in users:
            subprocess.run([str(saslpasswd), "-p", "-c", "-f", str(self.base / "sasldb2"),
                            user], input=password, text=True, check=True,
                           env={"LD_LIBRARY_PATH": library_path()})
        for sub in ("lib", "spool", "run", "sasldb2"):
            chown_tree(self.base / sub)

    @staticmethod
    def password(user: str) -> str:
        return f"pw-{user}-secret"

    def start(self) -> None:
        if self.sink is None:
            self.sink = SyslogSink(self.base / "syslog.sock", self.server.log_path)
        script = (overlay("/dev", "dev") + f"ln -s {self.sink.socket_path} /dev/log\n"
                  f"exec {unpacked('usr/lib/cyrus/bin/master')} -C {self.base}/imapd.conf "
                  f"-M {self.base}/cyrus.conf -D -p {self.base}/run/master.pid\n")
        self.server.launch(script, self.port)

    def add_account(self) -> Account:
        """The next unused account, with its INBOX made by the admin."""
        if self._accounts >= ACCOUNTS:
            raise RuntimeError(f"all {ACCOUNTS} Cyrus test accounts are used")
        self._accounts += 1
        user = f"user{self._accounts}"
        admin = imapclient.IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=5)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_folder(f"user/{user}" if self.altnamespace else f"user.{user}")
        admin.logout()
        return Account(user, self.password(user), self.base / "spool")

    def deny_create(self, account: Account) -> None:
        """Let `account` have no folder beyond its INBOX (a quota on the number
        of folders, as an admin may set): CREATE then answers NO."""
        admin = imapclient.IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=5)
        admin.login(ADMIN, ADMIN_PASSWORD)
        separator = "/" if self.altnamespace else "."
        admin.set_quota([Quota(f"user{separator}{account.user}", "X-NUM-FOLDERS", 0, 1)])
        admin.logout()

    def stop(self) -> None:
        self.server.stop()

    def cleanup(self) -> None:
        self.stop()
        if self.sink is not None:
            self.sink.close()
        shutil.rmtree(self.base, ignore_errors=True)
