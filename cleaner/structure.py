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
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from itertools import compress, groupby, islice, repeat

import re

import regex

from .model import Block, Document, Line

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
    unspaced = len(unspaced_char.findall(text))
    if not unspaced:
        return float(len(word.findall(text)))
    rest = unspaced_char.sub(" ", text)
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


_CONTINUES_AFTER_PUNCT = regex.compile(r"^[,.;:)\]»”’%]")
_CONTINUES_LOWER = regex.compile(r"^\p{Ll}")
_CONTINUATION_MARKS = frozenset(",.;:)]»”’%")   # the characters of _CONTINUES_AFTER_PUNCT
CONTINUATION_MIN_WORDS = 6   # a lower-case line continues only a line this long (menus are short)


def _continues(previous: str, text: str) -> bool:
    """True when `text` is the rest of a sentence that `previous` began."""
    return not ends_like_sentence(previous) and _continues_open(previous, text)


def _continues_open(previous: str, text: str) -> bool:
    """_continues for a `previous` known not to end like a sentence."""
    if text[:1] in _CONTINUATION_MARKS:
        return True
    if previous.rstrip().endswith((",", "、", "，")) and not _ENUMERATED.match(text):
        return True     # a sentence broken after a comma, as pages in unspaced scripts often are
    return _starts_lower(text) and word_weight(previous) >= CONTINUATION_MIN_WORDS


def _starts_lower(text: str) -> bool:
    """True when the text starts with a lower-case letter (_CONTINUES_LOWER)."""
    first = text[:1]
    if first.isascii():
        return "a" <= first <= "z"
    return bool(_CONTINUES_LOWER.match(text))


def _kept_texts(doc: Document) -> list[list[str]]:
    """The kept text of every line, block by block: what doc.kept_text gives, in one walk
    over the lines and the removed spans together instead of a bisection per line."""
    doc.check_time()
    source = doc.source
    spans = sorted((r.start, r.end) for r in doc.removed)   # disjoint, so ends rise too
    n, j = len(spans), 0
    out = []
    for block in doc.blocks:
        while j < n and spans[j][1] <= block.start:
            j += 1
        if j == n or spans[j][0] >= block.end:      # nothing removed in the block: most blocks
            out.append([source[line.start:line.end].strip() for line in block.lines])
            continue
        texts = []
        for line in block.lines:
            start, end = line.start, line.end
            while j < n and spans[j][1] <= start:
                j += 1
            if j == n or spans[j][0] >= end:
                texts.append(source[start:end].strip())
            else:
                texts.append(" ".join(_uncovered(source, spans, j, start, end)).strip())
        out.append(texts)
    return out


def _uncovered(source: str, spans: list[tuple[int, int]], j: int, start: int, end: int) -> list[str]:
    """The pieces of source[start:end] outside the removed spans, from spans[j] on."""
    pieces, pos = [], start
    for k in range(j, len(spans)):
        s, e = spans[k]
        if s >= end:
            break
        if s > pos:
            pieces.append(source[pos:s])
        pos = max(pos, e)
        if pos >= end:
            return pieces
    pieces.append(source[pos:end])
    return pieces


def _logical_groups(doc: Document) -> tuple[list[Block], list[list[Line]], list[str], list[bool]]:
    """The logical lines (see _logical_lines) as columns: the block of each, its source
    lines, its kept text (theirs joined by spaces), and whether that ends like a sentence."""
    blocks: list[Block] = []
    lines_of: list[list[Line]] = []
    texts: list[str] = []
    ends: list[bool] = []
    previous = ""           # the kept text of the last line that kept any
    previous_ends = False   # ... and whether it ends like a sentence
    for block, line_texts in zip(doc.blocks, _kept_texts(doc)):
        # ends_like_sentence of each line, for stripped text without the call
        line_ends = [text.rstrip(_CLOSING)[-1:] in _SENTENCE_MARKS for text in line_texts]
        for i, (line, text, text_ends) in enumerate(zip(block.lines, line_texts, line_ends)):
            # after a sentence's end nothing continues, nor does a repair rejoin a paragraph
            if (text and blocks and not previous_ends
                    and (blocks[-1] is block and _continues_open(previous, text)
                         or i == 0 and _rejoined_by_repair(previous, text))):
                lines_of[-1].append(line)
                texts[-1] = f"{texts[-1]} {text}" if texts[-1] else text
                ends[-1] = text_ends
            else:
                blocks.append(block)
                lines_of.append([line])
                texts.append(text)
                ends.append(text_ends)
            if text:
                previous, previous_ends = text, text_ends
    return blocks, lines_of, texts, ends


def _logical_lines(doc: Document) -> list[tuple[Block, list[Line]]]:
    """The lines of each block, with continuation lines joined to the line they continue.
    Lines are read as the phrase rules left them (kept text), so that cleaning clean
    output sees the same lines again."""
    blocks, lines_of, _, _ = _logical_groups(doc)
    return list(zip(blocks, lines_of))


