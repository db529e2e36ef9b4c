"""One neuron as one cardinality constraint: #true(lits) >= k (Narodytska et al., AAAI 2018).

- Over the order-encoded raw input (`raw_neuron`, `raw_sparse_neuron`): sum_i w_i x_i >= t
  <=> #true(u_ik for w_i = +1, -u_ik for w_i = -1) >= t - sum_i w_i lo_i + #negative literals.
- Over +-1 signals (`signed_neuron`): with coefficient c_i and a_i = "h_i agrees with
  sign(c_i)", c_i h_i = |c_i| (2 a_i - 1), so sum_i c_i h_i >= D <=> sum_i |c_i| a_i >=
  ceil((D - C + M) / 2), C the constant part, M = sum of |c_i| over free inputs.

Every bound is computed on Python ints, so no int64 threshold wraps. Used by the layer
encoders (encode.layers) for block, conv2d and output rows alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import numpy as np

from bnnverify.bounds import FREE
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.sink import ConstraintSink, check_deadline, new_var
from bnnverify.model import Ints, Signs


@dataclass(frozen=True, eq=False)
class Signals:
    """A layer's +-1 outputs: lits[j] is the literal of "h_j = +1", or 0 when h_j is the
    constant values[j] (+1 / -1); values[j] is 0 (FREE) where lits[j] is a literal."""

    lits: Ints  # (n,)
    values: Signs  # (n,)

    def __len__(self) -> int:
        return int(self.lits.shape[0])


def layer_signals(
    sink: ConstraintSink,
    n_out: int,
    name: tuple[Hashable, ...],
    fixed: Signs | None,
    each_free: Callable[[int, int], None],
    deadline: float | None = None,
) -> Signals:
    """A layer's Signals: the constant fixed[j] where bounds fix neuron j, else a variable
    named (*name, j), made first and then given to each_free(j, var) (which adds the
    neuron's constraints). Raises EncodingTimeout between neurons past `deadline`."""
    lits = np.zeros(n_out, dtype=np.int64)
    values = np.zeros(n_out, dtype=np.int8)
    for j in range(n_out):
        if fixed is not None and fixed[j] != FREE:
            values[j] = fixed[j]
            continue
        check_deadline(deadline)
        lits[j] = new_var(sink, (*name, j))
        each_free(j, int(lits[j]))
    return Signals(lits, values)


def _ceil_half(value: int) -> int:
    return -((-value) // 2)


def raw_neuron(
    row: Signs, threshold: int, sink: ConstraintSink, inputs: OrderInput
) -> tuple[list[int], int]:
    """(lits, k) with  dot(row, x) >= threshold  <=>  #true(lits) >= k, x in the order encoding.

    dot = sum_w w_i lo_i + #true(u_ik : w_i = +1) - #true(u_ik : w_i = -1), and for a negative
    weight -u = (1 - u) - 1 = not u - 1: dot = C + #true(lits) - N with N = #negative literals.
    """
    indices = np.flatnonzero(row)
    return raw_sparse_neuron(indices, row[indices], threshold, sink, inputs)


def raw_sparse_neuron(
    indices: Ints, weights: Ints | Signs, threshold: int, sink: ConstraintSink, inputs: OrderInput
) -> tuple[list[int], int]:
    """raw_neuron of the row with weights[q] at input indices[q] (nonzero, distinct) and 0
    elsewhere, without the dense row: sum_q weights[q] * x[indices[q]] >= threshold."""
    lo = inputs.box.lo
    constant, n_negative = 0, 0
    lits: list[int] = []
    for i, weight in zip(indices.tolist(), weights.tolist(), strict=True):
        w = int(weight)
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
