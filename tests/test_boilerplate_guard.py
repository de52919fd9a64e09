"""The over-removal guard measures what the removals take the same way on a first and a
second cleaning."""
from cleaner import Cleaner
from cleaner.boilerplate import removed_share
from cleaner.model import Document


def test_character_reference_counts_as_one_character():
    doc = Document("ab &amp;")
    doc.remove(0, 2, rule="boilerplate.test", reason="test")
    assert removed_share(doc) == removed_share_of("ab &", 0, 2)


def removed_share_of(text: str, start: int, end: int) -> float:
    doc = Document(text)
    doc.remove(start, end, rule="boilerplate.test", reason="test")
    return removed_share(doc)


def test_guard_decides_alike_on_clean_output():
    cleaner = Cleaner()
    once = cleaner.clean(". All rights reserved. newsletter &amp;").text
    assert cleaner.clean(once).text == once
