"""The structural classifier's fast paths agree with the plain definitions they replace.

The classifier reads each line with string tests instead of patterns where it can, with
`re` twins of its `regex` patterns on ASCII text, and with cheap necessary conditions
before costly patterns. Each property below states the plain definition (the pattern the
fast path stands for) and checks that both give the same answer on any text.
"""
from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import decode, segment, structure
from cleaner.structure import LineInfo, Lines

# Characters the patterns care about, from every engine-sensitive class: ASCII and Unicode
# spaces (\x1c is a space to str.strip, not to regex), digits of several scripts, sentence
# marks, quotes, bullets, cased and uncased letters, and letters beyond the BMP.
SPECIAL = list(" \t\x0b\x0c\x1c\u00a0\u2009\u3000.,;:!?…。！？'\"”’»“«)]([|@/+-–—•*·%&_#") + [
    "1", "2", "9", "0", "٣", "७", "\U00011f52",       # digits: Arabic-Indic, Devanagari, Kawi
    "a", "z", "A", "Z", "é", "É", "ß", "ǅ", "ª", "ⅰ",    # letters, titlecase, Other_Lowercase
    "漢", "字", "の", "カ", "ก", "\u0e31", "ລ", "ក", "မ",  # unspaced scripts, a Thai mark
    "\U0001d400", "\U00020000", "\u0301", "\u200b", "ǀ",
]
WORDS = ["tel", "Tel.", "fax", "E-mail", "phone", "www.", "https://", "19", "20", "2019", "am", "p.m.",
         "12:30", "0800 123 4567", "a@b.co", "Uhr", "h", "Home", "the", "of", "Ingredients:"]
texts = st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS), st.text(max_size=3)),
                 max_size=40).map("".join)
ascii_texts = st.text(alphabet=st.characters(max_codepoint=127), max_size=60) | texts.filter(str.isascii)


# -- single lines ------------------------------------------------------------------------
def plain_word_weight(text: str) -> float:
    unspaced = len(structure._UNSPACED.findall(text))
    if not unspaced:
        return float(len(structure._WORD.findall(text)))
    return len(structure._WORD.findall(structure._UNSPACED.sub(" ", text))) + unspaced / 2


@given(texts)
def test_word_weight_agrees_with_the_regex_definition(text):
    assert structure.word_weight(text) == plain_word_weight(text)


@given(texts | ascii_texts)
def test_sentence_end_is_read_from_the_last_characters(text):
    for t in (text, text + "\n"):
        assert structure.ends_like_sentence(t) == bool(structure._SENTENCE_END.search(t))


@given(texts | ascii_texts)
def test_list_items_agree_with_the_pattern(text):
    for t in (text, text.strip()):
        assert structure.is_list_item(t) == (bool(structure._ENUMERATED.match(t)) or structure._ends_a_cell(t))


@given(ascii_texts)
def test_ascii_twins_agree_with_regex_on_ascii_text(text):
    pairs = [(structure._SENTENCE_INSIDE, structure._ASCII_SENTENCE_INSIDE),
             (structure._NUMERIC, structure._ASCII_NUMERIC),
             (structure._STAMP, structure._ASCII_STAMP),
             (structure._YEAR, structure._ASCII_YEAR),
             (structure._TIME_OF_DAY, structure._ASCII_TIME_OF_DAY),
             (structure._DIGIT_RUNS, structure._ASCII_DIGIT_RUNS),
             (structure._ENUMERATED, structure._ASCII_ENUMERATED)]
    for slow, fast in pairs:
        assert slow.findall(text) == fast.findall(text), slow.pattern
    assert structure._CONTACT.findall(text) == structure._ASCII_CONTACT.findall(text)
    for pattern, ascii_pattern in structure._CONTACT_FOR.values():
        assert pattern.findall(text) == ascii_pattern.findall(text)


def plain_ascii_word_weight(text: str) -> float:
    return float(len(structure._ASCII_WORD_STARTS.findall(text)))


@given(st.lists(ascii_texts.map(lambda t: t.replace("\n", " ")), max_size=8))
def test_ascii_word_weights_of_texts_joined_agree_with_the_pattern(texts_of_lines):
    assert structure._ascii_word_weights(texts_of_lines) == list(map(plain_ascii_word_weight, texts_of_lines))


