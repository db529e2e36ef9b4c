"""Thresholds anywhere in int64 (DESIGN.md section 2): legal, constant neurons, nothing wraps.

Every threshold layer (binarize, block over raw inputs, block over +-1 inputs) gets thresholds at
and beyond the extremes: int64 min / min + 1 / max - 1 / max, the least reachable sum and one
below it, the largest and one above it, and ordinary values. Oracle: `forward` below, which
evaluates the network from the plain Python lists it was built from (Python ints and Fractions,
no bnnverify code), and brute force over every input of a tiny box. Exported instances are
decided by independent solvers (cadical on DIMACS, z3 on parsed OPB and SMT-LIB).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from pysat.formula import CNF
from pysat.solvers import Solver

from bnnverify.bounds import FREE, propagate
from bnnverify.engine import kernels, packed, reference
from bnnverify.engine.packed import PackedNetwork
from bnnverify.export import encode_instance, render
from bnnverify.export_equivalence import Region, encode_region
from bnnverify.io import load_network, save_network
from bnnverify.model import BinarizeLayer, BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.properties.robustness import RobustnessQuery
from bnnverify.regions import box_region, linf_box, whole_space
from bnnverify.results import Verdict
from bnnverify.transform import negate_neurons
from bnnverify.verify import CheckConfig, run

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "bnnverify" / "assets" / "default_model.npz"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
KINDS = (
    "int64_min",
    "int64_min+1",
    "below",
    "lowest",
    "ordinary",
    "highest",
    "above",
    "int64_max-1",
    "int64_max",
)
FAR = ("int64_min", "int64_max", "int64_min+1", "int64_max-1")
N_IN, INPUT_MAX = 3, 3  # inputs in [0, 3]^3: 64 points, every one enumerated


def pick(kind: str, low: int, high: int, rng: np.random.Generator) -> int:
    """A threshold of `kind` for a neuron whose sums lie in [low, high]."""
    fixed = {
        "int64_min": INT64_MIN,
        "int64_min+1": INT64_MIN + 1,
        "below": low - 1,
        "lowest": low,
        "highest": high,
        "above": high + 1,
        "int64_max-1": INT64_MAX - 1,
        "int64_max": INT64_MAX,
    }
    if kind in fixed:
        return fixed[kind]
    return int(rng.integers(low + 1, high + 1)) if low < high else low  # ordinary: (low, high]


def thresholds(
    n: int,
    ranges: list[tuple[int, int]],
    kind: str,
    seed: int,
    layer: int,
    rng: np.random.Generator,
) -> list[int]:
    """Neuron 0 of `kind`, the last one at an int64 extreme (so every network has one), the
    rest ordinary or of any kind."""
    kinds = [
        kind,
        *[
            ("ordinary" if rng.random() < 0.5 else KINDS[rng.integers(len(KINDS))])
            for _ in range(n - 2)
        ],
        FAR[(seed + layer) % len(FAR)],
    ]
    return [pick(k, lo, hi, rng) for k, (lo, hi) in zip(kinds, ranges, strict=True)]


def make_spec(
    seed: int,
    kind: str,
    binarize: bool,
    input_range=(0, INPUT_MAX),
    hidden=(4, 3),
    n_classes: int = 3,
) -> dict:
    """A tiny network as plain Python lists: {"input_min", "input_max", "layers": [...]}."""
    rng = np.random.default_rng([seed, KINDS.index(kind), binarize])
    low, high = input_range
    layers: list[tuple] = []
    if binarize:
        t = thresholds(N_IN, [(low, high)] * N_IN, kind, seed, 0, rng)
        layers.append(("binarize", t, [bool(f) for f in rng.random(N_IN) < 0.5]))
    width, raw = N_IN, not binarize
    for n_out in hidden:
        w = rng.integers(-1, 2, (n_out, width)).tolist()
        if raw:
            ranges = [
                (
                    sum(low if a > 0 else -high for a in row if a),
                    sum(high if a > 0 else -low for a in row if a),
                )
                for row in w
            ]
        else:
            ranges = [(-sum(map(abs, row)), sum(map(abs, row))) for row in w]
        layers.append(("block", w, thresholds(n_out, ranges, kind, seed, len(layers), rng)))
        width, raw = n_out, False
    bias = [float(b) for b in rng.integers(-2, 3, n_classes) / 2]
    layers.append(("output", rng.integers(-1, 2, (n_classes, width)).tolist(), bias))
    return {"input_min": low, "input_max": high, "layers": layers}


def build(spec: dict) -> BinaryNetwork:
    layers: list = []
    for kind, a, b in spec["layers"]:
        if kind == "binarize":
            layers.append(BinarizeLayer(np.array(a, np.int64), np.array(b, np.bool_)))
        elif kind == "block":
            layers.append(BlockLayer(np.array(a, np.int8), np.array(b, np.int64)))
        else:
            layers.append(OutputLayer(np.array(a, np.int8), np.array(b, np.float64)))
    return BinaryNetwork(tuple(layers), (N_IN,), spec["input_min"], spec["input_max"])


def forward(spec: dict, x) -> tuple[list[list[int]], list[Fraction]]:
    """The oracle: (+-1 outputs of every block, exact scores), in Python ints and Fractions."""
    h = [int(v) for v in x]
    hidden = []
    for kind, a, b in spec["layers"]:
        if kind == "binarize":
            h = [1 if (v <= t if f else v >= t) else -1 for v, t, f in zip(h, a, b, strict=True)]
        elif kind == "block":
            h = [
                1 if sum(w * v for w, v in zip(row, h, strict=True)) >= t else -1
                for row, t in zip(a, b, strict=True)
            ]
            hidden.append(h)
        else:
            scores = [
                sum(w * v for w, v in zip(row, h, strict=True)) + Fraction(bias)
                for row, bias in zip(a, b, strict=True)
            ]
    return hidden, scores


def layer_thresholds(layer: tuple) -> list[int]:
    """The thresholds of a ("binarize", t, flip) or ("block", w, t) entry of a spec."""
    return layer[1] if layer[0] == "binarize" else layer[2]


def oracle_predict(spec: dict, x) -> int:
    scores = forward(spec, x)[1]
    return scores.index(max(scores))  # the first maximum: ties to the lowest index


def box_points(lo, hi) -> list[tuple[int, ...]]:
    ranges = [range(int(a), int(b) + 1) for a, b in zip(lo, hi, strict=True)]
    return list(itertools.product(*ranges))


def oracle_violated(spec: dict, points, label: int) -> bool:
    """Some point has a class c != label with score_c >= score_label (a tie violates)."""
    for x in points:
        scores = forward(spec, x)[1]
        if any(s >= scores[label] for c, s in enumerate(scores) if c != label):
            return True
    return False


SPECS = [
    (seed, kind, binarize) for seed in range(2) for kind in KINDS for binarize in (False, True)
]
SPEC_IDS = [f"{kind}-{'bin' if b else 'raw'}-{seed}" for seed, kind, b in SPECS]
ALL_POINTS = box_points([0] * N_IN, [INPUT_MAX] * N_IN)


def query_of(spec: dict, seed: int) -> tuple[np.ndarray, int]:
    x0 = np.random.default_rng(seed + 100).integers(0, INPUT_MAX + 1, N_IN)
    return x0, oracle_predict(spec, x0)


def test_specs_reach_every_kind_and_both_verdicts():
    """The cases are not vacuous: every extreme occurs, and both verdicts at eps 1."""
    values = set()
    verdicts = set()
    for seed, kind, binarize in SPECS:
        spec = make_spec(seed, kind, binarize)
        for layer in spec["layers"][:-1]:
            values.update(layer_thresholds(layer))
        x0, label = query_of(spec, seed)
        verdicts.add(
            oracle_violated(
                spec, box_points(np.maximum(x0 - 1, 0), np.minimum(x0 + 1, INPUT_MAX)), label
            )
        )
        build(spec)  # legal
    assert {INT64_MIN, INT64_MIN + 1, INT64_MAX - 1, INT64_MAX} <= values
    assert verdicts == {False, True}


@pytest.mark.parametrize(("seed", "kind", "binarize"), SPECS, ids=SPEC_IDS)
def test_round_trip_keeps_thresholds_and_warns_once(tmp_path, caplog, seed, kind, binarize):
    spec = make_spec(seed, kind, binarize)
    net = build(spec)
    save_network(net, tmp_path / "m.npz")
    with caplog.at_level(logging.WARNING, logger="bnnverify.io"):
        loaded = load_network(tmp_path / "m.npz")
    for k, layer in enumerate(spec["layers"][:-1]):
        assert loaded.layers[k].threshold.tolist() == layer_thresholds(layer)
    # STYLE 2.8: constant = threshold outside [-n, n] (n = n_in * max |input| for the first
    # weighted layer, n_in later); for binarize outside the input range, or at its edge.
    expected = {}
    for k, (layer_kind, a, b) in enumerate(spec["layers"][:-1]):
        if layer_kind == "binarize":
            constant = [
                t <= 0 or t > INPUT_MAX if not f else t >= INPUT_MAX or t < 0
                for t, f in zip(a, b, strict=True)
            ]
        else:
            n = len(a[0]) * (INPUT_MAX if k == 0 else 1)
            constant = [t <= -n or t > n for t in b]
        if any(constant):
            expected[k] = sum(constant)
    records = [r for r in caplog.records if r.name == "bnnverify.io"]
    assert len(records) == 1  # one aggregated line per model
    message = records[0].getMessage()
    assert f"{sum(expected.values())} constant neurons" in message
    assert message.endswith(", ".join(f"layer{k} {n}" for k, n in expected.items()))


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param("numba", marks=pytest.mark.skipif(not packed.HAS_NUMBA, reason="no numba")),
        "numpy",
    ],
)
@pytest.mark.parametrize(("seed", "kind", "binarize"), SPECS, ids=SPEC_IDS)
def test_engines_equal_the_oracle(seed, kind, binarize, backend):
    spec = make_spec(seed, kind, binarize)
    net = build(spec)
    x = np.array(ALL_POINTS, dtype=np.int64)
    want = [forward(spec, point) for point in ALL_POINTS]
    engine = PackedNetwork(net, backend=backend)
    for k, (got_ref, got_packed) in enumerate(
        zip(reference.hidden_activations(net, x), engine.hidden_activations(x), strict=True)
    ):
        assert got_ref.tolist() == [w[0][k] for w in want], k
        assert got_packed.tolist() == [w[0][k] for w in want], k
    assert engine.predict(x).tolist() == [s.index(max(s)) for _, s in want]
    assert reference.predict(net, x).tolist() == [s.index(max(s)) for _, s in want]


@pytest.mark.skipif(not packed.HAS_NUMBA, reason="numba is not installed")
@pytest.mark.parametrize("density", [1.0, 0.0], ids=["sparse-path", "blas-path"])
@pytest.mark.parametrize(
    "input_range",
    [(0, 3), (-(2**40), 2**40), (-(2**58), 2**58)],
    ids=["float32", "float64", "int64"],
)
@pytest.mark.parametrize("kind", KINDS)
def test_raw_first_layer_paths_equal_the_oracle(monkeypatch, kind, input_range, density):
    """The sparse first layer and the float32 / float64 / int64 BLAS paths, at the extremes."""
    monkeypatch.setattr(kernels, "SPARSE_DENSITY", density)
    spec = make_spec(0, kind, False, input_range=input_range)
    net = build(spec)
    low, high = input_range
    rng = np.random.default_rng(1)
    corners = [list(p) for p in itertools.product((low, high), repeat=N_IN)]
    x = np.array(corners + rng.integers(low, high, (24, N_IN), endpoint=True).tolist(), np.int64)
    want = [forward(spec, point) for point in x.tolist()]
    for backend in ("numba", "numpy"):
        engine = PackedNetwork(net, backend=backend)
        got = engine.hidden_activations(x)
        for k in range(len(got)):
            assert got[k].tolist() == [w[0][k] for w in want], (backend, k)
        assert engine.predict(x).tolist() == [s.index(max(s)) for _, s in want]


@pytest.mark.parametrize(("seed", "kind", "binarize"), SPECS, ids=SPEC_IDS)
def test_bounds_fix_constant_neurons_at_once(seed, kind, binarize):
    """Each neuron with a threshold outside its sums is fixed on the whole input space, to its
    constant; every fixed neuron (any region) agrees with the oracle on every point there."""
    spec = make_spec(seed, kind, binarize)
    net = build(spec)
    bounds = propagate(net, whole_space(net))
    fixed_blocks = [bounds.signs(k) for k in bounds.hidden]
    blocks = [layer for layer in spec["layers"] if layer[0] == "block"]
    first_raw = not binarize
    for b, (_, w, t) in enumerate(blocks):
        for j, (row, tj) in enumerate(zip(w, t, strict=True)):
            if b == 0 and first_raw:
                low = sum(-INPUT_MAX for a in row if a < 0)
                high = sum(INPUT_MAX for a in row if a > 0)
            else:
                low, high = -sum(map(abs, row)), sum(map(abs, row))
            if tj <= low:
                assert fixed_blocks[b][j] == 1, (b, j)
            elif tj > high:
                assert fixed_blocks[b][j] == -1, (b, j)
    if binarize:
        _, t, flip = spec["layers"][0]
        for i, (ti, fi) in enumerate(zip(t, flip, strict=True)):
            always = ti >= INPUT_MAX if fi else ti <= 0
            never = ti < 0 if fi else ti > INPUT_MAX
            assert bounds.signs(0)[i] == (1 if always else -1 if never else FREE), i
    x0, _ = query_of(spec, seed)
    box = linf_box(net, x0, 1)
    points = box_points(box.lo, box.hi)
    on_box = propagate(net, box)
    for b, fixed in enumerate(on_box.signs(k) for k in on_box.hidden):
        for j in np.flatnonzero(fixed):
            assert {forward(spec, p)[0][b][j] for p in points} == {int(fixed[j])}, (b, j)


SOLVERS = [
    ("cadical195", e)
    for e in (
        "seqcounter",
        "totalizer",
        "cardnetwork",
        "sortnetwork",
        "mtotalizer",
        "kmtotalizer",
        "totalizer2",
    )
]
SOLVERS += [("minicard", "native"), ("z3", "native"), ("cpsat", "native")]  # CheckConfig's
SOLVER_SPECS = [s for s in SPECS if s[0] == 0]


@pytest.mark.parametrize("use_bounds", [True, False], ids=["bounds", "no-bounds"])
@pytest.mark.parametrize(("solver", "encoding"), SOLVERS, ids=[f"{s}-{e}" for s, e in SOLVERS])
@pytest.mark.parametrize(
    ("seed", "kind", "binarize"),
    SOLVER_SPECS,
    ids=[i for i, s in zip(SPEC_IDS, SPECS, strict=True) if s[0] == 0],
)
def test_robustness_verdicts_match_brute_force(seed, kind, binarize, solver, encoding, use_bounds):
    """Without bounds the encoders themselves see every extreme threshold."""
    if solver == "cpsat":
        pytest.importorskip("ortools")
    spec = make_spec(seed, kind, binarize)
    net = build(spec)
    x0, label = query_of(spec, seed)
    # No timeout: tiny formulas, solved in this process (a budget would fork a child per call).
    config = CheckConfig(
        solver=solver, encoding=encoding, timeout_s=None, use_bounds=use_bounds, attack=None
    )
    query = RobustnessQuery(0, x0, label, 1)
    result = run(query.on(Model.of(net)), query.region(), config)
    box = linf_box(net, x0, 1)
    violated = oracle_violated(spec, box_points(box.lo, box.hi), label)
    assert result.verdict == (Verdict.VIOLATED if violated else Verdict.HOLDS)
    if violated:  # the replayed counterexample, checked by the oracle
        x = result.counterexample.tolist()
        assert box.contains(result.counterexample)
        assert oracle_violated(spec, [x], label)


def solve_dimacs(text: str) -> bool:
    with Solver(name="cadical195", bootstrap_with=CNF(from_string=text).clauses) as s:
        return bool(s.solve())


def solve_opb(text: str) -> bool:
    z3 = pytest.importorskip("z3")
    xs: dict[int, object] = {}
    s = z3.Solver()
    for line in text.splitlines():
        if line.startswith("*"):
            continue
        match = re.fullmatch(r"((?:[+-]\d+ x\d+ )+)>= (-?\d+) ;", line)
        assert match, line
        terms = [(int(a), int(v)) for a, v in re.findall(r"([+-]\d+) x(\d+)", match[1])]
        s.add(z3.PbGe([(xs.setdefault(v, z3.Bool(f"x{v}")), a) for a, v in terms], int(match[2])))
    return s.check() == z3.sat


def solve_smt2(text: str) -> bool:
    z3 = pytest.importorskip("z3")
    s = z3.Solver()
    s.add(z3.parse_smt2_string(text))
    return s.check() == z3.sat


SOLVE = {"dimacs": solve_dimacs, "opb": solve_opb, "smt2": solve_smt2}


@pytest.mark.parametrize("fmt", sorted(SOLVE))
@pytest.mark.parametrize(("seed", "kind", "binarize"), SPECS, ids=SPEC_IDS)
def test_exported_instances_have_the_brute_force_status(seed, kind, binarize, fmt):
    spec = make_spec(seed, kind, binarize)
    net = build(spec)
    x0, label = query_of(spec, seed)
    text = render(
        encode_instance(Model.of(net), RobustnessQuery(0, x0, label, 1), fmt, "totalizer"),
        fmt,
        ["test"],
        "unknown",
    )
    box = linf_box(net, x0, 1)
    assert SOLVE[fmt](text) == oracle_violated(spec, box_points(box.lo, box.hi), label)
    assert "922337203685477" not in text  # no int64 extreme (or a wrapped one) reaches a file


@pytest.mark.parametrize(("seed", "kind", "binarize"), SPECS, ids=SPEC_IDS)
def test_negated_copy_is_the_same_function_and_equivalent(seed, kind, binarize):
    spec = make_spec(seed, kind, binarize)
    net = build(spec)
    other = negate_neurons(net, seed, fraction=1.0)  # every neuron: -t, 1 - t at the extremes
    for k, block in enumerate(other.blocks):  # 1 - t of a clamped t: inside the sums, no wrap
        n = block.n_in * (INPUT_MAX if k == 0 and not binarize else 1)
        assert all(-n <= t <= n + 1 for t in block.threshold.tolist()), k
    x = np.array(ALL_POINTS, np.int64)
    want = [oracle_predict(spec, p) for p in ALL_POINTS]
    assert reference.predict(other, x).tolist() == want
    assert PackedNetwork(other).predict(x).tolist() == want
    box = whole_space(net)
    model, model_other = Model.of(net), Model.of(other)
    for solver, encoding in (("cadical195", "totalizer"), ("minicard", "native"), ("z3", "native")):
        for use_bounds in (True, False):
            for share in (True, False):
                outcome = run(
                    Equivalence(model, model_other, share_neurons=share),
                    box_region(box),
                    CheckConfig(solver, encoding, None, use_bounds, attack=None),
                )
                assert outcome.verdict is Verdict.HOLDS, (solver, use_bounds, share)
                if share and not use_bounds:  # constant neurons share too: the copy collapses
                    assert outcome.decided_by == "miter clauses"
                    assert outcome.shared_neurons >= sum(layer.n_out for layer in net.blocks)
    text = render(
        encode_region(
            Equivalence(model, model_other), Region(None, None, box), "dimacs", "totalizer"
        ),
        "dimacs",
        ["test"],
        "unknown",
    )
    assert not solve_dimacs(text)


def test_bundled_model_with_far_thresholds_checks_end_to_end(tmp_path):
    """The report's case on the real model: thresholds -2 and -153 past the sums of layers whose
    sums cannot reach them, and 10**15, run through `bnnverify check` as a user would."""
    arrays = dict(np.load(BUNDLED, allow_pickle=False))
    meta = json.loads(str(arrays["meta"]))
    assert [layer["type"] for layer in meta["layers"]] == ["block"] * 4 + ["output"]
    first = arrays["layer0.threshold"].copy()
    first[:3] = [-(784 * 255) - 2, 10**15, INT64_MIN]  # past -784 * 255 and 784 * 255
    arrays["layer0.threshold"] = first
    last = arrays["layer3.threshold"].copy()  # 100 +-1 inputs: sums in [-100, 100]
    last[:3] = [-153, 10**15, INT64_MAX]
    arrays["layer3.threshold"] = last
    middle = arrays["layer1.threshold"].copy()
    middle[0] = -2 - 200
    arrays["layer1.threshold"] = middle
    model = tmp_path / "far.npz"
    np.savez(model, **arrays)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bnnverify",
            "check",
            "--model",
            str(model),
            "--eps",
            "1",
            "--samples",
            "5",
            "--out",
            str(tmp_path / "r.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode in (0, 1, 3), done.stderr  # decided or unknown; never refused (2)
    assert "Traceback" not in done.stderr and "must lie in" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "constant neurons" in line]
    assert len(warnings) == 1 and warnings[0].endswith("layer0 3, layer1 1, layer3 3")
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert len(rows) == 5
    assert {row["verdict"] for row in rows} <= {"holds", "violated", "unknown", "misclassified"}
    net = load_network(model)
    x = np.random.default_rng(0).integers(0, 256, (64, 784))
    want = reference.predict(net, x)
    for backend in ("numpy", *(("numba",) if packed.HAS_NUMBA else ())):
        np.testing.assert_array_equal(PackedNetwork(net, backend=backend).predict(x), want)
