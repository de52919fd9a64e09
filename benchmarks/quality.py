#!/usr/bin/env python3
"""Quality of the boilerplate removal on a data folder of real pages with known article text.

    PYTHONPATH=. python benchmarks/quality.py ../shared/data/dev
    PYTHONPATH=. python benchmarks/quality.py ../shared/data/dev --inputs page-text trafilatura

For each input (the page's whole text, and each extractor's output under extracted/), it
cleans every record in-process and reports F1, precision and recall with the metric of the
article-extraction benchmark (4-gram shingles of \\w+ tokens, macro-averaged over documents),
before and after cleaning, overall and per language of the true text. The metric is the same
as ../shared/data/evaluate.py's; this script adds the per-language breakdown and the
before/after comparison. `--json FILE` also writes every document's scores (under
"documents"), so two runs can be compared page by page.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

WORD = re.compile(r"\w+")
EXTRACTORS = ("trafilatura", "readability", "justext", "goose3")


def shingles(text: str, n: int = 4) -> Counter:
    toks = WORD.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) <= n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def doc_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalized true positives, false positives and false negatives of one document."""
    ts, ps = shingles(true), shingles(pred)
    tp, fp, fn = sum((ts & ps).values()), sum((ps - ts).values()), sum((ts - ps).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def macro_scores(counts: list[tuple[float, float, float]]) -> dict:
    """F1 of macro-averaged precision (non-empty outputs) and recall (non-empty truths)."""
    prec = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp > 0]
    rec = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn > 0]
    p = sum(prec) / len(prec) if prec else 0.0
    r = sum(rec) / len(rec) if rec else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r, "n": len(counts)}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def truth_languages(truth: dict[str, str]) -> dict[str, str]:
    """The language of each true text, by the detector cleaner itself uses (seeded)."""
    from langdetect import DetectorFactory, LangDetectException, detect
    out = {}
    for doc_id, text in truth.items():
        DetectorFactory.seed = 0
        try:
            out[doc_id] = detect(text[:3000]) if text.strip() else "unknown"
        except LangDetectException:
            out[doc_id] = "unknown"
    return out


def evaluate_input(cleaner, records: list[dict], truth: dict[str, str], languages: dict[str, str]) -> dict:
    """Scores before and after cleaning, overall and by language, for one input."""
    before, after = {}, {}
    t0 = time.perf_counter()
    for rec in records:
        text = rec.get("text") or ""
        cleaned = cleaner.clean(text).text if text.strip() else ""
        before[rec["id"]] = doc_counts(truth[rec["id"]], text)
        after[rec["id"]] = doc_counts(truth[rec["id"]], cleaned)
    seconds = time.perf_counter() - t0
    by_language = defaultdict(list)
    for doc_id in truth:
        by_language[languages[doc_id]].append(doc_id)
    ids = [i for i in truth if i in after]
    report = {"before": macro_scores([before[i] for i in ids]), "after": macro_scores([after[i] for i in ids]),
              "seconds": seconds, "languages": {},
              "documents": {i: {"language": languages[i], "before": macro_scores([before[i]]),
                                "after": macro_scores([after[i]])} for i in ids}}
    for lang, lang_ids in sorted(by_language.items()):
        lang_ids = [i for i in lang_ids if i in after]
        report["languages"][lang] = {"before": macro_scores([before[i] for i in lang_ids]),
                                     "after": macro_scores([after[i] for i in lang_ids])}
    foreign = [i for i in ids if languages[i] != "en"]
    if foreign and len(foreign) < len(ids):
        report["languages"]["non-en"] = {"before": macro_scores([before[i] for i in foreign]),
                                         "after": macro_scores([after[i] for i in foreign])}
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="a data folder holding truth.jsonl, page-text.jsonl, extracted/")
    ap.add_argument("--inputs", nargs="+", default=["page-text", *EXTRACTORS])
    ap.add_argument("--json", type=Path, help="also write the full report here")
    args = ap.parse_args(argv)

    from cleaner import Cleaner
    cleaner = Cleaner()
    truth = {r["id"]: r["text"] for r in read_jsonl(args.data / "truth.jsonl")}
    languages = truth_languages(truth)
    full = {}
    print(f"{'input':<12} {'F1':>6} {'P':>6} {'R':>6}   (before: {'F1':>6} {'P':>6} {'R':>6})  documents")
    for name in args.inputs:
        path = args.data / "page-text.jsonl" if name == "page-text" else args.data / "extracted" / f"{name}.jsonl"
        if not path.exists():
            print(f"{name:<12} (missing: {path})")
            continue
        rep = evaluate_input(cleaner, read_jsonl(path), truth, languages)
        full[name] = rep
        a, b = rep["after"], rep["before"]
        print(f"{name:<12} {a['f1']:.4f} {a['precision']:.4f} {a['recall']:.4f}   "
              f"(before: {b['f1']:.4f} {b['precision']:.4f} {b['recall']:.4f})  {a['n']}")
        for lang, lr in rep["languages"].items():
            la = lr["after"]
            print(f"  {lang:<10} {la['f1']:.4f} {la['precision']:.4f} {la['recall']:.4f}   "
                  f"(before: {lr['before']['f1']:.4f})  {la['n']}")
    if args.json:
        args.json.write_text(json.dumps(full, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
