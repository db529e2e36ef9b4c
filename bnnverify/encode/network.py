"""Layer-by-layer encoders of a BinaryNetwork into a ConstraintSink (Narodytska et al., AAAI 2018).

Each encoder takes its input signals (literals or constants) and emits constraints; derivations
of every bound are in encodings/README.md and repeated in one line beside the code.

- Integer input, order encoding (`OrderInput`): x_i = lo_i + sum_{k=1}^{m_i} u_ik with
  u_ik <-> x_i >= lo_i + k and u_i1 >= u_i2 >= ... (m_i = hi_i - lo_i bits).
- Raw first block: sum_i w_i x_i >= t  <=>  #true(u_ik for w_i = +1, -u_ik for w_i = -1)
  >= t - sum_i w_i lo_i + #negative literals.
- +-1 inputs: with coefficient c_i and a_i = "h_i agrees with sign(c_i)", c_i h_i =
  |c_i| (2 a_i - 1), so sum_i c_i h_i >= D  <=>  sum_i |c_i| a_i >= ceil((D - C + M) / 2) with C
  the constant part and M = sum of |c_i| over free inputs. Hidden neurons use c = weight row and
  D = threshold; the output comparison "c beats l" uses c = w_c - w_l and D = beats_bound.
- Neurons fixed by `Bounds` become constants and are never encoded.
- Thresholds may be any int64 (DESIGN.md section 2). Every bound here is computed on Python
  ints (int(threshold) first), so nothing wraps; a k outside [1, n] is a constant constraint,
  which each sink writes as one (formula.trivial_atleast), so no bounds are needed for it.

Variable names: ("in", i, k) for u_ik (shared by every network over the same inputs);
(*tag, "h", b, j) for neuron j of block b (0-based among blocks); (*tag, "beats", c).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from bnnverify.bounds import FREE, Bounds, InputBox
from bnnverify.errors import UsageError
from bnnverify.encode.inputs import OrderInput
from bnnverify.formula import ConstraintSink, check_deadline, new_var
from bnnverify.model import BinarizeLayer, BinaryNetwork, BlockLayer, Ints, Signs, beats_bound

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


def encode_binarize(
    sink: ConstraintSink, layer: BinarizeLayer, inputs: OrderInput, fixed: Signs | None
) -> Signals:
    """bit_i = +1 iff x_i >= t_i, or x_i <= t_i (= not x_i >= t_i + 1) when flip_i."""
    n = layer.n_in
    lits = np.zeros(n, dtype=np.int64)
    values = np.zeros(n, dtype=np.int8)
    for i in range(n):
        if fixed is not None and fixed[i] != FREE:
            values[i] = fixed[i]
            continue
        t = int(layer.threshold[i])
        ge = inputs.at_least(sink, i, t + 1 if layer.flip[i] else t)
        sign = -1 if layer.flip[i] else 1
        if isinstance(ge, bool):
            values[i] = 1 if ge == (sign == 1) else -1
        else:
            lits[i] = sign * ge
    return Signals(lits, values)


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


def encode_block(
    sink: ConstraintSink,
    layer: BlockLayer,
    name: Tag,
    fixed: Signs | None,
    make_neuron: Callable[[int], tuple[list[int], int]],
    deadline: float | None = None,
) -> Signals:
    """y_j <-> constraint j, for every neuron not fixed; `make_neuron(j)` gives (lits, k).

    Raises EncodingTimeout between neurons once time.perf_counter() passes `deadline`.
    """
    lits = np.zeros(layer.n_out, dtype=np.int64)
    values = np.zeros(layer.n_out, dtype=np.int8)
    for j in range(layer.n_out):
        if fixed is not None and fixed[j] != FREE:
            values[j] = fixed[j]
            continue
        check_deadline(deadline)
        y = new_var(sink, (*name, j))
        sink.add_reified_atleast(y, *make_neuron(j))
        lits[j] = y
    return Signals(lits, values)


def _raw_neuron_of(
    layer: BlockLayer, sink: ConstraintSink, inputs: OrderInput, j: int
) -> tuple[list[int], int]:
    return raw_neuron(layer.weight[j], int(layer.threshold[j]), sink, inputs)


def _signed_neuron_of(layer: BlockLayer, signals: Signals, j: int) -> tuple[list[int], int]:
    return signed_neuron(layer.weight[j], signals, int(layer.threshold[j]))


def encode_hidden(
    sink: ConstraintSink,
    net: BinaryNetwork,
    inputs: OrderInput,
    bounds: Bounds | None = None,
    tag: Tag = (),
    deadline: float | None = None,
) -> Signals:
    """Encode every block of `net` over `inputs`; return the last block's signals."""
    signals: Signals | None = None
    if net.binarize is not None:
        bits = bounds.input_bits if bounds is not None else None
        signals = encode_binarize(sink, net.binarize, inputs, bits)
    for b, layer in enumerate(net.blocks):
        fixed = bounds.fixed[b] if bounds is not None else None
        if signals is None:
            make_neuron = partial(_raw_neuron_of, layer, sink, inputs)
        else:
            make_neuron = partial(_signed_neuron_of, layer, signals)
        signals = encode_block(sink, layer, (*tag, "h", b), fixed, make_neuron, deadline)
    assert signals is not None
    return signals


