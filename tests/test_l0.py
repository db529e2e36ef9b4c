"""L0 balls (regions.L0Ball, issue 12) against brute force over every point of tiny balls.

The oracle (tests/oracle.py, sharing no code with bnnverify) scores every x of the box with at
most K positions differing from x0; the ball's box is computed here from x0, eps and the input
range, and the budget filter is one count_nonzero. Checked: verdicts for every solver x encoding
pair, counterexamples inside the ball, the order encoding's budget by enumeration, the falsifier
(every point it evaluates lies in the ball), interval bounds on L0 boxes (sound; exact for a
first block), replay refusing points over the budget, and the CLI (rows, images, errors).
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest
from bnn_cases import random_network
from oracle import box_inputs, hidden_activations, predict, violations
from pysat.solvers import Solver
from test_solver_pairs import PAIR_IDS, PAIRS

from bnnverify import verify
from bnnverify.attack import AttackConfig
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.bounds import FREE, propagate
from bnnverify.cli import main
from bnnverify.encode.cardinality import CNF_ENCODINGS
from bnnverify.encode.inputs import OrderInput
from bnnverify.errors import ReplayError, UsageError
from bnnverify.io import read_results, save_network
from bnnverify.model import BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.properties.l0 import falsify_l0
from bnnverify.properties.robustness import Robustness, min_margins
from bnnverify.regions import InputBox, L0Ball, box_region, l0_ball
from bnnverify.results import Verdict
from bnnverify.verify import CheckConfig, run

INPUT_MAX = 3  # tiny networks read 5 inputs in [0, 3]: at most 4**5 = 1024 points per box


def ball_points(x0: np.ndarray, k: int, eps: int | None, input_max: int = INPUT_MAX):
    """Every integer x in [0, input_max]^n with at most k positions != x0 (and within eps)."""
    span = input_max if eps is None else eps
    lo, hi = np.maximum(x0 - span, 0), np.minimum(x0 + span, input_max)
    xs = box_inputs(lo, hi)
    return xs[np.count_nonzero(xs != x0, axis=1) <= k]


@functools.cache
def query(seed: int, k: int, eps: int | None):
    """(net, x0, label, violated by brute force): raw first layer for even seeds, binarize for
    odd ones; label = the oracle's prediction at x0."""
    net = random_network(seed, n_in=5, hidden=(4, 3), input_max=INPUT_MAX, binarize=seed % 2 == 1)
    x0 = np.random.default_rng(seed + 100).integers(0, INPUT_MAX + 1, 5)
    label = int(predict(net, x0[None])[0])
    return net, x0, label, bool(violations(net, ball_points(x0, k, eps), label).any())


REGIONS = [(1, None), (2, None), (1, 1), (2, 1)]  # (K, eps)
SEEDS = (1, 2, 5, 10, 12, 15, 16, 20, 29, 38)  # both verdicts per region; the budget matters
PAIR_QUERIES = [(2, 2, None), (10, 2, None), (15, 2, 1), (29, 1, 1)]  # raw, raw, binarize x 2


def test_the_queries_have_both_verdicts_and_the_budget_matters():
    for k, eps in REGIONS:
        verdicts = {query(seed, k, eps)[-1] for seed in SEEDS}
        assert verdicts == {True, False}, (k, eps)
    # robust within the budget, yet violated in the box around the ball (5 changed inputs):
    # a formula or a falsifier that dropped the budget would answer violated
    assert not query(2, 2, None)[-1] and query(2, 5, None)[-1]
    assert not query(10, 1, None)[-1] and query(10, 2, None)[-1]  # one more changed input
    assert not query(20, 1, 1)[-1] and query(20, 1, None)[-1]  # eps too
    assert [query(*q)[-1] for q in PAIR_QUERIES] == [False, True, True, False]


def decide(seed: int, k: int, eps: int | None, config: CheckConfig) -> None:
    net, x0, label, violated = query(seed, k, eps)
    result = run(Robustness(Model.of(net), label), l0_ball(x0, k, eps), config)
    assert result.verdict is (Verdict.VIOLATED if violated else Verdict.HOLDS), (seed, k, eps)
    assert result.l0 == k and result.eps == eps
    if violated:  # the counterexample lies in the ball and violates, by the oracle
        x = result.counterexample
        assert np.count_nonzero(x != x0) <= k
        assert x.min() >= 0 and x.max() <= INPUT_MAX
        assert eps is None or np.abs(x - x0).max() <= eps
        assert violations(net, x[None], label)[0]


