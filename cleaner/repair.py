"""Stage 6, repair: rejoin what the page split, fix the joins, and report the holes.

Every rule reads the document as it will be rendered - the *view*: the source without its
removed spans and with the repairs recorded so far applied, split into paragraphs as the
canonical form splits them - and records its edit against source offsets with
`doc.repair`, so the report replays exactly and a second pass finds nothing left to do. A rule acts
only on evidence it can point at (a comma that ends a paragraph, a word that does not fit
the line it was wrapped from, the joined form used elsewhere in the same document); where
the evidence is not there the text stays as it was. What cannot be repaired is reported as
a gap and the words are kept.

Rule ids (each can be switched off with Config.disable):
    repair.html_entity, repair.markup_remnant, repair.dehyphenate, repair.hard_wrap,
    repair.quote_attribution, repair.drop_cap, repair.missing_space, repair.glued_domain,
    repair.space_before_punctuation, repair.doubled_word, repair.gaps
"""
from __future__ import annotations

import functools
import gzip
import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Callable, Iterator

import ahocorasick
import regex

from .decode import canonical_characters
from .model import Document, Gap

import tomllib

DATA = Path(__file__).resolve().parent / "data"

# -- the closed word classes and word lists ---------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Closed word classes of one language (see data/repair_vocabulary.toml)."""
    speech: frozenset[str]
    pronouns: frozenset[str]
    doubled: frozenset[str]
    articles: frozenset[str]
    prepositions: frozenset[str]
    hole_followers: frozenset[str]
    hole_exceptions: frozenset[str]
    continuing: frozenset[str]
    one_letter: frozenset[str] | None   # None: unknown language, any capital may be a word


