"""The repair evaluation holds its floor on a slice of the development truths."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import repair_eval  # noqa: E402

DOCUMENTS = 20   # a slice keeps the suite fast; the full run is benchmarks/repair_eval.py


@pytest.fixture(scope="module")
def scores():
    truth = repair_eval.default_truth()
    if not truth.is_file():
        pytest.skip(f"development truths not found at {truth}")
    with open(truth, encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(DOCUMENTS), lines)]
    return repair_eval.evaluate(records, seeds=[7])


def test_most_damage_is_repaired(scores):
    damaged, repaired = sum(scores["damaged"].values()), sum(scores["repaired"].values())
    assert damaged > 100
    assert repaired / damaged >= 0.95


def test_undamaged_paragraphs_stay_byte_identical(scores):
    same, total = scores["untouched"]
    assert total > 100
    assert same / total >= 0.99   # real articles hold a few glued sentences of their own


def test_outputs_are_idempotent(scores):
    same, total = scores["idempotent"]
    assert same == total
