"""Gradient falsification of robustness: PGD through a straight-through relaxation of the BNN.

The forward pass computes every layer's sums as engine.reference does (float64, exact for the
integer points PGD visits: |sum| < 2**53), so with `smooth` off its signs are the network's
own. Each sign y = +1 iff s >= t is relaxed to tanh(u / scale) with u = s - t + 1/2 (s and t
integers: s >= t iff u > 0; binarize with flip: u = t - x + 1/2); the backward pass uses that
surrogate's derivative at u whatever the forward passed on (the straight-through estimator,
Hubara et al., NeurIPS 2016). `scale` is a fraction of the spread of the neuron's sum when its
inputs take random ends of their ranges, sqrt(sum_i w_i**2 * r_i**2) with r_i the half-width
of input i's range (the box for layer 0, 1 for a +-1 input). A max-pool (an OR) routes its
gradient to the window input whose surrogate is largest: the one closest to firing, and one
that fires when the OR does. With `smooth` on the surrogates themselves are passed on: a
smooth function whose exact gradient the backward pass computes (tests check it against
finite differences).

`pgd` (Madry et al., ICLR 2018) descends the relaxed margin dot_label - dot_c + D_c of one
target c per restart with signed-gradient steps of whole input units projected onto the box,
long steps over smooth surrogates first, short ones over sharp ones at the end (PgdSettings).
Every iterate is an integer point of the box, whose exact margin the hard forward pass gives;
a point counts only once the packed engine confirms margin <= 0 (and it is replayed anyway).

Over 300 lines: the relaxed forward pass and its hand-written backward, one pair per layer
type, must be read together (each backward transposes its forward).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    Floats,
    Ints,
    Layer,
    MaxPool2dLayer,
    beats_bound,
)

MIN_SCALE = 0.5  # no surrogate is steeper than one step per half sum unit


@dataclass(frozen=True, eq=False)
class RelaxedLayer:
    """One layer as float64 arrays: `weight` (n_out, n_in) for block and output, (C_out, K)
    for conv2d; `threshold` per output neuron; `index` the windows ((P, K) for conv2d with
    padding at n_in, (n_out, KK) for maxpool2d); `direction` +-1 per bit (binarize:
    -1 where flipped)."""

    kind: str
    n_in: int
    weight: Floats | None = None
    threshold: Floats | None = None
    index: Ints | None = None
    pad_value: float = 0.0
    direction: Floats | None = None


def relax(net: BinaryNetwork) -> list[RelaxedLayer]:
    """Every layer of `net` as a RelaxedLayer (the float copies are made once per attack)."""
    return [relax_layer(layer) for layer in net.layers]


def relax_layer(layer: Layer) -> RelaxedLayer:
    if isinstance(layer, BinarizeLayer):
        direction = np.where(layer.flip, -1.0, 1.0)
        threshold = layer.threshold.astype(np.float64)
        return RelaxedLayer(layer.kind, layer.n_in, threshold=threshold, direction=direction)
    if isinstance(layer, Conv2dLayer):
        index = layer.window_indices()
        return RelaxedLayer(
            layer.kind,
            layer.n_in,
            weight=layer.window_weights().astype(np.float64),
            threshold=layer.neuron_thresholds().astype(np.float64),
            index=np.where(index < 0, layer.n_in, index),  # padding reads column n_in
            pad_value=float(layer.pad_value),
        )
    if isinstance(layer, MaxPool2dLayer):
        return RelaxedLayer(layer.kind, layer.n_in, index=layer.window_indices())
    weight = layer.weight.astype(np.float64)
    if isinstance(layer, BlockLayer):
        return RelaxedLayer(layer.kind, layer.n_in, weight, layer.threshold.astype(np.float64))
    return RelaxedLayer(layer.kind, layer.n_in, weight)  # output


def linear(layer: RelaxedLayer, x: Floats, weight: Floats | None = None) -> Floats:
    """The sums of a block or output (x @ weight.T) or conv2d (sum_{c,u,v} weight[o,c,u,v] *
    xpad[c, i*SH+u, j*SW+v], gathered through the windows): (batch, n_in) -> (batch, n_out),
    C order. `weight` replaces the layer's own (sum_spreads)."""
    weight = layer.weight if weight is None else weight
    assert weight is not None
    if layer.index is None:
        return x @ weight.T
    padded = np.concatenate([x, np.full((x.shape[0], 1), layer.pad_value)], axis=1)
    columns = padded[:, layer.index]  # (batch, P, K)
    return (columns @ weight.T).transpose(0, 2, 1).reshape(x.shape[0], -1)


def linear_transposed(layer: RelaxedLayer, grad: Floats) -> Floats:
    """The transpose of `linear` in x: (batch, n_out) -> (batch, n_in); for conv2d the window
    gather transposed (col2im: sums over every window reading an input); padding gets nothing."""
    assert layer.weight is not None
    if layer.index is None:
        return grad @ layer.weight
    batch = grad.shape[0]
    per_place = grad.reshape(batch, layer.weight.shape[0], -1).transpose(0, 2, 1)  # (B, P, C_out)
    return scatter_add(per_place @ layer.weight, layer.index, batch, layer.n_in)  # (B, P, K)


