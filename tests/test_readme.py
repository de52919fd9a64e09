"""The README's two opening commands stay true, and CI runs the test one."""
import re

from conftest import ROOT


def opening_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_readme_opens_with_a_run_and_a_test_command():
    run, test = opening_commands()
    assert "seeds/" in run and "pytest" in test


def test_ci_runs_the_readme_test_command():
    _, test = opening_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
