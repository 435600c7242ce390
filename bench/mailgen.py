"""Synthetic mailboxes for the IMAP benchmark, written straight into a Maildir.

A mailbox of N messages holds 2% notifications of the kinds the detector
knows, in several eras and languages, derived from the repository's own mail
fixtures (tests/fixtures/mail) with a fresh requester, invitation id, profile
and Message-ID each: LinkedIn invitations (2011, 2015 guest, 2016, html-only,
current with a note in one of five languages), Portuguese guest reminders,
"accepted" notices, message notifications, InMails, invitations whose DKIM or
DMARC failed, plus Facebook friend requests (2010 English, 2019 German) and
XING contact requests (German). The rest is ordinary mail: short personal
mail, HTML newsletters, about 1% with large attachments, a few look-alike
phishing mails and colleagues writing from a linkedin.com address (some with
attachments: candidates that are large).

Files go to `Maildir/cur/` with Dovecot's `,S=<size>:2,<flags>` names and LF
line ends, each with an mtime (Dovecot's INTERNALDATE) spread over the last
`span_days` days. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import quopri
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "mail"
NOTIFICATION_SHARE = 0.02
OWNER = "Jamie Rivera <jamie@rivera.example>"
# The owner of such a mailbox as a config: the address the mail goes to, the
# server whose Authentication-Results the mail carries, and a working week.
# The benchmark's config and the tests that scan these mailboxes start here.
OWNER_CONFIG = """\
[owner]
name = "Jamie Rivera"
email = "jamie@rivera.example"
timezone = "Europe/Berlin"

[detection]
authserv_ids = ["mx.rivera.example"]

