"""The repair stage: tables of inputs that must change and inputs that must not."""
from __future__ import annotations

import textwrap

import pytest

from cleaner import Cleaner, Config, render
from cleaner.model import Document
from cleaner.pipeline import Context
from cleaner import repair, segment

# Boilerplate and metadata rules remove text by design; these tests look at repairs alone.
REPAIR_ONLY = Config(disable=("boilerplate", "metadata"))
CLEANER = Cleaner(REPAIR_ONLY)


def clean(text: str) -> str:
    return CLEANER.clean(text).text


def one_line(text: str) -> str:
    return text.strip() + "\n"


WRAPPED = textwrap.fill(
    "Renault is writing off eleven billion dollars in the first half of the year as its "
    "Japanese counterpart teeters on the verge of collapse, and the accountants have finally "
    "put a number on just how bad things have gotten for the alliance and its partners.", 60) + "\n\n" + textwrap.fill(
    "The company currently owns a large share of its Japanese alliance partner and says that "
    "it will value its holdings based strictly on the share price from now on, Reuters said.", 60)

MUST_CHANGE = [
    # quote split from its attribution (seed 003), in several languages
    ("We are discussing how we can collaborate in the US,\n\n— he said, hinting at more.",
     "We are discussing how we can collaborate in the US, — he said, hinting at more.", "quote, dash"),
    ("“We will win,”\n\nhe said on Monday.", "“We will win,” he said on Monday.", "quote, no dash"),
    ("“I was like, oh my gosh,”\n\nMinnesota Wild winger Zach Parise said.",
     "“I was like, oh my gosh,” Minnesota Wild winger Zach Parise said.", "quote, named speaker"),
    ("It works in the US,\n\n— Espinosa noted.", "It works in the US, — Espinosa noted.", "dash, named speaker"),
    ("Read more at example.comwhere we post.", "Read more at example.com where we post.", "glued domain, no word"),
    ("It happened in 2019.The company grew.", "It happened in 2019. The company grew.", "glued after a year"),
    ("The electri-<br>\ncal grid failed.", "The electrical grid failed.", "hyphen before a removed tag"),
    ("He said &#8220;no&#8221; , then left.", "He said “no”, then left.", "entity before a spaced comma"),
    ('He said "no."The end came.', 'He said "no." The end came.', "glued after a closing quote"),
    ("“¿Qué haremos?”\n\n— dijo el ministro.", "“¿Qué haremos?” — dijo el ministro.", "Spanish"),
    ("« Nous verrons bien »\n\n— a-t-il déclaré.", "« Nous verrons bien » — a-t-il déclaré.", "French"),
    ("„Wir sind bereit“,\n\nsagte er am Montag.",
     "„Wir sind bereit“, sagte er am Montag.", "German"),
    # line-end hyphens: decided by the word list and the document
    ("The electri-\ncal grid failed on Sunday.", "The electrical grid failed on Sunday.", "hyphenated word"),
    ("Its cost-\ncutting plan was approved.", "Its cost-cutting plan was approved.", "compound keeps hyphen"),
    ("Send an e-\nmail to the desk.", "Send an e-mail to the desk.", "one-letter fragment"),
    ("The Kraftfahr-\nzeug was new. Every Kraftfahrzeug is taxed.",
     "The Kraftfahrzeug was new. Every Kraftfahrzeug is taxed.", "document evidence, non-English"),
    ("The well-known author is back. She was well-\nknown here too.",
     "The well-known author is back. She was well-known here too.", "document evidence for the hyphen"),
    # spacing at joins
    ("It rained on Sunday.Police said the roads were closed.",
     "It rained on Sunday. Police said the roads were closed.", "missing space after a sentence"),
    ("What now?Nobody knew.", "What now? Nobody knew.", "missing space after a question"),
    ("They backed up that assessment.Rep.Frank Lucas agreed.",
     "They backed up that assessment. Rep. Frank Lucas agreed.", "two glued sentence ends in a row"),
    ("Debt topped $700 million.McClatchy said so.", "Debt topped $700 million. McClatchy said so.",
     "glued before a Mc- name"),
    ("See EVXL.co for news.\n\nShe is the editor of EVXL.codonde she covers cars.",
     "See EVXL.co for news.\n\nShe is the editor of EVXL.co donde she covers cars.", "glued domain"),
    ("M uch of the focus was on the final.", "Much of the focus was on the final.", "drop cap"),
    ("T he Davis Cup began on Monday.", "The Davis Cup began on Monday.", "drop cap, rest is a word"),
    ("This came after a failed merger with , leaving Nissan alone.",
     "This came after a failed merger with, leaving Nissan alone.", "space before comma"),
    ("It ended on Tuesday .", "It ended on Tuesday.", "space before full stop"),
    # entities and markup remnants
    ("Fish &amp; chips", "Fish & chips", "named entity"),
    ("It&#8217;s here.", "It’s here.", "numeric entity"),
    ("It&amp;#8217;s here.", "It’s here.", "double-escaped entity"),
    ("A&nbsp;B and C&shy;D", "A B and CD", "entities for odd and invisible characters"),
    ("First line.<br>Second line.", "First line. Second line.", "br between words"),
    ("It was <b>very</b> hot.", "It was very hot.", "inline tags"),
    ("The end.</p>", "The end.", "closing tag"),
    ('Read <a href="https://example.com/x">the report</a> today.', "Read the report today.", "link tag"),
    # hard wrap, when the document is evidently wrapped
    (WRAPPED,
     "Renault is writing off eleven billion dollars in the first half of the year as its "
     "Japanese counterpart teeters on the verge of collapse, and the accountants have finally "
     "put a number on just how bad things have gotten for the alliance and its partners.\n\n"
     "The company currently owns a large share of its Japanese alliance partner and says that "
     "it will value its holdings based strictly on the share price from now on, Reuters said.", "hard wrap"),
]


