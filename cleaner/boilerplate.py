"""Stage 4, boilerplate: phrase rules from the packs, then structural detectors.

Phrase rules run first and on the raw blocks, before any smoothing by context, so that
what a rule says it removed is exactly what its pattern saw. Structural detectors then
catch what no phrase names: the headline echoed in Title Case, a line repeated further
down (captions), an author's name line followed by the author's biography.
"""
from __future__ import annotations

import heapq
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import partial

import regex

from . import segment, structure
from .keywords import ANYWHERE
from .model import CUT, UNCUT, Block, Document

# -- zones -------------------------------------------------------------------------------
HEAD_SHARE = 0.15   # blocks starting in the first 15% of the text are in the head zone
TAIL_SHARE = 0.75   # blocks starting after 75% of the text are in the tail zone
HEAD_BLOCKS = 2     # and always the first two blocks, the last three, however long the text
TAIL_BLOCKS = 3

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")


_ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")     # _WORD on ASCII text


def word_count(text: str) -> int:
    """Words: runs of letters and digits, with inner apostrophes and hyphens."""
    if text.isascii():      # most text; the stdlib's engine is faster on an ASCII pattern
        return len(_ASCII_WORD.findall(text))
    return len(_WORD.findall(text))


def _more_words_than(text: str, limit: int) -> bool:
    """word_count(text) > limit, not counted when the text is too short to hold that many
    words: a word is at least one character, and a character that is not part of a word
    separates it from the next, so n words take at least 2n - 1 characters."""
    return len(text) > 2 * limit and word_count(text) > limit


# Bytes of UTF-8 text other than ASCII letters, digits and white space, deleted by _fewest_words
_NOT_ASCII_WORD_OR_SPACE = bytes(c for c in range(256)
                                 if not (c < 128 and chr(c).isalnum()) and c not in b" \t\n\r\x0b\x0c")


def _fewest_words(text: str) -> int:
    """A lower bound of word_count(text), at C speed: the pieces of the text between ASCII
    white space that hold an ASCII letter or digit. Each holds a word (the letter is part of
    one), and no word runs across white space. Other letters are not looked for: a piece of
    them alone is not counted, which only lowers the bound."""
    return len(text.encode().translate(None, _NOT_ASCII_WORD_OR_SPACE).split())


def zones(doc: Document) -> list[str]:
    """'head', 'tail' or 'body' for each block, from its position in the document: a block
    is in the head when it is one of the first HEAD_BLOCKS or starts before HEAD_SHARE of
    the text, in the tail when one of the last TAIL_BLOCKS or starting after TAIL_SHARE.
    Blocks follow each other (Document.blocks), so the head is a run of blocks from the
    first and the tail a run up to the last, each found by bisection."""
    n, size = len(doc.blocks), max(len(doc.source), 1)
    starts = [block.start for block in doc.blocks]
    head = max(min(HEAD_BLOCKS, n), bisect_left(starts, HEAD_SHARE * size))
    tail = max(head, min(n - TAIL_BLOCKS, bisect_right(starts, TAIL_SHARE * size)))
    return ["head"] * head + ["body"] * (tail - head) + ["tail"] * (n - tail)


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
    """Apply the packs' rules to each block, narrow scopes first. A rule meets only its
    candidate lines (see _Candidates), so most blocks meet no rule at all."""
    config, packs = ctx.config, ctx.packs
    timeout = config.regex_timeout
    found = _Candidates(doc, packs)
    sentences: dict[int, list[tuple[int, int]]] = {}
    plans: dict[tuple[str, str], tuple] = {}
    if packs.unfiltered:
        candidates = range(len(doc.blocks))
    else:
        candidates = sorted(found.hits.keys() | found.cut_before.keys())
    for b in candidates:
        block, zone = doc.blocks[b], block_zones[b]
        plan = plans.get((block.language, zone))
        if plan is None:
            plan = plans[block.language, zone] = _plan(packs, config, block.language, zone)
        _apply_to_block(doc, block, b, plan, found, timeout, sentences)


def _plan(packs, config, language: str, zone: str) -> tuple[list, dict[int, int], tuple[int, ...], frozenset]:
    """The rules a block of this language in this zone meets, in order, each one's rank in
    that order by id(rule), the ranks of the block rules whose keywords the scan may not
    find where `weak` does, and the ids of the other block rules (_found_by_scan). Kept on
    the pack set for the next documents (the pack set and the configuration are immutable)."""
    key = (config, language, zone)
    try:
        plan = packs.plans.get(key)
    except TypeError:               # a configuration holding a list: not kept
        return _make_plan(packs, config, language, zone)
    if plan is None:
        if len(packs.plans) >= MAX_PLANS:   # many configurations over one pack set
            packs.plans.clear()
        plan = packs.plans[key] = _make_plan(packs, config, language, zone)
    return plan


MAX_PLANS = 1024


def _make_plan(packs, config, language: str, zone: str) -> tuple[list, dict[int, int], tuple[int, ...], frozenset]:
    """_plan, worked out."""
    order = [rule for rule in packs.rules_for(language)
             if config.is_enabled(rule.id) and (rule.where == "anywhere" or rule.where == zone)]
    scanned = frozenset(id(rule) for rule in order if rule.scope == "block" and _found_by_scan(rule))
    return (order, {id(rule): rank for rank, rule in enumerate(order)},
            tuple(rank for rank, rule in enumerate(order) if rule.scope == "block" and id(rule) not in scanned),
            scanned)


