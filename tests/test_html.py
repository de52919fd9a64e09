"""HTML input: decoding, metadata, blocks, the choice of the article, and hostile markup."""
import json
import subprocess
import sys

import pytest

import cleaner
from cleaner import decode
from cleaner import html as html_input
from cleaner.config import Config

PROSE = ("The council approved the new budget on Tuesday after a long debate about schools, "
         "roads and the future of the harbour district.")


def article_page(body: str, *, head: str = "", around: str = "") -> str:
    """A page with navigation, a sidebar and a footer around `body`."""
    nav = "<nav><ul>" + "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(8)) + "</ul></nav>"
    aside = ("<aside><h3>Most read</h3><ul>"
             + "".join(f"<li><a href='/s{i}'>Another story about something else {i}</a></li>" for i in range(6))
             + "</ul></aside>")
    footer = "<footer><p>© 2024 The Example Times. All rights reserved. Contact us.</p></footer>"
    return (f"<!doctype html><html lang='en-GB'><head>{head}</head><body>{nav}"
            f"<main><article>{body}</article>{around}</main>{aside}{footer}</body></html>")


def source(page, **config) -> str:
    return html_input.to_document(page, config=Config(**config)).source


def test_the_examples_in_the_docstrings():
    import doctest
    assert doctest.testmod(html_input).failed == 0


# -- decoding -------------------------------------------------------------------------------
@pytest.mark.parametrize("declaration, encoding, text", [
    ('<meta charset="windows-1251">', "cp1251", "Привет, мир: это статья."),
    ('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "shift_jis", "日本語の記事です。"),
    ('<meta charset="iso-8859-1">', "latin-1", "Le café est très bon."),
    ('<meta charset="utf-8">', "utf-8", "Ünïcödé ✓"),
])
def test_declared_charset_is_used(declaration, encoding, text):
    page = f"<html><head>{declaration}</head><body><p>{text}</p></body></html>".encode(encoding)
    assert text in source(page)


def test_charset_of_an_xml_declaration_is_used():
    page = '<?xml version="1.0" encoding="ISO-8859-15"?><html><body><p>Prix : 5 €, café</p></body></html>'
    assert source(page.encode("iso-8859-15")) == "Prix : 5 €, café"


def test_undeclared_bytes_are_sniffed():
    assert "très" in source("<p>Le café est très bon à Paris.</p>".encode("cp1252"))
    assert "Grüße" in source("\ufeff<p>Grüße aus Köln.</p>".encode("utf-16"))


def test_a_wrong_declaration_falls_back_to_sniffing():
    page = '<meta charset="ascii"><p>naïve café</p>'.encode("utf-8")
    assert "naïve café" in source(page)


def test_a_beautifulsoup_document_is_accepted():
    bs4 = pytest.importorskip("bs4")
    soup = bs4.BeautifulSoup(article_page(f"<p>{PROSE}</p><p>{PROSE} Two.</p>"), "html.parser")
    assert source(soup) == source(str(soup))
    assert "Two." in source(soup)


def test_xml_declaration_in_a_text_page_is_accepted():
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><p>An XHTML page.</p></body></html>'
    assert source(page) == "An XHTML page."


# -- metadata -------------------------------------------------------------------------------
def test_metadata_from_meta_tags():
    head = ("<title>Budget passes | The Example Times</title>"
            "<meta property='og:title' content='Budget passes after long debate'>"
            "<meta name='author' content='Ana  Pérez'>"
            "<meta property='article:published_time' content='2024-03-05T10:00:00+01:00'>"
            "<link rel='canonical' href='https://example.com/budget'>")
    doc = html_input.to_document(article_page(f"<p>{PROSE}</p>", head=head), config=Config())
    assert doc.metadata == {"title": "Budget passes after long debate", "author": "Ana Pérez",
                            "date": "2024-03-05", "language": "en", "url": "https://example.com/budget"}
    assert doc.input_format == "html"


def test_metadata_from_json_ld_and_time():
    head = ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "Ld title",'
            ' "author": [{"@type": "Person", "name": "Jo Doe"}], "datePublished": "2023-12-31"}]}</script>')
    body = f"<time datetime='2020-01-01'>Jan 1</time><p>{PROSE}</p>"
    meta = html_input.to_document(article_page(body, head=head), config=Config()).metadata
    assert (meta["title"], meta["author"], meta["date"]) == ("Ld title", "Jo Doe", "2023-12-31")


