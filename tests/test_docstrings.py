"""The examples in the modules' docstrings are true."""
import doctest
import importlib
import pkgutil

import pytest

import cleaner

# cleaner.__main__ runs the command line when imported
MODULES = sorted(m.name for m in pkgutil.walk_packages(cleaner.__path__, "cleaner.") if m.name != "cleaner.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ImportError as e:        # an optional engine whose package is not installed
        pytest.skip(f"{name}: {e}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
