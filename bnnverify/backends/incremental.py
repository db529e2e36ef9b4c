"""One solver object per formula, solved again and again under assumptions (incremental use).

`backends.solve` builds a fresh solver on every call (and runs CaDiCaL / Gluecard in a killable
child process), so nothing learnt on one call helps the next. `IncrementalSolver` loads the
finished formula of a sink once and keeps the solver object between calls, so the clauses it
learns carry over; what differs between calls are the assumptions only (radius.py assumes the
order-encoded inputs into nested boxes). Per registry row (Backend.incremental):

- python-sat CNF and native-cardinality rows (incremental): one `pysat.solvers.Solver`; a time
  limit is an interrupt timer (interrupt rows) or CaDiCaL's conflict rounds (pysat.budget_rounds).
  Both run in this process, so the limit is the solver's own, soft one: a row with
  `hard_limit` (CaDiCaL, Gluecard) may overrun it (a killed child would lose the state);
- z3 (incremental): one `z3.Solver` with the constraints added once, its "timeout" set per call;
- rows that are not incremental (the portfolio, CP-SAT): `backends.solve` on every call, under
  the same assumptions (the formula is encoded once; the solver state is not kept).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from bnnverify.backends import solve
from bnnverify.backends.registry import (
    CONFLICT_BUDGET,
    KIND_CNF,
    KIND_NATIVE,
    KIND_PB,
    LIMIT_ROUNDS,
    TIMEOUT,
    Answer,
    SolveStatus,
    get_backend,
    nothing_true,
)
from bnnverify.errors import SolverError

__all__ = ["IncrementalSolver", "keeps_state"]


def keeps_state(solver: str) -> bool:
    """True when IncrementalSolver keeps `solver`'s state between calls (learnt clauses)."""
    backend = get_backend(solver)
    return backend.incremental and backend.kind in (KIND_CNF, KIND_NATIVE, KIND_PB)


class IncrementalSolver:
    """The formula of a finished sink (backends.make_sink(solver, ...)), loaded once.

    solve(assumptions, timeout_s) -> Answer, as backends.solve answers; close() frees the
    solver (also on leaving a `with` block). Add no constraint to the sink after this is made.
    """

    def __init__(self, sink: Any, solver: str) -> None:
        self.sink, self.solver = sink, solver
        self.backend = get_backend(solver)
        if not self.backend.supports_assumptions:
            raise SolverError(f"solver {solver!r} takes no assumptions")
        self.calls = 0
        self._pysat: Any = None
        self._z3: Any = None
        if keeps_state(solver) and self.backend.kind == KIND_PB:
            self._z3 = _load_z3(sink)
        elif keeps_state(solver):
            self._pysat = _load_pysat(sink, solver)

    def solve(self, assumptions: Sequence[int], timeout_s: float | None) -> Answer:
        """Decide the formula under `assumptions` (true for this call only) within timeout_s."""
        self.calls += 1
        started = time.perf_counter()
        if timeout_s is not None and timeout_s <= 0:
            return Answer(SolveStatus.UNKNOWN, nothing_true, TIMEOUT, 0.0)
        if self._pysat is not None:
            status, is_true, reason = self._solve_pysat(assumptions, timeout_s)
        elif self._z3 is not None:
            status, is_true, reason = self._solve_z3(assumptions, timeout_s)
        else:
            return solve(self.sink, self.solver, timeout_s=timeout_s, assumptions=assumptions)
        return Answer(status, is_true, reason, time.perf_counter() - started)

    def _solve_pysat(self, assumptions: Sequence[int], timeout_s: float | None) -> tuple:
        from bnnverify.backends.pysat import budget_rounds

        s, assumed = self._pysat, list(assumptions)
        if timeout_s is None:
            answer, reason = s.solve(assumptions=assumed), ""
        elif self.backend.time_limit == LIMIT_ROUNDS:
            answer, reason = budget_rounds(s, assumed, time.perf_counter() + timeout_s, None)
        else:
            answer, reason = _interrupted(s, assumed, timeout_s)
        if answer is None:
            return SolveStatus.UNKNOWN, nothing_true, reason
        if not answer:
            return SolveStatus.UNSAT, nothing_true, ""
        true_vars = {lit for lit in s.get_model() if lit > 0}
        return SolveStatus.SAT, true_vars.__contains__, ""

    def _solve_z3(self, assumptions: Sequence[int], timeout_s: float | None) -> tuple:
        import z3

        s = self._z3
        s.set("timeout", 0 if timeout_s is None else max(1, int(timeout_s * 1000)))  # 0: none
        answer = s.check(*(self.sink.lit(lit) for lit in assumptions))
        if answer == z3.sat:
            model = s.model()
            return SolveStatus.SAT, lambda var: self.sink.is_true(model, var), ""
        if answer == z3.unsat:
            return SolveStatus.UNSAT, nothing_true, ""
        reason = s.reason_unknown()
        timed_out = "timeout" in reason or "canceled" in reason  # z3's words
        return SolveStatus.UNKNOWN, nothing_true, TIMEOUT if timed_out else reason

    def close(self) -> None:
        if self._pysat is not None:
            self._pysat.delete()
        self._pysat = self._z3 = None

    def __enter__(self) -> IncrementalSolver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load_pysat(sink: Any, solver: str) -> Any:
    from pysat.solvers import Solver

    from bnnverify.backends.cnf import CnfBuilder
    from bnnverify.backends.registry import check_solver

    if not isinstance(sink, CnfBuilder):
        raise SolverError(f"solver {solver!r} reads a CnfBuilder, got {type(sink).__name__}")
    check_solver(solver, sink.encoding)
    s = Solver(name=solver, bootstrap_with=sink.clauses)
    for lits, k in sink.atmosts:
        s.add_atmost(lits, k)
    return s


def _load_z3(sink: Any) -> Any:
    import z3

    from bnnverify.backends.z3 import Z3Builder

    if not isinstance(sink, Z3Builder):
        raise SolverError(f"solver 'z3' reads a Z3Builder, got {type(sink).__name__}")
    s = z3.Solver()
    s.add(*sink.constraints)
    return s


def _interrupted(s: Any, assumptions: list[int], timeout_s: float) -> tuple[bool | None, str]:
    """solve_limited, interrupted after timeout_s; the interrupt flag is cleared afterwards (the
    timer thread joined first), so the next call on the same solver starts clean."""
    deadline = time.perf_counter() + timeout_s
    timer = threading.Timer(timeout_s, s.interrupt)
    timer.start()
    try:
        answer = s.solve_limited(assumptions=assumptions, expect_interrupt=True)
    finally:
        timer.cancel()
        timer.join()
        s.clear_interrupt()
    if answer is not None:
        return answer, ""
    return None, TIMEOUT if time.perf_counter() >= deadline - 1e-3 else CONFLICT_BUDGET
