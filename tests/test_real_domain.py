"""Models with real inputs (DESIGN.md sections 2 and 5): format, engines, and sound verdicts.

The oracle decides robustness on a real box exactly and shares no code with bnnverify: it
enumerates every sign pattern of layer 0, decides whether some real point of the box gives
that pattern by Fourier-Motzkin elimination in exact rationals (strict inequalities tracked:
a -1 neuron is sum < t), and evaluates the rest of the network on the pattern in plain Python.
The box is robust iff no realisable pattern makes a target tie or beat the label. Every
solver x encoding pair must agree with it (unknown is allowed, never a wrong verdict), and
every counterexample must violate by the oracle at its exact real value.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from test_solver_pairs import PAIR_IDS, PAIRS

from bnnverify.errors import DescriptionError
from bnnverify.io import load_network, save_network
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    MaxPool2dLayer,
    OutputLayer,
)
from bnnverify.model.grid import from_grid, integer_view, to_grid
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import Box
from bnnverify.results import Verdict
from bnnverify.verify import CheckConfig, run

BITS = 8  # Model.of's grid for real models (properties.base.REAL_GRID_BITS)


# ---- the oracle -------------------------------------------------------------------------


def feasible(constraints: list[tuple[tuple[Fraction, ...], Fraction, bool]], n: int) -> bool:
    """Is there a real x with a . x >= b (> b when strict) for every (a, b, strict)?
    Fourier-Motzkin: eliminate x_0 .. x_{n-1}, then check the constant constraints."""
    rows = list(constraints)
    for k in range(n):
        pos = [r for r in rows if r[0][k] > 0]
        neg = [r for r in rows if r[0][k] < 0]
        rows = [r for r in rows if r[0][k] == 0]
        for (a, b, s), (c, d, t) in itertools.product(pos, neg):
            p, q = 1 / a[k], 1 / -c[k]  # x_k's coefficient cancels
            rows.append(
                (tuple(p * ai + q * ci for ai, ci in zip(a, c, strict=True)), p * b + q * d, s or t)
            )
    return all((0 > b) if strict else (0 >= b) for _, b, strict in rows)


def pattern_feasible(w0: np.ndarray, t0: np.ndarray, lo, hi, signs) -> bool:
    n = w0.shape[1]
    rows = []
    for i in range(n):
        unit = tuple(Fraction(int(j == i)) for j in range(n))
        rows.append((unit, Fraction(float(lo[i])), False))
        rows.append((tuple(-u for u in unit), -Fraction(float(hi[i])), False))
    for row, t, sign in zip(w0, t0, signs, strict=True):
        a = tuple(Fraction(int(v)) for v in row)
        if sign > 0:  # sum >= t
            rows.append((a, Fraction(float(t)), False))
        else:  # sum < t  <=>  -sum > -t
            rows.append((tuple(-v for v in a), -Fraction(float(t)), True))
    return feasible(rows, n)


def rest_violates(layers: list, signs, label: int) -> bool:
    """Layers after 0 on the +-1 pattern `signs`: does a class tie or beat the label?
    layers: ("block", weight, threshold) or ("or", windows of indices), then (weight, bias)."""
    h = [int(s) for s in signs]
    for kind, *arrays in layers[:-1]:
        if kind == "or":
            h = [max(h[i] for i in window) for window in arrays[0]]
            continue
        weight, threshold = arrays
        h = [1 if sum(int(w) * v for w, v in zip(row, h, strict=True)) >= int(t) else -1
             for row, t in zip(weight, threshold, strict=True)]  # fmt: skip
    weight, bias = layers[-1]
    scores = [sum(int(w) * v for w, v in zip(row, h, strict=True)) + Fraction(float(b))
              for row, b in zip(weight, bias, strict=True)]  # fmt: skip
    return any(scores[c] >= scores[label] for c in range(len(scores)) if c != label)


def real_signs(w0, t0, x) -> list[int]:
    exact = [Fraction(float(v)) for v in x]
    sums = [sum(int(w) * v for w, v in zip(row, exact, strict=True)) for row in w0]
    return [1 if s >= Fraction(float(t)) else -1 for s, t in zip(sums, t0, strict=True)]


def oracle_robust(case: dict) -> bool:
    w0, t0 = case["w0"], case["t0"]
    for signs in itertools.product((-1, 1), repeat=w0.shape[0]):
        if pattern_feasible(w0, t0, case["lo"], case["hi"], signs):
            if rest_violates(case["rest"], signs, case["label"]):
                return False
    return True


# ---- the cases --------------------------------------------------------------------------


def grid_query(net: BinaryNetwork, lo: np.ndarray, hi: np.ndarray) -> dict:
    """The compiled model, the box [lo, hi] as a region in grid units, and the label: the
    model's prediction at the box's center (so both verdicts occur)."""
    model = Model.of(net)
    grid_lo, grid_hi = to_grid(lo, BITS), to_grid(hi, BITS)
    center = grid_lo + (grid_hi - grid_lo) // 2
    label = int(model.packed.predict(center[None])[0])
    return dict(model=model, label=label, region=Box(grid_lo, grid_hi, center))


def real_case(seed: int) -> dict:
    """A tiny real-domain MLP (3 real inputs in [0, 8], 4 first-layer neurons with dyadic
    thresholds off the integers, a hidden block, 3 classes) and a box with dyadic bounds."""
    rng = np.random.default_rng(seed)
    w0 = rng.choice([-1, 0, 1], size=(4, 3), p=[0.4, 0.2, 0.4]).astype(np.int8)
    t0 = (rng.integers(-24, 40, size=4) / 4 + rng.choice([0.125, -0.375], size=4)).astype(float)
    w1 = rng.choice([-1, 1], size=(3, 4)).astype(np.int8)
    t1 = rng.integers(-2, 3, size=3).astype(np.int64)
    wo = rng.choice([-1, 0, 1], size=(3, 3)).astype(np.int8)
    bo = rng.integers(-4, 5, size=3) / 8.0
    net = BinaryNetwork(
        (BlockLayer(w0, t0), BlockLayer(w1, t1), OutputLayer(wo, bo)), (3,), 0, 8,
        input_domain="real",
    )  # fmt: skip
    lo = rng.integers(0, 12, size=3) / 2.0
    hi = np.minimum(lo + rng.integers(0, 9, size=3) / 4.0, 8.0)
    rest = [("block", w1, t1), (wo, bo)]
    return dict(w0=w0, t0=t0, rest=rest, lo=lo, hi=hi, **grid_query(net, lo, hi))


def real_conv_case(seed: int) -> dict:
    """A tiny real-domain conv model: input (1, 2, 2) in [0, 8], a first conv2d (2 channels,
    kernel 1x2, one padded column on the left holding pad_value), max-pool 1x2, 3 classes.
    The oracle's layer-0 rows are spelled out here from DESIGN.md section 2 (xpad[c, r, s] is
    x[c, r, s - 1] inside, pad_value in column 0), the pad's share moved into the threshold."""
    rng = np.random.default_rng(1000 + seed)
    weight = rng.choice([-1, 1], size=(2, 1, 1, 2)).astype(np.int8)
    threshold = (rng.integers(-16, 24, size=2) / 4 + 0.125).astype(float)
    pad_value = int(rng.choice([0, 3]))
    conv = Conv2dLayer(weight, threshold, (1, 2, 2), padding=(0, 0, 1, 0), pad_value=pad_value)
    pool = MaxPool2dLayer((2, 2, 2), (1, 2))
    wo = rng.choice([-1, 0, 1], size=(3, 4)).astype(np.int8)
    bo = rng.integers(-4, 5, size=3) / 8.0
    net = BinaryNetwork((conv, pool, OutputLayer(wo, bo)), (1, 2, 2), 0, 8, input_domain="real")
    rows, shifted = [], []
    for o in range(2):
        for i in range(2):
            for j in range(2):  # output (o, i, j) reads xpad[0, i, j + v], v = 0, 1
                row, t = [0] * 4, Fraction(float(threshold[o]))
                for v in range(2):
                    column = j + v - 1
                    if column < 0:
                        t -= int(weight[o, 0, 0, v]) * pad_value
                    else:
                        row[i * 2 + column] += int(weight[o, 0, 0, v])
                rows.append(row)
                shifted.append(float(t))
    windows = [[(o * 2 + i) * 2, (o * 2 + i) * 2 + 1] for o in range(2) for i in range(2)]
    lo = rng.integers(0, 12, size=4) / 2.0
    hi = np.minimum(lo + rng.integers(0, 25, size=4) / 4.0, 8.0)
    return dict(w0=np.array(rows, np.int8), t0=np.array(shifted), lo=lo, hi=hi,
                rest=[("or", windows), (wo, bo)], **grid_query(net, lo, hi))  # fmt: skip


