"""Interval propagation: every neuron marked fixed is constant on the whole box (enumeration)."""

from __future__ import annotations

import numpy as np
import pytest
from bnn_cases import all_inputs, random_network
from oracle import binarized_inputs, hidden_activations

from bnnverify.bounds import FREE, binarize_bounds, propagate
from bnnverify.errors import UsageError
from bnnverify.regions import InputBox, linf_box, whole_space


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("binarize", [False, True], ids=["raw", "binarize"])
@pytest.mark.parametrize("eps", [1, 2, None], ids=["eps1", "eps2", "whole"])
def test_fixed_neurons_are_constant_by_enumeration(seed, binarize, eps):
    n_in = 6 if eps is not None else 4
    net = random_network(seed, n_in=n_in, hidden=(6, 5, 4), binarize=binarize)
    x0 = np.random.default_rng(seed).integers(0, 8, n_in)
    box = whole_space(net) if eps is None else linf_box(net, x0, eps)
    xs = all_inputs(box)
    activations = hidden_activations(net, xs)

    bounds = propagate(net, box)

    for layer, fixed in enumerate(bounds.signs(k) for k in bounds.hidden):
        h = activations[layer]  # (count, n_out)
        for j in np.flatnonzero(fixed != FREE):
            assert (h[:, j] == fixed[j]).all(), (layer, j)
    if binarize:
        bits = binarized_inputs(net, xs)
        input_bits = bounds.signs(0)
        for i in np.flatnonzero(input_bits != FREE):
            assert (bits[:, i] == input_bits[i]).all(), i
    assert bounds.n_total == 15 and 0 <= bounds.n_fixed <= 15


@pytest.mark.parametrize("seed", range(10))
def test_first_layer_bounds_are_exact_by_enumeration(seed):
    # one block over raw inputs: interval arithmetic is exact (independent inputs), so a neuron
    # is free exactly when it takes both values on the box
    net = random_network(seed, n_in=6, hidden=(8,))
    box = linf_box(net, np.random.default_rng(seed).integers(0, 8, 6), 1)
    h = hidden_activations(net, all_inputs(box))[0]
    constant = (h == h[:1]).all(axis=0)

    fixed = propagate(net, box).signs(0)

    np.testing.assert_array_equal(fixed != FREE, constant)


def test_binarize_bits_fix_exactly_at_the_threshold():
    box = InputBox(np.array([3, 3, 3, 3, 3, 3]), np.array([5, 5, 5, 5, 5, 5]))
    net = random_network(0, n_in=6, binarize=True)
    layer = type(net.binarize)(np.array([3, 4, 6, 5, 2, 3]), np.array([0, 0, 0, 1, 1, 1], bool))
    # x >= 3 always; x >= 4 free; x >= 6 never; x <= 5 always; x <= 2 never; x <= 3 free
    low, high = binarize_bounds(layer, box.lo, box.hi)
    np.testing.assert_array_equal(low, [1, -1, -1, 1, -1, -1])
    np.testing.assert_array_equal(high, [1, 1, -1, 1, -1, 1])


def test_boxes_clip_to_the_input_range():
    net = random_network(0, n_in=4)
    box = linf_box(net, np.array([0, 3, 7, 6]), 2)
    np.testing.assert_array_equal(box.lo, [0, 1, 5, 4])
    np.testing.assert_array_equal(box.hi, [2, 5, 7, 7])
    np.testing.assert_array_equal(box.center, [0, 3, 7, 6])
    np.testing.assert_array_equal(whole_space(net).hi, [7, 7, 7, 7])
    assert box.contains([1, 5, 5, 7]) and not box.contains([3, 5, 5, 7])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda net: linf_box(net, np.array([0, 3, 8, 6]), 1), "x0 must lie in"),
        (lambda net: linf_box(net, np.array([0, 3, 7, 6]), -1), "eps must be"),
        (lambda net: InputBox(np.array([2]), np.array([1])), "lo must be <= hi"),
        (lambda net: propagate(net, InputBox(np.zeros(3), np.ones(3))), "the box has 3 inputs"),
    ],
)
def test_bad_regions_raise_usage_errors(make, message):
    with pytest.raises(UsageError, match=message):
        make(random_network(0, n_in=4))
