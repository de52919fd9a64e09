"""The structural detectors' shortcuts leave out only what could not count: lines whose
repeat key stands once, lines too long or too short to echo the title, lines that cannot
fold to a headline."""
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import boilerplate, decode, language, metadata, segment
from cleaner.pipeline import Context
from conftest import SEEDS

CLEANER = cleaner.Cleaner()
WORDS = ["Share", "the", "Sale Signals EV Strategy", "» Read more", "- item one two three", "x",
         "Photo: Jane Doe / Reuters", "Copyright 2024 Example Corp. All rights reserved.",
         "The council met on Tuesday to discuss the budget for next year.", "1 2 3 4 5", "&amp; Co",
         "  spaced   out   words  here ", "Straße und Maß", "ÉCOLE NORMALE SUPÉRIEURE DE PARIS"]

documents = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("\n".join), min_size=1, max_size=8,
).map("\n\n".join)


def prepared(text: str):
    """The document as the structural detectors meet it: after the phrase rules."""
    doc = decode.run(text, max_chars=CLEANER.config.max_document_chars)
    ctx = Context(CLEANER.config, CLEANER.packs, float("inf"))
    segment.run(doc)
    language.identify(doc, ctx)
    metadata.run(doc, ctx)
    boilerplate.apply_phrase_rules(doc, ctx, boilerplate.zones(doc))
    return doc, ctx


def check_repeat_keys(doc):
    lines = [line for block in doc.blocks for line in block.lines]
    keys = boilerplate._repeat_keys(doc, lines)
    one_by_one = [boilerplate._repeat_key(doc, line) for line in lines]
    standing = Counter(key for key in one_by_one if key)
    for k, key in enumerate(one_by_one):
        if key and standing[key] > 1:
            assert keys.get(k) == key, (k, key)
    for k, key in keys.items():
        assert one_by_one[k] == key


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_bulk_repeat_keys_agree_with_one_line_at_a_time(text):
    check_repeat_keys(prepared(text)[0])


def test_bulk_repeat_keys_on_the_seed_pages():
    for path in sorted(SEEDS.glob("*.txt")):
        check_repeat_keys(prepared(path.read_text(encoding="utf-8"))[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.integers(-10, 60), st.integers(0, 60))
def test_lines_of_length_holds_every_line_whose_kept_text_fits(text, shortest, span):
    # (title_echo skips lines removed whole before it reads their length)
    doc, _ = prepared(text)
    longest = shortest + span
    entries = boilerplate._lines_of_length(doc, shortest, longest)
    offered = [line for _, line, _ in entries]
    assert offered == sorted(offered, key=lambda line: line.start)
    for _, line, cut in entries:
        assert cut == doc._overlaps_removal(line.start, line.end)
    for block in doc.blocks:
        for line in block.lines:
            if shortest <= len(doc.kept_text(line.start, line.end)) <= longest \
                    and not doc.is_removed(line.start, line.end):
                assert line in offered


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aBß &;#x1.,-|»—ǄİΣ") + ["&amp;", "&#38;"]), max_size=30).map("".join))
def test_a_folded_line_holds_its_first_word(text):
    folded = boilerplate._fold(text)
    if folded:
        assert folded.split(" ", 1)[0] in text.casefold()
