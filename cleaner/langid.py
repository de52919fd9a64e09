"""Language identification backends behind one small interface.

A backend answers two questions about a piece of text:

- `detect(text, best_effort=...)`: which language is this, with what confidence, and is
  the answer reliable? A backend may abstain (language "unknown") when the text is too
  short or too mixed to say.
- `choose(text, among)`: of these few languages, which one fits this text best? Used for
  lines too short to judge alone, once their neighbours have said which languages are in play.

Two backends ship:

- "pycld2" (the default): CLD2 through pycld2. Its model is inside the wheel, it abstains
  instead of guessing on short text, and it runs tens of thousands of detections per second.
- "langdetect": the pure-Python port of Google's language-detection library, made
  deterministic with a fixed seed per detector. Slower and more eager to guess on names
  and listings, but it needs no compiled extension.

Nothing here downloads anything: both ship their models inside the installed package.
Backends are stateless once built (langdetect's profiles are loaded once per set of
candidate languages), so results never depend on what was detected before.
"""
from __future__ import annotations

import functools
import itertools
import operator
import random
import re
from typing import NamedTuple, Protocol

import regex

from .config import LANGUAGE_BACKENDS as BACKENDS

UNKNOWN = "unknown"

# Characters that CLD2 rejects as invalid input (controls, surrogates, unassigned, private use).
_UNSAFE = regex.compile(r"[^\P{C}\n\t]")


class Guess(NamedTuple):
    """One answer of a backend: an ISO 639-1 code (or "unknown"), a confidence in [0, 1],
    and whether the backend itself considers the answer reliable. (A named tuple: one is
    made per line of every document, and tuples are the cheapest immutable records.)"""
    language: str
    confidence: float
    reliable: bool
    others: tuple[tuple[str, int], ...] = ()   # other languages seen, with their percent of the text

    @property
    def known(self) -> bool:
        return self.language != UNKNOWN


NO_GUESS = Guess(UNKNOWN, 0.0, False)
# Guess((language, confidence, reliable, others)) without the generated __new__'s Python
# frame: a page makes a Guess for each of thousands of lines.
_new_guess = functools.partial(tuple.__new__, Guess)
SECOND_OPINION_PROBABILITY = 0.99
SECOND_OPINION_CHARS = 300

# Languages written so alike that detectors mix them up: a line of one in a document of the
# other is no fragment, and a choice between languages accepts either.
KIN_LANGUAGES = (frozenset({"id", "ms"}), frozenset({"hr", "bs", "sr", "sh", "me"}),
                 frozenset({"no", "nb", "nn", "da", "sv"}), frozenset({"fa", "prs"}), frozenset({"pt", "gl"}),
                 frozenset({"cs", "sk"}))


def same_language(a: str, b: str) -> bool:
    """True for one language, or for two kin languages (Indonesian and Malay; Bosnian,
    Croatian and Serbian; the Scandinavian languages; Portuguese and Galician; Czech and Slovak).

    >>> same_language("ms", "id"), same_language("es", "pt")
    (True, False)
    """
    return a == b or any(a in kin and b in kin for kin in KIN_LANGUAGES)


class Backend(Protocol):
    name: str

    def detect(self, text: str, *, best_effort: bool = False) -> Guess: ...

    def detect_many(self, texts: list[str]) -> list[Guess]: ...

    def choose(self, text: str, among: tuple[str, ...]) -> Guess: ...

    def second_opinion(self, text: str) -> Guess: ...


# -- CLD2 ---------------------------------------------------------------------------------
# CLD2 speaks a few legacy or regional codes; the report speaks ISO 639-1.
_CLD2_CODES = {"iw": "he", "zh-Hant": "zh", "jw": "jv", "in": "id", "mo": "ro", "tl": "tl"}


_CLD2_UNKNOWN = frozenset({"un", "xxx", "xx-Qaai"})


