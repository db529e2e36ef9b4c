"""The pre-activation of one weighted ONNX node, kept exact until the sign that ends its layer.

After Conv / MatMul / Gemm with weights +-s_u per output unit u (a channel of a conv, a neuron
of a dense layer) the ONNX value of unit u is  v_u = (a_u * d_u + b_u) * g_u / sqrt(q_u) + r_u
with d_u = sum_i sign(w_ui) * x_i (the integer / real dot of our layer) and every coefficient an
exact Fraction of the stored float32 / float64 constants:
  weighted node: a = s_u * (scale of the +-1 inputs), b = bias, g = q = 1, r = 0;
  Mul m: g *= m, r *= m;  Add c: r += c;  Sub, Div alike;
  BatchNormalization (gamma, beta, mean, var, eps), only where q = 1 so far:
    v = gamma * (v_old - mean) / sqrt(var + eps) + beta with v_old = (a * g) * d + (b * g + r),
    so a := a * g, b := b * g + r - mean, g := gamma, q := var + eps, r := beta.
The sign (sign(0) = +1) then gives  v_u >= 0  <=>  sign_u * d_u >= threshold_u, decided exactly
by bnnverify.model.fold (squares for the square root; the float64 nearest for a real layer 0).

Max-pool on pre-activations (Conv -> MaxPool -> BN -> sign): with f the map applied after the
pool, sign(f(max_i z_i)) = max_i sign(f(z_i)) = OR whenever f is non-decreasing, i.e. when the
product of the signs of every multiplier after the pool (Mul, Div, gamma) is >= 0 per channel:
conv2d with the whole threshold, then maxpool2d. A negative one is an error naming the node.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError
from bnnverify.imports.onnx_graph import Node, scatter_constant
from bnnverify.model import Conv2dLayer, Layer, MaxPool2dLayer
from bnnverify.model.fold import fold_affine_threshold, real_affine_threshold
from bnnverify.model.layers import BlockLayer

REAL = "real"
INTEGER = "integer"


@dataclass(frozen=True)
class Pool:
    """A MaxPool met between the weighted node and its sign."""

    kernel: tuple[int, int]
    stride: tuple[int, int]
    node: Node


@dataclass(frozen=True)
class Pending:
    """One weighted node's pre-activation, per unit (see the module docstring)."""

    node: Node
    weight: npt.NDArray[np.int8]  # (units, n_in) dense, (C_out, C_in, KH, KW) conv
    coefficients: tuple[tuple[Fraction, Fraction, Fraction, Fraction, Fraction], ...]  # a,b,g,q,r
    pos: npt.NDArray[np.int64]
    raw: bool  # reads the network's raw input (layer 0)
    conv: dict[str, Any] = field(default_factory=dict)  # in_shape, stride, padding
    pool: Pool | None = None
    after_pool: tuple[int, ...] = ()  # per unit: sign of the multipliers since the pool
    negative_at: str = ""  # the node that made one of them negative

    @property
    def units(self) -> int:
        return int(self.weight.shape[0])

    @property
    def has_batchnorm(self) -> bool:
        return any(q != 1 for _, _, _, q, _ in self.coefficients)

    def unit_values(self, value: np.ndarray, node: Node) -> list[Fraction]:
        """A constant broadcast against the tensor, one exact value per unit (it must be the
        same over a channel's positions)."""
        array = np.asarray(value)
        if not np.isfinite(array.astype(np.float64)).all():
            raise DescriptionError(f"{node.label}: the constant holds non-finite values")
        ours = scatter_constant(self.pos, array, node).reshape(self.units, -1)
        varies = ~(ours == ours[:, :1]).all(axis=1)
        if varies.any():
            unit = int(np.flatnonzero(varies)[0])
            raise DescriptionError(
                f"{node.label}: the constant differs across the positions of channel {unit}; "
                "expected one value per channel"
            )
        return [
            Fraction(float(v)) if array.dtype.kind == "f" else Fraction(int(v)) for v in ours[:, 0]
        ]

    def multiply(self, factors: list[Fraction], node: Node) -> Pending:
        coefficients = tuple(
            (a, b, g * m, q, r * m)
            for (a, b, g, q, r), m in zip(self.coefficients, factors, strict=True)
        )
        return self._after(coefficients, factors, node)

    def add(self, shifts: list[Fraction]) -> Pending:
        coefficients = tuple(
            (a, b, g, q, r + c)
            for (a, b, g, q, r), c in zip(self.coefficients, shifts, strict=True)
        )
        return replace(self, coefficients=coefficients)

    def batchnorm(self, params: list[list[Fraction]], eps: Fraction, node: Node) -> Pending:
        """params: gamma, beta, mean, var per unit."""
        gamma, beta, mean, var = params
        if self.has_batchnorm:
            raise DescriptionError(
                f"{node.label}: a second batch norm on the pre-activation of "
                f"{self.node.label} is not supported"
            )
        coefficients = []
        for (a, b, g, _, r), gm, bt, mu, vr in zip(
            self.coefficients, gamma, beta, mean, var, strict=True
        ):
            if vr + eps <= 0:
                raise DescriptionError(f"{node.label}: var + epsilon must be > 0")
            coefficients.append((a * g, b * g + r - mu, gm, vr + eps, bt))
        return self._after(tuple(coefficients), list(gamma), node)

    def _after(self, coefficients: tuple, factors: list[Fraction], node: Node) -> Pending:
        """Record the multipliers' signs when a pool came before them."""
        if self.pool is None:
            return replace(self, coefficients=coefficients)
        signs = tuple(
            s * ((m > 0) - (m < 0)) for s, m in zip(self.after_pool, factors, strict=True)
        )
        negative_at = self.negative_at
        if not negative_at and min(signs) < 0:
            negative_at = node.label
        return replace(self, coefficients=coefficients, after_pool=signs, negative_at=negative_at)

    def with_pool(self, pool: Pool, pos: npt.NDArray[np.int64]) -> Pending:
        return replace(self, pool=pool, pos=pos, after_pool=(1,) * self.units)