@pytest.mark.parametrize("attack", [False, True], ids=["solver", "attack"])
@pytest.mark.parametrize(("k", "eps"), REGIONS, ids=[f"k{k}-eps{e}" for k, e in REGIONS])
@pytest.mark.parametrize("seed", SEEDS)
def test_l0_verdict_matches_brute_force(seed, k, eps, attack):
    config = CheckConfig(
        "cadical195", "totalizer", 60, attack=AttackConfig(seed=seed) if attack else None
    )
    decide(seed, k, eps, config)


@pytest.mark.parametrize(("solver", "encoding"), PAIRS, ids=PAIR_IDS)
def test_every_pair_decides_l0_balls_like_brute_force(solver, encoding):
    if solver == "cpsat":
        pytest.importorskip("ortools")
    config = CheckConfig(solver, encoding, 60, attack=None)
    for q in PAIR_QUERIES:
        decide(*q, config)


@pytest.mark.parametrize("encoding", CNF_ENCODINGS)
@pytest.mark.parametrize("k", [0, 1, 2, 4])
def test_order_encoding_budget_by_enumeration(encoding, k):
    """x0 at both ends of its range and inside it, a clipped eps box: an assignment of every
    input variable is consistent iff at most k pixels differ from x0, and decodes to itself."""
    x0 = np.array([0, 3, 1, 2])
    for lo, hi in ((np.zeros(4), np.full(4, 3)), (np.maximum(x0 - 1, 0), np.minimum(x0 + 1, 3))):
        box = InputBox(lo, hi, x0, l0=k)
        builder = CnfBuilder(encoding)
        inputs = OrderInput(box)
        for i in range(4):
            inputs.all_unary(builder, i)
        inputs.finish(builder)
        with Solver(name="minicard", bootstrap_with=builder.clauses) as s:
            for lits, bound in builder.atmosts:
                s.add_atmost(lits, bound)
            for x in box_inputs(box.lo, box.hi):
                within = np.count_nonzero(x != x0) <= k
                assert s.solve(assumptions=inputs.assumptions(builder, x)) == within, (x, k)
                if within:
                    decoded = inputs.decode(builder, set(s.get_model()).__contains__)
                    np.testing.assert_array_equal(decoded, x)


@pytest.mark.parametrize(("k", "eps"), REGIONS, ids=[f"k{k}-eps{e}" for k, e in REGIONS])
@pytest.mark.parametrize("seed", range(6))
def test_the_falsifier_never_leaves_the_ball(seed, k, eps):
    """Every point the falsifier evaluates, through every stage, and the point it returns."""
    net, x0, label, _ = query(seed, k, eps)
    box = l0_ball(x0, k, eps).box(net)
    rng = np.random.default_rng(seed)
    seen = []

    def never_violated(points):  # random positive margins: every round runs and moves
        seen.append(points.copy())
        return rng.integers(1, 10, len(points))

    config = AttackConfig(seed=seed, stages=((5, 0.1),))
    assert falsify_l0(never_violated, box, config) is None
    points = np.concatenate(seen)
    assert len(points) > config.random_points
    assert (np.count_nonzero(points != x0, axis=1) <= k).all()
    assert ((points >= box.lo) & (points <= box.hi)).all()

    found = falsify_l0(
        functools.partial(min_margins, Model.of(net), label, [c for c in range(3) if c != label]),
        box,
        config,
    )
    if found is not None:
        assert np.count_nonzero(found != x0) <= k and box.contains(found)
        assert violations(net, found[None], label)[0]


@pytest.mark.parametrize(("k", "eps"), REGIONS, ids=[f"k{k}-eps{e}" for k, e in REGIONS])
@pytest.mark.parametrize("seed", range(0, 20, 2))  # raw first layers: the L0 block bounds
def test_bounds_on_l0_balls_are_sound_and_exact_for_the_first_block(seed, k, eps):
    net, x0, _, _ = query(seed, k, eps)
    bounds = propagate(net, l0_ball(x0, k, eps).box(net))
    activations = hidden_activations(net, ball_points(x0, k, eps))
    for block, layer in enumerate(bounds.hidden):
        signs = bounds.signs(layer)
        constant = (activations[block] == activations[block][0]).all(axis=0)
        fixed = signs != FREE
        assert (activations[block][:, fixed] == signs[fixed]).all(), (seed, block)
        if block == 0:  # one linear neuron over the ball: its range is exact
            np.testing.assert_array_equal(fixed, constant)


