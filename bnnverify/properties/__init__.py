"""Properties as values (DESIGN.md section 3): one module per property.

Each property (robustness.py, equivalence.py) provides what `verify.run` asks of it, in the
order it asks (see base.Property): classify the query, falsify it cheaply, encode its violation
over the region's order-encoded inputs, and replay a counterexample on every engine.
"""

from __future__ import annotations

import importlib


def detail_names(name: str) -> tuple[str, ...]:
    """The result fields of property `name` (its module's DETAILS), e.g. for reading a row."""
    module = importlib.import_module(f"{__name__}.{name}")
    return tuple(module.DETAILS)
