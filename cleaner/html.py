"""HTML input: a page becomes blocks of text with structural hints, then the text stages run."""
from __future__ import annotations

from bs4 import BeautifulSoup

from . import decode
from .model import Document

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br",
               "section", "article", "header", "footer", "blockquote", "pre", "ul", "ol", "table",
               "figcaption", "dd", "dt", "main", "aside", "nav", "form"}
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "form", "head")


def to_document(html: str | bytes, *, config) -> Document:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(list(_DROP)):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = soup.get_text()
    return decode.run(text, max_chars=config.max_document_chars, input_format="html")