class Cld2Backend:
    """CLD2 (pycld2). In its default mode it abstains on text it cannot judge reliably;
    best-effort mode makes it answer anyway, which is only worth it with context."""

    name = "pycld2"

    def __init__(self, candidates: tuple[str, ...] = ()) -> None:
        try:
            import pycld2
        except ImportError as e:
            raise ImportError("the pycld2 language backend needs the pycld2 package "
                              "(pip install pycld2), or choose language_backend='langdetect'") from e
        self._cld2 = pycld2
        self.candidates = frozenset(candidates)

    # In best-effort mode CLD2 answers even on text it barely matches; its normalized score
    # tells those answers apart. On lines of 3+ words of the evaluation set, best-effort
    # answers scoring 500 or more were all right, and a third of those below were wrong
    # (Italian read as English, list items as Volapük).
    BEST_EFFORT_MIN_SCORE = 500.0

    def _details(self, text: str, best_effort: bool):
        """(reliable, [(code, percent), ...]) for the languages CLD2 found, best first."""
        if not text.isprintable():
            text = _UNSAFE.sub(" ", text)
        try:
            reliable, _, details = self._cld2.detect(text, bestEffort=True) if best_effort else self._cld2.detect(text)
        except self._cld2.error:
            return False, []
        return self._found(reliable, details, best_effort)

    def _found(self, reliable: bool, details, best_effort: bool):
        """_details from what CLD2 answered: `reliable` and its `details`."""
        _, code, percent, score = details[0]
        if percent > 0 and (len(details) == 1 or not details[1][2]) and code not in _CLD2_UNKNOWN:
            # one language (most lines): the loop below in short
            if best_effort and score < self.BEST_EFFORT_MIN_SCORE:
                reliable = False
            return reliable, [(_CLD2_CODES.get(code, code), percent)]
        found = []
        for _, code, percent, score in details:
            if percent > 0 and code not in _CLD2_UNKNOWN:
                if best_effort and not found and score < self.BEST_EFFORT_MIN_SCORE:
                    reliable = False
                found.append((_CLD2_CODES.get(code, code), percent))
        return reliable, found

    def detect(self, text: str, *, best_effort: bool = False) -> Guess:
        """The most likely language among the candidates (all languages when none are set).

        >>> Cld2Backend().detect("Dejar una respuesta", best_effort=True).language
        'es'
        """
        return self._guess(*self._details(text, best_effort))

    def _guess(self, reliable: bool, found: list[tuple[str, int]]) -> Guess:
        """The Guess for what _details found."""
        if self.candidates:
            found = [(code, pct) for code, pct in found if code in self.candidates]
        if not found:
            return NO_GUESS
        code, percent = found[0]
        return Guess(code, percent / 100 if reliable else percent / 200, reliable,
                     tuple(found[1:]) if len(found) > 1 else ())

    def detect_many(self, texts: list[str]) -> list[Guess]:
        """[detect(text) for text in texts], with the common case (one language, no
        candidates to filter by) answered without the general path's calls: a page has
        thousands of lines to judge."""
        detect, error, unknown, codes = self._cld2.detect, self._cld2.error, _CLD2_UNKNOWN, _CLD2_CODES
        new_guess = _new_guess
        guesses = []
        append = guesses.append
        for text in texts:
            if not text.isprintable():
                text = _UNSAFE.sub(" ", text)
            try:
                reliable, _, details = detect(text)
            except error:
                append(NO_GUESS)
                continue
            _, code, percent, _ = details[0]
            if (percent > 0 and (len(details) == 1 or not details[1][2]) and code not in unknown
                    and not self.candidates):
                append(new_guess((codes.get(code, code), percent / 100 if reliable else percent / 200, reliable, ())))
            else:
                append(self._guess(*self._found(reliable, details, False)))
        return guesses

    def choose(self, text: str, among: tuple[str, ...]) -> Guess:
        """The language of `among` that CLD2 ranks first in best-effort mode. When CLD2 ranks
        none of them (it abstains on some short texts, Cyrillic ones notably), langdetect
        decides with only the profiles of `among` loaded."""
        reliable, found = self._details(text, True)
        for code, percent in found:
            for wanted in among:
                if same_language(code, wanted):
                    return Guess(wanted, round(percent / 100 if reliable else percent / 200, 4), reliable)
        if found:
            return NO_GUESS  # CLD2 is sure of some third language
        return LangdetectBackend().choose(text, among)

    def second_opinion(self, text: str) -> Guess:
        """langdetect's answer on a long line CLD2 could not place (it reads some plain
        Italian sentences as English at a low score); only a near-certain answer counts."""
        # langdetect's time grows with the text; its first few hundred characters settle it
        return _langdetect_second_opinion(text[:SECOND_OPINION_CHARS], tuple(sorted(self.candidates)))


