"""clean_many() and the worker pool: order, failures, time limits, bounded memory."""
import os
import signal
import time

import pytest

from cleaner import Cleaner, Config
from cleaner.batch import DocumentFailed, Failure, WorkerPool, chunked, clean_many

DOCS = [f"Paragraph {i} says something about item {i}.\n\nAnother paragraph {i}." for i in range(40)]


class Upper:
    """A trivial handler: enough to test the pool without the pipeline's cost."""

    def __call__(self, item):
        if item == "raise":
            raise ValueError("this item is bad")
        return item.upper()


class Misbehaving:
    """Loops in Python, blocks in a signal-proof sleep, or kills its process, on request."""

    def __call__(self, item):
        if item == "loop":
            while True:
                pass
        if item == "hang":
            # a hang the interval timer cannot interrupt, as in C code that never checks signals
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if item == "die":
            os._exit(3)
        return item


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_come_back_in_order_for_any_worker_count(workers):
    results = list(clean_many(Cleaner(), DOCS, workers=workers, chunk_items=3))
    assert [r.text for r in results] == [Cleaner().clean(d).text for d in DOCS]


def test_cleaner_clean_many_is_the_batch_function():
    texts = [r.text for r in Cleaner().clean_many(["One.", "Two.", "Three."], workers=2)]
    assert texts == ["One.\n", "Two.\n", "Three.\n"]


def test_html_items_go_through_clean_html():
    [result] = clean_many(Cleaner(), ["<html><body><p>Hello there.</p></body></html>"], html=True)
    assert result.text == "Hello there.\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_document_becomes_a_failure_in_its_place(workers):
    items = ["Fine.", 42, "Also fine."]
    results = list(clean_many(Cleaner(), items, workers=workers))
    assert results[0].text == "Fine.\n" and results[2].text == "Also fine.\n"
    assert isinstance(results[1], Failure)
    assert results[1].index == 1 and results[1].error == "exception" and not results[1].ok
    assert "TypeError" in results[1].reason


def test_on_error_raise_stops_at_the_failure():
    with pytest.raises(DocumentFailed) as info:
        list(clean_many(Cleaner(), ["Fine.", 42], on_error="raise"))
    assert info.value.failure.index == 1


def test_chunks_are_cut_by_count_and_by_bytes():
    assert [len(c) for c in chunked(range(10), max_items=4)] == [4, 4, 2]
    assert [len(c) for c in chunked(["x" * 60] * 5, max_items=100, max_bytes=100)] == [2, 2, 1]


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_keeps_order_and_reports_exceptions(workers):
    items = ["a", "b", "raise", "c"] * 10
    with WorkerPool(Upper(), workers=workers, chunk_items=3) as pool:
        out = list(pool.map(items))
        again = list(pool.map(["x", "y"]))   # workers are reused across map() calls
    assert [o if isinstance(o, str) else "!" for o in out] == ["A", "B", "!", "C"] * 10
    assert [o.index for o in out if isinstance(o, Failure)] == [2, 6, 10, 14, 18, 22, 26, 30, 34, 38]
    assert again == ["X", "Y"]


@pytest.mark.parametrize("workers", [1, 2])
def test_time_limit_interrupts_a_document_stuck_in_python_code(workers):
    with WorkerPool(Misbehaving(), workers=workers, time_limit=0.2, chunk_items=2) as pool:
        out = list(pool.map(["a", "loop", "b"]))
    assert out[0] == "a" and out[2] == "b"
    assert isinstance(out[1], Failure) and out[1].error == "timeout"


def test_watchdog_kills_a_worker_whose_document_hangs_where_signals_cannot_reach():
    with WorkerPool(Misbehaving(), workers=2, time_limit=0.2, watchdog_grace=0.5, chunk_items=2) as pool:
        started = time.monotonic()
        out = list(pool.map(["a", "hang", "b", "c", "d"]))
    assert time.monotonic() - started < 20
    assert out[0] == "a" and out[2:] == ["b", "c", "d"]
    assert isinstance(out[1], Failure) and out[1].error == "timeout" and out[1].index == 1


