"""The canonical form, as a table of inputs and outputs, including what must not change."""
import pytest

import cleaner
from cleaner import decode, render


@pytest.mark.parametrize("raw, expected", [
    ("Hello world.", "Hello world.\n"),
    ("\n\n  Title  \n\n\n\nBody   text. \n\n", "Title\n\nBody text.\n"),
    ("line one\nline two", "line one\nline two\n"),
    ("a\u00a0b\u2009c\u202fd", "a b c d\n"),                       # odd spaces become plain
    ("zero\u200bwidth soft\u00adhyphen\ufeff", "zerowidth softhyphen\n"),
    ("caf\u0065\u0301", "caf\u00e9\n"),                             # NFC
    ("cafÃ© and Ã¼ber", "café and über\n"),                         # mojibake repaired
    ("crlf\r\nline\rend", "crlf\nline\nend\n"),
    ("tab\tseparated", "tab separated\n"),
    ("bell\x07 and nul\x00", "bell and nul\n"),
    ("", ""),
    ("   \n\n \t ", ""),
])
def test_canonical_form(raw, expected):
    assert cleaner.clean(raw).text == expected


@pytest.mark.parametrize("kept", [
    "“Curly quotes” and ‘single’ stay.",
    "Dashes—em and en–dash stay.",
    "Full-width ＡＢＣ and the ideographic　space stay.",
    "Ligatures like ﬁ stay.",
    "مرحبا بالعالم",
    "ZWJ in emoji 👩\u200d💻 stays.",
    "I got an A- on the test.",
    "Price: $4.50 (approx. 3.9 EUR).",
])
def test_meaningful_characters_are_kept(kept):
    assert cleaner.clean(kept).text == kept + "\n"


def test_ascii_folding_only_on_request():
    text = "“Quoted” — dash"
    assert cleaner.Cleaner(cleaner.Config(ascii_fold=True)).clean(text).text == '"Quoted" - dash\n'


def test_canonical_is_idempotent_on_its_output():
    text = render.canonical(" a  b \n\n\n c ")
    assert render.canonical(text) == text


@pytest.mark.parametrize("data, expected", [
    ("café".encode("utf-8"), "café"),
    ("café".encode("utf-16"), "café"),
    ("café".encode("utf-8-sig"), "café"),
    ("café “x”".encode("cp1252"), "café “x”"),
    ("café".encode("latin-1"), "café"),
])
def test_bytes_are_decoded(data, expected):
    assert cleaner.clean(data).text == expected + "\n"


def test_binary_input_is_a_clear_error():
    with pytest.raises(decode.DecodeError, match="binary"):
        cleaner.clean(bytes(range(256)) * 20)


def test_utf16_without_bom_is_detected():
    assert cleaner.clean("plain words here".encode("utf-16-le")).text == "plain words here\n"


@pytest.mark.parametrize("raw", ["\xadÂ\x80", "Ã\xad\xadÂ\x80x", "cafÃƒÂ©"])
def test_decode_reaches_a_fixed_point(raw):
    once = cleaner.clean(raw).text
    assert cleaner.clean(once).text == once


@pytest.mark.parametrize("raw", ["Ä\x1f\x9c", "Äœ", "word Äœ"])
def test_mojibake_at_the_end_is_repaired_as_the_output_ends(raw):
    # ftfy leaves "Äœ" at the very end of a text but repairs "Äœ\n"; clean text ends with a
    # line break, so the first cleaning must already repair it
    once = cleaner.clean(raw).text
    assert "Ĝ" in once
    assert cleaner.clean(once).text == once