@functools.lru_cache(maxsize=1024)
def _langdetect_second_opinion(text: str, candidates: tuple[str, ...]) -> Guess:
    """Cld2Backend.second_opinion, remembered: langdetect over all languages takes a
    millisecond or two per line, its answer depends on nothing else, and the pages of a
    site repeat their lines."""
    guess = LangdetectBackend(candidates).detect(text, best_effort=True)
    if guess.confidence < SECOND_OPINION_PROBABILITY:
        return NO_GUESS
    return Guess(guess.language, guess.confidence, True)


# -- langdetect ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _langdetect_factory(languages: tuple[str, ...]):
    """A langdetect DetectorFactory with the profiles of `languages` only (all when empty).

    Built once per set of languages: loading profiles is slow, and restricting them to the
    candidates makes short texts markedly more accurate. The factory is never mutated after
    it is built, so sharing it cannot make one call depend on another.
    """
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    factory = DetectorFactory()
    factory.seed = 0  # langdetect samples n-grams at random; a fixed seed makes it repeatable
    available = sorted(os.listdir(PROFILES_DIRECTORY))
    wanted = [name for name in available if not languages or _from_langdetect(name) in languages]
    if len(wanted) == 1:
        # langdetect needs two profiles to compare; a single candidate needs no detection
        return None
    _load_profiles(factory, [_parsed_profile(name) for name in wanted])
    return factory


@functools.lru_cache(maxsize=None)
def _parsed_profile(name: str) -> dict:
    """langdetect's profile `name` (one of its few dozen files), parsed once per process:
    the factories of each pair of languages and the one of all languages share it, and
    only ever read it."""
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY
    with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as f:
        return json.load(f)


def _load_profiles(factory, profiles: list[dict]) -> None:
    """Fill `factory` from parsed JSON `profiles` as DetectorFactory.load_json_profile does,
    but with an n-gram table that computes each row on first use (see _NgramTable)."""
    factory.langlist.extend(profile["name"] for profile in profiles)
    factory.word_lang_prob_map = _NgramTable(profiles)


class _NgramTable:
    """langdetect's table of n-gram probabilities per language (`word_lang_prob_map`), each
    row computed the first time a detection asks for it, with the same arithmetic as
    DetectorFactory.add_profile, so the same floats. Building the whole table up front costs
    a sixth of a second for all languages (90,000 n-grams, of which a detection reads a few
    hundred), and its 90,000 lists would be walked by every full garbage collection.
    Rows are tuples, never changed once made: the table is as immutable as the built one,
    and never larger (only the profiles' own n-grams get a row)."""

    __slots__ = ("_counts", "_totals", "_known", "_rows")

    def __init__(self, profiles: list[dict]) -> None:
        self._counts = [profile["freq"] for profile in profiles]
        self._totals = [profile["n_words"] for profile in profiles]
        self._known = frozenset().union(*self._counts)  # the n-grams of any profile
        self._rows: dict[str, tuple[float, ...]] = {}

    def __contains__(self, ngram) -> bool:
        return ngram in self._known

    def __getitem__(self, ngram: str) -> tuple[float, ...]:
        row = self._rows.get(ngram)
        if row is None:
            if ngram not in self._known:
                raise KeyError(ngram)
            n = len(ngram)
            if 1 <= n <= 3:
                row = tuple(1.0 * counts[ngram] / totals[n - 1] if ngram in counts else 0.0
                            for counts, totals in zip(self._counts, self._totals))
            else:
                row = (0.0,) * len(self._counts)  # longer n-grams are listed, never weighted
            self._rows[ngram] = row
        return row

    def rows(self, ngrams: list[str]) -> list[tuple[float, ...]]:
        """[self[ngram] for ngram in ngrams], the rows already made read straight from the
        dict (a text repeats its n-grams, and a site its lines)."""
        made = self._rows.get
        return [made(ngram) or self[ngram] for ngram in ngrams]


