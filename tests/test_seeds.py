"""The seed documents: their expectations hold, and their committed output does not drift."""
import importlib.util
import json

import pytest

import cleaner
from conftest import ROOT

SEEDS = ROOT / "seeds"
spec = importlib.util.spec_from_file_location("seed_check", SEEDS / "check.py")
seed_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(seed_check)
EXPECTATIONS = {k: v for k, v in json.loads((SEEDS / "expectations.json").read_text(encoding="utf-8")).items()
                if not k.startswith("_")}
# Every kind of expectation in expectations.json is checked.
KINDS = ("absent", "present", "at_most_once", "joined", "metadata", "languages", "gaps_at_least")


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_seed_expectations(name):
    want = {k: (v if k in KINDS else type(v)()) for k, v in EXPECTATIONS[name].items()}
    report = cleaner.clean((SEEDS / "input" / name).read_bytes()).to_dict()
    assert seed_check.check(name, want, report) == []


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_committed_output_is_current(name):
    report = cleaner.clean((SEEDS / "input" / name).read_bytes()).to_dict()
    stem = name.rsplit(".", 1)[0]
    assert (SEEDS / "output" / name).read_text(encoding="utf-8") == report["text"], \
        "seeds/output is out of date: run python seeds/regenerate.py"
    committed = json.loads((SEEDS / "output" / f"{stem}.json").read_text(encoding="utf-8"))
    assert committed == report, "seeds/output is out of date: run python seeds/regenerate.py"
