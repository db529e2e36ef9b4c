"""Minimal perturbation (bnnverify.minimal, `bnnverify minimal`) against brute force.

Oracle: tests/oracle.py enumerates every integer input of the tiny input space once; the exact
optimum is the smallest L-inf (L0) distance from x0 of an input where some class c != label
ties or beats the label, among the inputs within max_eps of x0 in L-inf (every input for L0
without max_eps). Nothing here shares code with the encoder, RC2 or the attack.
"""

from __future__ import annotations

import functools
import itertools
import json
import time

import numpy as np
import pytest
from pysat.examples.rc2 import RC2
from pysat.formula import WCNF

from bnnverify.attack import AttackConfig
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.backends.maxsat import MaxSatStatus, solve_maxsat
from bnnverify.cli import main
from bnnverify.errors import UsageError
from bnnverify.minimal import (
    MinimalConfig,
    MinimalQuery,
    export_instance,
    minimal_perturbation,
)
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import linf_ball
from bnnverify.results import Verdict
from bnnverify.verify import CheckConfig, run

from bnn_cases import random_network
from oracle import ROW_KEYS, box_inputs, predict, read_model, violations

N_IN, INPUT_MAX = 4, 7  # 8**4 = 4096 inputs: the whole space is enumerated
SEEDS = range(12, 30)  # optima 0..5 and regions without a violation (test_the_cases_cover...)
SOLVERS = [("minicard", "native"), ("glucose4", "kmtotalizer"), ("glucose4", "totalizer")]
REGIONS = [("linf", 2), ("linf", INPUT_MAX), ("l0", None), ("l0", 2)]  # (norm, max_eps)


@pytest.fixture(autouse=True, scope="module")
def one_numba_thread():
    """Queries evaluate tiny batches, where numba's thread start-up costs more than it saves."""
    from bnnverify.engine import packed

    if not packed.HAS_NUMBA:
        yield
        return
    before = packed.numba.get_num_threads()
    packed.numba.set_num_threads(1)
    yield
    packed.numba.set_num_threads(before)


@functools.cache
def case(seed: int) -> tuple[BinaryNetwork, np.ndarray, int]:
    """(net, x0, label): label = the oracle's prediction at x0 (x0 correctly classified)."""
    net = random_network(seed, n_in=N_IN, hidden=(5, 4), n_classes=3, input_max=INPUT_MAX)
    x0 = np.random.default_rng(seed).integers(0, INPUT_MAX + 1, N_IN)
    return net, x0, int(predict(net, x0[None])[0])


@functools.cache
def exact_minimal(seed: int, norm: str, max_eps: int | None) -> int | None:
    """The smallest distance from x0 of a violating input within max_eps (L-inf) of x0, or
    None, over every input of the space."""
    net, x0, label = case(seed)
    points = box_inputs(np.zeros(N_IN, np.int64), np.full(N_IN, INPUT_MAX))
    diff = np.abs(points[violations(net, points, label)] - x0)
    if max_eps is not None:
        diff = diff[diff.max(axis=1) <= max_eps]
    if not len(diff):
        return None
    return int(diff.max(axis=1).min() if norm == "linf" else (diff != 0).sum(axis=1).min())


def solve(seed, norm, max_eps, solver="minicard", encoding="native", attack=None, timeout=None):
    net, x0, label = case(seed)
    config = MinimalConfig(solver, encoding, timeout, attack)
    return minimal_perturbation(Model.of(net), MinimalQuery(seed, x0, label, norm, max_eps), config)


def assert_matches_oracle(seed, norm, max_eps, result) -> None:
    net, x0, label = case(seed)
    exact = exact_minimal(seed, norm, max_eps)
    if exact is None:
        assert (result.outcome, result.distance, result.counterexample) == ("none", None, None)
        assert result.verdict is Verdict.HOLDS
        assert result.lower == (None if norm == "l0" else max_eps + 1)
        return
    assert (result.outcome, result.distance, result.lower, result.upper) == (
        "optimum", exact, exact, exact
    )  # fmt: skip
    x = result.counterexample
    assert violations(net, x[None], label)[0]  # the oracle replays it
    diff = np.abs(x - x0)
    assert (diff.max() if norm == "linf" else np.count_nonzero(diff)) == exact
    if max_eps is not None:
        assert diff.max() <= max_eps


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("norm", "max_eps"), REGIONS)
@pytest.mark.parametrize(("solver", "encoding"), SOLVERS)
def test_minimal_distance_matches_brute_force(seed, norm, max_eps, solver, encoding):
    result = solve(seed, norm, max_eps, solver, encoding)
    assert_matches_oracle(seed, norm, max_eps, result)


