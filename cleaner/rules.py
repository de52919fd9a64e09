"""Rule packs: TOML data, one file per language, checked as they load and compiled when first used.

A pack looks like this (see rules/en.toml and the README's "Writing a rule pack"):

    [pack]
    language = "en"            # ISO 639-1, or "*" for rules that hold in every language
    description = "English boilerplate"

    [[rule]]
    id = "boilerplate.tip_line"          # stage.concept, optionally .variant
    scope = "sentence"                   # span | sentence | line | block
    where = "anywhere"                   # anywhere | head | tail
    max_words = 30                       # leave longer pieces alone (article prose)
    reason = "a request for news tips"
    patterns = ['''\\bgot a (?:news )?tip\\b''']
    examples.remove = ["Got a tip? Send it in: tips@example.com"]
    examples.keep = ["He got a tip from a friend about the stock."]

Patterns use the `regex` module, case-insensitive unless `case_sensitive = true`.
Loading a pack never executes code: TOML is data, and patterns are only compiled.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

import ahocorasick
import regex

from .keywords import (ANYWHERE, LINE_START, SENTENCE_START, WORD_START, floating_rest, pattern_heads,
                       rule_keywords, rule_prefilter, sentence_heads_only)
from .keywords import reads_behind as pattern_reads_behind

import tomllib

SCOPES = ("span", "sentence", "line", "block")
WHERE = ("anywhere", "head", "tail")

# The concepts a boilerplate rule may belong to: its family in reports and statistics.
CONCEPTS = {
    "advertising": "ad labels and sponsored-content markers",
    "affiliate_disclosure": "affiliate and sponsorship disclosures",
    "app_promo": "prompts to download an app",
    "author_bio": "author biographies and post counts",
    "breadcrumb": "breadcrumb trails",
    "byline": "bylines: who wrote it",
    "comment_prompt": "comment sections and prompts to comment",
    "contact": "contact and correction lines",
    "cookie_notice": "cookie and consent notices",
    "copyright": "copyright and reproduction notices",
    "dateline": "publication and update dates",
    "legal": "terms, privacy and legal links",
    "login": "log-in and account widgets",
    "navigation": "menus, skip links, pagination",
    "newsletter": "newsletter and e-mail sign-up prompts",
    "paywall": "subscription and paywall prompts",
    "photo_credit": "photo, image and video credits",
    "promo": "promotion of other sites, products or events",
    "read_more": "read-more and continue-reading links",
    "related_links": "related, recommended and most-read links",
    "share_follow": "share buttons and follow-us prompts",
    "tags": "tag and topic lists",
    "tip_line": "requests for news tips",
}


class PackError(ValueError):
    """A rule pack is not valid. The message names the file and, where it can, the line."""


@dataclass(frozen=True)
class Rule:
    """One rule of a pack: its data as written, and what is derived from its patterns (the
    compiled expression, the keyword prefilters), worked out when first asked for: a Cleaner
    then pays only for the packs of the languages it meets. What is derived depends on the
    patterns alone, so it is the same whenever it is worked out."""
    id: str
    concept: str
    scope: str
    where: str
    reason: str
    patterns: tuple[str, ...]
    language: str
    max_words: int = 0               # 0: no limit
    case_sensitive: bool = False
    examples_remove: tuple[str, ...] = ()
    examples_keep: tuple[str, ...] = ()
    source: str = ""                 # "file:line" for error messages and `rules show`

    @property
    def family(self) -> str:
        return self.concept

    @property
    def flags(self) -> int:
        """The flags every pattern of the rule is compiled with."""
        return (0 if self.case_sensitive else regex.IGNORECASE) | regex.MULTILINE

    @cached_property
    def compiled(self):
        """The rule's patterns as one expression."""
        return regex.compile("|".join(f"(?:{p})" for p in self.patterns), self.flags)

    @cached_property
    def keywords(self) -> frozenset | None:
        """Casefolded literals one of which every match contains (None: unknown)."""
        return rule_keywords(self.patterns)

    @cached_property
    def prefilter(self) -> tuple | None:
        """(keyword, place) pairs one of which an untouched line holds if the rule matches
        it (cleaner.keywords.rule_prefilter); None: unknown, every line is a candidate."""
        return rule_prefilter(self.patterns, self.scope)

    @cached_property
    def reads_behind(self) -> bool:
        """Whether a pattern may read what precedes its match (^, a lookbehind, \\A, \\G): a
        sentence rule reads each sentence on from its start, and then only the sentence
        texts can tell."""
        return any(pattern_reads_behind(p) for p in self.patterns)

    @cached_property
    def floating(self):
        """For a sentence rule whose patterns that read behind all start with ^ and are
        filtered by their heads at a sentence's start (keywords.sentence_heads_only): the
        other patterns compiled together, which can be tried on a whole line ("" when there
        are none); None for other rules."""
        return _floating(self.patterns, self.scope, self.flags)

    @cached_property
    def at_line_start(self) -> bool:
        """Every pattern starts with ^ (keywords.pattern_heads): on one line, a match starts there."""
        return all((heads := pattern_heads(p)) is not None and heads[0] == LINE_START
                   for p in self.patterns)

    def analyse(self) -> "Rule":
        """Work out everything derived from the patterns now (compiling them), and return
        the rule: a user's pack is checked whole as it loads."""
        for name in ("compiled", "keywords", "prefilter", "reads_behind", "floating", "at_line_start"):
            getattr(self, name)
        return self

    def finditer(self, text: str, *, timeout: float | None = None, pos: int = 0, endpos: int | None = None):
        return self.compiled.finditer(text, pos, len(text) if endpos is None else endpos,
                                      timeout=timeout)


