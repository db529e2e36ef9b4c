"""Cheap falsification on the packed engine: how hard each property's falsifier searches.

Each property's `falsify` (properties/robustness.py: random corners, then PGD through a
straight-through relaxation (gradient_attack.py), then greedy local search;
properties/equivalence.py: the center, random corners and points) reads this configuration. A
point found is exact (it is evaluated, not guessed) and saves a solver call; it is still
replayed like any other counterexample.
"""

from __future__ import annotations

from dataclasses import dataclass

from bnnverify.gradient_attack import PgdSettings


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
    # PGD (robustness only; 0 restarts: none): restarts from the box's middle and the best
    # random corners; steps shrink from the first step fraction of an input's range to the
    # second, surrogates sharpen from the first scale factor to the second (PgdSettings)
    pgd_restarts: int = 8
    pgd_steps: int = 20
    pgd_step_fraction: tuple[float, float] = (0.5, 0.05)
    pgd_scale: tuple[float, float] = (2.0, 0.2)

    @property
    def pgd(self) -> PgdSettings:
        return PgdSettings(self.pgd_steps, self.pgd_step_fraction, self.pgd_scale)


# one query with a long budget (a VNN-COMP instance, 480 s): 20 times the default's PGD
LONG_ATTACK = AttackConfig(
    stages=((100, 0.02), (500, 0.005), (1000, 0.002)), pgd_restarts=32, pgd_steps=100
)