@functools.lru_cache(maxsize=1)
def _vocabulary_file() -> dict:
    return tomllib.loads((DATA / "repair_vocabulary.toml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def vocabulary(language: str) -> Vocabulary:
    """The word classes of `language`; empty classes for a language the file lacks."""
    entry = _vocabulary_file().get(language, {})
    classes = {name: frozenset(entry.get(name, ())) for name in
               ("speech", "pronouns", "doubled", "articles", "prepositions", "hole_followers",
                "hole_exceptions", "continuing")}
    one_letter = frozenset(entry["one_letter"]) if "one_letter" in entry else None
    return Vocabulary(one_letter=one_letter, **classes)


@functools.lru_cache(maxsize=1)
def all_speech_words() -> frozenset[str]:
    """Attribution openers of every language: a dash-led attribution can follow a quote in
    any language, whatever the document's main one."""
    return frozenset(w for entry in _vocabulary_file().values()
                     for name in ("speech", "pronouns") for w in entry.get(name, ()))


WORD_LIST_LANGUAGES = tuple(sorted(p.name[len("words-"):-len(".txt.gz")] for p in DATA.glob("words-*.txt.gz")))


@functools.lru_cache(maxsize=1)
def all_one_letter_words() -> frozenset[str]:
    """Capital letters that are words in some language ("A", "I", "O", "Y", "E", "В")."""
    return frozenset(w for entry in _vocabulary_file().values() for w in entry.get("one_letter", ()))


@functools.lru_cache(maxsize=1)
def all_speech_verbs() -> frozenset[str]:
    """The speech verbs of every language, without the pronouns."""
    return frozenset(w for entry in _vocabulary_file().values() for w in entry.get("speech", ()))


@functools.lru_cache(maxsize=None)
def word_list(language: str) -> frozenset[str] | None:
    """The frequent words of `language` (built by data/build_wordlists.py), or None."""
    path = DATA / f"words-{language}.txt.gz"
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return frozenset(lines.read().split())


# -- the view: the document as it will be rendered ---------------------------------------

_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")   # the paragraph break of render.canonical
_WORD = regex.compile(r"\p{L}+(?:[-'’]\p{L}+)*")
# The standard re module's \s takes in every character the regex module's \s does, so
# this finds at least every mark that the patterns reading white space before one can.
_SPACED_MARK = re.compile(r"[,.;](?<=\s.)")
# _SPACED_MARK as one pattern per mark: each starts with its mark, which the re module
# finds far faster than it tests every character against a class
_SPACED_MARK_EACH = tuple(re.compile(f"{re.escape(mark)}(?<=\\s{re.escape(mark)})") for mark in ",.;")


def _starts(patterns: tuple[re.Pattern, ...], text: str) -> list[int]:
    """The start of every match of each pattern in `text`, in increasing order. For
    patterns that each match one character, a different one, these are the starts of the
    one pattern with their character class."""
    return sorted([m.start() for pattern in patterns for m in pattern.finditer(text)])


class View:
    """The text as it will render - kept spans, with the repairs recorded so far applied -
    and a map back to source offsets. A repaired span is one piece that maps as a whole.

    `kept` is doc.kept_spans over the whole source; the repair stage removes nothing, so
    it is computed once and shared by every view of the pass."""

    def __init__(self, doc: Document, kept: list[tuple[int, int]] | None = None) -> None:
        if kept is None:
            kept = doc.kept_spans(0, len(doc.source))
        self._kept = kept
        # pieces: view start, source start, source end, replacement (None for source text).
        # Without repairs they follow from the kept spans, and are made on first use: most
        # views never map an offset (see _index).
        self._pieces: list[tuple[int, int, int, str | None]] | None = None
        self._removal_boundaries: list[int] | None = None
        self._view_starts: list[int] | None = None
        self._source_starts: list[int] | None = None
        self._paragraphs: list[tuple[int, int]] | None = None
        self._line_pairs: list[tuple[tuple[int, int], tuple[int, int]]] | None = None
        self._spaced_marks: list[int] | None = None
        if doc.repairs:
            self._pieces, self._removal_boundaries = [], []
            self.text = self._build_with_repairs(doc, kept)
        else:
            source = doc.source
            self.text = "".join([source[start:end] for start, end in kept])

    def _index(self) -> tuple[list[tuple[int, int, int, str | None]], list[int], list[int]]:
        """The pieces, their view starts and their source starts (made on first use)."""
        if self._view_starts is None:
            if self._pieces is None:
                self._pieces = self._pieces_of_kept()
            self._view_starts = [p[0] for p in self._pieces]
            self._source_starts = [p[1] for p in self._pieces]
        return self._pieces, self._view_starts, self._source_starts

    def _pieces_of_kept(self) -> list[tuple[int, int, int, str | None]]:
        """The pieces when nothing is repaired: one per kept span."""
        pieces = []
        length = 0
        for start, end in self._kept:
            pieces.append((length, start, end, None))
            length += end - start
        return pieces

    def _build_with_repairs(self, doc: Document, kept: list[tuple[int, int]]) -> str:
        """The pieces and text with the recorded repairs applied."""
        parts: list[str] = []
        length = 0
        repairs = sorted(doc.repairs, key=lambda r: (r.start, r.end))
        k = 0
        for span_index, (start, end) in enumerate(kept):
            if span_index:
                self._removal_boundaries.append(length)
            pos = start
            while k < len(repairs) and repairs[k].start <= end:
                rep = repairs[k]
                k += 1
                if rep.start < pos:
                    continue
                for piece_start, piece_end, replacement in ((pos, rep.start, None), (rep.start, rep.end, rep.after)):
                    text = doc.source[piece_start:piece_end] if replacement is None else replacement
                    if text:
                        self._pieces.append((length, piece_start, piece_end, replacement))
                        parts.append(text)
                        length += len(text)
                pos = rep.end
            if end > pos:
                self._pieces.append((length, pos, end, None))
                parts.append(doc.source[pos:end])
                length += end - pos
        return "".join(parts)

    def to_source(self, i: int) -> int:
        """Source offset of view position i (inside a repaired piece: its start or its end)."""
        pieces, view_starts, _ = self._index()
        if not pieces:
            return 0
        view_start, src_start, src_end, replacement = pieces[max(bisect_right(view_starts, i) - 1, 0)]
        if replacement is None:
            return min(src_start + i - view_start, src_end)
        return src_start if i == view_start else src_end

    def from_source(self, pos: int) -> int:
        """View position of source offset pos (removed text maps to where it was cut out)."""
        pieces, _, source_starts = self._index()
        if not pieces:
            return 0
        k = bisect_right(source_starts, pos) - 1
        if k < 0:
            return 0
        view_start, src_start, src_end, replacement = pieces[k]
        length = (src_end - src_start) if replacement is None else len(replacement)
        if replacement is None:
            return view_start + min(pos - src_start, length)
        return view_start if pos <= src_start else view_start + length

    def source_pieces(self, i: int, j: int) -> list[tuple[int, int, bool]]:
        """The source spans that view[i:j] is made of, in order, each flagged True when it
        is already repaired text."""
        all_pieces, view_starts, _ = self._index()
        pieces = []
        k = max(bisect_right(view_starts, i) - 1, 0)
        while i < j and k < len(all_pieces):
            view_start, src_start, src_end, replacement = all_pieces[k]
            piece_end = view_start + ((src_end - src_start) if replacement is None else len(replacement))
            stop = min(j, piece_end)
            if stop > i:
                if replacement is None:
                    s = src_start + i - view_start
                    pieces.append((s, s + stop - i, False))
                else:
                    pieces.append((src_start, src_end, True))
            i = stop
            k += 1
        return pieces

    def piece_boundaries(self) -> list[int]:
        """View positions where a removed span was cut out."""
        if self._removal_boundaries is None:
            # without repairs: where each kept span but the last ends in the view
            self._removal_boundaries = list(accumulate([end - start for start, end in self._kept]))[:-1]
        return list(self._removal_boundaries)

    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph spans, trimmed of white space, as render.canonical will separate them
        (computed once per view; callers must not change the list)."""
        if self._paragraphs is None:
            self._paragraphs = _paragraph_spans(self.text)
        return self._paragraphs

    def line_pairs(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Consecutive line pairs (a, b) inside each paragraph (computed once per view)."""
        if self._line_pairs is None:
            text, pairs = self.text, []
            for start, end in self.paragraphs():
                if text.find("\n", start, end) >= 0:    # a one-line paragraph has no pair
                    lines = self.lines(start, end)
                    pairs.extend(zip(lines, lines[1:]))
            self._line_pairs = pairs
        return self._line_pairs

    def spaced_marks(self) -> list[int]:
        """Positions of the commas, semicolons and full stops that follow white space: the
        places where a hole can show (", leaving") and where a space before punctuation can
        be. One scan serves both (computed once per view)."""
        if self._spaced_marks is None:
            self._spaced_marks = _starts(_SPACED_MARK_EACH, self.text)
        return self._spaced_marks

    def lines(self, start: int, end: int) -> list[tuple[int, int]]:
        """Non-blank line spans of view[start:end], trimmed of white space."""
        out, pos = [], start
        while pos <= end:
            stop = self.text.find("\n", pos, end)
            stop = end if stop < 0 else stop
            if trimmed := _trim(self.text, pos, stop):
                out.append(trimmed)
            pos = stop + 1
        return out


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The text between blank runs, trimmed of white space; empty spans are left out.
    A blank run ends after the spaces of its last line, so a span after one starts trimmed;
    only its end (and the first span's start) can need trimming."""
    spans, start = [], 0
    for m in _BLANK_RUN.finditer(text):
        end = m.start()
        if start < end and text[end - 1] not in " \t\n" and text[start] not in " \t\n":
            spans.append((start, end))
        elif trimmed := _trim(text, start, end):
            spans.append(trimmed)
        start = m.end()
    if trimmed := _trim(text, start, len(text)):
        spans.append(trimmed)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return (start, end) if start < end else None


def in_any_word_list(word: str) -> bool:
    """A word of any shipped word list."""
    w = word.casefold()
    return any(w in (word_list(lang) or ()) for lang in WORD_LIST_LANGUAGES)


class Work:
    """One document's repair pass: the view, the language data, and the joins made."""

    def __init__(self, doc: Document, ctx) -> None:
        self.doc, self.ctx = doc, ctx
        self.kept = doc.kept_spans(0, len(doc.source))   # the repair stage removes nothing
        self.view = View(doc, self.kept)
        self._repairs_seen = len(doc.repairs)
        self.text = self.view.text
        self.language = doc.language
        self.vocab = vocabulary(doc.language)
        self.words = word_list(doc.language)
        self.joins: list[int] = []     # source offsets where two pieces of text were joined
        self._counts: Counter | None = None

    @property
    def counts(self) -> Counter:
        """Lower-cased word counts of the view (hyphenated compounds count as one word)."""
        if self._counts is None:
            self._counts = Counter(w.casefold() for w in _WORD.findall(self.text))
        return self._counts

    def folded_text(self) -> str:
        """The view's text case-folded. Without repairs the view is the kept source; when
        folding keeps the source's length, each of its characters folds to one (folding
        never drops one), so the folded view is the kept spans of the folded source, which
        the boilerplate stage has already computed: slices joined cost less than folding."""
        doc = self.doc
        if not doc.repairs:
            folded_source = doc.casefolded()
            if len(folded_source) == len(doc.source):
                return "".join([folded_source[start:end] for start, end in self.kept])
        return self.text.casefold()

    def is_word(self, word: str, *, here: int = 0) -> bool:
        """A word of the document's language list, or one the document itself uses more
        often than the `here` occurrences under examination."""
        w = word.casefold()
        return (self.words is not None and w in self.words) or self.counts[w] > here

    def is_word_in_any_language(self, word: str) -> bool:
        """A word of any shipped word list, or one the document itself uses."""
        return in_any_word_list(word) or self.counts[word.casefold()] > 0

    def enabled(self, rule: str) -> bool:
        return self.ctx.config.is_enabled(rule)

    def record(self, i: int, j: int, after: str, rule: str, reason: str) -> bool:
        """Replace view[i:j] by `after`. In a span made of several source pieces (a removal
        sits inside it) the first piece takes `after` and the others, which must be white
        space, vanish."""
        if not self.enabled(rule):
            return False
        if i == j:
            s = self.view.to_source(i)
            return self.doc.repair(s, s, after, rule=rule, reason=reason)
        pieces = self.view.source_pieces(i, j)
        if len(pieces) == 1:
            s, e, repaired = pieces[0]
            return not repaired and self.doc.repair(s, e, after, rule=rule, reason=reason)
        if any(self.doc.source[s:e].strip() for s, e, repaired in pieces[1:] if not repaired):
            return False   # only white space may be dropped across a removed span
        done, first = False, True
        for s, e, repaired in pieces:
            if repaired:
                continue   # white space a repair already put there; it stays
            done |= self.doc.repair(s, e, after if first else "", rule=rule, reason=reason)
            first = False
        return done

    def join_at(self, i: int) -> None:
        """Remember that text was joined at view position i (for doubled words at joins)."""
        self.joins.append(self.view.to_source(i))

    def refresh(self) -> None:
        """Read the document again with the repairs recorded so far applied, so that later
        rules see the text as it will render. Without a new repair the view is the same."""
        if len(self.doc.repairs) == self._repairs_seen:
            return
        self._repairs_seen = len(self.doc.repairs)
        self.view = View(self.doc, self.kept)
        self.text = self.view.text
        self._counts = None

    def gap(self, i: int, j: int, kind: str) -> None:
        """Report a hole at view[i:j] with a line of context around it."""
        if not self.enabled("repair.gaps"):
            return
        left = max(self.text.rfind("\n", 0, i) + 1, i - 60)
        right = self.text.find("\n", j)
        right = min(len(self.text) if right < 0 else right, j + 60)
        context = " ".join(self.text[left:right].split())
        self.doc.add_gap(Gap(self.view.to_source(i), self.view.to_source(j) if j > i else self.view.to_source(i),
                             kind, context))


def run(doc: Document, ctx) -> None:
    """Repair what the page split and report the holes, on the text as it will render."""
    if not doc.source.strip():
        return
    work = Work(doc, ctx)
    # Each group reads the text as the groups before it left it.
    # Gaps are looked for before the spacing is mended: "with , leaving" shows its hole by
    # the space where the linked name was.
    groups = ((html_entities, markup_remnants), (line_end_hyphens, hard_wraps),
              (quote_attributions, drop_caps), (find_gaps, glued_domains, missing_spaces),
              (space_before_punctuation,), (doubled_words_at_joins,))
    for index, group in enumerate(groups):
        if index:
            work.refresh()   # nothing reads the view after the last group
        for rule in group:
            rule(work)


# -- HTML entities and markup remnants ---------------------------------------------------

_ENTITY = regex.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entity(entity: str) -> str:
    """The text an entity stands for, unescaped until it no longer changes (pages escape
    twice: "&amp;#8217;"), with spaces made plain and invisible characters dropped.

    >>> decode_entity("&amp;#8217;"), decode_entity("&nbsp;"), decode_entity("&bogus;")
    ('’', ' ', '&bogus;')
    """
    text = entity
    for _ in range(4):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    # an entity never breaks a line; its character takes the form the source's characters have
    return canonical_characters(text.replace("\r", " ").replace("\n", " "))


def html_entities(work: Work) -> None:
    """&amp; -> &, &#8217; -> ’, &nbsp; -> space. An escaped tag ("&lt;div&gt;") is text
    about markup and stays as it is, so that decoding it cannot create a remnant."""
    text = work.text
    if "&" not in text:
        return
    for m in _ENTITY.finditer(text):
        decoded = decode_entity(m.group())
        if decoded == m.group() or "&" in decoded and _ENTITY.search(decoded):
            continue
        if decoded == "<" and regex.match(r"/?[A-Za-z!]", text[m.end():m.end() + 2]):
            continue
        if decoded == ">" and regex.search(r"&lt;/?[A-Za-z][^\n]*$", text[max(0, m.start() - 200):m.start()]):
            continue
        work.record(m.start(), m.end(), decoded, "repair.html_entity",
                    f"the HTML entity {m.group()} stands for {decoded!r}")


_TAG_NAMES = ("a|abbr|b|big|blockquote|br|caption|center|cite|dd|del|div|dl|dt|em|figcaption|figure|"
              "font|h[1-6]|hr|i|img|ins|li|mark|ol|p|q|s|small|span|strike|strong|sub|sup|table|"
              "tbody|td|th|thead|tr|u|ul|wbr|section|article|header|footer|nav|aside|main|label|"
              "picture|source|time|iframe|noscript")
_BLOCK_TAGS = {"blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
               "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "table", "tbody",
               "td", "th", "thead", "tr", "ul", "section", "article", "header", "footer", "nav",
               "aside", "main"}
_TAG = regex.compile(
    rf"</?({_TAG_NAMES})(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"<>\n]*\"|'[^'<>\n]*'|[^\s\"'<>=`]+))?)*\s*/?>",
    regex.IGNORECASE)
# A tag named in prose ("wrap it in a <p> tag", "`<br>`") is the subject, not a remnant.
_TAG_AS_SUBJECT_AFTER = regex.compile(r"^[\"'`’”]|^\s+(?:tags?|elements?|html)\b", regex.IGNORECASE)
_TAG_AS_SUBJECT_BEFORE = regex.compile(r"[\"'`‘“]$|\b(?:the|a|an|tag|element)\s+$", regex.IGNORECASE)


def markup_remnants(work: Work) -> None:
    """Stray HTML tags left in text: "<br>", "</p>", "<a href=...>" are dropped; a block tag
    between two words leaves a space so the words do not run together."""
    text = work.text
    if "<" not in text:
        return
    for m in _TAG.finditer(text):
        before, after = text[max(0, m.start() - 12):m.start()], text[m.end():m.end() + 12]
        if _TAG_AS_SUBJECT_AFTER.search(after) or _TAG_AS_SUBJECT_BEFORE.search(before):
            continue
        between_words = bool(before) and not before[-1].isspace() and bool(after) and not after[0].isspace()
        replacement = " " if between_words and m.group(1).lower() in _BLOCK_TAGS else ""
        work.record(m.start(), m.end(), replacement, "repair.markup_remnant",
                    f"the HTML tag {m.group()} is markup, not text")


# -- line ends: hyphenation and hard wraps -------------------------------------------------

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_LIST_ITEM = regex.compile(r"(?:[-*•·▪►◦‣+]|\d{1,3}[.)]|[A-Za-z][.)]|\(\w{1,3}\))\s")
_CODE_OR_TABLE = regex.compile(r"[{}|\t]|==|=>|->|  \S|^(?:\$ |#!|>>> )|;$")
_HYPHEN_END = regex.compile(r"(?<![\p{L}\p{N}])((?:\p{L}+-)*)(\p{L}+)-$")
_WORD_START = regex.compile(r"\p{L}+")


def line_breaks(work: Work) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Consecutive line pairs (a, b) inside each rendered paragraph, as view spans."""
    return work.view.line_pairs()


def line_end_hyphens(work: Work) -> None:
    """"electri-\\ncal" -> "electrical", "cost-\\ncutting" -> "cost-cutting": a hyphen at a
    line end before a lower-case word is a wrap; whether the hyphen belongs to the word is
    decided by `keeps_hyphen`."""
    text = work.text
    for (a0, a1), (b0, b1) in line_breaks(work):
        if text[a1 - 1] != "-":
            continue   # _HYPHEN_END ends with the hyphen
        m = _HYPHEN_END.search(work.text, a0, a1)
        right = _WORD_START.match(work.text, b0, b1)
        if not m or not right or not right.group()[0].islower():
            continue
        left = m.group(2)
        keep = keeps_hyphen(work, left, right.group())
        hyphen = a1 - 1
        if keep:
            work.record(hyphen + 1, b0, "", "repair.dehyphenate",
                        f"'{left}-{right.group()}' was wrapped at its own hyphen; the line is joined")
        else:
            work.record(hyphen, b0, "", "repair.dehyphenate",
                        f"'{left}-' + '{right.group()}' is the word '{left}{right.group()}' hyphenated at a line end")


def keeps_hyphen(work: Work, left: str, right: str) -> bool:
    """Whether "left-" at a line end and "right" on the next line form a hyphenated compound
    (True) or one word hyphenated by the layout (False).

    Evidence, strongest first: the document's own use of either form; fragments that
    layout hyphenation never leaves (one letter before the break, or one after); the word
    list of the document's language; and last, whether both halves are words the
    document uses on their own (then it is a compound).
    """
    joined, hyphenated = (left + right).casefold(), f"{left}-{right}".casefold()
    counts = work.counts
    if counts[joined] != counts[hyphenated]:
        return counts[hyphenated] > counts[joined]
    if len(left) < 2 or len(right) < 2:
        return True
    if work.words is not None:
        if joined in work.words:
            return False
        return work.is_word(left, here=1) and work.is_word(right, here=1)
    return counts[left.casefold()] > 1 and counts[right.casefold()] > 1


MIN_WRAP_BREAKS = 4
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 30, 250


def wrap_width(work: Work, breaks) -> int | None:
    """The width the document was hard-wrapped at, or None when it is not evidently wrapped.

    A greedy wrapper never makes a line longer than its width (bar one unbreakable word),
    fills lines nearly to it, and breaks a line only where the next word would not have
    fitted, mostly in mid-sentence. So: the width is the longest line that has a space in
    it; nearly every long line (over 80% of the width) must end where the next word would
    not fit, and most must end mid-sentence (a paragraph per line ends with a full stop);
    the next lines must not nearly all start with capitals (verse). Short lines - list
    items, headings, verse - are no evidence either way.
    """
    text = work.text
    spaced = [a1 - a0 for (a0, a1), _ in breaks if " " in text[a0:a1]]
    if not spaced:
        return None
    width = max(spaced)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    long_breaks = [(a, b) for a, b in breaks if a[1] - a[0] >= 0.8 * width]
    if len(long_breaks) < MIN_WRAP_BREAKS:
        return None
    fits = sum(1 for (a0, a1), (b0, b1) in long_breaks if _next_word_did_not_fit(text, a0, a1, b0, b1, width))
    sentence_ends = sum(1 for (a0, a1), _ in long_breaks if _SENTENCE_FINAL.search(text, a0, a1))
    if fits < 0.9 * len(long_breaks) or sentence_ends > 0.5 * len(long_breaks):
        return None
    cased = [text[b0] for _, (b0, _b1) in long_breaks if text[b0].isupper() or text[b0].islower()]
    if cased and sum(ch.islower() for ch in cased) < 0.25 * len(cased):
        return None
    return width


def _next_word_did_not_fit(text: str, a0: int, a1: int, b0: int, b1: int, width: int) -> bool:
    first = text[b0:b1].split(maxsplit=1)[0]
    if _CJK.match(first):
        first = first[0]
    return (a1 - a0) + 1 + len(first) > width


def hard_wraps(work: Work) -> None:
    """Join the lines of a hard-wrapped paragraph, only when the whole document is evidently
    wrapped; lists, code, tables, quoted mail and lines that would have had room for the
    next word (headings, verse, short lines) keep their breaks. In a paragraph that has such
    kept breaks (a list), a line is joined only to a next line that starts in lower case,
    or when it ends with a word that ends nothing ("If" / "Evidence Action ..."): a long
    list item followed by a capitalized one is not a wrap."""
    breaks = line_breaks(work)
    if len(breaks) < MIN_WRAP_BREAKS:
        return   # wrap_width needs that many breaks, and most pages have a few at most
    width = wrap_width(work, breaks)
    if width is None:
        return
    text = work.text
    for start, end in work.view.paragraphs():
        lines = work.view.lines(start, end)
        pairs = list(zip(lines, lines[1:]))
        kinds = [_break_kind(text, a, b, width) for a, b in pairs]
        mixed = not all(kinds)
        for ((a0, a1), (b0, b1)), kind in zip(pairs, kinds):
            if kind != "wrap" or (mixed and not _continues_in_lower_case(text, b0)
                                  and not _ends_with_continuing_word(text, a0, a1, work.vocab)):
                continue
            cjk = _CJK.match(text[a1 - 1]) and _CJK.match(text[b0])
            glue = "" if cjk or _ends_with_compound_hyphen(text[a0:a1]) else " "
            if work.record(a1, b0, glue, "repair.hard_wrap",
                           f"the document is wrapped at {width} characters and the next word did not fit"):
                work.join_at(a1)


def _ends_with_continuing_word(text: str, a0: int, a1: int, vocab: Vocabulary) -> bool:
    """The line ends with a word that ends no sentence, item or heading ("... If")."""
    m = regex.search(r"\p{L}+$", text[max(a0, a1 - 30):a1])
    return bool(m) and m.group().casefold() in vocab.continuing


def _continues_in_lower_case(text: str, pos: int) -> bool:
    """The next line starts with a lower-case word (a link on its own line is an item)."""
    return text[pos].islower() and not regex.match(r"(?:https?://|www\.)", text[pos:pos + 8])


def _break_kind(text: str, a: tuple[int, int], b: tuple[int, int], width: int) -> str | None:
    """'wrap' for a break the wrapper made, 'hyphen' for a line-end hyphen before a
    lower-case word (line_end_hyphens decides those), None for a break the author made."""
    (a0, a1), (b0, b1) = a, b
    line, following = text[a0:a1], text[b0:b1]
    if _ends_with_compound_hyphen(line) and following[:1].islower():
        return "hyphen"
    if not _next_word_did_not_fit(text, a0, a1, b0, b1, width):
        return None
    if following[:1].isalpha() and not (following[0].isupper() or following[0].islower()
                                         or _CJK.match(following)):
        return None   # scripts without case (Arabic, Hebrew, Thai...) give no sign of verse
    if _LIST_ITEM.match(following) and not _dash_in_sentence(line, following):
        return None
    if (_CODE_OR_TABLE.search(line) or _CODE_OR_TABLE.search(following)
            or line.startswith(">") or following.startswith(">")
            or _indent(text, b0) > _indent(text, a0) + 1):
        return None
    return "wrap"


def _ends_with_compound_hyphen(line: str) -> bool:
    """'... a Minneapolis-' : a word and its hyphen, cut by the wrap ("Minneapolis-\nbased")."""
    return line.endswith("-") and line[-2:-1].isalpha()


def _dash_in_sentence(line: str, following: str) -> bool:
    """'... with Israel' / '- Egypt and Jordan - also ...': a dash that a wrap carried to the
    start of a line, not a list marker (the line before is no item and opens no list)."""
    return following[:2] in ("- ", "– ", "— ") and not _LIST_ITEM.match(line) and not line.endswith(":")


def _indent(text: str, pos: int) -> int:
    start = text.rfind("\n", 0, pos) + 1
    return pos - start


# -- paragraphs split from their attribution -----------------------------------------------

_QUOTE_CONTINUES = regex.compile(r"(?:,[\"'”’»“]?|[\"”’»“],)$")
_QUOTE_ENDS = regex.compile(r"(?:[?!…]|\.\.\.)[\"'”’»“]?$|[\"”’»“]$")
# the last characters either pattern above can end on ("." only as the end of "...")
_QUOTE_TAIL_ENDS = frozenset(",?!….\"'”’»“")
_DASH_START = regex.compile(r"[—–―-]\s*")
_FIRST_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")


def quote_attributions(work: Work) -> None:
    """Rejoin a quote and its attribution that the page split into two paragraphs:
    "... collaborate in the US," / "— he said, hinting ..." becomes one paragraph. The next
    paragraph counts as it will be rendered (removed paragraphs in between are gone)."""
    text = work.text
    paragraphs = work.view.paragraphs()
    speech = all_speech_words()
    for (p0, p1), (q0, q1) in zip(paragraphs, paragraphs[1:]):
        last = text[p1 - 1]
        if last not in _QUOTE_TAIL_ENDS or (last == "." and not text.endswith("...", p0, p1)):
            continue   # neither _QUOTE_CONTINUES nor _QUOTE_ENDS can match the tail
        head = text[q0:q1]
        dash = _DASH_START.match(head)
        offset = dash.end() if dash else 0
        word = _FIRST_WORD.match(head, offset)
        if not word or word.start() != offset:
            continue
        tail = text[max(p0, p1 - 3):p1]
        continues = _QUOTE_CONTINUES.search(tail)
        if word.group()[0].islower() and continues:
            evidence = "ends with a comma, so the sentence goes on"
        elif word.group()[0].islower() and _QUOTE_ENDS.search(tail) and word.group().casefold() in speech:
            evidence = "is a quote followed by its attribution"
        elif continues and _named_attribution(head[offset:], all_speech_verbs()):
            evidence = "ends with a comma and the next one names the speaker"
        else:
            continue
        if work.record(p1, q0, " ", "repair.quote_attribution",
                       f"the paragraph {evidence}: '{head[:30]}' continues it"):
            work.join_at(p1)


_ATTRIBUTION_WORDS = 7


def _named_attribution(head: str, speech: frozenset[str]) -> bool:
    """'Smith said ...', 'Minnesota Wild winger Zach Parise said.': a speech verb within the
    first few words, with no punctuation before it."""
    for word in regex.finditer(r"\S+", head[:200]):
        if word.group().casefold().rstrip(".,;:") in speech and word.start() > 0:
            return not regex.search(r"[.!?;:,\"“”]", head[:word.start()])
        if word.start() > 0 and len(head[:word.start()].split()) >= _ATTRIBUTION_WORDS:
            return False
    return False


# -- spacing at joins ----------------------------------------------------------------------

_DROP_CAP = regex.compile(r"(\p{Lu})([ \n])(\p{Ll}+)\b")


def drop_caps(work: Work) -> None:
    """"M uch of the ..." -> "Much of the ...": a paragraph's first letter set apart by a
    drop-cap layout. Only when the joined word is a word and the split is not two words
    ("A long", "E chi" stay). The word lists of all languages and every language's
    one-letter words are consulted, so the decision does not hang on the detected language."""
    text = work.text
    for start, end in work.view.paragraphs():
        if end - start < 3 or text[start + 1] not in " \n":
            continue   # _DROP_CAP needs a letter, a space or newline, and a letter
        m = _DROP_CAP.match(text, start, end)
        if not m:
            continue
        letter, rest = m.group(1), m.group(3)
        one_letter_word = letter in all_one_letter_words()
        # the word lists first: the document's word counts cost a pass over the whole text
        if one_letter_word and in_any_word_list(rest):
            continue   # "A long": two words
        if not (in_any_word_list(letter + rest) or work.counts[(letter + rest).casefold()] > 0):
            continue
        if one_letter_word and work.counts[rest.casefold()] > 1:
            continue
        work.record(m.start(2), m.end(2), "", "repair.drop_cap",
                    f"'{letter}' is a drop cap split from '{rest}'")


# Top-level domains that glue to a following word; the domain must also stand alone
# elsewhere in the document before a glued word is split from it.
_TLDS = ("com|org|net|edu|gov|io|co|ai|app|dev|info|biz|news|tv|me|us|uk|de|fr|es|it|nl|ru|jp|"
         "cn|br|in|au|ca|ch|se|no|fi|dk|pl|pt|be|at|mx|ar|cl|eu|ly|gg|fm")
_TLD_SET = frozenset(_TLDS.split("|"))
# Without the domain elsewhere in the document, only these: a country code glued to a
# few letters is as often code ("player.setav") as a glued word.
_COMMON_TLDS = frozenset(("com", "org", "net", "co", "io", "gov", "edu"))
_DOTTED = regex.compile(r"(?<![\p{L}\p{N}@/.-])((?:[\p{L}\p{N}-]+\.)+)(\p{L}{3,})(?![\p{L}\p{N}@/-]|\.\p{L})")


def glued_domains(work: Work) -> None:
    """"EVXL.codonde" -> "EVXL.co donde": a word glued to a domain where a link was removed.
    Split when the rest is a lower-case word and either the domain appears on its own
    elsewhere in the document, or the glued label is no word in any list while the rest is
    ("bar.network" and "foo.codes" stay). The lists of all languages are consulted, so the
    decision does not hang on the detected language."""
    text = work.text
    for m in _dotted_names(text):
        label = m.group(2)
        for size in (4, 3, 2):
            tld, rest = label[:size], label[size:]
            if (tld.casefold() not in _TLD_SET or len(rest) < 2 or not rest.islower()
                    or not work.is_word_in_any_language(rest)):
                continue
            domain = m.group(1) + tld
            standalone = regex.compile(rf"(?<![\p{{L}}\p{{N}}.-]){regex.escape(domain)}(?![\p{{L}}\p{{N}}-])",
                                       regex.IGNORECASE)
            if standalone.search(text):
                evidence = "which the document uses on its own"
            elif (tld.casefold() in _COMMON_TLDS and len(rest) >= 3 and not in_any_word_list(label)
                  and in_any_word_list(rest)):
                evidence = f"and '{label}' is no word"   # "example.comwhere", never "bar.network"
            else:
                continue
            split = m.start(2) + size
            work.record(split, split, " ", "repair.glued_domain",
                        f"'{rest}' is glued to the domain {domain}, {evidence}")
            work.join_at(split)
            break


# A character that may be a letter: ASCII letters, and every character past ASCII except the
# symbols of Latin-1 and the General Punctuation block, where no letter is. A "." before
# one starts a scan of its word for _DOTTED; a sentence mark before one (perhaps after a
# closing quote) is where _GLUED_SENTENCE is tried. Both are rare in prose, which spaces
# after its marks, so a whole page costs one scan of the fast re module.
_MAYBE_LETTER = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u1fff\u2070-\U0010ffff"
_DOT_BEFORE_LETTER = re.compile(f"\\.(?=[{_MAYBE_LETTER}])")
_WORD_DELIMITER = re.compile("[ \n]")
_MARK_BEFORE_LETTER = re.compile(f"[.!?](?=[\"”’)]?[{_MAYBE_LETTER}])")
_MARK_BEFORE_LETTER_EACH = tuple(re.compile(f"{re.escape(mark)}(?=[\"”’)]?[{_MAYBE_LETTER}])") for mark in ".!?")


def _dotted_names(text: str) -> Iterator:
    """_DOTTED.finditer(text), scanning only the words that hold a dot before a letter.

    A match is made of letters, digits, hyphens and dots, so it never crosses a space or a
    newline, and both patterns' lookarounds read the same around such a word whether the
    scan is bounded to it or not: the matches over the whole text are the matches in each
    space-delimited word, in order."""
    word_end = 0   # where the last word scanned ends: a space, a newline, or the start
    for dot in _DOT_BEFORE_LETTER.finditer(text):
        pos = dot.start()
        if pos < word_end:
            continue   # this word was scanned already
        # each search stops at the last word's end, so the text is read once in all
        word_start = max(text.rfind(" ", word_end, pos), text.rfind("\n", word_end, pos), word_end - 1) + 1
        delimiter = _WORD_DELIMITER.search(text, pos)
        word_end = delimiter.start() if delimiter else len(text)
        yield from _DOTTED.finditer(text, word_start, word_end)


def _glued_sentence_ends(text: str) -> Iterator:
    """_GLUED_SENTENCE.finditer(text), tried only where a mark stands before what may be a
    letter. A match is the mark and perhaps one closing character, which is no mark, so
    the matches do not depend on where a scan starts: each is found by trying its place."""
    match = _GLUED_SENTENCE.match
    for mark in _starts(_MARK_BEFORE_LETTER_EACH, text):
        if m := match(text, mark):
            yield m


def _token_at(text: str, pos: int) -> str:
    """The white-space-delimited token around pos."""
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


# A sentence end glued to the next sentence: two lower-case letters (or a number of two
# digits or more) before the mark, an optional closing quote or bracket, then a capitalized
# word ("Sunday.Police", "in 2019.The", 'he said."The', "million.McClatchy").
_GLUED_SENTENCE = regex.compile(
    r"(?:(?<=\p{Ll}{2})|(?<=(?<![\p{L}\p{N}.,])\p{N}{2,}))[.!?][\"”’)]?(?=\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?\b)")
_NOT_PROSE_TOKEN = regex.compile(r"[/@:_=\\#~<>{}\[\]|(]|www\.")
_DIGIT_IN_WORD = regex.compile(r"\p{L}\p{N}|\p{N}\p{L}")
# "System.Console.Out": capitalized names chained by dots are a namespace, not sentences
_NAMESPACE = regex.compile(r"\p{Lu}\p{L}*(?:\.\p{Lu}\p{L}*){2,}")
# Two-letter country domains are left out: "It", "In", "No", "Me" start sentences.
_FILE_OR_DOMAIN = regex.compile(r"(?:com|org|net|edu|gov|app|dev|info|biz|news|media|live|online|site|store|shop|tech|blog|club|world|"
                                r"today|life|space|cloud|network|digital|global|html?|php|aspx?|js|css|json|xml|txt|pdf|docx?|xlsx?|"
                                r"pptx?|jpe?g|png|gif|svg|mp[34]|zip|exe|py|net)", regex.IGNORECASE)


def missing_spaces(work: Work) -> None:
    """"on Sunday.Police said" -> "on Sunday. Police said": a sentence end glued to the next
    sentence. Never inside URLs, e-mail addresses, decimals, abbreviations ("U.S."),
    initials ("J.K.Rowling"), file names or code ("System.Console", "Node.js", "ASP.NET")."""
    text = work.text
    for m in _glued_sentence_ends(text):
        token = _token_at(text, m.start()).rstrip(".,;:!?\"”’)")
        if (_NOT_PROSE_TOKEN.search(token) or _NAMESPACE.fullmatch(token) or _DIGIT_IN_WORD.search(token)
                or sum(token.count(mark) for mark in ".!?") > 2):
            continue
        left = regex.search(r"(?:\p{L}+|\p{N}+)$", text[max(0, m.start() - 40):m.start()])
        right = regex.match(r"\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?", text[m.end():m.end() + 40])
        if not left or not right:
            continue
        left_word = left.group()
        if _has_inner_capital(left_word) or _FILE_OR_DOMAIN.fullmatch(right.group()):
            continue
        after = text[m.end() + right.end():m.end() + right.end() + 1]
        if after in ("(", "_") or after.isalnum():
            continue
        glued = left_word + m.group() + right.group()
        if left_word[0].isupper() and text.count(glued) > 1:
            continue   # a name the document repeats ("Mixi.Media"), not an accident
        work.record(m.end(), m.end(), " ", "repair.missing_space",
                    f"a sentence ends at '{left_word}{m.group()}' and '{right.group()}' starts the next")
        work.join_at(m.end())


def _has_inner_capital(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:])


_SPACE_BEFORE = regex.compile(r"(?<=[\p{L}\p{N}\"”’)\]])[ \t]+(?=,(?:\s|$)|\.(?:\s|$))")
_PHRASE_PUNCTUATION = regex.compile(r"[,.](?=\s|$)")
_SPACED_ELLIPSIS = regex.compile(r"\. \.")   # "and so on . . ." is typography, not a hole
HOUSE_STYLE_SPACES = 3      # at least this many spaced marks,
HOUSE_STYLE_SHARE = 0.2     # and this share of all commas and full stops


def is_house_style(text: str, spaced: int) -> bool:
    """A document that spaces many of its commas and full stops ("Yobe North , Ahmad Lawan ,")
    writes that way; holes left by removed links are a few among many unspaced marks."""
    if spaced < HOUSE_STYLE_SPACES:
        return False
    return spaced >= HOUSE_STYLE_SHARE * len(_PHRASE_PUNCTUATION.findall(text))


def space_before_punctuation(work: Work) -> None:
    """"a failed merger with , leaving" -> "... with, leaving": a space before a comma or a
    full stop, left where a link was removed. A document that spaces its punctuation as a
    habit (see is_house_style) is left alone; so are ":", ";", "!" and "?", which French
    typography spaces."""
    text = work.text
    matches = _spaces_before_marks(text, work.view.spaced_marks())
    if is_house_style(text, len(matches)):
        return
    for start, end in matches:
        if text.startswith("..", end) or _SPACED_ELLIPSIS.match(text, end):
            continue
        if work.record(start, end, "", "repair.space_before_punctuation",
                       f"no space before '{text[end]}'"):
            work.join_at(start)


def _spaces_before_marks(text: str, spaced_marks: list[int]) -> list[tuple[int, int]]:
    """The spans of _SPACE_BEFORE.finditer(text), found from the marks that follow white
    space. A match is a whole run of spaces and tabs (the lookbehind wants no space before
    it, the lookahead a mark after it), so it is found by trying the run before each mark."""
    spans = []
    for mark in spaced_marks:
        start = mark
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start < mark and (m := _SPACE_BEFORE.match(text, start)):
            spans.append(m.span())
    return spans


_WORD_BEFORE = regex.compile(r"(\p{L}+)\s*$")
_WORD_AFTER = regex.compile(r"\s*(\p{L}+)(?![\p{L}\p{N}])")


def doubled_words_at_joins(work: Work) -> None:
    """"in the [removed link] the market" -> "in the market": a function word repeated
    across a join (a removed span, joined lines or paragraphs). Doubled words elsewhere
    are the author's ("that that" is grammatical) and stay."""
    text = work.text
    doubled = work.vocab.doubled
    if not doubled:
        return
    joins = {work.view.from_source(pos) for pos in work.joins} | set(work.view.piece_boundaries())
    for pos in sorted(joins):
        if pos > 0 and text.startswith("\n\n", pos - 1):
            continue   # a paragraph break lies between the words (most removals end so)
        # the word after first: anchored, it is found fast, and seldom one of `doubled`
        after = _WORD_AFTER.match(text, pos)
        if not after or after.group(1).casefold() not in doubled:
            continue
        before = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
        if not before or "\n\n" in text[before.end(1):after.start(1)]:
            continue
        if before.group(1).casefold() != after.group(1).casefold():
            continue
        work.record(after.start(1), after.end(1), "", "repair.doubled_word",
                    f"'{after.group(1)}' is repeated across a join")


# -- gaps: holes to report, not to fill ----------------------------------------------------

_LEADING_PUNCT = regex.compile(r"[,;]\s")
_SENTENCE_LEADING_COMMA = regex.compile(r"(?<=[.!?][\"”’)]?\s+)[,;]\s")
_OPENERS = {"(": ")", "[": "]", "“": "”", "«": "»", "„": "“"}
_SENTENCE_FINAL = regex.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
_MID_CLAUSE_END = regex.compile(r"(?<![\p{L}\p{N}&'’.-])(\p{L}+)$")   # "Q&A" ends in no article
_LETTER = regex.compile(r"\p{L}")


def find_gaps(work: Work) -> None:
    """Report where the page dropped words: a paragraph or sentence that starts with a
    comma (its subject is gone), an article or preposition left before punctuation or
    another preposition (its object is gone), an unclosed bracket or quote, a paragraph
    that stops mid-clause.

    Each kind is looked for where a cheap scan of the whole view says it can be, and the
    gaps are reported paragraph by paragraph, each paragraph's in the order of the checks
    above, as a check of every paragraph in turn would report them."""
    text, vocab = work.text, work.vocab
    paragraphs = work.view.paragraphs()
    if not paragraphs:
        return
    starts = [start for start, _ in paragraphs]
    found: list[tuple[int, int, int, int, str]] = []   # paragraph, check, start, end, kind
    for index, (start, end) in enumerate(paragraphs):
        if text[start] in ",;" and _LEADING_PUNCT.match(text, start, end):
            found.append((index, 0, start, start + 1, "missing_subject"))
    for pos in work.view.spaced_marks():
        if text[pos] != "." and (m := _SENTENCE_LEADING_COMMA.match(text, pos)):
            index = bisect_right(starts, pos) - 1
            if m.end() <= paragraphs[index][1]:
                found.append((index, 1, pos, pos + 1, "missing_subject"))
    for i, j in _object_holes(work, vocab):
        found.append((bisect_right(starts, i) - 1, 2, i, j, "missing_object"))
    for index in _paragraphs_holding(text, starts, _OPENERS):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        for i in _unclosed(text, *paragraphs[index], following):
            found.append((index, 3, i, i + 1, "unclosed_bracket" if text[i] in "([" else "unclosed_quote"))
    for index, (i, j) in _mid_clause_ends(text, paragraphs, vocab):
        found.append((index, 4, i, j, "truncated_sentence"))
    found.sort(key=lambda gap: gap[:2])   # stable: each check found its gaps in text order
    for _, _, i, j, kind in found:
        work.gap(i, j, kind)


def _paragraphs_holding(text: str, starts: list[int], characters) -> list[int]:
    """Indexes of the paragraphs (given by their starts) holding any of `characters`, in
    order. str.find runs far faster than a scan for a character class."""
    found = set()
    for ch in characters:
        pos = text.find(ch)
        while pos >= 0:
            index = bisect_right(starts, pos) - 1
            found.add(index)
            # the rest of this paragraph holds nothing new
            next_start = starts[index + 1] if index + 1 < len(starts) else len(text)
            pos = text.find(ch, next_start)
    return sorted(found)


def _object_holes(work: Work, vocab: Vocabulary) -> list[tuple[int, int]]:
    """An article or preposition directly before punctuation, another preposition or an
    article: "a failed merger with , leaving". Only the vocabulary's words can open such a
    hole, so one regex finds them and the pair checks run on those alone."""
    text = work.text
    holes = []
    line_start = _LineStarts(text, 0)
    for first in _hole_openers(text, vocab, work.folded_text):
        second = _NEXT_TOKEN.match(text, first.end())
        if second is None:
            continue   # a newline or a character that is no token stands between
        a, b = first.group().casefold(), second.group(1).casefold()
        between = text[first.end():second.start(1)]
        if a in vocab.articles and (b in ",.;:!?)" and _closes_phrase(text, second.end())
                                    or b in vocab.prepositions or b in vocab.articles):
            hole = True
        elif a in vocab.prepositions and b in ",;:)" and between:
            hole = True   # "with , leaving": the space is where the linked name was
        elif a in vocab.prepositions and b in vocab.hole_followers and f"{a} {b}" not in vocab.hole_exceptions:
            hole = True
        else:
            hole = False
        if hole and not _is_letter_name(first.group()) and not line_start.first_on_line(first.start()):
            holes.append((first.start(), second.end()))
    return holes


def _hole_openers(text: str, vocab: Vocabulary, folded_text: Callable[[], str] | None = None) -> Iterator:
    """The matches of _hole_opener(vocab) in `text`, in order: each article or preposition
    that could open a hole, found fast.

    The opener words are common ("the", "of"), so running their pattern over the text
    costs; the rare pairs that can make a hole are found instead by `_hole_pairs` on the
    case-folded text, and the opener pattern is matched where a pair starts. When case
    folding changes the length of the text ("ß" -> "ss") the positions would not line up:
    the text is folded with those characters kept one long (see _folded_in_place), or
    when that cannot be done, the opener pattern runs over the whole text. `folded_text`,
    when given, returns text.casefold() by a cheaper way the caller knows."""
    opener = _hole_opener(vocab)
    if opener is None:
        return iter(())
    folded = text.casefold() if folded_text is None else folded_text()
    if len(folded) != len(text):
        folded = _folded_in_place(text, vocab)
        if folded is None:
            return opener.finditer(text)
    match = opener.match
    # each hit is the end of a pair and the distance back to its start
    starts = sorted({end - back for end, back in _hole_pairs(vocab).iter(folded)})
    return (m for start in starts if (m := match(text, start)))


_STAND_IN = "\ufffd"    # folds to itself, and no pair holds it


@functools.lru_cache(maxsize=1)
def _longer_folded() -> tuple[str, re.Pattern]:
    """The characters that case folding makes longer ("ß" -> "ss", "ﬆ" -> "st", "İ" ->
    "i̇"), and a pattern finding them (made on first need: it reads every code point)."""
    chars = "".join(ch for ch in map(chr, range(0x110000)) if len(ch.casefold()) > 1)
    return chars, re.compile(f"[{re.escape(chars)}]")


def _folded_in_place(text: str, vocab: Vocabulary) -> str | None:
    """text.casefold() with each character that folds longer put as _STAND_IN, so that
    positions line up; None when the text holds one whose folding lies inside a word of
    the pairs ("ﬆ" -> "st" of "against"), since a token holding it could fold into that word.

    Otherwise no opener or token the pair checks accept holds such a character: an opener
    and the token after it are accepted when their casefold is a word of the vocabulary,
    and a casefold holding that character's folding holds a piece no word has (a space or
    a mark holds none). So every accepted pair stands in the text folded this way, as it
    stands in the casefold; where stand-ins are, the pairs only find fewer or other
    starts, which the opener pattern and the checks then judge."""
    blocked = _blocked_by_folding(vocab)
    if blocked is not None and blocked.search(text):
        return None
    return _longer_folded()[1].sub(_STAND_IN, text).casefold()


@functools.lru_cache(maxsize=None)
def _blocked_by_folding(vocab: Vocabulary) -> re.Pattern | None:
    """A pattern finding the characters whose folding lies inside a word the pair checks
    read ("ﬆ" for "against"), or None when there is none."""
    words = vocab.articles | vocab.prepositions | vocab.hole_followers
    blocked = [ch for ch in _longer_folded()[0] if any(ch.casefold() in word for word in words)]
    return re.compile(f"[{re.escape(''.join(blocked))}]") if blocked else None


@functools.lru_cache(maxsize=None)
def _hole_pairs(vocab: Vocabulary) -> ahocorasick.Automaton:
    """An automaton finding, in the case-folded text, at least the start of every opener
    the pair checks of _object_holes can accept, as the beginning of the pair it makes: an
    article before punctuation (right after it or one space on), or one space and an
    article or a preposition; a preposition, one space and a comma, semicolon, colon or
    bracket, or one space and a hole follower. Any other space between them (two spaces or
    more, or another white space character) is caught by a pair of the word and that
    space, whatever follows. A pair holds the words as they are (they are lower case) and
    may be the start of a longer word ("the a" in "the apple"), so it is looser than the
    checks, never stricter: the opener pattern and the checks then decide.

    One Aho-Corasick pass over the text costs a fraction of the regular expression it
    replaces, which had to try the word tries at every space of the page."""
    articles, prepositions = vocab.articles, vocab.prepositions
    other_spaces = [ch for ch in map(chr, range(_LAST_SPACE + 1)) if ch.isspace() and ch not in " \n"]
    pairs = set()
    for word in articles:
        pairs.update(f"{word} {second}" for second in articles | prepositions)
        pairs.update(word + mark for mark in ",.;:!?)")
        pairs.update(f"{word} {mark}" for mark in ",.;:!?)")
    for word in prepositions:
        pairs.update(f"{word} {second}" for second in vocab.hole_followers)
        pairs.update(f"{word} {mark}" for mark in ",;:)")
    for word in articles | prepositions:
        pairs.update(word + space for space in other_spaces)
        pairs.update(f"{word} {space}" for space in [*other_spaces, " "])
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for pair in pairs:
        automaton.add_word(pair, len(pair) - 1)
    automaton.make_automaton()
    return automaton


# No white space character (str.isspace, which holds the regex module's \s) lies past U+3000
_LAST_SPACE = 0x3000


class _LineStarts:
    """Whether only white space stands between the start of its line and a word, asked for
    words in increasing order. It walks the text once: looking back to the line start for
    every word was quadratic in the length of a line ("the the the ..." over a megabyte)."""

    def __init__(self, text: str, start: int) -> None:
        self.text, self.pos = text, start
        self.seen_text = bool(text[text.rfind("\n", 0, start) + 1:start].strip())

    def first_on_line(self, at: int) -> bool:
        text = self.text
        newline = text.rfind("\n", self.pos, at)
        if newline >= 0:
            self.seen_text = bool(text[newline + 1:at].strip())
        elif not self.seen_text:
            self.seen_text = bool(text[self.pos:at].strip())
        first = not self.seen_text
        self.pos, self.seen_text = at, True   # the word at `at` is text for what follows
        return first


# the token after an opener, separated from it by spaces only (no newline)
_NEXT_TOKEN = regex.compile(r"[^\S\n]*(\p{L}[\p{L}'’-]*|[,.;:!?)])")


@functools.lru_cache(maxsize=None)
def _hole_opener(vocab: Vocabulary):
    """A pattern matching a whole word of the vocabulary's articles and prepositions, or
    None when it has none (an unknown language)."""
    words = sorted(vocab.articles | vocab.prepositions, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(regex.escape(w) for w in words)
    return regex.compile(rf"(?<![\p{{L}}'’-])(?:{alternatives})(?![\p{{L}}'’-])", regex.IGNORECASE)


def _closes_phrase(text: str, pos: int) -> bool:
    """Punctuation that closes a phrase is followed by a space or the end ("a.m." is not)."""
    return pos >= len(text) or text[pos].isspace()


def _is_letter_name(word: str) -> bool:
    """'A' in "Plan A." or "grade A," names a letter; it is not an article."""
    return len(word) == 1 and word.isupper()


_CLOSERS = "\"'”’»)]"      # what _SENTENCE_FINAL allows after the mark
_FINAL_MARKS = ".!?…:;。！？"


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """_SENTENCE_FINAL.search(text, start, end), read from the end: a sentence mark and
    closing quotes or brackets only after it."""
    while end > start and text[end - 1] in _CLOSERS:
        end -= 1
    return end > start and text[end - 1] in _FINAL_MARKS


def _unclosed(text: str, start: int, end: int, following: tuple[int, int] | None) -> list[int]:
    """Positions of an opening bracket or quote never closed in a paragraph that stops
    without a sentence end; a finished paragraph may open a quote that the next one
    continues."""
    if _ends_sentence(text, start, end):
        return []
    segment = text[start:end]
    positions = []
    for opener, closer in _OPENERS.items():
        if opener == "“" and "„" in segment:
            continue   # German quotes close with “, the English opener
        if segment.count(opener) <= segment.count(closer):
            continue
        if opener in "“«„" and following and text[following[0]] == opener:
            continue   # a quote that runs on into the next paragraph reopens it there
        positions.append(start + segment.rfind(opener))
    return positions


def _mid_clause_ends(text: str, paragraphs: list[tuple[int, int]], vocab: Vocabulary):
    """(paragraph index, span of the last word) for each paragraph of eight words or more
    that ends on an article or a preposition: the sentence was cut ("... a deal with").

    Only a paragraph whose last character is a letter can; and since case folding never
    shortens a word, a last word longer than every article and preposition is none, so the
    last word is looked for in the last few characters only."""
    function_words = vocab.articles | vocab.prepositions
    if not function_words:
        return
    longest = max(map(len, function_words))
    letters = {ch for ch in {text[end - 1] for _, end in paragraphs} if _LETTER.match(ch)}
    for index, (start, end) in enumerate(paragraphs):
        if text[end - 1] not in letters:
            continue
        m = _MID_CLAUSE_END.search(text, max(start, end - longest - 1), end)
        if not m or len(text[start:end].split()) < 8:
            continue
        if m.group(1).casefold() in function_words:
            yield index, (m.start(1), m.end(1))
