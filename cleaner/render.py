"""Stage 7, render: the canonical text from the source and the recorded edits.

`apply_edits` and `canonical` are all the output is: replaying a report's removals and
repairs on its source with these two functions gives its text back, byte for byte.
"""
from __future__ import annotations

import re
import unicodedata
from operator import itemgetter
from typing import Iterable

from .model import Document, Removal, Repair

_HSPACE_RUN = re.compile(r"[ \t]{2,}")
# once lines are stripped, a blank line is just "\n\n"; written with a literal start, which
# the re module finds far faster than it tries "\n{3,}" at every newline
_BLANK_RUN = re.compile("\n\n\n+")
_START_END = itemgetter(0, 1)
# a newline with white space other than a newline beside it: a line that stripping changes
_PADDED_LINE = re.compile(r"\n(?:[^\S\n]|(?<=[^\S\n]\n))")
_ASCII_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...",
})


def apply_edits(source: str, removed: Iterable[Removal], repairs: Iterable[Repair]) -> str:
    """The source with removed spans left out and repaired spans replaced.

    >>> apply_edits("a b c", [Removal(2, 3, "b", "x", "")], [Repair(4, 5, "c", "C", "y")])
    'a  C'
    """
    edits = [(r.start, r.end, "") for r in removed] + [(r.start, r.end, r.after) for r in repairs]
    # insertions (start == end) sort before a removal starting at the same place
    edits.sort(key=_START_END)
    out = []
    append = out.append
    pos = 0
    for start, end, replacement in edits:
        if start < pos:  # removals may have been recorded adjacent/merged; never re-emit text
            start = pos
        append(source[pos:start])
        if replacement:
            append(replacement)
        if end > pos:
            pos = end
    append(source[pos:])
    return "".join(out)


def edited_text(doc: Document) -> str:
    """apply_edits(doc.source, doc.removed, doc.repairs), the same string found faster.

    A document keeps its removed source as sorted, disjoint intervals, touching ones
    merged: fewer than its removals (a page's removed lines often touch) and already in
    order, so without repairs the text is what lies between them, with no sort of the
    removal records. Repairs are rare; a document with some is replayed in full."""
    if doc.repairs:
        return apply_edits(doc.source, doc.removed, doc.repairs)
    source = doc.source
    pieces = []
    append = pieces.append
    pos = 0
    for start, end in doc.removed_intervals():
        append(source[pos:start])
        pos = end
    append(source[pos:])
    return "".join(pieces)


def canonical(text: str, *, ascii_fold: bool = False) -> str:
    """The canonical form: NFC, one space between words, no trailing spaces, paragraphs
    separated by exactly one blank line, no blank line at the start, one newline at the end.

    >>> canonical("  Title \\n\\n\\n\\nBody  text.\\n")
    'Title\\n\\nBody text.\\n'
    """
    if ascii_fold:
        text = text.translate(_ASCII_FOLD)
    # runs of spaces never cross a newline, so one pass over the whole text does them all;
    # most texts have none, which two searches for a plain string tell fastest
    if "  " in text or "\t" in text:
        text = _HSPACE_RUN.sub(" ", text)
    # most texts have no line to strip, which one search anchored on the newline tells
    if _PADDED_LINE.search(text) or _padded_edge(text[:1]) or _padded_edge(text[-1:]):
        text = "\n".join(map(str.strip, text.split("\n")))
    text = _BLANK_RUN.sub("\n\n", text).strip("\n")
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text + "\n"


def _padded_edge(character: str) -> bool:
    """The first or last character of a text makes its line one that stripping changes."""
    return character.isspace() and character != "\n"
