"""The Exact back-end (bnnverify.backends.exact) against enumeration.

Oracles: the number of true literals under every assignment of n <= 4 literals (negated,
repeated and complementary literals included), and brute force over all 2^6 assignments of a
random formula that grows between solves (the incremental use verify.solve_and_decode makes),
each solved under random assumptions. The registry-wide behaviour (tiny sat / unsat, a time
limit on hard random 3-SAT, the install hint) is in test_backends.py, the verdicts against
brute force in test_solver_pairs.py, test_conv_soundness.py and test_real_domain.py.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import time
from importlib.util import find_spec

import numpy as np
import pytest

from bnnverify.backends import SolveStatus, make_sink, solve
from bnnverify.backends.exact import ExactBuilder
from bnnverify.errors import SolverError

needs_exact = pytest.mark.skipif(find_spec("exact") is None, reason="exact is not installed")

N_VARS = 6
LITERAL_LISTS = [
    [],
    [1],
    [-1],
    [1, 1],  # a repeated literal counts twice
    [1, -1],  # complementary: exactly one is true
    [1, -2, 3],
    [-1, -1, 2, -3],
    [1, -1, 1, 2],
]


def count_true(lits: list[int], bits: tuple[bool, ...]) -> int:
    return sum(1 for lit in lits if bits[abs(lit) - 1] == (lit > 0))


@needs_exact
@pytest.mark.parametrize("lits", LITERAL_LISTS, ids=str)
@pytest.mark.parametrize("reified", [True, False], ids=["reified", "implied"])
@pytest.mark.parametrize("head_sign", [1, -1], ids=["head", "negated-head"])
def test_exact_cardinality_by_enumeration(lits, reified, head_sign):
    n = max((abs(lit) for lit in lits), default=0)
    for k in range(-1, len(lits) + 2):
        builder = ExactBuilder()
        ids = [builder.pool.id(("x", v)) for v in range(1, n + 1)]  # ids 1..n
        head = head_sign * builder.pool.id("out")
        if reified:
            builder.add_reified_atleast(head, lits, k)
        else:
            builder.add_implied_atleast(head, lits, k)
        for bits in itertools.product((False, True), repeat=n):
            fixed = [v if on else -v for v, on in zip(ids, bits, strict=True)]
            holds = count_true(lits, bits) >= k
            for head_true in (True, False):
                status, _, _ = builder.check(10, [*fixed, head if head_true else -head])
                allowed = holds == head_true if reified else holds or not head_true
                assert (status is SolveStatus.SAT) == allowed, (k, bits, head_true)


def random_lits(rng: np.random.Generator, ids: list[int], m: int) -> list[int]:
    return [int(rng.choice([-1, 1])) * ids[int(rng.integers(len(ids)))] for _ in range(m)]


def satisfies(bits: tuple[bool, ...], constraints: list, assumed: list[int]) -> bool:
    def at_least(lits: list[int], k: int) -> bool:
        return count_true(lits, bits) >= k

    for kind, head, lits, k in constraints:
        body = at_least(lits, k)
        if kind == "clause" and not body:
            return False
        if kind == "reified" and at_least([head], 1) != body:
            return False
        if kind == "implied" and at_least([head], 1) and not body:
            return False
    return at_least(assumed, len(assumed))


@needs_exact
@pytest.mark.parametrize("seed", range(12))
def test_exact_incremental_solves_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    builder = ExactBuilder()
    ids = [builder.pool.id(("x", i)) for i in range(1, N_VARS + 1)]  # ids 1..N_VARS
    constraints: list = []
    for _ in range(8):  # add a constraint, then solve three times under fresh assumptions
        kind = ("clause", "reified", "implied")[int(rng.integers(3))]
        lits = random_lits(rng, ids, int(rng.integers(1, 5)))
        head, k = random_lits(rng, ids, 1)[0], int(rng.integers(-1, len(lits) + 2))
        if kind == "clause":
            builder.add_clause(lits)
            head, k = 0, 1
        elif kind == "reified":
            builder.add_reified_atleast(head, lits, k)
        else:
            builder.add_implied_atleast(head, lits, k)
        constraints.append((kind, head, lits, k))
        for _ in range(3):
            assumed = random_lits(rng, ids, int(rng.integers(0, 3)))
            models = [
                bits
                for bits in itertools.product((False, True), repeat=N_VARS)
                if satisfies(bits, constraints, assumed)
            ]
            status, is_true, reason = builder.check(10, assumed)
            assert status is (SolveStatus.SAT if models else SolveStatus.UNSAT), constraints
            assert reason == ""
            if models:
                bits = tuple(is_true(v) for v in ids)
                assert satisfies(bits, constraints, assumed), (bits, constraints)


@needs_exact
def test_a_model_is_kept_after_later_solves():
    builder = ExactBuilder()
    a, b = builder.pool.id("a"), builder.pool.id("b")
    builder.add_clause([a, b])
    first, is_true, _ = builder.check(assumptions=[a, -b])
    second, _, _ = builder.check(assumptions=[-a, b])
    assert first is second is SolveStatus.SAT
    assert is_true(a) and not is_true(b)  # the first model, not the solver's latest
    assert not is_true(builder.pool.id("never-used"))


@needs_exact
def test_the_same_query_twice_gives_the_same_answer():
    builder = ExactBuilder()
    a, b = builder.pool.id("a"), builder.pool.id("b")
    builder.add_reified_atleast(a, [b], 1)
    builder.add_clause([a])  # one model: a, b
    for _ in range(2):  # no solution-blocking constraint is left behind
        status, is_true, _ = builder.check()
        assert status is SolveStatus.SAT and is_true(a) and is_true(b)


@needs_exact
def test_contradictory_and_unused_assumptions():
    builder = ExactBuilder()
    a = builder.pool.id("a")
    builder.add_clause([a])
    assert builder.check(assumptions=[a, -a])[0] is SolveStatus.UNSAT
    unused = builder.pool.id("unused")
    status, is_true, _ = builder.check(assumptions=[unused])
    assert status is SolveStatus.SAT and is_true(unused) and is_true(a)
    assert builder.check(assumptions=[-a])[0] is SolveStatus.UNSAT
    assert builder.check()[0] is SolveStatus.SAT  # the assumptions of the last call are gone


@needs_exact
def test_the_empty_clause_is_unsat_for_good():
    builder = ExactBuilder()
    a = builder.pool.id("a")
    builder.add_clause([a])
    builder.add_clause([])
    assert builder.check()[0] is SolveStatus.UNSAT
    assert builder.check(assumptions=[a])[0] is SolveStatus.UNSAT


@needs_exact
def test_solving_writes_nothing_to_stdout(capfd):
    sink = make_sink("exact", "totalizer")
    rng = np.random.default_rng(0)
    v = [sink.pool.id(("v", i)) for i in range(300)]
    for _ in range(1278):  # random 3-SAT near the threshold: stopped by the limit or decided
        sink.add_clause([int(rng.choice([-1, 1])) * v[i] for i in rng.choice(300, 3, False)])

    answer = solve(sink, "exact", timeout_s=0.2)

    assert answer.status in (SolveStatus.SAT, SolveStatus.UNSAT, SolveStatus.UNKNOWN)
    assert capfd.readouterr().out == ""  # stdout carries results only (the CLI's last line)


def test_missing_package_is_a_one_line_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "exact", None)  # `import exact` now raises ImportError
    with pytest.raises(SolverError) as info:
        ExactBuilder()
    message = str(info.value)
    assert "pip install 'bnnverify[exact]'" in message and "pip install exact" in message
    assert "\n" not in message


@needs_exact
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_python_still_receives_stop_signals(signum):
    received: list[int] = []
    previous = signal.signal(signum, lambda number, frame: received.append(number))
    try:
        builder = ExactBuilder()  # exact.Exact() replaces the C-level handler of signum
        builder.add_clause([builder.pool.id("a")])
        assert builder.check(5)[0] is SolveStatus.SAT
        os.kill(os.getpid(), signum)
        time.sleep(0.05)  # the handler runs between bytecodes of the main thread
    finally:
        signal.signal(signum, previous)
    assert received == [signum]
