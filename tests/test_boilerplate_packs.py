"""Every built-in pack's rules pass their own examples, and the language packs share concepts."""
import pytest

from cleaner import boilerplate, rules

PACKS = {p.language: p for p in (rules.load_pack(path) for path in rules.builtin_pack_paths())}
ALL_RULES = [r for p in PACKS.values() for r in p.rules]
CORE_CONCEPTS = {"newsletter", "tip_line", "copyright", "affiliate_disclosure", "photo_credit",
                 "author_bio", "comment_prompt", "share_follow", "related_links", "cookie_notice",
                 "legal", "advertising", "login", "navigation", "byline"}


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: f"{r.language}:{r.id}")
def test_rule_examples(rule):
    assert rule.examples_remove, f"{rule.id} in {rule.source} has no example to remove"
    assert not boilerplate.rule_example_failures(rule)


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "pt", "it"])
def test_language_pack_covers_the_core_concepts(language):
    concepts = {r.concept for r in PACKS[language].rules}
    assert CORE_CONCEPTS <= concepts, f"{language} lacks {sorted(CORE_CONCEPTS - concepts)}"


@pytest.mark.parametrize("language", ["fr", "de", "pt", "it"])
def test_language_pack_has_months(language):
    assert len(set(PACKS[language].months.values())) == 12
