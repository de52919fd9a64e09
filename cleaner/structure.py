"""Structural detectors of the boilerplate stage: what the shape of the text gives away.

Phrase rules name boilerplate; these detectors recognize it by its shape, in any language:

- a *menu run*: several short lines in a row with no sentence punctuation ("Home", "World",
  "Politics", ...);
- a *teaser list*: title-like lines, alone or each followed by a one-sentence summary, that
  announce other articles;
- *UI lines*: a line that is only a number, a date, a URL, a count or a button label;
- the *article region*: the densest run of prose in the document. On a whole page, what lies
  outside it is the page around the article; after an extractor, only the non-prose lines
  at its edges are. The rows of a structured list (a calendar, tour dates, prices) count as
  the article's content where the list is attached to it, right under the headline or
  beside a paragraph; and when the article opens under its headline, a block of teasers at
  the region's end is cut off however much prose it holds. When the densest stretch lies
  away from the headline and reads as teasers, the stretch right under the headline is the
  article instead, if it holds a fair share of the teasers' words.

Every line gets a first-pass class from its own shape (prose, sentence, short, ui, removed)
and a final decision that takes its neighbours into account: a short line between two
paragraphs is a heading and stays, the same line inside a menu run goes. Both are kept in
`Block.decisions` so an explanation can show why a line was kept or dropped.

The lines are described once, as columns (`Lines`: one list per feature), and every
detector reads the columns it needs. Where a feature can be found by one scan of all the
ASCII lines joined (a run of three digits, a line's first or last character, a word of
the headline) it is, and patterns then run on the few lines found.
"""
from __future__ import annotations

import codecs
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, groupby, islice, repeat
from operator import attrgetter, methodcaller

import re

import regex

from .model import Block, Document, Line, defer_decisions

# -- two engines -------------------------------------------------------------------------
# The stdlib `re` runs these small patterns two to three times faster than `regex`, but
# knows no \p{..} class. Most lines are ASCII, and on ASCII text the two engines agree on
# \d, \w, \s and \b, so a pattern compiled by both serves ASCII lines from `re` and every
# other line from `regex`. Where a \p{..} class is needed, `re` gets the class spelled
# out, built once from `regex`'s own tables so that the two cannot disagree.


def _ascii_twin(pattern: regex.Pattern, flags: int = 0) -> re.Pattern:
    """The same pattern compiled by `re` with re.ASCII: identical matches on ASCII text."""
    return re.compile(pattern.pattern, re.ASCII | flags)


def _spelled_out(char_class: str, upto: int) -> str:
    """The characters below `upto` that the `regex` class matches, as the inside of a `re`
    character class (ranges of code points)."""
    chars = "".join(map(chr, range(upto)))
    return "".join(re.escape(m.group()) if len(m.group()) == 1 else
                   f"{re.escape(m.group()[0])}-{re.escape(m.group()[-1])}"
                   for m in regex.finditer(char_class + "+", chars))


_BMP = 0x10000
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def _marking(chars) -> bytes:
    """A table for bytes.translate that keeps a newline, makes each other byte of `chars`
    "^" and every other byte "." (see _JoinedAscii.starting and .ending)."""
    return bytes(c if c == ord("\n") else ord("^") if chr(c) in chars else ord(".") for c in range(256))


# -- measuring a line --------------------------------------------------------------------
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")
# _WORD on ASCII text, with the first character of each word as its group: findall then
# returns strings of one character, which are not built anew, and counting words takes a
# third less time than with whole words.
_ASCII_WORD_STARTS = re.compile(r"([A-Za-z0-9])[A-Za-z0-9'\-]*")
# Scripts written without spaces: two characters carry about as much as one word elsewhere.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
# _WORD and _UNSPACED for text of the Basic Multilingual Plane (nearly all non-ASCII text)
_LETTER_OR_DIGIT = _spelled_out(r"[\p{L}\p{N}]", _BMP)
_BMP_WORD_STARTS = re.compile(f"([{_LETTER_OR_DIGIT}])[{_LETTER_OR_DIGIT}'’\\-]*")
_BMP_UNSPACED_CHARS = _spelled_out(_UNSPACED.pattern, _BMP)
_BMP_UNSPACED = re.compile(f"[{_BMP_UNSPACED_CHARS}]")
_UNSPACED_OR_BEYOND_BMP = re.compile(f"[{_BMP_UNSPACED_CHARS}\U00010000-\U0010ffff]")
_SENTENCE_END = regex.compile(r"""[.!?…。！？:;]['"”’»)\]]*$""")
_SENTENCE_INSIDE = regex.compile(r"""[.!?。！？]['"”’»)\]]*\s+\S""")
_ASCII_SENTENCE_INSIDE = _ascii_twin(_SENTENCE_INSIDE)
# List items and table cells: lines an article holds in a row without being a menu.
_ENUMERATED = regex.compile(r"^\s*(?:\d{1,3}[.)]|[-•*·▪►–—]|\(?[a-z]\))\s+\S|^\s*\|")
_ASCII_ENUMERATED = _ascii_twin(_ENUMERATED)
_URL_OR_MAIL = regex.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$")
# A line of numbers, dates, times, counts and separators, with at most a couple of words.
_NUMBERS_AND_MARKS = r"[\p{N}\p{P}\p{S}\s]"
_NUMERIC = regex.compile(f"^{_NUMBERS_AND_MARKS}*$")
_ASCII_NUMERIC = re.compile(f"^[{_spelled_out(_NUMBERS_AND_MARKS, 128)}]*$")

# The characters that may close a sentence (_SENTENCE_END without a pattern), and the
# quotes and brackets that may follow them.
_SENTENCE_MARKS = frozenset(".!?…。！？:;")
_CLOSING = "'\"”’»)]"
# The first characters an ASCII list item or table cell may have (see _ENUMERATED).
_ASCII_ITEM_STARTS = frozenset("0123456789-*(|abcdefghijklmnopqrstuvwxyz")


def ends_like_sentence(text: str) -> bool:
    """True when the text ends with sentence punctuation, perhaps inside closing quotes or
    brackets: the same answer as _SENTENCE_END.search, without scanning the line.

    >>> ends_like_sentence('He left. ("Why?")'), ends_like_sentence("Home")
    (True, False)
    """
    if text.endswith("\n"):     # `$` also matches before a final newline
        text = text[:-1]
    text = text.rstrip(_CLOSING)
    return bool(text) and text[-1] in _SENTENCE_MARKS


def has_sentence_inside(text: str) -> bool:
    """True when a sentence ends inside the text and another begins after it."""
    pattern = _ASCII_SENTENCE_INSIDE if text.isascii() else _SENTENCE_INSIDE
    return pattern.search(text) is not None