@given(st.lists((texts | ascii_texts).map(lambda t: t.replace("\n", " ")), max_size=8))
def test_three_digits_found_in_texts_joined_agree_with_the_pattern(texts_of_lines):
    joined = structure._JoinedAscii(texts_of_lines, list(map(str.isascii, texts_of_lines)))
    expected = [k for k, t in enumerate(texts_of_lines) if t.isascii() and structure._THREE_DIGITS_FAST.search(t)]
    assert joined.holding(b"111", structure._AS_DIGIT_FLAGS) == expected
    assert joined.others == [k for k, t in enumerate(texts_of_lines) if not t.isascii()]


@given(st.lists((texts | ascii_texts).map(lambda t: t.replace("\n", " ")), max_size=8),
       st.sets(st.sampled_from(list(",|'\"-*(0aA ")), max_size=4))
def test_first_and_last_characters_of_texts_joined_agree_with_each_line(texts_of_lines, chars):
    joined = structure._JoinedAscii(texts_of_lines, list(map(str.isascii, texts_of_lines)))
    ascii_lines = [t for t in texts_of_lines if t.isascii()]
    assert joined.first_chars() == "".join(t[:1] or "\n" for t in ascii_lines).encode()
    assert joined.last_chars() == "".join(t[-1:] or "\n" for t in ascii_lines).encode()
    table = structure._marking(chars)
    lines = list(enumerate(texts_of_lines))
    assert joined.starting(table) == [k for k, t in lines if t.isascii() and t[:1] and t[0] in chars]
    assert joined.ending(table) == [k for k, t in lines if t.isascii() and t[-1:] and t[-1] in chars]


@given(st.lists((texts | ascii_texts | st.text(alphabet="12345 a:\n", max_size=30)).map(lambda t: t.replace("\n", " ")),
                max_size=8))
def test_runs_of_digits_counted_on_texts_joined_agree_with_the_pattern(texts_of_lines):
    joined = structure._JoinedAscii(texts_of_lines, list(map(str.isascii, texts_of_lines)))
    flags = joined.data.translate(structure._AS_DIGIT_FLAGS)
    places = joined.places_holding(b"111", flags)
    ascii_lines = [t for t in texts_of_lines if t.isascii()]
    assert places == [i for i, t in enumerate(ascii_lines) if structure._THREE_DIGITS.search(t)]
    assert structure._digit_runs(joined, places, flags) == [len(structure._ASCII_DIGIT_RUNS.findall(ascii_lines[i]))
                                                           for i in places]


@given(st.lists((texts | ascii_texts).map(str.strip), max_size=8))
def test_list_items_of_a_document_agree_with_each_line(texts_of_lines):
    assert structure._list_items(texts_of_lines) == list(map(structure.is_list_item, texts_of_lines))


@given(texts | ascii_texts)
def test_label_words_are_found_as_the_pattern_finds_them(text):
    assert structure._may_hold_label(text, text.isascii()) == bool(structure._LABEL_WORD.search(text))


@given(texts | ascii_texts)
def test_contact_details_told_of_digits_agree(text):
    if text.isascii():      # the hint comes from the ASCII lines joined
        hint = bool(structure._THREE_DIGITS_FAST.search(text))
        assert structure._contact_details(text, hint) == structure._contact_details(text)


@given(texts)
def test_spelled_out_classes_agree_with_regex_in_the_bmp(text):
    text = "".join(c for c in text if ord(c) < 0x10000)
    words = [m.span() for m in structure._WORD.finditer(text)]
    assert [m.span() for m in structure._BMP_WORD_STARTS.finditer(text)] == words
    if text.isascii():
        assert [m.span() for m in structure._ASCII_WORD_STARTS.finditer(text)] == words
    assert structure._BMP_UNSPACED.findall(text) == structure._UNSPACED.findall(text)


@given(texts | ascii_texts)
def test_contact_details_agree_with_counting_every_match(text):
    plain = ((("@" in text or ":" in text or bool(structure._THREE_DIGITS.search(text)))
              and len(structure._CONTACT.findall(text)) >= structure.CONTACT_ITEMS))
    assert structure._contact_details(text) == plain


