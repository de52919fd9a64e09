"""Repair evaluation: damage clean articles (benchmarks/corrupt.py), clean them, and score.

    python benchmarks/repair_eval.py [--truth ../shared/data/dev/truth.jsonl] [--seeds 1 2 3]

Scores, over every damaged document of every seed:
    repaired    share of damaged paragraphs that come out exactly as the clean paragraph
                (after the canonical form), per kind of damage and overall  - target >= 95%
    untouched   share of undamaged paragraphs that come out byte-identical - target 100%
    clean docs  share of the clean articles themselves that come out with no repair at all
    idempotent  share of outputs that cleaning again leaves unchanged        - target 100%

The repair stage is measured alone: boilerplate and metadata rules are switched off, since
they remove text by design and that is measured elsewhere. Mojibake is repaired by the
decode stage and counted here all the same.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from cleaner import Cleaner, Config, decode, render  # noqa: E402
from corrupt import corrupt_document, split_paragraphs  # noqa: E402



def default_truth() -> Path:
    """The development truths in the shared/ folder beside the repository (or above it)."""
    for parent in HERE.parents:
        candidate = parent / "shared" / "data" / "dev" / "truth.jsonl"
        if candidate.is_file():
            return candidate
    return HERE.parent.parent / "shared" / "data" / "dev" / "truth.jsonl"


def canonical_truth(text: str) -> str:
    """What the clean article looks like in canonical form (invisible characters dropped,
    odd spaces made plain), which is what a perfect repair gives back."""
    return render.canonical(decode.normalize(text)[0])


def evaluate(records: list[dict], seeds: list[int], *, show: int = 0) -> dict:
    """Run the damage-and-repair loop and return the counts."""
    cleaner = Cleaner(Config(disable=("boilerplate", "metadata")))
    damaged, repaired = Counter(), Counter()
    untouched_total = untouched_same = 0
    idempotent = outputs = 0
    clean_docs = clean_docs_unrepaired = 0
    failures = []
    for record in records:
        expected = canonical_truth(record["text"])
        truth = split_paragraphs(expected)
        result = cleaner.clean(record["text"])
        clean_docs += 1
        clean_docs_unrepaired += not result.repairs and result.text == expected
        for seed in seeds:
            rng = random.Random(f"{seed}:{record['id']}")
            text, corruptions = corrupt_document(expected, rng)
            result = cleaner.clean(text)
            out = set(split_paragraphs(result.text))
            outputs += 1
            idempotent += cleaner.clean(result.text).text == result.text
            hit = {c.paragraph: c.kind for c in corruptions}
            for i, paragraph in enumerate(truth):
                if i in hit:
                    damaged[hit[i]] += 1
                    if paragraph in out:
                        repaired[hit[i]] += 1
                    else:
                        failures.append((hit[i], record["id"][:8], paragraph))
                else:
                    untouched_total += 1
                    if paragraph in out:
                        untouched_same += 1
                    else:
                        failures.append(("untouched", record["id"][:8], paragraph))
    for kind, doc, paragraph in failures[:show]:
        print(f"[{kind}] {doc}: {paragraph[:160]!r}")
    return {"damaged": dict(damaged), "repaired": dict(repaired),
            "untouched": (untouched_same, untouched_total), "idempotent": (idempotent, outputs),
            "clean_docs": (clean_docs_unrepaired, clean_docs)}


def report(scores: dict) -> str:
    lines = ["kind                 repaired / damaged"]
    total_damaged = sum(scores["damaged"].values())
    total_repaired = sum(scores["repaired"].values())
    for kind in sorted(scores["damaged"]):
        n, k = scores["damaged"][kind], scores["repaired"].get(kind, 0)
        lines.append(f"{kind:20} {k:5} / {n:5}  {k / n:7.2%}")
    lines.append(f"{'all':20} {total_repaired:5} / {total_damaged:5}  {total_repaired / max(total_damaged, 1):7.2%}")
    for name in ("untouched", "clean_docs", "idempotent"):
        same, total = scores[name]
        lines.append(f"{name:20} {same:5} / {total:5}  {same / max(total, 1):7.2%}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--truth", type=Path, default=None)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--show", type=int, default=0, help="print this many failed paragraphs")
    args = parser.parse_args()
    with open(args.truth or default_truth(), encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    print(report(evaluate(records, args.seeds, show=args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
