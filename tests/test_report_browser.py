"""The HTML report as a browser renders it: headless Chromium loads the page, runs its script,
and the test reads the resulting DOM. Skipped when no Chromium is installed
(Debian: apt-get install -y chromium)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import cleaner
from cleaner import explain
from conftest import SEEDS

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(name)), None)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed")


def seed_002() -> str:
    [path] = SEEDS.glob("002_*.txt")
    return path.read_text(encoding="utf-8")


def rendered_dom(page: Path, tmp_path: Path, fragment: str = "") -> BeautifulSoup:
    """The DOM after Chromium has loaded the page and run its script."""
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri() + fragment]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<body" in done.stdout, done.stderr[-2000:]
    return BeautifulSoup(done.stdout, "html.parser")


def highlighted(dom: BeautifulSoup) -> dict[str, tuple[str, str]]:
    """For each removal shown in the page: its text as rendered, and its rule."""
    shown: dict[str, list] = {}
    for span in dom.select("pre#source span.removed[data-ref]"):
        entry = shown.setdefault(span["data-ref"], ["", span["data-rule"]])
        entry[0] += span.get_text()
    return {ref: (text, rule) for ref, (text, rule) in shown.items()}


def rule_of(shown: dict[str, tuple[str, str]], snippet: str) -> str:
    rules = [rule for text, rule in shown.values() if snippet in text]
    assert rules, f"{snippet!r} is not highlighted as removed"
    return rules[0]


def test_seed_002_report_highlights_the_footer_newsletter_and_copyright(tmp_path):
    result = cleaner.clean(seed_002())
    report = explain.as_report(result)
    page = tmp_path / "002.html"
    page.write_text(explain.html_page(result, title="002"), encoding="utf-8")
    newsletter = next(i for i, r in enumerate(report["removed"]) if "Subscribe to get" in r["text"])
    dom = rendered_dom(page, tmp_path, f"#removed-{newsletter}")

    shown = highlighted(dom)
    # the page shows every removal of the report, with its rule, and nothing else
    assert sorted(shown.values()) == sorted((r["text"], r["rule"]) for r in report["removed"])
    # the Spanish footer: the sign-up heading, the author's biography and post count, the
    # comment prompt
    assert explain.family(rule_of(shown, "Descubra más de EVXL.co")) in {"newsletter", "language"}
    assert explain.family(rule_of(shown, "es redactora jefe y fundadora")) in {"author_bio", "language"}
    assert explain.family(rule_of(shown, "Artículos: 1374")) in {"author_bio", "language"}
    assert explain.family(rule_of(shown, "Dejar una respuesta")) in {"comment_prompt", "language"}
    assert explain.family(rule_of(shown, "Subscribe to get the latest posts")) == "newsletter"
    assert explain.family(rule_of(shown, "Copyright © EVXL.co 2025")) == "copyright"
    assert explain.family(rule_of(shown, "All rights reserved")) == "copyright"
    for span in dom.select("span.removed[data-rule]"):
        assert span["title"].startswith(span["data-rule"] + ": ") and span["data-reason"]
    # the article stays unmarked
    kept = "".join(node.get_text() for node in dom.select("pre#source > span.fragment")) + "".join(
        str(node) for node in dom.select_one("pre#source").find_all(string=True, recursive=False))
    assert "may sell its global headquarters in Yokohama" in kept
    # the Spanish fragments are labelled with their language
    assert "es" in [label.get_text() for label in dom.select("span.lang")]
    # the page's own script ran (the content security policy lets it) and selected the
    # decision named in the address: its rule, reason and evidence are in the details panel
    panel = dom.select_one("#details")
    assert not panel.has_attr("hidden")
    assert panel.select_one("[data-field=rule] dd").get_text() == "boilerplate.newsletter"
    assert panel.select_one("[data-field=reason] dd").get_text() == report["removed"][newsletter]["reason"]
    assert panel.select_one("[data-field=evidence] dd").get_text() == report["removed"][newsletter]["evidence"]
    # the summary counts removals by family
    families = {row["data-family"]: int(row.find_all("td")[1].get_text())
                for row in dom.select("#families tr[data-family]")}
    assert families["copyright"] == sum(explain.family(r["rule"]) == "copyright" for r in report["removed"])


def test_hostile_input_is_shown_as_text(tmp_path):
    text = ("A calm first paragraph about the hills in spring, long enough to be prose.\n\n"
            "Look: <script>alert(1)</script> <img src=x onerror=\"document.body.dataset.owned=1\"> "
            "</pre><b>bold?</b> &amp; done.\n\n"
            "Got a tip? <script>alert(2)</script> Send it to tips@example.com\n")
    page = tmp_path / "hostile.html"
    page.write_text(explain.html_page(cleaner.clean(text), title="<script>alert(3)</script>"), encoding="utf-8")
    dom = rendered_dom(page, tmp_path)
    assert len(dom.find_all("script")) == 1            # the page's own
    assert dom.find("img") is None
    assert not dom.body.has_attr("data-owned")
    source = dom.select_one("pre#source").get_text()
    assert "<script>alert(1)</script>" in source
    assert '<img src=x onerror="document.body.dataset.owned=1">' in source
    # the repair stage rewrites stray tags and entities, and the page shows each repair
    # inline (before -> after); every piece of markup must still read as text, in order
    pieces = ["</pre>", "<b>", "bold?", "</b>", "&amp;", "done."]
    positions = [source.find(p) for p in pieces]
    assert -1 not in positions and positions == sorted(positions), source
    assert dom.select_one("pre#source b") is None
    removed = " ".join(s.get_text() for s in dom.select("span.removed[data-rule]"))
    assert "<script>alert(2)</script>" in removed
    assert dom.title.get_text() == "cleaner explain: <script>alert(3)</script>"


def test_batch_report_renders_its_chart_and_links(tmp_path):
    report = explain.BatchReport(tmp_path / "report", sample_size=2)
    for n, text in enumerate([seed_002(), "Plain prose, nothing else, calm and complete.\n", "x" * 10]):
        report.add(f"doc{n}.txt", cleaner.clean(text))
    dom = rendered_dom(report.write(), tmp_path)
    bars = dom.select("#by-family svg rect")
    assert bars and all(int(bar["width"]) > 0 for bar in bars)
    assert [a["href"] for a in dom.select("#sample a")] == ["doc-0001.html", "doc-0002.html"]
    assert "3" in dom.select_one(".facts b").get_text()
