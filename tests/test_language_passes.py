"""The fused passes of language identification agree with the measures and walks they replace."""
import itertools

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import language

LETTERS_AND_MARKS = regex.compile(r"[\p{L}\p{M}]")

# ASCII words and addresses, signs beyond ASCII that are no letters, letters beyond ASCII
# (also inside an address, where language_text drops them), and scripts without spaces
PIECES = st.sampled_from(["word", "Name", "a", " ", "  ", ".", "www.", "http://x.ru/", "a@b.c", "&amp;", "</p>",
                          "3.5", "’", "“", "—", "…", "é", "ñ", "мир", "http://пример.рф", "東京", "\u00a0", "\U0001f600"])
TEXT = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, max_size=8))
def test_measures_agree_with_language_text_and_word_count(texts):
    plains, words, lettered = language._measures(texts)
    assert plains == [language.language_text(t) for t in texts]
    assert words == [language.word_count(language.language_text(t)) for t in texts]
    assert lettered == [bool(language._LETTER_BEYOND_ASCII.search(t)) for t in texts]


def test_measures_of_a_text_whose_address_holds_its_only_letters_beyond_ascii():
    plains, words, lettered = language._measures(["see http://пример.рф now", "мир и труд"])
    assert plains[0] == "see   now" and words == [2, 3] and lettered == [True, True]


def reference_weak_sequences(lines) -> list[list[int]]:
    """The weak sequences as first written: every undecided line with words walked in order,
    a sequence closed where a line with words lies between two of its lines."""
    words, texts = lines.words, lines.text
    worded = list(itertools.accumulate(map(bool, words)))
    sequences, current, previous = [], [], -1
    for i in [i for i, lang in enumerate(lines.language) if lang is None and words[i]]:
        if (words[i] >= 2 and language.looks_like_names(lines.plain[i])) or language._short_list_item(words[i], texts[i]):
            continue
        if current and worded[i - 1] != worded[previous]:
            sequences.append(current)
            current = []
        current.append(i)
        previous = i
    if current:
        sequences.append(current)
    return sequences


class FakeLines:
    """The columns _weak_sequences reads."""

    def __init__(self, rows):
        self.text = self.plain = [text for text, _ in rows]
        self.words = [language.word_count(text) for text, _ in rows]
        self.language = [lang for _, lang in rows]


# prose, names (a break), list items (a break), lines without words, repeated texts
LINE_TEXTS = st.sampled_from(["la casa", "hola", "de la vida y más", "Samsung Smart TV", "1) Dark Side",
                              "- item", "2024", "", "...", "Contact Us", "menú"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(LINE_TEXTS, st.sampled_from([None, None, "en", "es"])), max_size=30))
def test_weak_sequences_are_the_groups_of_the_full_walk(rows):
    lines = FakeLines(rows)
    expected = [s for s in reference_weak_sequences(lines) if len(s) > 1]
    assert language._weak_sequences(lines) == expected


def test_line_columns_of_a_page_with_repeated_lines():
    from cleaner import segment
    from cleaner.langid import get_backend
    from cleaner.model import Document

    text = ("Home\nНовости дня\n\nThe council met on Tuesday to discuss the new budget for schools.\n\n"
            "Home\nНовости дня\n\n“Quoted” words — and more of them here today.")
    doc = Document(text)
    segment.run(doc)
    lines = language._Lines(doc, get_backend("auto"))
    assert lines.text == ["Home", "Новости дня", "The council met on Tuesday to discuss the new budget for schools.",
                          "Home", "Новости дня", "“Quoted” words — and more of them here today."]
    assert lines.lettered == [1, 4]   # curly quotes and dashes are no letters
    assert lines.judged == [i for i, guess in enumerate(lines.guess) if guess is not None] and 2 in lines.judged
    assert lines.words == [language.word_count(language.language_text(t)) for t in lines.text]


def judged_groups(lines, sequences) -> list[list[int]]:
    """The sequences _mark_groups goes on to judge: enough words, not only capitalized."""
    return [s for s in sequences if sum(lines.words[i] for i in s) >= language.MIN_WORDS_ALONE
            and not language._only_capitalized("\n".join(lines.plain[i] for i in s))]


# menu labels (capitalized, short lower-case words), prose, uncased scripts, letters beyond
# ASCII in cased words, names (breaks) and lines without words
GROUP_LINE_TEXTS = st.sampled_from(["Home", "About Us", "Terms of Use", "FB / Linkedin", "la casa", "hola",
                                    "de la vida", "Samsung Smart TV", "1) Dark Side", "2024", "", "東京",
                                    "Новости", "новости дня", "Café", "él", "of", "Q&A", "www.site.com"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(GROUP_LINE_TEXTS, st.sampled_from([None, None, None, "en"])), max_size=30))
def test_runs_left_unwalked_hold_no_group_worth_judging(rows):
    lines = FakeLines(rows)
    lines.plain = [language.language_text(text) for text in lines.text]
    lines.words = [language.word_count(plain) for plain in lines.plain]
    worth = language._weak_sequences(lines, worth_judging=True)
    assert judged_groups(lines, worth) == judged_groups(lines, language._weak_sequences(lines))
    assert all(s in language._weak_sequences(lines) for s in worth)


def test_a_menu_of_capitalized_labels_is_left_unwalked_and_prose_is_not():
    rows = [("Home", None), ("Contact", None), ("Terms of Use", None), ("The page", "en"),
            ("ver más", None), ("de la vida", None)]
    lines = FakeLines(rows)
    assert language._weak_sequences(lines) == [[0, 1, 2], [4, 5]]
    assert language._weak_sequences(lines, worth_judging=True) == [[4, 5]]


def test_no_letter_before_the_first_script_char_is_evidence_of_a_script():
    """_mark_scripts skips texts without a letter from _FIRST_SCRIPT_CHAR on (no match of
    _SCRIPT_LETTER): every letter before it must belong to no script of SCRIPT_LANGUAGES."""
    below = "".join(chr(c) for c in range(ord(language._FIRST_SCRIPT_CHAR)) if chr(c).isalpha())
    for letter in below:
        assert language.dominant_script(letter) not in language.SCRIPT_LANGUAGES, letter
    assert language.dominant_script(language._FIRST_SCRIPT_CHAR + "α") == "GREEK"


# confidences as the backends give them: percents over 100 or 200, values rounded to four
# decimals, and any float at all
CONFIDENCES = st.one_of(st.integers(0, 100).map(lambda p: p / 100), st.integers(0, 100).map(lambda p: p / 200),
                        st.integers(0, 10000).map(lambda n: round(n / 10000, 4)), st.floats(0, 1))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(1, 5000), min_size=1, max_size=300), CONFIDENCES, st.lists(CONFIDENCES, max_size=3))
def test_mean_confidence_is_the_block_vote(widths, confidence, others):
    uniform = [confidence] * len(widths)
    for confidences in (uniform, (others + uniform)[:len(widths)]):
        expected = language._block_vote(["en"] * len(widths), widths, confidences)[1]
        assert language._mean_confidence(widths, confidences, {}) == expected


def test_script_letter_finds_every_letter_and_mark_from_the_first_script_char_on():
    first = ord(language._FIRST_SCRIPT_CHAR)
    unmatched = [chr(c) for c in range(first, 0x30000) if not language._SCRIPT_LETTER.match(chr(c))]
    assert unmatched and not any(LETTERS_AND_MARKS.match(ch) for ch in unmatched)
    assert not any(language._SCRIPT_LETTER.match(chr(c)) for c in range(first))
