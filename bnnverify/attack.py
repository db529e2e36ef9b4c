"""Cheap falsification on the packed engine: random corners, then greedy local search.

A point found here is exact (it is evaluated, not guessed) and saves a solver call; it is still
replayed like any other counterexample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bnnverify.model import BinaryNetwork, Ints
from bnnverify.replay import robustness_margins


@dataclass(frozen=True)
class AttackConfig:
    random_points: int = 128  # random corners of the box, evaluated in one batch
    greedy_rounds: int = 4
    greedy_batch: int = 64  # candidates per greedy round
    flip_fraction: float = 0.05  # share of pixels a greedy candidate moves
    seed: int = 0


def falsify_box(
    net: BinaryNetwork,
    packed,
    lo: Ints,
    hi: Ints,
    label: int,
    targets: Sequence[int],
    config: AttackConfig,
) -> Ints | None:
    """Search [lo, hi] (flat, inclusive) for x with some target class tying or beating `label`.

    Returns a flat int64 input, or None. Deterministic for a given config.seed.
    """
    rng = np.random.default_rng(config.seed)
    free = np.flatnonzero(lo < hi)
    if free.size == 0 or not targets:
        return None

    def margin(points: Ints) -> Ints:
        dots = packed.output_dots(points)  # (batch, n_classes)
        return robustness_margins(net, dots, label, targets).min(axis=1)

    corners = np.where(rng.random((config.random_points, lo.size)) < 0.5, lo, hi)
    scores = margin(corners)
    best = int(np.argmin(scores))
    if scores[best] <= 0:
        return corners[best].astype(np.int64)

    current, current_score = corners[best], scores[best]
    n_move = max(1, int(config.flip_fraction * free.size))
    shape = (config.greedy_batch, free.size)
    for _ in range(config.greedy_rounds):
        # Each candidate moves about n_move free pixels of `current` to a random end of the box.
        moved = rng.random(shape) < n_move / free.size
        ends = np.where(rng.random(shape) < 0.5, lo[free], hi[free])
        candidates = np.repeat(current[None], config.greedy_batch, axis=0)
        candidates[:, free] = np.where(moved, ends, current[free])
        scores = margin(candidates)
        best = int(np.argmin(scores))
        if scores[best] <= 0:
            return candidates[best].astype(np.int64)
        if scores[best] <= current_score:
            current, current_score = candidates[best], scores[best]
    return None


def find_difference(
    packed_a,
    packed_b,
    lo: Ints,
    hi: Ints,
    config: AttackConfig,
    seeds: Ints | None = None,
) -> Ints | None:
    """Search [lo, hi] for x with different predictions of A and B: the given `seeds` points
    (e.g. dataset images inside the box), random corners and uniform random points."""
    rng = np.random.default_rng(config.seed)
    shape = (config.random_points, lo.size)
    corners = np.where(rng.random(shape) < 0.5, lo, hi)
    uniform = rng.integers(lo, hi + 1, size=shape)
    candidates = [corners, uniform, lo[None], hi[None]]
    if seeds is not None and len(seeds):
        candidates.insert(0, np.clip(seeds, lo, hi))
    for points in candidates:
        differ = np.flatnonzero(packed_a.predict(points) != packed_b.predict(points))
        if differ.size:
            return np.asarray(points[differ[0]], dtype=np.int64)
    return None
