"""Stage 4, boilerplate: phrase rules from the packs, then structural detectors.

Phrase rules run first and on the raw blocks, before any smoothing by context, so that
what a rule says it removed is exactly what its pattern saw. Structural detectors then
catch what no phrase names: the headline echoed in Title Case, a line repeated further
down (captions), an author's name line followed by the author's biography.
"""
from __future__ import annotations

from bisect import bisect_right

import regex

from . import segment, structure
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
    _recurring_lines(doc, ctx)
    if ctx.config.is_enabled("boilerplate.structure"):
        structure.classify(doc, ctx)


def _recurring_lines(doc: Document, ctx) -> None:
    """Corpus mode: when the configuration names a learned line table, drop the lines it
    says recur across the document's site (from its URL; "*" when it has none)."""
    path = ctx.config.line_table
    if not path or not ctx.config.is_enabled("boilerplate.recurring_line"):
        return
    from . import corpus
    corpus.drop_recurring_lines(doc, corpus.load_table(path), corpus.site_of(doc.metadata.get("url")))


# -- phrase rules ------------------------------------------------------------------------
def apply_phrase_rules(doc: Document, ctx, block_zones: list[str]) -> None:
    config, packs = ctx.config, ctx.packs
    timeout = config.regex_timeout
    hits = _keyword_hits(doc, packs)
    sentences: dict[int, list[tuple[int, int]]] = {}
    for block, zone, hit in zip(doc.blocks, block_zones, hits):
        for rule in packs.rules_for(block.language):
            if rule.keywords is None:
                lines = block.lines
            elif id(rule) in hit:
                lines = [block.lines[i] for i in sorted(hit[id(rule)])]
            else:
                continue
            if not config.is_enabled(rule.id):
                continue
            if rule.where != "anywhere" and rule.where != zone:
                continue
            try:
                _apply_rule(doc, block, rule, timeout, lines, sentences)
            except TimeoutError:
                doc.warn("regex_timeout", f"rule {rule.id} ({rule.source}) timed out after "
                                          f"{timeout:g} s on the block at {block.start}; skipped there")


def _keyword_hits(doc: Document, packs) -> list[dict[int, set[int]]]:
    """For each block, the rules one of whose keywords it contains, and in which of its
    lines: one Aho-Corasick pass over the whole casefolded text. Lines that an earlier
    stage cut into (a dateline) are candidates for every rule, since a line rule judges
    their kept text. Where casefolding changes lengths (ß -> ss), offsets no longer line
    up, and each line is folded and scanned on its own."""
    hits: list[dict[int, set[int]]] = [{} for _ in doc.blocks]
    places = [(line.start, b, i) for b, block in enumerate(doc.blocks) for i, line in enumerate(block.lines)]
    starts = [p[0] for p in places]

    def record(offset: int, rule_ids) -> None:
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return
        b, i = places[k][1], places[k][2]
        if offset < doc.blocks[b].lines[i].end:
            for rule_id in rule_ids:
                hits[b].setdefault(rule_id, set()).add(i)

    folded = doc.source.casefold()
    if len(folded) == len(doc.source):
        for end, rule_ids in packs.keyword_hits(folded):
            record(end, rule_ids)
    else:
        for start, b, i in places:
            line = doc.blocks[b].lines[i]
            for _, rule_ids in packs.keyword_hits(doc.source[line.start:line.end].casefold()):
                record(start, rule_ids)
    if doc.removed:
        every_rule = [id(r) for r in packs.all_rules()]
        for start, b, i in places:
            line = doc.blocks[b].lines[i]
            if doc.kept_spans(line.start, line.end) != [(line.start, line.end)]:
                record(start, every_rule)
    return hits


