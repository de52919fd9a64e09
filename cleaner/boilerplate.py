"""Stage 4, boilerplate: phrase rules from the packs, then structural detectors.

Phrase rules run first and on the raw blocks, before any smoothing by context, so that
what a rule says it removed is exactly what its pattern saw. Structural detectors then
catch what no phrase names: the headline echoed in Title Case, a line repeated further
down (captions), an author's name line followed by the author's biography.
"""
from __future__ import annotations

import regex

from . import render, segment
from .model import Block, Document

# -- zones -------------------------------------------------------------------------------
HEAD_SHARE = 0.15   # blocks starting in the first 15% of the text are in the head zone
TAIL_SHARE = 0.75   # blocks starting after 75% of the text are in the tail zone
HEAD_BLOCKS = 2     # and always the first two blocks, the last three, however long the text
TAIL_BLOCKS = 3

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def zones(doc: Document) -> list[str]:
    """'head', 'tail' or 'body' for each block, from its position in the document."""
    n, size = len(doc.blocks), max(len(doc.source), 1)
    out = []
    for i, b in enumerate(doc.blocks):
        if i < HEAD_BLOCKS or b.start < HEAD_SHARE * size:
            out.append("head")
        elif i >= n - TAIL_BLOCKS or b.start > TAIL_SHARE * size:
            out.append("tail")
        else:
            out.append("body")
    return out


def run(doc: Document, ctx) -> None:
    block_zones = zones(doc)
    apply_phrase_rules(doc, ctx, block_zones)
    title_echo(doc, ctx)
    repeated_lines(doc, ctx)
    name_then_bio(doc, ctx)


# -- phrase rules ------------------------------------------------------------------------
def apply_phrase_rules(doc: Document, ctx, block_zones: list[str]) -> None:
    config, packs = ctx.config, ctx.packs
    timeout = config.regex_timeout
    for block, zone in zip(doc.blocks, block_zones):
        language = block.language
        prefilter = packs.prefilter(language)
        if prefilter is None:
            continue
        # search from the start of the physical line, so that ^ anchors hold on a trimmed block
        begin = doc.source.rfind("\n", 0, block.start) + 1
        # a block touched by an earlier stage (a dateline cut from its first line) is read in
        # full: line rules judge its kept text, which the prefilter on the source cannot see
        touched = doc.kept_spans(block.start, block.end) != [(block.start, block.end)]
        try:
            if not touched and not prefilter.search(doc.source, begin, block.end, timeout=timeout):
                continue
        except TimeoutError:
            doc.warn("regex_timeout", f"the rule prefilter timed out on the block at {block.start}; "
                                      "every rule was tried on it instead")
        for rule in packs.rules_for(language):
            if not config.is_enabled(rule.id):
                continue
            if rule.where != "anywhere" and rule.where != zone:
                continue
            try:
                _apply_rule(doc, block, rule, timeout)
            except TimeoutError:
                doc.warn("regex_timeout", f"rule {rule.id} ({rule.source}) timed out after "
                                          f"{timeout:g} s on the block at {block.start}; skipped there")


def _apply_rule(doc: Document, block: Block, rule, timeout: float | None) -> None:
    """Apply one rule to one block, each scope reading what the narrower scopes left:
    span rules read each line from its first kept character, sentence rules each sentence
    (so ^ means the start of a sentence, and a match may run on into the next sentences of
    its line), line and block rules the kept text of their line or block. Nothing reads
    across a line break, whatever the pattern (a user's \\s* included)."""
    if rule.scope in ("line", "block"):
        _apply_to_kept_text(doc, block, rule, timeout)
        return
    for line in block.lines:
        if rule.scope == "span":
            windows = [(line.start, line.end)]
        else:
            windows = segment.sentences(doc.source[line.start:line.end], line.start)
        for start, end in windows:
            first = _first_kept(doc, start, end)
            if first is None:
                continue
            text = doc.source[first:line.end]
            for m in rule.compiled.finditer(text, timeout=timeout):
                if m.end() == m.start():
                    continue
                if rule.scope == "span":
                    doc.remove(first + m.start(), first + m.end(), rule=rule.id, reason=rule.reason,
                               evidence=m.group()[:200])
                    continue
                if m.start() >= end - first:
                    break
                _remove_sentences(doc, line, rule, start, first + m.end(), m.group())
                break


