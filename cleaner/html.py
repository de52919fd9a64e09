"""HTML input: a raw page becomes the text of its article, then the text stages run.

The markup knows things the text does not: which parts are navigation, which are links,
which container holds the paragraphs. This module uses that knowledge once, at the start,
and hands the text stages only the article (`describe` shows every block of a page with
its evidence and the decision taken on it):

1. decode: bytes with their declared charset (BOM, <meta charset>, http-equiv, an XML
   declaration), else the plain-text decoder's sniffing;
2. parse with lxml's HTML parser (forgiving of broken markup); a page nested deeper than
   the parser allows is flattened and parsed again rather than silently cut short;
3. metadata: title, author, publication date, language, canonical URL, from <meta> tags,
   JSON-LD, microdata and the lang attribute;
4. drop what is never text (script, style, noscript, template, svg, forms, iframes, hidden
   elements, ...);
5. cut the page into blocks at block-level tags (p, li, h1-h6, div, tr, layout cells...;
   <br> breaks a line, the cells of a data row share one), each with its evidence: length,
   link density, and whether it sits in navigation, header, footer, aside or an element
   whose class or id names furniture (share, related, comment, cookie, ad, caption... in
   English, Spanish, French, German, Portuguese and Italian);
6. choose the article container: the element whose blocks hold the most article-like
   text once link lists, furniture and teasers of other articles inside it are charged
   against it (the densest region of prose). A container the page names as its article
   body ("entry-content", itemprop=articleBody) corrects the choice, and siblings that
   hold prose of their own join it (an article cut in two);
7. keep the blocks of the container that carry no furniture evidence of their own, less
   link lists and the headline (which goes to metadata.title).

Blocks are joined with blank lines, so words of neighbouring elements never glue together,
<pre> and <code> keep their spacing, and the text stages (segment, metadata, boilerplate,
language, repair) run on the result. The report's offsets point into this extracted text.

Everything walks the tree iteratively (lxml's iterwalk) and keeps per-element data in flat
arrays: no recursion limit however deep the page nests, and time and memory in proportion
to the page (which config.max_document_chars bounds).
"""
from __future__ import annotations

import json
import re
from array import array
from dataclasses import dataclass, field

import regex
from lxml import etree

from . import decode
from .model import Document

