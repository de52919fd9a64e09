"""Properties of the explain views on arbitrary documents: the HTML page shows the whole
source and nothing but the source (besides its own labels), and neither view lets the
document's characters act as markup or terminal control."""
from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import explain

PIECES = st.sampled_from([
    "The council approved the budget on Tuesday after a long debate.",
    "Got a tip? Send it to tips@example.com",
    "Copyright © 2024 Example Media. All rights reserved.",
    "Subscribe to our newsletter.",
    "Descubra más de Ejemplo.es",
    "Dejar una respuesta",
    "<script>alert(1)</script>",
    "a & b < c > d \"e\" 'f'",
    "Leave a Reply",
    "word ,",
    "\n", "\n\n", " ",
])
DOCUMENTS = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=25).map("".join)


def source_shown(page: str) -> str:
    """The source as the page shows it: its text, without the page's labels (family tags,
    language labels, gap marks), with each repair read back from the span it records."""
    pre = BeautifulSoup(page, "html.parser").select_one("pre#source")
    out: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                out.append(str(child))
                continue
            classes = child.get("class", [])
            if {"tag", "lang", "gap"} & set(classes):
                continue
            if "repair" in classes:
                out.append(("repair", child["data-span"]))
                continue
            walk(child)

    walk(pre)
    return out


def rebuild(shown: list, source: str) -> str:
    text = []
    for item in shown:
        if isinstance(item, tuple):
            start, end = (int(x) for x in item[1].split("–"))
            text.append(explain.visible(source[start:end]))
        else:
            text.append(item)
    return "".join(text)


@settings(max_examples=60, deadline=None)
@given(DOCUMENTS)
def test_the_page_shows_exactly_the_source(text):
    result = cleaner.clean(text)
    page = explain.html_page(result)
    assert rebuild(source_shown(page), result.source) == explain.visible(result.source)
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 1
    shown = {span["data-ref"] for span in soup.select("pre#source span.removed[data-ref]")}
    assert shown == {f"removed-{i}" for i in range(len(result.removed))}


@settings(max_examples=60, deadline=None)
@given(DOCUMENTS)
def test_the_terminal_view_holds_no_control_characters_but_its_own(text):
    result = cleaner.clean(text)
    plain = explain.terminal(result, color=False)
    assert not any(ch in plain for ch in "\x1b\x07\x08\x0b\x0c\r\u202e")
    coloured = explain.terminal(result, color=True)
    assert coloured.replace("\x1b[", "").count("\x1b") == 0
