"""May the verifier be trusted on conv BNNs (issue 9)? Every verdict against brute force.

Oracles: tests/oracle.py, which restates conv2d and maxpool2d from DESIGN.md section 2 in plain
loops and imports nothing from bnnverify (itself checked here on hand-computed cases), and
enumeration of every input of tiny boxes (a few thousand points):

- both engines (engine.reference and the packed engine) equal the oracle on every input;
- robustness decided by every solver x encoding pair (tests/test_solver_pairs.PAIRS) through
  the pipeline, each pair on a group of 8 queries (with and without bounds; a few pairs decide
  them all): holds iff no input of the box violates; a violated verdict's counterexample lies
  in the box and violates by the oracle (the pipeline replayed it on both engines too);
- interval bounds hold every value the oracle computes on the box;
- equivalence of a conv model against an edited copy (and itself), with and without sharing;
- a DIMACS export is satisfiable iff brute force finds a violation, and a DRAT proof of a robust
  conv query is verified by an independent checker (dratify).

The cases mix raw-input and binarize first layers, stride, padding with every pad_value (an
input value over raw inputs, -1 / 0 / +1 over +-1 values), max-pooling, and a conv or a pool
read directly by the output; the seeds give both verdicts (asserted, so no test passes
vacuously).
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest
from bnn_cases import ConvSpec, PoolSpec, random_conv_network, solve_box, tiny_box
from oracle import (
    HIDDEN_KINDS,
    box_inputs,
    conv2d,
    is_violated_in_ball,
    layer_values,
    maxpool2d,
    predict,
    violations,
)
from pysat.formula import CNF
from pysat.solvers import Solver
from test_solver_pairs import PAIR_IDS, PAIRS

from bnnverify.bounds import propagate
from bnnverify.engine import reference
from bnnverify.export import encode_instance, render
from bnnverify.io import load_network, save_network
from bnnverify.model import layer_shapes
from bnnverify.proofs import ProofRequest
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence
from bnnverify.properties.robustness import Robustness, RobustnessQuery
from bnnverify.regions import box_region
from bnnverify.results import Verdict
from bnnverify.verify import CheckConfig, run

# name -> random_conv_network keywords (in_shape (2, 3, 3), inputs 0..3 unless given); in
# pairs of cases (a raw-input first conv, then mostly a binarize first layer): see pair_queries.
CASES = {
    "raw": dict(features=(ConvSpec(2),)),
    "bin-padm1-pool": dict(
        binarize=True,
        features=(ConvSpec(2, padding=(0, 1, 0, 1), pad_value=-1), PoolSpec((2, 2), (1, 1))),
    ),
    "raw-pad2-stride2": dict(
        features=(ConvSpec(2, padding=(1, 1, 1, 1), pad_value=2, stride=(2, 2)),)
    ),
    "bin-padp1-stride12": dict(
        binarize=True,
        features=(ConvSpec(2, kernel=(2, 3), padding=(1, 0, 1, 1), pad_value=1, stride=(1, 2)),),
    ),
    "raw-k1-stride2": dict(features=(ConvSpec(3, kernel=(1, 1), stride=(2, 2)),)),
    "bin-pool-conv": dict(
        binarize=True,
        features=(PoolSpec((2, 2), (1, 1)), ConvSpec(2, kernel=(1, 2), padding=(0, 0, 1, 0))),
    ),
    "raw-pad3-pool": dict(features=(ConvSpec(2, padding=(1, 1, 1, 1), pad_value=3), PoolSpec())),
    "bin-conv-output": dict(
        binarize=True, hidden=(), features=(ConvSpec(2, padding=(1, 1, 0, 0), pad_value=-1),)
    ),
    "raw-conv-conv-pool": dict(
        features=(ConvSpec(2), ConvSpec(2, padding=(1, 1, 1, 1), pad_value=1), PoolSpec())
    ),
    "raw-conv-pool-output": dict(hidden=(), features=(ConvSpec(2), PoolSpec((2, 2), (1, 1)))),
    # windows that lie wholly in the padding (their neurons compare a constant)
    "raw-allpad-window": dict(
        features=(ConvSpec(2, padding=(0, 2, 2, 0), pad_value=0), PoolSpec((2, 2), (1, 1)))
    ),
    "bin-allpad-window": dict(
        binarize=True, features=(ConvSpec(2, padding=(2, 0, 0, 2), pad_value=1),)
    ),
}
# The robustness queries (case, seed): per case a violated seed, then a robust one.
QUERY_SEEDS = {
    "raw": (0, 2),
    "raw-conv-pool-output": (0, 4),
    "raw-pad2-stride2": (0, 2),
    "bin-pool-conv": (24, 23),
    "bin-conv-output": (0, 2),
    "raw-allpad-window": (2, 0),
    "bin-allpad-window": (1, 0),
}
QUERIES = [(name, seed) for name in CASES for seed in QUERY_SEEDS.get(name, (0, 1))]
ROBUST_QUERIES = [
    ("raw", 2),
    ("bin-padm1-pool", 1),
    ("raw-pad2-stride2", 2),
    ("raw-conv-conv-pool", 1),
]


@functools.cache
def conv_net(name: str, seed: int, **changes):
    return random_conv_network(seed, **(CASES[name] | changes))


@functools.cache
def conv_query(name: str, seed: int):
    """(net, box, label, violated): the box's center's prediction as the label."""
    net = conv_net(name, seed)
    box = tiny_box(net, seed + 100)
    label = int(predict(net, box.center[None])[0])
    violated = bool(violations(net, box_inputs(box.lo, box.hi), label).any())
    return net, box, label, violated


# The oracle itself, on hand-computed cases


def oracle_sums(weight, x, shape, **meta) -> np.ndarray:
    """The conv sums at every position, read off the oracle's +-1 outputs: one copy of the
    kernel per threshold t in [-20, 20]; the sum is -21 + the number of copies that fire."""
    thresholds = np.arange(-20, 21)
    copies = np.repeat(np.asarray(weight, dtype=np.int8), len(thresholds), axis=0)
    arrays = {"weight": copies, "threshold": np.tile(thresholds, len(weight)), **meta}
    y, (_, h_out, w_out) = conv2d(arrays, np.asarray(x).reshape(1, -1).astype(object), shape)
    fired = (y.reshape(len(weight), len(thresholds), h_out, w_out) == 1).sum(axis=1)
    return fired - 21


def test_oracle_conv_over_raw_input_by_hand():
    x = [[1, 2, 0], [3, 1, 2]]  # (1, 2, 3); padded: a row of 2s on top, a column on the right
    weight = [[[[1, 1], [-1, 1]]]]
    meta = {"stride": (1, 2), "padding": (1, 0, 0, 1), "pad_value": 2}
    # xpad = [[2 2 2 2] [1 2 0 2] [3 1 2 2]]; windows at columns (0, 1) and (2, 3)
    sums = oracle_sums(weight, x, (1, 2, 3), **meta)
    np.testing.assert_array_equal(
        sums, [[[2 + 2 - 1 + 2, 2 + 2 - 0 + 2], [1 + 2 - 3 + 1, 0 + 2 - 2 + 2]]]
    )


@pytest.mark.parametrize("p", [-1, 0, 1])
def test_oracle_conv_pad_value_over_signs_by_hand(p):
    x = [[1, -1], [-1, 1]]  # (1, 2, 2), padded by one on every side with p
    weight = [[[[1, 1], [1, -1]]]]
    sums = oracle_sums(weight, x, (1, 2, 2), padding=(1, 1, 1, 1), pad_value=p)
    expected = [[3 * p - 1, 2 * p + 2, p - 1], [2 * p + 2, -2, 0], [p - 1, 0, 1 + p]]
    np.testing.assert_array_equal(sums, [expected])


def test_oracle_conv_channels_and_defaults_by_hand():
    x = np.arange(8).reshape(2, 2, 2) % 3  # channel 0 [[0 1] [2 0]], channel 1 [[1 2] [0 1]]
    weight = [[[[1]], [[-1]]], [[[0]], [[1]]]]  # (2 out, 2 in, 1, 1): c0 - c1, and c1
    sums = oracle_sums(weight, x, (2, 2, 2))  # stride 1, no padding by default
    np.testing.assert_array_equal(sums, [[[-1, -1], [2, -1]], [[1, 2], [0, 1]]])


def test_oracle_maxpool_by_hand():
    x = np.array([[[-1, -1, 1], [-1, -1, -1], [1, -1, -1]], np.ones((3, 3))], dtype=object)
    h = x.reshape(1, -1)
    y, shape = maxpool2d({"kernel": (2, 2), "stride": (1, 1)}, h, (2, 3, 3))
    assert shape == (2, 2, 2)
    np.testing.assert_array_equal(y.reshape(2, 2, 2), [[[-1, 1], [1, -1]], np.ones((2, 2))])
    y, shape = maxpool2d({"kernel": (2, 2), "stride": None}, h, (2, 3, 3))  # stride = kernel
    assert shape == (2, 1, 1) and y.tolist() == [[-1, 1]]


def test_oracle_reads_the_saved_file_like_the_network(tmp_path):
    for name in ("raw-pad2-stride2", "bin-padm1-pool", "raw-conv-conv-pool"):
        net = conv_net(name, 1)
        save_network(net, tmp_path / f"{name}.npz")
        x = np.random.default_rng(1).integers(0, 4, (300, net.n_inputs))
        np.testing.assert_array_equal(predict(tmp_path / f"{name}.npz", x), predict(net, x))
        loaded = load_network(tmp_path / f"{name}.npz")
        np.testing.assert_array_equal(predict(loaded, x), predict(net, x))


# Engines


@functools.cache
def case_values(name: str, seed: int):
    """(x, the oracle's output of every layer, its hidden activations, its predictions) on every
    input x of the case's tiny box and 300 random inputs over the whole range."""
    net, box, _, _ = conv_query(name, seed)
    spread = np.random.default_rng(seed).integers(0, net.input_max + 1, (300, net.n_inputs))
    x = np.concatenate([box_inputs(box.lo, box.hi), spread])
    values = layer_values(net, x)
    kinds = [layer.kind for layer in net.layers]
    hidden = [
        h.astype(np.int8) for kind, h in zip(kinds, values, strict=True) if kind in HIDDEN_KINDS
    ]
    return x, values, hidden, predict(net, x)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", CASES)
def test_reference_engine_matches_oracle(name, seed):
    net = conv_net(name, seed)
    x, expected, _, predicted = case_values(name, seed)
    got = reference.layer_outputs(net, x)
    assert len(got) == len(expected)
    for k, (a, b) in enumerate(zip(got, expected, strict=True)):
        np.testing.assert_array_equal(a, b.astype(np.int64), err_msg=f"layer {k}")
    np.testing.assert_array_equal(reference.predict(net, x), predicted)


def test_layer_shapes_match_the_oracles_chain():
    net = conv_net("raw-conv-conv-pool", 0)
    assert [tuple(s) for s in layer_shapes(net)] == [(2, 3, 3), (2, 2, 2), (2, 3, 3), (2,), (4,)]
    for layer, shape in zip(net.layers, layer_shapes(net), strict=True):
        if layer.kind in ("conv2d", "maxpool2d"):
            assert tuple(layer.in_shape) == tuple(shape)


def packed_network(net, backend: str):
    """The packed engine of net; a missing conv kernel fails the test by name (never a skip)."""
    from bnnverify.engine import packed

    if backend == "numba" and not packed.HAS_NUMBA:
        pytest.fail("numba is not importable: the packed conv kernels are untested")
    missing = sorted({layer.kind for layer in net.layers} - set(packed.KERNELS))
    if missing:
        pytest.fail(f"the packed engine has no kernel for {missing} (engine/packed.py KERNELS)")
    return packed.PackedNetwork(net, backend=backend)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", CASES)
def test_packed_engine_matches_oracle(name, seed, backend):
    net = conv_net(name, seed)
    engine = packed_network(net, backend)
    x, values, hidden, predicted = case_values(name, seed)
    for k, (a, b) in enumerate(zip(engine.hidden_activations(x), hidden, strict=True)):
        np.testing.assert_array_equal(a, b, err_msg=f"hidden layer {k}")
    np.testing.assert_array_equal(engine.output_dots(x), values[-1].astype(np.int64))
    np.testing.assert_array_equal(engine.predict(x), predicted)
    np.testing.assert_array_equal(engine.predict(x.reshape(-1, *net.input_shape)), predicted)


# Wider layers: activations packed across uint64 word boundaries (63, 64, 65 and more bits).
WIDE_CASES = {
    "bin-65-104-52": dict(
        in_shape=(1, 13, 5),
        binarize=True,
        features=(
            ConvSpec(1, kernel=(1, 1)),
            ConvSpec(2, padding=(1, 0, 0, 0), pad_value=-1),
            PoolSpec((1, 2)),
        ),
    ),
    "raw-64-162-18": dict(
        in_shape=(1, 8, 8),
        input_max=255,
        features=(
            ConvSpec(1, kernel=(1, 1)),
            ConvSpec(2, padding=(1, 1, 1, 1), pad_value=1),
            PoolSpec((3, 3)),
        ),
    ),
    "raw-126-140": dict(
        in_shape=(2, 7, 9),
        input_max=255,
        features=(ConvSpec(7, kernel=(3, 3), stride=(2, 2), padding=(1, 1, 1, 1), pad_value=255),),
    ),
}


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("name", WIDE_CASES)
def test_engines_match_oracle_across_words(name, backend):
    net = random_conv_network(5, **WIDE_CASES[name])
    x = np.random.default_rng(5).integers(0, net.input_max + 1, (200, net.n_inputs))
    x[0], x[1] = 0, net.input_max
    values = layer_values(net, x)
    for k, (a, b) in enumerate(zip(reference.layer_outputs(net, x), values, strict=True)):
        np.testing.assert_array_equal(a, b.astype(np.int64), err_msg=f"reference, layer {k}")
    engine = packed_network(net, backend)
    hidden = [h for layer, h in zip(net.layers, values, strict=True) if layer.kind in HIDDEN_KINDS]
    for k, (a, b) in enumerate(zip(engine.hidden_activations(x), hidden, strict=True)):
        np.testing.assert_array_equal(a, b.astype(np.int8), err_msg=f"packed, hidden layer {k}")
    np.testing.assert_array_equal(engine.output_dots(x), values[-1].astype(np.int64))
    np.testing.assert_array_equal(engine.predict(x), predict(net, x))


# Robustness: every solver x encoding pair


def test_queries_give_both_verdicts():
    for name in CASES:
        violated, robust = QUERY_SEEDS.get(name, (0, 1))
        assert conv_query(name, violated)[-1] and not conv_query(name, robust)[-1], name
    for name, seed in QUERIES:  # the boxes stay small enough to enumerate, yet not trivial
        box = conv_query(name, seed)[1]
        assert 500 <= np.prod(box.hi - box.lo + 1) <= 5000
    assert set(ROBUST_QUERIES) <= set(QUERIES)


@pytest.mark.parametrize(("name", "seed"), QUERIES)
def test_bounds_hold_on_every_input_of_the_box(name, seed):
    """Each layer's interval (bounds.propagate) holds every value the oracle computes on the box:
    a fixed conv, pool or block output really is constant, and the output dots lie inside."""
    net, box, _, _ = conv_query(name, seed)
    values = layer_values(net, box_inputs(box.lo, box.hi))
    bounds = propagate(net, box)
    for k, h in enumerate(values):
        h = h.astype(np.int64)
        assert (bounds.low[k] <= h.min(axis=0)).all() and (h.max(axis=0) <= bounds.high[k]).all(), k
    assert bounds.n_fixed < bounds.n_total  # some neuron is left to the encoders and solver


def check_robustness_verdict(result, name: str, seed: int) -> None:
    net, box, label, violated = conv_query(name, seed)
    assert result.verdict is (Verdict.VIOLATED if violated else Verdict.HOLDS), (name, seed)
    if violated:
        x = result.counterexample
        assert box.contains(x), (name, seed, x)
        assert violations(net, x[None], label)[0], (name, seed, x)


N_GROUPS = len(CASES) // 2


def pair_queries(p: int) -> list[tuple[str, int]]:
    """The queries of group p % N_GROUPS: two cases consecutive in CASES (a raw-input first
    conv and, but for the last group, a binarize one), both seeds of each (both verdicts)."""
    group = [name for i, name in enumerate(CASES) if i // 2 == p % N_GROUPS]
    return [(name, seed) for name, seed in QUERIES if name in group]


@pytest.mark.parametrize(("p", "solver", "encoding"),
                         [(p, *pair) for p, pair in enumerate(PAIRS)], ids=PAIR_IDS)  # fmt: skip
def test_pair_robustness_on_conv_matches_brute_force(p, solver, encoding):
    """Pair p decides group p with bounds and group p + 1 without (every neuron encoded): each
    query is decided by one pair in N_GROUPS each way (the time: CI has 2 cores), and by every
    pair of FULL_PAIRS below."""
    if solver == "cpsat":
        pytest.importorskip("ortools")
    for group, use_bounds in ((p, True), (p + 1, False)):
        for name, seed in pair_queries(group):
            net, box, label, _ = conv_query(name, seed)
            result = solve_box(net, box, label, solver=solver, encoding=encoding,
                               use_bounds=use_bounds)  # fmt: skip
            check_robustness_verdict(result, name, seed)


def test_pair_queries_cover_every_query_with_both_verdicts():
    groups = [pair_queries(p) for p in range(N_GROUPS)]
    assert sorted(sum(groups, [])) == sorted(QUERIES)
    for queries in groups:
        assert {conv_query(name, seed)[-1] for name, seed in queries} == {False, True}
    assert len(PAIRS) >= 20 * N_GROUPS  # every query has many deciders


FULL_PAIRS = [("cadical195", "totalizer", False), ("cadical195", "totalizer", True),
              ("minicard", "native", True), ("z3", "totalizer", True)]  # fmt: skip


@pytest.mark.parametrize(("solver", "encoding", "use_bounds"), FULL_PAIRS)
def test_every_query_matches_brute_force(solver, encoding, use_bounds):
    """Every query, also with no bounds (every neuron encoded: the conv encoders alone decide)."""
    for name, seed in QUERIES:
        net, box, label, _ = conv_query(name, seed)
        result = solve_box(net, box, label, solver=solver, encoding=encoding,
                           use_bounds=use_bounds)  # fmt: skip
        check_robustness_verdict(result, name, seed)


# Equivalence


def edited(net, edit: str):
    """A copy of net with one change in its first conv layer (or net itself)."""
    if edit == "itself":
        return net
    k = next(k for k, layer in enumerate(net.layers) if layer.kind == "conv2d")
    conv = net.layers[k]
    if edit.startswith("threshold"):
        threshold = conv.threshold.copy()
        threshold[0] += 1 if edit == "threshold+1" else -1
        layer = dataclasses.replace(conv, threshold=threshold)
    else:  # "weight": the first weight of output channel 0 changed (0 -> 1, +-1 -> 0)
        weight = conv.weight.copy()
        weight.flat[0] = 1 if weight.flat[0] == 0 else 0
        layer = dataclasses.replace(conv, weight=weight)
    return dataclasses.replace(net, layers=(*net.layers[:k], layer, *net.layers[k + 1 :]))


EDITS = ("itself", "threshold+1", "threshold-1", "weight")
EQUIVALENCE_NETS = [
    ("raw", 0),
    ("raw-pad2-stride2", 2),
    ("bin-padm1-pool", 0),
    ("bin-pool-conv", 24),
]


@functools.cache
def models_differ(name: str, seed: int, edit: str) -> bool:
    net = conv_net(name, seed)
    box = tiny_box(net, seed + 100)
    x = box_inputs(box.lo, box.hi)
    return bool((predict(net, x) != predict(edited(net, edit), x)).any())


def test_edits_give_both_verdicts():
    differ = [models_differ(n, s, e) for n, s in EQUIVALENCE_NETS for e in EDITS[1:]]
    assert any(differ) and not all(differ)


@pytest.mark.parametrize(
    ("solver", "encoding"), [("cadical195", "totalizer"), ("minicard", "native")]
)
@pytest.mark.parametrize("share_neurons", [True, False])
@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize(("name", "seed"), EQUIVALENCE_NETS)
def test_equivalence_of_edited_conv_matches_brute_force(
    name, seed, edit, share_neurons, solver, encoding
):
    net = conv_net(name, seed)
    other = edited(net, edit)
    box = tiny_box(net, seed + 100)
    config = CheckConfig(solver, encoding, timeout_s=60, attack=None)
    prop = Equivalence(Model.of(net), Model.of(other), share_neurons)
    result = run(prop, box_region(box), config)
    differ = models_differ(name, seed, edit)
    assert result.verdict is (Verdict.VIOLATED if differ else Verdict.HOLDS)
    if differ:
        x = result.counterexample
        assert box.contains(x) and predict(net, x[None])[0] != predict(other, x[None])[0]
    if edit == "itself" and share_neurons and result.fixed_neurons < result.total_neurons:
        assert result.shared_neurons > 0  # a free neuron of A is B's own


# Export and proofs

EXPORT_CASES = [("raw-pad2-stride2", s) for s in range(4)] + [
    ("bin-padm1-pool", s) for s in range(4)
]


@functools.cache
def export_query(name: str, seed: int):
    """A (1, 3, 3) model over inputs 0..2 and an eps-1 ball: at most 3**9 points."""
    net = conv_net(name, seed, in_shape=(1, 3, 3), input_max=2)
    x0 = np.random.default_rng(seed + 200).integers(0, 3, net.n_inputs)
    label = int(predict(net, x0[None])[0])
    return net, RobustnessQuery(seed, x0, label, 1), is_violated_in_ball(net, x0, 1, label)


def test_export_queries_give_both_verdicts():
    violated = [export_query(n, s)[-1] for n, s in EXPORT_CASES]
    assert any(violated) and not all(violated)


def decode_dimacs_input(text: str, true_vars: set[int], x0: np.ndarray) -> np.ndarray:
    """x from the comment lines `c box i lo hi` and `c in i k var` (var <-> x_i >= lo_i + k):
    x_i = lo_i + the largest k whose variable is true. Only the thresholds that matter are
    named (after a binarize, one per input), so counting the true variables would be wrong;
    an input never named does not reach the formula and keeps its x0 value."""
    comments = [line.split()[1:] for line in text.splitlines() if line.startswith("c ")]
    lo = {int(f[1]): int(f[2]) for f in comments if f[0] == "box"}
    x = np.array(x0, dtype=np.int64)
    x[list(lo)] = list(lo.values())
    for f in comments:
        if f[0] == "in" and int(f[3]) in true_vars:
            i = int(f[1])
            x[i] = max(x[i], lo[i] + int(f[2]))
    return x


@pytest.mark.parametrize("encoding", ["totalizer", "seqcounter"])
@pytest.mark.parametrize(("name", "seed"), EXPORT_CASES)
def test_dimacs_export_is_satisfiable_iff_brute_force_finds_a_violation(name, seed, encoding):
    net, query, violated = export_query(name, seed)
    instance = encode_instance(Model.of(net), query, "dimacs", encoding)
    text = render(instance, "dimacs", ["test"], "unknown")
    with Solver(name="cadical195", bootstrap_with=CNF(from_string=text).clauses) as solver:
        satisfiable = solver.solve()
        true_vars = {lit for lit in solver.get_model() if lit > 0} if satisfiable else set()
    assert satisfiable == violated
    if satisfiable:  # the comment lines name the inputs: decode and replay by the oracle
        x = decode_dimacs_input(text, true_vars, query.x0)
        assert np.abs(x - query.x0).max() <= 1 and x.min() >= 0 and x.max() <= net.input_max
        assert violations(net, x[None], query.label)[0]


@pytest.mark.parametrize(
    ("solver", "encoding"), [("cadical195", "totalizer"), ("portfolio", "native")]
)
@pytest.mark.parametrize(("name", "seed"), ROBUST_QUERIES)
def test_drat_proof_of_robust_conv_query_is_verified(tmp_path, name, seed, solver, encoding):
    """Through the pipeline: the verdict's own formula (cadical195/totalizer), or re-encoded and
    re-solved (native AtMost constraints have no DRAT form)."""
    pytest.importorskip("dratify")
    net, box, label, violated = conv_query(name, seed)
    assert not violated
    prop = Robustness(Model.of(net), label, require_correct=False)
    config = CheckConfig(solver, encoding, timeout_s=60, attack=None)
    request = ProofRequest("cadical195", "totalizer", str(tmp_path), "q", "dratify-python")
    result = run(prop, box_region(box), config, proof=request)
    assert result.verdict is Verdict.HOLDS, result.reason
    record = result.proof
    assert record.status == "refuted" and record.checked is True, record.message
    assert record.proof_path.is_file() and record.cnf_path.is_file()