def is_list_item(text: str) -> bool:
    """True for a bulleted or numbered list item or a table cell ("- GPS", "2) Item", "Plays |")."""
    # an ASCII first character outside the starts of _ENUMERATED rules it out: most lines
    first = text[:1]
    if first.isascii() and first not in _ASCII_ITEM_STARTS and not first.isspace():
        return _ends_a_cell(text)
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
    7.5
    """
    if text.isascii():   # most lines: no unspaced script, and the stdlib's ASCII pattern is faster
        return float(len(_ASCII_WORD_STARTS.findall(text)))
    if not _UNSPACED_OR_BEYOND_BMP.search(text):    # most other lines: one scan tells
        return float(len(_BMP_WORD_STARTS.findall(text)))
    if _BEYOND_BMP.search(text):
        word, unspaced_char = _WORD, _UNSPACED
    else:
        word, unspaced_char = _BMP_WORD_STARTS, _BMP_UNSPACED
    rest, unspaced = unspaced_char.subn(" ", text)     # one scan counts them and spaces them out
    return len(word.findall(rest)) + unspaced / 2


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


@dataclass(slots=True)
class Lines:
    """The document's logical lines (see LineInfo) as columns: one list per feature, all
    indexed by the line's position. The detectors walk ten to twenty thousand lines, some
    several times; a column is read without an attribute lookup or a call per line, and
    can be scanned by C code (a pattern over a string of one code per line, list.index,
    itertools.compress). `final`, `why` and `rule` are the decisions, written as they are
    taken; the other columns do not change once described."""
    block: list[Block]
    start: list[int]
    end: list[int]
    text: list[str]
    words: list[float]
    ends: list[bool]           # the text ends like a sentence
    inside: list[bool] | None  # a sentence ends inside the text and another begins (see sentences_inside)
    enumerated: list[bool]     # a list item or a table cell
    first: list[str]           # first-pass class from the line alone
    concept: list[str]         # the concept of the phrase rule that removed the line, if any
    final: list[str]
    why: list[str]
    rule: list[str]
    colon: list[bool]          # the text ends with a colon: it introduces what follows
    source_lines: list[Line]   # every source line, in order
    heads: Sequence[int]       # the index in source_lines of each line's first source line
    menu: list[bool] | None = None     # see menu_flags: computed on first use
    ascii_text: "_JoinedAscii | None" = None    # see joined_ascii: computed on first use
    live: list[int] | None = None      # see _live: computed on first use

    def __len__(self) -> int:
        return len(self.text)

    @classmethod
    def of(cls, infos: list[LineInfo]) -> "Lines":
        """The columns of a list of line descriptions."""
        source_lines = [line for info in infos for line in info.lines]
        heads = list(accumulate((len(info.lines) for info in infos[:-1]), initial=0)) if infos else []
        texts = [info.text for info in infos]
        return cls([i.block for i in infos], [i.lines[0].start if i.lines else 0 for i in infos],
                   [i.lines[-1].end if i.lines else 0 for i in infos], texts, [i.words for i in infos],
                   [i.ends_sentence for i in infos], [i.sentences_inside for i in infos],
                   [i.enumerated for i in infos], [i.first for i in infos], [i.concept for i in infos],
                   [i.final for i in infos], [i.why for i in infos], [i.rule for i in infos],
                   _colons(texts), source_lines, heads)

    def infos(self) -> list[LineInfo]:
        """One LineInfo per line, for explanations and tests."""
        bounds = [*self.heads, len(self.source_lines)]
        lines = self.source_lines
        inside = self.sentences_inside()
        return [LineInfo(self.block[k], lines[bounds[k]:bounds[k + 1]], k, self.text[k], self.words[k],
                         self.ends[k], inside[k], self.enumerated[k], self.first[k] == "removed",
                         self.concept[k], self.first[k], self.final[k], self.why[k], self.rule[k])
                for k in range(len(self.text))]

    def sentences_inside(self) -> list[bool]:
        """has_sentence_inside of every line (describe leaves it to be computed on demand:
        the first pass needs it for few lines)."""
        if self.inside is None:
            self.inside = _by_engine(self.text, list(map(str.isascii, self.text)),
                                     _ascii_sentences_inside, _sentences_inside)
        return self.inside

    def joined_ascii(self) -> "_JoinedAscii":
        """The ASCII lines joined (see _JoinedAscii), built once."""
        if self.ascii_text is None:
            self.ascii_text = _JoinedAscii(self.text, list(map(str.isascii, self.text)))
        return self.ascii_text

    def menu_flags(self) -> list[bool]:
        """_menu_like of every line (computed once: it reads only columns that never change)."""
        if self.menu is None:
            self.menu = [(f == "short" or f == "ui") and w <= MENU_WORDS and not e and not m
                         for f, w, e, m in zip(self.first, self.words, self.ends, self.enumerated)]
        return self.menu


def _colons(texts: list[str], ends: list[bool] | None = None) -> list[bool]:
    """Whether each text ends with a colon ("Ingredients:"), before any trailing space.
    With `ends` (whether each stripped text ends like a sentence: a colon does), only
    those texts are read."""
    if ends is None:
        return [text.rstrip().endswith((":", "：")) for text in texts]
    colons = [False] * len(texts)
    for k in compress(range(len(texts)), ends):
        colons[k] = texts[k].endswith((":", "："))
    return colons


_CONTINUES_AFTER_PUNCT = regex.compile(r"^[,.;:)\]»”’%]")
_CONTINUES_LOWER = regex.compile(r"^\p{Ll}")
_CONTINUATION_MARKS = frozenset(",.;:)]»”’%")   # the characters of _CONTINUES_AFTER_PUNCT
CONTINUATION_MIN_WORDS = 6   # a lower-case line continues only a line this long (menus are short)


def _continues(previous: str, text: str) -> bool:
    """True when `text` is the rest of a sentence that `previous` began."""
    return not ends_like_sentence(previous) and _continues_open(previous, text)


def _continues_open(previous: str, text: str, previous_words: float | None = None) -> bool:
    """_continues for a `previous` known not to end like a sentence (and weighing
    `previous_words`, when known)."""
    if text[:1] in _CONTINUATION_MARKS:
        return True
    if previous.rstrip().endswith((",", "、", "，")) and not _ENUMERATED.match(text):
        return True     # a sentence broken after a comma, as pages in unspaced scripts often are
    if not _starts_lower(text):
        return False
    return (word_weight(previous) if previous_words is None else previous_words) >= CONTINUATION_MIN_WORDS


def _starts_lower(text: str) -> bool:
    """True when the text starts with a lower-case letter (_CONTINUES_LOWER)."""
    first = text[:1]
    if first.isascii():
        return "a" <= first <= "z"
    return bool(_CONTINUES_LOWER.match(text))


def _kept_line_texts(doc: Document, source_lines: list[Line], starts: list[int], ends: list[int]) -> list[str]:
    """The kept text of every source line (what doc.kept_text gives), in order, given
    their `starts` and `ends`.

    Lines are the stripped pieces of the source between newlines that hold any text (see
    segment.run), so one split of the whole source gives every line's text at C speed;
    only the lines a removal reaches are then read again, from the removed intervals."""
    doc.check_time()
    texts = list(filter(None, map(str.strip, doc.source.split("\n"))))
    if len(texts) != len(source_lines):     # blocks not made by segment.run
        source = doc.source
        texts = [source[start:end].strip() for start, end in zip(starts, ends)]
    intervals = doc.removed_intervals()
    if not intervals:
        return texts
    n = len(source_lines)
    partly: list[int] = []
    for s, e in intervals:
        k = bisect_right(ends, s)       # the first line ending after the interval starts
        while k < n and starts[k] < e:
            if s <= starts[k] and ends[k] <= e:
                texts[k] = ""           # the whole line is removed: most reached lines
            elif not partly or partly[-1] != k:     # a long line may meet many intervals
                partly.append(k)
            k += 1
    for k in partly:
        texts[k] = doc.kept_text(starts[k], ends[k])
    return texts


# The first characters of a line that may continue the one before it (see _continues_open
# and _rejoined_by_repair) when that one does not end with a comma; any non-ASCII one may.
_MAY_CONTINUE = frozenset("abcdefghijklmnopqrstuvwxyz,.;:)]%")
_PARAGRAPH_QUOTES = "\"'”’»“"
# The endings after which any line may continue (_continues_open, _paragraph_goes_on).
_COMMA_ENDS = (",", "、", "，", *(f",{quote}" for quote in _PARAGRAPH_QUOTES))
_ASCII_COMMA_ENDS = tuple(end for end in _COMMA_ENDS if end.isascii())
# ASCII text with the first characters of _MAY_CONTINUE as "^" (newlines kept)
_AS_CONTINUATION_STARTS = _marking(_MAY_CONTINUE)
# ASCII text with the last characters of _ASCII_COMMA_ENDS as "^"
_AS_COMMA_END_CHARS = _marking({end[-1] for end in _ASCII_COMMA_ENDS})


def _joined_lines(texts: list[str], ends: list[bool], block_heads: set[int], words: list[float],
                  joined_ascii: "_JoinedAscii | None" = None) -> list[int]:
    """Indices of the source lines that continue the logical line before them, in order.

    A line continues the one before when that one does not end like a sentence and either
    the line lies in the same block and reads as the rest of its sentence (_continues_open),
    or it opens its block and a repair would rejoin the two (_rejoined_by_repair). Both
    compare with the last line that kept any text. Only lines that start like a
    continuation, or follow a comma, are looked at: a few in a hundred, found on the ASCII
    texts joined (`joined_ascii`). `words` holds the weight of each text."""
    n = len(texts)
    if joined_ascii is None:
        joined_ascii = _JoinedAscii(texts, list(map(str.isascii, texts)))
    others = joined_ascii.others
    candidates = set(joined_ascii.starting(_AS_CONTINUATION_STARTS))
    candidates.update(k for k in others if texts[k][:1] in _MAY_CONTINUE or texts[k][:1] >= "\x80")
    after_comma = [*(k for k in joined_ascii.ending(_AS_COMMA_END_CHARS) if texts[k].endswith(_ASCII_COMMA_ENDS)),
                   *(k for k in others if texts[k].endswith(_COMMA_ENDS))]
    for k in after_comma:
        k += 1
        while k < n and not texts[k]:
            k += 1
        if k < n:
            candidates.add(k)
    joined: list[int] = []
    rejoined: set[int] = set()      # lines joined to a line of the block before
    for k in sorted(candidates):
        text = texts[k]
        if k == 0 or not text:
            continue
        p = k - 1
        while p >= 0 and not texts[p]:
            p -= 1
        previous, previous_words = (texts[p], words[p]) if p >= 0 else ("", 0.0)
        if p >= 0 and ends[p]:
            continue        # after a sentence's end nothing continues
        if k in block_heads:
            if _rejoined_by_repair(previous, text):
                joined.append(k)
                rejoined.add(k)
        elif k - 1 not in rejoined and _continues_open(previous, text, previous_words):
            joined.append(k)
    return joined


def _logical_heads(texts: list[str], ends: list[bool], joined: list[int],
                   words: list[float]) -> tuple[list[int], list[str], list[bool], list[float]]:
    """The first source line of each logical line, and its text (its lines' kept texts
    joined by spaces), sentence end (its last line's) and weight (its lines' together),
    given the `joined` lines."""
    heads: list[int] = []
    out_texts: list[str] = []
    out_ends: list[bool] = []
    out_words: list[float] = []
    pos, k = 0, 0
    while k < len(joined):
        last = k
        while last + 1 < len(joined) and joined[last + 1] == joined[last] + 1:
            last += 1
        head, stop = joined[k] - 1, joined[last] + 1      # the logical line is [head, stop)
        heads.extend(range(pos, head + 1))
        out_texts.extend(texts[pos:head])
        out_texts.append(" ".join([text for text in texts[head:stop] if text]))
        out_ends.extend(ends[pos:head])
        out_ends.append(ends[stop - 1])
        out_words.extend(words[pos:head])
        out_words.append(sum(words[head:stop]))
        pos, k = stop, last + 1
    heads.extend(range(pos, len(texts)))
    out_texts.extend(texts[pos:])
    out_ends.extend(ends[pos:])
    out_words.extend(words[pos:])
    return heads, out_texts, out_ends, out_words


def _logical_lines(doc: Document) -> list[tuple[Block, list[Line]]]:
    """The lines of each block, with continuation lines joined to the line they continue.
    Lines are read as the phrase rules left them (kept text), so that cleaning clean
    output sees the same lines again."""
    return [(info.block, info.lines) for info in describe_lines(doc)]


_LOWER_START = regex.compile(r"[—–―-]?\s*\p{Ll}")


def _rejoined_by_repair(previous: str, text: str) -> bool:
    """A paragraph ending with a comma and one starting in lower case (after a dash, as
    an attribution may) are one sentence: the repair stage joins them, so they are read as
    one line here too, and cleaning clean output sees the same lines."""
    return _paragraph_goes_on(previous) and bool(_LOWER_START.match(text))


def _paragraph_goes_on(text: str) -> bool:
    """True when the text ends with a comma, perhaps before or after a quote (`,"` `",`)."""
    if text.endswith("\n"):     # as a `$` in a pattern, ignore one final newline
        text = text[:-1]
    return text.endswith(",") or (text[-2:-1] == "," and text[-1] in _PARAGRAPH_QUOTES)


def describe_lines(doc: Document) -> list[LineInfo]:
    """One LineInfo per (logical) line of the document, in order, with its first-pass class."""
    return describe(doc).infos()


def describe(doc: Document) -> Lines:
    """The document's logical lines as columns, with their first-pass class.

    Each feature is computed for all lines at once, as a map of one compiled pattern or
    string method over the texts (the loop runs in C), and `re` serves the ASCII lines."""
    blocks = doc.blocks
    block_lines = list(map(attrgetter("lines"), blocks))
    source_lines = list(chain.from_iterable(block_lines))
    starts = list(map(attrgetter("start"), source_lines))
    ends = list(map(attrgetter("end"), source_lines))
    line_texts = _kept_line_texts(doc, source_lines, starts, ends)
    line_blocks = list(chain.from_iterable(map(repeat, blocks, map(len, block_lines))))
    ascii_flags = list(map(str.isascii, line_texts))
    # A word never spans the space that joins two lines, so a logical line weighs what its
    # lines weigh together: each line is weighed once, before the continuations are joined.
    line_words = _by_engine(line_texts, ascii_flags, _ascii_word_weights, _word_weights)
    block_heads = set(accumulate(map(len, block_lines[:-1]), initial=0))
    ascii_text = _JoinedAscii(line_texts, ascii_flags)
    line_ends = _sentence_ends(line_texts, ascii_text)
    joined = _joined_lines(line_texts, line_ends, block_heads, line_words, ascii_text)
    if joined:
        heads, texts, sentence_ends, words = _logical_heads(line_texts, line_ends, joined, line_words)
        line_blocks = [line_blocks[h] for h in heads]
        ends = [ends[h - 1] for h in heads[1:]] + [ends[-1]]
        starts = [starts[h] for h in heads]
        ascii_flags = list(map(str.isascii, texts))
        ascii_text = _JoinedAscii(texts, ascii_flags)
    else:       # most documents: every line stands alone
        heads, texts, sentence_ends, words = range(len(line_texts)), line_texts, line_ends, line_words
    firsts = _first_classes(texts, words, _punctuated(texts, ascii_flags, sentence_ends, words), ascii_text)
    n = len(texts)
    lines = Lines(line_blocks, starts, ends, texts, words, sentence_ends, None, _list_items(texts, ascii_text),
                  firsts, [""] * n, [""] * n, [""] * n, [""] * n, _colons(texts, sentence_ends), source_lines,
                  heads, ascii_text=ascii_text)
    _name_removal_concepts(doc, lines)
    return lines


def _sentence_ends(texts: list[str], joined: "_JoinedAscii") -> list[bool]:
    """ends_like_sentence of each stripped text. An ASCII line ends like a sentence when
    its last character is a sentence mark, and cannot when it is neither a mark nor a
    closing quote or bracket: the last characters of the ASCII lines (`joined`) tell
    most lines at C speed, and only the others are read one by one."""
    ends = [False] * len(texts)
    for k in joined.ending(_AS_SENTENCE_MARK_ENDS):
        ends[k] = True
    for k in chain(joined.ending(_AS_CLOSING_ENDS), joined.others):
        ends[k] = texts[k].rstrip(_CLOSING)[-1:] in _SENTENCE_MARKS
    return ends


def _punctuated(texts: list[str], ascii_flags: list[bool], ends: list[bool], words: list[float]) -> list[bool]:
    """Whether each text ends like a sentence or holds one that ends inside it, as far as
    the first-pass class can tell: a line of fewer than SENTENCE_WORDS words is classed
    without its punctuation, so has_sentence_inside is asked only of the longer lines
    that do not end like a sentence."""
    punctuated = list(ends)
    ascii_search, other_search = _ASCII_SENTENCE_INSIDE.search, _SENTENCE_INSIDE.search
    for k in compress(range(len(ends)), map(operator.and_, map(operator.not_, ends),
                                            map(operator.ge, words, repeat(SENTENCE_WORDS)))):
        punctuated[k] = (ascii_search if ascii_flags[k] else other_search)(texts[k]) is not None
    return punctuated


def _list_items(texts: list[str], joined: "_JoinedAscii | None" = None) -> list[bool]:
    """is_list_item of each (stripped) text. Only the texts that end with a "|" or whose
    first character may start an item (a few in a hundred) are read, found on the ASCII
    texts joined; the pattern runs from `re` on ASCII text."""
    if joined is None:
        joined = _JoinedAscii(texts, list(map(str.isascii, texts)))
    items = [False] * len(texts)
    others = [texts[k] for k in joined.others]
    for k in [*joined.ending(_AS_CELL_ENDS), *compress(joined.others, map(methodcaller("endswith", "|"), others))]:
        items[k] = texts[k][:-1].strip() != ""      # _ends_a_cell
    starts = [*joined.starting(_AS_ITEM_STARTS),
              *compress(joined.others, [text[:1] in _ASCII_ITEM_STARTS or text[:1] >= "\x80" for text in others])]
    ascii_match, other_match = _ASCII_ENUMERATED.match, _ENUMERATED.match
    for k in starts:
        if not items[k]:
            items[k] = (ascii_match if texts[k].isascii() else other_match)(texts[k]) is not None
    return items


# ASCII text with the first characters of a list item as "^" (see _ASCII_ITEM_STARTS)
_AS_ITEM_STARTS = _marking(_ASCII_ITEM_STARTS)


def _by_engine(texts: list[str], ascii_flags: list[bool], on_ascii, on_other) -> list:
    """One result per text: `on_ascii` takes the list of ASCII texts, `on_other` (with the
    `regex` patterns) the list of the others, and their results come back in text order."""
    if all(ascii_flags):
        return on_ascii(texts)
    from_ascii = iter(on_ascii(list(compress(texts, ascii_flags))))
    from_other = iter(on_other(list(compress(texts, map(operator.not_, ascii_flags)))))
    return [next(from_ascii) if is_ascii else next(from_other) for is_ascii in ascii_flags]


# Words of ASCII text without a pattern: a word is a letter or digit followed by letters,
# digits, apostrophes and hyphens, so with the apostrophes and hyphens deleted and every
# other character made a space, each word is a run of letters and digits, and starts where
# " a" stands once letters and digits are all "a". All the texts are translated at once,
# joined by newlines (which stay), and counting in bytes takes half the time of
# _ASCII_WORD_STARTS.findall on each text.
_ASCII_WORD_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_AS_WORD_LETTERS = bytes(ord("a") if c in _ASCII_WORD_CHARS else c if c == ord("\n") else ord(" ")
                         for c in range(256))
_WORD_INNER_MARKS = b"'-"


def _ascii_word_weights(texts: list[str]) -> list[float]:
    """word_weight of each ASCII text (no text holds a newline: each is one line)."""
    if not texts:
        return []
    return _words_of_lines((" " + "\n ".join(texts)).encode())


def _words_of_lines(data: bytes) -> list[float]:
    """The number of words of each line of the ASCII `data`: lines joined by newlines,
    each after a space (so that a word at its start follows one too)."""
    marked = data.translate(_AS_WORD_LETTERS, _WORD_INNER_MARKS)
    return list(map(float, map(bytes.count, marked.split(b"\n"), repeat(b" a"))))


# Most non-ASCII lines are ASCII text with a few curly quotes, dashes or accented letters.
# Such a line, encoded as ASCII with each other character written as the one the word
# count takes it for ("a" for a letter or digit, "'" for the apostrophe ’ a word may hold,
# a space for anything else), holds as many words, which _ASCII_WORD_STARTS-like counting
# in bytes then finds. The encoder's error handler meets each run of non-ASCII characters
# once, a Python call a run, so a line dense in them is read by the patterns instead.
# A character of an unspaced script (two make a word), or beyond the BMP, becomes "\x00":
# a line holding one is read by word_weight, as is a (rare) line with a NUL of its own.
_CHARS_OF_BMP = "".join(map(chr, range(_BMP)))
_AS_WORD_MARK = re.sub("[^\x00a']", " ", re.sub(f"[{_LETTER_OR_DIGIT}]", "a", re.sub(
    f"[{_BMP_UNSPACED_CHARS}]", "\x00", _CHARS_OF_BMP)).replace("’", "'"))
_WORD_MARKS_ERRORS = "cleaner.structure.word_marks"
# A line with more UTF-8 bytes beyond one a character than this share of its length is
# dense in non-ASCII characters (a non-Latin script): the patterns read it faster.
_NON_ASCII_BYTES_SHARE = 0.1


def _as_word_marks(error: UnicodeEncodeError) -> tuple[str, int]:
    """The error handler of _WORD_MARKS_ERRORS: the run of non-ASCII characters written
    as _AS_WORD_MARK says (a character beyond the BMP, which the table does not hold,
    makes the whole run "\x00")."""
    run = error.object[error.start:error.end].translate(_AS_WORD_MARK)
    return (run if run.isascii() else "\x00"), error.end


codecs.register_error(_WORD_MARKS_ERRORS, _as_word_marks)
# The non-ASCII characters most common in text of Latin script (quotes, dashes, an
# ellipsis), each with its word mark.
_COMMON_WORD_MARKS = [(char, _AS_WORD_MARK[ord(char)]) for char in "’“”‘—–…»«"]


def _word_weights(texts: list[str]) -> list[float]:
    """word_weight of each (non-ASCII) text: the ones with few non-ASCII characters by
    their ASCII word marks (see _AS_WORD_MARK), the others one by one."""
    share = _NON_ASCII_BYTES_SHARE
    # (a lone surrogate, which JSON text may hold, is passed as three bytes)
    sparse = [len(text.encode("utf-8", "surrogatepass")) - len(text) <= share * len(text) for text in texts]
    return _by_engine(texts, sparse, _sparse_word_weights, _word_weights_one_by_one)


def _sparse_word_weights(texts: list[str]) -> list[float]:
    """word_weight of each text (no text holds a newline), counted on their word marks."""
    if not texts:
        return []
    joined = " " + "\n ".join(texts)
    for char, mark in _COMMON_WORD_MARKS:     # a replace in C each: fewer runs for the handler
        joined = joined.replace(char, mark)
    marks = joined.encode("ascii", _WORD_MARKS_ERRORS)
    if marks.count(b"\n") != len(texts) - 1:      # a text of more than one line
        return _word_weights_one_by_one(texts)
    weights = _words_of_lines(marks)
    if b"\x00" in marks:
        for k, line in enumerate(marks.split(b"\n")):
            if b"\x00" in line:
                weights[k] = word_weight(texts[k])
    return weights


def _word_weights_one_by_one(texts: list[str]) -> list[float]:
    """word_weight of each text."""
    return list(map(word_weight, texts))


def _ascii_sentences_inside(texts: list[str]) -> list[bool]:
    """Whether a sentence ends inside each ASCII text and another begins."""
    return list(map(bool, map(_ASCII_SENTENCE_INSIDE.search, texts)))


def _sentences_inside(texts: list[str]) -> list[bool]:
    """Whether a sentence ends inside each text and another begins."""
    return list(map(bool, map(_SENTENCE_INSIDE.search, texts)))


def _first_classes(texts: list[str], words: list[float], punctuated: list[bool],
                   joined: "_JoinedAscii | None" = None) -> list[str]:
    """first_pass_class of every line. Each line takes its class from its words and
    punctuation alone, as most lines keep it, unless it shows a sign that a test of
    _class_of_shape may give another class: then it is classed by _class_of_shape (a few
    lines in ten). The signs of a line of numbers (at most UI_WORDS words and no ASCII
    letter first) and of link labels (LONG_WORDS words without punctuation: a shorter line
    is "short" either way) are read with the words, and leave _NEEDS_SHAPE_TEST in place of a
    class; the signs in the text are found by _text_signs. The ASCII lines are read on
    `joined` (the ASCII texts joined)."""
    if joined is None:
        joined = _JoinedAscii(texts, list(map(str.isascii, texts)))
    classes = ["removed" if not text
               else ("prose" if dot else _NEEDS_SHAPE_TEST) if n >= LONG_WORDS
               else "prose" if n >= PROSE_WORDS and dot
               else "sentence" if n >= SENTENCE_WORDS and dot
               else "short" if n > UI_WORDS or text[0] in _ASCII_LETTERS
               else _NEEDS_SHAPE_TEST
               for text, n, dot in zip(texts, words, punctuated)]
    digit_flags = joined.data.translate(_AS_DIGIT_FLAGS)
    digit_places = joined.places_holding(b"111", digit_flags)
    digits = set(map(joined.index.__getitem__, digit_places))
    tested = _text_signs(texts, joined, _numbered(texts, joined, digit_places, digit_flags))
    tested.update(_indices_of(classes, _NEEDS_SHAPE_TEST))
    others = set(joined.others)
    for k in tested:
        if texts[k]:
            classes[k] = _class_of_shape(texts[k], words[k], punctuated[k], None if k in others else k in digits)
    return classes


def _numbered(texts: list[str], joined: "_JoinedAscii", places: list[int], digit_flags: bytes) -> list[int]:
    """The ASCII lines at `places` (those with three digits in a row) that hold as many @,
    colons and runs of three digits or more as contact details do: CONTACT_ITEMS."""
    lines = map(joined.index.__getitem__, places)
    return [k for k, runs in zip(lines, _digit_runs(joined, places, digit_flags))
            if texts[k].count(":") + texts[k].count("@") + runs >= CONTACT_ITEMS]


def _digit_runs(joined: "_JoinedAscii", places: list[int], digit_flags: bytes) -> list[int]:
    """The runs of three digits or more (_ASCII_DIGIT_RUNS) in each ASCII line at `places`,
    counted on `digit_flags` (the joined text as _AS_DIGIT_FLAGS makes it): each starts
    where a "0" is followed by "111" (the "0" of the newline before, for a run that opens
    its line, or of one put before the first line)."""
    flags = b"0" + digit_flags      # a line's text then follows the "0" at its own start
    bounds = [0, *joined.ends]
    return [flags.count(b"0111", bounds[place], bounds[place + 1]) for place in places]


# In place of a first-pass class: the line is to be classed by _class_of_shape (a string of
# a length no class has, so that list.index passes over the classes at once).
_NEEDS_SHAPE_TEST = "?"
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_AS_URL_STARTS = _marking("hw")     # the first characters of "http" and "www."


def _text_signs(texts: list[str], joined: "_JoinedAscii", numbers: list[int]) -> set[int]:
    """The lines whose text shows a sign that a URL, an e-mail address or contact details
    may fill it (and a few more): an @ or a start of "http" or "www."; or for contact
    details, CONTACT_ITEMS addresses, labels and numbers, each of which needs an @, a colon
    or a run of three digits or more (`numbers`: the ASCII lines that hold enough of them
    with runs of digits). Most lines show none. The ASCII lines are found on `joined`; the
    others are read one by one."""
    many_colons = [k for k in joined.holding(b":") if texts[k].count(":") >= CONTACT_ITEMS]   # or an @
    urls = [k for k in joined.starting(_AS_URL_STARTS) if texts[k].startswith(("http", "www."))]
    tested = {*numbers, *joined.holding(b"@"), *urls, *many_colons}
    search = _THREE_DIGITS_FAST.search
    tested.update(k for k in joined.others
                  if "@" in texts[k] or ":" in texts[k] or texts[k].startswith(("http", "www.")) or search(texts[k]))
    return tested


class _JoinedAscii:
    """The ASCII lines of a document joined by newlines, as bytes: to find the lines that
    hold a string with one C scan (bytes.find, after bytes.translate to a few classes of
    characters) instead of a call per line. Each find skips to the next line. The first
    and the last characters of the lines, one byte a line, tell the lines that start or
    end with one of a few characters at C speed too."""
    __slots__ = ("index", "ends", "data", "others", "firsts", "lasts")

    def __init__(self, texts: list[str], ascii_flags: list[bool]) -> None:
        self.index = list(compress(range(len(texts)), ascii_flags))     # the line of each ASCII line
        ascii_texts = list(compress(texts, ascii_flags))
        self.data = ("\n".join(ascii_texts) + "\n").encode() if ascii_texts else b""   # each line ends with one
        self.ends = list(accumulate(map((1).__add__, map(len, ascii_texts))))   # after each newline
        self.others = list(compress(range(len(texts)), map(operator.not_, ascii_flags)))
        self.firsts: bytes | None = None    # see first_chars
        self.lasts: bytes | None = None     # see last_chars

    def holding(self, needle: bytes, table: bytes | None = None, data: bytes | None = None) -> list[int]:
        """The (ASCII) lines whose text, translated by `table`, holds `needle`, in order. The
        needle holds no newline, nor what the table makes of one, but perhaps a last one:
        the line's own end. `data` stands for the joined text when given (transformed by
        other means, its newlines in place)."""
        data = self.data if data is None else data
        data = data if table is None else data.translate(table)
        return list(map(self.index.__getitem__, self.places_holding(needle, data)))

    def places_holding(self, needle: bytes, data: bytes) -> list[int]:
        """The places among the ASCII lines (0 for the first of them) of those whose text in
        `data` (the joined text, transformed in place) holds `needle` (see holding)."""
        found, pos = [], 0
        find, ends = data.find, self.ends
        while (at := find(needle, pos)) >= 0:
            line = bisect_right(ends, at)
            found.append(line)
            pos = ends[line]
        return found

    def first_chars(self) -> bytes:
        """The first character of each ASCII line, a newline for an empty one (built once)."""
        if self.firsts is None:
            self.firsts = bytes(map(self.data.__getitem__, [0, *self.ends[:-1]])) if self.index else b""
        return self.firsts

    def last_chars(self) -> bytes:
        """The last character of each ASCII line, a newline for an empty one (built once):
        the one before its newline, which for an empty line is the newline of the line
        before it (or the last one, for the first line)."""
        if self.lasts is None:
            self.lasts = bytes(map(self.data.__getitem__, map(operator.sub, self.ends, repeat(2))))
        return self.lasts

    def starting(self, table: bytes) -> list[int]:
        """The (ASCII) lines whose first character `table` makes "^" (and a newline stays
        one), in order."""
        return list(compress(self.index, self.first_chars().translate(table).translate(_CARET_AS_ONE)))

    def ending(self, table: bytes) -> list[int]:
        """The (ASCII) lines whose last character `table` makes "^" (and a newline stays
        one), in order."""
        return list(compress(self.index, self.last_chars().translate(table).translate(_CARET_AS_ONE)))


_CARET_AS_ONE = bytes(c == ord("^") for c in range(256))    # "^" as 1, all else 0: flags for compress
_AS_CELL_ENDS = _marking("|")
# the last characters of ASCII lines that end like a sentence, and that may after _CLOSING
_AS_SENTENCE_MARK_ENDS = _marking({mark for mark in _SENTENCE_MARKS if mark.isascii()})
_AS_CLOSING_ENDS = _marking({char for char in _CLOSING if char.isascii()})       # the last character of a table row's line (see _ends_a_cell)


# ASCII text with its digits as "1" and every other character as "0", newlines included.
_AS_DIGIT_FLAGS = bytes(ord("1") if chr(c).isdigit() and c < 128 else ord("0") for c in range(256))


def _name_removal_concepts(doc: Document, lines: Lines) -> None:
    """On each removed line (no text kept), the concept of the phrase rule that removed it."""
    removed = list(compress(range(len(lines)), map(operator.not_, lines.text)))
    if not removed:
        return
    by_start = sorted(doc.removed, key=attrgetter("start"))
    removal_starts, removal_ends = list(map(attrgetter("start"), by_start)), list(map(attrgetter("end"), by_start))
    rules = list(map(attrgetter("rule"), by_start))
    concept_of = {rule: rule.split(".")[1] if "." in rule else "" for rule in set(rules)}
    starts, ends, concepts, count = lines.start, lines.end, lines.concept, len(by_start)
    k = 0
    for line in removed:
        start = starts[line]
        while k < count and removal_ends[k] <= start:
            k += 1
        if k < count and removal_starts[k] < ends[line]:
            concepts[line] = concept_of[rules[k]]


# Thresholds of the first pass, in words (see word_weight).
PROSE_WORDS = 12        # a line this long with sentence punctuation reads as article prose
LONG_WORDS = 25         # a line this long is prose even without punctuation
SENTENCE_WORDS = 5      # a shorter line ending like a sentence is still a sentence
UI_WORDS = 4            # a line of numbers and separators holds at most this many words
_PARAGRAPH_CLASSES = frozenset(("prose", "sentence"))     # the first-pass classes of paragraphs


def first_pass_class(info: LineInfo) -> str:
    """The class of a line from its own shape: removed, ui, prose, sentence or short."""
    if info.removed:
        return "removed"
    return _class_of_shape(info.text.strip(), info.words, info.ends_sentence or info.sentences_inside)


def _class_of_shape(text: str, words: float, punctuated: bool, digits: bool | None = None) -> str:
    """The first-pass class of a line that keeps text: ui, prose, sentence or short.
    `digits` tells whether an ASCII text has three digits in a row, when known.
    _first_classes calls it only on the lines that show a sign one of its tests needs (an
    @, a URL's start, digits, colons, a long unpunctuated line): a new test here needs its
    sign there too."""
    if _url_or_mail(text) or (words <= UI_WORDS and _numeric(text)):
        return "ui"
    # _link_labels needs LONG_WORDS words, and a line never holds twice its weight in words
    if not punctuated and 2 * words >= LONG_WORDS and _link_labels(text):
        return "short"
    if _contact_details(text, digits):
        return "ui"
    if words >= LONG_WORDS or (words >= PROSE_WORDS and punctuated):
        return "prose"
    if words >= SENTENCE_WORDS and punctuated:
        return "sentence"
    return "short"


def _url_or_mail(text: str) -> bool:
    """True for a line that is only a URL or an e-mail address."""
    # the pattern needs an @ or a URL's start: most lines have neither
    return ("@" in text or text.startswith(("http", "www."))) and bool(_URL_OR_MAIL.match(text))


def _numeric(text: str) -> bool:
    """True for a line of numbers, punctuation, symbols and spaces only."""
    if text[:1].isalpha() and text[:1].isascii():
        return False    # most short lines: a word
    return bool((_ASCII_NUMERIC if text.isascii() else _NUMERIC).match(text))


_CAPITALIZED = regex.compile(r"^[\p{Lu}\p{N}]")
CAPITALIZED_SHARE = 0.6   # German capitalizes its nouns, about a third of its words
_WITHOUT_LOWER_CASE = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")


def _link_labels(text: str) -> bool:
    """True for a long line of link labels run together ("Afghanistan Barack Obama Bid'ah
    Buku Iman ...", "Ascom | Hospital Solutions Ascom | Senior Care"): a tag cloud or a
    menu flattened into one line. Most of its words are capitalized, which even German
    prose is not. Scripts without case never match."""
    if text.isascii():      # the first character of each word, from re's ASCII pattern
        starts = _ASCII_WORD_STARTS.findall(text)
        if len(starts) < LONG_WORDS:
            return False
        capitals = "".join(starts).translate(_WITHOUT_LOWER_CASE)     # [A-Z0-9]: _CAPITALIZED
        return len(capitals) >= CAPITALIZED_SHARE * len(starts)
    words = _WORD.findall(text)
    if len(words) < LONG_WORDS:
        return False
    return sum(1 for w in words if _CAPITALIZED.match(w)) >= CAPITALIZED_SHARE * len(words)

# Contact details: e-mail addresses, telephone numbers and their labels (Tel, Fax, E-mail
# and their spellings in the languages of the packs).
_MAIL_ADDRESS = r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"
_PHONE_NUMBER = r"(?<![\w.])\+?\(?\d{2,4}\)?[\s./-]?\d{3,4}[\s./-]?\d{3,5}\b"
_CONTACT_LABEL = r"\b(?i:tel(?:e(?:phone|fone|fon|fono|f))?|phone|fax|e-?mail|t[ée]l[ée]phone|tel[ée]fono)\b\.?\s*:"
_CONTACT = regex.compile(f"{_MAIL_ADDRESS}|{_PHONE_NUMBER}|{_CONTACT_LABEL}")
_ASCII_CONTACT = _ascii_twin(_CONTACT)
CONTACT_ITEMS = 3
# _CONTACT without the alternatives a text cannot match, by whether it holds an @ (an
# address needs one) and may hold a label (see _LABEL_WORD): the same matches, and the
# engine no longer tries an address at every word. Each with its ASCII twin.
_CONTACT_FOR: dict[tuple[bool, bool], tuple[regex.Pattern, re.Pattern]] = {}
# What every label of _CONTACT_LABEL holds, read the same way (case-insensitive, by the
# same engine): without it, no colon can end a label.
_LABEL_WORD = regex.compile(r"(?i:tel|phone|fax|mail|t[ée]l)")
_ASCII_LABEL_WORDS = ("tel", "phone", "fax", "mail")     # the same in lower-case ASCII text


def _may_hold_label(text: str, ascii_text: bool) -> bool:
    """True unless the text holds none of the words a contact label starts with."""
    if ascii_text:      # substring tests on the lower-case text: faster than the pattern
        lower = text.lower()
        return any(map(lower.__contains__, _ASCII_LABEL_WORDS))
    return _LABEL_WORD.search(text) is not None
for _at in (False, True):
    for _colon in (False, True):
        _pattern = regex.compile("|".join([_MAIL_ADDRESS] * _at + [_PHONE_NUMBER] + [_CONTACT_LABEL] * _colon))
        _CONTACT_FOR[_at, _colon] = (_pattern, _ascii_twin(_pattern))


_THREE_DIGITS = re.compile(r"\d{3}")
_THREE_DIGITS_FAST = regex.compile(r"\d{3}")   # finds them twice as fast; regex's \d holds re's
_DIGIT_RUNS = regex.compile(r"\d{3,}")
_ASCII_DIGIT_RUNS = _ascii_twin(_DIGIT_RUNS)


def _contact_details(text: str, digits: bool | None = None) -> bool:
    """True for a line that lists ways to reach someone (a customer-service box, an
    imprint): several e-mail addresses, telephone numbers or their labels. `digits` tells
    whether an ASCII text has three digits in a row, when known; None to look."""
    at, colons = text.count("@"), text.count(":")
    if digits is False and at + colons < CONTACT_ITEMS:
        return False    # most lines sent here: too few items, and no number
    # each kind of item needs an @, a colon or a run of three digits: most lines have none
    if not (at or colons or (digits if digits is not None
                             else _THREE_DIGITS_FAST.search(text) is not None and _THREE_DIGITS.search(text))):
        return False
    ascii_text = text.isascii()
    # An address holds one @, a label ends with one colon, and a number ends a run of three
    # digits or more: fewer of these than CONTACT_ITEMS in all, and the pattern need not run.
    # With too few @ and colons, the runs are counted before the colons are read as labels'
    # (the word search is a slow scan of a non-ASCII line): with every colon counted, most
    # lines fall short already. (digits is not False here: see the top.)
    runs = None
    if at + colons < CONTACT_ITEMS:
        runs = _digit_runs_in(text, ascii_text)
        if at + colons + runs < CONTACT_ITEMS:
            return False
    labels = colons > 0 and _may_hold_label(text, ascii_text)
    items = at + (colons if labels else 0)
    if items < CONTACT_ITEMS:
        if runs is None:
            runs = _digit_runs_in(text, ascii_text) if digits is not False else 0
        if items + runs < CONTACT_ITEMS:
            return False
    pattern, ascii_pattern = _CONTACT_FOR[at > 0, labels]
    return len((ascii_pattern if ascii_text else pattern).findall(text)) >= CONTACT_ITEMS


def _digit_runs_in(text: str, ascii_text: bool) -> int:
    """The number of runs of three digits or more in the text."""
    return len((_ASCII_DIGIT_RUNS if ascii_text else _DIGIT_RUNS).findall(text))


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
LIST_ITEM_SHARE = 0.25  # a numbered or bulleted item weighs this share of its words


def line_score(info: LineInfo, list_row: bool = False) -> float:
    """The line's weight in the densest-region search. A row of a structured list (see
    list_rows) carries content the way a list item does, whatever its own shape. The
    definition for one line; _scores reads the same from the columns."""
    if info.first == "removed" or info.final == "drop":
        return -REMOVED_COST
    if list_row and info.first != "prose":
        return info.words * LIST_ITEM_SHARE
    if info.first == "prose":
        return info.words
    if info.first == "sentence":
        return info.words / 2
    if info.first == "ui":
        return -UI_COST
    if info.enumerated:
        # an item of a list: a long one carries content, a one-word one is only a label
        return info.words * LIST_ITEM_SHARE if info.words >= SENTENCE_WORDS else -1.0
    return -SHORT_COST


def _scores(lines: Lines, rows: frozenset[int] = frozenset(), lo: int = 0, hi: int | None = None) -> list[float]:
    """line_score of the lines [lo, hi) (k in rows telling whether line k is a list row)."""
    hi = len(lines) if hi is None else hi
    first, final, words = lines.first, lines.final, lines.words
    scores = [-REMOVED_COST if f == "removed" or decision == "drop"
              else w if f == "prose"
              else w / 2 if f == "sentence"
              else -UI_COST if f == "ui"
              else (w * LIST_ITEM_SHARE if w >= SENTENCE_WORDS else -1.0) if item
              else -SHORT_COST
              for f, decision, w, item in zip(first[lo:hi], final[lo:hi], words[lo:hi], lines.enumerated[lo:hi])]
    for k in rows:      # few lines, if any
        if lo <= k < hi and first[k] != "removed" and final[k] != "drop" and first[k] != "prose":
            scores[k - lo] = words[k] * LIST_ITEM_SHARE
    return scores


def densest_region(lines: Lines, comments_from: int | None = None,
                   rows: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The run of lines [i, j) with the greatest total score (Kadane's maximum subarray):
    the article's body as the densest stretch of prose. None when there is no prose.
    `rows` holds the indices of the rows of structured lists (see list_rows)."""
    scores = _scores(lines, rows)
    if comments_from is not None:
        scores[comments_from:] = [s * AFTER_COMMENTS_SHARE if s > 0 else s for s in scores[comments_from:]]
    return _max_subarray(scores)


def _max_subarray(scores: list[float]) -> tuple[int, int] | None:
    """The span [i, j) of greatest positive sum (Kadane's scan), None when no sum is positive."""
    best, best_start, best_end = 0.0, 0, 0
    total, start = 0.0, 0
    for k, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, k
        total += score
        if total > best:
            best, best_start, best_end = total, start, k + 1
    return (best_start, best_end) if best_end else None


# A structured list: rows that share a shape, as a calendar, a tour's dates, a table of
# prices or a list of specifications does ("June 9 – Tampa, FL @ Amphitheatre", "3a etapa:
# 22 de abril – Velopark"). Its rows are too short to read as prose, yet they may be the
# article itself. Lists of other stories share marks too ("Brexit: ...", "... (185)"), so a
# list counts as the article's only where it is attached to it: right after the headline,
# or right before or after a paragraph.
LIST_RUN = 4            # this many rows in a row make a list
LIST_ROW_WORDS = (3, 30)
LIST_MEAN_WORDS = 5     # ... and the rows hold this many words on average
ATTACH_LINES = 2        # a list is attached when content or the headline is this near
_DIGIT = regex.compile(r"\p{N}")
# A run of at least LIST_RUN lines flagged 1 in a bytes of flags.
_LIST_RUN = re.compile(b"\x01{%d,}" % LIST_RUN)


def _row_like(info: LineInfo) -> bool:
    """A line that may be a row of a structured list: live, not prose, a few words, not a
    menu's label nor the lead-in of a list ("Tour dates:"). The definition for one line;
    list_rows reads the same from the columns."""
    low, high = LIST_ROW_WORDS
    return (info.first in ("short", "sentence", "ui") and low <= info.words <= high
            and not _menu_like(info) and not info.text.rstrip().endswith((":", "：")))


def _data_shaped(texts: list[str]) -> bool:
    """True when most rows share an inner mark (see _list_shaped) and hold a number: the
    rows of a calendar, a price list or a table, not headlines that share a colon."""
    with_number = sum(1 for text in texts if _DIGIT.search(text))
    return _shared_shape(texts, inner_only=True) and with_number >= 2 * len(texts) / 3


def list_rows(lines: Lines, anchors: frozenset[int] = frozenset()) -> frozenset[int]:
    """Indices of the rows of the article's structured lists: runs of at least LIST_RUN
    row-like lines, data-shaped (see _data_shaped) or introduced by a line ending in a
    colon ("The new routes:"), and attached to the article: right after one of the
    `anchors` (the headline's lines) or beside a paragraph."""
    low, high = LIST_ROW_WORDS
    row_like = [(f == "short" or f == "sentence" or f == "ui") and low <= w <= high and not menu and not colon
                for f, w, menu, colon in zip(lines.first, lines.words, lines.menu_flags(), lines.colon)]
    for k in anchors:
        row_like[k] = False     # a headline line ends a run
    rows: set[int] = set()
    words = lines.words
    for run in _LIST_RUN.finditer(bytes(row_like)):
        k, end = run.span()
        if (sum(words[k:end]) >= LIST_MEAN_WORDS * (end - k) and _list_attached(lines, k, end, anchors)
                and (_data_shaped(lines.text[k:end]) or _introduced(lines, k))):
            rows.update(range(k, end))
    return frozenset(rows)


def _list_attached(lines: Lines, a: int, b: int, anchors: frozenset[int]) -> bool:
    """True when the run [a, b) has the headline or a finished sentence just before it,
    or a finished paragraph just after it (and no headline between), with at most a
    heading or a removed line between. A teaser's headline may read as prose ("... at
    Dec. 2 special event") but does not end like a sentence."""
    first, ends = lines.first, lines.ends
    for k in range(a - 1, max(a - 1 - ATTACH_LINES, -1), -1):
        if k in anchors or (first[k] in ("prose", "sentence") and ends[k]):
            return True
    for k in range(b, min(b + ATTACH_LINES, len(first))):
        if k in anchors:
            return False    # a list above the headline is the page's, not the article's
        if first[k] == "prose" and ends[k]:
            return True
    return False


HEADLINE_MATCH = 0.8    # share of words a line must have in common with the headline
_ASCII_LOWER_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")   # _WORD on lower-case ASCII text


def headline_lines(doc: Document, lines: Lines) -> frozenset[int]:
    """Indices of the lines in the body that repeat the page's headline, where the article
    begins: the echoes the title-echo rule removed, and lines whose words are nearly the
    headline's ("Calendário da Stock Car 2018" under "Calendário Stock Car 2018"). The
    title line itself is not one: on a page, the menus follow it."""
    if doc.title_line is None:
        return frozenset()
    title_start = doc.title_line.start
    echoes = {r.start for r in doc.removed if r.rule == "boilerplate.title_echo"}
    echoes.discard(title_start)
    found = {k for k in map(bisect_left, repeat(lines.start), echoes)
             if k < len(lines) and lines.start[k] in echoes}     # the lines that start at an echo
    headline = doc.metadata.get("title") or doc.kept_text(doc.title_line.start, doc.title_line.end)
    words = set(w.casefold() for w in _WORD.findall(headline))
    if not words:
        return frozenset(found)
    least = HEADLINE_MATCH * len(words)
    limit = 2 * len(words)
    texts, starts, first, weights = lines.text, lines.start, lines.first, lines.words
    others = [k for k in lines.joined_ascii().others if first[k] != "removed" and weights[k] <= limit]
    for k in _holding_one_of(lines, _rarest_needed(words), others):
        if first[k] == "removed" or weights[k] > limit or starts[k] == title_start or k in found:
            continue
        text = texts[k]
        if text.isascii():
            # an ASCII line's weight is its number of words: fewer than `least`, and it cannot match
            if weights[k] < least:
                continue
            line_words = set(_ASCII_LOWER_WORD.findall(text.lower()))
        else:
            line_words = set(w.casefold() for w in _WORD.findall(text))
        if len(words & line_words) >= HEADLINE_MATCH * max(len(words), len(line_words)):
            found.add(k)
    return frozenset(found)


def _rarest_needed(words: set[str]) -> list[str]:
    """Headline words of which a line sharing HEADLINE_MATCH of `words` holds one at least:
    it lacks at most `missing` of them, so it holds one of any missing + 1 of them. The
    longest are taken, as the rarest."""
    missing = 0
    while len(words) - (missing + 1) >= HEADLINE_MATCH * len(words):
        missing += 1
    return sorted(words, key=len, reverse=True)[:missing + 1]


def _holding_one_of(lines: Lines, words: list[str], others: list[int] | None = None) -> list[int]:
    """Indices of the lines whose case-folded text holds one of the (case-folded) words as
    a substring, in order: every line that holds one as a word, and few others. Case
    folding goes character by character, so a word's folding is in its line's folding;
    on ASCII text it is lower-casing, done for all ASCII lines at once. Of the other lines,
    only `others` are read (all of them by default)."""
    joined = lines.joined_ascii()
    others = joined.others if others is None else others
    lowered = joined.data.lower()
    found = set()
    for word in words:
        if word.isascii():
            found.update(joined.holding(word.encode(), data=lowered))
    texts = lines.text
    for k in others:
        folded = texts[k].casefold()
        if any(map(folded.__contains__, words)):
            found.add(k)
    return sorted(found)


# -- comment threads -------------------------------------------------------------------------
# A time of day or a numeric date: comment headers carry one, prose rarely on a short line.
_STAMP = regex.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_ASCII_STAMP = _ascii_twin(_STAMP)
STAMP_WORDS = 14        # a comment header is short
STAMP_CHAIN = 3         # this many headers ...
STAMP_GAP = 12          # ... each within this many lines of the previous one make a thread
PROSE_BEFORE_THREAD = 40  # words of the article's prose that must come before a thread


def comment_thread_start(lines: Lines) -> int | None:
    """Index of the line where the comments begin: the heading of a comment section a
    phrase rule recognized, or the first of a chain of short time-stamped header lines
    that follows the article's prose. None when the page shows no thread. Only what
    follows the start of the densest stretch counts, since a "Comment" button often
    sits above the article."""
    region = densest_region(lines)
    if region is None:
        return None
    start = _after_prose(lines, region[0], PROSE_BEFORE_THREAD)
    if start is None:
        return None
    try:
        prompt = lines.concept.index("comment_prompt", start)
    except ValueError:
        prompt = len(lines)
    # a chain looks forward only, so stamps before the first line that may start one do not
    # count; a chain that starts before the prompt may reach past it, by STAMP_GAP a link
    texts, words, first = lines.text, lines.words, lines.first
    reach = min(len(lines), prompt + (STAMP_CHAIN - 1) * STAMP_GAP)
    stamps = [k for k in _with_stamp_sign(lines)
              if start <= k < reach and words[k] <= STAMP_WORDS and first[k] != "prose" and _has_stamp(texts[k])]
    for pos, k in enumerate(stamps):
        if k >= prompt:
            break
        links = stamps[pos:pos + STAMP_CHAIN]
        if len(links) == STAMP_CHAIN and all(b - a <= STAMP_GAP for a, b in zip(links, links[1:])):
            return k
    return prompt if prompt < len(lines) else None


def _after_prose(lines: Lines, start: int, words: float) -> int | None:
    """The index of the line from `start` on where the prose read so far reaches `words`."""
    if words <= 0:
        return start if start < len(lines) else None
    prose_words = 0.0
    first, weights = lines.first, lines.words
    for k in range(start, len(first)):
        if first[k] == "prose":
            prose_words += weights[k]
            if prose_words >= words:
                return k
    return None


_ASCII_STAMP_SIGN = re.compile(r"[0-9][:./-][0-9]")   # what every stamp holds
# ASCII text with digits as "1", the marks of _ASCII_STAMP_SIGN as ":", all else "0"
_AS_STAMP_SIGNS = bytes(ord("1") if chr(c).isdigit() and c < 128 else ord(":") if chr(c) in ":./-" else ord("0")
                        for c in range(256))


def _with_stamp_sign(lines: Lines) -> list[int]:
    """Indices of the lines that may hold a stamp (see _has_stamp), in order: the ASCII
    lines with _ASCII_STAMP_SIGN, found on all of them joined, and every other line."""
    joined = lines.joined_ascii()
    return sorted([*joined.holding(b"1:1", _AS_STAMP_SIGNS), *joined.others])


def _has_stamp(text: str) -> bool:
    """True when the text holds a time of day or a numeric date (_STAMP)."""
    if text.isascii():
        return _ASCII_STAMP_SIGN.search(text) is not None and _ASCII_STAMP.search(text) is not None
    return _STAMP.search(text) is not None


# -- menus and teasers ---------------------------------------------------------------------
MENU_RUN = 4            # this many short unpunctuated lines in a row make a menu
MENU_WORDS = 4          # ... each of at most this many words
_MENU_RUN = re.compile(b"\x01{%d,}" % MENU_RUN)


def _menu_like(info: LineInfo) -> bool:
    """A line that may be a menu's item: short, few words, no sentence end, no list mark.
    The definition for one line; Lines.menu_flags reads the same from the columns."""
    return (info.first in ("short", "ui") and info.words <= MENU_WORDS
            and not info.ends_sentence and not info.enumerated)


def menu_runs(lines: Lines) -> list[tuple[int, int]]:
    """Runs [i, j) of at least MENU_RUN menu-like lines. A short line a rule already
    removed ("Home", "Log in") counts toward a run without being judged again. A run right
    after a line ending in a colon is a list the text introduces, not a menu."""
    flags = [menu or (f == "removed" and w <= MENU_WORDS)
             for menu, f, w in zip(lines.menu_flags(), lines.first, lines.words)]
    return [run.span() for run in _MENU_RUN.finditer(bytes(flags)) if not _introduced(lines, run.start())]


def _introduced(lines: Lines, k: int) -> bool:
    """True when the live line before index k ends with a colon ("Ingredients:")."""
    first = lines.first
    for j in range(k - 1, -1, -1):
        if first[j] != "removed":
            return lines.colon[j]
    return False


TEASER_UNITS = 3        # this many title-then-summary units in a row make a teaser list
TEASER_TITLE_LINES = 3  # a unit opens with one to this many short lines (title, author, date)
TEASER_SUMMARY_WORDS = 40
# Over a string of one code per live line: T a title-like line, P a paragraph of at most
# TEASER_SUMMARY_WORDS words, Q a longer one, x any other. A unit is one to three title
# lines and a short paragraph that no other paragraph follows.
_TEASER_UNITS = re.compile("(?:T{1,%d}P(?![PQ])){%d,}" % (TEASER_TITLE_LINES, TEASER_UNITS))


def _title_like(info: LineInfo) -> bool:
    """A line that may be a teaser's title, byline or date. The definition for one line;
    teaser_runs and TeaserCount read the same from the columns."""
    return (info.first in ("short", "ui") and not info.enumerated
            and not info.text.rstrip().endswith((":", "：")))


def _live(lines: Lines) -> list[int]:
    """Indices of the lines that keep any text (computed once: first classes never change)."""
    if lines.live is None:
        lines.live = list(compress(range(len(lines)), map(operator.ne, lines.first, repeat("removed"))))
    return lines.live


def teaser_runs(lines: Lines) -> list[tuple[int, int]]:
    """Runs [i, j) of at least TEASER_UNITS units, each one to three title-like lines then
    exactly one short paragraph: the headline, byline and summary of other articles. An
    article's sections differ: their headings are followed by several paragraphs."""
    codes = "".join(["" if f == "removed"
                     else "T" if (f == "short" or f == "ui") and not item and not colon
                     else ("P" if w <= TEASER_SUMMARY_WORDS else "Q") if f == "prose" or f == "sentence"
                     else "x"
                     for f, item, colon, w in zip(lines.first, lines.enumerated, lines.colon, lines.words)])
    runs = _TEASER_UNITS.finditer(codes)
    first = next(runs, None)
    if first is None:
        return []
    live = _live(lines)
    return [(live[m.start()], live[m.end() - 1] + 1) for m in chain((first,), runs)]


HEADLINE_RUN = 3        # this many headline-shaped lines in a row make a list of headlines
HEADLINE_RUN_WORDS = (4, 20)
_INNER_MARK = regex.compile(r"[^\p{L}\p{N}\s'’.!?\-]")
_ASCII_INNER_MARK = re.compile(r"[^A-Za-z0-9\s'.!?\-]", re.ASCII)    # _INNER_MARK on ASCII text
_HEADLINE_RUN = re.compile(b"\x01{%d,}" % HEADLINE_RUN)


def _headline_shaped(info: LineInfo) -> bool:
    """A line shaped like a headline of a list of stories. The definition for one line;
    headline_runs reads the same from the columns."""
    low, high = HEADLINE_RUN_WORDS
    return (info.first == "short" and not info.enumerated and low <= info.words <= high
            and not info.text.rstrip().endswith((":", "：")))


def _list_shaped(run: list[LineInfo], inner_only: bool = False) -> bool:
    """_shared_shape of the lines' texts."""
    return _shared_shape([info.text for info in run], inner_only)


def _shared_shape(texts: list[str], inner_only: bool = False) -> bool:
    """True when the lines share a shape, as the items of a list do ("June 23 – City, ST @
    Venue", "1a etapa: 10 de março – Interlagos"): a mark inside most of them, or the same
    first word. Headlines of different stories share neither. With `inner_only`, only a
    mark with text on both sides counts (menus end their items with "»" or "›")."""
    if not texts:
        return False
    marks: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for text in texts:
        stripped = text.strip()
        found = (_ASCII_INNER_MARK if text.isascii() else _INNER_MARK).findall(stripped[1:-1] if inner_only else stripped)
        for mark in set(found):
            marks[mark] = marks.get(mark, 0) + 1
        tokens = text.split(None, 1)
        first = tokens[0].casefold() if tokens else ""
        if first[:1].isdigit():
            first = "0"     # quantities, dates, ranks: "1 lemon", "8-9 ripe pears"
        firsts[first] = firsts.get(first, 0) + 1
    need = 2 * len(texts) / 3
    if inner_only:
        return any(n >= need for n in marks.values())
    return any(n >= need for n in marks.values()) or any(n >= need for n in firsts.values())


def headline_runs(lines: Lines) -> list[tuple[int, int]]:
    """Runs [i, j) of at least HEADLINE_RUN lines shaped like headlines (a few words, no
    sentence punctuation, longer than menu items) that do not share the shape of a list's
    items and that no colon introduces: the "Trending" or "Most read" box of a page."""
    low, high = HEADLINE_RUN_WORDS
    live = _live(lines)
    first, words, items, colons = lines.first, lines.words, lines.enumerated, lines.colon
    shaped = bytes([first[k] == "short" and not items[k] and low <= words[k] <= high and not colons[k]
                    for k in live])
    runs = []
    for run in _HEADLINE_RUN.finditer(shaped):
        a, b = run.span()
        if not _shared_shape([lines.text[k] for k in live[a:b]]) and not _introduced(lines, live[a]):
            runs.append((live[a], live[b - 1] + 1))
    return runs


GLUED_TEASER_RUN = 3     # this many paragraphs in a row that open with a headline
TITLE_CASE_LEAD = 6      # ... of at least this many capitalized words
LEAD_TOKENS = 16         # ... among the paragraph's first tokens
_LEAD_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’&\-]*|[&]|[,:;.?!]")


