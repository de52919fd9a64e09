"""Fixtures of the reliability suite."""
import pytest


@pytest.fixture(scope="session")
def default_cleaner():
    import cleaner
    return cleaner.Cleaner()
