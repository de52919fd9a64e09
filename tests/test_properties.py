"""Properties over arbitrary input: no crash, canonical output, idempotence, spans of the source."""
import unicodedata

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from conftest import replay

CLEANER = cleaner.Cleaner()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with the shapes that matter here: words, punctuation, newlines, odd spaces, marks.
words = st.sampled_from(["Nissan", "the", "Got a tip?", "Share", "©", "2025", "Leave a Reply", "Photo:",
                         "newsletter", "Sign Up", "é", "\u0301", "\u00a0", "\u200b", "—", "“", ",", ".",
                         "\n", "\n\n", " ", "All rights reserved.", "Ã©", "&amp;", "Haye Kesteloo"])
shaped_text = st.lists(words, max_size=60).map(" ".join)
any_text = st.text(max_size=300)


def check_canonical(text):
    assert unicodedata.is_normalized("NFC", text)
    if text:
        assert text.endswith("\n") and not text.endswith("\n\n") and not text.startswith("\n")
    assert "\n\n\n" not in text
    for line in text.split("\n"):
        assert line == line.strip()
    assert not any(ch in text for ch in "\u00ad\u200b\ufeff\u00a0\t\r")


@SETTINGS
@given(st.one_of(any_text, shaped_text))
def test_never_raises_and_output_is_canonical(text):
    result = CLEANER.clean(text)
    check_canonical(result.text)
    assert replay(result) == result.text
    for r in result.removed:
        assert 0 <= r.start < r.end <= len(result.source)
        assert result.source[r.start:r.end] == r.text
    spans = sorted((r.start, r.end) for r in result.removed)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "removals overlap"


@SETTINGS
@given(st.one_of(any_text, shaped_text))
def test_idempotent(text):
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once


@settings(max_examples=40, deadline=None)
@given(shaped_text)
def test_deterministic(text):
    assert CLEANER.clean(text).to_dict() == cleaner.Cleaner().clean(text).to_dict()


# Cases where a later stage changed what an earlier one saw, so that a second cleaning
# found more: a byline glued behind boilerplate, paragraphs the repair stage joins,
# mojibake revealed by removing an invisible character, a title left by a phrase rule.
@pytest.mark.parametrize("text", [
    "All rights reserved. By Jane Doe",
    "Share this. Published: July 1, 2025\n\nThe plant will close in May, the company said on Monday.",
    "the the , \n\n the \n Nissan sold it.",
    "We are discussing how we can collaborate,\n\n— he said, smiling.\n\nThat was all.",
    "Sign Up © \n\n All rights reserved. Sign Up",
    "Got a tip? Nissan &amp; Nissan",
])
def test_idempotent_where_stages_interact(text):
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once
