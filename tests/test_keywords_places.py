"""Keywords at their place: a line a rule can act on holds one of the rule's keywords at
the place the rule's prefilter names, and the assumptions the places rest on hold."""
import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import boilerplate, rules, segment
from cleaner.keywords import (ANYWHERE, LINE_START, SENTENCE_START, WORD_START, floating_rest,
                              pattern_heads, reads_behind, rule_prefilter)
from cleaner.model import Document
from conftest import corpus_lines

PACKS = rules.load_packs()
RULES = [r for r in PACKS.all_rules() if r.scope != "block"]


LINES = sorted({line.strip() for line in corpus_lines(PACKS.all_rules(), pages=40) if line.strip()})


def admitted(rule, line: str) -> bool:
    """Whether the rule's prefilter admits the line, as the boilerplate stage tests it."""
    doc = Document(line)
    segment.run(doc)
    found = boilerplate._Candidates(doc, PACKS)
    return any(id(rule) in hits for hits in found.hits.values())


def reads_from(rule, line: str):
    """The texts the rule searches on the untouched line: the line, or for a sentence rule
    the line from each sentence's start."""
    if rule.scope != "sentence":
        return [line]
    return [line[start:] for start, _ in segment.sentences(line)]


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.language}:{r.id}" for r in RULES])
def test_prefilter_admits_every_line_the_rule_matches(rule):
    for line in LINES:
        if rule.keywords is not None and not any(k in line.casefold() for k in rule.keywords):
            continue       # the keywords anywhere are a necessary condition (tests/test_keywords.py)
        if any(rule.compiled.search(text) for text in reads_from(rule, line)):
            assert admitted(rule, line), (rule.id, line)


@pytest.mark.parametrize("rule", [r for r in RULES if r.floating is not None],
                         ids=lambda r: f"{r.language}:{r.id}")
def test_sentence_rules_are_foreseen_in_the_whole_line(rule):
    for line in LINES:
        if not any(rule.compiled.search(text) for text in reads_from(rule, line)):
            continue
        doc = Document(line)
        segment.run(doc)
        found = boilerplate._Candidates(doc, PACKS)
        at_heads = any(id(rule) in hits for hits in found.at_sentence_start.values())
        assert at_heads or (rule.floating and rule.floating.search(line)), (rule.id, line)


@pytest.mark.parametrize("pattern, place, heads", [
    (r"^\s*(?:share|tweet)\s*$", LINE_START, {"share", "tweet"}),
    (r"^\s*\(?ad\)?\s*$", LINE_START, {"(ad", "ad", "(ad)", "ad)"}),
    (r"\b(?:via|by) (?:getty|ap)\b", WORD_START, {"via getty", "via ap", "by getty", "by ap"}),
    (r"^\s*e-?mail", LINE_START, {"email", "e-mail"}),
    (r"^(?:[ab]|c)x", LINE_START, {"ax", "bx", "cx"}),
    (r"^\s*(?:facebook|x)(?:\s*[|,]\s*(?:facebook|x))+$", LINE_START, {"facebook", "x"}),
])
def test_pattern_heads(pattern, place, heads):
    assert pattern_heads(pattern) == (place, frozenset(heads))


@pytest.mark.parametrize("pattern", [r"(?:^|\s)share", r"^\s*\d+ posts", r"^a|b", r"share$", r"^\s+x",
                                     r"^[a-z]x", r"^(?x: a b )", r"^\s*x{e<=1}"])
def test_no_heads_when_none_is_certain(pattern):
    assert pattern_heads(pattern) is None


def test_places_of_a_sentence_rule():
    pairs = dict(rule_prefilter([r"^\s*photo(?:graph)? by\b", r"\bgetty images\b"], "sentence"))
    assert pairs == {"photo by": SENTENCE_START, "photograph by": SENTENCE_START, "getty images": WORD_START}
    pairs = dict(rule_prefilter([r"\bgot\s+a\s+tip\?"], "sentence"))
    assert pairs == {"tip?": ANYWHERE}      # "got" at a word start filters worse than "tip?" anywhere


@pytest.mark.parametrize("pattern, behind", [(r"\bfoo[^.]*", False), (r"^foo", True), (r"(?<=a)b", True),
                                             (r"a\^b", False), (r"(?<!x)y", True), (r"\Afoo", True)])
def test_reads_behind(pattern, behind):
    assert reads_behind(pattern) == behind


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab. !?…。”)\"' \tx1")), max_size=40))
def test_a_sentence_starts_only_where_the_scan_allows(text):
    line = text.strip()
    for start, _ in segment.sentences(line):
        assert start == 0 or boilerplate._may_start_a_sentence(line, start, 0), (line, start)


def test_sentence_starts_on_the_corpus():
    for line in LINES:
        for start, _ in segment.sentences(line):
            assert start == 0 or boilerplate._may_start_a_sentence(line, start, 0), (line, start)


def test_word_characters_are_word_characters_for_the_patterns():
    word = regex.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if boilerplate._is_word_char(char):
            assert word.match(char), hex(code)


def test_odd_spaces_are_every_space_but_space_and_newline():
    odd = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" ", "\n"}
    assert set(boilerplate._ODD_SPACES) == odd


@pytest.mark.parametrize("pattern, rest", [
    (r"^[^\n]{0,600}\bcredits?:", r"\bcredits?:"),
    (r"^.*\(photo\)$", r"\(photo\)$"),
    (r"^[^\n]{3,200}[\[(]video[\])]", r"[\[(]video[\])]"),
    (r"^[^\n]{0,9}?x", None),              # a lazy run: the rest would start with ?
    (r"^[^\n]{0,9}(?<=a)x", None),         # the rest reads behind itself
    (r"^\s*credit", None),
])
def test_floating_rest(pattern, rest):
    assert floating_rest(pattern) == rest