def _found_by_scan(rule) -> bool:
    """True for a block rule whose prefilter is its keywords anywhere, none of them starting
    with white space or holding a newline: the lines the scan files it under are then those
    that _Candidates.weak names it for (a keyword ending in a line lies within the line, and
    the scan and `weak` read the same characters there). Such a rule is queued from the
    start in any block where a cut line could bring it back, so no cut line needs to."""
    keywords = rule.keywords
    return (keywords is not None and rule.prefilter == tuple(sorted((k, ANYWHERE) for k in keywords))
            and all(k[:1].strip() and "\n" not in k for k in keywords))


def _apply_to_block(doc: Document, block: Block, b: int, plan, found, timeout: float | None,
                    sentences: dict) -> None:
    """Apply each candidate rule to its candidate lines of the b-th block, in rule order.
    A line that a rule cuts into is read afresh by the next rules: it becomes a candidate
    for the rules its keywords name, wherever they stand in it (a line rule may then see
    "Share" left of "All rights reserved. Share")."""
    order, rank, _, _ = plan
    hits, cut_before = found.hits.get(b, {}), found.cut_before.get(b)
    if cut_before or found.unfiltered:
        if cut_before:
            queue = list(range(len(order)))
            gone = {i for i in cut_before if doc.is_removed(block.lines[i].start, block.lines[i].end)}
        else:
            queue = sorted([rank[key] for key in hits if key in rank] +
                           [rank[key] for key in found.unfiltered if key in rank])
            gone, cut_before = set(), set()
        _take_turns(doc, block, b, plan, found, timeout, sentences, queue, -1, set(), gone, cut_before)
        return
    # Most blocks: nothing cut into them before, and no rule reads every line. The rules
    # their lines' keywords name read the lines as the scan found them, one after the
    # other, until one cuts into a line; the later rules then take their turns as
    # _take_turns has them (which would do the same as this loop, with more bookkeeping).
    queue = sorted([rank[key] for key in hits if key in rank])
    removed = doc.removed
    for n, r in enumerate(queue):
        rule = order[r]
        chosen = hits[id(rule)]
        count = len(removed)
        if len(chosen) > 1:
            chosen = sorted(chosen)
        if rule.scope == "line":        # most rules: called directly, a call the fewer
            whole = _apply_line_rule(doc, block, rule, chosen, _NONE, _NONE, _NONE, timeout)
        else:
            whole = _apply_one(doc, block, b, rule, chosen, _NONE, _NONE, _NONE, found, timeout, sentences)
        if len(removed) > count:
            later, cut, gone = queue[n + 1:], set(), set()      # a sorted list is a heap
            _note_cuts(doc, block, b, plan, found, later, r, cut, gone, _NONE, whole, count)
            _take_turns(doc, block, b, plan, found, timeout, sentences, later, r, cut, gone, _NONE)
            return


_NONE: frozenset = frozenset()      # no lines


def _take_turns(doc: Document, block: Block, b: int, plan, found, timeout: float | None, sentences: dict,
                queue: list[int], done: int, cut: set[int], gone: set[int], cut_before) -> None:
    """_apply_to_block's rules, from the heap of the ranks in the plan of the rules still to
    come (after the `done`-th): each reads its candidate lines, the lines rules of this
    stage cut into (`cut`) and those cut into before it (`cut_before`), but not the lines
    with nothing left (`gone`), which only block rules read."""
    order, rank, _, scanned = plan
    hits = found.hits.get(b, {})
    unfiltered = found.unfiltered
    removed = doc.removed
    while queue:
        r = heapq.heappop(queue)
        if r <= done:
            continue
        done = r
        rule = order[r]
        key = id(rule)
        if key in unfiltered:
            chosen = range(len(block.lines))
        else:
            chosen = hits.get(key, ())
            if cut and key not in scanned:      # (a block rule found by the scan reads its hits again)
                # a line that lost everything is left to block rules: the others read nothing there
                again = {i for i in cut if (rule.scope == "block" or i not in gone) and key in found.weak(b, i)}
                chosen = {i for i in chosen if i not in cut} | again
            if cut_before:
                chosen = set(chosen) | cut_before
            if not chosen:
                continue
            chosen = sorted(chosen)
        count = len(removed)
        whole = _apply_one(doc, block, b, rule, chosen, cut, cut_before, gone, found, timeout, sentences)
        if len(removed) > count:
            _note_cuts(doc, block, b, plan, found, queue, done, cut, gone, cut_before, whole, count)


def _apply_one(doc: Document, block: Block, b: int, rule, chosen, cut, cut_before, gone, found,
               timeout: float | None, sentences: dict) -> Sequence[int]:
    """Apply one rule to the chosen lines of the b-th block. Returns the untouched lines a
    line rule removed whole (see _apply_line_rule), else nothing."""
    if rule.scope == "line":
        return _apply_line_rule(doc, block, rule, chosen, cut, cut_before, gone, timeout)
    lines = _worth_reading(doc, block, b, rule, chosen, cut, cut_before, gone, found, timeout)
    if lines:
        try:
            _apply_rule(doc, block, rule, timeout, lines, sentences)
        except TimeoutError:
            doc.warn("regex_timeout", f"rule {rule.id} ({rule.source}) timed out after "
                                      f"{timeout:g} s on the block at {block.start}; skipped there")
    return ()


