"""One poll cycle: fetch new messages, classify, plan, draft, record.

Order of operations, chosen so that a kill at any instant followed by a
restart yields exactly one draft per request:

1. Everything about one message (seen record, request, holds, and the draft's
   full bytes in the outbox) is written in ONE transaction, before anything
   leaves the process. A kill before the commit loses nothing: the message is
   still unseen and is processed again.
2. Then the outbox (`outbox.py`) is flushed: for each pending draft, look for its
   Message-ID in the Drafts folder first (a kill after an append but before
   step 3 leaves it there), append only if absent.
3. Mark the draft appended and add the `drafted` event, in one transaction.

Every cycle begins by flushing the outbox, which finishes whatever a killed
cycle left between steps 1 and 3.

For speed, step 1 covers a group of up to GROUP_SIZE messages in one
transaction (a commit costs a disk sync; nothing of the group has left the
process before it, so a kill only loses work to redo), steps 2 and 3 then run
once for the group, and step 3 marks all the group's drafts in one
transaction after the appends (a kill before it is the case step 2 handles).

A large scan reads the next group (and, in a first scan searched in parts,
searches the next part) in one background thread meanwhile (`read_ahead`).
That thread only reads: the state file stays in the engine's thread, and
the mailbox's one connection is shared with the outbox's appends under
`_mailbox_lock`. The order above is unchanged, and the folder's cursor moves
only once every part has been searched and every message recorded.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import jinja2

from inviteassist.app.drafting import DRAFT_FAILED_OUTCOME, Processed, ReplyDrafter
from inviteassist.app.followthrough import FollowThrough
from inviteassist.app.offering import (
    HoldMirror,
    busy_window,
    sync_holds,
)
from inviteassist.app.outbox import Outbox
from inviteassist.app.read_ahead import read_ahead
from inviteassist.app.summary_answers import handle_summary_reply
from inviteassist.app.triage_pool import Pending, TriagePool, open_pool
from inviteassist.app.waiting import WaitingList
from inviteassist.calendars.busy import BusyProvider, OncePerCycle
from inviteassist.config.settings import Settings
from inviteassist.detect.classify import classify
from inviteassist.detect.parse import MalformedMessage, ParsedMessage, parse_message
from inviteassist.detect.triage import Triage
from inviteassist.errors import OperationalError
from inviteassist.funnel.decide import (
    Action,
    Decision,
    RequestIdentity,
    decide,
    identify_request,
)
from inviteassist.funnel.rules import draft_failure
from inviteassist.mail.protocol import Mailbox, Search
from inviteassist.models import Classification, Event, MessageRef, Request
from inviteassist.store.db import Store
from inviteassist.store.messages import SeenRecord

logger = logging.getLogger(__name__)

GROUP_SIZE = 100  # messages recorded in one transaction, then their drafts appended
SAME_NAME_WITHIN = timedelta(days=30)  # name alone joins verified requests this recent

Progress = Callable[[int, int], None]


@dataclass
class CycleReport:
    processed: list[Processed] = field(default_factory=list)
    drafts_appended: int = 0
    requests_moved: int = 0  # by deadlines: nudged, silent, stalled

    @property
    def did_something(self) -> bool:
        return bool(self.processed or self.drafts_appended or self.requests_moved)

    def count(self, outcome: str) -> int:
        return sum(1 for p in self.processed if p.outcome == outcome)

    def describe(self) -> str:
        """One line for people: what the cycle saw and did."""
        failed = self.count(DRAFT_FAILED_OUTCOME)
        return (f"{len(self.processed)} new message(s): {self.count('drafted')} drafted, "
                f"{self.count('duplicate')} already handled, {self.count('spoofed')} spoofed, "
                f"{self.count('malformed')} malformed; "
                f"{self.drafts_appended} draft(s) appended"
                + (f"; {failed} draft(s) failed, see `inviteassist report`" if failed else "")
                + (f"; {self.requests_moved} request(s) moved by deadlines"
                   if self.requests_moved else ""))


class DetectorFailed(Exception):
    """The detector failed on a message in a worker process."""


@dataclass(frozen=True)
class Fetched:
    """One new message's bytes and, when workers make it, its triage."""

    ref: MessageRef
    raw: bytes
    pending: Pending | None = None
    index: int = 0

    def triage(self) -> Triage | None:
        return self.pending.result(self.index) if self.pending is not None else None


