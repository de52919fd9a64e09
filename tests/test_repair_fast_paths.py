"""The repair stage's fast paths find what a plain pass over the whole text finds.

Each rule looks only where a cheap scan of the view says it can act. These tests hold
every such scan to the pass it stands in for, on text built to make the rules fire, and
check the facts about Unicode that the scans rest on.
"""
from __future__ import annotations

import re

import regex
from hypothesis import example, given, settings, strategies as st

from cleaner import repair
from cleaner.config import Config
from cleaner.model import Document

# Words and what stands between them, so that the gap, domain and spacing rules fire, with
# the case, spacing and folding variants their scans must not miss. Characters whose case
# folding is longer ("ß") are left out: they send the hole scan down its plain path.
WORDS = [
    "the", "The", "THE", "a", "A", "an", "of", "Of", "with", "through", "from", "to", "toward",
    "towards", "without", "into", "de", "la", "à", "von", "über", "для", "в", "ſ", "K", "é", "x", "deal", "word", "Police", "Sunday", "2019", "3", "½", "example.com",
    "EVXL.codonde", "bar.network", "co", "news", "www.", "U.S.", "Node.js", "a.m.", "&",
    # pairs that open holes, and their near misses
    "the ,", "The.", "a of", "with ,", "with,", "of through", "from of", "to without", "the the",
    "an)", "(the of", "2the,", "½the of", "ſtrasse", "deal with", "word word word word word",
]
BETWEEN = [
    " ", " ", " ", " ", " ", " ", " ", " ", "", "  ", " , ", ", ", " ,", ". ", ".", " .", "; ", " ; ", ":", "!", "?",
    ")", " (", "(", "[", "“", "”", "„", "«", "»", "\"", "...", "’", "'", "-", "\n", "\n",
    "\n\n", "\n\n", ".\n\n", ",\n\n", " \n \n", "\t", "\u3000", "\u00a0", "\n, ", ". , ",
]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(BETWEEN)), max_size=60).map(
    lambda pairs: "".join(word + between for word, between in pairs))
LANGUAGES = st.sampled_from(["en", "fr", "de", "es", "pt", "it", "ru", "unknown"])
EXAMPLES = settings(max_examples=400, deadline=None, derandomize=True)

ALL_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


class _Ctx:
    config = Config()


def _work(text: str, language: str) -> repair.Work:
    doc = Document(text)
    doc.language = language
    return repair.Work(doc, _Ctx())


# -- the facts the scans rest on -------------------------------------------------------------

def test_re_white_space_covers_the_regex_modules():
    assert set(regex.findall(r"\s", ALL_CHARACTERS)) <= set(re.findall(r"\s", ALL_CHARACTERS))


def test_maybe_letter_covers_every_letter():
    letters = "".join(regex.findall(r"\p{L}", ALL_CHARACTERS))
    assert re.findall(f"[^{repair._MAYBE_LETTER}]", letters) == []


def test_case_folding_keeps_the_opener_words_in_place():
    """Where folding keeps the length, each folded character is the one the case-blind
    opener pattern compares, and no character outside words folds into a word."""
    glue = {"'", "’", "-"}
    for language in repair._vocabulary_file():
        vocab = repair.vocabulary(language)
        words = vocab.articles | vocab.prepositions | vocab.hole_followers
        assert all(word == word.casefold() for word in words)
        alphabet = {ch for word in words for ch in word}
        for letter in alphabet:
            for ch in regex.findall(f"(?i){regex.escape(letter)}", ALL_CHARACTERS):
                folded = ch.casefold()
                assert len(folded) != 1 or folded == letter, (language, letter, ch)
        glue |= alphabet
    glue |= set("abcdefghijklmnopqrstuvwxyz")
    for ch in regex.findall(r"[^\p{L}'’-]", ALL_CHARACTERS):
        folded = ch.casefold()
        assert len(folded) != 1 or folded not in glue, ch


# -- each scan against the pass it replaces ------------------------------------------------------

