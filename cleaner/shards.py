"""The shard: the unit of batch and distributed work.

`clean_shard(shard, job)` cleans one input file into one output file, records in order,
written under a temporary name and renamed into place; then it writes the shard's errors
and statistics and, last, a done marker. The local runner (`cleaner clean -o DIR`) and
every engine (Ray, Spark, any concurrent.futures.Executor) call this same function, so a
shard's output is the same bytes wherever it ran, and `--resume` skips shards whose done
marker matches the job.

Layout of an output directory:

    OUT/<relative path of each input>           the cleaned shards, mirroring the inputs
    OUT/.cleaner/<relative path>.done           done marker (JSON: job fingerprint, input size)
    OUT/.cleaner/<relative path>.stats.json     the shard's statistics
    OUT/.cleaner/<relative path>.errors.jsonl   one line per record that failed
    OUT/.cleaner/tmp/                           shards being written

Every input record gives exactly one output record or one errors line.
"""
from __future__ import annotations

import glob
import gzip
import io
import json
import os
import socket
import sys
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .batch import Failure, WorkerPool
from .config import Config
from .pipeline import Cleaner

STATE_DIR = ".cleaner"
MAX_RECORD_BYTES = 64 << 20
INPUT_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".txt", ".html", ".htm")
_COMPRESSION = (".gz", ".zst")
_FORMAT_SUFFIX = {"jsonl": ".jsonl", "text": ".txt", "json": ".json"}


class InputError(ValueError):
    """An input or output path cannot be used (missing file, clashing names...)."""