def _apply_rule(doc: Document, block: Block, rule, timeout: float | None, lines, sentences: dict) -> None:
    """Apply one rule to the given lines of a block, each scope reading what the narrower
    scopes left: span rules read each line from its first kept character, sentence rules
    each sentence (so ^ means the start of a sentence, and a match may run on into the next
    sentences of its line), line and block rules the kept text of their line or block.
    Nothing reads across a line break, whatever the pattern (a user's \\s* included).
    `sentences` caches each line's sentence spans for the document."""
    if rule.scope in ("line", "block"):
        _apply_to_kept_text(doc, block, rule, timeout, lines)
        return
    for line in lines:
        if rule.scope == "span":
            windows = [(line.start, line.end)]
        else:
            windows = sentences.get(line.start)
            if windows is None:
                windows = sentences[line.start] = segment.sentences(doc.source[line.start:line.end], line.start)
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
                _remove_sentences(doc, windows, rule, start, first + m.end(), m.group())
                break


def _first_kept(doc: Document, start: int, end: int) -> int | None:
    for s, e in doc.kept_spans(start, end):
        stripped = len(doc.source[s:e]) - len(doc.source[s:e].lstrip())
        if s + stripped < e:
            return s + stripped
    return None


def _remove_sentences(doc: Document, windows, rule, start: int, match_end: int, evidence: str) -> None:
    """Remove the sentence that starts at `start`, and the following sentences of the line
    the match runs into ("Got a tip? Send it in: tips@example.com"). `windows` are the
    line's sentence spans, found once per line: splitting the line again for every match
    made a line of many matching sentences quadratic."""
    end = start
    for k in range(bisect_right(windows, start, key=lambda w: w[1]), len(windows)):
        end = windows[k][1]
        if end >= match_end:
            break
    if rule.max_words and word_count(doc.kept_text(start, end)) > rule.max_words:
        return
    doc.remove(start, end, rule=rule.id, reason=rule.reason, evidence=evidence[:200])


def _apply_to_kept_text(doc: Document, block: Block, rule, timeout: float | None, lines) -> None:
    """Line and block rules judge what is left of their line or block after the narrower
    rules ran ("All rights reserved. Share" leaves "Share", a share button), and remove
    all of it."""
    pieces = [(line.start, line.end) for line in lines] if rule.scope == "line" else [(block.start, block.end)]
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
_HAS_LETTER = regex.compile(r"\p{L}")
# bullets, arrows, brackets and punctuation that menus and captions wrap around a line
_EDGE_MARKS = " »«›‹>→•·|-–—*#:;,.!?…()[]{}\"'“”‘’"


def _fold(text: str) -> str:
    """Compare lines regardless of case, punctuation and spacing."""
    return _FOLD_PUNCT.sub(" ", text.casefold()).strip()


def title_echo(doc: Document, ctx) -> None:
    """The headline again further down, often in Title Case ("Sale Signals Ev Strategy").
    The headline is what is kept of the title line once the phrase rules ran, so that
    cleaning clean output finds the same headline."""
    if not ctx.config.is_enabled("boilerplate.title_echo") or doc.title_line is None:
        return
    title = doc.kept_text(doc.title_line.start, doc.title_line.end)
    folded = _fold(title)
    if not folded:
        return
    for block in doc.blocks:
        for line in block.lines:
            if line.start == doc.title_line.start:
                continue
            kept = doc.kept_text(line.start, line.end)
            # only lines about the title's length can echo it; fold just those
            if abs(len(kept) - len(title)) > 10 or _fold(kept) != folded:
                continue
            doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.title_echo",
                       reason="the headline repeated in the body", evidence=title[:200])


# Shorter lines repeat legitimately (table headers, list labels); menus that repeat are
# found by the menu-run detector instead.
REPEATED_MIN_WORDS = 4


def repeated_lines(doc: Document, ctx) -> None:
    """A line that stands again later in the document: captions, headlines, widgets.
    The first occurrence stays; later ones go. Lines made only of punctuation or numbers
    are not compared (table rows, separators)."""
    if not ctx.config.is_enabled("boilerplate.repeated_line"):
        return
    first_seen: dict[str, int] = {}
    for block in doc.blocks:
        for line in block.lines:
            key = " ".join(doc.kept_text(line.start, line.end).casefold().split()).strip(_EDGE_MARKS)
            if (not _HAS_LETTER.search(key) or structure.word_weight(key) < REPEATED_MIN_WORDS
                    or structure.is_list_item(doc.line_text(line))):
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
