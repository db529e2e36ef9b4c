"""Batch norm folded into sign thresholds, exactly and without torch (DESIGN.md sections 2, 5).

One function for every producer of model files: training export (bnnverify.train.export) and
the importers. It reads the batch-norm statistics exactly as they are stored (float32 or
float64: each value is taken as the exact rational its bits denote, never rounded again) and
decides every integer threshold in exact real arithmetic, so the folded neuron fires on
exactly the integer dot products on which the real-valued batch norm is >= 0.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError
from bnnverify.model.layers import BlockLayer, Signs

logger = logging.getLogger(__name__)

NEAR_INTEGER = 1e-9  # DESIGN.md section 5: say so when a threshold lies this close to an integer


@dataclass(frozen=True)
class BatchNorm:
    """v = gamma * (z - mean) / sqrt(var + eps) + beta, per neuron; arrays of shape (n,)."""

    gamma: npt.NDArray[np.floating]
    beta: npt.NDArray[np.floating]
    mean: npt.NDArray[np.floating]
    var: npt.NDArray[np.floating]
    eps: float


def fold_batchnorm(
    weight: Signs, bn: BatchNorm, input_scale: float, magnitude: int, name: str = "block"
) -> BlockLayer:
    """BlockLayer with  y_j = +1 iff dot(weight'[j], x) >= threshold[j]  (sign(0) = +1).

    The float model fires iff v >= 0 with z = input_scale * dot and s = sqrt(var + eps) > 0.
    With c = -beta / gamma and a(dot) = input_scale * dot - mean:
      gamma > 0:  v >= 0  <=>  a >= c * s:  fires for dot >= T, T the least such integer;
      gamma < 0:  v >= 0  <=>  a <= c * s:  fires for dot <= U, U the largest such integer,
                  i.e. for -dot >= -U (the row is negated);
      gamma = 0:  v = beta: constant, fires iff beta >= 0.
    a is rational and s irrational in general, so "a >= c * s" is decided exactly by
    `_sign_of_difference` (squares, signs first). |dot| <= bound = n_in * magnitude, so the
    search runs over [-bound - 1, bound + 1] and a threshold outside the reachable range comes
    out as -bound (always fires) or bound + 1 (never fires), the same neuron.
    """
    weight = np.asarray(weight, dtype=np.int8)
    n_out, n_in = weight.shape
    arrays = {"gamma": bn.gamma, "beta": bn.beta, "mean": bn.mean, "var": bn.var}
    for key, values in arrays.items():
        values = np.asarray(values)
        if values.shape != (n_out,):
            raise DescriptionError(
                f"{name}: batch norm {key} must have shape ({n_out},), got {values.shape}"
            )
        if not np.isfinite(values).all():
            bad = int(np.flatnonzero(~np.isfinite(values))[0])
            raise DescriptionError(f"{name}: batch norm {key} is not finite at neuron {bad}")
    bound = n_in * magnitude
    scale = Fraction(float(input_scale))
    thresholds = np.empty(n_out, dtype=np.int64)
    flip = np.ones(n_out, dtype=np.int8)
    near = 0
    for j in range(n_out):
        gamma, beta = Fraction(float(bn.gamma[j])), Fraction(float(bn.beta[j]))
        mean = Fraction(float(bn.mean[j]))
        q = Fraction(float(bn.var[j])) + Fraction(float(bn.eps))  # s = sqrt(q)
        if q <= 0:
            raise DescriptionError(
                f"{name}: batch norm var + eps must be > 0, got {float(q)} at neuron {j}"
            )
        if gamma == 0:
            thresholds[j] = -bound if beta >= 0 else bound + 1
            continue
        c = -beta / gamma
        thresholds[j], flip[j] = _fold_neuron(gamma > 0, mean, c, q, scale, bound)
        near += _is_near_integer(mean, c, q, scale, bound)
    _warn_constant(name, bn.gamma, thresholds, bound)
    if near:
        logger.warning(
            "%s: %d thresholds lie within %g of an integer (decided exactly)",
            name,
            near,
            NEAR_INTEGER,
        )
    return BlockLayer(weight=(weight * flip[:, None]).astype(np.int8), threshold=thresholds)


def _fold_neuron(
    increasing: bool, mean: Fraction, c: Fraction, q: Fraction, scale: Fraction, bound: int
) -> tuple[int, int]:
    """(threshold, row sign) of one neuron with gamma != 0 (see fold_batchnorm)."""

    def difference(d: int) -> int:  # sign(a(d) - c * s)
        return _sign_of_difference(scale * d - mean, c, q)

    if increasing:  # gamma > 0: fires for dot >= T
        return _least_firing(lambda d: difference(d) >= 0, -bound, bound + 1), 1
    largest = _largest_firing(lambda d: difference(d) <= 0, -bound - 1, bound)
    return -largest, -1  # gamma < 0: fires for -dot >= -U


def _sign_of_difference(a: Fraction, c: Fraction, q: Fraction) -> int:
    """sign(a - c * sqrt(q)) exactly, for q > 0.

    The two sides have the signs of a and c; when both are nonzero and alike, compare squares:
    a - c * sqrt(q) and a**2 - c**2 * q have the same sign if a > 0, opposite signs if a < 0.
    """
    sign_a, sign_c = (a > 0) - (a < 0), (c > 0) - (c < 0)
    if sign_a != sign_c or sign_c == 0:
        return sign_a - sign_c if sign_a != sign_c else 0
    squares = a * a - c * c * q
    sign_squares = (squares > 0) - (squares < 0)
    return sign_squares if sign_a > 0 else -sign_squares


def _least_firing(fires, low: int, high: int) -> int:
    """The least integer d in [low, high] with fires(d), or high when none does below it.

    fires is monotone (false ... false true ... true); returns high if fires(high - 1) is false.
    """
    if fires(low):
        return low
    while high - low > 1:  # invariant: not fires(low), and fires(high) or high is the cap
        middle = (low + high) // 2
        if fires(middle):
            high = middle
        else:
            low = middle
    return high


def _largest_firing(fires, low: int, high: int) -> int:
    """The largest integer d in [low, high] with fires(d) (monotone true ... false), else low.

    d fires iff e = -d fires for e -> fires(-e), which is monotone false ... true on
    [-high, -low]: the largest such d is minus the least such e (and -(-low) = low if none).
    """
    return -_least_firing(lambda e: fires(-e), -high, -low)


def _is_near_integer(mean: Fraction, c: Fraction, q: Fraction, scale: Fraction, bound: int) -> bool:
    """Whether the real threshold D = (mean + c * sqrt(q)) / scale lies within NEAR_INTEGER of
    an integer inside the reachable range (float64 is enough to tell; the fold itself is exact)."""
    dot_threshold = (float(mean) + float(c) * float(q) ** 0.5) / float(scale)
    if not -bound <= dot_threshold <= bound:
        return False
    return abs(dot_threshold - round(dot_threshold)) < NEAR_INTEGER


def _warn_constant(
    name: str, gamma: npt.NDArray[np.floating], thresholds: npt.NDArray[np.int64], bound: int
) -> None:
    """STYLE 2.8: gamma == 0 neurons and thresholds outside the dot range are footguns."""
    n_zero = int(np.count_nonzero(np.asarray(gamma) == 0))
    if n_zero:
        logger.warning("%s: %d neurons have gamma = 0 and are constant", name, n_zero)
    outside = (np.asarray(gamma) != 0) & ((thresholds <= -bound) | (thresholds > bound))
    if outside.any():
        logger.warning(
            "%s: %d neurons are constant (threshold outside the dot range)",
            name,
            int(np.count_nonzero(outside)),
        )


def fold_affine_threshold(
    a: Fraction, b: Fraction, g: Fraction, q: Fraction, r: Fraction, bound: int
) -> tuple[int, int, bool]:
    """(threshold, row sign, near) with  v(d) >= 0  <=>  sign * d >= threshold  over the integers
    d in [-bound, bound], where v(d) = (a * d + b) * g / sqrt(q) + r exactly, q > 0.

    sqrt(q) > 0, so v >= 0 <=> L(d) - c * sqrt(q) >= 0 with L(d) = (a * d + b) * g, c = -r,
    decided by `_sign_of_difference`. L increases in d iff a * g > 0 (fires for d >= T, the
    least such integer), decreases iff a * g < 0 (fires for d <= U, i.e. -d >= -U); a * g = 0
    is a constant neuron: threshold -bound (always fires) or bound + 1 (never). near: the real
    threshold lies within NEAR_INTEGER of an integer (decided exactly all the same).
    """
    if q <= 0:
        raise DescriptionError(f"batch norm var + eps must be > 0, got {float(q)}")
    slope = a * g
    if slope == 0:
        fires = _sign_of_difference(b * g, -r, q) >= 0
        return (-bound if fires else bound + 1), 1, False

    def difference(d: int) -> int:  # sign(v(d)) = sign(L(d) - c * sqrt(q))
        return _sign_of_difference((a * d + b) * g, -r, q)

    near = _is_near_but_not_integer(a, b, g, q, r, bound)
    if slope > 0:
        return _least_firing(lambda d: difference(d) >= 0, -bound, bound + 1), 1, near
    largest = _largest_firing(lambda d: difference(d) >= 0, -bound - 1, bound)
    return -largest, -1, near


def _is_near_but_not_integer(
    a: Fraction, b: Fraction, g: Fraction, q: Fraction, r: Fraction, bound: int
) -> bool:
    """Whether the real threshold D = (-r * sqrt(q) / g - b) / a lies within NEAR_INTEGER of an
    integer in [-bound, bound] without being one (an exact integer, e.g. the 0 of a plain sign,
    is no near miss); float64 is enough to tell, the fold itself is exact."""
    real = (float(-r) * float(q) ** 0.5 / float(g) - float(b)) / float(a)
    if not (-bound <= real <= bound and abs(real - round(real)) < NEAR_INTEGER):
        return False
    n, m = math.isqrt(q.numerator), math.isqrt(q.denominator)
    if n * n == q.numerator and m * m == q.denominator:  # sqrt(q) is rational: D is exact
        return ((-r * Fraction(n, m) / g - b) / a).denominator != 1
    return True


SQRT_BITS = 160  # sqrt(q) is enclosed in an interval of width 2**-SQRT_BITS * (1 + sqrt(q))


def real_affine_threshold(
    a: Fraction, b: Fraction, g: Fraction, q: Fraction, r: Fraction, bound: int
) -> tuple[float, int, float]:
    """(threshold, row sign, error) with  v(z) >= 0  <=>  sign * z >= t  over the reals z in
    [-bound, bound], v as in fold_affine_threshold; `threshold` is the float64 nearest to the
    exact (possibly irrational) t and error >= |threshold - t| (0.0 when it is exact).

    a * g > 0: v >= 0 <=> z >= t = (-r * sqrt(q) / g - b) / a; a * g < 0: z <= t, i.e.
    -z >= -t; a * g = 0: constant, t = -bound (always fires) or bound + 1 (never), exact.
    sqrt(q) = sqrt(n * m) / m for q = n / m lies in [s, s + 1] / (m * 2**K) with
    s = isqrt(n * m * 4**K) (exact when s * s = n * m * 4**K), so t lies in an interval
    [lo, hi]; the error is the larger distance from the stored float to its ends.
    """
    if q <= 0:
        raise DescriptionError(f"batch norm var + eps must be > 0, got {float(q)}")
    slope = a * g
    if slope == 0:
        fires = _sign_of_difference(b * g, -r, q) >= 0
        return float(-bound if fires else bound + 1), 1, 0.0
    n, m = q.numerator, q.denominator
    s = math.isqrt(n * m << (2 * SQRT_BITS))
    root_lo = Fraction(s, m << SQRT_BITS)
    root_hi = root_lo if s * s == n * m << (2 * SQRT_BITS) else Fraction(s + 1, m << SQRT_BITS)
    alpha, beta = -r / (g * a), -b / a  # t = alpha * sqrt(q) + beta
    ends = sorted((alpha * root_lo + beta, alpha * root_hi + beta))
    sign = 1 if slope > 0 else -1
    lo, hi = (ends[0], ends[1]) if sign > 0 else (-ends[1], -ends[0])
    stored = float((lo + hi) / 2)  # int / int division: correctly rounded
    gap = max(abs(Fraction(stored) - lo), abs(Fraction(stored) - hi))
    error = float(gap)
    if Fraction(error) < gap:  # round the bound up
        error = math.nextafter(error, math.inf)
    return stored, sign, error