# -- the job: everything a shard needs, picklable -------------------------------------------
@dataclass(frozen=True)
class Job:
    """How to clean shards: the configuration with its rule packs inlined (so a task needs
    nothing from the worker's working directory; a corpus-mode line table is named by its
    absolute path and must be on shared storage), and the record options."""
    config: Config = field(default_factory=Config)
    packs: tuple[dict, ...] = ()           # extra rule packs, parsed TOML
    output_format: str | None = None       # text | json | jsonl; None: jsonl for JSONL, else text
    input_format: str = "auto"             # auto | text | html | jsonl
    text_field: str = "text"
    html_field: str = "html"
    max_record_bytes: int = MAX_RECORD_BYTES
    pretty_json: bool = False              # --format json on a single document
    keep_results: bool = False             # send each Result back too (for the HTML batch report)

    @classmethod
    def from_config(cls, config: Config, **options) -> "Job":
        """Inline the config's extra rule packs, read here once, so tasks carry them."""
        from .rules import load_pack, tomllib
        packs = []
        for path in config.rule_packs:
            load_pack(path)   # validates, with file and line in the error
            packs.append(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        # a line table stays a file (it can be large), named absolutely for remote workers
        table = os.path.abspath(config.line_table) if config.line_table else ""
        return cls(config=config.with_(rule_packs=(), line_table=table), packs=tuple(packs), **options)

    def cleaner(self) -> Cleaner:
        return Cleaner(self.config, extra_rules=self.packs)

    def fingerprint(self) -> str:
        """Identifies the cleaning and the output form: a done marker is valid only for it."""
        import hashlib
        options = json.dumps([self.output_format, self.input_format, self.text_field,
                              self.html_field, self.max_record_bytes, self.pretty_json])
        return hashlib.sha256((self.cleaner().fingerprint + options).encode()).hexdigest()[:16]


# -- one record -----------------------------------------------------------------------------
class RecordHandler:
    """Clean one input record into one output line (bytes), or say why it cannot be.

    An item is (kind, line number, payload): kind is "jsonl", "text" or "html"; the payload
    is the record's raw bytes, or its size when it was too large to read. The outcome is
    (output bytes or None, (error, reason, id) or None, summary for the statistics, the
    Result when the job keeps results, else None)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.cleaner = job.cleaner()

    def __getstate__(self):
        return {"job": self.job}

    def __setstate__(self, state):
        self.__init__(state["job"])

    def __call__(self, item):
        kind, _, payload = item
        if isinstance(payload, int):
            return None, ("too_large", f"record of {payload} bytes is larger than the limit of "
                                       f"{self.job.max_record_bytes} bytes", None), None, None
        if kind == "jsonl":
            return self._clean_record(payload)
        result = self.cleaner.clean_html(payload) if kind == "html" else self.cleaner.clean(payload)
        fmt = self.job.output_format or "text"
        if fmt == "text":
            out = result.text
        elif fmt == "json" and self.job.pretty_json:
            out = json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
        else:
            out = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
        return out.encode("utf-8"), None, summarize(result, len(payload)), self._kept(result)

    def _clean_record(self, raw: bytes):
        job = self.job
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return None, ("invalid_utf8", f"invalid UTF-8 at byte {e.start} of the record", None), None, None
        try:
            record = json.loads(line)
        except ValueError as e:
            return None, ("malformed_json", f"malformed JSON: {e}", None), None, None
        if not isinstance(record, dict):
            return None, ("not_an_object", f"a record must be a JSON object, not {type(record).__name__}", None), None, None
        result, error = clean_record(self.cleaner, record, job.text_field, job.html_field)
        if error is not None:
            return None, error, None, None
        report = result.to_dict()
        fmt = job.output_format or "jsonl"
        if fmt == "text":
            out = result.text + "\n"
        elif fmt == "json":
            out = json.dumps(report, ensure_ascii=False) + "\n"
        else:
            record[job.text_field] = report.pop("text")
            record["cleaner"] = report
            out = json.dumps(record, ensure_ascii=False) + "\n"
        return out.encode("utf-8"), None, summarize(result, len(raw)), self._kept(result)

    def _kept(self, result):
        return result if self.job.keep_results else None


def clean_record(cleaner, record: dict, text_field: str = "text", html_field: str = "html"):
    """Clean a parsed record: its text field, else its HTML field. Returns (Result, None), or
    (None, (error, reason, id)) when the record has nothing to clean. Its "url" field, when
    it has one, names the page's site (corpus mode)."""
    rid = record.get("id")
    text, html = record.get(text_field), record.get(html_field)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    if text_field in record:
        if not isinstance(text, str):
            return None, ("bad_field", f"field {text_field!r} is {type(text).__name__}, not a string", rid)
        return cleaner.clean(text, url=url), None
    if isinstance(html, str):
        return cleaner.clean_html(html, url=url), None
    return None, ("missing_field", f"no {text_field!r} field (nor an {html_field!r} field holding a string)", rid)


def summarize(result, bytes_in: int) -> tuple:
    """What the statistics need from one result, small enough to send between processes:
    the removals counted per rule here, in the worker, so that the process that writes the
    output adds a few numbers per rule, not one per removal."""
    removed: dict[str, list[int]] = {}
    for r in result.removed:
        counts = removed.get(r.rule)
        if counts is None:
            removed[r.rule] = [1, r.end - r.start]
        else:
            counts[0] += 1
            counts[1] += r.end - r.start
    return (bytes_in, len(result.text.encode("utf-8")), result.language,
            tuple((rule, count, chars) for rule, (count, chars) in removed.items()),
            tuple(f.action for f in result.fragments),
            tuple(r.rule for r in result.repairs),
            tuple(g.kind for g in result.gaps),
            tuple(w.kind for w in result.warnings))


# -- statistics -----------------------------------------------------------------------------
class Stats:
    """Counts over many records; merged across shards; serialized as the --stats JSON."""

    def __init__(self) -> None:
        self.documents_in = self.documents_out = self.failed = 0
        self.bytes_in = self.bytes_out = 0
        self.removed_rules: Counter = Counter()
        self.removed_chars: Counter = Counter()
        self.languages: Counter = Counter()
        self.fragments: Counter = Counter()
        self.repairs: Counter = Counter()
        self.gaps: Counter = Counter()
        self.warnings: Counter = Counter()
        self.failures: Counter = Counter()

    def add(self, summary: tuple) -> None:
        """Count one document's summary (see summarize)."""
        bytes_in, bytes_out, language, removed, fragments, repairs, gaps, warnings = summary
        self.documents_in += 1
        self.documents_out += 1
        self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        self.languages[language] += 1
        removed_rules, removed_chars = self.removed_rules, self.removed_chars
        for rule, count, chars in removed:
            removed_rules[rule] += count
            removed_chars[rule] += chars
        if fragments:
            self.fragments.update(fragments)
        if repairs:
            self.repairs.update(repairs)
        if gaps:
            self.gaps.update(gaps)
        if warnings:
            self.warnings.update(warnings)

    def add_failure(self, error: str, bytes_in: int = 0) -> None:
        self.documents_in += 1
        self.failed += 1
        self.bytes_in += bytes_in
        self.failures[error] += 1

    def to_dict(self) -> dict:
        families: Counter = Counter()
        for rule, n in self.removed_rules.items():
            families[".".join(rule.split(".")[:2])] += n
        return {
            "documents": {"in": self.documents_in, "out": self.documents_out, "failed": self.failed},
            "bytes": {"in": self.bytes_in, "out": self.bytes_out},
            "removed": {"by_rule": {r: {"count": n, "chars": self.removed_chars[r]}
                                    for r, n in sorted(self.removed_rules.items())},
                        "by_family": dict(sorted(families.items()))},
            "languages": dict(sorted(self.languages.items())),
            "fragments": dict(sorted(self.fragments.items())),
            "repairs": dict(sorted(self.repairs.items())),
            "gaps": dict(sorted(self.gaps.items())),
            "warnings": dict(sorted(self.warnings.items())),
            "failures": dict(sorted(self.failures.items())),
        }

    def merge(self, data: dict) -> None:
        """Add the counts of another Stats' to_dict()."""
        self.documents_in += data["documents"]["in"]
        self.documents_out += data["documents"]["out"]
        self.failed += data["documents"]["failed"]
        self.bytes_in += data["bytes"]["in"]
        self.bytes_out += data["bytes"]["out"]
        for rule, v in data["removed"]["by_rule"].items():
            self.removed_rules[rule] += v["count"]
            self.removed_chars[rule] += v["chars"]
        for name in ("languages", "fragments", "repairs", "gaps", "warnings", "failures"):
            getattr(self, name).update(data[name])


# -- reading and writing files --------------------------------------------------------------
def _zstandard():
    try:
        import zstandard
    except ImportError:
        raise InputError("reading or writing .zst needs zstandard: pip install 'cleaner[zstd]'") from None
    return zstandard


def open_input(path: str):
    """A binary reader over a file (.gz and .zst decompressed) or standard input ('-')."""
    if path == "-":
        return sys.stdin.buffer
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.endswith(".zst"):
        zstandard = _zstandard()
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True))
    return open(path, "rb")


