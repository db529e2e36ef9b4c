"""Cheap falsification on the packed engine: how hard each property's falsifier searches.

Each property's `falsify` (properties/robustness.py: random corners, then greedy local search;
properties/equivalence.py: the center, random corners and points) reads this configuration. A
point found is exact (it is evaluated, not guessed) and saves a solver call; it is still
replayed like any other counterexample.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AttackConfig:
    random_points: int = 128  # random corners of the box, evaluated in one batch
    greedy_rounds: int = 4
    greedy_batch: int = 64  # candidates per greedy round
    flip_fraction: float = 0.05  # share of pixels a greedy candidate moves
    seed: int = 0
    # further greedy stages (rounds, flip_fraction), each from the best point so far: finer
    # moves for large boxes (a VNN-COMP instance's long budget pays for them)
    stages: tuple[tuple[int, float], ...] = ()


LONG_ATTACK = AttackConfig(stages=((100, 0.02), (500, 0.005), (1000, 0.002)))
