"""The language stage: document language, block languages, fragments and the policy."""
from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner import language
from cleaner.langid import LangdetectBackend, cld2_available, get_backend, same_language

BACKENDS = ["langdetect"] + (["pycld2"] if cld2_available() else [])
needs_cld2 = pytest.mark.skipif(not cld2_available(), reason="pycld2 is not installed")

ENGLISH = [
    "The city council voted on Tuesday to expand the bus network to the northern suburbs, "
    "a plan that has been debated for more than three years.",
    "Officials said the first new routes would open in the spring, with more buses running "
    "every ten minutes during the morning and evening rush hours.",
    "Residents who spoke at the meeting were mostly in favour, although some worried about "
    "the noise and the loss of parking spaces along the main streets.",
    "The project will cost about forty million dollars, most of it paid by a regional "
    "transport fund and the rest by the city over the next decade.",
]
SPANISH_FOOTER = [
    "Descubra más de nuestro sitio",
    "Marta Gómez es redactora jefe y fundadora del diario, donde cubre todas las noticias "
    "relacionadas con el transporte público y la movilidad urbana.",
    "Artículos: 1374",
    "Dejar una respuesta",
]
FRENCH = [
    "Le conseil municipal a voté mardi l'extension du réseau de bus vers les quartiers nord, "
    "un projet débattu depuis plus de trois ans.",
    "Les responsables ont indiqué que les premières lignes ouvriraient au printemps, avec des "
    "bus toutes les dix minutes aux heures de pointe.",
    "Les habitants présents à la réunion étaient plutôt favorables, même si certains "
    "s'inquiètent du bruit et de la disparition des places de stationnement.",
    "Le projet coûtera environ quarante millions d'euros, financés pour l'essentiel par un "
    "fonds régional des transports.",
]
RUSSIAN = [
    "Городской совет во вторник проголосовал за расширение автобусной сети в северные районы, "
    "этот план обсуждался более трёх лет.",
    "Чиновники сообщили, что первые новые маршруты откроются весной, а в часы пик автобусы "
    "будут ходить каждые десять минут.",
    "Жители, выступившие на собрании, в основном поддержали проект, хотя некоторые опасаются "
    "шума и потери парковочных мест.",
    "Проект обойдётся примерно в сорок миллионов рублей, большую часть оплатит региональный "
    "транспортный фонд.",
]
JAPANESE = [
    "市議会は火曜日、北部の郊外までバス路線を拡大する計画を可決した。この計画は三年以上にわたって議論されてきた。",
    "担当者によると、最初の新しい路線は春に開通し、朝と夕方のラッシュ時には十分ごとにバスが運行される。",
    "会合で発言した住民の多くは賛成したが、騒音や駐車スペースの減少を心配する声もあった。",
    "事業費は約四十億円で、その大部分は地域の交通基金が負担する。",
]


