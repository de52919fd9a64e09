"""segment.run takes a shortcut for text whose lines have no white space at their ends
(decoded page text); its blocks and lines must be those of the general scan."""
from __future__ import annotations

from hypothesis import example, given, settings, strategies as st

from cleaner import segment
from cleaner.model import Document


def _shape(blocks) -> list:
    return [(b.start, b.end, [(ln.start, ln.end) for ln in b.lines]) for b in blocks]


def _segmented(text: str) -> list:
    doc = Document(text)
    segment.run(doc)
    return _shape(doc.blocks)


PIECES = st.sampled_from(["a", "bc", "Ünal", "日本", ".", " ", "  ", "\n", "\n", "\n\n", "\n\n\n",
                          "\t", "\u3000", "\r", "\x0b", "\x1c"])


@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=30).map("".join))
@example("a\n\n\nb")
@example("a\n\n\n\n\nb\nc")
@example("a \nb")
@example("a\n b\n\nc")
@example("\na\n")
@example("a\r\nb")
@example("a\n\u3000\nb")
def test_run_matches_the_general_scan(text):
    assert _segmented(text) == _shape(segment._blocks_by_scan(text))


BARE_LINE = st.lists(st.sampled_from(["a", "bc", "Ünal", "日本", ".", " ", "\t", "\r"]), min_size=1,
                     max_size=6).map("".join).filter(lambda s: not s[0].isspace() and not s[-1].isspace())


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.tuples(BARE_LINE, st.integers(1, 5)), min_size=1, max_size=12))
def test_bare_lines_take_the_shortcut_and_match_the_scan(lines):
    """Lines without white space at their ends, joined by one to five newlines."""
    text = "".join(line + "\n" * breaks for line, breaks in lines[:-1]) + lines[-1][0]
    assert not segment._PADDED_LINE.search(text)
    assert _shape(segment._blocks_of_bare_lines(text)) == _shape(segment._blocks_by_scan(text))


def test_blocks_and_lines_of_a_page():
    text = "Title\n\nFirst line\nsecond line\n\n\n\nLast"
    assert _segmented(text) == [(0, 5, [(0, 5)]), (7, 29, [(7, 17), (18, 29)]), (33, 37, [(33, 37)])]