_PARAGRAPH_QUOTES = "\"'”’»“"
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
    """One LineInfo per (logical) line of the document, in order, with its first-pass class.

    Each feature is computed for all lines at once, as a map of one compiled pattern or
    string method over the texts (the loop runs in C), and `re` serves the ASCII lines."""
    blocks, lines_of, texts, ends = _logical_groups(doc)
    ascii_flags = list(map(str.isascii, texts))
    words = _by_engine(texts, ascii_flags, _ascii_word_weights, _word_weights)
    inside = _by_engine(texts, ascii_flags, _ascii_sentences_inside, _sentences_inside)
    enumerated = _list_items(texts)
    firsts = _first_classes(texts, words, list(map(operator.or_, ends, inside)))
    removed = list(map(operator.not_, texts))       # nothing kept: the whole line is removed
    infos = list(map(LineInfo, blocks, lines_of, range(len(texts)), texts, words, ends, inside,
                     enumerated, removed, repeat(""), firsts))
    _name_removal_concepts(doc, list(compress(infos, removed)))
    return infos


def _list_items(texts: list[str]) -> list[bool]:
    """is_list_item of each (stripped) text: the pattern runs only on the texts whose first
    character may start an item."""
    return [((first in _ASCII_ITEM_STARTS or not first.isascii()) and _ENUMERATED.match(text) is not None
             or _ends_a_cell(text)) if first else False
            for text, first in zip(texts, [text[:1] for text in texts])]


def _by_engine(texts: list[str], ascii_flags: list[bool], on_ascii, on_other) -> list:
    """One result per text: `on_ascii` takes the list of ASCII texts, `on_other` (with the
    `regex` patterns) the list of the others, and their results come back in text order."""
    if all(ascii_flags):
        return on_ascii(texts)
    from_ascii = iter(on_ascii(list(compress(texts, ascii_flags))))
    from_other = iter(on_other(list(compress(texts, map(operator.not_, ascii_flags)))))
    return [next(from_ascii) if is_ascii else next(from_other) for is_ascii in ascii_flags]


def _ascii_word_weights(texts: list[str]) -> list[float]:
    """word_weight of each ASCII text."""
    return list(map(float, map(len, map(_ASCII_WORD_STARTS.findall, texts))))


def _word_weights(texts: list[str]) -> list[float]:
    """word_weight of each text."""
    return list(map(word_weight, texts))


def _ascii_sentences_inside(texts: list[str]) -> list[bool]:
    """Whether a sentence ends inside each ASCII text and another begins."""
    return list(map(bool, map(_ASCII_SENTENCE_INSIDE.search, texts)))


def _sentences_inside(texts: list[str]) -> list[bool]:
    """Whether a sentence ends inside each text and another begins."""
    return list(map(bool, map(_SENTENCE_INSIDE.search, texts)))


def _first_classes(texts: list[str], words: list[float], punctuated: list[bool]) -> list[str]:
    """first_pass_class of every line. Most lines meet none of the tests of ui lines, link
    labels and contact details (no @, colon, three digits or URL start; a word in front of a
    short line; punctuation or too few words for link labels) and take their class from
    their words and punctuation alone."""
    three_digits = map(_THREE_DIGITS_FAST.search, texts)
    return ["removed" if not text
            else _class_of_shape(text, n, dot)
            if ("@" in text or ":" in text or digits is not None or text.startswith(("http", "www."))
                or (n <= UI_WORDS and not (text[:1].isalpha() and text[:1].isascii()))
                or (not dot and 2 * n >= LONG_WORDS))
            else "prose" if n >= LONG_WORDS or (n >= PROSE_WORDS and dot)
            else "sentence" if n >= SENTENCE_WORDS and dot
            else "short"
            for text, n, dot, digits in zip(texts, words, punctuated, three_digits)]


def _name_removal_concepts(doc: Document, removed: list[LineInfo]) -> None:
    """On each removed line, the concept of the phrase rule that removed it."""
    if not removed:
        return
    by_start = sorted(doc.removed, key=lambda r: r.start)
    k = 0
    for info in removed:
        start, end = info.lines[0].start, info.lines[-1].end
        while k < len(by_start) and by_start[k].end <= start:
            k += 1
        if k < len(by_start) and by_start[k].start < end:
            info.concept = by_start[k].rule.split(".")[1] if "." in by_start[k].rule else ""


# Thresholds of the first pass, in words (see word_weight).
PROSE_WORDS = 12        # a line this long with sentence punctuation reads as article prose
LONG_WORDS = 25         # a line this long is prose even without punctuation
SENTENCE_WORDS = 5      # a shorter line ending like a sentence is still a sentence
UI_WORDS = 4            # a line of numbers and separators holds at most this many words