def test_metadata_from_microdata_and_rel_author():
    body = (f"<span itemprop='author' itemscope><span itemprop='name'>Kim Lee</span></span>"
            f"<meta itemprop='datePublished' content='2022-07-09'><p>{PROSE}</p>")
    meta = html_input.to_document(article_page(body), config=Config()).metadata
    assert (meta["author"], meta["date"]) == ("Kim Lee", "2022-07-09")
    meta = html_input.to_document(article_page(f"<a rel='author' href='/a'>By Sam Roe</a><p>{PROSE}</p>"),
                                  config=Config()).metadata
    assert meta["author"] == "Sam Roe"


def test_broken_json_ld_and_missing_metadata_are_harmless():
    head = '<script type="application/ld+json">{"headline": </script>'
    meta = html_input.to_document(f"<html><head>{head}</head><body><p>x</p></body></html>", config=Config()).metadata
    assert meta == {}


# -- blocks ---------------------------------------------------------------------------------
def test_no_words_glue_across_elements():
    page = ("<div>alpha</div><div>beta</div><p>gamma<br>delta</p><ul><li>epsilon</li><li>zeta</li></ul>"
            "<table><tr><td>eta</td><td>theta</td></tr><tr><th>iota</th><td>kappa</td></tr></table>"
            "<h2>lambda</h2>mu<span>nu</span>")
    text = source(page)
    for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                 "lambda"):
        assert f" {word} " in " " + text.replace("\n", " ") + " ", word
    assert "munu" in text   # inline elements do join, as a browser shows them


def test_block_boundaries_and_data_rows():
    text = source("<p>one<br>two</p><p>three</p><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>")
    assert text == "one\ntwo\n\nthree\n\na b\n\nc"


def test_never_text_is_dropped():
    page = article_page(
        f"<p>{PROSE}</p><script>var tracking = 1;</script><style>p {{color: red}}</style>"
        "<noscript>Enable JavaScript</noscript><template><p>Template text</p></template>"
        "<svg><text>Vector text</text></svg><iframe>Frame text</iframe>"
        "<form><label>Email</label><input name=e><button>Sign up</button> Get our newsletter</form>"
        "<div style='display: none'>Hidden text</div><div hidden>Also hidden</div>")
    text = source(page)
    assert PROSE in text
    for gone in ("tracking", "color", "JavaScript", "Template", "Vector", "Frame", "Email", "Sign up",
                 "newsletter", "Hidden", "hidden"):
        assert gone not in text


def test_page_wrapped_in_one_form_keeps_its_article():
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(20))
    page = f"<html><body><form id='aspnetForm'><input type=hidden name=v>{body}</form></body></html>"
    assert "Paragraph 19." in source(page)


def test_pre_and_code_are_verbatim():
    code = "def f(x):\n    return  x * 2\n\n\nprint(f(2))"
    page = article_page(f"<p>{PROSE}</p><pre><code>{code}</code></pre><p>{PROSE} Again.</p>")
    text = source(page)
    assert "def f(x):\n    return  x * 2\n" in text
    assert "print(f(2))" in text


def test_escaped_markup_shown_as_text_is_dropped():
    page = article_page(f"<p>{PROSE}</p><div>&lt;img src=\"x.gif\" width=\"1\"&gt;</div>")
    assert "<img" not in source(page)


# -- the article and the furniture ----------------------------------------------------------
def test_navigation_sidebar_and_footer_are_left_out():
    body = "<h1>Budget passes</h1>" + "".join(f"<p>{PROSE} Point {i}.</p>" for i in range(4))
    text = source(article_page(body))
    assert text.startswith(PROSE)
    assert "Point 3." in text
    for gone in ("Section 1", "Most read", "Another story", "All rights reserved", "Budget passes"):
        assert gone not in text


@pytest.mark.parametrize("name, words", [
    ("en", ["share-buttons", "related-posts", "newsletter-signup", "comments", "cookie-banner",
            "breadcrumb", "byline", "author-box", "wp-caption", "site-footer", "ad-slot", "promo"]),
    ("es", ["compartir", "articulos-relacionados", "suscripcion", "comentarios", "publicidad", "migas"]),
    ("fr", ["partager", "articles-similaires", "abonnement", "commentaires", "publicite", "fil-ariane"]),
    ("de", ["teilen", "verwandte-artikel", "abonnieren", "kommentare", "werbung", "brotkrumen"]),
    ("pt", ["compartilhar", "noticias-relacionadas", "assine", "comentarios", "publicidade", "rodape"]),
    ("it", ["condividi", "articoli-correlati", "iscriviti", "commenti", "pubblicita", "briciole"]),
])
def test_class_vocabulary_marks_furniture_in_six_languages(name, words):
    widgets = "".join(f"<div class='{w}'><p>Widget text number {i} that is long enough to count as a "
                      f"paragraph of prose, with a full stop.</p></div>" for i, w in enumerate(words))
    body = "".join(f"<p>{PROSE} Point {i}.</p>" for i in range(5)) + widgets
    text = source(article_page(body))
    assert "Point 4." in text
    assert "Widget text" not in text, name