@pytest.mark.parametrize("text, expected, case", MUST_CHANGE, ids=[c for _, _, c in MUST_CHANGE])
def test_must_change(text, expected, case):
    assert clean(text) == one_line(expected)


MUST_NOT_CHANGE = [
    ("The rate is 3.5% and rose to 12.75 by 2.30 p.m.", "decimals"),
    ("Visit https://example.com/Path.Html?a=1&b=2 or www.DearAbby.com today.", "URLs"),
    ("Write to jane.Doe@example.com or haye @ evxl.co for details.", "e-mail addresses"),
    ("Bring fruit, e.g. apples. The U.S. Army and the U.K. agreed.", "abbreviations"),
    ("J.R.R. Tolkien and J.K.Rowling met H.G. Wells.", "initials"),
    ("Call System.Console.WriteLine() or obj.Method() from Node.js on ASP.NET.", "code"),
    ("I got an A- on the test.", "grade with a minus"),
    ("The System.Console.Out stream and Foo.Bar.Baz names.", "namespaces"),
    ("Arabic verse:\n\nﺎَﻣ ﻰَﺴَﻋ ْﻥَﺃ َﻥﻮُﻜَﻳ\nﺎَﻣ ﻰَﺴَﻋ ْﻥَﺃ", "uncased script lines"),
    ("The file is README.Md and the site is Amazon.Com, not Mixi.Media.", "file and domain names"),
    ("A long time ago the team won.", "one-letter word at the start"),
    ("E chi siamo noi per astenersi?", "Italian one-letter word"),
    ("It was simple things like that that made him. He had had enough.", "grammatical doubled words"),
    ("Sharing my letter on the the sentencing.", "a doubled word not at a join is the author's"),
    ("Bonjour ! Comment allez-vous ? Il a dit : oui ; non.", "French spacing"),
    ("Senator Ahmad Lawan , on Tuesday , moved a motion , while it was on recess .", "house style spaces"),
    ("It’s because <The Palace: Tale of Jang Noksu> was part of it.", "angle brackets as title quotes"),
    ("Wrap the text in a <p> tag, or use the `<br>` element.", "tags named in prose"),
    ("AT&T and Fish &amp chips and &bogus; stay.", "ampersands that are not entities"),
    ("Roses are red,\nViolets are blue,\nSugar is sweet,\nAnd so are you.", "verse"),
    ("Ingredients:\n- two eggs\n- one cup of milk\n- a pinch of salt", "list"),
    ("Arrowhead bottled water\nbaby carrier\nhealthy snack bars\ncamera", "short lines"),
    ("def f(x):\n    return x.Value\nprint(f(y))", "code block"),
    ("The pre-\n\nwar years were hard.", "hyphen at a paragraph end"),
    ("Paris -\nLondon is a short trip.", "spaced dash at a line end"),
    ("He said: “We are ready.”\n\nThe meeting ended.", "quote followed by a new paragraph"),
    ("The plan was simple,\n\nThe next day it rained.", "comma then a capitalized paragraph"),
    ("Score: 3 :) and 4 :-(", "emoticons"),
    ("And then . . . nothing happened at all.", "spaced ellipsis"),
    ("“We will win.”\n\nHe said the team was ready.", "a new sentence after a finished quote"),
    ("Visit bar.network and foo.codes and x.company and y.income today.", "domains that are words"),
    ("Pi is 3.14.Then 12.5.Then", "decimals before a glued word"),
    ("Type player.setav speedmult and player.setav health in the console.", "console commands"),
    ("She wrote to me,\n\nThe next day, Smith said no.", "comma then a sentence naming a speaker late"),
    ("Natale è vicino.\nSi tratta di una tradizione con molte storie e tante luci per tutta la città.\n"
     "In molte case si prepara il presepe con grande cura e attenzione ai dettagli più piccoli.\n"
     "Il giorno dopo si mangia insieme con tutta la famiglia riunita attorno al tavolo grande.",
     "a paragraph per line"),
]


