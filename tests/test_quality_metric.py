"""The quality benchmark scores with the article-extraction benchmark's metric."""
import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "quality.py"
_SPEC = importlib.util.spec_from_file_location("quality_benchmark", _PATH)
quality = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(quality)


def test_identical_texts_score_one():
    counts = quality.doc_counts("one two three four five", "one two three four five")
    assert quality.macro_scores([counts])["f1"] == 1.0


def test_extra_text_lowers_precision_not_recall():
    truth = "the council voted to expand the bus network on Tuesday"
    counts = quality.doc_counts(truth, truth + " subscribe to our newsletter today")
    scores = quality.macro_scores([counts])
    assert scores["recall"] == 1.0
    assert scores["precision"] == pytest.approx(7 / 12)


def test_missing_text_lowers_recall():
    truth = "the council voted to expand the bus network on Tuesday"
    counts = quality.doc_counts(truth, "the council voted to expand")
    scores = quality.macro_scores([counts])
    assert scores["precision"] == 1.0
    assert scores["recall"] == pytest.approx(2 / 7)