def _opens_with_headline(text: str) -> bool:
    """True when the paragraph opens with a run of capitalized words, before any
    punctuation ("The 4 Best Vegan Spots In Detroit Hoodline crunched the numbers..."): a
    teaser whose headline and summary were glued into one line. Short lower-case words (of,
    in, the) may sit in the run, as Title Case leaves them, but never two in a row; numbers
    neither count nor end it. Names followed by a comma or a colon ("Bruins 5, Devils 1:")
    stop it early."""
    capitalized, lower_in_row = 0, 0
    # tokens one at a time: most paragraphs stop within a few, long before their end
    for match in islice(_LEAD_TOKEN.finditer(text), LEAD_TOKENS):
        token = match.group()
        if token in ",:;.?!":
            break
        if token[0].isdigit():
            continue
        if _capitalized(token) or token == "&":
            capitalized += 1
            lower_in_row = 0
        elif len(token) <= 3 and lower_in_row == 0:
            lower_in_row = 1
        else:
            break
    return capitalized >= TITLE_CASE_LEAD



# TITLE_CASE_LEAD capitals (or &) before the first punctuation mark. The characters before
# each capital exclude capitals, so the pattern matches in one way or not at all, and the
# possessive star spares the engine from giving characters back when it does not.
_ASCII_CAPITALS_LEAD = re.compile(r"(?:[^A-Z&,:;.?!]*+[A-Z&]){%d}" % TITLE_CASE_LEAD)
# The same on other text: the characters that may start a capitalized token (_CAPITALIZED,
# or an &), spelled out in the BMP, and any character beyond it.
_CAPITAL_STARTS = _spelled_out(r"[\p{Lu}\p{N}&]", _BMP) + "\U00010000-\U0010ffff"
_CAPITALS_LEAD = re.compile(r"(?:[^%s,:;.?!]*+[%s]){%d}" % (_CAPITAL_STARTS, _CAPITAL_STARTS, TITLE_CASE_LEAD))


