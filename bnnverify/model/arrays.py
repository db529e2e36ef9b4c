"""What every layer type shares: array aliases, frozen copies, array checks, what a layer reads.

Used by the layer types of model.layers (dense) and model.conv (convolution, max-pool); kept
apart so both can import it without a cycle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError

INT64_SAFE_BITS = 62  # |value| < 2**62 leaves room for one addition without overflow

Signs = npt.NDArray[np.int8]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Shape = tuple[int, ...]


@dataclass(frozen=True)
class LayerInput:
    """What a layer reads: n integers, each in [low, high], laid out as `shape` (C order).

    raw: the network's input (integers in [input_min, input_max], read by layer 0); otherwise
    the previous layer's +-1 outputs, with low = -1 and high = 1. shape: (n,) for a flat vector
    (what block and output read: the C-order flattening of what precedes them), (C, H, W) for
    an image; left out, it is (n,). real: the raw input of a model whose input_domain is
    "real" (real numbers in [low, high]; the layer reading it has float64 thresholds).
    """

    n: int
    low: int
    high: int
    raw: bool
    shape: Shape = ()
    real: bool = False

    @property
    def threshold_dtype(self) -> type:
        """float64 (an exact dyadic rational) for a layer reading real inputs, else int64."""
        return np.float64 if self.real else np.int64

    def __post_init__(self) -> None:
        shape = tuple(int(d) for d in self.shape) if self.shape else (self.n,)
        assert math.prod(shape) == self.n, (shape, self.n)
        object.__setattr__(self, "shape", shape)

    @property
    def magnitude(self) -> int:
        """max |x_i|, so |dot(w, x)| <= n * magnitude for w in {-1, 0, +1}^n."""
        return max(abs(self.low), abs(self.high))

    def lows(self) -> Ints:
        return np.full(self.n, self.low, dtype=np.int64)

    def highs(self) -> Ints:
        return np.full(self.n, self.high, dtype=np.int64)


def read_only(value: Any) -> Any:
    """A read-only copy of an array; any other value as given (check reports it)."""
    if not isinstance(value, np.ndarray):
        return value
    copy = np.array(value, copy=True)
    copy.flags.writeable = False
    return copy


def freeze_arrays(layer: Any) -> None:
    """Replace every array field of a frozen dataclass by a read-only copy."""
    for field in fields(layer):
        object.__setattr__(layer, field.name, read_only(getattr(layer, field.name)))


def check_array(name: str, array: Any, dtype: type, shape: tuple[int, ...] | None) -> None:
    if not isinstance(array, np.ndarray):
        raise DescriptionError(f"{name} must be a numpy array, got {type(array).__name__}")
    if array.dtype != np.dtype(dtype):
        raise DescriptionError(f"{name} must be {np.dtype(dtype)}, got {array.dtype}")
    if shape is not None and array.shape != shape:
        raise DescriptionError(f"{name} must have shape {shape}, got {array.shape}")


def check_sign_values(name: str, weight: np.ndarray) -> None:
    """Every entry of an int8 weight array in {-1, 0, +1}."""
    bad = ~np.isin(weight, (-1, 0, 1))
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise DescriptionError(
            f"{name} must hold values in {{-1, 0, +1}}, got {int(weight[index])} at {index}"
        )


def check_signs(name: str, weight: np.ndarray, n_in: int) -> None:
    """weight: int8 (n_out, n_in) with values in {-1, 0, +1}."""
    check_array(name, weight, np.int8, None)
    if weight.ndim != 2:
        raise DescriptionError(f"{name} must be 2-D (n_out, n_in), got shape {weight.shape}")
    check_sign_values(name, weight)
    if weight.shape[1] != n_in:
        raise DescriptionError(
            f"{name} must have {n_in} columns (the previous layer's width), got {weight.shape[1]}"
        )


def check_thresholds(name: str, threshold: Any, length: int, reads: LayerInput) -> None:
    """threshold: (length,) of reads.threshold_dtype; float64 ones must be finite."""
    check_array(name, threshold, reads.threshold_dtype, (length,))
    if reads.real and not np.isfinite(threshold).all():
        raise DescriptionError(f"{name} must be finite, got {threshold.tolist()}")


def check_sum_fits(name: str, n_terms: int, reads: LayerInput) -> None:
    """|sum of n_terms products w * x| <= n_terms * magnitude must stay below 2**62."""
    if n_terms * reads.magnitude >= 2**INT64_SAFE_BITS:
        raise DescriptionError(
            f"{name}: {n_terms} inputs in [{reads.low}, {reads.high}] give sums beyond "
            f"2**{INT64_SAFE_BITS}; expected a smaller input range"
        )


def is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def as_int_tuple(value: Any) -> Any:
    """A list or tuple of integers as a tuple of int; anything else as given (check reports it)."""
    if isinstance(value, (list, tuple)) and all(is_int(v) for v in value):
        return tuple(int(v) for v in value)
    return value


def shown(value: Any) -> Any:
    """A tuple as a list (as the model file's JSON writes it), anything else as given."""
    return list(value) if isinstance(value, tuple) else value


def check_int_tuple(name: str, value: Any, length: int, least: int, meaning: str) -> None:
    """value: a tuple of `length` ints, each >= least."""
    if not (isinstance(value, tuple) and len(value) == length and all(map(is_int, value))):
        raise DescriptionError(f"{name} must be {length} integers {meaning}, got {shown(value)!r}")
    if min(value) < least:
        raise DescriptionError(f"{name} must be integers >= {least}, got {list(value)}")


def dot_range(weight: Signs, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Interval of dot(weight[j], x) over lo <= x <= hi: (n_out,) each.

    min = sum_{w=+1} lo_i - sum_{w=-1} hi_i, max = sum_{w=+1} hi_i - sum_{w=-1} lo_i; over +-1
    inputs (lo = -1, hi = 1) that is [-nnz, nnz]. |dot| <= n_in * max|x| < 2**62 (validate).
    """
    w = weight.astype(np.int64)
    pos: Ints = np.maximum(w, 0)
    neg: Ints = np.maximum(-w, 0)
    return pos @ lo - neg @ hi, pos @ hi - neg @ lo
