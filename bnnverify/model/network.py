"""A BinaryNetwork: optional binarize, then hidden layers, then one output (DESIGN.md section 2).

What layer k reads is stated once, by `layer_input`: layer 0 reads the raw input (integers in
[input_min, input_max], or reals when input_domain is "real"); every later layer reads the
previous layer's +-1 outputs, shaped as `layer_shapes` says (a block or output reads the
C-order flattening of what precedes it, conv2d and maxpool2d read (C, H, W)).

Thresholds may be any int64 (one outside the reachable sums makes a constant neuron); code doing
arithmetic on one clamps it first (`clamp_thresholds`, `sum_range`) or uses Python ints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError, UsageError
from bnnverify.model.layers import (
    INT64_SAFE_BITS,
    LAYER_TYPES,
    BinarizeLayer,
    BlockLayer,
    Ints,
    Layer,
    LayerInput,
    OutputLayer,
    Shape,
)

FORMAT_NAME = "bnnverify-model"
FORMAT_VERSION = 2  # the newest version this bnnverify reads and writes
FORMAT_VERSIONS = (1, 2)  # every version it reads (a file keeps its meaning forever)
INTEGER_DOMAIN = "integer"  # inputs are integers in [input_min, input_max] (always in v1)
REAL_DOMAIN = "real"  # real inputs (VNN-LIB); only layer 0's thresholds are float64
INPUT_DOMAINS = (INTEGER_DOMAIN, REAL_DOMAIN)


@dataclass(frozen=True, eq=False)
class BinaryNetwork:
    """A validated BNN: optional binarize, then blocks / conv2d / maxpool2d, then one output."""

    layers: tuple[Layer, ...]
    input_shape: tuple[int, ...]
    input_min: int
    input_max: int
    class_names: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)
    input_domain: str = INTEGER_DOMAIN

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
        """The dense hidden layers (a conv model's conv2d layers are not among them)."""
        return tuple(layer for layer in self.layers if isinstance(layer, BlockLayer))

    @property
    def hidden_layers(self) -> tuple[Layer, ...]:
        """Every layer whose outputs are hidden neurons (block and conv2d), in order."""
        return tuple(layer for layer in self.layers if layer.hidden)

    @property
    def format_version(self) -> int:
        """The oldest model file version that holds it: 2 with a conv2d / maxpool2d layer or a
        real input domain, else 1 (each layer type's SINCE_VERSION)."""
        since = max(layer.SINCE_VERSION for layer in self.layers)
        return max(since, 2) if self.real else since

    @property
    def real(self) -> bool:
        """True when the inputs are real numbers (input_domain "real", DESIGN.md section 2)."""
        return self.input_domain == REAL_DOMAIN

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
        if self.real:  # int64 would truncate real inputs
            raise UsageError("a model with real inputs is evaluated through its integer view")
        array = np.asarray(x)
        if array.ndim == len(self.input_shape) or (array.ndim == 1 and array.size == self.n_inputs):
            array = array[None]  # a single input, shaped or flat
        return array.reshape(array.shape[0], self.n_inputs).astype(np.int64)


def read_shape(layer: Layer | type[Layer], before: Shape) -> Shape:
    """The shape `layer` reads when `before` precedes it: the C-order flattening (n,) for a
    layer that reads_flat (block, output), else `before` itself."""
    return (math.prod(before),) if layer.reads_flat else tuple(before)


def shapes_read(layers: Sequence[Layer], input_shape: Shape) -> list[Shape]:
    """The shape each of `layers` reads, in order, the first reading `input_shape`; a layer's
    output shape is its written_shape of what it read. Every layer but the last must be valid
    (validate checks layer k before it asks for the shape of layer k + 1)."""
    shapes: list[Shape] = []
    before = tuple(input_shape)
    for k, layer in enumerate(layers):
        if k:
            before = layers[k - 1].written_shape(shapes[-1])
        shapes.append(read_shape(layer, before))
    return shapes


def layer_shapes(net: BinaryNetwork) -> list[Shape]:
    """The shape each layer of `net` READS: (n,) for a flat vector, (C, H, W) for an image.

    Layer 0 reads input_shape (a block or output reads its flattening); a block or output reads
    the C-order flattening of whatever precedes it; binarize keeps the shape it reads; conv2d
    and maxpool2d read (C, H, W) and write their out_shape.
    """
    return shapes_read(net.layers, net.input_shape)


def layer_input(net: BinaryNetwork, k: int) -> LayerInput:
    """What net.layers[k] reads: the raw input box [input_min, input_max]^n_inputs for k = 0,
    else the +-1 outputs of layer k - 1 (every layer but the last writes +-1 values), shaped as
    layer_shapes says."""
    return chain_input(net.layers, k, net.input_shape, net.input_min, net.input_max, net.real)


def chain_input(
    layers: Sequence[Layer], k: int, input_shape: Shape, input_min: int, input_max: int, real=False
) -> LayerInput:
    """layer_input of layers[k] in a chain over that input, before any BinaryNetwork exists
    (the loader derives in_shape with it); layers[:k] must be valid. real: the inputs are
    real numbers (input_domain "real"), which only layer 0 reads."""
    shape = shapes_read(layers[: k + 1], input_shape)[k]
    if k == 0:
        return LayerInput(math.prod(shape), input_min, input_max, True, shape, real=real)
    return LayerInput(math.prod(shape), -1, 1, raw=False, shape=shape)


def check_chain(
    layers: Sequence[Layer], input_shape: Shape, input_min: int, input_max: int, real: bool = False
) -> None:
    """Raise DescriptionError naming the first thing wrong with the input range or with one of
    `layers` given what it reads (layer order is validate's): afterwards the shape each layer
    writes is well defined."""
    _check_input_range(input_min, input_max)
    for k, layer in enumerate(layers):
        layer.check(f"layer{k}", chain_input(layers, k, input_shape, input_min, input_max, real))


def next_input_shape(
    layers: Sequence[Layer],
    cls: type[Layer],
    input_shape: Shape,
    input_min: int,
    input_max: int,
    real: bool = False,
) -> Shape:
    """The shape a layer of type `cls` placed after `layers` reads: the loader derives in_shape
    with it. `layers` are checked first (check_chain), so the shape each writes is defined."""
    check_chain(layers, input_shape, input_min, input_max, real)
    if not layers:
        return read_shape(cls, input_shape)
    return read_shape(cls, layers[-1].written_shape(shapes_read(layers, input_shape)[-1]))


def first_hidden_index(net: BinaryNetwork) -> int:
    """The index of the first layer with hidden neurons (block, conv2d)."""
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
    _check_input_range(net.input_min, net.input_max)
    if not net.layers:
        raise DescriptionError("layers must not be empty")
    if not isinstance(net.layers[-1], OutputLayer):
        raise DescriptionError(f"the last layer must be output, got {net.layers[-1].kind}")
    if net.input_domain not in INPUT_DOMAINS:
        raise DescriptionError(
            f"input_domain must be one of {list(INPUT_DOMAINS)}, got {net.input_domain!r}"
        )
    if net.real and not net.layers[0].hidden:
        raise DescriptionError(
            f"layer0: a model with real inputs must start with block or conv2d (the layer "
            f"that is linear over the real box), got {net.layers[0].kind}"
        )
    for k, layer in enumerate(net.layers):
        name = f"layer{k}"
        _check_position(net, k, name)
        layer.check(name, layer_input(net, k))
    if len(net.class_names) != net.n_classes:
        raise DescriptionError(
            f"class_names must have {net.n_classes} entries, got {len(net.class_names)}"
        )


def _check_input_range(input_min: int, input_max: int) -> None:
    if input_min > input_max:
        raise DescriptionError(f"input_min must be <= input_max, got {input_min} > {input_max}")
    if max(abs(input_min), abs(input_max)) >= 2**INT64_SAFE_BITS:
        raise DescriptionError(
            f"input_min and input_max must lie in (-2**{INT64_SAFE_BITS}, 2**{INT64_SAFE_BITS}), "
            f"got [{input_min}, {input_max}]"
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
            raise DescriptionError(
                f"{name}: the output layer needs a hidden layer (block or conv2d) before it"
            )
