"""The integer description of a BNN, format "bnnverify-model" version 1 (DESIGN.md section 2).

Every convention of the project is stated here, once:

- An input is an integer array of shape `input_shape`, each entry in [input_min, input_max],
  flattened in C order.
- `binarize` (optional, first only): bit i is +1 iff x_i >= threshold_i, or x_i <= threshold_i
  when flip_i; otherwise -1.
- `block`: y_j = +1 iff sum_i weight[j, i] * x_i >= threshold[j], else -1. A neuron fires on
  `>=`, so sign(0) = +1. The first block reads the raw integer input when there is no
  `binarize`; every later layer reads the previous layer's +-1 outputs.
- Thresholds may be any int64: one at or below the least reachable sum makes a constant +1
  neuron, one above the largest a constant -1. Code that does arithmetic on a threshold clamps
  it first (`clamp_thresholds`, `sum_range`) or works in Python ints; int64 never wraps.
- `output` (last, exactly one): score_c = sum_i weight[c, i] * x_i + bias[c] in exact real
  arithmetic. Every float64 is a dyadic rational m / 2**k, so scaling all biases by 2**shift
  (shift = the largest k) makes every score an integer: see `BiasScale`.
- Prediction = argmax of the scores, ties to the lowest index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError

FORMAT_NAME = "bnnverify-model"
FORMAT_VERSION = 1
INT64_SAFE_BITS = 62  # |value| < 2**62 leaves room for one addition without overflow

Signs = npt.NDArray[np.int8]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


def _check_array(name: str, array: Any, dtype: type, shape: tuple[int, ...] | None) -> None:
    if not isinstance(array, np.ndarray):
        raise DescriptionError(f"{name} must be a numpy array, got {type(array).__name__}")
    if array.dtype != np.dtype(dtype):
        raise DescriptionError(f"{name} must be {np.dtype(dtype)}, got {array.dtype}")
    if shape is not None and array.shape != shape:
        raise DescriptionError(f"{name} must have shape {shape}, got {array.shape}")


def _check_signs(name: str, weight: np.ndarray) -> None:
    _check_array(name, weight, np.int8, None)
    if weight.ndim != 2:
        raise DescriptionError(f"{name} must be 2-D (n_out, n_in), got shape {weight.shape}")
    bad = ~np.isin(weight, (-1, 0, 1))
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise DescriptionError(
            f"{name} must hold values in {{-1, 0, +1}}, got {int(weight[index])} at {index}"
        )


@dataclass(frozen=True, eq=False)
class BinarizeLayer:
    """bit_i = +1 iff x_i >= threshold_i (x_i <= threshold_i when flip_i), else -1."""

    threshold: Ints
    flip: Bools
    kind: ClassVar[str] = "binarize"

    @property
    def n_in(self) -> int:
        return int(self.threshold.shape[0])

    @property
    def n_out(self) -> int:
        return self.n_in


@dataclass(frozen=True, eq=False)
class BlockLayer:
    """y_j = +1 iff dot(weight[j], x) >= threshold[j], else -1."""

    weight: Signs  # (n_out, n_in)
    threshold: Ints  # (n_out,)
    kind: ClassVar[str] = "block"

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])


@dataclass(frozen=True, eq=False)
class OutputLayer:
    """score_c = dot(weight[c], x) + bias[c], exactly."""

    weight: Signs  # (n_classes, n_in)
    bias: Floats  # (n_classes,)
    kind: ClassVar[str] = "output"

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])


Layer = BinarizeLayer | BlockLayer | OutputLayer
LAYER_TYPES: dict[str, type] = {cls.kind: cls for cls in (BinarizeLayer, BlockLayer, OutputLayer)}


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
        return self.binarize is None

    def flatten(self, x: npt.ArrayLike) -> Ints:
        """(batch, *input_shape) or (batch, n_inputs) integers -> (batch, n_inputs) int64."""
        array = np.asarray(x)
        if array.ndim == len(self.input_shape) or (array.ndim == 1 and array.size == self.n_inputs):
            array = array[None]  # a single input, shaped or flat
        return array.reshape(array.shape[0], self.n_inputs).astype(np.int64)


def first_layer_magnitude(net: BinaryNetwork) -> int:
    """Largest |x_i| seen by the first weighted layer: 1 after binarize, else the pixel range."""
    if net.reads_raw_input:
        return max(abs(net.input_min), abs(net.input_max))
    return 1


def sum_range(net: BinaryNetwork, k: int) -> tuple[Ints, Ints]:
    """Per neuron of net.layers[k] (binarize or block), the least and largest value its threshold
    is compared with, over every input in [input_min, input_max]: (low, high), each (n_out,).

    binarize: x_i itself, in [input_min, input_max]. A block over raw inputs (no binarize):
    min dot = input_min * #(w = +1) - input_max * #(w = -1), max dot = input_max * #(w = +1) -
    input_min * #(w = -1). A block over +-1 inputs: dot in [-nnz, nnz], nnz = #(w != 0).
    validate keeps |input| * n_in below 2**62, so both fit in int64 with room for +-1.
    """
    layer = net.layers[k]
    if isinstance(layer, BinarizeLayer):
        n = layer.n_in
        return np.full(n, net.input_min, np.int64), np.full(n, net.input_max, np.int64)
    if not isinstance(layer, BlockLayer):
        raise TypeError(f"layer{k} is {layer.kind}, which has no threshold")
    positive = (layer.weight > 0).sum(axis=1, dtype=np.int64)
    negative = (layer.weight < 0).sum(axis=1, dtype=np.int64)
    if net.reads_raw_input and k == 0:
        low = net.input_min * positive - net.input_max * negative
        return low, net.input_max * positive - net.input_min * negative
    return -(positive + negative), positive + negative


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

    STYLE 2.8's footgun: a threshold outside the layer's static sum range [-n, n] (n = n_in
    times the largest |input| for the first weighted layer, n_in after it), i.e. t <= -n
    (always +1) or t > n (always -1); for binarize, x >= t with t <= input_min or
    t > input_max, and x <= t with t >= input_max or t < input_min. Legal, never rejected.
    """
    counts = {}
    for k, layer in enumerate(net.layers):
        if isinstance(layer, BinarizeLayer):
            t, flip = layer.threshold, layer.flip
            outside = (t < net.input_min) | (t > net.input_max)
            constant = outside | np.where(flip, t == net.input_max, t == net.input_min)
        elif isinstance(layer, BlockLayer):
            magnitude = first_layer_magnitude(net) if k == _first_block_index(net) else 1
            bound = layer.n_in * magnitude
            constant = (layer.threshold <= -bound) | (layer.threshold > bound)
        else:
            continue
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
    n = net.n_inputs
    for k, layer in enumerate(net.layers):
        name = f"layer{k}"
        if isinstance(layer, BinarizeLayer):
            if k != 0:
                raise DescriptionError(f"{name}: binarize may only be the first layer")
            _check_array(f"{name}.threshold", layer.threshold, np.int64, (n,))
            _check_array(f"{name}.flip", layer.flip, np.bool_, (n,))
            # Any int64 threshold is legal (DESIGN.md section 2): past the input range it is a
            # constant bit, see constant_neurons.
        elif isinstance(layer, BlockLayer):
            _check_signs(f"{name}.weight", layer.weight)
            if layer.weight.shape[1] != n:
                raise DescriptionError(
                    f"{name}.weight must have {n} columns (the previous layer's width), "
                    f"got {layer.weight.shape[1]}"
                )
            _check_array(f"{name}.threshold", layer.threshold, np.int64, (layer.n_out,))
            # Any int64 threshold is legal (DESIGN.md section 2); the sums must fit in int64.
            first = k == _first_block_index(net)
            if first and n * first_layer_magnitude(net) >= 2**INT64_SAFE_BITS:
                raise DescriptionError(
                    f"{name}: {n} inputs in [{net.input_min}, {net.input_max}] give sums beyond "
                    f"2**{INT64_SAFE_BITS}; expected a smaller input range"
                )
        elif isinstance(layer, OutputLayer):
            if k != len(net.layers) - 1:
                raise DescriptionError(f"{name}: output must be the last layer")
            if k == 0 or isinstance(net.layers[0], BinarizeLayer) and k == 1:
                raise DescriptionError(f"{name}: the output layer needs a block before it")
            _check_signs(f"{name}.weight", layer.weight)
            if layer.weight.shape[1] != n:
                raise DescriptionError(
                    f"{name}.weight must have {n} columns (the previous layer's width), "
                    f"got {layer.weight.shape[1]}"
                )
            _check_array(f"{name}.bias", layer.bias, np.float64, (layer.n_out,))
            if not np.isfinite(layer.bias).all():
                raise DescriptionError(f"{name}.bias must be finite, got {layer.bias.tolist()}")
        else:
            raise DescriptionError(f"{name}: unknown layer object {type(layer).__name__}")
        n = layer.n_out
    if len(net.class_names) != net.n_classes:
        raise DescriptionError(
            f"class_names must have {net.n_classes} entries, got {len(net.class_names)}"
        )


