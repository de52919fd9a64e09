"""The language backends: the lazily built langdetect table agrees with langdetect's own."""
import json
import os

import pytest

from cleaner import langid

langdetect_factory = pytest.importorskip("langdetect.detector_factory")


def _profiles(codes):
    directory = langdetect_factory.PROFILES_DIRECTORY
    texts = []
    for name in sorted(os.listdir(directory)):
        if name in codes:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                texts.append(f.read())
    return texts


def _built_by_langdetect(texts):
    factory = langdetect_factory.DetectorFactory()
    factory.load_json_profile(texts)
    factory.seed = 0
    return factory


def test_lazy_table_has_the_same_rows_as_the_built_one():
    texts = _profiles({"en", "pt", "ru", "ja"})
    built = _built_by_langdetect(texts)
    lazy = langdetect_factory.DetectorFactory()
    langid._load_profiles(lazy, [json.loads(t) for t in texts])
    assert lazy.langlist == built.langlist
    table = lazy.word_lang_prob_map
    for ngram, row in built.word_lang_prob_map.items():
        assert ngram in table
        assert table[ngram] == tuple(row)


def test_lazy_table_refuses_ngrams_no_profile_has():
    lazy = langdetect_factory.DetectorFactory()
    langid._load_profiles(lazy, [json.loads(t) for t in _profiles({"en", "de"})])
    table = lazy.word_lang_prob_map
    assert "\u0001" not in table
    with pytest.raises(KeyError):
        table["\u0001"]


@pytest.mark.parametrize("text", ["Dejar una respuesta", "The quick brown fox jumps over the lazy dog",
                                  "Перейти к контенту", "Trabalhe no Autoracing", "東京都の天気"])
def test_detection_with_the_lazy_table_gives_langdetects_probabilities(text):
    texts = _profiles({"en", "es", "pt", "ru", "uk", "ja", "zh-cn"})
    built = _built_by_langdetect(texts)
    lazy = langdetect_factory.DetectorFactory()
    langid._load_profiles(lazy, [json.loads(t) for t in texts])
    lazy.seed = 0
    results = []
    for factory in (built, lazy):
        detector = factory.create()
        detector.append(text)
        results.append([(p.lang, p.prob) for p in detector.get_probabilities()])
    assert results[0] == results[1]


def test_lazy_table_makes_rows_only_for_the_profiles_ngrams():
    lazy = langdetect_factory.DetectorFactory()
    langid._load_profiles(lazy, [json.loads(t) for t in _profiles({"en", "de"})])
    table = lazy.word_lang_prob_map
    for ngram in ("\u0001", "\u0001\u0002", "zq\u0003"):
        assert ngram not in table
    assert not table._rows  # a stream of unknown n-grams cannot grow it
