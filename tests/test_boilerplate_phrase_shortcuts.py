"""The phrase rules' shortcuts agree with the plain readings they stand for: zones found by
bisection, a hit placed on its line by bisection, the word limit checked without counting
short texts, blocks run through the untouched-block loop rather than the queue, and the
lines the scan files a block rule under taken for those `weak` would name it for."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import boilerplate, decode, rules, segment
from cleaner.model import Block, Document, Line
from test_boilerplate_line_rule_shortcuts import texts
from test_boilerplate_phrase_rules import CLEANER, PACKS, both_ways, documents


@st.composite
def layouts(draw):
    """A document of blocks of lines at increasing offsets, with gaps between them."""
    blocks, offset = [], draw(st.integers(0, 3))
    for _ in range(draw(st.integers(0, 12))):
        lines = []
        for _ in range(draw(st.integers(0, 6))):
            length = draw(st.integers(1, 9))
            lines.append(Line(offset, offset + length))
            offset += length + draw(st.integers(1, 3))
        start = lines[0].start if lines else offset
        end = lines[-1].end if lines else offset
        blocks.append(Block(start, end, lines))
        offset = end + draw(st.integers(0, 4))
    return blocks, offset + draw(st.integers(0, 30))


def _document(blocks, size: int) -> Document:
    doc = Document(source="x" * size)
    doc.blocks = blocks
    return doc


@settings(max_examples=300, deadline=None)
@given(layouts())
def test_zones_by_bisection_are_the_zones_block_by_block(layout):
    blocks, size = layout
    doc = _document(blocks, size)
    n = len(blocks)
    assert boilerplate.zones(doc) == [_zone(i, b.start, n, max(size, 1)) for i, b in enumerate(blocks)]


def _zone(i: int, start: int, n: int, size: int) -> str:
    """The zone of the i-th of n blocks, starting at `start` in a text of `size` characters,
    as zones() defines it, block by block."""
    if i < boilerplate.HEAD_BLOCKS or start < boilerplate.HEAD_SHARE * size:
        return "head"
    if i >= n - boilerplate.TAIL_BLOCKS or start > boilerplate.TAIL_SHARE * size:
        return "tail"
    return "body"


def test_zones_split_a_long_document_into_head_body_and_tail():
    blocks = [Block(i * 10, i * 10 + 5, [Line(i * 10, i * 10 + 5)]) for i in range(20)]
    zones = boilerplate.zones(_document(blocks, 200))
    assert zones == ["head"] * 3 + ["body"] * 13 + ["tail"] * 4


def _holding_line_by_line(blocks, offset: int) -> tuple[int, int, int, int]:
    for b, block in enumerate(blocks):
        for i, line in enumerate(block.lines):
            if line.start <= offset < line.end:
                return line.start, line.end, b, i
    return -1, -1, -1, -1


@settings(max_examples=300, deadline=None)
@given(layouts(), st.data())
def test_a_hit_is_placed_on_the_line_holding_it(layout, data):
    blocks, size = layout
    starts = [block.start for block in blocks]
    for offset in data.draw(st.lists(st.integers(0, size + 2), max_size=20)):
        assert boilerplate._line_holding(blocks, starts, offset) == _holding_line_by_line(blocks, offset)


@settings(max_examples=500, deadline=None)
@given(st.one_of(texts(), st.text(max_size=80)), st.integers(0, 40))
def test_the_word_limit_is_checked_as_the_count_has_it(text, limit):
    assert boilerplate._more_words_than(text, limit) == (boilerplate.word_count(text) > limit)


def test_a_text_of_one_letter_words_is_counted_at_its_shortest():
    assert boilerplate._more_words_than("a b c", 2)
    assert not boilerplate._more_words_than("a b c", 3)
    assert not boilerplate._more_words_than("abcdefg", 3)


@pytest.fixture
def queue_only(monkeypatch):
    """Every block through the queue (_take_turns), as blocks cut into before are."""
    def through_the_queue(doc, block, b, plan, found, timeout, sentences):
        order, rank, _, _ = plan
        hits = found.hits.get(b, {})
        cut_before = found.cut_before.get(b, set())
        queue = list(range(len(order))) if cut_before else \
            sorted(rank[key] for key in set(hits) | set(found.unfiltered) if key in rank)
        gone = {i for i in cut_before if doc.is_removed(block.lines[i].start, block.lines[i].end)}
        boilerplate._take_turns(doc, block, b, plan, found, timeout, sentences, queue, -1, set(), gone, cut_before)
    return through_the_queue


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(documents)
def test_untouched_blocks_lose_what_the_queue_would_remove(queue_only, text):
    shortcut, _ = both_ways(text)
    original = boilerplate._apply_to_block
    boilerplate._apply_to_block = queue_only
    try:
        queued, _ = both_ways(text)
    finally:
        boilerplate._apply_to_block = original
    assert shortcut == queued


BLOCK_RULES = [r for language in (*PACKS.languages, "*") for r in PACKS.rules_for(language) if r.scope == "block"]


def test_the_built_in_block_rules_are_found_by_the_scan():
    assert BLOCK_RULES
    found = [r.id for r in BLOCK_RULES if boilerplate._found_by_scan(r)]
    assert "boilerplate.author_bio" in found


@st.composite
def bio_documents(draw):
    """Lines holding block rules' keywords, in any case, at any place, with leading spaces."""
    keywords = sorted({k for r in BLOCK_RULES for k in r.keywords or ()})
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        words = draw(st.lists(st.sampled_from(keywords + ["Jane", "wrote", "the", "ß", "İ", "-", "."]),
                              min_size=1, max_size=6))
        line = " ".join(w.upper() if draw(st.booleans()) else w for w in words)
        lines.append(draw(st.sampled_from(["", "  ", "\t"])) + line)
    return "\n".join(lines) + "\n\nSome closing words."


