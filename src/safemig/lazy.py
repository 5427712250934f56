"""Names a package exports but loads on first use (PEP 562), so that the command line starts fast.

>>> from safemig.lazy import load_lazily
>>> load_lazily("safemig.demo", {"generate_survey": "survey"}, "generate_survey").__name__
'generate_survey'
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def load_lazily(package: str, homes: Mapping[str, str], name: str) -> Any:
    """The attribute ``name`` of ``package``, imported from ``package.<homes[name]>``.

    Called from a package's module-level ``__getattr__``; raises :class:`AttributeError`
    for a name the package does not export, as a missing attribute would.
    """
    if name not in homes:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)