# -- decoding ----------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]{2,40})"""
                           rb"""|^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-zA-Z0-9_.:\-]{2,40})""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
# Labels that browsers read as another encoding than the name says (WHATWG encoding spec).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
                    "us-ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874",
                    "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def decode_html(data) -> tuple[str, str]:
    """The page as text, and the encoding used. A BOM wins, then a charset the page declares
    in its first bytes (when the bytes decode cleanly with it), then the plain-text sniffing
    of `decode.bytes_to_text` (UTF-8, UTF-16, cp1252). A BeautifulSoup document is taken
    as the markup it renders to.

    >>> decode_html('<meta charset="iso-8859-1"><p>caf\\xe9'.encode("latin-1"))
    ('<meta charset="iso-8859-1"><p>café', 'cp1252')
    """
    if isinstance(data, str):
        return data, "str"
    if type(data).__module__.startswith("bs4"):   # a page already parsed with BeautifulSoup
        return str(data), "str"
    data = bytes(data)
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode.bytes_to_text(data)
    m = _META_CHARSET.search(data, 0, 4096)
    if m:
        name = (m.group(1) or m.group(2)).decode("ascii").lower()
        name = _CHARSET_ALIASES.get(name, name)
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to sniffing
    return decode.bytes_to_text(data)


# -- parsing -----------------------------------------------------------------------------
_PARSER_OPTIONS = dict(remove_comments=True, remove_pis=True, huge_tree=True, no_network=True)
_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>")
# Tags that keep meaning in a flattened page; every other tag becomes a paragraph break.
_FLAT_KEEP = {"a", "br", "script", "style", "title", "meta", "link", "html", "head", "body"}


def parse(text: str) -> etree._Element:
    """The page's element tree. libxml2 stops reading a page nested deeper than it allows
    (and drops what follows); such a page is flattened to paragraphs and read again."""
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str input that declares bytes
    if not text.strip():
        text = "<html></html>"
    # the plain etree parser: lxml.html's element classes cost a Python call per element
    parser = etree.HTMLParser(**_PARSER_OPTIONS)
    root = etree.fromstring(text, parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        root = etree.fromstring(flatten(text), etree.HTMLParser(**_PARSER_OPTIONS))
    if root is None:   # nothing but an unfinished tag, or stray closing tags
        root = etree.Element("html")
    return root


def flatten(text: str) -> str:
    """Markup without nesting: each tag other than links, line breaks and the page frame
    becomes a paragraph break, so nothing can nest deeper than a few levels.

    >>> flatten("<div><div><span>a</span></div></div>b")
    '<p><p><p>a</p></p></p>b'
    """
    def replace(m: re.Match) -> str:
        name = m.group(2).lower()
        if name in _FLAT_KEEP:
            return m.group(0)
        return "</p>" if m.group(1) else "<p>"
    return _ANY_TAG.sub(replace, text)


# -- metadata ----------------------------------------------------------------------------
_LANG_CODE = regex.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_ISO_DATE = regex.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACES = regex.compile(r"\s+")


def page_metadata(root: etree._Element) -> dict[str, str]:
    """Title, author, date (ISO), language and canonical URL, from what the page declares:
    <meta> tags (Open Graph, Dublin Core, article:*), JSON-LD, <link rel=canonical>,
    <time datetime>, the lang attribute and the <title>."""
    meta: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in by_name:
            by_name[key] = content
    linked = _json_ld(root)

    title = (by_name.get("og:title") or linked.get("headline") or by_name.get("twitter:title")
             or by_name.get("dc.title") or _first_text(root, "title"))
    author = (by_name.get("author") or by_name.get("article:author") or by_name.get("dc.creator")
              or by_name.get("dcterms.creator") or by_name.get("parsely-author") or by_name.get("sailthru.author")
              or by_name.get("byl") or linked.get("author") or _marked_author(root))
    date = (by_name.get("article:published_time") or by_name.get("datepublished") or linked.get("datePublished")
            or by_name.get("date") or by_name.get("dc.date") or by_name.get("dc.date.issued")
            or by_name.get("pubdate") or by_name.get("publishdate") or by_name.get("og:published_time")
            or by_name.get("dcterms.date") or by_name.get("dcterms.created") or by_name.get("sailthru.date")
            or by_name.get("parsely-pub-date") or by_name.get("article.published") or _marked_date(root))
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") \
        or by_name.get("content-language") or by_name.get("og:locale") or by_name.get("language")
    canonical = next((el.get("href") for el in root.iter("link")
                      if "canonical" in (el.get("rel") or "").lower().split() and el.get("href")), None) \
        or by_name.get("og:url")

    if title:
        meta["title"] = _SPACES.sub(" ", title).strip()[:500]
    author = _BY_PREFIX.sub("", _SPACES.sub(" ", author or "")).strip()
    if author and not author.lower().startswith(("http://", "https://", "@")) and len(author) <= 200:
        meta["author"] = author
    iso = _ISO_DATE.search(date or "")
    if iso and 1900 <= int(iso.group(1)) <= 2100 and 1 <= int(iso.group(2)) <= 12 and 1 <= int(iso.group(3)) <= 31:
        meta["date"] = iso.group(0)
    m = _LANG_CODE.match((language or "").strip())
    if m:
        meta["language"] = m.group(1).lower()
    if canonical:
        meta["url"] = canonical.strip()
    return {k: v for k, v in meta.items() if v}


def _first_text(root: etree._Element, tag: str) -> str | None:
    for el in root.iter(tag):
        text = text_of(el).strip()
        if text:
            return text
    return None


def _marked_date(root: etree._Element) -> str | None:
    """The date of an element marked itemprop=datePublished, else of the first <time>."""
    for el in _DATE_PUBLISHED(root):
        value = el.get("content") or el.get("datetime") or text_of(el)
        if value and value.strip():
            return value
    for el in root.iter("time"):
        if el.get("datetime"):
            return el.get("datetime")
    return None


def _marked_author(root: etree._Element) -> str | None:
    """The name in an element marked itemprop=author (or its itemprop=name) or rel=author."""
    for el in _AUTHOR_MARKED(root):
        names = el.xpath('.//*[@itemprop="name"]')
        value = (names[0].get("content") or text_of(names[0])) if names else (el.get("content") or text_of(el))
        value = _SPACES.sub(" ", value or "").strip()
        if 2 <= len(value) <= 100:
            return value
    return None


_DATE_PUBLISHED = etree.XPath('//*[@itemprop="datePublished"]')
_AUTHOR_MARKED = etree.XPath('//*[@itemprop="author"] | //a[@rel="author"]')
_BY_PREFIX = regex.compile(r"^(?:by|von|por|par|di|de|da)\s+", regex.IGNORECASE)


def _json_ld(root: etree._Element) -> dict[str, str]:
    """headline, author and datePublished from the page's JSON-LD, first found wins."""
    found: dict[str, str] = {}
    for el in root.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        stack = [data]
        seen = 0
        while stack and seen < 200:   # bounded: JSON-LD graphs can be large
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            for key in ("headline", "datePublished"):
                if isinstance(item.get(key), str):
                    found.setdefault(key, item[key])
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and author.strip():
                found.setdefault("author", author)
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))
    return found


