"""Solver back-ends with enforced budgets: python-sat (CNF), z3 (PB), OR-tools CP-SAT (optional).

python-sat budgets (interrupt timers, CaDiCaL conflict rounds in a killable child process, the
Minicard / Gluecard portfolio) live in bnnverify.satcalls; z3 uses its "timeout" parameter and
CP-SAT max_time_in_seconds with one worker. A budget that runs out gives SolveStatus.UNKNOWN
with the reason, never an exception. Kissat (ignores assumptions, aborts the interpreter on
add_clause after solve) and Lingeling (neither interrupt nor conf_budget: a time limit could not
be enforced) are refused.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib.util import find_spec
from typing import Any, TypedDict

from bnnverify.bounds import InputBox, propagate
from bnnverify.encode.cardinality import CNF_ENCODINGS, NATIVE
from bnnverify.encode.cnf import CnfBuilder
from bnnverify.encode.network import encode_robustness
from bnnverify.errors import SolverError
from bnnverify.formula import EncodingTimeout, FormulaTooLarge, SolveStatus
from bnnverify.model import BinaryNetwork, Ints
from bnnverify.satcalls import (
    BUDGET_ONLY_SOLVERS,
    FIRST_SLICE_S,
    HARD_LIMIT_SOLVERS,
    INTERRUPTIBLE_SOLVERS,
    NATIVE_SOLVERS,
    PORTFOLIO,
    PORTFOLIO_MEMBERS,
    SatResult,
    decide,
    decide_in_child,
    decide_portfolio,
)

PYSAT_SOLVERS = (*BUDGET_ONLY_SOLVERS, *INTERRUPTIBLE_SOLVERS, PORTFOLIO)
EXTERNAL_SOLVERS = ("z3", "cpsat")
ENCODINGS = CNF_ENCODINGS
REFUSED = {
    "kissat404": "Kissat in python-sat ignores assumptions and aborts on add_clause after solve",
    "lingeling": "Lingeling supports neither interrupt nor conf_budget, so no budget holds",
}


@dataclass(frozen=True)
class SolveOutcome:
    """A robustness query's answer; `input` (flat int64) is the decoded violating input if sat.

    n_clauses counts clauses plus native AtMost constraints (CNF back-ends), or the constraints
    given to z3 / CP-SAT; fixed_neurons / total_neurons count hidden block neurons (bounds).
    """

    status: SolveStatus
    input: Ints | None
    reason: str
    n_vars: int
    n_clauses: int
    fixed_neurons: int
    total_neurons: int
    encode_time_s: float
    solve_time_s: float


class _Sizes(TypedDict):
    """The SolveOutcome fields that describe the encoding, known before solving."""

    n_vars: int
    n_clauses: int
    fixed_neurons: int
    total_neurons: int
    encode_time_s: float


def available_solvers() -> list[str]:
    """Solver names usable here: every supported python-sat solver, z3, and cpsat if installed."""
    names = list(PYSAT_SOLVERS)
    if find_spec("z3") is not None:
        names.append("z3")
    if find_spec("ortools") is not None:
        names.append("cpsat")
    return names


def check_solver(solver: str, encoding: str) -> None:
    """Raise SolverError unless `solver` exists here and can take `encoding`."""
    if solver in REFUSED:
        raise SolverError(f"solver {solver!r} is not supported: {REFUSED[solver]}")
    if solver not in PYSAT_SOLVERS + EXTERNAL_SOLVERS:
        raise SolverError(f"unknown solver {solver!r}; expected one of {available_solvers()}")
    if solver not in available_solvers():
        extra = "z3-solver" if solver == "z3" else "ortools"
        raise SolverError(f"solver {solver!r} is not installed: pip install {extra}")
    if encoding not in ENCODINGS:
        raise SolverError(f"unknown encoding {encoding!r}; expected one of {list(ENCODINGS)}")
    native_ok = (*NATIVE_SOLVERS, PORTFOLIO)
    if solver in PYSAT_SOLVERS and encoding == NATIVE and solver not in native_ok:
        raise SolverError(
            f"encoding 'native' needs a solver with native AtMost constraints "
            f"({', '.join(NATIVE_SOLVERS)}), got {solver!r}"
        )


def solve_cnf(
    builder: CnfBuilder,
    solver: str = "cadical195",
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
    if solver in EXTERNAL_SOLVERS:
        raise SolverError(f"solve_cnf takes a python-sat solver, got {solver!r}")
    started = time.perf_counter()
    deadline = None if timeout_s is None else started + float(timeout_s)
    assumed = tuple(assumptions)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if solver == PORTFOLIO and deadline is not None and forkable:
        # Most queries take milliseconds: try the portfolio's first member (whose interrupt
        # works) in this process for one slice before paying for a child process.
        first = min(deadline, started + FIRST_SLICE_S)
        result = decide(builder, PORTFOLIO_MEMBERS[0], assumed, first, None, False)
        if result.status is SolveStatus.UNKNOWN and time.perf_counter() < deadline:
            result = decide_in_child(
                builder, solver, assumed, deadline, conflict_budget, with_proof
            )
    elif solver in HARD_LIMIT_SOLVERS and deadline is not None and forkable:
        result = decide_in_child(builder, solver, assumed, deadline, conflict_budget, with_proof)
    elif solver == PORTFOLIO:
        result = decide_portfolio(builder, assumptions, deadline)
    else:
        result = decide(builder, solver, assumed, deadline, conflict_budget, with_proof)
    return replace(result, solve_time_s=time.perf_counter() - started)


def solve_robustness(
    net: BinaryNetwork,
    box: InputBox,
    label: int,
    targets: Sequence[int] | None = None,
    *,
    solver: str = "cadical195",
    encoding: str = "totalizer",
    timeout_s: float | None = None,
    use_bounds: bool = True,
    conflict_budget: int | None = None,
) -> SolveOutcome:
    """Sat iff some x in `box` has score_c(x) >= score_label(x) for some c != label (in targets).

    A tie is a violation. `encoding` is ignored by z3 and cpsat. The time limit covers encoding
    and solving; `conflict_budget` applies to python-sat solvers only.
    """
    check_solver(solver, encoding)
    started = time.perf_counter()
    bounds = propagate(net, box)
    builder = make_builder(solver, encoding)
    deadline = None if timeout_s is None else started + float(timeout_s)
    try:
        encoded = encode_robustness(
            builder, net, box, label, targets, bounds if use_bounds else None, deadline
        )
    except EncodingTimeout:
        encoded, reason = None, "timeout"
    except FormulaTooLarge as error:
        encoded, reason = None, f"formula too large: {error}"
    encode_time_s = time.perf_counter() - started
    sizes = _Sizes(
        n_vars=builder.n_vars,
        n_clauses=builder.n_clauses,
        fixed_neurons=bounds.n_fixed if use_bounds else 0,
        total_neurons=bounds.n_total,
        encode_time_s=encode_time_s,
    )
    remaining = None if deadline is None else deadline - time.perf_counter()
    if encoded is None:
        return SolveOutcome(SolveStatus.UNKNOWN, None, reason, solve_time_s=0.0, **sizes)
    if remaining is not None and remaining <= 0:
        return SolveOutcome(SolveStatus.UNKNOWN, None, "timeout", solve_time_s=0.0, **sizes)
    status, is_true, reason, solve_time_s = solve_builder(
        builder, solver, timeout_s=remaining, conflict_budget=conflict_budget
    )
    x = encoded.inputs.decode(builder, is_true) if status is SolveStatus.SAT else None
    return SolveOutcome(status, x, reason, solve_time_s=solve_time_s, **sizes)


def make_builder(solver: str, encoding: str) -> CnfBuilder | Any:
    """The ConstraintSink that `solver` reads: clauses, z3 PB constraints or CP-SAT."""
    if solver == "z3":
        from bnnverify.encode.smt import Z3Builder

        return Z3Builder()
    if solver == "cpsat":
        from bnnverify.encode.cpsat import CpSatBuilder

        return CpSatBuilder()
    return CnfBuilder(encoding)


def solve_builder(
    builder: CnfBuilder | Any,
    solver: str,
    *,
    timeout_s: float | None = None,
    conflict_budget: int | None = None,
) -> tuple[SolveStatus, Callable[[int], bool], str, float]:
    """Decide any builder from make_builder: (status, value of a variable, reason, seconds).

    conflict_budget applies to python-sat solvers only (not to the portfolio).
    """
    if isinstance(builder, CnfBuilder):
        result = solve_cnf(builder, solver, timeout_s=timeout_s, conflict_budget=conflict_budget)
        true_vars = {lit for lit in result.model or () if lit > 0}
        return result.status, true_vars.__contains__, result.reason, result.solve_time_s
    started = time.perf_counter()
    status, is_true, reason = builder.check(timeout_s)
    return status, is_true, reason, time.perf_counter() - started
