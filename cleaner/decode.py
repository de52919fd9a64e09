"""Stage 1, decode: bytes or str in, the canonical *source* out.

Every offset in the report points into the text this stage returns, so everything that
changes characters without meaning (encoding damage, newline style, invisible characters,
odd spaces, Unicode normalization) happens here, once, before any decision is recorded.
"""
from __future__ import annotations

import codecs
import re
import time
import unicodedata

import ftfy
import ftfy.badness
import ftfy.chardata
import ftfy.fixes
import regex

from .model import Document, DocumentTimeout

# ftfy is slow beside the rest of the pipeline, so it runs only on text it would change.
# That is decided as ftfy decides, not by a guess of our own. Its other fixers touch only
# the characters of _DAMAGE_SIGN (C0 and C1 controls, the ESC of terminal escapes, the other
# control characters it strips); its encoding repair starts only when its own detector,
# ftfy.badness.is_bad, finds a mojibake pattern. Every pattern of that detector holds two
# adjacent characters of its alphabet (the non-ASCII characters it names), not both plain
# letters (see _plain_letters), except a few that hold one of Ã Â Œ œ: _MOJIBAKE_HINT
# finds those cheaply, and only text where it finds one pays for the detector. Text
# showing neither comes out of ftfy.fix_text as it went in, up to NFC, which normalize()
# applies anyway. The test suite checks this on ftfy's own collection of real mojibake and
# on page text re-encoded the usual wrong ways.
_DAMAGE_SIGN = re.compile(
    "[\\x80-\\x9f" + "".join(f"\\U{c:08x}" for c in sorted(ftfy.chardata.CONTROL_CHARS)) + "]")


def _characters_named(pattern: str) -> set[str]:
    """The non-ASCII characters a regular expression names, alone or in ranges."""
    chars = {c for c in pattern if ord(c) > 0x7F}
    for first, last in regex.findall(r"([^\x00-\x7f])-([^\x00-\x7f])", pattern):
        chars.update(chr(c) for c in range(ord(first), ord(last) + 1))
    return chars


def _class_of(chars: set[str]) -> str:
    """Characters as a regex class body."""
    return "".join(f"\\U{ord(c):08x}" for c in sorted(chars))


_ALPHABET_CHARACTERS = _characters_named(ftfy.badness.BADNESS_RE.pattern)
_ALPHABET = _class_of(_ALPHABET_CHARACTERS)


def _plain_letters() -> set[str]:
    """Letters of the alphabet that no pattern of ftfy's detector needs in pairs: every
    pattern holds two adjacent characters of its alphabet not both plain, or one of
    Ã Â Œ œ or of the C1 controls (damage signs, looked for apart). So two plain letters in
    a row - "ção" in Portuguese, most of a Russian or Greek text - are no sign of damage.

    Found from the detector's own patterns: the letters of the alphabet, less, for each
    pattern whose every pair of adjacent characters of the alphabet may be two plain
    letters ("вЂ", or a lower-case accented letter before an upper-case one), the plain
    letters of one of its places, the place with the fewest. The test suite holds the
    result to the detector."""
    try:
        patterns = _detector_patterns()
    except Exception:   # an ftfy whose detector is shaped otherwise: pass no letter over
        return set()
    plain = {c for c in _ALPHABET_CHARACTERS if c.isalpha()}
    alone = set("ÃÂŒœ") | {chr(c) for c in range(0x80, 0xA0)}
    for places in patterns:
        if any(chars is not None and chars <= alone for chars in places):
            continue
        pairs = [(a, b) for a, b in zip(places, places[1:])
                 if a is not None and b is not None and a | b <= _ALPHABET_CHARACTERS]
        if not pairs:
            return set()     # a pattern without a pair: no letter can be passed over
        if all(a & plain and b & plain for a, b in pairs):
            # the fewest letters that cover it: on a tie, the later place ("Ђ" of "вЂ")
            plain -= min(reversed([place & plain for pair in pairs for place in pair]), key=len)
    return plain


