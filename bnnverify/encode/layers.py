"""Layer-by-layer encoders of a BinaryNetwork into a ConstraintSink (Narodytska et al., AAAI 2018).

One entry per layer type in LAYER_ENCODERS, each with the signature of `LayerEncoder`: it takes
what its layer reads (a `Source`: the order-encoded raw input for layer 0, the previous layer's
`Signals` after it), emits constraints, and returns what the layer writes. Derivations of every
bound are in encodings/README.md and repeated in one line beside the code.

- Integer input, order encoding (`OrderInput`): x_i = lo_i + sum_{k=1}^{m_i} u_ik with
  u_ik <-> x_i >= lo_i + k and u_i1 >= u_i2 >= ... (m_i = hi_i - lo_i bits).
- A block or conv2d neuron is one reified cardinality constraint (encode.neurons: raw_neuron
  over the raw input, signed_neuron over +-1 signals). A conv2d neuron reads its window only
  (Conv2dLayer.window_indices), padded places folded into the bound as constants; no dense
  (n_out, n_in) matrix is ever built. The output comparison "c beats l" uses c = w_c - w_l and
  D = beats_bound.
- maxpool2d: y <-> OR(window) = #true(window) >= 1 (clauses y -> OR x_i, x_i -> y), constant
  inputs folded first; through add_reified_atleast, so neuron sharing (encode.sharing) sees it.
- Neurons fixed by `Bounds` become constants and are never encoded.
- Thresholds may be any int64 (DESIGN.md section 2). Every bound here is computed on Python
  ints (int(threshold) first), so nothing wraps; a k outside [1, n] is a constant constraint,
  which each sink writes as one (sink.trivial_atleast), so no bounds are needed for it.

Variable names: ("in", i, k) for u_ik (shared by every network over the same inputs);
(*tag, "h", b, j) for neuron j of hidden layer b (0-based among block and conv2d layers; j flat
in C order, (o*H_out + i)*W_out + j for a conv); (*tag, "maxpool2d", k, j) for output j of a
max-pool at net.layers[k].
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import numpy as np

from bnnverify.bounds import FREE, Bounds
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.neurons import (
    Signals,
    layer_signals,
    raw_neuron,
    raw_sparse_neuron,
    signed_neuron,
)
from bnnverify.encode.real import RealInput
from bnnverify.encode.sink import ConstraintSink
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    Floats,
    Ints,
    MaxPool2dLayer,
    OutputLayer,
    Signs,
)

Tag = tuple[Hashable, ...]


def reify_neurons(
    sink: ConstraintSink,
    n_out: int,
    name: Tag,
    fixed: Signs | None,
    make_neuron: Callable[[int], tuple[list[int], int]],
    deadline: float | None = None,
) -> Signals:
    """y_j <-> constraint j, for every neuron not fixed; `make_neuron(j)` gives (lits, k).

    y_j is named (*name, j) and created before make_neuron(j) runs. Raises EncodingTimeout
    between neurons once time.perf_counter() passes `deadline`.
    """

    def reify(j: int, y: int) -> None:
        sink.add_reified_atleast(y, *make_neuron(j))

    return layer_signals(sink, n_out, name, fixed, reify, deadline)


Source = OrderInput | Signals  # what a layer reads: the raw input (layer 0) or +-1 signals


@dataclass(frozen=True, eq=False)
class Scores:
    """The output layer over encoded +-1 signals: linear forms in h, no variables of its own."""

    weight: Ints  # (n_classes, n_in) int64
    bias: Floats  # (n_classes,)
    h: Signals

    def difference_at_least(self, c: int, d: int, bound: int) -> tuple[list[int], int]:
        """(lits, k) with  dot_c - dot_d >= bound  <=>  #true(lits) >= k; coefficients
        w_c - w_d in {-2, ..., 2} (bound: beats_bound or wins_bound of the bias)."""
        return signed_neuron(self.weight[c] - self.weight[d], self.h, bound)


class LayerEncoder(Protocol):
    """(sink, layer, source, fixed, name, deadline) -> what the layer writes.

    fixed: Bounds.signs(k) of the layer (+1 / -1 constant outputs, never encoded) or None;
    name: the prefix of its neuron variables, (*tag, "h", b) for a hidden layer, else
    (*tag, kind, k); deadline: see reify_neurons.
    """

    def __call__(
        self,
        sink: ConstraintSink,
        layer: Any,
        source: Source,
        fixed: Signs | None = None,
        name: Tag = (),
        deadline: float | None = None,
    ) -> Signals | Scores: ...


def encode_binarize(
    sink: ConstraintSink,
    layer: BinarizeLayer,
    source: Source,
    fixed: Signs | None = None,
    name: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """bit_i = +1 iff x_i >= t_i, or x_i <= t_i (= not x_i >= t_i + 1) when flip_i."""
    assert isinstance(source, OrderInput), "binarize reads the raw input"
    n = layer.n_in
    lits = np.zeros(n, dtype=np.int64)
    values = np.zeros(n, dtype=np.int8)
    for i in range(n):
        if fixed is not None and fixed[i] != FREE:
            values[i] = fixed[i]
            continue
        t = int(layer.threshold[i])
        ge = source.at_least(sink, i, t + 1 if layer.flip[i] else t)
        sign = -1 if layer.flip[i] else 1
        if isinstance(ge, bool):
            values[i] = 1 if ge == (sign == 1) else -1
        else:
            lits[i] = sign * ge
    return Signals(lits, values)


def _raw_neuron_of(
    layer: BlockLayer, sink: ConstraintSink, inputs: OrderInput, j: int
) -> tuple[list[int], int]:
    return raw_neuron(layer.weight[j], int(layer.threshold[j]), sink, inputs)


def _signed_neuron_of(layer: BlockLayer, signals: Signals, j: int) -> tuple[list[int], int]:
    return signed_neuron(layer.weight[j], signals, int(layer.threshold[j]))


def encode_block(
    sink: ConstraintSink,
    layer: BlockLayer,
    source: Source,
    fixed: Signs | None = None,
    name: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """y_j <-> dot(weight[j], x) >= threshold[j]: raw_neuron over the order-encoded input,
    signed_neuron over +-1 signals."""
    if isinstance(source, OrderInput):
        make_neuron = partial(_raw_neuron_of, layer, sink, source)
    else:
        make_neuron = partial(_signed_neuron_of, layer, source)
    return reify_neurons(sink, layer.n_out, name, fixed, make_neuron, deadline)


def _conv_neuron_of(
    layer: Conv2dLayer,
    windows: Ints,
    weights: Ints,
    sink: ConstraintSink,
    source: Source,
    n: int,
) -> tuple[list[int], int]:
    """Neuron n = (o, i, j) of a conv layer as one cardinality constraint over ITS window only.

    n = o * P + p with P = H_out * W_out positions; the window is windows[p], its weights
    weights[o]. A padded place holds the constant pad_value: sum = sum_real w x + pad_value *
    sum_padded w, so the real part is compared with threshold[o] - pad_value * sum_padded w.
    """
    o, p = divmod(n, windows.shape[0])
    index, w = windows[p], weights[o]
    padded = index < 0
    bound = int(layer.threshold[o]) - int(layer.pad_value) * int(w[padded].sum())
    used = ~padded & (w != 0)
    index, w = index[used], w[used]
    if isinstance(source, OrderInput):
        return raw_sparse_neuron(index, w, bound, sink, source)
    return signed_neuron(w, Signals(source.lits[index], source.values[index]), bound)


def encode_conv2d(
    sink: ConstraintSink,
    layer: Conv2dLayer,
    source: Source,
    fixed: Signs | None = None,
    name: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """y[o,i,j] <-> window sum >= threshold[o], one reified cardinality constraint per neuron
    over its window (raw_sparse_neuron over the raw input, signed_neuron over +-1 signals)."""
    windows, weights = layer.window_indices(), layer.window_weights()  # (P, K), (C_out, K)
    make_neuron = partial(_conv_neuron_of, layer, windows, weights, sink, source)
    return reify_neurons(sink, layer.n_out, name, fixed, make_neuron, deadline)


def encode_maxpool2d(
    sink: ConstraintSink,
    layer: MaxPool2dLayer,
    source: Source,
    fixed: Signs | None = None,
    name: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """y <-> OR(window), i.e. y <-> #true(window literals) >= 1: the clauses (y -> OR x_i) and
    (x_i -> y) in every CNF encoding. Constants folded first: a window input fixed +1 makes y
    the constant +1, all fixed -1 the constant -1; only the free inputs enter the OR."""
    assert isinstance(source, Signals), "maxpool2d reads +-1 signals"
    windows = layer.window_indices()  # (n_out, KH * KW)
    values = source.values[windows]
    folded = np.where((values == 1).any(axis=1), 1, np.where((values == -1).all(axis=1), -1, FREE))
    if fixed is not None:  # bounds agree where both fix it (both sound)
        folded = np.where(fixed != FREE, fixed, folded)
    free = values == FREE

    def make_neuron(j: int) -> tuple[list[int], int]:
        return list(dict.fromkeys(source.lits[windows[j]][free[j]].tolist())), 1

    return reify_neurons(sink, layer.n_out, name, folded.astype(np.int8), make_neuron, deadline)


def encode_output(
    sink: ConstraintSink,
    layer: OutputLayer,
    source: Source,
    fixed: Signs | None = None,
    name: Tag = (),
    deadline: float | None = None,
) -> Scores:
    """The scores as linear forms over the signals; a property compares them (no variables)."""
    assert isinstance(source, Signals), "the output layer reads +-1 signals"
    return Scores(layer.weight.astype(np.int64), layer.bias, source)


LAYER_ENCODERS: dict[str, LayerEncoder] = {
    "binarize": encode_binarize,
    "block": encode_block,
    "conv2d": encode_conv2d,
    "maxpool2d": encode_maxpool2d,
    "output": encode_output,
}


def encode_hidden(
    sink: ConstraintSink,
    net: BinaryNetwork,
    inputs: OrderInput | RealInput,
    bounds: Bounds | None = None,
    tag: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """Encode every layer of `net` before the output over `inputs`; return the last one's
    signals. Hidden layer b (0-based among block and conv2d layers) names its neurons
    (*tag, "h", b, j); any other layer k that makes variables (maxpool2d) (*tag, kind, k, j).
    Over a RealInput (a real-domain model) layer 0 is free signs (encode.real)."""
    source: Source = inputs  # type: ignore[assignment]
    b = 0
    for k, layer in enumerate(net.layers[:-1]):
        fixed = bounds.signs(k) if bounds is not None else None
        name = (*tag, "h", b) if layer.hidden else (*tag, layer.kind, k)
        signals: Signals | Scores
        if isinstance(source, RealInput):
            signals = source.encode_first(sink, fixed, name, deadline)
        else:
            signals = LAYER_ENCODERS[layer.kind](sink, layer, source, fixed, name, deadline)
        assert isinstance(signals, Signals), "every layer before the output writes +-1 signals"
        source = signals
        b += layer.hidden
    assert isinstance(source, Signals), "the output layer needs a block before it"
    return source


def encode_scores(sink: ConstraintSink, net: BinaryNetwork, h: Signals) -> Scores:
    """The output layer of `net` over the last hidden signals `h` (see encode_hidden)."""
    scores = LAYER_ENCODERS[net.output.kind](sink, net.output, h)
    assert isinstance(scores, Scores)
    return scores
