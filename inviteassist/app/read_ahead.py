"""Reading the next batch in the background while the caller works on one.

A large scan reads its candidates from the server a group at a time (and,
in a first scan of a large folder, searches the folder part by part) and
then drafts and records them. Reading is mostly waiting for the server, so
`read_ahead` runs the reading in one background thread while the engine
handles the batch before: the wait then overlaps work instead of adding to
it. The engine's mailbox is one connection, so the reads and the engine's
own use of it between groups (the outbox's appends) take turns under the
engine's `_mailbox_lock`.

Nothing is written from the background thread: a kill loses at most bytes
read ahead, which the next cycle reads again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Generator, Iterator
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

Loaded = TypeVar("Loaded")


class _Handed(Generic[Loaded]):
    """One item from the reading thread, the error that ended it, or its end."""

    def __init__(self, item: Loaded | None = None, error: BaseException | None = None,
                 end: bool = False) -> None:
        self.item, self.error, self.end = item, error, end


def read_ahead(items: Iterator[Loaded], given_up: threading.Event
               ) -> Generator[Loaded, None, None]:
    """The rest of `items`, in order, each made in one background thread:
    while the caller holds one, the next is being made, and no further (one
    batch ahead, as much memory as a plain loop and one). An exception from
    `items` is raised where its item would have come. When the caller stops
    early (a break, an exception, Ctrl-C), `given_up` is set, so that
    `items`, which watches it, can end a long read at its next step, and the
    stop waits for that: nothing uses the mailbox after this returns."""
    wanted = threading.Semaphore(1)  # the caller took the last item: make the next
    handed: queue.SimpleQueue[_Handed[Loaded]] = queue.SimpleQueue()

    def run() -> None:
        try:
            while True:
                wanted.acquire()
                if given_up.is_set():
                    return
                for item in items:
                    handed.put(_Handed(item))
                    break
                else:
                    handed.put(_Handed(end=True))
                    return
        except BaseException as exc:  # handed over, raised in the caller's thread
            if given_up.is_set():
                logger.debug("reading ahead failed after the scan stopped: %s", exc)
            handed.put(_Handed(error=exc))

    reader = threading.Thread(target=run, name="inviteassist-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            got = handed.get()
            if got.error is not None:
                raise got.error
            if got.end:
                return
            wanted.release()
            yield got.item  # type: ignore[misc]
    finally:
        given_up.set()
        wanted.release()  # a reader waiting for the next request wakes and ends
        reader.join()
