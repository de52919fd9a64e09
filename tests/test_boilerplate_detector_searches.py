"""The structural detectors' searches over the whole document find every line their
line-by-line reading would have acted on: the lines that hold a word of the title, and a
detector run with its search agrees with one run without it."""
import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import boilerplate
from conftest import SEEDS
from test_boilerplate_detector_shortcuts import CLEANER, documents, prepared

TITLES = ["Sale Signals EV Strategy - Example News", "Straße und Maß | Welt | Example.de",
          "The council met on Tuesday", "ÉCOLE NORMALE SUPÉRIEURE DE PARIS :: Site", "x"]
titled_documents = st.tuples(st.sampled_from(TITLES), documents).map("\n\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sets(st.sampled_from(["sale", "the", "straße", "maß", "é", "&amp", "1", "zzz"]),
                          min_size=1, max_size=3),
       st.integers(-10, 60), st.integers(0, 60))
def test_lines_holding_a_word_are_those_of_lines_of_length_that_hold_it(text, words, shortest, span):
    doc, _ = prepared(text)
    longest = shortest + span
    found = boilerplate._lines_holding(doc, words, shortest, longest)
    if found is None:       # offsets of the casefolded text differ: the caller reads every line
        assert len(doc.casefolded()) != len(doc.source)
        return
    expected = [entry for entry in boilerplate._lines_of_length(doc, shortest, longest)
                if any(word in doc.line_text(entry[1]).casefold() for word in words)]
    assert [(line.start, cut) for _, line, cut in found] == [(line.start, cut) for _, line, cut in expected]


def title_echo_both_ways(text: str, monkeypatch) -> None:
    doc, ctx = prepared(text)
    reading_every_line = copy.deepcopy(doc)
    boilerplate.title_echo(doc, ctx)
    with monkeypatch.context() as patched:
        patched.setattr(boilerplate, "_lines_holding", lambda *args: None)
        boilerplate.title_echo(reading_every_line, ctx)
    assert doc.removed == reading_every_line.removed
    assert doc.metadata == reading_every_line.metadata


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(titled_documents)
def test_title_echo_agrees_with_reading_every_line(monkeypatch, text):
    title_echo_both_ways(text, monkeypatch)


def test_title_echo_agrees_with_reading_every_line_on_the_seed_pages(monkeypatch):
    for path in sorted(SEEDS.glob("*.txt")):
        title_echo_both_ways(path.read_text(encoding="utf-8"), monkeypatch)


# -- the box under a related heading ---------------------------------------------------------
def box_lines_one_by_one(doc, lines, i):
    """The box's lines read one kept text at a time (what _box_lines reads in one pass)."""
    def next_kept_is_title(j):
        for line in lines[j:j + boilerplate.BOX_MAX_LINES]:
            text = doc.kept_text(line.start, line.end)
            if text:
                return boilerplate._box_title(text)
        return False
    taken, seen_title = [], False
    for j in range(i, min(len(lines), i + boilerplate.BOX_MAX_LINES)):
        text = doc.kept_text(lines[j].start, lines[j].end)
        if not text:
            continue
        words = boilerplate.word_count(text)
        if boilerplate._box_title(text, words):
            taken.append(lines[j])
            seen_title = True
        elif seen_title and words <= boilerplate.BOX_SUMMARY_WORDS and (
                boilerplate._truncated(text) or next_kept_is_title(j + 1)):
            taken.append(lines[j])
        else:
            break
    return taken


BOX_LINES = ["Most read", "Bridge closed for repairs until spring", "Share", "Jane Doe",
             "The board chose a former principal who ran the district's largest high school for a…",
             "Officials said the new routes would start running in March.", "Read more", "—"]
long_boxes = st.lists(st.lists(st.sampled_from(BOX_LINES), min_size=1, max_size=12).map("\n".join),
                      min_size=1, max_size=10).map("\n\n".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_boxes)
def test_box_lines_read_in_one_pass_agree_with_one_line_at_a_time(text):
    doc, _ = prepared(text)
    lines = [line for block in doc.blocks for line in block.lines]
    for i in range(len(lines) + 1):
        assert boilerplate._box_lines(doc, lines, i) == box_lines_one_by_one(doc, lines, i)


