"""The owner's busy time, merged from local .ics files, .ics URLs and CalDAV.

`BusyCalendar.intervals(start, end)` asks every configured source and returns
the busy intervals of them all. A source that fails (missing file, HTTP error,
timeout, unreadable or overlong calendar, server refusing) is logged and kept
in `BusyCalendar.reports`; then, under the default policy
`on_failure = "propose-nothing"`, the call raises `BusyUnavailable` so that the
caller offers no time rather than one that may clash. With "ignore-source" the
other sources' busy time is returned.

Everything a calendar says is untrusted, so each source's bytes are read in a
separate worker process (`expand_in_worker`): a wall-clock time limit for the
whole source, a CPU time limit per recurring series and a memory ceiling,
around the pure `freebusy.busy_from_ics`. URLs (the secret iCal address a
calendar service gives) are fetched with a total timeout and a size cap, and
cached on disk with their validators (ETag, Last-Modified) for a few
minutes; their secret paths are never logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from inviteassist.calendars.worker import build_request
from inviteassist.errors import OperationalError
from inviteassist.models import Interval
from inviteassist.schedule.freebusy import BusyParse, ExpandLimits
from inviteassist.tls import http_url, redact_url

logger = logging.getLogger(__name__)

MAX_SOURCE_BYTES = 20 * 1024 * 1024
USER_AGENT = "inviteassist/0.1 (+busy time)"
Validators = dict[str, str]  # request headers that make a fetch conditional
Download = Callable[[str, Validators], tuple[bytes | None, Validators]]


class SourceError(Exception):
    """One source could not be read; the message says why, without secrets."""


class BusyUnavailable(OperationalError):
    """Some calendar could not be read, so no time can safely be proposed."""

    def __init__(self, failures: Sequence[SourceReport]) -> None:
        self.failures = tuple(failures)
        detail = "; ".join(f"{r.source}: {r.problems[0]}" for r in self.failures)
        super().__init__(f"busy time unknown, no times proposed: {detail}")


@dataclass(frozen=True)
class SourceReport:
    """How one source fared in the last call: `ok` False means it failed."""

    source: str
    ok: bool
    busy: int = 0
    problems: tuple[str, ...] = ()


class BusyProvider(Protocol):
    """What the engine asks for busy time; raises BusyUnavailable when it cannot say."""

    @property
    def reports(self) -> tuple[SourceReport, ...]: ...

    def intervals(self, start: datetime, end: datetime) -> tuple[Interval, ...]: ...


class Source(Protocol):
    """Where calendar data comes from: a label for reports, and the raw objects."""

    @property
    def label(self) -> str: ...

    def fetch(self, start: datetime, end: datetime) -> list[bytes]: ...


@dataclass(frozen=True)
class StaticBusy:
    """Busy time known up front (tests, previews)."""

    busy: tuple[Interval, ...] = ()

    @property
    def reports(self) -> tuple[SourceReport, ...]:
        return ()

    def intervals(self, start: datetime, end: datetime) -> tuple[Interval, ...]:
        return tuple(i for i in self.busy if i.overlaps(Interval(start, end)))


@dataclass(frozen=True)
class ExpandBudget:
    """Bounds on reading one source's calendar data."""

    seconds: float = 20.0  # wall clock for the whole source
    series_seconds: float = 5.0  # CPU for one recurring series
    memory_bytes: int = 512 * 1024 * 1024  # above what the worker starts with
    limits: ExpandLimits = field(default_factory=ExpandLimits)


class BusyCalendar:
    """Busy time from several sources, each failure reported.

    An answer in which every source was read is reused for `reuse_seconds`
    when the same window is asked again (several drafts in one cycle).
    """

    def __init__(self, sources: Sequence[Source], *, zone: str, owner_email: str | None,
                 on_failure: str = "propose-nothing", budget: ExpandBudget | None = None,
                 reuse_seconds: float = 60.0) -> None:
        self.sources = tuple(sources)
        self.zone = zone
        self.owner_email = owner_email
        self.on_failure = on_failure
        self.budget = budget or ExpandBudget()
        self.reuse_seconds = reuse_seconds
        self.reports: tuple[SourceReport, ...] = ()
        self._last: tuple[tuple[datetime, datetime], float, tuple[Interval, ...]] | None = None

    def intervals(self, start: datetime, end: datetime) -> tuple[Interval, ...]:
        if (self._last and self._last[0] == (start, end)
                and time.monotonic() - self._last[1] < self.reuse_seconds):
            return self._last[2]
        found: list[Interval] = []
        reports = []
        for source in self.sources:
            try:
                parsed = self._read(source, start, end)
            except SourceError as exc:
                logger.warning("calendar %s failed: %s", source.label, exc)
                reports.append(SourceReport(source.label, ok=False, problems=(str(exc),)))
                continue
            for problem in parsed.problems:
                logger.warning("calendar %s: %s", source.label, problem)
            logger.info("calendar %s: %d busy interval(s)", source.label, len(parsed.intervals))
            found.extend(parsed.intervals)
            reports.append(SourceReport(source.label, True, len(parsed.intervals),
                                        parsed.problems))
        self.reports = tuple(reports)
        failures = [r for r in reports if not r.ok]
        if failures and self.on_failure == "propose-nothing":
            raise BusyUnavailable(failures)
        if not failures:
            self._last = ((start, end), time.monotonic(), tuple(found))
        return tuple(found)

    def _read(self, source: Source, start: datetime, end: datetime) -> BusyParse:
        payloads = source.fetch(start, end)
        if not payloads:
            return BusyParse((), ())
        return expand_in_worker(payloads, start, end, zone=self.zone,
                                owner_email=self.owner_email, budget=self.budget)