@pytest.mark.parametrize("seed", SEEDS[::2])
@pytest.mark.parametrize(("norm", "max_eps"), REGIONS)
def test_minimal_distance_with_the_attack_matches_brute_force(seed, norm, max_eps):
    attack = AttackConfig(seed=seed, pgd_restarts=2, pgd_steps=4)
    result = solve(seed, norm, max_eps, attack=attack, timeout=30.0)  # RC2 in a child process
    assert_matches_oracle(seed, norm, max_eps, result)


def test_the_cases_cover_every_outcome():
    """The brute-force cases hold optima at several distances and regions with no violation."""
    seen = {
        (norm, exact_minimal(seed, norm, max_eps)) for seed in SEEDS for norm, max_eps in REGIONS
    }
    assert {("linf", None), ("linf", 1), ("linf", 2), ("l0", None), ("l0", 1), ("l0", 2)} <= seen
    assert {d for norm, d in seen if norm == "linf"} >= {3, 4}


@pytest.mark.parametrize("seed", SEEDS)
def test_no_violation_below_the_optimum_by_verify_run(seed):
    """Optimum d: robustness holds on ball(d - 1) and is violated on ball(d) (verify.run)."""
    net, x0, label = case(seed)
    result = solve(seed, "linf", INPUT_MAX)
    if result.outcome == "none":
        pytest.skip("no violation anywhere")
    d = result.distance
    config = CheckConfig("cadical195", "totalizer", None, attack=None)
    prop = Robustness(Model.of(net), label)
    assert run(prop, linf_ball(x0, d), config).verdict is Verdict.VIOLATED
    if d > 0:
        assert run(prop, linf_ball(x0, d - 1), config).verdict is Verdict.HOLDS


def tied_network() -> BinaryNetwork:
    """Classes 0 and 1 have the same output row and bias: they tie at every input."""
    hidden = BlockLayer(np.array([[1, -1], [0, 1]], dtype=np.int8), np.array([2, 1]))
    weight = np.array([[1, 1], [1, 1], [1, -1]], dtype=np.int8)
    return BinaryNetwork((hidden, OutputLayer(weight, np.zeros(3))), (2,), 0, 3)


def test_a_tie_at_the_input_is_distance_zero():
    net = tied_network()
    model, x0 = Model.of(net), np.array([1, 2])
    assert predict(net, x0[None])[0] == 0  # the lower index wins the tie: no misclassification
    result = minimal_perturbation(model, MinimalQuery(0, x0, 0, "linf", 2), MinimalConfig())
    assert (result.outcome, result.distance, result.decided_by) == ("optimum", 0, "classifier")
    np.testing.assert_array_equal(result.counterexample, x0)
    misclassified = minimal_perturbation(model, MinimalQuery(0, x0, 1, "linf", 2), MinimalConfig())
    assert (misclassified.outcome, misclassified.verdict) == (
        "misclassified",
        Verdict.MISCLASSIFIED,
    )


def test_a_budget_spent_while_encoding_leaves_the_interval_open():
    from bnnverify.cli.common import default_model_path
    from bnnverify.io import load_network
    from bnnverify.data import load_samples

    net, data = load_network(default_model_path()), load_samples()
    x0 = net.flatten(data.x[3])[0]
    query = MinimalQuery(3, x0, int(data.y[3]), "linf", 8)
    result = minimal_perturbation(Model.of(net), query, MinimalConfig(timeout_s=1e-3, attack=None))
    assert (result.outcome, result.reason, result.distance) == ("open", "timeout", None)
    assert (result.lower, result.upper, result.verdict) == (1, None, Verdict.UNKNOWN)


