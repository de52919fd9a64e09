"""The document model: removals stay disjoint spans of the source, repairs never overlap
them, and the report replays to the output text."""
import pytest

import cleaner
from cleaner.model import Document
from conftest import replay


def test_overlapping_removals_are_trimmed_to_new_text():
    doc = Document("aaaa bbbb cccc dddd")
    assert doc.remove(0, 9, rule="r.one", reason="x")
    assert doc.remove(5, 14, rule="r.two", reason="y")
    assert [(r.start, r.end, r.rule) for r in doc.removed] == [(0, 9, "r.one"), (9, 14, "r.two")]
    assert not doc.remove(2, 7, rule="r.three", reason="z")
    assert doc.is_removed(0, 14) and not doc.is_removed(0, 16)
    assert doc.kept_spans(0, 19) == [(14, 19)]


def test_removed_share_counts_visible_characters():
    doc = Document("ab  cd")
    doc.remove(0, 2, rule="r.x", reason="x")
    assert doc.removed_share() == 0.5


def test_repairs_refuse_to_overlap_removals_and_each_other():
    doc = Document("one two three")
    doc.remove(4, 7, rule="r.x", reason="x")
    assert not doc.repair(5, 6, "W", rule="repair.x")
    assert doc.repair(8, 13, "THREE", rule="repair.y")
    assert not doc.repair(9, 10, "h", rule="repair.z")
    assert doc.repair(3, 3, "!", rule="repair.insert")


def test_undo_removals_keeps_the_chosen_ones():
    doc = Document("one two three")
    doc.remove(0, 3, rule="keep.me", reason="x")
    doc.remove(4, 7, rule="drop.me", reason="x")
    doc.undo_removals(lambda r: r.rule == "keep.me")
    assert doc.kept_spans(0, 13) == [(3, 13)]


@pytest.mark.parametrize("seed", ["000_f104d19d251061ff.txt", "002_2945d1f9ef985ade.txt", "003_9e07a18ae7ed6222.txt"])
def test_report_replays_to_the_output(seed):
    from conftest import SEEDS
    result = cleaner.clean((SEEDS / seed).read_text(encoding="utf-8"))
    assert replay(result) == result.text
    for r in result.removed:
        assert result.source[r.start:r.end] == r.text
    for r in result.repairs:
        assert result.source[r.start:r.end] == r.before


def test_report_has_the_documented_shape():
    report = cleaner.clean("date 2025-07-01\n\nThe plant will close in May, the company said.").to_dict()
    assert set(report) >= {"text", "language", "metadata", "removed", "fragments", "repairs", "gaps",
                           "warnings", "version", "config"}
    assert report["metadata"]["date"] == "2025-07-01"
    assert report["removed"][0]["rule"] == "metadata.dateline"
    assert set(report["removed"][0]) >= {"start", "end", "text", "rule", "reason"}
    assert report["version"] == cleaner.__version__
    assert len(report["config"]) == 16


def test_config_hash_follows_the_configuration():
    a = cleaner.Cleaner().fingerprint
    assert a == cleaner.Cleaner().fingerprint
    assert a != cleaner.Cleaner(cleaner.Config(disable=("boilerplate.copyright",))).fingerprint


def test_bad_configuration_is_a_clear_error():
    with pytest.raises(ValueError, match="fragment_policy must be one of"):
        cleaner.Config(fragment_policy="burn")
    with pytest.raises(ValueError, match="unknown configuration key"):
        cleaner.Config.from_dict({"colour": "blue"})


def test_block_decisions_are_written_when_first_read():
    from cleaner.model import Block, Line, defer_decisions

    class Numbered:
        def __init__(self):
            self.calls = 0

        def decisions_of(self, block):
            self.calls += 1
            return [f"block at {block.start}"]

    fresh, decided = Block(0, 3, [Line(0, 3)]), Block(5, 9, [Line(5, 9)])
    decided.decisions.append("earlier")
    writer = Numbered()
    defer_decisions([fresh, decided], writer)
    assert writer.calls == 1                      # the block with decisions got them at once
    assert decided.decisions == ["earlier", "block at 5"]
    assert fresh.decisions == ["block at 0"] and writer.calls == 2
    fresh.decisions.append("later")               # the list read is the block's own
    assert fresh.decisions == ["block at 0", "later"] and writer.calls == 2
    fresh.decisions = []
    assert fresh.decisions == [] and Block(0, 1, []).decisions == []