@settings(max_examples=200, deadline=None)
@given(st.one_of(bio_documents(), documents))
def test_a_block_rule_found_by_the_scan_is_filed_where_weak_names_it(text):
    doc = decode.run(text, max_chars=CLEANER.config.max_document_chars)
    segment.run(doc)
    found = boilerplate._Candidates(doc, PACKS)
    for rule in BLOCK_RULES:
        if not boilerplate._found_by_scan(rule):
            continue
        for b, block in enumerate(doc.blocks):
            filed = found.hits.get(b, {}).get(id(rule), set())
            named = {i for i in range(len(block.lines)) if id(rule) in found.weak(b, i)}
            assert filed == named, (rule.id, b)


# A user's pack beside the built-in ones, with the rules the shortcuts treat apart: a block
# rule whose keyword starts with a space (the scan does not file it as weak() finds it), a
# block rule with no keyword at all (it meets every line), a sentence rule reading behind
# its match, and a short line rule.
USER_PACKS = rules.load_packs([{
    "pack": {"language": "en", "description": "a user's pack"},
    "rule": [
        {"id": "boilerplate.newsletter.user_block", "scope": "block", "reason": "a company's words",
         "patterns": [r" about us \w+"]},
        {"id": "boilerplate.newsletter.user_numbers", "scope": "block", "reason": "a block of numbers",
         "patterns": [r"^[\d\s.,:-]{6,}$"]},
        {"id": "boilerplate.tip_line.user", "scope": "sentence", "reason": "a tip line",
         "patterns": [r"(?<=[.!?]\s)send (?:us )?tips\b"]},
        {"id": "boilerplate.share_follow.user", "scope": "line", "reason": "a share button",
         "max_words": 3, "patterns": [r"^share\b"]},
    ]}])
USER_LINES = ["Read about us here and there", "12 34 56, 78", "Good story. Send us tips today.",
              "Send tips.", "Share this", "Share this story with friends now", "Subscribe to our newsletter",
              "The council met on Tuesday.", "All rights reserved. Share", "about us", "2024-01-02 10:00",
              "  about us today", "© 2024 Example. about us all", "Share about us now"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(USER_LINES), min_size=1, max_size=4), min_size=1, max_size=6),
       st.one_of(st.none(), st.tuples(st.integers(0, 400), st.integers(1, 40))))
def test_a_users_pack_removes_what_every_rule_on_every_named_line_removes(blocks, cut):
    text = "\n\n".join("\n".join(lines) for lines in blocks)
    new, reference = both_ways(text, cut=cut, packs=USER_PACKS)
    assert new == reference