def _plain_paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in regex.finditer(r"\n[ \t]*(?:\n[ \t]*)+", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [trimmed for s, e in spans if (trimmed := repair._trim(text, s, e))]


@EXAMPLES
@given(TEXTS)
def test_paragraph_spans(text):
    assert repair._paragraph_spans(text) == _plain_paragraphs(text)


@EXAMPLES
@given(TEXTS)
def test_dotted_names_and_glued_sentences(text):
    assert [m.span() for m in repair._dotted_names(text)] == [m.span() for m in repair._DOTTED.finditer(text)]
    assert ([m.span() for m in repair._glued_sentence_ends(text)]
            == [m.span() for m in repair._GLUED_SENTENCE.finditer(text)])


@EXAMPLES
@given(TEXTS)
def test_spaces_before_marks(text):
    marks = [m.start() for m in repair._SPACED_MARK.finditer(text)]
    assert repair._spaces_before_marks(text, marks) == [m.span() for m in repair._SPACE_BEFORE.finditer(text)]


@EXAMPLES
@given(TEXTS)
def test_marks_found_one_pattern_each(text):
    """A pattern per mark finds what the one pattern with their class finds."""
    assert repair._starts(repair._SPACED_MARK_EACH, text) == [m.start() for m in repair._SPACED_MARK.finditer(text)]
    assert (repair._starts(repair._MARK_BEFORE_LETTER_EACH, text)
            == [m.start() for m in repair._MARK_BEFORE_LETTER.finditer(text)])


@EXAMPLES
@given(TEXTS)
def test_ends_sentence(text):
    assert repair._ends_sentence(text, 0, len(text)) == bool(repair._SENTENCE_FINAL.search(text))


def _gaps_paragraph_by_paragraph(work: repair.Work) -> None:
    """find_gaps as a check of each paragraph in turn, running every pattern over it."""
    text, vocab = work.text, work.vocab
    paragraphs = work.view.paragraphs()
    opener = repair._hole_opener(vocab)
    for index, (start, end) in enumerate(paragraphs):
        if repair._LEADING_PUNCT.match(text, start, end):
            work.gap(start, start + 1, "missing_subject")
        for m in repair._SENTENCE_LEADING_COMMA.finditer(text, start, end):
            work.gap(m.start(), m.start() + 1, "missing_subject")
        line_start = repair._LineStarts(text, start)
        for first in opener.finditer(text, start, end) if opener else ():
            second = repair._NEXT_TOKEN.match(text, first.end(), end)
            if second is None:
                continue
            a, b = first.group().casefold(), second.group(1).casefold()
            between = text[first.end():second.start(1)]
            hole = (a in vocab.articles and (b in ",.;:!?)" and repair._closes_phrase(text, second.end())
                                             or b in vocab.prepositions or b in vocab.articles)
                    or a in vocab.prepositions and b in ",;:)" and bool(between)
                    or a in vocab.prepositions and b in vocab.hole_followers
                    and f"{a} {b}" not in vocab.hole_exceptions)
            if hole and not repair._is_letter_name(first.group()) and not line_start.first_on_line(first.start()):
                work.gap(first.start(), second.end(), "missing_object")
        segment = text[start:end]
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if not repair._SENTENCE_FINAL.search(segment):
            for bracket, closer in repair._OPENERS.items():
                if bracket == "“" and "„" in segment or segment.count(bracket) <= segment.count(closer):
                    continue
                if bracket in "“«„" and following and text[following[0]] == bracket:
                    continue
                position = start + segment.rfind(bracket)
                work.gap(position, position + 1, "unclosed_bracket" if bracket in "([" else "unclosed_quote")
        m = repair._MID_CLAUSE_END.search(text, start, end)
        if m and len(segment.split()) >= 8 and m.group(1).casefold() in vocab.articles | vocab.prepositions:
            work.gap(m.start(1), m.end(1), "truncated_sentence")


def _assert_gaps_as_paragraph_by_paragraph(text: str, language: str) -> None:
    """find_gaps over the whole text finds the gaps the paragraph-by-paragraph reference finds."""
    fast, plain = _work(text, language), _work(text, language)
    repair.find_gaps(fast)
    _gaps_paragraph_by_paragraph(plain)
    assert fast.doc.gaps == plain.doc.gaps


@EXAMPLES
@given(TEXTS, LANGUAGES)
@example("One two three four five six seven went without\n\nNext.", "en")   # the longest word
@example("One two three four five six seven went xwithout\n\nNext.", "en")
@example("Eins zwei drei vier fünf sechs sieben acht über", "de")
def test_find_gaps(text, language):
    _assert_gaps_as_paragraph_by_paragraph(text, language)


@EXAMPLES
@given(TEXTS, LANGUAGES)
def test_hole_openers_include_every_hole(text, language):
    """The openers tried are a subset of all openers that holds every one that opens a hole."""
    vocab = repair.vocabulary(language)
    opener = repair._hole_opener(vocab)
    everything = [m.span() for m in opener.finditer(text)] if opener else []
    tried = [m.span() for m in repair._hole_openers(text, vocab)]
    assert set(tried) <= set(everything) and tried == sorted(tried)


def test_hole_openers_are_found_when_folding_changes_the_length():
    text = "Straße with , leaving"
    vocab = repair.vocabulary("en")
    assert [m.group() for m in repair._hole_openers(text, vocab)] == ["with"]


def test_no_white_space_past_the_last_one_the_hole_pairs_know():
    spaces = [ch for ch in ALL_CHARACTERS if ch.isspace()]
    assert max(map(ord, spaces)) == repair._LAST_SPACE


@EXAMPLES
@given(TEXTS, LANGUAGES)
@example("the  , x", "en")
@example("with\u3000, x", "en")
@example("a\u2003\u2003of", "en")
@example("the\x1c.", "en")
def test_hole_openers_find_what_a_scan_of_every_opener_finds(text, language):
    """Every opener the pair checks accept is among those tried."""
    vocab = repair.vocabulary(language)
    opener = repair._hole_opener(vocab)
    tried = {m.span() for m in repair._hole_openers(text, vocab)}
    for first in opener.finditer(text) if opener else ():
        second = repair._NEXT_TOKEN.match(text, first.end())
        if second is None:
            continue
        a, b = first.group().casefold(), second.group(1).casefold()
        between = text[first.end():second.start(1)]
        hole = (a in vocab.articles and (b in ",.;:!?)" or b in vocab.prepositions or b in vocab.articles)
                or a in vocab.prepositions and b in ",;:)" and bool(between)
                or a in vocab.prepositions and b in vocab.hole_followers)
        if hole:
            assert first.span() in tried, (text, first.span())


@EXAMPLES
@given(TEXTS, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), max_size=6), st.booleans())
@example("Straße with , leaving", [(0, 3)], False)
@example("ſome İstanbul with , leaving", [(2, 8)], False)
@example("The K-pop deal with , leaving", [(4, 9)], True)
def test_folded_text_is_the_view_case_folded(text, cuts, repaired):
    """The folded view read from the folded source is the view's casefold, with removals
    cutting the view into pieces, folding that changes lengths, and a repair recorded."""
    doc = Document(text)
    doc.language = "en"
    for start, length in cuts:
        doc.remove(start, start + length, rule="x", reason="")
    doc.casefolded()   # as the boilerplate stage leaves it
    work = repair.Work(doc, _Ctx())
    if repaired and work.text:
        work.record(0, 1, "X", "repair.drop_cap", "")
        work.refresh()
    assert work.folded_text() == work.text.casefold()