def first_pass_class(info: LineInfo) -> str:
    """The class of a line from its own shape: removed, ui, prose, sentence or short."""
    if info.removed:
        return "removed"
    return _class_of_shape(info.text.strip(), info.words, info.ends_sentence or info.sentences_inside)


def _class_of_shape(text: str, words: float, punctuated: bool) -> str:
    """The first-pass class of a line that keeps text: ui, prose, sentence or short."""
    if _url_or_mail(text) or (words <= UI_WORDS and _numeric(text)):
        return "ui"
    # _link_labels needs LONG_WORDS words, and a line never holds twice its weight in words
    if not punctuated and 2 * words >= LONG_WORDS and _link_labels(text):
        return "short"
    if _contact_details(text):
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


def _link_labels(text: str) -> bool:
    """True for a long line of link labels run together ("Afghanistan Barack Obama Bid'ah
    Buku Iman ...", "Ascom | Hospital Solutions Ascom | Senior Care"): a tag cloud or a
    menu flattened into one line. Most of its words are capitalized, which even German
    prose is not. Scripts without case never match."""
    words = _WORD.findall(text)
    if len(words) < LONG_WORDS:
        return False
    return sum(1 for w in words if _CAPITALIZED.match(w)) >= CAPITALIZED_SHARE * len(words)

# Contact details: e-mail addresses, telephone numbers and their labels (Tel, Fax, E-mail
# and their spellings in the languages of the packs).
_CONTACT = regex.compile(
    r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"
    r"|(?<![\w.])\+?\(?\d{2,4}\)?[\s./-]?\d{3,4}[\s./-]?\d{3,5}\b"
    r"|\b(?i:tel(?:e(?:phone|fone|fon|fono|f))?|phone|fax|e-?mail|t[ée]l[ée]phone|tel[ée]fono)\b\.?\s*:",
)
_ASCII_CONTACT = _ascii_twin(_CONTACT)
CONTACT_ITEMS = 3


_THREE_DIGITS = re.compile(r"\d{3}")
_THREE_DIGITS_FAST = regex.compile(r"\d{3}")   # finds them twice as fast; regex's \d holds re's
_DIGIT_RUNS = regex.compile(r"\d{3,}")
_ASCII_DIGIT_RUNS = _ascii_twin(_DIGIT_RUNS)


def _contact_details(text: str) -> bool:
    """True for a line that lists ways to reach someone (a customer-service box, an
    imprint): several e-mail addresses, telephone numbers or their labels."""
    # each kind of item needs an @, a colon or a run of three digits: most lines have none
    if "@" not in text and ":" not in text and not (_THREE_DIGITS_FAST.search(text)
                                                    and _THREE_DIGITS.search(text)):
        return False
    ascii_text = text.isascii()
    # An address holds one @, a label ends with one colon, and a number ends a run of three
    # digits or more: fewer of these than CONTACT_ITEMS in all, and the pattern need not run.
    items = text.count("@") + text.count(":")
    if items < CONTACT_ITEMS:
        items += len((_ASCII_DIGIT_RUNS if ascii_text else _DIGIT_RUNS).findall(text))
        if items < CONTACT_ITEMS:
            return False
    return len((_ASCII_CONTACT if ascii_text else _CONTACT).findall(text)) >= CONTACT_ITEMS


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
    list_rows) carries content the way a list item does, whatever its own shape."""
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


def densest_region(infos: list[LineInfo], comments_from: int | None = None,
                   rows: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The run of lines [i, j) with the greatest total score (Kadane's maximum subarray):
    the article's body as the densest stretch of prose. None when there is no prose.
    `rows` holds the indices of the rows of structured lists (see list_rows)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for k, info in enumerate(infos):
        if total <= 0:
            total, start = 0.0, k
        score = line_score(info, k in rows)
        if comments_from is not None and k >= comments_from and score > 0:
            score *= AFTER_COMMENTS_SHARE
        total += score
        if total > best:
            best, best_span = total, (start, k + 1)
    return best_span


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


def _row_like(info: LineInfo) -> bool:
    """A line that may be a row of a structured list: live, not prose, a few words, not a
    menu's label nor the lead-in of a list ("Tour dates:")."""
    low, high = LIST_ROW_WORDS
    return (info.first in ("short", "sentence", "ui") and low <= info.words <= high
            and not _menu_like(info) and not info.text.rstrip().endswith((":", "：")))


def _data_shaped(run: list[LineInfo]) -> bool:
    """True when most rows share an inner mark (see _list_shaped) and hold a number: the
    rows of a calendar, a price list or a table, not headlines that share a colon."""
    with_number = sum(1 for i in run if _DIGIT.search(i.text))
    return _list_shaped(run, inner_only=True) and with_number >= 2 * len(run) / 3


