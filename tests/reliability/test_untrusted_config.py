"""Configuration and rule packs from untrusted sources are data: loading them never runs
code, and anything malformed, oversized or endless gives a one-line error."""
from __future__ import annotations

import builtins
import pickle
import re
from pathlib import Path

import pytest

import cleaner
from cleaner import rules
from cleaner.rules import PackError, load_packs
from reliability.helpers import ROOT, TRACEBACK, run_cli

PACK_HEAD = '[pack]\nlanguage = "en"\n'


def _rule(pattern: str, rule_id: str = "boilerplate.promo.user") -> str:
    return (f'[[rule]]\nid = "{rule_id}"\nscope = "line"\nreason = "a test rule"\n'
            f"patterns = ['''{pattern}''']\nexamples.remove = [\"buy now\"]\n")


HOSTILE_PACKS = {
    "not_toml": b"this is = = not toml",
    "binary": bytes(range(256)) * 10,
    "latin1": "[pack]\nlanguage = \"es\"\ndescription = \"espa\xf1ol\"\n".encode("latin-1"),
    "deep_arrays": b"[pack]\nlanguage = \"en\"\n[[rule]]\nid = \"boilerplate.promo.x\"\nx = " + b"[" * 50_000 + b"]" * 50_000,
    "python_in_pattern": (PACK_HEAD + _rule("__import__('os').system('touch PWNED')")).encode(),
    "bad_regex": (PACK_HEAD + _rule("(unclosed")).encode(),
    "inline_flag": (PACK_HEAD + _rule("(?x) a b")).encode(),
    "unknown_key": (PACK_HEAD + _rule("buy now") + 'exec = "print(1)"\n').encode(),
    "wrong_types": b'[pack]\nlanguage = 5\n',
    "catastrophic": (PACK_HEAD + _rule("(?:x+x+)+y")).encode(),
    "huge_repeat": (PACK_HEAD + _rule("a{4294967295}")).encode(),
}
# What each must do: None loads, else a part of the PackError message.
EXPECTED = {"python_in_pattern": None, "catastrophic": "catastrophic backtracking",
            "binary": "UTF-8", "not_toml": "invalid TOML", "latin1": "UTF-8", "bad_regex": "bad pattern",
            "inline_flag": "inline flags", "unknown_key": "unknown key", "wrong_types": "language",
            "deep_arrays": "nested too deeply", "huge_repeat": "repeat count too big"}


@pytest.mark.parametrize("name", sorted(HOSTILE_PACKS))
def test_hostile_pack_through_the_library(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"{name}.toml"
    path.write_bytes(HOSTILE_PACKS[name])
    if EXPECTED[name] is None:
        result = cleaner.Cleaner(cleaner.Config(rule_packs=(str(path),))).clean("buy now\n\nThe article.")
        assert "The article." in result.text
    else:
        with pytest.raises(PackError, match=re.escape(EXPECTED[name])) as info:
            cleaner.Cleaner(cleaner.Config(rule_packs=(str(path),)))
        assert str(path) in str(info.value) or "<dict>" in str(info.value)
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("name", sorted(HOSTILE_PACKS))
def test_hostile_pack_through_the_cli(name, tmp_path):
    path = tmp_path / f"{name}.toml"
    path.write_bytes(HOSTILE_PACKS[name])
    done = run_cli("clean", "--rules", str(path), "-", stdin=b"The article.\n", cwd=tmp_path)
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    if EXPECTED[name] is None:
        assert done.returncode == 0
    else:
        assert done.returncode == 2 and stderr.startswith("cleaner: error: ") and len(stderr.splitlines()) == 1
    assert not (tmp_path / "PWNED").exists()


def test_a_dict_pack_with_a_runaway_pattern_is_refused():
    pack = {"pack": {"language": "en"},
            "rule": [{"id": "boilerplate.promo.bad", "reason": "x", "patterns": ["(a+)+b"],
                      "examples": {"remove": ["aab"]}}]}
    with pytest.raises(PackError, match=r"boilerplate\.promo\.bad.*refused.*rules check"):
        cleaner.Cleaner(extra_rules=[pack])


def test_the_built_in_packs_would_pass_the_same_refusal():
    for pack in load_packs().packs:
        rules.refuse_runaway_patterns(pack)


HOSTILE_CONFIGS = {
    "cfg.json": b'["a", "list"]',
    "null.json": b"null",
    "types.json": b'{"time_limit": "forever"}',
    "nan.toml": b"time_limit = nan",
    "inf.toml": b"regex_timeout = inf",
    "negative.json": b'{"max_document_chars": -1}',
    "unknown.json": b'{"__class__": "os.system", "eval": "1+1"}',
    "deep.json": b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "binary.json": bytes(range(256)),
    "languages.toml": b"languages = [1, 2]",
    "packs.toml": b'rule_packs = "/dev/zero"',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CONFIGS))
def test_hostile_configuration_files(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(HOSTILE_CONFIGS[name])
    done = run_cli("clean", "--config", str(path), "-", stdin=b"The article.\n")
    stderr = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr
    assert done.returncode == 2, stderr
    assert stderr.startswith("cleaner: error: ") and len(stderr.splitlines()) == 1


@pytest.mark.parametrize("endless", ["/dev/zero", "/dev/urandom"])
def test_endless_files_are_not_read_to_the_end(endless):
    for flag in ("--config", "--rules"):
        done = run_cli("clean", flag, endless, "-", stdin=b"x\n", timeout=30)
        assert done.returncode == 2 and TRACEBACK not in done.stderr.decode("utf-8", "replace")


def test_loading_never_evaluates_or_unpickles(monkeypatch, tmp_path):
    """With eval, exec, compile and unpickling booby-trapped, packs and configurations still load."""
    def trap(*args, **kwargs):
        raise AssertionError("code was evaluated while loading data")

    pack = tmp_path / "user.toml"
    pack.write_text(PACK_HEAD + _rule("buy now"), encoding="utf-8")
    rules._CACHE.clear()
    for name in ("eval", "exec", "compile", "__import__"):
        if name != "__import__":
            monkeypatch.setattr(builtins, name, trap)
    monkeypatch.setattr(pickle, "loads", trap)
    monkeypatch.setattr(pickle, "load", trap)
    config = cleaner.Config.from_dict({"rule_packs": [str(pack)], "time_limit": 5, "disable": ["repair"]})
    assert cleaner.Cleaner(config).clean("buy now\n\nThe article.").text


# Calls that turn data into code. The package must not contain them at all: a reviewer then
# need not check where their arguments come from.
_CODE_FROM_DATA = re.compile(r"\b(?:eval|exec)\s*\(|\bpickle\.loads?\b|\bmarshal\.loads?\b|"
                             r"\byaml\.(?:unsafe_)?load\b|\bshelve\b|\b__import__\s*\(|"
                             r"\bimportlib\.import_module\s*\(|\bsubprocess\b|\bos\.system\b")


def test_the_package_has_no_code_from_data_calls():
    found = []
    for path in sorted((ROOT / "cleaner").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _CODE_FROM_DATA.search(code):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
