"""The L0 ball's own steps (regions.L0Ball): cheap falsification within the budget, and the
replay check that a point keeps to it.

An L0 box (regions.InputBox with l0 = K) holds the inputs x of the box with at most K positions
x_i != x0_i (x0 = box.center). The encoders read the budget through the order encoding
(encode/inputs.py); the falsifier here only ever evaluates points of the ball: steepest descent
from x0 over one-position moves to an end of the range, random K-subsets of the free positions
moved to an end of their range, then greedy rounds that move one position and, when that goes
over the budget, put another changed position back to x0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bnnverify.attack import AttackConfig
from bnnverify.errors import ReplayError
from bnnverify.model import Ints
from bnnverify.regions import InputBox
from bnnverify.replay import check_in_box

DESCENT_STEPS = 4  # steepest-descent steps, 2 * #free evaluations each (bundled MLP: ~45 ms)


def check_l0(x: Ints, box: InputBox) -> None:
    """x (flat) lies in the box and differs from its center in at most box.l0 positions;
    ReplayError otherwise."""
    check_in_box(x, box.lo, box.hi)
    changed = box.n_changed(x)
    if box.l0 is not None and changed > box.l0:
        raise ReplayError(
            f"counterexample leaves the L0 ball: {changed} inputs differ from x0, "
            f"the budget is {box.l0}"
        )


def falsify_l0(margin: Callable[[Ints], Ints], box: InputBox, config: AttackConfig) -> Ints | None:
    """Search the L0 ball of `box` for x with margin(x) <= 0 (margin: (batch, n) -> (batch,)):
    steepest descent from x0 (min(budget, DESCENT_STEPS) steps), config.random_points random
    points of the ball, then greedy_rounds (plus every stage's rounds) of greedy_batch
    one-position moves from the best point so far, kept when no worse. Returns a flat int64
    input of the ball, or None; deterministic per seed."""
    assert box.l0 is not None
    rng = np.random.default_rng(config.seed)
    free = np.flatnonzero(box.lo < box.hi)
    budget = min(int(box.l0), free.size)
    if budget == 0:
        return None
    current, current_score = steepest_descent(margin, box, free, min(budget, DESCENT_STEPS))
    if current_score > 0:
        candidates = random_points(rng, box, free, budget, config.random_points)
        scores = margin(candidates)
        best = int(np.argmin(scores))
        if scores[best] < current_score:
            current, current_score = candidates[best], int(scores[best])
    rounds = config.greedy_rounds + sum(stage_rounds for stage_rounds, _ in config.stages)
    for _ in range(rounds):
        if current_score <= 0:
            break
        candidates = moves(rng, box, free, budget, current, config.greedy_batch)
        scores = margin(candidates)
        best = int(np.argmin(scores))
        if scores[best] <= current_score:
            current, current_score = candidates[best], int(scores[best])
    if current_score > 0:
        return None
    assert box.n_changed(current) <= budget
    return np.asarray(current, dtype=np.int64)


def steepest_descent(
    margin: Callable[[Ints], Ints], box: InputBox, free: Ints, steps: int
) -> tuple[Ints, int]:
    """From x0, `steps` times: move to the best of the current point's 2 * #free neighbours (one
    free position set to lo or hi), better or not. Each step changes at most one more position,
    so with steps <= budget every point stays in the ball. (the best point seen, its margin)."""
    assert box.center is not None
    current = box.center.copy()
    best, best_score = current, int(margin(current[None])[0])
    rows = np.arange(free.size)
    for _ in range(steps):
        if best_score <= 0:
            break
        candidates = np.repeat(current[None], 2 * free.size, axis=0)
        candidates[rows, free] = box.lo[free]
        candidates[free.size + rows, free] = box.hi[free]
        scores = margin(candidates)
        pick = int(np.argmin(scores))
        current = candidates[pick]
        if scores[pick] < best_score:
            best, best_score = current, int(scores[pick])
    return best, best_score


def far_end(box: InputBox, positions: Ints, values: Ints, rng: np.random.Generator) -> Ints:
    """A random end (lo or hi) of each position's range, the other end where the drawn one
    equals the current value (so a move always changes the position)."""
    lo, hi = box.lo[positions], box.hi[positions]
    ends = np.where(rng.random(positions.shape) < 0.5, lo, hi)
    return np.where(ends == values, np.where(ends == lo, hi, lo), ends)


def random_points(
    rng: np.random.Generator, box: InputBox, free: Ints, budget: int, count: int
) -> Ints:
    """`count` points of the ball: x0 with `budget` distinct free positions moved to an end of
    their range. (count, n_inputs)."""
    assert box.center is not None
    order = np.argsort(rng.random((count, free.size)), axis=1)[:, :budget]
    positions = free[order]  # (count, budget), distinct per row
    points = np.repeat(box.center[None], count, axis=0)
    rows = np.arange(count)[:, None]
    points[rows, positions] = far_end(box, positions, points[rows, positions], rng)
    return points


def moves(
    rng: np.random.Generator, box: InputBox, free: Ints, budget: int, current: Ints, count: int
) -> Ints:
    """`count` neighbours of `current` (a point of the ball) in the ball: one free position j
    moved to an end of its range; when that makes budget + 1 changed positions, a random other
    changed one goes back to x0. (count, n_inputs)."""
    assert box.center is not None
    x0 = box.center
    rows = np.arange(count)
    j = rng.choice(free, size=count)
    points = np.repeat(current[None], count, axis=0)
    points[rows, j] = far_end(box, j, points[rows, j], rng)
    changed = points != x0  # (count, n_inputs)
    over = np.flatnonzero(changed.sum(axis=1) > budget)
    if over.size:
        weights = np.where(changed[over], rng.random((over.size, x0.size)), -1.0)
        weights[np.arange(over.size), j[over]] = -1.0  # never undo the move itself
        back = np.argmax(weights, axis=1)  # a changed position other than j: there is one,
        points[over, back] = x0[back]  # since budget >= 1 and budget + 1 are changed
    return points
