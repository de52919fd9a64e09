"""Build the compact word lists that the repair stage consults (cleaner/data/words-*.txt.gz).

The lists decide questions such as "is 'electrical' a word?" when a line-end hyphen is
met ("electri-\\ncal") and the document itself gives no evidence. They are derived from
the frequency lists that the wordfreq package ships: the most frequent purely alphabetic
words of each language, lower-cased, one per line, sorted, gzip-compressed with a fixed
timestamp so that rebuilding gives the same bytes.

    pip install wordfreq          # needed only to rebuild, not at run time
    python cleaner/data/build_wordlists.py
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import regex

# Languages with many web articles and a case distinction; larger lists where the word
# list is the main evidence (English), smaller ones where it only backs the document's own.
SIZES = {"en": 60_000, "es": 30_000, "fr": 30_000, "de": 40_000, "it": 30_000,
         "pt": 30_000, "nl": 30_000, "ru": 40_000, "id": 20_000}
_ALPHABETIC = regex.compile(r"\p{L}{2,}")
HERE = Path(__file__).resolve().parent


def words_of(language: str, size: int) -> list[str]:
    """The `size` most frequent entries of wordfreq's list, keeping alphabetic words only."""
    import wordfreq
    return sorted({w for w in wordfreq.top_n_list(language, size) if _ALPHABETIC.fullmatch(w)})


def write_list(path: Path, words: list[str]) -> None:
    """Write one word a line, gzip with mtime 0 so the file is reproducible."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(("\n".join(words) + "\n").encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def main() -> None:
    for language, size in SIZES.items():
        words = words_of(language, size)
        path = HERE / f"words-{language}.txt.gz"
        write_list(path, words)
        print(f"{path.name}: {len(words)} words, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
