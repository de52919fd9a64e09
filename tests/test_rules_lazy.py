"""Built-in packs compiled language by language, when blocks first need them: the output
must not depend on which languages a Cleaner met first."""
import pytest

import cleaner
from cleaner import rules

BUILTIN_PATHS = rules.builtin_pack_paths()


def fresh_packs() -> rules.PackSet:
    """The built-in packs read anew: nothing compiled or analysed yet."""
    return rules.PackSet([rules.load_pack(p, check_patterns=False) for p in BUILTIN_PATHS])


def fresh_cleaner() -> cleaner.Cleaner:
    c = cleaner.Cleaner()
    c.packs = fresh_packs()
    return c


def pages() -> dict[str, str]:
    """One page per pack language, made of its rules' examples (prose to keep, boilerplate
    to remove), and a page ("mixed") with a few of every language's."""
    by_language: dict[str, list[str]] = {}
    for rule in rules.load_packs().all_rules():
        by_language.setdefault(rule.language, []).extend(rule.examples_keep + rule.examples_remove)
    out = {language: "\n\n".join(examples[:60]) for language, examples in sorted(by_language.items())}
    out["mixed"] = "\n\n".join(e for _, examples in sorted(by_language.items()) for e in examples[:6])
    return out


BY_LANGUAGE = pages()
PAGES = list(BY_LANGUAGE.values())


def test_every_builtin_pattern_compiles_alone_and_with_its_rule():
    # what a user's pack goes through as it loads: each pattern compiled alone (joined with
    # the others, "a)|(b" would pass as (?:a)|(b)), then the rule's patterns together
    for path in BUILTIN_PATHS:
        pack = rules.load_pack(path)
        assert pack.checked and pack.rules


def test_every_builtin_rule_has_a_keyword_prefilter():
    packs = fresh_packs()
    for language in packs.languages + ("unknown", "xx"):
        packs.rules_for(language)     # would raise PackError for a rule without keywords
    assert all(r.prefilter is not None and r.keywords is not None for r in packs.all_rules())


def test_a_building_cleaner_compiles_nothing():
    c = fresh_cleaner()
    assert c.fingerprint == cleaner.Cleaner().fingerprint
    assert not any("compiled" in vars(r) or "prefilter" in vars(r) for r in c.packs.all_rules())


def test_a_language_not_met_is_not_compiled():
    c = fresh_cleaner()
    result = c.clean(BY_LANGUAGE["en"])
    assert result.language == "en"
    analysed = {r.language for r in c.packs.all_rules() if "prefilter" in vars(r)}
    assert analysed <= {"en", "*"}


@pytest.mark.parametrize("order", ["forward", "backward", "rotated"])
def test_output_does_not_depend_on_which_language_came_first(order):
    expected = [fresh_cleaner().clean(page).to_dict() for page in PAGES]
    indices = list(range(len(PAGES)))
    if order == "backward":
        indices.reverse()
    elif order == "rotated":
        indices = indices[3:] + indices[:3]
    c = fresh_cleaner()
    for i in indices:
        assert c.clean(PAGES[i]).to_dict() == expected[i], i


def test_pages_cover_several_languages():
    languages = {cleaner.Cleaner().clean(page).language for page in PAGES}
    assert len(languages) >= 4


def test_a_user_pack_is_checked_as_it_loads():
    bad = {"pack": {"language": "en"},
           "rule": [{"id": "boilerplate.promo", "reason": "x", "patterns": ["webinar)|(free"]}]}
    with pytest.raises(rules.PackError, match="bad pattern"):
        cleaner.Cleaner(extra_rules=[bad])
    good = {"pack": {"language": "en"},
            "rule": [{"id": "boilerplate.promo", "reason": "x", "patterns": [r"\bwebinar\b"]}]}
    packs = rules.load_packs([good])
    user_rule = packs.packs[-1].rules[0]
    assert "compiled" in vars(user_rule) and "prefilter" in vars(user_rule)


def test_keyword_hits_cover_the_rules_handed_out():
    packs = fresh_packs()
    for language in packs.languages[:3]:
        rule = next(r for r in packs.rules_for(language) if r.language == language)
        keyword = sorted(rule.keywords)[0]
        found = {key for _, ids in packs.keyword_hits(f"x {keyword} y") for key in ids}
        assert id(rule) in found
