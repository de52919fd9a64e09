"""Throughput of each stage and of the whole default pipeline, in MB/s of page text.

    PYTHONPATH=. python -m pytest benchmarks/bench_throughput.py --benchmark-columns=mean,rounds
    PYTHONPATH=. python benchmarks/bench_throughput.py        # a plain MB/s table (CPU, best of 3)
    PYTHONPATH=. python benchmarks/bench_throughput.py --scaling   # workers and corpus size
    PYTHONPATH=. python benchmarks/bench_throughput.py --engines   # local pool against Ray

Input: the development page text (../shared/data/dev/page-text.jsonl beside the repository,
or CLEANER_BENCH_DATA=path/to/page-text.jsonl). Each stage is timed on documents brought up
to it by the stages before, copied fresh for every round, so a stage's time is its own.
MB/s is reported under extra_info ("MB/s") and printed by the plain run.
"""
from __future__ import annotations

import copy
import json
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner, boilerplate, decode, langid, language, metadata, render, repair, segment  # noqa: E402
from cleaner.pipeline import Context  # noqa: E402


def page_text_path() -> Path | None:
    if os.environ.get("CLEANER_BENCH_DATA"):
        return Path(os.environ["CLEANER_BENCH_DATA"])
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "data" / "dev" / "page-text.jsonl"
        if path.exists():
            return path
    return None


def load_texts() -> list[str]:
    path = page_text_path()
    if path is None:
        pytest.skip("no page text to measure (set CLEANER_BENCH_DATA)")
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# The stages in pipeline order: (name, function of (doc, ctx)). Kept in step with
# Cleaner._run by test below: a stage added there must be added here.
def _render(doc, ctx):
    render.canonical(render.edited_text(doc))


STAGES = [
    ("segment", lambda doc, ctx: segment.run(doc)),
    ("language.identify", language.identify),
    ("metadata", metadata.run),
    ("boilerplate", boilerplate.run),
    ("language.fragments", language.handle_fragments),
    ("guard", boilerplate.guard_over_removal),
    ("repair", repair.run),
    ("render", _render),
]


def forget_answers() -> None:
    """Forget the answers the library remembers across documents (a line's language
    confirmed against the page's, langdetect's second opinion on a line): a site's pages
    repeat lines, so a corpus gains by them, but rounds that repeat the same pages would
    find every answer remembered. Compiled rules and loaded profiles stay: every worker
    pays for them once."""
    language._confirmed.cache_clear()
    langid._langdetect_second_opinion.cache_clear()


class Corpus:
    """The page texts, and the documents prepared up to each stage (computed once)."""

    def __init__(self) -> None:
        self.texts = load_texts()
        self.megabytes = sum(len(t.encode("utf-8")) for t in self.texts) / 1e6
        self.cleaner = Cleaner()
        self._prepared: dict[int, list] = {}

    def context(self) -> Context:
        return Context(self.cleaner.config, self.cleaner.packs, time.monotonic() + 1e9)

    def prepared(self, upto: int) -> list:
        """Documents after decode and the first `upto` stages."""
        if upto not in self._prepared:
            docs = [decode.run(t, max_chars=self.cleaner.config.max_document_chars) for t in self.texts]
            ctx = self.context()
            for _, stage in STAGES[:upto]:
                for doc in docs:
                    stage(doc, ctx)
            self._prepared[upto] = docs
        return self._prepared[upto]


@pytest.fixture(scope="module")
def corpus():
    return Corpus()


def _report(benchmark, corpus) -> None:
    benchmark.extra_info["MB"] = round(corpus.megabytes, 3)
    if benchmark.stats:
        benchmark.extra_info["MB/s"] = round(corpus.megabytes / benchmark.stats.stats.mean, 2)


def test_whole_pipeline(benchmark, corpus):
    benchmark.pedantic(lambda: [corpus.cleaner.clean(t) for t in corpus.texts], setup=forget_answers,
                       rounds=2, iterations=1)
    _report(benchmark, corpus)