def _note_cuts(doc: Document, block: Block, b: int, plan, found, queue: list[int], done: int,
               cut: set[int], gone: set[int], cut_before, whole: Sequence[int], count: int) -> None:
    """After the `done`-th rule of the plan removed doc.removed[count:]: add the lines it cut
    into to `cut` (and to `gone` when nothing is left of them), and put back on the queue
    the later rules that may now read them."""
    _, rank, block_ranks, _ = plan     # (the block rules not found by the scan)
    removed = doc.removed
    if whole and len(removed) == count + len(whole):
        # untouched lines removed whole, and nothing else: each is cut and gone, and
        # only a later block rule may read it again (what the walk below finds)
        later_block_rule = any(r > done for r in block_ranks)
        for i in whole:
            cut.add(i)
            gone.add(i)
            if later_block_rule:
                _reschedule(queue, found.weak(b, i), rank, done)
        return
    for i in _lines_cut(block, removed[count:]):
        if doc.is_removed(block.lines[i].start, block.lines[i].end):
            gone.add(i)
        if i in cut or i in cut_before:
            continue
        cut.add(i)
        if i in gone and not any(r > done for r in block_ranks):
            continue        # nothing left that a later rule could read
        _reschedule(queue, found.weak(b, i), rank, done)


def _reschedule(queue: list[int], rule_ids, rank: dict[int, int], done: int) -> None:
    """Put back on the queue the rules of the plan after the `done`-th among `rule_ids`."""
    for later in rule_ids:
        later_rank = rank.get(later)
        if later_rank is not None and later_rank > done:
            heapq.heappush(queue, later_rank)


# A line rule's words are counted before its pattern is tried only on lines longer than this
# many characters per word of its max_words: shorter ones mostly have fewer words (about six
# characters a word in prose), and the count would cost more than the searches it spares.
LONG_LINE_CHARS_PER_WORD = 5

# The regex module reads keyword arguments slowly (a microsecond a call, as long as a
# short match takes), so the hot calls pass the timeout by position: match or search
# (string, pos, endpos, concurrent, partial, timeout). A test checks that it is honoured.


def _apply_line_rule(doc: Document, block: Block, rule, chosen, cut, cut_before, gone, timeout) -> list[int]:
    """A line rule on the chosen lines, in order, as _apply_to_kept_text applies it. An
    untouched line is its own kept text: the rule is tried on it once, and its match is
    the one _apply_to_kept_text would find (for ^ rules, `match` finds the same match as
    `search`: every match starts at the line's start). Returns the untouched lines it
    removed: each one whole, in one record."""
    lines, source = block.lines, doc.source
    whole: list[int] = []
    find = rule.compiled.match if rule.at_line_start else rule.compiled.search
    max_words = rule.max_words
    long_line = LONG_LINE_CHARS_PER_WORD * max_words
    touched = cut or cut_before
    for i in chosen:
        line = lines[i]
        if touched and (i in cut or i in cut_before):
            if i not in gone:
                _apply_to_kept_text(doc, block, rule, timeout, [line])
            continue
        kept = source[line.start:line.end].strip()       # as doc.kept_text has it
        # a match on a line of more words would be left alone: no need to look for one
        if max_words and len(kept) > long_line and _fewest_words(kept) > max_words:
            continue
        try:
            m = find(kept, None, None, None, False, timeout)    # the timeout by position
        except TimeoutError:
            _apply_to_kept_text(doc, block, rule, timeout, [line])   # which reports it
            continue
        if m is None or m.end() == m.start() or not kept.strip():
            continue
        if rule.max_words and _more_words_than(kept, rule.max_words):
            continue
        if doc.remove(line.start, _through_newline(doc, block, line.end), rule=rule.id, reason=rule.reason,
                      evidence=m.group()[:200]):
            whole.append(i)
    return whole


def _worth_reading(doc: Document, block: Block, b: int, rule, chosen, cut, cut_before, gone, found,
                   timeout) -> list:
    """The chosen lines on which the rule can do something: a block rule reads them all; a
    narrower rule skips lines with nothing left, and untouched lines it cannot match.

    A line or span rule reads an untouched line whole: no match in it, nothing to do. A
    sentence rule reads each sentence on to the end of the line, so a pattern that finds
    nothing in the whole line finds nothing from any sentence's start, unless it reads what
    precedes its match (^, a lookbehind). Those patterns, when they start with ^, can only
    match at a sentence's start, where the scan saw one of their heads (found.at_sentence_start);
    otherwise the rule reads every chosen line."""
    lines = block.lines
    if rule.scope == "block":
        return [lines[i] for i in chosen]
    source = doc.source
    if rule.scope != "sentence" or not rule.reads_behind:
        # patterns that all start with ^ can only match where the line starts
        search = rule.compiled.match if rule.at_line_start else rule.compiled.search
        at_heads = ()
    elif rule.floating is not None:
        search = rule.floating.search if rule.floating else None
        at_heads = found.at_sentence_start.get(b, {}).get(id(rule), ())
    else:
        search, at_heads = None, None
    out = []
    for i in chosen:
        line = lines[i]
        if i in cut or i in cut_before:
            if i not in gone:
                out.append(line)
            continue
        if at_heads is not None and i not in at_heads:
            try:
                if search is None or search(source[line.start:line.end], None, None, None, False,
                                            timeout) is None:
                    continue
            except TimeoutError:
                pass        # the rule itself meets the line, and reports the timeout
        out.append(line)
    return out