@given(texts | ascii_texts)
def test_stamps_capitals_and_continuations_agree_with_their_patterns(text):
    assert structure._has_stamp(text) == bool(structure._STAMP.search(text))
    assert structure._capitalized(text) == bool(structure._CAPITALIZED.match(text))
    assert structure._starts_lower(text) == bool(structure._CONTINUES_LOWER.match(text))
    goes_on = regex.compile(r"""(?:,["'”’»“]?|["”’»“],)$""")
    assert structure._paragraph_goes_on(text) == bool(goes_on.search(text))


@given(texts, texts)
def test_continuation_agrees_with_the_plain_definition(previous, text):
    plain = (not structure._SENTENCE_END.search(previous)
             and (bool(regex.match(r"^[,.;:)\]»”’%]", text))
                  or previous.rstrip().endswith((",", "、", "，")) and not structure._ENUMERATED.match(text)
                  or bool(structure._CONTINUES_LOWER.match(text))
                  and plain_word_weight(previous) >= structure.CONTINUATION_MIN_WORDS))
    assert structure._continues(previous, text) == bool(plain)


@given(texts)
def test_link_labels_need_half_their_count_in_weight(text):
    # first_pass_class skips _link_labels on lines lighter than half of LONG_WORDS
    if structure._link_labels(text):
        assert 2 * structure.word_weight(text) >= structure.LONG_WORDS


def plain_link_labels(text: str) -> bool:
    words = structure._WORD.findall(text)
    return (len(words) >= structure.LONG_WORDS
            and sum(1 for w in words if structure._CAPITALIZED.match(w)) >= structure.CAPITALIZED_SHARE * len(words))


labels = st.lists(st.sampled_from(["Home", "World", "news", "Bid'ah", "e-mail", "|", "2019", "the", "Iman"]),
                  min_size=20, max_size=40).map(" ".join)


@given(labels | texts | ascii_texts)
def test_link_labels_of_ascii_text_agree_with_the_pattern(text):
    assert structure._link_labels(text) == plain_link_labels(text)


def plain_opens_with_headline(text: str) -> bool:
    capitalized, lower_in_row = 0, 0
    for token in structure._LEAD_TOKEN.findall(text)[:structure.LEAD_TOKENS]:
        if token in ",:;.?!":
            break
        if token[0].isdigit():
            continue
        if structure._CAPITALIZED.match(token) or token == "&":
            capitalized, lower_in_row = capitalized + 1, 0
        elif len(token) <= 3 and lower_in_row == 0:
            lower_in_row = 1
        else:
            break
    return capitalized >= structure.TITLE_CASE_LEAD


title_case = st.lists(st.sampled_from(["The", "Best", "of", "in", "4", "Spots", "Detroit", "&", "and",
                                       "the", "Crunched", ",", "numbers", "Éclair", "über", "?", "Ölçü", "Ⅻ", "½", "ǅemal",
                                       "Ελλάδα", "\U0001d400\U0001d401"]),
                      max_size=20).map(" ".join)


@given(title_case | texts)
def test_headline_lead_agrees_with_reading_every_token(text):
    assert structure._opens_with_headline(text) == plain_opens_with_headline(text)


# -- whole documents ---------------------------------------------------------------------
def plain_describe(doc) -> list[tuple]:
    """The line descriptions from doc.kept_text and doc.is_removed, line by line."""
    groups, previous = [], ""
    for block in doc.blocks:
        for i, line in enumerate(block.lines):
            text = doc.kept_text(line.start, line.end)
            if groups and text and (groups[-1][0] is block and structure._continues(previous, text)
                                    or i == 0 and structure._rejoined_by_repair(previous, text)):
                groups[-1][1].append(line)
            else:
                groups.append((block, [line]))
            previous = text or previous
    out = []
    by_start = sorted(doc.removed, key=lambda r: r.start)
    k = 0
    for block, lines in groups:
        start, end = lines[0].start, lines[-1].end
        text = " ".join(t for t in (doc.kept_text(ln.start, ln.end) for ln in lines) if t)
        info = LineInfo(block, lines, len(out), text, plain_word_weight(text),
                        bool(structure._SENTENCE_END.search(text)),
                        bool(structure._SENTENCE_INSIDE.search(text)),
                        bool(structure._ENUMERATED.match(text)) or structure._ends_a_cell(text),
                        doc.is_removed(start, end))
        while k < len(by_start) and by_start[k].end <= start:
            k += 1
        if info.removed and k < len(by_start) and by_start[k].start < end:
            info.concept = by_start[k].rule.split(".")[1] if "." in by_start[k].rule else ""
        info.first = plain_first_class(info)
        out.append(info)
    return [_fields(i) for i in out]