[availability.windows]
monday = ["09:30-12:00", "14:00-17:00"]
tuesday = ["09:30-12:00", "14:00-17:00"]
wednesday = ["09:30-12:00"]
thursday = ["09:30-12:00", "14:00-17:00"]
friday = ["09:30-12:00"]
"""

FIRST_NAMES = (
    "Aiko", "Amara", "Anders", "Aneta", "Arjun", "Astrid", "Bruno", "Camila", "Carmen",
    "Chidi", "Dariusz", "Elif", "Emeka", "Fatima", "Felipe", "Freya", "Gustavo", "Hana",
    "Ingrid", "Ivan", "Jelena", "Joaquim", "Kamala", "Karin", "Leila", "Lorenzo", "Lucia",
    "Mads", "Malik", "Mariana", "Mateus", "Mei", "Mikko", "Nadia", "Nikolai", "Noemi",
    "Oskar", "Paola", "Quentin", "Rania", "Renata", "Sakura", "Selin", "Sofia", "Soren",
    "Tariq", "Teresa", "Ulrich", "Valentina", "Wanjiru", "Xavier", "Yusuf", "Zofia", "Zoltan",
)
LAST_NAMES = (
    "Abara", "Almeida", "Andersen", "Baptiste", "Bergstrom", "Castellano", "Dimitrov",
    "Eriksen", "Fernandes", "Fontaine", "Gallagher", "Haddad", "Holmberg", "Ibrahim",
    "Jankowski", "Kagame", "Kowalczyk", "Lindqvist", "Lombardi", "Marchetti", "Moreau",
    "Nakamura", "Novak", "Okafor", "Oliveira", "Petrovic", "Quintero", "Rasmussen",
    "Rinaldi", "Sandoval", "Schreiber", "Sorensen", "Takahashi", "Tanaka", "Urbanski",
    "Vasquez", "Virtanen", "Wojcik", "Yamamoto", "Zielinski", "Brandt", "Costa", "Duarte",
    "Esposito", "Fischer", "Gomes", "Hartmann", "Ivanova", "Keller", "Lund",
)
NOTES = (
    "I enjoyed your talk on event sourcing and would love to compare notes on billing "
    "pipelines.",
    "Ich habe Ihren Vortrag über Datenplattformen gesehen und würde mich gern austauschen.",
    "J'ai beaucoup apprécié votre présentation sur les pipelines de données. "
    "Pouvons-nous en discuter ?",
    "Me gustó mucho tu charla sobre arquitectura de datos. ¿Podemos hablar pronto?",
    "Gostaria de conversar sobre o projeto de dados abertos. Podemos marcar uma chamada?",
)


@dataclass(frozen=True)
class Template:
    """A fixture and the strings in it that identify its requester."""

    kind: str
    fixture: str
    weight: int
    first: str = ""
    last: str = ""
    digits: tuple[str, ...] = ()   # invitation ids: replaced by fresh digits
    tokens: tuple[str, ...] = ()   # profile ids, slugs: replaced by fresh letters
    note: str = ""                 # replaced by a note in one of five languages


LINKEDIN = (
    Template("invitation, current (note)", "linkedin_via_personal_note", 16, "Dana", "Whitfield",
             ("7391234567890123456",), ("dana-whitfield-4b7a21",),
             "I enjoyed your talk at the Leeds data meetup on event sourcing. We are moving our "
             "billing pipeline to the same model and I would love to compare notes."),
    Template("invitation, 2016", "linkedin_2016_form", 12, "Priya", "Natarajan",
             ("7140022331847756120",), ("AAsAACk9pR2vYt5hW0qLnB3cXe7uJ1mZs4oIdFg",)),
    Template("invitation, 2016 html-only", "linkedin_html_only", 5, "Chen", "Wei",
             ("7166019283746501234",), ("AAsAAD0nQ7wEr5tYu1iOp9aSd3fGh6jKl2zXc8v",)),
    Template("invitation, 2011", "linkedin_2011_member", 5, "Tomasz", "Wierzbicki"),
    Template("invitation, 2015 guest", "linkedin_guest_invite", 4, "keiko", "",
             ("6031847562019384756",)),
    Template("reminder, Portuguese", "linkedin_guest_reminder", 5, "Rafael", "Souza",
             ("6201938475610293847",)),
    Template("accepted", "linkedin_accepted", 14, "Jordan", "Lee", (), ("jordan-lee-ef",)),
    Template("message notification", "linkedin_message_notification", 14, "Sam", "Carter"),
    Template("InMail", "linkedin_inmail_relay", 5, "Henrik", "Olsen"),
    Template("invitation, DKIM failed", "auth_dkim_fail", 2, "Priya", "Natarajan",
             ("7140022331847756120",), ("AAsAACk9pR2vYt5hW0qLnB3cXe7uJ1mZs4oIdFg",)),
    Template("invitation, DMARC failed", "auth_dmarc_fail", 2, "Priya", "Natarajan",
             ("7140022331847756120",), ("AAsAACk9pR2vYt5hW0qLnB3cXe7uJ1mZs4oIdFg",)),
)

FACEBOOK_2010 = """\
Date: {date}
To: {owner}
From: Facebook <notification+{token}@facebookmail.com>
Reply-to: noreply <noreply@facebookmail.com>
Subject: {name} wants to be friends on Facebook.
Message-ID: <{mid}@www.facebook.com>
X-Mailer: ZuckMail [version 1.00]
X-Facebook-Notify: friend; from={uid}; mailid={token}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{name} wants to be friends on Facebook.

To confirm this friend request, follow the link below:
http://www.facebook.com/n/?reqs.php&mid={token}&n_m=jamie%40rivera.example

Thanks,
The Facebook Team
"""

FACEBOOK_2019_DE = """\
Date: {date}
To: {owner}
From: Facebook <notification@facebookmail.com>
Subject: {name} möchte mit dir auf Facebook befreundet sein
Message-ID: <{mid}@facebookmail.com>
X-Facebook-Notify: friend; from={uid}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{name} möchte mit dir auf Facebook befreundet sein.

Anfrage bestätigen: https://www.facebook.com/friends/requests/?profile_id={uid}&ref=email

Profil ansehen: https://www.facebook.com/profile.php?id={uid}

Diese Nachricht wurde an jamie@rivera.example gesendet.
"""

XING_DE = """\
Date: {date}
To: {owner}
From: XING <mailrobot@mail.xing.com>
Subject: Kontaktanfrage von {name}
Message-ID: <{mid}@mail.xing.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Hallo Jamie Rivera,

{name} möchte Sie als Kontakt hinzufügen.

"{note}"

Kontaktanfrage bestätigen: https://www.xing.com/contacts/requests/{uid}

