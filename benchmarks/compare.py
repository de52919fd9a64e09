#!/usr/bin/env python3
"""cleaner beside the tools people use instead: speed and quality on the same pages, same run.

    PYTHONPATH=. python benchmarks/compare.py ../shared/data/dev
    PYTHONPATH=. python benchmarks/compare.py ../shared/data/dev --repeat 3 --json out.json

On the page text (the whole visible text of each page), it runs cleaner's default pipeline,
ftfy.fix_text, datatrove's C4QualityFilter (as a line filter: its document-level drops
switched off, so every page keeps an output), and clean-text's clean() (lower=False,
to_ascii=False: its defaults lowercase and transliterate, which no article text survives).
On the raw HTML it runs trafilatura.extract and cleaner's clean_html. For each: MB/s of its
input (one process, best of --repeat runs) and F1, precision and recall against the true
article text (the benchmark's metric, as benchmarks/quality.py). A tool that is not
installed is listed as such. Prints a Markdown table.

    pip install ftfy datatrove clean-text trafilatura
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_throughput import forget_answers  # noqa: E402
from quality import doc_counts, macro_scores, read_jsonl  # noqa: E402


def cleaner_text() -> Callable[[str], str]:
    from cleaner import Cleaner
    c = Cleaner()
    return lambda text: c.clean(text).text


def cleaner_html() -> Callable[[str], str]:
    from cleaner import Cleaner
    c = Cleaner()
    return lambda html: c.clean_html(html).text


def ftfy_fix_text() -> Callable[[str], str]:
    import ftfy
    return ftfy.fix_text


def c4_line_filter() -> Callable[[str], str]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter
    f = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)

    def run(text: str) -> str:
        doc = Document(text=text, id="x")
        kept = f.filter(doc)
        return doc.text if kept is True else ""
    return run


def clean_text() -> Callable[[str], str]:
    from cleantext import clean
    return lambda text: clean(text, lower=False, to_ascii=False, no_line_breaks=False)


def trafilatura_extract() -> Callable[[str], str]:
    import trafilatura
    return lambda html: trafilatura.extract(html) or ""


TOOLS = [  # name, input, factory
    ("cleaner (default pipeline)", "page text", cleaner_text),
    ("ftfy.fix_text", "page text", ftfy_fix_text),
    ("datatrove C4QualityFilter (lines)", "page text", c4_line_filter),
    ("clean-text clean()", "page text", clean_text),
    ("cleaner clean_html", "HTML", cleaner_html),
    ("trafilatura.extract", "HTML", trafilatura_extract),
]


def load(data: Path) -> dict[str, list[tuple[str, str]]]:
    """(id, input) pairs for each kind of input."""
    text = [(r["id"], r["text"]) for r in read_jsonl(data / "page-text.jsonl")]
    html = [(p.name.split(".")[0], gzip.decompress(p.read_bytes()).decode("utf-8"))
            for p in sorted((data / "pages").glob("*.html.gz"))]
    return {"page text": text, "HTML": html}


def measure(run: Callable[[str], str], inputs: list[tuple[str, str]], repeat: int) -> tuple[float, dict]:
    """Best wall time over `repeat` runs, and the outputs of the last one. Before each run,
    cleaner forgets the answers it remembers across documents (see forget_answers), so
    repeating the same pages does not flatter it."""
    best, outputs = float("inf"), {}
    for _ in range(repeat):
        forget_answers()
        started = time.perf_counter()
        outputs = {doc_id: run(item) for doc_id, item in inputs}
        best = min(best, time.perf_counter() - started)
    return best, outputs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="a data folder with truth.jsonl, page-text.jsonl and pages/")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; the best time counts")
    ap.add_argument("--only", action="append", default=[], help="run only tools whose name contains this")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)

    truth = {r["id"]: r["text"] for r in read_jsonl(args.data / "truth.jsonl")}
    inputs = load(args.data)
    rows = []
    for name, kind, factory in TOOLS:
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        try:
            run = factory()
        except ImportError as e:
            rows.append({"tool": name, "input": kind, "error": f"not installed ({e.name})"})
            continue
        items = inputs[kind]
        megabytes = sum(len(item.encode("utf-8")) for _, item in items) / 1e6
        run(items[0][1])   # warm-up: imports, compiled patterns, language profiles
        seconds, outputs = measure(run, items, args.repeat)
        scores = macro_scores([doc_counts(truth[i], outputs.get(i, "")) for i in truth])
        rows.append({"tool": name, "input": kind, "MB": round(megabytes, 2),
                     "MB/s": round(megabytes / seconds, 2), **{k: round(v, 3) for k, v in scores.items()}})
        print(f"  {name}: {megabytes / seconds:.2f} MB/s, F1 {scores['f1']:.3f}", file=sys.stderr)
    baseline = macro_scores([doc_counts(truth[i], t) for i, t in inputs["page text"] if i in truth])
    print(f"Inputs: {len(inputs['page text'])} pages; page text unchanged scores F1 {baseline['f1']:.3f}.\n")
    print("| tool | input | MB/s | F1 | precision | recall |\n|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['tool']} | {r['input']} | {r['error']} | | | |")
        else:
            print(f"| {r['tool']} | {r['input']} | {r['MB/s']:.2f} | {r['f1']:.3f} | "
                  f"{r['precision']:.3f} | {r['recall']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
