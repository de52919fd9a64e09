"""Build the mixed-language evaluation set from real article text.

Each host is the text of one real article (one language). Into it go real fragments of
other languages, cut from the other articles: single lines and paragraphs of 2 to 40 words,
and footer-like runs of several lines where some lines have only one or two words. They go
at the head, inside (between paragraphs) and at the tail. Every line of the result carries
its gold language, so detection can be scored line by line.

The set is rebuilt on the fly from a truth file (by default ../shared/data/dev/truth.jsonl),
with a seeded random generator: the same file and seed always give the same documents.

    python benchmarks/language_data.py --out /tmp/mixed.jsonl     # write it out to look at
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import regex

DEFAULT_TRUTH = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "dev" / "truth.jsonl"
FALLBACK_TRUTH = Path("/work/shared/data/dev/truth.jsonl")

_WORD = regex.compile(r"\S+")
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_SENTENCE = regex.compile(r"[^.!?。！？]+[.!?。！？]*")
_PUNCT_EDGE = regex.compile(r"^[\p{P}\p{S}]+|[\p{P}\p{S}]+$")


@dataclass
class Article:
    id: str
    language: str
    paragraphs: list[str]


@dataclass
class Sample:
    """One evaluation document: its text and, per non-empty line, the gold language."""
    id: str
    host_language: str
    text: str
    lines: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, language, role
    kind: str = ""          # "single", or the kind of insertion
    position: str = ""      # head, inside, tail


def truth_path() -> Path:
    return DEFAULT_TRUTH if DEFAULT_TRUTH.exists() else FALLBACK_TRUTH


def load_articles(path: Path | None = None) -> list[Article]:
    """Articles of the truth file with their language: the language CLD2 gives the whole
    text. (Checked by hand on the dev set: 84 English, 2 Portuguese, 2 Russian, and one
    each of Japanese, Korean, Italian and Indonesian.)"""
    import pycld2
    articles = []
    for line in (path or truth_path()).open(encoding="utf-8"):
        record = json.loads(line)
        text = record["text"].strip()
        if not text:
            continue
        language = pycld2.detect(text, bestEffort=True)[2][0][1]
        paragraphs = [p.strip() for p in regex.split(r"\n\s*\n", text) if p.strip()]
        articles.append(Article(record["id"], language, paragraphs))
    return articles


def words_of(text: str) -> int:
    """Words as the evaluation counts them: space-separated tokens with a letter; in scripts
    written without spaces, one word per two characters."""
    unspaced = len(_UNSPACED.findall(text))
    rest = _UNSPACED.sub(" ", text)
    spaced = sum(1 for w in _WORD.findall(rest) if regex.search(r"\p{L}", w))
    return spaced + (unspaced + 1) // 2


def _cut(text: str, n_words: int, rng: random.Random) -> str:
    """About n_words of real text starting at a sentence start of `text` (a few tries to
    find a place with that many words after it)."""
    best = ""
    for _ in range(8):
        piece = _cut_once(text, n_words, rng)
        if words_of(piece) >= n_words:
            return piece
        best = max(best, piece, key=words_of)
    return best


def _cut_once(text: str, n_words: int, rng: random.Random) -> str:
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return ""
    start = rng.randrange(len(sentences))
    joiner = "" if _UNSPACED.search(text) else " "
    out = ""
    for s in sentences[start:]:
        out = (out + joiner + s).strip() if out else s
        if words_of(out) >= n_words:
            break
    if _UNSPACED.search(out) and not regex.search(r"\s", out[:n_words * 2]):
        return out[:n_words * 2].strip()
    tokens = out.split()
    return " ".join(tokens[:n_words])


def _short_piece(text: str, n_words: int, rng: random.Random) -> str:
    """One or two words of real text, without the punctuation at their edges."""
    if _UNSPACED.search(text):
        chars = [m.start() for m in _UNSPACED.finditer(text)]
        i = rng.choice(chars)
        return text[i:i + 2 * n_words].strip()
    tokens = [t for t in text.split() if regex.search(r"\p{L}{2,}", t)]
    if len(tokens) < n_words:
        return ""
    i = rng.randrange(len(tokens) - n_words + 1)
    return _PUNCT_EDGE.sub("", " ".join(tokens[i:i + n_words]))


_LINK = regex.compile(r"https?://|www\.|\.com\b|\.br\b")
_SCRIPT_OF_LETTER = {"Latin": regex.compile(r"\p{Latin}"), "Cyrillic": regex.compile(r"\p{Cyrillic}"),
                     "Arabic": regex.compile(r"\p{Arabic}")}


def _one_language_material(paragraph: str) -> bool:
    """Fragments are cut from prose: paragraphs without links (link lists and shop items mix
    product names of every language) and not mixing Latin with Cyrillic or Arabic letters
    (a quotation in another script is a second language). This looks only at characters,
    never at a language detector, so it cannot favour the method under test."""
    if _LINK.search(paragraph):
        return False
    scripts = [name for name, pattern in _SCRIPT_OF_LETTER.items() if len(pattern.findall(paragraph)) >= 3]
    return len(scripts) <= 1


def _fragment(kind: str, donor: Article, rng: random.Random) -> list[str]:
    """The lines of one fragment of `kind`, cut from `donor`."""
    source = " ".join(p for p in donor.paragraphs if _one_language_material(p)) or " ".join(donor.paragraphs)
    if kind == "line":
        return [_cut(source, rng.randint(3, 12), rng)]
    if kind == "paragraph":
        return [_cut(source, rng.randint(13, 40), rng)]
    if kind == "short":
        return [_short_piece(source, 2, rng)]
    # a run: two to five lines, at least one of one or two words, like a footer or widget
    n_lines = rng.randint(2, 5)
    lines = []
    short_at = rng.randrange(n_lines)
    for i in range(n_lines):
        if i == short_at or rng.random() < 0.3:
            lines.append(_short_piece(source, rng.randint(1, 2), rng))
        else:
            lines.append(_cut(source, rng.randint(3, 25), rng))
    return lines


def _assemble(host: Article, insert_at: int, fragment: list[str], donor: Article, glue: str,
              kind: str, position: str, sample_id: str) -> Sample:
    """Host paragraphs with the fragment inserted before paragraph `insert_at`: the fragment's
    lines joined by `glue` (one newline, or a blank line), paragraphs by blank lines."""
    groups: list[tuple[list[str], str, str]] = []   # lines, language, role
    role = "run" if len(fragment) > 1 else "alone"
    for i, paragraph in enumerate(host.paragraphs + [None]):
        if i == insert_at:
            groups.append((fragment, donor.language, role))
        if paragraph is not None:
            groups.append(([ln.strip() for ln in paragraph.split("\n") if ln.strip()], host.language, "host"))
    text, lines = "", []
    for lines_of_group, language, group_role in groups:
        joiner = glue if group_role != "host" else "\n"
        for j, line in enumerate(lines_of_group):
            if text:
                text += joiner if j else "\n\n"
            lines.append((len(text), len(text) + len(line), language, group_role))
            text += line
    return Sample(sample_id, host.language, text + "\n", lines, kind, position)


def build(articles: list[Article] | None = None, *, seed: int = 0, per_host: int = 3) -> list[Sample]:
    """The mixed documents: per host article, `per_host` insertions (head, inside, tail in
    turn), each of a random kind, from an article in another language."""
    articles = articles if articles is not None else load_articles()
    rng = random.Random(seed)
    by_language: dict[str, list[Article]] = {}
    for a in articles:
        by_language.setdefault(a.language, []).append(a)
    samples = []
    kinds = ("line", "paragraph", "run", "run", "short")
    for host in articles:
        others = sorted(lang for lang in by_language if lang != host.language)
        for k in range(per_host):
            position = ("head", "inside", "tail")[k % 3]
            donor = rng.choice(by_language[rng.choice(others)])
            kind = rng.choice(kinds)
            fragment = [line for line in _fragment(kind, donor, rng) if words_of(line) >= 1]
            if not fragment:
                continue
            if position == "head":
                at = 0
            elif position == "tail":
                at = len(host.paragraphs)
            else:
                at = rng.randint(1, max(len(host.paragraphs) - 1, 1))
            glue = rng.choice(("\n", "\n\n"))
            samples.append(_assemble(host, at, fragment, donor, glue, kind, position,
                                     f"{host.id[:12]}-{k}"))
    return samples


def singles(articles: list[Article] | None = None) -> list[Sample]:
    """The host articles alone, every line in the article's language."""
    articles = articles if articles is not None else load_articles()
    return [_assemble(a, -1, [], a, "\n", "single", "", a.id[:12]) for a in articles]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    articles = load_articles(args.truth)
    with args.out.open("w", encoding="utf-8") as f:
        for s in singles(articles) + build(articles, seed=args.seed):
            f.write(json.dumps({"id": s.id, "kind": s.kind, "position": s.position, "text": s.text,
                                "lines": s.lines}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
