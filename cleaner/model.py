"""The document model: a source text and every decision recorded against offsets into it.

Stages never rewrite the source. They add records (removals, repairs, fragments, gaps,
warnings) and the render stage derives the output text from the source and those records,
so every character of the output can be traced back and the report can be replayed.
"""
from __future__ import annotations

import time
from bisect import bisect_right
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Callable, Iterable, Iterator, Protocol


def _visible(text: str) -> int:
    """Characters that are not spaces or newlines (the decode stage made all other white
    space one of those two)."""
    return len(text) - text.count(" ") - text.count("\n")


# what Document.cover says of a span: no removal meets it, one removed interval holds it
# all, or removals cut it in part
UNCUT, WHOLE, CUT = 0, 1, 2

# remove_many adds its intervals to the removed ones one at a time, rather than building
# the two sorted lists anew, when they number at most 1 in FEW_ADDED_SHARE of them (timed
# on pages: from there on, a bisection and an insertion each cost less than the rebuild)
FEW_ADDED_SHARE = 2

# check_time reads the clock once in this many calls (see Document.check_time)
CLOCK_EVERY = 32


class DocumentTimeout(RuntimeError):
    """A document took longer than Config.time_limit."""


@dataclass(frozen=True, slots=True)
class Removal:
    """A span of the source left out of the output."""
    start: int
    end: int
    text: str
    rule: str          # "stage.concept", e.g. "boilerplate.newsletter"
    reason: str        # one sentence a person can read
    evidence: str = ""  # what the rule saw: the matched phrase, the repeated line, a score


class _RemovalLayout:
    """Removal's fields in Removal's slots, settable: see _new_removal."""
    __slots__ = ("start", "end", "text", "rule", "reason", "evidence")


_new_layout = object.__new__


def _new_removal(start: int, end: int, text: str, rule: str, reason: str, evidence: str = "") -> Removal:
    """Removal(start, end, text, rule, reason, evidence), for about a third of the cost.

    A frozen dataclass sets each field through object.__setattr__, which made building the
    records a tenth of the time of a page's structural pass (tens of thousands of removals
    per batch). The record is built on a class of the same slots and then given Removal's
    class: the same object as Removal() makes (equal, hashed and printed alike, frozen). Its
    fields are set here rather than by an __init__, which saves a call."""
    record = _new_layout(_RemovalLayout)
    record.start = start
    record.end = end
    record.text = text
    record.rule = rule
    record.reason = reason
    record.evidence = evidence
    record.__class__ = Removal
    return record


assert _RemovalLayout.__slots__ == Removal.__slots__, "the two layouts must match for _new_removal"


@dataclass(frozen=True, slots=True)
class Repair:
    """A span of the source replaced by other text in the output."""
    start: int
    end: int
    before: str
    after: str
    rule: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Fragment:
    """A span whose language differs from the document's."""
    start: int
    end: int
    text: str
    language: str
    confidence: float
    action: str        # "removed", "kept" or "tagged"


@dataclass(frozen=True, slots=True)
class Gap:
    """A place where the page dropped something that cannot be recovered."""
    start: int
    end: int
    kind: str          # e.g. "missing_subject", "missing_object", "unclosed_quote"
    context: str


@dataclass(frozen=True, slots=True)
class Warning:
    kind: str          # e.g. "over_removal_guard", "regex_timeout", "input_truncated"
    message: str


@dataclass(slots=True)
class Line:
    start: int
    end: int


