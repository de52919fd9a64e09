import pytest
import regex

import cleaner
from cleaner import metadata


@pytest.mark.parametrize("head, iso", [
    ("date 2025-07-01", "2025-07-01"),
    ("Published: July 1, 2025", "2025-07-01"),
    ("Updated on 3 March 2024 at 10:30 GMT", "2024-03-03"),
    ("1 de julio de 2025", "2025-07-01"),
    ("Publicado el 15 de agosto de 2023", "2023-08-15"),
    ("2025-07-01T08:30:00Z", "2025-07-01"),
    ("Posted on 07/21/2025", "2025-07-21"),
    ("21.07.2025", "2025-07-21"),
])
def test_dateline_moves_to_metadata(head, iso):
    result = cleaner.clean(f"{head}\n\nThe plant will close in May, the company said on Tuesday.")
    assert result.metadata["date"] == iso
    assert result.text == "The plant will close in May, the company said on Tuesday.\n"
    assert result.removed[0].rule == "metadata.dateline"


@pytest.mark.parametrize("text", [
    "2025-13-45 was not a date.\n\nBody text here, with a sentence.",
    "In 2025 the plant closed.\n\nBody text here, with a sentence.",
    "July was hot.\n\nBody text here, with a sentence.",
])
def test_not_a_dateline(text):
    result = cleaner.clean(text)
    assert "date" not in result.metadata
    assert result.text.startswith(text.split("\n")[0])


def test_byline_and_title():
    result = cleaner.clean("Plant Closure Hits Town Hard\n\nBy Jane Doe\n\nThe plant will close in May, the company said.")
    assert result.metadata["title"] == "Plant Closure Hits Town Hard"
    assert result.metadata["author"] == "Jane Doe"
    assert result.text == "Plant Closure Hits Town Hard\n\nThe plant will close in May, the company said.\n"


def test_title_echo_and_repeated_caption_are_removed_once():
    text = ("Plant closure signals a shift\n\nThe plant will close in May, the company said.\n\n"
            "A worker at the gate. Photo by the author\n\nMore text follows here, as it should.\n\n"
            "Plant Closure Signals A Shift\n\nA worker at the gate. Photo by the author")
    out = cleaner.clean(text).text
    assert out.casefold().count("plant closure signals a shift") == 1
    assert out.count("A worker at the gate.") == 1


HEADS = ["date 2025-07-01", "Published: July 1, 2025", "Posted on 07/21/2025 | By Jane Doe",
         "Home | News | Sport", "By Jane Doe", "Publicado el ١٥ de agosto de ٢٠٢٣",
         "All rights reserved. Updated on 3 March 2024 at 10:30 GMT", "July was hot. By Ann Lee"]


@pytest.mark.parametrize("head", HEADS)
def test_lines_without_a_digit_are_not_read_for_dates(head, monkeypatch):
    """The dateline pattern is tried only on lines holding a digit: the result is the one
    of trying it everywhere."""
    text = f"{head}\n\nThe plant will close in May, the company said on Tuesday."
    fast = cleaner.clean(text).to_dict()
    monkeypatch.setattr(metadata, "_DIGIT", regex.compile(""))   # a digit everywhere
    assert cleaner.clean(text).to_dict() == fast
