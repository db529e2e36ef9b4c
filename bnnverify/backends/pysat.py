"""python-sat back-ends with enforced budgets (DESIGN.md section 5): CNF, native AtMost, portfolio.

How a time limit holds, per registry row (Backend.time_limit, Backend.hard_limit):

- solvers with interrupt() (glucose, minisat, minicard, gluecard, maple*): a threading.Timer
  interrupts solve_limited(expect_interrupt=True) at the deadline;
- CaDiCaL has no interrupt: it runs in rounds of conf_budget + solve_limited (the solver keeps
  its state between rounds), the wall clock checked between rounds. That alone is a soft limit
  (one round of a few hundred conflicts took 17 s of inprocessing on a 1.2 M-clause formula), so
  with a time limit CaDiCaL runs in a forked child that is killed HARD_LIMIT_GRACE_S after the
  deadline;
- the portfolio keeps Minicard and Gluecard 4 alive side by side and alternates them in time
  slices that double (each interrupted solver resumes with what it learned): their run times on
  the same query differ by orders of magnitude in both directions, and alternating costs at most
  about 3x the faster one.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pysat.solvers import Solver

from bnnverify.backends.cnf import CnfBuilder
from bnnverify.backends.registry import (
    BACKENDS,
    CNF_KINDS,
    CONFLICT_BUDGET,
    KIND_PORTFOLIO,
    LIMIT_ROUNDS,
    TIMEOUT,
    Answer,
    Backend,
    SolveStatus,
    check_solver,
)
from bnnverify.errors import SolverError
from bnnverify.child import call_in_child

PORTFOLIO_MEMBERS = ("minicard", "gluecard4")  # the first one's interrupt works: it goes first
FIRST_SLICE_S = 0.2
FIRST_ROUND_CONFLICTS = 500
MIN_ROUND_CONFLICTS = 100
ROUND_TARGET_S = 0.2  # CaDiCaL round length aimed for
HARD_LIMIT_GRACE_S = 1.0  # then the child process running the solver is killed


@dataclass(frozen=True)
class SatResult:
    """One solver call: status, model (DIMACS literals) when sat, reason when unknown, proof."""

    status: SolveStatus
    model: list[int] | None = None
    reason: str = ""
    proof: list[str] | None = None
    solve_time_s: float = 0.0


def budget_rounds(
    s: Solver, assumptions: Sequence[int], deadline: float | None, conflict_budget: int | None
) -> tuple[bool | None, str]:
    """CaDiCaL: conf_budget rounds, wall clock checked between rounds (a soft limit)."""
    used, size = 0, FIRST_ROUND_CONFLICTS
    while True:
        if conflict_budget is not None:
            size = min(size, conflict_budget - used)
            if size <= 0:
                return None, CONFLICT_BUDGET
        started = time.perf_counter()
        s.conf_budget(size)
        answer = s.solve_limited(assumptions=list(assumptions))
        if answer is not None:
            return answer, ""
        used += size
        now = time.perf_counter()
        if deadline is not None and now >= deadline:
            return None, TIMEOUT
        took = max(now - started, 1e-3)
        target = ROUND_TARGET_S if deadline is None else min(ROUND_TARGET_S, deadline - now)
        size = max(MIN_ROUND_CONFLICTS, min(4 * size, int(size * target / took)))


def interruptible(
    s: Solver, assumptions: Sequence[int], deadline: float | None, conflict_budget: int | None
) -> tuple[bool | None, str]:
    if conflict_budget is not None:
        s.conf_budget(conflict_budget)
    if deadline is None:
        answer = s.solve_limited(assumptions=list(assumptions))
        return answer, "" if answer is not None else CONFLICT_BUDGET
    timer = threading.Timer(max(deadline - time.perf_counter(), 0.0), s.interrupt)
    timer.start()
    try:
        answer = s.solve_limited(assumptions=list(assumptions), expect_interrupt=True)
    finally:
        timer.cancel()
    if answer is not None:
        return answer, ""
    return None, TIMEOUT if time.perf_counter() >= deadline - 1e-3 else CONFLICT_BUDGET


def decide(
    builder: CnfBuilder,
    solver: str,
    assumptions: Sequence[int],
    deadline: float | None,
    conflict_budget: int | None,
    with_proof: bool,
) -> SatResult:
    with Solver(name=solver, bootstrap_with=builder.clauses, with_proof=with_proof) as s:
        for lits, k in builder.atmosts:
            s.add_atmost(lits, k)
        if deadline is not None and time.perf_counter() >= deadline:  # loading took it all
            answer, reason = None, TIMEOUT
        elif deadline is None and conflict_budget is None:
            answer, reason = s.solve(assumptions=list(assumptions)), ""
        elif BACKENDS[solver].time_limit == LIMIT_ROUNDS:
            answer, reason = budget_rounds(s, assumptions, deadline, conflict_budget)
        else:
            answer, reason = interruptible(s, assumptions, deadline, conflict_budget)
        if answer is None:
            return SatResult(SolveStatus.UNKNOWN, reason=reason)
        if answer:
            return SatResult(SolveStatus.SAT, model=list(s.get_model()))
        return SatResult(SolveStatus.UNSAT, proof=list(s.get_proof()) if with_proof else None)


def decide_in_child(
    builder: CnfBuilder,
    solver: str,
    assumptions: Sequence[int],
    deadline: float,
    conflict_budget: int | None,
    with_proof: bool,
) -> SatResult:
    """A hard time limit: solve in a forked child process, killed if it overruns.

    The child keeps the soft limit (rounds or interrupts); the parent waits until the deadline
    plus HARD_LIMIT_GRACE_S and kills the child if it has not answered. Needed for CaDiCaL
    (no interrupt; its inprocessing can run for many seconds inside one small conflict budget)
    and Gluecard (measured: solve_limited ignored interrupt() for over a minute on a dense
    784-200-100-100-100-10 network).
    """
    job = (builder, solver, assumptions, deadline, conflict_budget, with_proof)
    wait_s = max(0.0, deadline - time.perf_counter()) + HARD_LIMIT_GRACE_S
    answered, result = call_in_child(_decide_job, job, wait_s, f"solver {solver!r}")
    return result if answered else SatResult(SolveStatus.UNKNOWN, reason=TIMEOUT)


def _decide_job(
    builder: CnfBuilder,
    solver: str,
    assumptions: Sequence[int],
    deadline: float,
    conflict_budget: int | None,
    with_proof: bool,
) -> SatResult:
    """What decide_in_child's child runs: the portfolio's slices or one solver."""
    if BACKENDS[solver].kind == KIND_PORTFOLIO:
        return decide_portfolio(builder, assumptions, deadline)
    return decide(builder, solver, assumptions, deadline, conflict_budget, with_proof)


def _interrupted_slice(s: Solver, assumptions: Sequence[int], seconds: float) -> bool | None:
    timer = threading.Timer(max(seconds, 0.0), s.interrupt)
    timer.start()
    try:
        return s.solve_limited(assumptions=list(assumptions), expect_interrupt=True)
    finally:
        timer.cancel()
        s.clear_interrupt()


def decide_portfolio(
    builder: CnfBuilder, assumptions: Sequence[int], deadline: float | None
) -> SatResult:
    """Alternate the PORTFOLIO_MEMBERS in doubling time slices until one answers."""
    solvers = [Solver(name=name, bootstrap_with=builder.clauses) for name in PORTFOLIO_MEMBERS]
    try:
        for s in solvers:
            for lits, k in builder.atmosts:
                s.add_atmost(lits, k)
        slice_s = FIRST_SLICE_S
        while True:
            for s in solvers:
                left = None if deadline is None else deadline - time.perf_counter()
                if left is not None and left <= 0:
                    return SatResult(SolveStatus.UNKNOWN, reason=TIMEOUT)
                answer = _interrupted_slice(s, assumptions, min(slice_s, left or slice_s))
                if answer is True:
                    return SatResult(SolveStatus.SAT, model=list(s.get_model()))
                if answer is False:
                    return SatResult(SolveStatus.UNSAT)
            slice_s *= 2
    finally:
        for s in solvers:
            s.delete()


def solve_cnf(
    builder: CnfBuilder,
    solver: str,
    *,
    timeout_s: float | None = None,
    conflict_budget: int | None = None,
    assumptions: Sequence[int] = (),
    with_proof: bool = False,
) -> SatResult:
    """Decide builder's clauses (and native AtMosts) under `assumptions` within the budget.

    With with_proof, an unsat answer carries the solver's DRAT proof lines (after an unsat
    under assumptions the proof ends in their negation: add them as units before checking).
    """
    check_solver(solver, builder.encoding)
    backend = BACKENDS[solver]
    if backend.kind not in CNF_KINDS:
        raise SolverError(f"solve_cnf takes a python-sat solver, got {solver!r}")
    started = time.perf_counter()
    deadline = None if timeout_s is None else started + float(timeout_s)
    assumed = tuple(assumptions)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    portfolio = backend.kind == KIND_PORTFOLIO
    if portfolio and deadline is not None and forkable:
        # Most queries take milliseconds: try the portfolio's first member (whose interrupt
        # works) in this process for one slice before paying for a child process.
        first = min(deadline, started + FIRST_SLICE_S)
        result = decide(builder, PORTFOLIO_MEMBERS[0], assumed, first, None, False)
        if result.status is SolveStatus.UNKNOWN and time.perf_counter() < deadline:
            result = decide_in_child(
                builder, solver, assumed, deadline, conflict_budget, with_proof
            )
    elif backend.hard_limit and deadline is not None and forkable:
        result = decide_in_child(builder, solver, assumed, deadline, conflict_budget, with_proof)
    elif portfolio:
        result = decide_portfolio(builder, assumptions, deadline)
    else:
        result = decide(builder, solver, assumed, deadline, conflict_budget, with_proof)
    return replace(result, solve_time_s=time.perf_counter() - started)


def make_sink(backend: Backend, encoding: str) -> CnfBuilder:
    """Registry hook: python-sat solvers read a CnfBuilder in `encoding`."""
    del backend
    return CnfBuilder(encoding)


def solve(
    sink: Any,
    backend: Backend,
    *,
    timeout_s: float | None,
    conflict_budget: int | None,
    assumptions: Sequence[int],
    with_proof: bool,
) -> Answer:
    """Registry hook: solve_cnf, its model read as the value of each variable id."""
    if not isinstance(sink, CnfBuilder):
        raise SolverError(f"solver {backend.name!r} reads a CnfBuilder, got {type(sink).__name__}")
    result = solve_cnf(
        sink,
        backend.name,
        timeout_s=timeout_s,
        conflict_budget=conflict_budget,
        assumptions=assumptions,
        with_proof=with_proof,
    )
    true_vars = {lit for lit in result.model or () if lit > 0}
    return Answer(result.status, true_vars.__contains__, result.reason, result.solve_time_s,
                  result.proof)  # fmt: skip