def open_output(path: str, *, like: str | None = None):
    """A binary writer that compresses by the suffix of `like` (default: path itself),
    giving the same bytes on every run."""
    name = like or path
    if name.endswith(".gz"):
        raw = open(path, "wb")
        return _ClosingBoth(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0), raw)
    if name.endswith(".zst"):
        zstandard = _zstandard()
        return zstandard.ZstdCompressor(level=3).stream_writer(open(path, "wb"), closefd=True)
    return open(path, "wb")


class _ClosingBoth(io.RawIOBase):
    """A compressing writer that also closes the file under it (GzipFile does not)."""

    def __init__(self, writer, raw) -> None:
        self.writer, self.raw = writer, raw

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return self.writer.write(data)

    def close(self) -> None:
        if not self.closed:
            self.writer.close()
            self.raw.close()
        super().close()


def read_lines(stream, max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) for each non-blank line; a line longer than max_bytes is skipped
    without being held in memory, and given as its size instead."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = stream.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, size - (1 if rest.endswith(b"\n") else 0)
            continue
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield number, line


def read_items(source: str, kind: str, max_bytes: int, stream=None) -> Iterator[tuple]:
    """The items of one input: its JSONL records, or the whole file as one document."""
    owned = stream is None
    stream = open_input(source) if owned else stream
    try:
        if kind == "jsonl":
            for number, line in read_lines(stream, max_bytes):
                yield kind, number, line
        else:
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                size = len(data) + sum(len(b) for b in iter(lambda: stream.read(1 << 20), b""))
                yield kind, 1, size
            else:
                yield kind, 1, data
    finally:
        if owned and stream is not sys.stdin.buffer:
            stream.close()


