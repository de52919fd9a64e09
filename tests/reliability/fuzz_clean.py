"""A fuzz target for the text, bytes and HTML paths, driven by hypothesis.

Under pytest (test_fuzz.py) it runs a bounded number of examples, the same on every run
(derandomized), so CI stays fast and reproducible. For a longer hunt, run it directly:

    PYTHONPATH=. python -m tests.reliability.fuzz_clean --seconds 600

which explores with fresh randomness until the time is up and prints any failing input.
A crash found either way becomes a regression case in hostile.py.

What must hold for every input: cleaning returns (or, for bytes that are not text, raises
DecodeError with a message); the output is canonical; the report replays to the output;
removals are spans of the source; and (fuzz_idempotence) cleaning the output again
changes nothing, with the known limits the README names (each pinned as an expected
failure in test_fuzz.py or tests/test_properties.py), past which (fuzz_fixed_point) a
third cleaning changes nothing.
"""
from __future__ import annotations

import argparse
import time

from hypothesis import strategies as st

import cleaner
from cleaner import render
from cleaner.decode import DecodeError

# Pieces that reach the odd corners: boilerplate phrases, metadata, markup, damage, scripts.
PIECES = [
    "Got a tip? Send it to tips@example.com", "All rights reserved.", "Leave a Reply", "Share this:",
    "Subscribe to our newsletter", "Photo: Getty Images", "By Jane Doe", "Jane Doe", "date 2025-07-01",
    "July 1, 2025", "Related articles", "Cookie settings", "Privacy Policy | Terms of Use", "Home",
    "— he said,", "“We are here,”", "a failed merger with , leaving", "EVXL.codonde", "Q&A",
    "Ã©", "â€™", "Â ", "\ufffd", "\x00", "\x1b[31m", "\u00ad", "\u200b", "\u202e", "\u0301" * 5,
    "\ud800", "\udfff", "\r\n", "\r", "\u2028", "\u0085", "\t", "\u00a0", "\u3000", "  " * 9,
    "<p>", "</p>", "<br>", "<!--", "-->", "<script>", "&amp;", "&nbsp;", "<pre>  x  </pre>",
    "שלום", "مرحبا", "日本語のテキスト。", "Ελληνικά", "हिन्दी", "👩‍👩‍👧", "ＡＢＣ",
    "- item", "1. first", "| cell |", "word-", "\n", "\n\n", "\n\n\n", " ", ".", ",", "?", "!",
    "(", ")", "[", "\"", "'", ":", ";", "Mr.", "e.g.", "A.", "the", "a", "of", "with",
]

texts = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(codec=None, categories=None), max_size=200),   # surrogates included
    st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join),
)
raw_bytes = st.one_of(
    st.binary(max_size=400),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
    texts.map(lambda t: t.encode("utf-16-le", "surrogatepass")),
    texts.map(lambda t: t.encode("cp1252", "replace")),
    st.tuples(texts, st.binary(max_size=20)).map(lambda p: p[0].encode("utf-8", "surrogatepass") + p[1]),
)
pages = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(
    ["<html>", "<body>", "<div>", "</div>", "<nav>", "</nav>", "<footer>", "<article>", "<h1>", "</h1>",
     "<a href='x'>", "</a>", "<li>", "<table><tr><td>", "</td></tr></table>", "<svg>", "<![CDATA[x]]>",
     "<p class='newsletter'>", "<meta charset='utf-8'>", "<title>", "</title>"])), max_size=80).map("".join)

CLEANER = cleaner.Cleaner()


def check(result) -> None:
    """Everything that must hold for any result."""
    from reliability.helpers import assert_canonical
    assert_canonical(result.text)
    assert render.canonical(render.apply_edits(result.source, result.removed, result.repairs)) == result.text
    spans = sorted((r.start, r.end) for r in result.removed)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "removals overlap"
    for r in result.removed:
        assert 0 <= r.start < r.end <= len(result.source) and result.source[r.start:r.end] == r.text


def fuzz_text(text: str) -> None:
    check(CLEANER.clean(text))


def fuzz_idempotence(text: str) -> None:
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once


def fuzz_fixed_point(text: str) -> None:
    """Cleaning reaches a fixed point by the second time: where one of idempotence's known
    limits bites (a line judged by neighbours the guard restored, or by text a later stage
    changes), one more cleaning settles it."""
    twice = CLEANER.clean(CLEANER.clean(text).text).text
    assert CLEANER.clean(twice).text == twice


def fuzz_bytes(data: bytes) -> None:
    try:
        result = CLEANER.clean(data)
    except DecodeError as e:
        assert str(e)
        return
    check(result)


def fuzz_html(page: str) -> None:
    check(CLEANER.clean_html(page))
    try:
        result = CLEANER.clean_html(page.encode("utf-8", "surrogatepass"))
    except DecodeError as e:   # a lone surrogate makes invalid UTF-8: then it is judged as bytes
        assert str(e)
        return
    check(result)


TARGETS = {"text": (fuzz_text, texts), "bytes": (fuzz_bytes, raw_bytes), "html": (fuzz_html, pages),
           "idempotence": (fuzz_idempotence, texts), "fixed_point": (fuzz_fixed_point, texts)}


def main() -> int:
    """Run every target with fresh randomness for the given time; report the first failure."""
    import sys
    from pathlib import Path

    from hypothesis import HealthCheck, given, settings

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (all targets together)")
    parser.add_argument("--targets", default="text,bytes,html",
                        help=f"comma-separated, from {', '.join(TARGETS)} (default: text,bytes,html)")
    args = parser.parse_args()
    chosen = {name: TARGETS[name] for name in args.targets.split(",")}
    deadline = time.monotonic() + args.seconds
    rounds = 0
    while time.monotonic() < deadline:
        for name, (target, strategy) in chosen.items():
            run = settings(max_examples=200, deadline=None, database=None,
                           suppress_health_check=list(HealthCheck))(given(strategy)(target))
            run()
        rounds += 1
    print(f"fuzzed {rounds} rounds of {len(chosen)} targets x 200 examples: no failure")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
