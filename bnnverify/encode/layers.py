"""Layer-by-layer encoders of a BinaryNetwork into a ConstraintSink (Narodytska et al., AAAI 2018).

One entry per layer type in LAYER_ENCODERS, each with the signature of `LayerEncoder`: it takes
what its layer reads (a `Source`: the order-encoded raw input for layer 0, the previous layer's
`Signals` after it), emits constraints, and returns what the layer writes. Derivations of every
bound are in encodings/README.md and repeated in one line beside the code.

- Integer input, order encoding (`OrderInput`): x_i = lo_i + sum_{k=1}^{m_i} u_ik with
  u_ik <-> x_i >= lo_i + k and u_i1 >= u_i2 >= ... (m_i = hi_i - lo_i bits).
- A block over the raw input: sum_i w_i x_i >= t  <=>  #true(u_ik for w_i = +1, -u_ik for
  w_i = -1) >= t - sum_i w_i lo_i + #negative literals.
- +-1 inputs: with coefficient c_i and a_i = "h_i agrees with sign(c_i)", c_i h_i =
  |c_i| (2 a_i - 1), so sum_i c_i h_i >= D  <=>  sum_i |c_i| a_i >= ceil((D - C + M) / 2) with C
  the constant part and M = sum of |c_i| over free inputs. Hidden neurons use c = weight row and
  D = threshold; the output comparison "c beats l" uses c = w_c - w_l and D = beats_bound.
- Neurons fixed by `Bounds` become constants and are never encoded.
- Thresholds may be any int64 (DESIGN.md section 2). Every bound here is computed on Python
  ints (int(threshold) first), so nothing wraps; a k outside [1, n] is a constant constraint,
  which each sink writes as one (sink.trivial_atleast), so no bounds are needed for it.

Variable names: ("in", i, k) for u_ik (shared by every network over the same inputs);
(*tag, "h", b, j) for neuron j of hidden layer b (0-based among the blocks).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import numpy as np

from bnnverify.bounds import FREE, Bounds
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.sink import ConstraintSink, check_deadline, new_var
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Floats,
    Ints,
    OutputLayer,
    Signs,
)

Tag = tuple[Hashable, ...]


@dataclass(frozen=True, eq=False)
class Signals:
    """A layer's +-1 outputs: lits[j] is the literal of "h_j = +1", or 0 when h_j is the
    constant values[j] (+1 / -1); values[j] is 0 (FREE) where lits[j] is a literal."""

    lits: Ints  # (n,)
    values: Signs  # (n,)

    def __len__(self) -> int:
        return int(self.lits.shape[0])


def _ceil_half(value: int) -> int:
    return -((-value) // 2)


def raw_neuron(
    row: Signs, threshold: int, sink: ConstraintSink, inputs: OrderInput
) -> tuple[list[int], int]:
    """(lits, k) with  dot(row, x) >= threshold  <=>  #true(lits) >= k, x in the order encoding.

    dot = sum_w w_i lo_i + #true(u_ik : w_i = +1) - #true(u_ik : w_i = -1), and for a negative
    weight -u = (1 - u) - 1 = not u - 1: dot = C + #true(lits) - N with N = #negative literals.
    """
    lo = inputs.box.lo
    constant, n_negative = 0, 0
    lits: list[int] = []
    for i in np.flatnonzero(row):
        w = int(row[i])
        constant += w * int(lo[i])
        unary = inputs.all_unary(sink, int(i))
        if w > 0:
            lits.extend(unary)
        else:
            lits.extend(-u for u in unary)
            n_negative += len(unary)
    return lits, int(threshold) - constant + n_negative


def signed_neuron(coeffs: Ints, signals: Signals, bound: int) -> tuple[list[int], int]:
    """(lits, k) with  sum_i coeffs_i h_i >= bound  <=>  #true(lits) >= k  (lits may repeat).

    c_i h_i = |c_i| (2 a_i - 1) with a_i = h_i if c_i > 0 else not h_i, hence
    sum >= D <=> sum_i |c_i| a_i >= ceil((D - C + M) / 2), C the constant part, M = sum |c_i|.
    """
    coeffs = np.asarray(coeffs, dtype=np.int64)
    constant = int(coeffs @ signals.values.astype(np.int64))
    free = (signals.lits != 0) & (coeffs != 0)
    agree = np.where(coeffs > 0, signals.lits, -signals.lits)[free]
    reps = np.abs(coeffs)[free]
    lits = np.repeat(agree, reps).tolist()
    return lits, _ceil_half(int(bound) - constant + int(reps.sum()))


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
    lits = np.zeros(n_out, dtype=np.int64)
    values = np.zeros(n_out, dtype=np.int8)
    for j in range(n_out):
        if fixed is not None and fixed[j] != FREE:
            values[j] = fixed[j]
            continue
        check_deadline(deadline)
        y = new_var(sink, (*name, j))
        sink.add_reified_atleast(y, *make_neuron(j))
        lits[j] = y
    return Signals(lits, values)


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
    name: the prefix of its neuron variables, (*tag, "h", b); deadline: see reify_neurons.
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
    "output": encode_output,
}


def encode_hidden(
    sink: ConstraintSink,
    net: BinaryNetwork,
    inputs: OrderInput,
    bounds: Bounds | None = None,
    tag: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """Encode every layer of `net` before the output over `inputs`; return the last one's
    signals. Hidden layer b (0-based among the blocks) names its neurons (*tag, "h", b, j)."""
    source: Source = inputs
    b = 0
    for k, layer in enumerate(net.layers[:-1]):
        fixed = bounds.signs(k) if bounds is not None else None
        signals = LAYER_ENCODERS[layer.kind](sink, layer, source, fixed, (*tag, "h", b), deadline)
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
