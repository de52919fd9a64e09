"""Stage 4, boilerplate: phrase rules from the packs, then structural detectors.

Phrase rules run first and on the raw blocks, before any smoothing by context, so that
what a rule says it removed is exactly what its pattern saw. Structural detectors then
catch what no phrase names: the headline echoed in Title Case, a line repeated further
down (captions), an author's name line followed by the author's biography.
"""
from __future__ import annotations

import regex

from . import render, segment, structure
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
    """Corpus mode: when the configuration names a learned line table (extra key
    "line_table", and optionally "site"), drop the lines it says recur across the site."""
    extra = dict(ctx.config.extra)
    path = extra.get("line_table")
    if not path or not ctx.config.is_enabled("boilerplate.recurring_line"):
        return
    from . import corpus
    corpus.drop_recurring_lines(doc, corpus.load_table(path), extra.get("site", "*"))


# -- phrase rules ------------------------------------------------------------------------
def apply_phrase_rules(doc: Document, ctx, block_zones: list[str]) -> None:
    config, packs = ctx.config, ctx.packs
    timeout = config.regex_timeout
    for block, zone in zip(doc.blocks, block_zones):
        language = block.language if block.language in packs.by_language else doc.language
        prefilter = packs.prefilter(language)
        if prefilter is None:
            continue
        try:
            if not prefilter.search(doc.source, block.start, block.end, timeout=timeout):
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
                matches = list(rule.finditer(doc.source, timeout=timeout, pos=block.start, endpos=block.end))
            except TimeoutError:
                doc.warn("regex_timeout", f"rule {rule.id} ({rule.source}) timed out after "
                                          f"{timeout:g} s on the block at {block.start}; skipped there")
                continue
            for m in matches:
                if m.end() == m.start():
                    continue
                _apply_match(doc, block, rule, m)


def _apply_match(doc: Document, block: Block, rule, m) -> None:
    start, end = _scope_span(doc, block, rule.scope, m.start(), m.end())
    if start is None:
        return
    if rule.max_words and word_count(doc.source[start:end]) > rule.max_words:
        return
    if rule.scope in ("line", "block"):
        end = _through_newline(doc, block, end)
    doc.remove(start, end, rule=rule.id, reason=rule.reason, evidence=m.group()[:200])


def _scope_span(doc: Document, block: Block, scope: str, mstart: int, mend: int):
    if scope == "span":
        return mstart, mend
    if scope == "block":
        return block.start, block.end
    line = next((ln for ln in block.lines if ln.start <= mstart < ln.end), None)
    if line is None:
        return None, None
    if scope == "line":
        return line.start, line.end
    for s, e in segment.sentences(doc.source[line.start:line.end], line.start):
        if s <= mstart < e:
            # a pattern that runs past the end of its sentence claims the next ones too
            while e < mend:
                nxt = [(s2, e2) for s2, e2 in segment.sentences(doc.source[line.start:line.end], line.start)
                       if s2 >= e]
                if not nxt:
                    e = line.end
                    break
                e = nxt[0][1]
            return s, e
    return line.start, line.end


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
            if _fold(doc.line_text(line)) != folded:
                continue
            if not seen_title:
                seen_title = True
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
            key = _fold(doc.line_text(line))
            if (not regex.search(r"\p{L}", key) or structure.word_weight(key) < REPEATED_MIN_WORDS
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
                for m in rule.finditer(doc.source, timeout=1.0, pos=block.start, endpos=block.end):
                    if m.end() > m.start():
                        _apply_match(doc, block, rule, m)
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