def input_kind(path: str, declared: str, head: bytes = b"") -> str:
    """jsonl, html or text: as declared, else by file name, else by the first bytes."""
    if declared != "auto":
        return declared
    name = path.lower()
    for suffix in _COMPRESSION:
        if name.endswith(suffix):
            name = name[:-len(suffix)]
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith(".txt"):
        return "text"
    start = head.lstrip()[:64].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


# -- shards ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shard:
    """One input file and where its output and state go (paths as strings, picklable)."""
    source: str
    relative: str          # its path relative to the input root, mirrored under the output
    kind: str              # jsonl | text | html
    output: str
    root: str              # the output directory
    output_relative: str   # the output's path under root

    @property
    def state(self) -> str:
        return os.path.join(self.root, STATE_DIR, self.output_relative)

    @property
    def done_path(self) -> str:
        return self.state + ".done"

    @property
    def stats_path(self) -> str:
        return self.state + ".stats.json"

    @property
    def errors_path(self) -> str:
        return self.state + ".errors.jsonl"


def expand_inputs(inputs: Iterable[str]) -> list[tuple[str, str]]:
    """(path, relative path) of every input file: files as given, directories walked for
    known suffixes, globs expanded; sorted within each input, in the order given."""
    found: list[tuple[str, str]] = []
    for name in inputs:
        if name == "-":
            found.append(("-", "-"))
        elif os.path.isdir(name):
            files = sorted(p for p in Path(name).rglob("*") if p.is_file()
                           and p.name.lower().endswith(INPUT_SUFFIXES)
                           and not any(part == STATE_DIR for part in p.parts))
            found.extend((str(p), p.relative_to(name).as_posix()) for p in files)
        elif glob.has_magic(name):
            root = _glob_root(name)
            matches = sorted(p for p in glob.glob(name, recursive=True) if os.path.isfile(p))
            if not matches:
                raise InputError(f"no file matches {name}")
            found.extend((p, Path(os.path.relpath(p, root)).as_posix()) for p in matches)
        elif os.path.isfile(name):
            found.append((name, Path(name).name))
        else:
            raise InputError(f"cannot read {name}: no such file or directory")
    return found


def _glob_root(pattern: str) -> str:
    parts = Path(pattern).parts
    root = []
    for part in parts:
        if glob.has_magic(part):
            break
        root.append(part)
    return str(Path(*root)) if root else "."


def output_name(relative: str, kind: str, output_format: str) -> str:
    """The output file's relative path: the input's, with the suffix of the output format
    (a JSONL shard cleaned to JSONL keeps its name), and its compression kept."""
    compression = next((s for s in _COMPRESSION if relative.endswith(s)), "")
    stem = relative[:-len(compression)] if compression else relative
    if kind == "jsonl" and output_format == "jsonl":
        return relative
    for suffix in (".jsonl", ".ndjson", ".txt", ".html", ".htm", ".xhtml"):
        if stem.lower().endswith(suffix):
            stem = stem[:-len(suffix)]
            break
    return stem + _FORMAT_SUFFIX[output_format] + compression


