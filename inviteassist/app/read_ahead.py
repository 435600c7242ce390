"""Loading the next batch in the background while the caller works on one.

A large scan reads its candidates from the server a group at a time and
then drafts and records them. Reading is mostly waiting for the server, so
`read_ahead` loads the next batch in one background thread while the
engine handles the batch before: the wait then overlaps work instead of
adding to it. The engine's mailbox is one connection, so the loads and the
engine's own use of it between groups (the outbox's appends) take turns
under one lock (`Engine._scan_folder`).

Nothing is written from the background thread: a kill loses at most bytes
read ahead, which the next cycle reads again.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Batch = TypeVar("Batch")
Loaded = TypeVar("Loaded")


def read_ahead(batches: Sequence[Batch],
               load: Callable[[Batch], Loaded]) -> Generator[Loaded, None, None]:
    """`load(batch)` of each batch, in order; while the caller holds one, the
    next is loading. An exception from a load is raised where its batch
    would have been yielded. Closing the iterator early waits for a load
    under way, so nothing uses the mailbox after it."""
    if not batches:
        return
    with ThreadPoolExecutor(1, thread_name_prefix="inviteassist-read-ahead") as executor:
        loading: Future[Loaded] = executor.submit(load, batches[0])
        try:
            for following in batches[1:]:
                loaded = loading.result()
                loading = executor.submit(load, following)
                yield loaded
            yield loading.result()
        finally:
            loading.cancel()  # not begun: dropped; under way: the executor waits for it