def plain_first_class(info: LineInfo) -> str:
    if info.removed:
        return "removed"
    text = info.text.strip()
    if structure._URL_OR_MAIL.match(text) or (structure._NUMERIC.match(text) and info.words <= 4):
        return "ui"
    punctuated = info.ends_sentence or info.sentences_inside
    if not punctuated and structure._link_labels(text):
        return "short"
    if structure._contact_details(text):
        return "ui"
    if info.words >= structure.LONG_WORDS or (info.words >= structure.PROSE_WORDS and punctuated):
        return "prose"
    if info.words >= structure.SENTENCE_WORDS and punctuated:
        return "sentence"
    return "short"


def _fields(info: LineInfo) -> tuple:
    return (info.index, [(ln.start, ln.end) for ln in info.lines], info.block.start, info.text,
            info.words, info.ends_sentence, info.sentences_inside, info.enumerated, info.removed,
            info.concept, info.first)


LINES = ["Home", "World News", "The council voted on Tuesday to expand the bus network.",
         "and the mayor said it would", "it works, he said.", "- GPS", "2) Item", "Plays |",
         "Posted 12:30 on 19.11.2019", "https://example.com/a", "Tel: 0800 123 4567 Fax: 0800 123 4568 "
         "E-mail: a@b.co", "Call 0800 123 4567, 0800 123 4568 or 0800 123 4569", ", which followed", "“We are ready,”", "— said the minister", "報道によると、",
         "今回販売されたのは", "Ingredients:", "12 | 34 | 56", "A B C D E F G H I J K L M N O P Q R S T U V "
         "W X Y Z", "", " "]


@st.composite
def documents(draw):
    """A page of lines and blank lines, with some spans removed as phrase rules would."""
    lines = draw(st.lists(st.sampled_from(LINES) | texts.map(lambda t: t.replace("\n", " ")), max_size=25))
    text = "".join(line + draw(st.sampled_from(["\n", "\n", "\n\n"])) for line in lines)
    doc = decode.run(text, max_chars=10**6)
    segment.run(doc)
    for _ in range(draw(st.integers(0, 6))):
        if not doc.source:
            break
        start = draw(st.integers(0, len(doc.source) - 1))
        end = draw(st.integers(start, min(len(doc.source), start + 80)))
        rule = draw(st.sampled_from(["boilerplate.comment_prompt", "boilerplate.share", "plain"]))
        doc.remove(start, end, rule=rule, reason="test")
    return doc


@settings(max_examples=300)
@given(documents())
def test_line_descriptions_agree_with_reading_each_line_from_the_document(doc):
    assert [_fields(i) for i in structure.describe_lines(doc)] == plain_describe(doc)
    assert structure._logical_lines(doc) == [(i.block, i.lines) for i in structure.describe_lines(doc)]


# -- detectors -----------------------------------------------------------------------------
def plain_teaser_runs(infos):
    live = [k for k, i in enumerate(infos) if i.first != "removed"]
    runs, pos = [], 0
    while pos < len(live):
        units_end, units, p = [], 0, pos
        while True:
            q = p
            while q < len(live) and q - p < structure.TEASER_TITLE_LINES and structure._title_like(infos[live[q]]):
                q += 1
            if q == p or q >= len(live):
                break
            summary = infos[live[q]]
            if summary.first not in ("prose", "sentence") or summary.words > structure.TEASER_SUMMARY_WORDS:
                break
            nxt = infos[live[q + 1]] if q + 1 < len(live) else None
            if nxt is not None and nxt.first in ("prose", "sentence"):
                break
            units += 1
            units_end.append(q + 1)
            p = q + 1
        if units >= structure.TEASER_UNITS:
            runs.append((live[pos], live[units_end[-1] - 1] + 1))
            pos = units_end[-1]
        else:
            pos += 1
    return runs


