"""Bounded work: the size limit, the per-pattern timeout and the per-document time limit
are enforced and reported; nothing is quadratic in the length of a line or a document."""
from __future__ import annotations

import json
import resource
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import decode, segment
from cleaner.model import Document, DocumentTimeout
from reliability.helpers import TRACEBACK, assert_canonical, run_cli

# A pattern that is linear but scans the whole line when its keyword is present and the
# rest of it does not follow: under a one-microsecond timeout it always runs out of time.
SCANNING_PACK = {"pack": {"language": "*"},
                 "rule": [{"id": "boilerplate.promo.scanner", "scope": "span", "reason": "test",
                           "patterns": [r"\bzzz\w*\d"], "examples": {"remove": ["zzz1"]}}]}


def test_max_document_chars_cuts_and_warns():
    result = cleaner.Cleaner(cleaner.Config(max_document_chars=1000)).clean("word " * 1000)
    assert len(result.source) <= 1000
    assert [w.kind for w in result.warnings] == ["input_truncated"]
    assert "5000 characters cut to the first 1000" in result.warnings[0].message


def test_regex_timeout_skips_the_rule_there_and_says_so():
    config = cleaner.Config(regex_timeout=1e-6)
    text = "zzz " + "word " * 200_000
    result = cleaner.Cleaner(config, extra_rules=[SCANNING_PACK]).clean(text)
    timeouts = [w for w in result.warnings if w.kind == "regex_timeout"]
    assert timeouts and "boilerplate.promo.scanner" in timeouts[0].message
    assert result.text.startswith("zzz word word")


def _endless_stage(doc, ctx):
    """A stage that never finishes on its own, reading the document as stages do."""
    while True:
        doc.is_removed(0, 1)


@pytest.mark.parametrize("stage", ["boilerplate.run", "repair.run", "metadata.run"])
def test_time_limit_stops_a_stage_that_does_not_end(stage, monkeypatch):
    module, name = stage.split(".")
    monkeypatch.setattr(getattr(cleaner.pipeline, module), name, _endless_stage)
    began = time.monotonic()
    with pytest.raises(DocumentTimeout, match="time limit of 0.3 s"):
        cleaner.Cleaner(cleaner.Config(time_limit=0.3)).clean("Some text.\n\nMore text here.")
    assert time.monotonic() - began < 10


def test_time_limit_covers_encoding_repair():
    # 3.6 million characters of mojibake on one line: ftfy alone takes seconds
    began = time.monotonic()
    with pytest.raises(DocumentTimeout, match="repairing its encoding"):
        cleaner.Cleaner(cleaner.Config(time_limit=0.05)).clean("cafÃ© " * 600_000)
    assert time.monotonic() - began < 15


def test_a_long_run_of_spaces_after_a_keyword_costs_nothing():
    # `\s*:?\s*$` endings backtrack quadratically on long runs of spaces; the decode stage
    # cuts every run to a few spaces, so the line rules meet "about      !" instead
    result = cleaner.clean("about" + " " * 400_000 + "!\nterms" + " " * 400_000 + "x\n")
    assert not any(w.kind == "regex_timeout" for w in result.warnings)
    gap = " " * decode.MAX_SPACE_RUN
    assert result.source == f"about{gap}!\nterms{gap}x\n"
    assert result.text == "about !\nterms x\n"


def _characters_segmented(monkeypatch, text: str) -> int:
    """How many characters segment.sentences reads while the text is cleaned."""
    seen = []
    real = segment.sentences

    def counting(piece, offset=0):
        seen.append(len(piece))
        return real(piece, offset)

    monkeypatch.setattr(segment, "sentences", counting)
    cleaner.clean(text)
    return sum(seen)


def test_sentence_splitting_is_linear_in_a_plain_long_line(monkeypatch):
    text = "It rained. Then it stopped. " * 2000
    assert _characters_segmented(monkeypatch, text) <= 10 * len(text)


def test_sentence_splitting_is_linear_when_every_sentence_has_a_keyword(monkeypatch):
    # boilerplate._remove_sentences split the whole line again for every match: 80 KB of
    # this took over a minute
    text = "Intro. " + "Copyright is law. " * 1000
    assert _characters_segmented(monkeypatch, text) <= 10 * len(text)


def _brute_force_overlap(repairs, start, end):
    return any((start < r_end and r_start < end) or start == r_start for r_start, r_end in repairs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=30))
def test_repair_overlap_bisection_matches_a_scan(requests):
    """Document.repair finds overlaps by bisection; it must refuse exactly what a scan of
    every recorded repair refuses."""
    doc = Document("abcdefghij" * 5)
    recorded: list[tuple[int, int]] = []
    for start, length in requests:
        end = min(start + length, len(doc.source))
        expected = not _brute_force_overlap(recorded, start, end) and doc.source[start:end] != "X"
        got = doc.repair(start, end, "X", rule="repair.test")
        assert got == expected
        if got:
            recorded.append((start, end))


def test_many_repairs_stay_linear():
    doc = Document("word , " * 50_000)
    began = time.monotonic()
    for i in range(50_000):
        assert doc.repair(i * 7 + 4, i * 7 + 5, "", rule="repair.test")
    assert time.monotonic() - began < 10   # a scan per repair took minutes


def test_a_100_mb_single_line_through_the_cli_is_bounded(tmp_path):
    """The biggest hostile case: 100 MB without a newline. The runner refuses a record over
    --max-record-bytes (64 MiB) with one error line, without reading it into a document;
    raised past it, the document is cut to max_document_chars with a warning. Either way
    in bounded time and memory."""
    path = tmp_path / "line.txt"
    unit = b"lorem ipsum dolor sit amet, consectetur. "
    with path.open("wb") as f:
        for _ in range(100_000_000 // len(unit) // 1000):
            f.write(unit * 1000)
    began = time.monotonic()
    refused = run_cli("clean", "--format", "json", str(path), timeout=120)
    stderr = refused.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    assert refused.returncode == 1 and refused.stdout == b""
    assert "larger than the limit" in stderr and "1 failed" in stderr
    cleaned = run_cli("clean", "--format", "json", "--max-record-bytes", str(200 * 2**20), str(path), timeout=120)
    elapsed = time.monotonic() - began
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert TRACEBACK not in cleaned.stderr.decode("utf-8", "replace")
    assert cleaned.returncode == 0, cleaned.stderr[-2000:]
    report = json.loads(cleaned.stdout)
    assert any(w["kind"] == "input_truncated" for w in report["warnings"])
    assert_canonical(report["text"])
    assert elapsed < 90
    assert peak_mb < 2500, f"peak memory {peak_mb:.0f} MB"
    print(f"100 MB line: {elapsed:.1f} s for both runs, peak RSS {peak_mb:.0f} MB", file=sys.stderr)
