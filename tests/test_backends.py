"""The back-end registry's rows against reality.

Oracles: python-sat's own solver list and its supports_atmost(); pyproject.toml's dependencies
and extras; tiny formulas whose answer is known by construction (a reified cardinality with a
forced count, and an assignment checked clause by clause); a hard random 3-SAT formula that no
solver decides within the limit; and the DRAT proof list the certificates used before the
registry existed.
"""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import tomllib
from pysat.solvers import Solver, SolverNames

from bnnverify import backends
from bnnverify.backends import (
    BACKENDS,
    REFUSED,
    SolveStatus,
    available_solvers,
    check_solver,
    encoding_name,
    get_backend,
    make_sink,
    proof_solvers,
    registry,
    solve,
    takes_encoding,
)
from bnnverify.backends.pysat import HARD_LIMIT_GRACE_S
from bnnverify.backends.registry import (
    CNF_KINDS,
    KIND_CNF,
    KIND_NATIVE,
    KINDS,
    LIMIT_INTERRUPT,
    LIMIT_PARAMETER,
    LIMIT_ROUNDS,
    LIMIT_SLICES,
    PYSAT_MODULE,
    is_installed,
)
from bnnverify.errors import SolverError

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
INSTALLED = [name for name, row in BACKENDS.items() if is_installed(row)]
# The DRAT-logging solvers bnnverify.proofs accepted before the registry (proofs.py, issue 8).
OLD_PROOF_SOLVERS = [
    "cadical103", "cadical153", "cadical195", "cadical300", "glucose3", "glucose4", "glucose42",
    "gluecard3", "gluecard4", "maplechrono", "maplecm",
]  # fmt: skip
TIME_LIMIT_S = 0.3
SLACK_S = 2.0  # process start-up and model loading on a loaded 2-core machine


def encoding_for(name: str) -> str:
    return "native" if BACKENDS[name].native_atmost else "totalizer"


def cardinality_formula(name: str, satisfiable: bool):
    """out <-> (at least 2 of a, b, c) with out forced; unsat when a and b are also false."""
    sink = make_sink(name, encoding_for(name))
    a, b, c, out = (sink.pool.id(v) for v in ("a", "b", "c", "out"))
    sink.add_reified_atleast(out, [a, b, c], 2)
    sink.add_clause([out])
    sink.add_clause([-a])
    if not satisfiable:
        sink.add_clause([-b])
    return sink, (a, b, c, out)


def random_3sat(sink, n: int = 400, ratio: float = 4.26, seed: int = 0) -> None:
    """Random 3-SAT at the threshold: hard for every solver here (CP-SAT refutes pigeonhole
    formulas quickly, so those do not test its limit)."""
    rng = np.random.default_rng(seed)
    v = [sink.pool.id(("v", i)) for i in range(n)]
    for _ in range(int(ratio * n)):
        chosen, signs = rng.choice(n, 3, replace=False), rng.choice([-1, 1], 3)
        sink.add_clause([int(s) * v[i] for s, i in zip(signs, chosen, strict=True)])


def pigeonhole(sink, holes: int) -> None:
    """holes + 1 pigeons in `holes` holes: unsatisfiable, hard for resolution."""
    x = {(p, h): sink.pool.id(("x", p, h)) for p in range(holes + 1) for h in range(holes)}
    for p in range(holes + 1):
        sink.add_clause([x[p, h] for h in range(holes)])
    for h in range(holes):
        for p, q in itertools.combinations(range(holes + 1), 2):
            sink.add_clause([-x[p, h], -x[q, h]])


def test_rows_are_well_formed():
    for name, row in BACKENDS.items():
        assert row.name == name and row.kind in KINDS
        assert row.time_limit in (LIMIT_INTERRUPT, LIMIT_ROUNDS, LIMIT_SLICES, LIMIT_PARAMETER)
        assert row.supports_interrupt == (row.time_limit in (LIMIT_INTERRUPT, LIMIT_SLICES))
        assert row.takes_encoding == (row.kind in CNF_KINDS)
        assert (row.reports_encoding is None) == row.takes_encoding
        assert not (row.supports_proofs and row.kind not in CNF_KINDS)
    assert not set(REFUSED) & set(BACKENDS)


def test_pysat_rows_match_python_sat():
    known = {alias for attr, aliases in vars(SolverNames).items() if not attr.startswith("_")
             for alias in aliases}  # fmt: skip
    for name, row in BACKENDS.items():
        if row.import_name != PYSAT_MODULE or row.kind not in (KIND_CNF, KIND_NATIVE):
            continue
        assert name in known, name
        with Solver(name=name) as s:
            assert bool(s.supports_atmost()) == row.native_atmost, name
    assert set(REFUSED) <= known  # refused, not unknown


def test_rows_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BACKENDS["cadical195"].supports_proofs = False  # type: ignore[misc]


def test_packages_and_extras_match_pyproject():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    for name, row in BACKENDS.items():
        if row.extra is None:
            deps = project["dependencies"]
        else:
            deps = project["optional-dependencies"][row.extra]
        assert any(dep.startswith(row.package) for dep in deps), name


def test_takes_encoding():
    assert takes_encoding("cadical195") and takes_encoding("portfolio")
    assert not takes_encoding("z3") and not takes_encoding("cpsat")
    assert not takes_encoding("exact")
    assert takes_encoding("nosuch")  # left to check_solver, which names the choices