def plain_headline_runs(infos):
    live = [k for k, i in enumerate(infos) if i.first != "removed"]
    runs, pos = [], 0
    while pos < len(live):
        end = pos
        while end < len(live) and structure._headline_shaped(infos[live[end]]):
            end += 1
        if end - pos >= structure.HEADLINE_RUN:
            run = [infos[k] for k in live[pos:end]]
            if not structure._list_shaped(run) and not plain_introduced(infos, live[pos]):
                runs.append((live[pos], live[end - 1] + 1))
        pos = max(end, pos + 1)
    return runs


def plain_introduced(infos, k):
    for info in reversed(infos[:k]):
        if info.first != "removed":
            return info.text.rstrip().endswith((":", "："))
    return False


HEADLINES = ["Council expands bus network", "Posted 19 November 2019, 09:01", "Atualizado às 19h20 de 2019", "Storm closes schools", "Why rents keep rising",
             "Jane Doe wins the final", "Ingredients:", "1 lemon, sliced", "Jane Doe 12:30", "19.11.2019 reply",
             "The Best Vegan Spots In Detroit Hoodline crunched the numbers.", "Round 3: 5 April – Harbour loop",
             "Round 4: 19 April – Old town"]


def shape(first: str, words: int, ends: bool = False, enumerated: bool = False, text: str = HEADLINES[0],
          concept: str = ""):
    return LineInfo(None, [], 0, text, float(words), ends, False, enumerated, first == "removed", concept, first)


shapes = st.builds(shape, st.sampled_from(["short", "short", "sentence", "prose", "ui", "removed"]),
                   st.sampled_from([1, 3, 4, 6, 10, 20, 41]), st.booleans(),
                   st.sampled_from([False, False, False, True]), st.sampled_from(HEADLINES),
                   st.sampled_from(["", "", "", "", "comment_prompt"]))
titles = st.lists(st.builds(shape, st.sampled_from(["short", "short", "ui"]), st.sampled_from([2, 5, 8])),
                  min_size=1, max_size=5)
summaries = st.builds(shape, st.sampled_from(["sentence", "prose"]), st.sampled_from([8, 30, 45]))
# a teaser unit (titles, then a summary), a run of one kind of line, or any line
chunks = st.one_of(st.tuples(titles, summaries).map(lambda unit: unit[0] + [unit[1]]),
                   st.lists(st.builds(shape, st.just("short"), st.sampled_from([4, 7, 12]), text=st.sampled_from(HEADLINES)),
                            min_size=2, max_size=5),
                   st.lists(st.builds(shape, st.sampled_from(["short", "prose"]), st.sampled_from([3, 20]),
                                      text=st.sampled_from(["Jane Doe 12:30", "A reply"]),
                                      concept=st.sampled_from(["", "comment_prompt"])), min_size=1, max_size=4),
                   shapes.map(lambda info: [info]))


