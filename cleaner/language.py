"""Stage 5, language: the document's language, each block's, and foreign fragments.

identify() runs before the boilerplate stage, because each block meets the rule pack of
its own language; handle_fragments() runs after it, because whether a foreign fragment sits
in a boilerplate zone is known only then.

How a line gets its language:

1. A line is judged alone only when it carries enough evidence: three or more words (URLs,
   addresses and code removed first), not mostly numbers (dates, scores), and an answer the
   backend calls reliable. Everything else is *weak*: it has no vote of its own.
2. The document's language is a vote of the judged lines weighted by their words (one
   detection over a whole mixed page is misled by whatever comes first). Lines that then
   disagree with it but are only rows of capitalized names ("Samsung 4K Smart LED TV") or
   short list items (titles) lose their judgement: names read as any language.
3. A disagreeing line of fewer than five words needs a second judge (langdetect with only
   the two languages' profiles) and, under eight words, a widely used language: detectors
   read menu labels as Scots or Romansh.
4. Weak lines that follow each other are judged together (a footer of one- and two-word
   lines), unless they are only capitalized words (a menu of names).
5. A weak line in a script the document's language does not use (Cyrillic in an English
   page, kana in a Russian one) is foreign on that evidence alone. Latin never counts as
   such evidence: brand names and URLs in Latin letters are everywhere.
6. A foreign line starts a run. Its weak neighbours are re-checked with context: the backend
   only chooses between the document's language and the run's ("Artículos: 1374" beside a
   Spanish bio is Spanish). A run grows until a neighbour chooses the document's language.
7. Inside a long line of the document's language, a sentence is a fragment only when the
   backend saw a second language in the line and the sentence alone is reliably in it; a
   foreign word or phrase quoted inside a sentence is never one.
8. Languages written alike (Indonesian and Malay, Croatian and Serbian, the Scandinavian
   languages, Portuguese and Galician, Czech and Slovak) count as one: a line of one in the
   other is no fragment. So do Chinese characters alone in a Japanese or Korean page.

Per-line findings are kept in the hints of the blocks that have any, under
"language.foreign", so that handle_fragments() can apply the policy once the boilerplate
stage has run.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import unicodedata
from dataclasses import dataclass

import regex

from . import segment
from .boilerplate import zones
from .langid import UNKNOWN, Guess, LangdetectBackend, choice_languages, get_backend, same_language
from .model import Document, Fragment

RULE_ID = "language.foreign_fragment"
HINT = "language.foreign"

MIN_WORDS_ALONE = 3        # fewer words never decide a line's language on their own
MIN_WORDS_BEST_EFFORT = 3  # a line this long is judged even where the backend would abstain
MIN_WORDS_SECOND_OPINION = 10  # a line this long that the backend cannot place gets a second one
NAME_LINE_MAX_WORDS = 12   # a short line of capitalized words reads as names, not language
NAME_LINE_CAPITALIZED = 0.8
MIN_SENTENCE_WORDS = 5     # a sentence inside a line must be this long to be a fragment
MIXED_LINE_SHARE = 20      # percent of a line in the document's language that keeps it whole
SECOND_LANGUAGE_SHARE = 15  # percent of a line a second language must cover to check sentences
MIN_DOCUMENT_WORDS = 4     # fewer judged words than this leave the document "unknown"
ESTABLISHED_WORDS = 12     # fragments are removed only against this many words of the document's language
# Position alone (a run reaching the head or tail) removes a foreign run only when the
# detector is fairly sure of it: an unsure reading (a quotation in another script opening an
# article) is reported and kept.
ZONE_REMOVAL_CONFIDENCE = 0.5
SHORT_RUN_WORDS = 6        # a foreign run shorter than this is a widget or a label, not a quote
MOSTLY_NUMBERS_MAX_WORDS = 6  # a line of more words is prose, whatever numbers it holds

_LETTER_RUN = regex.compile(r"[\p{L}\p{M}]+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
# A character beyond ASCII other than punctuation and symbols that are neither letters nor
# marks (Latin-1 signs but ª µ º, general punctuation, currency signs, arrows, box drawing to
# dingbats, emoji). Without one, a line's letter runs are its runs of ASCII letters: the
# curly quotes, dashes and ellipses of English pages then need no \p{L} pattern (the
# regex module costs several times the re module per call).
_LETTER_BEYOND_ASCII = re.compile("[^\x00-\x7f\u00a0-\u00a9\u00ab-\u00b4\u00b6-\u00b9\u00bb-\u00bf\u00d7\u00f7"
                                  "\u2000-\u206f\u20a0-\u20cf\u2190-\u21ff\u2500-\u27bf\U0001f300-\U0001faff]")
# ASCII letters to "a" and every other byte to " ": the words of an ASCII line are then
# its runs of "a", counted in C.
_ASCII_LETTERS_TO_A = bytes(97 if 65 <= b <= 90 or 97 <= b <= 122 else 32 for b in range(256))
_DIGIT = re.compile(r"\d")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_OR_HANGUL = re.compile("[\u3040-\u30ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}[.)]|[-•*·▪►–])\s")
_LIST_MARKERS = "-•*·▪►–"
_POSSESSIVE = re.compile(r"['’]s\b")
# Addresses and code carry no language: URLs, e-mail addresses, domains, dotted identifiers.
# (The standard re module: this pattern runs on every line, and re is several times faster.)
# ("[./@&<]\w|</" written as one branch that starts with a class of characters: the re
# module then skips to those characters instead of trying both branches everywhere.)
_ADDRESS_HINT = re.compile(r"[./@&<](?:\w|(?<=<)/)")
# URLs, e-mail addresses, dotted identifiers, HTML entities and tags: none is language.
# (A dotted identifier's first part is possessive, [\w-]++: what follows it is no [\w-],
# so giving characters back can never make a match, and trying to cost a third of the time.)
_NOT_LANGUAGE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|(?<![\w-])[\w-]++(?:[./][\w-]+)+"
                           r"|&#?\w{1,31};|</?[A-Za-z][^<>\n]{0,200}>")
# The same without the e-mail address, for text where it cannot match (no "@" between two
# non-spaces): tried at every position of a long token, \S+@\S+ runs to the token's end
# and back, so a line of one token of 100,000 characters (an entity flood) took a minute.
_EMAIL_HINT = re.compile(r"\S@\S")
_NOT_LANGUAGE_BUT_EMAIL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w-])[\w-]++(?:[./][\w-]+)+"
                                     r"|&#?\w{1,31};|</?[A-Za-z][^<>\n]{0,200}>")
# Han, kana, Thai, Lao, Khmer and Myanmar: scripts written without spaces between words
# (code point ranges for the standard re module, much faster than \p{...} on every line).
_UNSPACED_CHAR = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff"
                            "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_QUOTE_OPEN = "\"'“‘„«‹「『"
_QUOTE_CLOSE = "\"'”’“»›」』"

# Languages with a large share of the web. A short line (under RARE_LANGUAGE_MIN_WORDS) read
# as any other language is far more often a detector's guess on names or jargon than a real
# line of Scots, Romansh or Xhosa; longer lines in those languages are judged as usual.
COMMON_LANGUAGES = frozenset(
    "af ar az be bg bn bs ca cs cy da de el en es et eu fa fi fr ga gl gu he hi hr hu hy id is it "
    "ja ka kk km kn ko lt lv mk ml mn mr ms my nb ne nl no pa pl pt ro ru si sk sl sq sr sv sw ta "
    "te th tl tr uk ur uz vi zh".split())
RARE_LANGUAGE_MIN_WORDS = 8
SHORT_LINE_WORDS = 5   # a line judged alone with fewer words needs a second judge to be foreign

# Scripts that tell a language family apart from the document's. Latin is left out on purpose.
SCRIPT_LANGUAGES = {
    "CYRILLIC": {"ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg", "tt", "ba", "cv", "ab"},
    "GREEK": {"el"},
    "ARABIC": {"ar", "fa", "ur", "ps", "ku", "sd", "ug", "ckb"},
    "HEBREW": {"he", "yi"},
    "DEVANAGARI": {"hi", "mr", "ne", "sa", "bh"},
    "BENGALI": {"bn", "as"},
    "CJK": {"zh", "ja", "ko"},
    "HIRAGANA": {"ja"},
    "KATAKANA": {"ja"},
    "HANGUL": {"ko"},
    "THAI": {"th"},
    "GEORGIAN": {"ka"},
    "ARMENIAN": {"hy"},
    "TAMIL": {"ta"},
    "TELUGU": {"te"},
    "KANNADA": {"kn"},
    "MALAYALAM": {"ml"},
    "GUJARATI": {"gu"},
    "GURMUKHI": {"pa"},
    "ETHIOPIC": {"am", "ti"},
    "KHMER": {"km"},
    "LAO": {"lo"},
    "MYANMAR": {"my"},
    "SINHALA": {"si"},
}


# -- small text measures -------------------------------------------------------------------
def word_count(text: str) -> int:
    """Words of letters; numbers and symbols do not count. Scripts written without spaces
    count one word per two characters.

    >>> word_count("Artículos: 1374"), word_count("東京都の天気")
    (1, 3)
    """
    if text.isascii() or not _LETTER_BEYOND_ASCII.search(text):
        # the other characters are punctuation: as "?" they still part words, and no more
        letters = text.encode("ascii", "replace").translate(_ASCII_LETTERS_TO_A)
        # a word is a run of "a" that starts the text or follows a space: counted so, no
        # object is made per word (as splitting would)
        return letters.count(b" a") + letters.startswith(b"a")
    if not _UNSPACED_CHAR.search(text):
        return len(_LETTER_RUN.findall(text))
    unspaced = len(_UNSPACED_CHAR.findall(text))
    return len(_LETTER_RUN.findall(_UNSPACED_CHAR.sub(" ", text))) + math.ceil(unspaced / 2)


def _word_pattern(text: str):
    """A pattern whose findall() gives the letter runs of `text`: [A-Za-z]+ when that is
    enough (see _LETTER_BEYOND_ASCII), else letters and marks of any script."""
    if text.isascii() or not _LETTER_BEYOND_ASCII.search(text):
        return _ASCII_WORD
    return _LETTER_RUN


def looks_like_names(text: str) -> bool:
    """A short line whose words are nearly all capitalized: names, products, menu items.

    >>> looks_like_names("Samsung 4K Smart LED TV"), looks_like_names("Dejar una respuesta")
    (True, False)
    """
    if len(text) > NAME_LINE_MAX_WORDS * 25:
        return False   # too long to hold only a dozen words
    if "'" in text or "’" in text:
        text = _POSSESSIVE.sub("", text)  # "Malaysia's Richest": the "s" is no lower-case word
    pattern = _word_pattern(text)
    words = pattern.findall(text)
    if not words or len(words) > NAME_LINE_MAX_WORDS:
        return False
    # (every word of ASCII letters is cased)
    cased = words if pattern is _ASCII_WORD else [w for w in words if w[0].isupper() or w[0].islower()]
    if len(cased) * 2 < len(words):
        return False   # scripts without case have no capitalized names to tell apart
    capitalized = len(cased) - sum(map(str.islower, cased))
    return capitalized / len(cased) >= NAME_LINE_CAPITALIZED


def dominant_script(text: str) -> str:
    """The Unicode script of most letters of `text`, as the first word of their names
    ("LATIN", "CYRILLIC", "CJK", "HIRAGANA"...), or "" when it has no letters.

    >>> dominant_script("Москва 2024"), dominant_script("iPhone")
    ('CYRILLIC', 'LATIN')
    """
    if text.isascii():
        return "LATIN" if any(ch.isalpha() for ch in text) else ""
    counts: dict[str, int] = {}
    for ch in text[:200]:
        if ch.isalpha():
            script = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0].split("-", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return ""
    return max(sorted(counts), key=counts.get)


def language_text(text: str) -> str:
    """`text` without what carries no language (URLs, addresses, dotted identifiers,
    HTML entities and tags).

    >>> language_text("Visit www.example.com or player.setav now")
    'Visit   or   now'
    """
    # (str scans for the characters the hint starts with cost a fraction of the hint itself)
    if not ("." in text or "/" in text or "@" in text or "&" in text or "<" in text) \
            or not _ADDRESS_HINT.search(text):
        return text  # nothing to drop (most lines): skip the full pattern
    return (_NOT_LANGUAGE if "@" in text and _EMAIL_HINT.search(text) else _NOT_LANGUAGE_BUT_EMAIL).sub(" ", text)


def _is_quoted(text: str) -> bool:
    text = text.strip()
    return bool(text) and (text[0] in _QUOTE_OPEN or text[-1] in _QUOTE_CLOSE)


# -- identification --------------------------------------------------------------------------
class _Lines:
    """The document's lines while their language is decided, one list per attribute, in
    document order. (Column-wise: a page has thousands of lines and most only have their
    measures looked up, so one object per line cost more than the decisions taken on them.)

    Pages repeat lines (menus, captions): each distinct text is measured and judged alone
    once per document, and its lines share the results."""

    __slots__ = ("line", "text", "plain", "words", "guess",
                 "language", "confidence", "evidence", "judged", "lettered")

    def __init__(self, doc: Document, backend) -> None:
        # the Line objects (only a few lines have their offsets read: no column of each)
        self.line = every_line = [line for block in doc.blocks for line in block.lines]
        source = doc.source
        self.text = texts = [source[line.start:line.end] for line in every_line]
        distinct = list(dict.fromkeys(texts))
        plains, words, lettered = _measures(distinct)
        guesses = _judge_alone(backend, plains, words)
        if len(distinct) == len(texts):
            self.plain, self.words, self.guess = plains, words, guesses
        else:
            index = dict(zip(distinct, range(len(distinct))))
            keys = [index[text] for text in texts]
            self.plain = [plains[k] for k in keys]
            self.words = [words[k] for k in keys]
            self.guess = [guesses[k] for k in keys]  # None: weak, no vote of its own
            lettered = [lettered[k] for k in keys]
        count = len(texts)
        # the lines judged alone, in order (a judgement withdrawn later leaves None in `guess`)
        self.judged = list(itertools.compress(range(count), self.guess))
        # the lines with a letter beyond ASCII: only they can be in a script other than Latin
        self.lettered = list(itertools.compress(range(count), lettered))
        self.language: list[str | None] = [None] * count   # the final language once decided
        self.confidence = [0.0] * count   # (an undecided line's: the document's share, see identify)
        self.evidence = [""] * count   # "alone", "script", "group", "context" (else "document")


_LINES_OF = operator.attrgetter("lines")


def _measures(texts: list[str]) -> tuple[list[str], list[int], list[bool]]:
    """[language_text(t)], [word_count(language_text(t))] and whether t holds a letter
    beyond ASCII (see _LETTER_BEYOND_ASCII), for each text, in one pass: the common case
    (nothing to drop, no letter beyond ASCII) measured inline, without a call per measure."""
    plains, words, lettered = [], [], []
    add_plain, add_words, add_lettered = plains.append, words.append, lettered.append
    letter_beyond_ascii = _LETTER_BEYOND_ASCII.search
    for text in texts:
        plain = text
        if ("." in text or "/" in text or "@" in text or "&" in text or "<" in text) and _ADDRESS_HINT.search(text):
            plain = language_text(text)
        if text.isascii():
            beyond = False
        else:
            beyond = letter_beyond_ascii(text) is not None
        # (dropping addresses only takes letters away: without a letter beyond ASCII in
        # the text, its language_text has none either, and word_count's ASCII path holds)
        if beyond and (plain is text or letter_beyond_ascii(plain)):
            add_words(word_count(plain))
        else:
            letters = plain.encode("ascii", "replace").translate(_ASCII_LETTERS_TO_A)
            add_words(letters.count(b" a") + letters.startswith(b"a"))
        add_plain(plain)
        add_lettered(beyond)
    return plains, words, lettered


def identify(doc: Document, ctx) -> None:
    """Set doc.language and every block's language and confidence; record the foreign
    lines and sentences in the blocks' hints for handle_fragments()."""
    backend = get_backend(ctx.config.language_backend, tuple(ctx.config.languages))
    lines = _Lines(doc, backend)
    doc.language, share = _vote(lines)
    if _drop_name_rows(lines, doc.language):
        doc.language, share = _vote(lines)
    if doc.language == UNKNOWN:
        doc.language = _whole_text_language(backend, lines)
        share = 0.5
    if doc.language == UNKNOWN:
        for block in doc.blocks:
            block.language, block.language_confidence = UNKNOWN, 0.0
        return
    # an undecided line is in the document's language, with the vote's share as confidence
    lines.confidence = [share] * len(lines.text)
    _mark_judged(lines, doc.language)
    _mark_scripts(backend, lines, doc.language, frozenset(ctx.config.languages))
    _mark_groups(backend, lines, doc.language)
    _grow_runs(backend, lines, doc.language)
    sentences = _foreign_sentences(backend, lines, doc.language)
    _set_blocks(doc, lines, share, sentences)


