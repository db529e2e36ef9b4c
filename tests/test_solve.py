"""Robustness queries on every back-end against brute force over the whole (tiny) box.

sat/unsat must equal brute force (a tie with the label is a violation), and every sat model
must decode to an input inside the box that really violates. The oracle (tests/oracle.py)
computes exact scores from the model's arrays and shares no code with bnnverify.
"""

from __future__ import annotations

import functools
import itertools
import time

import numpy as np
import pytest
from bnn_cases import random_network, solve_box
from oracle import is_violated_in_ball, is_violated_in_box, violations

from bnnverify.backends import SolveStatus, available_solvers, registry
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.backends.pysat import solve_cnf
from bnnverify.backends.registry import CNF_KINDS
from bnnverify.errors import SolverError, UsageError
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.robustness import robustness_targets
from bnnverify.regions import linf_box, whole_space
from bnnverify.results import Verdict

PYSAT_SOLVERS = [name for name, row in registry.BACKENDS.items() if row.kind in CNF_KINDS]

BACKENDS = [
    ("cadical195", "totalizer"),
    ("cadical195", "seqcounter"),
    ("cadical195", "cardnetwork"),
    ("glucose4", "totalizer"),
    ("minicard", "native"),
    ("gluecard4", "native"),
    ("portfolio", "native"),
    ("portfolio", "totalizer2"),
    ("z3", "totalizer"),
    ("cpsat", "totalizer"),
]


@functools.cache
def query(seed: int, binarize: bool):
    """A tiny network, a box around a random point, the label predicted there, the truth."""
    net = random_network(seed, n_in=5, hidden=(5, 4), n_classes=3, binarize=binarize)
    x0 = np.random.default_rng(seed + 1000).integers(0, 8, 5)
    eps = 1 + seed % 2
    label = seed % 3
    return net, linf_box(net, x0, eps), label, is_violated_in_ball(net, x0, eps, label)


def assert_matches(net, box, label, violated, outcome, targets=None):
    assert outcome.verdict is (Verdict.VIOLATED if violated else Verdict.HOLDS)
    if violated:
        cex = outcome.counterexample
        assert cex.dtype == np.int64 and cex.shape == (net.n_inputs,)
        assert box.contains(cex)
        assert violations(net, cex[None], label, targets)[0]
    else:
        assert outcome.counterexample is None


@pytest.mark.parametrize("seed", range(16))
@pytest.mark.parametrize("binarize", [False, True], ids=["raw", "binarize"])
@pytest.mark.parametrize("solver,encoding", BACKENDS)
def test_robustness_matches_brute_force(seed, binarize, solver, encoding):
    if solver == "cpsat":
        pytest.importorskip("ortools")
    net, box, label, violated = query(seed, binarize)

    outcome = solve_box(net, box, label, solver=solver, encoding=encoding)

    assert_matches(net, box, label, violated, outcome)
    assert outcome.total_neurons == 9 and 0 <= outcome.fixed_neurons <= 9


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("solver,encoding", [("cadical195", "seqcounter"), ("minicard", "native")])
def test_robustness_without_bounds_matches_brute_force(seed, solver, encoding):
    net, box, label, violated = query(seed, seed % 2 == 1)

    outcome = solve_box(net, box, label, solver=solver, encoding=encoding, use_bounds=False)

    assert_matches(net, box, label, violated, outcome)
    assert outcome.fixed_neurons == 0


@pytest.mark.parametrize("seed", range(8))
def test_targeted_robustness_matches_brute_force(seed):
    net, box, label, _ = query(seed, False)
    target = (label + 1 + seed % 2) % 3
    violated = is_violated_in_box(net, box.lo, box.hi, label, [target])

    outcome = solve_box(net, box, label, [target], solver="cadical195", encoding="totalizer")

    assert_matches(net, box, label, violated, outcome, [target])


def tied_network(bias: list[float]) -> BinaryNetwork:
    """Output rows 0 and 1 identical, so score_0 - score_1 = bias_0 - bias_1 on every input."""
    weight = np.array([[1, -1, 1], [-1, 1, 0], [1, 1, -1]], dtype=np.int8)
    hidden = BlockLayer(weight, np.array([4, 2, 0], dtype=np.int64))
    rows = np.array([[1, -1, 1], [1, -1, 1], [-1, -1, -1]], dtype=np.int8)
    return BinaryNetwork((hidden, OutputLayer(rows, np.array(bias))), (3,), 0, 3)


@pytest.mark.parametrize("solver,encoding", BACKENDS)
@pytest.mark.parametrize(
    "bias, label, violated",
    [
        ([0.5, 0.5, -9.0], 0, True),  # exact tie with the class after the label
        ([0.5, 0.5, -9.0], 1, True),  # exact tie with the class before the label
        ([0.5, 0.5 - 2**-20, -9.0], 0, False),  # the other class falls just short
        ([0.5 - 2**-20, 0.5, -9.0], 1, False),
        ([0.5 + 2**-20, 0.5, -9.0], 1, True),  # the other class wins by a hair
    ],
)
def test_output_ties_are_violations(solver, encoding, bias, label, violated):
    if solver == "cpsat":
        pytest.importorskip("ortools")
    net = tied_network(bias)
    box = whole_space(net)
    assert is_violated_in_box(net, box.lo, box.hi, label) == violated

    outcome = solve_box(net, box, label, solver=solver, encoding=encoding)

    assert_matches(net, box, label, violated, outcome)


