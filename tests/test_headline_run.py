"""The headline above an extracted article: the first lines that read as a headline go
together, or none of them, so that cleaning the output again finds no headline to drop."""
import cleaner
from conftest import PARAGRAPHS, page

CLEANER = cleaner.Cleaner()

HEADLINE = "Council expands bus network to northern suburbs"
STANDFIRST = "Four new routes will reach the hospital and the campus"
DATELINE = "5:45 AM PST 11/19/2019 by Patrick Shanley"


def removed_as_headline(result) -> list[str]:
    """The texts the headline rule removed, without their newlines."""
    return [r.text.strip() for r in result.removed if r.rule == "boilerplate.headline"]


def test_headline_and_the_lines_under_it_that_read_as_one_go_together():
    result = CLEANER.clean(page([HEADLINE, STANDFIRST, DATELINE], PARAGRAPHS))
    assert removed_as_headline(result) == [HEADLINE, STANDFIRST, DATELINE]
    assert result.text.startswith(PARAGRAPHS[0])
    assert CLEANER.clean(result.text).text == result.text


def test_a_lone_headline_above_the_article_goes():
    result = CLEANER.clean(page([HEADLINE], PARAGRAPHS[:2], PARAGRAPHS[2:]))
    assert removed_as_headline(result) == [] and result.text.startswith(HEADLINE)    # the title line
    result = CLEANER.clean(page([HEADLINE, *PARAGRAPHS[:2]], PARAGRAPHS[2:]))
    assert removed_as_headline(result) == [HEADLINE]
    assert result.text.startswith(PARAGRAPHS[0])


def test_more_headline_like_lines_than_a_headline_has_are_kept():
    """Four short lines above the prose are no headline, standfirst and dateline: a list
    or a table the extractor kept, and nothing of it goes."""
    rows = [HEADLINE, STANDFIRST, DATELINE, "Fares stay the same for at least two years"]
    result = CLEANER.clean(page(rows, PARAGRAPHS))
    assert removed_as_headline(result) == []
    assert result.text.startswith(HEADLINE + "\n")


def test_nothing_goes_when_no_article_follows_the_headline_lines():
    result = CLEANER.clean(page([HEADLINE, STANDFIRST]))
    assert removed_as_headline(result) == []


def test_a_headline_over_a_line_that_reads_as_one_is_not_dropped_one_line_per_cleaning():
    """The case the property test found: each cleaning took the next line for the headline."""
    text = "Nissan Nissan Nissan \n Nissan Nissan Nissan \n Nissan"
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once
