"""The layer types of a BinaryNetwork (DESIGN.md section 2): what each computes, stores and checks.

Each layer type is a frozen dataclass whose fields are its arrays, made read-only copies on
construction (the description is frozen; the caller's arrays are neither aliased nor altered).
The description side of the layer protocol, one class per type:

- `kind`: its "type" in the model file; `LAYER_TYPES` maps it back to the class.
- `ARRAYS`: the arrays it stores (`layer{k}.<name>` in the file), in field order; `META`: the
  per-layer scalars stored in its `meta.layers[k]` entry besides n_in / n_out (conv2d:
  stride, padding, pad_value; maxpool2d: kernel, stride). A field in neither is `in_shape`
  (conv2d, maxpool2d): what it reads, derived from the chain, never stored.
- `hidden`: its outputs are hidden neurons (a weight row and a threshold each): bounds count
  them, encoders name them ("h", b, j), reference.hidden_activations lists them (block and
  conv2d).
- `first_only`: it reads the raw input only, so it may only be layer 0.
- `reads_flat`: it reads the C-order flattening of what precedes it (block, output); the
  others read the shape as it is (conv2d and maxpool2d need (C, H, W)).
- `n_in`, `n_out`: the flat widths it reads and writes; `written_shape(reads)`: the shape it
  writes when it reads shape `reads` (`out_shape` where the layer alone determines it).
- `check(name, reads)`: DescriptionError naming the first thing wrong with its arrays, given
  what it reads (`LayerInput`).
- `sum_range(lo, hi)`: per output, the least and largest value compared with its threshold
  when input i ranges over [lo_i, hi_i] (maxpool2d: the range of the output itself).
- `constant_outputs(reads)`: the outputs whose threshold makes them constant on every input.

Dense types live here, convolution and max-pool in model.conv; shared helpers in model.arrays.
The other protocols keep one entry per type in their own modules: engine.reference.EVALUATE,
engine.packed.KERNELS, bounds.LAYER_BOUNDS, encode.layers.LAYER_ENCODERS
(tests/test_layer_protocol.py checks that every type has all four).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from bnnverify.errors import DescriptionError
from bnnverify.model.arrays import (
    INT64_SAFE_BITS,
    Bools,
    Floats,
    Ints,
    LayerInput,
    Shape,
    Signs,
    check_array,
    check_signs,
    check_sum_fits,
    check_thresholds,
    dot_range,
    freeze_arrays,
)
from bnnverify.model.conv import Conv2dLayer, MaxPool2dLayer

__all__ = [
    "INT64_SAFE_BITS",
    "LAYER_TYPES",
    "BinarizeLayer",
    "BlockLayer",
    "Bools",
    "Conv2dLayer",
    "Floats",
    "Ints",
    "Layer",
    "LayerInput",
    "MaxPool2dLayer",
    "OutputLayer",
    "Shape",
    "Signs",
    "dot_range",
]


@dataclass(frozen=True, eq=False)
class BinarizeLayer:
    """bit_i = +1 iff x_i >= threshold_i (x_i <= threshold_i when flip_i), else -1."""

    threshold: Ints  # (n,)
    flip: Bools  # (n,)
    kind: ClassVar[str] = "binarize"
    ARRAYS: ClassVar[tuple[str, ...]] = ("threshold", "flip")
    META: ClassVar[tuple[str, ...]] = ()
    SINCE_VERSION: ClassVar[int] = 1
    hidden: ClassVar[bool] = False
    first_only: ClassVar[bool] = True
    reads_flat: ClassVar[bool] = False  # bit by bit: it keeps the input's shape

    def __post_init__(self) -> None:
        freeze_arrays(self)

    @property
    def n_in(self) -> int:
        return int(self.threshold.shape[0])

    @property
    def n_out(self) -> int:
        return self.n_in

    def written_shape(self, reads: Shape) -> Shape:
        """The shape it reads (an image stays an image)."""
        return reads

    def check(self, name: str, reads: LayerInput) -> None:
        # Any int64 threshold is legal (DESIGN.md section 2): past the input range it is a
        # constant bit, see constant_outputs.
        check_array(f"{name}.threshold", self.threshold, np.int64, (reads.n,))
        check_array(f"{name}.flip", self.flip, np.bool_, (reads.n,))

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """Bit i compares x_i itself with threshold_i: [lo_i, hi_i]."""
        return np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """x >= t is constant on [low, high] iff t <= low or t > high; x <= t iff t >= high or
        t < low: i.e. t outside [low, high], or t == low (no flip), t == high (flip)."""
        t, flip = self.threshold, self.flip
        outside = (t < reads.low) | (t > reads.high)
        return np.asarray(outside | np.where(flip, t == reads.high, t == reads.low))


class WeightRows:
    """What the two dense layer types share: a weight matrix (n_out, n_in) over the C-order
    flattening of what precedes them, read-only arrays, and the flat shape they write."""

    weight: Signs  # (n_out, n_in); a field of each dataclass below
    reads_flat: ClassVar[bool] = True  # the C-order flattening of what precedes it

    def __post_init__(self) -> None:
        freeze_arrays(self)

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])

    @property
    def out_shape(self) -> Shape:
        return (self.n_out,)

    def written_shape(self, reads: Shape) -> Shape:
        return self.out_shape

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """The interval of dot(weight[j], x) (see dot_range): the sum a block's threshold is
        compared with, or score_c - bias_c for the output layer."""
        return dot_range(self.weight, lo, hi)


@dataclass(frozen=True, eq=False)
class BlockLayer(WeightRows):
    """y_j = +1 iff dot(weight[j], x) >= threshold[j], else -1."""

    weight: Signs  # (n_out, n_in)
    threshold: Ints  # (n_out,)
    kind: ClassVar[str] = "block"
    ARRAYS: ClassVar[tuple[str, ...]] = ("weight", "threshold")
    META: ClassVar[tuple[str, ...]] = ()
    SINCE_VERSION: ClassVar[int] = 1
    hidden: ClassVar[bool] = True
    first_only: ClassVar[bool] = False

    def check(self, name: str, reads: LayerInput) -> None:
        check_signs(f"{name}.weight", self.weight, reads.n)
        check_thresholds(f"{name}.threshold", self.threshold, self.n_out, reads)
        # Any int64 threshold is legal (DESIGN.md section 2); the sums must fit in int64:
        # |dot| <= n * magnitude (always true over +-1 inputs).
        check_sum_fits(name, reads.n, reads)

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """The static sum range [-b, b], b = n_in * magnitude: t <= -b (always +1) or t > b
        (always -1). Coarser than sum_range (it ignores the weights) and cheap."""
        bound = self.n_in * reads.magnitude
        return np.asarray((self.threshold <= -bound) | (self.threshold > bound))


@dataclass(frozen=True, eq=False)
class OutputLayer(WeightRows):
    """score_c = dot(weight[c], x) + bias[c], exactly."""

    weight: Signs  # (n_classes, n_in)
    bias: Floats  # (n_classes,)
    kind: ClassVar[str] = "output"
    ARRAYS: ClassVar[tuple[str, ...]] = ("weight", "bias")
    META: ClassVar[tuple[str, ...]] = ()
    SINCE_VERSION: ClassVar[int] = 1
    hidden: ClassVar[bool] = False
    first_only: ClassVar[bool] = False

    def check(self, name: str, reads: LayerInput) -> None:
        check_signs(f"{name}.weight", self.weight, reads.n)
        check_array(f"{name}.bias", self.bias, np.float64, (self.n_out,))
        if not np.isfinite(self.bias).all():
            raise DescriptionError(f"{name}.bias must be finite, got {self.bias.tolist()}")

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """None: scores are not threshold neurons."""
        return np.zeros(self.n_out, dtype=np.bool_)


Layer = BinarizeLayer | BlockLayer | Conv2dLayer | MaxPool2dLayer | OutputLayer
LAYER_TYPES: dict[str, type[Layer]] = {
    cls.kind: cls for cls in (BinarizeLayer, BlockLayer, Conv2dLayer, MaxPool2dLayer, OutputLayer)
}
