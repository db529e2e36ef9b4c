"""Universal perturbation (Narodytska et al., AAAI 2018; DESIGN.md section 3): is there one d
with |d|_inf <= eps such that at least K of the N given inputs are fooled, input n read as
x_n = clip(x0_n + d, input_min, input_max)?

Input n is fooled at d when some class c != y_n has score_c(x_n) >= score_{y_n}(x_n): the
robustness violation, a tie included (DESIGN.md section 3). An input the model already
misclassifies counts exactly when it is fooled at d (at d = 0 it is); `fooled_at_zero` says how
many are.

- region: the box of d, [-eps, eps]^n with center 0 (PerturbationBox);
- models: one Copy per input; its bounds are those of the box it reads, [clip(x0_n - eps),
  clip(x0_n + eps)]: each coordinate of x_n ranges over its interval independently of the
  others as d varies, so that box is exactly the set of inputs copy n reads, and interval
  bounds over it are sound;
- classify: nothing is decided without search (1 <= K <= N is checked on construction);
- falsify: d = 0, random sign vectors d in {-eps, eps}^n, then greedy moves of a few coordinates
  to -eps or +eps (robustness.greedy_rounds), each candidate run on the packed engine for all N
  inputs in one batch;
- encode: d order-encoded, ("d", i, k) <-> d_i >= -eps + k (encode.inputs.OrderInput).
  For lo_i < v <= hi_i (copy n's box) input_min < v <= input_max, so clip(y) >= v <=> y >= v:
  "x_n,i >= v" is "d_i >= v - x0_n,i", and -eps < v - x0_n,i <= eps keeps it a variable of d
  (ShiftedInput). encode_hidden runs unchanged on each copy, its names tagged ("copy", n).
  Then beats_n,c -> (score_c >= score_{y_n}), fooled_n -> OR_c beats_n,c, and
  #true(fooled_n) >= K. Implications suffice: beats and fooled occur only positively, so any d
  fooling K inputs gives a model (the argument of robustness's beats, encodings/README.md);
- replay: d lies in the box, every x_n runs on both engines, and at least K are fooled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from bnnverify.attack import AttackConfig
from bnnverify.bounds import Bounds, propagate
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.layers import encode_hidden, encode_scores
from bnnverify.encode.sink import ConstraintSink, new_var
from bnnverify.engine import reference
from bnnverify.errors import ReplayError, UsageError
from bnnverify.model import BinaryNetwork, Ints, beats_bound
from bnnverify.properties.base import Classified, Encoding, Model, as_flat
from bnnverify.properties.robustness import (
    greedy_rounds,
    robustness_margins,
    robustness_targets,
)
from bnnverify.regions import InputBox, validate_eps
from bnnverify.replay import check_in_box

DETAILS = ("samples", "min_fooled", "inputs", "fooled_at_zero", "fooled", "fooled_inputs")
PERTURBATION = "d"  # the perturbation's variables are ("d", i, k)
BATCH_ROWS = 4096  # network evaluations per packed-engine call in the falsifier


@dataclass(frozen=True, eq=False)
class PerturbationBox:
    """The perturbations d with |d_i| <= eps: the region verify.run reads (box, recorded_eps)."""

    eps: int
    kind = "perturbation"

    def box(self, net: BinaryNetwork) -> InputBox:
        validate_eps(net, self.eps)
        eps = np.full(net.n_inputs, int(self.eps), dtype=np.int64)
        return InputBox(-eps, eps, np.zeros(net.n_inputs, dtype=np.int64))

    @property
    def recorded_eps(self) -> int | None:
        return int(self.eps)

    @property
    def recorded_l0(self) -> int | None:
        return None


@dataclass(frozen=True, eq=False)
class Copy(Model):
    """The model reading input x0 (flat int64) perturbed: clip(x0 + d, input_min, input_max)."""

    x0: Ints = field(kw_only=True)

    def reads(self, d: Ints) -> Ints:
        """clip(x0 + d): (batch, n) or (n,) perturbations -> the inputs this copy reads."""
        return np.clip(self.x0 + d, self.net.input_min, self.net.input_max)

    def input_box(self, box: InputBox) -> InputBox:
        """The inputs read as d ranges over `box` (coordinates vary independently)."""
        return InputBox(self.reads(box.lo), self.reads(box.hi), self.x0)

    def bounds(self, box: InputBox) -> Bounds:
        return propagate(self.net, self.input_box(box))


class ShiftedInput(OrderInput):
    """Copy n's order encoding as a view over the perturbation's: u_ik (x_i >= lo_i + k on the
    copy's box) is the variable of d_i >= lo_i + k - x0_i (see the module docstring)."""

    def __init__(self, perturbation: OrderInput, copy: Copy) -> None:
        super().__init__(copy.input_box(perturbation.box))
        self.perturbation = perturbation
        self.copy = copy

    def unary(self, sink: ConstraintSink, i: int, k: int) -> int:
        assert 1 <= k <= int(self.box.hi[i] - self.box.lo[i]), (i, k)
        lit = self.perturbation.at_least(sink, i, int(self.box.lo[i]) + k - int(self.copy.x0[i]))
        assert not isinstance(lit, bool), (i, k)  # -eps < v - x0_i <= eps: a variable of d
        return lit

    def finish(self, sink: ConstraintSink) -> None:
        self.perturbation.finish(sink)

    def decode(self, sink: ConstraintSink, is_true: Callable[[int], bool]) -> Ints:
        return self.copy.reads(self.perturbation.decode(sink, is_true))


@dataclass(frozen=True, eq=False)
class Universal:
    """One d with |d|_inf <= eps fooling at least `min_fooled` of the inputs x0 (N, n_inputs)
    with true labels `labels` (N,); `indices` names them in the results (empty: 0 .. N-1)."""

    model: Model
    x0: Ints
    labels: Ints
    min_fooled: int
    indices: tuple[int, ...] = ()
    copies: tuple[Copy, ...] = field(init=False)
    name: ClassVar[str] = "universal"

    def __post_init__(self) -> None:
        net = self.model.net
        if self.model.real is not None:
            raise UsageError("universal perturbations of models with real inputs are not supported")
        x0 = net.flatten(self.x0)
        labels = np.asarray(self.labels, dtype=np.int64).reshape(-1)
        n = x0.shape[0]
        if labels.shape != (n,):
            raise UsageError(f"universal: {n} inputs but {labels.size} labels")
        if ((x0 < net.input_min) | (x0 > net.input_max)).any():
            raise UsageError(f"universal: inputs must lie in [{net.input_min}, {net.input_max}]")
        if not 1 <= int(self.min_fooled) <= n:
            raise UsageError(
                f"--min-fooled must be in [1, {n}] for {n} inputs, got {self.min_fooled}"
            )
        for label in labels.tolist():
            robustness_targets(net, label, None)  # a class of the model, with another beside it
        indices = tuple(int(i) for i in self.indices) or tuple(range(n))
        if len(indices) != n:
            raise UsageError(f"universal: {n} inputs but {len(indices)} indices")
        copies = tuple(Copy(net, self.model.packed, x0=x) for x in x0)
        for name, value in (("x0", x0), ("labels", labels), ("indices", indices)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "copies", copies)

    @property
    def models(self) -> tuple[Model, ...]:
        return self.copies

    def details(self) -> dict[str, Any]:
        return dict.fromkeys(DETAILS) | {
            "samples": len(self.copies), "min_fooled": int(self.min_fooled),
            "inputs": self.indices,
        }  # fmt: skip

    def classify(self, box: InputBox) -> Classified:
        zero = np.zeros((1, box.n_inputs), dtype=np.int64)
        return Classified(None, details={"fooled_at_zero": int(self.fooled_counts(zero)[0])})

    def margins(self, d: Ints) -> Ints:
        """margin[b, n] <= 0 iff input n is fooled at d[b], on the packed engine:
        (batch, n_inputs) -> (batch, N)."""
        net = self.model.net
        points = np.clip(self.x0[None] + d[:, None], net.input_min, net.input_max)
        dots = self.model.packed.output_dots(points.reshape(-1, net.n_inputs))
        return self.margins_of(dots.reshape(d.shape[0], len(self.copies), net.n_classes))

    def margins_of(self, dots: Ints) -> Ints:
        """robustness_margins of input n at its label y_n, minimised over c != y_n (<= 0 iff
        some class ties or beats y_n, exactly): dots (batch, N, n_classes) -> (batch, N)."""
        net, batch = self.model.net, dots.shape[0]
        margins = np.empty(dots.shape[:2], dtype=np.int64)
        for label in np.unique(self.labels).tolist():
            chosen = self.labels == label
            group = dots[:, chosen].reshape(-1, net.n_classes)
            targets = robustness_targets(net, label, None)
            margins[:, chosen] = (
                robustness_margins(net, group, label, targets).min(axis=1).reshape(batch, -1)
            )
        return margins

    def fooled_counts(self, d: Ints) -> Ints:
        """How many of the N inputs each d[b] fools: (batch, n_inputs) -> (batch,)."""
        return (self.margins(d) <= 0).sum(axis=1)

    def shortfall(self, d: Ints) -> Ints:
        """Sum of the K smallest positive parts of the margins at d[b]: 0 iff d[b] fools at
        least K inputs, and smaller the closer it comes (the falsifier's objective)."""
        rows = max(1, BATCH_ROWS // len(self.copies))
        parts = [self.margins(d[start : start + rows]) for start in range(0, d.shape[0], rows)]
        positive = np.sort(np.maximum(np.concatenate(parts), 0), axis=1)
        return positive[:, : int(self.min_fooled)].sum(axis=1)

    def falsify(self, box: InputBox, attack: AttackConfig) -> Ints | None:
        return find_universal(self, box, attack)

    def encode(
        self,
        sink: ConstraintSink,
        box: InputBox,
        bounds: Sequence[Bounds] | None,
        deadline: float | None,
    ) -> Encoding:
        perturbation = OrderInput(box, name=PERTURBATION)
        net, fooled = self.model.net, []
        for n, copy in enumerate(self.copies):
            tag = ("copy", n)
            own = None if bounds is None else bounds[n]
            h = encode_hidden(sink, net, ShiftedInput(perturbation, copy), own, tag, deadline)
            scores, label = encode_scores(sink, net, h), int(self.labels[n])
            beats = []
            for c in robustness_targets(net, label, None):
                bound = beats_bound(net.output.bias, c, label)
                beats.append(new_var(sink, (*tag, "beats", c)))
                sink.add_implied_atleast(beats[-1], *scores.difference_at_least(c, label, bound))
            fooled.append(new_var(sink, (*tag, "fooled")))
            sink.add_clause([-fooled[-1], *beats])
        enough = new_var(sink, ("fooled", "at least", int(self.min_fooled)))
        sink.add_clause([enough])
        sink.add_implied_atleast(enough, fooled, int(self.min_fooled))
        perturbation.finish(sink)
        return Encoding(perturbation)

    def replay(self, x: Ints, box: InputBox) -> tuple[Ints, dict[str, Any]]:
        d, fooled = replay_universal(self, x, box)
        return d, {"fooled": len(fooled), "fooled_inputs": fooled}


def replay_universal(prop: Universal, d: npt.ArrayLike, box: InputBox) -> tuple[Ints, tuple]:
    """Confirm that d (flat) lies in the box and fools at least K inputs: all N perturbed
    inputs run in one batch on both engines, whose output dots and predictions must agree (as
    replay.replay_engines checks one input), judged on the reference engine's dots. Returns
    (d as int64, the fooled inputs' indices). Raises ReplayError otherwise."""
    d = as_flat(d)
    check_in_box(d, box.lo, box.hi)
    net, packed = prop.model.net, prop.model.packed
    xs = np.stack([copy.reads(d) for copy in prop.copies])  # (N, n_inputs)
    dots, dots_packed = reference.output_dots(net, xs), np.asarray(packed.output_dots(xs))
    predicted, predicted_packed = reference.predict(net, xs), packed.predict(xs)
    if not (np.array_equal(dots, dots_packed) and np.array_equal(predicted, predicted_packed)):
        n = int(np.argmax((dots != dots_packed).any(axis=1) | (predicted != predicted_packed)))
        raise ReplayError(
            f"engines disagree on input {prop.indices[n]} + d: reference output dots "
            f"{dots[n].tolist()}, packed {dots_packed[n].tolist()}"
        )
    fooled = np.flatnonzero(prop.margins_of(dots[None])[0] <= 0)
    if fooled.size < int(prop.min_fooled):
        raise ReplayError(
            f"universal perturbation does not replay: it fools {fooled.size} of "
            f"{len(prop.copies)} inputs, fewer than {prop.min_fooled}"
        )
    return d, tuple(prop.indices[n] for n in fooled.tolist())


def find_universal(prop: Universal, box: InputBox, config: AttackConfig) -> Ints | None:
    """Search the box of d for one fooling at least K inputs: d = 0, random sign vectors
    {lo, hi}^n, then greedy rounds from the best (robustness.greedy_rounds on the shortfall).
    Returns a flat int64 d, or None; deterministic per seed."""
    rng = np.random.default_rng(config.seed)
    lo, hi = box.lo, box.hi
    signs = np.where(rng.random((config.random_points, lo.size)) < 0.5, lo, hi)
    candidates = np.concatenate([np.zeros((1, lo.size), dtype=np.int64), signs])
    scores = prop.shortfall(candidates)
    best = int(np.argmin(scores))  # the first best: d = 0 when it does
    if scores[best] <= 0:
        return candidates[best].astype(np.int64)
    free = np.flatnonzero(lo < hi)
    if free.size == 0:  # eps = 0: d = 0 was the only candidate
        return None
    current, current_score = candidates[best], int(scores[best])
    for rounds, fraction in ((config.greedy_rounds, config.flip_fraction), *config.stages):
        found, current, current_score = greedy_rounds(
            rng, prop.shortfall, lo, hi, free, current, current_score, rounds, fraction, config
        )
        if found:
            return current.astype(np.int64)
    return None
