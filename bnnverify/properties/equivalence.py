"""Equivalence of two networks on a region (DESIGN.md section 3): a miter over shared inputs.

A and B are equivalent on the region iff argmax A(x) == argmax B(x) for every x in it (argmax
with the lowest-index tie rule). The miter is satisfiable iff some x has A predicting a class c
that B does not predict:

    OR_c pa_c,   pa_c -> (c wins over every d in A),   pa_c -> OR_{d != c} q_cd,
    q_cd -> (d wins over c in B or ties with it from a lower index).

"c wins over d" is score_c > score_d for d < c and score_c >= score_d for d > c (the tie rule,
model.wins_bound). pa and q occur only positively, so one direction of each implication is
enough (the same argument as for robustness's beats variables, encodings/README.md).

Both networks are encoded through encode.sharing.NeuronSharing: identical (or complementary)
neurons are encoded once, and the plain clauses are tried first; when they alone are
unsatisfiable the miter is refuted before any cardinality constraint is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from bnnverify.attack import AttackConfig
from bnnverify.bounds import Bounds
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.layers import Scores, encode_hidden, encode_scores
from bnnverify.encode.sharing import NeuronSharing
from bnnverify.encode.sink import ConstraintSink, new_var
from bnnverify.errors import ReplayError, UsageError
from bnnverify.model import BinaryNetwork, Ints, wins_bound
from bnnverify.properties.base import Classified, Encoding, Model, as_flat
from bnnverify.regions import InputBox
from bnnverify.replay import check_in_box, replay_engines

DETAILS = ("shared_neurons", "predicted_a", "predicted_b")
REFUTING_SOLVER = "minisat22"  # decides the miter's plain clauses (a small, easy CNF)


@dataclass(frozen=True, eq=False)
class Equivalence:
    """argmax A == argmax B on the region; `share_neurons` False encodes both in full."""

    model_a: Model
    model_b: Model
    share_neurons: bool = True
    name: ClassVar[str] = "equivalence"

    def __post_init__(self) -> None:
        check_comparable(self.model_a.net, self.model_b.net)

    @classmethod
    def bind(cls, models: Sequence[Model], share_neurons: bool = True) -> Equivalence:
        """The property on the first two of `models` (jobs.Job.bind)."""
        return cls(models[0], models[1], share_neurons)

    @property
    def models(self) -> tuple[Model, ...]:
        return (self.model_a, self.model_b)

    def details(self) -> dict[str, Any]:
        return {"shared_neurons": 0, "predicted_a": None, "predicted_b": None}

    def classify(self, box: InputBox) -> Classified:
        if box.l0 is not None:  # find_difference and replay_difference know no L0 budget
            raise UsageError("equivalence on an L0 ball is not supported yet")
        return Classified(None)  # every region is checked

    def falsify(self, box: InputBox, attack: AttackConfig) -> Ints | None:
        return find_difference(self.model_a, self.model_b, box, attack)

    def encode(
        self,
        sink: ConstraintSink,
        box: InputBox,
        bounds: Sequence[Bounds] | None,
        deadline: float | None,
    ) -> Encoding:
        if self.model_a.real is not None or self.model_b.real is not None:
            raise UsageError("equivalence of models with real inputs is not supported yet")
        bounds_a, bounds_b = (None, None) if bounds is None else bounds
        sharing = NeuronSharing(sink, enabled=self.share_neurons)
        nets = (self.model_a.net, self.model_b.net)
        inputs = encode_miter(sharing, *nets, box, bounds_a, bounds_b, deadline)
        if clauses_are_unsatisfiable(sharing.clauses):
            shared = {"shared_neurons": sharing.shared}
            return Encoding(inputs, True, "miter clauses", shared, held_back=sharing.flush)
        sharing.flush(deadline)
        return Encoding(inputs, details={"shared_neurons": sharing.shared})

    def replay(self, x: Ints, box: InputBox) -> tuple[Ints, dict[str, Any]]:
        x, a, b = replay_difference(self.model_a, self.model_b, x, box.lo, box.hi)
        return x, {"predicted_a": a, "predicted_b": b}


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


def _wins(scores: Scores, c: int, d: int) -> tuple[list[int], int]:
    """(lits, k) with  (c wins over d)  <=>  #true(lits) >= k."""
    return scores.difference_at_least(c, d, wins_bound(scores.bias, c, d))