def test_a_worker_that_dies_costs_only_its_document():
    with WorkerPool(Misbehaving(), workers=2, chunk_items=3) as pool:
        out = list(pool.map(["a", "b", "die", "c", "d", "e", "f"]))
    assert [o if isinstance(o, str) else o.error for o in out] == ["a", "b", "worker_died", "c", "d", "e", "f"]


def test_library_time_limit_fails_the_document_not_the_batch():
    # a pathological document: the limit is tiny, so the clock check between stages fires
    config = Config(time_limit=1e-9)
    results = list(clean_many(Cleaner(config), ["Some text here.\n\nMore text."] * 3, workers=1))
    assert all(isinstance(r, Failure) and r.error == "timeout" for r in results)


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_lazily_with_a_bounded_lead(workers):
    pulled = 0

    def items():
        nonlocal pulled
        for i in range(2000):
            pulled += 1
            yield str(i)

    chunk = 5
    max_lead = 0
    with WorkerPool(Upper(), workers=workers, chunk_items=chunk) as pool:
        for done, _ in enumerate(pool.map(items()), 1):
            max_lead = max(max_lead, pulled - done)
    # in flight: one chunk running per worker and four waiting to be written, plus the
    # chunk being cut; in one process, only the item being cleaned
    bound = (5 * workers + 1) * chunk if workers > 1 else 1
    assert max_lead <= bound


def test_an_abandoned_map_does_not_leak_into_the_next():
    with WorkerPool(Upper(), workers=2, chunk_items=2) as pool:
        first = pool.map(str(i) for i in range(100))
        assert next(first) == "0"
        first.close()
        assert list(pool.map(["a", "b", "c"])) == ["A", "B", "C"]


class DiesTwice:
    """Kills its worker on two different documents of the same chunk."""

    def __call__(self, item):
        if item in ("die-1", "die-2"):
            os._exit(3)
        return item


def test_a_chunk_that_kills_two_workers_still_completes():
    with WorkerPool(DiesTwice(), workers=2, chunk_items=10) as pool:
        out = list(pool.map(["a", "die-1", "b", "die-2", "c"]))
    assert [o if isinstance(o, str) else o.error for o in out] == ["a", "worker_died", "b", "worker_died", "c"]


def test_the_parent_of_workers_compiles_no_rule(tmp_path):
    # the CLI's parent reads, hands out and writes: its rule packs stay uncompiled, in a
    # fresh process (packs are shared within a process, and other tests compile them)
    import subprocess
    import sys
    from pathlib import Path
    records = tmp_path / "in.jsonl"
    records.write_text("".join('{"text": "%s"}\n' % d.replace("\n", "\\n") for d in DOCS[:6]), encoding="utf-8")
    code = f"""
import sys
from cleaner.batch import WorkerPool
from cleaner.config import Config
from cleaner.shards import Job, RecordHandler, read_items
handler = RecordHandler(Job.from_config(Config()))
outcomes = list(WorkerPool(handler, workers=2).map(read_items({str(records)!r}, "jsonl", 1 << 20)))
assert len(outcomes) == 6 and all(o[0] for o in outcomes), outcomes
compiled = [r.id for r in handler.cleaner.packs.all_rules() if "compiled" in vars(r) or "prefilter" in vars(r)]
print(len(compiled))
"""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0"]


class FrozenCount:
    """Reports how many objects the garbage collector has frozen in the process it runs in."""
    def __call__(self, item):
        import gc
        return gc.get_freeze_count()


def test_workers_freeze_their_heap_after_their_first_chunk():
    with WorkerPool(FrozenCount(), workers=2, chunk_items=1) as pool:
        counts = list(pool.map(range(8)))
    assert counts[0] == 0 and counts[1] == 0     # each worker's first chunk runs unfrozen
    assert all(count > 0 for count in counts[4:])


def test_a_map_in_the_callers_process_freezes_only_while_it_runs():
    import gc
    assert gc.get_freeze_count() == 0
    counts = list(WorkerPool(FrozenCount(), workers=1).map(range(3)))
    assert counts[0] == 0 and counts[1] > 0 and counts[2] > 0
    assert gc.get_freeze_count() == 0


def test_a_map_leaves_what_the_caller_froze_frozen():
    import gc
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert list(WorkerPool(FrozenCount(), workers=1).map(range(2))) == [frozen, frozen]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