# The same short news story in twelve more languages and scripts.
MORE_LANGUAGES = {
 "de": ["Der Stadtrat hat am Dienstag beschlossen, das Busnetz bis in die nördlichen Vororte auszubauen.",
        "Die ersten neuen Linien sollen im Frühjahr starten, in der Hauptverkehrszeit fahren die Busse alle zehn Minuten.",
        "Viele Anwohner begrüßten den Plan, einige sorgen sich jedoch um Lärm und fehlende Parkplätze."],
 "es": ["El ayuntamiento aprobó el martes la ampliación de la red de autobuses hacia los barrios del norte.",
        "Las primeras líneas nuevas abrirán en primavera y en hora punta pasará un autobús cada diez minutos.",
        "La mayoría de los vecinos apoyó el proyecto, aunque algunos temen el ruido y la pérdida de aparcamiento."],
 "nl": ["De gemeenteraad heeft dinsdag besloten het busnet uit te breiden naar de noordelijke wijken.",
        "De eerste nieuwe lijnen gaan in het voorjaar rijden en in de spits komt er elke tien minuten een bus.",
        "De meeste bewoners steunen het plan, al maken sommigen zich zorgen over lawaai en parkeerplaatsen."],
 "pl": ["Rada miasta zdecydowała we wtorek o rozbudowie sieci autobusowej w kierunku północnych dzielnic.",
        "Pierwsze nowe linie ruszą wiosną, a w godzinach szczytu autobusy będą kursować co dziesięć minut.",
        "Większość mieszkańców poparła projekt, choć niektórzy obawiają się hałasu i braku miejsc parkingowych."],
 "tr": ["Belediye meclisi salı günü otobüs ağının kuzey mahallelerine kadar genişletilmesine karar verdi.",
        "İlk yeni hatlar ilkbaharda açılacak ve yoğun saatlerde otobüsler her on dakikada bir geçecek.",
        "Mahalle sakinlerinin çoğu projeyi destekledi, ancak bazıları gürültüden ve park yeri kaybından endişe ediyor."],
 "vi": ["Hội đồng thành phố hôm thứ Ba đã quyết định mở rộng mạng lưới xe buýt đến các khu phía bắc.",
        "Các tuyến mới đầu tiên sẽ hoạt động vào mùa xuân và vào giờ cao điểm cứ mười phút lại có một chuyến.",
        "Phần lớn người dân ủng hộ dự án, dù một số lo ngại về tiếng ồn và việc mất chỗ đỗ xe."],
 "uk": ["Міська рада у вівторок ухвалила рішення розширити автобусну мережу до північних районів.",
        "Перші нові маршрути запрацюють навесні, а в години пік автобуси ходитимуть кожні десять хвилин.",
        "Більшість мешканців підтримали проєкт, хоча дехто побоюється шуму та втрати місць для паркування."],
 "zh": ["市议会周二决定将公交线路延伸到北部郊区，这一计划已经讨论了三年多。",
        "负责人表示，第一批新线路将在春季开通，高峰时段每十分钟就有一班车。",
        "大多数居民支持这个项目，但也有人担心噪音和停车位减少的问题。"],
 "ar": ["قرر المجلس البلدي يوم الثلاثاء توسيع شبكة الحافلات لتصل إلى الأحياء الشمالية من المدينة.",
        "وقال المسؤولون إن الخطوط الجديدة الأولى ستبدأ العمل في الربيع، وستمر حافلة كل عشر دقائق في ساعات الذروة.",
        "وأيد معظم السكان المشروع، لكن بعضهم يخشى الضجيج وفقدان أماكن وقوف السيارات."],
 "hi": ["नगर परिषद ने मंगलवार को उत्तरी इलाकों तक बस सेवा बढ़ाने का फैसला किया।",
        "अधिकारियों ने बताया कि पहली नई लाइनें वसंत में शुरू होंगी और भीड़ के समय हर दस मिनट में बस चलेगी।",
        "ज़्यादातर निवासियों ने योजना का समर्थन किया, हालांकि कुछ लोग शोर और पार्किंग की कमी को लेकर चिंतित हैं।"],
 "sv": ["Kommunfullmäktige beslutade på tisdagen att bygga ut bussnätet till de norra förorterna.",
        "De första nya linjerna startar i vår och i rusningstid går bussarna var tionde minut.",
        "De flesta invånare stödde planen, men några oroar sig för buller och färre parkeringsplatser."],
 "el": ["Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να επεκτείνει το δίκτυο λεωφορείων στα βόρεια προάστια.",
        "Οι πρώτες νέες γραμμές θα λειτουργήσουν την άνοιξη και τις ώρες αιχμής θα περνά λεωφορείο κάθε δέκα λεπτά.",
        "Οι περισσότεροι κάτοικοι στήριξαν το σχέδιο, αν και ορισμένοι ανησυχούν για τον θόρυβο και τις θέσεις στάθμευσης."],
}


def clean(text: str, **config):
    return Cleaner(Config(**config)).clean(text)


def paragraphs(*parts: list[str]) -> str:
    return "\n\n".join(line for part in parts for line in part) + "\n"


# -- document language ----------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("lines, expected", [(ENGLISH, "en"), (FRENCH, "fr"), (RUSSIAN, "ru"), (JAPANESE, "ja")])
def test_document_language(backend, lines, expected):
    assert clean(paragraphs(lines), language_backend=backend).language == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("lines", [FRENCH, RUSSIAN, JAPANESE, ENGLISH], ids=["fr", "ru", "ja", "en"])
def test_single_language_document_has_no_fragment(backend, lines):
    result = clean(paragraphs(lines), language_backend=backend)
    assert result.fragments == []


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("language", sorted(MORE_LANGUAGES))
def test_more_single_language_documents_have_no_fragment(backend, language):
    result = clean(paragraphs(MORE_LANGUAGES[language]), language_backend=backend)
    assert result.language == language
    assert result.fragments == []


@needs_cld2
@pytest.mark.parametrize("host", sorted(MORE_LANGUAGES))
def test_one_foreign_line_in_each_language_is_found(host):
    names = sorted(MORE_LANGUAGES)
    guest = names[(names.index(host) + 5) % len(names)]
    line = MORE_LANGUAGES[guest][1]
    lines = MORE_LANGUAGES[host]
    result = clean(paragraphs(lines[:2], [line], lines[2:]), fragment_policy="tag")
    assert [f.text for f in result.fragments] == [line]
    assert same_language(result.fragments[0].language, guest)  # Swedish may be named Nynorsk