def _judge_alone(backend, plains: list[str], words: list[int]) -> list[Guess | None]:
    """The language of each text (without URLs and code) of so many words, when it has
    evidence enough to be judged without context, else None. (Whether it is only a row of
    names is checked later, and only where it matters: on lines that disagree with the
    document's language.)"""
    guesses: list[Guess | None] = [None] * len(plains)
    judged = [k for k, count in enumerate(words) if count >= MIN_WORDS_ALONE
              and not (count <= MOSTLY_NUMBERS_MAX_WORDS and _DIGIT.search(plains[k])
                       and _mostly_numbers(plains[k], count))]
    for k, guess in zip(judged, backend.detect_many([plains[k] for k in judged])):
        if not (guess.reliable and guess.language != UNKNOWN):
            guess = _second_chance(backend, plains[k], words[k], guess)
            if guess is None:
                continue
        if words[k] < RARE_LANGUAGE_MIN_WORDS and guess.language not in COMMON_LANGUAGES:
            continue  # "Place an Ad" read as Scots, "op-ed columnists" as Romansh
        guesses[k] = guess
    return guesses


def _second_chance(backend, text: str, words: int, guess: Guess) -> Guess | None:
    """A reliable answer for a text of `words` words on which the backend's first `guess`
    was unsure or abstained, or None."""
    if not guess.known and words >= MIN_WORDS_BEST_EFFORT:
        # CLD2 abstains on some plain sentences; asked to answer anyway it is often right,
        # and the backend keeps only the answers that score well (see langid)
        guess = backend.detect(text, best_effort=True)
    if not (guess.known and guess.reliable) and words >= MIN_WORDS_SECOND_OPINION and _reads_as_prose(text):
        guess = backend.second_opinion(text)
    return guess if guess.known and guess.reliable else None


