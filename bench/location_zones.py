"""Location line -> time zone: the hit rate on every location string we have.

    python3 bench/location_zones.py [--corpus ../shared/corpus] [--json]

Collects the location lines of the mail fixtures (tests/fixtures/mail and
tests/fixtures/zones, read by the detectors exactly as a draft reads them)
and of the shared corpus, when present: its .eml files through the
detectors, and their HTML parts as if alone; its pasted bodies and archive
pages by the name-block rule (a name, a headline and a place-like line, then
a blank line). Each line is resolved with `schedule.locations`; every string
is printed with its zone or the reason it has none, then the hit rate per
source. A hit is a zone; "unknown" is counted as a miss even where unknown
is the right answer (a country of several zones), so the rate is a floor.
"""

from __future__ import annotations

import argparse
import email
import html
import json
import sys
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from inviteassist.detect.classify import classify_bytes  # noqa: E402
from inviteassist.detect.html_text import html_to_text  # noqa: E402
from inviteassist.detect.networks.spec import personish, placeish  # noqa: E402
from inviteassist.schedule.locations import resolve_location  # noqa: E402


def fixture_locations() -> Iterator[tuple[str, str]]:
    for folder in ("mail", "zones"):
        for path in sorted((REPO / "tests" / "fixtures" / folder).glob("*.eml")):
            verdict = classify_bytes(path.read_bytes())
            if verdict.requester is not None and verdict.requester.location:
                yield f"fixtures/{folder}/{path.name}", verdict.requester.location


def name_block_locations(text: str) -> Iterator[str]:
    """Place-like third lines of name / headline / place blocks."""
    lines = [html.unescape(line.replace("\\,", ",").replace("\\.", ".")).strip()
             for line in text.splitlines()]
    for index in range(len(lines) - 3):
        name, headline, place, after = lines[index:index + 4]
        if (name and personish(name) and headline and placeish(place) and not after
                and (index == 0 or not lines[index - 1])):
            yield place


def html_part_locations(raw: bytes) -> Iterator[str]:
    """The location the detectors read from the HTML part alone (the same
    message with its text/plain part left out)."""
    message = email.message_from_bytes(raw, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        alone = EmailMessage(policy=policy.default)
        for header in ("From", "To", "Subject", "Message-ID", "Authentication-Results"):
            if message[header]:
                alone[header] = str(message[header])
        alone.set_content(str(part.get_content()), subtype="html")
        verdict = classify_bytes(alone.as_bytes())
        if verdict.requester is not None and verdict.requester.location:
            yield verdict.requester.location


def corpus_locations(corpus: Path) -> Iterator[tuple[str, str]]:
    for path in sorted((corpus / "real").glob("*")):
        if path.name.endswith(".source.txt"):
            continue
        found: list[str] = []
        if path.suffix == ".eml":
            verdict = classify_bytes(path.read_bytes())
            if verdict.requester is not None and verdict.requester.location:
                found.append(verdict.requester.location)
            found += html_part_locations(path.read_bytes())
        elif path.suffix == ".html":
            found += name_block_locations(html_to_text(path.read_text(errors="replace")))
        elif path.suffix == ".txt":
            found += name_block_locations(path.read_text(errors="replace"))
        for line in dict.fromkeys(found):
            yield f"corpus/{path.name}", line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = list(fixture_locations())
    if args.corpus.is_dir():
        rows += corpus_locations(args.corpus)
    else:
        print(f"corpus not found at {args.corpus}: fixtures only", file=sys.stderr)
    results = []
    for source, line in rows:
        resolved = resolve_location(line)
        zone = resolved.place.zone if resolved.place else None
        results.append({"source": source, "location": line, "zone": zone,
                        "reason": None if zone else resolved.reason})
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    for row in results:
        print(f"{row['location']!r:45} {row['zone'] or '-':22} {row['source']}"
              + (f"  ({row['reason']})" if row["reason"] else ""))
    for kind in ("fixtures", "corpus"):
        part = [r for r in results if r["source"].startswith(kind)]
        hits = sum(1 for r in part if r["zone"])
        rate = f"{100 * hits / len(part):.0f}%" if part else "n/a"
        print(f"{kind}: {hits} of {len(part)} location strings resolved ({rate})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
