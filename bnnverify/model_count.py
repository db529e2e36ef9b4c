"""Projected model counters over a CNF, each run in a forked child killed at its deadline.

- exact: Ganak (pyganak; Sharma et al., IJCAI 2019), with Arjun preprocessing: the number of
  assignments of the sampling set that extend to a model of the clauses.
- approx: ApproxMC (pyapproxmc; Chakraborty, Meel & Vardi, IJCAI 2016): an estimate c' of that
  number with  Pr[c / (1 + epsilon) <= c' <= (1 + epsilon) c] >= 1 - delta.  ApproxMC answers
  (cells, hashes), the estimate being cells * 2**hashes.

Neither binding takes a time limit (both count inside C), so each count runs in a forked child
that the parent kills when the deadline passes (backends/pysat.py does the same for CaDiCaL);
the child ignores SIGINT (the parent kills it) and its stdout / stderr go to /dev/null (Ganak
prints progress lines from C). Both packages are the optional extra `count`, imported here only.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

from bnnverify.errors import SolverError
from bnnverify.child import call_in_child

EXTRA = "count"  # pip install 'bnnverify[count]'
EXACT_PACKAGE = "pyganak"
APPROX_PACKAGE = "pyapproxmc"

Clauses = Sequence[Sequence[int]]


def require(package: str) -> Any:
    """Import an optional counter package, or one line naming the pip extra."""
    try:
        return importlib.import_module(package)
    except ImportError:
        raise SolverError(
            f"model counting needs the Python package {package}: pip install 'bnnverify[{EXTRA}]'"
        ) from None


def exact_count(
    clauses: Clauses, n_vars: int, sampling: Sequence[int], timeout_s: float | None
) -> int | None:
    """#{assignments of `sampling` that extend to a model}, exactly; None past timeout_s."""
    require(EXACT_PACKAGE)
    return in_child(_ganak, (clauses, n_vars, sampling), timeout_s)


def approx_count(
    clauses: Clauses,
    n_vars: int,
    sampling: Sequence[int],
    guarantee: tuple[float, float, int],
    timeout_s: float | None,
) -> int | None:
    """ApproxMC's estimate of the projected count; guarantee = (epsilon, delta, seed)."""
    require(APPROX_PACKAGE)
    return in_child(_approxmc, (clauses, n_vars, sampling, guarantee), timeout_s)


def _ganak(clauses: Clauses, n_vars: int, sampling: Sequence[int]) -> int:
    counter = importlib.import_module(EXACT_PACKAGE).Counter(verbose=0, seed=0)
    counter.new_vars(n_vars)
    counter.add_clauses(clauses)
    counter.set_sampling_set(list(sampling))
    return int(counter.count())


def _approxmc(
    clauses: Clauses, n_vars: int, sampling: Sequence[int], guarantee: tuple[float, float, int]
) -> int:
    epsilon, delta, seed = guarantee
    module = importlib.import_module(APPROX_PACKAGE)
    counter = module.Counter(seed=seed, epsilon=epsilon, delta=delta)
    if n_vars:  # declares every variable (a tautology on the last one)
        counter.add_clause([n_vars, -n_vars])
    counter.add_clauses(clauses)
    cells, hashes = counter.count(list(sampling))
    return int(cells) * 2 ** int(hashes)


def in_child(function: Callable[..., int], args: tuple, timeout_s: float | None) -> int | None:
    """function(*args) in a forked child (quiet); None when it has not answered within timeout_s."""
    if "fork" not in multiprocessing.get_all_start_methods():
        raise SolverError("model counting needs fork() (Linux, macOS) to bound its time")
    answered, count = call_in_child(function, args, timeout_s, "the model counter", quiet=True)
    return int(count) if answered else None
