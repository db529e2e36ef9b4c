"""The layer types of a BinaryNetwork (DESIGN.md section 2): what each computes, stores and checks.

Each layer type is a frozen dataclass whose fields are its arrays, made read-only copies on
construction (the description is frozen; the caller's arrays are neither aliased nor altered).
The description side of the layer protocol, one class per type:

- `kind`: its "type" in the model file; `LAYER_TYPES` maps it back to the class.
- `ARRAYS`: the arrays it stores (`layer{k}.<name>` in the file), in field order; `META`: the
  per-layer scalars stored in its `meta.layers[k]` entry besides n_in / n_out (none yet).
- `hidden`: its outputs are hidden neurons (a weight row and a threshold each): bounds count
  them, encoders name them ("h", b, j), reference.hidden_activations lists them.
- `first_only`: it reads the raw input only, so it may only be layer 0.
- `n_in`, `n_out`: the flat widths it reads and writes.
- `check(name, reads)`: DescriptionError naming the first thing wrong with its arrays, given
  what it reads (`LayerInput`).
- `sum_range(lo, hi)`: per output, the least and largest value compared with its threshold
  when input i ranges over [lo_i, hi_i].
- `constant_outputs(reads)`: the outputs whose threshold makes them constant on every input.

The other protocols keep one entry per type in their own modules: engine.reference.EVALUATE,
engine.packed.KERNELS, bounds.LAYER_BOUNDS, encode.layers.LAYER_ENCODERS
(tests/test_layer_protocol.py checks that every type has all four).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError

INT64_SAFE_BITS = 62  # |value| < 2**62 leaves room for one addition without overflow

Signs = npt.NDArray[np.int8]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LayerInput:
    """What a layer reads: n integers, each in [low, high].

    raw: the network's input (integers in [input_min, input_max], read by layer 0); otherwise
    the previous layer's +-1 outputs, with low = -1 and high = 1.
    """

    n: int
    low: int
    high: int
    raw: bool

    @property
    def magnitude(self) -> int:
        """max |x_i|, so |dot(w, x)| <= n * magnitude for w in {-1, 0, +1}^n."""
        return max(abs(self.low), abs(self.high))

    def lows(self) -> Ints:
        return np.full(self.n, self.low, dtype=np.int64)

    def highs(self) -> Ints:
        return np.full(self.n, self.high, dtype=np.int64)


def _read_only(value: Any) -> Any:
    """A read-only copy of an array; any other value as given (check reports it)."""
    if not isinstance(value, np.ndarray):
        return value
    copy = np.array(value, copy=True)
    copy.flags.writeable = False
    return copy


def _freeze_arrays(layer: Any) -> None:
    for field in fields(layer):
        object.__setattr__(layer, field.name, _read_only(getattr(layer, field.name)))


def _check_array(name: str, array: Any, dtype: type, shape: tuple[int, ...] | None) -> None:
    if not isinstance(array, np.ndarray):
        raise DescriptionError(f"{name} must be a numpy array, got {type(array).__name__}")
    if array.dtype != np.dtype(dtype):
        raise DescriptionError(f"{name} must be {np.dtype(dtype)}, got {array.dtype}")
    if shape is not None and array.shape != shape:
        raise DescriptionError(f"{name} must have shape {shape}, got {array.shape}")


def _check_signs(name: str, weight: np.ndarray, n_in: int) -> None:
    """weight: int8 (n_out, n_in) with values in {-1, 0, +1}."""
    _check_array(name, weight, np.int8, None)
    if weight.ndim != 2:
        raise DescriptionError(f"{name} must be 2-D (n_out, n_in), got shape {weight.shape}")
    bad = ~np.isin(weight, (-1, 0, 1))
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise DescriptionError(
            f"{name} must hold values in {{-1, 0, +1}}, got {int(weight[index])} at {index}"
        )
    if weight.shape[1] != n_in:
        raise DescriptionError(
            f"{name} must have {n_in} columns (the previous layer's width), got {weight.shape[1]}"
        )


def dot_range(weight: Signs, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Interval of dot(weight[j], x) over lo <= x <= hi: (n_out,) each.

    min = sum_{w=+1} lo_i - sum_{w=-1} hi_i, max = sum_{w=+1} hi_i - sum_{w=-1} lo_i; over +-1
    inputs (lo = -1, hi = 1) that is [-nnz, nnz]. |dot| <= n_in * max|x| < 2**62 (validate).
    """
    w = weight.astype(np.int64)
    pos: Ints = np.maximum(w, 0)
    neg: Ints = np.maximum(-w, 0)
    return pos @ lo - neg @ hi, pos @ hi - neg @ lo


