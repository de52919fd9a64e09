"""Throughput of HTML input: cleaner's extraction and full cleaning against trafilatura's
`extract`, on the same pages, in the same process, best of several rounds.

    PYTHONPATH=. python benchmarks/html_speed.py ../shared/data/dev/pages
    PYTHONPATH=. python benchmarks/html_speed.py PAGES --rounds 5 --json

PAGES is a folder of .html or .html.gz files (or a JSONL file with an `html` field).
Rows: `cleaner.html.to_document` (the markup stage alone), `Cleaner.clean_html` (markup
and every text stage), and `trafilatura.extract` when trafilatura is installed. Speeds
are in MB of HTML per second; the printed JSON is what benchmarks/compare.py reads.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path


def load_pages(path: Path) -> list[str]:
    """The pages as text: every .html/.htm(.gz) file of a folder, or the `html` field of
    every record of a JSONL file."""
    if path.is_file() and path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as f:
            return [json.loads(line)["html"] for line in f if line.strip()]
    pages = []
    for p in sorted(path.iterdir()):
        if p.name.endswith((".html.gz", ".htm.gz")):
            pages.append(gzip.decompress(p.read_bytes()).decode("utf-8", "replace"))
        elif p.suffix in (".html", ".htm"):
            pages.append(p.read_text(encoding="utf-8", errors="replace"))
    return pages


def best_time(function, pages: list[str], rounds: int) -> float:
    """The fastest of `rounds` passes of `function` over all pages, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            function(page)
        best = min(best, time.perf_counter() - start)
    return best


def contenders(include_full: bool) -> dict:
    from cleaner import html as html_input
    from cleaner.pipeline import Cleaner
    cleaner = Cleaner()
    found = {"cleaner.html.to_document": lambda page: html_input.to_document(page, config=cleaner.config)}
    if include_full:
        found["cleaner.Cleaner.clean_html"] = cleaner.clean_html
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed: pip install trafilatura to compare", file=sys.stderr)
    else:
        found["trafilatura.extract"] = lambda page: trafilatura.extract(page, include_comments=False)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", type=Path, help="a folder of .html or .html.gz files, or a JSONL file")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the pages; the fastest counts")
    ap.add_argument("--no-full", action="store_true", help="skip the full clean_html (markup stage only)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    pages = load_pages(args.pages)
    megabytes = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    results = {}
    for name, function in contenders(not args.no_full).items():
        function(pages[0])   # warm up: imports, lazy tables
        seconds = best_time(function, pages, args.rounds)
        results[name] = {"seconds": round(seconds, 3), "mb_per_s": round(megabytes / seconds, 2),
                         "pages_per_s": round(len(pages) / seconds, 1)}
    if args.json:
        print(json.dumps({"pages": len(pages), "megabytes": round(megabytes, 2), "results": results}))
        return
    print(f"{len(pages)} pages, {megabytes:.2f} MB of HTML, best of {args.rounds} rounds")
    for name, r in results.items():
        print(f"{name:<28} {r['seconds']:8.3f} s {r['mb_per_s']:8.2f} MB/s {r['pages_per_s']:8.1f} pages/s")


if __name__ == "__main__":
    main()