@settings(max_examples=500)
@given(st.lists(chunks, max_size=12).map(lambda parts: [info for part in parts for info in part]))
def test_teaser_headline_and_thread_searches_agree_with_their_plain_form(infos):
    lines = Lines.of(infos)
    assert structure.teaser_runs(lines) == plain_teaser_runs(infos)
    assert structure.headline_runs(lines) == plain_headline_runs(infos)
    for k in range(len(infos) + 1):
        assert structure._introduced(lines, k) == plain_introduced(infos, k)
    assert structure.comment_thread_start(lines) == plain_comment_thread_start(infos)
    assert structure.menu_runs(lines) == plain_menu_runs(infos)
    assert structure.glued_teaser_runs(lines) == plain_glued_teaser_runs(infos)
    assert structure.looks_like_whole_page(lines) == plain_looks_like_whole_page(infos)
    rows = frozenset(range(0, len(infos), 3))
    for comments_from in (None, len(infos) // 2):
        for with_rows in (frozenset(), rows):
            assert (structure.densest_region(lines, comments_from, with_rows)
                    == plain_densest_region(infos, comments_from, with_rows))
    for anchors in (frozenset(), frozenset(range(0, len(infos), 7))):
        assert structure.list_rows(lines, anchors) == plain_list_rows(infos, anchors)
    assert structure._with_year_sign(lines) == [k for k, i in enumerate(infos) if "19" in i.text or "20" in i.text]
    for with_rows in (frozenset(), rows):
        assert structure._content_flags(lines, with_rows) == [structure._content(lines, k, k in with_rows)
                                                              for k in range(len(infos))]


def plain_densest_region(infos, comments_from=None, rows=frozenset()):
    best, best_span, total, start = 0.0, None, 0.0, 0
    for k, info in enumerate(infos):
        if total <= 0:
            total, start = 0.0, k
        score = structure.line_score(info, k in rows)
        if comments_from is not None and k >= comments_from and score > 0:
            score *= structure.AFTER_COMMENTS_SHARE
        total += score
        if total > best:
            best, best_span = total, (start, k + 1)
    return best_span


def plain_menu_runs(infos):
    runs, start, count = [], None, 0
    for k, info in enumerate(infos + [None]):
        if info is not None and (structure._menu_like(info) or (info.first == "removed"
                                                                and info.words <= structure.MENU_WORDS)):
            if start is None:
                start, count = k, 0
            count += 1
            continue
        if start is not None and count >= structure.MENU_RUN and not plain_introduced(infos, start):
            runs.append((start, k))
        start, count = None, 0
    return runs


def plain_glued_teaser_runs(infos):
    paragraphs = [k for k, i in enumerate(infos) if i.first in ("prose", "sentence")]
    opens = [structure._opens_with_headline(infos[k].text) for k in paragraphs]
    runs, p = [], 0
    while p < len(paragraphs):
        if not opens[p]:
            p += 1
            continue
        q, count, last = p, 0, p
        while q < len(paragraphs):
            if opens[q]:
                count, last = count + 1, q
            elif q - last > 1:
                break
            q += 1
        if count >= structure.GLUED_TEASER_RUN:
            runs.append((paragraphs[p], paragraphs[last] + 1))
        p = last + 1
    return runs


def plain_looks_like_whole_page(infos):
    live = [i for i in infos if i.first != "removed"]
    short = sum(1 for i in live if structure._menu_like(i) and i.first == "short")
    return bool(live) and short >= 12 and short >= 0.3 * len(live)


def plain_list_rows(infos, anchors):
    rows, k = set(), 0
    while k < len(infos):
        end = k
        while end < len(infos) and structure._row_like(infos[end]) and end not in anchors:
            end += 1
        run = infos[k:end]
        if (len(run) >= structure.LIST_RUN and sum(i.words for i in run) >= structure.LIST_MEAN_WORDS * len(run)
                and plain_list_attached(infos, k, end, anchors)
                and (plain_data_shaped(run) or plain_introduced(infos, k))):
            rows.update(range(k, end))
        k = max(end, k + 1)
    return frozenset(rows)


def plain_list_attached(infos, a, b, anchors):
    for k in range(a - 1, max(a - 1 - structure.ATTACH_LINES, -1), -1):
        if k in anchors or (infos[k].first in ("prose", "sentence") and infos[k].ends_sentence):
            return True
    for k in range(b, min(b + structure.ATTACH_LINES, len(infos))):
        if k in anchors:
            return False
        if infos[k].first == "prose" and infos[k].ends_sentence:
            return True
    return False


def plain_data_shaped(run):
    with_number = sum(1 for i in run if structure._DIGIT.search(i.text))
    return structure._list_shaped(run, inner_only=True) and with_number >= 2 * len(run) / 3


def plain_comment_thread_start(infos):
    region = plain_densest_region(infos)
    if region is None:
        return None
    prose_words = 0.0
    stamps = [k for k, i in enumerate(infos)
              if i.words <= structure.STAMP_WORDS and i.first != "prose" and structure._STAMP.search(i.text)]
    for k, info in enumerate(infos[region[0]:], region[0]):
        if info.first == "prose":
            prose_words += info.words
        if prose_words < structure.PROSE_BEFORE_THREAD:
            continue
        if info.concept == "comment_prompt":
            return k
        if k in stamps:
            pos = stamps.index(k)
            chain = stamps[pos:pos + structure.STAMP_CHAIN]
            if len(chain) == structure.STAMP_CHAIN and all(b - a <= structure.STAMP_GAP for a, b in zip(chain, chain[1:])):
                return k
    return None


# -- recording the drops --------------------------------------------------------------------
@st.composite
def removal_plans(draw):
    """A text, removals already made, and sorted disjoint spans to remove after them."""
    text = draw(st.text(alphabet=st.sampled_from(list("ab \n")), min_size=1, max_size=60))
    before = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 12)), max_size=6))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    spans = [(a, b, f"boilerplate.r{k}", "why", "ev") for k, (a, b) in enumerate(zip(cuts[::2], cuts[1::2]))]
    return text, [(a, min(a + n, len(text))) for a, n in before], spans


