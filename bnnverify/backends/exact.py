"""Exact back-end (optional extra, AGPL-3.0): cardinalities as native reified PB constraints.

Exact (Devriendt et al., the `exact` package) is a conflict-driven pseudo-Boolean solver. Its
terms are (coefficient, variable) pairs over 0/1 variables, so a literal becomes a term:

    w * lit  =  w * x            (lit = x)
    w * lit  =  w - w * x        (lit = -x: the constant w moves to the bound)

and sum(w_i * lit_i) >= k becomes sum(c_x * x) >= k - sum(w_i for negated lit_i), one
coefficient per variable (a repeated literal adds its multiplicity, x and -x partly cancel).
out <-> sum >= k is addReification, when -> sum >= k addRightReification; a negated head is
the call's sign False (not out <-> sum >= k).

One Exact object lives as long as the sink: constraints added after a solve (the LP refinement
loop of verify.solve_and_decode) are added to it and it is solved again (incremental).
Assumptions are set per call and cleared before the next. Pure-literal fixing and dominance
breaking are turned off as a precaution: both may drop solutions of the formula as given
(Exact's own model-counting example turns them off for that reason), which keeps one solve's
answer but is not promised under other assumptions or after constraints are added; no speed
difference was measured on the bundled model.

A time limit is runFull's timeout (wall-clock seconds; 0 would mean none). It is soft: Exact
reads the clock between pieces of work, and on the dense 784-200-100-100-100-10 network at
eps 1 solves ran 3-6 s past 5-20 s limits on a loaded 2-core machine (0.05-1 s limits on random
3-SAT: at most 0.13 s past). `exact` is imported when an ExactBuilder is made; without it that
raises SolverError naming the extra.
"""

from __future__ import annotations

import signal
import threading
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

__all__ = ["ExactBuilder", "import_exact"]
EXACT = "exact"
MIN_TIME_LIMIT_S = 1e-3  # Exact reads a timeout of 0 as "no limit"
# Options that keep every solution of the formula as given (see the module docstring).
OPTIONS = (("inp-purelits", "0"), ("inp-dombreaklim", "0"))
# Exact() installs C handlers for these that swallow them for the rest of the process.
PYTHON_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# Exact's solve states; "INCONSISTENT" is unsat under the assumptions, "UNSAT" without them.
SAT_STATE, UNSAT_STATES, TIMEOUT_STATE = "SAT", ("UNSAT", "INCONSISTENT"), "TIMEOUT"

Terms = list[tuple[int, str]]


def import_exact() -> Any:
    try:
        import exact
    except ImportError as error:
        hint = install_hint(BACKENDS[EXACT])
        raise SolverError(f"solver {EXACT!r} needs the exact package: {hint}") from error
    return exact


def new_solver(exact: Any) -> Any:
    """An exact.Exact with OPTIONS, Python's SIGINT / SIGTERM handlers put back.

    Exact's constructor replaces both handlers with its own, after which neither signal reaches
    Python again (no KeyboardInterrupt, no runner.raise_on_signals). Only the main thread may
    set handlers; elsewhere Exact's stay (the CLI solves in worker processes, which the caller
    stops with SIGKILL, so it does not depend on them).
    """
    if threading.current_thread() is not threading.main_thread():
        return exact.Exact(list(OPTIONS))
    saved = {signum: signal.getsignal(signum) for signum in PYTHON_SIGNALS}
    solver = exact.Exact(list(OPTIONS))
    for signum, handler in saved.items():
        if handler is not None:  # None: not set from Python, so not restorable from Python
            signal.signal(signum, handler)
    return solver


class ExactBuilder:
    """One Exact solver over the 0/1 variables of `pool` (variable id v is Exact's "v<v>")."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self.solver = new_solver(import_exact())
        self.pool = pool if pool is not None else IDPool()
        self._names: dict[int, str] = {}
        self.n_clauses = 0

    def name(self, var: int) -> str:
        """Exact's name of variable id `var`, declared as a 0/1 variable on first use."""
        if var not in self._names:
            self._names[var] = f"v{var}"
            self.solver.addVariable(self._names[var])
        return self._names[var]

    def linear(self, lits: Sequence[int], k: int) -> tuple[Terms, int]:
        """(terms, bound) with  sum(lits) >= k  <->  sum(c * x for c, x in terms) >= bound."""
        coefs: dict[int, int] = {}
        bound = k
        for lit, weight in weighted_terms(lits):
            var = abs(lit)
            if lit > 0:
                coefs[var] = coefs.get(var, 0) + weight
            else:  # weight * (1 - x)
                coefs[var] = coefs.get(var, 0) - weight
                bound -= weight
        return [(c, self.name(var)) for var, c in coefs.items() if c != 0], bound

    def add_clause(self, clause: Sequence[int]) -> None:
        terms, bound = self.linear(clause, 1)
        self.solver.addConstraint(terms, True, bound)
        self.n_clauses += 1

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is True:
            return
        if value is False:
            self.add_clause([-when])
            return
        terms, bound = self.linear(lits, k)
        self.solver.addRightReification(self.name(abs(when)), when > 0, terms, bound)
        self.n_clauses += 1

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is not None:
            self.add_clause([out if value else -out])
            return
        terms, bound = self.linear(lits, k)
        self.solver.addReification(self.name(abs(out)), out > 0, terms, bound)
        self.n_clauses += 1

    @property
    def n_vars(self) -> int:
        return len(self._names)

    def model(self) -> Callable[[int], bool]:
        """The last solution as a value per variable id (a copy: later solves change Exact's)."""
        variables = list(self._names)
        values = self.solver.getLastSolutionFor([self._names[var] for var in variables])
        true = {var for var, value in zip(variables, values, strict=True) if value}
        return true.__contains__

    def check(
        self, timeout_s: float | None = None, assumptions: Sequence[int] = ()
    ) -> tuple[SolveStatus, Callable[[int], bool], str]:
        """Solve under `assumptions`; (status, value of a variable id, reason when unknown)."""
        assumed: dict[str, int] = {}
        for lit in assumptions:
            name, value = self.name(abs(lit)), int(lit > 0)
            if assumed.setdefault(name, value) != value:  # x and -x both assumed
                return SolveStatus.UNSAT, nothing_true, ""
        self.solver.clearAssumptions()
        if assumed:
            self.solver.setAssumptions(list(assumed.items()))
        limit_s = 0.0 if timeout_s is None else max(float(timeout_s), MIN_TIME_LIMIT_S)
        state = self.solver.runFull(False, limit_s)
        if state == SAT_STATE:
            return SolveStatus.SAT, self.model(), ""
        if state in UNSAT_STATES:
            return SolveStatus.UNSAT, nothing_true, ""
        return SolveStatus.UNKNOWN, nothing_true, TIMEOUT if state == TIMEOUT_STATE else state


def make_sink(backend: Backend, encoding: str) -> ExactBuilder:
    """Registry hook: Exact reads cardinalities natively, so `encoding` is not used."""
    del backend, encoding
    return ExactBuilder()


def solve(
    sink: Any,
    backend: Backend,
    *,
    timeout_s: float | None,
    conflict_budget: int | None,
    assumptions: Sequence[int],
    with_proof: bool,
) -> Answer:
    """Registry hook: ExactBuilder.check, timed; Exact has no conflict budget here (ignored)."""
    del conflict_budget, with_proof  # with_proof is refused by the registry (no DRAT)
    return timed_check(sink, backend, ExactBuilder, timeout_s, assumptions)