@dataclass(slots=True, init=False)
class Block:
    """A paragraph: lines separated by single newlines, blocks by blank lines.

    `hints` carries structural evidence from the input format (for HTML: tag, link
    density, class vocabulary). `language` is set by the language stage. `decisions`
    keeps each classification a stage made of the block, first pass to final, so an
    explanation can show why it was kept or dropped.

    A page has thousands of blocks and only an explanation or a test reads their
    decisions, so the list is made on first read (see defer_decisions), not with the
    block. (Two blocks compare equal whatever their decisions.)
    """
    start: int
    end: int
    lines: list[Line]
    hints: dict[str, Any]
    language: str
    language_confidence: float
    # None (no decisions yet), the list of decisions, or a DecisionWriter whose
    # decisions for this block are made on first read
    _decisions: Any = field(repr=False, compare=False)

    def __init__(self, start: int, end: int, lines: list[Line], hints: dict[str, Any] | None = None,
                 language: str = "unknown", language_confidence: float = 0.0,
                 decisions: list[str] | None = None) -> None:
        self.start = start
        self.end = end
        self.lines = lines
        self.hints = {} if hints is None else hints
        self.language = language
        self.language_confidence = language_confidence
        self._decisions = decisions

    @property
    def decisions(self) -> list[str]:
        """The block's decisions, in the order they were taken (a list that can be added to)."""
        decisions = self._decisions
        if decisions is None:
            decisions = self._decisions = []
        elif not isinstance(decisions, list):
            decisions = self._decisions = decisions.decisions_of(self)
        return decisions

    @decisions.setter
    def decisions(self, decisions: list[str]) -> None:
        self._decisions = decisions

    def __repr__(self) -> str:
        return (f"Block(start={self.start!r}, end={self.end!r}, lines={self.lines!r}, hints={self.hints!r}, "
                f"language={self.language!r}, language_confidence={self.language_confidence!r}, "
                f"decisions={self.decisions!r})")


class DecisionWriter(Protocol):
    """Makes the decisions a stage took on a block when they are first read (see
    defer_decisions). It must not refer to the blocks it writes for: a block referring
    back to it would be a reference cycle, which only the garbage collector frees."""

    def decisions_of(self, block: Block) -> list[str]:
        """The decisions of `block`, as the strings Block.decisions lists."""
        ...


def defer_decisions(blocks: Iterable[Block], writer: DecisionWriter) -> None:
    """Add writer.decisions_of(block) to the decisions of each block, made when they are
    first read. A block with decisions already gets them added now, after its own."""
    for block in blocks:
        if block._decisions is None:            # most blocks: nothing decided before
            block._decisions = writer
        else:
            block.decisions.extend(writer.decisions_of(block))


def _join_interval(starts: list[int], ends: list[int], i: int, start: int, end: int) -> None:
    """Add [start, end) to the removed intervals (sorted, apart) at their i-th place, where it
    overlaps none: joined to the interval before or after it when it touches them."""
    joins_before = i > 0 and ends[i - 1] == start
    joins_after = i < len(starts) and starts[i] == end
    if joins_before and joins_after:
        ends[i - 1] = ends[i]
        del starts[i], ends[i]
    elif joins_before:
        ends[i - 1] = end
    elif joins_after:
        starts[i] = start
    else:
        starts.insert(i, start)
        ends.insert(i, end)