@settings(max_examples=500)
@given(removal_plans())
def test_remove_many_records_what_one_call_per_span_records(plan):
    from cleaner.model import Document
    text, before, spans = plan
    one_by_one, at_once = Document(text), Document(text)
    for doc in (one_by_one, at_once):
        for a, b in before:
            doc.remove(a, b, rule="boilerplate.before", reason="earlier")
    for start, end, rule, reason, evidence in spans:
        one_by_one.remove(start, end, rule=rule, reason=reason, evidence=evidence)
    at_once.remove_many(spans)
    assert at_once.removed == one_by_one.removed
    assert (at_once._removed_starts, at_once._removed_ends) == (one_by_one._removed_starts, one_by_one._removed_ends)


@example("The Best Vegan Spots In Detroit crunched the numbers.")
@given(title_case | texts | ascii_texts)
def test_a_headline_lead_needs_its_capitals_before_the_first_mark(text):
    if structure._opens_with_headline(text):
        assert structure._may_open_with_headline(text)
    if text.isascii():      # the capitals counted before the first punctuation mark
        end = regex.search(r"[,:;.?!]", text)
        lead = text[:end.start()] if end else text
        expected = len(regex.findall(r"[A-Z&]", lead)) >= structure.TITLE_CASE_LEAD
        assert structure._may_open_with_headline(text) == expected
    else:       # capitals of any script, and beyond the BMP any character
        end = regex.search(r"[,:;.?!]", text)
        lead = text[:end.start()] if end else text
        expected = len(regex.findall(r"[\p{Lu}\p{N}&\U00010000-\U0010ffff]", lead)) >= structure.TITLE_CASE_LEAD
        assert structure._may_open_with_headline(text) == expected


def plain_publication_stamp(info: LineInfo) -> bool:
    return (info.first in ("short", "ui", "sentence") and not info.enumerated
            and info.words <= structure.STAMP_LINE_WORDS and bool(structure._YEAR.search(info.text))
            and bool(structure._TIME_OF_DAY.search(structure._YEAR.sub(" ", info.text))))


stamp_texts = st.lists(st.sampled_from(["Updated", ":", "19", "November", "2019", ",", "09:01", "AM", "6:21",
                                        "p.m.", "EST", "18h30", "Uhr", "٢٠١٩", "- ", "2020"]), max_size=10).map(" ".join)


@given(stamp_texts | texts, st.sampled_from(["short", "ui", "sentence", "prose"]), st.booleans())
def test_publication_stamps_agree_with_their_patterns(text, first, enumerated):
    info = LineInfo(None, [], 0, text, structure.word_weight(text), False, False, enumerated, False, first=first)
    assert structure.publication_stamp(info) == plain_publication_stamp(info)


# Lines that show each sign of a shape test, and lines that come near one without it.
SIGNS = ["Tel: Fax: E-mail:", "Tel: E-mail: 0800123456", "Tel: Fax: Mail:", "a: b: c@d", "12 / 34 / 56 / 78", "12 / 34 / 56 / 78 / 90", "Phone: 0800 123 4567", "12", "« 3 »", "3 April", "Ölçü 12",
         "Ölçü: a: b: c", "e-mail: x@y.org", "http://example.com", "www.example.com", "wwwexample",
         "1234 5678 9012", "Téléphone : 01 23 45 67 89 · Fax : 01 23 45 67 90 · contact@exemple.fr",
         " ".join(["Ascom"] * 26), " ".join(["Ascom"] * 26) + ".", " ".join(["ascom"] * 30), "漢字 " * 13]


@settings(max_examples=300)
@example(SIGNS)
@example([line.lower() for line in SIGNS])
@given(st.lists(st.sampled_from(LINES + SIGNS), max_size=10) | st.lists(texts | ascii_texts, max_size=20))
def test_first_classes_of_a_document_agree_with_the_class_of_each_line(texts_of_lines):
    lines = [t.strip() for t in texts_of_lines]
    words = [structure.word_weight(t) for t in lines]
    punctuated = [structure.ends_like_sentence(t) or structure.has_sentence_inside(t) for t in lines]
    expected = ["removed" if not t else structure._class_of_shape(t, w, p) for t, w, p in zip(lines, words, punctuated)]
    assert structure._first_classes(lines, words, punctuated) == expected


