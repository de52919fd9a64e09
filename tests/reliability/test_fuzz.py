"""The fuzz target's bounded CI run: a fixed number of derandomized examples per path."""
import pytest
from hypothesis import HealthCheck, given, settings

from reliability.fuzz_clean import (CLEANER, fuzz_bytes, fuzz_html, fuzz_idempotence, fuzz_text, pages,
                                    raw_bytes, texts)

BOUNDED = settings(max_examples=250, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


@BOUNDED
@given(texts)
def test_fuzz_text_path(text):
    fuzz_text(text)


@BOUNDED
@given(raw_bytes)
def test_fuzz_bytes_path(data):
    fuzz_bytes(data)


@settings(BOUNDED, max_examples=120)
@given(pages)
def test_fuzz_html_path(page):
    fuzz_html(page)


@pytest.mark.xfail(strict=True, reason="not idempotent: the metadata stage reads each head line as "
                                       "it stands, so a byline that followed boilerplate on its line "
                                       "is found only once the boilerplate is gone, on the second pass")
@BOUNDED
@given(texts)
def test_fuzz_idempotence(text):
    fuzz_idempotence(text)


@pytest.mark.xfail(strict=True, reason="metadata.py/boilerplate.py: 'All rights reserved. By Jane Doe' "
                                       "cleans to 'By Jane Doe', which cleans to '' (a byline, and the "
                                       "over-removal guard keeps metadata removals)")
def test_a_byline_behind_boilerplate_is_idempotent():
    once = CLEANER.clean("All rights reserved. By Jane Doe").text
    assert CLEANER.clean(once).text == once