def encode_miter(
    sink: NeuronSharing,
    net_a: BinaryNetwork,
    net_b: BinaryNetwork,
    box: InputBox,
    bounds_a: Bounds | None = None,
    bounds_b: Bounds | None = None,
    deadline: float | None = None,
) -> OrderInput:
    """Constraints satisfiable iff some x in `box` has argmax A(x) != argmax B(x); the
    cardinality constraints stay buffered in `sink` until its flush(). Returns the inputs."""
    check_comparable(net_a, net_b)
    inputs = OrderInput(box)
    h_a = encode_hidden(sink, net_a, inputs, bounds_a, tag=("A",), deadline=deadline)
    h_b = encode_hidden(sink, net_b, inputs, bounds_b, tag=("B",), deadline=deadline)
    scores_a, scores_b = encode_scores(sink, net_a, h_a), encode_scores(sink, net_b, h_b)
    classes = range(net_a.n_classes)
    predicts_a = {c: new_var(sink, ("A", "predicts", c)) for c in classes}
    sink.add_clause(list(predicts_a.values()))
    for c in classes:
        others = [d for d in classes if d != c]
        for d in others:
            sink.add_implied_atleast(predicts_a[c], *_wins(scores_a, c, d))
        q = {d: new_var(sink, ("B", "not", c, "by", d)) for d in others}
        sink.add_clause([-predicts_a[c], *q.values()])
        for d in others:
            sink.add_implied_atleast(q[d], *_wins(scores_b, d, c))
    inputs.finish(sink)
    return inputs


def clauses_are_unsatisfiable(clauses: list[list[int]]) -> bool:
    """True when the plain clauses alone (a subset of the miter) have no model."""
    from bnnverify.backends import SolveStatus, make_sink, solve
    from bnnverify.defaults import EXPORT_ENCODING

    plain = make_sink(REFUTING_SOLVER, EXPORT_ENCODING)  # only clauses: the encoding is unused
    for clause in clauses:
        plain.add_clause(clause)
    return solve(plain, REFUTING_SOLVER).status is SolveStatus.UNSAT


def find_difference(
    model_a: Model, model_b: Model, box: InputBox, config: AttackConfig
) -> Ints | None:
    """Search the box for x with different predictions of A and B: the box's center, random
    corners, uniform random points, and the two extreme corners."""
    lo, hi = box.lo, box.hi
    assert box.center is not None  # InputBox always sets one
    rng = np.random.default_rng(config.seed)
    shape = (config.random_points, lo.size)
    corners = np.where(rng.random(shape) < 0.5, lo, hi)
    uniform = rng.integers(lo, hi + 1, size=shape)
    candidates = [np.clip(box.center[None], lo, hi), corners, uniform, lo[None], hi[None]]
    for points in candidates:
        differ = np.flatnonzero(model_a.packed.predict(points) != model_b.packed.predict(points))
        if differ.size:
            return np.asarray(points[differ[0]], dtype=np.int64)
    return None


def replay_difference(
    model_a: Model, model_b: Model, x: npt.ArrayLike, lo: Ints, hi: Ints
) -> tuple[Ints, int, int]:
    """Confirm that x (flat) lies in [lo, hi] and A and B predict different classes at it.

    Returns (x as int64, prediction of A, prediction of B). Raises ReplayError otherwise.
    """
    x = as_flat(x)
    check_in_box(x, lo, hi)
    predicted_a = replay_engines(model_a.net, model_a.packed, x)
    predicted_b = replay_engines(model_b.net, model_b.packed, x)
    if predicted_a == predicted_b:
        raise ReplayError(
            f"counterexample does not replay: both models predict class {predicted_a} at it"
        )
    return x, predicted_a, predicted_b