@pytest.mark.parametrize("text, case", MUST_NOT_CHANGE, ids=[c for _, c in MUST_NOT_CHANGE])
def test_must_not_change(text, case):
    result = CLEANER.clean(text)
    assert result.repairs == []
    assert result.text == render.canonical(text)


@pytest.mark.parametrize("text", [t for t, _, _ in MUST_CHANGE] + [t for t, _ in MUST_NOT_CHANGE])
def test_idempotent_and_replayable(text):
    result = CLEANER.clean(text)
    assert clean(result.text) == result.text
    replayed = render.canonical(render.apply_edits(result.source, result.removed, result.repairs))
    assert replayed == result.text


RULES = ["repair.quote_attribution", "repair.dehyphenate", "repair.missing_space", "repair.glued_domain",
         "repair.drop_cap", "repair.space_before_punctuation", "repair.html_entity",
         "repair.markup_remnant", "repair.hard_wrap"]


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_can_be_switched_off(rule):
    cleaner = Cleaner(REPAIR_ONLY.with_(disable=("boilerplate", "metadata", rule)))
    for text, expected, _ in MUST_CHANGE:
        result = cleaner.clean(text)
        assert all(r.rule != rule for r in result.repairs)
    used = {r.rule for text, _, _ in MUST_CHANGE for r in CLEANER.clean(text).repairs}
    assert rule in used


def test_repairs_name_their_rule_and_reason():
    result = CLEANER.clean("It rained on Sunday.Police came.")
    (rep,) = result.repairs
    assert rep.rule == "repair.missing_space" and rep.before == "" and rep.after == " "
    assert "Sunday" in rep.reason


# -- the view: removed text is gone, the next kept paragraph counts -------------------------

class _Ctx:
    def __init__(self, config=REPAIR_ONLY):
        self.config = config