def list_rows(infos: list[LineInfo], anchors: frozenset[int] = frozenset()) -> frozenset[int]:
    """Indices of the rows of the article's structured lists: runs of at least LIST_RUN
    row-like lines, data-shaped (see _data_shaped) or introduced by a line ending in a
    colon ("The new routes:"), and attached to the article: right after one of the
    `anchors` (the headline's lines) or beside a paragraph."""
    rows: set[int] = set()
    k = 0
    while k < len(infos):
        end = k
        while end < len(infos) and _row_like(infos[end]) and end not in anchors:
            end += 1
        run = infos[k:end]
        if (len(run) >= LIST_RUN and sum(i.words for i in run) >= LIST_MEAN_WORDS * len(run)
                and _list_attached(infos, k, end, anchors)
                and (_data_shaped(run) or _introduced(infos, k))):
            rows.update(range(k, end))
        k = max(end, k + 1)
    return frozenset(rows)


def _list_attached(infos: list[LineInfo], a: int, b: int, anchors: frozenset[int]) -> bool:
    """True when the run [a, b) has the headline or a finished sentence just before it,
    or a finished paragraph just after it (and no headline between), with at most a
    heading or a removed line between. A teaser's headline may read as prose ("... at
    Dec. 2 special event") but does not end like a sentence."""
    for k in range(a - 1, max(a - 1 - ATTACH_LINES, -1), -1):
        if k in anchors or (infos[k].first in ("prose", "sentence") and infos[k].ends_sentence):
            return True
    for k in range(b, min(b + ATTACH_LINES, len(infos))):
        if k in anchors:
            return False    # a list above the headline is the page's, not the article's
        if infos[k].first == "prose" and infos[k].ends_sentence:
            return True
    return False


HEADLINE_MATCH = 0.8    # share of words a line must have in common with the headline


def headline_lines(doc: Document, infos: list[LineInfo]) -> frozenset[int]:
    """Indices of the lines in the body that repeat the page's headline, where the article
    begins: the echoes the title-echo rule removed, and lines whose words are nearly the
    headline's ("Calendário da Stock Car 2018" under "Calendário Stock Car 2018"). The
    title line itself is not one: on a page, the menus follow it."""
    if doc.title_line is None:
        return frozenset()
    echoes = {r.start for r in doc.removed if r.rule == "boilerplate.title_echo"}
    headline = doc.metadata.get("title") or doc.kept_text(doc.title_line.start, doc.title_line.end)
    words = set(w.casefold() for w in _WORD.findall(headline))
    found = set()
    for k, info in enumerate(infos):
        if info.start == doc.title_line.start:
            continue
        if info.start in echoes:
            found.add(k)
        elif words and info.first != "removed" and info.words <= 2 * len(words):
            line_words = set(w.casefold() for w in _WORD.findall(info.text))
            if len(words & line_words) >= HEADLINE_MATCH * max(len(words), len(line_words)):
                found.add(k)
    return frozenset(found)


# -- comment threads -------------------------------------------------------------------------
# A time of day or a numeric date: comment headers carry one, prose rarely on a short line.
_STAMP = regex.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_ASCII_STAMP = _ascii_twin(_STAMP)
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
    start = _after_prose(infos, region[0], PROSE_BEFORE_THREAD)
    if start is None:
        return None
    # a chain looks forward only, so stamps before the first line that may start one do not count
    stamps = [k for k in range(start, len(infos))
              if infos[k].words <= STAMP_WORDS and infos[k].first != "prose" and _has_stamp(infos[k].text)]
    position = {k: pos for pos, k in enumerate(stamps)}
    for k in range(start, len(infos)):
        if infos[k].concept == "comment_prompt":
            return k
        if k in position:
            chain = stamps[position[k]:position[k] + STAMP_CHAIN]
            if len(chain) == STAMP_CHAIN and all(b - a <= STAMP_GAP for a, b in zip(chain, chain[1:])):
                return k
    return None


def _after_prose(infos: list[LineInfo], start: int, words: float) -> int | None:
    """The index of the line from `start` on where the prose read so far reaches `words`."""
    if words <= 0:
        return start if start < len(infos) else None
    prose_words = 0.0
    for k in range(start, len(infos)):
        if infos[k].first == "prose":
            prose_words += infos[k].words
            if prose_words >= words:
                return k
    return None


_ASCII_STAMP_SIGN = re.compile(r"[0-9][:./-][0-9]")   # what every stamp holds


def _has_stamp(text: str) -> bool:
    """True when the text holds a time of day or a numeric date (_STAMP)."""
    if text.isascii():
        return _ASCII_STAMP_SIGN.search(text) is not None and _ASCII_STAMP.search(text) is not None
    return _STAMP.search(text) is not None


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
    for j in range(k - 1, -1, -1):
        if infos[j].first != "removed":
            return infos[j].text.rstrip().endswith((":", "："))
    return False


