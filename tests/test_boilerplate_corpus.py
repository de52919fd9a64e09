"""Corpus mode: a line table learned from a batch drops lines recurring across a site."""
from cleaner import decode, segment
from cleaner.corpus import LineTable, drop_recurring_lines, site_of

FOOTER = "Example Daily is published by Example Media Group, Springfield"


def docs(n):
    for i in range(n):
        yield (f"Story number {i} tells what happened on day {i} in the town hall meeting.\n\n"
               f"Related:\n\n{FOOTER}\n", f"https://www.example.com/story/{i}")


def test_site_of():
    assert site_of("https://www.example.com/a/b") == "example.com"
    assert site_of(None) == "*"


def test_recurring_footer_is_dropped_article_line_kept(tmp_path):
    table = LineTable.learn(docs(10))
    path = tmp_path / "lines.json"
    table.save(path)
    loaded = LineTable.load(path)
    assert FOOTER not in path.read_text()          # hashes only, no text
    doc = decode.run("A new story about the bridge that opened today in the valley.\n\n" + FOOTER + "\n",
                     max_chars=10**6)
    segment.run(doc)
    assert drop_recurring_lines(doc, loaded, "example.com") == 1
    assert doc.is_removed(doc.source.index(FOOTER), len(doc.source.rstrip()))
    assert not doc.is_removed(0, 10)


def test_too_few_documents_drop_nothing():
    table = LineTable.learn(docs(3))
    assert not table.is_recurring(FOOTER, "example.com")


def test_other_sites_are_not_affected():
    table = LineTable.learn(docs(10))
    assert table.is_recurring(FOOTER, "example.com")
    assert not table.is_recurring(FOOTER, "other.org")


def test_cleaner_applies_a_table_from_the_config(tmp_path):
    from cleaner import Cleaner
    from cleaner.config import Config
    path = tmp_path / "lines.json"
    LineTable.learn(docs(10)).save(path)
    config = Config(line_table=str(path))
    text = "A new story about the bridge that opened today in the valley.\n\n" + FOOTER + "\n"
    result = Cleaner(config).clean(text, url="https://www.example.com/news/bridge")
    assert FOOTER not in result.text and "bridge that opened" in result.text
    assert result.metadata["url"] == "https://www.example.com/news/bridge"
    assert any(r.rule == "boilerplate.recurring_line" for r in result.removed)
    # the table speaks of example.com only: a page of another site keeps the line
    assert FOOTER in Cleaner(config).clean(text, url="https://other.org/a").text


def test_a_bad_line_table_fails_when_the_cleaner_is_built(tmp_path):
    import pytest
    from cleaner import Cleaner
    from cleaner.config import Config
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 99}')
    with pytest.raises(ValueError, match="not a cleaner line table"):
        Cleaner(Config(line_table=str(bad)))
