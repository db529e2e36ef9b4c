"""CNF back-end: a ConstraintSink that collects clauses (and native AtMost constraints).

The formula stays accessible as a plain clause list plus the IDPool that names its variables,
so it can be exported (DIMACS), handed to any python-sat solver, or refuted with a DRAT proof.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pysat.formula import CNF, CNFPlus, IDPool

from bnnverify.bounds import Bounds, InputBox, propagate
from bnnverify.encode.cardinality import NATIVE, AtMost, Clause, check_encoding
from bnnverify.encode.cardinality import implied_atleast as _implied_atleast
from bnnverify.encode.cardinality import reified_atleast as _reified_atleast
from bnnverify.encode.network import RobustnessEncoding, encode_robustness
from bnnverify.errors import SolverError
from bnnverify.model import BinaryNetwork


class CnfBuilder:
    """Clauses, native AtMost constraints (encoding "native" only) and the pool naming them."""

    def __init__(self, encoding: str = "totalizer", pool: IDPool | None = None) -> None:
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

    def to_cnf(self) -> CNF:
        """The clauses as a python-sat CNF; refuses a formula with native AtMost constraints."""
        if self.atmosts:
            raise SolverError(
                f"the formula holds {len(self.atmosts)} native AtMost constraints; "
                "a plain CNF would silently drop them (use to_cnfplus or a clause encoding)"
            )
        return CNF(from_clauses=self.clauses)

    def to_cnfplus(self) -> CNFPlus:
        formula = CNFPlus(from_clauses=self.clauses)
        formula.atmosts = [(list(lits), k) for lits, k in self.atmosts]
        formula.nv = max(formula.nv, self.n_vars)
        return formula


@dataclass(frozen=True, eq=False)
class CnfFormula:
    """A robustness query in CNF: the builder (clauses, atmosts, pool) and how to decode it."""

    builder: CnfBuilder
    encoding: RobustnessEncoding

    @property
    def clauses(self) -> list[Clause]:
        return self.builder.clauses

    @property
    def pool(self) -> IDPool:
        return self.builder.pool


def build_robustness_cnf(
    net: BinaryNetwork,
    box: InputBox,
    label: int,
    targets: Sequence[int] | None = None,
    *,
    encoding: str = "totalizer",
    bounds: Bounds | None = None,
    use_bounds: bool = True,
) -> CnfFormula:
    """CNF satisfiable iff some x in `box` has score_c(x) >= score_label(x) for a target c.

    `bounds` defaults to propagate(net, box) when use_bounds, and to none otherwise.
    """
    builder = CnfBuilder(encoding)
    if bounds is None and use_bounds:
        bounds = propagate(net, box)
    encoded = encode_robustness(builder, net, box, label, targets, bounds if use_bounds else None)
    return CnfFormula(builder, encoded)