Profil ansehen: https://www.xing.com/profile/{slug}

Viele Grüße
Ihr XING-Team
"""

TEXT_TEMPLATES = (
    ("Facebook friend request, 2010", FACEBOOK_2010, 6),
    ("Facebook friend request, 2019 German", FACEBOOK_2019_DE, 5),
    ("XING contact request, German", XING_DE, 5),
)

WORDS = ("project", "budget", "review", "meeting", "quarter", "report", "draft", "team",
         "schedule", "update", "client", "proposal", "contract", "invoice", "travel", "office",
         "launch", "roadmap", "feedback", "hiring", "design", "release", "migration",
         "database", "customer", "support", "workshop", "agenda", "lunch", "weekend", "family",
         "photos", "holiday", "tickets", "garden", "school", "football", "concert", "recipe",
         "apartment")
PEOPLE_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "posteo.de", "web.de",
                  "acme.example", "northwind.example", "contoso.example", "globex.example")
NEWSLETTER_SENDERS = ("news@shop.example", "digest@medium-like.example",
                      "offers@airline.example", "updates@github-like.example",
                      "newsletter@bank.example", "team@saas.example")


@dataclass
class Corpus:
    """What was written: counts and sizes, for the report."""

    messages: int = 0
    bytes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    notifications: int = 0
    large: int = 0


def _qp(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


_MID, _DATE = "@@MESSAGE-ID@@", "@@DATE@@"


def _part(index: int) -> str:
    return f"@@PART-{index}@@"


def _skeleton(path: Path) -> tuple[str, list[tuple[str, bool]]]:
    """A fixture with placeholders for its Message-ID, Date and each part's
    payload, and those payloads decoded: a variant is made by string edits and
    re-encoding, without going through the email package per message."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    message.replace_header("Message-ID", _MID)
    message.replace_header("Date", _DATE)
    parts: list[tuple[str, bool]] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        quoted = (part["Content-Transfer-Encoding"] or "").lower() == "quoted-printable"
        parts.append((payload.decode("utf-8"), quoted))
        part.set_payload(_part(len(parts) - 1))
    return message.as_bytes().decode("utf-8"), parts