class Document:
    """One document in the pipeline. Created per call, never shared between calls."""

    __slots__ = ("source", "blocks", "metadata", "removed", "repairs", "fragments",
                 "gaps", "warnings", "language", "input_format", "title_line", "_removed_starts",
                 "_removed_ends", "_repair_starts", "_repair_ends", "deadline", "time_limit",
                 "_calls_until_clock", "_casefolded")

    def __init__(self, source: str, *, input_format: str = "text") -> None:
        self.source = source
        self.input_format = input_format
        self.blocks: list[Block] = []   # in source order, apart: code bisects their starts
        self.metadata: dict[str, str] = {}
        self.removed: list[Removal] = []
        self.repairs: list[Repair] = []
        self.fragments: list[Fragment] = []
        self.gaps: list[Gap] = []
        self.warnings: list[Warning] = []
        self.language = "unknown"
        # the line the metadata stage took as the title, so later stages can read what is
        # kept of it (its text may lose a glued sentence to a phrase rule)
        self.title_line: Line | None = None
        # Sorted, disjoint intervals of removed source, kept in step with `removed`.
        self._removed_starts: list[int] = []
        self._removed_ends: list[int] = []
        # Sorted starts and matching ends of the repairs, for the overlap test.
        self._repair_starts: list[int] = []
        self._repair_ends: list[int] = []
        # When set (by the pipeline), the time.monotonic() value past which work on this
        # document stops. Every stage reads and records through the methods below, so
        # checking here bounds a stage's loops without each stage having to remember to.
        self.deadline: float | None = None
        self.time_limit: float = 0.0
        self._calls_until_clock = 0
        self._casefolded: tuple[str, str] | None = None     # (source, its casefold)

    def check_time(self, stage: str = "") -> None:
        """Raise DocumentTimeout once the document's deadline has passed.

        The queries below call this on every use, tens of thousands of times a document, so
        the clock is read only every CLOCK_EVERY calls: a query costs well under a
        microsecond, so the deadline is still noticed within a fraction of a millisecond."""
        if self.deadline is None:
            return
        self._calls_until_clock -= 1
        if self._calls_until_clock > 0 and stage == "":
            return
        self._calls_until_clock = CLOCK_EVERY
        if time.monotonic() > self.deadline:
            during = f" (during {stage})" if stage else ""
            raise DocumentTimeout(f"document exceeded the time limit of {self.time_limit:g} s{during}")

    # -- text of pieces -------------------------------------------------------------
    def casefolded(self) -> str:
        """source.casefold(), computed once (the source never changes). Its offsets are the
        source's only when the two have the same length."""
        cached = self._casefolded
        if cached is None or cached[0] is not self.source:
            cached = self._casefolded = (self.source, self.source.casefold())
        return cached[1]

    def text_of(self, start: int, end: int) -> str:
        return self.source[start:end]

    def block_text(self, block: Block) -> str:
        return self.source[block.start:block.end]

    def line_text(self, line: Line) -> str:
        return self.source[line.start:line.end]

    # -- removals -------------------------------------------------------------------
    def remove(self, start: int, end: int, *, rule: str, reason: str, evidence: str = "") -> bool:
        """Record that source[start:end] is left out. Returns False if nothing new was removed.

        Overlapping requests are trimmed to the part not yet removed, so removals stay
        disjoint and the first rule to claim a character keeps the credit for it.
        """
        if start >= end:
            return False
        source, starts, ends = self.source, self._removed_starts, self._removed_ends
        i = bisect_right(starts, start)
        if (i == 0 or ends[i - 1] <= start) and (i == len(starts) or starts[i] >= end):
            # most requests: one new piece, which touches at most the intervals beside it
            # (they are apart from each other): joined to them here, with the bisection
            # that found them, rather than by _insert_interval's own
            self.check_time()
            text = source[start:end]
            if text.isspace():
                return False
            self.removed.append(_new_removal(start, end, text, rule, reason, evidence))
            _join_interval(starts, ends, i, start, end)
            return True
        added = False
        for s, e in self._uncovered(start, end):
            if source[s:e].isspace():
                continue
            self.removed.append(_new_removal(s, e, source[s:e], rule, reason, evidence))
            self._insert_interval(s, e)
            added = True
        return added

    def remove_many(self, spans: Iterable[tuple[int, int, str, str, str]]) -> None:
        """remove() for many spans (start, end, rule, reason, evidence), given in order and
        apart from each other, as a pass over a document's lines produces them. The records
        are the same as from one call each, but the removed intervals are walked once and
        merged once (see _merge_intervals), instead of a bisection and a list insertion per
        span."""
        self.check_time()
        source, starts, ends = self.source, self._removed_starts, self._removed_ends
        record = self.removed.append
        added_starts: list[int] = []
        added_ends: list[int] = []
        count = len(starts)
        # past the last removed interval, a start no span reaches: one test per span below
        next_start = starts[0] if count else len(source) + 1
        i, previous_end, last_added_end = 0, 0, -1
        for start, end, rule, reason, evidence in spans:
            if start >= end:
                continue
            if start < previous_end:
                raise ValueError("remove_many needs spans in order and apart from each other")
            previous_end = end
            if i < count and ends[i] <= start:
                i += 1
                while i < count and ends[i] <= start:
                    i += 1
                next_start = starts[i] if i < count else len(source) + 1
            if next_start >= end:                   # nothing of it removed yet: most spans
                text = source[start:end]
                if text.isspace():
                    continue
                record(_new_removal(start, end, text, rule, reason, evidence))
                if start <= last_added_end:
                    added_ends[-1] = end
                else:
                    added_starts.append(start)
                    added_ends.append(end)
                last_added_end = end
                continue
            for s, e in self._uncovered(start, end):
                text = source[s:e]
                if text.isspace():
                    continue
                record(_new_removal(s, e, text, rule, reason, evidence))
                if s <= last_added_end:             # touches the last one: merge as we go
                    added_ends[-1] = e
                else:
                    added_starts.append(s)
                    added_ends.append(e)
                last_added_end = e
        if added_starts:
            self._merge_intervals(added_starts, added_ends)

    def _merge_intervals(self, added_starts: list[int], added_ends: list[int]) -> None:
        """Add sorted, disjoint intervals that overlap no removed one to the removed ones,
        merging those that touch (as _insert_interval does).

        All the intervals are disjoint and none is empty, so sorted by start they are sorted
        by end too, no two share a start or an end, and two touch exactly where one ends at
        a point another starts at: sorting the starts and the ends apart, then dropping the
        points that are both, merges them with no loop in Python. A few intervals added to
        many are inserted one at a time instead (_insert_apart), which costs less."""
        if not self._removed_starts:
            self._removed_starts, self._removed_ends = added_starts, added_ends
            return
        if len(added_starts) * FEW_ADDED_SHARE <= len(self._removed_starts):
            self._insert_apart(added_starts, added_ends)
            return
        starts = sorted(self._removed_starts + added_starts)    # two sorted runs: merged in C
        ends = sorted(self._removed_ends + added_ends)
        touching = set(starts).intersection(ends)
        if touching:
            starts = [s for s in starts if s not in touching]
            ends = [e for e in ends if e not in touching]
        self._removed_starts, self._removed_ends = starts, ends

    def _insert_apart(self, added_starts: list[int], added_ends: list[int]) -> None:
        """_merge_intervals by one bisection and one list insertion for each added interval,
        joined to the removed ones beside it where they touch: cheaper than building the
        lists anew when few are added to many (a box of links removed from a page that the
        phrase rules cut in hundreds of places)."""
        starts, ends = self._removed_starts, self._removed_ends
        for start, end in zip(added_starts, added_ends):
            _join_interval(starts, ends, bisect_right(starts, start), start, end)

    def is_removed(self, start: int, end: int) -> bool:
        """True when every non-space character of source[start:end] is removed."""
        self.check_time()
        starts, ends = self._removed_starts, self._removed_ends
        i = bisect_right(starts, start) - 1
        if i >= 0 and ends[i] >= end:
            return True                      # one removal covers the whole span
        if (i < 0 or ends[i] <= start) and (i + 1 >= len(starts) or starts[i + 1] >= end):
            return start >= end or self.source[start:end].isspace()   # nothing removed in it
        source = self.source
        for s, e in self._uncovered(start, end):
            if not source[s:e].isspace():
                return False
        return True

    def cover(self, start: int, end: int) -> int:
        """How the removals meet the span [start, end), start < end: UNCUT when none
        overlaps it, WHOLE when one removed interval holds it all, CUT otherwise."""
        starts, ends = self._removed_starts, self._removed_ends
        i = bisect_right(starts, start) - 1
        if i >= 0 and ends[i] > start:
            return WHOLE if ends[i] >= end else CUT
        if i + 1 < len(starts) and starts[i + 1] < end:
            return CUT
        return UNCUT

    def removed_share(self, start: int = 0, end: int | None = None) -> float:
        """Share of the non-space characters of source[start:end] that are removed."""
        end = len(self.source) if end is None else end
        total = _visible(self.source[start:end])
        if not total:
            return 0.0
        kept = sum(_visible(self.source[s:e]) for s, e in self._uncovered(start, end))
        return 1.0 - kept / total

    def kept_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        return self._uncovered(start, end)

    def kept_text(self, start: int, end: int) -> str:
        """What of source[start:end] is not removed, pieces joined by a space."""
        self.check_time()
        starts = self._removed_starts
        if not starts:
            return self.source[start:end].strip()
        i = bisect_right(starts, start) - 1
        if i >= 0 and self._removed_ends[i] > start:
            if self._removed_ends[i] >= end:
                return ""                    # one removal covers the whole span
        elif i + 1 >= len(starts) or starts[i + 1] >= end:
            # most lines: nothing removed in them (no removal reaches into the span from
            # the left, and the next one starts at or after its end)
            return self.source[start:end].strip()
        source = self.source
        return " ".join([source[s:e] for s, e in self._uncovered(start, end)]).strip()

    def kept_texts(self, spans: Iterable[Any]) -> list[str]:
        """[kept_text(span.start, span.end) for span in spans], for spans (lines, blocks: what
        has a start and an end) whose starts never go back, as a pass over a document's lines
        gives them: the removed intervals are walked along once, not bisected for each span."""
        self.check_time()
        source, starts, ends = self.source, self._removed_starts, self._removed_ends
        if not starts:
            return [source[span.start:span.end].strip() for span in spans]
        count = len(starts)
        out = []
        i = -1         # the first removed interval that may end after the span's start
        for span in spans:
            start, end = span.start, span.end
            if i < 0:
                i = bisect_right(ends, start)   # ends are sorted too: the intervals are disjoint
            while i < count and ends[i] <= start:
                i += 1
            if i == count or starts[i] >= end:
                out.append(source[start:end].strip())       # nothing removed in the span
            elif starts[i] <= start and ends[i] >= end:
                out.append("")                              # one removal covers it whole
            else:
                out.append(" ".join([source[s:e] for s, e in self._uncovered(start, end)]).strip())
        return out

    def removed_length(self) -> int:
        """How many characters of the source the removals cover (spaces included)."""
        return sum(self._removed_ends) - sum(self._removed_starts)

    def removed_intervals(self) -> list[tuple[int, int]]:
        """The removed source as sorted, disjoint (start, end) intervals, touching ones merged."""
        return list(zip(self._removed_starts, self._removed_ends))

    def _overlaps_removal(self, start: int, end: int) -> bool:
        starts, ends = self._removed_starts, self._removed_ends
        i = bisect_right(starts, start) - 1
        if i >= 0 and ends[i] > start:
            return True
        return i + 1 < len(starts) and starts[i + 1] < end

    def _uncovered(self, start: int, end: int) -> list[tuple[int, int]]:
        """The pieces of [start, end) no removal covers, in order (empty when start >= end)."""
        self.check_time()
        starts, ends = self._removed_starts, self._removed_ends
        n = len(starts)
        i = bisect_right(starts, start) - 1
        if i < 0:
            i = 0
        elif ends[i] <= start:
            i += 1                           # the interval before ends before the span
        if i >= n or starts[i] >= end:       # nothing removed in the span
            return [(start, end)] if start < end else []
        out = []
        pos = start
        while i < n and starts[i] < end:
            s, e = starts[i], ends[i]
            if e > pos:
                if s > pos:
                    out.append((pos, s if s < end else end))
                if e > pos:
                    pos = e
                if pos >= end:
                    return out
            i += 1
        if pos < end:
            out.append((pos, end))
        return out

    def _insert_interval(self, start: int, end: int) -> None:
        starts, ends = self._removed_starts, self._removed_ends
        i = bisect_right(starts, start)
        # merge with the previous interval when they touch
        if i > 0 and ends[i - 1] >= start:
            i -= 1
            start = starts[i]
            end = max(end, ends[i])
            del starts[i], ends[i]
        while i < len(starts) and starts[i] <= end:
            end = max(end, ends[i])
            del starts[i], ends[i]
        starts.insert(i, start)
        ends.insert(i, end)

    def _touches_removed(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a removed interval (for an insertion, lies inside one)."""
        starts, ends = self._removed_starts, self._removed_ends
        i = bisect_right(starts, end if end > start else start) - 1
        while i >= 0 and ends[i] > start:
            if starts[i] < end or (start == end and starts[i] < start):
                return True
            i -= 1
        return False

    def undo_removals(self, keep: Callable[[Removal], bool]) -> None:
        """Drop the removals for which keep(removal) is False (used by the over-removal guard)."""
        kept = [r for r in self.removed if keep(r)]
        self.removed = []
        self._removed_starts, self._removed_ends = [], []
        for r in kept:
            self.removed.append(r)
            self._insert_interval(r.start, r.end)

    # -- other findings -------------------------------------------------------------
    def repair(self, start: int, end: int, after: str, *, rule: str, reason: str = "") -> bool:
        """Record a replacement of source[start:end]. Refused when it overlaps a removal or
        another repair, so the recorded edits can always be replayed in order."""
        if start > end or self.source[start:end] == after:
            return False
        if self._overlaps_repair(start, end) or self._touches_removed(start, end):
            return False
        self.check_time()
        i = bisect_right(self._repair_starts, start)
        self._repair_starts.insert(i, start)
        self._repair_ends.insert(i, end)
        self.repairs.append(Repair(start, end, self.source[start:end], after, rule, reason))
        return True

    def _overlaps_repair(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a recorded repair or starts where one starts.
        Recorded repairs are disjoint, so sorted by start their ends never decrease, and
        the last one starting before `end` is the only one that can overlap: a bisection
        instead of a scan, so a page with a million repairs stays linear."""
        starts, ends = self._repair_starts, self._repair_ends
        i = bisect_right(starts, start) - 1
        if i >= 0 and starts[i] == start:
            return True
        if end > start:
            j = bisect_right(starts, end - 1) - 1       # the last repair starting before end
            return j >= 0 and start < ends[j]
        return i >= 0 and starts[i] < start < ends[i]  # an insertion inside a repair

    def add_fragment(self, fragment: Fragment) -> None:
        self.fragments.append(fragment)

    def add_gap(self, gap: Gap) -> None:
        self.gaps.append(gap)

    def warn(self, kind: str, message: str) -> None:
        self.warnings.append(Warning(kind, message))


@dataclass(slots=True)
class Result:
    """What `Cleaner.clean` returns: the clean text and the full report."""
    text: str
    source: str
    language: str
    metadata: dict[str, str]
    removed: list[Removal]
    repairs: list[Repair]
    fragments: list[Fragment]
    gaps: list[Gap]
    warnings: list[Warning]
    version: str
    config: str
    input_format: str = "text"

    def to_dict(self) -> dict[str, Any]:
        """The JSON report, in the shape documented in the README."""
        report = {
            "text": self.text,
            "language": self.language,
            "metadata": dict(self.metadata),
            "removed": _as_dicts(self.removed),
            "fragments": _as_dicts(self.fragments),
            "repairs": _as_dicts(self.repairs),
            "gaps": _as_dicts(self.gaps),
            "warnings": _as_dicts(self.warnings),
            "version": self.version,
            "config": self.config,
        }
        if self.input_format != "text":
            report["offsets"] = "extracted_text"  # offsets point into the text extracted from the markup
            report["source"] = self.source
        return report


_FIELD_READERS: dict[type, tuple[tuple[str, ...], Callable]] = {}


def _as_dicts(records) -> list[dict[str, Any]]:
    """dataclasses.asdict() of each record, for the report's flat records (every field a
    str, int or float): the same dicts without asdict's recursive deep copy, which took a
    batch run a fifth of its time on pages with many removals."""
    out = []
    for record in records:
        kind = type(record)
        reader = _FIELD_READERS.get(kind)
        if reader is None:
            names = tuple(f.name for f in fields(kind))
            reader = _FIELD_READERS[kind] = (names, attrgetter(*names))
        names, values = reader
        out.append(dict(zip(names, values(record))))
    return out