def test_decode(benchmark, corpus):
    limit = corpus.cleaner.config.max_document_chars
    benchmark.pedantic(lambda: [decode.run(t, max_chars=limit) for t in corpus.texts], rounds=3, iterations=1)
    _report(benchmark, corpus)


@pytest.mark.parametrize("index", range(len(STAGES)), ids=[name for name, _ in STAGES])
def test_stage(benchmark, corpus, index):
    name, stage = STAGES[index]
    ctx = corpus.context()

    def setup():
        forget_answers()
        return (copy.deepcopy(corpus.prepared(index)),), {}

    def run(docs):
        for doc in docs:
            stage(doc, ctx)

    benchmark.pedantic(run, setup=setup, rounds=3, iterations=1)
    _report(benchmark, corpus)


def test_ftfy_reference(benchmark, corpus):
    """ftfy.fix_text on the same text: the yardstick of the throughput target."""
    import ftfy
    benchmark.pedantic(lambda: [ftfy.fix_text(t) for t in corpus.texts], rounds=2, iterations=1)
    _report(benchmark, corpus)


def test_stage_list_follows_the_pipeline():
    import inspect

    from cleaner.pipeline import Cleaner as C
    source = inspect.getsource(C._run)
    calls = ["segment.run", "language.identify", "metadata.run", "boilerplate.run",
             "language.handle_fragments", "boilerplate.guard_over_removal", "repair.run", "render.canonical"]
    positions = [source.index(c) for c in calls]
    assert positions == sorted(positions) and len(calls) == len(STAGES)


def _best_cpu_seconds(run, rounds: int, setup=lambda: None) -> float:
    """The least CPU time of `rounds` calls of run(setup()): CPU time, because the machines
    this runs on are shared, and the least, because load only ever adds to it."""
    best = float("inf")
    for _ in range(rounds):
        arg = setup()
        started = time.process_time()
        run(arg)
        best = min(best, time.process_time() - started)
    return best


def main(rounds: int = 3) -> None:
    """Each stage, the whole pipeline and ftfy.fix_text, warm, as CPU seconds (best of
    `rounds`), printed as a table (no pytest needed)."""
    import ftfy

    corpus = Corpus()
    limit = corpus.cleaner.config.max_document_chars
    for t in corpus.texts:   # warm: word lists and langdetect profiles load on first use
        corpus.cleaner.clean(t)
    rows = [("decode", _best_cpu_seconds(lambda _: [decode.run(t, max_chars=limit) for t in corpus.texts],
                                         rounds))]
    for index, (name, stage) in enumerate(STAGES):
        ctx = corpus.context()

        def run(docs, stage=stage, ctx=ctx):
            for doc in docs:
                stage(doc, ctx)

        def setup(index=index):
            forget_answers()
            return copy.deepcopy(corpus.prepared(index))
        rows.append((name, _best_cpu_seconds(run, rounds, setup)))
    whole = _best_cpu_seconds(lambda _: [corpus.cleaner.clean(t) for t in corpus.texts], rounds, forget_answers)
    ftfy_seconds = _best_cpu_seconds(lambda _: [ftfy.fix_text(t) for t in corpus.texts], rounds)
    print(f"{corpus.megabytes:.2f} MB of page text, {len(corpus.texts)} documents, "
          f"CPU seconds, best of {rounds}\n")
    print("| stage | seconds | MB/s | share |\n|---|---|---|---|")
    total = sum(s for _, s in rows)
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {corpus.megabytes / seconds:.1f} | {seconds / total:.0%} |")
    print(f"| **whole pipeline** | {whole:.3f} | {corpus.megabytes / whole:.2f} | |")
    print(f"| ftfy.fix_text (reference) | {ftfy_seconds:.3f} | {corpus.megabytes / ftfy_seconds:.2f} | |")
    print(f"\nthe pipeline's throughput is {ftfy_seconds / whole:.2f}x ftfy.fix_text's")


