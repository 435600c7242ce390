"""Our calendar messages read by two clients' libraries.

- ical.js, the parser inside Thunderbird, run with node: it must parse every
  file, see the METHOD and one VEVENT, and place the start at the same instant
  we meant once it has registered our VTIMEZONE. ical.js comes from npm into a
  cache folder (`scripts/install-test-deps` puts it there; otherwise the first
  run tries `npm install`).
- libical (Evolution, KDE and many servers), whose `icalrestriction_check`
  applies RFC 5546's tables: `tests/clients/itip_check.c` is compiled against
  it (the libical-dev package) and run on every iMIP object.
Without node, ical.js, a C compiler or libical the test is skipped and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from inviteassist.models import Requester
from tests.calendar_shapes import calendar_of, followup, imip_parts, options, proposal, utc

CACHE = Path(os.environ.get("INVITEASSIST_TEST_CACHE",
                            Path.home() / ".cache" / "inviteassist-tests")) / "node"
ITIP_CHECK = Path(__file__).resolve().parents[2] / "clients" / "itip_check.c"
READER = r"""
const ICAL = require('ical.js');
const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = texts.map((text) => {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(tz);
  }
  const vevents = root.getAllSubcomponents('vevent');
  const event = new ICAL.Event(vevents[0]);
  return {
    method: root.getFirstPropertyValue('method'),
    vevents: vevents.length,
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    start: event.startDate.toJSDate().toISOString(),
    zone: event.startDate.zone ? event.startDate.zone.tzid : null,
    status: vevents[0].getFirstPropertyValue('status'),
    organizer: event.organizer,
    attendees: event.attendees.map((a) => [a.getFirstValue(), a.getParameter('partstat')]),
  };
});
process.stdout.write(JSON.stringify(out));
"""


def ical_js() -> Path:
    """The node_modules folder holding ical.js, installed on first use."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: ical.js (Thunderbird's parser) not run")
    modules = CACHE / "node_modules"
    if not (modules / "ical.js").exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed and ical.js is not in the cache")
        CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix",
                                 str(CACHE), "ical.js@2"], capture_output=True, text=True,
                                timeout=120, check=False)
        if result.returncode != 0:
            pytest.skip(f"npm install ical.js failed: {result.stderr.strip()[-200:]}")
    return modules


def read_with_icaljs(texts: list[str]) -> list[dict[str, object]]:
    result = subprocess.run(["node", "-e", READER], input=json.dumps(texts), text=True,
                            capture_output=True, timeout=60, check=False,
                            env={**os.environ, "NODE_PATH": str(ical_js())})
    assert result.returncode == 0, result.stderr
    parsed: list[dict[str, object]] = json.loads(result.stdout)
    return parsed


def calendar_texts(message) -> list[str]:
    return [calendar_of(part).to_ical().decode() for part in imip_parts(message)]


def test_icaljs_reads_every_message_kind_as_we_meant_it():
    chosen = options()[1]
    kinds = {"proposal": proposal(location="+49 30 1234567"),
             "confirm": followup("confirm", location="+49 30 1234567"),
             "accepted": followup("confirm", sequence=0, partstat="ACCEPTED",
                                  location="+49 30 1234567"),
             "reschedule": followup("reschedule", sequence=2, location="+49 30 1234567"),
             "cancel": followup("cancel", sequence=3, location="+49 30 1234567")}
    texts = {name: calendar_texts(message) for name, message in kinds.items()}
    flat = [text for name in kinds for text in texts[name]]
    read = iter(read_with_icaljs(flat))
    seen = {name: [next(read) for _ in texts[name]] for name in kinds}

    assert [r["method"] for r in seen["proposal"]] == ["PUBLISH"] * 3
    for result, option in zip(seen["proposal"], options(), strict=True):
        assert result["summary"] == f"Option {option.label}: call with Alex Morgan (proposed)"
        assert result["start"] == utc(option.start).isoformat().replace("+00:00", ".000Z")
        assert (result["status"], result["attendees"]) == ("TENTATIVE", [])
        assert result["zone"] == "Europe/Berlin"
    expected = {"confirm": ("REQUEST", 1, "CONFIRMED", "NEEDS-ACTION"),
                "accepted": ("REQUEST", 0, "CONFIRMED", "ACCEPTED"),
                "reschedule": ("REQUEST", 2, "CONFIRMED", "NEEDS-ACTION"),
                "cancel": ("CANCEL", 3, "CANCELLED", "NEEDS-ACTION")}
    for name, (method, sequence, status, partstat) in expected.items():
        (result,) = seen[name]
        assert (result["method"], result["sequence"], result["status"]) == (
            method, sequence, status), name
        assert result["vevents"] == 1 and result["uid"] == chosen.uid
        assert result["attendees"] == [["mailto:dana@wu.example", partstat]]
        assert result["organizer"] == "mailto:alex.morgan@mail.example"
        assert result["location"] == "+49 30 1234567"
        assert result["start"] == utc(chosen.start).isoformat().replace("+00:00", ".000Z")


def itip_checker(tmp_path: Path) -> Path:
    """`itip_check.c` compiled against libical, or a skip saying what is missing."""
    if shutil.which("gcc") is None or shutil.which("pkg-config") is None:
        pytest.skip("gcc or pkg-config missing: libical's iTIP check not run")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"],
                           capture_output=True, text=True, check=False)
    if flags.returncode != 0:
        pytest.skip("libical is not installed (apt-get install libical-dev)")
    binary = tmp_path / "itip_check"
    subprocess.run(["gcc", "-O1", "-o", str(binary), str(ITIP_CHECK), *flags.stdout.split()],
                   check=True, timeout=120)
    return binary


def test_libical_finds_no_itip_restriction_broken(tmp_path):
    checker = itip_checker(tmp_path)
    messages = {"proposal": proposal(), "proposal-requests": proposal(as_requests=True),
                "confirm": followup("confirm"),
                "accepted": followup("confirm", sequence=0, partstat="ACCEPTED"),
                "reschedule": followup("reschedule", sequence=2),
                "cancel": followup("cancel", sequence=3),
                "confirm-publish": followup("confirm", requester=Requester("Dana Wu")),
                "located": followup("confirm", location="+49 30 1", url="https://m.example/a")}
    for name, message in messages.items():
        for part in imip_parts(message):
            found = subprocess.run([str(checker)], input=part.get_payload(decode=True),
                                   capture_output=True, timeout=30, check=True).stdout
            assert found == b"", (name, found.decode())
    broken = calendar_of(imip_parts(followup("confirm"))[0])
    del broken.walk("VEVENT")[0]["ATTENDEE"]  # the check must be able to fail
    found = subprocess.run([str(checker)], input=broken.to_ical(), capture_output=True,
                           timeout=30, check=True).stdout.decode()
    assert "ATTENDEE" in found