@dataclass(frozen=True)
class Pack:
    language: str
    path: str
    description: str
    rules: tuple[Rule, ...]
    months: dict = field(default_factory=dict)   # month name -> number, for dateline parsing
    checked: bool = True     # its patterns were compiled and analysed as it loaded


class PackSet:
    """The rule packs a Cleaner uses, indexed by language, each language's rules ordered
    narrow scope to wide. Rules carry keyword prefilters (cleaner.keywords), so a block
    meets only the patterns whose literal text it contains.

    A language's rules are compiled and analysed when a block in that language first meets
    them (rules_for), not when the set is built: a Cleaner starts at once and pays only for
    the languages it sees. What a caller gets never depends on which languages came first:
    each rule's derived data depends on its patterns alone, and the keyword index answers
    for every rule rules_for has handed out (a caller asks only about those)."""

    def __init__(self, packs: Iterable[Pack]):
        self.packs = tuple(packs)
        by_language: dict[str, list[Rule]] = {}
        universal: list[Rule] = []
        months: dict[str, dict[str, int]] = {}
        for pack in self.packs:
            target = universal if pack.language == "*" else by_language.setdefault(pack.language, [])
            target.extend(pack.rules)
            if pack.months:
                months.setdefault(pack.language, {}).update(pack.months)
        # narrow scopes first: a line or block rule then judges what the narrower ones left
        order = {scope: i for i, scope in enumerate(SCOPES)}
        self.universal = tuple(sorted(universal, key=lambda r: order[r.scope]))
        self.by_language = {lang: tuple(sorted(rs, key=lambda r: order[r.scope]))
                            for lang, rs in by_language.items()}
        self.months = months
        self.languages = tuple(sorted(self.by_language))
        self._for_language = {lang: self._merge(lang) for lang in self.languages + ("unknown",)}
        self._handed_out: set[str] = set()      # keys of _for_language (or "*") rules_for gave
        self._generation = 0                      # how many keys were handed out
        self._keyword_index: tuple | None = None  # (generation, automaton or None, longest keyword)
        self._prefilter_automata: dict[frozenset, Any] = {}
        # what the boilerplate stage works out once per configuration, language and zone
        # (the rules a block meets, in order): derived from the packs alone, so kept here
        self.plans: dict[tuple, Any] = {}
        # rules no keyword filters: every line is a candidate for them. Only a user's pack,
        # analysed as it loads, can hold one: a built-in rule without keywords is refused
        # when first handed out (_hand_out), so these sets never change after this point
        checked = [r for p in self.packs if p.checked for r in p.rules]
        self.unfiltered = frozenset(id(r) for r in checked if r.prefilter is None)
        self.keywordless = frozenset(id(r) for r in checked if r.keywords is None)
        self._unchecked = frozenset(id(r) for p in self.packs if not p.checked for r in p.rules)
        self.digest = packs_digest(self.packs)

    def rules_for(self, language: str) -> tuple[Rule, ...]:
        """The rules a block in `language` meets, in order (see _merge), analysed."""
        key = language if language in self._for_language else "*"
        if key not in self._handed_out:
            self._hand_out(key)
        return self._for_language[language] if key != "*" else self.universal

    def _hand_out(self, key: str) -> None:
        """Analyse the rules of a key of _for_language ("*": the universal rules) before
        they are first given out, and have the keyword index cover them from now on."""
        rules = self._for_language[key] if key != "*" else self.universal
        for rule in rules:
            if id(rule) in self._unchecked and (rule.prefilter is None or rule.keywords is None):
                raise PackError(f"{rule.source}: built-in rule {rule.id} has no keyword every match "
                                "contains (cleaner.keywords); a built-in rule needs one")
        self._handed_out.add(key)
        self._generation += 1       # after the key: an index built meanwhile is then stale

    def _keywords(self) -> tuple:
        """(automaton, longest keyword) over the keywords of the rules handed out so far.
        The index carries the generation it was built for, so that one built while another
        thread handed out more rules is built again."""
        index = self._keyword_index
        if index is None or index[0] != self._generation:
            generation, keys = self._generation, frozenset(self._handed_out)
            given = {id(r) for key in keys for r in (self._for_language[key] if key != "*" else self.universal)}
            rules = [r for r in self.all_rules() if id(r) in given]
            index = self._keyword_index = (generation, _keyword_automaton(rules),
                                           max((len(k) for r in rules for k in r.keywords or ()), default=0))
        return index[1], index[2]

    def _merge(self, language: str) -> tuple[Rule, ...]:
        """The rules a block in `language` meets: its language's pack and the universal one.
        A block of unknown language meets every pack: the rules are narrow enough (phrasing,
        max_words) that a foreign pack rarely fires, and guessing one pack would make the
        outcome hinge on a coin-flip detection of a few words."""
        if language == "unknown":
            merged = [r for lang in self.languages for r in self.by_language[lang]] + list(self.universal)
        else:
            merged = list(self.by_language.get(language, ())) + list(self.universal)
        return tuple(sorted(merged, key=lambda r: SCOPES.index(r.scope)))

    def keyword_hits(self, folded: str):
        """(end offset, ids of the rules whose keyword ends there) for every keyword in a
        casefolded text, overlapping ones included. A rule is identified by id(rule). The
        rules are those rules_for has handed out, and maybe others."""
        automaton, _ = self._keywords()
        if automaton is None:
            return iter(())
        return automaton.iter(folded)

    def keyword_hits_ending_in(self, folded: str, start: int, end: int):
        """keyword_hits for the keywords of `folded` that end in [start, end)."""
        automaton, longest = self._keywords()
        if automaton is None or start >= end:
            return []
        lo = max(0, start - longest + 1)
        return [(e, ids) for e, ids in automaton.iter(folded, lo, end) if e >= start]

    def prefilter_hits(self, scanned: str, languages: Iterable[str]):
        """(end offset, (length, ids at line start, at sentence start, at word start,
        anywhere)) for every prefilter keyword (cleaner.keywords.rule_prefilter) of the
        rules that blocks in these languages meet: the rules the keyword admits a line for,
        grouped by where it must stand, and its length. `scanned` is casefolded text in
        which a newline precedes every line's start: a keyword that must start a line is
        looked for with that newline before it, so that it is found only there."""
        key = frozenset(language if language in self._for_language else "*" for language in languages)
        automaton = self._prefilter_automata.get(key)
        if automaton is None:
            rules = {id(r): r for language in sorted(key) for r in self.rules_for(language)}
            automaton = self._prefilter_automata[key] = _prefilter_automaton(rules.values())
        if automaton is None:
            return iter(())
        return automaton.iter(scanned)

    def all_rules(self) -> tuple[Rule, ...]:
        return tuple(r for p in self.packs for r in p.rules)

    def get(self, rule_id: str) -> list[Rule]:
        return [r for r in self.all_rules() if r.id == rule_id]