def plan_shards(inputs: Iterable[str], output_dir: str, job: Job) -> list[Shard]:
    """One Shard per input file, its output mirroring the input under output_dir."""
    shards, seen = [], {}
    for path, relative in expand_inputs(inputs):
        if path == "-":
            raise InputError("standard input cannot be written to an output directory; use -o FILE")
        kind = input_kind(path, job.input_format, peek_file(path))
        fmt = job.output_format or ("jsonl" if kind == "jsonl" else "text")
        out_rel = output_name(relative, kind, fmt)
        if out_rel in seen:
            raise InputError(f"{path} and {seen[out_rel]} would both be written to {out_rel}")
        seen[out_rel] = path
        root = os.path.abspath(output_dir)   # tasks must not depend on their working directory
        shards.append(Shard(os.path.abspath(path), relative, kind, os.path.join(root, out_rel), root, out_rel))
    return shards


def peek_file(path: str) -> bytes:
    """The first bytes of a file (decompressed), to sniff its format."""
    try:
        with open_input(path) as f:
            return f.read(256)
    except OSError:
        return b""


def select_rank(shards: list[Shard], rank: int, world_size: int) -> list[Shard]:
    """Every world_size-th shard, starting at rank: the shards of one of N independent runs
    (a Slurm array task, a Kubernetes indexed job, one xargs process)."""
    if world_size < 1 or not 0 <= rank < world_size:
        raise InputError(f"--rank must be in [0, {world_size}) and --world-size at least 1")
    return shards[rank::world_size]


