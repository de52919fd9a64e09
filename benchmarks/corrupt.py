"""Inject the damage scrapers do into clean article text, reproducibly, and say where.

Each paragraph of a clean article gets at most one kind of damage, so that whether it came
out right can be judged paragraph by paragraph:

    wrap               the document hard-wrapped at a fixed width (every long paragraph)
    hyphenation        the same, with words hyphenated at line ends ("electri-\\ncal") and
                       compounds broken at their own hyphen ("cost-\\ncutting")
    glued_join         the space after a sentence end lost ("Sunday.Police")
    split_attribution  a quote and its attribution split into two paragraphs
    entity             characters written as HTML entities (&#8217;, &amp;, &nbsp;)
    mojibake           the paragraph's UTF-8 read as cp1252 ("donâ€™t")
    link_hole          a space left before a comma where a link was removed ("with , leaving")
    drop_cap           the first letter of the article set apart ("M uch of")

    python benchmarks/corrupt.py TRUTH.jsonl --seed 1 > corrupted.jsonl

The same seed gives the same bytes. Used by benchmarks/repair_eval.py.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass

import regex

PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*(?:\n[ \t]*)+")
WRAPPED_DOCUMENT_SHARE = 0.3
DAMAGED_PARAGRAPH_SHARE = 0.5
HYPHENATION_SHARE = 0.35
MAX_LINK_HOLES = 4   # a page loses a few links, not one in every paragraph


@dataclass
class Corruption:
    paragraph: int     # index of the clean paragraph it damaged
    kind: str
    detail: str


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in PARAGRAPH_BREAK.split(text) if p.strip()]


# -- wrapping -------------------------------------------------------------------------------

_HYPHENATABLE = regex.compile(r"\p{Ll}{7,}")


def wrap_paragraph(paragraph: str, width: int, rng: random.Random, hyphenate: bool) -> tuple[str, int]:
    """Greedy wrap of each line of the paragraph at `width`. With `hyphenate`, a word that
    does not fit is sometimes broken with a hyphen (long lower-case words, at least two
    letters before the break and three after) or at its own hyphen. Returns the text and
    how many hyphen breaks it made."""
    out_lines, breaks = [], 0
    for source_line in paragraph.split("\n"):
        words = source_line.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= width or not line:
                line = candidate
                continue
            room = width - len(line) - 1
            if hyphenate and rng.random() < HYPHENATION_SHARE:
                head, tail = _hyphen_split(word, room, rng)
                if head:
                    out_lines.append(f"{line} {head}")
                    line, breaks = tail, breaks + 1
                    continue
            out_lines.append(line)
            line = word
        out_lines.append(line)
    return "\n".join(out_lines), breaks


def _hyphen_split(word: str, room: int, rng: random.Random) -> tuple[str, str]:
    """Split `word` so that 'head-' fits in `room` characters; ('', '') when it cannot."""
    if "-" in word[1:-1]:
        cut = word.index("-", 1) + 1
        if cut <= room and word[cut:cut + 1].isalpha() and word[:cut - 1].isalpha():
            return word[:cut], word[cut:]
    m = _HYPHENATABLE.fullmatch(word.rstrip(".,;:!?”’\")"))
    if not m:
        return "", ""
    core = m.group()
    positions = [i for i in range(2, len(core) - 2) if i + 1 <= room]
    if not positions:
        return "", ""
    cut = rng.choice(positions)
    return word[:cut] + "-", word[cut:]


# -- paragraph damage -----------------------------------------------------------------------

_SENTENCE_GAP = regex.compile(r"(?<=\p{Ll}\p{Ll}[.!?]) (?=\p{Lu}\p{Ll})")
_ATTRIBUTION = regex.compile(r"(?<=[,?!][\"”’]) (?=\p{Ll})"
                             r"|(?<=,[\"”’]) (?=(?:\p{Lu}[\p{L}.’'-]*\s+){1,5}(?:said|says|told|added|asked|wrote)\b)")
_COMMA = regex.compile(r"(?<=\p{L}),(?= )")
_ENTITIES = {"’": ["&#8217;", "&rsquo;"], "‘": ["&#8216;", "&lsquo;"], "“": ["&ldquo;", "&#8220;"],
             "”": ["&rdquo;", "&#8221;"], "&": ["&amp;"], "—": ["&mdash;", "&#8212;"],
             "–": ["&ndash;"], "é": ["&eacute;", "&#233;"], '"': ["&quot;", "&#34;"],
             "'": ["&#39;", "&#x27;"], "…": ["&hellip;"], "©": ["&copy;"]}
_DROP_CAP_START = regex.compile(r"(\p{Lu})(\p{Ll}{2,})\b")


def glued_join(paragraph: str, rng: random.Random) -> str | None:
    spots = list(_SENTENCE_GAP.finditer(paragraph))
    if not spots:
        return None
    chosen = rng.sample(spots, min(len(spots), rng.randint(1, 2)))
    return _delete_spans(paragraph, [m.span() for m in chosen])


def split_attribution(paragraph: str, rng: random.Random) -> str | None:
    spots = list(_ATTRIBUTION.finditer(paragraph))
    if not spots:
        return None
    m = rng.choice(spots)
    return paragraph[:m.start()] + "\n\n" + paragraph[m.end():]


def entity(paragraph: str, rng: random.Random) -> str | None:
    spots = [i for i, ch in enumerate(paragraph) if ch in _ENTITIES]
    if not spots:
        spaces = [i for i, ch in enumerate(paragraph) if ch == " "]
        if not spaces:
            return None
        i = rng.choice(spaces)
        return paragraph[:i] + "&nbsp;" + paragraph[i + 1:]
    chosen = sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))), reverse=True)
    for i in chosen:
        paragraph = paragraph[:i] + rng.choice(_ENTITIES[paragraph[i]]) + paragraph[i + 1:]
    return paragraph


def mojibake(paragraph: str, rng: random.Random) -> str | None:
    if paragraph.isascii() or not regex.search(r"[’“”é—–àèóúñüö]", paragraph):
        return None
    data = paragraph.encode("utf-8")
    return "".join(bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(b) for b in data)


def link_hole(paragraph: str, rng: random.Random) -> str | None:
    spots = list(_COMMA.finditer(paragraph))
    if not spots:
        return None
    m = rng.choice(spots)
    return paragraph[:m.start()] + " " + paragraph[m.start():]


def drop_cap(paragraph: str, rng: random.Random) -> str | None:
    m = _DROP_CAP_START.match(paragraph)
    if not m:
        return None
    return paragraph[:m.end(1)] + " " + paragraph[m.end(1):]


def _delete_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


PARAGRAPH_DAMAGE = {"glued_join": glued_join, "split_attribution": split_attribution,
                    "entity": entity, "mojibake": mojibake, "link_hole": link_hole}


def corrupt_document(text: str, rng: random.Random) -> tuple[str, list[Corruption]]:
    """Damage a clean article. Returns the damaged text and what was done to which paragraph."""
    paragraphs = split_paragraphs(text)
    corruptions: list[Corruption] = []
    cjk = len(regex.findall(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]", text)) > 0.1 * len(text)
    if not cjk and rng.random() < WRAPPED_DOCUMENT_SHARE:
        width = rng.randint(60, 80)
        hyphenate = rng.random() < 0.6
        out = []
        for i, paragraph in enumerate(paragraphs):
            wrapped, breaks = wrap_paragraph(paragraph, width, rng, hyphenate)
            if wrapped != paragraph:
                corruptions.append(Corruption(i, "hyphenation" if breaks else "wrap", f"width {width}"))
            out.append(wrapped)
        return "\n\n".join(out) + "\n", corruptions
    out = []
    holes = 0
    for i, paragraph in enumerate(paragraphs):
        damaged = None
        if i == 0 and rng.random() < 0.3:
            damaged, kind = drop_cap(paragraph, rng), "drop_cap"
        elif rng.random() < DAMAGED_PARAGRAPH_SHARE:
            kinds = [k for k in PARAGRAPH_DAMAGE if k != "link_hole" or holes < MAX_LINK_HOLES]
            for kind in rng.sample(kinds, len(kinds)):
                damaged = PARAGRAPH_DAMAGE[kind](paragraph, rng)
                if damaged is not None and damaged != paragraph:
                    break
        if damaged is not None and damaged != paragraph:
            corruptions.append(Corruption(i, kind, ""))
            holes += kind == "link_hole"
            out.append(damaged)
        else:
            out.append(paragraph)
    return "\n\n".join(out) + "\n", corruptions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("truth", help="JSONL with 'id' and 'text' (clean article text)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.truth, encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            record = json.loads(line)
            rng = random.Random(f"{args.seed}:{record['id']}")
            text, corruptions = corrupt_document(record["text"], rng)
            json.dump({"id": record["id"], "text": text, "corruptions": [asdict(c) for c in corruptions]},
                      sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