def _lines_cut(block: Block, removals) -> set[int]:
    """Indices of the block's lines that the removals overlap."""
    starts = [line.start for line in block.lines]
    out = set()
    for removal in removals:
        i = max(bisect_right(starts, removal.start) - 1, 0)
        while i < len(starts) and starts[i] < removal.end:
            if block.lines[i].end > removal.start:
                out.add(i)
            i += 1
    return out


_NOWHERE = (-1, -1, -1, -1)


def _line_holding(blocks, block_starts: list[int], offset: int) -> tuple[int, int, int, int]:
    """(line start, line end, block index, line index) of the line holding the offset;
    all -1 when no line holds it."""
    b = bisect_right(block_starts, offset) - 1
    if b >= 0:
        lines = blocks[b].lines
        i = bisect_right(lines, offset, key=_START) - 1     # the last line starting by then
        if i >= 0:
            line = lines[i]
            if offset < line.end:
                return line.start, line.end, b, i
    return _NOWHERE


def _is_word_char(char: str) -> bool:
    """True for letters, decimal digits and "_": characters the regex module's \\w matches
    (it matches a few more, marks for one, which this test calls non-word: a keyword after
    one is still let through, which is the safe side)."""
    return char.isalpha() or char.isdecimal() or char == "_"


# What segment.sentences ends a sentence with: . ! ? … or their CJK forms, then closing
# quotes or brackets, then white space (the CJK forms need no space after them).
_SENTENCE_ENDS = ".!?…。！？"
_SENTENCE_CLOSERS = "'\"”’»)]"
_CJK_SENTENCE_ENDS = "。！？"


def _may_start_a_sentence(source: str, position: int, line_start: int) -> bool:
    """False when segment.sentences cannot start a sentence at `position` of the line that
    starts at line_start: it is not after white space that follows a sentence's end."""
    before = source[position - 1]
    if before in _CJK_SENTENCE_ENDS:
        return True
    if not before.isspace():
        return False
    j = position - 1
    while j > line_start and source[j].isspace():
        j -= 1
    char = source[j]
    return char in _SENTENCE_ENDS or char in _SENTENCE_CLOSERS


_LEADING_SPACE = re.compile(r"\n[^\S\n]+")


def _as_newlines(match) -> str:
    return "\n" * len(match.group())


# The tables of _Candidates: {block index: {rule id: line indices}}, filled in where a hit
# lands (read with .get only, so that nothing is added by reading)
_LINES_BY_RULE = partial(defaultdict, set)


