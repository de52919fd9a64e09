"""The phrase rules remove exactly what they removed when every rule met every line its
keywords named anywhere: the places of the keywords (line start, sentence start, word
start) and the whole-line searches only skip lines on which a rule cannot act."""
from bisect import bisect_right

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import boilerplate, decode, language, metadata, segment
from cleaner.model import Document
from cleaner.pipeline import Context
from conftest import SEEDS

CLEANER = cleaner.Cleaner()
PACKS = CLEANER.packs


def keyword_hits(doc, packs):
    """For each block, {id(rule): line indices} by the rules' keywords anywhere in a line
    (casefolded), every rule for a line something was cut from: the plain keyword test."""
    hits = [{} for _ in doc.blocks]
    places = [(line.start, b, i) for b, block in enumerate(doc.blocks) for i, line in enumerate(block.lines)]
    starts = [p[0] for p in places]

    def record(offset, rule_ids):
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return
        b, i = places[k][1], places[k][2]
        if offset < doc.blocks[b].lines[i].end:
            for rule_id in rule_ids:
                hits[b].setdefault(rule_id, set()).add(i)

    folded = doc.source.casefold()
    if len(folded) == len(doc.source):
        for end, rule_ids in packs.keyword_hits(folded):
            record(end, rule_ids)
    else:
        for start, b, i in places:
            line = doc.blocks[b].lines[i]
            for _, rule_ids in packs.keyword_hits(doc.source[line.start:line.end].casefold()):
                record(start, rule_ids)
    if doc.removed:
        every_rule = [id(r) for r in packs.all_rules()]
        for start, b, i in places:
            line = doc.blocks[b].lines[i]
            if doc.kept_spans(line.start, line.end) != [(line.start, line.end)]:
                record(start, every_rule)
    return hits


def reference_phrase_rules(doc, ctx, block_zones):
    """Every rule on every line its keywords name, in rule order within each block."""
    config, packs = ctx.config, ctx.packs
    timeout = config.regex_timeout
    hits = keyword_hits(doc, packs)
    sentences = {}
    for block, zone, hit in zip(doc.blocks, block_zones, hits):
        for rule in packs.rules_for(block.language):
            if rule.keywords is None:
                lines = block.lines
            elif id(rule) in hit:
                lines = [block.lines[i] for i in sorted(hit[id(rule)])]
            else:
                continue
            if not config.is_enabled(rule.id) or (rule.where != "anywhere" and rule.where != zone):
                continue
            boilerplate._apply_rule(doc, block, rule, timeout, lines, sentences)


def outcome(doc):
    return sorted((r.start, r.end, r.rule, r.evidence) for r in doc.removed), [w.kind for w in doc.warnings]


def both_ways(text, *, stages=(), cut=None, packs=PACKS):
    """(new, reference) outcomes of the phrase rules of `packs` on the text after segment
    and `stages`; `cut` removes a span first, as an earlier stage might."""
    results = []
    for apply in (boilerplate.apply_phrase_rules, reference_phrase_rules):
        doc = decode.run(text, max_chars=CLEANER.config.max_document_chars)
        ctx = Context(CLEANER.config, packs, float("inf"))
        segment.run(doc)
        for stage in stages:
            stage(doc, ctx)
        if cut is not None and doc.source:
            start = cut[0] % len(doc.source)
            doc.remove(start, min(len(doc.source), start + cut[1]), rule="metadata.test", reason="a cut")
        apply(doc, ctx, boilerplate.zones(doc))
        results.append(outcome(doc))
    return results


# Lines that rules match and lines that resemble them: the examples of every rule, and the
# same with a word before or after, in capitals, after a sentence, cut short.
EXAMPLES = sorted({x for r in PACKS.all_rules() for x in r.examples_remove + r.examples_keep})
PROSE = ["The council met on Tuesday.", "Share prices fell.", "x", "Ad", "Photo: Jane Doe", "© 2024",
         "It was said that (c) holds.", "Follow the money. Share this article", "READ MORE", "»"]


@st.composite
def variants(draw):
    line = draw(st.sampled_from(EXAMPLES + PROSE))
    how = draw(st.integers(0, 6))
    if how == 1:
        line = draw(st.sampled_from(PROSE)) + " " + line
    elif how == 2:
        line = line + " " + draw(st.sampled_from(PROSE))
    elif how == 3:
        line = line.upper()
    elif how == 4:
        line = line[:draw(st.integers(0, len(line)))]
    elif how == 5:
        line = "  " + line.replace(" ", "  ")
    return line


documents = st.lists(st.lists(variants(), min_size=1, max_size=4).map("\n".join), min_size=1, max_size=6) \
    .map("\n\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.one_of(st.none(), st.tuples(st.integers(0, 10_000), st.integers(1, 40))))
def test_same_removals_as_every_rule_on_every_keyword_line(text, cut):
    new, reference = both_ways(text, cut=cut)
    assert new == reference


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt"))[:12], ids=lambda p: p.name)
def test_same_removals_on_the_seed_pages(path):
    text = path.read_text(encoding="utf-8")
    new, reference = both_ways(text, stages=(language.identify, metadata.run))
    assert new == reference


def test_a_line_cut_by_one_rule_is_read_again_by_the_next():
    # the copyright sentence goes first; the share rule then reads what is left, "Share"
    new, reference = both_ways("Body text of the article goes here.\n\nAll rights reserved. Share\n")
    assert new == reference
    assert [r[2] for r in new[0]] == ["boilerplate.copyright", "boilerplate.share_follow"]
