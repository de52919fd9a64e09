"""The library API: clean(), Cleaner, pickling, clean_many."""
import pickle

import cleaner
from conftest import SEEDS

TEXT = (SEEDS / "002_2945d1f9ef985ade.txt").read_text(encoding="utf-8")


def test_cleaner_is_picklable_and_gives_the_same_bytes():
    c = cleaner.Cleaner(cleaner.Config(disable=("repair",)))
    clone = pickle.loads(pickle.dumps(c))
    assert clone.config == c.config
    assert clone.clean(TEXT).to_dict() == c.clean(TEXT).to_dict()


def test_output_does_not_depend_on_history():
    fresh = cleaner.Cleaner().clean(TEXT).to_dict()
    used = cleaner.Cleaner()
    for other in ("Share this", "Got a tip? Send it", TEXT[:500], "Haye Kesteloo\n\nHaye Kesteloo es redactora"):
        used.clean(other)
    assert used.clean(TEXT).to_dict() == fresh


def test_clean_many_keeps_order():
    docs = [f"Document number {i} has a sentence." for i in range(5)]
    assert [r.text for r in cleaner.Cleaner().clean_many(docs)] == [d + "\n" for d in docs]
