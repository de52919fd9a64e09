"""render's shortcuts give what the plain passes give: canonical skips the space-run pass
when there is no run and finds blank runs by their literal start; apply_edits skips empty
replacements; edited_text reads a document's merged removed intervals."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from cleaner import render
from cleaner.model import Document, Removal, Repair


def _canonical_plainly(text: str) -> str:
    lines = [line.strip() for line in re.sub(r"[ \t]{2,}", " ", text).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    if not text:
        return ""
    return unicodedata.normalize("NFC", text) + "\n"


def _apply_edits_plainly(source, removed, repairs) -> str:
    edits = [(r.start, r.end, "") for r in removed] + [(r.start, r.end, r.after) for r in repairs]
    edits.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for start, end, replacement in edits:
        if start < pos:
            start = pos
            if end < start:
                end = start
        out += [source[pos:start], replacement]
        pos = max(pos, end)
    return "".join(out + [source[pos:]])


CHARACTERS = st.sampled_from(list("ab \t\n") + ["\u3000", "\u00a0", "e\u0301", "\x0b", "\r", "  ", "\n\n\n"])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(CHARACTERS, max_size=40).map("".join))
def test_canonical(text):
    assert render.canonical(text) == _canonical_plainly(text)


@st.composite
def edits(draw):
    source = draw(st.text(alphabet="abc \n", max_size=30))
    spans = st.tuples(st.integers(0, len(source)), st.integers(0, len(source))).map(sorted)
    removed = [Removal(s, e, source[s:e], "x", "") for s, e in draw(st.lists(spans, max_size=5))]
    repairs = [Repair(s, e, source[s:e], draw(st.sampled_from(["", "X", " "])), "y")
               for s, e in draw(st.lists(spans, max_size=5))]
    return source, removed, repairs


@settings(max_examples=500, deadline=None, derandomize=True)
@given(edits())
def test_apply_edits(case):
    assert render.apply_edits(*case) == _apply_edits_plainly(*case)


@st.composite
def removals_only(draw):
    """Removals alone, as a document records them (disjoint, in any order), or overlapping."""
    source = draw(st.text(alphabet="abc \n", max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(source)), max_size=8)))
    spans = list(zip(cuts[::2], cuts[1::2]))
    if draw(st.booleans()):
        spans += draw(st.lists(st.tuples(st.integers(0, len(source)), st.integers(0, len(source))).map(sorted),
                               max_size=2))
    removed = [Removal(s, e, source[s:e], "x", "") for s, e in draw(st.permutations(spans))]
    return source, removed, []


@settings(max_examples=500, deadline=None, derandomize=True)
@given(removals_only())
def test_apply_edits_of_removals_alone(case):
    source, removed, repairs = case
    assert render.apply_edits(source, iter(removed), iter(repairs)) == _apply_edits_plainly(*case)


@st.composite
def documents(draw):
    """A document with removals recorded as the stages record them (one at a time,
    overlapping requests trimmed, or several in order through remove_many), and sometimes
    repairs."""
    source = draw(st.text(alphabet="abc \n", max_size=40))
    doc = Document(source)
    span = st.tuples(st.integers(0, len(source)), st.integers(0, len(source))).map(sorted)
    for s, e in draw(st.lists(span, max_size=6)):
        doc.remove(s, e, rule="x", reason="")
    cuts = sorted(draw(st.lists(st.integers(0, len(source)), max_size=6)))
    doc.remove_many([(s, e, "y", "", "") for s, e in zip(cuts[::2], cuts[1::2]) if s < e])
    if draw(st.booleans()):
        for s, e in draw(st.lists(span, max_size=3)):
            doc.repair(s, e, draw(st.sampled_from(["", "X", " "])), rule="z")
    return doc


@settings(max_examples=500, deadline=None, derandomize=True)
@given(documents())
def test_edited_text_is_the_replay_of_the_edits(doc):
    assert render.edited_text(doc) == render.apply_edits(doc.source, doc.removed, doc.repairs)


def test_edited_text_of_touching_removals():
    doc = Document("one\ntwo\nthree")
    doc.remove(0, 4, rule="x", reason="")
    doc.remove(4, 8, rule="x", reason="")
    assert doc.removed_intervals() == [(0, 8)]
    assert render.edited_text(doc) == "three"