# -- the vocabulary of boilerplate containers ----------------------------------------------
# Class and id values are split into lower-case tokens ("postShareButtons" -> post, share,
# buttons). A token names boilerplate when it is one of the exact words, or begins with
# one of the stems. Short or ambiguous words are exact only: "ad" must not catch "add",
# "header" must not catch "headerless" content wrappers, "nav" must not catch "navy".
_BOILERPLATE_WORDS = {
    # English
    "ad", "ads", "adv", "advert", "advertisement", "advertising", "sponsored", "banner",
    "nav", "navbar", "menu", "menus", "breadcrumb", "breadcrumbs", "crumbs", "footer", "sidebar",
    "byline", "author", "authors", "caption", "captions", "credit", "credits", "meta", "tags",
    "tag", "share", "shares", "sharing", "social", "related", "newsletter", "subscribe",
    "subscription", "comment", "comments", "cookie", "cookies", "consent", "promo", "widget",
    "widgets", "popup", "modal", "login", "signin", "signup", "register", "pagination", "pager",
    "toolbar", "masthead", "disclaimer", "copyright", "recommended", "recommendations",
    "trending", "popular", "outbrain", "taboola", "disqus", "print", "follow", "rating",
    "skip", "dateline", "timestamp", "teaser", "teasers", "donate", "paywall",
    # Spanish
    "compartir", "relacionados", "relacionadas", "suscribete", "suscripcion", "boletin",
    "comentarios", "publicidad", "anuncio", "anuncios", "migas", "autor", "leyenda", "pie",
    # French
    "partager", "partage", "similaires", "abonnement", "commentaires", "publicite", "pub",
    "ariane", "auteur", "legende", "pied",
    # German
    "teilen", "verwandte", "aehnliche", "abonnieren", "kommentare", "werbung", "anzeige",
    "brotkrumen", "bildunterschrift", "fusszeile", "kopfzeile",
    # Portuguese
    "compartilhar", "partilhar", "relacionadas", "assine", "assinatura", "comentarios",
    "publicidade", "rodape", "legenda",
    # Italian
    "condividi", "correlati", "correlate", "iscriviti", "abbonati", "commenti", "pubblicita",
    "briciole", "autore", "didascalia",
}
_BOILERPLATE_STEMS = ("advertis", "sponsor", "navig", "breadcrumb", "footer", "sidebar", "byline",
                      "caption", "social", "related", "newsletter", "subscri", "comment", "cookie",
                      "consent", "promo", "recommend", "share", "sharing", "signup", "popup",
                      "suscri", "compart", "comentar", "abonn", "kommentar", "partag", "condivi",
                      "commenti", "assinat", "newslet", "outbrain", "taboola")
# A class naming the article body itself ("article-body", "entry-content", "postText")
# outweighs boilerplate words in the same attribute ("article-body has-ads").
_ARTICLE_OWNERS = {"article", "post", "entry", "story", "blog", "news", "main", "single", "page"}
_ARTICLE_PARTS = {"body", "content", "text", "copy", "inner"}
_LAYOUT_MODIFIERS = {"with", "has", "no", "without", "show", "hide", "enable", "disable", "is", "one", "two"}
_CLASS_SPLIT = regex.compile(r"[^a-z0-9]+")
_CAMEL = regex.compile(r"(?<=[a-z])(?=[A-Z])")

# Tags that hold page furniture, not articles, whatever their class says.
_STRUCTURAL_BOILERPLATE = {"nav", "aside", "footer", "header", "menu", "figcaption"}
_ARTICLE_MARKERS = {"articlebody", "text"}   # itemprop values of an article's body


def class_tokens(value: str) -> list[str]:
    """Lower-case word tokens of a class or id attribute.

    >>> class_tokens("postShareButtons  sidebar__widget")
    ['post', 'share', 'buttons', 'sidebar', 'widget']
    """
    return [t for t in _CLASS_SPLIT.split(_CAMEL.sub(" ", value).lower()) if t]