def php_builder(pigeons: int) -> CnfBuilder:
    """The pigeonhole formula (pigeons into pigeons - 1 holes): unsatisfiable and hard for
    resolution, so RC2 cannot refute it within a short limit."""
    builder = CnfBuilder("totalizer")
    holes = pigeons - 1
    var = [[builder.pool.id(("p", p, h)) for h in range(holes)] for p in range(pigeons)]
    for row in var:
        builder.add_clause(row)
    for h in range(holes):
        for p, q in itertools.combinations(range(pigeons), 2):
            builder.add_clause([-var[p][h], -var[q][h]])
    return builder


@pytest.mark.parametrize("solver", ["glucose4", "cadical195"])  # interrupt / killed child
def test_rc2_stops_at_its_time_limit(solver):
    builder = php_builder(12)
    started = time.perf_counter()
    answer = solve_maxsat(builder, [1], solver, timeout_s=0.5)
    assert answer.status is MaxSatStatus.UNKNOWN and answer.reason == "timeout"
    assert answer.model is None and answer.lower >= 0
    assert time.perf_counter() - started < 3.0


@pytest.mark.parametrize("seed", range(20))
def test_rc2_optimum_matches_enumeration(seed):
    """Random 3-CNF over 8 variables, soft literals of weight 1: the least number of false soft
    literals over all 256 assignments."""
    rng = np.random.default_rng(seed)
    builder = CnfBuilder("totalizer")
    for _ in range(rng.integers(10, 30)):
        variables = rng.choice(8, size=3, replace=False) + 1
        builder.add_clause([int(v) * int(rng.choice([-1, 1])) for v in variables])
    builder.pool.top = 8  # variables 1..8, some maybe in no clause
    soft = [int(v) * int(rng.choice([-1, 1])) for v in rng.choice(8, size=5) + 1]
    best = None
    for bits in itertools.product((False, True), repeat=8):
        true = {v + 1 if on else -(v + 1) for v, on in enumerate(bits)}  # the true literals
        if all(any(lit in true for lit in clause) for clause in builder.clauses):
            cost = sum(lit not in true for lit in soft)
            best = cost if best is None else min(best, cost)

    answer = solve_maxsat(builder, soft, "glucose4", timeout_s=None if seed % 2 else 10.0)

    if best is None:
        assert answer.status is MaxSatStatus.UNSAT
    else:
        assert (answer.status, answer.cost, answer.lower) == (MaxSatStatus.OPTIMUM, best, best)
        model = set(answer.model)
        assert all(any(lit in model for lit in clause) for clause in builder.clauses)
        assert sum(lit not in model for lit in soft) == best


@pytest.mark.parametrize(("norm", "max_eps"), [("linf", 3), ("l0", None)])
def test_exported_wcnf_has_the_same_optimum(tmp_path, norm, max_eps):
    seed = next(s for s in SEEDS if exact_minimal(s, norm, max_eps) not in (None, 0))
    net, x0, label = case(seed)
    query, config = MinimalQuery(seed, x0, label, norm, max_eps), MinimalConfig(attack=None)
    result = minimal_perturbation(Model.of(net), query, config)

    paths = export_instance(Model.of(net), query, config, result, str(tmp_path / "out"))

    assert [p.name for p in paths] == [f"{seed}_{norm}.wcnf", f"{seed}_{norm}.opb"]
    with RC2(WCNF(from_file=str(paths[0]))) as rc2:
        assert rc2.compute() is not None and rc2.cost == result.distance
    lines = paths[1].read_text().splitlines()
    n_vars, n_constraints = (int(t) for t in lines[0].split() if t.isdigit())
    objective = [line for line in lines if line.startswith("min:")]
    body = [line for line in lines if not line.startswith(("*", "min:"))]
    assert len(objective) == 1 and len(body) == n_constraints and n_vars > 0
    assert objective[0].count("+1 x") == result.n_soft


