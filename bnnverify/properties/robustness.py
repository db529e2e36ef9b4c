"""Local robustness (DESIGN.md section 3): for every x in the region and every target c,
score_label(x) > score_c(x). A tie is a violation.

- classify: an input the model misclassifies is `misclassified`; a targeted query whose only
  target is the label is `skipped`.
- falsify: random corners of the box, then PGD through a straight-through relaxation
  (gradient_attack.py), then greedy local search, each point evaluated exactly (on an
  L0 ball: points within the budget only, properties/l0.py).
- encode: beats_c -> (score_c >= score_label) for each target c, and the clause OR_c beats_c.
  Only the implication is needed: beats_c occurs only positively, so any model can be changed to
  one with beats_c true exactly when c beats the label, and a model with beats_c true has c
  really beating the label (encodings/README.md).
- replay: the input lies in the box (and within an L0 ball's budget), both engines agree, and
  some target ties or beats the label.

Over 300 lines: the property, its encoding, replay and falsifier share the margin arithmetic;
the L0 falsifier (properties/l0.py) and PGD (gradient_attack.py) live apart.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from bnnverify.attack import AttackConfig
from bnnverify.bounds import Bounds
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.layers import Scores, encode_hidden, encode_scores
from bnnverify.encode.real import RealInput
from bnnverify.encode.sink import ConstraintSink, new_var
from bnnverify.engine import reference
from bnnverify.errors import ReplayError, UsageError
from bnnverify.gradient_attack import pgd
from bnnverify.model import BinaryNetwork, Ints, beats_bound
from bnnverify.properties.base import Classified, Encoding, Model, as_flat
from bnnverify.properties.l0 import check_l0, falsify_l0
from bnnverify.regions import InputBox, L0Ball, LinfBall, l0_ball, linf_ball
from bnnverify.replay import check_in_box, replay_engines
from bnnverify.results import Verdict

DETAILS = ("label", "predicted", "counterexample_predicted", "targets_checked")


@dataclass(frozen=True)
class RobustnessQuery:
    """One input to check: flat int64 x0 with its true label, the L-infinity radius in input
    units, and the target classes (None: every other class). With `l0` the region is the L0
    ball of that budget (regions.L0Ball), within eps of x0 when eps is not None."""

    index: int
    x0: Ints
    label: int
    eps: int | None
    targets: tuple[int, ...] | None = None
    l0: int | None = None

    def region(self) -> LinfBall | L0Ball:
        if self.l0 is not None:
            return l0_ball(self.x0, self.l0, self.eps)
        assert self.eps is not None, "an L-infinity ball needs eps"
        return linf_ball(self.x0, self.eps)

    def on(self, model: Model) -> Robustness:
        return Robustness(model, self.label, self.targets)


@dataclass(frozen=True, eq=False)
class Robustness:
    """Robustness of `model` at the region's center, whose true class is `label`; `targets`
    None compares every other class. `require_correct` False decides the region even when the
    model misclassifies its center (a box given with its label, as VNN-LIB specs are)."""

    model: Model
    label: int
    targets: tuple[int, ...] | None = None
    require_correct: bool = True
    name: ClassVar[str] = "robustness"

    @classmethod
    def bind(
        cls, models: Sequence[Model], label: int, targets: tuple[int, ...] | None = None
    ) -> Robustness:
        """The property on the first of `models` (jobs.Job.bind)."""
        return cls(models[0], label, targets)

    @property
    def models(self) -> tuple[Model, ...]:
        return (self.model,)

    def details(self) -> dict[str, Any]:
        return dict.fromkeys(DETAILS)

    def classify(self, box: InputBox) -> Classified:
        assert box.center is not None  # InputBox always sets one
        self.check_region(box)
        predicted = int(self.model.packed.predict(box.center[None])[0])
        known = {"label": self.label, "predicted": predicted}
        if predicted != self.label and self.require_correct:
            return Classified(Verdict.MISCLASSIFIED, details=known)
        if self.targets is not None and not set(self.targets) - {self.label}:
            reason = f"label {self.label} is the only target class"
            return Classified(Verdict.SKIPPED, reason, known | {"targets_checked": ()})
        return Classified(None, details=known | {"targets_checked": tuple(self.checked_targets())})

    def check_region(self, box: InputBox) -> None:
        """An L0 box needs the order encoding: a real-domain model reads free signs instead."""
        if box.l0 is not None and self.model.real is not None:
            raise UsageError("L0 balls on a model with real inputs are not supported yet")

    def checked_targets(self) -> list[int]:
        return robustness_targets(self.model.net, self.label, self.targets)

    def falsify(self, box: InputBox, attack: AttackConfig) -> Ints | None:
        if box.l0 is not None:
            margin = functools.partial(min_margins, self.model, self.label, self.checked_targets())
            return falsify_l0(margin, box, attack)
        return falsify_box(self.model, box.lo, box.hi, self.label, self.checked_targets(), attack)

    def encode(
        self,
        sink: ConstraintSink,
        box: InputBox,
        bounds: Sequence[Bounds] | None,
        deadline: float | None,
    ) -> Encoding:
        self.check_region(box)
        targets = self.checked_targets()
        own = None if bounds is None else bounds[0]
        net, read = self.model.net, self.model.input_encoding(box)
        inputs = encode_robustness(sink, net, box, self.label, targets, own, deadline, read)
        return Encoding(inputs)

    def replay(self, x: Ints, box: InputBox) -> tuple[Ints, dict[str, Any]]:
        if box.l0 is not None:
            check_l0(as_flat(x), box)  # before the engines, as the box is
        x, predicted = replay_robustness(
            self.model, x, box.lo, box.hi, self.label, self.checked_targets()
        )
        return x, {"counterexample_predicted": predicted}


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
    scores: Scores,
    label: int,
    targets: Sequence[int],
    reified: bool = False,
) -> dict[int, int]:
    """beats_c -> (score_c >= score_label) for each target c (<-> when `reified`: tests).

    score_c >= score_l <=> dot_c - dot_l >= beats_bound(bias, c, l) (ties count: DESIGN.md
    section 3); dot_c - dot_l = sum_i (w_c,i - w_l,i) h_i with coefficients in {-2, ..., 2}.
    """
    beats = {}
    for c in targets:
        lits, k = scores.difference_at_least(c, label, beats_bound(net.output.bias, c, label))
        beats[c] = new_var(sink, ("beats", c))
        if reified:
            sink.add_reified_atleast(beats[c], lits, k)
        else:
            sink.add_implied_atleast(beats[c], lits, k)
    return beats


def encode_robustness(
    sink: ConstraintSink,
    net: BinaryNetwork,
    box: InputBox,
    label: int,
    targets: Sequence[int],
    bounds: Bounds | None = None,
    deadline: float | None = None,
    inputs: OrderInput | RealInput | None = None,
) -> OrderInput | RealInput:
    """Constraints satisfiable iff some x in `box` has score_c(x) >= score_label(x) for some
    target c; returns the input encoding (to decode a model). `inputs`: how the box is read
    (Model.input_encoding; the order encoding when left out)."""
    if box.n_inputs != net.n_inputs:
        raise UsageError(f"the box has {box.n_inputs} inputs, the network {net.n_inputs}")
    inputs = OrderInput(box) if inputs is None else inputs
    h = encode_hidden(sink, net, inputs, bounds, deadline=deadline)
    beats = encode_beats(sink, net, encode_scores(sink, net, h), label, targets)
    sink.add_clause(list(beats.values()))
    inputs.finish(sink)
    return inputs


def robustness_margins(net: BinaryNetwork, dots: Ints, label: int, targets: Sequence[int]) -> Ints:
    """margin[b, t] = dot_label - dot_c + D_c for c = targets[t]: class c beats the label
    (score_c >= score_label, a tie included) iff margin <= 0, exactly (D_c from beats_bound).

    (batch, n_classes) -> (batch, len(targets)).
    """
    bounds = np.array([beats_bound(net.output.bias, c, label) for c in targets], dtype=np.int64)
    return dots[:, [label]] - dots[:, list(targets)] + bounds


def min_margins(model: Model, label: int, targets: Sequence[int], points: Ints) -> Ints:
    """The smallest margin over `targets` at each point (packed engine): (batch, n) -> (batch,)."""
    dots = model.packed.output_dots(points)  # (batch, n_classes)
    return robustness_margins(model.net, dots, label, targets).min(axis=1)


def violated_classes(
    net: BinaryNetwork, x: npt.ArrayLike, label: int, targets: Sequence[int]
) -> list[int]:
    """The classes among `targets` whose score is >= the label's score at x (reference engine)."""
    margins = robustness_margins(net, reference.output_dots(net, x), label, targets)[0]
    return [c for c, margin in zip(targets, margins, strict=True) if margin <= 0]