class _Candidates:
    """Which lines of which blocks each rule meets.

    A line nothing has cut into is read by a rule as it stands, and the rule's prefilter
    (cleaner.keywords.rule_prefilter) must admit it: one of the rule's keywords at its
    place (at the line's start, at a word's start, or anywhere). All prefilters are found
    in one Aho-Corasick pass over the casefolded text.

    A line something cut into reads differently: a line an earlier stage cut into (a
    dateline) meets every rule, and a line a rule of this stage cut into meets the rules
    one of whose keywords it holds anywhere (`weak`, found when first asked for)."""

    def __init__(self, doc: Document, packs) -> None:
        self.doc, self.packs = doc, packs
        self.unfiltered = packs.unfiltered
        self.block_starts = [block.start for block in doc.blocks]
        # {block index: {id(rule): indices of its candidate lines}}; blocks without any absent
        self.hits: dict[int, dict[int, set[int]]] = defaultdict(_LINES_BY_RULE)
        # the same for the keywords that must start a sentence, apart
        self.at_sentence_start: dict[int, dict[int, set[int]]] = defaultdict(_LINES_BY_RULE)
        self.folded = doc.casefolded()
        # casefolding may change lengths (ß -> ss): offsets then no longer line up, and each
        # line is folded and scanned on its own
        self.aligned = len(self.folded) == len(doc.source)
        if self.aligned:
            self._scan_text()
        else:
            self._scan_lines()
        self.cut_before = self._lines_cut_before()
        self._weak: dict[tuple[int, int], frozenset] = {}

    @staticmethod
    def _file(table: dict, placed) -> None:
        """File each (block, line, rule ids) in `placed`: table[block][rule id] holds the
        lines where that rule's keywords stand."""
        for b, i, rule_ids in placed:
            lines_by_rule = table[b]
            for key in rule_ids:
                lines_by_rule[key].add(i)

    def _scan_text(self) -> None:
        """Place each prefilter hit of the whole casefolded text on its line, and file it
        when it stands where its rules want it (filed in bulk at the end: the loop runs
        once per hit, thousands of times a document)."""
        source, blocks, block_starts = self.doc.source, self.doc.blocks, self.block_starts
        # one newline before the text and in place of the white space that starts a line
        # (same length): every line's start then follows a newline
        scanned = _LEADING_SPACE.sub(_as_newlines, "\n" + self.folded)
        languages = {block.language for block in blocks}
        placed: list[tuple[int, int, tuple]] = []        # (block, line, rule ids)
        heads_placed: list[tuple[int, int, tuple]] = []  # the same, at a sentence's start
        # the line that held the last offset placed: a line holding a keyword often holds
        # several, found one after the other, and this spares the search for its place
        held = _NOWHERE           # (line start, line end, block index, line index)
        for end, (length, at_line_start, at_sentence_start, at_word_start, anywhere) in \
                self.packs.prefilter_hits(scanned, languages):
            # `end` is an offset into `scanned`: the keyword is self.folded[start:end]
            start = end - length
            if at_line_start:       # a keyword after a newline: it stands for no other place
                if not held[0] <= start < held[1]:
                    held = _line_holding(blocks, block_starts, start)
                if held[0] == start:
                    placed.append((held[2], held[3], at_line_start))
                continue
            if at_sentence_start or at_word_start:
                if not held[0] <= start < held[1]:
                    held = _line_holding(blocks, block_starts, start)
                line_start, _, b, i = held
                if b >= 0:
                    if at_sentence_start and (start == line_start or
                                              _may_start_a_sentence(source, start, line_start)):
                        placed.append((b, i, at_sentence_start))
                        heads_placed.append((b, i, at_sentence_start))
                    if at_word_start and (start == line_start or not _is_word_char(source[start - 1])):
                        placed.append((b, i, at_word_start))
            if anywhere:
                end -= 1            # its last character
                if not held[0] <= end < held[1]:
                    held = _line_holding(blocks, block_starts, end)
                if held[2] >= 0:
                    placed.append((held[2], held[3], anywhere))
        self._file(self.hits, placed)
        self._file(self.at_sentence_start, heads_placed)

    def _scan_lines(self) -> None:
        source = self.doc.source
        for b, block in enumerate(self.doc.blocks):
            for i, line in enumerate(block.lines):
                scanned = "\n" + source[line.start:line.end].casefold()
                for _, (_, at_line_start, at_sentence_start, at_word_start, anywhere) in \
                        self.packs.prefilter_hits(scanned, (block.language,)):
                    self._file(self.hits, ((b, i, at_line_start + at_sentence_start + at_word_start + anywhere),))
                    self._file(self.at_sentence_start, ((b, i, at_sentence_start),))

    def _lines_cut_before(self) -> dict[int, set[int]]:
        """For each block, the lines that removals made before this stage overlap."""
        out: dict[int, set[int]] = {}
        blocks, block_starts = self.doc.blocks, self.block_starts
        for start, end in self.doc.removed_intervals():
            b = max(bisect_right(block_starts, start) - 1, 0)
            while b < len(blocks) and blocks[b].start < end:
                for i, line in enumerate(blocks[b].lines):
                    if line.start < end and line.end > start:
                        out.setdefault(b, set()).add(i)
                b += 1
        return out

    def weak(self, b: int, i: int) -> frozenset:
        """The rules one of whose keywords the i-th line of the b-th block holds anywhere
        (ending in it, in the casefolded text), and the rules without keywords."""
        found = self._weak.get((b, i))
        if found is None:
            line = self.doc.blocks[b].lines[i]
            if self.aligned:
                pairs = self.packs.keyword_hits_ending_in(self.folded, line.start, line.end)
            else:
                pairs = self.packs.keyword_hits(self.doc.source[line.start:line.end].casefold())
            found = frozenset().union(*[rule_ids for _, rule_ids in pairs])
            if self.packs.keywordless:
                found |= self.packs.keywordless
            self._weak[b, i] = found
        return found


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
    """The offset of the first kept character of source[start:end] that is not white space
    (as str.lstrip() has it), or None. Stepped over, not sliced: it is mostly the first."""
    source = doc.source
    for s, e in doc.kept_spans(start, end):
        while s < e and source[s].isspace():
            s += 1
        if s < e:
            return s
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
    if rule.max_words and _more_words_than(doc.kept_text(start, end), rule.max_words):
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
        if rule.max_words and _more_words_than(kept, rule.max_words):
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
    if "&" in text:         # a reference needs one: most lines skip that pattern
        text = _CHARACTER_REFERENCE.sub(" ", text)
    return _FOLD_PUNCT.sub(" ", text.casefold()).strip()


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
        key = _fold(text)
        if key:
            folded.setdefault(key, (start, end))
    first_words = {f.split(" ", 1)[0] for f in folded}
    shortest = min(len(f) for f in folded) - 10
    longest = max(end - start for _, start, end in candidates) + 10
    echoes, headline = [], None
    source = doc.source
    # an echo holds the longest word of the candidate it folds to: look only at such lines
    words = {max(f.split(" "), key=len) for f in folded}
    offered = _lines_holding(doc, words, shortest, longest)
    if offered is None:
        offered = _lines_of_length(doc, shortest, longest)
    for block, line, cut in offered:
        if line.start == title_line.start:
            continue
        if cut:
            if doc.is_removed(line.start, line.end):
                continue
            kept = doc.kept_text(line.start, line.end)
        else:
            kept = source[line.start:line.end].strip()    # as doc.kept_text has it
        # only lines about the length of a headline candidate can echo it; fold just those
        # (the kept text's length: a phrase rule may have cut the rest of the line)
        if not shortest <= len(kept) <= longest:
            continue
        # a line folds to a candidate only if it holds the candidate's first word (folding
        # only cuts the text at punctuation, symbols and spaces): a cheap test first
        lowered = kept.casefold()
        if not any(word in lowered for word in first_words):
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