class Generator:
    """Makes messages; `rng` drives every choice, so a seed fixes the mailbox."""

    def __init__(self, seed: int, names: tuple[tuple[str, ...], tuple[str, ...]] = (
            FIRST_NAMES, LAST_NAMES)) -> None:
        self.rng = random.Random(seed)
        self.serial = 0
        self.first_names, self.last_names = names
        self.skeletons = {t.fixture: _skeleton(FIXTURES / f"{t.fixture}.eml") for t in LINKEDIN}
        self.noise = base64.encodebytes(os.urandom(1_100_000)).decode("ascii")
        self.paragraphs = [self._paragraph() for _ in range(300)]

    # -- helpers ---------------------------------------------------------------

    def _paragraph(self) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(20, 90))]
        return " ".join(words).capitalize() + "."

    def _name(self) -> tuple[str, str]:
        self.serial += 1
        n, first, last = self.serial, self.first_names, self.last_names
        return first[n % len(first)], last[(n // len(first)) % len(last)]

    def _digits(self, like: str) -> str:
        return like[0] + "".join(self.rng.choice("0123456789") for _ in like[1:])

    def _token(self, like: str, first: str, last: str) -> str:
        if "-" in like:  # a vanity slug: first-last-xxxx
            tail = "".join(self.rng.choice("0123456789abcdef") for _ in range(6))
            return f"{first.lower()}-{last.lower()}-{tail}"
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return like[:4] + "".join(self.rng.choice(alphabet) for _ in like[4:])

    def _mid(self) -> str:
        return f"{self.rng.getrandbits(64):x}.{self.serial}"

    # -- notifications ---------------------------------------------------------------

    def notification(self, when: datetime) -> tuple[str, bytes]:
        weights = [t.weight for t in LINKEDIN] + [w for _, _, w in TEXT_TEMPLATES]
        index = self.rng.choices(range(len(weights)), weights)[0]
        if index < len(LINKEDIN):
            return LINKEDIN[index].kind, self._from_fixture(LINKEDIN[index], when)
        kind, text, _ = TEXT_TEMPLATES[index - len(LINKEDIN)]
        first, last = self._name()
        body = text.format(date=format_datetime(when), owner=OWNER, name=f"{first} {last}",
                           token=self._token("AAAA" + "x" * 16, first, last),
                           mid=self._mid(), uid=self.rng.randint(10**9, 10**10),
                           slug=f"{first}_{last}", note=self.rng.choice(NOTES))
        return kind, body.encode("utf-8")

    def _from_fixture(self, template: Template, when: datetime) -> bytes:
        first, last = self._name()
        pairs: list[tuple[str, str]] = [(d, self._digits(d)) for d in template.digits]
        pairs += [(t, self._token(t, first, last)) for t in template.tokens]
        if template.note:
            pairs.append((template.note, self.rng.choice(NOTES)))
        if template.last:
            pairs.append((f"{template.first} {template.last}", f"{first} {last}"))
        pairs.append((template.first, first if template.last else first.lower()))
        if template.last:
            pairs.append((template.last, last))

        def swap(text: str) -> str:
            for old, new in pairs:
                text = text.replace(old, new)
            return text

        skeleton, parts = self.skeletons[template.fixture]
        head, _, rest = skeleton.partition("\n\n")
        text = (swap(head).replace(_MID, f"<{self._mid()}@bench.prod.linkedin.com>")
                .replace(_DATE, format_datetime(when)) + "\n\n" + rest)
        for index, (decoded, quoted) in enumerate(parts):
            body = swap(decoded)
            text = text.replace(_part(index), _qp(body) if quoted else body)
        return text.encode("utf-8")

    # -- ordinary mail ---------------------------------------------------------------

    def ordinary(self, when: datetime) -> tuple[str, bytes]:
        roll = self.rng.random()
        if roll < 0.010:
            return "large attachment", self._attachment(when, self._person(), 64_000, 1_000_000)
        if roll < 0.0105:
            return "colleague at linkedin.com, attachment", self._attachment(
                when, f"{self._person_name()} <{self._login()}@linkedin.com>", 64_000, 400_000)
        if roll < 0.0115:
            return "colleague at linkedin.com", self._plain(
                when, f"{self._person_name()} <{self._login()}@linkedin.com>")
        if roll < 0.0125:
            return "look-alike phishing", self._plain(
                when, "LinkedIn <security@linkedln-mail.example>",
                "Your LinkedIn account needs verification")
        if roll < 0.11:
            return "newsletter", self._newsletter(when)
        return "personal", self._plain(when, self._person())

    def _person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _login(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES).lower()}.{self.rng.choice(LAST_NAMES).lower()}"

    def _person(self) -> str:
        return f"{self._person_name()} <{self._login()}@{self.rng.choice(PEOPLE_DOMAINS)}>"

    def _headers(self, when: datetime, sender: str, subject: str, extra: str) -> str:
        return (f"Return-Path: <bounce@{sender.rpartition('@')[2].rstrip('>')}>\n"
                f"Received: from mx.rivera.example by imap.rivera.example with LMTP; "
                f"{format_datetime(when)}\n"
                f"From: {sender}\nTo: {OWNER}\nSubject: {subject}\n"
                f"Date: {format_datetime(when)}\nMessage-ID: <{self._mid()}@mail.example>\n"
                f"MIME-Version: 1.0\n{extra}")

    def _subject(self) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(2, 7))).capitalize()

    def _plain(self, when: datetime, sender: str, subject: str = "") -> bytes:
        body = "\n\n".join(self.rng.choice(self.paragraphs)
                           for _ in range(self.rng.randint(1, 8)))
        return (self._headers(when, sender, subject or self._subject(),
                              "Content-Type: text/plain; charset=utf-8\n"
                              "Content-Transfer-Encoding: 8bit\n")
                + "\n" + body + "\n").encode("utf-8")

    def _newsletter(self, when: datetime) -> bytes:
        paragraphs = [self.rng.choice(self.paragraphs) for _ in range(self.rng.randint(10, 40))]
        html = "".join(f'<tr><td style="padding:8px;font-family:Arial"><p>{p}</p>'
                       f'<a href="https://shop.example/p/{i}?utm_source=news">more</a>'
                       f"</td></tr>\n" for i, p in enumerate(paragraphs))
        boundary = f"b{self.rng.getrandbits(48):x}"
        sender = f"News <{self.rng.choice(NEWSLETTER_SENDERS)}>"
        return (self._headers(when, sender, self._subject(),
                              f"List-Unsubscribe: <https://shop.example/unsub>\n"
                              f'Content-Type: multipart/alternative; boundary="{boundary}"\n')
                + f"\n--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n"
                + "\n\n".join(paragraphs)
                + f"\n--{boundary}\nContent-Type: text/html; charset=utf-8\n"
                  f"Content-Transfer-Encoding: quoted-printable\n\n"
                + _qp(f"<html><body><table>{html}</table></body></html>")
                + f"\n--{boundary}--\n").encode("utf-8")

    def _attachment(self, when: datetime, sender: str, low: int, high: int) -> bytes:
        size = self.rng.randint(low, high) * 4 // 3
        start = self.rng.randrange(0, len(self.noise) - size - 100) // 77 * 77
        data = self.noise[start:start + size // 77 * 77]
        boundary = f"b{self.rng.getrandbits(48):x}"
        return (self._headers(when, sender, self._subject(),
                              f'Content-Type: multipart/mixed; boundary="{boundary}"\n')
                + f"\n--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n"
                + self.rng.choice(self.paragraphs)
                + f"\n--{boundary}\nContent-Type: application/pdf; name=\"scan.pdf\"\n"
                  f"Content-Disposition: attachment; filename=\"scan.pdf\"\n"
                  f"Content-Transfer-Encoding: base64\n\n{data}--{boundary}--\n").encode("ascii")


def fill_maildir(maildir: Path, count: int, *, seed: int, now: datetime,
                 span_days: int, owner_uid: int | None = None) -> Corpus:
    """Write `count` messages into `maildir/cur/`; 2% are notifications."""
    gen = Generator(seed)
    cur = maildir / "cur"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    corpus = Corpus()
    notifications = round(count * NOTIFICATION_SHARE)
    chosen = set(gen.rng.sample(range(count), notifications))
    start = now - timedelta(days=span_days)
    step = (now - start - timedelta(minutes=5)) / max(count, 1)
    for index in range(count):
        when = (start + step * index).replace(microsecond=0)
        if index in chosen:
            kind, raw = gen.notification(when)
            corpus.notifications += 1
            flags = gen.rng.choice(("", "S"))
        else:
            kind, raw = gen.ordinary(when)
            flags = "S" if gen.rng.random() < 0.9 else ""
        corpus.kinds[kind] += 1
        corpus.large += len(raw) >= 64_000
        stamp = int(when.timestamp())
        crlf_size = len(raw) + raw.count(b"\n")
        path = f"{cur}/{stamp}.M{index}P1.bench,S={len(raw)},W={crlf_size}:2,{flags}"
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(handle, raw)
        finally:
            os.close(handle)
        os.utime(path, (stamp, stamp))
        corpus.messages += 1
        corpus.bytes += len(raw)
    if owner_uid is not None:
        for sub in ("cur", "new", "tmp"):
            os.chown(maildir / sub, owner_uid, owner_uid)
    return corpus


REACTION_FIRST = ("Ottilie", "Balthasar", "Henrike", "Casimir", "Leopoldine", "Ferdinand",
                  "Walburga", "Theodor", "Mechthild", "Konstantin")
REACTION_LAST = ("Quast", "Zumbrink", "Ollendorf", "Pfannkuch", "Wiesengrund", "Kranichfeld",
                 "Hollerbusch", "Sperlingsgasse")


def new_invitation(serial: int, when: datetime) -> bytes:
    """A current-form LinkedIn invitation from someone who is in no benchmark
    mailbox (a known requester would be recorded as a duplicate, not drafted)."""
    gen = Generator(10_000 + serial, names=(REACTION_FIRST, REACTION_LAST))
    gen.serial = serial - 1
    return gen._from_fixture(LINKEDIN[0], when)


def now_utc() -> datetime:
    return datetime.now(UTC)