# -- the headline's lines -------------------------------------------------------------------
def plain_headline_lines(doc, infos):
    if doc.title_line is None:
        return frozenset()
    echoes = {r.start for r in doc.removed if r.rule == "boilerplate.title_echo"}
    headline = doc.metadata.get("title") or doc.kept_text(doc.title_line.start, doc.title_line.end)
    words = set(w.casefold() for w in structure._WORD.findall(headline))
    found = set()
    for k, info in enumerate(infos):
        if info.start == doc.title_line.start:
            continue
        if info.start in echoes:
            found.add(k)
        elif words and info.first != "removed" and info.words <= 2 * len(words):
            line_words = set(w.casefold() for w in structure._WORD.findall(info.text))
            if len(words & line_words) >= structure.HEADLINE_MATCH * max(len(words), len(line_words)):
                found.add(k)
    return frozenset(found)


HEADLINE_VOCABULARY = ["Council", "expands", "bus", "network", "Straße", "STRASSE", "strasse", "İstanbul",
                       "istanbul", "the", "of", "Calendário", "calendário", "2018", "ǅemal", "news", "Home", "ﬁnal"]
headline_texts = st.lists(st.sampled_from(HEADLINE_VOCABULARY), min_size=1, max_size=12).map(" ".join)


@st.composite
def pages_with_headlines(draw):
    """A headline, lines sharing some of its words, and perhaps a removed echo of it."""
    body = draw(st.lists(headline_texts | texts.map(lambda t: t.replace("\n", " ")), max_size=12))
    doc = decode.run("\n".join([draw(headline_texts), *body]), max_chars=10**6)
    segment.run(doc)
    if doc.blocks:
        doc.title_line = doc.blocks[0].lines[0]
    if draw(st.booleans()):
        doc.metadata["title"] = draw(headline_texts)
    lines = [line for block in doc.blocks for line in block.lines]
    for line in draw(st.lists(st.sampled_from(lines), max_size=2)) if lines else ():
        doc.remove(line.start, line.end, rule=draw(st.sampled_from(["boilerplate.title_echo", "boilerplate.x"])),
                   reason="test")
    return doc


@settings(max_examples=300)
@given(pages_with_headlines())
def test_headline_lines_agree_with_reading_every_line(doc):
    assert structure.headline_lines(doc, structure.describe(doc)) == plain_headline_lines(doc, structure.describe_lines(doc))


@given(st.lists(texts.map(lambda t: t.replace("\n", " ")), max_size=8))
@example(["“Quoted” — dash’s end", "Привет, мир", "漢字 and a word", "\x00 nul é", "x \U0001d400 y"])
@example(["a lone \ud800 surrogate, é", "two\nlines ’tis"])
def test_word_weights_of_non_ascii_lines_agree_with_word_weight(texts_of_lines):
    # lines sparse in non-ASCII characters are counted on their ASCII word marks
    assert structure._word_weights(texts_of_lines) == list(map(structure.word_weight, texts_of_lines))
    assert structure._sparse_word_weights(texts_of_lines) == list(map(structure.word_weight, texts_of_lines))


def test_every_bmp_character_has_the_word_mark_of_its_class():
    for code in range(128, structure._BMP):
        char = chr(code)
        mark = structure._AS_WORD_MARK[code]
        if structure._UNSPACED.match(char):
            assert mark == "\x00"
        elif regex.match(r"[\p{L}\p{N}]", char):
            assert mark == "a"
        else:
            assert mark == ("'" if char == "’" else " ")


@given(st.lists((texts | ascii_texts | st.text(alphabet="a.!?:;'\")] ”’»", max_size=8))
                .map(lambda t: t.replace("\n", " ").strip()), max_size=10))
def test_sentence_ends_of_texts_joined_agree_with_each_line(texts_of_lines):
    joined = structure._JoinedAscii(texts_of_lines, list(map(str.isascii, texts_of_lines)))
    assert structure._sentence_ends(texts_of_lines, joined) == list(map(structure.ends_like_sentence, texts_of_lines))
