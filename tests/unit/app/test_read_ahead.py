"""`read_ahead`: the next batch loads while the caller holds one; order,
errors and an early close behave as a plain loop would."""

from __future__ import annotations

import threading

import pytest

from inviteassist.app.read_ahead import read_ahead

WAIT = 30  # seconds: a bound for a hung test, never a measured time


def test_every_batch_is_loaded_once_and_given_in_order():
    loads: list[int] = []

    def load(batch: int, abandoned) -> str:  # type: ignore[no-untyped-def]
        loads.append(batch)
        assert not abandoned()
        return f"loaded {batch}"

    assert list(read_ahead([3, 1, 2], load)) == ["loaded 3", "loaded 1", "loaded 2"]
    assert loads == [3, 1, 2]
    assert list(read_ahead([], load)) == []


def test_the_next_batch_loads_while_the_caller_holds_the_one_before():
    started = {batch: threading.Event() for batch in (1, 2)}

    def load(batch: int, abandoned) -> int:  # type: ignore[no-untyped-def]
        started[batch].set()
        return batch

    loaded = read_ahead([1, 2], load)
    assert next(loaded) == 1
    # Batch 1 is in the caller's hands, not asked for more: batch 2 loads anyway.
    assert started[2].wait(WAIT)
    assert threading.current_thread() is threading.main_thread()
    assert list(loaded) == [2]


def test_a_failed_load_is_raised_where_its_batch_would_come():
    def load(batch: int, abandoned) -> int:  # type: ignore[no-untyped-def]
        if batch == 2:
            raise OSError("the server went away")
        return batch

    loaded = read_ahead([1, 2, 3], load)
    assert next(loaded) == 1
    with pytest.raises(OSError, match="went away"):
        next(loaded)


def test_closing_early_tells_the_load_under_way_waits_for_it_and_drops_the_rest():
    loading = threading.Event()
    finished: list[int] = []

    def load(batch: int, abandoned) -> int:  # type: ignore[no-untyped-def]
        if batch == 2:
            loading.set()
            # A long read, step by step, until the caller gives up on it.
            while not abandoned():
                threading.Event().wait(0.01)
        finished.append(batch)
        return batch

    loaded = read_ahead([1, 2, 3], load)
    assert next(loaded) == 1
    assert loading.wait(WAIT)
    assert finished == [1]  # batch 2 goes on until told
    closer = threading.Thread(target=loaded.close)
    closer.start()
    closer.join(WAIT)
    assert not closer.is_alive()
    assert finished == [1, 2]  # ended when abandoned, and waited for; 3 never begun