def _first_block_index(net: BinaryNetwork) -> int:
    return 1 if isinstance(net.layers[0], BinarizeLayer) else 0


@dataclass(frozen=True)
class BiasScale:
    """The output biases as integers: bias[c] = numerators[c] / 2**shift, exactly."""

    numerators: tuple[int, ...]
    shift: int

    @classmethod
    def from_bias(cls, bias: Floats) -> BiasScale:
        fractions = [Fraction(float(b)) for b in bias]
        # Every finite float64 is m / 2**k: its denominator is a power of two.
        shift = max(f.denominator.bit_length() - 1 for f in fractions)
        numerators = tuple(int(f * (1 << shift)) for f in fractions)
        return cls(numerators, shift)

    def scaled_scores(self, dots: Ints) -> np.ndarray:
        """(batch, C) integer dots -> scores * 2**shift, exact (int64 when it fits, else int)."""
        largest_dot = int(np.abs(dots).max(initial=0))
        largest_bias = max(abs(n) for n in self.numerators)
        bits = max(largest_dot.bit_length() + self.shift, largest_bias.bit_length())
        if bits < INT64_SAFE_BITS:
            return (dots.astype(np.int64) << self.shift) + np.array(self.numerators, np.int64)
        exact = dots.astype(object) * (1 << self.shift)
        return exact + np.array(self.numerators, dtype=object)