def _mostly_numbers(text: str, words: int) -> bool:
    """Dates, times, scores and prices: fewer words than other tokens
    ("Nov. 20, 2019 12:00 AM EST" reads as French to a detector)."""
    tokens = text.split()
    numbers = sum(1 for t in tokens if t[0].isdigit())
    return words <= MOSTLY_NUMBERS_MAX_WORDS and numbers * 3 > len(tokens)


def _reads_as_prose(text: str) -> bool:
    """Mostly lower-case words, few repeated: a sentence rather than a list of tags, names
    or menu items, on which a second detector guesses as wildly as the first."""
    runs = _word_pattern(text).findall(text)
    if not runs:
        return False
    lower = sum(1 for w in runs if w.islower())
    return lower * 2 >= len(runs) and len({w.casefold() for w in runs}) >= 0.7 * len(runs)


def _vote(lines: _Lines) -> tuple[str, float]:
    """The language of most judged text, weighted by length and confidence, and its share."""
    weights: dict[str, float] = {}
    judged_words = 0
    words, guesses = lines.words, lines.guess
    for i in lines.judged:   # (in line order, as the sums must be)
        guess = guesses[i]
        if guess is not None:
            judged_words += words[i]
            weights[guess.language] = weights.get(guess.language, 0.0) + words[i] * guess.confidence
    total = sum(weights.values())
    if not weights or judged_words < MIN_DOCUMENT_WORDS:
        return UNKNOWN, 0.0
    best = max(sorted(weights), key=weights.get)
    return best, round(weights[best] / total, 4)


