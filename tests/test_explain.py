"""The explain views: pieces of the source, the terminal view, the HTML page, the batch report."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import cleaner
from cleaner import explain
from cleaner.cli import main
from cleaner.model import Fragment, Gap, Removal, Repair, Result

HOSTILE = ("A calm first paragraph about the weather in the hills this spring.\n\n"
           "Hello <script>alert(1)</script> and <img src=x onerror=alert(2)> and \"quotes\" & 'ticks'.\n\n"
           "Got a tip? Send it to tips@example.com\n")


def make_result(source: str, *, removed=(), repairs=(), fragments=(), gaps=(), warnings=()) -> Result:
    return Result(text="", source=source, language="en", metadata={}, removed=list(removed),
                  repairs=list(repairs), fragments=list(fragments), gaps=list(gaps),
                  warnings=list(warnings), version="0", config="0")


def removal(source: str, needle: str, rule: str, reason: str = "a reason", evidence: str = "") -> Removal:
    start = source.index(needle)
    return Removal(start, start + len(needle), needle, rule, reason, evidence)


# -- family and pieces ---------------------------------------------------------------------
@pytest.mark.parametrize("rule, expected", [
    ("boilerplate.newsletter", "newsletter"),
    ("boilerplate.newsletter.signup", "newsletter"),
    ("metadata.dateline", "dateline"),
    ("language.foreign_fragment", "language"),
    ("repair.quote_attribution", "repair"),
    ("custom", "custom"),
])
def test_family_is_the_concept_for_boilerplate_and_the_stage_otherwise(rule, expected):
    assert explain.family(rule) == expected


def test_pieces_cover_the_source_in_order_and_respect_every_decision():
    source = "Intro text. Sign up now!\nBody , more.\n\nHola amigos y amigas.\n"
    result = make_result(
        source,
        removed=[removal(source, "Sign up now!", "boilerplate.newsletter")],
        repairs=[Repair(source.index(" ,"), source.index(" ,") + 1, " ", "", "repair.space_before_punctuation")],
        fragments=[Fragment(source.index("Hola"), len(source) - 1, "Hola amigos y amigas.", "es", 0.99, "kept")],
        gaps=[Gap(0, 0, "missing_subject", "Intro")])
    report = explain.as_report(result)
    pieces = explain.pieces(report)
    # text and repair pieces tile the source exactly
    covered = [(p.start, p.end) for p in pieces if p.kind in ("text", "repair") and p.end > p.start]
    assert covered[0][0] == 0 and covered[-1][1] == len(source)
    assert all(a[1] == b[0] for a, b in zip(covered, covered[1:]))
    kinds = [p.kind for p in pieces]
    assert kinds[0] == "gap"
    assert kinds.index("fragment_start") < kinds.index("fragment_end")
    removed = [p for p in pieces if p.kind == "text" and p.ref is not None]
    assert [source[p.start:p.end] for p in removed] == ["Sign up now!"]
    fragment_text = "".join(source[p.start:p.end] for p in pieces if p.kind == "text" and p.fragments)
    assert fragment_text == "Hola amigos y amigas."


def test_as_report_refuses_a_report_without_its_source():
    with pytest.raises(ValueError, match="source"):
        explain.as_report(cleaner.clean("Some text.").to_dict())


# -- terminal ------------------------------------------------------------------------------
def test_plain_terminal_view_marks_removals_repairs_fragments_and_gaps():
    source = "Intro text. Sign up now!\nBody , more.\n\nHola amigos y amigas.\n"
    result = make_result(
        source,
        removed=[removal(source, "Sign up now!\n", "boilerplate.newsletter", "a sign-up prompt", "Sign up")],
        repairs=[Repair(source.index(" ,"), source.index(" ,") + 1, " ", "", "repair.space_before_punctuation")],
        fragments=[Fragment(source.index("Hola"), len(source) - 1, "Hola amigos y amigas.", "es", 0.99, "kept")],
        gaps=[Gap(0, 0, "missing_subject", "Intro")])
    view = explain.terminal(result, color=False)
    assert "\x1b" not in view
    assert "[-Sign up now!-]{1 newsletter}\n" in view      # the newline stays outside the marks
    assert "Body{␣ -> ∅}, more." in view
    assert "«es»Hola amigos y amigas.«/es»" in view
    assert "⟦gap: missing_subject⟧Intro" in view
    assert "1 boilerplate.newsletter [12:25] a sign-up prompt" in view
    assert "evidence: Sign up" in view
    assert "Legend" in view and "newsletter: 1 removed" in view


def test_colour_view_strikes_removals_in_the_family_colour():
    source = "Keep this. Sign up now!"
    result = make_result(source, removed=[removal(source, "Sign up now!", "boilerplate.newsletter")])
    view = explain.terminal(result, color=True)
    colour = explain.PALETTE[explain.family_colours(["newsletter"])["newsletter"]][0]
    assert f"\x1b[2;9;38;5;{colour}mSign up now!\x1b[0m" in view
    assert "[-" not in view


def test_terminal_view_never_passes_control_sequences_through():
    source = "Title\n\nA \x1b[2J clear-screen and a \u202e bidi override."
    view = explain.terminal(make_result(source), color=False)
    assert "\x1b" not in view and "\u202e" not in view
    assert "\\x1b[2J" in view and "\\u202e" in view


def test_use_color_respects_no_color_and_the_terminal(monkeypatch):
    class Tty:
        def isatty(self):
            return True
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert explain.use_color(Tty()) is True
    assert explain.use_color(object()) is False
    assert explain.use_color(Tty(), force=False) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert explain.use_color(Tty()) is False
    assert explain.use_color(object(), force=True) is True


def test_family_colours_are_stable_and_distinct():
    families = ["newsletter", "copyright", "author_bio", "language", "tip_line"]
    first = explain.family_colours(families)
    assert first == explain.family_colours(reversed(families))
    assert len(set(first.values())) == len(families)


# -- HTML ----------------------------------------------------------------------------------
class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text outside tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def test_html_page_escapes_hostile_input_and_loads_nothing_external():
    result = cleaner.clean(HOSTILE)
    page = explain.html_page(result, title="<b>evil</b> title")
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.elements]
    assert tags.count("script") == 1 and "img" not in tags and "b" in tags   # <b> only from our own markup
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "<b>evil</b> title" in text
    for tag, attrs in parsed.elements:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#") or "/" not in value and ":" not in value, (tag, attrs)
    policy = next(a["content"] for t, a in parsed.elements if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_html_page_highlights_each_removal_with_its_rule_reason_and_evidence():
    source = "A first paragraph of the article.\n\nSign up for the weekly briefing & more.\n"
    result = make_result(source, removed=[removal(source, "Sign up for the weekly briefing & more.",
                                                   "boilerplate.newsletter", "a sign-up prompt", "Sign up")])
    parsed = parse(explain.html_page(result))
    spans = [a for t, a in parsed.elements if "removed" in a.get("class", "").split() and "data-rule" in a]
    assert len(spans) == 1
    span = spans[0]
    assert span["data-rule"] == "boilerplate.newsletter"
    assert span["data-family"] == "newsletter"
    assert span["data-reason"] == "a sign-up prompt"
    assert span["data-evidence"] == "Sign up"
    assert span["title"].startswith("boilerplate.newsletter: a sign-up prompt")
    assert span["id"] == "removed-0"
    families = [a for t, a in parsed.elements if t == "tr" and a.get("data-family") and "data-ref" not in a]
    assert [a["data-family"] for a in families] == ["newsletter"]


def test_html_page_is_deterministic():
    result = cleaner.clean(HOSTILE)
    assert explain.html_page(result) == explain.html_page(result)


def test_bar_chart_is_inline_svg_scaled_to_the_largest_value():
    chart = explain.bar_chart([("newsletter", 200, "fam-newsletter"), ("copyright", 50, "fam-copyright")],
                              unit="chars", width=300)
    parsed = parse(chart)
    rects = [a for t, a in parsed.elements if t == "rect"]
    assert [t for t, _ in parsed.elements][0] == "svg"
    assert abs(int(rects[0]["width"]) - 4 * int(rects[1]["width"])) <= 4
    assert explain.bar_chart([], unit="chars") == ""


# -- batch report --------------------------------------------------------------------------
def test_batch_report_counts_everything_and_writes_a_sample(tmp_path):
    report = explain.BatchReport(tmp_path / "report", sample_size=2)
    texts = [HOSTILE, "Plain prose that stays as it is, sentence after sentence.\n",
             "Another calm paragraph.\n\nGot a tip? Email us at news@example.org.\n"]
    for n, text in enumerate(texts):
        report.add(f"doc{n}.txt", cleaner.clean(text), len(text.encode()))
    report.add_failure("broken.txt", "ValueError: <script>boom</script>")
    index = report.write()
    assert report.documents == 3 and report.failure_count == 1
    assert report.removals_by_rule["boilerplate.tip_line"] == 2
    assert sorted(p.name for p in index.parent.iterdir()) == ["doc-0001.html", "doc-0002.html", "index.html"]
    parsed = parse(index.read_text())
    assert any(t == "svg" for t, _ in parsed.elements)
    assert [a["href"] for t, a in parsed.elements if t == "a"] == ["doc-0001.html", "doc-0002.html"]
    assert "ValueError: <script>boom</script>" in "".join(parsed.text)
    assert [t for t, _ in parsed.elements].count("script") == 0
    sample = parse((index.parent / "doc-0001.html").read_text())
    assert ("a", {"href": "index.html"}) in sample.elements


# -- the command line ----------------------------------------------------------------------
def test_cli_explain_is_plain_when_not_a_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    doc = tmp_path / "doc.txt"
    doc.write_text(HOSTILE)
    assert main(["explain", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "[-Got a tip? Send it to tips@example.com-]{1 tip_line}" in out


def test_cli_explain_colours_on_request_unless_told_otherwise(tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text(HOSTILE)
    assert main(["explain", "--color", str(doc)]) == 0
    assert "\x1b[" in capsys.readouterr().out
    assert main(["explain", "--no-color", str(doc)]) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_cli_explain_html_writes_one_page(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(HOSTILE)
    out = tmp_path / "out.html"
    assert main(["explain", "--html", str(out), str(doc)]) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_cli_clean_report_html_writes_the_batch_report(tmp_path, capsys):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("\n".join(json.dumps({"id": n, "text": t}) for n, t in
                                enumerate([HOSTILE, "Short calm prose, nothing to remove here.\n"])) + "\n")
    assert main(["clean", str(inputs), "-o", str(tmp_path / "out.jsonl"),
                 "--report-html", str(tmp_path / "report")]) == 0
    index = tmp_path / "report" / "index.html"
    assert index.is_file() and (tmp_path / "report" / "doc-0002.html").is_file()
    assert "<b>2</b> documents cleaned" in index.read_text()
    assert str(index) in capsys.readouterr().err