def predict_from_dots(dots: Ints, bias: Floats) -> Ints:
    """argmax_c (dots[:, c] + bias[c]) exactly, ties to the lowest index. (batch, C) -> (batch,).

    Fast exact path: split bias[c] = whole[c] + frac[c] with whole = floor(bias), an integer,
    and frac in [0, 1), both exact in float64. dots + whole is an integer, so scores compare as
    the pairs (dots + whole, frac) in lexicographic order; replacing frac by its rank among the
    classes keeps that order, and key = (dots + whole) * C + rank orders like the scores.
    """
    n_classes = bias.shape[0]
    whole = np.floor(bias)
    largest = int(np.abs(dots).max(initial=0)) + float(np.abs(whole).max(initial=0))
    if largest * n_classes < 2.0**INT64_SAFE_BITS:
        _, rank = np.unique(bias - whole, return_inverse=True)  # equal fractions, equal ranks
        keys = (dots.astype(np.int64) + whole.astype(np.int64)) * n_classes + rank.reshape(-1)
        return np.asarray(keys.argmax(axis=1), dtype=np.int64)  # first maximum wins
    scores = BiasScale.from_bias(bias).scaled_scores(dots)
    return np.asarray(scores.argmax(axis=1), dtype=np.int64)


def beats_bound(bias: Floats, c: int, label: int) -> int:
    """The integer D with  score_c >= score_label  <=>  dot_c - dot_label >= D.

    score_c >= score_l <=> dot_c - dot_l >= bias_l - bias_c, and the left side is an integer,
    so D = ceil(bias_l - bias_c), computed on exact rationals.
    """
    return math.ceil(Fraction(float(bias[label])) - Fraction(float(bias[c])))
