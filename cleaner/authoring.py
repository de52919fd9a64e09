"""Tools for rule authors: run a rule's examples, and judge a pattern's backtracking risk.

    >>> from cleaner.rules import load_packs
    >>> rule = load_packs().get("boilerplate.tip_line")[0]
    >>> check_rule_examples(rule)
    []

`check_rule_examples` runs a rule alone on each of its examples with the boilerplate
stage's own matching code, as if the example stood in the rule's zone. `pattern_risks`
reads a pattern's structure for the shapes that make a backtracking engine slow on some
inputs (nested quantifiers, ambiguous alternation under a repeat, adjacent unbounded
repeats over the same characters); `probe_pattern` then times the compiled pattern on
inputs crafted from that structure. `check_pack` puts it all together for `rules check`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import boilerplate, decode, segment
from .config import Config
from .model import Document
from .rules import PackError, Rule, builtin_pack_paths, load_pack

EXAMPLE_TIMEOUT = 1.0     # seconds one rule may spend on one example
PROBE_TIMEOUT = 1.0       # seconds one probe may take before the pattern is called dangerous: ten times
                          # what a merely quadratic pattern needs, so a busy machine does not tip it over
PROBE_SLOW = 0.05         # seconds beyond which a probe is reported as slow
PROBE_LENGTH = 2000       # characters of a probe: long enough to show cubic and exponential blow-up
UNBOUNDED = 256           # a repeat allowing this many iterations or more counts as unbounded


# -- examples ------------------------------------------------------------------------------
def apply_rule(rule: Rule, text: str, *, timeout: float = EXAMPLE_TIMEOUT) -> Document:
    """Run one rule alone on `text`, as the boilerplate stage would in the rule's zone.

    The text goes through the decode and segment stages first, so it meets the rule in the
    same form as a real document's text. Raises TimeoutError when the rule's patterns do.
    """
    doc = decode.run(text, max_chars=Config().max_document_chars)
    segment.run(doc)
    for block in doc.blocks:
        boilerplate._apply_rule(doc, block, rule, timeout, block.lines, {})
    if any(w.kind == "regex_timeout" for w in doc.warnings):
        raise TimeoutError(f"rule {rule.id} timed out")
    return doc


def check_rule_examples(rule: Rule, *, timeout: float = EXAMPLE_TIMEOUT) -> list[str]:
    """Failure messages for a rule's examples, each starting with the rule's id and
    file:line; an empty list when they all pass.

    Every `examples.remove` string must be removed entirely by the rule alone, and every
    `examples.keep` string left untouched. A rule without `examples.remove` fails: nothing
    shows that it does what its reason says.
    """
    where = f"{rule.id} ({rule.source})" if rule.source else rule.id
    return [f"{where}: {message}" for message in example_failures(rule, timeout=timeout)]


def example_failures(rule: Rule, *, timeout: float = EXAMPLE_TIMEOUT) -> list[str]:
    """check_rule_examples without the rule's name in front of each message."""
    failures = []
    if not rule.examples_remove:
        failures.append("no examples.remove: add at least one text the rule must remove")
    for example in rule.examples_remove:
        try:
            doc = apply_rule(rule, example, timeout=timeout)
        except TimeoutError:
            failures.append(f"examples.remove {example!r}: timed out after {timeout:g} s")
            continue
        if doc.is_removed(0, len(doc.source)):
            continue
        kept = " ".join(doc.kept_text(0, len(doc.source)).split())
        failures.append(f"examples.remove {example!r}: {_why_kept(rule, doc)}; kept {kept!r}")
    for example in rule.examples_keep:
        try:
            doc = apply_rule(rule, example, timeout=timeout)
        except TimeoutError:
            failures.append(f"examples.keep {example!r}: timed out after {timeout:g} s")
            continue
        if doc.removed:
            evidence = "; ".join(repr(r.evidence) for r in doc.removed)
            removed = " ".join(r.text for r in doc.removed)
            failures.append(f"examples.keep {example!r}: removed {removed!r} (the pattern matched {evidence})")
    return failures


def _why_kept(rule: Rule, doc: Document) -> str:
    """Why a text the rule should remove was (partly) kept, in words."""
    if not doc.removed:
        try:
            matched = any(m.end() > m.start() for m in rule.finditer(doc.source, timeout=EXAMPLE_TIMEOUT))
        except TimeoutError:
            matched = False
        if not matched:
            return "no pattern matches it"
        if rule.max_words:
            return f"a pattern matches, but the {rule.scope} is longer than max_words = {rule.max_words}"
        return "a pattern matches, but nothing was removed"
    return f"the {rule.scope} scope removed only part of it"


