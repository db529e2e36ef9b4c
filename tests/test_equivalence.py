"""Equivalence miter against brute force on tiny models; transforms; the CLI path."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from bnn_cases import random_network
from oracle import box_inputs, hidden_activations, predict

from bnnverify.errors import ReplayError
from bnnverify.model import OutputLayer, wins_bound
from bnnverify.properties.base import Model
from bnnverify.properties.equivalence import Equivalence, replay_difference
from bnnverify.regions import InputBox, box_region, whole_space
from bnnverify.results import Verdict
from bnnverify.transform import negate_neurons, permute_hidden, prune_weights
from bnnverify.verify import CheckConfig, run

SOLVERS = [
    ("cadical195", "totalizer"),
    ("glucose4", "seqcounter"),
    ("minicard", "native"),
    ("z3", "totalizer"),
]


def differs_by_brute_force(net_a, net_b, box: InputBox) -> bool:
    x = box_inputs(box.lo, box.hi)
    return bool((predict(net_a, x) != predict(net_b, x)).any())


def decide(net_a, net_b, box, solver="cadical195", encoding="totalizer", share_neurons=True):
    config = CheckConfig(solver=solver, encoding=encoding, timeout_s=60, attack=None)
    prop = Equivalence(Model.of(net_a), Model.of(net_b), share_neurons)
    return run(prop, box_region(box), config)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("binarize", [False, True])
def test_transforms_keep_the_function(seed, binarize):
    net = random_network(seed, n_in=5, hidden=(6, 4), input_max=3, binarize=binarize)
    x = box_inputs(whole_space(net).lo, whole_space(net).hi)
    for other in (permute_hidden(net, seed), negate_neurons(net, seed)):
        np.testing.assert_array_equal(predict(net, x), predict(other, x))
        for a, b in zip(
            hidden_activations(net, x)[-1:], hidden_activations(other, x)[-1:], strict=True
        ):
            assert sorted(map(tuple, np.abs(a.T))) == sorted(map(tuple, np.abs(b.T)))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("solver", "encoding"), SOLVERS)
def test_permuted_and_negated_copies_hold(seed, solver, encoding):
    net = random_network(seed, n_in=5, hidden=(6, 4), input_max=3)
    box = whole_space(net)
    for other in (permute_hidden(net, seed), negate_neurons(permute_hidden(net, seed), seed)):
        result = decide(net, other, box, solver, encoding)
        assert result.verdict is Verdict.HOLDS


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize(("solver", "encoding"), SOLVERS)
def test_verdict_matches_brute_force_on_random_pairs(seed, solver, encoding):
    binarize = seed % 2 == 1
    net_a = random_network(seed, n_in=4, hidden=(4, 3), input_max=3, binarize=binarize)
    net_b = (
        prune_weights(net_a, seed, 0.3)
        if seed % 3
        else random_network(seed + 100, n_in=4, hidden=(4, 3), input_max=3, binarize=binarize)
    )
    box = whole_space(net_a)
    result = decide(net_a, net_b, box, solver, encoding)
    expected = differs_by_brute_force(net_a, net_b, box)
    assert result.verdict is (Verdict.VIOLATED if expected else Verdict.HOLDS)
    if expected:  # the counterexample was replayed; check it separates the models here too
        x = result.counterexample[None]
        assert predict(net_a, x)[0] != predict(net_b, x)[0]


def test_changed_bias_gives_a_separating_counterexample():
    net = random_network(7, n_in=5, hidden=(6, 4), input_max=3)
    output = net.output
    bias = output.bias.copy()
    bias[0] += 3.0  # class 0 now wins where it was within 3 of the best
    other = dataclasses.replace(net, layers=(*net.layers[:-1], OutputLayer(output.weight, bias)))
    box = whole_space(net)
    assert differs_by_brute_force(net, other, box)
    result = decide(net, other, box)
    assert result.verdict is Verdict.VIOLATED
    assert result.predicted_a != result.predicted_b


def test_the_tie_rule_decides_equivalence():
    """B = A with two identical output rows; A's bias breaks the tie upward, B's doesn't."""
    net = random_network(3, n_in=4, hidden=(4,), input_max=3)
    weight = net.output.weight.copy()
    weight[1] = weight[0]
    tied = OutputLayer(weight, np.array([0.0, 0.0, -100.0]))
    lifted = OutputLayer(weight, np.array([0.0, 2.0**-40, -100.0]))
    net_a = dataclasses.replace(net, layers=(*net.layers[:-1], tied))  # always class 0
    net_b = dataclasses.replace(net, layers=(*net.layers[:-1], lifted))  # always class 1
    box = whole_space(net)
    assert decide(net_a, net_b, box).verdict is Verdict.VIOLATED
    assert decide(net_a, net_a, box).verdict is Verdict.HOLDS


@pytest.mark.parametrize("bias", [(0.5, -0.25), (0.0, 0.0), (1e-30, 0.0), (-1.5, 1.5)])
def test_wins_bound_matches_the_tie_rule(bias):
    bias = np.array(bias)
    for c, d in ((0, 1), (1, 0)):
        w = wins_bound(bias, c, d)
        for diff in range(-4, 5):  # diff = dot_c - dot_d
            dots = np.zeros((1, 2), np.int64)
            dots[0, c] = diff
            from bnnverify.model import predict_from_dots

            assert (diff >= w) == (predict_from_dots(dots, bias)[0] == c)


def test_replay_rejects_a_point_where_the_models_agree():
    net = random_network(1, n_in=4, hidden=(4,), input_max=3)
    box = whole_space(net)
    with pytest.raises(ReplayError, match="both models predict"):
        replay_difference(Model.of(net), Model.of(net), box.lo, box.lo, box.hi)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("solver", "encoding"), SOLVERS)
def test_solvers_prove_permuted_copies_without_neuron_sharing(seed, solver, encoding):
    net = random_network(seed, n_in=4, hidden=(5, 3), input_max=3)
    other = negate_neurons(permute_hidden(net, seed), seed)
    result = decide(net, other, whole_space(net), solver, encoding, share_neurons=False)
    assert result.verdict is Verdict.HOLDS and result.decided_by == "solver"
    assert result.shared_neurons == 0


def test_neuron_sharing_refutes_a_permuted_copy_from_its_clauses_alone():
    net = random_network(5, n_in=5, hidden=(6, 4), input_max=3)
    other = negate_neurons(permute_hidden(net, 5), 5)
    result = decide(net, other, whole_space(net))
    assert result.verdict is Verdict.HOLDS and result.decided_by == "miter clauses"
    assert result.shared_neurons > 0