def boilerplate_word(tokens: list[str]) -> str | None:
    """The first token naming boilerplate, unless the tokens also name an article body.

    >>> boilerplate_word(["related", "posts"]), boilerplate_word(["article", "body", "ads"])
    ('related', None)
    """
    for a, b in zip(tokens, tokens[1:]):
        if a in _ARTICLE_OWNERS and b in _ARTICLE_PARTS:
            return None
    for i, token in enumerate(tokens):
        if token in _BOILERPLATE_WORDS or (len(token) > 4 and token.startswith(_BOILERPLATE_STEMS)):
            if i and tokens[i - 1] in _LAYOUT_MODIFIERS:
                continue   # "content-with-sidebar", "has-comments": a wrapper describing its layout
            return token
    return None


# -- cleaning the tree ---------------------------------------------------------------------
# Never text: scripts, styles, embedded documents, vector graphics, form controls.
_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
               "canvas", "video", "audio", "map", "button", "select", "textarea", "input", "option",
               "label", "dialog", "head", "title", "meta", "link")
_MAYBE_HIDDEN = etree.XPath('//*[@hidden or @aria-hidden="true" or @style]')
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(root: etree._Element) -> list[etree._Element]:
    """Elements the page hides: the hidden attribute, aria-hidden, or an inline style."""
    return [el for el in _MAYBE_HIDDEN(root)
            if el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(el.get("style") or "")]


def text_of(el: etree._Element) -> str:
    """All the text inside an element, markup left out."""
    return "".join(el.itertext())


def drop_non_text(root: etree._Element) -> None:
    """Remove what is never article text: non-text elements, hidden elements, and forms that
    hold controls rather than prose (a page wrapped whole in one <form>, as ASP.NET pages are,
    keeps its content)."""
    etree.strip_elements(root, *_NEVER_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    hidden = _hidden(root)
    for form in root.iter("form"):
        if len(text_of(form)) < 2000:
            hidden.append(form)
    for el in hidden:
        parent = el.getparent()
        if parent is not None and el.tag not in ("html", "body"):
            _drop_keep_tail(el)


def _drop_keep_tail(el: etree._Element) -> None:
    """Remove an element and its content but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


# -- blocks --------------------------------------------------------------------------------
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
               "tr", "table", "thead", "tbody", "tfoot", "caption", "pre", "blockquote",
               "section", "article", "main", "header", "footer", "aside", "nav", "menu", "figure",
               "figcaption", "address", "center", "form", "fieldset", "details", "summary", "hr",
               "body", "html"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VERBATIM = {"pre", "code", "xmp", "listing", "plaintext"}
_WHITESPACE = re.compile(r"\s+")   # the standard module: several times faster here than `regex`
# Markup shown as text: escaped tags a page prints by mistake (a tracking pixel in <noscript>).
_MARKUP_AS_TEXT = regex.compile(r"\s*(?:</?[a-zA-Z][^<>]*>\s*)+")
_SENTENCE_ENDS = ".!?…。！？:;"
_CLOSERS = "\"'”’»)"


@dataclass(slots=True)
class TextBlock:
    """A run of text between block-level tags, with the markup's evidence about it."""
    text: str
    owner: int              # index of the block-level element that holds it
    tag: str                # that element's tag
    chars: int              # visible characters
    link_chars: int         # of which inside links
    size: int               # chars, counted double in scripts that say a word in a character or two
    teaser: bool = False    # a linked headline of another article, or the summary under one

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass(slots=True)
class PageTree:
    """The page cut into blocks, with its elements numbered in document order (a parent
    comes before its children, and the subtree of element i is i..end[i])."""
    blocks: list[TextBlock] = field(default_factory=list)
    # compact arrays rather than lists: a page can have millions of elements
    parent: array = field(default_factory=lambda: array("q"))  # element index -> parent index (-1 at the root)
    end: array = field(default_factory=lambda: array("q"))     # element index -> last index in its subtree
    tags: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)  # furniture by tag or role ("nav", "role:banner"), or ""
    naming: list[str] = field(default_factory=list)     # furniture by class or id ("class:share"), or ""
    article_bodies: list[int] = field(default_factory=list)  # elements the page names as its article body

    def marks(self, *, use_vocabulary: bool = True) -> list[int]:
        """For each element, the innermost element at or above it marked as furniture, or -1."""
        marks = array("q")
        for index, parent in enumerate(self.parent):
            if self.structure[index] or (use_vocabulary and self.naming[index]):
                marks.append(index)
            else:
                marks.append(marks[parent] if parent >= 0 else -1)
        return marks

    def evidence(self, index: int) -> str:
        return self.structure[index] or self.naming[index]