def pigeonhole(builder, holes: int) -> None:
    """holes + 1 pigeons in `holes` holes: unsatisfiable, and hard for resolution."""
    x = {(p, h): builder.pool.id(("x", p, h)) for p in range(holes + 1) for h in range(holes)}
    for p in range(holes + 1):
        builder.add_clause([x[p, h] for h in range(holes)])
    for h in range(holes):
        for p, q in itertools.combinations(range(holes + 1), 2):
            builder.add_clause([-x[p, h], -x[q, h]])


@pytest.mark.parametrize("solver", ["cadical195", "glucose4", "minicard", "portfolio"])
def test_time_limit_gives_unknown(solver):
    builder = CnfBuilder("totalizer")
    pigeonhole(builder, 11)
    started = time.perf_counter()

    result = solve_cnf(builder, solver, timeout_s=0.3)

    assert result.status is SolveStatus.UNKNOWN and result.reason == "timeout"
    assert time.perf_counter() - started < 3.0  # CaDiCaL's limit is soft, by one short round


def test_conflict_budget_gives_unknown():
    builder = CnfBuilder("totalizer")
    pigeonhole(builder, 9)
    for solver in ("cadical195", "glucose4"):
        result = solve_cnf(builder, solver, conflict_budget=50)
        assert result.status is SolveStatus.UNKNOWN and result.reason == "conflict budget"


def test_z3_time_limit_gives_unknown():
    from bnnverify.backends.z3 import Z3Builder

    builder = Z3Builder()
    pigeonhole(builder, 11)

    status, _, reason = builder.check(timeout_s=0.3)

    assert status is SolveStatus.UNKNOWN and reason == "timeout"


def test_robustness_time_limit_gives_unknown():
    # far too large to encode in the time given: the encoder stops between neurons
    net = random_network(0, n_in=60, hidden=(40, 40), n_classes=4, input_max=255)
    box = linf_box(net, np.full(60, 128), 20)
    started = time.perf_counter()

    outcome = solve_box(net, box, 0, solver="cadical195", encoding="cardnetwork", timeout_s=0.2)

    assert outcome.verdict is Verdict.UNKNOWN and outcome.reason == "timeout"
    assert time.perf_counter() - started < 10


def test_oversized_constraint_gives_unknown_not_a_hang():
    # python-sat's totalizer is quadratic in the number of literals (12,000 per neuron here)
    net = random_network(0, n_in=60, hidden=(40, 40), n_classes=4, input_max=255)
    box = linf_box(net, np.full(60, 128), 100)

    outcome = solve_box(net, box, 0, solver="cadical195", encoding="totalizer")

    assert outcome.verdict is Verdict.UNKNOWN
    assert outcome.reason.startswith("formula too large")
    assert outcome.counterexample is None


@pytest.mark.parametrize("timeout_s", [None, 30], ids=["in-process", "child-process"])
def test_unsat_proof_is_returned(timeout_s):
    builder = CnfBuilder("totalizer")
    pigeonhole(builder, 3)
    result = solve_cnf(builder, "cadical195", with_proof=True, timeout_s=timeout_s)
    assert result.status is SolveStatus.UNSAT and result.proof


@pytest.mark.parametrize(
    "solver, encoding, message",
    [
        ("nosuch", "totalizer", "unknown solver 'nosuch'"),
        ("kissat404", "totalizer", "ignores assumptions"),
        ("lingeling", "totalizer", "no budget"),
        ("cadical195", "native", "native AtMost"),
        ("glucose4", "ladder", "unknown encoding 'ladder'"),
    ],
)
def test_bad_solver_choices_raise_solver_error(solver, encoding, message):
    net, box, label, _ = query(0, False)
    with pytest.raises(SolverError, match=message):
        solve_box(net, box, label, solver=solver, encoding=encoding)


def test_missing_optional_solver_raises_solver_error(monkeypatch):
    real = registry.find_spec
    monkeypatch.setattr(
        registry, "find_spec", lambda name: None if name == "ortools" else real(name)
    )
    assert "cpsat" not in available_solvers() and "z3" in available_solvers()
    net, box, label, _ = query(0, False)
    with pytest.raises(SolverError, match="pip install ortools"):
        solve_box(net, box, label, solver="cpsat", encoding="totalizer")


@pytest.mark.parametrize(
    "label, targets, message",
    [(3, None, "label must be in"), (0, [5], "target classes")],
)
def test_bad_labels_raise_usage_error(label, targets, message):
    net, box, _, _ = query(0, False)
    with pytest.raises(UsageError, match=message):
        solve_box(net, box, label, targets, solver="cadical195", encoding="totalizer")


def test_label_as_only_target_is_skipped_not_solved():
    # The pipeline reports a targeted query whose only target is the label as skipped
    # (DESIGN.md section 3), before anything is encoded; the target check itself still refuses it.
    net, box, _, _ = query(0, False)
    with pytest.raises(UsageError, match="other than the label"):
        robustness_targets(net, 0, [0])

    outcome = solve_box(net, box, 0, [0], solver="cadical195", encoding="totalizer")

    assert outcome.verdict is Verdict.SKIPPED
    assert outcome.reason == "label 0 is the only target class"
    assert outcome.counterexample is None and outcome.n_vars == 0


@pytest.mark.parametrize("solver", PYSAT_SOLVERS)
def test_every_listed_pysat_solver_answers_under_a_budget(solver):
    for seed in range(3):
        net, box, label, violated = query(seed, False)

        outcome = solve_box(net, box, label, solver=solver, encoding="totalizer2", timeout_s=30)

        assert_matches(net, box, label, violated, outcome)