# -- langdetect's detection, restated -----------------------------------------------------
# langdetect.detector.Detector spends its time in Python index loops: a detection samples a
# few hundred n-grams at random and, for each, multiplies every language's probability by
# the n-gram's weight in it, one list item at a time. The functions below do the very same
# float operations in the same order (so the same probabilities, bit for bit) with list
# comprehensions over whole rows, five samples fused between two convergence checks, and
# each character normalized once per process instead of once per occurrence.
_DETECT_TRIALS = 7            # Detector.n_trial (a test holds each to langdetect's own)
_DETECT_ALPHA = 0.5           # Detector.ALPHA_DEFAULT
_DETECT_ALPHA_WIDTH = 0.05    # Detector.ALPHA_WIDTH
_DETECT_ITERATION_LIMIT = 1000  # Detector.ITERATION_LIMIT
_DETECT_CONVERGED = 0.99999   # Detector.CONV_THRESHOLD
_DETECT_BASE_FREQ = 10000     # Detector.BASE_FREQ
_DETECT_MAX_TEXT = 10000      # Detector.max_text_length
_DETECT_REPORTED = 0.1        # Detector.PROB_THRESHOLD
_ASCII_LETTER_RANGE = re.compile("[A-z]")      # Detector.cleaning_text's 'A' <= ch <= 'z'
# cleaning_text means to spare Latin Extended Additional, but it compares unicode_block's
# number with a block name, so every character from U+0300 up counts as non-Latin
_FROM_COMBINING_MARKS = re.compile("[\u0300-\U0010ffff]")


class _NormalizedChars(dict):
    """str.translate table: code point -> langdetect's NGram.normalize of the character,
    each computed on first sight (a block lookup in Python) and kept: the set of distinct
    characters a process meets is small."""

    def __missing__(self, code_point: int) -> str:
        from langdetect.utils.ngram import NGram
        normalized = self[code_point] = NGram.normalize(chr(code_point))
        return normalized


_NORMALIZED_CHARS = _NormalizedChars()


def _detector_text(text: str) -> str:
    """The text a langdetect Detector reads after append(text) and cleaning_text(), but
    for append's folding of runs of spaces, which the n-gram buffer skips all the same."""
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram
    text = Detector.MAIL_RE.sub(" ", Detector.URL_RE.sub(" ", text))
    text = NGram.normalize_vi(text)[:_DETECT_MAX_TEXT]
    latin = len(_ASCII_LETTER_RANGE.findall(text))
    if latin * 2 < len(_FROM_COMBINING_MARKS.findall(text)):
        text = _ASCII_LETTER_RANGE.sub("", text)
    return text


def _text_ngrams(text: str, known) -> list[str]:
    """Detector._extract_ngrams: the 1- to 3-grams of `text` that `known` lists, in order,
    with langdetect's NGram buffer (reset at each space, silent inside all-capital words)."""
    found = []
    append = found.append
    grams = " "
    capital_word = False
    for ch in text.translate(_NORMALIZED_CHARS):
        last = grams[-1]
        if last == " ":
            capital_word = False
            if ch == " ":
                grams = " "
                continue
            grams = " " + ch
        elif len(grams) >= 3:
            grams = grams[1:] + ch
        else:
            grams += ch
        if ch.isupper():
            if last.isupper():
                capital_word = True
            if capital_word:
                continue
        else:
            capital_word = False
        if ch != " " and ch in known:
            append(ch)
        if len(grams) >= 2:
            if grams[-2:] in known:
                append(grams[-2:])
            if len(grams) == 3 and grams in known:
                append(grams)
    return found


