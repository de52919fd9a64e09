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


# -- many removals at once --------------------------------------------------------------------
LONG_TEXT = ("ab cd\nef gh\n\nij  kl\nmn \n op\n\nqr st uv\nwx yz\n\n " * 3).strip()


@st.composite
def removal_batches(draw):
    """Removals made one at a time, then a batch of sorted spans apart from each other (as
    a pass over the lines gives them): few spans after many removals, many after few."""
    points = st.integers(0, len(LONG_TEXT))
    before = draw(st.lists(st.tuples(points, st.integers(0, 6)), max_size=30))
    cuts = sorted(draw(st.lists(points, max_size=draw(st.sampled_from([2, 4, 12, 40])))))
    spans = [(a, b, f"r.batch{k}", "why", f"ev{k}") for k, (a, b) in enumerate(zip(cuts[::2], cuts[1::2]))]
    return [(a, min(a + n, len(LONG_TEXT))) for a, n in before], spans


@settings(max_examples=400, deadline=None)
@given(removal_batches())
def test_remove_many_records_and_merges_as_one_remove_per_span(batch):
    """remove_many (its spans walked past the removed intervals, their intervals inserted one
    by one when few or merged with the removed ones in bulk) leaves the document as one
    remove() per span does: the same records, of the same class, and the same intervals."""
    before, spans = batch
    one_by_one, at_once = Document(LONG_TEXT), Document(LONG_TEXT)
    for doc in (one_by_one, at_once):
        for start, end in before:
            doc.remove(start, end, rule="r.before", reason="earlier")
    for start, end, rule, reason, evidence in spans:
        one_by_one.remove(start, end, rule=rule, reason=reason, evidence=evidence)
    at_once.remove_many(iter(spans))
    assert at_once.removed == one_by_one.removed
    assert all(type(record) is type(one_by_one.removed[0]) for record in at_once.removed)
    assert at_once.removed_intervals() == one_by_one.removed_intervals()
    mask_of(at_once)        # the records cover the source they name and never overlap


def test_remove_many_inserts_a_few_intervals_beside_many():
    """A few spans after many removals (the insertion path): joined to the removed intervals
    they touch on both sides, on one side, or standing apart."""
    text = " ".join("abcdefghijklmnopqrst")
    doc = Document(text)
    for start in range(0, len(text), 4):    # "a", "c", "e", ...: removed, apart
        doc.remove(start, start + 1, rule="r.x", reason="x")
    doc.remove_many([(1, 4, "r.y", "", ""), (9, 11, "r.y", "", ""), (14, 15, "r.y", "", "")])
    assert doc.removed_intervals()[:4] == [(0, 5), (8, 11), (12, 13), (14, 15)]
    assert len(doc.removed_intervals()) == 10 - 1 + 1
    assert [record.text for record in doc.removed[-3:]] == [" b ", " f", "h"]