@pytest.mark.parametrize("text", ["", "   \n", "OK", "12345 678", "Yes."])
def test_too_little_text_is_unknown(text):
    result = clean(text)
    assert result.language == "unknown"
    assert result.fragments == []


def test_main_language_is_a_vote_not_the_first_lines():
    # a long foreign header does not outvote a longer article below it
    result = clean(paragraphs(SPANISH_FOOTER[1:2], ENGLISH))
    assert result.language == "en"


def test_candidate_languages_restrict_detection():
    result = clean(paragraphs(ENGLISH, SPANISH_FOOTER), languages=("en",))
    assert result.language == "en"
    assert all(f.language == "en" for f in result.fragments)  # nothing can be foreign
    assert not result.fragments


# -- fragments ----------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_spanish_footer_under_english_article(backend):
    text = paragraphs(ENGLISH, SPANISH_FOOTER)
    result = clean(text, language_backend=backend)
    assert result.language == "en"
    found = {f.text for f in result.fragments if f.language == "es"}
    for line in SPANISH_FOOTER:
        assert any(line in f for f in found), line
    for line in ENGLISH:
        assert line in result.text


@needs_cld2
def test_short_line_in_a_spanish_footer_is_spanish():
    doc = _identified(paragraphs(ENGLISH, SPANISH_FOOTER))
    block = next(b for b in doc.blocks if doc.block_text(b) == "Artículos: 1374")
    assert block.language == "es"
    assert block.language_confidence > 0


@pytest.mark.parametrize("sentence", [
    "She said the dinner had a certain joie de vivre that the city had been missing for years.",
    "The word saudade, he explained, has no exact translation in English at all.",
    "Fans chanted \"¡Vamos!\" as the team walked onto the pitch before the final.",
    "The shop sells Samsung 4K Smart LED TV sets alongside the usual kitchen appliances.",
])
def test_quoted_foreign_word_inside_an_english_sentence_is_not_a_fragment(sentence):
    result = clean(paragraphs(ENGLISH[:2], [sentence], ENGLISH[2:]))
    assert result.fragments == []
    assert sentence in result.text


@pytest.mark.parametrize("name_line", ["Samsung 4K Smart LED TV", "Brydge Pro Keyboard for iPad Pro",
                                       "iPhone 15 Pro Max", "Haye Kesteloo"])
def test_lines_of_names_are_not_judged_alone(name_line):
    result = clean(paragraphs(ENGLISH[:2], [name_line], ENGLISH[2:]))
    assert result.fragments == []


@pytest.mark.parametrize("line", ["13) Dark Side of the Moon (180 gr) Registrazione originale rimasterizzata (Vinile)",
                                  "Nov. 20, 2019 12:00 AM EST", "Be a Pro", "Place an Ad", "op-ed columnists"])
def test_list_items_dates_and_short_menu_lines_are_no_fragment(line):
    result = clean(paragraphs(ENGLISH[:2], [line], ENGLISH[2:]))
    assert result.fragments == []


def test_list_of_titles_in_an_italian_page_is_no_fragment():
    items = ["1) Lego Star Wars Bombardiere della Resistenza", "2) Blade Runner The Final Cut (4K Ultra HD + Blu-Ray)",
             "3) Dark Side of the Moon Registrazione originale rimasterizzata", "4) MTV Unplugged in New York",
             "5) Thriller (Vinile)"]
    italian = ["Il consiglio comunale ha approvato martedì l'estensione della rete degli autobus verso i "
               "quartieri a nord, un progetto discusso da più di tre anni.",
               "Ecco allora le offerte per chi ama gli anni Ottanta, scelte una per una dalla redazione."]
    result = clean("\n\n".join(italian) + "\n\n" + "\n".join(items) + "\n")
    assert result.language == "it"
    assert result.fragments == []


def test_one_or_two_words_alone_are_never_a_fragment():
    result = clean(paragraphs(ENGLISH[:2], ["Leia também"], ENGLISH[2:]))
    assert result.fragments == []


def test_script_evidence_marks_a_short_line():
    # a short Cyrillic line cannot be English, whatever its length
    result = clean(paragraphs(ENGLISH[:2], ["Москва"], ENGLISH[2:]), fragment_policy="tag")
    assert [f.text for f in result.fragments] == ["Москва"]


