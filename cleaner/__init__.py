"""cleaner: turn text scraped from the web into clean, canonical text, and say what changed.

    >>> import cleaner
    >>> cleaner.clean("Got a tip? Send it to tips@example.com\\n\\nThe article.").text
    'The article.\\n'
"""
from .config import Config
from .model import Fragment, Gap, Removal, Repair, Result, Warning
from .pipeline import Cleaner, DocumentTimeout, __version__, clean

__all__ = ["Cleaner", "Config", "DocumentTimeout", "Fragment", "Gap", "Removal", "Repair",
           "Result", "Warning", "__version__", "clean"]