def _may_open_with_headline(text: str) -> bool:
    """False when a paragraph cannot open with TITLE_CASE_LEAD capitalized words: each
    needs its own capital (or an &) before the first punctuation mark. On ASCII text a
    capital is A-Z; on other text, any character _CAPITALIZED takes, and any character
    beyond the BMP (which the `re` class does not spell out) counts as one."""
    return (_ASCII_CAPITALS_LEAD if text.isascii() else _CAPITALS_LEAD).match(text) is not None


def _capitalized(token: str) -> bool:
    """True when the token starts with a capital letter or a digit (_CAPITALIZED)."""
    first = token[:1]
    if first.isascii():
        return "A" <= first <= "Z" or "0" <= first <= "9"
    return bool(_CAPITALIZED.match(token))


def glued_teaser_runs(lines: Lines) -> list[tuple[int, int]]:
    """Runs [i, j) holding at least GLUED_TEASER_RUN paragraphs that open with a headline in
    Title Case, one after the other: short lines may sit between them, and so may one
    paragraph whose headline this test misses ("Say Cheese? Detroit's Top 3 Cheese Shops")."""
    texts = lines.text
    paragraphs = list(compress(range(len(lines)), map(_PARAGRAPH_CLASSES.__contains__, lines.first)))
    opens = [_may_open_with_headline(texts[k]) and _opens_with_headline(texts[k]) for k in paragraphs]
    runs, p = [], 0
    while True:
        try:
            p = opens.index(True, p)
        except ValueError:
            break
        q, count, last = p, 0, p
        while q < len(paragraphs):
            if opens[q]:
                count, last = count + 1, q
            elif q - last > 1:
                break
            q += 1
        if count >= GLUED_TEASER_RUN:
            runs.append((paragraphs[p], paragraphs[last] + 1))
        p = last + 1
    return runs