def _drop_name_rows(lines: _Lines, main: str) -> bool:
    """Withdraw the judgement of lines that disagree with the document's language and are
    only rows of capitalized names ("Samsung 4K Smart LED TV", "iPhone 15 Pro Max") or short
    list items: names and titles read as any language. True when any was withdrawn."""
    dropped = False
    guesses = lines.guess
    for i in lines.judged:
        guess = guesses[i]
        if (guess is not None and guess.language != main and not same_language(guess.language, main)
                and (looks_like_names(lines.plain[i]) or _short_list_item(lines.words[i], lines.text[i]))):
            guesses[i] = None
            dropped = True
    return dropped


def _short_list_item(words: int, text: str) -> bool:
    """A short numbered or bulleted item (a line of `words` words): list items are mostly
    titles and product names ("13) Dark Side of the Moon (180 gr) Registrazione originale"),
    which read as the language of the title, not of the page."""
    # (most lines are no list item: their first character, neither a marker, a digit nor a
    # space, tells so more cheaply than the pattern)
    return (words <= NAME_LINE_MAX_WORDS and bool(text)
            and (text[0] in _LIST_MARKERS or text[0].isdecimal() or text[0].isspace())
            and bool(_LIST_MARKER.match(text)))


def _whole_text_language(backend, lines: _Lines) -> str:
    """For documents without one judged line (only short lines): the whole text at once."""
    text = "\n".join(lines.plain)
    if word_count(text) < MIN_WORDS_ALONE:
        return UNKNOWN
    guess = backend.detect(text)
    return guess.language if guess.reliable else UNKNOWN


