"""The fuzz target's bounded CI run: a fixed number of derandomized examples per path."""
import pytest
from hypothesis import HealthCheck, given, settings

from reliability.fuzz_clean import (CLEANER, fuzz_bytes, fuzz_fixed_point, fuzz_html, fuzz_idempotence,
                                    fuzz_text, pages, raw_bytes, texts)

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


@BOUNDED
@given(texts)
def test_fuzz_reaches_a_fixed_point(text):
    fuzz_fixed_point(text)


@pytest.mark.xfail(strict=True, reason=(
    "known limit: the structural pass and the fragment policy judge a line by its removed "
    "neighbours; when the over-removal guard restores text, a second cleaning sees other "
    "neighbours (this text cleans to two lines, then to one)"))
def test_known_idempotence_limit():
    fuzz_idempotence("By Jane Doe Leave a Reply \r\n שלום \r\n Got a tip? Send it to tips@example.com")


def test_a_byline_behind_boilerplate_is_idempotent():
    once = CLEANER.clean("All rights reserved. By Jane Doe").text
    assert CLEANER.clean(once).text == once