def run_cli(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["minimal", "--json", *argv])
    return status, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_cli_on_the_bundled_model_writes_rows(tmp_path, capsys):
    out, cex_dir = tmp_path / "m.jsonl", tmp_path / "cex"

    status, summary = run_cli(
        capsys, "--samples", "3", "--max-eps", "6", "--out", str(out), "--cex-dir", str(cex_dir)
    )

    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == summary["inputs"] == 3
    assert status == (0 if summary["result"] == "decided" else 3)
    assert sum(summary["distance_counts"].values()) == summary["decided"]
    from bnnverify.cli.common import default_model_path
    from bnnverify.data import load_samples

    model, data = read_model(default_model_path()), load_samples()
    for row in rows:
        extra = {"norm", "outcome", "distance", "lower", "upper", "encoded_radius"}
        assert ROW_KEYS | extra <= row.keys()
        assert (row["property"], row["eps"], row["norm"]) == ("minimal", 6, "linf")
        if row["counterexample"] is not None:  # replayed by the oracle, at distance upper
            x = np.load(row["counterexample"]).reshape(-1).astype(np.int64)
            assert violations(model, x[None], row["label"])[0]
            x0 = data.x[row["index"]].reshape(-1).astype(np.int64)
            assert np.abs(x - x0).max() == row["upper"] <= 6
        if row["outcome"] == "optimum":
            assert row["distance"] == row["upper"] == row["lower"]


def test_cli_exports_each_instance(tmp_path, capsys):
    from bnnverify.io import save_network

    seed = 20
    net, x0, label = case(seed)
    save_network(net, tmp_path / "tiny.npz")
    np.savez(tmp_path / "inputs.npz", x=x0[None], y=np.array([label]))
    export = tmp_path / "instances"

    status, summary = run_cli(capsys, "--model", str(tmp_path / "tiny.npz"), "--inputs",
                              str(tmp_path / "inputs.npz"), "--norm", "l0", "--no-attack",
                              "--export", str(export))  # fmt: skip

    assert status == 0 and summary["distance_counts"] == {str(exact_minimal(seed, "l0", None)): 1}
    assert sorted(p.name for p in export.iterdir()) == ["0_l0.opb", "0_l0.wcnf"]
    with RC2(WCNF(from_file=str(export / "0_l0.wcnf"))) as rc2:
        assert rc2.compute() is not None and rc2.cost == exact_minimal(seed, "l0", None)


def test_cli_l0_on_the_bundled_model(capsys):
    status, summary = run_cli(capsys, "--norm", "l0", "--indices", "0", "--max-eps", "2",
                              "--timeout", "3")  # fmt: skip
    assert (summary["norm"], summary["inputs"], summary["max_eps"]) == ("l0", 1, 2)
    assert status == (0 if summary["result"] == "decided" else 3)


def test_cli_exits_3_when_an_interval_is_open(capsys):
    status, summary = run_cli(capsys, "--samples", "2", "--timeout", "0.001", "--no-attack")
    assert (status, summary["open"], summary["open_reasons"]) == (3, 2, {"timeout": 2})
    assert summary["open_intervals"] == {"[1, ?]": 2}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--max-eps", "256"], "--max-eps must be an integer in [0, 255]"),
        (["--max-eps", "-1"], "--max-eps must be an integer in [0, 255]"),
        (["--solver", "portfolio"], "RC2 needs one python-sat SAT solver"),
        (["--solver", "z3"], "RC2 needs one python-sat SAT solver"),
        (["--solver", "glucose4", "--encoding", "native"], "native"),
        (["--timeout", "0"], "--timeout must be positive"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--samples", "0"], "--samples must be at least 1"),
        (["--samples", "1", "--indices", "2"], "either --samples or --indices"),
    ],
)
def test_cli_bad_options_are_one_line_errors(capsys, argv, message):
    assert main(["minimal", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("bnnverify: error:")


def test_cli_refuses_an_export_path_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["minimal", "--samples", "1", "--export", str(blocker)]) == 2
    assert "--export" in capsys.readouterr().err


def test_an_unknown_norm_is_refused():
    net, x0, label = case(0)
    with pytest.raises(UsageError, match="norm must be one of"):
        minimal_perturbation(Model.of(net), MinimalQuery(0, x0, label, "l2"), MinimalConfig())


def test_the_cli_repeats_the_library_defaults():
    from bnnverify import minimal
    from bnnverify.cli import minimal as cli_minimal

    assert (cli_minimal.SOLVER, cli_minimal.ENCODING, cli_minimal.MAX_EPS) == (
        minimal.SOLVER, minimal.ENCODING, minimal.MAX_EPS
    )  # fmt: skip
    assert cli_minimal.NORMS == minimal.NORMS
