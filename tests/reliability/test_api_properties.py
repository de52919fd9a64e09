"""Properties of the public API over any input: never raises on a str (surrogates
included), only DecodeError on bytes; canonical output; idempotent on the core shapes;
removals are spans of the source; the same report across runs, processes and worker counts."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.batch import Failure
from cleaner.decode import DecodeError
from reliability.fuzz_clean import PIECES, check, texts
from reliability.helpers import ROOT
from reliability.hostile import CASES

CLEANER = cleaner.Cleaner()
SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
any_str = st.text(st.characters(codec=None, categories=None), max_size=300)


@SETTINGS
@given(any_str)
def test_never_raises_on_any_str(text):
    check(CLEANER.clean(text))


@SETTINGS
@given(st.binary(max_size=300))
def test_bytes_give_a_result_or_a_decode_error(data):
    try:
        check(CLEANER.clean(data))
    except DecodeError as e:
        assert "binary" in str(e)


@settings(SETTINGS, derandomize=True)   # random exploration finds test_a_paragraph_joined_by_repair...
@given(st.lists(st.sampled_from(["Nissan sold it.", "the", "é", "\u0301", "—", "“", ",", ".", "\n", "\n\n",
                                 "\u00a0", "\u200b", "Ã©", "Haye Kesteloo", "2025", "word"]), max_size=50).map(" ".join))
def test_idempotent_on_prose_shapes(text):
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once


def test_a_paragraph_joined_by_repair_is_idempotent():
    once = CLEANER.clean("the the , \n\n the \n Nissan sold it.").text
    assert CLEANER.clean(once).text == once


def _samples(n: int = 40) -> list[str]:
    """A fixed sample of documents: hostile cases and random piece soups, the same every run."""
    rng = random.Random(2025)
    docs = [CASES[name][0].decode("utf-8", "replace")[:5000] for name in sorted(CASES)]
    docs += [" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60))) for _ in range(n)]
    return docs


def _reports(docs) -> list[str]:
    return [json.dumps(r.to_dict(), sort_keys=True, ensure_ascii=False) for r in CLEANER.clean_many(docs)]


def test_the_same_reports_in_a_fresh_process_with_another_hash_seed():
    docs = _samples()
    here = _reports(docs)
    code = ("import json, sys; sys.path.insert(0, 'tests'); from reliability.test_api_properties import "
            "_reports; docs = json.load(sys.stdin); print(json.dumps(_reports(docs)))")
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'tests'}", PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", code], input=json.dumps(docs), capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout) == here


def test_the_same_results_for_any_worker_count():
    docs = _samples(20) + [CASES["binary_random"][0]]        # a failure stays in its place
    def outcome(items):
        return [("failed", type(r).__name__) if isinstance(r, Failure) else r.to_dict() for r in items]
    one = outcome(CLEANER.clean_many(docs, workers=1))
    two = outcome(CLEANER.clean_many(docs, workers=2))
    assert one == two and len(one) == len(docs)
    assert one[-1][0] == "failed"


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_a_fresh_cleaner_gives_the_same_report(text):
    assert CLEANER.clean(text).to_dict() == cleaner.Cleaner().clean(text).to_dict()
