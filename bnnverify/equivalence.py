"""Equivalence of two networks on a region: a miter over shared input variables.

A and B are equivalent on the region iff argmax A(x) == argmax B(x) for every x in it (argmax
with the lowest-index tie rule, DESIGN.md section 3). The miter is satisfiable iff some x has
A predicting a class c that B does not predict:

    OR_c pa_c,   pa_c -> (c wins over every d in A),   pa_c -> OR_{d != c} q_cd,
    q_cd -> (d wins over c in B or ties with it from a lower index).

"c wins over d" is score_c > score_d for d < c and score_c >= score_d for d > c (the tie rule).
pa and q occur only positively, so one direction of each implication is enough (the same
argument as for robustness's beats variables, encodings/README.md).

Neuron sharing: a reified neuron whose constraint equals one already encoded (same literal
multiset and bound), or equals its complement (#true(L) >= k is the negation of
#true(-L) >= n - k + 1), is tied to it with two binary clauses instead of being encoded again.
A network against a copy with permuted or negated hidden neurons then collapses to one network.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from bnnverify.bounds import Bounds, InputBox, propagate
from bnnverify.errors import UsageError
from bnnverify.formula import (
    ConstraintSink,
    EncodingTimeout,
    SolveStatus,
    check_deadline,
    new_var,
)
from bnnverify.model import BinaryNetwork, Ints

if TYPE_CHECKING:
    from bnnverify.encode.inputs import OrderInput


class NeuronSharing:
    """A ConstraintSink wrapper that encodes each distinct reified constraint once.

    A reified neuron equal to a known one (or to its complement) becomes an alias: its variable
    is tied to the known literal by two binary clauses, and every later constraint reads the
    known literal in its place, so the layers above it become equal too. Two implied
    constraints that are complements of each other cannot both hold: their triggers get the
    clause (-when_1 or -when_2), which refutes a permuted copy's miter by unit propagation.

    Cardinality constraints are buffered until `flush`, so the plain clauses (a subset of the
    formula: if they are unsatisfiable, so is the formula) can be refuted first, before the
    costly cardinality encodings are built.
    """

    def __init__(self, sink: ConstraintSink, enabled: bool = True) -> None:
        self.sink = sink
        self.enabled = enabled  # False: a plain buffering pass-through (for tests, baselines)
        self.pool = sink.pool
        self._reified: dict[tuple[tuple[int, ...], int], int] = {}
        self._implied: dict[tuple[tuple[int, ...], int], list[int]] = {}
        self._alias: dict[int, int] = {}
        self.shared = 0
        self.clauses: list[list[int]] = []  # every plain clause: a subset of the formula
        self._pending: list[tuple[str, int, list[int], int]] = []

    def flush(self, deadline: float | None = None) -> None:
        """Emit the buffered cardinality constraints into the wrapped sink."""
        for kind, var, lits, k in self._pending:
            check_deadline(deadline)
            if kind == "reified":
                self.sink.add_reified_atleast(var, lits, k)
            else:
                self.sink.add_implied_atleast(var, lits, k)
        self._pending.clear()

    def _substitute(self, lits: Sequence[int]) -> list[int]:
        return [
            self._alias.get(lit, lit) if lit > 0 else -self._alias.get(-lit, -lit) for lit in lits
        ]

    @staticmethod
    def _keys(lits: list[int], k: int) -> tuple[tuple[tuple[int, ...], int], tuple]:
        """The constraint's key and its complement's: not (#true(L) >= k) is
        #true(L) <= k - 1, that is #true(-L) >= n - k + 1.

        #true(L) lies in [0, n], so every k <= 0 means the same (always true) and every k > n
        too (never): k is clamped into [0, n + 1] first, so constant neurons from far
        thresholds (any int64, DESIGN.md section 2) share like the others when bounds are off.
        """
        n = len(lits)
        k = min(max(int(k), 0), n + 1)
        return (tuple(sorted(lits)), k), (tuple(sorted(-lit for lit in lits)), n - k + 1)

    def add_clause(self, clause: Sequence[int]) -> None:
        clause = self._substitute(clause)
        self.clauses.append(clause)
        self.sink.add_clause(clause)

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        lits = self._substitute(lits)
        if not self.enabled:
            self._pending.append(("implied", when, lits, k))
            return
        key, complement = self._keys(lits, k)
        for other in self._implied.get(complement, ()):
            self.add_clause([-when, -other])
        self._implied.setdefault(key, []).append(when)
        self._pending.append(("implied", when, lits, k))

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        lits = self._substitute(lits)
        if not self.enabled:
            self._pending.append(("reified", out, lits, k))
            return
        key, complement = self._keys(lits, k)
        for known, sign in ((key, 1), (complement, -1)):
            if known in self._reified:
                same = sign * self._reified[known]
                self._alias[out] = same
                self.add_clause([-out, same])
                self.add_clause([out, -same])
                self.shared += 1
                return
        self._reified[key] = out
        self._pending.append(("reified", out, lits, k))


def wins_bound(bias: np.ndarray, c: int, d: int) -> int:
    """The integer W with  (c wins over d)  <=>  dot_c - dot_d >= W.

    d > c: score_c >= score_d <=> dot_c - dot_d >= ceil(bias_d - bias_c);
    d < c: score_c >  score_d <=> dot_c - dot_d >  bias_d - bias_c
                              <=> dot_c - dot_d >= floor(bias_d - bias_c) + 1.
    """
    gap = Fraction(float(bias[d])) - Fraction(float(bias[c]))
    return math.ceil(gap) if d > c else math.floor(gap) + 1


@dataclass(frozen=True, eq=False)
class EquivalenceEncoding:
    inputs: OrderInput  # for decoding a model
    predicts_a: dict[int, int]
    sharing: NeuronSharing


def encode_equivalence(
    sink: ConstraintSink,
    net_a: BinaryNetwork,
    net_b: BinaryNetwork,
    box: InputBox,
    bounds_a: Bounds | None = None,
    bounds_b: Bounds | None = None,
    deadline: float | None = None,
    share_neurons: bool = True,
) -> EquivalenceEncoding:
    """Constraints satisfiable iff some x in `box` has argmax A(x) != argmax B(x).

    The cardinality constraints stay buffered in the returned encoding's `sharing` until its
    flush() is called (see NeuronSharing).
    """
    from bnnverify.encode.network import OrderInput, encode_hidden, signed_neuron

    check_comparable(net_a, net_b)
    sharing = NeuronSharing(sink, enabled=share_neurons)
    inputs = OrderInput(box)
    h_a = encode_hidden(sharing, net_a, inputs, bounds_a, tag=("A",), deadline=deadline)
    h_b = encode_hidden(sharing, net_b, inputs, bounds_b, tag=("B",), deadline=deadline)

    def wins(net: BinaryNetwork, h, c: int, d: int) -> tuple[list[int], int]:
        weight = net.output.weight.astype(np.int64)
        return signed_neuron(weight[c] - weight[d], h, wins_bound(net.output.bias, c, d))

    classes = range(net_a.n_classes)
    predicts_a = {c: new_var(sink, ("A", "predicts", c)) for c in classes}
    sharing.add_clause(list(predicts_a.values()))
    for c in classes:
        others = [d for d in classes if d != c]
        for d in others:
            sharing.add_implied_atleast(predicts_a[c], *wins(net_a, h_a, c, d))
        q = {d: new_var(sink, ("B", "not", c, "by", d)) for d in others}
        sharing.add_clause([-predicts_a[c], *q.values()])
        for d in others:
            sharing.add_implied_atleast(q[d], *wins(net_b, h_b, d, c))
    inputs.finish(sharing)
    return EquivalenceEncoding(inputs, predicts_a, sharing)


def check_comparable(net_a: BinaryNetwork, net_b: BinaryNetwork) -> None:
    if net_a.input_shape != net_b.input_shape:
        raise UsageError(
            f"the models read different inputs: {net_a.input_shape} and {net_b.input_shape}"
        )
    if (net_a.input_min, net_a.input_max) != (net_b.input_min, net_b.input_max):
        raise UsageError(
            f"the models have different input ranges: [{net_a.input_min}, {net_a.input_max}] "
            f"and [{net_b.input_min}, {net_b.input_max}]"
        )
    if net_a.n_classes != net_b.n_classes:
        raise UsageError(f"the models have {net_a.n_classes} and {net_b.n_classes} classes")


@dataclass(frozen=True)
class EquivalenceOutcome:
    status: SolveStatus
    input: Ints | None
    reason: str
    n_vars: int
    n_clauses: int
    fixed_neurons: int
    total_neurons: int
    shared_neurons: int
    solve_time_s: float
    decided_by: str = "solver"


def solve_equivalence(
    net_a: BinaryNetwork,
    net_b: BinaryNetwork,
    box: InputBox,
    *,
    solver: str = "cadical195",
    encoding: str = "totalizer",
    timeout_s: float | None = None,
    use_bounds: bool = True,
    share_neurons: bool = True,
) -> EquivalenceOutcome:
    """Sat iff some x in `box` separates the predictions of A and B."""
    from bnnverify.solvers import check_solver, make_builder, solve_builder

    check_solver(solver, encoding)
    started = time.perf_counter()
    deadline = None if timeout_s is None else started + float(timeout_s)
    bounds_a, bounds_b = propagate(net_a, box), propagate(net_b, box)
    builder = make_builder(solver, encoding)
    fixed_neurons = (bounds_a.n_fixed + bounds_b.n_fixed) if use_bounds else 0
    total_neurons = bounds_a.n_total + bounds_b.n_total
    try:
        encoded = encode_equivalence(
            builder,
            net_a,
            net_b,
            box,
            bounds_a if use_bounds else None,
            bounds_b if use_bounds else None,
            deadline,
            share_neurons,
        )
        shared = encoded.sharing.shared
        if clauses_are_unsatisfiable(encoded.sharing.clauses):
            return EquivalenceOutcome(
                SolveStatus.UNSAT,
                None,
                "",
                builder.n_vars,
                len(encoded.sharing.clauses),
                shared_neurons=shared,
                solve_time_s=0.0,
                decided_by="miter clauses",
                fixed_neurons=fixed_neurons,
                total_neurons=total_neurons,
            )
        encoded.sharing.flush(deadline)
    except EncodingTimeout:
        return EquivalenceOutcome(
            SolveStatus.UNKNOWN,
            None,
            "timeout",
            builder.n_vars,
            builder.n_clauses,
            shared_neurons=0,
            solve_time_s=0.0,
            fixed_neurons=fixed_neurons,
            total_neurons=total_neurons,
        )
    remaining = None if deadline is None else max(deadline - time.perf_counter(), 1e-3)
    status, is_true, reason, solve_time_s = solve_builder(builder, solver, timeout_s=remaining)
    x = encoded.inputs.decode(builder, is_true) if status is SolveStatus.SAT else None
    return EquivalenceOutcome(
        status,
        x,
        reason,
        builder.n_vars,
        builder.n_clauses,
        shared_neurons=shared,
        solve_time_s=solve_time_s,
        fixed_neurons=fixed_neurons,
        total_neurons=total_neurons,
    )


def clauses_are_unsatisfiable(clauses: list[list[int]]) -> bool:
    """True when the plain clauses alone (a subset of the miter) have no model."""
    from pysat.solvers import Solver

    with Solver(name="minisat22", bootstrap_with=clauses) as s:
        return not s.solve()