@EXAMPLES
@given(TEXTS, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), max_size=6))
@example("one two three", [(0, 4), (8, 1)])
def test_view_of_kept_spans_maps_each_character_to_its_source(text, cuts):
    """A view without repairs makes its pieces from the kept spans on first use; it maps
    each of its characters to the source character it shows, and back."""
    doc = Document(text)
    for start, length in cuts:
        doc.remove(start, start + length, rule="x", reason="")
    view = repair.View(doc)
    shown = [p for start, end in doc.kept_spans(0, len(text)) for p in range(start, end)]
    assert view.text == "".join(text[p] for p in shown)
    assert view.piece_boundaries() == [i for i in range(1, len(shown)) if shown[i] != shown[i - 1] + 1]
    assert [view.to_source(i) for i in range(len(shown))] == shown
    assert [view.from_source(p) for p in shown] == list(range(len(shown)))
    for i in range(0, len(shown), 3):
        pieces = view.source_pieces(i, len(shown))
        assert "".join(text[s:e] for s, e, _ in pieces) == view.text[i:]


# Words holding characters that fold longer ("ß" -> "ss"): they send the hole scan to its
# text folded in place, or to the plain scan when one folds into a piece of a pair's word
# ("ﬆ" -> "st" of "against").
LONGER_FOLDING = st.lists(st.tuples(st.sampled_from(WORDS + [
    "Straße", "ß", "İn", "İnto", "İ", "ﬁne", "ﬆ", "againﬆ", "acroß", "ŉ", "ΐ", "ẞ", "the ß", "mit ß",
    "with ﬁ", "the İ", "über", "für", "ohne", "der", "die", "das", "ein", "von",
]), st.sampled_from(BETWEEN)), max_size=60).map(lambda pairs: "".join(word + between for word, between in pairs))


@EXAMPLES
@given(LONGER_FOLDING, LANGUAGES)
@example("Straße with , leaving", "en")
@example("the againﬆ , ß", "en")
@example("Go of againﬆ it, ß", "en")
@example("Straße für , mit ohne über, das", "de")
def test_gaps_where_folding_changes_the_length(text, language):
    _assert_gaps_as_paragraph_by_paragraph(text, language)


def test_text_folded_in_place_keeps_the_positions():
    vocab = repair.vocabulary("en")
    text = "Straße İn ﬁne with , leaving"
    folded = repair._folded_in_place(text, vocab)
    assert len(folded) == len(text) and folded.endswith("with , leaving")
    assert repair._folded_in_place("the againﬆ", vocab) is None       # "st" is a piece of "against"
    assert [m.group() for m in repair._hole_openers(text, vocab)] == ["with"]
