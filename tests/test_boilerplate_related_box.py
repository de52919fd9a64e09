"""The box of links under a related or most-read heading goes; the article around it stays."""
from cleaner import Cleaner
from cleaner.config import Config

BEFORE = [
    "The city council voted on Tuesday to expand the bus network, adding four routes that "
    "will connect the northern suburbs with the hospital and the university campus.",
    "Officials said the new routes would start running in March, and that fares would stay "
    "the same for at least two years while ridership is measured.",
]
AFTER = [
    "Residents who spoke at the meeting welcomed the plan, though several asked why the "
    "eastern districts, where many older people live, were left out again.",
    "The mayor promised a second study of those districts before the summer, and said the "
    "council would publish the data it collects so that anyone can check it.",
]
BOX = [
    "Most read in local news",
    "Bridge closed for repairs until spring",
    "Jane Doe",
    "School board names new superintendent after a long search",
    "The board chose a former principal who ran the district's largest high school for a…",
    "Museum reopens with a show of local painters",
]


def clean(text: str, config: Config | None = None) -> str:
    return Cleaner(config).clean(text).text


def test_box_under_a_heading_goes_and_the_article_resumes_after_it():
    out = clean("\n\n".join(BEFORE + BOX + AFTER) + "\n")
    for paragraph in BEFORE + AFTER:
        assert paragraph in out
    for teaser in BOX:
        assert teaser not in out


def test_a_summary_goes_only_inside_the_box():
    # a full sentence after the last title is the article again, not a summary
    out = clean("\n\n".join(BEFORE + ["Most read", "Bridge closed for repairs until spring"] + AFTER) + "\n")
    assert "Bridge closed" not in out
    assert AFTER[0] in out and AFTER[1] in out


def test_prose_right_after_the_heading_is_kept():
    out = clean("\n\n".join(BEFORE + ["Most read"] + AFTER) + "\n")
    for paragraph in BEFORE + AFTER:
        assert paragraph in out


def test_the_box_detector_can_be_switched_off():
    text = "\n\n".join(BEFORE + BOX + AFTER) + "\n"
    out = clean(text, Config(disable=("boilerplate.related_links.box",)))
    assert "Museum reopens with a show of local painters" in out


def test_the_report_names_the_heading_as_evidence():
    result = Cleaner().clean("\n\n".join(BEFORE + BOX + AFTER) + "\n")
    box = [r for r in result.removed if r.rule == "boilerplate.related_links.box"]
    assert box and all(r.evidence == "Most read in local news" for r in box)