TEASER_UNITS = 3        # this many title-then-summary units in a row make a teaser list
TEASER_TITLE_LINES = 3  # a unit opens with one to this many short lines (title, author, date)
TEASER_SUMMARY_WORDS = 40


def _title_like(info: LineInfo) -> bool:
    return (info.first in ("short", "ui") and not info.enumerated
            and not info.text.rstrip().endswith((":", "：")))


def teaser_runs(infos: list[LineInfo]) -> list[tuple[int, int]]:
    """Runs [i, j) of at least TEASER_UNITS units, each one to three title-like lines then
    exactly one short paragraph: the headline, byline and summary of other articles. An
    article's sections differ: their headings are followed by several paragraphs."""
    live = [k for k, i in enumerate(infos) if i.first != "removed"]
    # each line's part in a unit, computed once: the search below revisits lines
    title = [_title_like(infos[k]) for k in live]
    paragraph = [infos[k].first in ("prose", "sentence") for k in live]
    n = len(live)
    runs = []
    pos = 0
    while pos < n:
        try:
            pos = title.index(True, pos)    # the next line a unit can start at
        except ValueError:
            break
        units_end, units, p = [], 0, pos
        while True:
            q = p
            while q < n and q - p < TEASER_TITLE_LINES and title[q]:
                q += 1
            if q == p or q >= n:
                break
            if not paragraph[q] or infos[live[q]].words > TEASER_SUMMARY_WORDS:
                break
            if q + 1 < n and paragraph[q + 1]:
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


HEADLINE_RUN = 3        # this many headline-shaped lines in a row make a list of headlines
HEADLINE_RUN_WORDS = (4, 20)
_INNER_MARK = regex.compile(r"[^\p{L}\p{N}\s'’.!?\-]")


def _headline_shaped(info: LineInfo) -> bool:
    low, high = HEADLINE_RUN_WORDS
    return (info.first == "short" and not info.enumerated and low <= info.words <= high
            and not info.text.rstrip().endswith((":", "：")))


def _list_shaped(run: list[LineInfo], inner_only: bool = False) -> bool:
    """True when the lines share a shape, as the items of a list do ("June 23 – City, ST @
    Venue", "1a etapa: 10 de março – Interlagos"): a mark inside most of them, or the same
    first word. Headlines of different stories share neither. With `inner_only`, only a
    mark with text on both sides counts (menus end their items with "»" or "›")."""
    if not run:
        return False
    marks: dict[str, int] = {}
    firsts: dict[str, int] = {}
    for info in run:
        text = info.text.strip()
        found = _INNER_MARK.findall(text[1:-1] if inner_only else text)
        for mark in set(found):
            marks[mark] = marks.get(mark, 0) + 1
        first = info.text.split()[0].casefold() if info.text.split() else ""
        if first[:1].isdigit():
            first = "0"     # quantities, dates, ranks: "1 lemon", "8-9 ripe pears"
        firsts[first] = firsts.get(first, 0) + 1
    need = 2 * len(run) / 3
    if inner_only:
        return any(n >= need for n in marks.values())
    return any(n >= need for n in marks.values()) or any(n >= need for n in firsts.values())


def headline_runs(infos: list[LineInfo]) -> list[tuple[int, int]]:
    """Runs [i, j) of at least HEADLINE_RUN lines shaped like headlines (a few words, no
    sentence punctuation, longer than menu items) that do not share the shape of a list's
    items and that no colon introduces: the "Trending" or "Most read" box of a page."""
    live = [k for k, i in enumerate(infos) if i.first != "removed"]
    runs, pos = [], 0
    # the live lines in stretches of the same shape, of which the headline ones are runs
    for shaped, stretch in groupby(_headline_shaped(infos[k]) for k in live):
        length = sum(1 for _ in stretch)
        if shaped and length >= HEADLINE_RUN:
            run = [infos[k] for k in live[pos:pos + length]]
            if not _list_shaped(run) and not _introduced(infos, live[pos]):
                runs.append((live[pos], live[pos + length - 1] + 1))
        pos += length
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


_LEAD_END = re.compile(r"[,:;.?!]")      # the punctuation tokens of _LEAD_TOKEN
_ASCII_CAPITAL = re.compile(r"[A-Z&]")


def _may_open_with_headline(text: str) -> bool:
    """False when an ASCII paragraph cannot open with TITLE_CASE_LEAD capitalized words:
    each needs its own capital (or an &) before the first punctuation mark."""
    if not text.isascii():
        return True
    end = _LEAD_END.search(text)
    lead = text[:end.start()] if end else text
    return len(_ASCII_CAPITAL.findall(lead)) >= TITLE_CASE_LEAD


def _capitalized(token: str) -> bool:
    """True when the token starts with a capital letter or a digit (_CAPITALIZED)."""
    first = token[:1]
    if first.isascii():
        return "A" <= first <= "Z" or "0" <= first <= "9"
    return bool(_CAPITALIZED.match(token))