# A batch of messages, those of them read (with their bytes), and whether
# they were checked against the state file.
Read = tuple[list[MessageRef], list[tuple[MessageRef, bytes]], bool]


@dataclass
class _Found:
    """How many unseen messages a folder's scan has found so far, its later
    searches included. The reading counts what those searches find, the
    engine's thread what of it proves seen: one writer each, as the reading
    runs in the read-ahead thread when there are workers."""

    first: int  # unseen among those of the first search
    searches_left: int
    searched: int = 0
    seen: int = 0

    @property
    def messages(self) -> int:
        return self.first + self.searched - self.seen


def _batches(refs: Sequence[MessageRef]) -> list[list[MessageRef]]:
    return [list(refs[start:start + GROUP_SIZE]) for start in range(0, len(refs), GROUP_SIZE)]


class Engine:
    """Runs cycles for one mailbox against one state file."""

    def __init__(self, settings: Settings, store: Store, mailbox: Mailbox,
                 templates: jinja2.Environment, busy: BusyProvider | None = None,
                 holds: HoldMirror | None = None) -> None:
        self.settings = settings
        self.store = store
        self.mailbox = mailbox
        self.templates = templates
        self.busy = busy
        self.holds = holds
        self.drafter = ReplyDrafter(settings, store, templates)
        self.rules = settings.detection_rules()  # a reload builds a new engine
        self.followup = FollowThrough(settings, store, templates, busy)
        self.outbox = Outbox(settings, store, mailbox)
        # One connection: a scan's read-ahead and the outbox take turns with it.
        self._mailbox_lock = threading.Lock()
        self._cycle_busy: OncePerCycle | None = None
        # A new engine comes with (re)loaded templates: drafts that failed get a new try.
        self._retry_failed_drafts = True
        self.waiting = WaitingList(settings, store, templates)

    def run_cycle(self, now: datetime, progress: Progress | None = None,
                  stopping: Callable[[], bool] = lambda: False) -> CycleReport:
        """One cycle. `stopping` is asked between messages: when it says yes the
        cycle ends early, everything recorded so far stays recorded."""
        report = CycleReport()
        self.drafter.new_cycle()
        self._cycle_busy = OncePerCycle(self.busy) if self.busy is not None else None
        report.drafts_appended += len(self.outbox.flush(now))
        # Before new mail: the oldest waiting requests get times first.
        self.waiting.propose(now, self._cycle_busy)
        if self._retry_failed_drafts:
            self._retry_failed_drafts = False
            self._redraft_failed(now, report, stopping)
        folders = self.settings.folders
        self.mailbox.watch_senders((*self.store.requester_addresses(),
                                    self.settings.owner.email.lower()))
        for folder in dict.fromkeys((folders.inbox, *folders.also_watch)):
            self._scan_folder(folder, now, report, progress, stopping)
        if self.mailbox.has_folder(folders.sent):
            self._scan_folder(folders.sent, now, report, progress, stopping)
        if stopping():  # the sweep and the calendar mirror wait for the next cycle
            return report
        report.requests_moved = self.followup.sweep(now)
        report.drafts_appended += len(self.outbox.flush(now))
        sync_holds(self.store, self.holds, now)  # new holds in, released ones out
        return report

    def _redraft_failed(self, now: datetime, report: CycleReport,
                        stopping: Callable[[], bool]) -> None:
        """Process again the invitations whose reply template failed before."""
        refs = self.store.refs_with_outcome(DRAFT_FAILED_OUTCOME)
        if refs:
            logger.info("drafting again %d request(s) whose template failed", len(refs))
            self._read_calendars(now)
        for ref in refs:
            if stopping():
                return
            raw = self.mailbox.fetch(ref)  # outside the transaction: it may be a network read
            with self.store.transaction():
                self.store.forget_seen(ref)
                report.processed.append(self.process(ref, now, raw))
        report.drafts_appended += len(self.outbox.flush(now))

    def _read_calendars(self, now: datetime) -> None:
        """Read busy time once for this cycle, before any write transaction; a
        failing source is then remembered as failed for the rest of the cycle."""
        if self._cycle_busy is not None:
            self._cycle_busy.prefetch(*busy_window(self.settings, now))

    def _scan_folder(self, folder: str, now: datetime, report: CycleReport,
                     progress: Progress | None, stopping: Callable[[], bool]) -> None:
        """Process what is new in `folder`; the cursor moves only once all is recorded."""
        cursor = self.store.cursor(self.mailbox.account, folder)
        new = self.mailbox.new_messages(folder, cursor)
        unseen = [ref for ref in new.refs if not self.store.is_seen(ref)]
        found = _Found(len(unseen), len(new.later))
        if (unseen or new.later) and folder != self.settings.folders.sent:
            self._read_calendars(now)
        pool = None if folder == self.settings.folders.sent else open_pool(
            len(unseen), self.settings.detection.authserv_ids, self.rules,
            large=bool(new.later))  # a window searched in parts is a large first scan
        try:
            done = shown = 0
            groups = self._fetched_groups(unseen, new.later, found, stopping, pool)
            with contextlib.closing(groups):  # a break waits for a read under way
                for group in groups:
                    processed = self._process_group(group, now, stopping)
                    with self._mailbox_lock:  # the next group may be being read
                        appended = self.outbox.flush(now)
                    report.drafts_appended += len(appended)
                    for item in processed:
                        done += 1
                        if item.outcome == "drafted" and item.request_id in appended:
                            item = replace(item, draft_location=appended[item.request_id])
                        report.processed.append(item)
                        if progress:  # while parts remain unsearched, "at least one more"
                            shown = found.messages + (found.searches_left > 0)
                            progress(done, shown)
                    if len(processed) < len(group):
                        break
        finally:
            if pool is not None:
                pool.close()
        if found.searches_left or done < found.messages:  # stopping: the rest waits
            return
        if progress and done and shown != done:
            progress(done, done)  # the last parts held nothing new: the bar ends
        if new.cursor is not None and new.cursor != cursor:  # an idle cycle writes nothing
            with self.store.transaction():
                self.store.set_cursor(self.mailbox.account, folder, new.cursor)

    def _fetched_groups(self, unseen: list[MessageRef], later: Sequence[Search],
                        found: _Found, stopping: Callable[[], bool],
                        pool: TriagePool | None) -> Generator[list[Fetched], None, None]:
        """The unseen messages of `unseen` and of the `later` searches, read
        and in groups of at most GROUP_SIZE. A group is read before the
        transaction that records it (no network read inside one). With a pool
        (a large scan), a group's triage is handed to the workers before the
        group ahead of it is processed, so parsing and classifying overlap
        with drafting, and the group after is read from the mailbox meanwhile
        (`read_ahead`), the later searches with it."""
        ahead: list[Fetched] | None = None
        loaded = self._loaded(unseen, later, found, stopping, pool)
        with contextlib.closing(loaded):
            for raws in loaded:
                group = self._triaged(raws, pool)
                if ahead is not None:
                    yield ahead
                ahead = group
        if ahead is not None:
            yield ahead

    def _loaded(self, unseen: list[MessageRef], later: Sequence[Search], found: _Found,
                stopping: Callable[[], bool], pool: TriagePool | None
                ) -> Generator[list[tuple[MessageRef, bytes]], None, None]:
        """The groups' unseen messages with their bytes, until all are read or
        the scan stops. With a pool, reading goes on in a thread
        (`read_ahead`), started only once a first group has been handed to
        the workers: that forks them, and a fork beside a thread in the
        middle of a read could leave the children a lock it held."""
        given_up = threading.Event()
        reading = self._reading(unseen, later, found, lambda: stopping() or given_up.is_set())
        source: Iterator[Read] = reading
        ahead: Generator[Read, None, None] | None = None
        with contextlib.closing(reading):
            try:
                while (item := next(source, None)) is not None:
                    raws, stopped = self._unseen_read(item, found)
                    if raws:
                        yield raws
                    if stopped:
                        return
                    if raws and pool is not None and ahead is None:  # the workers are forked
                        source = ahead = read_ahead(reading, given_up)
            finally:
                if ahead is not None:
                    ahead.close()

    def _unseen_read(self, item: Read, found: _Found
                     ) -> tuple[list[tuple[MessageRef, bytes]], bool]:
        """A batch's messages read and not yet recorded, and whether the read
        stopped before the batch's end. A later search's messages are checked
        only now: the reading thread cannot use the state file, and only the
        resumption of an interrupted first scan finds some recorded."""
        batch, raws, checked = item
        stopped = len(raws) < len(batch)
        if not checked:
            kept = [(ref, raw) for ref, raw in raws if not self.store.is_seen(ref)]
            found.seen += len(raws) - len(kept)
            raws = kept
        return raws, stopped

    def _reading(self, unseen: list[MessageRef], later: Sequence[Search], found: _Found,
                 stopping: Callable[[], bool]) -> Generator[Read, None, None]:
        """Each batch of `unseen`, then of each later search's messages, with
        its bytes and whether it was checked against the state file (those of
        the later searches are not: this may run in the read-ahead thread)."""
        for batch in _batches(unseen):
            yield batch, self._fetch_batch(batch, stopping), True
        for search in later:
            if stopping():
                return
            with self._mailbox_lock:
                refs = list(search())
            found.searched += len(refs)
            found.searches_left -= 1
            for batch in _batches(refs):
                yield batch, self._fetch_batch(batch, stopping), False

    def _fetch_batch(self, refs: list[MessageRef],
                     stopping: Callable[[], bool]) -> list[tuple[MessageRef, bytes]]:
        """The bytes of `refs`, until asked to stop; the mailbox is used under
        the engine's lock (this may run in `read_ahead`'s thread)."""
        raws: list[tuple[MessageRef, bytes]] = []
        for ref in refs:
            if stopping():
                break
            with self._mailbox_lock:
                raws.append((ref, self.mailbox.fetch(ref)))
        return raws

    @staticmethod
    def _triaged(raws: list[tuple[MessageRef, bytes]],
                 pool: TriagePool | None) -> list[Fetched]:
        if pool is None:
            return [Fetched(ref, raw) for ref, raw in raws]
        pending = pool.start([raw for _, raw in raws])
        return [Fetched(ref, raw, pending, index) for index, (ref, raw) in enumerate(raws)]

    def _process_group(self, group: list[Fetched], now: datetime,
                       stopping: Callable[[], bool]) -> list[Processed]:
        """Process `group` in one transaction. Should one message fail for a
        reason other than the mailbox or the store, the group is done again
        with a transaction per message, which keeps the messages before it."""
        try:
            with self.store.transaction():
                return self._process_each(group, now, stopping)
        except OperationalError:
            raise
        except Exception:
            logger.debug("a message failed within a group: processing it one by one")
            return self._process_each(group, now, stopping)

    def _process_each(self, group: list[Fetched], now: datetime,
                      stopping: Callable[[], bool]) -> list[Processed]:
        processed: list[Processed] = []
        for fetched in group:
            if stopping():
                break
            processed.append(self.process(fetched.ref, now, fetched.raw, fetched.triage()))
        return processed

    def process(self, ref: MessageRef, now: datetime, raw: bytes | None = None,
                triaged: Triage | None = None) -> Processed:
        """Classify one message and record it; never raises for bad input.
        `triaged`: its parse and classification, made by a worker process."""
        if triaged is None:
            try:
                parsed = parse_message(self.mailbox.fetch(ref) if raw is None else raw)
            except MalformedMessage as exc:
                return self._skip_malformed(ref, str(exc), now)
        elif triaged.malformed is not None or raw is None:
            return self._skip_malformed(ref, triaged.malformed or "no bytes", now)
        else:
            parsed = triaged.parsed(raw)
        envelope = parsed.envelope
        if envelope.message_id and self.store.seen_message_id(envelope.message_id):
            return self._record(ref, parsed, "other", Decision(
                Action.SKIP, "duplicate-message", "same Message-ID already processed"), now)
        if handle_summary_reply(self.store, parsed, self.settings, now,
                                self.followup.calendar):
            return self._record(ref, parsed, "summary-reply", Decision(
                Action.SKIP, "summary-reply", "a summary of ours, or the owner's answer to one"),
                now)
        if ref.folder == self.settings.folders.sent:
            sent = self.followup.sent_copy(parsed, now)
            return self._record(ref, parsed, "sent", Decision(
                Action.RECORD, sent.outcome if sent else "sent-other",
                sent.reason if sent else "not about a request"), now,
                sent.request_id if sent else None)
        try:
            verdict = self._classify(parsed, triaged)
            follow = self.followup.incoming(parsed, verdict, now)
        except OperationalError:
            raise
        except Exception as exc:  # a detector bug must not stop the cycle
            logger.error("uid %s: the detector failed", ref.uid, exc_info=not isinstance(
                exc, DetectorFailed))  # a worker's failure: its traceback is in its log
            return self._skip_malformed(ref, f"detector error: {exc}", now)
        if follow is not None:
            logger.debug("uid %s: %s for request %s", ref.uid, follow.outcome,
                        follow.request_id)
            return self._record(ref, parsed, verdict.kind.value, Decision(
                Action.RECORD, follow.outcome, follow.reason), now, follow.request_id)
        identity = identify_request(verdict)
        found = self._find(identity, verdict, now) if identity is not None else None
        failed = self._failed_draft(found) if found is not None else None
        known = found is not None and failed is None
        decision = decide(verdict, already_known=known,
                          unverified_policy=self.settings.detection.unverified,
                          draft_networks=self.settings.detection.draft_networks)
        logger.debug("uid %s: %s (%s): %s", ref.uid, verdict.kind.value, decision.outcome,
                    decision.reason)
        if decision.action is Action.DRAFT and identity is not None:
            if failed is not None:  # drafted again, as the request it already is
                return self._draft(ref, parsed, verdict, replace(identity, key=failed.key),
                                   decision, now, failed.id)
            return self._draft(ref, parsed, verdict, self._own_key(identity), decision, now)
        if found is not None and decision.outcome == "duplicate":
            self._learn_address(found, verdict, now, parsed.envelope.message_id)
        return self._record(ref, parsed, verdict.kind.value, decision, now, found)

    def _classify(self, parsed: ParsedMessage, triaged: Triage | None) -> Classification:
        if triaged is None:
            return classify(parsed, authserv_ids=self.settings.detection.authserv_ids,
                            rules=self.rules)
        if triaged.classification is None:  # the worker's detector failed
            raise DetectorFailed(triaged.detector_error or "no classification")
        return triaged.classification

    def _failed_draft(self, request_id: int) -> Request | None:
        """The request, if its reply draft failed and has not been made since."""
        request = self.store.request(request_id)
        if request is None or draft_failure(request, self.store.events(request_id)) is None:
            return None
        return request

    def _learn_address(self, request_id: int, verdict: Classification, now: datetime,
                       message_id: str | None) -> None:
        """A reminder may carry the address its invitation lacked (in its note):
        keep it, and say so in the request's history, rather than lose it."""
        email = verdict.requester.email if verdict.requester else None
        request = self.store.request(request_id)
        if not email or verdict.genuine is False or request is None or request.requester.email:
            return
        logger.info("request %s: address from a later %s", request_id, verdict.kind.value)
        with self.store.transaction():
            self.store.set_requester_email(request_id, email)
            self.store.add_event(Event(
                request_id, now, request.state,
                f"address {email} learnt from a later {verdict.kind.value}: the reply can go by "
                "e-mail (add it to the draft's To)", message_id))

    def _find(self, identity: RequestIdentity, verdict: Classification,
              now: datetime) -> int | None:
        return self.store.find_same_request(
            identity.network, invitation_id=identity.invitation_id,
            profile_url=identity.profile_url, name_key=identity.name_key,
            verified=verdict.genuine is True, since=now - SAME_NAME_WITHIN)

    def _own_key(self, identity: RequestIdentity) -> RequestIdentity:
        """`identity` with a key no other request has: a stranger with the same
        name, or an unverified request before a verified one, keeps its own."""
        key, number = identity.key, 1
        while self.store.request_key_taken(identity.network, key):
            number += 1
            key = f"{identity.key}#{number}"
        return replace(identity, key=key)

    def _skip_malformed(self, ref: MessageRef, reason: str, now: datetime) -> Processed:
        logger.warning("uid %s in %s: skipped, %s", ref.uid, ref.folder, reason)
        with self.store.transaction():
            self.store.record_seen(SeenRecord(ref, None, "malformed", "malformed", reason), now)
        return Processed(ref, "", "", "malformed", "malformed", reason)

    def _record(self, ref: MessageRef, parsed: ParsedMessage, kind: str, decision: Decision,
                now: datetime, request_id: int | None = None) -> Processed:
        env = parsed.envelope
        with self.store.transaction():
            self.store.record_seen(SeenRecord(ref, env.message_id, kind, decision.outcome,
                                              decision.reason, request_id), now)
        return Processed(ref, env.subject, env.from_addr, kind, decision.outcome,
                         decision.reason, request_id)

    def _draft(self, ref: MessageRef, parsed: ParsedMessage, verdict: Classification,
               identity: RequestIdentity, decision: Decision, now: datetime,
               existing: int | None = None) -> Processed:
        return self.drafter.draft(ref, parsed, verdict, identity, decision, now,
                                  self._cycle_busy, existing)