def _mark_judged(lines: _Lines, main: str) -> None:
    """Decide the lines judged alone: in the document's language (or partly, or kin), or
    foreign when a short one is confirmed by a second judge (else it turns weak)."""
    guesses, plains = lines.guess, lines.plain
    for i in lines.judged:
        guess = guesses[i]
        if guess is None:
            continue
        language = guess.language
        if (language == main or same_language(language, main) or _partly_in(guess, main)
                or _han_of(plains[i], main, language)):
            language = main
        elif lines.words[i] < SHORT_LINE_WORDS and not _confirmed(plains[i], main, language):
            guesses[i] = None
            continue
        lines.language[i], lines.confidence[i], lines.evidence[i] = language, guess.confidence, "alone"


def _han_of(text: str, main: str, language: str) -> bool:
    """Chinese characters alone in a Japanese or Korean document belong to it: both write
    with them (kanji, hanja), and a line of them only reads as Chinese ("大韓民國 國會")."""
    return (language == "zh" and main in ("ja", "ko")
            and not _KANA_OR_HANGUL.search(text) and bool(_HAN.search(text)))


@functools.lru_cache(maxsize=4096)
def _confirmed(text: str, main: str, other: str) -> bool:
    """A second judge for a short line read as foreign: langdetect with only the two
    languages' profiles loaded must also prefer the foreign one ("Be a Pro" is read as
    Czech by CLD2, but between English and Czech it is English). Pairs langdetect does not
    know are left to the first judge. (Remembered: langdetect is the slowest judge, its
    answer depends on nothing but these three, and pages repeat their short labels.)"""
    known = choice_languages()
    pair = tuple(code if code in known else _LANGDETECT_KIN.get(code, code) for code in (main, other))
    if not set(pair) <= known:
        return False  # no second judge for this pair: a short line alone stays undecided
    choice = LangdetectBackend().choose(text, pair)
    return choice.known and choice.language == pair[1]


# Languages langdetect lacks, judged through a kin language it has.
_LANGDETECT_KIN = {"ms": "id", "sr": "hr", "bs": "hr", "nb": "no", "nn": "no", "gl": "pt"}


def _partly_in(guess: Guess, main: str) -> bool:
    """A line the backend found partly in the document's language is no fragment as a whole
    ("Dark Side of the Moon (180 gr) Registrazione originale rimasterizzata")."""
    return any(same_language(code, main) and share >= MIXED_LINE_SHARE for code, share in guess.others)

def _weak_sequences(lines: _Lines, worth_judging: bool = False) -> list[list[int]]:
    """The sequences of two undecided lines or more that follow each other, skipping lines
    without words; a line of several capitalized names, or a short list item, breaks a
    sequence (names and titles say nothing of a language). (A line alone is no group.)

    With `worth_judging`, the runs of undecided lines whose every sequence _mark_groups
    would pass over are left out unwalked (see _no_group_worth_judging): most runs are
    menus of capitalized labels."""
    words, texts, languages = lines.words, lines.text, lines.language
    # The lines with words, and a byte per each telling whether it is undecided: runs of two
    # undecided lines or more are found by a pattern in C, and only their lines are walked
    # (most lines are decided, or undecided alone between decided ones).
    worded = list(itertools.compress(range(len(words)), words))
    undecided = bytes(map(operator.is_, map(languages.__getitem__, worded), itertools.repeat(None)))
    breaks: dict[str, bool] = {}  # pages repeat lines: decide each text once
    sequences = []
    for run in _UNDECIDED_RUN.finditer(undecided):
        members = worded[run.start():run.end()]
        if worth_judging and _no_group_worth_judging(lines, members):
            continue
        current: list[int] = []
        for i in members:
            text = texts[i]
            stop = breaks.get(text)
            if stop is None:
                stop = breaks[text] = ((words[i] >= 2 and looks_like_names(lines.plain[i]))
                                       or _short_list_item(words[i], text))
            if not stop:
                current.append(i)
            elif current:   # (a worded line: it parts the lines around it)
                if len(current) > 1:
                    sequences.append(current)
                current = []
        if len(current) > 1:
            sequences.append(current)
    return sequences


_UNDECIDED_RUN = re.compile(rb"\x01{2,}")
# A lower-case word of three letters or more, among words of ASCII letters: a word
# _only_capitalized finds in a text of such words.
_LOWER_ASCII_WORD = re.compile(r"(?<![A-Za-z])[a-z][A-Za-z]{2}")


def _no_group_worth_judging(lines: _Lines, members: list[int]) -> bool:
    """True when no sequence of these undecided lines (a run of them with words, in order)
    can be judged by _mark_groups: together they hold fewer words than a group needs, or
    they are ASCII words without a lower-case word of three letters (a menu of names),
    which every sequence of them is too, for _only_capitalized. (Without a letter beyond
    ASCII, every line with words has a cased word, as _only_capitalized asks of a sequence.)
    A test of the whole run instead of a walk of its lines and their names."""
    plains = lines.plain
    if sum(map(lines.words.__getitem__, members)) < MIN_WORDS_ALONE:
        return True
    text = "\n".join(map(plains.__getitem__, members))
    return (text.isascii() or not _LETTER_BEYOND_ASCII.search(text)) and not _LOWER_ASCII_WORD.search(text)


def _remembered(memo: dict, function, text: str):
    """function(text), computed once per text for the life of `memo`."""
    value = memo.get(text)
    if value is None:
        value = memo[text] = function(text)
    return value


