"""Layer encoders against the brute-force oracle (tests/oracle.py), on every input of tiny boxes.

Each input x of the box is imposed through its order-encoding literals; every encoded neuron
(and every constant one) must then take the oracle's value, for each back-end.
"""

from __future__ import annotations

import numpy as np
import pytest
from bnn_cases import all_inputs, random_network
from oracle import exact_scores, hidden_activations
from pysat.solvers import Solver

from bnnverify import verify
from bnnverify.backends import SolveStatus
from bnnverify.backends.cnf import CnfBuilder
from bnnverify.bounds import FREE, propagate
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.layers import encode_hidden, encode_scores
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness, encode_beats
from bnnverify.regions import box_region, linf_box

CNF_BACKENDS = [("totalizer", "cadical195"), ("seqcounter", "glucose4"), ("native", "minicard")]


def tiny_case(seed: int, binarize: bool):
    net = random_network(seed, n_in=4, hidden=(5, 4), n_classes=4, binarize=binarize)
    x0 = np.random.default_rng(seed).integers(0, 8, 4)
    return net, linf_box(net, x0, 1 + seed % 2)


def expected_signals(net, bounds, xs):
    """Per block, (count, n_out) oracle activations, checked against constants in bounds."""
    activations = hidden_activations(net, xs)
    if bounds is not None:
        fixed_blocks = [bounds.signs(k) for k in bounds.hidden]
        for h, fixed in zip(activations, fixed_blocks, strict=True):
            free = fixed == FREE
            assert (h[:, ~free] == fixed[~free]).all()
    return activations


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("binarize", [False, True], ids=["raw", "binarize"])
@pytest.mark.parametrize("use_bounds", [True, False], ids=["bounds", "nobounds"])
@pytest.mark.parametrize("encoding,solver", CNF_BACKENDS)
def test_hidden_neurons_match_reference_by_enumeration(
    seed, binarize, use_bounds, encoding, solver
):
    net, box = tiny_case(seed, binarize)
    bounds = propagate(net, box) if use_bounds else None
    builder = CnfBuilder(encoding)
    inputs = OrderInput(box)
    encode_hidden(builder, net, inputs, bounds)
    inputs.finish(builder)
    xs = all_inputs(box)
    activations = expected_signals(net, bounds, xs)
    names = [name for name in builder.pool.obj2id if isinstance(name, tuple) and name[0] == "h"]

    with Solver(name=solver, bootstrap_with=builder.clauses) as s:
        for lits, k in builder.atmosts:
            s.add_atmost(lits, k)
        for row, x in enumerate(xs):
            assert s.solve(assumptions=inputs.assumptions(builder, x))
            model = set(s.get_model())
            for name in names:
                _, block, j = name
                fires = builder.pool.id(name) in model
                assert fires == (activations[block][row, j] == 1), (x, name)
            # the decoded input may differ from x only where no variable constrains it
            decoded = inputs.decode(builder, model.__contains__)
            assert box.contains(decoded)
            for block, h in enumerate(hidden_activations(net, decoded[None])):
                np.testing.assert_array_equal(h[0], activations[block][row])


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("binarize", [False, True], ids=["raw", "binarize"])
def test_reified_beats_match_exact_scores_by_enumeration(seed, binarize):
    net, box = tiny_case(seed, binarize)
    label = seed % net.n_classes
    targets = [c for c in range(net.n_classes) if c != label]
    builder = CnfBuilder("totalizer")
    inputs = OrderInput(box)
    h = encode_hidden(builder, net, inputs, propagate(net, box))
    scores = encode_scores(builder, net, h)
    beats = encode_beats(builder, net, scores, label, targets, reified=True)
    inputs.finish(builder)
    xs = all_inputs(box)
    exact = exact_scores(net, xs)  # Fractions

    with Solver(name="cadical195", bootstrap_with=builder.clauses) as s:
        for row, x in enumerate(xs):
            assert s.solve(assumptions=inputs.assumptions(builder, x))
            model = set(s.get_model())
            for c in targets:
                wins = exact[row, c] >= exact[row, label]  # a tie counts as beating
                assert (beats[c] in model) == wins, (x, c)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("backend", ["z3", "cpsat"])
def test_pb_hidden_neurons_match_reference_by_enumeration(seed, backend):
    if backend == "z3":
        from bnnverify.backends.z3 import Z3Builder as Builder
    else:
        pytest.importorskip("ortools")
        from bnnverify.backends.cpsat import CpSatBuilder as Builder
    net, box = tiny_case(seed, binarize=seed % 2 == 1)
    builder = Builder()
    inputs = OrderInput(box)
    h = encode_hidden(builder, net, inputs, None)
    inputs.finish(builder)
    xs = all_inputs(box)[::7]  # a sample: every solve builds a fresh external solver
    last = hidden_activations(net, xs)[-1]

    for row, x in enumerate(xs):
        status, is_true, _ = builder.check(10, assumptions=inputs.assumptions(builder, x))
        assert status is SolveStatus.SAT
        got = [
            h.values[j] if lit == 0 else 1 if is_true(int(lit)) else -1
            for j, lit in enumerate(h.lits)
        ]
        np.testing.assert_array_equal(got, last[row])


def robustness_cnf(net, box, label: int, encoding: str, use_bounds: bool = True) -> CnfBuilder:
    """The robustness formula the pipeline solves on `box` (verify.query_encoding), as CNF."""
    builder = CnfBuilder(encoding)
    prop = Robustness(Model.of(net), label, require_correct=False)
    verify.query_encoding(prop, box_region(box), builder, use_bounds)
    return builder


def test_formula_sizes_shrink_with_bounds():
    net = random_network(3, n_in=6, hidden=(8, 6), binarize=False)
    box = linf_box(net, np.full(6, 4), 1)
    with_bounds = robustness_cnf(net, box, 0, encoding="totalizer")
    without = robustness_cnf(net, box, 0, encoding="totalizer", use_bounds=False)
    assert len(with_bounds.clauses) <= len(without.clauses)
    assert with_bounds.to_cnf().nv <= with_bounds.n_vars