def is_done(shard: Shard, job_fingerprint: str) -> bool:
    """True when the shard's done marker exists and matches this job and this input."""
    try:
        marker = json.loads(Path(shard.done_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (marker.get("job") == job_fingerprint and marker.get("input_bytes") == _size(shard.source)
            and os.path.exists(shard.output))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return -1


def _write_atomic(path: str, data: bytes, tmp_dir: str) -> None:
    tmp = temp_path(tmp_dir, path)
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def temp_path(tmp_dir: str, final: str) -> str:
    os.makedirs(tmp_dir, exist_ok=True)
    return os.path.join(tmp_dir, f"{Path(final).name}.{socket.gethostname()}.{os.getpid()}.tmp")


class ShardWriter:
    """Writes one shard: outcomes to a temporary output and errors file, then commit()
    renames them into place and writes the stats and, last, the done marker."""

    def __init__(self, shard: Shard, job: Job) -> None:
        self.shard, self.job = shard, job
        self.tmp_dir = os.path.join(shard.root, STATE_DIR, "tmp")
        for path in (shard.output, shard.state):
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self.tmp_out = temp_path(self.tmp_dir, shard.output)
        self.tmp_err = temp_path(self.tmp_dir, shard.errors_path)
        self.out = open_output(self.tmp_out, like=shard.output)
        self.errors = ErrorSink(open(self.tmp_err, "wb"))
        self.stats = Stats()

    def write(self, number: int, size: int, outcome, observer=None) -> None:
        write_outcome(self.shard.source, number, size, outcome, self.out, self.errors, self.stats, observer)

    def commit(self, fingerprint: str) -> dict:
        """Put the output in place, then the stats, then the done marker; return the stats."""
        self.out.close()
        self.errors.stream.close()
        os.replace(self.tmp_out, self.shard.output)
        os.replace(self.tmp_err, self.shard.errors_path)
        summary = self.stats.to_dict()
        _write_atomic(self.shard.stats_path, json.dumps(summary, indent=1).encode(), self.tmp_dir)
        marker = {"job": fingerprint, "input_bytes": _size(self.shard.source),
                  "source": self.shard.source, "documents": summary["documents"],
                  "errors": self.errors.count}
        _write_atomic(self.shard.done_path, json.dumps(marker).encode(), self.tmp_dir)
        summary["errors"] = self.errors.count
        return summary

    def abort(self) -> None:
        """Leave nothing behind but what a later run will redo."""
        for f in (self.out, self.errors.stream):
            try:
                f.close()
            except OSError:
                pass
        for tmp in (self.tmp_out, self.tmp_err):
            if os.path.exists(tmp):
                os.remove(tmp)


def clean_shard(shard: Shard, job: Job, *, pool: WorkerPool | None = None, progress=None,
                observer=None) -> dict:
    """Clean one shard into its output, then write its errors, stats and done marker.

    This is the function every engine runs, one call per shard. Without a pool the shard is
    cleaned in this process. Returns the shard's statistics (Stats.to_dict()) with the
    number of failed records under "errors"."""
    return clean_shards([shard], job, pool=pool, progress=progress, observer=observer)[0]


def clean_shards(shards: list[Shard], job: Job, *, pool: WorkerPool | None = None,
                 progress=None, observer=None) -> list[dict]:
    """Clean shards in order, streaming the records of all of them through one pool so
    the workers never wait at a shard's end; each shard is committed as soon as its last
    record is written. Returns each shard's statistics."""
    pool = pool or WorkerPool(RecordHandler(job), workers=1, time_limit=job.config.time_limit)
    fingerprint = job.fingerprint()
    tags: deque = deque()        # (shard number, line number, size) of each item in flight
    counts: dict[int, int] = {}  # shard number -> records, once it has been read to the end

    def items():
        for number, shard in enumerate(shards):
            n = 0
            for item in read_items(shard.source, shard.kind, job.max_record_bytes):
                tags.append((number, item[1], _payload_size(item[2])))
                n += 1
                yield item
            counts[number] = n

    summaries: list[dict] = []
    writer: ShardWriter | None = None
    written = 0

    def advance_to(target: int) -> None:
        """Commit every shard before `target` and open `target`'s writer."""
        nonlocal writer, written
        while len(summaries) < target or (writer is None and len(summaries) == target < len(shards)):
            if writer is None:
                writer, written = ShardWriter(shards[len(summaries)], job), 0
                continue
            summaries.append(writer.commit(fingerprint))
            writer = None

    try:
        for outcome in pool.map(items()):
            number, line, size = tags.popleft()
            advance_to(number)
            writer.write(line, size, outcome, observer)
            written += 1
            if progress is not None:
                progress.advance(size)
        advance_to(len(shards))
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return summaries


def _payload_size(payload) -> int:
    return payload if isinstance(payload, int) else len(payload)


class ErrorSink:
    """Where errors lines go: a binary file of JSONL, or standard error as readable lines."""

    def __init__(self, stream=None) -> None:
        self.stream = stream
        self.count = 0

    def add(self, source: str, line: int, error: str, reason: str, rid=None) -> None:
        self.count += 1
        if self.stream is None:
            print(f"cleaner: {source}:{line}: {reason}", file=sys.stderr)
            return
        entry = {"source": source, "line": line}
        if rid is not None:
            entry["id"] = rid
        entry.update(error=error, reason=reason)
        self.stream.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))


def write_outcome(source: str, number: int, size: int, outcome, out, errors: "ErrorSink",
                  stats: Stats, observer=None) -> None:
    """Write one outcome: its output line, or its errors line. An observer (the HTML batch
    report) sees each Result, named source:line for records, and each failure."""
    if isinstance(outcome, Failure):
        error, reason, rid, result = outcome.error, outcome.reason, None, None
    else:
        data, failed, summary, result = outcome
        if failed is None:
            out.write(data)
            stats.add(summary)
            if observer is not None and result is not None:
                observer.add(_record_name(source, number), result, size)
            return
        error, reason, rid = failed
    errors.add(source, number, error, reason, rid)
    stats.add_failure(error, size)
    if observer is not None:
        observer.add_failure(_record_name(source, number), reason)


def _record_name(source: str, number: int) -> str:
    """How a report names a record: source:line for the records of JSONL, else the source."""
    return f"{source}:{number}" if number > 1 or source.lower().endswith(_JSONL_NAMES) else source


_JSONL_NAMES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", "-")


