"""The string-method shortcuts of the boilerplate stage say what the patterns they replace
said, and the cheap record constructor builds the records the dataclass builds."""
import copy
import pickle
from dataclasses import FrozenInstanceError, asdict

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import boilerplate
from cleaner.model import Removal, _new_removal

# the patterns related_box read the ends of lines with before the string methods
ENDS_LIKE_A_SENTENCE = regex.compile(r"""[.!:;]['"”’»)\]]*$""")
TRUNCATED = regex.compile(r"""(?:…|\.\.\.)['"”’»)\]]*$""")

line_ends = st.lists(st.sampled_from(list(".!:;…,?a '\"”’»)]([“") + ["...", ". ", "\u2028"]),
                     max_size=8).map("".join)


@settings(max_examples=500)
@given(st.text(max_size=6), line_ends)
def test_line_end_shortcuts_agree_with_the_patterns(head, tail):
    text = (head + tail).strip()
    assert boilerplate._ends_like_a_sentence(text) == bool(ENDS_LIKE_A_SENTENCE.search(text))
    assert boilerplate._truncated(text) == bool(TRUNCATED.search(text))


@pytest.mark.parametrize("text, ends, truncated", [
    ("Read more.", True, False), ("He said: “Go.”", True, False), ("A title", False, False),
    ("A summary that stops…", False, True), ("(more...)", True, True), ("Price: $5", False, False),
])
def test_line_end_shortcuts_on_examples(text, ends, truncated):
    assert (boilerplate._ends_like_a_sentence(text), boilerplate._truncated(text)) == (ends, truncated)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.text(max_size=5), st.text(max_size=5),
       st.text(max_size=5), st.text(max_size=5))
def test_new_removal_builds_the_dataclass_record(start, end, text, rule, reason, evidence):
    cheap, plain = _new_removal(start, end, text, rule, reason, evidence), Removal(start, end, text, rule, reason, evidence)
    assert type(cheap) is Removal
    assert cheap == plain and hash(cheap) == hash(plain) and repr(cheap) == repr(plain)
    assert asdict(cheap) == asdict(plain)
    assert pickle.loads(pickle.dumps(cheap)) == plain and copy.deepcopy(cheap) == plain


def test_new_removal_records_are_frozen():
    record = _new_removal(1, 2, "x", "boilerplate.test", "why")
    assert record.evidence == ""
    with pytest.raises(FrozenInstanceError):
        record.start = 5


def test_a_timeout_passed_by_position_is_honoured():
    # the boilerplate stage passes the timeout as match's and search's sixth argument
    slow = regex.compile(r"(?:a|aa)+(?:b|bb)+(?:c|cc)+$")
    text = "a" * 30 + "b" * 30 + "c" * 30 + "d"
    for method in (slow.match, slow.search):
        with pytest.raises(TimeoutError):
            method(text, None, None, None, False, 0.01)
    assert slow.search("abc", None, None, None, False, 1.0).group() == "abc"


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list("ab \n&;#x1") + ["&amp;", "&#38;"]), min_size=1, max_size=30).map("".join),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=5),
       st.sampled_from([0.0, 0.2, 0.5, 0.97]))
def test_the_guards_bound_never_passes_a_document_over_the_limit(text, spans, limit):
    from cleaner.model import Document
    doc = Document(text)
    for a, b in spans:
        doc.remove(min(a, b), max(a, b), rule="boilerplate.test", reason="why")
    assert doc.removed_length() == sum(e - s for s, e in doc.removed_intervals())
    if boilerplate._surely_within(doc, limit):
        assert boilerplate.removed_share(doc) <= limit
