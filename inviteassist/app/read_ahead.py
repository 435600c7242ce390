"""Loading the next batch in the background while the caller works on one.

A large scan reads its candidates from the server a group at a time and
then drafts and records them. Reading is mostly waiting for the server, so
`read_ahead` loads the next batch in one background thread while the
engine handles the batch before: the wait then overlaps work instead of
adding to it. The engine's mailbox is one connection, so the loads and the
engine's own use of it between groups (the outbox's appends) take turns
under the engine's `_mailbox_lock`.

Nothing is written from the background thread: a kill loses at most bytes
read ahead, which the next cycle reads again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

logger = logging.getLogger(__name__)

Batch = TypeVar("Batch")
Loaded = TypeVar("Loaded")


def read_ahead(batches: Sequence[Batch],
               load: Callable[[Batch, Callable[[], bool]], Loaded]
               ) -> Generator[Loaded, None, None]:
    """`load(batch, abandoned)` of each batch, in order; while the caller
    holds one, the next is loading. An exception from a load is raised where
    its batch would have been yielded. When the caller stops early (a break,
    an exception, Ctrl-C), `abandoned()` turns true, so a long load can end
    at its next step, and the stop waits for it: nothing uses the mailbox
    after this returns."""
    if not batches:
        return
    given_up = threading.Event()
    with ThreadPoolExecutor(1, thread_name_prefix="inviteassist-read-ahead") as executor:
        loading: Future[Loaded] = executor.submit(load, batches[0], given_up.is_set)
        try:
            for following in batches[1:]:
                loaded = loading.result()
                loading = executor.submit(load, following, given_up.is_set)
                yield loaded
            yield loading.result()
        finally:
            given_up.set()
            loading.cancel()  # not begun: dropped; under way: the executor waits for it
            loading.add_done_callback(_log_unread_failure)


def _log_unread_failure(loading: Future[Loaded]) -> None:
    """A load that failed after the caller stopped asking: nobody raises it."""
    if not loading.cancelled() and loading.exception() is not None:
        logger.debug("reading ahead failed after the scan stopped: %s", loading.exception())