def robustness_targets(net: BinaryNetwork, label: int, targets: Sequence[int] | None) -> list[int]:
    """The classes c != label to compare with (all of them by default), validated."""
    n = net.n_classes
    if not 0 <= int(label) < n:
        raise UsageError(f"label must be in [0, {n - 1}], got {label}")
    chosen = range(n) if targets is None else [int(c) for c in targets]
    for c in chosen:
        if not 0 <= c < n:
            raise UsageError(f"target classes must be in [0, {n - 1}], got {c}")
    result = sorted({c for c in chosen if c != int(label)})
    if not result:
        raise UsageError(f"targets must name a class other than the label {label}")
    return result


def encode_beats(
    sink: ConstraintSink,
    net: BinaryNetwork,
    h: Signals,
    label: int,
    targets: Sequence[int],
    tag: Tag = (),
    reified: bool = False,
) -> dict[int, int]:
    """beats_c -> (score_c >= score_label) for each target c (<-> when `reified`).

    score_c >= score_l <=> dot_c - dot_l >= beats_bound(bias, c, l) (ties count: DESIGN.md
    section 3); dot_c - dot_l = sum_i (w_c,i - w_l,i) h_i with coefficients in {-2, ..., 2}.
    """
    weight = net.output.weight.astype(np.int64)
    beats = {}
    for c in targets:
        lits, k = signed_neuron(
            weight[c] - weight[label], h, beats_bound(net.output.bias, c, label)
        )
        beats[c] = new_var(sink, (*tag, "beats", c))
        if reified:
            sink.add_reified_atleast(beats[c], lits, k)
        else:
            sink.add_implied_atleast(beats[c], lits, k)
    return beats


@dataclass(frozen=True, eq=False)
class RobustnessEncoding:
    """What a solver model needs to be read back: the input encoding and the beats variables."""

    inputs: OrderInput
    beats: dict[int, int]
    bounds: Bounds | None


def encode_robustness(
    sink: ConstraintSink,
    net: BinaryNetwork,
    box: InputBox,
    label: int,
    targets: Sequence[int] | None = None,
    bounds: Bounds | None = None,
    deadline: float | None = None,
) -> RobustnessEncoding:
    """Constraints satisfiable iff some x in `box` has score_c(x) >= score_label(x), c != label.

    Only beats_c -> (c beats label) is needed: beats_c occurs only positively (in the one
    violation clause), so any model can be changed to one with beats_c true exactly when c beats
    the label, and a model with beats_c true has c really beating the label.
    """
    chosen = robustness_targets(net, label, targets)
    if box.n_inputs != net.n_inputs:
        raise UsageError(f"the box has {box.n_inputs} inputs, the network {net.n_inputs}")
    inputs = OrderInput(box)
    h = encode_hidden(sink, net, inputs, bounds, deadline=deadline)
    beats = encode_beats(sink, net, h, label, chosen)
    sink.add_clause(list(beats.values()))
    inputs.finish(sink)
    return RobustnessEncoding(inputs, beats, bounds)