def _detector_patterns() -> list[list[set[str] | None]]:
    """Each alternative of ftfy's detector as the characters each of its places can hold
    (None for a place that is not one character of a plain class: an optional part, an
    anchor, a negated or category class). Raises ValueError when the detector is not one
    alternation of such patterns (it reads ftfy's pattern and the parser of the re module,
    neither of which promises its shape: _plain_letters then passes no letter over)."""
    from re import _constants as sre, _parser
    tree = _parser.parse(ftfy.badness.BADNESS_RE.pattern, ftfy.badness.BADNESS_RE.flags)
    if len(tree.data) != 1 or tree.data[0][0] is not sre.BRANCH:
        raise ValueError("ftfy's detector is not one alternation")
    alternatives = tree.data[0][1][1]
    patterns = []
    for alternative in alternatives:
        places: list[set[str] | None] = []
        for op, av in alternative.data:
            if op is sre.LITERAL:
                places.append({chr(av)})
            elif op is sre.IN and all(kind in (sre.LITERAL, sre.RANGE) for kind, _ in av):
                places.append({chr(c) for kind, value in av
                               for c in ([value] if kind is sre.LITERAL else range(value[0], value[1] + 1))})
            else:
                places.append(None)
        patterns.append(places)
    return patterns


_PLAIN_LETTERS = _plain_letters()
_NOT_PLAIN = _class_of(_ALPHABET_CHARACTERS - _PLAIN_LETTERS)
# One of Ã Â Œ œ, or a character of the alphabet that is no plain letter beside another
# character of the alphabet (this lookaround follows the class each pattern below starts
# with): the pair that a detector pattern holds is found by its character that is no plain
# letter, on either side, so plain letters never start a match and the scan, one plain
# character class first, which the standard re module scans for fastest, passes over them.
# A pattern spans at most _WINDOW characters, so the window around either character of
# the pair holds it.
_PAIR_OF_THE_ALPHABET = f"(?=[{_ALPHABET}])|(?<=[{_ALPHABET}].)"
_MOJIBAKE_HINT = re.compile(f"[ÃÂŒœ{_NOT_PLAIN}](?:(?<=[ÃÂŒœ])|{_PAIR_OF_THE_ALPHABET})")


def shows_damage(text: str, *, nfc: bool = False) -> bool:
    """True when ftfy.fix_text could change `text` beyond NFC: run ftfy only then. With
    `nfc`, the caller knows the text is NFC already, which spares normalizing it again.

    >>> shows_damage("café au lait"), shows_damage("cafÃ© au lait")
    (False, True)
    """
    return _DAMAGE_SIGN.search(text) is not None or _shows_mojibake(text, nfc=nfc)


def _shows_mojibake(text: str, *, nfc: bool = False) -> bool:
    """shows_damage(text) for a text without damage signs: whether ftfy's encoding repair
    would start."""
    if text.isascii():
        return False
    if _detector_fires(text):
        return True
    if nfc:
        return False
    # ftfy normalizes, then looks again: composing characters can complete a pattern
    composed = unicodedata.normalize("NFC", text)
    return composed != text and _detector_fires(composed)


_WINDOW = 8          # no pattern of ftfy's detector spans more characters than this
_MAX_WINDOWS = 64    # past this many hints, one search over the whole text is cheaper


def _detector_fires(text: str) -> bool:
    """ftfy.badness.is_bad(text), searching only around the places a pattern can match."""
    for count, hint in enumerate(_MOJIBAKE_HINT.finditer(text)):
        if count == _MAX_WINDOWS:
            return ftfy.badness.is_bad(text)
        at = hint.start()
        if _BADNESS.search(text, max(at - _WINDOW, 0), at + _WINDOW):
            return True
    return False


_BADNESS = ftfy.badness.BADNESS_RE


_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,        # entities are a repair the report records, not a silent change
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,  # conservative: keep what the author typed
    fix_character_width=False,  # CJK full-width forms are meaningful
    uncurl_quotes=False,        # typographic quotes are kept by default
    fix_line_breaks=True,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization="NFC",
    explain=False,
)

# Spaces that are not U+0020 become U+0020. The ideographic space U+3000 is kept: it is
# part of CJK full-width typography, which the canonical form preserves.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u000b\u000c]")
# Invisible characters with no meaning in running text. ZWJ and ZWNJ are kept: they
# change how Persian, Indic scripts and emoji render and so carry meaning.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Runs of more than MAX_SPACE_RUN spaces are cut to that length here, in the source: a long
# run of spaces is the input on which patterns such as `\s*:?\s*$` backtrack quadratically
# (or worse), and the output collapses every run anyway. Shorter runs stay, so the source
# keeps the spacing of code and preformatted text.
MAX_SPACE_RUN = 16
_SPACE_RUN = re.compile(r" {%d,}" % (MAX_SPACE_RUN + 1))
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\u0085]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LONG_SPACE_RUN = " " * (MAX_SPACE_RUN + 1)


