"""OR-tools CP-SAT back-end (optional extra): cardinalities as enforced linear constraints.

out <-> sum >= k becomes  sum >= k  only_enforce_if(out)  and  sum <= k - 1  only_enforce_if(not
out). A repeated literal becomes one term with its multiplicity as the coefficient. ortools is
imported when a CpSatBuilder is made; without it that raises SolverError. A time limit is
max_time_in_seconds, with one worker (deterministic, and fair against single-threaded solvers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pysat.formula import IDPool

from bnnverify.backends.registry import (
    BACKENDS,
    TIMEOUT,
    Answer,
    Backend,
    SolveStatus,
    install_hint,
    nothing_true,
    timed_check,
)
from bnnverify.encode.sink import trivial_atleast, weighted_terms
from bnnverify.errors import SolverError

__all__ = ["CpSatBuilder", "import_cp_model"]
CPSAT = "cpsat"
MIN_TIME_LIMIT_S = 1e-3  # CP-SAT reads a limit of 0 as "no limit"


def import_cp_model() -> Any:
    try:
        from ortools.sat.python import cp_model
    except ImportError as error:
        hint = install_hint(BACKENDS[CPSAT])
        raise SolverError(f"solver {CPSAT!r} needs OR-tools: {hint}") from error
    return cp_model


class CpSatBuilder:
    """A CP-SAT model over Boolean variables named by `pool`."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self._cp = import_cp_model()
        self.model = self._cp.CpModel()
        self.pool = pool if pool is not None else IDPool()
        self._bools: dict[int, Any] = {}
        self.n_clauses = 0

    def bool_var(self, var: int) -> Any:
        if var not in self._bools:
            self._bools[var] = self.model.new_bool_var(f"v{var}")
        return self._bools[var]

    def lit(self, lit: int) -> Any:
        v = self.bool_var(abs(lit))
        return v if lit > 0 else ~v

    def _sum(self, lits: Sequence[int]) -> Any:
        terms = weighted_terms(lits)
        literals = [self.lit(lit) for lit, _ in terms]
        return self._cp.LinearExpr.weighted_sum(literals, [weight for _, weight in terms])

    def add_clause(self, clause: Sequence[int]) -> None:
        self.model.add_bool_or([self.lit(lit) for lit in clause])
        self.n_clauses += 1

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is True:
            return
        if value is False:
            self.add_clause([-when])
            return
        self.model.add(self._sum(lits) >= k).only_enforce_if(self.lit(when))
        self.n_clauses += 1

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is not None:
            self.add_clause([out if value else -out])
            return
        total = self._sum(lits)
        self.model.add(total >= k).only_enforce_if(self.lit(out))
        self.model.add(total <= k - 1).only_enforce_if(self.lit(-out))
        self.n_clauses += 2

    @property
    def n_vars(self) -> int:
        return len(self._bools)

    def is_true(self, solver: Any, var: int) -> bool:
        if var not in self._bools:
            return False
        return bool(solver.boolean_value(self._bools[var]))

    def check(
        self, timeout_s: float | None = None, assumptions: Sequence[int] = ()
    ) -> tuple[SolveStatus, Callable[[int], bool], str]:
        """Solve with one worker; (status, value of a variable id, reason when unknown)."""
        solver = self._cp.CpSolver()
        solver.parameters.num_workers = 1
        if timeout_s is not None:
            solver.parameters.max_time_in_seconds = max(float(timeout_s), MIN_TIME_LIMIT_S)
        self.model.clear_assumptions()
        self.model.add_assumptions([self.lit(lit) for lit in assumptions])
        answer = solver.solve(self.model)
        if answer in (self._cp.OPTIMAL, self._cp.FEASIBLE):
            return SolveStatus.SAT, lambda var: self.is_true(solver, var), ""
        if answer == self._cp.INFEASIBLE:
            return SolveStatus.UNSAT, nothing_true, ""
        timed_out = answer == self._cp.UNKNOWN
        return SolveStatus.UNKNOWN, nothing_true, TIMEOUT if timed_out else str(answer)


def make_sink(backend: Backend, encoding: str) -> CpSatBuilder:
    """Registry hook: CP-SAT reads cardinalities natively, so `encoding` is not used."""
    del backend, encoding
    return CpSatBuilder()


def solve(
    sink: Any,
    backend: Backend,
    *,
    timeout_s: float | None,
    conflict_budget: int | None,
    assumptions: Sequence[int],
    with_proof: bool,
) -> Answer:
    """Registry hook: CpSatBuilder.check, timed; CP-SAT has no conflict budget (ignored)."""
    del conflict_budget, with_proof  # with_proof is refused by the registry (no DRAT)
    return timed_check(sink, backend, CpSatBuilder, timeout_s, assumptions)
