"""Keyword prefilters: the literal text that every match of a pattern must contain.

A block meets a rule's regular expressions only when its lower-cased text contains one of
the rule's keywords, a substring test far cheaper than any regex. The keywords are derived
from the patterns themselves, so rule authors write nothing extra, and the derivation is
conservative: when it cannot prove that some literal is present in every match, it returns
None and the rule meets every block.

    >>> required_keywords(r"\\bgot\\s+a\\s+(?:news\\s+)?tip\\?")
    frozenset({'tip?'})
    >>> sorted(required_keywords(r"^\\s*(?:leave|post) a (?:reply|comment)"))
    ['comment', 'reply']
    >>> required_keywords(r"\\d{4}") is None
    True
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

MIN_KEYWORD = 1          # any literal is a valid filter; longer ones are preferred below
_QUANTIFIERS = "?*+{"
_CLASS_ESCAPES = set("bBdDsSwWAZzGpPXNhHvVRK0123456789")


class _Unparsable(Exception):
    pass


# A rule's prefilter, its floating patterns and its anchoring each read the same patterns:
# the readers below are pure functions of the pattern, so each pattern is read once.
@lru_cache(maxsize=4096)
def required_keywords(pattern: str) -> frozenset[str] | None:
    """A set of lower-case strings of which every match contains at least one, or None."""
    tree = _read_tree(pattern)
    return None if tree is None else _requirement(tree)


def rule_keywords(patterns) -> frozenset[str] | None:
    """Keywords of a rule: the union over its patterns, None if any pattern has none."""
    found: set[str] = set()
    for p in patterns:
        k = required_keywords(p)
        if k is None:
            return None
        found |= k
    return frozenset(found)


def _requirement(node) -> frozenset[str] | None:
    """Keywords one of which every match of `node` (an alternation or a sequence of the
    tree) contains, or None when none is certain."""
    if node[0] == "alt":
        branches = [_requirement(branch) for branch in node[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*branches)
    if node[0] == "seq":
        return _sequence_requirement(node[1])
    return None


def _sequence_requirement(items) -> frozenset[str] | None:
    """The best requirement among a sequence's mandatory parts: each run of plain literals,
    and each group that must match at least once."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run():
        literal = "".join(run).casefold()
        if len(literal.strip()) >= MIN_KEYWORD or (literal.strip() and not literal.isascii()):
            candidates.append(frozenset([literal]))
        run.clear()

    for item in items:
        if item[0] == "lit":
            run.append(item[1])
            continue
        # anything else ends the run: a quantified character may be absent or repeated
        close_run()
        group = item[1] if item[0] == "rep" and item[2] >= 1 else item
        if group[0] == "seq" or group[0] == "alt":
            found = _requirement(group)
            if found is not None:
                candidates.append(found)
    close_run()
    if not candidates:
        return None
    # prefer the requirement whose shortest keyword is longest: it filters best
    return max(candidates, key=lambda s: (min(len(k) for k in s), -len(s)))


# -- where a keyword must stand --------------------------------------------------------------
# A keyword anywhere in a line is a weak filter when it is short ("x", "ad", "app"). Most
# line rules are anchored, `^\s*(?:share|facebook|x|...)`, and others start at a word
# boundary, `\b(?:download|get) (?:our|the) app`: their matches begin with one of a few
# literal heads, at the start of the line or of a word. A head at that place is a far
# rarer event than the keyword anywhere, and just as certain.
LINE_START = "line_start"    # the literal starts the line
SENTENCE_START = "sentence_start"   # ... or a sentence: it follows white space after . ! ? etc.
WORD_START = "word_start"    # the literal follows a non-word character (or starts the line)
ANYWHERE = "anywhere"

MAX_HEAD = 24                # longer heads are cut to this length (a prefix is still certain)
MAX_HEADS = 128              # more alternatives than this: give up on heads for the pattern
_SPACE = ("space",)
_ANY = ("any",)
_ZERO = ("zero",)
_LINE_ANCHOR = ("bol",)
_WORD_BOUNDARY = ("wordb",)