# A publication stamp: a time of day and a year on one short line ("Updated : 19 November
# 2019, 09:01 AM", "Posted by Jane Doe on November 19, 2019, 6:21 AM EST").
_TIME_OF_DAY = regex.compile(r"(?<![\d.])\d{1,2}:\d{2}(?![\d.])|\b\d{1,2}\s*[ap]\.?\s?m\.?(?!\w)|\b\d{1,2}[.h]\d{2}\s*(?:h|uhr)\b",
                             regex.IGNORECASE)
_YEAR = regex.compile(r"\b(?:19|20)\d{2}\b")
_ASCII_TIME_OF_DAY = _ascii_twin(_TIME_OF_DAY, re.IGNORECASE)
_ASCII_YEAR = _ascii_twin(_YEAR)
STAMP_LINE_WORDS = 20


def publication_stamp(info: LineInfo) -> bool:
    """True for a short line that dates the page: a time of day and a year, and no list's
    number or bullet in front."""
    return _publication_stamp(info.text, info.first, info.enumerated, info.words)


def _publication_stamp(text: str, first: str, enumerated: bool, words: float) -> bool:
    """publication_stamp of a line with this text, first-pass class, list mark and weight."""
    if not (first in ("short", "ui", "sentence") and not enumerated
            and words <= STAMP_LINE_WORDS and ("20" in text or "19" in text)):     # a year's start
        return False
    year, time_of_day = (_ASCII_YEAR, _ASCII_TIME_OF_DAY) if text.isascii() else (_YEAR, _TIME_OF_DAY)
    return bool(year.search(text)) and bool(time_of_day.search(year.sub(" ", text)))