# -- the lines removals cut ------------------------------------------------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_cut_lines_sort_each_line_as_cover_does(text):
    from cleaner.model import CUT, UNCUT, WHOLE
    doc, _ = prepared(text)
    lines = [line for block in doc.blocks for line in block.lines]
    removed_whole, cut = boilerplate._cut_lines(doc, lines)
    held = {k for a, b in removed_whole for k in range(a, b)}
    assert not held & cut
    for k, line in enumerate(lines):
        expected = doc.cover(line.start, line.end)
        assert (WHOLE if k in held else CUT if k in cut else UNCUT) == expected


# -- the author's name above the biography ---------------------------------------------------
def name_then_bio_pattern_first(doc):
    """name_then_bio with the name pattern tried before the biography's opening."""
    source = doc.source
    for i, block in enumerate(doc.blocks):
        first = block.lines[0]
        if not 0 < source.count(" ", first.start, first.end) <= boilerplate.NAME_LINE_SPACES or \
                not all(boilerplate._NAME_LINE.fullmatch(source, ln.start, ln.end) for ln in block.lines):
            continue
        name = doc.line_text(first)
        for nxt in doc.blocks[i + 1:i + 3]:
            if doc.block_text(nxt).startswith(name + " ") and 8 <= boilerplate.word_count(doc.block_text(nxt)) <= 150:
                doc.metadata.setdefault("author", name)
                doc.remove(block.start, block.end, rule="boilerplate.author_bio",
                           reason="the author's name above the author's biography", evidence=name)
                doc.remove(nxt.start, nxt.end, rule="boilerplate.author_bio",
                           reason="a biography of the author", evidence=name)
                break


NAMES = ["Jane Doe", "Jane Doe is a senior editor at the paper and writes about the city council.",
         "Jane Doe is", "Maria de la Cruz", "Maria de la Cruz covers science and health for the paper "
         "from the newsroom.", "JANE DOE", "Jane Doe\nJohn Roe", "John Roe wrote this.", "The council met."]
name_documents = st.lists(st.sampled_from(NAMES), min_size=1, max_size=10).map("\n\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name_documents)
def test_name_then_bio_agrees_with_the_pattern_tried_first(text):
    doc, ctx = prepared(text)
    reference = copy.deepcopy(doc)
    boilerplate.name_then_bio(doc, ctx)
    name_then_bio_pattern_first(reference)
    assert doc.removed == reference.removed
    assert doc.metadata == reference.metadata


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["&", "amp", ";", "#", "x", "38", "Q&A", " ", "AT&T", "&#x26;", "&nbsp;", "é"]),
                max_size=12).map("".join))
def test_a_reference_is_found_where_the_pattern_finds_one(text):
    assert boilerplate._holds_a_reference(text) == bool(boilerplate._CHARACTER_REFERENCE.search(text))


# -- repeat keys in any white space ------------------------------------------------------------
PIECES = ["Sale Signals EV Strategy", "sale  signals ev strategy", "» Sale Signals EV Strategy",
          "sale\u3000signals ev strategy", "sale\xa0signals\tev strategy", "- item one two three",
          "Straße und Maß und mehr", "x", " ", "  ", "\t", "\u3000", "\u00ad", "one two three four"]
spaced_texts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["\n", "\n\n", " \n", "\n\t\n", ""])),
                        min_size=1, max_size=10).map(lambda lines: "".join(a + b for a, b in lines))


@settings(max_examples=300, deadline=None)
@given(spaced_texts, st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)), max_size=4))
def test_bulk_repeat_keys_agree_with_one_line_at_a_time_in_any_white_space(text, cuts):
    from cleaner import segment
    from cleaner.model import Document
    from test_boilerplate_detector_shortcuts import check_repeat_keys
    doc = Document(text)        # not decoded: odd spaces and runs of them stay
    segment.run(doc)
    for start, length in cuts:
        doc.remove(start, start + length, rule="boilerplate.test", reason="a cut")
    check_repeat_keys(doc)

