"""Configuration: one frozen, picklable value; its hash goes into every report."""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, fields, replace

FRAGMENT_POLICIES = ("remove-boilerplate", "tag", "remove-all")
LANGUAGE_BACKENDS = ("auto", "pycld2", "langdetect")


@dataclass(frozen=True)
class Config:
    """How a `Cleaner` cleans. Every field has a safe default; see the README for each.

    languages:           candidate languages for detection (ISO 639-1), or () for any.
    language_backend:    the language identifier: "pycld2", "langdetect", or "auto" (pycld2
                         when installed, else langdetect).
    fragment_policy:     what to do with text in another language than the document's:
                         "remove-boilerplate" (default) drops foreign fragments in boilerplate
                         zones and short runs and keeps foreign quotes inside the article body;
                         "tag" keeps every fragment and only reports it; "remove-all" drops all.
    disable:             rule ids or families to switch off, e.g. ("repair.dehyphenate",
                         "boilerplate.copyright", "boilerplate") - a prefix match on the id.
    rule_packs:          paths of extra TOML rule packs to load beside the built-in ones.
    max_removed_share:   when the rules would remove more than this share of a document's
                         characters, the over-removal guard keeps what a conservative pass keeps
                         and warns instead.
    ascii_fold:          fold typographic quotes and dashes to ASCII in the output (off: the
                         canonical form keeps them).
    max_document_chars:  longer documents are cut to this many characters, with a warning.
    regex_timeout:       seconds one pattern may spend on one piece of text before it is stopped
                         and reported.
    time_limit:          seconds one document may take; past it the document fails cleanly.
    line_table:          path of a learned line table (corpus mode, cleaner.corpus): lines that
                         recur across many documents of a document's site are removed. The site
                         comes from the document's URL (`Cleaner.clean(text, url=...)`).
    """

    languages: tuple[str, ...] = ()
    language_backend: str = "auto"
    fragment_policy: str = "remove-boilerplate"
    disable: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    max_removed_share: float = 0.97
    ascii_fold: bool = False
    max_document_chars: int = 20_000_000
    regex_timeout: float = 1.0
    time_limit: float = 30.0
    line_table: str = ""

    def __post_init__(self) -> None:
        if self.fragment_policy not in FRAGMENT_POLICIES:
            raise ValueError(f"fragment_policy must be one of {', '.join(FRAGMENT_POLICIES)}, "
                             f"not {self.fragment_policy!r}")
        if self.language_backend not in LANGUAGE_BACKENDS:
            raise ValueError(f"language_backend must be one of {', '.join(LANGUAGE_BACKENDS)}, "
                             f"not {self.language_backend!r}")
        _check_number("max_removed_share", self.max_removed_share)
        if not 0.0 < self.max_removed_share <= 1.0:
            raise ValueError("max_removed_share must be in (0, 1]")
        for name in ("regex_timeout", "time_limit"):
            _check_number(name, getattr(self, name))
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be a number of seconds > 0, not {getattr(self, name)!r}")
        if isinstance(self.max_document_chars, bool) or not isinstance(self.max_document_chars, int) \
                or self.max_document_chars < 1:
            raise ValueError(f"max_document_chars must be a whole number >= 1, not {self.max_document_chars!r}")
        if not isinstance(self.ascii_fold, bool):
            raise ValueError(f"ascii_fold must be true or false, not {self.ascii_fold!r}")
        if not isinstance(self.line_table, str):
            raise ValueError(f"line_table must be a path, not {self.line_table!r}")
        for name in ("languages", "disable", "rule_packs"):
            value = getattr(self, name)
            value = (value,) if isinstance(value, str) else value
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{name} must be a list of strings, not {getattr(self, name)!r}")
            object.__setattr__(self, name, tuple(value))

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)

    def is_enabled(self, rule_id: str) -> bool:
        return not any(rule_id == d or rule_id.startswith(d + ".") for d in self.disable)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Config":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown configuration key(s): {', '.join(unknown)}")
        return cls(**data)

    def fingerprint(self, packs_digest: str = "") -> str:
        """A short hash of the configuration and the rule packs' contents."""
        payload = json.dumps(self.to_dict(), sort_keys=True, default=list) + packs_digest
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _check_number(name: str, value) -> None:
    """Configuration read from a file is untrusted: a limit must be a real, finite number
    (TOML allows nan and inf, and a string would only fail deep inside a stage)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