class _BlockBuilder:
    """Collects the text of the block being read; `flush` closes it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link_chars = 0
        self.verbatim = False

    def add(self, text: str, in_link: bool, verbatim: bool) -> None:
        if verbatim:
            self.verbatim = True
        else:
            text = _WHITESPACE.sub(" ", text)
        self.parts.append(text)
        if in_link:
            self.link_chars += len(text.strip())


# Han, kana and hangul: a character holds about what a short word does in Latin script,
# so thresholds in characters would call every Chinese or Japanese paragraph "short".
_DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def text_size(text: str, chars: int) -> int:
    """The length of a text for the thresholds: its visible characters, doubled when
    most of them belong to a dense script.

    >>> text_size("abc", 3), text_size("日本語の記事", 6)
    (3, 12)
    """
    if text.isascii() or 2 * len(_DENSE_SCRIPT.findall(text)) < chars:
        return chars
    return 2 * chars


def cut_blocks(root: etree._Element) -> PageTree:
    """Walk the tree once, in document order: number the elements, note what each says
    about itself, and cut the text into blocks at block-level tags."""
    tree = PageTree()
    stack: list[tuple[int, str, bool, bool, bool]] = []   # (index, tag, is block, silences its text, is a link)
    block_owners: list[int] = []
    builder = _BlockBuilder()
    link_depth = verbatim_depth = silent_depth = 0
    blocks = tree.blocks
    names: dict[str, tuple[str, bool]] = {}   # class and id text -> (furniture word, names the body)

    def flush() -> None:
        nonlocal builder
        if builder.parts:
            text = "".join(builder.parts)
            if builder.verbatim:
                text = text.strip("\n")
            else:
                text = "\n".join(line.strip() for line in text.split("\n")).strip("\n ")
            chars = len(text) - text.count(" ") - text.count("\n")
            if chars:
                owner = block_owners[-1] if block_owners else 0
                blocks.append(TextBlock(text, owner, tree.tags[owner], chars, min(builder.link_chars, chars),
                                        text_size(text, chars)))
        builder = _BlockBuilder()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            index = len(tree.tags)
            tree.tags.append(tag)
            tree.parent.append(stack[-1][0] if stack else -1)
            tree.end.append(index)
            structure, naming, is_body = _self_description(el, tag, names)
            tree.structure.append(structure)
            tree.naming.append(naming)
            if is_body and tag not in ("html", "body"):   # a class on <body> names the page type
                tree.article_bodies.append(index)
            is_block = tag in _BLOCK_TAGS or (tag in _CELLS and _holds_blocks(el))
            if tag in _CELLS and not is_block and builder.parts:
                builder.parts.append(" ")   # cells of a data row share a line, one space apart
            if is_block:
                flush()
                block_owners.append(index)
            elif tag == "br" and builder.parts:
                builder.parts.append("\n")
            silences = not is_block and naming[6:] in _INLINE_FURNITURE
            # a heading that links to itself (#section) is a heading, not a link elsewhere
            counts_as_link = tag == "a" and not ((el.get("href") or "").startswith("#")
                                                 and tree.tags[block_owners[-1] if block_owners else 0] in _HEADINGS)
            stack.append((index, tag, is_block, silences, counts_as_link))
            if counts_as_link:
                link_depth += 1
            elif tag in _VERBATIM:
                verbatim_depth += 1
            silent_depth += silences
            if el.text and not silent_depth:
                builder.add(el.text, link_depth > 0, verbatim_depth > 0)
        else:
            index, tag, is_block, silences, counts_as_link = stack[-1]
            if is_block:
                flush()
                block_owners.pop()
            stack.pop()
            tree.end[index] = len(tree.tags) - 1
            if counts_as_link:
                link_depth -= 1
            elif tag in _VERBATIM:
                verbatim_depth -= 1
            silent_depth -= silences
            if el.tail and not silent_depth:
                builder.add(el.tail, link_depth > 0, verbatim_depth > 0)
    flush()
    return tree


_CELLS = {"td", "th"}
# Furniture that pages set inline, inside a paragraph: a caption or credit in a <span>, an
# ad slot, a share link. Its words are left out of the paragraph. Words that also name
# links inside prose (author, tag, meta) are not here: "said <a class=author>Ana</a>".
_INLINE_FURNITURE = {"caption", "captions", "credit", "credits", "ad", "ads", "adv", "advert", "advertisement",
                     "advertising", "sponsored", "share", "shares", "sharing", "social", "newsletter", "subscribe",
                     "subscription", "cookie", "cookies", "consent", "promo", "popup", "modal",
                     "compartir", "leyenda", "partager", "legende", "teilen", "bildunterschrift", "compartilhar",
                     "legenda", "condividi", "didascalia", "publicidad", "publicite", "werbung", "publicidade",
                     "pubblicita"}


def _holds_blocks(el: etree._Element) -> bool:
    """A table cell that holds paragraphs or line breaks is a layout cell (a column of the
    page) and makes its own blocks; a cell of plain words is data and stays on its row."""
    return any(isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or child.tag == "br") for child in el)


_BODY_NAME = regex.compile(r"(?:article|post|entry|story|blog|news)[-_ ]*(?:body|content|text)(?![a-z])"
                          r"|(?:body|content)[-_ ]*(?:article|post|entry|story)(?![a-z])")
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search",
                    "dialog", "alert", "toolbar"}


def names_article_body(attributes: str) -> bool:
    """Whether a class or id names the body of an article.

    >>> names_article_body("c-entry-content"), names_article_body("ArticlePage-articleBody")
    (True, True)
    >>> names_article_body("article__content"), names_article_body("article-footer")
    (True, False)
    """
    return bool(_BODY_NAME.search(_CAMEL.sub("-", attributes).lower()))


def _self_description(el: etree._Element, tag: str, names: dict) -> tuple[str, str, bool]:
    """What an element says about itself: furniture by tag or role, furniture by class or
    id, and whether it names itself the article body. `names` caches class and id texts,
    which repeat across a page."""
    if tag in _STRUCTURAL_BOILERPLATE:
        return tag, "", False
    itemprop = el.get("itemprop")
    if itemprop and itemprop.lower() in _ARTICLE_MARKERS:
        return "", "", itemprop.lower() == "articlebody"
    role = el.get("role")
    structure = "role:" + role.lower() if role and role.lower() in _FURNITURE_ROLES else ""
    attributes = (el.get("class") or "") + " " + (el.get("id") or "")
    if len(attributes) == 1:
        return structure, "", False
    if attributes not in names:
        word = boilerplate_word(class_tokens(attributes))
        names[attributes] = ("class:" + word if word else "", names_article_body(attributes))
    naming, is_body = names[attributes]
    if tag in ("html", "body", "article", "main") or is_body:
        naming = ""
    return structure, naming, is_body


# -- choosing the article ------------------------------------------------------------------
GOOD_MIN_CHARS = 60          # a block shorter than this is neither evidence for nor against
BAD_LINK_DENSITY = 0.5       # a block mostly made of link text is navigation
BOILERPLATE_COST = 1.0       # how much a link-list character costs against an article one
MARKED_COST = 0.25           # and a character of an element named as furniture
LINKED_PROSE_DENSITY = 0.8   # inside the article, a long sentence-ending paragraph may be this linked
LINKED_PROSE_CHARS = 100
TEASER_MAX_CHARS = 400       # a teaser is a summary of a sentence or three
TEASER_GAP = 2               # short blocks allowed between a linked headline and its teaser
SIBLING_SHARE = 0.2          # a sibling of the container holding this share of its net prose joins it
NAMED_BODY_SHARE = 0.6       # a named article body inside the choice must hold this much of its prose


def block_value(block: TextBlock, marked: bool) -> float:
    """How much a block argues for the container that holds it: article-like text for,
    link lists and furniture against, short pieces neither. A paragraph right under a
    linked headline is a teaser of another article (a summary in a list of them), and
    argues against."""
    size = block.size
    if block.link_density > BAD_LINK_DENSITY:
        return -BOILERPLATE_COST * size
    if marked:
        # furniture by name (a caption, a byline, a comment) is left out of the text but
        # weighs less against its container: articles hold captions and share bars
        return -MARKED_COST * size
    if block.tag in _HEADINGS or size < GOOD_MIN_CHARS:
        return 0.0
    if block.teaser:
        return -BOILERPLATE_COST * size
    weight = 1.0 - block.link_density
    if not _ends_sentence(block.text):
        weight *= 0.5
    return weight * size


def mark_teasers(blocks: list[TextBlock]) -> None:
    """Flag the teasers of other articles: a linked headline (a short line of link text,
    not a list item: lists of links are menus), and a short paragraph under it, with at
    most a line or two between (a date, an author)."""
    since_headline = TEASER_GAP + 1   # blocks since the last linked headline
    for block in blocks:
        if _is_linked_headline(block):
            block.teaser = True
            since_headline = 0
            continue
        if since_headline <= TEASER_GAP and GOOD_MIN_CHARS <= block.size <= TEASER_MAX_CHARS:
            block.teaser = True
        if block.chars >= GOOD_MIN_CHARS:
            since_headline = TEASER_GAP + 1
        else:
            since_headline += 1


def _is_linked_headline(block: TextBlock) -> bool:
    """A short line made of a link, not an item of a list (lists of links are menus)."""
    return (block.link_density > BAD_LINK_DENSITY and 15 <= block.chars <= 200 and block.tag != "li"
            and "\n" not in block.text)


def choose_container(tree: PageTree, marks: list[int]) -> int:
    return _choose(tree, marks)[0]


def _choose(tree: PageTree, marks: list[int]) -> tuple[int, list[float]]:
    """The element whose subtree holds the most article-like text net of boilerplate:
    every block adds its value to its owner, owners pass their sums up to their parents,
    and the best sum wins (ties go to the deepest element).

    A paragraph under a linked headline (with at most a short line or two between, a
    date, an author) is a teaser of another article and counts against.

    A container the page itself names as the article body ("entry-content",
    itemprop=articleBody) corrects that choice: it widens a choice that fell on a part of
    it (an article cut in two by a link list), and narrows a choice that holds it with
    other prose around (teasers of other articles), when it holds most of that prose."""
    n = len(tree.tags)
    if not n:
        return 0, []
    net = array("d", bytes(8 * n))
    prose = array("d", bytes(8 * n))
    for block in tree.blocks:
        value = block_value(block, marks[block.owner] >= 0)
        net[block.owner] += value
        if value > 0:
            prose[block.owner] += value
    for index in range(n - 1, 0, -1):   # children come after their parent in document order
        parent = tree.parent[index]
        if parent >= 0:
            net[parent] += net[index]
            prose[parent] += prose[index]
    best = max(range(n), key=lambda i: (net[i], i))
    if net[best] <= 0:
        return 0, net   # no prose anywhere (a short page, a list): the whole page, less its furniture
    named = [i for i in tree.article_bodies if prose[i] > 0]
    if named:
        body = max(named, key=lambda i: (prose[i], i))
        if body < best <= tree.end[body]:
            return body, net
        if best < body <= tree.end[best] and prose[body] >= NAMED_BODY_SHARE * prose[best]:
            return body, net
    return best, net


def _linked_prose(block: TextBlock) -> bool:
    """A paragraph of sentences that happens to be mostly links (a deals post, a roundup)
    is still prose; a line or two of links is a link list."""
    return (block.link_density <= LINKED_PROSE_DENSITY and block.chars >= LINKED_PROSE_CHARS
            and _ends_sentence(block.text))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS


def prose_siblings(tree: PageTree, marks: list[int], net: list[float], container: int) -> list[int]:
    """Siblings of the container that hold prose of their own: an article the page cut in
    two (a link-laden paragraph, an embed between its halves) is taken whole."""
    parent = tree.parent[container]
    if parent < 0 or not net:
        return []
    floor = SIBLING_SHARE * net[container]
    siblings = []
    child = parent + 1
    while child <= tree.end[parent]:
        if child != container and net[child] >= floor and marks[child] < 0:
            siblings.append(child)
        child = tree.end[child] + 1   # the next sibling starts after this child's subtree
    return siblings


def article_blocks(tree: PageTree, marks: list[int], *containers: int) -> list[TextBlock]:
    """The blocks of the containers that carry no boilerplate evidence inside them."""
    spans = sorted((c, tree.end[c]) for c in containers)
    return [block for block in tree.blocks if not verdict(tree, marks, spans, block)]


def verdict(tree: PageTree, marks: list[int], spans: list[tuple[int, int]], block: TextBlock) -> str:
    """Why a block is left out of the article ("" when it is kept), given the element
    spans of the article's containers."""
    inside = next(((first, last) for first, last in spans if first <= block.owner <= last), None)
    if inside is None:
        return "outside the article container"
    if inside[0] < marks[block.owner] <= inside[1]:
        return "page furniture (" + tree.evidence(marks[block.owner]) + ")"
    if block.link_density > BAD_LINK_DENSITY and block.tag not in _HEADINGS and not _linked_prose(block):
        return f"a link list (link density {block.link_density:.2f})"
    if block.text.lstrip().startswith("<") and _MARKUP_AS_TEXT.fullmatch(block.text):
        return "markup shown as text"
    if block.teaser and block.tag in _HEADINGS and block.link_density > BAD_LINK_DENSITY:
        return "the linked headline of another article"
    return ""


