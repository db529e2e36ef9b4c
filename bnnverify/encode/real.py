"""Layer 0 of a real-domain model as free signs, refined by LP (DESIGN.md section 5).

Over a real box the first layer is linear, and its neurons are what a formula cannot read
through an order encoding (a real pixel has no finite set of values). The relaxation: each
layer-0 neuron that bounds leave undecided becomes a free Boolean, named ("h", 0, j) as any
neuron. Every sign pattern that some input of the box realises is then among the assignments
of the formula, so an UNSAT answer is a proof for the real box. A SAT answer proposes a pattern
for the free neurons; `RealInput.decode` asks the LP (bnnverify.lp) whether a real input of the
box realises it with a margin:

- Feasible: the input, on the grid 2**-bits and checked exactly, becomes the model's
  counterexample (in the integer view's units, see model.grid) and is replayed as any other;
- Infeasible: the LP's Farkas certificate, checked in exact rational arithmetic, proves that no
  point of the box gives that part (a core) of the pattern, so the clause "some neuron of the
  core differs" is implied by the real semantics: `decode` raises Refinement with one clause
  per core and the caller adds them and solves again;
- Undecided (the closed system is feasible but no point keeps the margin): RealUndecided, and
  the query is unknown, never guessed.

The learned clauses are kept by name (`blocking`) so that a proof re-encoding into another
sink can add them too: they are lemmas certified by the LP, not by DRAT.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from bnnverify.encode.neurons import Signals, layer_signals
from bnnverify.encode.sink import ConstraintSink, new_var
from bnnverify.model import BinaryNetwork, BlockLayer, Conv2dLayer, Ints, Signs
from bnnverify.model.grid import from_grid, to_grid
from bnnverify.regions import InputBox

if TYPE_CHECKING:
    from bnnverify.lp import LinearRows

LP_MARGIN = 1.0 / 64  # distance kept from every layer-0 threshold, in input units
LP_GRID_BITS = 8  # counterexamples on the grid 1/256: float32 sums of them are exact


class Refinement(Exception):
    """The proposed pattern is infeasible on the real box: add `clauses` and solve again."""

    def __init__(self, clauses: list[list[int]]) -> None:
        super().__init__(f"{len(clauses)} blocking clauses")
        self.clauses = clauses


class RealUndecided(Exception):
    """The LP could neither realise the pattern with the margin nor refute it exactly."""


@dataclass(eq=False)
class RealInput:
    """What layer 0 of the real-domain model `real_net` reads: the real box given in the
    units of its integer view on the grid 2**-bits (`box`), encoded as free layer-0 signs."""

    box: InputBox  # in grid units (X = x * 2**bits)
    real_net: BinaryNetwork
    bits: int
    margin: float = LP_MARGIN
    free: dict[int, int] = field(default_factory=dict)  # layer-0 neuron -> its variable
    names: dict[int, Hashable] = field(default_factory=dict)
    blocking: list[list[tuple[Hashable, bool]]] = field(default_factory=list)
    lp_calls: int = 0

    def encode_first(
        self,
        sink: ConstraintSink,
        fixed: Signs | None,
        name: tuple[Hashable, ...],
        deadline: float | None,
    ) -> Signals:
        """Layer 0's signals: constants where `fixed` says so, a free variable elsewhere."""

        def free(j: int, var: int) -> None:
            self.names[j], self.free[j] = (*name, j), var

        return layer_signals(sink, self.real_net.layers[0].n_out, name, fixed, free, deadline)

    def finish(self, sink: ConstraintSink) -> None:
        """Nothing to add: the free signs carry no constraints of their own."""

    def add_blocking(self, sink: ConstraintSink) -> None:
        """Write every clause learned so far into `sink` (a proof's re-encoding), by name."""
        for clause in self.blocking:
            sink.add_clause([new_var(sink, n) if pos else -new_var(sink, n) for n, pos in clause])

    def decode(self, sink: ConstraintSink, is_true: Callable[[int], bool]) -> Ints:
        """The input realising the model's layer-0 pattern (grid units), or Refinement /
        RealUndecided (module docstring)."""
        from bnnverify import lp

        neurons = np.array(sorted(self.free), dtype=np.int64)
        signs = np.array([1 if is_true(self.free[j]) else -1 for j in neurons], dtype=np.int8)
        lo, hi = from_grid(self.box.lo, self.bits), from_grid(self.box.hi, self.bits)
        assert self.box.center is not None
        center = from_grid(self.box.center, self.bits)
        enclosure = float(self.real_net.provenance.get("threshold_enclosure", 0.0))
        self.lp_calls += 1
        outcome = lp.check_pattern(
            first_layer_rows(self.real_net, neurons),
            np.arange(neurons.size),
            signs,
            lo,
            hi,
            center,
            enclosure=enclosure,
            margin=self.margin,
            grid_bits=min(LP_GRID_BITS, self.bits),
            max_grid_bits=self.bits,
        )
        if isinstance(outcome, lp.Feasible):
            return to_grid(outcome.x, self.bits)
        if isinstance(outcome, lp.Infeasible):
            clauses = []
            for core in outcome.cores:
                picked = [(int(neurons[q]), int(signs[q])) for q in core]
                self.blocking.append([(self.names[j], sign < 0) for j, sign in picked])
                clauses.append([-self.free[j] if sign > 0 else self.free[j] for j, sign in picked])
            raise Refinement(clauses)
        raise RealUndecided(f"LP undecided: {outcome.reason}")


def first_layer_rows(net: BinaryNetwork, neurons: Ints) -> LinearRows:
    """bnnverify.lp.LinearRows of the given layer-0 neurons of the real-domain `net`, in real
    units: the nonzero weights of each neuron's inputs and its threshold, a padded place's
    constant pad_value * w moved into the threshold."""
    from bnnverify import lp

    layer = net.layers[0]
    indices, weights = [], []
    thresholds = np.empty(neurons.size, dtype=np.float64)
    if isinstance(layer, Conv2dLayer):
        windows, window_weights = layer.window_indices(), layer.window_weights()
        positions = windows.shape[0]
        for q, n in enumerate(neurons.tolist()):
            o, p = divmod(n, positions)
            index, w = windows[p], window_weights[o]
            padded = index < 0
            used = ~padded & (w != 0)
            indices.append(index[used].astype(np.int64))
            weights.append(w[used].astype(np.int8))
            thresholds[q] = float(layer.threshold[o]) - layer.pad_value * int(w[padded].sum())
    else:
        assert isinstance(layer, BlockLayer)
        for q, n in enumerate(neurons.tolist()):
            row = layer.weight[n]
            used = np.flatnonzero(row)
            indices.append(used.astype(np.int64))
            weights.append(row[used].astype(np.int8))
            thresholds[q] = float(layer.threshold[n])
    return lp.LinearRows(tuple(indices), tuple(weights), thresholds, net.n_inputs)