def _random_rows(generator: random.Random, rows: list):
    """An endless iterator of rows picked at random as generator.choice(rows) picks them,
    drawing only when asked (so the generator's later draws are unchanged): choice is
    rows[_randbelow(len(rows))], and _randbelow draws len(rows).bit_length() random bits
    until they make a number below len(rows). Built of C iterators, so a pick runs no
    Python function; tests compare the result with langdetect's own detector."""
    count = len(rows)
    bits = functools.partial(generator.getrandbits, count.bit_length())
    return map(rows.__getitem__, filter(count.__gt__, iter(bits, None)))


def _detection_trial(draws, languages: int, weight: float) -> list[float]:
    """One trial of Detector._detect_block: from even odds, multiply in the rows of randomly
    picked n-grams, normalizing after the first and then after every fifth, until one
    language passes the convergence threshold or the iteration limit is reached."""
    prob = [1.0 / languages] * languages
    prob = [p * (weight + q) for p, q in zip(prob, next(draws))]
    total = sum(prob)
    prob = [p / total for p in prob]
    if max(prob) > _DETECT_CONVERGED:
        return prob
    for a, b, c, d, e in _groups_of_five(draws):
        # ((((p * fa) * fb) * fc) * fd) * fe: the order of five separate updates
        prob = [p * (weight + qa) * (weight + qb) * (weight + qc) * (weight + qd) * (weight + qe)
                for p, qa, qb, qc, qd, qe in zip(prob, a, b, c, d, e)]
        total = sum(prob)
        prob = [p / total for p in prob]
        if max(prob) > _DETECT_CONVERGED:
            break
    return prob