def scatter_add(values: Floats, index: Ints, batch: int, n_in: int) -> Floats:
    """out[b, i] = sum of values[b, ...] over the places where index == i, index either shared
    by the batch (values.shape[1:]) or per row (values.shape); an index n_in (a padded place)
    is dropped: -> (batch, n_in)."""
    shared = index.ndim == values.ndim - 1
    offsets = np.arange(batch).reshape(-1, *([1] * (values.ndim - 1))) * (n_in + 1)
    rows = offsets + (index[None] if shared else index)
    summed = np.bincount(rows.ravel(), values.ravel(), minlength=batch * (n_in + 1))
    return np.asarray(summed.reshape(batch, n_in + 1)[:, :n_in], dtype=np.float64)


def sum_spreads(layers: Sequence[RelaxedLayer], lo: Ints, hi: Ints) -> list[Floats | None]:
    """Per layer, the spread of each output's sum when every input takes a random end of its
    range: sqrt(sum_i w_i**2 r_i**2), r_i = (hi_i - lo_i) / 2 for layer 0 and 1 for a +-1
    input (binarize: r_i itself); None for maxpool2d and output, which have no threshold."""
    radius = (np.asarray(hi, dtype=np.float64) - np.asarray(lo, dtype=np.float64)) / 2
    spreads: list[Floats | None] = []
    for k, layer in enumerate(layers):
        r2 = radius**2 if k == 0 else np.ones(layer.n_in)
        if layer.threshold is None:
            spreads.append(None)
        elif layer.weight is None:  # binarize
            spreads.append(np.sqrt(r2))
        else:
            square = RelaxedLayer(layer.kind, layer.n_in, index=layer.index)  # a pad adds 0
            spreads.append(np.sqrt(linear(square, r2[None], layer.weight**2)[0]))
    return spreads


def surrogate_scales(spreads: Sequence[Floats | None], factor: float) -> list[Floats | None]:
    """Each layer's surrogate scales: max(MIN_SCALE, factor * spread)."""
    return [None if s is None else np.maximum(factor * s, MIN_SCALE) for s in spreads]


@dataclass(frozen=True)
class Tape:
    """What the backward pass needs of one layer: the surrogate's slopes d y / d s (layers
    with thresholds), or the window input each max-pool output routes to."""

    slope: Floats | None = None  # (batch, n_out)
    route: Ints | None = None  # (batch, n_out): flat input index (maxpool2d)


def relaxed_forward(
    layers: Sequence[RelaxedLayer],
    x: Floats,
    scales: Sequence[Floats | None],
    smooth: bool = False,
) -> tuple[Floats, list[Tape]]:
    """The output dots (batch, n_classes) and the tape: x (batch, n_inputs) in the box."""
    h, soft = np.asarray(x, dtype=np.float64), np.empty(0)
    tape: list[Tape] = []
    for layer, scale in zip(layers, scales, strict=True):
        if layer.kind == "output":
            tape.append(Tape())
            return linear(layer, h), tape
        if layer.kind == "maxpool2d":
            assert layer.index is not None
            best = soft[:, layer.index].argmax(axis=2)  # (batch, n_out)
            route = layer.index[np.arange(layer.index.shape[0]), best]
            soft = np.take_along_axis(soft, route, axis=1)
            h = soft if smooth else h[:, layer.index].max(axis=2)
            tape.append(Tape(route=route))
            continue
        assert layer.threshold is not None and scale is not None
        if layer.direction is not None:  # binarize: x >= t, or x <= t where flipped
            u = layer.direction * (h - layer.threshold) + 0.5
            slope_sign: Floats | float = layer.direction
        else:
            u, slope_sign = linear(layer, h) - layer.threshold + 0.5, 1.0
        soft = np.tanh(u / scale)
        tape.append(Tape(slope=slope_sign * (1 - soft**2) / scale))
        h = soft if smooth else np.where(u > 0, 1.0, -1.0)
    raise AssertionError("validate: the last layer is output")


def relaxed_backward(
    layers: Sequence[RelaxedLayer], tape: Sequence[Tape], grad_dots: Floats
) -> Floats:
    """d loss / d x from d loss / d dots, through the tape in reverse: (batch, n_inputs)."""
    grad = grad_dots
    for layer, record in zip(reversed(layers), reversed(tape), strict=True):
        if record.route is not None:  # maxpool2d: each output's gradient to its route
            grad = scatter_add(grad, record.route, grad.shape[0], layer.n_in)
            continue
        if record.slope is not None:
            grad = grad * record.slope  # d loss / d sum (binarize: / d x)
        if layer.weight is not None:
            grad = linear_transposed(layer, grad)
    return grad


@dataclass(frozen=True)
class PgdOutcome:
    """`found`: `point` is an exact violation (confirmed on the packed engine); else `point`
    has the least exact margin seen (a start for further search)."""

    found: bool
    point: Ints
    margin: int


