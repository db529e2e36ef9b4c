"""One registry of solver back-ends (DESIGN.md sections 5 and 8): rows, sinks, solving.

`BACKENDS` (bnnverify.backends.registry) holds one `Backend` row per solver name; `make_sink`
gives the ConstraintSink a solver reads and `solve` decides it within a budget, answering an
`Answer`. A budget that runs out gives SolveStatus.UNKNOWN with the reason, never an exception.
The implementing submodule of a row (`Backend.module`) is imported on first use, so z3 and
OR-tools load only when asked for:

- pysat.py: python-sat CNF solvers, native AtMost (Minicard / Gluecard) and the portfolio;
  budgets by interrupt timers, CaDiCaL conflict rounds, killable child processes (cnf.py: the
  CnfBuilder sink, also the DIMACS text);
- z3.py: z3 pseudo-Boolean constraints, its "timeout" parameter;
- cpsat.py: OR-tools CP-SAT (optional extra 'cpsat'), max_time_in_seconds with one worker;
- exact.py: the Exact pseudo-Boolean solver (optional extra 'exact', AGPL-3.0), reified PB
  constraints, runFull's timeout;
- text.py: the OPB and SMT-LIB 2 text sinks of `bnnverify export` (no solver behind them).

Adding a back-end: one row in registry._rows and one submodule with
`make_sink(backend, encoding)` and `solve(sink, backend, *, timeout_s, conflict_budget,
assumptions, with_proof) -> Answer`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from bnnverify.backends.registry import (
    BACKENDS,
    REFUSED,
    Answer,
    Backend,
    SolveStatus,
    available_solvers,
    check_solver,
    encoding_name,
    get_backend,
    proof_solvers,
    takes_encoding,
)
from bnnverify.encode.sink import SizedSink
from bnnverify.errors import SolverError

__all__ = [
    "BACKENDS",
    "REFUSED",
    "Answer",
    "Backend",
    "SolveStatus",
    "available_solvers",
    "check_solver",
    "encoding_name",
    "get_backend",
    "make_sink",
    "proof_solvers",
    "solve",
    "takes_encoding",
]


def _implementation(backend: Backend) -> Any:
    return importlib.import_module(f"{__name__}.{backend.module}")


def make_sink(solver: str, encoding: str) -> SizedSink:
    """The ConstraintSink `solver` reads: CnfBuilder(encoding), Z3Builder or CpSatBuilder.

    z3 and CP-SAT ignore `encoding` (they read cardinalities natively).
    """
    backend = get_backend(solver)
    sink: SizedSink = _implementation(backend).make_sink(backend, encoding)
    return sink


def solve(
    sink: SizedSink,
    solver: str,
    *,
    timeout_s: float | None = None,
    conflict_budget: int | None = None,
    assumptions: Sequence[int] = (),
    with_proof: bool = False,
) -> Answer:
    """Decide the constraints of `sink` (from make_sink(solver, ...)) under `assumptions`.

    Args:
        sink: the sink make_sink(solver, encoding) returned, with the formula written into it.
        solver: a registry name.
        timeout_s: wall-clock limit in seconds (None: none); past it the answer is unknown.
        conflict_budget: conflicts, for rows with supports_conflict_budget (ignored otherwise).
        assumptions: literals assumed true for this call only.
        with_proof: log a DRAT proof (rows with supports_proofs only, else SolverError); an
            unsat answer under assumptions ends in their negation (add them as units to check).
    """
    backend = get_backend(solver)
    if with_proof and not backend.supports_proofs:
        raise SolverError(
            f"solver {solver!r} cannot produce DRAT proofs; use one of {proof_solvers()}"
        )
    answer: Answer = _implementation(backend).solve(
        sink,
        backend,
        timeout_s=timeout_s,
        conflict_budget=conflict_budget,
        assumptions=tuple(assumptions),
        with_proof=with_proof,
    )
    return answer