CASES = [real_case(seed) for seed in range(48)] + [real_conv_case(seed) for seed in range(24)]
ROBUST = [oracle_robust(case) for case in CASES]


def test_the_cases_have_both_verdicts() -> None:
    for part in (ROBUST[:48], ROBUST[48:]):  # the MLPs, the conv models
        assert 4 <= sum(part) <= len(part) - 4


def test_the_oracle_on_hand_made_patterns() -> None:
    w0 = np.array([[1, 1], [1, -1]], dtype=np.int8)
    t0 = np.array([3.0, 0.5])
    square = (np.array([0.0, 0.0]), np.array([2.0, 2.0]))
    assert pattern_feasible(w0, t0, *square, (1, 1))  # x = (2, 1.25): 3.25 >= 3, 0.75 >= 0.5
    assert pattern_feasible(w0, t0, *square, (-1, -1))  # x = (0, 0)
    assert not pattern_feasible(w0, t0, np.zeros(2), np.ones(2), (1, -1))  # x1 + x2 <= 2 < 3
    one = np.array([[1, 0]], np.int8)
    assert pattern_feasible(one, np.array([2.0]), *square, (1,))  # x1 = 2 reaches 2
    assert not pattern_feasible(one, np.array([0.0]), *square, (-1,))  # x1 < 0: strict