def _document(text: str) -> Document:
    doc = Document(text)
    segment.run(doc)
    doc.language = "en"
    return doc


def test_quote_join_skips_a_removed_paragraph():
    text = "“We are ready,”\n\nAdvertisement\n\n— he said.\n"
    doc = _document(text)
    start = text.index("Advertisement")
    doc.remove(start, start + len("Advertisement"), rule="boilerplate.ad", reason="ad")
    repair.run(doc, _Ctx())
    out = render.canonical(render.apply_edits(doc.source, doc.removed, doc.repairs))
    assert out == "“We are ready,” — he said.\n"


def test_doubled_word_across_a_removed_link():
    text = "Nissan signed a deal with the the Renault group.\n"
    doc = _document(text.replace("the the", "the [link] the"))
    start = doc.source.index("[link]")
    doc.remove(start, start + len("[link]"), rule="boilerplate.link", reason="link")
    repair.run(doc, _Ctx())
    out = render.canonical(render.apply_edits(doc.source, doc.removed, doc.repairs))
    assert out == "Nissan signed a deal with the Renault group.\n"


def test_repairs_never_touch_removed_text():
    text = "Sunday.Police said it. Read more at EVXL.co\n"
    doc = _document(text)
    doc.remove(0, text.index(" said"), rule="boilerplate.x", reason="x")
    repair.run(doc, _Ctx())
    assert all(not (r.start < text.index(" said") and r.end > 0) for r in doc.repairs if r.start != r.end)


# -- gaps --------------------------------------------------------------------------------

GAPS = [
    (", a key player in the electric vehicle industry, may sell its headquarters.", "missing_subject"),
    ("The deal fell through. , a rival, stepped in at once.", "missing_subject"),
    ("This shift comes after a failed merger with , leaving Nissan alone.", "missing_object"),
    ("The company is leveraging its alliance with through models like the Micra.", "missing_object"),
    ("She handed the keys to the , and left the building.", "missing_object"),
    ("The report (published on Monday said nothing new about the plan", "unclosed_bracket"),
    ("Downtown San Antonio park will become a fantasy land for the", "truncated_sentence"),
]


@pytest.mark.parametrize("text, kind", GAPS, ids=[k + str(i) for i, (_, k) in enumerate(GAPS)])
def test_gaps_are_reported_and_words_kept(text, kind):
    result = CLEANER.clean(text)
    assert kind in {g.kind for g in result.gaps}
    for word in text.split():
        assert word.strip(",") in result.text


NO_GAPS = [
    "The deaths of at least three children were reported at 10 a.m. local time.",
    "If you're doing long runs of rendering or the like, the iMac Pro works better.",
    "The people he works with, including Smith, agreed.",
    "Plan A, the cheaper one, was chosen over grade A.",
    "“We are ready,” he said. “We will go on,\n\n“and we will win.”",
    "Meet me at the station with about 20 friends from across the country.",
    "Our new series of interviews with lawyers and judges is called Legal Q&A",
]


@pytest.mark.parametrize("text", NO_GAPS)
def test_no_gap_in_whole_sentences(text):
    assert CLEANER.clean(text).gaps == []


def test_gaps_can_be_switched_off():
    cleaner = Cleaner(REPAIR_ONLY.with_(disable=("boilerplate", "metadata", "repair.gaps")))
    assert cleaner.clean(GAPS[0][0]).gaps == []


def test_wrapped_list_paragraph_joins_only_what_continues():
    # lines no longer than the document's width (60), as a wrapper leaves them
    listing = ("Noise cancellation for immersive sound\n"
               "Transparency mode for hearing and connecting with you all\n"
               "The programme may well fail to find better chances. If\n"
               "Evidence Action Beta fails, the grant fails too.")
    text = WRAPPED + "\n\n" + listing
    out = clean(text)
    assert "sound\nTransparency mode" in out
    assert "all\nThe programme" in out
    assert "If Evidence Action Beta" in out