def _groups_of_five(draws):
    """The picks a trial makes after its first, five at a time, in order: langdetect checks
    convergence after pick 0, 5, 10, ... and stops at the check after pick 1000."""
    return itertools.islice(zip(draws, draws, draws, draws, draws), _DETECT_ITERATION_LIMIT // 5)


def _two_language_trial(draws, weight: float) -> list[float]:
    """_detection_trial for two languages, on two floats instead of two-item lists (most
    calls choose between a page's language and one other): the same operations."""
    first = second = 1.0 / 2
    a1, a2 = next(draws)
    first *= weight + a1
    second *= weight + a2
    total = first + second   # what sum() of the pair adds
    first /= total
    second /= total
    if first > _DETECT_CONVERGED or second > _DETECT_CONVERGED:
        return [first, second]
    for (a1, a2), (b1, b2), (c1, c2), (d1, d2), (e1, e2) in _groups_of_five(draws):
        first = first * (weight + a1) * (weight + b1) * (weight + c1) * (weight + d1) * (weight + e1)
        second = second * (weight + a2) * (weight + b2) * (weight + c2) * (weight + d2) * (weight + e2)
        total = first + second
        first /= total
        second /= total
        if first > _DETECT_CONVERGED or second > _DETECT_CONVERGED:
            break
    return [first, second]


def _langdetect_probabilities(factory, text: str) -> list[tuple[str, float]]:
    """What factory.create(), append(text) and get_probabilities() give, as (language,
    probability) pairs, most likely first; [] when the text has no n-gram of any profile
    (langdetect raises there)."""
    table = factory.word_lang_prob_map
    ngrams = _text_ngrams(_detector_text(text), table._known)
    if not ngrams:
        return []
    rows = table.rows(ngrams)
    languages = len(factory.langlist)
    langprob = [0.0] * languages
    generator = random.Random(factory.seed)
    draws = _random_rows(generator, rows)
    for _ in range(_DETECT_TRIALS):
        alpha = _DETECT_ALPHA + generator.gauss(0.0, 1.0) * _DETECT_ALPHA_WIDTH
        weight = alpha / _DETECT_BASE_FREQ
        if languages == 2:
            prob = _two_language_trial(draws, weight)
        else:
            prob = _detection_trial(draws, languages, weight)
        langprob = [total + p / _DETECT_TRIALS for total, p in zip(langprob, prob)]
    found = [(lang, p) for lang, p in zip(factory.langlist, langprob) if p > _DETECT_REPORTED]
    found.sort(key=operator.itemgetter(1), reverse=True)
    return found


def _from_langdetect(code: str) -> str:
    return "zh" if code.startswith("zh") else code


class LangdetectBackend:
    """langdetect, seeded per detector so repeated calls give the same answer. It has no
    notion of abstaining, so an answer counts as reliable only above a probability and a
    length at which its guesses on names and listings become rare."""

    name = "langdetect"
    RELIABLE_PROBABILITY = 0.90
    RELIABLE_LETTERS = 25

    def __init__(self, candidates: tuple[str, ...] = ()) -> None:
        self.candidates = tuple(sorted(set(candidates)))
        if self.candidates and not set(self.candidates) & choice_languages():
            raise ValueError(f"langdetect supports none of the candidate languages {self.candidates}")

    def _probabilities(self, text: str, languages: tuple[str, ...]) -> list[tuple[str, float]]:
        factory = _langdetect_factory(languages)
        if factory is None:
            return [(languages[0], 1.0)] if languages else []
        merged: dict[str, float] = {}
        for lang, prob in _langdetect_probabilities(factory, text):
            code = _from_langdetect(lang)
            merged[code] = merged.get(code, 0.0) + prob
        return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))

    def detect(self, text: str, *, best_effort: bool = False) -> Guess:
        """The most likely language; unreliable on short text unless `best_effort`."""
        found = self._probabilities(text, self.candidates)
        if not found:
            return NO_GUESS
        code, prob = found[0]
        letters = sum(1 for ch in text if ch.isalpha())
        reliable = prob >= self.RELIABLE_PROBABILITY and letters >= self.RELIABLE_LETTERS
        if not reliable and not best_effort:
            return NO_GUESS
        others = tuple((c, round(p * 100)) for c, p in found[1:] if p >= 0.01)
        return Guess(code, round(prob, 4), reliable, others)

    def detect_many(self, texts: list[str]) -> list[Guess]:
        """[detect(text) for text in texts]."""
        return [self.detect(text) for text in texts]

    def second_opinion(self, text: str) -> Guess:
        """langdetect has already answered as well as it can."""
        return NO_GUESS

    def choose(self, text: str, among: tuple[str, ...]) -> Guess:
        """The likelier of a few languages, with only their profiles loaded."""
        supported = choice_languages()
        among = tuple(sorted(code for code in set(among) if code in supported))
        if not among:
            return NO_GUESS
        found = self._probabilities(text, among)
        if not found:
            return NO_GUESS
        code, prob = found[0]
        return Guess(code, round(prob, 4), prob >= self.RELIABLE_PROBABILITY)


@functools.lru_cache(maxsize=1)
def choice_languages() -> frozenset[str]:
    """The languages langdetect can choose between (ISO 639-1), listed once per process:
    each backend built and each choice made asks."""
    return frozenset(_from_langdetect(n) for n in _supported_langdetect_codes())


@functools.lru_cache(maxsize=1)
def _supported_langdetect_codes() -> tuple[str, ...]:
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY
    return tuple(sorted(os.listdir(PROFILES_DIRECTORY)))


# -- choosing a backend ---------------------------------------------------------------------
def cld2_available() -> bool:
    try:
        import pycld2  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=16)
def get_backend(name: str = "auto", candidates: tuple[str, ...] = ()) -> Backend:
    """The backend called `name`, restricted to `candidates` (ISO 639-1 codes; () for any).

    "auto" is pycld2 when it is installed, else langdetect.
    """
    if name not in BACKENDS:
        raise ValueError(f"language backend must be one of {', '.join(BACKENDS)}, not {name!r}")
    if name == "auto":
        name = "pycld2" if cld2_available() else "langdetect"
    if name == "pycld2":
        return Cld2Backend(candidates)
    return LangdetectBackend(candidates)
