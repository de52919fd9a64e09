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
    related_box(doc, ctx)
    title_echo(doc, ctx)
    repeated_lines(doc, ctx)
    name_then_bio(doc, ctx)
    _recurring_lines(doc, ctx)
    # Line shapes stand in for markup the text has lost; HTML input has been cut by its
    # markup already, which is the better evidence (and the pass cost HTML input F1).
    if ctx.config.is_enabled("boilerplate.structure") and doc.input_format != "html":
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


# Character references: the repair stage decodes them, so a second cleaning sees "&" where
# the first saw "&amp;"; comparing without them keeps the two cleanings alike.
_CHARACTER_REFERENCE = regex.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", regex.IGNORECASE)


def _fold(text: str) -> str:
    """Compare lines regardless of case, punctuation, character references and spacing."""
    return _FOLD_PUNCT.sub(" ", _CHARACTER_REFERENCE.sub(" ", text).casefold()).strip()


# What separates a headline from the site's name in a page title: "Headline - Site",
# "Headline | Section | Site", "Site :: Headline".
_TITLE_SEPARATOR = regex.compile(r"\s+(?:[|–—·•»]|-|::)\s+")
SITE_NAME_WORDS = 5     # a site or section name in a page title is this short
HEADLINE_MIN_WORDS = 3  # ... and what is left of the title must still read as a headline


def title_echo(doc: Document, ctx) -> None:
    """The headline again further down, often in Title Case ("Sale Signals Ev Strategy").

    The headline is what is kept of the title line once the phrase rules ran, so that
    cleaning clean output finds the same headline. A page's first line is often its title,
    the headline with the site's name ("Headline - Site", "Headline | Section | Site"); the
    page then shows the headline again above the article. The headline is kept once, on
    the title line, without the site's name: the name goes, and so do the later echoes."""
    if not ctx.config.is_enabled("boilerplate.title_echo") or doc.title_line is None:
        return
    title_line = doc.title_line
    title = doc.kept_text(title_line.start, title_line.end)
    if not _fold(title):
        return
    # the site's name is cut by offsets, so only from a title line no rule touched
    untouched = doc.line_text(title_line) == title
    candidates = _headline_candidates(title) if untouched else [(title, 0, len(title))]
    folded: dict[str, tuple[int, int]] = {}
    for text, start, end in candidates:
        if _fold(text):
            folded.setdefault(_fold(text), (start, end))
    shortest = min(len(f) for f in folded) - 10
    longest = max(end - start for _, start, end in candidates) + 10
    echoes, headline = [], None
    for block in doc.blocks:
        for line in block.lines:
            if line.start == title_line.start or doc.is_removed(line.start, line.end):
                continue
            kept = doc.kept_text(line.start, line.end)
            # only lines about the length of a headline candidate can echo it; fold just those
            # (the kept text's length: a phrase rule may have cut the rest of the line)
            if not shortest <= len(kept) <= longest:
                continue
            span = folded.get(_fold(kept))
            if span is None or (headline is not None and span != headline):
                continue
            headline = span
            echoes.append((block, line))
    if headline is None and untouched:
        headline = _site_name_trimmed(title)
    if headline is not None and headline != (0, len(title)):
        offset = title_line.start
        doc.remove(offset, offset + headline[0], rule="boilerplate.site_name",
                   reason="the site's name before the headline in the page title", evidence=title[:200])
        doc.remove(offset + headline[1], title_line.end, rule="boilerplate.site_name",
                   reason="the site's name after the headline in the page title", evidence=title[:200])
        doc.metadata["title"] = title[headline[0]:headline[1]]
    for block, line in echoes:
        doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.title_echo",
                   reason="the headline repeated in the body", evidence=title[:200])


def _headline_candidates(title: str) -> list[tuple[str, int, int]]:
    """The whole title and each part of it that a separator cuts off a short site or
    section name from, with their (start, end) in the title."""
    out = [(title, 0, len(title))]
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    for m in cuts:
        head, tail = title[:m.start()], title[m.end():]
        if word_count(tail) <= SITE_NAME_WORDS * 2 and word_count(head) >= HEADLINE_MIN_WORDS:
            out.append((head, 0, m.start()))
        if word_count(head) <= SITE_NAME_WORDS and word_count(tail) >= HEADLINE_MIN_WORDS:
            out.append((tail, m.end(), len(title)))
    return out


_DOMAIN = regex.compile(r"\b[\w-]+\.(?:[a-z]{2,6})$", regex.IGNORECASE)


