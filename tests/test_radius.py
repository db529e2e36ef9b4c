"""The maximal robust radius (bnnverify.radius, `bnnverify radius`) against brute force.

Oracle: tests/oracle.py enumerates every integer input of the tiny input space once; the exact
radius is the largest eps whose clipped L-inf ball around x0 holds no violation (a tie with the
label violates), upper the L-inf distance of the nearest violation. Nothing here shares code
with the encoder, the solver or the search.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from bnnverify.backends import Answer, SolveStatus
from bnnverify.backends.incremental import IncrementalSolver, keeps_state
from bnnverify.backends.registry import nothing_true
from bnnverify.cli import main
from bnnverify.errors import UsageError
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.radius import independent_radius, max_radius, radius_config

from bnn_cases import random_network
from oracle import ROW_KEYS, box_inputs, predict, read_model, violations

N_IN, INPUT_MAX, MAX_EPS = 4, 7, 7  # 8**4 = 4096 inputs: the whole space is enumerated
SEEDS = range(12)
# Every solver row that takes assumptions, with a clause encoding it reads.
SOLVERS = [
    ("minicard", "native"),
    ("cadical195", "kmtotalizer"),
    ("glucose4", "totalizer"),
    ("z3", "native"),
    ("cpsat", "native"),
]


@pytest.fixture(autouse=True, scope="module")
def one_numba_thread():
    """Queries evaluate tiny batches, where numba's thread start-up costs more than it saves
    (jobs.load_models does the same in every worker)."""
    from bnnverify.engine import packed

    if not packed.HAS_NUMBA:
        yield
        return
    before = packed.numba.get_num_threads()
    packed.numba.set_num_threads(1)
    yield
    packed.numba.set_num_threads(before)


@functools.cache
def case(seed: int) -> tuple[BinaryNetwork, np.ndarray, int, int | None, int | None]:
    """(net, x0, label, exact radius, exact upper) by enumeration; label = the oracle's
    prediction at x0, so x0 is correctly classified (a tie there gives radius None, upper 0)."""
    net = random_network(seed, n_in=N_IN, hidden=(5, 4), n_classes=3, input_max=INPUT_MAX)
    x0 = np.random.default_rng(seed).integers(0, INPUT_MAX + 1, N_IN)
    label = int(predict(net, x0[None])[0])
    radius, upper = exact_radius(net, x0, label, MAX_EPS)
    return net, x0, label, radius, upper


def exact_radius(net, x0, label, max_eps, targets=None) -> tuple[int | None, int | None]:
    everything = box_inputs(np.full(N_IN, net.input_min), np.full(N_IN, net.input_max))
    distance = np.abs(everything - x0).max(axis=1)
    bad = distance[violations(net, everything, label, targets)]
    nearest = int(bad.min()) if bad.size else None
    if nearest is None or nearest > max_eps:
        return max_eps, None
    return (nearest - 1 if nearest else None), nearest


def assert_witness(net, x0, label, result) -> None:
    """The counterexample lies in the ball of upper (at distance exactly upper) and violates."""
    assert result.counterexample is not None
    x = result.counterexample
    assert int(np.abs(x - x0).max(initial=0)) == result.upper
    assert ((x >= net.input_min) & (x <= net.input_max)).all()
    assert violations(net, x[None], label)[0]


@pytest.mark.parametrize("search", ["upward", "doubling"])
@pytest.mark.parametrize(("solver", "encoding"), SOLVERS)
@pytest.mark.parametrize("seed", SEEDS)
def test_radius_matches_brute_force(seed, solver, encoding, search):
    if solver == "cpsat":
        pytest.importorskip("ortools")
    net, x0, label, radius, upper = case(seed)
    config = radius_config(solver=solver, encoding=encoding, timeout_s=None, attack=None)

    result = max_radius(Model.of(net), x0, label, MAX_EPS, config, search=search)

    assert (result.radius, result.upper) == (radius, upper)
    assert not result.is_open
    if upper is not None:
        assert_witness(net, x0, label, result)


@pytest.mark.parametrize("seed", SEEDS)
def test_radius_with_the_attack_matches_brute_force(seed):
    net, x0, label, radius, upper = case(seed)

    result = max_radius(Model.of(net), x0, label, MAX_EPS, radius_config(timeout_s=None))

    assert (result.radius, result.upper) == (radius, upper)
    if upper is not None:
        assert_witness(net, x0, label, result)


@pytest.mark.parametrize("seed", range(6))
def test_targeted_radius_matches_brute_force(seed):
    net, x0, label, _, _ = case(seed)
    targets = ((label + 1) % 3,)
    radius, upper = exact_radius(net, x0, label, MAX_EPS, targets)
    config = radius_config(timeout_s=None, attack=None)

    result = max_radius(Model.of(net), x0, label, MAX_EPS, config, targets=targets)

    assert (result.radius, result.upper) == (radius, upper)


def test_radius_is_zero_when_eps_1_is_violated():
    found = [seed for seed in range(24) if case_upper(seed) == 1]
    assert found, "no seed with a violation at distance 1"
    for seed in found[:4]:
        net, x0, label, _, _ = case(seed)
        result = max_radius(Model.of(net), x0, label, MAX_EPS, radius_config(timeout_s=None))
        assert (result.radius, result.upper, result.is_open) == (0, 1, False)
        assert_witness(net, x0, label, result)


def case_upper(seed: int) -> int | None:
    return case(seed)[4]


def test_a_tie_at_the_input_has_no_radius():
    """Identical output rows and biases: every input ties classes 0 and 1, so label 0 (the
    prediction, lowest index) is violated at x0 itself."""
    rng = np.random.default_rng(3)
    hidden = BlockLayer(rng.integers(-1, 2, (3, N_IN)).astype(np.int8), np.zeros(3, np.int64))
    row = rng.integers(-1, 2, (1, 3)).astype(np.int8)
    out = OutputLayer(np.concatenate([row, row, -row]), np.array([0.5, 0.5, -9.0]))
    net = BinaryNetwork((hidden, out), (N_IN,), 0, INPUT_MAX)
    x0 = np.array([1, 2, 3, 4])
    assert int(predict(net, x0[None])[0]) == 0 and violations(net, x0[None], 0)[0]

    result = max_radius(Model.of(net), x0, 0, MAX_EPS)

    assert (result.radius, result.upper, result.is_open) == (None, 0, False)
    np.testing.assert_array_equal(result.counterexample, x0)


def test_a_misclassified_input_is_not_searched():
    net, x0, label, _, _ = case(0)
    wrong = (label + 1) % 3

    result = max_radius(Model.of(net), x0, wrong, MAX_EPS)

    assert result.is_misclassified and result.radius is None and not result.is_open
    assert result.solve_calls == 0 and result.verdict.value == "misclassified"


def gives_up(after: int):
    """IncrementalSolver.solve answering unknown from call `after` + 1 on."""
    real = IncrementalSolver.solve

    def solve(solver, assumptions, timeout_s):
        if solver.calls >= after:
            solver.calls += 1
            return Answer(SolveStatus.UNKNOWN, nothing_true, "timeout", 0.0)
        return real(solver, assumptions, timeout_s)

    return solve


@pytest.mark.parametrize("after", [0, 1, 2])
@pytest.mark.parametrize("search", ["upward", "doubling"])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_budget_that_runs_out_leaves_an_interval_holding_the_radius(
    monkeypatch, seed, search, after
):
    net, x0, label, radius, upper = case(seed)
    monkeypatch.setattr(IncrementalSolver, "solve", gives_up(after))
    config = radius_config(timeout_s=None, attack=None)

    result = max_radius(Model.of(net), x0, label, MAX_EPS, config, search=search)

    if radius is None:  # decided at x0, without a solver
        assert (result.radius, result.upper) == (None, 0)
        return
    assert result.radius <= radius  # a proven radius is never more than the exact one
    if result.upper is not None:
        assert result.upper == upper or (upper is not None and result.upper > upper)
        assert_witness(net, x0, label, result)
    assert result.is_open == ((result.radius, result.upper) != (radius, upper))
    if result.is_open:
        assert result.reason == "timeout"


def test_a_budget_spent_while_encoding_leaves_the_whole_interval_open():
    net, x0, label, radius, upper = next(case(s) for s in SEEDS if case(s)[3] == MAX_EPS)
    config = radius_config(timeout_s=1e-9, attack=None)

    result = max_radius(Model.of(net), x0, label, MAX_EPS, config)

    assert (result.radius, result.upper, result.is_open) == (0, None, True)
    assert result.reason == "timeout" and result.verdict.value == "unknown"


def test_a_real_input_model_is_refused():
    w0 = np.array([[1, -1], [1, 1]], dtype=np.int8)
    layers = (BlockLayer(w0, np.array([0.5, 1.5])), OutputLayer(w0, np.zeros(2)))
    net = BinaryNetwork(layers, (2,), 0, 8, input_domain="real")
    with pytest.raises(UsageError, match="real inputs"):
        max_radius(Model.of(net), np.array([1, 1]), 0, 2)


def test_which_solvers_keep_their_state():
    assert keeps_state("minicard") and keeps_state("cadical195") and keeps_state("z3")
    assert not keeps_state("portfolio") and not keeps_state("cpsat")


@pytest.mark.parametrize("seed", range(6))
def test_independent_runs_find_the_same_radius(seed):
    net, x0, label, radius, upper = case(seed)
    if radius is None:
        pytest.skip("x0 ties: no eps holds")
    config = radius_config(timeout_s=None)

    baseline = independent_radius(Model.of(net), x0, label, MAX_EPS, config)

    assert (baseline.radius, baseline.upper, baseline.is_open) == (radius, upper, False)


def run_cli(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["radius", "--max-eps", "6", "--json", *argv])
    return status, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_cli_on_the_bundled_model_writes_rows_and_a_distribution(tmp_path, capsys):
    out, cex_dir = tmp_path / "r.jsonl", tmp_path / "cex"

    status, summary = run_cli(
        capsys, "--samples", "3", "--out", str(out), "--cex-dir", str(cex_dir)
    )

    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == summary["inputs"] == 3
    assert status == (0 if summary["result"] == "decided" else 3)
    assert sum(summary["radius_counts"].values()) == summary["decided"]
    from bnnverify.cli.common import default_model_path

    model = read_model(default_model_path())
    for row in rows:
        assert ROW_KEYS | {"radius", "upper"} <= row.keys()
        assert (row["property"], row["eps"]) == ("radius", 6)
        if row["upper"] is not None:  # the counterexample at upper, replayed by the oracle
            assert row["verdict"] == "violated" and row["upper"] > row["radius"]
            x = np.load(row["counterexample"]).reshape(-1).astype(np.int64)
            assert violations(model, x[None], row["label"])[0]
    again, resumed = run_cli(capsys, "--samples", "3", "--out", str(out), "--resume")
    assert (again, resumed["resumed"], resumed["radius_counts"]) == (
        status, 3, summary["radius_counts"]
    )  # fmt: skip


def test_cli_exits_3_when_an_interval_is_open(capsys):
    status, summary = run_cli(capsys, "--samples", "2", "--timeout", "0.001", "--no-attack")
    assert status == 3 and summary["open"] == 2 and summary["result"] == "open"
    assert summary["open_reasons"] == {"timeout": 2}
    assert (
        main(["radius", "--samples", "1", "--max-eps", "6", "--timeout", "0.001", "--no-attack"])
        == 3
    )
    lines = capsys.readouterr().out.splitlines()
    assert "open:      1 inputs, radius within 0..6 1 (timeout 1)" in lines
    assert lines[-1] == "result: open"


def test_cli_refuses_an_eps_outside_the_input_range(capsys):
    assert main(["radius", "--max-eps", "256", "--samples", "1"]) == 2
    assert "--max-eps must be an integer in [0, 255]" in capsys.readouterr().err
