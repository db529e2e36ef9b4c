"""z3 back-end: a ConstraintSink that states each cardinality as a pseudo-Boolean constraint.

out <-> sum >= k becomes  out == PbGe(terms, k)  (AtLeast when no literal repeats); a repeated
literal becomes one term with its multiplicity as the weight. z3 is imported when a Z3Builder
is made; a time limit is z3's "timeout" parameter (milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from pysat.formula import IDPool

from bnnverify.backends.registry import (
    TIMEOUT,
    Answer,
    Backend,
    SolveStatus,
    nothing_true,
    timed_check,
)
from bnnverify.encode.sink import trivial_atleast, weighted_terms

__all__ = ["Z3Builder"]


def _readable(name: Hashable) -> str:
    if isinstance(name, tuple):
        return "_".join(str(part) for part in name)
    return str(name)


class Z3Builder:
    """z3 Boolean constraints over the variables of `pool` (name ("h", 0, 3) -> Bool "h_0_3")."""

    def __init__(self, pool: IDPool | None = None) -> None:
        import z3

        self._z3 = z3
        self.pool = pool if pool is not None else IDPool()
        self.constraints: list[Any] = []
        self._bools: dict[int, Any] = {}
        self._names: set[str] = set()
        self.n_clauses = 0

    def bool_var(self, var: int) -> Any:
        """The z3 Bool of variable id `var`."""
        if var not in self._bools:
            name = _readable(self.pool.obj(var))
            if name in self._names:
                name = f"{name}__{var}"
            self._names.add(name)
            self._bools[var] = self._z3.Bool(name)
        return self._bools[var]

    def lit(self, lit: int) -> Any:
        v = self.bool_var(abs(lit))
        return v if lit > 0 else self._z3.Not(v)

    def _atleast(self, lits: Sequence[int], k: int) -> Any:
        value = trivial_atleast(len(lits), k)
        if value is not None:
            return self._z3.BoolVal(value)
        terms = weighted_terms(lits)
        if all(weight == 1 for _, weight in terms):
            return self._z3.AtLeast(*(self.lit(lit) for lit, _ in terms), k)
        return self._z3.PbGe([(self.lit(lit), weight) for lit, weight in terms], k)

    def add_clause(self, clause: Sequence[int]) -> None:
        self.constraints.append(self._z3.Or(*(self.lit(lit) for lit in clause)))
        self.n_clauses += 1

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        if trivial_atleast(len(lits), k) is True:
            return
        self.constraints.append(self._z3.Implies(self.lit(when), self._atleast(lits, k)))
        self.n_clauses += 1

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        self.constraints.append(self.lit(out) == self._atleast(lits, k))
        self.n_clauses += 1

    @property
    def n_vars(self) -> int:
        return len(self._bools)

    def is_true(self, model: Any, var: int) -> bool:
        """The value of variable `var` in a z3 model (unconstrained variables read false)."""
        if var not in self._bools:
            return False
        return bool(self._z3.is_true(model.eval(self._bools[var], model_completion=True)))

    def to_smt2(self) -> str:
        """The constraints as SMT-LIB 2 (z3's dialect: cardinalities print as z3-only
        `(_ at-least k)` / `(_ pble ...)` terms that cvc5 cannot parse)."""
        s = self._z3.Solver()
        s.add(*self.constraints)
        return str(s.to_smt2())

    def check(
        self, timeout_s: float | None = None, assumptions: Sequence[int] = ()
    ) -> tuple[SolveStatus, Callable[[int], bool], str]:
        """Solve; (status, value of a variable id in the model, reason when unknown)."""
        z3 = self._z3
        s = z3.Solver()
        if timeout_s is not None:
            s.set("timeout", max(1, int(timeout_s * 1000)))
        s.add(*self.constraints)
        answer = s.check(*(self.lit(lit) for lit in assumptions))
        if answer == z3.sat:
            model = s.model()
            return SolveStatus.SAT, lambda var: self.is_true(model, var), ""
        if answer == z3.unsat:
            return SolveStatus.UNSAT, nothing_true, ""
        reason = s.reason_unknown()
        timed_out = "timeout" in reason or "canceled" in reason  # z3's words
        return SolveStatus.UNKNOWN, nothing_true, TIMEOUT if timed_out else reason


def make_sink(backend: Backend, encoding: str) -> Z3Builder:
    """Registry hook: z3 reads cardinalities natively, so `encoding` is not used."""
    del backend, encoding
    return Z3Builder()


def solve(
    sink: Any,
    backend: Backend,
    *,
    timeout_s: float | None,
    conflict_budget: int | None,
    assumptions: Sequence[int],
    with_proof: bool,
) -> Answer:
    """Registry hook: Z3Builder.check, timed; z3 has no conflict budget (ignored)."""
    del conflict_budget, with_proof  # with_proof is refused by the registry (no DRAT)
    return timed_check(sink, backend, Z3Builder, timeout_s, assumptions)
