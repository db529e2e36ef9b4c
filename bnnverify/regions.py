"""Regions as values (DESIGN.md section 3): the sets of inputs a property quantifies over.

A region is a set of integer inputs within [input_min, input_max]. Each kind says which integer
box (`InputBox`, flat and inclusive) the encoders read (`box`) and what a result row records of
it (`recorded_eps`):

- `LinfBall(center, eps)`: |x_i - center_i| <= eps, clipped to the input range;
- `Box(lo, hi)`: lo_i <= x_i <= hi_i per input (VNN-LIB style), within the input range;
- `L0Ball(center, k, eps)`: at most k positions differ from center, each anywhere in the input
  range (or, with eps, within eps of center_i);
- `WholeSpace()`: every input.

A box region is encoded exactly (every point of the box is a point of the region). The L0 ball
is not a box: its `InputBox` carries the budget (`l0`) beside the box that holds the ball. What
reads only lo and hi (interval bounds) over-approximates the ball, which is sound; the order
encoding adds the budget as one cardinality constraint (encode/inputs.py), and robustness's
falsifier and replay keep to it (properties/robustness.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bnnverify.errors import UsageError
from bnnverify.model import BinaryNetwork, Ints


@dataclass(frozen=True, eq=False)
class LinfBall:
    """{x : |x_i - center_i| <= eps} within the input range; center of any shape (flattened)."""

    center: Ints
    eps: int
    kind = "linf"

    def box(self, net: BinaryNetwork) -> InputBox:
        validate_eps(net, self.eps)
        return linf_box(net, self.center, self.eps)

    @property
    def recorded_eps(self) -> int | None:
        return int(self.eps)

    @property
    def recorded_l0(self) -> int | None:
        return None


@dataclass(frozen=True, eq=False)
class Box:
    """{x : lo_i <= x_i <= hi_i}, flat int64 bounds inside the input range."""

    lo: Ints
    hi: Ints
    center: Ints | None = None  # a preferred point (decoders pick counterexamples near it)
    kind = "box"

    def box(self, net: BinaryNetwork) -> InputBox:
        box = InputBox(self.lo, self.hi, self.center)
        if box.n_inputs != net.n_inputs:
            raise UsageError(f"the box has {box.n_inputs} inputs, the network {net.n_inputs}")
        if (box.lo < net.input_min).any() or (box.hi > net.input_max).any():
            raise UsageError(
                f"the box must lie in [{net.input_min}, {net.input_max}], got values in "
                f"[{box.lo.min()}, {box.hi.max()}]"
            )
        return box

    @property
    def recorded_eps(self) -> int | None:
        return None

    @property
    def recorded_l0(self) -> int | None:
        return None


@dataclass(frozen=True, eq=False)
class WholeSpace:
    """Every input: [input_min, input_max] in every position."""

    kind = "whole"

    def box(self, net: BinaryNetwork) -> InputBox:
        return whole_space(net)

    @property
    def recorded_eps(self) -> int | None:
        return None

    @property
    def recorded_l0(self) -> int | None:
        return None


@dataclass(frozen=True, eq=False)
class L0Ball:
    """{x : #{i : x_i != center_i} <= k} within the input range; with eps, also
    |x_i - center_i| <= eps for every i. center of any shape (flattened)."""

    center: Ints
    k: int
    eps: int | None = None
    kind = "l0"

    def box(self, net: BinaryNetwork) -> InputBox:
        """The box that holds the ball (every position free), carrying the budget k."""
        validate_l0(net, self.k)
        if self.eps is not None:
            validate_eps(net, self.eps)
        span = net.input_max - net.input_min  # eps = span: the whole range, clipped
        box = linf_box(net, self.center, span if self.eps is None else self.eps)
        return InputBox(box.lo, box.hi, box.center, l0=int(self.k))

    @property
    def recorded_eps(self) -> int | None:
        return None if self.eps is None else int(self.eps)

    @property
    def recorded_l0(self) -> int | None:
        return int(self.k)


Region = LinfBall | Box | L0Ball | WholeSpace


@dataclass(frozen=True, eq=False)
class InputBox:
    """The integer inputs x with lo <= x <= hi elementwise (flat, C order), inclusive, and,
    when `l0` is set, at most l0 positions with x_i != center_i (an L0 ball: L0Ball).

    `center` (optional) is a preferred point inside the box: decoders pick the value closest to
    it among those a solver model allows, so counterexamples stay near the original input.
    """

    lo: Ints  # (n_inputs,)
    hi: Ints  # (n_inputs,)
    center: Ints | None = field(default=None)
    l0: int | None = None  # the L0 budget around center; None: the whole box

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
        if self.l0 is not None and (int(self.l0) != self.l0 or self.l0 < 0):
            raise UsageError(f"InputBox.l0 must be a non-negative integer, got {self.l0!r}")

    @property
    def n_inputs(self) -> int:
        return int(self.lo.shape[0])

    def contains(self, x: npt.ArrayLike) -> bool:
        flat = np.asarray(x, dtype=np.int64).reshape(-1)
        if flat.shape != self.lo.shape or not ((flat >= self.lo) & (flat <= self.hi)).all():
            return False
        return self.l0 is None or self.n_changed(flat) <= self.l0

    def n_changed(self, x: npt.ArrayLike) -> int:
        """#{i : x_i != center_i}, the L0 distance of x (flat) from the center."""
        return int(np.count_nonzero(np.asarray(x, dtype=np.int64).reshape(-1) != self.center))


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


def validate_eps(net: BinaryNetwork, eps: int) -> None:
    """eps is an integer number of input units, at most the width of the input range."""
    span = net.input_max - net.input_min
    if int(eps) != eps or not 0 <= eps <= span:
        raise UsageError(f"--eps must be an integer in [0, {span}] for this model, got {eps}")


def validate_l0(net: BinaryNetwork, k: int) -> None:
    """The L0 budget is a number of inputs: an integer in [1, n_inputs]."""
    if int(k) != k or not 1 <= k <= net.n_inputs:
        raise UsageError(f"--l0 must be an integer in [1, {net.n_inputs}] for this model, got {k}")


def box_region(box: InputBox) -> Box:
    """An InputBox (e.g. an eps-ball already clipped) as a Box region, keeping its center."""
    if box.l0 is not None:
        raise UsageError("an L0 ball's box is no Box region (it would drop the budget); use L0Ball")
    return Box(box.lo, box.hi, box.center)


def linf_ball(x0: npt.ArrayLike, eps: int) -> LinfBall:
    return LinfBall(np.asarray(x0, dtype=np.int64).reshape(-1), int(eps))


def l0_ball(x0: npt.ArrayLike, k: int, eps: int | None = None) -> L0Ball:
    return L0Ball(np.asarray(x0, dtype=np.int64).reshape(-1), int(k), eps)
