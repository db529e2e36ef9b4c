"""The CNF sink: clauses (and native AtMost constraints) written by the encoders.

The formula stays accessible as a plain clause list plus the IDPool that names its variables,
so it can be exported (DIMACS), handed to any python-sat solver (backends/pysat.py), or refuted
with a DRAT proof. The cardinality encodings themselves live in bnnverify.encode.cardinality.
"""

from __future__ import annotations

from collections.abc import Sequence

from pysat.formula import CNF, CNFPlus, IDPool

from bnnverify.encode.cardinality import NATIVE, AtMost, Clause, check_encoding
from bnnverify.encode.cardinality import implied_atleast as _implied_atleast
from bnnverify.encode.cardinality import reified_atleast as _reified_atleast
from bnnverify.errors import SolverError

__all__ = ["CnfBuilder"]


class CnfBuilder:
    """Clauses, native AtMost constraints (encoding "native" only) and the pool naming them."""

    def __init__(self, encoding: str, pool: IDPool | None = None) -> None:
        check_encoding(encoding)
        self.encoding = encoding
        self.pool = pool if pool is not None else IDPool()
        self.clauses: list[Clause] = []
        self.atmosts: list[AtMost] = []

    def add_clause(self, clause: Sequence[int]) -> None:
        self.clauses.append(list(clause))

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        clauses, atmosts = _implied_atleast(when, lits, k, self.encoding, self.pool)
        self.clauses.extend(clauses)
        self.atmosts.extend(atmosts)

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        clauses, atmosts = _reified_atleast(out, lits, k, self.encoding, self.pool)
        self.clauses.extend(clauses)
        self.atmosts.extend(atmosts)

    @property
    def n_vars(self) -> int:
        return int(self.pool.top)

    @property
    def n_clauses(self) -> int:
        """Clauses plus native AtMost constraints."""
        return len(self.clauses) + len(self.atmosts)

    @property
    def is_native(self) -> bool:
        return self.encoding == NATIVE

    def _refuse_atmosts(self, what: str) -> None:
        if self.atmosts:
            raise SolverError(
                f"the formula holds {len(self.atmosts)} native AtMost constraints; "
                f"{what} would silently drop them (use to_cnfplus or a clause encoding)"
            )

    def to_cnf(self) -> CNF:
        """The clauses as a python-sat CNF; refuses a formula with native AtMost constraints."""
        self._refuse_atmosts("a plain CNF")
        return CNF(from_clauses=self.clauses)

    def to_cnfplus(self) -> CNFPlus:
        formula = CNFPlus(from_clauses=self.clauses)
        formula.atmosts = [(list(lits), k) for lits, k in self.atmosts]
        formula.nv = max(formula.nv, self.n_vars)
        return formula

    def dimacs_lines(self) -> list[str]:
        """`p cnf n_vars n_clauses`, then one clause per line ending in 0 (no comments).

        Refuses native AtMost constraints, which have no DIMACS form.
        """
        self._refuse_atmosts("DIMACS")
        lines = [f"p cnf {self.n_vars} {len(self.clauses)}"]
        lines += [" ".join(map(str, clause)) + " 0" for clause in self.clauses]
        return lines
