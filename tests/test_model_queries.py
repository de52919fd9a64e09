"""The document's queries (kept text, kept spans, removed or not) answer as a character
mask of the removals says, whatever the order and overlap of the removals, on their fast
paths (nothing removed in the span, one removal covering it) as on the general one."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.model import CLOCK_EVERY, CUT, UNCUT, WHOLE, Document, DocumentTimeout, Line

TEXT = "ab cd\nef  gh ij\n\nkl mn op qr\nst"


def mask_of(doc: Document) -> list[bool]:
    removed = [False] * len(doc.source)
    for r in doc.removed:
        assert doc.source[r.start:r.end] == r.text
        for k in range(r.start, r.end):
            assert not removed[k], "removals overlap"
            removed[k] = True
    return removed


def runs_kept(mask, start, end):
    runs, k = [], max(start, 0)
    while k < end:
        if mask[k]:
            k += 1
            continue
        j = k
        while j < end and not mask[j]:
            j += 1
        runs.append((k, j))
        k = j
    return runs


spans = st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)))


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=8), st.lists(spans, min_size=1, max_size=8))
def test_queries_agree_with_the_mask(removals, queries):
    doc = Document(TEXT)
    for start, end in removals:
        before = mask_of(doc)
        added = doc.remove(start, end, rule="r.x", reason="x")
        after = mask_of(doc)
        assert added == (before != after)
    mask = mask_of(doc)
    for start, end in queries:
        kept = runs_kept(mask, start, end)
        assert doc.kept_spans(start, end) == kept
        assert doc.kept_text(start, end) == " ".join(TEXT[s:e] for s, e in kept).strip()
        visible = [k for k in range(start, end) if not TEXT[k].isspace()]
        assert doc.is_removed(start, end) == all(mask[k] for k in visible)
        if start < end:
            assert doc._overlaps_removal(start, end) == any(mask[start:end])
            # touching removals merge, so one interval holds the span when every character is removed
            expected = WHOLE if all(mask[start:end]) else CUT if any(mask[start:end]) else UNCUT
            assert doc.cover(start, end) == expected
    intervals = doc.removed_intervals()
    assert all(start < end for start, end in intervals)
    assert all(end < following for (_, end), (following, _) in zip(intervals, intervals[1:])), \
        "removed intervals must be sorted, apart, and merged where they touch"
    in_order = [Line(start, end) for start, end in sorted(queries)]
    assert doc.kept_texts(in_order) == [doc.kept_text(line.start, line.end) for line in in_order]


def test_the_deadline_is_noticed_within_a_few_queries():
    doc = Document(TEXT)
    doc.deadline, doc.time_limit = 0.0, 1.0      # long past
    with pytest.raises(DocumentTimeout):
        for _ in range(CLOCK_EVERY + 1):
            doc.kept_text(0, 5)
    with pytest.raises(DocumentTimeout, match="during a stage"):
        doc.check_time("a stage")                # a named check always reads the clock


def test_no_deadline_never_times_out():
    doc = Document(TEXT)
    for _ in range(3 * CLOCK_EVERY):
        assert not doc.is_removed(0, 2)
