"""Cleaning many documents: `clean_many()` and the worker pool behind it and the CLI.

The guarantees, for one process or many:

- **Order.** Results come back in input order, so the output is the same bytes for any
  number of workers.
- **Bounded memory.** Input is read lazily in chunks; at most `workers * 5` chunks are
  between input and output (one running per worker, the rest finished and waiting for an
  earlier chunk), however long the input is.
- **Nothing lost.** A document that raises, times out or kills its worker process becomes a
  `Failure` in its place in the output; the documents around it are unaffected.
- **A time limit that holds.** Each document gets `Config.time_limit` seconds. Between stages
  the pipeline checks the clock (`DocumentTimeout`); an interval timer interrupts a stage that
  runs long in Python code; and with worker processes, a watchdog in the parent kills a worker
  whose document is still running well past the limit (a hang inside C code), restarts it,
  and carries on with the rest of the chunk.

    >>> from cleaner import Cleaner
    >>> [r.text for r in Cleaner().clean_many(["One.", "Two."])]
    ['One.\\n', 'Two.\\n']
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for_connections
from typing import Any, Callable, Iterable, Iterator

from .pipeline import DocumentTimeout

CHUNK_ITEMS = 32            # documents per chunk sent to a worker
CHUNK_BYTES = 128 << 10     # ... or fewer, once the chunk holds this many bytes of input
CHUNKS_PER_WORKER = 1       # chunks queued per worker: a worker gets its next chunk when it returns one,
                            # so a slow chunk never holds another back behind it
REORDER_CHUNKS = 4          # per worker, finished chunks that may wait for an earlier slow one
WATCHDOG_GRACE = 5.0        # seconds past the time limit before a stuck worker is killed
ALARM_GRACE = 0.5           # seconds past the time limit before the interval timer fires
MAX_RESENDS = 3             # a chunk whose worker dies outside any document is resent this often


@dataclass(frozen=True)
class Failure:
    """A document that could not be cleaned, in the place its Result would have taken.

    `clean_many` yields these instead of raising (pass `on_error="raise"` to raise instead),
    so one bad document never ends the iteration. `ok` is False (a Result has no `ok`; test
    with `isinstance(item, Failure)` or `getattr(item, "ok", True)`).
    """
    index: int          # position of the document in the input
    error: str          # "timeout", "exception" or "worker_died"
    reason: str         # one line a person can read, e.g. "ValueError: ..."
    ok: bool = False


class DocumentFailed(RuntimeError):
    """Raised by clean_many(on_error="raise") in place of a Failure."""

    def __init__(self, failure: Failure):
        super().__init__(f"document {failure.index}: {failure.reason}")
        self.failure = failure


# -- the public entry point -----------------------------------------------------------------
def clean_many(cleaner, items: Iterable[str | bytes], *, workers: int = 1, html: bool = False,
               on_error: str = "yield", chunk_items: int = CHUNK_ITEMS) -> Iterator[Any]:
    """Clean documents lazily and in order: one Result (or Failure) per input item.

    workers:   worker processes; 1 cleans in this process. The output is the same for any N.
    html:      treat every item as an HTML page (Cleaner.clean_html) instead of plain text.
    on_error:  "yield" (default) puts a Failure in the failed document's place;
               "raise" raises DocumentFailed and ends the iteration.
    """
    if on_error not in ("yield", "raise"):
        raise ValueError(f"on_error must be 'yield' or 'raise', not {on_error!r}")
    handler = DocumentHandler(cleaner, html=html)
    pool = WorkerPool(handler, workers=workers, time_limit=cleaner.config.time_limit,
                      chunk_items=chunk_items)
    try:
        for outcome in pool.map(items):
            if isinstance(outcome, Failure) and on_error == "raise":
                raise DocumentFailed(outcome)
            yield outcome
    finally:
        pool.close()


class DocumentHandler:
    """Clean one document (text or HTML) with a Cleaner: the task clean_many() runs."""

    def __init__(self, cleaner, *, html: bool = False) -> None:
        self.cleaner = cleaner
        self.html = html

    def __call__(self, item):
        return self.cleaner.clean_html(item) if self.html else self.cleaner.clean(item)


def item_size(item: Any) -> int:
    """Rough size of an item in bytes, to cut chunks of similar weight."""
    if isinstance(item, (str, bytes, bytearray)):
        return len(item)
    if isinstance(item, tuple):
        return sum(item_size(x) for x in item)
    return 64


def chunked(items: Iterable[Any], *, max_items: int = CHUNK_ITEMS,
            max_bytes: int = CHUNK_BYTES) -> Iterator[list[Any]]:
    """Lists of consecutive items, cut at max_items or once max_bytes is reached."""
    chunk: list[Any] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += item_size(item)
        if len(chunk) >= max_items or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# -- the per-document time limit ------------------------------------------------------------
def _on_alarm(signum, frame):
    raise DocumentTimeout("document exceeded the time limit (interrupted while running)")


class _AlarmGuard:
    """Interrupts a document that runs past its limit, using SIGALRM. Only where that is safe:
    on Unix, in the main thread, and when nobody else has claimed the signal."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.active = False
        self.previous = None
        if (0 < limit < float("inf") and hasattr(signal, "setitimer")
                and threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, _on_alarm)):
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
            self.active = True

    def arm(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, self.limit + ALARM_GRACE)

    def disarm(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def close(self) -> None:
        if self.active:
            self.disarm()
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)
            self.active = False