def _first_kept(doc: Document, start: int, end: int) -> int | None:
    for s, e in doc.kept_spans(start, end):
        stripped = len(doc.source[s:e]) - len(doc.source[s:e].lstrip())
        if s + stripped < e:
            return s + stripped
    return None


def _remove_sentences(doc: Document, line, rule, start: int, match_end: int, evidence: str) -> None:
    """Remove the sentence that starts at `start`, and the following sentences of the line
    the match runs into ("Got a tip? Send it in: tips@example.com")."""
    end = start
    for s, e in segment.sentences(doc.source[line.start:line.end], line.start):
        if e <= start:
            continue
        end = e
        if e >= match_end:
            break
    if rule.max_words and word_count(doc.kept_text(start, end)) > rule.max_words:
        return
    doc.remove(start, end, rule=rule.id, reason=rule.reason, evidence=evidence[:200])


def _apply_to_kept_text(doc: Document, block: Block, rule, timeout: float | None) -> None:
    """Line and block rules judge what is left of their line or block after the narrower
    rules ran ("All rights reserved. Share" leaves "Share", a share button), and remove
    all of it."""
    pieces = [(line.start, line.end) for line in block.lines] if rule.scope == "line" else [(block.start, block.end)]
    for start, end in pieces:
        if rule.scope == "line":
            kept = doc.kept_text(start, end)
        else:
            kept = "\n".join(doc.kept_text(ln.start, ln.end) for ln in block.lines)
        if not kept.strip():
            continue
        try:
            m = rule.compiled.search(kept, timeout=timeout)
        except TimeoutError:
            doc.warn("regex_timeout", f"rule {rule.id} ({rule.source}) timed out after "
                                      f"{timeout:g} s on the {rule.scope} at {start}; skipped there")
            continue
        if m is None or m.end() == m.start():
            continue
        if rule.max_words and word_count(kept) > rule.max_words:
            continue
        doc.remove(start, _through_newline(doc, block, end), rule=rule.id, reason=rule.reason,
                   evidence=m.group()[:200])


def _through_newline(doc: Document, block: Block, end: int) -> int:
    """Take the newline after a removed line with it, so the block does not split in two."""
    if end < block.end and doc.source[end:end + 1] == "\n":
        return end + 1
    return end


# -- structural detectors -------------------------------------------------------------------
_FOLD_PUNCT = regex.compile(r"[\p{P}\p{S}\s]+")


def _fold(text: str) -> str:
    """Compare lines regardless of case, punctuation and spacing."""
    return _FOLD_PUNCT.sub(" ", text.casefold()).strip()


def title_echo(doc: Document, ctx) -> None:
    """The headline again further down, often in Title Case ("Sale Signals Ev Strategy")."""
    if not ctx.config.is_enabled("boilerplate.title_echo"):
        return
    title = doc.metadata.get("title")
    if not title:
        return
    folded = _fold(title)
    seen_title = False
    for block in doc.blocks:
        for line in block.lines:
            if _fold(doc.kept_text(line.start, line.end)) != folded:
                continue
            if not seen_title:
                seen_title = True
                continue
            doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.title_echo",
                       reason="the headline repeated in the body", evidence=title[:200])