def _lines_of_length(doc: Document, shortest: int, longest: int) -> list:
    """(block, line, cut) in document order for the lines whose kept text may be shortest
    to longest characters long, `cut` telling whether a removal overlaps the line: a line
    nothing was removed from keeps its whole length, so the others of it are left out
    without reading them, and so are lines removed whole."""
    fitting = [(block, line, False) for block in doc.blocks for line in block.lines
               if shortest <= line.end - line.start <= longest]
    if not doc.removed:
        return fitting
    cut: dict[int, tuple] = {}
    block_starts = [block.start for block in doc.blocks]
    for start, end in doc.removed_intervals():
        b = max(bisect_right(block_starts, start) - 1, 0)
        while b < len(block_starts) and block_starts[b] < end:
            block = doc.blocks[b]
            for line in block.lines:
                if line.start < end and line.end > start:
                    # a line inside one removal is gone: no echo there (None)
                    whole = start <= line.start and line.end <= end
                    cut[id(line)] = None if whole else (block, line, True)
            b += 1
    kept = [entry for entry in fitting if id(entry[1]) not in cut]
    kept += [entry for entry in cut.values() if entry is not None]
    return sorted(kept, key=lambda entry: entry[1].start)


def _lines_holding(doc: Document, words, shortest: int, longest: int) -> list | None:
    """The entries of _lines_of_length(doc, shortest, longest) for the lines whose casefolded
    text holds one of `words` (casefolded, without white space), found by searching the
    casefolded document for each word rather than by reading every line. A word of a line's
    folded kept text is in one of its kept pieces, so in the line's slice of the casefolded
    document. None when that text's offsets are not the source's (a character that casefolds
    to more than one)."""
    folded_source = doc.casefolded()
    if len(folded_source) != len(doc.source):
        return None
    blocks, find = doc.blocks, folded_source.find
    holding: dict[int, tuple] = {}
    for word in words:
        at = find(word)
        while at >= 0:
            b = bisect_right(blocks, at, key=_START) - 1
            lines = blocks[b].lines if b >= 0 else ()
            k = bisect_right(lines, at, key=_START) - 1
            if k >= 0 and at + len(word) <= lines[k].end:
                line = lines[k]
                holding[line.start] = (blocks[b], line)
                at = find(word, line.end)       # the line is in: on to the next one
            else:
                at = find(word, at + 1)
    out = []
    for start in sorted(holding):
        block, line = holding[start]
        cover = doc.cover(line.start, line.end)
        if cover == CUT:
            out.append((block, line, True))
        elif cover == UNCUT and shortest <= line.end - line.start <= longest:
            out.append((block, line, False))
    return out


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
    lines = [line for block in doc.blocks for line in block.lines]
    keys = _repeat_keys(doc, lines)
    counts: dict[str, int] = {}
    for key in keys.values():
        counts[key] = counts.get(key, 0) + 1
    first_seen: dict[str, int] = {}
    for k, key in keys.items():
        line = lines[k]
        if key not in first_seen:
            first_seen[key] = line.start
            continue
        if doc.is_removed(line.start, line.end):
            continue
        if counts[key] >= TABLE_HEADER_REPEATS and structure.word_weight(key) <= TABLE_HEADER_WORDS:
            continue
        if _repeated_neighbour(keys, lines, k, first_seen):
            continue
        block = doc.blocks[bisect_right(doc.blocks, line.start, key=_START) - 1]
        doc.remove(line.start, _through_newline(doc, block, line.end), rule="boilerplate.repeated_line",
                   reason="a line repeated from earlier in the document",
                   evidence=f"first seen at offset {first_seen[key]}")


def _repeat_keys(doc: Document, lines) -> dict[int, str]:
    """{index of the line: its _repeat_key} for the lines whose key is not empty and stands
    more than once, in document order. The folded text of every line is found in bulk; the
    tests of a key are made only for those that stand more than once: a key seen once can
    neither repeat nor be a neighbour's earlier repeat, and counts for nothing."""
    source = doc.source
    folded_source = doc.casefolded()
    # (an ASCII text can hold only the ASCII ones of the odd spaces: fewer scans of it)
    odd_spaces = _ASCII_ODD_SPACES if source.isascii() else _ODD_SPACES
    if len(folded_source) == len(source) and "  " not in source and \
            not any(space in source for space in odd_spaces):
        # most documents: a line's key is its slice of the casefolded text, trimmed of edge
        # marks (the lines are trimmed and hold single spaces), except where a removal cut in
        folded = _folded_lines(folded_source, lines)
        removed_whole, cut = _cut_lines(doc, lines)
        for a, b in removed_whole:
            folded[a:b] = [""] * (b - a)
        for k in cut:
            line = lines[k]
            folded[k] = _fold_for_repeat(doc.kept_text(line.start, line.end))
    else:
        folded = [_fold_for_repeat(doc.kept_text(line.start, line.end)) for line in lines]
    counts = Counter(folded)
    if len(counts) == len(folded):
        return {}
    repeated = {key for key, count in counts.items() if count > 1 and key}
    if not repeated:
        return {}
    # (most repeated keys are short: the weight first, the costlier search for a letter after)
    worth = {key for key in repeated
             if structure.word_weight(key) >= REPEATED_MIN_WORDS and _HAS_LETTER.search(key)}
    if not worth:
        return {}
    return {k: key for k, key in enumerate(folded)
            if key in worth and not structure.is_list_item(doc.line_text(lines[k]))}