def test_proof_solvers_are_the_old_list():
    assert proof_solvers() == OLD_PROOF_SOLVERS


@pytest.mark.parametrize(
    "solver, encoding, expected",
    [("z3", "totalizer", "z3-pb"), ("cpsat", "native", "cpsat-linear"),
     ("exact", "native", "exact-pb"), ("cadical195", "kmtotalizer", "kmtotalizer"),
     ("portfolio", "native", "native")],
)  # fmt: skip
def test_encoding_name(solver, encoding, expected):
    assert encoding_name(solver, encoding) == expected


@pytest.mark.parametrize("name", INSTALLED)
def test_row_answers_tiny_sat_and_unsat(name):
    sink, (a, b, c, out) = cardinality_formula(name, satisfiable=True)
    answer = solve(sink, name, timeout_s=30)
    assert answer.status is SolveStatus.SAT
    assert answer.is_true(out) and not answer.is_true(a) and answer.is_true(b) and answer.is_true(c)
    assert sink.n_vars >= 4 and sink.n_clauses >= 3

    sink, _ = cardinality_formula(name, satisfiable=False)
    answer = solve(sink, name, timeout_s=30)
    assert answer.status is SolveStatus.UNSAT and answer.reason == ""
    assert not any(answer.is_true(v) for v in range(1, sink.n_vars + 1))


@pytest.mark.parametrize("name", [n for n in INSTALLED if BACKENDS[n].supports_assumptions])
def test_row_solves_under_assumptions(name):
    sink, (a, b, c, out) = cardinality_formula(name, satisfiable=True)  # forces b and c
    assert solve(sink, name, assumptions=[-b]).status is SolveStatus.UNSAT
    answer = solve(sink, name, assumptions=[b])  # the last call's assumption is gone
    assert answer.status is SolveStatus.SAT and answer.is_true(b) and answer.is_true(c)


@pytest.mark.parametrize("name", INSTALLED)
def test_row_honours_its_time_limit(name):
    sink = make_sink(name, encoding_for(name))
    random_3sat(sink)
    grace = HARD_LIMIT_GRACE_S if BACKENDS[name].hard_limit else 0.0
    started = time.perf_counter()

    answer = solve(sink, name, timeout_s=TIME_LIMIT_S)

    assert answer.status is SolveStatus.UNKNOWN and answer.reason == "timeout"
    assert time.perf_counter() - started < TIME_LIMIT_S + grace + SLACK_S


@pytest.mark.parametrize("name", [n for n in INSTALLED if BACKENDS[n].supports_conflict_budget])
def test_row_honours_a_conflict_budget(name):
    sink = make_sink(name, encoding_for(name))
    pigeonhole(sink, 9)

    answer = solve(sink, name, conflict_budget=50)

    assert answer.status is SolveStatus.UNKNOWN and answer.reason == "conflict budget"


@pytest.mark.parametrize("name", proof_solvers())
def test_proof_rows_return_a_proof(name):
    sink = make_sink(name, "totalizer")
    pigeonhole(sink, 3)

    answer = solve(sink, name, with_proof=True)

    assert answer.status is SolveStatus.UNSAT and answer.proof
    assert all(isinstance(line, str) for line in answer.proof)


@pytest.mark.parametrize("name", [n for n in INSTALLED if not BACKENDS[n].supports_proofs])
def test_other_rows_refuse_proofs(name):
    sink, _ = cardinality_formula(name, satisfiable=False)
    with pytest.raises(SolverError, match="cannot produce DRAT proofs"):
        solve(sink, name, with_proof=True)


def test_unknown_and_refused_solvers_raise_one_line_errors():
    with pytest.raises(SolverError, match=r"unknown solver 'nosuch'; expected one of \[") as info:
        check_solver("nosuch", "totalizer")
    assert "'cadical195'" in str(info.value) and "\n" not in str(info.value)
    for name, reason in REFUSED.items():
        with pytest.raises(SolverError, match="is not supported") as info:
            get_backend(name)
        assert reason in str(info.value)


@pytest.mark.parametrize("name", list(BACKENDS))
def test_uninstalled_row_names_its_package_and_extra(name, monkeypatch):
    row = BACKENDS[name]
    real = registry.find_spec
    monkeypatch.setattr(
        registry, "find_spec", lambda module: None if module == row.import_name else real(module)
    )
    assert name not in available_solvers()
    with pytest.raises(SolverError, match=f"solver '{name}' is not installed") as info:
        check_solver(name, "totalizer")
    assert f"pip install {row.package}" in str(info.value)
    if row.extra is not None:
        assert f"pip install 'bnnverify[{row.extra}]'" in str(info.value)


def test_native_encoding_needs_native_atmost():
    for name, row in BACKENDS.items():
        if not is_installed(row):
            continue
        if row.takes_encoding and not row.native_atmost:
            with pytest.raises(SolverError, match="native AtMost"):
                check_solver(name, "native")
        else:
            check_solver(name, "native")
    with pytest.raises(SolverError, match="unknown encoding 'ladder'"):
        check_solver("glucose4", "ladder")


def test_importing_the_registry_loads_no_optional_solver():
    code = (
        "import sys, bnnverify.backends as b; b.check_solver('cadical195', 'totalizer');"
        "b.make_sink('cadical195', 'totalizer');"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'z3', 'ortools', 'exact'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert backends.__all__  # the public names, for `from bnnverify.backends import *`