def test_hanja_line_in_a_korean_document_is_no_fragment():
    korean = ["서울시는 화요일 북부 지역까지 버스 노선을 확대하는 계획을 승인했다고 밝혔다.",
              "담당자에 따르면 첫 번째 새 노선은 봄에 개통되며 출퇴근 시간에는 십 분마다 버스가 운행된다.",
              "회의에 참석한 주민 대부분은 찬성했지만 소음과 주차 공간 감소를 걱정하는 목소리도 있었다."]
    result = clean(paragraphs(korean[:1], ["大韓民國 國會"], korean[1:]))
    assert result.language == "ko"
    assert result.fragments == []


def test_latin_names_in_a_japanese_document_are_no_fragment():
    result = clean(paragraphs(JAPANESE[:2], ["iPhone 15 Pro Max"], JAPANESE[2:]))
    assert result.language == "ja"
    assert result.fragments == []


def test_fragments_have_source_offsets_on_line_bounds():
    text = paragraphs(ENGLISH, SPANISH_FOOTER)
    result = clean(text, fragment_policy="tag")
    assert result.fragments
    for f in result.fragments:
        assert text[f.start:f.end] == f.text
        assert f.start == 0 or text[f.start - 1] == "\n"
        assert f.end == len(text) or text[f.end] == "\n"
        assert 0 < f.confidence <= 1


@needs_cld2
def test_foreign_sentence_inside_an_english_line_is_a_sentence_fragment():
    quote = ("Le conseil municipal a voté mardi l'extension du réseau de bus vers les quartiers "
             "nord, un projet débattu depuis plus de trois ans.")
    line = ENGLISH[0] + " " + quote + " " + ENGLISH[1]
    text = paragraphs([line], ENGLISH[2:])
    result = clean(text)
    assert [(f.language, f.text, f.action) for f in result.fragments] == [("fr", quote, "kept")]
    assert quote in result.text


# -- policy -----------------------------------------------------------------------------------------
QUOTE = ["«Le conseil municipal a voté mardi l'extension du réseau de bus vers les quartiers nord, "
         "un projet débattu depuis plus de trois ans», a rappelé le maire."]
LONG_ARTICLE = ENGLISH + [
    "Bus drivers' unions welcomed the announcement but asked for more staff before the new "
    "timetable starts, saying that overtime is already common on several routes.",
    "A similar expansion in a neighbouring town doubled the number of passengers within two "
    "years, according to a study published by the regional planning office last month.",
    "Critics on the council argued that the money would be better spent on repairing roads, "
    "many of which have not been resurfaced since the late nineties.",
    "The mayor replied that both needs were real and that the transport fund could not legally "
    "be used for road repairs, which are paid for from a separate budget.",
    "Construction of the new stops is expected to begin in January and to take about four "
    "months, during which some streets will be closed to traffic at night.",
    "Local shop owners asked to be consulted on where the stops will go, since a stop in front "
    "of a shop can bring customers but also block deliveries.",
    "The council will publish the final route map online next week and hold two public "
    "meetings in the northern suburbs before the end of the month.",
    "If the first phase goes well, a second phase could extend the network to the industrial "
    "park by the river, where several thousand people work.",
]


@pytest.mark.parametrize("disable", [(), ("boilerplate",)], ids=["with-packs", "language-stage-alone"])
def test_default_policy_removes_a_foreign_footer(disable):
    result = clean(paragraphs(ENGLISH, SPANISH_FOOTER), disable=disable)
    assert {f.action for f in result.fragments} == {"removed"}
    for line in SPANISH_FOOTER:
        assert line not in result.text
    if disable:
        assert {r.rule for r in result.removed} == {"language.foreign_fragment"}


def test_default_policy_keeps_a_foreign_quote_in_the_body():
    text = paragraphs(LONG_ARTICLE[:6], QUOTE, LONG_ARTICLE[6:])
    result = clean(text)
    assert [(f.language, f.action) for f in result.fragments] == [("fr", "kept")]
    assert QUOTE[0] in result.text


def test_default_policy_removes_a_short_foreign_run_in_the_body():
    text = paragraphs(LONG_ARTICLE[:6], ["Leia também", "Veja mais notícias"], LONG_ARTICLE[6:])
    result = clean(text)
    assert result.fragments and {f.action for f in result.fragments} == {"removed"}
    assert "Veja mais" not in result.text


@pytest.mark.parametrize("policy, action, kept", [("tag", "tagged", True), ("remove-all", "removed", False),
                                                  ("remove-boilerplate", "kept", True)])