@dataclass(slots=True)
class Extraction:
    """What the markup stage decided: the page's blocks, its furniture marks, the
    article's containers, and the blocks kept."""
    tree: PageTree
    marks: list[int]
    containers: tuple[int, ...]
    kept: list[TextBlock]


def extract(root: etree._Element) -> Extraction:
    """The article's blocks. The class vocabulary can misfire on a wrapper ("page
    has-sidebar"); when the container found without the vocabulary sits inside an element
    the vocabulary marked, and holds much more text than the one found with it, the
    markup's structure alone decides."""
    drop_non_text(root)
    tree = cut_blocks(root)
    mark_teasers(tree.blocks)
    marks = tree.marks()
    best, net = _choose(tree, marks)
    containers = (best, *prose_siblings(tree, marks, net, best))
    blocks = article_blocks(tree, marks, *containers)
    plain_marks = tree.marks(use_vocabulary=False)
    plain_container = choose_container(tree, plain_marks)
    if marks[plain_container] >= 0 and plain_marks[plain_container] < 0:
        plain_blocks = article_blocks(tree, plain_marks, plain_container)
        if _size(blocks) < 0.3 * _size(plain_blocks):
            return Extraction(tree, plain_marks, (plain_container,), plain_blocks)
    return Extraction(tree, marks, containers, blocks)


