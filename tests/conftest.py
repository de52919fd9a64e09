import sys
from pathlib import Path

import pytest

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