def test_vocabulary_is_read_by_word_not_by_substring():
    for harmless in ("header-image", "download", "shadow", "loaded", "navy", "badge"):
        assert html_input.boilerplate_word(html_input.class_tokens(harmless)) is None, harmless
    assert html_input.boilerplate_word(html_input.class_tokens("postShareBar")) == "share"
    # a wrapper describing its layout, or naming the article body, is not furniture
    assert html_input.boilerplate_word(html_input.class_tokens("content-with-sidebar")) is None
    assert html_input.boilerplate_word(html_input.class_tokens("article-body ads-inline")) is None


def test_a_misleading_wrapper_class_does_not_hide_the_article():
    body = "".join(f"<p>{PROSE} Point {i}.</p>" for i in range(6))
    page = f"<html><body><div class='comments-enabled layout'><div>{body}</div></div></body></html>"
    assert "Point 5." in source(page)


def test_link_lists_inside_the_article_are_left_out():
    links = "<ul>" + "".join(f"<li><a href='/{i}'>Read also: story {i}</a></li>" for i in range(5)) + "</ul>"
    body = f"<p>{PROSE} One.</p>{links}<p>{PROSE} Two.</p>"
    text = source(article_page(body))
    assert "Two." in text and "Read also" not in text


def test_teasers_of_other_articles_are_not_the_article():
    article = "".join(f"<p>{PROSE} Point {i}.</p>" for i in range(6))
    teasers = "".join(f"<div class='card'><h3><a href='/t{i}'>Other headline number {i}</a></h3>"
                      f"<p>A summary of another story, long enough to look like prose, number {i}.</p></div>"
                      for i in range(8))
    page = f"<html><body><div><div>{article}</div><div>{teasers}</div></div></body></html>"
    text = source(page)
    assert "Point 5." in text
    assert "summary of another story" not in text


def test_headings_that_link_to_themselves_stay_and_linked_headlines_go():
    body = "".join(f"<h2 id='s{i}'><a href='#s{i}'>Section heading {i}</a></h2><p>{PROSE} Point {i}.</p>"
                   for i in range(4))
    body += "<div class='card'><h4><a href='/other'>A headline of another story</a></h4></div>"
    text = source(article_page(body))
    assert "Section heading 0" in text and "Point 0." in text and "Point 3." in text
    assert "another story" not in text


def test_a_named_article_body_is_kept_whole():
    part = "".join(f"<p>{PROSE} First {i}.</p>" for i in range(3))
    links = "<ul>" + "".join(f"<li><a href='/{i}'>Link {i}</a></li>" for i in range(30)) + "</ul>"
    rest = "".join(f"<p>{PROSE} Second {i}.</p>" for i in range(2))
    page = f"<html><body><div class='entry-content'><div>{part}</div>{links}<div>{rest}</div></div></body></html>"
    text = source(page)
    assert "First 0." in text and "Second 1." in text


def test_an_article_cut_in_two_is_taken_whole():
    first = "".join(f"<p>{PROSE} First {i}.</p>" for i in range(4))
    embed = "<div><p>" + " ".join(f"<a href='/{i}'>Person {i}</a>" for i in range(80)) + "</p></div>"
    second = "".join(f"<p>{PROSE} Second {i}.</p>" for i in range(3))
    page = f"<html><body><div class='x'><div>{first}</div>{embed}<div>{second}</div></div></body></html>"
    text = source(page)
    assert "First 0." in text and "Second 2." in text and "Person 3" not in text


def test_the_headline_is_metadata_not_body():
    doc = html_input.to_document(article_page(f"<h1>Budget passes</h1><p>{PROSE}</p><h2>Schools</h2><p>{PROSE}</p>",
                                              head="<title>Budget passes</title>"), config=Config())
    assert "Budget passes" not in doc.source
    assert "Schools" in doc.source
    assert doc.metadata["title"] == "Budget passes"


