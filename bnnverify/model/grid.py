"""Real inputs on a dyadic grid, read as integers (DESIGN.md sections 2 and 5).

A model whose input_domain is "real" compares layer 0's real sum with a float64 threshold t
(an exact dyadic rational). On the inputs of the grid 2**-G, x = X / 2**G with X an integer,
that comparison is an integer one:

    sum_i w_i x_i >= t  <=>  sum_i w_i X_i >= t * 2**G  <=>  sum_i w_i X_i >= ceil(t * 2**G),

the last step because the left side is an integer. `integer_view(net, G)` is that integer model
over X in [input_min * 2**G, input_max * 2**G] (a padded place of a raw conv holds pad_value,
i.e. pad_value * 2**G); every later layer reads +-1 values and is unchanged. Every float64 is a
point of some grid, so the engines, the attack and the replay of real inputs all run on a view,
exactly. What a view cannot do is stand for the whole real box in a proof: the encoder treats
layer 0 as free signs instead (encode.real), and interval bounds over the box's corners (grid
points when the box's bounds are) are exact for the linear layer 0.

A stored threshold t may lie within `enclosure` of the exact (irrational) one of the source
model (a batch norm's square root); `threshold_band` gives the integer thresholds of t -
enclosure and t + enclosure, so bounds fix a neuron only when it clears both.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from bnnverify.errors import UsageError
from bnnverify.model.conv import Conv2dLayer
from bnnverify.model.layers import BlockLayer, Floats, Ints
from bnnverify.model.network import INTEGER_DOMAIN, BinaryNetwork

MAX_GRID_BITS = 24  # X = x * 2**G stays below 2**53 (exact in float64) for |x| < 2**29


def to_grid(x: npt.ArrayLike, bits: int) -> Ints:
    """X = x * 2**bits as int64; every x must lie on the grid 2**-bits (exact)."""
    scaled = np.ldexp(np.asarray(x, dtype=np.float64), bits)
    if not (scaled == np.round(scaled)).all():
        raise UsageError(f"an input does not lie on the grid 2**-{bits}")
    return scaled.astype(np.int64)


def from_grid(grid_x: npt.ArrayLike, bits: int) -> Floats:
    """x = X / 2**bits as float64 (exact: |X| < 2**53)."""
    return np.ldexp(np.asarray(grid_x, dtype=np.int64).astype(np.float64), -bits)


def scaled_ceil(threshold: Floats | Ints, bits: int, shift: float = 0.0) -> Ints:
    """ceil((t + shift) * 2**bits) per entry, in exact rational arithmetic (int64)."""
    step = Fraction(2) ** bits
    delta = Fraction(shift)
    return np.array(
        [math.ceil((Fraction(float(t)) + delta) * step) for t in threshold], dtype=np.int64
    )


def integer_view(net: BinaryNetwork, bits: int) -> BinaryNetwork:
    """The real-domain `net` on the grid 2**-bits as an integer model over X = x * 2**bits
    (module docstring); an integer-domain net comes back as it is (for bits = 0)."""
    if not net.real:
        if bits:
            raise UsageError("integer_view of an integer-domain model takes bits = 0")
        return net
    if not 0 <= bits <= MAX_GRID_BITS:
        raise UsageError(f"grid bits must lie in [0, {MAX_GRID_BITS}], got {bits}")
    first = first_linear_layer(net)
    threshold = scaled_ceil(first.threshold, bits)
    if isinstance(first, Conv2dLayer):
        pad_value = int(first.pad_value) * 2**bits
        scaled: Conv2dLayer | BlockLayer = replace(first, threshold=threshold, pad_value=pad_value)
    else:
        scaled = replace(first, threshold=threshold)
    return BinaryNetwork(
        layers=(scaled, *net.layers[1:]),
        input_shape=net.input_shape,
        input_min=net.input_min * 2**bits,
        input_max=net.input_max * 2**bits,
        class_names=net.class_names,
        provenance=net.provenance | {"integer_view_bits": bits},
        input_domain=INTEGER_DOMAIN,
    )


def threshold_band(net: BinaryNetwork, bits: int) -> tuple[Ints, Ints]:
    """Per layer-0 threshold of a real-domain net, the integer thresholds on the grid 2**-bits
    of t - enclosure and t + enclosure (provenance "threshold_enclosure", 0 when absent): a
    neuron is surely +1 on the box when its least sum reaches the second, surely -1 when its
    largest sum stays below the first (equal when the stored thresholds are exact)."""
    enclosure = float(net.provenance.get("threshold_enclosure", 0.0))
    if not (math.isfinite(enclosure) and enclosure >= 0):
        raise UsageError(f"provenance.threshold_enclosure must be >= 0, got {enclosure!r}")
    threshold = first_linear_layer(net).threshold
    return scaled_ceil(threshold, bits, -enclosure), scaled_ceil(threshold, bits, enclosure)


def first_linear_layer(net: BinaryNetwork) -> Conv2dLayer | BlockLayer:
    """Layer 0 of a real-domain model: the conv2d or block that reads the real input."""
    first = net.layers[0]
    assert isinstance(first, Conv2dLayer | BlockLayer), "validate: a real model starts so"
    return first
