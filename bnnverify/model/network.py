"""A BinaryNetwork: optional binarize, then blocks, then one output layer (DESIGN.md section 2).

What layer k reads is stated once, by `layer_input`: layer 0 reads the raw input (integers in
[input_min, input_max]); every later layer reads the previous layer's +-1 outputs. Sum ranges,
constant neurons, validation, the engines and the encoders all take it from there.

Thresholds may be any int64: one at or below the least reachable sum makes a constant +1
neuron, one above the largest a constant -1. Code that does arithmetic on a threshold clamps it
first (`clamp_thresholds`, `sum_range`) or works in Python ints; int64 never wraps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError
from bnnverify.model.layers import (
    INT64_SAFE_BITS,
    LAYER_TYPES,
    BinarizeLayer,
    BlockLayer,
    Ints,
    Layer,
    LayerInput,
    OutputLayer,
)

FORMAT_NAME = "bnnverify-model"
FORMAT_VERSION = 1


@dataclass(frozen=True, eq=False)
class BinaryNetwork:
    """A validated BNN: optional binarize, then blocks, then one output layer."""

    layers: tuple[Layer, ...]
    input_shape: tuple[int, ...]
    input_min: int
    input_max: int
    class_names: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        object.__setattr__(self, "input_shape", tuple(int(d) for d in self.input_shape))
        if not self.class_names:
            names = tuple(str(c) for c in range(self.n_classes_from_layers()))
            object.__setattr__(self, "class_names", names)
        object.__setattr__(self, "class_names", tuple(self.class_names))
        validate(self)

    def n_classes_from_layers(self) -> int:
        last = self.layers[-1] if self.layers else None
        return last.n_out if isinstance(last, OutputLayer) else 0

    @property
    def n_inputs(self) -> int:
        return math.prod(self.input_shape)

    @property
    def binarize(self) -> BinarizeLayer | None:
        first = self.layers[0]
        return first if isinstance(first, BinarizeLayer) else None

    @property
    def blocks(self) -> tuple[BlockLayer, ...]:
        return tuple(layer for layer in self.layers if isinstance(layer, BlockLayer))

    @property
    def output(self) -> OutputLayer:
        last = self.layers[-1]
        assert isinstance(last, OutputLayer)
        return last

    @property
    def n_classes(self) -> int:
        return self.output.n_out

    @property
    def reads_raw_input(self) -> bool:
        """True when the first weighted layer multiplies raw integers (no binarize)."""
        return layer_input(self, first_hidden_index(self)).raw

    def flatten(self, x: npt.ArrayLike) -> Ints:
        """(batch, *input_shape) or (batch, n_inputs) integers -> (batch, n_inputs) int64."""
        array = np.asarray(x)
        if array.ndim == len(self.input_shape) or (array.ndim == 1 and array.size == self.n_inputs):
            array = array[None]  # a single input, shaped or flat
        return array.reshape(array.shape[0], self.n_inputs).astype(np.int64)


def layer_input(net: BinaryNetwork, k: int) -> LayerInput:
    """What net.layers[k] reads: the raw input box [input_min, input_max]^n_inputs for k = 0,
    else the n_out +-1 outputs of layer k - 1 (every layer but the last writes +-1 values)."""
    if k == 0:
        return LayerInput(net.n_inputs, net.input_min, net.input_max, raw=True)
    return LayerInput(net.layers[k - 1].n_out, -1, 1, raw=False)


def first_hidden_index(net: BinaryNetwork) -> int:
    """The index of the first layer whose outputs are hidden neurons (the first block)."""
    return next(k for k, layer in enumerate(net.layers) if layer.hidden)


def first_layer_magnitude(net: BinaryNetwork) -> int:
    """Largest |x_i| seen by the first weighted layer: 1 after binarize, else the pixel range."""
    return layer_input(net, first_hidden_index(net)).magnitude


def sum_range(net: BinaryNetwork, k: int) -> tuple[Ints, Ints]:
    """Per neuron of net.layers[k] (a layer with thresholds), the least and largest value its
    threshold is compared with, over every input in [input_min, input_max]: (low, high), each
    (n_out,).

    binarize: x_i itself. A block: the dot range over what it reads (layer_input), i.e. over raw
    inputs min dot = input_min * #(w = +1) - input_max * #(w = -1) and max dot = input_max *
    #(w = +1) - input_min * #(w = -1), over +-1 inputs [-nnz, nnz]. validate keeps
    |input| * n_in below 2**62, so both fit in int64 with room for +-1.
    """
    layer = net.layers[k]
    if "threshold" not in layer.ARRAYS:
        raise TypeError(f"layer{k} is {layer.kind}, which has no threshold")
    reads = layer_input(net, k)
    return layer.sum_range(reads.lows(), reads.highs())


def clamp_thresholds(threshold: Ints, low: Ints, high: Ints) -> Ints:
    """threshold moved into [low, high + 1]: `s >= t` is unchanged for every integer s in [low,
    high], so any int64 threshold can be clamped before arithmetic that could overflow.

    t <= low: s >= t and s >= low both hold for all such s; t > high: s >= t and
    s >= high + 1 both fail. The result lies in [low, high + 1], so t - s, nnz - t, 1 - t
    stay as small as the sums themselves.
    """
    return np.clip(threshold, low, high + 1).astype(np.int64)


def constant_neurons(net: BinaryNetwork) -> dict[int, int]:
    """Layer index -> number of neurons whose threshold makes them constant on every input.

    STYLE 2.8's footgun: a threshold outside the layer's static sum range (each layer type's
    constant_outputs, over what it reads: layer_input). Legal, never rejected.
    """
    counts = {}
    for k, layer in enumerate(net.layers):
        constant = layer.constant_outputs(layer_input(net, k))
        if constant.any():
            counts[k] = int(np.count_nonzero(constant))
    return counts


def validate(net: BinaryNetwork) -> None:
    """Raise DescriptionError naming the first thing wrong with `net`."""
    if net.input_min > net.input_max:
        raise DescriptionError(
            f"input_min must be <= input_max, got {net.input_min} > {net.input_max}"
        )
    if max(abs(net.input_min), abs(net.input_max)) >= 2**INT64_SAFE_BITS:
        raise DescriptionError(
            f"input_min and input_max must lie in (-2**{INT64_SAFE_BITS}, 2**{INT64_SAFE_BITS}), "
            f"got [{net.input_min}, {net.input_max}]"
        )
    if not net.layers:
        raise DescriptionError("layers must not be empty")
    if not isinstance(net.layers[-1], OutputLayer):
        raise DescriptionError(f"the last layer must be output, got {net.layers[-1].kind}")
    for k, layer in enumerate(net.layers):
        name = f"layer{k}"
        _check_position(net, k, name)
        layer.check(name, layer_input(net, k))
    if len(net.class_names) != net.n_classes:
        raise DescriptionError(
            f"class_names must have {net.n_classes} entries, got {len(net.class_names)}"
        )


def _check_position(net: BinaryNetwork, k: int, name: str) -> None:
    """A known layer type, first_only types first, the output last and after a hidden layer."""
    layer = net.layers[k]
    if type(layer) not in LAYER_TYPES.values():
        raise DescriptionError(f"{name}: unknown layer object {type(layer).__name__}")
    if layer.first_only and k != 0:
        raise DescriptionError(f"{name}: {layer.kind} may only be the first layer")
    if isinstance(layer, OutputLayer):
        if k != len(net.layers) - 1:
            raise DescriptionError(f"{name}: output must be the last layer")
        if not any(before.hidden for before in net.layers[:k]):
            raise DescriptionError(f"{name}: the output layer needs a block before it")
