"""No counterexample without replay (nnenum's lesson): decode, check the region, re-run.

A solver model that does not replay is an encoding bug: ReplayError, never a result.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from bnnverify.engine import reference
from bnnverify.errors import ReplayError
from bnnverify.model import BinaryNetwork, Ints, beats_bound


def robustness_margins(net: BinaryNetwork, dots: Ints, label: int, targets: Sequence[int]) -> Ints:
    """margin[b, t] = dot_label - dot_c + D_c for c = targets[t]: class c beats the label
    (score_c >= score_label, a tie included) iff margin <= 0, exactly (D_c from beats_bound).

    (batch, n_classes) -> (batch, len(targets)).
    """
    bounds = np.array([beats_bound(net.output.bias, c, label) for c in targets], dtype=np.int64)
    return dots[:, [label]] - dots[:, list(targets)] + bounds


def violated_classes(
    net: BinaryNetwork, x: npt.ArrayLike, label: int, targets: Sequence[int]
) -> list[int]:
    """The classes among `targets` whose score is >= the label's score at x (reference engine)."""
    margins = robustness_margins(net, reference.output_dots(net, x), label, targets)[0]
    return [c for c, margin in zip(targets, margins, strict=True) if margin <= 0]


def check_in_box(x: Ints, lo: Ints, hi: Ints) -> None:
    if x.shape != lo.shape:
        raise ReplayError(f"counterexample has {x.size} entries, the region has {lo.size}")
    outside = (x < lo) | (x > hi)
    if outside.any():
        i = int(np.argmax(outside))
        raise ReplayError(
            f"counterexample leaves the region at input {i}: {int(x[i])} not in "
            f"[{int(lo[i])}, {int(hi[i])}]"
        )


def replay_engines(net: BinaryNetwork, packed, x: Ints) -> int:  # packed: PackedNetwork
    """Run x on both engines; their full outputs must agree. Returns the prediction.

    The integer output dots are compared, not only the argmax (as Larq Compute Engine compares
    whole outputs): with the shared bias, equal dots are equal exact scores.
    """
    dots = reference.output_dots(net, x[None])[0]
    dots_packed = np.asarray(packed.output_dots(x[None]))[0]
    if not np.array_equal(dots, dots_packed):
        raise ReplayError(
            f"engines disagree on the counterexample: reference output dots {dots.tolist()}, "
            f"packed {dots_packed.tolist()}"
        )
    predicted = int(reference.predict(net, x[None])[0])
    predicted_packed = int(packed.predict(x[None])[0])
    if predicted != predicted_packed:
        raise ReplayError(
            f"engines disagree on the counterexample: reference {predicted}, "
            f"packed {predicted_packed}"
        )
    return predicted


def replay_robustness(
    net: BinaryNetwork,
    packed,
    x: npt.ArrayLike,
    lo: Ints,
    hi: Ints,
    label: int,
    targets: Sequence[int],
) -> tuple[Ints, int]:
    """Confirm that x (flat) lies in [lo, hi] and some target class ties or beats `label`.

    Returns (x as int64, its prediction). Raises ReplayError otherwise.
    """
    x = np.asarray(x, dtype=np.int64).reshape(-1)
    check_in_box(x, lo, hi)
    predicted = replay_engines(net, packed, x)
    if not violated_classes(net, x, label, targets):
        raise ReplayError(
            f"counterexample does not replay: class {label} still beats every target at it"
        )
    return x, predicted


def replay_difference(
    net_a: BinaryNetwork,
    packed_a,
    net_b: BinaryNetwork,
    packed_b,
    x: npt.ArrayLike,
    lo: Ints,
    hi: Ints,
) -> tuple[Ints, int, int]:
    """Confirm that x (flat) lies in [lo, hi] and A and B predict different classes at it.

    Returns (x as int64, prediction of A, prediction of B). Raises ReplayError otherwise.
    """
    x = np.asarray(x, dtype=np.int64).reshape(-1)
    check_in_box(x, lo, hi)
    predicted_a = replay_engines(net_a, packed_a, x)
    predicted_b = replay_engines(net_b, packed_b, x)
    if predicted_a == predicted_b:
        raise ReplayError(
            f"counterexample does not replay: both models predict class {predicted_a} at it"
        )
    return x, predicted_a, predicted_b
