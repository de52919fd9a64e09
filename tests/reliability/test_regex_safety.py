"""Regular expressions that cannot run away: every pattern of the built-in packs, on inputs
crafted to make it backtrack, in the form the pipeline gives them (after decoding), ends
well within Config.regex_timeout."""
from __future__ import annotations

import pytest
import regex

from cleaner import authoring, decode
from cleaner.config import Config
from cleaner.rules import load_packs

RULES = sorted(load_packs().all_rules(), key=lambda r: (r.language, r.id))
# What fills a long line between a rule's keyword and a character that makes it fail.
FILLERS = (" ", "a", "a ", ". ", "1", ":", "|", "-", "a.", " | ", "\u00a0", "\t")
LENGTH = 5000


def crafted_inputs(rule) -> list[str]:
    """The probe's pumped inputs and keyword-then-filler lines, as the decode stage leaves
    them (it caps runs of spaces), each ending in a character that makes the match fail."""
    inputs = []
    for pattern in rule.patterns:
        try:
            inputs += authoring.probe_inputs(pattern, case_sensitive=rule.case_sensitive)
        except authoring.Unsupported:
            pass
    for keyword in sorted(rule.keywords or [""])[:4]:
        for filler in FILLERS:
            body = filler * (LENGTH // len(filler))
            inputs += [keyword + body + "!", body + keyword + "!", (keyword + filler) * (LENGTH // (len(keyword) + 1))]
    return [decode.normalize(text)[0] for text in dict.fromkeys(inputs)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.language}:{r.id}")
def test_every_pattern_ends_well_within_the_timeout_on_crafted_input(rule):
    timeout = Config().regex_timeout
    for text in crafted_inputs(rule):
        for line in text.split("\n"):   # no rule reads across a line break
            try:
                for _ in rule.compiled.finditer(line, timeout=timeout):
                    pass
            except TimeoutError:
                pytest.fail(f"{rule.id} ({rule.source}) ran over {timeout} s on {line[:30]!r}... "
                            f"of {len(line)} characters")


def test_no_built_in_pattern_is_called_catastrophic_by_the_probe():
    for rule in RULES:
        for pattern in rule.patterns:
            findings = authoring.probe_pattern(pattern, case_sensitive=rule.case_sensitive)
            assert not [f for f in findings if f.startswith("catastrophic")], (rule.id, pattern, findings)


def test_the_timeout_actually_stops_a_runaway_pattern():
    """The guarantee rests on the regex module's timeout: check it stops a pattern that
    would otherwise run for ages."""
    runaway = regex.compile(r"(?:x+x+)+y")
    with pytest.raises(TimeoutError):
        runaway.search("x" * 5000, timeout=0.2)
