"""Stage 3, metadata: dateline, byline and title, moved out of the body into `metadata`.

The dateline and byline leave the text (they are about the article, not of it); the title
stays in the text, since it heads the article, and is recorded so the boilerplate stage
can recognize it when a page repeats it.
"""
from __future__ import annotations

import functools
from itertools import islice

import regex

from . import segment
from .model import Document

# Labels that introduce a date or an author, in the languages of the packs. Kept here
# rather than in the packs because the metadata stage must parse what they introduce.
_DATE_LABELS = (r"date|published(?: on)?|posted(?: on)?|updated(?: on)?|last updated|"
                r"fecha|publicado(?: el)?|actualizado(?: el)?|"
                r"publié le|mis à jour le|date de publication|"
                r"veröffentlicht(?: am)?|aktualisiert(?: am)?|datum|stand|"
                r"publicado em|atualizado em|data|"
                r"pubblicato(?: il)?|aggiornato(?: il)?")
_BY_LABELS = r"by|written by|words by|von|por|par|di|de|escrito por|texto de|autor|author"

# Month names come from the packs' [months] tables; these numeric forms need none.
_ISO = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_TIME = r"(?:,?\s*(?:at\s+|às\s+|a las\s+|um\s+|alle\s+|à\s+)?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|UTC[+-]?\d*|GMT[+-]?\d*))?)?"


def _date_pattern(months: dict[str, int]) -> regex.Pattern:
    names = sorted(months, key=len, reverse=True)
    month = "(?P<mon>" + "|".join(regex.escape(n) for n in names) + r")\.?" if names else r"(?P<mon>(?!))"
    text_dates = (
        rf"(?:\p{{L}}+,?\s+)?{month}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"        # July 1, 2025
        rf"|(?:\p{{L}}+,?\s+)?(?P<d3>\d{{1,2}})(?:\.|º|er)?\s+(?:de\s+)?{month.replace('mon', 'mon3')}\s+(?:de\s+)?(?P<y3>\d{{4}})"  # 1 July 2025, 1 de julio de 2025, 1. Juli 2025
        r"|(?P<d4>\d{1,2})[./](?P<m4>\d{1,2})[./](?P<y4>\d{4})"                                     # 01.07.2025, 01/07/2025
    )
    return regex.compile(rf"(?:{_ISO}|{text_dates}){_TIME}", regex.IGNORECASE)


def parse_date(text: str, pattern: regex.Pattern, months: dict[str, int]) -> str | None:
    """The ISO date (YYYY-MM-DD) a date expression names, or None.

    Day-first is assumed for numeric dates with dots or slashes unless the day cannot be a
    month; an ambiguous US-style date is therefore never silently misread as the wrong
    month when the second number is over 12.
    """
    m = pattern.fullmatch(text.strip().rstrip(".,;|"))
    if not m:
        return None
    g = m.groupdict()
    if g.get("y"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g.get("y2"):
        y, mo, d = int(g["y2"]), months[g["mon"].casefold()], int(g["d2"])
    elif g.get("y3"):
        y, mo, d = int(g["y3"]), months[g["mon3"].casefold()], int(g["d3"])
    else:
        y, a, b = int(g["y4"]), int(g["d4"]), int(g["m4"])
        if b > 12 and a <= 12:
            a, b = b, a     # 07/21/2025: month first
        d, mo = a, b
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


HEAD_LINES = 6   # datelines and bylines are looked for in the first lines only


@functools.lru_cache(maxsize=8)
def _patterns(months_items: tuple) -> tuple:
    """The date, dateline and byline patterns for the packs' month names (built once)."""
    months = dict(months_items)
    date_re = _date_pattern(months)
    dateline = regex.compile(rf"(?:(?:{_DATE_LABELS})\s*:?\s*)?(?P<date>{date_re.pattern})(?=\s|$|\s*[|·•])",
                             regex.IGNORECASE)
    byline = regex.compile(rf"(?i:{_BY_LABELS})\s*:?\s+(?P<name>\p{{Lu}}[\p{{L}}'’.\-]+(?:\s+\p{{Lu}}[\p{{L}}'’.\-]+){{1,3}})\s*")
    return months, date_re, dateline, byline


# the pack set seen last and its patterns, as one tuple so that a reader gets a matching pair
_last_patterns: list[tuple | None] = [None]


def _patterns_of_packs(packs) -> tuple:
    """_patterns for the month names of a pack set. A Cleaner keeps one pack set for all
    its documents, so the last one's patterns are kept and the month tables, a few
    hundred names, are not gathered again for every document."""
    last = _last_patterns[0]
    if last is None or last[0] is not packs:
        months_items = tuple(sorted((k, v) for table in packs.months.values() for k, v in table.items()))
        last = (packs, _patterns(months_items))
        _last_patterns[0] = last
    return last[1]


def run(doc: Document, ctx) -> None:
    """Datelines and bylines are looked for at the start of every sentence of the first
    lines, not only at line starts: boilerplate glued before a byline on its line ("All
    rights reserved. By Jane Doe") goes later, and the byline must be found either way."""
    months, date_re, dateline, byline = _patterns_of_packs(ctx.packs)
    source, metadata = doc.source, doc.metadata
    find_dates = ctx.config.is_enabled("metadata.dateline")
    find_bylines = ctx.config.is_enabled("metadata.byline")
    lines = list(islice((ln for block in doc.blocks for ln in block.lines), HEAD_LINES))
    for line in lines:
        # every date has digits: a line without one holds no dateline, and most lines are so
        dated = find_dates and _DIGIT.search(source, line.start, line.end) is not None
        for start, end in segment.sentences(source[line.start:line.end], line.start):
            if dated and "date" not in metadata:
                m = dateline.match(source, start, line.end)
                if m:
                    iso = parse_date(m.group("date"), date_re, months)
                    if iso:
                        metadata["date"] = iso
                        doc.remove(start, m.end(), rule="metadata.dateline",
                                   reason="the publication date, moved to metadata.date", evidence=m.group())
                        continue
            if find_bylines and "author" not in metadata:
                m = byline.fullmatch(source, start, end)
                if m:
                    metadata["author"] = m.group("name")
                    doc.remove(start, end, rule="metadata.byline",
                               reason="the byline, moved to metadata.author", evidence=m.group())
    _title(doc)


# what the date pattern's \d matches (the regex module's, so the two cannot disagree)
_DIGIT = regex.compile(r"\d")


_SENTENCE_LIKE_END = regex.compile(r"[.:;,]$")


def _title(doc: Document) -> None:
    """The first remaining line, when it reads like a headline: one line of 3 to 25 words,
    not ending like a sentence."""
    for block in doc.blocks:
        for line in block.lines:
            if doc.is_removed(line.start, line.end):
                continue
            text = doc.kept_text(line.start, line.end)
            words = len(text.split())
            if len(block.lines) == 1 and 3 <= words <= 25 and not _SENTENCE_LIKE_END.search(text):
                if "title" not in doc.metadata:
                    doc.metadata["title"] = text
                    doc.title_line = line
            return
