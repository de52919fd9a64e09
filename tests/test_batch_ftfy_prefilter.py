"""The decode stage runs ftfy only where the text shows damage: the output must be the same
as running ftfy on everything. Checked on ftfy's own collection of real mojibake
(tests/data/ftfy_test_cases.json, from ftfy 6.3.1's test suite, Apache-2.0) and on real page
text re-encoded the ways it gets broken in the wild."""
import json
import random
import unicodedata
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
import ftfy.badness
import pytest

from cleaner import decode

HERE = Path(__file__).resolve().parent
# the development data sits beside the repository (also beside a work tree's parent)
PAGES = next((p for p in (HERE.parent.parent / "shared" / "data" / "dev" / "page-text.jsonl",
                          HERE.parent.parent.parent / "shared" / "data" / "dev" / "page-text.jsonl")
              if p.exists()), HERE / "missing")
WRONG_DECODINGS = ("latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250",
                   "macroman", "cp437", "iso-8859-2")


def real_mojibake() -> list[str]:
    cases = json.loads((HERE / "data" / "ftfy_test_cases.json").read_text(encoding="utf-8"))
    texts = []
    for case in cases:
        texts += [case["original"], f"Some context first. {case['original']}\nAnd a line after."]
    return texts


def broken_page_text() -> list[str]:
    """Non-ASCII paragraphs of the development pages, as they are and misdecoded."""
    if not PAGES.exists():
        return []
    texts = []
    for line in PAGES.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)["text"]
        texts.append(page)
        for para in [p for p in page.split("\n") if not p.isascii()][:4]:
            texts.append(unicodedata.normalize("NFD", para))
            for encoding in WRONG_DECODINGS:
                try:
                    texts.append(para.encode("utf-8").decode(encoding))
                except UnicodeDecodeError:
                    continue
    return texts


EDGE_CASES = ["plain \x1b[31mred\x1b[0m text", "a\x0bb", "x\u206ay", "bom\ufeffin", "tag\U000e0041",
              "A\u0303\u00a9 decomposed mojibake", "c1 \x93quoted\x94", "lossy \ufffd here",
              "caf\u00c3\u00a9", "line\u2028sep", "cr\r\nlf", "pair \ud83d\ude00", "lone \ud800",
              "\u00c3 at the end", "Œuvre", "soeur œ.", "naïve café, résumé — “quoted” ’tis"]


def normalize_with_ftfy_everywhere(text, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(decode, "shows_damage", lambda *_, **__: True)
        m.setattr(decode, "is_canonical", lambda _: False)
        return decode.normalize(text)[0]


@pytest.mark.parametrize("source", ["real mojibake", "broken page text", "edge cases"])
def test_ftfy_only_where_damage_shows_gives_the_same_text(source, monkeypatch):
    texts = {"real mojibake": real_mojibake, "broken page text": broken_page_text,
             "edge cases": lambda: EDGE_CASES}[source]()
    if not texts:
        pytest.skip("the development pages are not beside the repository")
    differ = [t for t in texts if decode.normalize(t)[0] != normalize_with_ftfy_everywhere(t, monkeypatch)]
    assert differ == []


def test_the_real_cases_hold_damage_and_every_repaired_one_is_flagged():
    texts = real_mojibake()[::2]
    repaired = [t for t in texts
                if ftfy.fix_text(t, decode._FTFY_CONFIG) != unicodedata.normalize("NFC", t)]
    assert len(repaired) >= 100          # the corpus is mostly real damage, not clean text
    assert all(decode.shows_damage(t) for t in repaired)


def test_clean_text_does_not_pay_for_ftfy():
    assert not decode.shows_damage("Naïve café, résumé — “quoted” ’tis, São Paulo, Zürich, Kraków.")
    assert not decode.shows_damage("엘제이-류화영 진흙탕 싸움, 日本語のテキスト")


def test_windowed_search_agrees_with_ftfys_detector():
    alphabet = [chr(int(x[1:], 16)) for x in decode._ALPHABET.split("\\")[1:]]
    alphabet = [c for c in alphabet if not decode._DAMAGE_SIGN.search(c)]
    pool = alphabet + list("abcXYZ .,!?\n'\"-0123") + ["é", "’", "—", "\xa0"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(pool) if rng.random() < 0.5 else rng.choice("abcdefghij ")
                       for _ in range(rng.randint(1, 30)))
        assert decode._detector_fires(text) == ftfy.badness.is_bad(text), repr(text)


def test_plain_letters_in_a_row_are_no_sign_of_damage():
    """Text made mostly of plain letters (Cyrillic, Greek, lower-case accented Latin), with
    the characters ftfy's detector pairs with them: the hint that passes over two plain
    letters in a row misses no detection."""
    plain = sorted(decode._PLAIN_LETTERS)
    assert {"а", "я", "Ж", "α", "Ω"} <= set(plain)
    alphabet = [chr(int(x[1:], 16)) for x in decode._ALPHABET.split("\\")[1:]]
    alphabet = [c for c in alphabet if not decode._DAMAGE_SIGN.search(c)]
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(plain) if rng.random() < 0.6 else
                       rng.choice(alphabet) if rng.random() < 0.7 else rng.choice("abcXYZ .,!?\n'\"-0123")
                       for _ in range(rng.randint(1, 20)))
        assert decode._detector_fires(text) == ftfy.badness.is_bad(text), repr(text)
    assert not decode._MOJIBAKE_HINT.search("Привет, мир! Καλημέρα κόσμε.")


@pytest.mark.parametrize("pattern", ["x(?:ab|cd)", "(ab|cd)", "ab"])
def test_a_detector_shaped_otherwise_passes_no_letter_over(monkeypatch, pattern):
    """The plain letters are read from ftfy's detector pattern; an ftfy whose pattern is not
    one alternation gives none (every letter of the alphabet is then looked at), not an
    error at import."""
    import re
    monkeypatch.setattr(ftfy.badness, "BADNESS_RE", re.compile(pattern))
    assert decode._plain_letters() == set()


def test_cyrillic_and_greek_mojibake_is_still_found():
    for text in ("Привет, мир! Съешь же ещё этих мягких французских булок.", "Καλημέρα κόσμε, ξεσκεπάζω."):
        assert decode.is_canonical(text) and not decode.shows_damage(text)
        for wrong in ("cp1251", "cp1253", "latin-1"):
            broken = text.encode("utf-8").decode(wrong, errors="ignore")
            assert decode.shows_damage(broken) == ftfy.badness.is_bad(broken)
            assert decode.is_canonical(broken) == (decode.normalize(broken)[0] == broken)
