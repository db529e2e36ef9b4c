"""Cheap upper bounds for minimal perturbation (bnnverify.minimal, step 2), on the packed engine.

A point found is exact (evaluated, not guessed); bnnverify.minimal replays it on both engines.

- L-inf: robustness.falsify_box on the region; from a violating point p at distance u, the
  points x0 + clip(p - x0, -t, t) for t < u (one batch), then falsify_box on ball(u - 1), until
  both fail.
- L0: falsify_box on the region, and a greedy search from x0 that changes one pixel at a time
  to an end of its range (the change that lowers the smallest margin most, at most
  GROW_PIXELS pixels); the changed pixels of each point found are moved back to x0_i one at a
  time (index order) while it still violates.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from bnnverify.attack import AttackConfig
from bnnverify.model import Ints
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import falsify_box, robustness_margins
from bnnverify.regions import InputBox, linf_box

__all__ = ["GROW_PIXELS", "attack", "grow_pixels", "revert_pixels", "violating"]

GROW_PIXELS = 64  # L0: the greedy search from x0 changes at most this many pixels


def linf_distance(x: Ints, x0: Ints) -> int:
    return int(np.abs(np.asarray(x, dtype=np.int64) - x0).max(initial=0))


def attack(
    model: Model,
    norm: str,
    region: InputBox,
    label: int,
    targets: Sequence[int],
    config: AttackConfig,
    deadline: float | None = None,
) -> Ints | None:
    """A violating point of the region as close to its center x0 in `norm` ("linf", "l0") as
    cheap search gets (the module docstring), or None. The deadline bounds the greedy search."""
    x0 = region.center
    assert x0 is not None
    found = falsify_box(model, region.lo, region.hi, label, targets, config)
    if norm == "l0":
        if found is not None:
            found = revert_pixels(model, found, x0, label, targets)
        changed = GROW_PIXELS + 1 if found is None else int(np.count_nonzero(found != x0))
        limit = min(GROW_PIXELS, changed - 1)  # a grown point must change fewer pixels
        grown = grow_pixels(model, region, label, targets, limit, deadline)
        return found if grown is None else revert_pixels(model, grown, x0, label, targets)
    if found is None:
        return None
    while (best := linf_distance(found, x0)) > 1:
        shrunk = np.stack([x0 + np.clip(found - x0, -t, t) for t in range(1, best)])
        hits = np.flatnonzero(violating(model, shrunk, label, targets))
        if hits.size:
            found = shrunk[hits[0]]
            continue
        ball = linf_box(model.net, x0, best - 1)
        closer = falsify_box(model, ball.lo, ball.hi, label, targets, config)
        if closer is None:
            break
        found = closer
    return found


def violating(model: Model, points: Ints, label: int, targets: Sequence[int]) -> Any:
    """(batch,) bool: some target ties or beats the label at each point (packed engine)."""
    dots = model.packed.output_dots(points)  # (batch, n_classes)
    return robustness_margins(model.net, dots, label, targets).min(axis=1) <= 0


def grow_pixels(
    model: Model,
    region: InputBox,
    label: int,
    targets: Sequence[int],
    limit: int,
    deadline: float | None,
) -> Ints | None:
    """Greedy from x0: change one more pixel to an end of its range, the change (of all
    pixels not changed yet, both ends) that lowers the smallest margin most, until the point
    violates (returned), or `limit` pixels are changed or the deadline passes (None)."""
    assert region.center is not None
    x = region.center.copy()
    left = np.flatnonzero(region.lo < region.hi)
    for _ in range(max(0, min(limit, left.size))):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        ends = np.concatenate([region.lo[left], region.hi[left]])
        pixels = np.concatenate([left, left])
        candidates = np.repeat(x[None], pixels.size, axis=0)
        candidates[np.arange(pixels.size), pixels] = ends
        dots = model.packed.output_dots(candidates)  # (2 * len(left), n_classes)
        margins = robustness_margins(model.net, dots, label, targets).min(axis=1)
        best = int(np.argmin(margins))
        x = candidates[best]
        if margins[best] <= 0:
            return x
        left = left[left != pixels[best]]
    return None


def revert_pixels(model: Model, x: Ints, x0: Ints, label: int, targets: Sequence[int]) -> Ints:
    """x with each changed pixel set back to x0_i (in index order) whenever x still violates."""
    x = np.array(x, dtype=np.int64)
    for i in np.flatnonzero(x != x0):
        trial = x.copy()
        trial[i] = x0[i]
        if violating(model, trial[None], label, targets)[0]:
            x = trial
    return x
