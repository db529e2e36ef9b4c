"""Tiny random networks for the bounds, encoder and solver tests (oracle: tests/oracle.py)."""

from __future__ import annotations

import itertools

import numpy as np

from bnnverify.model import BinarizeLayer, BinaryNetwork, BlockLayer, OutputLayer
from bnnverify.regions import InputBox


def random_network(
    seed: int,
    n_in: int = 5,
    hidden: tuple[int, ...] = (4, 3),
    n_classes: int = 3,
    input_max: int = 7,
    binarize: bool = False,
) -> BinaryNetwork:
    """Ternary weights; thresholds drawn over each neuron's whole reachable dot range (+1), so
    constant neurons and hidden-layer ties both happen; biases are halves, so ties happen too."""
    rng = np.random.default_rng(seed)
    layers: list = []
    if binarize:
        threshold = rng.integers(-1, input_max + 2, n_in)  # includes the constant thresholds
        layers.append(BinarizeLayer(threshold.astype(np.int64), rng.random(n_in) < 0.4))
    width, magnitude = n_in, 1 if binarize else input_max
    for n_out in hidden:
        weight = rng.integers(-1, 2, (n_out, width)).astype(np.int8)
        if magnitude == 1:
            low, high = -np.abs(weight).sum(1), np.abs(weight).sum(1)
        else:  # raw inputs in [0, input_max]
            low, high = -(weight < 0).sum(1) * magnitude, (weight > 0).sum(1) * magnitude
        threshold = np.array([rng.integers(a, b + 2) for a, b in zip(low, high, strict=True)])
        layers.append(BlockLayer(weight, threshold.astype(np.int64)))
        width, magnitude = n_out, 1
    out_weight = rng.integers(-1, 2, (n_classes, width)).astype(np.int8)
    bias = rng.integers(-2, 3, n_classes) / 2
    layers.append(OutputLayer(out_weight, bias.astype(np.float64)))
    return BinaryNetwork(tuple(layers), (n_in,), 0, input_max)


def all_inputs(box: InputBox) -> np.ndarray:
    """Every integer x in the box: (count, n_inputs) int64."""
    grids = [range(int(lo), int(hi) + 1) for lo, hi in zip(box.lo, box.hi, strict=True)]
    return np.array(list(itertools.product(*grids)), dtype=np.int64).reshape(-1, box.n_inputs)


def solve_box(
    net: BinaryNetwork,
    box: InputBox,
    label: int,
    targets=None,
    *,
    solver: str,
    encoding: str,
    timeout_s: float | None = None,
    use_bounds: bool = True,
):  # -> bnnverify.results.Result
    """Decide robustness of `label` on the whole box through the pipeline (verify.run): no
    attack, the box decided even when its center is misclassified. violated <-> sat (its
    counterexample replayed), holds <-> unsat."""
    from bnnverify.properties.base import Model
    from bnnverify.properties.robustness import Robustness
    from bnnverify.regions import box_region
    from bnnverify.verify import CheckConfig, run

    targets = None if targets is None else tuple(targets)
    prop = Robustness(Model.of(net), label, targets, require_correct=False)
    config = CheckConfig(solver, encoding, timeout_s, use_bounds, attack=None)
    return run(prop, box_region(box), config)
