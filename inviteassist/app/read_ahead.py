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
from typing import TypeVar, cast

logger = logging.getLogger(__name__)

Loaded = TypeVar("Loaded")
_END = object()  # the reading has no more items


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
    # Each entry: (item or _END, None), or (None, the error that ended the reading).
    handed: queue.SimpleQueue[tuple[object, BaseException | None]] = queue.SimpleQueue()

    def run() -> None:
        try:
            while True:
                wanted.acquire()
                if given_up.is_set():
                    return
                item = next(items, _END)
                handed.put((item, None))
                if item is _END:
                    return
        except BaseException as exc:  # handed over, raised in the caller's thread
            if given_up.is_set():
                logger.debug("reading ahead failed after the scan stopped: %s", exc)
            handed.put((None, exc))

    reader = threading.Thread(target=run, name="inviteassist-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item, error = handed.get()
            if error is not None:
                raise error
            if item is _END:
                return
            wanted.release()
            yield cast(Loaded, item)
    finally:
        given_up.set()
        wanted.release()  # a reader waiting for the next request wakes and ends
        reader.join()
