"""The phrase rules' shortcuts for line rules agree with the rules read the long way: the
word bound that spares a search on a line of too many words never overestimates, and the
line rules run in order before the queue remove what every rule on every keyword line
removes, on long lines, punctuation-heavy lines and blocks of many line-rule lines."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import boilerplate
from test_boilerplate_phrase_rules import EXAMPLES, PACKS, both_ways

# pieces that words are made of and pieces that hold none (a bound must not count those)
PIECES = ["a", "Ab", "x1", "it's", "co-op", "-", "--", "'", "|", "•", "»", "—", "...", "(c)", "&", "é",
          "naïve", "日本", "١٢", "_", "__init__", "'-'", "a-", "-a", "3.5", "\u00a0", "\t"]
SPACES = [" ", "  ", "\t", " \u00a0 ", "\u2009"]


@st.composite
def texts(draw):
    pieces = draw(st.lists(st.sampled_from(PIECES), max_size=40))
    out = ""
    for piece in pieces:
        out += piece + draw(st.sampled_from(SPACES + [""]))
    return out


@settings(max_examples=500, deadline=None)
@given(st.one_of(texts(), st.text(max_size=80)))
def test_the_word_bound_never_exceeds_the_word_count(text):
    assert boilerplate._fewest_words(text) <= boilerplate.word_count(text)


def test_the_word_bound_counts_plain_ascii_words_exactly():
    assert boilerplate._fewest_words("Share this story on Facebook, Twitter and e-mail") == 8
    assert boilerplate._fewest_words("- | - » —") == 0
    assert boilerplate._fewest_words("naïve words, — » 日本 счёт") == 2     # pieces with ASCII letters


LINE_RULE_EXAMPLES = sorted({x for r in PACKS.all_rules() if r.scope == "line" and r.max_words
                             for x in r.examples_remove})
FILLER = ["and so on", "the council met on Tuesday", "- | -", "a, b, c, d", "word " * 12, "x" * 90]


@st.composite
def long_lines(draw):
    """A line rule's example, alone or lengthened past or near its word limit by filler."""
    line = draw(st.sampled_from(LINE_RULE_EXAMPLES))
    for _ in range(draw(st.integers(0, 4))):
        filler = draw(st.sampled_from(FILLER))
        line = f"{line} {filler}" if draw(st.booleans()) else f"{filler} {line}"
    return line


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(long_lines(), min_size=1, max_size=5).map("\n".join), min_size=1, max_size=5)
       .map("\n\n".join))
def test_line_rules_on_long_lines_remove_what_the_reference_removes(text):
    new, reference = both_ways(text)
    assert new == reference


def test_a_block_of_line_rule_lines_is_removed_as_the_reference_removes_it():
    text = "Article body that stays here.\n\n" + "\n".join(EXAMPLES[:60]) + "\n\nClosing words of it."
    new, reference = both_ways(text)
    assert new == reference
    assert new[0]


def _at_the_limit(example: str, max_words: int, extra: int) -> str:
    """The example lengthened by long words to max_words + extra words (long enough that
    its words are bounded before its pattern is tried)."""
    missing = max_words + extra - boilerplate.word_count(example)
    return example + " lengthiest-words" * max(missing, 0)


def test_line_rules_at_their_word_limit_remove_what_the_reference_removes():
    rules = [r for r in PACKS.all_rules() if r.scope == "line" and r.max_words and r.examples_remove]
    lines = [_at_the_limit(r.examples_remove[0], r.max_words, extra)
             for r in rules for extra in (-1, 0, 1, 2)]
    assert any(len(line) > boilerplate.LONG_LINE_CHARS_PER_WORD * 8 for line in lines)
    new, reference = both_ways("\n\n".join(lines))
    assert new == reference
    assert new[0]


BLOCK_RULE_EXAMPLES = sorted({x for r in PACKS.all_rules() if r.scope == "block" for x in r.examples_remove})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINE_RULE_EXAMPLES + BLOCK_RULE_EXAMPLES), min_size=1, max_size=6), st.integers(0, 3))
def test_tail_blocks_of_line_and_block_rule_lines_are_removed_as_the_reference_removes_them(lines, joined):
    # block rules hold in the tail zone only: a short body, then blocks mixing both kinds
    tail = ["\n".join(lines[:joined + 1]), "\n".join(lines[joined + 1:]) or "Thanks."]
    body = "A headline\n\nThe body of the article, which stays.\n\nMore of the body, which stays too."
    new, reference = both_ways(body + "\n\n" + "\n\n".join(tail))
    assert new == reference
