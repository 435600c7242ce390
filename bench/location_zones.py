"""Location line -> time zone: the hit rate on every location string we have,
and what resolving costs a fresh process.

    python3 bench/location_zones.py [--corpus ../shared/corpus] [--json]
    python3 bench/location_zones.py --cost [--runs 5]

Collects the location lines of the mail fixtures (tests/fixtures/mail and
tests/fixtures/zones, read by the detectors exactly as a draft reads them)
and of the shared corpus, when present: its .eml files through the
detectors, and their HTML parts as if alone; its pasted bodies and archive
pages by the name-block rule (a name, a headline and a place-like line, then
a blank line). Each line is resolved with `schedule.locations`; every string
is printed with its zone or the reason it has none, then the hit rate per
source. A hit is a zone; "unknown" is counted as a miss even where unknown
is the right answer (a country of several zones), so the rate is a floor.

`--cost` resolves 200 varied location lines (the fixtures' and places picked
evenly from the dataset, written as profiles write them) in fresh processes
and prints wall and CPU seconds and peak RSS (VmHWM) of each: with the index
built in memory (what every process did before the places file), then with
the places file in an empty cache folder (the first run builds it), then
with the file ready (later runs, median of `--runs`). Answers must agree.
"""

from __future__ import annotations

import argparse
import email
import html
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from probes import peak_rss_mb  # noqa: E402

from inviteassist.schedule.locations import resolve_location  # noqa: E402
from inviteassist.schedule.places import PlaceIndex, build_tables  # noqa: E402
from inviteassist.store.places_file import place_index  # noqa: E402

COST_LINES = 200
FORMS = ("{name}, {country}", "Greater {name} Area", "{name}", "{name}, {region}, {country}",
         "{name} e Região", "Région de {name}")


def fixture_locations() -> Iterator[tuple[str, str]]:
    from inviteassist.detect.classify import classify_bytes

    for folder in ("mail", "zones"):
        for path in sorted((REPO / "tests" / "fixtures" / folder).glob("*.eml")):
            verdict = classify_bytes(path.read_bytes())
            if verdict.requester is not None and verdict.requester.location:
                yield f"fixtures/{folder}/{path.name}", verdict.requester.location


def name_block_locations(text: str) -> Iterator[str]:
    """Place-like third lines of name / headline / place blocks."""
    from inviteassist.detect.networks.spec import personish, placeish

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
    from inviteassist.detect.classify import classify_bytes

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
    from inviteassist.detect.classify import classify_bytes
    from inviteassist.detect.html_text import html_to_text

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


def cost_lines() -> list[str]:
    """The fixtures' location lines, then places picked evenly from the
    dataset (cities in every form of FORMS, countries, US states) up to 200."""
    lines = [line for _, line in fixture_locations()]
    tables = build_tables()
    countries = sorted(set(tables.country_names.values()))
    states = sorted(tables.state_names.values())
    cities = sorted(tables.cities)
    picks = iter(cities[::len(cities) // COST_LINES])
    while len(lines) < COST_LINES - 20:
        city = tables.cities[next(picks)][0]
        region = tables.state_names.get(city.region, "") if city.country == "US" else ""
        form = FORMS[len(lines) % len(FORMS)].replace("{region}, " if not region else "", "")
        lines.append(form.format(name=city.name, region=region,
                                 country=tables.country_names.get(city.country, "")))
    lines += countries[::len(countries) // 10][:10] + states[::len(states) // 10][:10]
    return lines[:COST_LINES]


def probe(kind: str) -> dict[str, Any]:
    """In this (fresh) process: resolve the lines read from stdin with the
    index `kind` ("memory": built here; "file": the app's places file)."""
    lines = json.load(sys.stdin)
    started = time.perf_counter()
    index = PlaceIndex(build_tables()) if kind == "memory" else place_index()
    zones = [getattr(resolve_location(line, index).place, "zone", None) for line in lines]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": peak_rss_mb(), "zones": zones}


def run_probe(kind: str, lines: list[str], cache: Path) -> dict[str, Any]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--probe", kind], input=json.dumps(lines),
                          capture_output=True, text=True, env=env, check=True)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def cost(runs: int) -> int:
    lines = cost_lines()
    with tempfile.TemporaryDirectory() as cache:
        rows = {"index built in memory (before)": [run_probe("memory", lines, Path(cache))]}
        rows["places file, first run (builds it)"] = [run_probe("file", lines, Path(cache))]
        rows["places file, later runs"] = [run_probe("file", lines, Path(cache))
                                           for _ in range(runs)]
    answers = {json.dumps(result["zones"]) for results in rows.values() for result in results}
    resolved = sum(1 for zone in rows["places file, later runs"][0]["zones"] if zone)
    print(f"{len(lines)} location lines, {resolved} resolved; answers agree: "
          f"{len(answers) == 1}; medians of {runs} for later runs")
    print(f"{'':38} {'process s':>9} {'resolve s':>9} {'CPU s':>6} {'peak RSS MB':>11}")
    for label, results in rows.items():
        def median(key: str, results: list[dict[str, Any]] = results) -> float:
            return statistics.median(result[key] for result in results)
        print(f"{label:38} {median('process_seconds'):9.3f} {median('seconds'):9.3f} "
              f"{median('cpu'):6.2f} {median('peak_rss_mb'):11.1f}")
    return 0 if len(answers) == 1 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cost", action="store_true", help="time and memory of a process")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--probe", choices=("memory", "file"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe)))
        return 0
    if args.cost:
        return cost(args.runs)
    index = place_index()
    rows = list(fixture_locations())
    if args.corpus.is_dir():
        rows += corpus_locations(args.corpus)
    else:
        print(f"corpus not found at {args.corpus}: fixtures only", file=sys.stderr)
    results = []
    for source, line in rows:
        resolved = resolve_location(line, index)
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
