"""langid's restatement of langdetect's detection gives the probabilities of langdetect's
own Detector, bit for bit, over two languages and over all of them."""
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import langid

pytest.importorskip("langdetect")
from langdetect.lang_detect_exception import LangDetectException  # noqa: E402

SAMPLE_LINES = [
    # Latin-script languages
    "The quick brown fox jumps over the lazy dog",
    "Leave a comment below and share this article with your friends",
    "Dejar una respuesta: tu dirección de correo electrónico no será publicada",
    "Trabalhe no Autoracing e receba as notícias do automobilismo",
    "Parlay Pick'em",
    "Die Bundesregierung hat am Mittwoch neue Regeln für Mieter beschlossen",
    "Le gouvernement a annoncé mercredi de nouvelles mesures pour les étudiants",
    "Il consiglio comunale ha approvato il bilancio dopo una lunga discussione",
    "De gemeente heeft woensdag nieuwe regels voor fietsers aangekondigd",
    "Rząd przyjął w środę nowe przepisy dotyczące ochrony środowiska",
    "Vláda ve středu schválila nové předpisy o ochraně přírody",
    "Guvernul a aprobat miercuri noile reguli pentru școli și țărani",
    "Hükümet çarşamba günü öğrenciler için yeni kurallar açıkladı",
    "Regeringen meddelade på onsdag nya regler för studenter",
    "Chính phủ đã công bố các quy định mới vào thứ Tư",
    # Vietnamese with combining marks (langdetect folds them into precomposed letters)
    "Chi\u0301nh phu\u0309 đa\u0303 công bô\u0301 quy đi\u0323nh mơ\u0301i",
    # other scripts
    "Перейти к контенту",
    "Правительство в среду утвердило новые правила для студентов",
    "Уряд у середу затвердив нові правила для студентів",
    "Правителството одобри в сряда нови правила за студентите",
    "Η κυβέρνηση ανακοίνωσε την Τετάρτη νέους κανόνες για τους φοιτητές",
    "أعلنت الحكومة يوم الأربعاء عن قواعد جديدة للطلاب",
    "دولت روز چهارشنبه قوانین جدیدی برای دانشجویان اعلام کرد",
    "הממשלה הודיעה ביום רביעי על כללים חדשים לסטודנטים",
    "सरकार ने बुधवार को छात्रों के लिए नए नियमों की घोषणा की",
    "東京都の天気は明日晴れるでしょう",
    "政府周三宣布了针对学生的新规定",
    "정부는 수요일 학생들을 위한 새로운 규칙을 발표했다",
    "รัฐบาลประกาศกฎใหม่สำหรับนักศึกษาเมื่อวันพุธ",
    # mixtures and oddities
    "Read more at https://example.com/news/2024?id=12&ref=home or mail editor@example.org",
    "BREAKING NEWS: THE MARKETS FELL SHARPLY TODAY",
    "iPhone 15 Pro Max   review:    the    best   camera   yet",
    "Москва — Moscow — Moskau",
    "東京 Tokyo 2020 オリンピック",
    "[Home] \\ ^Top^ _under_ `tick`",
    "12:45 · 3 min read · 1,234 views",
    "Ştiri şi ţări (cedilla) versus știri și țări (comma below)",
    "ǅemal ǈubljana ǋegoš — titlecase digraphs",
    "𝐁𝐨𝐥𝐝 𝐥𝐞𝐭𝐭𝐞𝐫𝐬 and emoji 😀 outside the basic plane",
]
# words many languages share: long runs of near-even odds, where any change of rounding shows
SHORT_SHARED_WORDS = ["Video", "Radio", "Vuelta a Espana", "Foto Galerie", "Kontakt", "Hotel Central",
                      "Menu", "Start", "Sport", "Info", "Film", "Museum", "Taxi", "Normal", "Piano",
                      "Parlay Pick'em", "Online Casino", "Golf Club", "Global Media", "Tennis"]
SAMPLE_LINES += SHORT_SHARED_WORDS
LANGUAGE_SETS = [(), ("en", "pt"), ("de", "en"), ("ru", "uk"), ("ja", "zh"), ("es", "it", "pt"), ("ja", "ko", "zh")]


