"""The pipeline, top to bottom: one document through the fixed stages, in order.

    decode -> segment -> language (identify) -> metadata -> boilerplate
           -> language (fragments) -> guard -> repair -> render

Language identification runs before the boilerplate stage because each block meets the
rule pack of its own language; the fragment policy runs after it, because whether a
foreign fragment sits in a boilerplate zone is known only then. The over-removal guard
settles what is removed before the repair stage reads the text as it will render.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from operator import attrgetter
from typing import Iterable, Iterator

from . import boilerplate, decode, language, metadata, render, repair, rules, segment
from .config import Config
from .model import Document, DocumentTimeout, Result

__version__ = "0.1.0"
__all__ = ["Cleaner", "Context", "DocumentTimeout", "clean"]

# the report's records in source order (a C getter: a page has thousands of removals)
_START = attrgetter("start")
_START_END = attrgetter("start", "end")


@dataclass(frozen=True)
class Context:
    """Read-only state a stage may consult: the configuration, the compiled rule packs,
    and the deadline of the current document."""
    config: Config
    packs: rules.PackSet
    deadline: float

    def check_time(self, stage: str) -> None:
        if time.monotonic() > self.deadline:
            raise DocumentTimeout(f"document exceeded the time limit of {self.config.time_limit:g} s "
                                  f"(during {stage})")


class Cleaner:
    """A reusable, picklable cleaner. It holds only its configuration and compiled packs,
    so the same input gives the same bytes in any process, whatever was cleaned before.

        >>> Cleaner().clean("Hello world.\\n\\n\\n").text
        'Hello world.\\n'
    """

    def __init__(self, config: Config | None = None, *, extra_rules: Iterable = ()) -> None:
        self.config = config or Config()
        self.extra_rules = tuple(extra_rules)
        self.packs = rules.load_packs(tuple(self.config.rule_packs) + self.extra_rules)
        digest = self.packs.digest
        if self.config.line_table:
            from . import corpus
            digest += corpus.load_table(self.config.line_table).digest()   # fails early on a bad table
        self.fingerprint = self.config.fingerprint(digest)

    def __getstate__(self):
        # compiled patterns are rebuilt on the other side rather than pickled
        return {"config": self.config, "extra_rules": self.extra_rules}

    def __setstate__(self, state):
        self.__init__(state["config"], extra_rules=state["extra_rules"])

    # -- public API -----------------------------------------------------------------
    def clean(self, text: str | bytes, *, url: str | None = None) -> Result:
        """Clean one document of plain text (str, or bytes in any common encoding). The
        page's URL, when known, goes into metadata.url and names its site for corpus mode.

        Raises DocumentTimeout past Config.time_limit (counted from this call, decoding
        included) and decode.DecodeError for input that is not text."""
        deadline = self._deadline()
        doc = decode.run(text, max_chars=self.config.max_document_chars, deadline=deadline)
        if url:
            doc.metadata["url"] = url
        return self._run(doc, deadline)

    def clean_html(self, html: str | bytes, *, url: str | None = None) -> Result:
        """Clean one HTML page: the markup gives blocks and structural hints, then the same
        stages run on the extracted text. Report offsets point into that extracted text."""
        from . import html as html_input
        deadline = self._deadline()
        doc = html_input.to_document(html, config=self.config)
        if url:
            doc.metadata.setdefault("url", url)
        return self._run(doc, deadline)

    def _deadline(self) -> float:
        return time.monotonic() + self.config.time_limit

    def clean_many(self, items: Iterable[str | bytes], *, workers: int = 1) -> Iterator[Result]:
        """Clean many documents; results come back in input order. See cleaner.batch."""
        from . import batch
        return batch.clean_many(self, items, workers=workers)

    # -- the stages ---------------------------------------------------------------------
    def _run(self, doc: Document, deadline: float | None = None) -> Result:
        deadline = self._deadline() if deadline is None else deadline
        ctx = Context(self.config, self.packs, deadline)
        doc.deadline, doc.time_limit = deadline, self.config.time_limit
        if doc.source.strip():
            segment.run(doc)
            ctx.check_time("segment")
            language.identify(doc, ctx)
            ctx.check_time("language")
            metadata.run(doc, ctx)
            ctx.check_time("metadata")
            boilerplate.run(doc, ctx)
            ctx.check_time("boilerplate")
            language.handle_fragments(doc, ctx)
            ctx.check_time("language")
            # the guard settles what is removed before repair reads the text that will render
            boilerplate.guard_over_removal(doc, ctx)
            repair.run(doc, ctx)
            ctx.check_time("repair")
        text = render.canonical(render.edited_text(doc), ascii_fold=self.config.ascii_fold)
        return Result(text=text, source=doc.source, language=doc.language,
                      metadata=doc.metadata, removed=sorted(doc.removed, key=_START),
                      repairs=sorted(doc.repairs, key=_START_END),
                      fragments=sorted(doc.fragments, key=_START),
                      gaps=sorted(doc.gaps, key=_START), warnings=doc.warnings,
                      version=__version__, config=self.fingerprint, input_format=doc.input_format)


def clean(text: str | bytes, config: Config | None = None) -> Result:
    """Clean one document with a fresh Cleaner (for many documents, reuse a Cleaner)."""
    return Cleaner(config).clean(text)
