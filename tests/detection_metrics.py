"""Per-kind precision and recall of detection over the golden fixtures.

Two views of tests/fixtures/mail: the fixtures as they are (each expected kind
from its NAME.expected.json), and the same fixtures degraded, with the Subject
emptied and the From display name removed, which shows how much each kind
leans on those two weakest pieces of evidence. A third view, when the shared
corpus is present, scores the real samples against the kinds its README gives.
A message counts for the kind it is expected to be; a lookalike that is
expected as `other` and detected as an invitation is a false positive of
`invitation`.

    python -m tests.detection_metrics        # prints the tables
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from inviteassist.detect.classify import classify_bytes
from inviteassist.models import Kind

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"
_SUBJECT = re.compile(rb"^Subject:[^\n]*(?:\n[ \t][^\n]*)*", re.MULTILINE | re.IGNORECASE)
_FROM = re.compile(rb"^From:[^\n]*?<([^<>\n]+)>[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Score:
    kind: str
    support: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 1.0


def fixtures() -> list[tuple[str, bytes, str]]:
    """(name, raw bytes, expected kind) of every golden fixture."""
    cases = []
    for eml in sorted(FIXTURES.glob("*.eml")):
        expected = json.loads(eml.with_name(f"{eml.stem}.expected.json").read_text())
        cases.append((eml.stem, eml.read_bytes(), str(expected["kind"])))
    return cases


# Kinds of the real samples in ../shared/corpus/real, from its README; bodies
# (.txt, .html, .ics) are wrapped in a message from a bare network address
# (or, for replies and calendars, from a person) with an empty subject.
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
CORPUS_KINDS = (
    ("linkedin_2011", "invitation"), ("linkedin_2012", "invitation"),
    ("linkedin_2013-11_invite_reminder", "invitation-reminder"),
    ("linkedin_2015-10_invite_guest", "invitation"), ("linkedin_2015-11", "invitation"),
    ("linkedin_2016-01_accept", "invitation-accepted"),
    ("linkedin_2016-06_second_guest_reminder", "invitation-reminder"),
    ("linkedin_2016-12_first_guest_reminder", "invitation-reminder"),
    ("linkedin_2016_invite", "invitation"), ("linkedin_2026-01_inmail", "other"),
    ("facebook_", "invitation"), ("itip_", "meeting-reply"), ("reply_", "other"),
)


def corpus() -> list[tuple[str, bytes, str]]:
    """(name, raw bytes, expected kind) of every real sample; [] without the corpus."""
    if not CORPUS.is_dir():
        return []
    cases = []
    for path in sorted(CORPUS.iterdir()):
        if path.name.endswith(".source.txt"):
            continue
        kind = next(k for prefix, k in CORPUS_KINDS if path.name.startswith(prefix))
        cases.append((path.stem, _as_message(path), kind))
    return cases


def _as_message(path: Path) -> bytes:
    if path.suffix == ".eml":
        return path.read_bytes()
    text = path.read_text(encoding="utf-8")
    sender, subtype = b"Sam Example <sam@example.com>", b"plain"
    if path.name.startswith("linkedin_"):
        sender = b"invitations@linkedin.com"
        framed = re.search(r'<!-- body="start" -->(.*)<!-- body="end" -->', text, re.DOTALL)
        text, subtype = (framed.group(1), b"html") if framed else (text, b"plain")
    elif path.suffix == ".ics":
        subtype = b"calendar"
    return (b"From: " + sender + b"\nSubject: \nMIME-Version: 1.0\nContent-Type: text/"
            + subtype + b"; charset=utf-8\n\n" + text.encode())


def degrade(raw: bytes) -> bytes:
    """`raw` with an empty Subject and a From without display name."""
    head, separator, body = raw.partition(b"\n\n")
    head = _SUBJECT.sub(b"Subject: ", head, count=1)
    head = _FROM.sub(lambda m: b"From: " + m.group(1), head, count=1)
    return head + separator + body


def score(cases: Iterable[tuple[str, bytes, str]],
          transform: Callable[[bytes], bytes] = lambda raw: raw) -> list[Score]:
    """One Score per kind, in `Kind` order."""
    pairs = [(expected, classify_bytes(transform(raw)).kind.value)
             for _, raw, expected in cases]
    return [Score(kind.value,
                  sum(e == kind.value for e, _ in pairs),
                  sum(e == a == kind.value for e, a in pairs),
                  sum(a == kind.value != e for e, a in pairs),
                  sum(e == kind.value != a for e, a in pairs))
            for kind in Kind]


def misses(cases: Iterable[tuple[str, bytes, str]],
           transform: Callable[[bytes], bytes]) -> list[tuple[str, str, str]]:
    """(fixture, expected, detected) of every wrongly detected case."""
    found = ((name, expected, classify_bytes(transform(raw)).kind.value)
             for name, raw, expected in cases)
    return [row for row in found if row[1] != row[2]]


def table(scores: list[Score]) -> str:
    lines = ["| kind | n | precision | recall |", "|---|---:|---:|---:|"]
    lines += [f"| {s.kind} | {s.support} | {s.precision:.2f} | {s.recall:.2f} |"
              for s in scores]
    return "\n".join(lines)


def main() -> None:
    cases = fixtures()
    print(f"fixtures as they are ({len(cases)} messages)\n{table(score(cases))}\n")
    print(f"degraded: no Subject, no From display name\n{table(score(cases, degrade))}")
    for name, expected, detected in misses(cases, degrade):
        print(f"  {name}: expected {expected}, detected {detected}")
    real = corpus()
    if real:
        print(f"\nreal samples of ../shared/corpus ({len(real)}; bodies from a bare sender, "
              f"no subject)\n{table(score(real))}")
        for name, expected, detected in misses(real, lambda raw: raw):
            print(f"  {name}: expected {expected}, detected {detected}")


if __name__ == "__main__":
    main()