def _class_body(pattern: re.Pattern) -> str:
    """The inside of a pattern that is one character class."""
    assert pattern.pattern.startswith("[") and pattern.pattern.endswith("]"), pattern.pattern
    return pattern.pattern[1:-1]


# Whatever a pass of normalize() could act on, as one pattern: a character that a fix
# removes or replaces (damage signs, odd spaces, invisible and control characters, newlines
# other than \n, surrogates), or a place where _MOJIBAKE_HINT finds one, where ftfy's
# detector may fire. It has _MOJIBAKE_HINT's shape, one character class first, which the
# re module scans for fast.
_CHANGED_BY_A_FIX = "".join(_class_body(p) for p in (_DAMAGE_SIGN, _ODD_SPACES, _INVISIBLE, _CONTROL, _SURROGATE))
_CHANGED_BY_A_FIX += r"\r\u2028\u2029\u0085"   # _NEWLINES
_CHANGED_BY_A_FIX_RE = re.compile(f"[{_CHANGED_BY_A_FIX}]")
_NOT_CANONICAL = re.compile(f"[{_CHANGED_BY_A_FIX}ÃÂŒœ{_NOT_PLAIN}]"
                            f"(?:(?<=[{_CHANGED_BY_A_FIX}ÃÂŒœ])|{_PAIR_OF_THE_ALPHABET})")


class DecodeError(ValueError):
    """The input cannot be read as text (for example, it is binary data)."""


