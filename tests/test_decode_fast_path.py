"""decode.normalize answers "nothing to do" from one scan (is_canonical) for most pages; the
answer must be the one its passes give. Checked on ftfy's collection of real mojibake, on
page text broken the usual ways, and on text built from the characters each fix acts on."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from hypothesis import given, settings, strategies as st

from cleaner import decode

HERE = Path(__file__).resolve().parent
PAGES = next((p for p in (HERE.parent.parent / "shared" / "data" / "dev" / "page-text.jsonl",
                          HERE.parent.parent.parent / "shared" / "data" / "dev" / "page-text.jsonl")
              if p.exists()), None)


def _same_as_the_passes(text: str) -> bool:
    return decode.normalize(text) == decode._normalize_passes(text, None)


def test_real_mojibake():
    cases = json.loads((HERE / "data" / "ftfy_test_cases.json").read_text(encoding="utf-8"))
    texts = [case["original"] for case in cases] + [case.get("fixed-encoding", "") for case in cases]
    assert [t for t in texts if not _same_as_the_passes(t)] == []


def test_page_text_as_it_is_and_broken():
    if PAGES is None:
        return
    texts = []
    for line in PAGES.read_text(encoding="utf-8").splitlines()[:40]:
        page = json.loads(line)["text"]
        texts += [page, unicodedata.normalize("NFD", page), page.encode("utf-8").decode("latin-1"),
                  page.replace("\n", "\r\n"), page.replace(" ", "\u00a0", 3)]
    assert [t[:80] for t in texts if not _same_as_the_passes(t)] == []
    assert sum(decode.is_canonical(t) for t in texts) >= 20   # the fast answer is the usual one


# The characters the fixes act on, those that ftfy's detector reads, and plain text.
PIECES = st.sampled_from([
    "a", "b", " ", "  ", " " * 17, "\n", "\r", "\r\n", "\t", "\u00a0", "\u2028", "\u0085", "\x0b",
    "\x07", "\x1b[31m", "\x93", "\u00ad", "\u200b", "\ufeff", "\u202e", "e\u0301", "é", "’", "”",
    "“", "—", "Ã", "Â", "©", "Œ", "œ", "Ð", "Ñ", "Р", "у", "â€™", "Ã©", "\ud800", "\ufffd", "日本",
])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_built_text(text):
    assert _same_as_the_passes(text)


def test_canonical_text_is_recognized():
    assert decode.is_canonical("Naïve café, résumé — “quoted” ’tis, São Paulo.\n\nКраков, 日本語")
    assert not decode.is_canonical("a\u00a0b") and not decode.is_canonical("cafÃ©")
    assert not decode.is_canonical("e\u0301") and not decode.is_canonical("a" + " " * 17 + "b")


def _damaged_texts() -> list[str]:
    cases = json.loads((HERE / "data" / "ftfy_test_cases.json").read_text(encoding="utf-8"))
    lines = [case["original"] for case in cases]
    # damaged lines among clean ones, with the line breaks ftfy unifies
    texts = ["\n".join(lines[i:i + 5]) + "\nA clean line, “quoted”.\r\nAnother one\u2028end" for i in range(0, len(lines), 5)]
    if PAGES is not None:
        for line in PAGES.read_text(encoding="utf-8").splitlines()[:20]:
            page = json.loads(line)["text"]
            broken = page.split("\n")
            broken[len(broken) // 2] = broken[len(broken) // 2].encode("utf-8").decode("latin-1")
            texts.append("\n".join(broken))
    return texts


def test_ftfy_on_the_damaged_lines_alone_gives_ftfys_output():
    texts = _damaged_texts()
    assert [t[:60] for t in texts if decode._fix_encoding(t, None) != decode.ftfy.fix_text(t, decode._FTFY_CONFIG)] == []


def test_ftfy_leaves_an_undamaged_segment_as_described():
    for text in _damaged_texts():
        for segment in text.splitlines(keepends=True):
            if not decode.shows_damage(segment):
                assert decode.ftfy.fix_text(segment, decode._FTFY_CONFIG) == decode._undamaged_segment(segment)


def test_past_the_window_limit_the_whole_text_is_read():
    """Past _MAX_WINDOWS hints is_canonical reads the rest of the text at once; a fix
    character or damage after them still counts."""
    many = "Привет мир, ёлка. " * (decode._MAX_WINDOWS // 2)
    assert decode.is_canonical(many)
    for tail in ("\u200b", "\r\n", "cafÃ© au lait", "\x93quoted\x94", "a" + " " * 17 + "b"):
        assert not decode.is_canonical(many + tail)
        assert _same_as_the_passes(many + tail)


def _canonical_characters_by_every_substitution(text: str) -> str:
    text = decode._CONTROL.sub("", decode._ODD_SPACES.sub(" ", decode._INVISIBLE.sub("", text)))
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_canonical_characters_run_only_the_substitutions_with_work(text):
    assert decode.canonical_characters(text) == _canonical_characters_by_every_substitution(text)


LINES = st.lists(st.lists(PIECES, max_size=8).map("".join), max_size=12).map("\n".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(LINES)
def test_ftfy_on_the_lines_a_scan_points_at_gives_what_a_look_at_every_line_gives(text):
    """The lines between damage signs and mojibake hints, treated in one piece, come out as
    they do line by line; so does the whole (ftfy.fix_text's output)."""
    assert decode._fix_encoding(text, None) == decode._fix_encoding_by_segment(text, None)


def test_ftfy_on_a_page_with_one_damaged_line():
    clean = "A clean line, “quoted”, naïve.\n" * 50
    for damage in ("cafÃ© au lait", "\x93quoted\x94", "\ufeffBOM", "e\u0301 and Ã©"):
        text = clean + damage + "\n" + clean + "last"
        assert decode._fix_encoding(text, None) == decode.ftfy.fix_text(text, decode._FTFY_CONFIG)


def test_every_damage_sign_is_a_character_a_fix_changes():
    """_normalize_once looks for damage signs among the characters a fix changes."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    signs = set(decode._DAMAGE_SIGN.findall(everything))
    assert signs and signs <= set(decode._CHANGED_BY_A_FIX_RE.findall(everything))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_a_pass_without_ftfy_leaves_no_damage_sign(text):
    """Only ftfy can leave a damage sign: a pass that says so holds none."""
    fixed, _, may_hold_signs = decode._normalize_once(text, None)
    assert may_hold_signs or not decode._DAMAGE_SIGN.search(fixed)