def test_the_l0_bounds_fix_more_than_the_box():
    net, x0, _, _ = query(0, 1, None)
    box = l0_ball(x0, 1).box(net)
    plain = propagate(net, InputBox(box.lo, box.hi, box.center))
    assert propagate(net, box).n_fixed > plain.n_fixed


def violated_seed(k: int) -> int:
    return next(seed for seed in SEEDS if query(seed, k, None)[-1])


def test_replay_refuses_a_point_over_the_budget(monkeypatch):
    net, x0, label, _ = query(violated_seed(1), 1, None)
    prop, region = Robustness(Model.of(net), label), l0_ball(x0, 1)
    box = region.box(net)
    two_changed = x0.copy()
    two_changed[:2] = INPUT_MAX - x0[:2] + (x0[:2] == INPUT_MAX - x0[:2])  # both differ
    assert np.count_nonzero(two_changed != x0) == 2 and box.contains(two_changed) is False
    with pytest.raises(ReplayError, match="leaves the L0 ball: 2 inputs differ"):
        prop.replay(two_changed, box)
    # through the pipeline: the solver's model decodes (doctored) to that point
    monkeypatch.setattr(
        "bnnverify.encode.inputs.OrderInput.decode", lambda self, sink, is_true: two_changed
    )
    with pytest.raises(ReplayError, match="leaves the L0 ball"):
        verify.run(prop, region, CheckConfig(attack=None))


def test_the_region_and_its_box():
    net = random_network(0, n_in=5, input_max=INPUT_MAX)
    x0 = np.array([0, 1, 2, 3, 1])
    box = L0Ball(x0, 2).box(net)
    np.testing.assert_array_equal(box.lo, np.zeros(5))
    np.testing.assert_array_equal(box.hi, np.full(5, INPUT_MAX))
    np.testing.assert_array_equal(box.center, x0)
    assert box.l0 == 2 and box.contains([3, 1, 2, 3, 0]) and not box.contains([3, 0, 2, 3, 0])
    clipped = L0Ball(x0, 2, 1).box(net)
    np.testing.assert_array_equal(clipped.lo, [0, 0, 1, 2, 0])
    np.testing.assert_array_equal(clipped.hi, [1, 2, 3, 3, 2])
    assert (L0Ball(x0, 2).recorded_eps, L0Ball(x0, 2).recorded_l0) == (None, 2)
    assert (L0Ball(x0, 2, 1).recorded_eps, L0Ball(x0, 2, 1).recorded_l0) == (1, 2)
    for bad in (L0Ball(x0, 0), L0Ball(x0, 6), L0Ball(x0, 1, -1), L0Ball(x0, 1, 9)):
        with pytest.raises(UsageError):
            bad.box(net)
    with pytest.raises(UsageError, match="no Box region"):
        box_region(box)


def test_equivalence_on_an_l0_ball_is_refused():
    net = random_network(0, n_in=5, input_max=INPUT_MAX)
    prop = Equivalence(Model.of(net), Model.of(net))
    with pytest.raises(UsageError, match="L0 ball"):
        run(prop, l0_ball(np.zeros(5), 1), CheckConfig(attack=None))


@pytest.fixture
def tiny(tmp_path):
    """A 6-input model over values 0..7 and 12 labelled inputs (their predictions)."""
    rng = np.random.default_rng(15)  # 7 of 12 inputs violated at K = 1, 3 at K = 2 within eps 2
    net = BinaryNetwork(
        layers=(
            BlockLayer(rng.integers(-1, 2, (6, 6)).astype(np.int8), rng.integers(-6, 7, 6)),
            BlockLayer(rng.integers(-1, 2, (4, 6)).astype(np.int8), rng.integers(-2, 3, 4)),
            OutputLayer(rng.integers(-1, 2, (3, 4)).astype(np.int8), np.array([0.0, 0.5, -0.5])),
        ),
        input_shape=(6,),
        input_min=0,
        input_max=7,
    )
    save_network(net, tmp_path / "tiny.npz")
    x = rng.integers(0, 8, (12, 6))
    np.savez(tmp_path / "inputs.npz", x=x, y=predict(net, x))
    return net, tmp_path


def check(tmp_path, *extra: str) -> int:
    model, inputs, out = (str(tmp_path / name) for name in ("tiny.npz", "inputs.npz", "r.jsonl"))
    return main(["check", "--model", model, "--inputs", inputs, "--out", out, *extra])