def _by_langdetect(factory, text):
    """langdetect's own Detector over the same profiles."""
    detector = factory.create()
    detector.append(text)
    try:
        return [(found.lang, found.prob) for found in detector.get_probabilities()]
    except LangDetectException:
        return []


def _agree(languages, text):
    factory = langid._langdetect_factory(languages)
    assert langid._langdetect_probabilities(factory, text) == _by_langdetect(factory, text)


@pytest.mark.parametrize("languages", LANGUAGE_SETS)
def test_sample_lines_get_langdetects_probabilities(languages):
    for text in SAMPLE_LINES:
        _agree(languages, text)


@pytest.mark.parametrize("languages", list(itertools.combinations(("de", "en", "es", "fr", "it", "nl", "pt"), 2)))
def test_short_shared_words_get_langdetects_probabilities_between_two(languages):
    for text in SHORT_SHARED_WORDS:
        _agree(languages, text)


@pytest.mark.parametrize("languages", [(), ("en", "pt")])
def test_joined_and_long_texts_get_langdetects_probabilities(languages):
    _agree(languages, " ".join(SAMPLE_LINES))
    _agree(languages, "\n".join(SAMPLE_LINES[:5]) * 60)  # past langdetect's 10,000 characters


@pytest.mark.parametrize("text", ["", "   ", "12345 678", "!!! ??? ...", "https://example.com/a"])
def test_texts_without_features_get_no_probabilities(text):
    factory = langid._langdetect_factory(())
    with pytest.raises(LangDetectException):
        _detector = factory.create()
        _detector.append(text)
        _detector.get_probabilities()
    assert langid._langdetect_probabilities(factory, text) == []


def test_most_non_latin_text_drops_its_latin_letters_as_langdetect_does():
    text = "Правительство утвердило правила iPhone Samsung"
    assert langid._detector_text(text) == "Правительство утвердило правила  "
    _agree((), text)


def test_random_rows_are_the_rows_choice_picks():
    for count in (1, 2, 3, 7, 8, 9, 64, 100, 737):
        rows = [(i,) for i in range(count)]
        expected_generator, generator = random.Random(0), random.Random(0)
        draws = langid._random_rows(generator, rows)
        for step in range(200):
            if step % 37 == 0:  # the trials' gauss calls come between picks
                assert generator.gauss(0.0, 1.0) == expected_generator.gauss(0.0, 1.0)
            assert next(draws) == expected_generator.choice(rows)


_ALPHABET = sorted(set("".join(SAMPLE_LINES))) + list(" \t\n-.,:;'\"()/@&?=#")
_WORDS = st.text(alphabet=_ALPHABET, min_size=1, max_size=12)
_LINES = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=25).map(" ".join),
    st.text(max_size=60),
    st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=3).map(" ".join),
)


@settings(max_examples=60, deadline=None)
@given(_LINES)
def test_any_text_gets_langdetects_probabilities_over_all_languages(text):
    _agree((), text)


@settings(max_examples=150, deadline=None)
@given(_LINES, st.sampled_from(LANGUAGE_SETS[1:]))
def test_any_text_gets_langdetects_probabilities_among_a_few(text, languages):
    _agree(languages, text)


def test_the_restated_constants_are_langdetects():
    """The restated detection copies langdetect's settings; a release that changes one
    shows here, before any probability drifts."""
    from langdetect.detector import Detector
    detector = langid._langdetect_factory(()).create()
    assert (langid._DETECT_TRIALS, langid._DETECT_MAX_TEXT) == (detector.n_trial, detector.max_text_length)
    assert (langid._DETECT_ALPHA, langid._DETECT_ALPHA_WIDTH, langid._DETECT_ITERATION_LIMIT,
            langid._DETECT_CONVERGED, langid._DETECT_BASE_FREQ, langid._DETECT_REPORTED) == \
        (Detector.ALPHA_DEFAULT, Detector.ALPHA_WIDTH, Detector.ITERATION_LIMIT,
         Detector.CONV_THRESHOLD, Detector.BASE_FREQ, Detector.PROB_THRESHOLD)