def glued_teaser_runs(infos: list[LineInfo]) -> list[tuple[int, int]]:
    """Runs [i, j) holding at least GLUED_TEASER_RUN paragraphs that open with a headline in
    Title Case, one after the other: short lines may sit between them, and so may one
    paragraph whose headline this test misses ("Say Cheese? Detroit's Top 3 Cheese Shops")."""
    paragraphs = [k for k, i in enumerate(infos) if i.first in ("prose", "sentence")]
    opens = [_may_open_with_headline(infos[k].text) and _opens_with_headline(infos[k].text) for k in paragraphs]
    runs, p = [], 0
    while p < len(paragraphs):
        if not opens[p]:
            p += 1
            continue
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
    text = info.text
    if not (info.first in ("short", "ui", "sentence") and not info.enumerated
            and info.words <= STAMP_LINE_WORDS and ("20" in text or "19" in text)):     # a year's start
        return False
    year, time_of_day = (_ASCII_YEAR, _ASCII_TIME_OF_DAY) if text.isascii() else (_YEAR, _TIME_OF_DAY)
    return bool(year.search(text)) and bool(time_of_day.search(year.sub(" ", text)))


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
    # A first line that names the site after the headline is the page's <title>: only a
    # whole page starts with one, never an extractor's article.
    whole_page = looks_like_whole_page(infos) or any(r.rule == "boilerplate.site_name" for r in doc.removed)
    for info in infos:
        info.final, info.why = "keep", "kept"
        if info.first == "removed":
            info.final, info.why = "drop", "removed by a phrase rule"
    context_drops: dict[int, tuple[str, str]] = {}
    for a, b in menu_runs(infos):
        if not whole_page and _list_shaped([i for i in infos[a:b] if i.first != "removed"], inner_only=True):
            continue    # after an extractor, short lines sharing a shape are a list ("VIP : 60,000₩")
        for k in range(a, b):
            context_drops.setdefault(k, ("boilerplate.menu_run",
                                         f"one of {b - a} short unpunctuated lines in a row (a menu)"))
    for a, b in teaser_runs(infos):
        for k in range(a, b):
            context_drops.setdefault(k, ("boilerplate.teaser_list", "a list of headlines each with a "
                                         "one-paragraph summary (teasers of other articles)"))
    # An extractor keeps lists of short lines only when they are the article's: a list of
    # headlines is judged on whole pages alone.
    for a, b in headline_runs(infos) if whole_page else ():
        for k in range(a, b):
            context_drops.setdefault(k, ("boilerplate.headline_list", f"one of {b - a} headlines in a "
                                         "row (a list of other stories)"))
    for k, info in enumerate(infos if whole_page else ()):
        # a stamp's year has a 19 or a 20, which most lines lack
        if ("20" in info.text or "19" in info.text) and info.first != "removed" and publication_stamp(info):
            context_drops.setdefault(k, ("boilerplate.dateline", "a line with the date and time of "
                                         "publication (about the page, not of the article)"))
    for a, b in glued_teaser_runs(infos):
        for k in range(a, b):
            context_drops.setdefault(k, ("boilerplate.teaser_list", "one of several paragraphs in a row "
                                         "that open with a headline (teasers of other articles)"))
    thread = comment_thread_start(infos)
    anchors = headline_lines(doc, infos)
    rows = list_rows(infos, anchors)
    if whole_page:
        for k, (rule, why) in context_drops.items():
            if k not in rows:
                _drop(infos[k], rule, why)
        _drop_outside_region(infos, thread, rows, anchors)
    else:
        region = densest_region(infos, thread, rows)
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


def _drop_outside_region(infos: list[LineInfo], thread: int | None, rows: frozenset[int],
                         anchors: frozenset[int]) -> None:
    """On a whole page, everything outside the article's densest stretch is the page around it."""
    region = densest_region(infos, thread, rows)
    if region is None:
        return
    why = "outside the article's densest stretch of prose"
    anchored = _anchored_region(infos, region, thread, rows, anchors)
    if anchored is not None:
        region, why = anchored
    lo, hi = region
    if thread is not None:
        hi = min(hi, thread)
    lo, hi = _trim_loose_edges(infos, lo, hi, rows, anchors)
    for info in infos[:lo] + infos[hi:]:
        _drop(info, "boilerplate.outside_article", why)
    _drop_closing_bio(infos, lo, hi)


# The headline's stretch wins over a denser one elsewhere that reads as teasers when it
# holds at least this share of the denser one's content words.
ANCHORED_SHARE = 0.5