def write_outcomes(source: str, items: Iterator[tuple], pool: WorkerPool, out, errors: "ErrorSink",
                   stats: Stats, progress=None, observer=None) -> None:
    """Run the items of one input through the pool and write each outcome in order."""
    tags: deque = deque()

    def remember(items):
        for item in items:
            tags.append((item[1], _payload_size(item[2])))
            yield item

    for outcome in pool.map(remember(items)):
        number, size = tags.popleft()
        write_outcome(source, number, size, outcome, out, errors, stats, observer)
        if progress is not None:
            progress.advance(size)


# -- corpus mode across shards ----------------------------------------------------------------
LINE_BUCKETS = 16   # the line statistics are merged one hash bucket at a time


def gather_line_statistics(shard: Shard, job: Job, buckets: int = LINE_BUCKETS) -> list[str]:
    """Pass 1 of corpus mode on one shard: per site, in how many of the shard's documents
    each line appears (a hash of the folded line, never its text), as cleaner.corpus counts
    it. Written as one file per hash bucket under OUT/.cleaner/lines/; returns their paths."""
    from .corpus import line_key, site_of
    documents: Counter = Counter()
    lines = [dict() for _ in range(buckets)]      # bucket -> site -> Counter of keys
    for kind, _, payload in read_items(shard.source, shard.kind, job.max_record_bytes):
        text, url = _text_and_url(kind, payload, job)
        if text is None:
            continue   # the cleaning pass reports it
        site = site_of(url)
        documents[site] += 1
        for key in {k for k in map(line_key, text.splitlines()) if k}:
            lines[int(key[:8], 16) % buckets].setdefault(site, Counter())[key] += 1
    tmp_dir = os.path.join(shard.root, STATE_DIR, "tmp")
    paths = []
    for b in range(buckets):
        path = os.path.join(shard.root, STATE_DIR, "lines", f"{shard.output_relative}.{b:03d}.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = {"documents": dict(documents), "lines": {s: dict(c) for s, c in lines[b].items()}}
        _write_atomic(path, json.dumps(data, sort_keys=True).encode(), tmp_dir)
        paths.append(path)
    return paths


def _text_and_url(kind: str, payload, job: Job) -> tuple[str | None, str | None]:
    """The text a record would be cleaned from (HTML as its visible text), and its URL."""
    if isinstance(payload, int):
        return None, None
    if kind != "jsonl":
        text = payload.decode("utf-8", "replace")
        return (_visible_text(text) if kind == "html" else text), None
    try:
        record = json.loads(payload)
    except ValueError:
        return None, None
    if not isinstance(record, dict):
        return None, None
    url = record.get("url") if isinstance(record.get("url"), str) else None
    if isinstance(record.get(job.text_field), str):
        return record[job.text_field], url
    if job.text_field not in record and isinstance(record.get(job.html_field), str):
        return _visible_text(record[job.html_field]), url
    return None, None


def _visible_text(html: str) -> str:
    from . import html as html_input
    return html_input.to_document(html, config=Config()).source


def merge_line_statistics(shards: list[Shard], table_path: str, *, buckets: int = LINE_BUCKETS,
                          **thresholds):
    """Pass 2: merge the shards' statistics bucket by bucket (memory: one bucket's keys),
    keep the lines that recur, and save the table for the cleaning pass. Returns it."""
    from .corpus import LineTable
    table = LineTable(**thresholds)
    for b in range(buckets):
        merged: dict[str, Counter] = {}
        for shard in shards:
            path = os.path.join(shard.root, STATE_DIR, "lines", f"{shard.output_relative}.{b:03d}.json")
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if b == 0:
                table.documents.update(data["documents"])
            for site, counts in data["lines"].items():
                merged.setdefault(site, Counter()).update(counts)
        for site, counts in merged.items():
            total = table.documents[site]
            table.lines[site].update({k: n for k, n in counts.items()
                                      if n >= table.min_documents and n >= table.min_share * total})
    os.makedirs(os.path.dirname(table_path) or ".", exist_ok=True)
    table.save(table_path)
    return table