def _folded_lines(folded_source: str, lines) -> list[str]:
    """folded_source[line.start:line.end].strip(_EDGE_MARKS) for each line, in a text whose
    only white space is single spaces and newlines: the segment stage's lines are then its
    newline-separated pieces that are not blank, each with a space at most at either end,
    which _EDGE_MARKS strips (one split, instead of a slice per line)."""
    folded = [piece.strip(_EDGE_MARKS) for piece in folded_source.split("\n") if piece and piece != " "]
    if len(folded) != len(lines):       # lines made otherwise than by the segment stage
        return [folded_source[line.start:line.end].strip(_EDGE_MARKS) for line in lines]
    return folded


def _fold_for_repeat(kept: str) -> str:
    """A line's kept text as _repeat_key compares it, before its tests."""
    return " ".join(kept.casefold().split()).strip(_EDGE_MARKS)


def _cut_lines(doc: Document, lines) -> tuple[list[tuple[int, int]], set[int]]:
    """The lines (indexes into `lines`, the document's lines in order) that removals overlap:
    runs [a, b) of lines that one removal holds whole, and the others. A removal holds whole
    every line it overlaps but perhaps its first and its last, so each removal is looked at
    once, not each line it holds."""
    removed_whole: list[tuple[int, int]] = []
    cut: set[int] = set()
    intervals = doc.removed_intervals()
    if not intervals:
        return removed_whole, cut
    # the starts read once, so that the bisections compare numbers and call no key
    line_starts = list(map(_START, lines))
    for start, end in intervals:
        first = bisect_right(line_starts, start) - 1
        if first < 0 or lines[first].end <= start:
            first += 1                  # the first line that ends after the removal starts
        stop = bisect_left(line_starts, end)      # the first line starting after it
        if first >= stop:
            continue
        a, b = first, stop
        if lines[first].start < start or lines[first].end > end:
            cut.add(first)
            a += 1
        if stop - 1 > first and lines[stop - 1].end > end:
            cut.add(stop - 1)
            b -= 1
        if a < b:
            removed_whole.append((a, b))
    return removed_whole, cut


_START = operator.attrgetter("start")


# white space other than a space or a newline (str.isspace), as a test in tests/ checks
_ODD_SPACES = ("\t", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
               "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008",
               "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000")
_ASCII_ODD_SPACES = tuple(space for space in _ODD_SPACES if space.isascii())


def _repeat_key(doc: Document, line) -> str:
    """The line folded for comparison, or "" when it is too short or not text (one line at a
    time: _repeat_keys gives the same keys for the lines that repeat, in bulk)."""
    key = " ".join(doc.kept_text(line.start, line.end).casefold().split()).strip(_EDGE_MARKS)
    if (not _HAS_LETTER.search(key) or structure.word_weight(key) < REPEATED_MIN_WORDS
            or structure.is_list_item(doc.line_text(line))):
        return ""
    return key


def _repeated_neighbour(keys: dict[int, str], lines, k: int, first_seen: dict[str, int]) -> bool:
    """True when the k-th line and the line before or after it are short and also repeat
    an earlier pair: a repeated run of items, not a lone caption. (Teasers repeated in two
    boxes pair a headline with a paragraph-long summary and stay repeats.)"""
    if structure.word_weight(keys[k]) > LIST_ITEM_WORDS:
        return False
    for j in (k - 1, k + 1):
        key = keys.get(j, "")
        if key and key != keys[k] and key in first_seen and first_seen[key] != lines[j].start \
                and structure.word_weight(key) <= LIST_ITEM_WORDS:
            return True
    return False


# A name line: two to four capitalized words, nothing else: so one to three spaces.
NAME_LINE_SPACES = 3
_NAME_LINE = regex.compile(r"\p{Lu}[\p{L}'’\-.]+(?: (?:\p{Lu}[\p{L}'’\-.]+|de|da|van|von|del|di|le|la)){1,3}")


def name_then_bio(doc: Document, ctx) -> None:
    """An author's name on a line of its own, then a paragraph about that person
    ("Jane Doe" / "Jane Doe is a senior editor at ..."): both are the author box."""
    if not ctx.config.is_enabled("boilerplate.author_bio"):
        return
    source, fullmatch, count, blocks = doc.source, _NAME_LINE.fullmatch, doc.source.count, doc.blocks
    for i, block in enumerate(blocks):
        # a name line holds one to three spaces, a test far cheaper than the pattern that
        # rules out prose; then a biography must open with the name, which seldom happens, so
        # that goes before the pattern (the tests change nothing: their order is free)
        first = block.lines[0]
        if not 0 < count(" ", first.start, first.end) <= NAME_LINE_SPACES:
            continue
        name = source[first.start:first.end]
        opening = name + " "
        # the name is looked for in place: a menu of name-like lines would otherwise copy
        # out every block after it
        bios = [nxt for nxt in blocks[i + 1:i + 3] if source.startswith(opening, nxt.start, nxt.end)]
        if not bios or not fullmatch(source, first.start, first.end) or \
                not all(fullmatch(source, ln.start, ln.end) for ln in block.lines[1:]):
            continue
        for nxt in bios:
            if 8 <= word_count(doc.block_text(nxt)) <= 150:
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
    if limit >= 1.0 or _surely_within(doc, limit) or removed_share(doc) <= limit:
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