@lru_cache(maxsize=4096)
def pattern_heads(pattern: str) -> tuple[str, frozenset[str]] | None:
    """(LINE_START, heads) when every match of the pattern follows `^` (white space allowed
    in between) and begins with one of the lower-case `heads`; (WORD_START, heads) when every
    match follows `\\b` instead; None when neither can be shown.

    >>> sorted(pattern_heads(r"^\\s*(?:share|tweet)(?: this)?\\s*$")[1])
    ['share', 'share this', 'tweet', 'tweet this']
    >>> pattern_heads(r"\\b(?:get|install) (?:our|the) app\\b")[0]
    'word_start'
    >>> sorted(pattern_heads(r"\\b(?:get|install) (?:our|the) app\\b")[1])
    ['get our app', 'get the app', 'install our app', 'install the app']
    >>> pattern_heads(r"(?:^|\\s)share") is None
    True
    """
    tree = _read_tree(pattern)
    if tree is None:
        return None
    branches = tree[1] if tree[0] == "alt" else [tree]
    place, heads = None, set()
    for branch in branches:
        found = _branch_heads(branch)
        if found is None or (place is not None and found[0] != place):
            return None
        place = found[0]
        heads |= found[1]
    return place, frozenset(heads)


def _branch_heads(branch) -> tuple[str, set[str]] | None:
    items = list(branch[1]) if branch[0] == "seq" else [branch]
    if not items or items[0] not in (_LINE_ANCHOR, _WORD_BOUNDARY):
        return None
    place = LINE_START if items[0] == _LINE_ANCHOR else WORD_START
    rest = items[1:]
    # `^\s*`: the searched text never starts with white space, so \s* matches nothing there
    while rest and place == LINE_START and (rest[0] == _ZERO or rest[0] == ("rep", _SPACE, 0, None)):
        rest = rest[1:]
    heads = _prefixes(("seq", rest))
    if not heads or any(not h for h, _ in heads):
        return None
    return place, {h for h, _ in heads}


def _prefixes(node) -> set[tuple[str, bool]] | None:
    """Strings one of which begins every match of `node`, each with whether it is the whole
    match (so that what follows may extend it), or None when no such set is known."""
    kind = node[0]
    if kind == "lit":
        return {(node[1].casefold(), True)}
    if kind == "set":
        return {(c.casefold(), True) for c in node[1]}
    if kind == "zero" or kind == "bol" or kind == "wordb":
        return {("", True)}
    if kind == "alt":
        out: set[tuple[str, bool]] = set()
        for branch in node[1]:
            found = _prefixes(branch)
            if found is None:
                return None
            out |= found
        return _capped(out)
    if kind == "rep":
        _, body, low, high = node
        found = _prefixes(body)
        if found is None:
            return None
        if low == 1 and high == 1:
            return found
        out = _incomplete(found) if high != 1 else found
        return _capped(out | {("", True)}) if low == 0 else out
    if kind == "seq":
        current = {("", True)}
        for item in node[1]:
            found = _prefixes(item)
            if found is None:
                return {(h, False) for h, _ in current} if any(h for h, _ in current) else None
            grown = {(h, False) for h, done in current if not done}
            grown |= {(h + more, more_done) for h, done in current if done for more, more_done in found}
            if len(grown) > MAX_HEADS and all(h for h, _ in current):
                return _incomplete(current)   # stop growing rather than lose the heads so far
            current = _capped(grown)
            if all(not done for _, done in current):
                break
        return current
    return None   # any other character matcher