def decide(case: dict, solver: str, encoding: str) -> Verdict:
    prop = Robustness(case["model"], case["label"], None, require_correct=False)
    config = CheckConfig(solver=solver, encoding=encoding, timeout_s=20, attack=None)
    result = run(prop, case["region"], config)
    if result.verdict is Verdict.VIOLATED:
        x = from_grid(result.counterexample, BITS)
        assert ((x >= case["lo"]) & (x <= case["hi"])).all()
        signs = real_signs(case["w0"], case["t0"], x)
        assert rest_violates(case["rest"], signs, case["label"])
    return result.verdict


@pytest.mark.parametrize(("solver", "encoding"), PAIRS, ids=PAIR_IDS)
def test_every_pair_agrees_with_the_oracle(solver: str, encoding: str) -> None:
    for case, robust in [*zip(CASES, ROBUST, strict=True)][:4] + [
        (CASES[48], ROBUST[48]),
        (CASES[49], ROBUST[49]),
    ]:
        verdict = decide(case, solver, encoding)
        assert verdict in (Verdict.HOLDS if robust else Verdict.VIOLATED, Verdict.UNKNOWN)


def test_the_default_pair_decides_every_case_soundly() -> None:
    verdicts = [decide(case, "portfolio", "native") for case in CASES]
    for verdict, robust in zip(verdicts, ROBUST, strict=True):
        assert verdict in (Verdict.HOLDS if robust else Verdict.VIOLATED, Verdict.UNKNOWN)
    assert verdicts.count(Verdict.UNKNOWN) <= 3  # only degenerate patterns stay undecided


# ---- the format and the integer view ----------------------------------------------------


def test_a_real_model_round_trips_through_its_file(tmp_path) -> None:
    net = CASES[0]["model"].real.net
    save_network(net, tmp_path / "real.npz")
    back = load_network(tmp_path / "real.npz")
    assert back.real and back.format_version == 2
    assert back.layers[0].threshold.dtype == np.float64
    assert np.array_equal(back.layers[0].threshold, net.layers[0].threshold)


