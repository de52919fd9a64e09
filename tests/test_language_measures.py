"""The fast paths of the language stage's text measures agree with their plain definitions."""
import math
import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import language

LETTERS_AND_MARKS = regex.compile(r"[\p{L}\p{M}]+")

# ASCII, the punctuation of the fast path and its neighbours, letters with and without
# marks, letters among the signs (ª µ º), marks alone, and scripts without spaces
ALPHABET = st.sampled_from(list("abcXYZ 019.,;:!?'-/@&<>\t") + list("’‘“”—–…«»•·€£©®™\u00a0\u200b×÷²")
                           + list("éçñßøÆ\u0301\u0308ªµºℓ\ufe0fмирЖ")
                           + list("東京の天気กขຂកမ") + ["\U0001f600", "\U0001f3fb"])


def reference_word_count(text: str) -> int:
    """word_count by its definition, with the \\p{L} pattern only."""
    unspaced = len(language._UNSPACED_CHAR.findall(text))
    spaced = len(LETTERS_AND_MARKS.findall(language._UNSPACED_CHAR.sub(" ", text)))
    return spaced + math.ceil(unspaced / 2)


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_word_count_agrees_with_its_definition(text):
    assert language.word_count(text) == reference_word_count(text)


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_word_pattern_finds_the_letter_runs(text):
    assert language._word_pattern(text).findall(text) == LETTERS_AND_MARKS.findall(text)


def test_the_fast_path_class_holds_no_letter_or_mark():
    signs = [chr(c) for c in range(0x80, 0x30000) if not language._LETTER_BEYOND_ASCII.match(chr(c))]
    assert signs and not any(LETTERS_AND_MARKS.match(ch) for ch in signs)


ADDRESS_ALPHABET = st.sampled_from(list("ab.Z9-_/@&#;<> :w\n") + ["http://", "www.", "&amp;", "</p>", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(ADDRESS_ALPHABET, max_size=30).map("".join))
def test_language_text_drops_what_the_full_pattern_drops(text):
    # (the full pattern runs where the address hint is found)
    expected = language._NOT_LANGUAGE.sub(" ", text) if language._ADDRESS_HINT.search(text) else text
    assert language.language_text(text) == expected


# the address patterns as first written, before they were shaped for speed
PLAIN_ADDRESS_HINT = re.compile(r"[./@&<]\w|</")
PLAIN_NOT_LANGUAGE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|(?<![\w-])[\w-]+(?:[./][\w-]+)+"
                                r"|&#?\w{1,31};|</?[A-Za-z][^<>\n]{0,200}>")


@settings(max_examples=500, deadline=None)
@given(st.lists(ADDRESS_ALPHABET, max_size=30).map("".join))
def test_address_patterns_match_as_first_written(text):
    assert bool(language._ADDRESS_HINT.search(text)) == bool(PLAIN_ADDRESS_HINT.search(text))
    assert language._NOT_LANGUAGE.sub(" ", text) == PLAIN_NOT_LANGUAGE.sub(" ", text)
    if not language._EMAIL_HINT.search(text):
        assert language._NOT_LANGUAGE_BUT_EMAIL.sub(" ", text) == PLAIN_NOT_LANGUAGE.sub(" ", text)


LIST_ALPHABET = st.sampled_from(list("1234567890.) -•*·▪►–ab\t\u00a0") + ["٣", "१", "\u2003"])


@settings(max_examples=400, deadline=None)
@given(st.text(LIST_ALPHABET, max_size=12), st.integers(0, 20))
def test_short_list_item_is_the_marker_pattern(text, words):
    # (the first-character test in front of the pattern only skips lines it cannot match)
    assert language._short_list_item(words, text) == (words <= language.NAME_LINE_MAX_WORDS
                                                      and bool(language._LIST_MARKER.match(text)))
