"""`cleaner clean`: inputs to outputs, locally or on an engine, with errors, stats and resume.

Two ways to write:

- a stream (standard output, or `-o FILE`): every input's output in input order, in one
  file written under a temporary name and renamed when complete;
- a directory of shards (`-o DIR`, when an input is a directory or a glob, or DIR exists,
  or ends with /): one output per input, mirroring the inputs, each a shard with a done
  marker (see cleaner.shards), so `--resume` restarts a killed run without redoing work.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from .batch import Failure, WorkerPool
from .shards import (STATE_DIR, ErrorSink, InputError, Job, RecordHandler, Stats, clean_shards,
                     expand_inputs, gather_line_statistics, merge_line_statistics,
                     input_kind, is_done, peek_file, plan_shards, read_items, select_rank,
                     temp_path, write_outcomes)

from .cli import EXIT_FAILED, EXIT_OK, UsageError


def run_clean(args, config) -> int:
    """The `clean` command. Returns the exit status."""
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    job = Job.from_config(config, output_format=args.format, input_format=args.input_format,
                          text_field=args.text_field, html_field=args.html_field,
                          max_record_bytes=args.max_record_bytes,
                          keep_results=getattr(args, "report", None) is not None)
    started = time.monotonic()
    try:
        if _writes_directory(args):
            stats, failed = _run_directory(args, job)
        else:
            stats, failed = _run_stream(args, job)
    except InputError as e:
        raise UsageError(str(e)) from None
    elapsed = time.monotonic() - started
    if args.stats:
        report = stats.to_dict()
        report["elapsed_seconds"] = round(elapsed, 3)
        Path(args.stats).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    _summary(stats, elapsed, args)
    return EXIT_FAILED if failed else EXIT_OK


def _writes_directory(args) -> bool:
    out = args.output
    needs_dir = args.resume or args.engine != "local" or args.world_size > 1 or args.learn_lines
    if not out:
        if needs_dir:
            raise UsageError("--resume, --engine, --world-size and --learn-lines write shards: give -o DIRECTORY")
        return False
    if os.path.isdir(out) or out.endswith(("/", os.sep)) or needs_dir:
        return True
    if os.path.exists(out):
        return False
    import glob
    return any(os.path.isdir(i) or glob.has_magic(i) for i in args.inputs)


# -- a stream ---------------------------------------------------------------------------------
def _run_stream(args, job: Job) -> tuple[Stats, int]:
    inputs = expand_inputs(args.inputs)
    sources = []
    for path, _ in inputs:
        if path == "-":
            stream = sys.stdin.buffer
            kind = input_kind("-", job.input_format, stream.peek(256)[:256] if hasattr(stream, "peek") else b"")
        else:
            stream = None
            kind = input_kind(path, job.input_format, peek_file(path))
        sources.append((path, kind, stream))
    single_document = len(sources) == 1 and sources[0][1] != "jsonl"
    if args.format == "json" and single_document:
        job = dataclasses.replace(job, pretty_json=True)
    stats, progress = Stats(), Progress(_total_bytes(inputs))
    out_path = args.output
    # A device or a pipe (/dev/full, /dev/stdout, a FIFO) is written in place: renaming a
    # temporary file over it would replace the device node itself.
    in_place = bool(out_path) and os.path.exists(out_path) and not os.path.isfile(out_path)
    if not out_path:
        out = sys.stdout.buffer
    else:
        out = open(out_path if in_place else temp_path(os.path.dirname(out_path) or ".", out_path), "wb")
    errors_file = open(args.errors, "wb") if args.errors else None
    sink = ErrorSink(errors_file)
    pool = WorkerPool(RecordHandler(job), workers=args.workers, time_limit=job.config.time_limit)
    completed = False
    try:
        for path, kind, stream in sources:
            items = read_items(path, kind, job.max_record_bytes, stream=stream)
            write_outcomes(path, items, pool, out, sink, stats, progress, getattr(args, "report", None))
            out.flush()
        completed = True
    finally:
        pool.close()
        progress.close()
        if errors_file:
            errors_file.close()
        if out_path:
            out.close()
            if in_place:
                pass
            elif completed:
                os.replace(out.name, out_path)
            else:
                os.remove(out.name)
    return stats, sink.count


def _total_bytes(inputs) -> int | None:
    """Bytes to read, for the ETA; unknown for standard input and compressed files."""
    total = 0
    for path, _ in inputs:
        if path == "-" or path.endswith((".gz", ".zst")):
            return None
        total += os.path.getsize(path)
    return total


# -- a directory of shards ---------------------------------------------------------------------
def _run_directory(args, job: Job) -> tuple[Stats, int]:
    os.makedirs(args.output, exist_ok=True)
    shards = select_rank(plan_shards(args.inputs, args.output, job), args.rank, args.world_size)
    if args.learn_lines:
        job = _learn_lines(args, job, shards)
    fingerprint = job.fingerprint()
    todo = [s for s in shards if not (args.resume and is_done(s, fingerprint))]
    if args.engine == "ray":
        if getattr(args, "report", None) is not None:
            raise UsageError("--report-html needs the local engine (results stay on the cluster)")
        from .engines.ray import run_shards
        try:
            outcome = run_shards(todo, job, address=args.address, num_cpus=args.workers)
        except ImportError as e:
            raise UsageError(str(e)) from None
        for shard, error in outcome.failed_shards:
            print(f"cleaner: shard {shard.source} failed after retries: {error}", file=sys.stderr)
    else:
        progress = Progress(_total_bytes([(s.source, s.relative) for s in todo]), shards=len(todo))
        pool = WorkerPool(RecordHandler(job), workers=args.workers, time_limit=job.config.time_limit)
        try:
            clean_shards(todo, job, pool=pool, progress=progress, observer=getattr(args, "report", None))
        finally:
            pool.close()
            progress.close()
    return _gather(shards, fingerprint, args.errors)


def _learn_lines(args, job: Job, shards) -> Job:
    """Corpus mode over the shards: gather each shard's line statistics (in parallel, on the
    chosen engine), merge them into a line table, and clean with it. With --resume, a table
    from an earlier run is reused."""
    if args.world_size > 1:
        raise UsageError("--learn-lines needs every shard: learn the table in one run, then pass it "
                         "to the ranks with --config (line_table)")
    table = os.path.join(os.path.abspath(args.output), STATE_DIR, "line-table.json")
    if not (args.resume and os.path.exists(table)):
        if args.engine == "ray":
            from .engines.ray import run_shards
            outcome = run_shards(shards, job, address=args.address, num_cpus=args.workers,
                                 task=gather_line_statistics)
            if outcome.failed_shards:
                raise UsageError(f"line statistics failed on {outcome.failed_shards[0][0].source}: "
                                 f"{outcome.failed_shards[0][1]}")
        else:
            with WorkerPool(LineStatisticsTask(job), workers=args.workers, chunk_items=1) as pool:
                for outcome in pool.map(shards):
                    if isinstance(outcome, Failure):
                        raise UsageError(f"line statistics failed on {shards[outcome.index].source}: "
                                         f"{outcome.reason}")
        merge_line_statistics(shards, table)
    return dataclasses.replace(job, config=job.config.with_(line_table=table))


class LineStatisticsTask:
    """The pool's task for pass 1 of corpus mode: a shard in, its statistics files out."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, shard):
        return gather_line_statistics(shard, self.job)