def _anchored_region(infos: list[LineInfo], region: tuple[int, int], thread: int | None,
                     rows: frozenset[int], anchors: frozenset[int]) -> tuple[tuple[int, int], str] | None:
    """The stretch that opens right under the headline, and why, when it should be the
    article rather than the densest stretch `region` lying elsewhere: the densest stretch
    reads as teasers (short paragraphs, most under a title line: a sidebar of other pages),
    while the headline's stretch does not and holds a fair share of its content words (a
    calendar, a short article). None when the densest stretch holds or opens under the
    headline."""
    lo, hi = region
    if any(lo <= k < hi for k in anchors) or _under_headline(infos, lo, anchors):
        return None
    if not TeaserCount.of(infos, region).teasers():
        return None
    end = thread if thread is not None else len(infos)
    best = None
    for k in sorted(anchors):
        stretch = _stretch_under(infos, k, rows, anchors, lo if k < lo else end)
        if stretch is not None and (best is None or stretch[1] > best[1]):
            best = stretch
    if best is None:
        return None
    stretch = best[0]
    words, denser_words = _content_words(infos, stretch, rows), _content_words(infos, region, rows)
    if TeaserCount.of(infos, stretch).teasers() or words < ANCHORED_SHARE * denser_words:
        return None
    return stretch, (f"outside the article's stretch under its headline ({words:g} words of "
                     f"content); the denser stretch at characters {infos[lo].start}-{infos[hi - 1].end} "
                     f"({denser_words:g} words) reads as teasers: short paragraphs each under a title line")


def _stretch_under(infos: list[LineInfo], k: int, rows: frozenset[int], anchors: frozenset[int],
                   stop: int) -> tuple[tuple[int, int], float] | None:
    """The stretch [i, j) that opens with the first content line right under the headline
    line k (see _under_headline) and runs, short of `stop`, as far as its score is greatest;
    with that score. None when no content opens under the line."""
    start = next((j for j in range(k + 1, min(k + 2 + HEADLINE_GAP, stop))
                  if infos[j].final == "keep" and _content(infos[j], j in rows)), None)
    if start is None or not _under_headline(infos, start, anchors):
        return None
    total, best, best_end = 0.0, 0.0, None
    for j in range(start, stop):
        total += line_score(infos[j], j in rows)
        if total > best:
            best, best_end = total, j + 1
    return ((start, best_end), best) if best_end is not None else None


def _content_words(infos: list[LineInfo], span: tuple[int, int], rows: frozenset[int]) -> float:
    """The words of the live content lines (see _content) of the stretch [i, j)."""
    return sum(infos[k].words for k in range(*span)
               if infos[k].final == "keep" and _content(infos[k], k in rows))


_NAME_HEADING = regex.compile(r"(?:\p{L}+\s+)?(?P<name>\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})")
BIO_NAME_WITHIN = 30    # the biography names its subject within its first words


def _drop_closing_bio(infos: list[LineInfo], lo: int, hi: int) -> None:
    """The article region's last paragraph, under a heading that names a person ("Sobre
    Carlos Nadalim", "About Jane Doe", "Jane Doe") and naming that person early on, is the
    author box that closes the page."""
    live = [k for k in range(lo, hi) if infos[k].final == "keep"]
    if len(live) < 3:
        return
    heading, bio = infos[live[-2]], infos[live[-1]]
    if heading.first != "short" or bio.first != "prose":
        return
    m = _NAME_HEADING.fullmatch(heading.text.strip())
    if m is None:
        return
    surname = m.group("name").split()[-1]
    if surname not in _WORD.findall(bio.text)[:BIO_NAME_WITHIN]:
        return
    for info in (heading, bio):
        _drop(info, "boilerplate.author_bio", "the author box after the article: a heading naming "
              "a person, then a paragraph about that person")


# A break in the article region: this many lines in a row that carry no sentence (a
# "Related" heading and its links, an author box's name and photo credit, a share bar).
BREAK_LINES = 3
# A paragraph cut off by such a break at an edge of the region, and this short beside the
# rest, is the page's (an author bio, a newsletter prompt, a caption), not the article's.
LOOSE_EDGE_PARAGRAPHS = 2
LOOSE_EDGE_SHARE = 0.3