def _mark_groups(backend, lines: _Lines, main: str) -> None:
    """Short lines that follow each other are judged together (a footer of one- and
    two-word lines); each line then chooses between the document's language and the
    group's."""
    words, plains = lines.words, lines.plain
    for sequence in _weak_sequences(lines, worth_judging=True):
        total = sum(words[i] for i in sequence)
        if total < MIN_WORDS_ALONE:
            continue
        text = "\n".join(plains[i] for i in sequence)
        if _only_capitalized(text):
            continue  # a menu of names ("FB / Linkedin / Twitter", "Prajavani / Sudha / Mayura")
        guess = backend.detect(text)
        if not (guess.known and guess.reliable) or same_language(guess.language, main) or _partly_in(guess, main):
            continue
        if total < RARE_LANGUAGE_MIN_WORDS and guess.language not in COMMON_LANGUAGES:
            continue
        if total < SHORT_LINE_WORDS and not _confirmed(text, main, guess.language):
            continue
        for i in sequence:
            choice = backend.choose(plains[i], (main, guess.language))
            if choice.language == guess.language:
                lines.language[i], lines.confidence[i], lines.evidence[i] = guess.language, choice.confidence, "group"


def _only_capitalized(text: str) -> bool:
    """True when the text has cased words and no lower-case word of three letters or more:
    names and menu labels, whatever language a detector hears in them."""
    words = _word_pattern(text).findall(text)
    cased = [w for w in words if w[0].isupper() or w[0].islower()]
    return bool(cased) and not any(len(w) >= 3 and w[0].islower() for w in cased)


def _mark_scripts(backend, lines: _Lines, main: str, candidates: frozenset[str]) -> None:
    """Weak lines written in a script the document's language never uses are foreign."""
    # (only lines with a letter beyond ASCII: the others are Latin, which is never evidence)
    for i in lines.lettered:
        text = lines.text[i]
        if lines.language[i] is not None or not lines.words[i] or not _SCRIPT_LETTER.search(text):
            continue   # (decided, no words, or no letter of a script that is evidence)
        script = dominant_script(text)
        users = SCRIPT_LANGUAGES.get(script)
        if users and candidates:
            users = users & candidates
        if not users or main in users:
            continue
        plain = lines.plain[i]
        guess = backend.detect(plain, best_effort=True)
        if not (guess.known and guess.language in users):
            guess = backend.choose(plain, tuple(sorted(users)))
        if guess.known and guess.language in users:
            lines.language[i], lines.confidence[i], lines.evidence[i] = guess.language, guess.confidence, "script"


# Greek, the first script of SCRIPT_LANGUAGES in code point order: a text without a
# letter from it on holds only Latin letters, IPA and signs such as ª and µ, whose
# dominant_script is in no entry of SCRIPT_LANGUAGES.
_FIRST_SCRIPT_CHAR = "\u0370"
# A character from _FIRST_SCRIPT_CHAR on, but for the signs that are neither letters nor
# marks of _LETTER_BEYOND_ASCII (curly quotes and dashes are in most lines).
_SCRIPT_LETTER = re.compile(f"[^\x00-{chr(ord(_FIRST_SCRIPT_CHAR) - 1)}"
                            "\u2000-\u206f\u20a0-\u20cf\u2190-\u21ff\u2500-\u27bf\U0001f300-\U0001faff]")


def _grow_runs(backend, lines: _Lines, main: str) -> None:
    """Extend each foreign line over its undecided neighbours that, given the choice
    between the document's language and the line's, choose the line's."""
    languages, words, evidence = lines.language, lines.words, lines.evidence
    if _none_foreign(languages, main):
        return   # no foreign line to start a run (most pages)
    count = len(languages)
    # A run only ever grows over undecided lines, so the lines that can start one are
    # known now (those it reaches are marked "context" and start none).
    foreign = [i for i, language in enumerate(languages) if language is not None and language != main]
    for i in foreign:
        if evidence[i] == "context":
            continue
        language = languages[i]
        for step in (-1, 1):
            j = i + step
            while 0 <= j < count:
                other = languages[j]
                if other is not None and other != language and words[j]:
                    break
                if other == language or not words[j]:
                    j += step
                    continue
                if words[j] >= MIN_WORDS_ALONE and looks_like_names(lines.plain[j]):
                    break  # names next to a foreign run are not in its language for that
                choice = backend.choose(lines.plain[j], (main, language))
                if choice.language != language:
                    break
                languages[j], lines.confidence[j], evidence[j] = language, choice.confidence, "context"
                j += step


def _none_foreign(languages: list[str | None], main: str) -> bool:
    """True when every line is undecided or in the document's language (most pages),
    counted in C instead of a walk of the lines."""
    return languages.count(None) + languages.count(main) == len(languages)


def _foreign_sentences(backend, lines: _Lines, main: str) -> dict[int, list[tuple[int, int, Guess]]]:
    """Foreign sentences inside lines of the document's language, by line index."""
    found: dict[int, list[tuple[int, int, Guess]]] = {}
    for i in lines.judged:
        guess = lines.guess[i]
        # (most lines are in one language: no others, nothing to look for)
        if guess is None or not guess.others or lines.language[i] != main \
                or lines.words[i] < 2 * MIN_SENTENCE_WORDS:
            continue
        if not any(not same_language(code, main) and share >= SECOND_LANGUAGE_SHARE
                   for code, share in guess.others):
            continue
        line, start = lines.text[i], lines.line[i].start
        for s, e in segment.sentences(line, start):
            text = line[s - start:e - start]
            if word_count(text) < MIN_SENTENCE_WORDS or looks_like_names(text):
                continue
            sentence_guess = backend.detect(text)
            if sentence_guess.known and sentence_guess.reliable and not same_language(sentence_guess.language, main):
                found.setdefault(i, []).append((s, e, sentence_guess))
    return found


