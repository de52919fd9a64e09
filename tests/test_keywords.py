"""The keyword prefilter is a necessary condition: it never hides a line a rule matches."""
import pytest

from cleaner import rules
from cleaner.keywords import required_keywords
from conftest import corpus_lines

RULES = rules.load_packs().all_rules()
LINES = [line for line in corpus_lines(RULES) if line.strip()]


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


# (?x: ...) reads "get the app" as "gettheapp": a group that changes what a literal is
# gives no keyword rather than a wrong one
@pytest.mark.parametrize("pattern", [r"\d{4}", r"(?:abc)?", r"abc|\w+", r"[abc]+", r"(?:abc)*d?",
                                     r"(?x:get the app)"])
def test_no_keywords_when_none_is_certain(pattern):
    assert required_keywords(pattern) is None
