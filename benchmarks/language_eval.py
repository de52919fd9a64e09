"""Evaluate the language stage: foreign lines found, false alarms, and its share of time.

    PYTHONPATH=. python benchmarks/language_eval.py                 # quality, default backend
    PYTHONPATH=. python benchmarks/language_eval.py --backend langdetect
    PYTHONPATH=. python benchmarks/language_eval.py --timing        # share of pipeline time

Quality is scored line by line on the documents of benchmarks/language_data.py (real
articles with real fragments of other languages inserted). A line counts as found when
reported fragments cover most of it. Scores:

- F1 on lines of 3 or more words (foreign lines found; host lines wrongly flagged);
- F1 on lines of 1 or 2 words inside a foreign run (lines of 1-2 words alone are shown
  too, but never judged alone by design, so they have no target);
- false fragments per 1000 lines of the unmodified, single-language articles, and the
  number of single-language non-English articles with any fragment at all (target: none).

The timing mode runs the default pipeline over a JSONL file of page text
(../shared/data/dev/page-text.jsonl), once to warm up and once measured, and reports the
language stage's share of the process's CPU time (wall time on a shared machine also counts
the neighbours' work).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import language_data  # noqa: E402

from cleaner import Cleaner, Config  # noqa: E402
from cleaner import language as language_stage  # noqa: E402
from cleaner.language import language_text  # noqa: E402

TARGETS = {"f1_3plus": 0.97, "f1_short_in_run": 0.85, "false_per_1000": 2.0}


def predicted_lines(sample, result) -> list[str | None]:
    """Per gold line, the fragment language covering most of it, or None."""
    out = []
    for start, end, _, _ in sample.lines:
        covered: Counter = Counter()
        for f in result.fragments:
            overlap = min(end, f.end) - max(start, f.start)
            if overlap > 0:
                covered[f.language] += overlap
        best = covered.most_common(1)
        out.append(best[0][0] if best and best[0][1] * 2 >= end - start else None)
    return out


def score(samples, cleaner: Cleaner, *, show_errors: int = 0) -> dict:
    """Line-level counts over mixed documents."""
    counts = Counter()
    wrong_language = 0
    errors = []
    for sample in samples:
        result = cleaner.clean(sample.text)
        for (start, end, language, role), got in zip(sample.lines, predicted_lines(sample, result)):
            words = language_data.words_of(language_text(sample.text[start:end]))
            if not words:
                continue  # a URL or a number has no language: neither right nor wrong
            if role == "host":
                group = "3plus" if words >= 3 else "short"
                if got is not None:
                    counts[f"fp_{group}"] += 1
                    errors.append(("FP", sample.id, language, got, sample.text[start:end]))
                continue
            if words >= 3:
                group = "3plus"
            else:
                group = "short_in_run" if role == "run" else "short_alone"
            if got is None:
                counts[f"fn_{group}"] += 1
                errors.append(("FN", sample.id, language, result.language, sample.text[start:end]))
            else:
                counts[f"tp_{group}"] += 1
                wrong_language += got != language
    scores = {"wrong_language": wrong_language}
    for group, fp_group in (("3plus", "3plus"), ("short_in_run", "short"), ("short_alone", "short")):
        tp, fn, fp = counts[f"tp_{group}"], counts[f"fn_{group}"], counts[f"fp_{fp_group}"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[group] = {"tp": tp, "fn": fn, "fp": fp, "precision": round(precision, 4),
                         "recall": round(recall, 4), "f1": round(f1, 4)}
    for e in errors[:show_errors]:
        print("  ", e[0], e[1], e[2], "->", e[3], repr(e[4][:100]))
    return scores


def false_alarms(singles, cleaner: Cleaner, *, show: bool = False) -> dict:
    """False fragments on single-language articles."""
    lines = flagged = 0
    non_english_with_fragments = []
    for sample in singles:
        result = cleaner.clean(sample.text)
        got = predicted_lines(sample, result)
        lines += len(sample.lines)
        flagged += sum(1 for g, (start, end, _, _) in zip(got, sample.lines)
                       if g is not None and language_data.words_of(language_text(sample.text[start:end])))
        if result.fragments and sample.host_language != "en":
            non_english_with_fragments.append(sample.id)
        if show:
            for f in result.fragments:
                print("   false:", sample.id, sample.host_language, "->", f.language, repr(f.text[:100]))
    return {"lines": lines, "flagged": flagged, "per_1000": round(1000 * flagged / max(lines, 1), 2),
            "non_english_documents_with_fragments": non_english_with_fragments}


def timing(path: Path, config: Config) -> dict:
    """The language stage's share of the default pipeline's time over a JSONL of texts."""
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    spent = {"language": 0.0}
    originals = language_stage.identify, language_stage.handle_fragments

    # CPU time of this process: on a shared machine wall time measures the neighbours too
    def timed(fn):
        def wrapper(*args, **kwargs):
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent["language"] += time.process_time() - t0
        return wrapper

    cleaner = Cleaner(config)
    for text in texts:  # warm up: rule packs, backends and profiles load once per process
        cleaner.clean(text)
    language_stage.identify, language_stage.handle_fragments = map(timed, originals)
    try:
        spent["language"] = 0.0
        t0 = time.process_time()
        for text in texts:
            cleaner.clean(text)
        total = time.process_time() - t0
    finally:
        language_stage.identify, language_stage.handle_fragments = originals
    chars = sum(map(len, texts))
    return {"documents": len(texts), "characters": chars, "total_cpu_s": round(total, 3),
            "language_cpu_s": round(spent["language"], 3), "language_share": round(spent["language"] / total, 4),
            "language_ms_per_document": round(1000 * spent["language"] / len(texts), 2),
            "language_mb_per_s": round(chars / 1e6 / max(spent["language"], 1e-9), 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", default="auto", choices=("auto", "pycld2", "langdetect"))
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-host", type=int, default=3)
    ap.add_argument("--show-errors", type=int, default=0, help="print this many missed or false lines")
    ap.add_argument("--timing", action="store_true", help="measure the stage's share of pipeline time")
    ap.add_argument("--pages", type=Path, default=language_data.truth_path().with_name("page-text.jsonl"))
    args = ap.parse_args()
    config = Config(language_backend=args.backend)
    if args.timing:
        print(json.dumps(timing(args.pages, config), indent=1))
        return 0
    cleaner = Cleaner(config.with_(fragment_policy="tag"))
    articles = language_data.load_articles(args.truth)
    mixed = language_data.build(articles, seed=args.seed, per_host=args.per_host)
    scores = score(mixed, cleaner, show_errors=args.show_errors)
    alarms = false_alarms(language_data.singles(articles), cleaner, show=args.show_errors > 0)
    report = {"backend": args.backend, "mixed_documents": len(mixed), "scores": scores,
              "single_language": alarms}
    print(json.dumps(report, indent=1))
    checks = {
        f"F1 on lines of 3+ words >= {TARGETS['f1_3plus']}": scores["3plus"]["f1"] >= TARGETS["f1_3plus"],
        f"F1 on 1-2 word lines in a foreign run >= {TARGETS['f1_short_in_run']}":
            scores["short_in_run"]["f1"] >= TARGETS["f1_short_in_run"],
        f"false fragment lines per 1000 single-language lines <= {TARGETS['false_per_1000']}":
            alarms["per_1000"] <= TARGETS["false_per_1000"],
        "no fragment in single-language non-English articles": not alarms["non_english_documents_with_fragments"],
    }
    for name, ok in checks.items():
        print(("met      " if ok else "NOT met  ") + name)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