def replay_robustness(
    model: Model, x: npt.ArrayLike, lo: Ints, hi: Ints, label: int, targets: Sequence[int]
) -> tuple[Ints, int]:
    """Confirm that x (flat) lies in [lo, hi] and some target class ties or beats `label`.

    Returns (x as int64, its prediction). Raises ReplayError otherwise.
    """
    x = as_flat(x)
    check_in_box(x, lo, hi)
    predicted = replay_engines(model.net, model.packed, x)
    if not violated_classes(model.net, x, label, targets):
        raise ReplayError(
            f"counterexample does not replay: class {label} still beats every target at it"
        )
    return x, predicted


def falsify_box(
    model: Model, lo: Ints, hi: Ints, label: int, targets: Sequence[int], config: AttackConfig
) -> Ints | None:
    """Search [lo, hi] (flat, inclusive) for x with some target class tying or beating `label`:
    random corners of the box, then PGD (gradient_attack.pgd) from the box's middle and the
    best corners, then greedy rounds that move a few pixels of the best point to a random end
    of their range. Returns a flat int64 input, or None; deterministic per seed."""
    rng = np.random.default_rng(config.seed)
    free = np.flatnonzero(lo < hi)
    if free.size == 0 or not targets:
        return None

    def margin(points: Ints) -> Ints:
        dots = model.packed.output_dots(points)  # (batch, n_classes)
        return robustness_margins(model.net, dots, label, targets).min(axis=1)

    corners = np.where(rng.random((config.random_points, lo.size)) < 0.5, lo, hi)
    scores = margin(corners)
    best = int(np.argmin(scores))
    if scores[best] <= 0:
        return corners[best].astype(np.int64)

    current, current_score = corners[best], scores[best]
    if config.pgd_restarts > 0:
        nearest = corners[np.argsort(scores, kind="stable")[: config.pgd_restarts - 1]]
        starts = np.concatenate([((lo + hi) // 2)[None], nearest])
        outcome = pgd(model.net, margin, lo, hi, label, targets, starts, config.pgd)
        if outcome.found:
            return outcome.point.astype(np.int64)
        if outcome.margin <= current_score:
            current, current_score = outcome.point, outcome.margin
    for rounds, fraction in ((config.greedy_rounds, config.flip_fraction), *config.stages):
        found, current, current_score = greedy_rounds(
            rng, margin, lo, hi, free, current, current_score, rounds, fraction, config
        )
        if found:
            return current.astype(np.int64)
    return None


def greedy_rounds(
    rng: np.random.Generator,
    margin: Callable[[Ints], Ints],
    lo: Ints,
    hi: Ints,
    free: Ints,
    current: Ints,
    current_score: int,
    rounds: int,
    fraction: float,
    config: AttackConfig,
) -> tuple[bool, Ints, int]:
    """`rounds` rounds from `current`: each candidate moves about fraction * #free pixels to a
    random end of their range; the best candidate is kept when no worse. (found, point,
    its margin): found when the margin reaches 0 (a tie or a win of a target)."""
    n_move = max(1, int(fraction * free.size))
    shape = (config.greedy_batch, free.size)
    for _ in range(rounds):
        moved = rng.random(shape) < n_move / free.size
        ends = np.where(rng.random(shape) < 0.5, lo[free], hi[free])
        candidates = np.repeat(current[None], config.greedy_batch, axis=0)
        candidates[:, free] = np.where(moved, ends, current[free])
        scores = margin(candidates)
        best = int(np.argmin(scores))
        if scores[best] <= 0:
            return True, candidates[best], int(scores[best])
        if scores[best] <= current_score:
            current, current_score = candidates[best], int(scores[best])
    return False, current, current_score
