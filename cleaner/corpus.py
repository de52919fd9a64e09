"""Corpus mode: lines that recur across many documents of the same site are boilerplate
that no single page reveals (the same footer, the same newsletter prompt on every page).

Two passes over a batch: `LineTable.learn(documents)` counts, per site, in how many
documents each line appears (a hash of the folded line, never the text itself); the table
can be saved and loaded (`save`, `load`) and reused for later batches. The boilerplate stage
then drops a line of a document when the table says it recurs in at least `min_share` of
that site's documents and `min_documents` of them.

The guard for article text: a line must also be *short or formulaic*: lines of prose longer
than `max_words` never count as recurring, and very common short article lines ("Related:",
"Photo", "1.") are only dropped when they recur on the site far more often than chance would
make them, which the `min_share` threshold expresses.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import regex

_FOLD = regex.compile(r"[\p{P}\p{S}\s\p{N}]+")

MIN_DOCUMENTS = 5      # a line must recur in at least this many documents of a site
MIN_SHARE = 0.5        # ... and in at least this share of the site's documents
MAX_WORDS = 40         # longer lines are article prose, whatever they repeat


def site_of(url: str | None) -> str:
    """The site a document belongs to: the host of its URL without 'www.', or '*' when unknown."""
    if not url:
        return "*"
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or "*"


def line_key(text: str) -> str | None:
    """A short hash of a line folded for comparison (case, punctuation, digits, spacing),
    or None for lines that are empty or too long to be boilerplate."""
    folded = _FOLD.sub(" ", text.casefold()).strip()
    if not folded or len(folded.split()) > MAX_WORDS:
        return None
    return hashlib.blake2b(folded.encode(), digest_size=8).hexdigest()


@dataclass
class LineTable:
    """Per site: how many documents were seen, and in how many each line key appeared."""
    documents: Counter = field(default_factory=Counter)
    lines: dict = field(default_factory=lambda: defaultdict(Counter))
    min_documents: int = MIN_DOCUMENTS
    min_share: float = MIN_SHARE

    def add(self, text: str, site: str = "*") -> None:
        """Count one document's distinct lines."""
        self.documents[site] += 1
        keys = {k for k in (line_key(line) for line in text.splitlines()) if k}
        self.lines[site].update(keys)

    @classmethod
    def learn(cls, documents: Iterable[tuple[str, str | None]], **thresholds) -> "LineTable":
        """Build a table from (text, url) pairs: the first pass of corpus mode."""
        table = cls(**thresholds)
        for text, url in documents:
            table.add(text, site_of(url))
        return table

    def is_recurring(self, text: str, site: str = "*") -> bool:
        """True when the line recurs in enough of the site's documents to be boilerplate."""
        key = line_key(text)
        if key is None:
            return False
        seen, total = self.lines.get(site, {}).get(key, 0), self.documents.get(site, 0)
        return seen >= self.min_documents and seen >= self.min_share * total

    # -- saving and loading ------------------------------------------------------------
    def digest(self) -> str:
        """A hash of the table's contents, for the configuration hash of the reports."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()

    def to_dict(self) -> dict:
        """Only recurring keys are kept: the table stays small and holds no article text."""
        keep = {}
        for site, counts in sorted(self.lines.items()):
            total = self.documents[site]
            rows = {k: n for k, n in sorted(counts.items())
                    if n >= self.min_documents and n >= self.min_share * total}
            if rows:
                keep[site] = rows
        return {"version": 1, "min_documents": self.min_documents, "min_share": self.min_share,
                "documents": dict(sorted(self.documents.items())), "lines": keep}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=0, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "LineTable":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != 1:
            raise ValueError(f"{path}: not a cleaner line table (version {data.get('version')!r})")
        table = cls(min_documents=data["min_documents"], min_share=data["min_share"])
        table.documents.update(data["documents"])
        for site, rows in data["lines"].items():
            table.lines[site].update(rows)
        return table


def drop_recurring_lines(doc, table: LineTable, site: str = "*") -> int:
    """Remove the lines of `doc` that the table says recur across the site. Returns how many."""
    removed = 0
    for block in doc.blocks:
        for line in block.lines:
            if table.is_recurring(doc.line_text(line), site):
                end = line.end + 1 if line.end < block.end and doc.source[line.end:line.end + 1] == "\n" else line.end
                if doc.remove(line.start, end, rule="boilerplate.recurring_line",
                              reason="a line that recurs across many documents of the same site",
                              evidence=f"site {site}"):
                    removed += 1
    return removed


_TABLES: dict[tuple, LineTable] = {}


def load_table(path: str | Path) -> LineTable:
    """A table loaded once per file version (path, size, modification time): reloading the
    same file gives the same table, so the cache cannot make output depend on history."""
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _TABLES:
        _TABLES[key] = LineTable.load(path)
    return _TABLES[key]