def _with_year_sign(lines: Lines) -> list[int]:
    """Indices of the lines that hold a "19" or a "20", as a year does (see
    _publication_stamp), in order: most lines hold neither. The ASCII lines are found on
    all of them joined."""
    joined = lines.joined_ascii()
    texts = lines.text
    return sorted({*joined.holding(b"19"), *joined.holding(b"20"),
                   *(k for k in joined.others if "20" in texts[k] or "19" in texts[k])})


# -- the classifier -------------------------------------------------------------------------
def looks_like_whole_page(lines: Lines) -> bool:
    """True when the text looks like a whole page (menus, many short lines around the
    prose), False when it looks like an article an extractor already isolated."""
    live = len(lines) - lines.first.count("removed")
    if not live:
        return False
    short = list(compress(lines.first, lines.menu_flags())).count("short")
    return short >= 12 and short >= 0.3 * live


def _drop_all(lines: Lines, indices, rule: str, why: str) -> None:
    """_drop each line of `indices`."""
    final = lines.final
    for k in [k for k in indices if final[k] != "drop"]:
        final[k], lines.rule[k], lines.why[k] = "drop", rule, why


def _drop(lines: Lines, k: int, rule: str, why: str) -> None:
    """Drop line k for `rule`, unless it is dropped already (the first reason stands)."""
    if lines.final[k] != "drop":
        lines.final[k], lines.rule[k], lines.why[k] = "drop", rule, why


