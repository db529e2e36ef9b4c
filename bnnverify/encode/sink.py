"""What every encoder writes into: a constraint sink over integer literals named by one IDPool.

The layer encoders (bnnverify.encode) only ever call the three methods of `ConstraintSink`;
each back-end implements them its own way (bnnverify.backends):

- `CnfBuilder` (backends/cnf.py): clauses from a cardinality encoding (encode/cardinality.py),
  or native AtMost constraints for Minicard / Gluecard;
- `Z3Builder` (backends/z3.py): z3 pseudo-Boolean constraints;
- `CpSatBuilder` (backends/cpsat.py): CP-SAT linear constraints with enforcement literals;
- `OpbSink`, `SmtSink` (backends/text.py): OPB and SMT-LIB 2 text.

Literals are DIMACS integers: a positive variable id from `pool`, negated by sign. Variable
names are tuples (`("in", i, k)`, `("h", layer, j)`, `("beats", c)`), optionally prefixed by a
tag when two networks share one formula (`("A", "h", 0, 3)`).
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from typing import Protocol

from pysat.formula import IDPool

from bnnverify.errors import SolverError

__all__ = [
    "ConstraintSink",
    "EncodingTimeout",
    "FormulaTooLarge",
    "SizedSink",
    "check_deadline",
    "new_var",
    "trivial_atleast",
    "weighted_terms",
]


class EncodingTimeout(Exception):
    """Raised between constraints when an encoder passes its deadline (caught by verify.run,
    which answers unknown: "timeout"); internal, never reaches a user."""


class FormulaTooLarge(SolverError):
    """One constraint's encoding would exceed the size limit. verify.run answers
    unknown ("formula too large: ..."); uncaught elsewhere it is a one-line SolverError."""


class ConstraintSink(Protocol):
    """Receives constraints over DIMACS literals whose variables come from `pool`."""

    pool: IDPool

    def add_clause(self, clause: Sequence[int]) -> None:
        """At least one literal of `clause` is true."""

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        """when -> (number of true literals in lits >= k); a repeated literal counts each time."""

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        """out <-> (number of true literals in lits >= k); a repeated literal counts each time."""


class SizedSink(ConstraintSink, Protocol):
    """A sink a solver reads (bnnverify.backends.make_sink), reporting the formula's size."""

    @property
    def n_vars(self) -> int:
        """Variables in the formula."""

    @property
    def n_clauses(self) -> int:
        """Clauses, plus native AtMost constraints (CNF), or the constraints given to z3 /
        CP-SAT."""


def new_var(sink: ConstraintSink, name: Hashable) -> int:
    """The variable named `name` (created on first use)."""
    return sink.pool.id(name)


def check_deadline(deadline: float | None) -> None:
    """Raise EncodingTimeout once time.perf_counter() is past `deadline`."""
    if deadline is not None and time.perf_counter() > deadline:
        raise EncodingTimeout


def trivial_atleast(n: int, k: int) -> bool | None:
    """The constant value of (sum of n literals >= k) when it does not depend on them, else None.

    The sum lies in [0, n]: k <= 0 always holds, k > n never does.
    """
    if k <= 0:
        return True
    if k > n:
        return False
    return None


def weighted_terms(lits: Sequence[int]) -> list[tuple[int, int]]:
    """Merge repeated literals into (literal, multiplicity), first occurrence order."""
    counts: dict[int, int] = {}
    for lit in lits:
        counts[lit] = counts.get(lit, 0) + 1
    return list(counts.items())
