"""Structural detectors of the boilerplate stage: what the shape of the text gives away.

Phrase rules name boilerplate; these detectors recognize it by its shape, in any language:

- a *menu run*: several short lines in a row with no sentence punctuation ("Home", "World",
  "Politics", ...);
- a *teaser list*: title-like lines, alone or each followed by a one-sentence summary, that
  announce other articles;
- *UI lines*: a line that is only a number, a date, a URL, a count or a button label;
- the *article region*: the densest run of prose in the document. On a whole page, what lies
  outside it is the page around the article; after an extractor, only the non-prose lines
  at its edges are.

Every line gets a first-pass class from its own shape (prose, sentence, short, ui, removed)
and a final decision that takes its neighbours into account: a short line between two
paragraphs is a heading and stays, the same line inside a menu run goes. Both are kept in
`Block.decisions` so an explanation can show why a line was kept or dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .model import Block, Document, Line

# -- measuring a line --------------------------------------------------------------------
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")
# Scripts written without spaces: two characters carry about as much as one word elsewhere.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_SENTENCE_END = regex.compile(r"""[.!?…。！？:;]['"”’»)\]]*$""")
_SENTENCE_INSIDE = regex.compile(r"""[.!?。！？]['"”’»)\]]*\s+\S""")
# List items and table cells: lines an article holds in a row without being a menu.
_ENUMERATED = regex.compile(r"^\s*(?:\d{1,3}[.)]|[-•*·▪►–—]|\(?[a-z]\))\s+\S|^\s*\|")
_URL_OR_MAIL = regex.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$")
# A line of numbers, dates, times, counts and separators, with at most a couple of words.
_NUMERIC = regex.compile(r"^[\p{N}\p{P}\p{S}\s]*$")


def is_list_item(text: str) -> bool:
    """True for a bulleted or numbered list item or a table cell ("- GPS", "2) Item", "Plays |")."""
    return bool(_ENUMERATED.match(text)) or _ends_a_cell(text)


def _ends_a_cell(text: str) -> bool:
    """A table row's line: text, then a closing cell separator ("Plays |"). A string test:
    as a pattern (`^.*\\S\\s*\\|$`) the engine took time quadratic in the line's length."""
    return text.endswith("|") and bool(text[:-1].strip())


def word_weight(text: str) -> float:
    """How many words a line holds, counting two characters of an unspaced script as one.

    >>> word_weight("Gaming used to be so simple.")
    6.0
    >>> word_weight("報道によると、今回販売されたのは")
    8.0
    """
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return float(len(_WORD.findall(text)))
    rest = _UNSPACED.sub(" ", text)
    return len(_WORD.findall(rest)) + unspaced / 2


@dataclass(slots=True)
class LineInfo:
    """What the detectors know of one line: where it is, its shape, and their decisions.

    A line that continues the one before it (it starts with a lower-case word or with
    punctuation, as when an extractor broke a sentence at each link) is joined to it, so
    `lines` may hold several source lines that are judged together."""
    block: Block
    lines: list[Line]
    index: int
    text: str
    words: float
    ends_sentence: bool
    sentences_inside: bool
    enumerated: bool
    removed: bool
    concept: str = ""      # the concept of the phrase rule that removed the line, if any
    first: str = ""        # first-pass class from the line alone
    final: str = ""        # "keep" or "drop"
    why: str = ""          # the reason of the final decision
    rule: str = ""         # the rule id of a drop

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


_CONTINUES_AFTER_PUNCT = regex.compile(r"^[,.;:)\]»”’%]")
_CONTINUES_LOWER = regex.compile(r"^\p{Ll}")
CONTINUATION_MIN_WORDS = 6   # a lower-case line continues only a line this long (menus are short)


def _continues(previous: str, text: str) -> bool:
    """True when `text` is the rest of a sentence that `previous` began."""
    if _SENTENCE_END.search(previous):
        return False
    if _CONTINUES_AFTER_PUNCT.match(text):
        return True
    return bool(_CONTINUES_LOWER.match(text)) and word_weight(previous) >= CONTINUATION_MIN_WORDS


def _logical_lines(doc: Document) -> list[tuple[Block, list[Line]]]:
    """The lines of each block, with continuation lines joined to the line they continue.
    Lines are read as the phrase rules left them (kept text), so that cleaning clean
    output sees the same lines again."""
    groups: list[tuple[Block, list[Line]]] = []
    for block in doc.blocks:
        for line in block.lines:
            text = doc.kept_text(line.start, line.end)
            if groups and groups[-1][0] is block and _continues(
                    doc.kept_text(groups[-1][1][-1].start, groups[-1][1][-1].end), text):
                groups[-1][1].append(line)
            else:
                groups.append((block, [line]))
    return groups


def describe_lines(doc: Document) -> list[LineInfo]:
    """One LineInfo per (logical) line of the document, in order, with its first-pass class."""
    infos = []
    by_start = sorted(doc.removed, key=lambda r: r.start)
    k = 0
    for block, lines in _logical_lines(doc):
        start, end = lines[0].start, lines[-1].end
        text = " ".join(t for t in (doc.kept_text(ln.start, ln.end) for ln in lines) if t)
        info = LineInfo(block, lines, len(infos), text, word_weight(text),
                        bool(_SENTENCE_END.search(text)), bool(_SENTENCE_INSIDE.search(text)),
                        is_list_item(text), doc.is_removed(start, end))
        while k < len(by_start) and by_start[k].end <= start:
            k += 1
        if info.removed and k < len(by_start) and by_start[k].start < end:
            info.concept = by_start[k].rule.split(".")[1] if "." in by_start[k].rule else ""
        info.first = first_pass_class(info)
        infos.append(info)
    return infos


# Thresholds of the first pass, in words (see word_weight).
PROSE_WORDS = 12        # a line this long with sentence punctuation reads as article prose
LONG_WORDS = 25         # a line this long is prose even without punctuation
SENTENCE_WORDS = 5      # a shorter line ending like a sentence is still a sentence


def first_pass_class(info: LineInfo) -> str:
    """The class of a line from its own shape: removed, ui, prose, sentence or short."""
    if info.removed:
        return "removed"
    text = info.text.strip()
    if _URL_OR_MAIL.match(text) or (_NUMERIC.match(text) and info.words <= 4):
        return "ui"
    punctuated = info.ends_sentence or info.sentences_inside
    if info.words >= LONG_WORDS or (info.words >= PROSE_WORDS and punctuated):
        return "prose"
    if info.words >= SENTENCE_WORDS and punctuated:
        return "sentence"
    return "short"


# -- the article region ---------------------------------------------------------------------
# Scores of the densest-region search: prose pulls the region over it, everything else
# pushes it away. A short line costs less than a line a rule removed, so a heading or two
# between paragraphs never splits an article, while a menu of twenty items does.
SHORT_COST = 2.5
UI_COST = 1.0
REMOVED_COST = 4.0
# After the heading of a comment section, prose counts for this share only: the article
# comes before its comments, and a long thread must not outweigh a short article.
AFTER_COMMENTS_SHARE = 0.25


def line_score(info: LineInfo) -> float:
    """The line's weight in the densest-region search."""
    if info.first == "removed" or info.final == "drop":
        return -REMOVED_COST
    if info.first == "prose":
        return info.words
    if info.first == "sentence":
        return info.words / 2
    if info.first == "ui":
        return -UI_COST
    return -1.0 if info.enumerated else -SHORT_COST


def densest_region(infos: list[LineInfo], comments_from: int | None = None) -> tuple[int, int] | None:
    """The run of lines [i, j) with the greatest total score (Kadane's maximum subarray):
    the article's body as the densest stretch of prose. None when there is no prose."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for k, info in enumerate(infos):
        if total <= 0:
            total, start = 0.0, k
        score = line_score(info)
        if comments_from is not None and k >= comments_from and score > 0:
            score *= AFTER_COMMENTS_SHARE
        total += score
        if total > best:
            best, best_span = total, (start, k + 1)
    return best_span


# -- comment threads -------------------------------------------------------------------------
# A time of day or a numeric date: comment headers carry one, prose rarely on a short line.
_STAMP = regex.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
STAMP_WORDS = 14        # a comment header is short
STAMP_CHAIN = 3         # this many headers ...
STAMP_GAP = 12          # ... each within this many lines of the previous one make a thread
PROSE_BEFORE_THREAD = 40  # words of the article's prose that must come before a thread


def comment_thread_start(infos: list[LineInfo]) -> int | None:
    """Index of the line where the comments begin: the heading of a comment section a
    phrase rule recognized, or the first of a chain of short time-stamped header lines
    that follows the article's prose. None when the page shows no thread. Only what
    follows the start of the densest stretch counts, since a "Comment" button often
    sits above the article."""
    region = densest_region(infos)
    if region is None:
        return None
    prose_words = 0.0
    stamps = [k for k, i in enumerate(infos)
              if i.words <= STAMP_WORDS and i.first != "prose" and _STAMP.search(i.text)]
    for k, info in enumerate(infos[region[0]:], region[0]):
        if info.first == "prose":
            prose_words += info.words
        if prose_words < PROSE_BEFORE_THREAD:
            continue
        if info.concept == "comment_prompt":
            return k
        if k in stamps:
            pos = stamps.index(k)
            chain = stamps[pos:pos + STAMP_CHAIN]
            if len(chain) == STAMP_CHAIN and all(b - a <= STAMP_GAP for a, b in zip(chain, chain[1:])):
                return k
    return None


# -- menus and teasers ---------------------------------------------------------------------
MENU_RUN = 4            # this many short unpunctuated lines in a row make a menu
MENU_WORDS = 4          # ... each of at most this many words


def _menu_like(info: LineInfo) -> bool:
    return (info.first in ("short", "ui") and info.words <= MENU_WORDS
            and not info.ends_sentence and not info.enumerated)


def menu_runs(infos: list[LineInfo]) -> list[tuple[int, int]]:
    """Runs [i, j) of at least MENU_RUN menu-like lines. A short line a rule already
    removed ("Home", "Log in") counts toward a run without being judged again. A run right
    after a line ending in a colon is a list the text introduces, not a menu."""
    runs, start, count = [], None, 0
    for k, info in enumerate(infos + [None]):
        if info is not None and (_menu_like(info) or (info.first == "removed" and info.words <= MENU_WORDS)):
            if start is None:
                start, count = k, 0
            count += 1
            continue
        if start is not None and count >= MENU_RUN and not _introduced(infos, start):
            runs.append((start, k))
        start, count = None, 0
    return runs


def _introduced(infos: list[LineInfo], k: int) -> bool:
    """True when the live line before index k ends with a colon ("Ingredients:")."""
    for info in reversed(infos[:k]):
        if info.first != "removed":
            return info.text.rstrip().endswith((":", "："))
    return False


TEASER_UNITS = 3        # this many title-then-summary units in a row make a teaser list
TEASER_TITLE_LINES = 3  # a unit opens with one to this many short lines (title, author, date)
TEASER_SUMMARY_WORDS = 60


def _title_like(info: LineInfo) -> bool:
    return (info.first in ("short", "ui") and not info.enumerated
            and not info.text.rstrip().endswith((":", "：")))


def teaser_runs(infos: list[LineInfo]) -> list[tuple[int, int]]:
    """Runs [i, j) of at least TEASER_UNITS units, each one to three title-like lines then
    exactly one short paragraph: the headline, byline and summary of other articles. An
    article's sections differ: their headings are followed by several paragraphs."""
    live = [k for k, i in enumerate(infos) if i.first != "removed"]
    runs = []
    pos = 0
    while pos < len(live):
        units_end, units, p = [], 0, pos
        while True:
            q = p
            while q < len(live) and q - p < TEASER_TITLE_LINES and _title_like(infos[live[q]]):
                q += 1
            if q == p or q >= len(live):
                break
            summary = infos[live[q]]
            if summary.first not in ("prose", "sentence") or summary.words > TEASER_SUMMARY_WORDS:
                break
            nxt = infos[live[q + 1]] if q + 1 < len(live) else None
            if nxt is not None and nxt.first in ("prose", "sentence"):
                break
            units += 1
            units_end.append(q + 1)
            p = q + 1
        if units >= TEASER_UNITS:
            runs.append((live[pos], live[units_end[-1] - 1] + 1))
            pos = units_end[-1]
        else:
            pos += 1
    return runs


# -- the classifier -------------------------------------------------------------------------
def looks_like_whole_page(infos: list[LineInfo]) -> bool:
    """True when the text looks like a whole page (menus, many short lines around the
    prose), False when it looks like an article an extractor already isolated."""
    live = [i for i in infos if i.first != "removed"]
    if not live:
        return False
    short = sum(1 for i in live if _menu_like(i) and i.first == "short")
    return short >= 12 and short >= 0.3 * len(live)


def _drop(info: LineInfo, rule: str, why: str) -> None:
    if info.final != "drop":
        info.final, info.rule, info.why = "drop", rule, why


def classify(doc: Document, ctx) -> list[LineInfo]:
    """Decide keep or drop for every line, record the decisions on the blocks and remove
    what is dropped. Returns the line descriptions (used by tests and explanations)."""
    infos = describe_lines(doc)
    if not infos:
        return infos
    whole_page = looks_like_whole_page(infos)
    for info in infos:
        info.final, info.why = "keep", "kept"
        if info.first == "removed":
            info.final, info.why = "drop", "removed by a phrase rule"
    context_drops: dict[int, tuple[str, str]] = {}
    for a, b in menu_runs(infos):
        for k in range(a, b):
            context_drops.setdefault(k, ("boilerplate.menu_run",
                                         f"one of {b - a} short unpunctuated lines in a row (a menu)"))
    for a, b in teaser_runs(infos):
        for k in range(a, b):
            context_drops.setdefault(k, ("boilerplate.teaser_list", "a list of headlines each with a "
                                         "one-paragraph summary (teasers of other articles)"))
    thread = comment_thread_start(infos)
    if whole_page:
        for k, (rule, why) in context_drops.items():
            _drop(infos[k], rule, why)
        _drop_outside_region(infos, thread)
    else:
        region = densest_region(infos, thread)
        _trim_extracted(infos, region, thread, context_drops)
    _keep_title(doc, infos)
    _record(doc, infos, whole_page)
    return infos


def _keep_title(doc: Document, infos: list[LineInfo]) -> None:
    """The line the metadata stage took as the title heads the article and stays."""
    if doc.title_line is None:
        return
    for info in infos:
        if info.lines[0].start == doc.title_line.start and info.final == "drop" and info.rule:
            info.final, info.rule, info.why = "keep", "", "the document's title"
            break


def _drop_outside_region(infos: list[LineInfo], thread: int | None) -> None:
    """On a whole page, everything outside the article's densest stretch is the page around it."""
    region = densest_region(infos, thread)
    if region is None:
        return
    lo, hi = region
    if thread is not None:
        hi = min(hi, thread)
    for info in infos[:lo] + infos[hi:]:
        _drop(info, "boilerplate.outside_article", "outside the article's densest stretch of prose")


HEADLINE_WORDS = (3, 20)    # a headline holds this many words


def _trim_extracted(infos: list[LineInfo], region: tuple[int, int] | None,
                    thread: int | None, context_drops: dict[int, tuple[str, str]]) -> None:
    """After an extractor the text is mostly article: drop the headline above it, the
    comment thread below it, and menus and teasers only where they lie outside the
    article's densest stretch."""
    live = [i for i in infos if i.final == "keep"]
    if live and _headline_like(live[0]):
        _drop(live[0], "boilerplate.headline", "the headline above the article (not part of its text)")
    lo, hi = region if region is not None else (0, len(infos))
    for k, (rule, why) in context_drops.items():
        if k < lo or k >= hi:
            _drop(infos[k], rule, why)
    if thread is not None:
        for info in infos[thread:]:
            _drop(info, "boilerplate.comment_thread", "in the comment thread after the article")


def _headline_like(info: LineInfo) -> bool:
    """A first line shaped like a headline: a few words, no sentence punctuation, not a
    label ("Tested by: ... Price: ...") nor the lead-in of a list. A headline may end in a
    question or exclamation mark, but a full stop ends a sentence."""
    low, high = HEADLINE_WORDS
    text = info.text.rstrip()
    return (info.first == "short" and not info.enumerated and low <= info.words <= high
            and not text.endswith((":", "：", ".", "。")) and text.count(":") < 2)


def _record(doc: Document, infos: list[LineInfo], whole_page: bool) -> None:
    """Write each line's first and final decision on its block, and remove the drops."""
    mode = "whole page" if whole_page else "extracted article"
    seen_blocks = set()
    for info in infos:
        if id(info.block) not in seen_blocks:
            seen_blocks.add(id(info.block))
            info.block.decisions.append(f"structure: text read as a {mode}")
        info.block.decisions.append(f"line {info.start}-{info.end}: "
                                    f"first {info.first}, final {info.final} ({info.why})")
        if info.final == "drop" and info.rule:
            end = info.end
            if end < info.block.end and doc.source[end:end + 1] == "\n":
                end += 1
            doc.remove(info.start, end, rule=info.rule, reason=info.why,
                       evidence=f"{info.first}, {info.words:g} words")