def packs_digest(packs: Iterable[Pack]) -> str:
    """A hash of what the packs' rules say (not how they are compiled): part of the
    configuration's fingerprint in every report."""
    h = hashlib.sha256()
    for pack in packs:
        h.update(pack.language.encode())
        for rule in pack.rules:
            h.update(repr((rule.id, rule.scope, rule.where, rule.patterns, rule.max_words,
                           rule.case_sensitive, rule.language)).encode())
    return h.hexdigest()


def _keyword_automaton(rules: Iterable[Rule]):
    by_keyword: dict[str, list[int]] = {}
    for rule in rules:
        for keyword in rule.keywords or ():
            by_keyword.setdefault(keyword, []).append(id(rule))
    if not by_keyword:
        return None
    automaton = ahocorasick.Automaton()
    for keyword, rule_ids in by_keyword.items():
        automaton.add_word(keyword, tuple(rule_ids))
    automaton.make_automaton()
    return automaton


def _prefilter_automaton(rules: Iterable[Rule]):
    by_keyword: dict[str, dict[str, list[int]]] = {}
    for rule in rules:
        for keyword, place in rule.prefilter or ():
            by_keyword.setdefault(keyword, {}).setdefault(place, []).append(id(rule))
    if not by_keyword:
        return None
    automaton = ahocorasick.Automaton()
    for keyword, places in by_keyword.items():
        if places.get(LINE_START):
            automaton.add_word("\n" + keyword, (len(keyword), tuple(places[LINE_START]), (), (), ()))
        others = (tuple(places.get(SENTENCE_START, ())), tuple(places.get(WORD_START, ())),
                  tuple(places.get(ANYWHERE, ())))
        if any(others):
            automaton.add_word(keyword, (len(keyword), ()) + others)
    automaton.make_automaton()
    return automaton


