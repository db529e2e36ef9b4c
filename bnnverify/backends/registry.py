"""The rows of the back-end registry: one frozen `Backend` per solver name (DESIGN.md section 5).

A row states what the back-end is (kind), how a time limit is enforced on it, what it supports
(conflict budgets, interrupt, assumptions, DRAT proofs, incremental use), whether it reads the
clause encoding, and which package (and bnnverify extra) provides it. Everything that asks
"can solver S do X" reads a row; nothing else lists solver names. Refused solvers, with the
reason, sit beside the rows.

This module is a leaf (stdlib and bnnverify.errors at import time), so the implementing
submodules can import it without a cycle; bnnverify.backends
re-exports it and adds make_sink / solve, which import the implementing submodule lazily.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from importlib.util import find_spec

from bnnverify.errors import SolverError

KIND_CNF = "cnf"
KIND_NATIVE = "native-cardinality"  # CNF plus native AtMost constraints
KIND_PORTFOLIO = "portfolio"
KIND_PB = "pb"
KIND_CP = "cp"
KINDS = (KIND_CNF, KIND_NATIVE, KIND_PORTFOLIO, KIND_PB, KIND_CP)
CNF_KINDS = (KIND_CNF, KIND_NATIVE, KIND_PORTFOLIO)  # solved by backends/pysat.py

# How a time limit is enforced (Backend.time_limit).
LIMIT_INTERRUPT = "interrupt"  # a threading.Timer calls interrupt() inside solve_limited
LIMIT_ROUNDS = "conflict-rounds"  # conf_budget rounds, the wall clock checked between rounds
LIMIT_SLICES = "time-slices"  # the portfolio: members alternate in doubling interrupted slices
LIMIT_PARAMETER = "solver-parameter"  # z3's "timeout", CP-SAT's max_time_in_seconds

# Why an answer is unknown (Answer.reason); other reasons come from the solver's own words.
TIMEOUT = "timeout"
CONFLICT_BUDGET = "conflict budget"

PORTFOLIO = "portfolio"
PYSAT_PACKAGE, PYSAT_MODULE = "python-sat", "pysat"  # the PyPI name and the import name


class SolveStatus(str, enum.Enum):
    """A solver's three-valued answer (z3's CheckSatResult, as a value)."""

    SAT = "sat"
    UNSAT = "unsat"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Answer:
    """One solve: status, the value of a variable id in the model (all false unless sat), the
    reason when unknown ("timeout", "conflict budget", ...), seconds, the DRAT proof if asked."""

    status: SolveStatus
    is_true: Callable[[int], bool]
    reason: str
    solve_time_s: float
    proof: list[str] | None = None


def nothing_true(var: int) -> bool:
    """Answer.is_true when there is no model."""
    del var
    return False


@dataclass(frozen=True)
class Backend:
    """One solver name and what it can do.

    time_limit: one of the LIMIT_* mechanisms; hard_limit: with a time limit the solve runs in
    a forked child killed shortly after the deadline (its own limit cannot be trusted).
    supports_interrupt: python-sat's interrupt() stops it. incremental: the solver object keeps
    its state across calls (clauses added, solved again). takes_encoding: it reads the clause
    encoding (False for z3 / CP-SAT, which read cardinalities natively; `reports_encoding` is
    what results name instead). native_atmost: it accepts the "native" encoding (AtMost
    constraints). package / import_name: the PyPI package and its import name; extra: the
    bnnverify pip extra that installs it (None for a required dependency). module: the
    bnnverify.backends submodule that implements make_sink and solve.
    """

    name: str
    kind: str
    time_limit: str
    supports_conflict_budget: bool
    supports_interrupt: bool
    supports_assumptions: bool
    supports_proofs: bool
    incremental: bool
    takes_encoding: bool
    native_atmost: bool
    hard_limit: bool
    package: str
    import_name: str
    extra: str | None
    module: str
    reports_encoding: str | None = None


def _pysat(
    name: str, kind: str = KIND_CNF, *, interrupt: bool = True, proofs: bool, hard: bool = False
) -> Backend:
    """A python-sat solver: CaDiCaL has no interrupt (conflict rounds); all take assumptions."""
    return Backend(
        name=name,
        kind=kind,
        time_limit=LIMIT_INTERRUPT if interrupt else LIMIT_ROUNDS,
        supports_conflict_budget=True,
        supports_interrupt=interrupt,
        supports_assumptions=True,
        supports_proofs=proofs,
        incremental=True,
        takes_encoding=True,
        native_atmost=kind == KIND_NATIVE,
        hard_limit=hard,
        package=PYSAT_PACKAGE,
        import_name=PYSAT_MODULE,
        extra=None,
        module="pysat",
    )


def _rows() -> dict[str, Backend]:
    # CaDiCaL: one conflict round can run for seconds of inprocessing; Gluecard: solve_limited
    # ignored interrupt() for over a minute on a dense 784-200-100-100-100-10 network. Both
    # therefore run in a killable child under a time limit (hard).
    rows = [
        *(
            _pysat(name, interrupt=False, proofs=True, hard=True)
            for name in ("cadical103", "cadical153", "cadical195", "cadical300")
        ),
        *(_pysat(name, proofs=True) for name in ("glucose3", "glucose4", "glucose42")),
        _pysat("minicard", KIND_NATIVE, proofs=False),
        _pysat("gluecard3", KIND_NATIVE, proofs=True, hard=True),
        _pysat("gluecard4", KIND_NATIVE, proofs=True, hard=True),
        _pysat("minisat22", proofs=False),
        _pysat("minisat-gh", proofs=False),
        _pysat("maplechrono", proofs=True),
        _pysat("maplecm", proofs=True),
        _pysat("maplesat", proofs=False),
        _pysat("mergesat3", proofs=False),
        # Minicard and Gluecard 4 in alternating slices: no conflict budget, a fresh pair per
        # call (not incremental), Gluecard's unreliable interrupt (hard).
        replace(
            _pysat(PORTFOLIO, KIND_PORTFOLIO, proofs=False, hard=True),
            time_limit=LIMIT_SLICES, supports_conflict_budget=False, incremental=False,
            native_atmost=True,
        ),
        Backend(
            name="z3", kind=KIND_PB, time_limit=LIMIT_PARAMETER, supports_conflict_budget=False,
            supports_interrupt=False, supports_assumptions=True, supports_proofs=False,
            incremental=True, takes_encoding=False, native_atmost=False, hard_limit=False,
            package="z3-solver", import_name="z3", extra=None, module="z3",
            reports_encoding="z3-pb",
        ),
        Backend(
            name="cpsat", kind=KIND_CP, time_limit=LIMIT_PARAMETER,
            supports_conflict_budget=False, supports_interrupt=False, supports_assumptions=True,
            supports_proofs=False, incremental=False, takes_encoding=False, native_atmost=False,
            hard_limit=False, package="ortools", import_name="ortools", extra="cpsat",
            module="cpsat", reports_encoding="cpsat-linear",
        ),
        Backend(
            name="exact", kind=KIND_PB, time_limit=LIMIT_PARAMETER, supports_conflict_budget=False,
            supports_interrupt=False, supports_assumptions=True, supports_proofs=False,
            incremental=True, takes_encoding=False, native_atmost=False, hard_limit=False,
            package="exact", import_name="exact", extra="exact", module="exact",
            reports_encoding="exact-pb",
        ),
    ]  # fmt: skip
    return {row.name: row for row in rows}


BACKENDS: dict[str, Backend] = _rows()
REFUSED: dict[str, str] = {
    "kissat404": "Kissat in python-sat ignores assumptions and aborts on add_clause after solve",
    "lingeling": "Lingeling supports neither interrupt nor conf_budget, so no budget holds",
}


def timed_check(
    sink: Any,
    backend: Backend,
    builder: type[Any],
    timeout_s: float | None,
    assumptions: Sequence[int],
) -> Answer:
    """The solve hook of a back-end whose sink decides itself (z3, CP-SAT): `sink.check`, timed.
    Conflict budgets do not apply and proofs are refused by the registry before this."""
    if not isinstance(sink, builder):
        raise SolverError(
            f"solver {backend.name!r} reads a {builder.__name__}, got {type(sink).__name__}"
        )
    started = time.perf_counter()
    status, is_true, reason = sink.check(timeout_s, assumptions)
    return Answer(status, is_true, reason, time.perf_counter() - started)


def is_installed(backend: Backend) -> bool:
    return find_spec(backend.import_name) is not None


def install_hint(backend: Backend) -> str:
    """How to install the package behind `backend`, naming the bnnverify extra."""
    if backend.extra is None:
        return f"pip install {backend.package} (a required dependency of bnnverify)"
    return f"pip install 'bnnverify[{backend.extra}]' (or pip install {backend.package})"


def available_solvers() -> list[str]:
    """Solver names usable here, in registry order (a row whose package is missing is left out)."""
    return [name for name, backend in BACKENDS.items() if is_installed(backend)]


def get_backend(name: str) -> Backend:
    """The row of `name`; SolverError when it is refused, unknown or not installed."""
    if name in REFUSED:
        raise SolverError(f"solver {name!r} is not supported: {REFUSED[name]}")
    backend = BACKENDS.get(name)
    if backend is None:
        raise SolverError(f"unknown solver {name!r}; expected one of {available_solvers()}")
    if not is_installed(backend):
        raise SolverError(f"solver {name!r} is not installed: {install_hint(backend)}")
    return backend


def check_solver(solver: str, encoding: str) -> None:
    """Raise SolverError unless `solver` exists here and can take `encoding`."""
    from bnnverify.encode.cardinality import CNF_ENCODINGS, NATIVE

    backend = get_backend(solver)
    if encoding not in CNF_ENCODINGS:
        raise SolverError(f"unknown encoding {encoding!r}; expected one of {list(CNF_ENCODINGS)}")
    if backend.takes_encoding and encoding == NATIVE and not backend.native_atmost:
        native = [name for name, row in BACKENDS.items() if row.kind == KIND_NATIVE]
        raise SolverError(
            f"encoding 'native' needs a solver with native AtMost constraints "
            f"({', '.join(native)}), got {solver!r}"
        )


def encoding_name(solver: str, encoding: str) -> str:
    """The encoding a result reports: z3 and CP-SAT read the constraints natively."""
    backend = BACKENDS.get(solver)
    if backend is None or backend.reports_encoding is None:
        return encoding
    return backend.reports_encoding


def takes_encoding(solver: str) -> bool:
    """Whether `solver` reads the clause encoding (False for z3 / CP-SAT); True for a name not
    in the registry, so that check_solver reports it."""
    backend = BACKENDS.get(solver)
    return backend is None or backend.takes_encoding


def proof_solvers() -> list[str]:
    """Names of the solvers that log DRAT proofs checkers accept, in registry order."""
    return [name for name, backend in BACKENDS.items() if backend.supports_proofs]
