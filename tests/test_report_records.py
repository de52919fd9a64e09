"""The report's records are written as dataclasses.asdict() would write them."""
from dataclasses import asdict
from pathlib import Path

from hypothesis import given, strategies as st

from cleaner import Cleaner
from cleaner.model import Fragment, Gap, Removal, Repair, Warning, _as_dicts

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds" / "input").glob("*"))

text = st.text(max_size=20)
number = st.integers(min_value=0, max_value=10**6)
records = st.one_of(
    st.builds(Removal, number, number, text, text, text, text),
    st.builds(Repair, number, number, text, text, text, text),
    st.builds(Fragment, number, number, text, text, st.floats(allow_nan=False), text),
    st.builds(Gap, number, number, text, text),
    st.builds(Warning, text, text),
)


@given(st.lists(records, max_size=8))
def test_records_as_asdict_writes_them(items):
    assert _as_dicts(items) == [asdict(r) for r in items]


def test_the_seed_reports_hold_every_field():
    assert SEEDS
    cleaner = Cleaner()
    for path in SEEDS:
        result = cleaner.clean(path.read_bytes())
        report = result.to_dict()
        for key, records in (("removed", result.removed), ("repairs", result.repairs),
                             ("fragments", result.fragments), ("gaps", result.gaps),
                             ("warnings", result.warnings)):
            assert report[key] == [asdict(r) for r in records]