def _segments(infos: list[LineInfo], lo: int, hi: int,
              rows: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """The stretches [i, j) of the region [lo, hi) between breaks."""
    segments, start, quiet = [], lo, 0
    for k in range(lo, hi):
        if infos[k].first == "ui" and k not in rows:
            continue    # numbers and dates sit in tables and lists an article holds
        if _content(infos[k], k in rows):
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


def _content(info: LineInfo, list_row: bool = False) -> bool:
    """A line that carries the article's content: a sentence, an item of a list, or a row
    of a structured list (see list_rows)."""
    return info.first in ("prose", "sentence") or list_row or (
        info.enumerated and info.first != "removed" and info.words >= SENTENCE_WORDS)


def _trim_loose_edges(infos: list[LineInfo], lo: int, hi: int, rows: frozenset[int] = frozenset(),
                      anchors: frozenset[int] = frozenset()) -> tuple[int, int]:
    """Shrink the region past the short paragraphs that a break cuts off at its edges, and,
    when the article opens right under its headline, past the teasers at its end."""
    segments = _segments(infos, lo, hi, rows)
    opening = next((seg for seg in segments if _under_headline(infos, seg[0], anchors)), None)

    def words(seg):
        return sum(infos[k].words for k in range(*seg) if _content(infos[k], k in rows))

    def paragraphs(seg):
        return sum(1 for k in range(*seg) if _content(infos[k], k in rows))

    while len(segments) > 1:
        main = max(words(s) for s in segments)
        for edge in (segments[-1], segments[0]):
            if paragraphs(edge) <= LOOSE_EDGE_PARAGRAPHS and words(edge) < LOOSE_EDGE_SHARE * main:
                segments.remove(edge)
                break
        else:
            if opening not in segments:
                break
            cut = _teaser_tail(infos, segments, segments.index(opening))
            if cut == len(segments):
                break
            segments = segments[:cut]
    return segments[0][0], segments[-1][1]


CARD_PARAGRAPHS = 2     # a teaser card between breaks holds at most this many paragraphs


def _teaser_tail(infos: list[LineInfo], segments: list[tuple[int, int]], opening: int) -> int:
    """Index of the first of the segments after the opening one that, together with all
    that follow, read as teasers (see TeaserCount.teasers): one long block of them, or cards
    that breaks (a title, an author, a date) cut apart. len(segments) when there is none.
    The search goes back from the end and stops at a section with several paragraphs."""
    cut = len(segments)
    tail = TeaserCount()
    for n in range(len(segments) - 1, opening, -1):
        seg = TeaserCount.of(infos, segments[n])
        tail = tail + seg
        if tail.teasers():
            cut = n
        elif seg.paragraphs > CARD_PARAGRAPHS:
            break
    return cut


HEADLINE_GAP = 6        # lines without content (a byline, a date, a share bar) under a headline


def _under_headline(infos: list[LineInfo], start: int, anchors: frozenset[int]) -> bool:
    """True when the lines just above `start` hold the headline, with at most HEADLINE_GAP
    lines and no sentence between."""
    for k in range(start - 1, max(start - 1 - HEADLINE_GAP, -1), -1):
        if k in anchors:
            return True
        if infos[k].first in ("prose", "sentence"):
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
    def of(cls, infos: list[LineInfo], seg: tuple[int, int]) -> "TeaserCount":
        """The counts of the stretch [i, j)."""
        paragraphs = [k for k in range(*seg) if infos[k].first == "prose"]
        return cls(len(paragraphs), sum(infos[k].words for k in paragraphs),
                   sum(1 for k in paragraphs if k > 0 and _title_like(infos[k - 1])))

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


def _trim_extracted(infos: list[LineInfo], region: tuple[int, int] | None,
                    thread: int | None, context_drops: dict[int, tuple[str, str]]) -> None:
    """After an extractor the text is mostly article: drop the headline above it, the
    comment thread below it, and menus and teasers only where they lie outside the
    article's densest stretch."""
    live = [i for i in infos if i.final == "keep"]
    # a first line that a list follows introduces the list; a headline is followed by prose
    if live and _headline_like(live[0]) and not (len(live) > 1 and live[1].enumerated):
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
            and not text.endswith((":", "：", ".", "。")) and text.count(":") < 2
            and not text.endswith(_BROKEN_OFF))


# A line ending in one of these was broken off mid-sentence (at a link, say), not a headline.
_BROKEN_OFF = ("(", "[", "“", "‘", "«", ",", "，", "、", "-", "–", "—", "/")


def _record(doc: Document, infos: list[LineInfo], whole_page: bool) -> None:
    """Write each line's first and final decision on its block, and remove the drops."""
    heading = f"structure: text read as a {'whole page' if whole_page else 'extracted article'}"
    source = doc.source
    evidence_of: dict[tuple[str, float], str] = {}     # few distinct ones: build each once
    drops = []
    last_block = None
    for info in infos:
        block = info.block
        if block is not last_block:     # a block's lines come together, in order
            last_block = block
            block.decisions.append(heading)
        start, end = info.lines[0].start, info.lines[-1].end
        block.decisions.append(f"line {start}-{end}: first {info.first}, final {info.final} ({info.why})")
        if info.final == "drop" and info.rule:
            if end < block.end and source[end:end + 1] == "\n":
                end += 1
            key = (info.first, info.words)
            evidence = evidence_of.get(key)
            if evidence is None:
                evidence = evidence_of[key] = f"{info.first}, {info.words:g} words"
            drops.append((start, end, info.rule, info.why, evidence))
    doc.remove_many(drops)     # the lines come in order, each after the one before
