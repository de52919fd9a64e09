"""Hostile and odd input through the library: each case ends in canonical output or a
clear DecodeError, and the report stays true to its source."""
from __future__ import annotations

import pytest

import cleaner
from cleaner import render
from cleaner.decode import DecodeError
from reliability.helpers import assert_canonical
from reliability.hostile import CASES, CLEAN, REFUSED


def check_result(result) -> None:
    assert_canonical(result.text)
    # the report replays to the text, and every removal is a span of the source
    assert render.canonical(render.apply_edits(result.source, result.removed, result.repairs)) == result.text
    for r in result.removed:
        assert 0 <= r.start < r.end <= len(result.source) and result.source[r.start:r.end] == r.text
    for w in result.warnings:
        assert w.kind and w.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_bytes_give_canonical_text_or_a_clear_refusal(name, default_cleaner):
    data, expected = CASES[name]
    if expected == REFUSED:
        with pytest.raises(DecodeError, match="binary"):
            default_cleaner.clean(data)
        return
    result = default_cleaner.clean(data)
    check_result(result)
    # what was cleaned once is clean: a second pass changes nothing
    assert default_cleaner.clean(result.text).text == result.text


@pytest.mark.parametrize("name", sorted(n for n, (_, e) in CASES.items() if e == CLEAN))
def test_same_case_as_str(name, default_cleaner):
    data, _ = CASES[name]
    text = data.decode("utf-8", errors="surrogateescape")   # lone surrogates reach clean() as str
    check_result(default_cleaner.clean(text))


def test_nul_bytes_are_dropped_not_kept():
    assert "\x00" not in cleaner.clean(CASES["nul_bytes_in_text"][0]).text


def test_lone_surrogates_become_replacement_characters():
    text = cleaner.clean("a\ud800b\udfffc").text
    assert text == "a\ufffdb\ufffdc\n"


@pytest.mark.parametrize("name,fragment", [
    ("utf16_le_no_bom", "council approved"), ("utf16_be_no_bom", "council approved"),
    ("utf16_le_bom", "council approved"), ("utf16_le_no_bom_cjk_mix", "The 全角 text: 東京 and"), ("utf32_bom", "council approved"),
    ("latin1", "Crème brûlée"), ("windows_1252", "“Smart quotes” — and an ellipsis…"),
    ("mojibake_1_layer", "Café “déjà vu” — naïve"), ("mojibake_2_layers", "Café “déjà vu” — naïve"),
    ("mojibake_3_layers", "Café “déjà vu” — naïve"),
])
def test_encodings_are_read_right(name, fragment):
    result = cleaner.clean(CASES[name][0])
    assert fragment in result.text
    assert {w.kind for w in result.warnings} & {"encoding_detected", "encoding_repaired"}


def test_all_boilerplate_is_not_gutted_silently():
    result = cleaner.clean(CASES["all_boilerplate"][0])
    assert result.text or any(w.kind == "over_removal_guard" for w in result.warnings)


def test_wrong_type_is_a_clear_type_error():
    for bad in (None, 5, ["text"], {"text": "x"}):
        with pytest.raises(TypeError, match="expected str or bytes"):
            cleaner.clean(bad)


def test_html_path_takes_hostile_text_too(default_cleaner):
    for name in ("empty", "nul_bytes_in_text", "lone_surrogates_utf8", "utf16_le_bom", "rtl_flood",
                 "combining_flood", "all_boilerplate", "html_like_text", "every_unicode_category"):
        check_result(default_cleaner.clean_html(CASES[name][0]))


HOSTILE_PAGES = {
    "nested_divs": "<div>" * 100_000 + "deep text",
    "nested_inline": "<b><i>" * 50_000 + "deep text",
    "unclosed_comment": "<p>Before.</p><!-- " + "x" * 100_000,
    "many_attributes": "<p " + " ".join(f"a{i}=1" for i in range(20_000)) + ">text</p>",
    "table_flood": "<table>" + "<tr><td>cell</td></tr>" * 20_000 + "</table>",
    "entity_flood": "<p>" + "&amp;&#0;&#xD800;&#x110000;&bogus;" * 20_000 + "</p>",
    "script_only": "<script>" + "var x = 1;" * 100_000 + "</script>",
    "unclosed_tags": "<p><div><table><tr><td><ul><li>" * 5_000,
    "nul_and_surrogates": "<p>a\x00b\ud800c</p>",
    "cdata_and_pi": "<![CDATA[" + "x" * 10_000 + "<?php echo 1; ?>",
    "utf16_page": "<html><body><p>Héllo wörld, a page in UTF-16.</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PAGES))
def test_hostile_html_gives_canonical_text(name, default_cleaner):
    page = HOSTILE_PAGES[name]
    check_result(default_cleaner.clean_html(page))
    data = page.encode("utf-16") if name == "utf16_page" else page.encode("utf-8", "surrogatepass")
    try:
        check_result(default_cleaner.clean_html(data))
    except DecodeError as e:   # invalid UTF-8 full of controls is refused as binary
        assert "binary" in str(e)


def test_binary_given_as_html_is_refused(default_cleaner):
    with pytest.raises(DecodeError, match="binary"):
        default_cleaner.clean_html(CASES["binary_random"][0])
