"""Stage 5, language: the document's language, each block's, and foreign fragments.

identify() runs before the boilerplate stage (a block meets the pack of its language);
handle_fragments() runs after it and applies the fragment policy.
"""
from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

from .model import Document, Fragment

MIN_WORDS = 8   # shorter blocks are not judged alone


def _detect(text: str) -> tuple[str, float]:
    # langdetect samples at random; a fixed seed makes it deterministic
    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return "unknown", 0.0
    return best.lang, best.prob


def identify(doc: Document, ctx) -> None:
    votes: dict[str, int] = {}
    for block in doc.blocks:
        text = doc.block_text(block)
        if len(text.split()) < MIN_WORDS:
            continue
        block.language, block.language_confidence = _detect(text)
        votes[block.language] = votes.get(block.language, 0) + len(text)
    doc.language = max(sorted(votes), key=votes.get) if votes else "unknown"


def handle_fragments(doc: Document, ctx) -> None:
    for block in doc.blocks:
        if block.language in (doc.language, "unknown") or block.language_confidence < 0.9:
            continue
        removed = doc.is_removed(block.start, block.end)
        if not removed and ctx.config.fragment_policy == "remove-all":
            doc.remove(block.start, block.end, rule="language.foreign_fragment",
                       reason=f"text in {block.language}, not the document's {doc.language}")
            removed = True
        doc.add_fragment(Fragment(block.start, block.end, doc.block_text(block), block.language,
                                  round(block.language_confidence, 4), "removed" if removed else "kept"))