def _set_blocks(doc: Document, lines: _Lines, share: float, sentences) -> None:
    """Each block's language: the length-weighted vote of its lines' final languages.
    Lines still undecided are in the document's language, with its `share` of the vote
    as their confidence (which identify() gave them in lines.confidence)."""
    main = doc.language
    languages, confidences = lines.language, lines.confidence
    widths = list(map(len, lines.text))   # (each line's end less its start)
    if 0 in widths:
        widths = [max(width, 1) for width in widths]
    # the block of each line, from the index of each block's first line
    firsts = list(itertools.accumulate(map(len, map(_LINES_OF, doc.blocks)), initial=0))
    mixed = _set_foreign_hints(doc, lines, sentences, firsts)
    main_confidence = round(share, 4)
    rounded: dict[float, float] = {}  # round(x, 4) costs a microsecond, and lines share few values
    first = 0
    for b, block in enumerate(doc.blocks):
        stop = firsts[b + 1]
        if stop - first == 1:
            only = languages[first]
            if only is None:  # (most blocks: a line of the document's language)
                block.language, block.language_confidence = main, main_confidence
            else:
                confidence = rounded.get(confidences[first])
                if confidence is None:
                    confidence = rounded[confidences[first]] = round(confidences[first], 4)
                block.language, block.language_confidence = only, confidence
        elif first == stop:
            block.language, block.language_confidence = main, 0.0
        elif b in mixed:
            block.language, block.language_confidence = _block_vote(
                [main if language is None else language for language in languages[first:stop]],
                widths[first:stop], confidences[first:stop])
        else:
            block.language, block.language_confidence = main, _mean_confidence(
                widths[first:stop], confidences[first:stop], rounded)
        first = stop


def _mean_confidence(widths: list[int], confidences: list[float], rounded: dict[float, float]) -> float:
    """The lines' confidence weighted by their widths, rounded as _block_vote rounds it
    (`rounded`: round(x, 4) of the values seen so far, filled as they come)."""
    first = confidences[0]
    if confidences.count(first) == len(confidences):
        # Lines of one confidence (a block of undecided lines): their mean strays from it
        # by a few units in the last place, so when it has four decimals or fewer the mean
        # rounds back to it, and the sums below need not be made.
        first_rounded = rounded.get(first)
        if first_rounded is None:
            first_rounded = rounded[first] = round(first, 4)
        if first_rounded == first:
            return first
    # summed in line order, as _block_vote would for a block in one language
    weighted = functools.reduce(operator.add, map(operator.mul, widths, confidences), 0.0)
    return round(weighted / sum(widths), 4)


def _set_foreign_hints(doc: Document, lines: _Lines, sentences, firsts: list[int]) -> set[int]:
    """Record each block's foreign lines and sentences in its hints, in order, and return
    the blocks with a line not in the document's language. (`firsts`: the index of each
    block's first line.)"""
    main, languages = doc.language, lines.language
    if _none_foreign(languages, main):
        foreign_lines = []
    else:
        foreign_lines = [i for i, language in enumerate(languages) if language is not None and language != main]
    if not foreign_lines and not sentences:
        return set()
    foreign: dict[int, list[tuple]] = {}  # by block: its foreign lines and sentences, in order
    mixed: set[int] = set()
    for i in sorted(set(foreign_lines) | sentences.keys()):
        b = bisect.bisect_right(firsts, i) - 1
        if i in sentences:
            foreign.setdefault(b, []).extend((s, e, guess.language, guess.confidence, "sentence")
                                             for s, e, guess in sentences[i])
        else:
            mixed.add(b)
            line = lines.line[i]
            foreign.setdefault(b, []).append((line.start, line.end, languages[i], lines.confidence[i], "line"))
    for b, found in foreign.items():
        doc.blocks[b].hints[HINT] = found
    return mixed


def _block_vote(languages: list[str], widths: list[int], confidences: list[float]) -> tuple[str, float]:
    """The language of most of the lines' characters, and its mean confidence."""
    weights: dict[str, float] = {}
    confidence: dict[str, float] = {}
    for language, weight, line_confidence in zip(languages, widths, confidences):
        weights[language] = weights.get(language, 0.0) + weight
        confidence[language] = confidence.get(language, 0.0) + weight * line_confidence
    best = max(sorted(weights), key=weights.get)
    return best, round(confidence[best] / weights[best], 4)


# -- fragments and policy ---------------------------------------------------------------------
@dataclass(slots=True)
class _Span:
    block: int
    start: int
    end: int
    language: str
    confidence: float
    kind: str          # "line" or "sentence"
    run: int = -1


def handle_fragments(doc: Document, ctx) -> None:
    """Report every foreign span as a Fragment and apply ctx.config.fragment_policy."""
    spans = _collect_spans(doc)
    if not spans:
        return
    lines = [line for block in doc.blocks for line in block.lines]
    line_at = {line.start: i for i, line in enumerate(lines)}
    runs = _runs(spans, lines, line_at)
    block_zones = zones(doc)
    policy = ctx.config.fragment_policy
    may_remove = None   # decided when a piece is not already removed (most are: boilerplate)
    for piece in _pieces(spans):
        first, last = piece[0], piece[-1]
        start, end = first.start, last.end
        already = doc.is_removed(start, end)
        action = "removed" if already else ("tagged" if policy == "tag" else "kept")
        if not already and may_remove is None:
            may_remove = _may_remove_fragments(doc, ctx, spans)
        if not already and may_remove:
            reason = _removal_reason(doc, piece, runs[first.run], block_zones, policy, (lines, line_at))
            if reason:
                _remove_piece(doc, piece, reason)
                action = "removed"
        confidence = sum(s.confidence * (s.end - s.start) for s in piece) / sum(s.end - s.start for s in piece)
        doc.add_fragment(Fragment(start, end, doc.source[start:end], first.language,
                                  round(confidence, 4), action))


