"""The structural detectors: menu runs, teaser lists, comment threads, the article region,
and the difference between a whole page and an article an extractor already isolated."""
from cleaner import Cleaner
from cleaner.config import Config
from cleaner.structure import word_weight

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the bus network, adding four routes that "
    "will connect the northern suburbs with the hospital and the university campus.",
    "Officials said the new routes would start running in March, and that fares would stay "
    "the same for at least two years while ridership is measured.",
    "Residents who spoke at the meeting welcomed the plan, though several asked why the "
    "eastern districts, where many older people live, were left out again.",
    "The mayor promised a second study of those districts before the summer, and said the "
    "council would publish the data it collects so that anyone can check it.",
]

MENU = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Travel", "Weather"]


def page(*parts: list[str]) -> str:
    return "\n\n".join("\n".join(p) for p in parts) + "\n"


def clean(text: str) -> str:
    return Cleaner().clean(text).text


def test_menu_run_is_dropped_and_article_kept():
    out = clean(page(MENU, PARAGRAPHS, MENU[:5]))
    for para in PARAGRAPHS:
        assert para in out
    assert "Politics" not in out and "Weather" not in out


def test_heading_between_paragraphs_is_kept():
    text = page(MENU, PARAGRAPHS[:2], ["What comes next"], PARAGRAPHS[2:], MENU)
    out = clean(text)
    assert "What comes next" in out
    assert "Culture" not in out


def test_teaser_list_after_article_is_dropped():
    teasers = []
    for i, title in enumerate(["Storm closes schools across the valley",
                               "Local bakery wins national bread award",
                               "New bridge opens two years late"]):
        teasers += [title, f"Read how the story unfolded over the past {i + 2} weeks in our region."]
    out = clean(page(MENU, PARAGRAPHS, teasers, MENU))
    assert PARAGRAPHS[-1] in out
    assert "Local bakery wins national bread award" not in out
    assert "New bridge opens two years late" not in out


def test_comment_thread_after_article_is_dropped():
    comments = []
    for name, remark in [("jsmith", "This is the best news the town has had in years, honestly."),
                         ("riverfan", "Why do the eastern districts always get left out of these plans?"),
                         ("mk2000", "Fares staying the same is good, but will the buses run on time?")]:
        comments += [f"{name} says:", "November 19, 2019 at 6:34 am", remark]
    out = clean(page(MENU, PARAGRAPHS, ["3 Comments"], comments))
    assert PARAGRAPHS[-1] in out
    assert "riverfan" not in out and "will the buses run on time" not in out


def test_extracted_article_keeps_its_prose_and_lists():
    """After an extractor, the text is article: short list items and headings stay."""
    items = ["- two new buses", "- four routes", "- one more depot", "- longer hours"]
    text = page(PARAGRAPHS[:2], ["The plan includes:"], items, PARAGRAPHS[2:])
    out = clean(text)
    for para in PARAGRAPHS:
        assert para in out
    for item in items:
        assert item in out


def test_title_line_survives_the_structural_pass():
    """The line the metadata stage takes as the title heads the article and stays."""
    text = page(["Council expands bus network to northern suburbs"], PARAGRAPHS)
    result = Cleaner().clean(text)
    assert "Council expands bus network" in result.text
    assert PARAGRAPHS[0] in result.text


def test_decisions_are_kept_for_explanations():
    from cleaner import pipeline
    from cleaner import boilerplate, decode, language, metadata, segment
    import time
    cleaner = Cleaner()
    doc = decode.run(page(MENU, PARAGRAPHS, MENU), max_chars=10**6)
    segment.run(doc)
    ctx = pipeline.Context(cleaner.config, cleaner.packs, time.monotonic() + 60)
    language.identify(doc, ctx)
    metadata.run(doc, ctx)
    boilerplate.run(doc, ctx)
    decisions = [d for b in doc.blocks for d in b.decisions]
    assert any("text read as a whole page" in d for d in decisions)
    assert any("first short, final drop" in d for d in decisions)
    assert any("first prose, final keep" in d for d in decisions)


def test_structure_can_be_disabled():
    text = page(MENU, PARAGRAPHS)
    out = Cleaner(Config(disable=("boilerplate.structure",))).clean(text).text
    assert "Culture" in out


def test_over_removal_guard_keeps_a_short_article_on_a_long_page():
    """A page whose article is a small part of it is not 'over-removed'."""
    menus = [MENU[:] for _ in range(40)]
    text = page(*menus, PARAGRAPHS[:2], *menus)
    result = Cleaner().clean(text)
    assert PARAGRAPHS[0] in result.text
    assert "Culture" not in result.text
    assert not any(w.kind == "over_removal_guard" for w in result.warnings)


def test_word_weight_counts_unspaced_scripts():
    assert word_weight("Gaming used to be so simple.") == 6
    assert word_weight("報道によると") == 3
