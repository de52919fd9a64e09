"""Shared helpers for the reliability suite: the canonical-form check and a CLI runner."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# What a traceback looks like on stderr: the CLI must never print one.
TRACEBACK = "Traceback (most recent call last)"


def assert_canonical(text: str) -> None:
    """The canonical form of DESIGN.md: NFC, no invisible or control characters, no odd
    spaces, no trailing spaces, single blank lines, no leading blank line, one final newline."""
    assert unicodedata.is_normalized("NFC", text)
    if text:
        assert text.endswith("\n") and not text.endswith("\n\n") and not text.startswith("\n")
    assert "\n\n\n" not in text
    for line in text.split("\n"):
        assert line == line.strip(" ")
        assert "  " not in line
    bad = set("\u00ad\u200b\ufeff\u00a0\t\r\x0b\x0c\u2028\u2029\x85") | {chr(c) for c in range(32) if c != 10}
    bad |= {chr(c) for c in range(0x7f, 0xa0)}
    assert not bad & set(text), f"forbidden characters {sorted(bad & set(text))!r}"
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text), "lone surrogate in output"


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 60, cwd: Path | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m cleaner ARGS` in a fresh process, as a user runs it; bytes in and out."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="random")
    full_env.pop("CLEANER_DEBUG", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True,
                          timeout=timeout, cwd=cwd, env=full_env)
