import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests replay the same examples every run, so a red run always means a change
# broke something, on any machine; HYPOTHESIS_PROFILE=explore hunts for new random examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"          # development data, beside the repository
SEEDS = ROOT / "seeds" / "input"


@pytest.fixture(scope="session")
def cleaner_default():
    import cleaner
    return cleaner.Cleaner()


def replay(result) -> str:
    """The output text rebuilt from the report alone: source, removals, repairs."""
    from cleaner import render
    return render.canonical(render.apply_edits(result.source, result.removed, result.repairs))


# The synthetic pages the structural tests build: a menu, four paragraphs of prose, and
# parts (lists of lines) joined as blocks.
MENU = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Travel", "Weather"]
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


def corpus_lines(rules, pages: int | None = None) -> list[str]:
    """Lines to test rule prefilters on: the seeds, the dev page text (its first `pages`
    pages, all when None) and every rule's examples."""
    import json

    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    page_text = SHARED / "data" / "dev" / "page-text.jsonl"
    if page_text.exists():
        for record in page_text.read_text(encoding="utf-8").splitlines()[:pages]:
            lines += json.loads(record)["text"].splitlines()
    for rule in rules:
        lines += list(rule.examples_remove) + list(rule.examples_keep)
    return lines


def page(*parts: list[str]) -> str:
    """A page of blocks, each part a list of lines."""
    return "\n\n".join("\n".join(p) for p in parts) + "\n"


def clean(text: str) -> str:
    """The clean text of `text` with the default configuration."""
    import cleaner
    return cleaner.Cleaner().clean(text).text


def read_up_to_boilerplate(text: str):
    """The document and context as the boilerplate stage receives them: decoded, segmented,
    its languages identified and its metadata read, with the default configuration."""
    import time
    import cleaner
    from cleaner import decode, language, metadata, pipeline, segment
    default = cleaner.Cleaner()
    doc = decode.run(text, max_chars=10**6)
    segment.run(doc)
    ctx = pipeline.Context(default.config, default.packs, time.monotonic() + 60)
    language.identify(doc, ctx)
    metadata.run(doc, ctx)
    return doc, ctx