def classify(doc: Document, ctx) -> Lines:
    """Decide keep or drop for every line, record the decisions on the blocks and remove
    what is dropped. Returns the lines as columns (Lines.infos() describes each one, for
    tests and explanations)."""
    lines = describe(doc)
    if not len(lines):
        return lines
    # A first line that names the site after the headline is the page's <title>: only a
    # whole page starts with one, never an extractor's article.
    whole_page = looks_like_whole_page(lines) or any(r.rule == "boilerplate.site_name" for r in doc.removed)
    texts, first = lines.text, lines.first
    # "drop" for a removed line and "keep" for any other, by a dict read in C
    lines.final = list(map({"removed": "drop"}.get, first, repeat("keep")))
    lines.why = list(map({"removed": "removed by a phrase rule"}.get, first, repeat("kept")))
    context_drops: dict[int, tuple[str, str]] = {}
    for a, b in menu_runs(lines):
        if not whole_page and _shared_shape([texts[k] for k in range(a, b) if first[k] != "removed"], inner_only=True):
            continue    # after an extractor, short lines sharing a shape are a list ("VIP : 60,000₩")
        _propose(context_drops, range(a, b), ("boilerplate.menu_run",
                                              f"one of {b - a} short unpunctuated lines in a row (a menu)"))
    for a, b in teaser_runs(lines):
        _propose(context_drops, range(a, b), ("boilerplate.teaser_list", "a list of headlines each with a "
                                              "one-paragraph summary (teasers of other articles)"))
    # An extractor keeps lists of short lines only when they are the article's: a list of
    # headlines is judged on whole pages alone.
    for a, b in headline_runs(lines) if whole_page else ():
        _propose(context_drops, range(a, b), ("boilerplate.headline_list", f"one of {b - a} headlines in a "
                                              "row (a list of other stories)"))
    stamps = _with_year_sign(lines) if whole_page else ()
    _propose(context_drops, [k for k in stamps if first[k] != "removed" and _publication_stamp(
                 texts[k], first[k], lines.enumerated[k], lines.words[k])],
             ("boilerplate.dateline", "a line with the date and time of publication (about the page, "
              "not of the article)"))
    for a, b in glued_teaser_runs(lines):
        _propose(context_drops, range(a, b), ("boilerplate.teaser_list", "one of several paragraphs in a row "
                                              "that open with a headline (teasers of other articles)"))
    thread = comment_thread_start(lines)
    anchors = headline_lines(doc, lines)
    rows = list_rows(lines, anchors)
    if whole_page:
        final, rule_of, why_of = lines.final, lines.rule, lines.why
        for k, (rule, why) in context_drops.items():     # _drop, inline: ten thousand lines a batch
            if final[k] != "drop" and k not in rows:
                final[k], rule_of[k], why_of[k] = "drop", rule, why
        _drop_outside_region(lines, thread, rows, anchors)
    else:
        region = densest_region(lines, thread, rows)
        _trim_extracted(lines, region, thread, context_drops,
                        doc.title_line.start if doc.title_line is not None else None)
    _keep_title(doc, lines)
    _record(doc, lines, whole_page)
    return lines


def _propose(drops: dict[int, tuple[str, str]], indices, reason: tuple[str, str]) -> None:
    """Propose to drop each line of `indices` for `reason` (a rule and why), unless a reason
    was proposed for it already (the first stands)."""
    for k in indices:
        drops.setdefault(k, reason)


def _keep_title(doc: Document, lines: Lines) -> None:
    """The line the metadata stage took as the title heads the article and stays."""
    if doc.title_line is None:
        return
    k = bisect_left(lines.start, doc.title_line.start)      # lines start in order, each at its own place
    if k < len(lines) and lines.start[k] == doc.title_line.start and lines.final[k] == "drop" and lines.rule[k]:
        lines.final[k], lines.rule[k], lines.why[k] = "keep", "", "the document's title"


def _drop_outside_region(lines: Lines, thread: int | None, rows: frozenset[int],
                         anchors: frozenset[int]) -> None:
    """On a whole page, everything outside the article's densest stretch is the page around it."""
    region = densest_region(lines, thread, rows)
    if region is None:
        return
    why = "outside the article's densest stretch of prose"
    anchored = _anchored_region(lines, region, thread, rows, anchors)
    if anchored is not None:
        region, why = anchored
    lo, hi = region
    if thread is not None:
        hi = min(hi, thread)
    lo, hi = _trim_loose_edges(lines, lo, hi, rows, anchors)
    _drop_all(lines, chain(range(lo), range(hi, len(lines))), "boilerplate.outside_article", why)
    _drop_closing_bio(lines, lo, hi)


# The headline's stretch wins over a denser one elsewhere that reads as teasers when it
# holds at least this share of the denser one's content words.
ANCHORED_SHARE = 0.5


def _anchored_region(lines: Lines, region: tuple[int, int], thread: int | None,
                     rows: frozenset[int], anchors: frozenset[int]) -> tuple[tuple[int, int], str] | None:
    """The stretch that opens right under the headline, and why, when it should be the
    article rather than the densest stretch `region` lying elsewhere: the densest stretch
    reads as teasers (short paragraphs, most under a title line: a sidebar of other pages),
    while the headline's stretch does not and holds a fair share of its content words (a
    calendar, a short article). None when the densest stretch holds or opens under the
    headline."""
    lo, hi = region
    if any(map(range(lo, hi).__contains__, anchors)) or _under_headline(lines, lo, anchors):
        return None
    if not TeaserCount.of(lines, region).teasers():
        return None
    end = thread if thread is not None else len(lines)
    best = None
    for k in sorted(anchors):
        stretch = _stretch_under(lines, k, rows, anchors, lo if k < lo else end)
        if stretch is not None and (best is None or stretch[1] > best[1]):
            best = stretch
    if best is None:
        return None
    stretch = best[0]
    words, denser_words = _content_words(lines, stretch, rows), _content_words(lines, region, rows)
    if TeaserCount.of(lines, stretch).teasers() or words < ANCHORED_SHARE * denser_words:
        return None
    return stretch, (f"outside the article's stretch under its headline ({words:g} words of "
                     f"content); the denser stretch at characters {lines.start[lo]}-{lines.end[hi - 1]} "
                     f"({denser_words:g} words) reads as teasers: short paragraphs each under a title line")


def _stretch_under(lines: Lines, k: int, rows: frozenset[int], anchors: frozenset[int],
                   stop: int) -> tuple[tuple[int, int], float] | None:
    """The stretch [i, j) that opens with the first content line right under the headline
    line k (see _under_headline) and runs, short of `stop`, as far as its score is greatest;
    with that score. None when no content opens under the line."""
    start = next((j for j in range(k + 1, min(k + 2 + HEADLINE_GAP, stop))
                  if lines.final[j] == "keep" and _content(lines, j, j in rows)), None)
    if start is None or not _under_headline(lines, start, anchors):
        return None
    total, best, best_end = 0.0, 0.0, None
    for j, score in enumerate(_scores(lines, rows, start, stop), start):
        total += score
        if total > best:
            best, best_end = total, j + 1
    return ((start, best_end), best) if best_end is not None else None


def _content_words(lines: Lines, span: tuple[int, int], rows: frozenset[int]) -> float:
    """The words of the live content lines (see _content) of the stretch [i, j)."""
    return sum(lines.words[k] for k in range(*span)
               if lines.final[k] == "keep" and _content(lines, k, k in rows))


_NAME_HEADING = regex.compile(r"(?:\p{L}+\s+)?(?P<name>\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})")
BIO_NAME_WITHIN = 30    # the biography names its subject within its first words


def _drop_closing_bio(lines: Lines, lo: int, hi: int) -> None:
    """The article region's last paragraph, under a heading that names a person ("Sobre
    Carlos Nadalim", "About Jane Doe", "Jane Doe") and naming that person early on, is the
    author box that closes the page."""
    live = [k for k in range(lo, hi) if lines.final[k] == "keep"]
    if len(live) < 3:
        return
    heading, bio = live[-2], live[-1]
    if lines.first[heading] != "short" or lines.first[bio] != "prose":
        return
    m = _NAME_HEADING.fullmatch(lines.text[heading].strip())
    if m is None:
        return
    surname = m.group("name").split()[-1]
    if surname not in _WORD.findall(lines.text[bio])[:BIO_NAME_WITHIN]:
        return
    for k in (heading, bio):
        _drop(lines, k, "boilerplate.author_bio", "the author box after the article: a heading naming "
              "a person, then a paragraph about that person")


# A break in the article region: this many lines in a row that carry no sentence (a
# "Related" heading and its links, an author box's name and photo credit, a share bar).
BREAK_LINES = 3
# A paragraph cut off by such a break at an edge of the region, and this short beside the
# rest, is the page's (an author bio, a newsletter prompt, a caption), not the article's.
LOOSE_EDGE_PARAGRAPHS = 2
LOOSE_EDGE_SHARE = 0.3