def test_policies_on_a_body_quote(policy, action, kept):
    text = paragraphs(LONG_ARTICLE[:6], QUOTE, LONG_ARTICLE[6:])
    result = clean(text, fragment_policy=policy)
    assert [f.action for f in result.fragments] == [action]
    assert (QUOTE[0] in result.text) is kept


def test_disabling_the_rule_keeps_every_fragment():
    # (the packs are off too: the Spanish pack would remove this footer on its own)
    result = clean(paragraphs(ENGLISH, SPANISH_FOOTER), disable=("language.foreign_fragment", "boilerplate"))
    assert result.fragments and {f.action for f in result.fragments} == {"kept"}
    assert "Dejar una respuesta" in result.text


def test_a_fragment_removed_by_boilerplate_is_still_reported():
    text = paragraphs(ENGLISH, ["Suscríbete a nuestro boletín para recibir las últimas noticias"])
    doc = _identified(text)
    block = doc.blocks[-1]
    doc.remove(block.start, block.end, rule="boilerplate.newsletter", reason="test")
    language.handle_fragments(doc, _context(Config()))
    assert [(f.language, f.action) for f in doc.fragments] == [("es", "removed")]
    assert [r.rule for r in doc.removed] == ["boilerplate.newsletter"]


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError):
        Config(language_backend="guess")


# -- determinism ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_repeated_calls_give_the_same_report(backend):
    text = paragraphs(ENGLISH, SPANISH_FOOTER, ["Москва", "Leia também"], FRENCH[:1])
    cleaner = Cleaner(Config(language_backend=backend))
    first = cleaner.clean(text).to_dict()
    for _ in range(3):
        Cleaner(Config(language_backend=backend)).clean(paragraphs(RUSSIAN))  # other work between
        assert cleaner.clean(text).to_dict() == first


def _report_in_worker(cleaner, text):
    return cleaner.clean(text).to_dict()


def test_same_reports_in_other_processes():
    # a pickled Cleaner in fresh worker processes: no state of this process can leak in
    import concurrent.futures
    import multiprocessing
    texts = [paragraphs(ENGLISH, SPANISH_FOOTER), paragraphs(RUSSIAN), paragraphs(JAPANESE[:2], ["Leia também"]),
             paragraphs(LONG_ARTICLE[:6], QUOTE, LONG_ARTICLE[6:])]
    cleaner = Cleaner(Config(fragment_policy="tag"))
    here = [cleaner.clean(t).to_dict() for t in texts]
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        there = list(pool.map(_report_in_worker, [cleaner] * len(texts), texts))
    assert there == here


@pytest.mark.parametrize("word", ["Hola", "Merci", "Danke", "Grazie", "Obrigado", "Tak"])
def test_langdetect_is_seeded(word):
    backend = LangdetectBackend()
    answers = {backend.detect(word, best_effort=True) for _ in range(5)}
    assert len(answers) == 1


def test_backends_are_shared_and_stateless():
    assert get_backend("langdetect", ("en", "es")) is get_backend("langdetect", ("en", "es"))
    assert same_language("id", "ms") and same_language("sv", "no") and not same_language("es", "pt")


# -- helpers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [("Artículos: 1374", 1), ("Dejar una respuesta", 3),
                                         ("東京都の天気", 3), ("https://example.com/a/b", 5), ("", 0)])
def test_word_count(text, words):
    assert language.word_count(text) == words


@pytest.mark.parametrize("text, expected", [("Visit https://example.com today", "Visit   today"),
                                            ("mail me at a.b@example.org", "mail me at  "),
                                            ("player.setav speedmult", "  speedmult")])
def test_language_text_drops_addresses_and_code(text, expected):
    assert language.language_text(text) == expected


def _context(config):
    from cleaner.pipeline import Context
    import time
    return Context(config, Cleaner(config).packs, time.monotonic() + 60)


def _identified(text):
    from cleaner import segment
    from cleaner.model import Document
    doc = Document(text)
    segment.run(doc)
    language.identify(doc, _context(Config()))
    return doc


@pytest.mark.parametrize("english, action", [
    ("The council met on Tuesday to discuss the budget.", "kept"),   # 9 words: too few to remove by
    ("The council met on Tuesday to discuss the new school budget for next year.", "removed"),
])
def test_a_document_language_of_a_handful_of_words_removes_no_fragment(english, action):
    result = clean(paragraphs([english], ["Los vecinos se reunieron ayer."]), fragment_policy="remove-all")
    assert result.language == "en"
    assert [(f.language, f.action) for f in result.fragments] == [("es", action)]