def _incomplete(found: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    return {(h, False) for h, _ in found}


def _capped(found: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    """Cut long heads to MAX_HEAD characters, and shorter while there are too many of them
    (a prefix of a head is as certain as the head)."""
    limit = MAX_HEAD
    out = found
    while True:
        out = {(h[:limit], False) if len(h) > limit else (h, done) for h, done in found}
        if len(out) <= MAX_HEADS or limit == 1:
            return out
        limit -= 1


# -- a small recursive-descent reader of the regex syntax -----------------------------------
# It gives a tree of ("alt", branches), ("seq", items), ("rep", node, low, high), ("lit", ch),
# ("set", chars) and the markers above; whatever it cannot read surely makes it give up.

@lru_cache(maxsize=4096)
def _read_tree(pattern: str):
    """The pattern's tree, or None when the pattern uses syntax the reader does not know."""
    try:
        tree, pos = _tree_alternation(pattern, 0)
    except (_Unparsable, IndexError, ValueError):
        return None
    return tree if pos == len(pattern) else None


def _tree_alternation(p: str, i: int):
    branches = []
    node, i = _tree_sequence(p, i)
    branches.append(node)
    while i < len(p) and p[i] == "|":
        node, i = _tree_sequence(p, i + 1)
        branches.append(node)
    return (branches[0] if len(branches) == 1 else ("alt", branches)), i


def _tree_sequence(p: str, i: int):
    items = []
    while i < len(p) and p[i] not in "|)":
        atom, i = _tree_atom(p, i)
        atom, i = _tree_quantified(p, i, atom)
        items.append(atom)
    return ("seq", items), i


def _tree_atom(p: str, i: int):
    ch = p[i]
    if ch == "(":
        return _tree_group(p, i)
    if ch == "[":
        return _tree_class(p, i)
    if ch == "\\":
        return _tree_escape(p, i)
    if ch == ".":
        return _ANY, i + 1
    if ch == "^":
        return _LINE_ANCHOR, i + 1
    if ch == "$":
        return _ZERO, i + 1
    if ch in _QUANTIFIERS:
        raise _Unparsable(p)          # a quantifier with nothing before it, or fuzzy matching
    return ("lit", ch), i + 1


def _tree_group(p: str, i: int):
    i += 1
    zero_width = False
    if p.startswith("?", i):
        i += 1
        if p[i] == ":" or p[i] == ">":
            i += 1
        elif p[i] in "=!":
            zero_width, i = True, i + 1
        elif p.startswith("<=", i) or p.startswith("<!", i):
            zero_width, i = True, i + 2
        elif p.startswith("P<", i) or (p[i] == "<" and p[i + 1] not in "=!"):
            i = p.index(">", i) + 1
        elif p[i] == "#":
            return _ZERO, p.index(")", i) + 1
        elif p[i].isalpha() or p[i] == "-":
            j = i
            while p[j].isalpha() or p[j] == "-":
                j += 1
            # verbose and full-case-folding groups change what a literal is: give up
            if p[j] != ":" or "x" in p[i:j] or "f" in p[i:j]:
                raise _Unparsable(p)
            i = j + 1
        else:
            raise _Unparsable(p)
    node, i = _tree_alternation(p, i)
    if i >= len(p) or p[i] != ")":
        raise _Unparsable(p)
    return (_ZERO if zero_width else node), i + 1


def _tree_class(p: str, i: int):
    """A character class: the set of its characters when it lists plain ones, else any."""
    j = i + 1
    negated = p.startswith("^", j)
    if negated:
        j += 1
    chars, plain = set(), not negated
    first = True
    while first or p[j] != "]":
        first = False
        ch = p[j]
        if ch == "[":
            raise _Unparsable(p)      # nested sets or POSIX classes: not worth reading
        if ch == "\\":
            literal, j = _escape(p, j)
            if literal is None:
                plain = False
            else:
                chars.add(literal)
            continue
        if ch == "-" and chars and p[j + 1] != "]":
            plain = False             # a range
        chars.add(ch)
        j += 1
    return (("set", frozenset(chars)) if plain and chars else _ANY), j + 1


def _tree_escape(p: str, i: int):
    ch = p[i + 1]
    if ch == "b":
        return _WORD_BOUNDARY, i + 2
    if ch in "BAZzG":
        return _ZERO, i + 2
    if ch == "s":
        return _SPACE, i + 2
    literal, i = _escape(p, i)
    return (_ANY if literal is None else ("lit", literal)), i


def _escape(p: str, i: int):
    """An escape at p[i]: (its literal character or None, next index)."""
    ch = p[i + 1]
    if ch in "pPN" and p.startswith("{", i + 2):
        return None, p.index("}", i) + 1
    if ch in "xuU":
        width = {"x": 2, "u": 4, "U": 8}[ch]
        if p.startswith("{", i + 2):
            end = p.index("}", i)
            return chr(int(p[i + 3:end], 16)), end + 1
        return chr(int(p[i + 2:i + 2 + width], 16)), i + 2 + width
    if ch in _CLASS_ESCAPES or ch.isalpha():
        return None, i + 2
    return ch, i + 2


def _tree_quantified(p: str, i: int, atom):
    """The atom with the quantifier at p[i], if any, as ("rep", atom, low, high)."""
    if i >= len(p) or p[i] not in _QUANTIFIERS:
        return atom, i
    if p[i] == "{":
        j = p.find("}", i)
        body = p[i + 1:j] if j > 0 else ""
        if j < 0 or not body or not all(c.isdigit() or c == "," for c in body) or body.count(",") > 1:
            raise _Unparsable(p)      # fuzzy matching or a literal brace: not worth reading
        low_text, _, high_text = body.partition(",")
        low = int(low_text or 0)
        high = low if "," not in body else (int(high_text) if high_text else None)
        i = j + 1
    else:
        low, high = {"?": (0, 1), "*": (0, None), "+": (1, None)}[p[i]]
        i += 1
    if i < len(p) and p[i] in "?+":                 # lazy or possessive
        i += 1
    if atom in (_ZERO, _LINE_ANCHOR, _WORD_BOUNDARY):
        return _ZERO, i
    return ("rep", atom, low, high), i


def rule_prefilter(patterns, scope: str) -> tuple[tuple[str, str], ...] | None:
    """(keyword, place) pairs, one of which a line must hold for the rule to match its
    untouched text, `place` being LINE_START, SENTENCE_START, WORD_START or ANYWHERE; None
    when some pattern has no certain keyword. Each pattern contributes the better of its
    heads (pattern_heads) and its keywords anywhere (required_keywords). Block rules read
    many lines at once and keep the keywords anywhere."""
    pairs: set[tuple[str, str]] = set()
    for pattern in patterns:
        found = pattern_prefilter(pattern, scope)
        if found is None:
            return None
        pairs |= found
    return tuple(sorted(pairs))


def pattern_prefilter(pattern: str, scope: str) -> set[tuple[str, str]] | None:
    """The (keyword, place) pairs of one pattern of a rule of this scope (rule_prefilter)."""
    anywhere = required_keywords(pattern)
    heads = pattern_heads(pattern) if scope != "block" else None
    options = []
    if anywhere is not None:
        options.append({(k, ANYWHERE) for k in anywhere})
    if heads is not None:
        place, found = heads
        if place == LINE_START and scope == "sentence":
            place = SENTENCE_START    # sentence rules read each sentence from its start
        options.append({(h, place if place != WORD_START or _starts_a_word(h) else ANYWHERE)
                        for h in found})
    if not options:
        return None
    return max(options, key=_filter_strength)   # a tie goes to the keywords anywhere


def reads_behind(pattern: str) -> bool:
    """True when the pattern may look before where its match starts (conservatively: any
    ^ outside a negated class, any lookbehind, \\A or \\G)."""
    bare = pattern.replace("\\\\", "").replace("\\^", "").replace("[^", "[")
    return "^" in bare or "(?<=" in bare or "(?<!" in bare or "\\A" in bare or "\\G" in bare


def sentence_heads_only(patterns) -> bool:
    """True when each pattern that reads behind its match starts with ^ and either filters
    lines by its heads at a sentence's start or runs on over any text first (floating_rest):
    a sentence rule's match can then be foreseen in a whole line, by those heads or by a
    search of its other patterns and of those rests (see boilerplate._worth_reading)."""
    for pattern in patterns:
        if reads_behind(pattern) and floating_rest(pattern) is None:
            found = pattern_prefilter(pattern, "sentence")
            if not found or any(place != SENTENCE_START for _, place in found):
                return False
    return True


# ^ and a run of any characters of the line: `^[^\n]{0,600}`, `^.*`, `^[^\n]{3,200}`
_LINE_RUN = re.compile(r"\^(?:\[\^\\n\]|\.)(?:\*|\{\d+(?:,\d*)?\}|\{,\d+\})")


def floating_rest(pattern: str) -> str | None:
    """What follows `^[^\\n]{0,600}` (or `^.*`...) at the start of the pattern, when it reads
    nothing behind itself: a match from a sentence's start holds a match of this rest
    further on in the line, so a search of the whole line for it foresees the pattern's.

    >>> floating_rest(r"^[^\\n]{0,600}\\bcredits?:")
    '\\\\bcredits?:'
    >>> floating_rest(r"^\\s*credit") is None
    True
    """
    run = _LINE_RUN.match(pattern)
    if run is None:
        return None
    rest = pattern[run.end():]
    if not rest or rest[0] in "?+*{" or reads_behind(rest):
        return None
    try:
        regex.compile(rest)
    except regex.error:
        return None
    return rest


_BONUS = {LINE_START: 8, SENTENCE_START: 4, WORD_START: 1, ANYWHERE: 0}


def _filter_strength(pairs) -> int:
    """How rare a line holding one of the keywords is: the weakest keyword decides."""
    return min(len(k.strip()) + _BONUS[place] for k, place in pairs)


def _starts_a_word(text: str) -> bool:
    """True when text starts with a word character, so that \\b before it means a non-word
    character (or nothing) before it."""
    import regex
    return bool(regex.match(r"\w", text))
