"""The keyword prefilter is a necessary condition: it never hides a line a rule matches."""
import json

import pytest

from cleaner import rules
from cleaner.keywords import required_keywords
from conftest import SEEDS, SHARED

RULES = rules.load_packs().all_rules()


def corpus_lines():
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    page_text = SHARED / "data" / "dev" / "page-text.jsonl"
    if page_text.exists():
        for record in page_text.read_text(encoding="utf-8").splitlines():
            lines += json.loads(record)["text"].splitlines()
    for rule in RULES:
        lines += list(rule.examples_remove) + list(rule.examples_keep)
    return [line for line in lines if line.strip()]


LINES = corpus_lines()


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.language}:{r.id}" for r in RULES])
def test_keywords_admit_every_line_the_rule_matches(rule):
    if rule.keywords is None:
        return
    for line in LINES:
        if rule.compiled.search(line):
            folded = line.casefold()
            assert any(k in folded for k in rule.keywords), (rule.id, line)


@pytest.mark.parametrize("pattern, keywords", [
    (r"\bgot\s+a\s+(?:news\s+)?tip\?", {"tip?"}),
    (r"^(?:photos?|images?)\s*:", {"photo", "image"}),
    (r"all rights reserved", {"all rights reserved"}),
    (r"(?i:Copyright)\s+\d{4}", {"copyright"}),
    (r"(?:foo)?bar", {"bar"}),
    (r"x{2,}yz", {"yz"}),
    (r"(?=abc)def", {"def"}),
    (r"caf\u00e9", {"café"}),
    (r"\x41BC", {"abc"}),
])
def test_required_keywords(pattern, keywords):
    assert required_keywords(pattern) == frozenset(keywords)


@pytest.mark.parametrize("pattern", [r"\d{4}", r"(?:abc)?", r"abc|\w+", r"[abc]+", r"(?:abc)*d?"])
def test_no_keywords_when_none_is_certain(pattern):
    assert required_keywords(pattern) is None