def bytes_to_text(data: bytes) -> tuple[str, str]:
    """Decode bytes: a BOM wins, then UTF-16 by its NUL pattern, then strict UTF-8, then
    cp1252 (a superset of Latin-1 for printable text, and what mislabelled pages use).

    >>> bytes_to_text("café".encode("utf-8"))
    ('café', 'utf-8')
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                      (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    # UTF-16 before UTF-8: ASCII text in UTF-16 is also valid UTF-8 (with a NUL after every
    # letter), and UTF-8 text never has NULs in every other byte.
    sample = data[:4096]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / len(sample[0::2])
        odd_nuls = sample[1::2].count(0) / len(sample[1::2])
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _control_share(sample) > BINARY_CONTROL_SHARE:
        raise DecodeError(f"input looks binary (over {BINARY_CONTROL_SHARE:.0%} control bytes), not text")
    return data.decode("cp1252", errors="replace") if _cp1252_ok(data) else data.decode("latin-1"), "cp1252"


# Text in any 8-bit encoding has almost no C0 control bytes besides tab, newlines and
# form feed; binary data (images, archives, executables) is full of them.
BINARY_CONTROL_SHARE = 0.02
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")


def _control_share(sample: bytes) -> float:
    return sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS) / max(len(sample), 1)


def _cp1252_ok(data: bytes) -> bool:
    # five byte values are undefined in cp1252; their presence means Latin-1
    return not any(b in data for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def normalize(text: str, deadline: float | None = None) -> tuple[str, bool]:
    """Canonical characters: encoding repaired, NFC, plain spaces, no invisible or control
    characters, one space at most between words, newlines as \\n. Returns the text and
    whether the encoding was repaired. Past `deadline` (a time.monotonic() value) it raises
    DocumentTimeout.

    Passes repeat until nothing changes (at most MAX_PASSES), because one fix can reveal
    another: removing a soft hyphen inside "\\xadÂ\\x80" leaves the mojibake "Â€" that
    ftfy then repairs. Without this, cleaning clean output could change it again.

    >>> normalize("cafÃ©\\u00a0au lait\\r\\n")
    ('café au lait\\n', True)
    """
    if is_canonical(text):
        return text, False   # most pages, and every page cleaned once
    return _normalize_passes(text, deadline)


def _normalize_passes(text: str, deadline: float | None) -> tuple[str, bool]:
    """normalize() by running its passes."""
    text, repaired, may_hold_signs = _normalize_once(text, deadline)
    # the other substitutions are idempotent: only remaining damage can make a pass change more
    for _ in range(MAX_PASSES - 1):
        # shows_damage(text, nfc=True): a pass leaves its text NFC, and may_hold_signs tells
        # whether it can have left a damage sign
        if not ((may_hold_signs and _DAMAGE_SIGN.search(text)) or _shows_mojibake(text, nfc=True)):
            break
        fixed, changed_encoding, may_hold_signs = _normalize_once(text, deadline)
        if fixed == text:
            break
        text, repaired = fixed, repaired or changed_encoding
    return text, repaired


MAX_PASSES = 3


def is_canonical(text: str) -> bool:
    """True when normalize(text) gives text back, decided by one scan instead of a pass of
    every fix: no character a fix would change, no sign of damage for ftfy, no overlong run
    of spaces, and NFC already.

    >>> is_canonical("café au lait"), is_canonical("cafÃ©"), is_canonical("a\\tb")
    (True, False, False)
    """
    if _LONG_SPACE_RUN in text:
        return False
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return False
    # One scan finds each character a fix changes and each place where ftfy's detector
    # may fire (_MOJIBAKE_HINT's, in the same order); adjacent characters of ftfy's
    # alphabet ("’”", Cyrillic words) are common and seldom damage, so the detector itself
    # is asked around those, as _detector_fires does.
    changed_by_a_fix = _CHANGED_BY_A_FIX_RE.match
    windows = 0
    for found in _NOT_CANONICAL.finditer(text):
        at = found.start()
        if changed_by_a_fix(text, at):
            return False
        if windows == _MAX_WINDOWS:   # _detector_fires reads the whole text from here on
            return not (_CHANGED_BY_A_FIX_RE.search(text, at) or ftfy.badness.is_bad(text))
        windows += 1
        if _BADNESS.search(text, max(at - _WINDOW, 0), at + _WINDOW):
            return False
    return True


def _normalize_once(text: str, deadline: float | None) -> tuple[str, bool, bool]:
    """One pass of normalize(): the text, whether its encoding was repaired, and whether
    it may hold a damage sign. Only ftfy can leave one: the other fixes remove characters
    or put spaces and line breaks in their place, and NFC composes letters and symbols."""
    repaired = False
    # one scan tells which of the substitutions below have anything to do
    present = _fix_characters_in(text)
    if _SURROGATE.search(present):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        present = _fix_characters_in(text)
    # the damage signs are among the characters a fix changes: `present` holds any there are
    may_hold_signs = _DAMAGE_SIGN.search(present) is not None
    if may_hold_signs or _shows_mojibake(text):
        fixed = _fix_encoding(text, deadline)
        repaired = fixed != unicodedata.normalize("NFC", text)   # NFC alone is no repair
        text = fixed
        present = _fix_characters_in(text)
        may_hold_signs = True
    if _NEWLINES.search(present):
        text = _NEWLINES.sub("\n", text)
    text = _canonical_characters_of(text, present)
    if _LONG_SPACE_RUN in text:   # a plain search: _SPACE_RUN has no first character to look for
        text = _SPACE_RUN.sub(" " * MAX_SPACE_RUN, text)
    return text, repaired, may_hold_signs


def canonical_characters(text: str) -> str:
    """The source's characters without encoding repair or newline handling: invisible and
    control characters removed, odd spaces made plain, NFC. The repair stage gives the
    character an HTML entity stands for the same form.

    >>> canonical_characters("a\\u00a0b\\u200bc\\x07e\\u0301")
    'a bcé'
    """
    return _canonical_characters_of(text, _fix_characters_in(text))


def _fix_characters_in(text: str) -> str:
    """The distinct characters of `text` that some fix changes, found by one scan."""
    return "".join(set(_CHANGED_BY_A_FIX_RE.findall(text)))


def _canonical_characters_of(text: str, present: str) -> str:
    """canonical_characters(text), given the characters of it that a fix changes
    (_fix_characters_in): each substitution runs only when one it acts on is there."""
    if present:
        text = _INVISIBLE.sub("", text) if _INVISIBLE.search(present) else text
        text = _ODD_SPACES.sub(" ", text) if _ODD_SPACES.search(present) else text
        text = _CONTROL.sub("", text) if _CONTROL.search(present) else text
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


# ftfy fixes text in independent segments: each line, and a line longer than
# max_decode_length in pieces of that length from its start. On a segment that shows no
# damage (see shows_damage) it only unifies line breaks and applies NFC, so it is called on
# the damaged segments alone - often a few lines of a page - with the same output as one
# call on the whole text; the deadline is checked before each call.
_FTFY_BATCH = _FTFY_CONFIG.max_decode_length

# A character where a segment can show damage: a damage sign, or a place where
# _MOJIBAKE_HINT finds one (as _NOT_CANONICAL is built, one character class first).
_DAMAGE_SIGN_OR_HINT = re.compile(f"[{_class_body(_DAMAGE_SIGN)}ÃÂŒœ{_NOT_PLAIN}]"
                                  f"(?:(?<=[{_class_body(_DAMAGE_SIGN)}ÃÂŒœ])|{_PAIR_OF_THE_ALPHABET})")


def _fix_encoding(text: str, deadline: float | None) -> str:
    """ftfy.fix_text(text), calling ftfy only on the segments that show damage.

    Only a line holding a damage sign or a mojibake hint can show damage when the text is
    NFC (then so is each of its lines: a line break composes with nothing), so one scan of
    the whole text finds the lines to ask shows_damage about, and the lines between them
    are treated as ftfy treats undamaged ones, many at once (line breaks and NFC act line
    by line). A text long enough for ftfy to cut a line into pieces is read segment by
    segment."""
    length = len(text)
    if length > _FTFY_BATCH or not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return _fix_encoding_by_segment(text, deadline)
    out = []
    pos = 0
    while pos < length:
        sign = _DAMAGE_SIGN_OR_HINT.search(text, pos)
        if sign is None:
            out.append(_undamaged_segment(text[pos:]))
            break
        line_start = text.rfind("\n", pos, sign.start()) + 1 or pos
        if line_start > pos:
            out.append(_undamaged_segment(text[pos:line_start]))
        pos = text.find("\n", sign.start()) + 1 or length
        out.append(_fix_segment(text[line_start:pos], deadline))
    return "".join(out)


def _fix_encoding_by_segment(text: str, deadline: float | None) -> str:
    """ftfy.fix_text(text), asking shows_damage about every segment."""
    out = []
    pos, length = 0, len(text)
    while pos < length:
        cut = text.find("\n", pos) + 1 or length
        if cut - pos > _FTFY_BATCH:
            cut = pos + _FTFY_BATCH            # where ftfy itself cuts a long line
        out.append(_fix_segment(text[pos:cut], deadline))
        pos = cut
    return "".join(out)


def _fix_segment(segment: str, deadline: float | None) -> str:
    """ftfy.fix_text(segment) for one segment: ftfy itself only where it shows damage."""
    if shows_damage(segment):
        if deadline is not None and time.monotonic() > deadline:
            raise DocumentTimeout("document exceeded its time limit (while repairing its encoding)")
        return ftfy.fix_text(segment, _FTFY_CONFIG)
    return _undamaged_segment(segment)


def _undamaged_segment(segment: str) -> str:
    """What ftfy.fix_text does to a segment that shows no damage."""
    return unicodedata.normalize("NFC", ftfy.fixes.fix_line_breaks(segment))


def run(data: str | bytes, *, max_chars: int, input_format: str = "text",
        deadline: float | None = None) -> Document:
    """Make the document: decode, normalize, and bound its size."""
    warnings = []
    if isinstance(data, (bytes, bytearray, memoryview)):
        text, encoding = bytes_to_text(bytes(data))
        if encoding not in ("utf-8", "utf-8-sig"):
            warnings.append(("encoding_detected", f"input was not UTF-8; decoded as {encoding}"))
    elif isinstance(data, str):
        text = data
    else:
        raise TypeError(f"expected str or bytes, not {type(data).__name__}")
    if len(text) > max_chars:
        warnings.append(("input_truncated", f"document of {len(text)} characters cut to the "
                                            f"first {max_chars} (max_document_chars)"))
        text = text[:max_chars]
    # Clean text always ends with a line break, and ftfy reads a text's last characters
    # differently when a line break follows them ("Äœ" stays, "Äœ\n" is "Ĝ\n"): normalize
    # the text as it will end, so cleaning the output again finds nothing more to repair.
    ends_a_line = text.endswith("\n")
    text, repaired = normalize(text if ends_a_line else text + "\n", deadline)
    if not ends_a_line and text.endswith("\n"):
        text = text[:-1]
    doc = Document(text, input_format=input_format)
    if repaired:
        warnings.append(("encoding_repaired", "mojibake or broken encoding was repaired before cleaning"))
    for kind, message in warnings:
        doc.warn(kind, message)
    return doc
