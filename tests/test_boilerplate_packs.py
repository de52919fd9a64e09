"""The language packs share their concepts (the rules' examples run in test_rules_cli.py)."""
import pytest

from cleaner import rules

PACKS = {p.language: p for p in (rules.load_pack(path) for path in rules.builtin_pack_paths())}
ALL_RULES = [r for p in PACKS.values() for r in p.rules]
CORE_CONCEPTS = {"newsletter", "tip_line", "copyright", "affiliate_disclosure", "photo_credit",
                 "author_bio", "comment_prompt", "share_follow", "related_links", "cookie_notice",
                 "legal", "advertising", "login", "navigation", "byline"}


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "pt", "it"])
def test_language_pack_covers_the_core_concepts(language):
    concepts = {r.concept for r in PACKS[language].rules}
    assert CORE_CONCEPTS <= concepts, f"{language} lacks {sorted(CORE_CONCEPTS - concepts)}"


@pytest.mark.parametrize("language", ["fr", "de", "pt", "it"])
def test_language_pack_has_months(language):
    assert len(set(PACKS[language].months.values())) == 12
