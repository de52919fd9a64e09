"""Stage 6, repair: rejoin what the page split, fix the joins, and report the holes."""
from __future__ import annotations

import regex

from .model import Document, Gap

_SPACE_BEFORE_COMMA = regex.compile(r"(?<=\p{L}) +(?=,)")
_LEADING_COMMA = regex.compile(r"^, ")


def run(doc: Document, ctx) -> None:
    for block in doc.blocks:
        text = doc.block_text(block)
        if _LEADING_COMMA.match(text) and ctx.config.is_enabled("repair.gaps"):
            doc.add_gap(Gap(block.start, block.start, "missing_subject", text[:80]))
        if ctx.config.is_enabled("repair.space_before_punctuation"):
            for m in _SPACE_BEFORE_COMMA.finditer(doc.source, block.start, block.end):
                doc.repair(m.start(), m.end(), "", rule="repair.space_before_punctuation",
                           reason="no space before a comma")
