"""No counterexample without replay (nnenum's lesson): decode, check the region, re-run.

A solver model that does not replay is an encoding bug: ReplayError, never a result. The checks
every property shares live here; what a violation means is each property's own replay
(properties/robustness.py, properties/equivalence.py).
"""

from __future__ import annotations

import numpy as np

from bnnverify.engine import reference
from bnnverify.errors import ReplayError
from bnnverify.model import BinaryNetwork, Ints


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
