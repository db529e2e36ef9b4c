"""Interval propagation: which neurons are constant on a region (regions.InputBox).

A neuron whose value is the same for every input of the region is *fixed*: the encoders replace
it by a constant and never encode it (DESIGN.md section 4, "Bounds first"). The propagation is
plain interval arithmetic, one entry per layer type in LAYER_BOUNDS: (layer, lo, hi) -> the
interval [low_j, high_j] of each output when input i ranges over [lo_i, hi_i]. Layer 0 reads
the box itself; every later layer reads the intervals of the previous layer's outputs, [v, v]
for a +-1 output fixed to v and [-1, 1] for a free one.

- block: min dot = sum_{w=+1} lo_i - sum_{w=-1} hi_i, max dot = sum_{w=+1} hi_i - sum_{w=-1} lo_i
  (over +-1 inputs with some fixed: a constant plus [-m, m] for m free nonzero-weight inputs);
  the neuron is fixed to +1 when min dot >= threshold, to -1 when max dot < threshold. These
  are int64 compares only (|dot| < 2**62, model.validate), so any int64 threshold is handled:
  one outside the reachable sums is fixed at once, on every region.
- conv2d: the same per output neuron over its window only; a padded place is the constant
  pad_value ([v, v]), so it shifts both ends by weight * pad_value.
- maxpool2d: y = max of the +-1 window: fixed +1 when one window input is fixed +1, fixed -1
  when all are fixed -1, else free.
- binarize: x >= t is always on when lo >= t, always off when hi < t (x <= t with flip: always
  on when hi <= t, always off when lo > t).
- output: the interval of each dot (the score without its bias).
- an L0 box (InputBox.l0 = K, regions.L0Ball) as the input of a first block: at most K terms
  of dot(w, x) - dot(w, x0) are nonzero, so the K least (largest) per-pixel changes give the
  exact least (largest) dot of each neuron (l0_block_bounds); other layers read the box.

This is sound (a fixed neuron really is constant) but not complete: a free neuron may still be
constant because its inputs are correlated. tests/test_bounds.py checks soundness by enumeration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.errors import UsageError
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    Ints,
    MaxPool2dLayer,
    OutputLayer,
    Signs,
    dot_range,
)
from bnnverify.regions import InputBox

FREE = 0  # value in Bounds.signs(k) of a neuron that is not constant on the region


@dataclass(frozen=True, eq=False)
class Bounds:
    """Per layer k, the interval [low[k][j], high[k][j]] holding output j on every input of the
    region. `hidden` lists the layers whose outputs are hidden neurons (block, conv2d; a
    max-pool's outputs are not counted: they are ORs of hidden neurons)."""

    low: tuple[Ints, ...]
    high: tuple[Ints, ...]
    hidden: tuple[int, ...]

    def signs(self, k: int) -> Signs:
        """Layer k's +-1 outputs: +1 / -1 where constant on the region, FREE where not."""
        low, high = self.low[k], self.high[k]
        return np.where(low == high, low, FREE).astype(np.int8)

    @property
    def n_total(self) -> int:
        """Number of hidden neurons (block and conv2d outputs)."""
        return sum(int(self.low[k].shape[0]) for k in self.hidden)

    @property
    def n_fixed(self) -> int:
        """Number of hidden neurons (block and conv2d outputs) constant on the region."""
        return sum(int(np.count_nonzero(self.low[k] == self.high[k])) for k in self.hidden)


def _signs_interval(
    always: npt.NDArray[np.bool_], never: npt.NDArray[np.bool_]
) -> tuple[Ints, Ints]:
    """A +-1 output's interval: [1, 1] where always +1, [-1, -1] where never, else [-1, 1]."""
    return np.where(always, 1, -1).astype(np.int64), np.where(never, -1, 1).astype(np.int64)


def binarize_bounds(layer: BinarizeLayer, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Without flip the bit is x >= t: always on when lo >= t, always off when hi < t.
    With flip it is x <= t: always on when hi <= t, always off when lo > t."""
    t = layer.threshold
    always = np.where(layer.flip, hi <= t, lo >= t)
    never = np.where(layer.flip, lo > t, hi < t)
    return _signs_interval(always, never)


def block_bounds(layer: BlockLayer, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Fixed to +1 where min dot >= threshold, to -1 where max dot < threshold."""
    low, high = dot_range(layer.weight, lo, hi)
    return _signs_interval(low >= layer.threshold, high < layer.threshold)


def conv2d_bounds(layer: Conv2dLayer, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """Per output neuron (o, i, j): the window sum's interval (Conv2dLayer.sum_range: dot_range
    over its window, a padded place the constant pad_value); fixed to +1 where its min >=
    threshold[o], to -1 where its max < threshold[o]."""
    low, high = layer.sum_range(lo, hi)
    t = layer.neuron_thresholds()
    return _signs_interval(low >= t, high < t)


def maxpool2d_bounds(layer: MaxPool2dLayer, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """y = max over the +-1 window: fixed +1 when one input is fixed +1 (max lo = 1), fixed -1
    when all are fixed -1 (max hi = -1), else [-1, 1]."""
    return layer.sum_range(lo, hi)


def output_bounds(layer: OutputLayer, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """The interval of each dot(weight[c], x) (score_c - bias_c)."""
    return dot_range(layer.weight, lo, hi)


def l0_block_bounds(layer: BlockLayer, box: InputBox) -> tuple[Ints, Ints]:
    """A first block over an L0 box: dot(w, x) = dot(w, x0) + sum_i w_i (x_i - x0_i) with at
    most K = box.l0 nonzero terms, term i in [min(w_i (lo_i - x0_i), w_i (hi_i - x0_i)), max(..)]
    (an interval around 0). The least dot adds the K smallest minima, the largest the K largest
    maxima; fixed as in block_bounds."""
    assert box.l0 is not None and box.center is not None
    w = layer.weight.astype(np.int64)  # (n_out, n_in)
    k = min(int(box.l0), w.shape[1])
    below, above = w * (box.lo - box.center), w * (box.hi - box.center)
    dot = w @ box.center
    if k == 0:
        low, high = dot, dot
    else:
        least = np.partition(np.minimum(below, above), k - 1, axis=1)[:, :k].sum(axis=1)
        most = np.partition(-np.maximum(below, above), k - 1, axis=1)[:, :k].sum(axis=1)
        low, high = dot + least, dot - most
    return _signs_interval(low >= layer.threshold, high < layer.threshold)


LAYER_BOUNDS: dict[str, Callable[[Any, Ints, Ints], tuple[Ints, Ints]]] = {
    "binarize": binarize_bounds,
    "block": block_bounds,
    "conv2d": conv2d_bounds,
    "maxpool2d": maxpool2d_bounds,
    "output": output_bounds,
}


def banded_bounds(layer: BlockLayer | Conv2dLayer, lo: Ints, hi: Ints, band: tuple) -> tuple:
    """Layer 0 of a real model's integer view: fixed to +1 where its least sum reaches the
    upper threshold of the band, to -1 where its largest stays below the lower one
    (model.grid.threshold_band; one threshold per row or per channel)."""
    low, high = layer.sum_range(lo, hi)
    below, above = (np.repeat(t, low.size // t.size) for t in band)
    return _signs_interval(low >= above, high < below)


def propagate(net: BinaryNetwork, box: InputBox, band: tuple[Ints, Ints] | None = None) -> Bounds:
    """Interval propagation of `box` through every layer of `net` (sound, not complete).

    band: for the integer view of a real-domain model, layer 0's thresholds widened by their
    enclosure (banded_bounds)."""
    if box.n_inputs != net.n_inputs:
        raise UsageError(f"the box has {box.n_inputs} inputs, the network {net.n_inputs}")
    lo, hi = box.lo, box.hi
    lows, highs = [], []
    for k, layer in enumerate(net.layers):
        if k == 0 and band is not None:
            assert isinstance(layer, BlockLayer | Conv2dLayer)
            lo, hi = banded_bounds(layer, lo, hi, band)
        elif k == 0 and box.l0 is not None and isinstance(layer, BlockLayer):
            lo, hi = l0_block_bounds(layer, box)
        else:
            lo, hi = LAYER_BOUNDS[layer.kind](layer, lo, hi)
        lows.append(lo)
        highs.append(hi)
    hidden = tuple(k for k, layer in enumerate(net.layers) if layer.hidden)
    return Bounds(tuple(lows), tuple(highs), hidden)