# -- sources ------------------------------------------------------------------

@dataclass(frozen=True)
class IcsFile:
    path: Path
    max_bytes: int = MAX_SOURCE_BYTES

    @property
    def label(self) -> str:
        return f"file {self.path}"

    def fetch(self, start: datetime, end: datetime) -> list[bytes]:
        try:
            size = self.path.stat().st_size
            if size > self.max_bytes:
                raise SourceError(f"larger than {self.max_bytes // 1_000_000} MB ({size} bytes)")
            return [self.path.read_bytes()]
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class IcsUrl:
    """A calendar URL (https, webcal read as https; http only on loopback)."""

    url: str
    index: int
    cache: UrlCache
    timeout: float = 10.0
    max_bytes: int = MAX_SOURCE_BYTES

    @property
    def label(self) -> str:
        return f"url #{self.index} ({redact_url(self.url)})"

    def fetch(self, start: datetime, end: datetime) -> list[bytes]:
        return [self.cache.get(http_url(self.url), self._download)]

    def _download(self, url: str, validators: Validators) -> tuple[bytes | None, Validators]:
        """(body, validators) from the server; body None when it answered 304."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **validators})
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                chunks = []
                total = 0
                while chunk := response.read(65536):
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise SourceError(f"larger than {self.max_bytes // 1_000_000} MB")
                    if time.monotonic() > deadline:
                        raise SourceError(f"download took longer than {self.timeout:g} s")
                    chunks.append(chunk)
                headers = {"If-None-Match": response.headers.get("ETag") or "",
                           "If-Modified-Since": response.headers.get("Last-Modified") or ""}
                return b"".join(chunks), {k: v for k, v in headers.items() if v}
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None, validators
            raise SourceError(f"the server answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SourceError(f"cannot fetch: {reason}") from None


@dataclass(frozen=True)
class UrlCache:
    """Fetched calendars on disk, reused for `max_age` seconds, then revalidated."""

    folder: Path
    max_age: float
    clock: Callable[[], float] = time.time

    def get(self, url: str, download: Download) -> bytes:
        key = hashlib.sha256(url.encode()).hexdigest()[:40]
        body_path, meta_path = self.folder / f"{key}.ics", self.folder / f"{key}.json"
        fetched, validators = self._meta(meta_path)
        cached = body_path.read_bytes() if fetched is not None and body_path.exists() else None
        if cached is not None and fetched is not None and self.clock() - fetched < self.max_age:
            return cached
        body, validators = download(url, validators if cached is not None else {})
        if body is None:
            if cached is None:
                raise SourceError("the server answered 304 Not Modified to a first request")
            body = cached
        self._store(body_path, meta_path, body, validators)
        return body

    def _meta(self, path: Path) -> tuple[float | None, Validators]:
        """(when fetched, validators) from the cache, or (None, {})."""
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            validators = {str(k): str(v) for k, v in dict(value["validators"]).items()}
            return float(value["fetched"]), validators
        except (OSError, ValueError, KeyError, TypeError):
            return None, {}

    def _store(self, body_path: Path, meta_path: Path, body: bytes,
               validators: Validators) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            body_path.write_bytes(body)
            body_path.chmod(0o600)
            meta_path.write_text(json.dumps({"fetched": self.clock(),
                                             "validators": validators}), encoding="utf-8")
        except OSError as exc:  # a cache that cannot be written only costs a refetch
            logger.warning("cannot cache a fetched calendar in %s: %s", self.folder, exc)


# -- the worker that reads untrusted calendar data ---------------------------

WORKER_ENVIRONMENT = ("PATH", "HOME", "TZ", "LANG")


def worker_environment(parent: Mapping[str, str]) -> dict[str, str]:
    """The worker's whole environment: PATH, HOME, TZ, LANG and where to import
    this package from. It reads calendar data from stdin and needs no secret,
    so none of the daemon's (`password_env` and the like) is handed down."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = {name: parent[name] for name in WORKER_ENVIRONMENT if name in parent}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, parent.get("PYTHONPATH", "")) if p)
    return env


def expand_in_worker(payloads: Sequence[bytes], start: datetime, end: datetime, *, zone: str,
                     owner_email: str | None, budget: ExpandBudget) -> BusyParse:
    """`busy_from_ics` over every payload, in a child process (`calendars.worker`)
    that is killed when it outlives `budget.seconds` and cannot grow more than
    `budget.memory_bytes`."""
    request = build_request(list(payloads), start, end, zone=zone, owner_email=owner_email,
                            limits=budget.limits, series_seconds=budget.series_seconds,
                            memory_bytes=budget.memory_bytes)
    env = worker_environment(os.environ)
    try:
        done = subprocess.run([sys.executable, "-m", "inviteassist.calendars.worker"],
                              input=request, capture_output=True, timeout=budget.seconds,
                              env=env, check=False)
    except subprocess.TimeoutExpired:
        raise SourceError(f"reading it took longer than {budget.seconds:g} s "
                          "(a huge or hostile calendar?)") from None
    try:
        outcome = json.loads(done.stdout)
    except ValueError:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise SourceError(f"the reader process failed (exit status {done.returncode}"
                          f"{': ' + tail[0][:200] if tail else ''})") from None
    if not outcome.get("ok"):
        raise SourceError(str(outcome.get("error")))
    intervals = tuple(Interval(datetime.fromisoformat(a), datetime.fromisoformat(b))
                      for a, b in outcome["intervals"])
    return BusyParse(intervals, tuple(str(p) for p in outcome["problems"]))