@dataclass(frozen=True)
class PgdSettings:
    """Per restart `steps` signed steps; an input moves round(f * its range) units a step (at
    least 1), f going geometrically from step_fraction[0] at the first step to [1] at the
    last; the surrogates' factor (surrogate_scales) likewise from scale[0] to scale[1]: long
    moves over smooth surrogates first, short ones over sharp ones at the end."""

    steps: int
    step_fraction: tuple[float, float]
    scale: tuple[float, float]

    def at(self, done: int) -> tuple[float, float]:
        """(step fraction, scale factor) at step `done` (0 = the first)."""
        progress = done / max(1, self.steps - 1)
        (f0, f1), (s0, s1) = self.step_fraction, self.scale
        return f0 * (f1 / f0) ** progress, s0 * (s1 / s0) ** progress


def pgd(
    net: BinaryNetwork,
    margin: Callable[[Ints], Ints],
    lo: Ints,
    hi: Ints,
    label: int,
    targets: Sequence[int],
    starts: Ints,
    settings: PgdSettings,
) -> PgdOutcome:
    """Signed-gradient descent of the relaxed margin from each row of `starts` (integer points
    of [lo, hi]); restart r descends toward the target ranked r % len(targets) by margin at
    its start (least first). Restarts run in batches of rows_per_batch; stops at the first
    violation. Deterministic.

    Every iterate is an integer point of the box, so the hard forward pass that gives its
    gradient also gives its exact dots (float64 sums of integers below 2**53); a point whose
    margin is <= 0 there is confirmed by `margin` (the packed engine: the least margin over
    targets, robustness_margins) before it counts.
    """
    layers = relax(net)
    bounds = [beats_bound(net.output.bias, c, label) for c in targets]
    descent = Descent(layers, sum_spreads(layers, lo, hi), lo, hi, label, list(targets),
                      np.array(bounds, dtype=np.float64), margin, settings)  # fmt: skip
    size = rows_per_batch(layers, starts.shape[0])
    best: PgdOutcome | None = None
    for first in range(0, starts.shape[0], size):
        outcome = descent.run(starts[first : first + size], first)
        if outcome.found:
            return outcome
        if best is None or outcome.margin < best.margin:
            best = outcome
    assert best is not None, "pgd needs at least one start"
    return best


GATHER_FLOATS = 2**22  # floats a batch may gather for one conv layer (32 MiB)


def rows_per_batch(layers: Sequence[RelaxedLayer], n_rows: int) -> int:
    """How many restarts run as one batch: all of them, unless a conv layer's window gather
    (P * K floats per row) would pass GATHER_FLOATS."""
    gathers = [
        layer.index.size for layer in layers if layer.kind == "conv2d" and layer.index is not None
    ]
    per_row = max(gathers, default=0)
    return n_rows if per_row == 0 else max(1, min(n_rows, GATHER_FLOATS // per_row))


@dataclass(frozen=True, eq=False)
class Descent:
    """One query's PGD: the relaxed layers, their spreads, the box and the margin."""

    layers: Sequence[RelaxedLayer]
    spreads: Sequence[Floats | None]
    lo: Ints
    hi: Ints
    label: int
    targets: list[int]
    bounds: Floats  # beats_bound per target
    margin: Callable[[Ints], Ints]
    settings: PgdSettings

    def run(self, starts: Ints, first_row: int) -> PgdOutcome:
        """PGD from `starts`, restart numbers first_row, first_row + 1, ... (pgd)."""
        settings, label = self.settings, self.label
        x, rows = starts.astype(np.float64), np.arange(starts.shape[0])
        best_point, best_margin = starts[0], None
        for done in range(settings.steps + 1):
            fraction, factor = settings.at(done)
            dots, tape = relaxed_forward(self.layers, x, surrogate_scales(self.spreads, factor))
            margins = dots[:, [label]] - dots[:, self.targets] + self.bounds  # (rows, targets)
            least = margins.min(axis=1)
            first = int(np.argmin(least))
            if best_margin is None or least[first] < best_margin:
                best_point = x[first].astype(np.int64)
                best_margin = int(self.margin(best_point[None])[0])  # the packed engine
                if best_margin <= 0:
                    return PgdOutcome(True, best_point, best_margin)
            if done == settings.steps:
                break
            if done == 0:  # restart r's target: rank r % len(targets) at its start
                ranked = np.asarray(self.targets)[np.argsort(margins, axis=1, kind="stable")]
                grad_dots = np.zeros_like(dots)  # d margin / d dots: +1 label, -1 target
                grad_dots[:, label] = 1.0
                grad_dots[rows, ranked[rows, (first_row + rows) % len(self.targets)]] = -1.0
            step = np.maximum(1.0, np.round(fraction * (self.hi - self.lo)))  # whole units
            grad = relaxed_backward(self.layers, tape, grad_dots)
            x = np.clip(x - step * np.sign(grad), self.lo, self.hi)
        assert best_margin is not None
        return PgdOutcome(False, best_point, best_margin)