@pytest.mark.parametrize(("k", "eps"), [(1, None), (2, 2)], ids=["k1", "k2-eps2"])
def test_cli_rows_match_brute_force(tiny, capsys, k, eps):
    net, tmp_path = tiny
    extra = ["--l0", str(k), "--samples", "12", "--cex-dir", str(tmp_path / "cex")]
    status = check(tmp_path, *extra, *([] if eps is None else ["--eps", str(eps)]))
    rows = read_results(tmp_path / "r.jsonl")
    data = np.load(tmp_path / "inputs.npz")
    verdicts = set()
    for row in rows:
        x0, label = data["x"][row["index"]], int(data["y"][row["index"]])
        span = 7 if eps is None else eps
        lo, hi = np.maximum(x0 - span, 0), np.minimum(x0 + span, 7)
        xs = box_inputs(lo, hi)
        violated = bool(violations(net, xs[np.count_nonzero(xs != x0, axis=1) <= k], label).any())
        assert (row["l0"], row["eps"]) == (k, eps)
        assert row["verdict"] == ("violated" if violated else "holds")
        verdicts.add(row["verdict"])
        if violated:
            cex = np.load(row["counterexample"])
            assert np.count_nonzero(cex != x0) <= k
    assert verdicts == {"holds", "violated"}
    assert status == 1
    out = capsys.readouterr().out
    assert f"L0 budget {k}" in out and out.strip().splitlines()[-1] == "result: violated"


def test_cli_resume_tells_budgets_apart(tiny, capsys):
    _, tmp_path = tiny
    check(tmp_path, "--l0", "1", "--samples", "3", "--json")
    check(tmp_path, "--l0", "2", "--samples", "3", "--resume", "--json")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "resumed" not in summary and summary["queries"] == 3
    rows = read_results(tmp_path / "r.jsonl")
    assert [row["l0"] for row in rows] == [1, 1, 1, 2, 2, 2]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--l0", "0"], "--l0 must be an integer in [1, 6]"),
        (["--l0", "-2"], "--l0 must be an integer in [1, 6]"),
        (["--l0", "7"], "--l0 must be an integer in [1, 6]"),
        (["--l0", "1", "--eps", "9"], "--eps must be an integer in [0, 7]"),
        (["--l0", "1", "--vnnlib", "spec.vnnlib"], "--l0 applies to --property robustness"),
        (["--l0", "1", "--property", "equivalence", "--other", "b.npz"], "--l0 applies to"),
    ],
)
def test_bad_l0_options_are_one_line_and_exit_2(tiny, capsys, extra, message):
    _, tmp_path = tiny
    assert check(tmp_path, *extra) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_l0_on_a_real_model_is_refused_in_one_line(tmp_path, capsys):
    w0 = np.array([[1, -1, 0], [0, 1, 1]], dtype=np.int8)
    layers = (BlockLayer(w0, np.array([0.5, 1.25])), OutputLayer(w0.T.copy(), np.zeros(3)))
    save_network(BinaryNetwork(layers, (3,), 0, 8, input_domain="real"), tmp_path / "real.npz")
    np.savez(tmp_path / "inputs.npz", x=np.zeros((2, 3), np.int64), y=np.zeros(2, np.int64))
    argv = [
        "check",
        "--model",
        str(tmp_path / "real.npz"),
        "--inputs",
        str(tmp_path / "inputs.npz"),
    ]
    assert main([*argv, "--l0", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--l0 balls on a model with real inputs" in err[0]


def test_cli_on_the_bundled_model_writes_an_l0_counterexample(tmp_path, capsys):
    """Input 0 of the bundled samples: one pixel set to an end of its range flips the class
    (found by the falsifier's steepest descent, replayed); the row and the image say so."""
    from bnnverify.data import load_samples

    argv = ["check", "--l0", "1", "--indices", "0", "--out", str(tmp_path / "r.jsonl"),
            "--cex-dir", str(tmp_path / "cex"), "--timeout", "30"]  # fmt: skip
    assert main(argv) == 1
    (row,) = read_results(tmp_path / "r.jsonl")
    assert (row["l0"], row["eps"], row["verdict"]) == (1, None, "violated")
    cex = np.load(row["counterexample"])
    x0 = load_samples().x[0]
    assert cex.shape == x0.shape and np.count_nonzero(cex != x0) == 1
    assert (tmp_path / "cex" / "0.png").is_file()
    assert "L0 budget 1 (any value)" in capsys.readouterr().out