# -- a small reader of regex syntax --------------------------------------------------------
@dataclass
class Node:
    """A piece of a pattern: kind is one of lit, seq, alt, group, repeat, empty.

    lit: one character from a set (`text` is its source, e.g. "[^,]" or "\\w");
    repeat: `children[0]` repeated from `low` to `high` (None: no limit) times;
    group: `guarded` for atomic groups, `lookaround` for lookarounds (they consume nothing).
    """
    kind: str
    text: str = ""
    children: list["Node"] = field(default_factory=list)
    low: int = 1
    high: int | None = 1
    possessive: bool = False
    guarded: bool = False
    lookaround: bool = False
    start: int = 0
    end: int = 0


class Unsupported(ValueError):
    """A construct the reader does not model (recursion, conditionals, verbose mode)."""


_ZERO_WIDTH_ESCAPES = set("bBAZzGmMK")
_QUANT = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")


class _Reader:
    def __init__(self, pattern: str):
        self.p = pattern
        self.i = 0

    def parse(self) -> Node:
        node = self.alternation()
        if self.i < len(self.p):
            raise Unsupported(f"unbalanced ')' at {self.i}")
        return node

    def alternation(self) -> Node:
        start = self.i
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        return Node("alt", children=branches, start=start, end=self.i)

    def sequence(self) -> Node:
        start = self.i
        items = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            atom = self.atom()
            items.append(self.quantified(atom))
        return Node("seq", children=items, start=start, end=self.i)

    def quantified(self, atom: Node) -> Node:
        while self.i < len(self.p):
            c = self.p[self.i]
            if c in "*+?":
                low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
                self.i += 1
            elif c == "{" and (m := _QUANT.match(self.p, self.i)) and (m.group(1) or m.group(3)):
                low = int(m.group(1) or 0)
                high = (int(m.group(3)) if m.group(3) else None) if m.group(2) else low
                self.i = m.end()
            else:
                return atom
            possessive = False
            if self.i < len(self.p) and self.p[self.i] in "?+":
                possessive = self.p[self.i] == "+"
                self.i += 1
            atom = Node("repeat", children=[atom], low=low, high=high, possessive=possessive,
                        start=atom.start, end=self.i)
        return atom

    def atom(self) -> Node:
        start, c = self.i, self.p[self.i]
        if c == "(":
            return self.group()
        if c == "[":
            self.i = self._class_end(self.i)
            return Node("lit", self.p[start:self.i], start=start, end=self.i)
        if c == "\\":
            return self.escape()
        self.i += 1
        if c in "^$":
            return Node("empty", c, start=start, end=self.i)
        return Node("lit", "[^\\n]" if c == "." else regex.escape(c), start=start, end=self.i)

    def escape(self) -> Node:
        start = self.i
        if self.i + 1 >= len(self.p):
            raise Unsupported("pattern ends with a backslash")
        c = self.p[self.i + 1]
        self.i += 2
        if c in "pPNx" and self.i < len(self.p) and self.p[self.i] == "{":
            self.i = self.p.index("}", self.i) + 1
        elif c in "pP":
            self.i += 1
        elif c == "x":
            self.i += 2
        elif c == "u":
            self.i += 4
        elif c == "U":
            self.i += 8
        elif c in "gk" and self.i < len(self.p) and self.p[self.i] in "<{":
            self.i = self.p.index(">" if self.p[self.i] == "<" else "}", self.i) + 1
            return Node("lit", ".", start=start, end=self.i)   # a back-reference: any text
        elif c.isdigit() and c != "0":
            while self.i < len(self.p) and self.p[self.i].isdigit():
                self.i += 1
            return Node("lit", ".", start=start, end=self.i)
        if c in _ZERO_WIDTH_ESCAPES:
            return Node("empty", self.p[start:self.i], start=start, end=self.i)
        return Node("lit", self.p[start:self.i], start=start, end=self.i)

    def _class_end(self, i: int) -> int:
        """The index after the ']' that closes the class opened at i (nested sets allowed)."""
        i += 1
        if i < len(self.p) and self.p[i] == "^":
            i += 1
        if i < len(self.p) and self.p[i] == "]":
            i += 1
        depth = 1
        while i < len(self.p):
            c = self.p[i]
            if c == "\\":
                i += 2
                if i <= len(self.p) and self.p[i - 1] in "pPNx" and i < len(self.p) and self.p[i] == "{":
                    i = self.p.index("}", i) + 1
                continue
            if c == "[":
                if self.p.startswith("[:", i):
                    end = self.p.find(":]", i + 2)
                    if end != -1:
                        i = end + 2
                        continue
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise Unsupported("unterminated character class")

    def group(self) -> Node:
        start = self.i
        self.i += 1
        guarded = lookaround = False
        if self.p.startswith("?", self.i):
            rest = self.p[self.i + 1:]
            if rest.startswith("#"):
                self.i = self.p.index(")", self.i) + 1
                return Node("empty", start=start, end=self.i)
            if rest.startswith(("P=", "(", "R", "&", "P>")) or (rest[:1].isdigit()) or rest[:1] in "+-" and rest[1:2].isdigit():
                raise Unsupported("recursion, conditionals and named back-references are not modelled")
            if rest.startswith(("=", "!")):
                lookaround, self.i = True, self.i + 2
            elif rest.startswith(("<=", "<!")):
                lookaround, self.i = True, self.i + 3
            elif rest.startswith(">"):
                guarded, self.i = True, self.i + 2
            elif rest.startswith(("P<", "<", "'")):
                close = ">" if not rest.startswith("'") else "'"
                self.i = self.p.index(close, self.i + 2) + 1
            elif rest.startswith(("|", ":")):
                self.i += 2
            else:
                m = regex.match(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", self.p[self.i:])
                if not m:
                    raise Unsupported(f"unknown group syntax at {start}")
                if "x" in m.group(1):
                    raise Unsupported("verbose mode is not modelled")
                self.i += m.end()
                if m.group(3) == ")":
                    return Node("empty", start=start, end=self.i)
        child = self.alternation()
        if self.i >= len(self.p) or self.p[self.i] != ")":
            raise Unsupported(f"unclosed group at {start}")
        self.i += 1
        return Node("group", children=[child], guarded=guarded, lookaround=lookaround,
                    start=start, end=self.i)


def parse_pattern(pattern: str) -> Node:
    """The structure of a `regex` pattern, as far as the backtracking analysis needs it."""
    return _Reader(pattern).parse()


# -- what a node can match -----------------------------------------------------------------
# Characters standing for the whole of Unicode when comparing character sets.
SAMPLE = ("".join(chr(c) for c in range(0x20, 0x7f)) + "\t\n\r\x0b\x0c\u00a0\u2009"
          "éÉñßæÆøçüÜ\u0131ЖжΩω中文あア한٣\u0663١é\u2019\u201c\u201d\u2014\u2013€£©®™…\u00ad\u200b")


class _Analyzer:
    """Character sets, nullability and sample strings of the nodes of one pattern."""

    def __init__(self, pattern: str, flags: int):
        self.pattern = pattern
        self.flags = flags
        self._sets: dict[str, frozenset[str]] = {}

    def charset(self, lit: Node) -> frozenset[str]:
        if lit.text not in self._sets:
            try:
                compiled = regex.compile(lit.text, self.flags)
                self._sets[lit.text] = frozenset(c for c in SAMPLE if compiled.fullmatch(c))
            except regex.error:
                self._sets[lit.text] = frozenset(SAMPLE)
        return self._sets[lit.text]

    def nullable(self, node: Node) -> bool:
        if node.kind == "lit":
            return False
        if node.kind == "empty" or (node.kind == "group" and node.lookaround):
            return True
        if node.kind == "repeat":
            return node.low == 0 or self.nullable(node.children[0])
        if node.kind == "alt":
            return any(self.nullable(c) for c in node.children)
        return all(self.nullable(c) for c in node.children)

    def chars(self, node: Node) -> frozenset[str]:
        """Every character the node may consume."""
        if node.kind == "lit":
            return self.charset(node)
        if node.kind == "empty" or (node.kind == "group" and node.lookaround):
            return frozenset()
        return frozenset().union(*(self.chars(c) for c in node.children)) if node.children else frozenset()

    def first(self, node: Node) -> frozenset[str]:
        """The characters a non-empty match of the node may start with."""
        if node.kind == "lit":
            return self.charset(node)
        if node.kind == "empty" or (node.kind == "group" and node.lookaround):
            return frozenset()
        if node.kind in ("alt", "group", "repeat"):
            return frozenset().union(*(self.first(c) for c in node.children))
        out: set[str] = set()
        for child in node.children:
            out |= self.first(child)
            if not self.nullable(child):
                break
        return frozenset(out)

    def last(self, node: Node) -> frozenset[str]:
        """The characters a non-empty match of the node may end with."""
        if node.kind != "seq":
            if node.kind == "lit":
                return self.charset(node)
            if node.kind == "empty" or (node.kind == "group" and node.lookaround):
                return frozenset()
            return frozenset().union(*(self.last(c) for c in node.children))
        out: set[str] = set()
        for child in reversed(node.children):
            out |= self.last(child)
            if not self.nullable(child):
                break
        return frozenset(out)

    def fixed(self, node: Node) -> list[frozenset[str]] | None:
        """The node as a list of character sets when it always matches that many characters."""
        if node.kind == "lit":
            return [self.charset(node)]
        if node.kind == "empty" or (node.kind == "group" and node.lookaround):
            return []
        if node.kind == "group":
            return self.fixed(node.children[0])
        if node.kind == "seq":
            out: list[frozenset[str]] = []
            for child in node.children:
                part = self.fixed(child)
                if part is None:
                    return None
                out += part
            return out
        if node.kind == "repeat" and node.high == node.low and node.low <= 20:
            part = self.fixed(node.children[0])
            return None if part is None else part * node.low
        return None

    def sample(self, node: Node) -> str:
        """A short string the node matches (best effort: used to build probes)."""
        if node.kind == "lit":
            chars = self.charset(node)
            return min(chars, key=_preference) if chars else "a"
        if node.kind == "empty" or (node.kind == "group" and node.lookaround):
            return ""
        if node.kind == "alt":
            return self.sample(node.children[0])
        if node.kind == "repeat":
            return self.sample(node.children[0]) * node.low
        return "".join(self.sample(c) for c in node.children)


def _preference(ch: str) -> tuple[int, str]:
    """Letters first, then digits, then the rest: probes read like text."""
    return (0 if ch.isalpha() else 1 if ch.isdigit() else 2 if ch == " " else 3, ch.isupper(), ch)


def _unbounded(node: Node) -> bool:
    return node.kind == "repeat" and (node.high is None or node.high >= UNBOUNDED)


def _source(pattern: str, node: Node) -> str:
    text = pattern[node.start:node.end]
    return text if len(text) <= 40 else text[:39] + "…"


def _walk(node: Node, guarded: bool = False):
    """(node, guarded) for every node; guarded below atomic groups and possessive repeats,
    where the engine never backtracks into what it matched."""
    yield node, guarded
    inner = guarded or node.guarded or (node.kind == "repeat" and node.possessive)
    for child in node.children:
        yield from _walk(child, inner)


def _items(node: Node) -> list[Node]:
    """The items of a sequence, looking through plain groups."""
    while node.kind == "group" and not node.lookaround and not node.guarded:
        node = node.children[0]
    return node.children if node.kind == "seq" else [node]


# -- the three risky shapes ----------------------------------------------------------------
def pattern_risks(pattern: str, *, case_sensitive: bool = False) -> list[str]:
    """Static findings: shapes of the pattern that can make matching take exponential or
    high polynomial time. A possessive quantifier (a++) or an atomic group ((?>...)) on the
    repeated part tells the engine not to backtrack, and silences the finding.

    >>> pattern_risks(r"(a+)+b")
    ['nested unbounded repeats: (a+)+ repeats a+, which can split the same text in many ways; make one possessive (a++) or atomic (?>...)']
    >>> pattern_risks(r"\\bnewsletter\\b")
    []
    """
    tree = parse_pattern(pattern)
    an = _Analyzer(pattern, 0 if case_sensitive else regex.IGNORECASE)
    findings: list[str] = []
    for node, guarded in _walk(tree):
        if guarded:
            continue
        if _unbounded(node) and not node.possessive:
            findings += _nested_repeats(an, node)
            findings += _ambiguous_alternation(an, node)
        if node.kind == "seq":
            findings += _adjacent_unbounded(an, node)
    return list(dict.fromkeys(findings))


def _nested_repeats(an: _Analyzer, outer: Node) -> list[str]:
    """(a+)+, (\\w+\\s?)*: an unbounded repeat inside another, with nothing compulsory
    between two rounds that the inner one could not also match."""
    body = outer.children[0]
    items = _items(body)
    findings = []
    for k, item in enumerate(items):
        for inner, guarded in _walk(item):
            if guarded or inner is outer or not _unbounded(inner) or inner.possessive:
                continue
            inner_chars = an.chars(inner.children[0])
            separated = any(not an.nullable(other) and not (an.chars(other) & inner_chars)
                            for j, other in enumerate(items) if j != k)
            if not separated:
                findings.append(f"nested unbounded repeats: {_source(an.pattern, outer)} repeats "
                                f"{_source(an.pattern, inner)}, which can split the same text in many ways; "
                                f"make one possessive ({_possessive_hint(an.pattern, inner)}) or atomic (?>...)")
    return findings


def _possessive_hint(pattern: str, node: Node) -> str:
    text = _source(pattern, node)
    return text + "+" if text[-1:] in "*+?}" else text


def _ambiguous_alternation(an: _Analyzer, outer: Node) -> list[str]:
    """(a|a)*, (a|ab)+, (x|)*: alternatives under a repeat that can match the same text."""
    findings = []
    for item in _items(outer.children[0]):
        while item.kind == "group" and not item.lookaround and not item.guarded:
            item = item.children[0]
        if item.kind != "alt":
            continue
        branches = item.children
        for x in range(len(branches)):
            if an.nullable(branches[x]):
                findings.append(f"an alternative that matches nothing under a repeat: "
                                f"{_source(an.pattern, outer)}; the engine can repeat it forever in many ways")
                continue
            for y in range(x + 1, len(branches)):
                if _may_overlap(an, branches[x], branches[y]):
                    findings.append(f"overlapping alternatives under a repeat: "
                                    f"{_source(an.pattern, branches[x])!r} and {_source(an.pattern, branches[y])!r} "
                                    f"in {_source(an.pattern, outer)} can match the same text")
    return findings


def _may_overlap(an: _Analyzer, a: Node, b: Node) -> bool:
    if not (an.first(a) & an.first(b)):
        return False
    fa, fb = an.fixed(a), an.fixed(b)
    if fa is None or fb is None:
        return True
    # fixed strings: ambiguous when one can be a prefix of the other ("a" and "ab")
    return all(x & y for x, y in zip(fa, fb))


def _adjacent_unbounded(an: _Analyzer, seq: Node) -> list[str]:
    """.*.*x, \\s*\\s+: two unbounded repeats over shared characters, with only optional
    items between them and something after that can fail."""
    items = seq.children
    findings = []
    for i, a in enumerate(items):
        if not _unbounded(a) or a.possessive:
            continue
        for j in range(i + 1, len(items)):
            b = items[j]
            # the two can share a run only when the end of one can be the start of the other
            if _unbounded(b) and not b.possessive and an.last(a) & an.first(b) and j + 1 < len(items):
                findings.append(f"adjacent unbounded repeats over the same characters: "
                                f"{_source(an.pattern, a)} then {_source(an.pattern, b)}; on a long run of "
                                f"those characters the engine tries every way to share it")
            if not an.nullable(b):
                break
    return findings


# -- the dynamic probe ---------------------------------------------------------------------
SUFFIXES = ("!", "\x00", "\n")   # characters few patterns expect: the match must fail there


def probe_inputs(pattern: str, *, case_sensitive: bool = False) -> list[str]:
    """Inputs that pump each unbounded repeat of the pattern to PROBE_LENGTH characters,
    after a prefix that reaches it and before a character meant to make the match fail."""
    tree = parse_pattern(pattern)
    an = _Analyzer(pattern, 0 if case_sensitive else regex.IGNORECASE)
    pumps: list[tuple[str, str]] = []

    def visit(node: Node, prefix: str) -> None:
        if node.kind == "seq":
            for child in node.children:
                visit(child, prefix)
                prefix += an.sample(child)
            return
        if _unbounded(node):
            unit = an.sample(node.children[0]) or min(an.first(node.children[0]) or {"a"}, key=_preference)
            pumps.append((prefix, unit))
        for child in node.children:
            visit(child, prefix)

    visit(tree, "")
    inputs = []
    for prefix, unit in dict.fromkeys(pumps):
        body = unit * max(1, PROBE_LENGTH // max(len(unit), 1))
        inputs += [prefix + body + suffix for suffix in SUFFIXES]
    return list(dict.fromkeys(inputs))


def probe_pattern(pattern: str, *, case_sensitive: bool = False,
                  timeout: float = PROBE_TIMEOUT) -> list[str]:
    """Findings from timing the compiled pattern, as the boilerplate stage runs it
    (finditer over the text), on the crafted inputs."""
    flags = regex.MULTILINE | (0 if case_sensitive else regex.IGNORECASE)
    compiled = regex.compile(pattern, flags)
    findings = []
    for text in probe_inputs(pattern, case_sensitive=case_sensitive):
        began = time.perf_counter()
        try:
            for _ in compiled.finditer(text, timeout=timeout):
                pass
        except TimeoutError:
            findings.append(f"catastrophic backtracking: matching took over {timeout:g} s on "
                            f"{len(text)} characters ({_short_probe(text)})")
            break
        spent = time.perf_counter() - began
        if spent > PROBE_SLOW:
            findings.append(f"slow: matching took {spent * 1000:.0f} ms on {len(text)} characters "
                            f"({_short_probe(text)})")
            break
    return findings


def _short_probe(text: str) -> str:
    head = text[:12]
    return f"{head!r}… ending {text[-3:]!r}" if len(text) > 15 else repr(text)


# -- whole packs ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    level: str       # "error" or "warning"
    where: str       # "file:line"
    rule: str        # rule id, or "" for the pack
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.rule + ': ' if self.rule else ''}{self.message}"


def _pattern_location(rule: Rule, pattern: str) -> str:
    """file:line of a pattern, when its text stands verbatim in the pack, else the rule's."""
    path, _, _ = rule.source.rpartition(":")
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if pattern[:40] in line:
                return f"{path}:{number}"
    except (OSError, UnicodeDecodeError):
        pass
    return rule.source


def check_rule(rule: Rule, *, static: bool = True) -> list[Finding]:
    """Every finding about one rule: its examples, and each pattern's backtracking risk
    (the structural reading when `static`, and always the timed probe)."""
    findings = [Finding("error", rule.source, rule.id, m) for m in example_failures(rule)]
    if rule.examples_remove and not rule.examples_keep:
        findings.append(Finding("warning", rule.source, rule.id,
                                "no examples.keep: add prose the rule must leave alone"))
    for pattern in rule.patterns:
        findings += check_pattern(pattern, where=_pattern_location(rule, pattern), rule=rule.id,
                                  case_sensitive=rule.case_sensitive, static=static)
    return findings


def check_pattern(pattern: str, *, where: str = "", rule: str = "", case_sensitive: bool = False,
                  static: bool = True) -> list[Finding]:
    """The backtracking findings of one pattern. The timed probe is the judge: a pattern
    that blows up on a probe is an error, with the structural findings as its explanation;
    structural findings the probe did not confirm (this engine guards against some shapes)
    and merely slow probes are warnings."""
    try:
        risks = pattern_risks(pattern, case_sensitive=case_sensitive) if static else []
        probed = probe_pattern(pattern, case_sensitive=case_sensitive)
    except Unsupported as e:
        return [Finding("warning", where, rule, f"{pattern!r} was not analysed ({e})")]
    blew_up = any(m.startswith("catastrophic") for m in probed)
    findings = [Finding("error" if m.startswith("catastrophic") else "warning", where, rule, f"{m} in {pattern!r}")
                for m in probed]
    findings += [Finding("error" if blew_up else "warning", where, rule,
                         f"{m} in {pattern!r}" + ("" if probed else " (the timed probe stayed fast on this engine)"))
                 for m in risks]
    if regex.compile(pattern, regex.IGNORECASE).fullmatch(""):
        findings.append(Finding("warning", where, rule,
                                f"{pattern!r} can match the empty string; empty matches are ignored"))
    return findings


def check_pack(path: str | Path, *, static: bool = True) -> list[Finding]:
    """`rules check`: the pack's schema and patterns (load errors carry file:line), then
    every rule's examples and backtracking risk, and ids it shares with built-in rules."""
    try:
        pack = load_pack(path)
    except PackError as e:
        where, _, message = str(e).partition(": ")
        return [Finding("error", where, "", message)]
    findings: list[Finding] = []
    if not pack.rules:
        findings.append(Finding("warning", str(path), "", "the pack holds no rules"))
    builtin = {}
    if Path(path).resolve() not in {p.resolve() for p in builtin_pack_paths()}:
        for builtin_path in builtin_pack_paths():
            for rule in load_pack(builtin_path).rules:
                builtin[(rule.id, rule.language)] = rule.source
    for rule in pack.rules:
        findings += check_rule(rule, static=static)
        if (rule.id, rule.language) in builtin:
            findings.append(Finding("warning", rule.source, rule.id,
                                    f"a built-in rule has the same id ({builtin[(rule.id, rule.language)]}); "
                                    "both will run, and reports will not tell them apart"))
    return findings