def _gather(shards, fingerprint: str, errors_path: str | None) -> tuple[Stats, int]:
    """Merge the shards' stats and errors (those done in earlier runs too) into the totals."""
    stats, failed = Stats(), 0
    errors_out = open(errors_path, "wb") if errors_path else None
    try:
        for shard in shards:
            if not is_done(shard, fingerprint):
                failed += 1
                stats.failures["shard_not_done"] += 1
                continue
            stats.merge(json.loads(Path(shard.stats_path).read_text(encoding="utf-8")))
            with open(shard.errors_path, "rb") as f:
                for line in f:
                    failed += 1
                    if errors_out:
                        errors_out.write(line)
                    else:
                        entry = json.loads(line)
                        print(f"cleaner: {entry['source']}:{entry['line']}: {entry['reason']}", file=sys.stderr)
    finally:
        if errors_out:
            errors_out.close()
    return stats, failed


# -- progress and summary ----------------------------------------------------------------------
class Progress:
    """Documents, MB, rate and ETA on standard error, only when it is a terminal."""

    def __init__(self, total_bytes: int | None = None, *, shards: int = 0, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.total, self.shards, self.shards_done = total_bytes, shards, 0
        self.documents = self.bytes = 0
        self.started = self.shown = time.monotonic()

    def advance(self, nbytes: int) -> None:
        self.documents += 1
        self.bytes += nbytes
        if self.enabled and time.monotonic() - self.shown > 0.5:
            self.show()

    def show(self) -> None:
        self.shown = now = time.monotonic()
        rate = self.bytes / max(now - self.started, 1e-9) / 1e6
        parts = [f"{self.documents} documents", f"{self.bytes / 1e6:.1f} MB", f"{rate:.2f} MB/s"]
        if self.shards:
            parts.append(f"{self.shards} shards")
        if self.total and rate > 0:
            parts.append(f"ETA {max(self.total - self.bytes, 0) / 1e6 / rate:.0f} s")
        self.stream.write("\r\033[Kcleaner: " + ", ".join(parts))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.documents:
            self.show()
            self.stream.write("\n")


def _summary(stats: Stats, elapsed: float, args) -> None:
    """One line on standard error: always when something failed, else only on a terminal."""
    if not stats.failed and not sys.stderr.isatty():
        return
    mb = stats.bytes_in / 1e6
    line = (f"cleaner: {stats.documents_in} documents in, {stats.documents_out} out, "
            f"{stats.failed} failed; {mb:.1f} MB in {elapsed:.1f} s ({mb / max(elapsed, 1e-9):.2f} MB/s)")
    if stats.failed and args.errors:
        line += f"; failures listed in {args.errors}"
    print(line, file=sys.stderr)