def scaling(copies=(1, 6, 10), workers=(1, 2), speedup_copies: int = 6) -> None:
    """The CLI over the page text repeated: wall time and MB/s by worker count, the speedup of
    2 workers over 1 on the same input (large enough that starting the processes does not
    dominate), and the peak memory of the largest process for 1x and 10x the input (flat when
    streaming works), and the CPU time of the main process (with workers, what it spends
    reading input, handing it out and writing results). Wall time: run it on a quiet machine."""
    import subprocess
    import tempfile

    path = page_text_path()
    data = path.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    wall: dict[tuple[int, int], float] = {}
    print("| input | workers | seconds | MB/s | CPU seconds of the main process | peak RSS of one process (MB) |\n"
          "|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in copies:
            corpus = Path(tmp) / f"x{n}.jsonl"
            corpus.write_bytes(data * n)
            for w in workers:
                if n > speedup_copies and w == 1:
                    continue
                # each run in its own interpreter, so its peak memory is its own; the CLI runs
                # in it, so that its own CPU time (reading, handing out, writing) is told apart
                code = ("import resource, runpy, sys, time; t = time.perf_counter(); "
                        f"sys.argv = ['cleaner', 'clean', {str(corpus)!r}, '--workers', '{w}', "
                        f"'-o', {str(Path(tmp) / 'out.jsonl')!r}]\n"
                        "try:\n    runpy.run_module('cleaner', run_name='__main__')\n"
                        "except SystemExit:\n    pass\n"
                        "me, children = (resource.getrusage(who) for who in "
                        "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
                        "print(time.perf_counter() - t, me.ru_utime + me.ru_stime, "
                        "max(me.ru_maxrss, children.ru_maxrss))")
                out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
                seconds, main_cpu, rss_kb = out.split()
                wall[n, w] = float(seconds)
                mb = len(data) * n / 1e6
                print(f"| {n}x ({mb:.1f} MB) | {w} | {float(seconds):.1f} | {mb / float(seconds):.3f} | "
                      f"{float(main_cpu):.2f} | {int(rss_kb) / 1024:.0f} |", flush=True)
    if (speedup_copies, 1) in wall and (speedup_copies, 2) in wall:
        print(f"\n2 workers against 1 on {speedup_copies}x: "
              f"{wall[speedup_copies, 1] / wall[speedup_copies, 2]:.2f}x the throughput")


def engines(shards: int = 20, copies: int = 2, workers: int = 2) -> None:
    """The same shards through the local process pool and through a local Ray, same worker
    count: wall time, MB/s, and whether the outputs are the same bytes."""
    import subprocess
    import tempfile

    lines = page_text_path().read_bytes().splitlines(keepends=True) * copies
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    mb = sum(len(x) for x in lines) / 1e6
    print(f"{len(lines)} records, {mb:.1f} MB in {shards} shards, {workers} workers\n")
    print("| engine | seconds | MB/s |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in"
        corpus.mkdir()
        for s in range(shards):
            (corpus / f"part-{s:03d}.jsonl").write_bytes(b"".join(lines[s::shards]))
        outputs = {}
        for engine in ("local", "ray"):
            out = Path(tmp) / engine
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cleaner", "clean", str(corpus), "-o", str(out),
                            "--workers", str(workers), "--engine", engine], env=env, check=False)
            seconds = time.perf_counter() - started
            outputs[engine] = {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))}
            print(f"| {engine} | {seconds:.1f} | {mb / seconds:.3f} |", flush=True)
        print(f"\nsame output: {outputs['local'] == outputs['ray']}")


if __name__ == "__main__":
    if "--scaling" in sys.argv:
        scaling()
    elif "--engines" in sys.argv:
        engines()
    else:
        main()