@dataclass(frozen=True, eq=False)
class BinarizeLayer:
    """bit_i = +1 iff x_i >= threshold_i (x_i <= threshold_i when flip_i), else -1."""

    threshold: Ints  # (n,)
    flip: Bools  # (n,)
    kind: ClassVar[str] = "binarize"
    ARRAYS: ClassVar[tuple[str, ...]] = ("threshold", "flip")
    META: ClassVar[tuple[str, ...]] = ()
    hidden: ClassVar[bool] = False
    first_only: ClassVar[bool] = True

    def __post_init__(self) -> None:
        _freeze_arrays(self)

    @property
    def n_in(self) -> int:
        return int(self.threshold.shape[0])

    @property
    def n_out(self) -> int:
        return self.n_in

    def check(self, name: str, reads: LayerInput) -> None:
        # Any int64 threshold is legal (DESIGN.md section 2): past the input range it is a
        # constant bit, see constant_outputs.
        _check_array(f"{name}.threshold", self.threshold, np.int64, (reads.n,))
        _check_array(f"{name}.flip", self.flip, np.bool_, (reads.n,))

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """Bit i compares x_i itself with threshold_i: [lo_i, hi_i]."""
        return np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """x >= t is constant on [low, high] iff t <= low or t > high; x <= t iff t >= high or
        t < low: i.e. t outside [low, high], or t == low (no flip), t == high (flip)."""
        t, flip = self.threshold, self.flip
        outside = (t < reads.low) | (t > reads.high)
        return np.asarray(outside | np.where(flip, t == reads.high, t == reads.low))


@dataclass(frozen=True, eq=False)
class BlockLayer:
    """y_j = +1 iff dot(weight[j], x) >= threshold[j], else -1."""

    weight: Signs  # (n_out, n_in)
    threshold: Ints  # (n_out,)
    kind: ClassVar[str] = "block"
    ARRAYS: ClassVar[tuple[str, ...]] = ("weight", "threshold")
    META: ClassVar[tuple[str, ...]] = ()
    hidden: ClassVar[bool] = True
    first_only: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _freeze_arrays(self)

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])

    def check(self, name: str, reads: LayerInput) -> None:
        _check_signs(f"{name}.weight", self.weight, reads.n)
        _check_array(f"{name}.threshold", self.threshold, np.int64, (self.n_out,))
        # Any int64 threshold is legal (DESIGN.md section 2); the sums must fit in int64:
        # |dot| <= n * magnitude (always true over +-1 inputs).
        if reads.n * reads.magnitude >= 2**INT64_SAFE_BITS:
            raise DescriptionError(
                f"{name}: {reads.n} inputs in [{reads.low}, {reads.high}] give sums beyond "
                f"2**{INT64_SAFE_BITS}; expected a smaller input range"
            )

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """The interval of dot(weight[j], x): see dot_range."""
        return dot_range(self.weight, lo, hi)

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """The static sum range [-b, b], b = n_in * magnitude: t <= -b (always +1) or t > b
        (always -1). Coarser than sum_range (it ignores the weights) and cheap."""
        bound = self.n_in * reads.magnitude
        return np.asarray((self.threshold <= -bound) | (self.threshold > bound))


@dataclass(frozen=True, eq=False)
class OutputLayer:
    """score_c = dot(weight[c], x) + bias[c], exactly."""

    weight: Signs  # (n_classes, n_in)
    bias: Floats  # (n_classes,)
    kind: ClassVar[str] = "output"
    ARRAYS: ClassVar[tuple[str, ...]] = ("weight", "bias")
    META: ClassVar[tuple[str, ...]] = ()
    hidden: ClassVar[bool] = False
    first_only: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _freeze_arrays(self)

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])

    def check(self, name: str, reads: LayerInput) -> None:
        _check_signs(f"{name}.weight", self.weight, reads.n)
        _check_array(f"{name}.bias", self.bias, np.float64, (self.n_out,))
        if not np.isfinite(self.bias).all():
            raise DescriptionError(f"{name}.bias must be finite, got {self.bias.tolist()}")

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """The interval of dot(weight[c], x) = score_c - bias_c (no threshold compares it)."""
        return dot_range(self.weight, lo, hi)

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """None: scores are not threshold neurons."""
        return np.zeros(self.n_out, dtype=np.bool_)


Layer = BinarizeLayer | BlockLayer | OutputLayer
LAYER_TYPES: dict[str, type[Layer]] = {
    cls.kind: cls for cls in (BinarizeLayer, BlockLayer, OutputLayer)
}
