"""segment.sentences tries its pattern only after sentence marks; that must split text as a
scan of every position does."""
from __future__ import annotations

from hypothesis import example, given, settings, strategies as st

from cleaner import segment


def _sentences_scanning_everywhere(text: str, offset: int = 0) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in segment._SENTENCE_END.finditer(text):
        end = m.start()
        if segment._ABBREVIATION.search(text, max(start, end - 12), end):
            continue
        if text[start:end].strip():
            spans.append((offset + start, offset + end))
        start = m.end()
    if text[start:].strip():
        spans.append((offset + start, offset + len(text.rstrip())))
    return spans


PIECES = st.sampled_from([
    "It", "rained", "Dr", "Smith", "p.m", "5.30", "U.S", "e.g", "A", "b", "日本", "語", "Ünal", "3",
    ".", "!", "?", "…", "。", "！", "？", "'", "\"", "”", "’", "»", ")", "]", "“", "‘", "«", "(", "[",
    "¿", "¡", " ", " ", " ", "  ", "\n", "\t", "\u3000", ",",
])


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=40).map("".join), st.integers(0, 5))
@example("日本。」次。)A。", 0)
@example("Yes.) Then. No!?", 3)
@example("End。", 0)
def test_sentences_match_a_scan_of_every_position(text, offset):
    assert segment.sentences(text, offset) == _sentences_scanning_everywhere(text, offset)
