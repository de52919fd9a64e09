"""The wheel ships the rule packs: an installed cleaner cleans without the repository."""
import json
import subprocess
import sys
from importlib import metadata

import pytest

from conftest import ROOT, SEEDS


def installed_non_editable() -> bool:
    try:
        dist = metadata.distribution("cleaner")
    except metadata.PackageNotFoundError:
        return False
    direct_url = dist.read_text("direct_url.json")
    return not (direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"))


@pytest.mark.skipif(not installed_non_editable(), reason="cleaner is not installed from a wheel here")
def test_installed_package_cleans_the_seeds_outside_the_repository(tmp_path):
    files = [str(f) for f in metadata.files("cleaner") or []]
    assert any(f.endswith("cleaner/rules/en.toml") for f in files), "rules/ is missing from the wheel"
    code = ("import sys, cleaner, cleaner.rules as r; "
            "assert 'site-packages' in r.builtin_rules_dir().as_posix() or 'dist-packages' in r.builtin_rules_dir().as_posix(); "
            "print(cleaner.clean(open(sys.argv[1], encoding='utf-8').read()).text)")
    out = subprocess.run([sys.executable, "-c", code, str(SEEDS / "000_f104d19d251061ff.txt")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Got a tip?" not in out.stdout and "It’s no secret Nissan" in out.stdout


def test_rule_packs_are_in_the_build_configuration():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"rules" = "cleaner/rules"' in pyproject
