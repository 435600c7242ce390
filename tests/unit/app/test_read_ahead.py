"""`read_ahead`: the next item is made while the caller holds one, and no
further; order, errors and an early close behave as a plain loop would."""

from __future__ import annotations

import threading

import pytest

from inviteassist.app.read_ahead import read_ahead


def reader(batches, load):  # type: ignore[no-untyped-def]
    """What the engine hands `read_ahead`: each batch loaded in turn, told
    to give up through the event."""
    given_up = threading.Event()
    return (load(batch, given_up.is_set) for batch in batches), given_up

WAIT = 30  # seconds: a bound for a hung test, never a measured time


def test_every_batch_is_loaded_once_and_given_in_order():
    loads: list[int] = []

    def load(batch: int, abandoned) -> str:  # type: ignore[no-untyped-def]
        loads.append(batch)
        assert not abandoned()
        return f"loaded {batch}"

    assert list(read_ahead(*reader([3, 1, 2], load))) == ["loaded 3", "loaded 1", "loaded 2"]
    assert loads == [3, 1, 2]
    assert list(read_ahead(*reader([], load))) == []


def test_the_next_batch_loads_while_the_caller_holds_the_one_before():
    started = {batch: threading.Event() for batch in (1, 2)}

    def load(batch: int, abandoned) -> int:  # type: ignore[no-untyped-def]
        started[batch].set()
        return batch

    loaded = read_ahead(*reader([1, 2], load))
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

    loaded = read_ahead(*reader([1, 2, 3], load))
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

    loaded = read_ahead(*reader([1, 2, 3], load))
    assert next(loaded) == 1
    assert loading.wait(WAIT)
    assert finished == [1]  # batch 2 goes on until told
    closer = threading.Thread(target=loaded.close)
    closer.start()
    closer.join(WAIT)
    assert not closer.is_alive()
    assert finished == [1, 2]  # ended when abandoned, and waited for; 3 never begun


def test_no_more_than_the_next_batch_is_read_ahead():
    made: list[int] = []
    second = threading.Event()

    def load(batch: int, abandoned) -> int:  # type: ignore[no-untyped-def]
        made.append(batch)
        if batch == 2:
            second.set()
        return batch

    loaded = read_ahead(*reader([1, 2, 3], load))
    assert next(loaded) == 1
    assert second.wait(WAIT)
    threading.Event().wait(0.1)  # room for a wrong third read to happen
    assert made == [1, 2]  # batch 2 waits in memory; 3 is read once 2 is taken
    assert list(loaded) == [2, 3]


def test_a_failure_after_the_caller_stopped_is_logged_not_raised(caplog):  # type: ignore[no-untyped-def]
    reading = threading.Event()

    def load(batch: int, abandoned) -> int:  # type: ignore[no-untyped-def]
        if batch == 2:
            reading.set()
            while not abandoned():
                threading.Event().wait(0.01)
            raise OSError("connection reset")
        return batch

    loaded = read_ahead(*reader([1, 2], load))
    assert next(loaded) == 1
    assert reading.wait(WAIT)
    with caplog.at_level("DEBUG", logger="inviteassist.app.read_ahead"):
        loaded.close()
    assert "connection reset" in caplog.text