def test_describe_gives_each_block_its_evidence_and_decision():
    body = "<h1>Budget passes</h1>" + "".join(f"<p>{PROSE} Point {i}.</p>" for i in range(3))
    rows = html_input.describe(article_page(body + "<div class='share-bar'><p>Share this story with friends "
                                                   "and family, or on your favourite network.</p></div>"))
    by_text = {row["text"]: row for row in rows}
    assert by_text["Budget passes"]["reason"] == "the headline (metadata.title)"
    assert by_text[f"{PROSE} Point 0."]["kept"]
    assert by_text["Section 1"]["reason"] == "outside the article container"
    assert by_text["Section 1"]["furniture"] == "nav"
    share = next(row for row in rows if row["text"].startswith("Share this story"))
    assert share["reason"] == "page furniture (class:share)" and not share["kept"]
    kept = [row["text"] for row in rows if row["kept"]]
    assert "\n\n".join(kept) == source(article_page(body))


def test_a_page_without_prose_keeps_its_text():
    assert source("<p>a <b>bold <i>mix</b> of</i> tags <p>and <div>un</p>closed</span>") == \
        "a bold mix of tags\n\nand\n\nunclosed"


# -- hostile input --------------------------------------------------------------------------
@pytest.mark.parametrize("open_tag, close_tag", [
    ("<div>", "</div>"), ("<span>", "</span>"), ("<ul><li>", "</li></ul>"),
    ("<table><tr><td>", "</td></tr></table>"), ("<blockquote>", "</blockquote>"),
])
def test_ten_thousand_levels_of_nesting(open_tag, close_tag):
    page = ("<html><body>" + open_tag * 10_000 + f"<p>{PROSE} Deep.</p>" + close_tag * 10_000
            + f"<p>{PROSE} After.</p></body></html>")
    text = source(page)
    assert "Deep." in text and "After." in text


def test_unclosed_tags_by_the_thousand():
    page = "<html><body>" + "<div><p><b><i>" * 5_000 + f"{PROSE} End."
    assert "End." in source(page)


@pytest.mark.parametrize("data", [b"", b"   ", "", "<", "<html", "</p></div>", "<<<>>>", "&#0;&#xD800;&bogus;",
                                  "<p>\x00\x01\x02 text</p>", "plain words only", "<p>caf\udce9</p>"],
                         ids=range(11))
def test_malformed_input_does_not_crash(data):
    result = cleaner.Cleaner().clean_html(data)
    assert isinstance(result.text, str)


def test_binary_input_fails_as_plain_text_does():
    with pytest.raises(decode.DecodeError):
        cleaner.Cleaner().clean_html(bytes(range(1, 256)) * 20)


def test_fifty_megabytes_of_html():
    paragraph = f"<p>{PROSE}</p>"
    page = "<html><body><div>" + paragraph * (50_000_000 // len(paragraph)) + "</div></body></html>"
    assert len(page) > 49_000_000
    text = source(page, max_document_chars=60_000_000)
    assert text.count(PROSE) == 50_000_000 // len(paragraph)


def test_a_page_longer_than_the_limit_is_cut_with_a_warning():
    page = "<html><body>" + f"<p>{PROSE}</p>" * 1000 + "</body></html>"
    doc = html_input.to_document(page, config=Config(max_document_chars=10_000))
    assert 0 < len(doc.source) < 10_000
    assert [w.kind for w in doc.warnings] == ["input_truncated"]


# -- through the pipeline and the command line ----------------------------------------------
def test_clean_html_runs_the_text_stages_and_is_deterministic():
    page = article_page("<p>Share this article</p>" + "".join(f"<p>{PROSE} Point {i}.</p>" for i in range(3)),
                        head="<title>Budget</title>")
    first = cleaner.Cleaner().clean_html(page)
    assert first.text.startswith(PROSE)
    assert first.input_format == "html"
    assert first.to_dict()["offsets"] == "extracted_text"
    assert first.metadata["title"] == "Budget"
    assert cleaner.Cleaner().clean_html(page.encode("utf-8")).to_dict() == first.to_dict()


def test_jsonl_records_with_html_are_read_as_pages():
    page = article_page("".join(f"<p>{PROSE} Point {i}.</p>" for i in range(3)))
    out = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--input-format", "jsonl", "--format", "jsonl"],
                         input=json.dumps({"id": "x", "html": page}) + "\n", capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["id"] == "x" and record["html"] == page
    assert record["text"].startswith(PROSE) and "Section 1" not in record["text"]