def test_the_integer_view_evaluates_real_inputs_exactly() -> None:
    case = CASES[1]
    rng = np.random.default_rng(7)
    for _ in range(50):
        x = rng.integers(0, 8 * 2**BITS + 1, size=3)
        expected = real_signs(case["w0"], case["t0"], from_grid(x, BITS))
        view = integer_view(case["model"].real.net, BITS)
        got = np.where(x @ view.layers[0].weight.T.astype(np.int64) >= view.layers[0].threshold,
                       1, -1)  # fmt: skip
        assert got.tolist() == expected


def test_real_layer_zero_needs_float_thresholds_and_a_linear_first_layer() -> None:
    w = np.ones((2, 3), dtype=np.int8)
    out = OutputLayer(np.ones((2, 2), dtype=np.int8), np.zeros(2))
    with pytest.raises(DescriptionError, match="float64"):
        BinaryNetwork((BlockLayer(w, np.zeros(2, np.int64)), out), (3,), 0, 8, input_domain="real")
    with pytest.raises(DescriptionError, match="int64"):
        BinaryNetwork((BlockLayer(w, np.zeros(2)), out), (3,), 0, 8)
    binarize = BinarizeLayer(np.zeros(3, np.int64), np.zeros(3, bool))
    block = BlockLayer(w, np.zeros(2, np.int64))
    with pytest.raises(DescriptionError, match="must start with block or conv2d"):
        BinaryNetwork((binarize, block, out), (3,), 0, 8, input_domain="real")
    with pytest.raises(DescriptionError, match="finite"):
        BinaryNetwork(
            (BlockLayer(w, np.array([0.0, np.inf])), out), (3,), 0, 8, input_domain="real"
        )


def test_an_enclosure_keeps_a_neuron_near_its_threshold_free() -> None:
    """A neuron whose sum reaches its stored threshold within the enclosure is not fixed."""
    conv = Conv2dLayer(np.ones((1, 1, 1, 1), np.int8), np.array([2.0]), (1, 1, 2))
    out = OutputLayer(np.array([[1, -1], [-1, 1]], np.int8), np.zeros(2))
    box_lo, box_hi = to_grid(np.array([2.0, 0.0]), BITS), to_grid(np.array([3.0, 1.0]), BITS)
    for enclosure, expected in ((0.0, [1, -1]), (0.01, [0, -1])):
        provenance = {"threshold_enclosure": enclosure}
        net = BinaryNetwork((conv, out), (1, 1, 2), 0, 8, provenance=provenance,
                            input_domain="real")  # fmt: skip
        bounds = Model.of(net).bounds(Box(box_lo, box_hi).box(Model.of(net).net))
        assert bounds.signs(0).tolist() == expected


def test_eps_balls_on_a_real_model_are_refused_in_one_line(tmp_path, capsys) -> None:
    from bnnverify.cli import main

    save_network(CASES[0]["model"].real.net, tmp_path / "real.npz")
    inputs = tmp_path / "inputs.npz"
    np.savez(inputs, x=np.zeros((2, 3), np.int64), y=np.zeros(2, np.int64))
    argv = ["check", "--model", str(tmp_path / "real.npz"), "--eps", "1", "--inputs", str(inputs)]
    assert main(argv) == 2
    assert "give its box with --vnnlib" in capsys.readouterr().err


@pytest.mark.parametrize("k", [0, 1, 2, 3, *range(48, 56)])
def test_the_lp_rows_are_layer_zero(k: int) -> None:
    """The rows the LP reads (encode.real.first_layer_rows: padding folded into thresholds)
    give every layer-0 neuron the sign the oracle's rows give, at random real points."""
    from bnnverify import lp
    from bnnverify.encode.real import first_layer_rows

    case = CASES[k]
    net = case["model"].real.net
    rows = first_layer_rows(net, np.arange(net.layers[0].n_out))
    rng = np.random.default_rng(3)
    for _ in range(40):
        x = rng.integers(0, 8 * 2**BITS + 1, size=net.n_inputs) / 2**BITS
        expected = real_signs(case["w0"], case["t0"], x)
        assert lp.exact_signs(rows, x).tolist() == expected
