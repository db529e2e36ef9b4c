"""Reified and half-reified cardinality constraints, by enumeration of every assignment.

For n <= 6 literals (mixed signs, optionally one literal repeated, i.e. weight 2), every bound
k in [-1, n + 1] and every back-end: under each full assignment of the literals, the output is
forced to exactly (number of true literals >= k). Checked by solving under both polarities.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pysat.solvers import Solver

from bnnverify.backends import SolveStatus
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.encode.cardinality import CARD_ENCODINGS, TOTALIZER2

CNF_CASES = [(encoding, "cadical195") for encoding in (*CARD_ENCODINGS, TOTALIZER2)] + [
    ("native", "minicard"),
    ("native", "gluecard4"),
]


def literals(n: int, repeat_first: bool) -> tuple[list[int], list[int]]:
    """Variables 1..n; the literal list negates every third one and may repeat the first."""
    variables = list(range(1, n + 1))
    lits = [-v if v % 3 == 0 else v for v in variables]
    if repeat_first and lits:
        lits = [lits[0], *lits]
    return variables, lits


def count_true(lits: list[int], bits: tuple[bool, ...]) -> int:
    return sum(1 for lit in lits if bits[abs(lit) - 1] == (lit > 0))


def cases():
    for n in range(0, 7):
        for repeat_first in (False, True) if n else (False,):
            yield n, repeat_first


def build(encoding: str, n: int, lits: list[int], k: int, reified: bool) -> tuple[CnfBuilder, int]:
    builder = CnfBuilder(encoding)
    for v in range(1, n + 1):
        builder.pool.id(("x", v))  # variables 1..n are the literals' variables
    out = builder.pool.id("out")
    if reified:
        builder.add_reified_atleast(out, lits, k)
    else:
        builder.add_implied_atleast(out, lits, k)
    return builder, out


@pytest.mark.parametrize("encoding,solver", CNF_CASES)
@pytest.mark.parametrize("reified", [True, False], ids=["reified", "implied"])
def test_cnf_cardinality_by_enumeration(encoding, solver, reified):
    for n, repeat_first in cases():
        variables, lits = literals(n, repeat_first)
        for k in range(-1, len(lits) + 2):
            builder, out = build(encoding, n, lits, k, reified)
            with Solver(name=solver, bootstrap_with=builder.clauses) as s:
                for lits_k, bound in builder.atmosts:
                    s.add_atmost(lits_k, bound)
                for bits in itertools.product((False, True), repeat=n):
                    fixed = [v if on else -v for v, on in zip(variables, bits, strict=True)]
                    holds = count_true(lits, bits) >= k
                    assert s.solve(assumptions=[*fixed, out]) == holds, (n, k, bits)
                    assert s.solve(assumptions=[*fixed, -out]) == (not holds or not reified), (
                        n,
                        k,
                        bits,
                    )


@pytest.mark.parametrize("backend", ["z3", "cpsat"])
def test_pb_cardinality_by_enumeration(backend):
    if backend == "z3":
        from bnnverify.backends.z3 import Z3Builder as Builder
    else:
        pytest.importorskip("ortools")
        from bnnverify.backends.cpsat import CpSatBuilder as Builder
    for n, repeat_first in cases():
        if n > 4:  # every check starts a fresh external solver: keep these quick
            continue
        variables, lits = literals(n, repeat_first)
        for k in range(-1, len(lits) + 2):
            builder = Builder()
            ids = [builder.pool.id(("x", v)) for v in variables]
            out = builder.pool.id("out")
            builder.add_reified_atleast(out, lits, k)
            for bits in itertools.product((False, True), repeat=n):
                fixed = [v if on else -v for v, on in zip(ids, bits, strict=True)]
                holds = count_true(lits, bits) >= k
                for forced in (True, False):
                    status, _, _ = builder.check(10, assumptions=[*fixed, out if forced else -out])
                    expected = SolveStatus.SAT if holds == forced else SolveStatus.UNSAT
                    assert status is expected, (n, k, bits, forced)


@pytest.mark.parametrize("seed", range(4))
def test_totalizer2_on_larger_sums_matches_counting(seed):
    # deeper trees than the exhaustive test: capped children at several levels
    rng = np.random.default_rng(seed)
    n = 23
    lits = [int(v) for v in rng.choice([-1, 1], n) * np.arange(1, n + 1)]
    for k in (2, 5, 11, 12, 19, 22):
        builder, out = build(TOTALIZER2, n, lits, k, reified=True)
        with Solver(name="cadical195", bootstrap_with=builder.clauses) as s:
            for bits in rng.random((40, n)) < rng.random():
                fixed = [v if on else -v for v, on in zip(range(1, n + 1), bits, strict=True)]
                holds = count_true(lits, tuple(bits)) >= k
                assert s.solve(assumptions=fixed)
                assert (out in s.get_model()) == holds, (k, bits)
