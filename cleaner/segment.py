"""Stage 2, segment: blocks (paragraphs), lines and sentences, each with source offsets.

A block is a run of non-blank lines; blank lines separate blocks. Sentences are found on
demand, since only some rules need them.
"""
from __future__ import annotations

import re
from typing import Iterator

import regex

from .model import Block, Document, Line

# a line's visible text: from its first non-space character to its last (\S never matches
# a newline, and [^\n]* cannot cross one)
_LINE_CONTENT = re.compile(r"\S(?:[^\n]*\S)?")

# A sentence ends at . ! ? … or their CJK forms, optionally followed by closing quotes or
# brackets, then white space and something that can start a sentence. Single capitals
# ("J. Smith"), common abbreviations and decimals do not end a sentence.
_SENTENCE_END = regex.compile(
    r"""(?<=[.!?…。！？]['"”’»)\]]*)(?:\s+)(?=['"“‘«(\[¿¡]?[\p{Lu}\p{Lo}\p{N}])"""
    r"""|(?<=[。！？])(?=\S)"""
)
_ABBREVIATION = regex.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|No|Nr|vs|etc|e\.g|i\.e|approx|Inc|Ltd|Co|Corp|"
    r"Gen|Gov|Sen|Rep|Rev|Lt|Col|Sgt|Capt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"Sra|Srta|Dra|Av|Mme|Mlle|Hr|Fr|bzw|ca|ggf|usw|z\.B|S|p|pp|vol|ed|eds|fig|cf)\.|"
    r"\b\p{Lu}\.|\b(?:\p{Lu}\.){2,})$"
)


def run(doc: Document) -> None:
    """Fill doc.blocks from doc.source.

    A line is a line of the source trimmed to its visible text (offsets never start or end
    on a space); more than one newline between two lines starts a new block."""
    source = doc.source
    if _PADDED_LINE.search(source) or source[:1].isspace() or source[-1:].isspace():
        doc.blocks = _blocks_by_scan(source)
    else:
        doc.blocks = _blocks_of_bare_lines(source)


# A newline with white space other than a newline beside it: a line that trimming changes.
# Written to start with the newline, which the re module finds fastest.
_PADDED_LINE = re.compile(r"\n(?:[^\S\n]|(?<=[^\S\n]\n))")


def _blocks_of_bare_lines(source: str) -> list[Block]:
    """The blocks of a source whose lines have no white space at either end, such as
    decoded page text: a blank line is then an empty one, so each non-empty piece of one
    split at the newlines is a whole line, and empty pieces separate the blocks.

    One split of the whole source, walked once, costs less than a split into blocks and
    another into the lines of each; the document's objects themselves (a Line per line, a
    Block per block) are most of the cost that is left."""
    blocks: list[Block] = []
    append = blocks.append
    lines: list[Line] | None = None     # the lines of the block being read
    first = last = pos = 0              # its start, its last line's end; the piece's start
    for piece in source.split("\n"):
        if piece:
            last = pos + len(piece)
            if lines is None:
                first, lines = pos, [Line(pos, last)]
            else:
                lines.append(Line(pos, last))
            pos = last + 1
        else:
            if lines is not None:
                append(Block(first, last, lines))
                lines = None
            pos += 1
    if lines is not None:
        append(Block(first, last, lines))
    return blocks


def _blocks_by_scan(source: str) -> list[Block]:
    """The blocks of any source: each match of _LINE_CONTENT is one line trimmed to its
    visible text, and more than one newline between two lines starts a new block."""
    blocks: list[Block] = []
    current: list[Line] = []
    count_newlines = source.count
    previous_end = 0
    for m in _LINE_CONTENT.finditer(source):
        start, end = m.span()
        if current and count_newlines("\n", previous_end, start) > 1:
            blocks.append(Block(current[0].start, previous_end, current))
            current = []
        current.append(Line(start, end))
        previous_end = end
    if current:
        blocks.append(Block(current[0].start, previous_end, current))
    return blocks


def sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of `text`, shifted by `offset`.

    >>> sentences("It rained. Dr. Smith left at 5.30 p.m. on Sunday! Then?")
    [(0, 10), (11, 49), (50, 55)]
    """
    spans = []
    start = 0
    match = _SENTENCE_END.match
    for place in _sentence_end_places(text):
        m = match(text, place)
        if m is None:
            continue
        end = m.start()
        if _ABBREVIATION.search(text, max(start, end - 12), end):
            continue
        if text[start:end].strip():
            spans.append((offset + start, offset + end))
        start = m.end()
    if text[start:].strip():
        end = len(text.rstrip())
        spans.append((offset + start, offset + end))
    return spans


_MARK = re.compile(r"[.!?…。！？]")
_CLOSING = frozenset("'\"”’»)]")   # what _SENTENCE_END's lookbehind allows after the mark
_CJK_MARKS = frozenset("。！？")


def _sentence_end_places(text: str) -> Iterator[int]:
    """The places where _SENTENCE_END can match, in increasing order: after each sentence
    mark and the closing quotes or brackets that follow it, and right after a CJK mark.

    A match can start nowhere else (its lookbehinds want a mark there), and no match can
    start inside another (they hold white space, after which no lookbehind holds), so
    trying these places finds what a scan of every position finds, for the cost of a
    scan for one character class."""
    length = len(text)
    for mark in _MARK.finditer(text):
        place = mark.end()
        if text[mark.start()] in _CJK_MARKS:
            yield place
            if place == length or text[place] not in _CLOSING:
                continue   # no closing run: the place after it is this one
        while place < length and text[place] in _CLOSING:
            place += 1
        yield place