def repeated_lines(doc: Document, ctx) -> None:
    """A line that stands again later in the document: captions, headlines, widgets.
    The first occurrence stays; later ones go. Lines made only of punctuation or numbers
    are not compared (table rows, separators)."""
    if not ctx.config.is_enabled("boilerplate.repeated_line"):
        return
    first_seen: dict[str, int] = {}
    for block in doc.blocks:
        for line in block.lines:
            key = _fold(doc.kept_text(line.start, line.end))
            if not regex.search(r"\p{L}", key):
                continue
            if key in first_seen:
                if doc.is_removed(line.start, line.end):
                    continue
                doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.repeated_line",
                           reason="a line repeated from earlier in the document",
                           evidence=f"first seen at offset {first_seen[key]}")
            else:
                first_seen[key] = line.start


# A name line: two to four capitalized words, nothing else.
_NAME_LINE = regex.compile(r"\p{Lu}[\p{L}'’\-.]+(?: (?:\p{Lu}[\p{L}'’\-.]+|de|da|van|von|del|di|le|la)){1,3}")


def name_then_bio(doc: Document, ctx) -> None:
    """An author's name on a line of its own, then a paragraph about that person
    ("Jane Doe" / "Jane Doe is a senior editor at ..."): both are the author box."""
    if not ctx.config.is_enabled("boilerplate.author_bio"):
        return
    for i, block in enumerate(doc.blocks):
        name_lines = [ln for ln in block.lines if _NAME_LINE.fullmatch(doc.line_text(ln))]
        if not name_lines or len(name_lines) != len(block.lines):
            continue
        name = doc.line_text(name_lines[0])
        for nxt in doc.blocks[i + 1:i + 3]:
            text = doc.block_text(nxt)
            if text.startswith(name + " ") and 8 <= word_count(text) <= 150:
                doc.metadata.setdefault("author", name)
                doc.remove(block.start, block.end, rule="boilerplate.author_bio",
                           reason="the author's name above the author's biography", evidence=name)
                doc.remove(nxt.start, nxt.end, rule="boilerplate.author_bio",
                           reason="a biography of the author", evidence=name)
                break


# -- the over-removal guard ---------------------------------------------------------------
def guard_over_removal(doc: Document, ctx) -> None:
    """When most of the text would vanish, keep only what the conservative pass removes:
    the phrase rules of the packs and the metadata lines. If even that is too much, keep
    everything. Either way, say so in a warning."""
    limit = ctx.config.max_removed_share
    if limit >= 1.0 or doc.removed_share() <= limit:
        return
    pack_rules = {r.id for r in ctx.packs.all_rules()}
    before = doc.removed_share()
    doc.undo_removals(lambda r: r.rule in pack_rules or r.rule.startswith("metadata."))
    if doc.removed_share() > limit:
        doc.undo_removals(lambda r: r.rule.startswith("metadata."))
        kept = "every rule's removal was undone"
    else:
        kept = "only the phrase rules' removals were kept"
    doc.warn("over_removal_guard", f"the rules would have removed {before:.0%} of the text "
                                   f"(limit {limit:.0%}); {kept}")


# -- rule examples ------------------------------------------------------------------------
def rule_example_failures(rule) -> list[str]:
    """Run one rule alone on each of its examples, as if the example stood in the rule's
    zone, and say which examples it fails: a `remove` example must vanish entirely, a
    `keep` example must not lose a character."""
    failures = []
    for text, must_remove in [(t, True) for t in rule.examples_remove] + [(t, False) for t in rule.examples_keep]:
        doc = Document(text)
        segment.run(doc)
        for block in doc.blocks:
            try:
                _apply_rule(doc, block, rule, 1.0)
            except TimeoutError:
                failures.append(f"{rule.id} ({rule.source}): pattern timed out on example {text!r}")
        share = doc.removed_share()
        if must_remove and share < 1.0:
            kept = render.canonical(render.apply_edits(doc.source, doc.removed, [])).strip()
            failures.append(f"{rule.id} ({rule.source}): should remove {text!r} but kept {kept!r}")
        elif not must_remove and share > 0.0:
            gone = " | ".join(r.text for r in doc.removed)
            failures.append(f"{rule.id} ({rule.source}): should keep {text!r} but removed {gone!r}")
    return failures
