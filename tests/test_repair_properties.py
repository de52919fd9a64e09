"""Properties of the repair stage on arbitrary text: no crash, replayable, idempotent."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from cleaner import Cleaner, Config, render

CLEANER = Cleaner(Config(disable=("boilerplate", "metadata")))

# Text built from the pieces the repair rules look at, so that they fire often.
PIECES = st.sampled_from([
    "the", "The", "with", "electri-", "cal", "cost-", "cutting", "Sunday.Police", "EVXL.co",
    "EVXL.codonde", "M uch", "&amp;", "&#8217;", "&lt;b&gt;", "<br>", "</p>", ",", " ,", ".",
    "“", "”", "—", "- ", "he said", "\n", "\n\n", " ", "A", "2019.The", "é", "ﺎَﻣ", "日本語",
])
# Control characters are left out: removing them is the decode stage's business.
TEXTS = st.lists(PIECES, max_size=40).map(" ".join) | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TEXTS)
def test_repairs_replay_and_are_idempotent(text):
    result = CLEANER.clean(text)
    assert render.canonical(render.apply_edits(result.source, result.removed, result.repairs)) == result.text
    for rep in result.repairs:
        assert result.source[rep.start:rep.end] == rep.before
    assert CLEANER.clean(result.text).text == result.text