def _size(blocks: list[TextBlock]) -> int:
    return sum(b.chars for b in blocks if b.chars >= GOOD_MIN_CHARS)


def headline(blocks: list[TextBlock], title: str | None) -> TextBlock | None:
    """The article's headline among its first blocks: its h1, or a block equal to the page
    title. It is metadata, not body text."""
    folded_title = _fold(title) if title else ""
    for block in blocks[:5]:
        if block.tag == "h1" or (folded_title and _fold(block.text) == folded_title):
            return block
    return None


_FOLD = regex.compile(r"[\W_]+")


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text.casefold()).strip()


# -- the document ----------------------------------------------------------------------------
def to_document(html: str | bytes, *, config) -> Document:
    """The article text of a page as a Document for the text stages, with the page's
    metadata in `metadata`."""
    text, encoding = decode_html(html)
    truncated = len(text) > config.max_document_chars
    if truncated:
        text = text[:config.max_document_chars]
    root = parse(text)
    metadata = page_metadata(root)
    kept = extract(root).kept
    title_block = headline(kept, metadata.get("title"))
    doc = decode.run("\n\n".join(b.text for b in kept if b is not title_block),
                     max_chars=config.max_document_chars, input_format="html")
    doc.metadata.update(metadata)
    if truncated:
        doc.warn("input_truncated", f"page cut to its first {config.max_document_chars} characters "
                                    "(max_document_chars)")
    if encoding not in ("str", "utf-8", "utf-8-sig"):
        doc.warn("encoding_detected", f"page was not UTF-8; decoded as {encoding}")
    return doc


def describe(html: str | bytes) -> list[dict]:
    """Every block of a page with the markup's evidence and the markup stage's decision:
    what `explain` needs to show why a piece of a page is or is not in the text.

    >>> [(row["text"], row["kept"], row["reason"]) for row in describe(
    ...     "<nav><a href=/>Home</a></nav><p>A sentence of the article, long enough to count.</p>")]
    [('Home', False, 'page furniture (nav)'), ('A sentence of the article, long enough to count.', True, '')]
    """
    root = parse(decode_html(html)[0])
    title = page_metadata(root).get("title")
    found = extract(root)
    tree, marks = found.tree, found.marks
    spans = sorted((c, tree.end[c]) for c in found.containers)
    title_block = headline(found.kept, title)
    rows = []
    for block in tree.blocks:
        reason = "the headline (metadata.title)" if block is title_block else verdict(tree, marks, spans, block)
        mark = marks[block.owner]
        rows.append({"text": block.text, "tag": block.tag, "chars": block.chars,
                     "link_density": round(block.link_density, 3),
                     "furniture": tree.evidence(mark) if mark >= 0 else "",
                     "kept": not reason, "reason": reason})
    return rows
