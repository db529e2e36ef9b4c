"""MaxSAT by RC2 (python-sat's pysat.examples.rc2; Ignatiev, Morgado & Marques-Silva, JSAT 2019)
under a hard time limit: hard clauses (and native AtMost constraints) from a CnfBuilder, unit
soft clauses of weight 1.

RC2 is core-guided: every unsatisfiable core it relaxes raises `cost` by one, so `cost` is a
proven lower bound on the optimum at every moment, and the first model it finds is optimal.

How a time limit holds: with a limit, RC2 runs in a forked child (as backends/pysat.py's
decide_in_child does for SAT calls). Inside the child a threading.Timer calls RC2's interrupt()
at the deadline where the oracle supports it (registry: supports_interrupt): the child then
answers unknown with the cost reached. The parent waits until the deadline plus
HARD_LIMIT_GRACE_S and kills a child that has not answered (CaDiCaL has no interrupt; RC2 may
also be busy in Python building a totalizer); the lower bound is then the last cost the child
published through a shared counter after each core.

RC2 runs with its default options: with `exhaust` an interrupted SAT call counts as unsat and
raises `cost` past the optimum (python-sat 1.9, RC2.exhaust_core), so the lower bound would be
wrong; with the defaults only the main calls are interruptible, and an interrupted one adds no
core (its status is None, so get_core returns None).

Answers: OPTIMUM (a model and its cost), UNSAT (the hard part has no model: RC2 returned no
model and was not interrupted), UNKNOWN (the limit came first; `lower` holds). An interrupt
landing just after RC2 refuted the hard part is reported unknown: never a guess.
"""

from __future__ import annotations

import enum
import multiprocessing
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pysat.examples.rc2 import RC2
from pysat.formula import WCNF, WCNFPlus

from bnnverify.backends.cnf import CnfBuilder
from bnnverify.backends.pysat import HARD_LIMIT_GRACE_S
from bnnverify.backends.registry import BACKENDS, CNF_KINDS, KIND_PORTFOLIO, TIMEOUT, check_solver
from bnnverify.errors import SolverError
from bnnverify.child import call_in_child

__all__ = ["MaxSatAnswer", "MaxSatStatus", "check_maxsat_solver", "solve_maxsat", "to_wcnf"]


class MaxSatStatus(str, enum.Enum):
    OPTIMUM = "optimum"
    UNSAT = "unsat"  # the hard clauses alone are unsatisfiable
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MaxSatAnswer:
    """status; cost (the optimum, OPTIMUM only); lower: a proven lower bound on the optimum
    (= cost at the optimum); model (DIMACS literals, OPTIMUM only); reason when unknown."""

    status: MaxSatStatus
    lower: int
    cost: int | None = None
    model: list[int] | None = None
    reason: str = ""
    solve_time_s: float = 0.0


def check_maxsat_solver(solver: str, encoding: str) -> None:
    """A python-sat SAT solver that RC2 can use as its oracle, with an encoding it reads."""
    check_solver(solver, encoding)
    backend = BACKENDS[solver]
    if backend.kind not in CNF_KINDS or backend.kind == KIND_PORTFOLIO:
        raise SolverError(
            f"RC2 needs one python-sat SAT solver as its oracle, got {solver!r} "
            "(e.g. minicard, glucose4, cadical195)"
        )


def to_wcnf(builder: CnfBuilder, soft: Sequence[int]) -> WCNF | WCNFPlus:
    """The hard clauses (WCNFPlus with the native AtMost constraints, if any) and one unit soft
    clause [lit] of weight 1 per literal of `soft`. nv covers every variable of the pool, so
    RC2's own variables (numbered from nv + 1) never clash with ours."""
    formula: WCNF | WCNFPlus = WCNFPlus() if builder.atmosts else WCNF()
    formula.hard = builder.clauses  # shared, not copied: RC2 reads the hard clauses only
    if isinstance(formula, WCNFPlus):
        formula.atms = [[list(lits), k] for lits, k in builder.atmosts]
    for lit in soft:
        formula.append([lit], weight=1)
    formula.nv = max(formula.nv, builder.n_vars)
    return formula


class _ProgressRC2(RC2):
    """RC2 that publishes its cost (a lower bound) after each core it processes."""

    def __init__(self, formula: Any, solver: str, progress: Any) -> None:
        self.progress = progress
        super().__init__(formula, solver=solver)

    def process_core(self) -> None:
        super().process_core()
        if self.progress is not None:
            self.progress.value = int(self.cost)


def _compute(
    formula: WCNF | WCNFPlus, solver: str, deadline: float | None, progress: Any
) -> MaxSatAnswer:
    """RC2 in this process; interrupted at the deadline when the oracle supports it."""
    with _ProgressRC2(formula, solver, progress) as rc2:
        timer = None
        if deadline is not None and BACKENDS[solver].supports_interrupt:
            timer = threading.Timer(max(deadline - time.perf_counter(), 0.0), rc2.interrupt)
            timer.start()
        try:
            model = rc2.compute(expect_interrupt=timer is not None)
        finally:
            if timer is not None:
                timer.cancel()
        cost = int(rc2.cost)
        if model is not None:
            return MaxSatAnswer(MaxSatStatus.OPTIMUM, cost, cost, list(model))
        if rc2.interrupted:
            return MaxSatAnswer(MaxSatStatus.UNKNOWN, cost, reason=TIMEOUT)
        return MaxSatAnswer(MaxSatStatus.UNSAT, cost)


def solve_maxsat(
    builder: CnfBuilder, soft: Sequence[int], solver: str, timeout_s: float | None = None
) -> MaxSatAnswer:
    """Minimise the number of false literals of `soft` subject to builder's constraints."""
    check_maxsat_solver(solver, builder.encoding)
    started = time.perf_counter()
    formula = to_wcnf(builder, soft)
    if timeout_s is None or "fork" not in multiprocessing.get_all_start_methods():
        deadline = None if timeout_s is None else started + float(timeout_s)
        answer = _compute(formula, solver, deadline, None)
    else:
        answer = _compute_in_child(formula, solver, started + float(timeout_s))
    return MaxSatAnswer(answer.status, answer.lower, answer.cost, answer.model, answer.reason,
                        time.perf_counter() - started)  # fmt: skip


def _compute_in_child(formula: WCNF | WCNFPlus, solver: str, deadline: float) -> MaxSatAnswer:
    """RC2 in a forked child, killed HARD_LIMIT_GRACE_S after the deadline (module docstring)."""
    progress = multiprocessing.get_context("fork").Value("q", 0, lock=False)
    wait_s = max(0.0, deadline - time.perf_counter()) + HARD_LIMIT_GRACE_S
    job = (formula, solver, deadline, progress)
    answered, answer = call_in_child(_compute, job, wait_s, f"RC2 with {solver!r}")
    if not answered:
        return MaxSatAnswer(MaxSatStatus.UNKNOWN, int(progress.value), reason=TIMEOUT)
    return answer