@dataclass(frozen=True)
class Folded:
    """The layers of one finished pending node, and what the fold noticed."""

    layers: tuple[Layer, ...]
    enclosure: float  # max |stored - exact| of a real threshold (0.0 for integer layers)
    near_integer: int  # thresholds within 1e-9 of an integer (decided exactly)


def fold_pending(pending: Pending, domain: str, magnitude: int) -> Folded:
    """conv2d (+ maxpool2d) or block for `pending` at its sign (sign(0) = +1).

    magnitude: the largest |x_i| the layer reads (1 over +-1 inputs); the dot of a unit with
    n_terms weights lies in [-bound, bound], bound = n_terms * magnitude.
    """
    if pending.pool is not None and pending.negative_at:
        raise DescriptionError(
            f"{pending.negative_at}: a negative scale after {pending.pool.node.label} turns the "
            "max into a min, which maxpool2d (an OR) cannot express"
        )
    n_terms = int(np.prod(pending.weight.shape[1:]))
    bound = n_terms * magnitude
    real = pending.raw and domain == REAL
    thresholds: list[Any] = []
    flips, enclosure, near = [], 0.0, 0
    for a, b, g, q, r in pending.coefficients:
        if real:
            t, sign, error = real_affine_threshold(a, b, g, q, r, bound)
            enclosure = max(enclosure, error)
        else:
            t, sign, is_near = fold_affine_threshold(a, b, g, q, r, bound)
            near += is_near
        thresholds.append(t)
        flips.append(sign)
    # a real layer 0 stores float64 thresholds (DESIGN.md section 2, input_domain "real")
    threshold: Any = np.array(thresholds, dtype=np.float64 if real else np.int64)
    flip = np.array(flips, dtype=np.int8).reshape((-1,) + (1,) * (pending.weight.ndim - 1))
    weight = (pending.weight * flip).astype(np.int8)
    layers: list[Layer] = []
    if pending.conv:
        conv = Conv2dLayer(weight=weight, threshold=threshold, **pending.conv)
        layers.append(conv)
        if pending.pool is not None:
            pool = pending.pool
            layers.append(MaxPool2dLayer(conv.out_shape, pool.kernel, pool.stride))
    else:
        layers.append(BlockLayer(weight=weight, threshold=threshold))
    return Folded(tuple(layers), enclosure, near)


def output_bias(pending: Pending) -> npt.NDArray[np.float64]:
    """The output layer's bias: score_c = A * d_c + B_c with one A > 0 for every class, so the
    argmax is that of d_c + B_c / A, which must be exact in float64."""
    node = pending.node
    if pending.has_batchnorm or pending.pool is not None or pending.conv:
        raise DescriptionError(
            f"{node.label}: the scores must come from a dense MatMul / Gemm with an optional "
            "bias and a positive scalar scale (no conv, pool or batch norm)"
        )
    slopes = [a * g for a, _, g, _, _ in pending.coefficients]
    if len(set(slopes)) != 1 or slopes[0] <= 0:
        raise DescriptionError(
            f"{node.label}: the class scores are scaled by {sorted({float(s) for s in slopes})[:3]}"
            "; only one positive scale for every class keeps the argmax"
        )
    bias = []
    for (_, b, g, _, r), slope in zip(pending.coefficients, slopes, strict=True):
        exact = (b * g + r) / slope
        if Fraction(float(exact)) != exact:
            raise DescriptionError(
                f"{node.label}: the bias {float(exact)!r} divided by the class scale is not "
                "exact in float64"
            )
        bias.append(float(exact))
    return np.array(bias, dtype=np.float64)