def _site_name_trimmed(title: str) -> tuple[int, int] | None:
    """Where the headline ends when the page title closes with short segments after " | "
    ("Headline | World | News | Express.co.uk") or with a domain ("Headline - Site.com"):
    separators a headline itself seldom holds. None when there is nothing to trim."""
    end = len(title)
    for m in reversed(list(_TITLE_SEPARATOR.finditer(title))):
        segment = title[m.end():end]
        if word_count(segment) > SITE_NAME_WORDS or word_count(title[:m.start()]) < HEADLINE_MIN_WORDS:
            break
        if m.group().strip() != "|" and not _DOMAIN.search(segment.strip()):
            break
        end = m.start()
    return (0, end) if end < len(title) else None


# Shorter lines repeat legitimately (table headers, list labels); menus that repeat are
# found by the menu-run detector instead.
REPEATED_MIN_WORDS = 4


TABLE_HEADER_REPEATS = 3   # a short line seen this often heads the rows of a table or list
TABLE_HEADER_WORDS = 8
LIST_ITEM_WORDS = 15       # items of a list repeated together are this short


def repeated_lines(doc: Document, ctx) -> None:
    """A line that stands again later in the document: captions, headlines, widgets.
    The first occurrence stays; later ones go. Lines made only of punctuation or numbers
    are not compared (table rows, separators), nor are the repeats that are the page's
    structure rather than its dirt: a short line seen again and again (a table's header
    over each table) and a run of lines repeated together (the same feature list under
    two products)."""
    if not ctx.config.is_enabled("boilerplate.repeated_line"):
        return
    keys = [(block, line, _repeat_key(doc, line)) for block in doc.blocks for line in block.lines]
    counts: dict[str, int] = {}
    for _, _, key in keys:
        if key:
            counts[key] = counts.get(key, 0) + 1
    first_seen: dict[str, int] = {}
    for k, (block, line, key) in enumerate(keys):
        if not key:
            continue
        if key not in first_seen:
            first_seen[key] = line.start
            continue
        if doc.is_removed(line.start, line.end):
            continue
        if counts[key] >= TABLE_HEADER_REPEATS and structure.word_weight(key) <= TABLE_HEADER_WORDS:
            continue
        if _repeated_neighbour(keys, k, first_seen):
            continue
        doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.repeated_line",
                   reason="a line repeated from earlier in the document",
                   evidence=f"first seen at offset {first_seen[key]}")


def _repeat_key(doc: Document, line) -> str:
    """The line folded for comparison, or "" when it is too short or not text."""
    key = " ".join(doc.kept_text(line.start, line.end).casefold().split()).strip(_EDGE_MARKS)
    if (not _HAS_LETTER.search(key) or structure.word_weight(key) < REPEATED_MIN_WORDS
            or structure.is_list_item(doc.line_text(line))):
        return ""
    return key


def _repeated_neighbour(keys, k: int, first_seen: dict[str, int]) -> bool:
    """True when the k-th line and the line before or after it are short and also repeat
    an earlier pair: a repeated run of items, not a lone caption. (Teasers repeated in two
    boxes pair a headline with a paragraph-long summary and stay repeats.)"""
    if structure.word_weight(keys[k][2]) > LIST_ITEM_WORDS:
        return False
    for j in (k - 1, k + 1):
        key = keys[j][2] if 0 <= j < len(keys) else ""
        if key and key != keys[k][2] and key in first_seen and first_seen[key] != keys[j][1].start \
                and structure.word_weight(key) <= LIST_ITEM_WORDS:
            return True
    return False


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
    """When most of the text would vanish, undo removals rather than return a gutted text,
    and say so in a warning.

    Each layer is measured against the text it reads. The phrase rules of the packs (and
    the metadata lines) read the whole text: when they alone would remove more than the
    limit, only the metadata removals stay. The structural detectors and the language
    stage read what the phrase rules left: when they would remove more than the limit of
    that, their removals are undone and the phrase rules' stay. Cleaning the output again
    reads the same texts and decides the same way, so the guard keeps cleaning idempotent."""
    limit = ctx.config.max_removed_share
    if limit >= 1.0 or removed_share(doc) <= limit:
        return   # below the limit overall means below it in each layer too
    pack_rules = {r.id for r in ctx.packs.all_rules()}

    def conservative(r) -> bool:
        return r.rule in pack_rules or r.rule.startswith("metadata.")

    total = _visible(doc.source)
    phrase = sum(_visible(r.text) for r in doc.removed if conservative(r))
    rest = sum(_visible(r.text) for r in doc.removed if not conservative(r))
    if phrase > limit * total:
        doc.undo_removals(lambda r: r.rule.startswith("metadata."))
        doc.warn("over_removal_guard", f"the phrase rules would have removed {phrase / total:.0%} of the "
                                       f"text (limit {limit:.0%}); only the metadata lines were removed")
    elif rest > limit * (total - phrase):
        doc.undo_removals(conservative)
        doc.warn("over_removal_guard", f"the structural detectors would have removed "
                                       f"{rest / (total - phrase):.0%} of what the phrase rules left "
                                       f"(limit {limit:.0%}); only the phrase rules' removals were kept")


