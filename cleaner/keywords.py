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

MIN_KEYWORD = 1          # any literal is a valid filter; longer ones are preferred below
_QUANTIFIERS = "?*+{"
_CLASS_ESCAPES = set("bBdDsSwWAZzGpPXNhHvVRK0123456789")


class _Unparsable(Exception):
    pass


def required_keywords(pattern: str) -> frozenset[str] | None:
    """A set of lower-case strings of which every match contains at least one, or None."""
    try:
        node, pos = _parse_alternation(pattern, 0)
    except (_Unparsable, IndexError):
        return None
    if pos != len(pattern):
        return None
    return node


def rule_keywords(patterns) -> frozenset[str] | None:
    """Keywords of a rule: the union over its patterns, None if any pattern has none."""
    found: set[str] = set()
    for p in patterns:
        k = required_keywords(p)
        if k is None:
            return None
        found |= k
    return frozenset(found)


# -- a small recursive-descent reader of the regex syntax -----------------------------------
# Each function returns (requirement, position): requirement is a frozenset of keywords (one of
# which every match contains) or None (no such guarantee).

def _parse_alternation(p: str, i: int):
    branches = []
    req, i = _parse_sequence(p, i)
    branches.append(req)
    while i < len(p) and p[i] == "|":
        req, i = _parse_sequence(p, i + 1)
        branches.append(req)
    if any(b is None for b in branches):
        return None, i
    return frozenset().union(*branches), i


def _parse_sequence(p: str, i: int):
    """Read items up to | or ) and keep the best requirement among the mandatory ones."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run():
        literal = "".join(run).casefold()
        if len(literal.strip()) >= MIN_KEYWORD or (literal.strip() and not literal.isascii()):
            candidates.append(frozenset([literal]))
        run.clear()

    while i < len(p) and p[i] not in "|)":
        ch = p[i]
        if ch == "(":
            req, i, optional_group, lookaround = _parse_group(p, i)
            close_run()
            quantified, optional, i = _quantifier(p, i)
            if req is not None and not optional and not optional_group and not lookaround:
                candidates.append(req)
            continue
        if ch == "[":
            i = _skip_class(p, i)
            close_run()
            _, _, i = _quantifier(p, i)
            continue
        if ch == "\\":
            literal, i = _escape(p, i)
        elif ch in ".^$":
            literal, i = None, i + 1
        elif ch in _QUANTIFIERS:
            raise _Unparsable(p)
        else:
            literal, i = ch, i + 1
        quantified, optional, i = _quantifier(p, i)
        if literal is None or quantified:
            # a quantified character may be absent or repeated: the run stops before it
            close_run()
            continue
        run.append(literal)
    close_run()
    if not candidates:
        return None, i
    # prefer the requirement whose shortest keyword is longest: it filters best
    best = max(candidates, key=lambda s: (min(len(k) for k in s), -len(s)))
    return best, i


def _parse_group(p: str, i: int):
    """Parse (...) at p[i]. Returns (requirement, next index, optional, lookaround)."""
    assert p[i] == "("
    i += 1
    lookaround = False
    if p.startswith("?", i):
        i += 1
        if p[i] == ":":
            i += 1
        elif p[i] in "=!":
            lookaround, i = True, i + 1
        elif p.startswith("<=", i) or p.startswith("<!", i):
            lookaround, i = True, i + 2
        elif p[i] == "P" and p[i + 1] == "<" or p[i] == "<":
            i = p.index(">", i) + 1
        elif p[i] == ">":
            i += 1                                   # atomic group
        elif p[i] == "#":
            i = p.index(")", i)
            return None, i + 1, True, True           # a comment
        elif p[i].isalpha() or p[i] == "-":
            j = i
            while p[j].isalpha() or p[j] == "-":
                j += 1
            if p[j] != ":":
                raise _Unparsable(p)                 # a global flag group such as (?i)
            i = j + 1
        else:
            raise _Unparsable(p)
    req, i = _parse_alternation(p, i)
    if i >= len(p) or p[i] != ")":
        raise _Unparsable(p)
    return req, i + 1, False, lookaround


def _quantifier(p: str, i: int):
    """Read a quantifier at p[i]. Returns (quantified, may_be_absent, next index)."""
    if i >= len(p) or p[i] not in _QUANTIFIERS:
        return False, False, i
    if p[i] == "{":
        j = p.find("}", i)
        body = p[i + 1:j] if j > 0 else ""
        if j < 0 or not body or not all(c.isdigit() or c == "," for c in body):
            return False, False, i                   # a literal {
        low = body.split(",")[0]
        optional = low == "" or int(low) == 0
        i = j + 1
    else:
        optional = p[i] in "?*"
        i += 1
    if i < len(p) and p[i] in "?+":                 # lazy or possessive
        i += 1
    return True, optional, i


def _skip_class(p: str, i: int) -> int:
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":
        i += 1
    depth = 1
    while depth:
        if p[i] == "\\":
            i += 2
            continue
        if p[i] == "[":
            depth += 1
        elif p[i] == "]":
            depth -= 1
        i += 1
    return i


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