def builtin_rules_dir() -> Path:
    """rules/ inside the installed package, else the repository's top-level rules/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise PackError("the built-in rule packs were not found (expected cleaner/rules or ./rules)")


def builtin_pack_paths() -> list[Path]:
    return sorted(builtin_rules_dir().glob("*.toml"))


_CACHE: dict[tuple, PackSet] = {}
_BUILTIN_CACHE: dict[tuple, tuple[Pack, ...]] = {}


def load_packs(extra: Iterable[str | Path | dict] = (), *, builtin: bool = True) -> PackSet:
    """Load the built-in packs and any extra ones (paths, or dicts shaped like a parsed
    pack). An extra pack is checked whole as it loads; the built-in ones (checked by the
    test suite) are compiled language by language as blocks need them. Pack sets and the
    built-in packs are immutable and shared between Cleaners: sharing them cannot make one
    call's output depend on another's."""
    extra = tuple(extra)
    key = (builtin,) + tuple(_cache_key(e) for e in extra)
    if key in _CACHE:
        return _CACHE[key]
    packs = list(builtin_packs()) if builtin else []
    for item in extra:
        pack = pack_from_data(item, "<dict>") if isinstance(item, dict) else load_pack(item)
        refuse_runaway_patterns(pack)
        packs.append(pack)
    result = PackSet(packs)
    if all(not isinstance(e, dict) for e in extra):
        _CACHE[key] = result
    return result


def builtin_packs() -> tuple[Pack, ...]:
    """The built-in packs, read once per process (again if a file changed), their patterns
    left to be compiled when first used."""
    paths = builtin_pack_paths()
    key = tuple(_cache_key(p) for p in paths)
    packs = _BUILTIN_CACHE.get(key)
    if packs is None:
        packs = _BUILTIN_CACHE[key] = tuple(load_pack(p, check_patterns=False) for p in paths)
    return packs


def refuse_runaway_patterns(pack: Pack) -> None:
    """Raise PackError when a pattern of the pack blows up on the timed backtracking probe
    (cleaner.authoring.probe_pattern: over a second on 2000 crafted characters, where a
    merely quadratic pattern needs a tenth of that). The built-in packs are audited by the
    test suite; a user's pack is checked as it loads, so one bad pattern cannot stall a
    batch line after line. Slower-than-linear patterns that pass are still bounded, per
    match by Config.regex_timeout and per document by Config.time_limit."""
    from .authoring import Unsupported, probe_pattern   # authoring imports this module

    for rule in pack.rules:
        for pattern in rule.patterns:
            try:
                findings = probe_pattern(pattern, case_sensitive=rule.case_sensitive)
            except Unsupported:
                continue   # a construct the probe cannot pump: the timeouts bound it
            runaway = [f for f in findings if f.startswith("catastrophic")]
            if runaway:
                raise PackError(f"{rule.source}: rule {rule.id}: pattern {pattern!r} is refused: "
                                f"{runaway[0]}; `cleaner rules check` explains the risk and how to fix it")


def _cache_key(item) -> Any:
    if isinstance(item, dict):
        return id(item)
    path = Path(item)
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return str(path)


# A rule pack or a configuration file is a few kilobytes; a path to something endless
# (/dev/zero, a pipe, a huge file) must give an error, not fill the memory.
MAX_PACK_BYTES = 8 * 1024 * 1024


def read_small_text(path: str | Path, limit: int) -> str:
    """The UTF-8 text of a file of at most `limit` bytes; PackError when it is longer."""
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise PackError(f"{path}: larger than {limit // (1024 * 1024)} MB; not a rule pack or configuration file")
    return data.decode("utf-8")


def load_pack(path: str | Path, *, check_patterns: bool = True) -> Pack:
    """A pack from a TOML file, checked (see pack_from_data); PackError when it is not valid."""
    path = Path(path)
    try:
        raw = read_small_text(path, MAX_PACK_BYTES)
    except OSError as e:
        raise PackError(f"{path}: cannot read rule pack: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise PackError(f"{path}: a rule pack must be UTF-8 text") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise PackError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:   # tomllib recurses into nested arrays and tables
        raise PackError(f"{path}: invalid TOML: nested too deeply") from None
    return pack_from_data(data, str(path), raw, check_patterns=check_patterns)


def pack_from_data(data: dict, path: str, raw: str = "", *, check_patterns: bool = True) -> Pack:
    """A pack from its parsed TOML. With check_patterns (the default, for a user's packs)
    every pattern is compiled, alone and with its rule's others, as the pack loads;
    without, only when a rule is first used (see _rule_from_data)."""
    raw_lines = raw.splitlines() if raw else []

    def where_is(needle: str) -> str:
        if raw and needle:
            for number, line in enumerate(raw_lines, 1):
                if needle in line:
                    return f"{path}:{number}"
        return path

    if not isinstance(data, dict):
        raise PackError(f"{path}: a rule pack is a table")
    unknown = set(data) - {"pack", "rule", "months"}
    if unknown:
        raise PackError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected [pack], [[rule]], [months]")
    header = data.get("pack")
    if not isinstance(header, dict) or "language" not in header:
        raise PackError(f"{path}: missing [pack] table with a 'language' key")
    language = header["language"]
    if not isinstance(language, str) or not (language == "*" or regex.fullmatch(r"[a-z]{2,3}", language)):
        raise PackError(f"{where_is('language')}: pack language must be an ISO 639 code or '*', not {language!r}")
    rules = []
    seen = set()
    for entry in data.get("rule", []):
        rules.append(_rule_from_data(entry, language, where_is, check_patterns))
        if rules[-1].id in seen:
            raise PackError(f"{rules[-1].source}: rule id {rules[-1].id!r} is defined twice in this pack")
        seen.add(rules[-1].id)
    months = data.get("months", {})
    if not isinstance(months, dict) or not all(isinstance(v, int) and 1 <= v <= 12 for v in months.values()):
        raise PackError(f"{where_is('[months]')}: [months] maps month names to numbers 1-12")
    return Pack(language, path, str(header.get("description", "")), tuple(rules),
                {k.casefold(): v for k, v in months.items()}, checked=check_patterns)


_RULE_KEYS = {"id", "scope", "where", "reason", "patterns", "max_words", "case_sensitive", "examples"}


_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def _rule_from_data(entry: dict, language: str, where_is, check_patterns: bool = True) -> Rule:
    """A rule from its TOML table, its data checked. With check_patterns, each pattern is
    compiled alone and then the rule's derived data worked out (Rule.analyse), so that a
    bad pattern fails here, naming its file and line; without (the built-in packs, which
    the test suite compiles pattern by pattern), that work waits until the rule is used."""
    rid = entry.get("id")
    loc = where_is(f'"{rid}"') if isinstance(rid, str) else where_is("[[rule]]")
    if not isinstance(rid, str) or not regex.fullmatch(r"[a-z]+(?:\.[a-z0-9_]+){1,2}", rid):
        raise PackError(f"{loc}: rule id must look like 'stage.concept' or 'stage.concept.variant', not {rid!r}")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise PackError(f"{loc}: rule {rid}: unknown key(s) {sorted(unknown)}")
    stage, concept = rid.split(".")[:2]
    if stage != "boilerplate":
        raise PackError(f"{loc}: rule {rid}: packs hold boilerplate rules; the id must start with 'boilerplate.'")
    if concept not in CONCEPTS:
        raise PackError(f"{loc}: rule {rid}: unknown concept {concept!r}; known: {', '.join(sorted(CONCEPTS))}")
    scope = entry.get("scope", "sentence")
    if scope not in SCOPES:
        raise PackError(f"{loc}: rule {rid}: scope must be one of {SCOPES}, not {scope!r}")
    where = entry.get("where", "anywhere")
    if where not in WHERE:
        raise PackError(f"{loc}: rule {rid}: where must be one of {WHERE}, not {where!r}")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise PackError(f"{loc}: rule {rid}: a rule needs a 'reason' a person can read")
    patterns = entry.get("patterns")
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise PackError(f"{loc}: rule {rid}: 'patterns' must be a non-empty list of strings")
    max_words = entry.get("max_words", 0)
    if not isinstance(max_words, int) or max_words < 0:
        raise PackError(f"{loc}: rule {rid}: max_words must be a whole number >= 0")
    case_sensitive = bool(entry.get("case_sensitive", False))
    for p in patterns:
        if check_patterns:
            # each pattern alone: joined with others, "a)|(b" would compile as (?:a)|(b)
            try:
                regex.compile(p)
            except regex.error as e:
                raise PackError(f"{where_is(p[:40]) if p[:40] else loc}: rule {rid}: bad pattern {p!r}: {e}") from None
        if _GLOBAL_FLAGS.search(p):
            raise PackError(f"{loc}: rule {rid}: global inline flags such as (?i) are not allowed in "
                            f"{p!r}; use case_sensitive, or a scoped group like (?i:...)")
    examples = entry.get("examples", {})
    if not isinstance(examples, dict) or set(examples) - {"remove", "keep"}:
        raise PackError(f"{loc}: rule {rid}: examples has keys 'remove' and 'keep' (lists of strings)")
    ex_remove, ex_keep = examples.get("remove", []), examples.get("keep", [])
    if not all(isinstance(x, str) for x in list(ex_remove) + list(ex_keep)):
        raise PackError(f"{loc}: rule {rid}: examples must be strings")
    rule = Rule(id=rid, concept=concept, scope=scope, where=where, reason=reason.strip(),
                patterns=tuple(patterns), language=language, max_words=max_words,
                case_sensitive=case_sensitive, examples_remove=tuple(ex_remove),
                examples_keep=tuple(ex_keep), source=loc)
    if check_patterns:
        try:
            rule.analyse()
        except regex.error as e:
            raise PackError(f"{loc}: rule {rid}: its patterns do not compile together: {e}") from None
    return rule


def _floating(patterns, scope: str, flags: int):
    """Rule.floating: the patterns that do not read behind their match, compiled together,
    "" when there are none; None when the rule is not a sentence rule whose other patterns
    are all filtered by their heads at a sentence's start."""
    if scope != "sentence" or not sentence_heads_only(patterns):
        return None
    floating = [p if not pattern_reads_behind(p) else floating_rest(p) for p in patterns]
    floating = [p for p in floating if p is not None]
    return regex.compile("|".join(f"(?:{p})" for p in floating), flags) if floating else ""
