"""The over-removal guard: never return a gutted text without saying so."""
import cleaner


BOILERPLATE_ONLY = "Share this article\n\nFollow us on Twitter\n\nAll rights reserved.\n\nLeave a Reply"


def test_all_boilerplate_document_keeps_text_and_warns():
    result = cleaner.clean(BOILERPLATE_ONLY)
    assert result.text.strip(), "the guard must not return an empty text"
    assert any(w.kind == "over_removal_guard" for w in result.warnings)


def test_guard_threshold_is_configurable():
    result = cleaner.Cleaner(cleaner.Config(max_removed_share=1.0)).clean(BOILERPLATE_ONLY)
    assert result.text == ""
    assert not result.warnings


def test_guard_quiet_on_a_normal_page():
    text = ("The plant will close in May, the company said on Tuesday, ending a century of production.\n\n"
            "Workers were told in a meeting that morning.\n\nShare this article")
    result = cleaner.clean(text)
    assert "Share this article" not in result.text
    assert not any(w.kind == "over_removal_guard" for w in result.warnings)