def _may_remove_fragments(doc: Document, ctx, spans: list[_Span]) -> bool:
    """Whether the policy may remove the document's fragments at all. A document language
    read from a handful of words cannot make other text foreign enough to remove: its
    fragments are reported, and kept. (A repair that splits one glued word could otherwise
    flip such a language between two cleanings.) (Words of the whole source are counted,
    which costs: called only when a fragment is not already removed.)"""
    if not ctx.config.is_enabled(RULE_ID):
        return False
    own_words = word_count(doc.source) - sum(word_count(doc.source[s.start:s.end]) for s in spans)
    return own_words >= ESTABLISHED_WORDS


def _collect_spans(doc: Document) -> list[_Span]:
    spans = []
    for b, block in enumerate(doc.blocks):
        for start, end, lang, confidence, kind in block.hints.get(HINT, ()):
            spans.append(_Span(b, start, end, lang, confidence, kind))
    return spans


def _runs(spans: list[_Span], lines: list, line_at: dict[int, int]) -> list[list[_Span]]:
    """Group foreign lines that follow each other (across blocks) in one language; a
    foreign sentence inside a line is a run of its own. (`lines` are all the document's
    Line objects in order, `line_at` their index by start offset.)"""
    runs: list[list[_Span]] = []
    for span in spans:
        last = runs[-1][-1] if runs else None
        if (last is not None and span.kind == "line" and last.kind == "line"
                and last.language == span.language and _start_of_line_after(last.start, lines, line_at) == span.start):
            runs[-1].append(span)
        else:
            runs.append([span])
        span.run = len(runs) - 1
    return runs


def _start_of_line_after(start: int, lines: list, line_at: dict[int, int]) -> int | None:
    """The start of the line after the one that starts at `start`, or None."""
    i = line_at.get(start)
    return lines[i + 1].start if i is not None and i + 1 < len(lines) else None


def _pieces(spans: list[_Span]) -> list[list[_Span]]:
    """The reported fragments: the part of one run that lies in one block."""
    pieces: list[list[_Span]] = []
    for span in spans:
        if pieces and pieces[-1][-1].run == span.run and pieces[-1][-1].block == span.block:
            pieces[-1].append(span)
        else:
            pieces.append([span])
    return pieces


def _removal_reason(doc: Document, piece: list[_Span], run: list[_Span], block_zones, policy: str,
                    line_index) -> str:
    """Why the policy removes this piece, or "" when it keeps it."""
    language = piece[0].language
    if policy == "tag":
        return ""
    if policy == "remove-all":
        return f"text in {language}, not the document's {doc.language} (policy remove-all)"
    if piece[0].kind == "sentence":
        return _sentence_removal_reason(doc, piece[0])
    if any(doc.is_removed(s.start, s.end) for s in run) or _beside_removed(doc, run, *line_index):
        return f"text in {language} among boilerplate removed around it"
    # the run as a whole: a footer that starts above the tail zone still ends in it
    zone = next((block_zones[s.block] for s in run if block_zones[s.block] != "body"), "body")
    if zone != "body" and _confidence(run) >= ZONE_REMOVAL_CONFIDENCE:
        return f"text in {language}, not the document's {doc.language}, in a run reaching the {zone} of the page"
    words = sum(word_count(doc.source[s.start:s.end]) for s in run)
    if words < SHORT_RUN_WORDS and not _is_quoted(doc.source[run[0].start:run[-1].end]):
        return f"a short run of {words} word(s) in {language}, not a quote"
    return ""


def _confidence(run: list[_Span]) -> float:
    """The run's confidence, weighted by the length of its spans."""
    return sum(s.confidence * (s.end - s.start) for s in run) / max(sum(s.end - s.start for s in run), 1)


def _sentence_removal_reason(doc: Document, span: _Span) -> str:
    """A foreign sentence inside a line goes only when the rest of its line went."""
    block = doc.blocks[span.block]
    line = next((ln for ln in block.lines if ln.start <= span.start < ln.end), None)
    if line is None:
        return ""
    before = line.start >= span.start or doc.is_removed(line.start, span.start)
    after = span.end >= line.end or doc.is_removed(span.end, line.end)
    if before and after:
        return f"a sentence in {span.language} left alone in a line of removed boilerplate"
    return ""


def _beside_removed(doc: Document, run: list[_Span], lines: list, line_at: dict[int, int]) -> bool:
    """True when the line just before or just after the run was removed. (`lines` are all
    the document's lines in order, `line_at` their index by start offset.)"""
    first, last = line_at.get(run[0].start), line_at.get(run[-1].start)
    if first is None or last is None:
        return False
    for j in (first - 1, last + 1):
        if 0 <= j < len(lines) and doc.is_removed(lines[j].start, lines[j].end):
            return True
    return False


def _remove_piece(doc: Document, piece: list[_Span], reason: str) -> None:
    block = doc.blocks[piece[0].block]
    start, end = piece[0].start, piece[-1].end
    evidence = f"{piece[0].language} ({piece[0].confidence:.2f}, judged by {piece[0].kind})"
    if piece[0].kind == "line" and end < block.end and doc.source[end:end + 1] == "\n":
        end += 1  # the line's newline goes with it, so the block does not split in two
    doc.remove(start, end, rule=RULE_ID, reason=reason, evidence=evidence)
