"""Tiny random networks for the bounds, encoder and solver tests (oracle: tests/oracle.py)."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path
from dataclasses import dataclass

import numpy as np

from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    MaxPool2dLayer,
    OutputLayer,
)
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


@dataclass(frozen=True)
class ConvSpec:
    """One conv2d layer of random_conv_network: its output channels and meta values."""

    out_channels: int = 2
    kernel: tuple[int, int] = (2, 2)
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)
    pad_value: int = 0


@dataclass(frozen=True)
class PoolSpec:
    """One maxpool2d layer of random_conv_network (stride None: the kernel)."""

    kernel: tuple[int, int] = (2, 2)
    stride: tuple[int, int] | None = None


def conv_out_shape(spec: ConvSpec | PoolSpec, shape: tuple[int, int, int]) -> tuple[int, int, int]:
    """(C, H, W) after the layer: H_out = (H + top + bottom - KH) // SH + 1 (no padding: pool)."""
    channels, height, width = shape
    kh, kw = spec.kernel
    if isinstance(spec, PoolSpec):
        sh, sw = spec.stride or spec.kernel
        return channels, (height - kh) // sh + 1, (width - kw) // sw + 1
    top, bottom, left, right = spec.padding
    sh, sw = spec.stride
    h_out = (height + top + bottom - kh) // sh + 1
    return spec.out_channels, h_out, (width + left + right - kw) // sw + 1


def spread_threshold(rng: np.random.Generator, low: int, high: int) -> int:
    """A threshold for sums in [low, high]: mostly in the middle half (so the neuron varies on a
    tiny box), sometimes anywhere in [low, high + 1] (constant neurons happen too)."""
    if rng.random() < 0.15:
        return int(rng.integers(low, high + 2))
    quarter = (high - low) // 4
    return int(rng.integers(low + quarter, high - quarter + 2))


def random_thresholds(rng: np.random.Generator, weight: np.ndarray, magnitude: int) -> np.ndarray:
    """One spread_threshold per row of weight (n_out, ...): sums over +-1 inputs lie in
    [-nnz, nnz], over raw inputs in [0, magnitude] in [-magnitude * #(w<0), magnitude * #(w>0)]."""
    flat = weight.reshape(weight.shape[0], -1)
    if magnitude == 1:
        low, high = -np.abs(flat).sum(1), np.abs(flat).sum(1)
    else:
        low, high = -(flat < 0).sum(1) * magnitude, (flat > 0).sum(1) * magnitude
    drawn = [spread_threshold(rng, a, b) for a, b in zip(low, high, strict=True)]
    return np.array(drawn, dtype=np.int64)


def random_conv_layers(
    seed: int,
    in_shape: tuple[int, int, int],
    features: tuple[ConvSpec | PoolSpec, ...],
    hidden: tuple[int, ...],
    n_classes: int,
    input_max: int,
    binarize: bool,
) -> list[tuple[str, dict]]:
    """The layers of random_conv_network as (kind, fields) in order."""
    rng = np.random.default_rng(seed)
    layers: list[tuple[str, dict]] = []
    n_inputs = int(np.prod(in_shape))
    if binarize:
        threshold = rng.integers(1, input_max + 1, n_inputs)  # varies on [0, input_max]
        constant = rng.random(n_inputs) < 0.1  # ... but a few are constant
        threshold = np.where(constant, rng.choice([0, input_max + 1], n_inputs), threshold)
        layers.append(
            (
                "binarize",
                {"threshold": threshold.astype(np.int64), "flip": rng.random(n_inputs) < 0.3},
            )
        )
    shape, magnitude = in_shape, 1 if binarize else input_max
    for spec in features:
        if isinstance(spec, PoolSpec):
            assert magnitude == 1, "maxpool2d reads +-1 values"
            fields = {"in_shape": shape, "kernel": spec.kernel, "stride": spec.stride}
            layers.append(("maxpool2d", fields))
        else:
            weight_shape = (spec.out_channels, shape[0], *spec.kernel)
            weight = rng.integers(-1, 2, weight_shape).astype(np.int8)
            fields = {"weight": weight, "threshold": random_thresholds(rng, weight, magnitude)}
            fields |= {"in_shape": shape, "stride": spec.stride, "padding": spec.padding}
            layers.append(("conv2d", {**fields, "pad_value": spec.pad_value}))
        shape, magnitude = conv_out_shape(spec, shape), 1
    width = int(np.prod(shape))
    for n_out in hidden:
        weight = rng.integers(-1, 2, (n_out, width)).astype(np.int8)
        layers.append(
            ("block", {"weight": weight, "threshold": random_thresholds(rng, weight, magnitude)})
        )
        width, magnitude = n_out, 1
    weight = rng.integers(-1, 2, (n_classes, width)).astype(np.int8)
    layers.append(("output", {"weight": weight, "bias": rng.integers(-2, 3, n_classes) / 2}))
    return layers


def random_conv_network(
    seed: int,
    in_shape: tuple[int, int, int] = (2, 3, 3),
    features: tuple[ConvSpec | PoolSpec, ...] = (ConvSpec(),),
    hidden: tuple[int, ...] = (4,),
    n_classes: int = 3,
    input_max: int = 3,
    binarize: bool = False,
) -> BinaryNetwork:
    """[binarize] -> conv2d / maxpool2d layers as `features` lists them -> blocks -> output.

    Ternary weights; each conv channel's and block neuron's threshold drawn mostly from the
    middle of its reachable sum range (verdicts vary on tiny boxes), sometimes from all of it
    (constant neurons); output biases are halves (ties happen). A raw-input first conv reads
    integers in [0, input_max] (its pad_value a value in that range); after a binarize (or a
    conv) every layer reads +-1 values (pad_value -1, 0 or +1)."""
    classes = {"binarize": BinarizeLayer, "conv2d": Conv2dLayer, "maxpool2d": MaxPool2dLayer,
               "block": BlockLayer, "output": OutputLayer}  # fmt: skip
    plan = random_conv_layers(seed, in_shape, features, hidden, n_classes, input_max, binarize)
    layers = tuple(classes[kind](**fields) for kind, fields in plan)
    return BinaryNetwork(layers, in_shape, 0, input_max)


def tiny_box(net: BinaryNetwork, seed: int, n_free: int = 6) -> InputBox:
    """A box around a random center where n_free inputs range over [input_min, input_max] and
    the others are fixed: (span + 1) ** n_free points, few enough to enumerate."""
    rng = np.random.default_rng(seed)
    center = rng.integers(net.input_min, net.input_max + 1, net.n_inputs)
    free = np.zeros(net.n_inputs, dtype=bool)
    free[rng.choice(net.n_inputs, size=min(n_free, net.n_inputs), replace=False)] = True
    lo = np.where(free, net.input_min, center)
    hi = np.where(free, net.input_max, center)
    return InputBox(lo, hi, center)


FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")  # the Debian package's IDX files


def read_fashion_idx(name: str) -> np.ndarray:
    """An IDX file of FASHION_DIR (e.g. "train-images-idx3-ubyte"), read here rather than by
    bnnverify.data so that training tests do not depend on the reader they exercise."""
    with gzip.open(FASHION_DIR / f"{name}.gz", "rb") as stream:
        data = stream.read()
    n_dims = data[3]
    dims = [int.from_bytes(data[4 + 4 * d : 8 + 4 * d], "big") for d in range(n_dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * n_dims).reshape(dims)