def _surely_within(doc: Document, limit: float) -> bool:
    """True when removed_share(doc) <= limit can be told without walking the kept pieces:
    the removals take at most as many visible characters as they cover (a reference found
    in a kept piece is one found in the whole text: none can overlap another), so what is
    kept is at least the visible characters less that, and removed_share falls as what is
    kept grows. Most documents are far from the limit."""
    total = _visible(doc.source)
    if not total:
        return False
    return 1.0 - (total - doc.removed_length()) / total <= limit


def _visible(text: str) -> int:
    """Visible characters, a character reference ("&amp;") counting as the one character the
    repair stage makes of it, so that cleaning the output again measures the same."""
    if "&" in text and _holds_a_reference(text):    # most text holds none
        text = _CHARACTER_REFERENCE.sub("&", text)
    return len(text) - text.count(" ") - text.count("\n")


def _holds_a_reference(text: str) -> bool:
    """Whether a character reference stands in the text: the pattern tried only where an "&"
    stands (found by str.find), which is far faster than the pattern's own scan of a page
    whose ampersands are of "Q&A" and "AT&T", as most are."""
    at = text.find("&")
    while at >= 0:
        if _CHARACTER_REFERENCE.match(text, at):
            return True
        at = text.find("&", at + 1)
    return False


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


def _ends_like_a_sentence(text: str) -> bool:
    r"""True when the text (stripped: no newline at its end) ends with . ! : or ;, perhaps
    followed by closing quotes or brackets: the string methods' way to say
    [.!:;]['"”’»)\]]*$ (none of the marks is a closer, so the mark is the one before the
    closers)."""
    return text.rstrip(_SENTENCE_CLOSERS).endswith((".", "!", ":", ";"))


def _truncated(text: str) -> bool:
    r"""True when the text (stripped) ends with … or ..., perhaps followed by closing quotes
    or brackets: (?:…|\.\.\.)['"”’»)\]]*$ the same way."""
    return text.rstrip(_SENTENCE_CLOSERS).endswith(("…", "..."))


def related_box(doc: Document, ctx) -> None:
    """The teasers under a related or most-read heading: title-like lines, and summaries
    that are cut short ("…") or followed by another title. The box ends at the first line
    that is neither, so an article that resumes after the box keeps its paragraphs."""
    if not ctx.config.is_enabled("boilerplate.related_links.box"):
        return
    starts = [r.start for r in doc.removed if r.rule in BOX_HEADING_RULES]
    if not starts:
        return      # most documents: no related heading, and the lines need not be listed
    lines = [line for block in doc.blocks for line in block.lines]
    blocks = doc.blocks
    for k in _box_headings(doc, lines, starts):
        heading = doc.line_text(lines[k]).strip()
        # one box's lines come in order, each after the one before: removed in one call
        doc.remove_many((line.start, _through_newline(doc, blocks[bisect_right(blocks, line.start, key=_START) - 1],
                                                      line.end),
                         "boilerplate.related_links.box",
                         "a link to another article in the box under a related heading", heading[:200])
                        for line in _box_lines(doc, lines, k + 1))


def _box_headings(doc: Document, lines, starts: list[int]) -> list[int]:
    """Indexes of the lines a related-heading rule removed whole: the lines that one of the
    rule's removals starts in (found by bisection, not by testing every line against every
    start) and that have nothing kept."""
    holding = set()
    for s in starts:
        k = bisect_right(lines, s, key=_START) - 1
        if k >= 0 and s < lines[k].end:
            holding.add(k)
    return [k for k in sorted(holding) if not doc.kept_text(lines[k].start, lines[k].end).strip()]


def _box_title(text: str, words: int | None = None) -> bool:
    """A teaser's title, author or date: short, and not ending like a sentence. `words` is
    word_count(text) when the caller has it."""
    if words is None:
        words = word_count(text)
    return 0 < words <= BOX_TITLE_WORDS and not _ends_like_a_sentence(text)


def _box_lines(doc: Document, lines, i: int) -> list:
    """The kept lines of the box that starts at line i of `lines` (the document's lines in
    order); removed lines inside it are passed."""
    window = lines[i:i + BOX_MAX_LINES]
    texts = doc.kept_texts(window)      # most boxes run long: the window read in one pass
    taken, seen_title = [], False
    for j, text in enumerate(texts):
        if not text:
            continue
        words = word_count(text)
        if _box_title(text, words):
            taken.append(window[j])
            seen_title = True
        elif seen_title and words <= BOX_SUMMARY_WORDS and (
                _truncated(text) or _next_kept_is_title(doc, lines, i + j + 1, texts[j + 1:])):
            taken.append(window[j])
        else:
            break
    return taken


def _next_kept_is_title(doc: Document, lines, j: int, known: list[str]) -> bool:
    """Whether the first line from the j-th on with something kept reads as a box title.
    `known` holds the kept texts of the lines from the j-th on that the caller has read."""
    for text in known[:BOX_MAX_LINES]:
        if text:
            return _box_title(text)
    for line in lines[j + len(known):j + BOX_MAX_LINES]:
        text = doc.kept_text(line.start, line.end)
        if text:
            return _box_title(text)
    return False