def run_guarded(handler: Callable, item: Any, index: int, guard: _AlarmGuard) -> Any:
    """handler(item), or a Failure when it raises or runs out of time."""
    guard.arm()
    try:
        return handler(item)
    except DocumentTimeout as e:
        return Failure(index, "timeout", f"DocumentTimeout: {e}")
    except Exception as e:  # one bad document must not end the batch
        return Failure(index, "exception", f"{type(e).__name__}: {e}")
    finally:
        guard.disarm()


# -- the pool -------------------------------------------------------------------------------
class WorkerPool:
    """Ordered, chunked, bounded map of a handler over items, in this process or in workers.

    The handler must be picklable when the platform starts workers by spawning. Workers are
    started once and reused by every map() call until close(). The parent loads nothing
    for them: each worker's Cleaner compiles a language's rules when its first block in
    that language arrives, so the workers pay for it side by side, not the parent first.
    """

    def __init__(self, handler: Callable, *, workers: int = 1, time_limit: float = 60.0,
                 chunk_items: int = CHUNK_ITEMS, chunk_bytes: int = CHUNK_BYTES,
                 watchdog_grace: float = WATCHDOG_GRACE, mp_context=None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.handler = handler
        self.workers = workers
        self.time_limit = time_limit
        self.chunk_items = chunk_items
        self.chunk_bytes = chunk_bytes
        self.watchdog_grace = watchdog_grace
        self._context = mp_context or multiprocessing.get_context()
        self._procs: list[_Worker | None] = [None] * workers if workers > 1 else []
        self._clock = None

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        """handler(item) for each item, in order; a Failure where it failed."""
        if self.workers == 1:
            return self._map_here(items)
        return self._map_to_end(items)

    def _map_to_end(self, items: Iterable[Any]) -> Iterator[Any]:
        """A map left unfinished leaves chunks in the workers: stop them, so the next map
        starts clean (the workers are started again on demand)."""
        finished = False
        try:
            yield from self._map_workers(items)
            finished = True
        finally:
            if not finished:
                self.close()

    def _map_here(self, items: Iterable[Any]) -> Iterator[Any]:
        guard = _AlarmGuard(self.time_limit)
        # Freezing is process-wide: here it lasts only while the map runs, and only when the
        # caller froze nothing itself (gc.unfreeze would thaw that too).
        may_freeze, frozen = gc.get_freeze_count() == 0, False
        try:
            for index, item in enumerate(items):
                yield run_guarded(self.handler, item, index, guard)
                if may_freeze and not frozen:
                    _settle_heap()
                    frozen = True
        finally:
            guard.close()
            if frozen:
                gc.unfreeze()

    # -- worker processes -------------------------------------------------------------
    def _ensure_clock(self):
        if self._clock is None:
            # per worker: chunk number and position it is working on, and since when
            self._clock = self._context.Array("d", 3 * self.workers, lock=False)
            for i in range(self.workers):
                self._clock[3 * i:3 * i + 3] = [-1.0, -1.0, 0.0]
        return self._clock

    def _worker(self, slot: int) -> "_Worker":
        """The worker in this slot, started if there is none. A worker that died keeps its
        slot until _collect() notices, fails its document and resends its chunks."""
        w = self._procs[slot]
        if w is None:
            w = _Worker(self._context, self.handler, slot, self._ensure_clock(), self.time_limit)
            self._procs[slot] = w
        return w

    def _map_workers(self, items: Iterable[Any]) -> Iterator[Any]:
        chunks = enumerate(chunked(items, max_items=self.chunk_items, max_bytes=self.chunk_bytes))
        pending: dict[int, list] = {}          # chunk number -> its items, until its results came
        offsets: dict[int, int] = {}           # chunk number -> index of its first item
        done: dict[int, list] = {}             # results that arrived ahead of their turn
        self._presets: dict[int, dict] = {}    # chunk number -> outcomes decided without a worker
        self._resent: dict[int, int] = {}      # chunk number -> times it was resent
        queue_of: list[deque] = [deque() for _ in range(self.workers)]
        next_out, next_index, exhausted = 0, 0, False
        # chunks between the input and the output: bounded, whatever the input's length
        limit = self.workers * (CHUNKS_PER_WORKER + REORDER_CHUNKS)
        while True:
            # keep every worker fed, within the bound on chunks in flight
            while not exhausted and len(pending) + len(done) < limit:
                slot = min(range(self.workers), key=lambda s: len(queue_of[s]))
                if len(queue_of[slot]) >= CHUNKS_PER_WORKER:
                    break
                try:
                    seq, chunk = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending[seq], offsets[seq] = chunk, next_index
                next_index += len(chunk)
                queue_of[slot].append(seq)
                self._worker(slot).send((seq, offsets[seq], chunk, {}))
            while next_out in done:
                yield from done.pop(next_out)
                offsets.pop(next_out, None)
                next_out += 1
            if exhausted and not pending and not done:
                return
            self._collect(pending, offsets, done, queue_of)

    def _collect(self, pending, offsets, done, queue_of) -> None:
        """Wait a little for results; restart workers that died or hang."""
        readers = {w.results: w for w in self._procs if w is not None}
        for conn in wait_for_connections(list(readers), timeout=0.5):
            w = readers[conn]
            try:
                seq, outcomes = conn.recv()
            except (EOFError, OSError):
                continue  # the worker died; handled below
            done[seq] = outcomes
            pending.pop(seq, None)
            self._presets.pop(seq, None)
            self._resent.pop(seq, None)
            if queue_of[w.slot] and queue_of[w.slot][0] == seq:
                queue_of[w.slot].popleft()
        now = time.monotonic()
        for slot in range(self.workers):
            w = self._procs[slot]
            if w is None or not queue_of[slot]:
                continue
            seq, pos, since = w.current()
            stuck = seq >= 0 and now - since > self.time_limit + self.watchdog_grace
            if w.process.is_alive() and not stuck:
                continue
            self._replace(slot, stuck, pending, offsets, queue_of)

    def _replace(self, slot, stuck, pending, offsets, queue_of) -> None:
        """Kill (or bury) a worker, fail the document it was on, and resend its chunks."""
        w = self._procs[slot]
        seq, pos, _ = w.current()
        w.discard()
        self._procs[slot] = None
        lost = [s for s in queue_of[slot] if s in pending]
        for s in lost:
            preset = self._presets.setdefault(s, {})
            if s == seq and pos >= 0:
                index = offsets[s] + pos
                preset[pos] = (Failure(index, "timeout", f"DocumentTimeout: still running "
                                       f"{self.time_limit + self.watchdog_grace:g} s after it started; "
                                       "its worker was stopped") if stuck else
                               Failure(index, "worker_died", "the worker process died while "
                                       "cleaning this document"))
            elif s == seq or s == lost[0]:
                # died outside any document (the chunk itself cannot be received?): after a
                # few tries, give up on what is left of the chunk rather than loop
                self._resent[s] = self._resent.get(s, 0) + 1
                if self._resent[s] > MAX_RESENDS:
                    for p in range(len(pending[s])):
                        preset.setdefault(p, Failure(offsets[s] + p, "worker_died", "the worker "
                                                     "process died before it could clean this document"))
            self._worker(slot).send((s, offsets[s], pending[s], preset))

    def close(self) -> None:
        """Stop the workers (they finish nothing more)."""
        for w in self._procs:
            if w is not None:
                w.stop()
        self._procs = [None] * self.workers if self.workers > 1 else []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Worker:
    """One worker process: a task queue in, a pipe of results out."""

    def __init__(self, context, handler, slot, clock, time_limit) -> None:
        self.slot = slot
        self.clock = clock
        self.tasks = context.Queue()
        self.results, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_worker_main, name=f"cleaner-worker-{slot}",
                                       args=(handler, self.tasks, sender, clock, slot, time_limit, os.getpid()),
                                       daemon=True)
        self.process.start()
        sender.close()
        clock[3 * slot:3 * slot + 3] = [-1.0, -1.0, 0.0]

    def send(self, task) -> None:
        self.tasks.put(task)

    def current(self) -> tuple[int, int, float]:
        seq, pos, since = self.clock[3 * self.slot:3 * self.slot + 3]
        return int(seq), int(pos), since

    def stop(self) -> None:
        try:
            self.tasks.put(None)
            self.process.join(timeout=2)
        except (OSError, ValueError):
            pass
        self.discard()

    def discard(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.results.close()
        self.tasks.close()
        self.tasks.cancel_join_thread()


PARENT_WATCH_SECONDS = 1.0   # how often an idle worker looks whether its parent still lives


def _worker_main(handler, tasks, results, clock, slot, time_limit, parent: int) -> None:
    """The loop of a worker process: clean chunks until told to stop, or until the parent is
    gone (a parent killed outright, by SIGKILL or the out-of-memory killer, cannot tell its
    workers, and they must not wait for work for ever). `parent` is the pid the parent gave:
    read here, it could already be the pid of the process that adopted an orphan."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    _die_with(parent)
    guard = _AlarmGuard(time_limit)
    base = 3 * slot
    settled = False
    while True:
        task = _next_task(tasks, parent)
        if task is None:
            break
        seq, offset, items, preset = task
        outcomes = []
        for pos, item in enumerate(items):
            if pos in preset:
                outcomes.append(preset[pos])
                continue
            clock[base:base + 3] = [seq, pos, time.monotonic()]
            outcomes.append(run_guarded(handler, item, offset + pos, guard))
        clock[base:base + 3] = [-1.0, -1.0, 0.0]
        try:
            results.send((seq, outcomes))
        except OSError:   # the parent closed the pipe or died: nobody waits for the results
            break
        if not settled:
            _settle_heap()
            settled = True
    guard.close()


def _settle_heap() -> None:
    """Move everything alive now out of the garbage collector's reach. After a first
    document, that is the compiled rules, language profiles and word lists, which outlive
    the batch: the collector's full passes stop walking them (each took about 40 ms; in all
    some 3% of the cleaning time). Objects made later are collected as before. Worker
    processes stay frozen after their first chunk; the caller's process thaws when its map
    ends."""
    gc.collect()
    gc.freeze()


def _die_with(parent: int) -> None:
    """On Linux, have the kernel kill this worker when its parent dies. The idle check of
    _next_task is not enough: a worker blocked sending a large result waits on a pipe whose
    reading end a sibling worker inherited, so it never sees the parent gone."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:   # the parent died before the request was made
        os._exit(0)


PR_SET_PDEATHSIG = 1   # prctl(2)


def _next_task(tasks, parent: int):
    """The next task from the queue; None when told to stop or when the parent has died."""
    while True:
        try:
            return tasks.get(timeout=PARENT_WATCH_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:
                return None
