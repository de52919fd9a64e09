"""Throughput of the repair stage (pytest-benchmark), on the dev truths damaged by
benchmarks/corrupt.py, the repair stage alone (segmenting and decoding excluded).

    python -m pytest benchmarks/bench_repair.py --benchmark-only
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corrupt import corrupt_document  # noqa: E402
from repair_eval import canonical_truth, default_truth  # noqa: E402

from cleaner import Config, decode, repair, segment  # noqa: E402


class _Context:
    config = Config()


@pytest.fixture(scope="module")
def damaged_texts():
    truth = default_truth()
    if not truth.is_file():
        pytest.skip(f"development truths not found at {truth}")
    with open(truth, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return [corrupt_document(canonical_truth(r["text"]), random.Random(f"1:{r['id']}"))[0] for r in records]


def test_repair_stage_throughput(benchmark, damaged_texts):
    def prepare():
        docs = []
        for text in damaged_texts:
            doc = decode.run(text, max_chars=10**8)
            segment.run(doc)
            doc.language = "en"
            docs.append(doc)
        return (docs,), {}

    def run_all(docs):
        for doc in docs:
            repair.run(doc, _Context())

    benchmark.pedantic(run_all, setup=prepare, rounds=3, iterations=1)
    chars = sum(len(t) for t in damaged_texts)
    benchmark.extra_info["characters"] = chars