def _visible(text: str) -> int:
    """Visible characters, a character reference ("&amp;") counting as the one character the
    repair stage makes of it, so that cleaning the output again measures the same."""
    text = _CHARACTER_REFERENCE.sub("&", text)
    return len(text) - text.count(" ") - text.count("\n")


def removed_share(doc: Document) -> float:
    """The share of the document's visible characters that its removals take, a character
    reference ("&amp;") counting as the one character the repair stage makes of it: cleaning
    the output again then measures the same share, and the guard decides the same way."""
    total = _visible(doc.source)
    if not total:
        return 0.0
    kept = sum(_visible(doc.source[s:e]) for s, e in doc.kept_spans(0, len(doc.source)))
    return 1.0 - kept / total


# -- the links under a related heading -------------------------------------------------------
# A heading such as "Most read", "More from Example" or "Read this next" opens a box of links
# to other articles: titles, each perhaps with its author, its date and a line of summary.
# The phrase rules name the heading; the box under it has no vocabulary, only a shape.
BOX_HEADING_RULES = ("boilerplate.related_links", "boilerplate.related_links.heading")
BOX_TITLE_WORDS = 16     # a teaser's title, author or date line is this short ...
BOX_SUMMARY_WORDS = 45   # ... and a teaser's summary no longer than this
BOX_MAX_LINES = 40       # a box holds at most this many lines
_ENDS_LIKE_A_SENTENCE = regex.compile(r"""[.!:;]['"”’»)\]]*$""")
_TRUNCATED = regex.compile(r"""(?:…|\.\.\.)['"”’»)\]]*$""")


def related_box(doc: Document, ctx) -> None:
    """The teasers under a related or most-read heading: title-like lines, and summaries
    that are cut short ("…") or followed by another title. The box ends at the first line
    that is neither, so an article that resumes after the box keeps its paragraphs."""
    if not ctx.config.is_enabled("boilerplate.related_links.box"):
        return
    lines = [(block, line) for block in doc.blocks for line in block.lines]
    headings = _box_headings(doc, lines)
    for k in headings:
        heading = doc.line_text(lines[k][1]).strip()
        for block, line in _box_lines(doc, lines, k + 1):
            doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.related_links.box",
                       reason="a link to another article in the box under a related heading",
                       evidence=heading[:200])


def _box_headings(doc: Document, lines) -> list[int]:
    """Indexes of the lines a related-heading rule removed whole."""
    starts = {r.start for r in doc.removed if r.rule in BOX_HEADING_RULES}
    return [k for k, (_, line) in enumerate(lines)
            if any(line.start <= s < line.end for s in starts) and not doc.kept_text(line.start, line.end).strip()]


def _box_title(text: str) -> bool:
    """A teaser's title, author or date: short, and not ending like a sentence."""
    return 0 < word_count(text) <= BOX_TITLE_WORDS and not _ENDS_LIKE_A_SENTENCE.search(text)


def _box_lines(doc: Document, lines, i: int) -> list:
    """The kept lines of the box that starts at line i; removed lines inside it are passed."""
    taken, seen_title = [], False
    for j in range(i, min(len(lines), i + BOX_MAX_LINES)):
        block, line = lines[j]
        text = doc.kept_text(line.start, line.end).strip()
        if not text:
            continue
        if _box_title(text):
            taken.append((block, line))
            seen_title = True
        elif seen_title and word_count(text) <= BOX_SUMMARY_WORDS and (
                _TRUNCATED.search(text) or _next_kept_is_title(doc, lines, j + 1)):
            taken.append((block, line))
        else:
            break
    return taken


def _next_kept_is_title(doc: Document, lines, j: int) -> bool:
    for _, line in lines[j:j + BOX_MAX_LINES]:
        text = doc.kept_text(line.start, line.end).strip()
        if text:
            return _box_title(text)
    return False
