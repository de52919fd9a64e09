import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests replay the same examples every run (a red build always means a
# change broke something); on a developer's machine they explore new random examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "explore"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"          # development data, beside the repository
SEEDS = ROOT / "seeds" / "input"


@pytest.fixture(scope="session")
def cleaner_default():
    import cleaner
    return cleaner.Cleaner()


def replay(result) -> str:
    """The output text rebuilt from the report alone: source, removals, repairs."""
    from cleaner import render
    return render.canonical(render.apply_edits(result.source, result.removed, result.repairs))