def _content_flags(lines: Lines, rows: frozenset[int] = frozenset()) -> list[bool]:
    """_content of every line."""
    first, words = lines.first, lines.words
    flags = list(map(_PARAGRAPH_CLASSES.__contains__, first))
    for k in compress(range(len(first)), lines.enumerated):     # a few items in a hundred lines
        if first[k] != "removed" and words[k] >= SENTENCE_WORDS:
            flags[k] = True
    for k in rows:
        flags[k] = True
    return flags


def _segments(lines: Lines, lo: int, hi: int, content: list[bool],
              rows: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """The stretches [i, j) of the region [lo, hi) between breaks (`content` holding
    _content of every line)."""
    segments, start, quiet = [], lo, 0
    first = lines.first
    for k in range(lo, hi):
        if first[k] == "ui" and k not in rows:
            continue    # numbers and dates sit in tables and lists an article holds
        if content[k]:
            if quiet >= BREAK_LINES and k - quiet > start:
                segments.append((start, k - quiet))
                start = k
            elif quiet >= BREAK_LINES:
                start = k
            quiet = 0
        else:
            quiet += 1
    segments.append((start, hi))
    return segments


def _content(lines: Lines, k: int, list_row: bool = False) -> bool:
    """Line k carries the article's content: a sentence, an item of a list, or a row of a
    structured list (see list_rows)."""
    f = lines.first[k]
    return f in ("prose", "sentence") or list_row or (
        lines.enumerated[k] and f != "removed" and lines.words[k] >= SENTENCE_WORDS)


def _trim_loose_edges(lines: Lines, lo: int, hi: int, rows: frozenset[int] = frozenset(),
                      anchors: frozenset[int] = frozenset()) -> tuple[int, int]:
    """Shrink the region past the short paragraphs that a break cuts off at its edges, and,
    when the article opens right under its headline, past the teasers at its end."""
    content = _content_flags(lines, rows)
    segments = _segments(lines, lo, hi, content, rows)
    opening = next((seg for seg in segments if _under_headline(lines, seg[0], anchors)), None)
    weights = lines.words
    # the words and the paragraphs of the content lines of each segment, computed once
    words = {seg: sum([weights[k] for k in range(*seg) if content[k]]) for seg in segments}
    paragraphs = {seg: content[seg[0]:seg[1]].count(True) for seg in segments}
    while len(segments) > 1:
        main = max(map(words.__getitem__, segments))
        for end in (-1, 0):
            edge = segments[end]
            if paragraphs[edge] <= LOOSE_EDGE_PARAGRAPHS and words[edge] < LOOSE_EDGE_SHARE * main:
                del segments[end]
                break
        else:
            if opening not in segments:
                break
            cut = _teaser_tail(lines, segments, segments.index(opening))
            if cut == len(segments):
                break
            segments = segments[:cut]
    return segments[0][0], segments[-1][1]


CARD_PARAGRAPHS = 2     # a teaser card between breaks holds at most this many paragraphs


def _teaser_tail(lines: Lines, segments: list[tuple[int, int]], opening: int) -> int:
    """Index of the first of the segments after the opening one that, together with all
    that follow, read as teasers (see TeaserCount.teasers): one long block of them, or cards
    that breaks (a title, an author, a date) cut apart. len(segments) when there is none.
    The search goes back from the end and stops at a section with several paragraphs."""
    cut = len(segments)
    tail = TeaserCount()
    for n in range(len(segments) - 1, opening, -1):
        seg = TeaserCount.of(lines, segments[n])
        tail = tail + seg
        if tail.teasers():
            cut = n
        elif seg.paragraphs > CARD_PARAGRAPHS:
            break
    return cut


HEADLINE_GAP = 6        # lines without content (a byline, a date, a share bar) under a headline


def _under_headline(lines: Lines, start: int, anchors: frozenset[int]) -> bool:
    """True when the lines just above `start` hold the headline, with at most HEADLINE_GAP
    lines and no sentence between."""
    for k in range(start - 1, max(start - 1 - HEADLINE_GAP, -1), -1):
        if k in anchors:
            return True
        if lines.first[k] in ("prose", "sentence"):
            return False
    return False


TEASER_SHARE = 2 / 3        # this share of a stretch's paragraphs right under a title line


@dataclass(frozen=True, slots=True)
class TeaserCount:
    """What tells teasers from an article's sections in a stretch of lines: its paragraphs,
    their words, and how many of them sit right under a short title line."""
    paragraphs: int = 0
    words: float = 0.0
    titled: int = 0

    @classmethod
    def of(cls, lines: Lines, seg: tuple[int, int]) -> "TeaserCount":
        """The counts of the stretch [i, j)."""
        first, colons, items = lines.first, lines.colon, lines.enumerated
        paragraphs = [k for k in range(*seg) if first[k] == "prose"]
        titled = [k for k in paragraphs if k > 0 and first[k - 1] in ("short", "ui")
                  and not items[k - 1] and not colons[k - 1]]       # _title_like
        return cls(len(paragraphs), sum([lines.words[k] for k in paragraphs]), len(titled))

    def __add__(self, other: "TeaserCount") -> "TeaserCount":
        return TeaserCount(self.paragraphs + other.paragraphs, self.words + other.words,
                           self.titled + other.titled)

    def teasers(self) -> bool:
        """True when the stretch reads as teasers of other pages: at least TEASER_UNITS
        short paragraphs, most of them right under a short title line ("» Coluna de Adauto
        Silva" / "Clique na foto do Adauto e veja as colunas ..."). An article's sections
        put several paragraphs, or longer ones, under each heading."""
        return (self.paragraphs >= TEASER_UNITS and self.words <= TEASER_SUMMARY_WORDS * self.paragraphs
                and self.titled >= TEASER_SHARE * self.paragraphs)


HEADLINE_WORDS = (3, 20)    # a headline holds this many words


def _trim_extracted(lines: Lines, region: tuple[int, int] | None,
                    thread: int | None, context_drops: dict[int, tuple[str, str]],
                    title_start: int | None = None) -> None:
    """After an extractor the text is mostly article: drop the headline above it (unless
    it is the title line, which starts at `title_start`), the
    comment thread below it, and menus and teasers only where they lie outside the
    article's densest stretch."""
    _drop_all(lines, _headline_run(lines, title_start), "boilerplate.headline",
              "the headline above the article (not part of its text)")
    lo, hi = region if region is not None else (0, len(lines))
    for k, (rule, why) in context_drops.items():
        if k < lo or k >= hi:
            _drop(lines, k, rule, why)
    if thread is not None:
        _drop_all(lines, range(thread, len(lines)), "boilerplate.comment_thread",
                  "in the comment thread after the article")


HEADLINE_RUN_LINES = 3     # a headline, a standfirst and a dateline: more is no headline


def _headline_run(lines: Lines, title_start: int | None) -> list[int]:
    """The kept lines above the article that read as its headline: the first kept lines
    while they are _headline_like (a standfirst or a dateline may sit under the headline),
    at most HEADLINE_RUN_LINES of them, when the article opens right after them. The
    article is the next kept line: not itself headline-like, so that cleaning the output
    again finds no headline above it, and not a list item (a first line that a list
    follows introduces the list). Empty when no kept line comes after the run, and when the
    first kept line is the document's title: the headline is kept once, as the title."""
    final, run = lines.final, []
    k = _index_of(final, "keep")
    if k is not None and title_start is not None and lines.start[k] == title_start:
        return []
    while k is not None and _headline_like(lines, k):
        if len(run) == HEADLINE_RUN_LINES:
            return []
        run.append(k)
        k = _index_of(final, "keep", k + 1)
    if k is None or lines.enumerated[k]:
        return []
    return run


def _indices_of(values: list, value) -> list[int]:
    """The indices of every `value` in values, in order, found by list.index (a scan in C)."""
    found, k = [], -1
    try:
        while True:
            k = values.index(value, k + 1)
            found.append(k)
    except ValueError:
        return found


def _index_of(values: list, value, start: int = 0) -> int | None:
    """The index of the first `value` in values[start:], None when there is none."""
    try:
        return values.index(value, start)
    except ValueError:
        return None


def _headline_like(lines: Lines, k: int) -> bool:
    """A first line shaped like a headline: a few words, no sentence punctuation, not a
    label ("Tested by: ... Price: ...") nor the lead-in of a list. A headline may end in a
    question or exclamation mark, but a full stop ends a sentence."""
    low, high = HEADLINE_WORDS
    text = lines.text[k].rstrip()
    return (lines.first[k] == "short" and not lines.enumerated[k] and low <= lines.words[k] <= high
            and not text.endswith((":", "：", ".", "。")) and text.count(":") < 2
            and not text.endswith(_BROKEN_OFF))


# A line ending in one of these was broken off mid-sentence (at a link, say), not a headline.
_BROKEN_OFF = ("(", "[", "“", "‘", "«", ",", "，", "、", "-", "–", "—", "/")


def _blocks_with_lines(doc: Document, lines: Lines) -> list[Block]:
    """Each block that holds lines, in order."""
    if len(lines) == len(lines.source_lines):       # no line joined another: most documents
        return doc.blocks
    return [next(group) for _, group in groupby(lines.block, key=id)]   # a block's lines come together


class _LineDecisions:
    """Each line's first and final decision, as its block's decisions list them: a heading
    that says how the text was read, then one string per line. Only explanations and tests
    read them, so they are written when read (see defer_decisions), instead of a string
    per line of every page. (A DecisionWriter: it keeps no column that holds blocks.)"""
    __slots__ = ("heading", "start", "end", "first", "final", "why")

    def __init__(self, lines: Lines, whole_page: bool) -> None:
        self.heading = f"structure: text read as a {'whole page' if whole_page else 'extracted article'}"
        # start, end and first do not change once described; the decisions are copied as
        # they stand now
        self.start, self.end, self.first = lines.start, lines.end, lines.first
        self.final, self.why = lines.final[:], lines.why[:]

    def decisions_of(self, block: Block) -> list[str]:
        """The heading and the decisions on the block's lines: those that start inside it
        (the lines are in order, and a joined line starts in the block it belongs to)."""
        lo = bisect_left(self.start, block.start)
        hi = bisect_left(self.start, block.end, lo)
        return [self.heading] + [f"line {start}-{end}: first {first}, final {final} ({why})"
                                 for start, end, first, final, why in
                                 zip(self.start[lo:hi], self.end[lo:hi], self.first[lo:hi],
                                     self.final[lo:hi], self.why[lo:hi])]


def _picker(indices: list[int]):
    """A function that takes the items of a column at the (one or more) `indices`, as a
    tuple: operator.itemgetter, which does it in C."""
    if len(indices) == 1:
        only = indices[0]
        return lambda column: (column[only],)
    return operator.itemgetter(*indices)


def _record(doc: Document, lines: Lines, whole_page: bool) -> None:
    """Write each line's first and final decision on its block, and remove the drops."""
    defer_decisions(_blocks_with_lines(doc, lines), _LineDecisions(lines, whole_page))
    drops = list(compress(range(len(lines)), map(operator.and_, map(operator.eq, lines.final, repeat("drop")),
                                                  map(bool, lines.rule))))
    if not drops:
        return
    source = doc.source
    pick = _picker(drops)
    starts, line_ends, blocks = pick(lines.start), pick(lines.end), pick(lines.block)
    # a dropped line takes its newline with it, unless it ends its block
    ends = [end + 1 if newline and end < block.end else end
            for end, block, newline in zip(line_ends, blocks, map(source.startswith, repeat("\n"), line_ends))]
    first, words = pick(lines.first), pick(lines.words)
    evidence_of = {key: f"{key[0]}, {key[1]:g} words" for key in set(zip(first, words))}   # few distinct ones
    evidence = map(evidence_of.__getitem__, zip(first, words))
    # the lines come in order, each after the one before
    doc.remove_many(zip(starts, ends, pick(lines.rule), pick(lines.why), evidence))
