"""A catalogue of hostile and odd inputs, each with the outcome it must have.

Every case is bytes (what a file or a network read gives) and an expectation:
"clean" (canonical output, no error) or "refused" (a DecodeError: the input is not text).
The suite sends each one through the library, the command line, and JSONL records.
"""
from __future__ import annotations

import codecs
import random
import sys

CLEAN, REFUSED = "clean", "refused"


def _mojibake(text: str, layers: int) -> str:
    """Text encoded as UTF-8 and misread as cp1252 (as browsers read it: the five undefined
    bytes as C1 controls), `layers` times over."""
    import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-1252 codec
    for _ in range(layers):
        text = text.encode("utf-8").decode("sloppy-windows-1252")
    return text


def _every_category() -> str:
    """One character of every Unicode general category, many times over, with words between."""
    import unicodedata
    seen: dict[str, str] = {}
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        cat = unicodedata.category(chr(cp))
        seen.setdefault(cat, chr(cp))
    return " ".join(f"word{c}{ch}" for c, ch in sorted(seen.items())) * 20


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


ARTICLE = ("The council approved the new budget on Tuesday after a long debate. "
           "Critics said the plan leaves too little for repairs.")
BOILERPLATE = ("Got a tip? Send it to tips@example.com\n\nAll rights reserved.\n\nLeave a Reply\n\n"
               "Share this:\n\nSubscribe to our newsletter\n\nRelated articles\n\nCookie settings\n")

CASES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", CLEAN),
    "whitespace_only": (b" \t\n \r\n\x0b\x0c \n", CLEAN),
    "blank_lines_10000": (b"\n" * 10_000, CLEAN),
    "blank_lines_around_text": (b"\n" * 10_000 + ARTICLE.encode() + b"\n" * 10_000, CLEAN),
    "nul_bytes_in_text": (ARTICLE.encode().replace(b" ", b" \x00"), CLEAN),   # valid UTF-8: NULs dropped
    "nul_sprinkled": (("word " * 200).encode() + b"\x00" + ("word " * 200).encode(), CLEAN),
    "binary_random": (_random_bytes(50_000, 1), REFUSED),
    "binary_png_header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(5000, 2), REFUSED),
    "utf16_le_bom": (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), CLEAN),
    "utf16_be_bom": (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), CLEAN),
    "utf16_le_no_bom": (ARTICLE.encode("utf-16-le"), CLEAN),
    "utf16_be_no_bom": (ARTICLE.encode("utf-16-be"), CLEAN),
    "utf16_le_no_bom_cjk_mix": ("The 全角 text: 東京 and more ASCII words here".encode("utf-16-le"), CLEAN),
    "utf32_bom": (ARTICLE.encode("utf-32"), CLEAN),
    "utf8_bom": (codecs.BOM_UTF8 + ARTICLE.encode(), CLEAN),
    "latin1": ("Crème brûlée à la carte, señor. Ça coûte 5 €?".replace("€", "").encode("latin-1"), CLEAN),
    "windows_1252": ("“Smart quotes” — and an ellipsis… for 5 €.".encode("cp1252"), CLEAN),
    "mixed_utf8_and_cp1252": ("café ".encode() + "naïve “quote”".encode("cp1252"), CLEAN),
    "invalid_utf8_sequences": (b"abc \xc3\x28 def \xa0\xa1 \xf0\x28\x8c\xbc ghi \xed\xa0\x80 end", CLEAN),
    "truncated_utf8": ("Zürich ".encode() * 10 + "Zürich".encode()[:2], CLEAN),
    "mojibake_1_layer": (_mojibake("Café “déjà vu” — naïve", 1).encode(), CLEAN),
    "mojibake_2_layers": (_mojibake("Café “déjà vu” — naïve", 2).encode(), CLEAN),
    "mojibake_3_layers": (_mojibake("Café “déjà vu” — naïve", 3).encode(), CLEAN),
    "lone_surrogates_utf8": (b"a\xed\xa0\x80b\xed\xbf\xbfc", CLEAN),
    "lone_surrogates_utf16": (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b\x00", CLEAN),
    "every_unicode_category": (_every_category().encode("utf-8", "surrogatepass"), CLEAN),
    "rtl_flood": (("\u202e" * 5000 + "שלום עולם, مرحبا بالعالم " * 500 + "\u200f" * 5000).encode(), CLEAN),
    "bidi_controls_in_latin": (("abc\u202edef\u2066ghi\u2069 " * 2000).encode(), CLEAN),
    "combining_flood": (("a" + "\u0301" * 50_000 + " e" + "\u0308\u0323" * 20_000).encode(), CLEAN),
    "zalgo_words": (("h\u0335\u0321e\u0334\u0322l\u0336l\u0337o " * 5000).encode(), CLEAN),
    "zero_width_flood": (("\u200b\u200c\u200d\ufeff\u2060" * 20_000 + "text").encode(), CLEAN),
    "control_chars": (bytes(range(1, 32)).replace(b"\n", b"") * 3 + ARTICLE.encode(), CLEAN),
    "control_chars_not_utf8": (bytes(range(1, 32)) * 30 + b"\xff" + ARTICLE.encode(), REFUSED),
    "escape_sequences": (b"\x1b[31mred\x1b[0m " + ARTICLE.encode(), CLEAN),
    "all_boilerplate": (BOILERPLATE.encode(), CLEAN),
    "boilerplate_repeated": ((BOILERPLATE * 500).encode(), CLEAN),
    "long_line_spaces": (b"word" + b" " * 1_000_000 + b":", CLEAN),
    "long_line_keyword_spaces": (b"about" + b" " * 200_000 + b"!\nterms" + b" " * 200_000 + b"x", CLEAN),
    "long_line_sentences": (b"It rained. Then it stopped. " * 40_000, CLEAN),
    "long_line_keyword_sentences": (b"Intro. " + b"Copyright is law. " * 20_000, CLEAN),
    "long_line_table_cells": (b"| cell " * 150_000, CLEAN),
    "article_flood": (b"the the , with , " * 60_000, CLEAN),
    "space_before_commas": (b"word , " * 100_000, CLEAN),
    "one_char_lines": (b"a\n" * 50_000, CLEAN),
    "single_long_word": (b"x" * 2_000_000, CLEAN),
    "html_like_text": (b"<p>" * 10_000 + b"text" + b"</p>" * 10_000, CLEAN),
    "jsonish_text": (b'{"text": "\\u0000"}' * 1000, CLEAN),
    "cjk_fullwidth": (("ＡＢＣ　全角テキスト。" * 3000).encode(), CLEAN),
    "emoji_sequences": (("👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 " * 5000).encode(), CLEAN),
    "private_use_and_nonchars": (("\ue000\uf8ff\U000f0000\ufffe\uffff\U0010ffff " * 2000).encode(), CLEAN),
    "line_separators": (("line\u2028para\u2029next\u0085end\r\n" * 2000).encode(), CLEAN),
}
