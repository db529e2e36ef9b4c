"""Input regions and interval propagation: which neurons are constant on a region.

A neuron whose value is the same for every input of the region is *fixed*: the encoders replace
it by a constant and never encode it (DESIGN.md section 4, "Bounds first"). The propagation is
plain interval arithmetic, exact per neuron given its inputs' ranges:

- raw first block, x_i in [lo_i, hi_i]: min dot = sum_{w=+1} lo_i - sum_{w=-1} hi_i and
  max dot = sum_{w=+1} hi_i - sum_{w=-1} lo_i;
- later blocks, inputs in {-1, +1}, some fixed: dot = const + free part, and the free part of
  m free nonzero-weight inputs ranges over [-m, m];
- a neuron is fixed to +1 when min dot >= threshold, to -1 when max dot < threshold. These are
  int64 compares only (|dot| < 2**62, model.validate), so any int64 threshold is handled: one
  outside the reachable sums is fixed at once, on every region.

This is sound (a fixed neuron really is constant) but not complete: a free neuron may still be
constant because its inputs are correlated. tests/test_bounds.py checks soundness by enumeration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bnnverify.errors import UsageError
from bnnverify.model import BinarizeLayer, BinaryNetwork, Ints, Signs

FREE = 0  # value in Bounds.fixed of a neuron that is not constant on the region


@dataclass(frozen=True, eq=False)
class InputBox:
    """The integer inputs x with lo <= x <= hi elementwise (flat, C order), inclusive.

    `center` (optional) is a preferred point inside the box: decoders pick the value closest to
    it among those a solver model allows, so counterexamples stay near the original input.
    """

    lo: Ints  # (n_inputs,)
    hi: Ints  # (n_inputs,)
    center: Ints | None = field(default=None)

    def __post_init__(self) -> None:
        lo = np.asarray(self.lo, dtype=np.int64).reshape(-1)
        hi = np.asarray(self.hi, dtype=np.int64).reshape(-1)
        if lo.shape != hi.shape:
            raise UsageError(
                f"InputBox.lo and .hi must have one shape, got {lo.shape} and {hi.shape}"
            )
        if (lo > hi).any():
            i = int(np.argmax(lo > hi))
            raise UsageError(f"InputBox.lo must be <= hi, got lo={lo[i]} > hi={hi[i]} at index {i}")
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        if self.center is None:
            center = lo + (hi - lo) // 2
        else:
            center = np.clip(np.asarray(self.center, dtype=np.int64).reshape(-1), lo, hi)
            if center.shape != lo.shape:
                raise UsageError(f"InputBox.center must have shape {lo.shape}, got {center.shape}")
        object.__setattr__(self, "center", center)

    @property
    def n_inputs(self) -> int:
        return int(self.lo.shape[0])

    def contains(self, x: npt.ArrayLike) -> bool:
        flat = np.asarray(x, dtype=np.int64).reshape(-1)
        return flat.shape == self.lo.shape and bool(((flat >= self.lo) & (flat <= self.hi)).all())


def linf_box(net: BinaryNetwork, x0: npt.ArrayLike, eps: int) -> InputBox:
    """{x : |x_i - x0_i| <= eps} clipped to [input_min, input_max]; x0 of any shape, flattened."""
    if int(eps) != eps or eps < 0:
        raise UsageError(f"eps must be a non-negative integer, got {eps!r}")
    flat = net.flatten(x0)
    if flat.shape[0] != 1:
        raise UsageError(f"linf_box takes one input, got a batch of {flat.shape[0]}")
    center = flat[0]
    if ((center < net.input_min) | (center > net.input_max)).any():
        raise UsageError(
            f"x0 must lie in [{net.input_min}, {net.input_max}], "
            f"got values in [{center.min()}, {center.max()}]"
        )
    lo = np.maximum(center - int(eps), net.input_min)
    hi = np.minimum(center + int(eps), net.input_max)
    return InputBox(lo, hi, center)


def whole_space(net: BinaryNetwork) -> InputBox:
    """Every input: [input_min, input_max] in every position."""
    n = net.n_inputs
    return InputBox(np.full(n, net.input_min, np.int64), np.full(n, net.input_max, np.int64))


@dataclass(frozen=True, eq=False)
class Bounds:
    """Per block, +1 / -1 where a neuron is constant on the region, FREE (0) where not.

    `input_bits` does the same for the outputs of a `binarize` layer (None without one).
    """

    fixed: list[Signs]
    input_bits: Signs | None = None

    @property
    def n_total(self) -> int:
        """Number of hidden block neurons."""
        return sum(int(f.shape[0]) for f in self.fixed)

    @property
    def n_fixed(self) -> int:
        """Number of hidden block neurons that are constant on the region."""
        return sum(int(np.count_nonzero(f)) for f in self.fixed)


def _fix(low: Ints, high: Ints, threshold: Ints) -> Signs:
    """+1 where low >= threshold, -1 where high < threshold, else FREE."""
    out = np.full(threshold.shape, FREE, dtype=np.int8)
    out[low >= threshold] = 1
    out[high < threshold] = -1
    return out


def binarize_bounds(layer: BinarizeLayer, box: InputBox) -> Signs:
    """+1 / -1 where the input bit is constant on the box, FREE where it is not.

    Without flip the bit is x >= t: always on when lo >= t, always off when hi < t.
    With flip it is x <= t: always on when hi <= t, always off when lo > t.
    """
    t = layer.threshold
    always = np.where(layer.flip, box.hi <= t, box.lo >= t)
    never = np.where(layer.flip, box.lo > t, box.hi < t)
    out = np.full(t.shape, FREE, dtype=np.int8)
    out[always] = 1
    out[never] = -1
    return out


def _signs_range(values: Signs) -> tuple[Ints, Ints]:
    """Interval of each +-1 input: [v, v] when fixed to v, [-1, 1] when FREE."""
    v = values.astype(np.int64)
    return np.where(v == FREE, -1, v), np.where(v == FREE, 1, v)


def _dot_range(weight: Signs, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Interval of dot(weight[j], x) over lo <= x <= hi: (n_out,) each."""
    w = weight.astype(np.int64)
    pos: Ints = np.maximum(w, 0)
    neg: Ints = np.maximum(-w, 0)
    return pos @ lo - neg @ hi, pos @ hi - neg @ lo


def propagate(net: BinaryNetwork, box: InputBox) -> Bounds:
    """Interval propagation of `box` through the blocks of `net` (sound, not complete)."""
    if box.n_inputs != net.n_inputs:
        raise UsageError(f"the box has {box.n_inputs} inputs, the network {net.n_inputs}")
    input_bits = None
    if net.binarize is not None:
        input_bits = binarize_bounds(net.binarize, box)
        lo, hi = _signs_range(input_bits)
    else:
        lo, hi = box.lo, box.hi
    fixed = []
    for layer in net.blocks:
        low, high = _dot_range(layer.weight, lo, hi)
        values = _fix(low, high, layer.threshold)
        fixed.append(values)
        lo, hi = _signs_range(values)
    return Bounds(fixed, input_bits)
