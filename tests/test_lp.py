"""Sign patterns over a real box: every verdict against an exact vertex-enumeration oracle.

The oracle shares no code with bnnverify.lp: a bounded system A x >= b, lo <= x <= hi is
nonempty iff one of its vertices (n linearly independent tight constraints, solved in
Fractions) satisfies every constraint.
"""

from __future__ import annotations

import itertools
import sys
import time
from fractions import Fraction

import numpy as np
import pytest

from bnnverify.errors import DescriptionError, UsageError
from bnnverify.lp import (
    Feasible,
    Infeasible,
    LinearRows,
    Undecided,
    check_pattern,
    exact_margin,
    exact_signs,
)
from bnnverify.lp_certificate import HalfSpaces, is_farkas_certificate

GRID_BITS = 8
MARGIN = 1 / 64


def solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a square system (Gauss-Jordan in Fractions), or None."""
    n = len(rhs)
    m = [row[:] + [r] for row, r in zip(matrix, rhs, strict=True)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * p for a, p in zip(m[r], m[col], strict=True)]
    return [m[r][n] / m[r][r] for r in range(n)]


def is_feasible_by_vertices(rows: list[list[int]], b: list[Fraction], lo, hi) -> bool:
    """Exists x in [lo, hi] with rows[k] . x >= b[k] for all k (exact vertex enumeration).

    A vertex makes n independent constraints tight: some rows, and the other coordinates at
    a box bound each.
    """
    n = len(lo)
    bounds = [(Fraction(float(lo[i])), Fraction(float(hi[i]))) for i in range(n)]
    for k in range(min(len(rows), n) + 1):
        for tight in itertools.combinations(range(len(rows)), k):
            for fixed in itertools.combinations(range(n), n - k):
                free = [i for i in range(n) if i not in fixed]
                for values in itertools.product(*(bounds[i] for i in fixed)):
                    x = dict(zip(fixed, values, strict=True))
                    matrix = [[Fraction(rows[r][i]) for i in free] for r in tight]
                    rhs = [b[r] - sum(rows[r][i] * x[i] for i in fixed) for r in tight]
                    solution = solve_exact(matrix, rhs)
                    if solution is None:
                        continue
                    x.update(zip(free, solution, strict=True))
                    if all(lo_i <= x[i] <= hi_i for i, (lo_i, hi_i) in enumerate(bounds)) and all(
                        sum(a * x[i] for i, a in enumerate(row)) >= rhs_r
                        for row, rhs_r in zip(rows, b, strict=True)
                    ):
                        return True
    return False


def pattern_system(weight, thresholds, neurons, signs, shift: Fraction):
    """Rows sigma_n w_n and bounds sigma_n t_n + shift, straight from the dense matrix."""
    rows = [[int(s) * int(v) for v in weight[n]] for n, s in zip(neurons, signs, strict=True)]
    b = [
        int(s) * Fraction(float(thresholds[n])) + shift for n, s in zip(neurons, signs, strict=True)
    ]
    return rows, b


def random_instance(seed: int):
    rng = np.random.default_rng(seed)
    n_in, n_neurons = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    weight = rng.choice([-1, 0, 1], size=(n_neurons, n_in), p=[0.4, 0.2, 0.4])
    if seed % 5 == 0:
        weight[0] = 0  # an all-zero row
    thresholds = rng.integers(-3 * 8, 3 * 8 + 1, size=n_neurons) / 8 + rng.choice([0, 1 / 1024])
    step = 1 / 16 if seed % 3 else 1 / 1024  # box bounds on or off the 2**-8 grid
    lo = rng.integers(-16, 8, size=n_in) * step * 4
    hi = lo + rng.integers(0, 24, size=n_in) * step * 2
    if seed % 4 == 0:
        hi[0] = lo[0]  # a fixed coordinate
    center = lo + (hi - lo) * rng.random(n_in)
    enclosure = float(rng.choice([0.0, 1 / 32]))
    return rng, weight, thresholds, lo, hi, center, enclosure


def patterns(rng, n_neurons: int):
    everyone = list(range(n_neurons))
    full = [(everyone, s) for s in itertools.product((-1, 1), repeat=n_neurons)]
    partial = []
    for _ in range(6):
        chosen = sorted(rng.choice(n_neurons, size=int(rng.integers(0, n_neurons)), replace=False))
        partial.append((chosen, tuple(rng.choice([-1, 1], size=len(chosen)))))
    return full + partial


@pytest.mark.parametrize("seed", range(30))
def test_check_pattern_matches_vertex_oracle(seed):
    rng, weight, thresholds, lo, hi, center, enclosure = random_instance(seed)
    rows = LinearRows.from_dense(weight, thresholds)
    mu = Fraction(enclosure) + Fraction(MARGIN)
    for neurons, signs in patterns(rng, len(weight)):
        closed = pattern_system(weight, thresholds, neurons, signs, -Fraction(enclosure))
        roomy = pattern_system(weight, thresholds, neurons, signs, mu + Fraction(1, 100))
        closed_ok = is_feasible_by_vertices(*closed, lo, hi)
        roomy_ok = closed_ok and is_feasible_by_vertices(*roomy, lo, hi)

        result = check_pattern(
            rows, np.array(neurons, dtype=np.int64), np.array(signs), lo, hi, center,
            enclosure=enclosure, margin=MARGIN, grid_bits=GRID_BITS,
        )  # fmt: skip

        case = (neurons, signs, result)
        if isinstance(result, Infeasible):
            assert not closed_ok, case
            assert result.cores and len(set().union(*result.cores)) == sum(map(len, result.cores))
            for core in result.cores:
                assert set(core) <= set(neurons), case
                core_signs = [signs[neurons.index(n)] for n in core]
                core_system = pattern_system(
                    weight, thresholds, core, core_signs, -Fraction(enclosure)
                )
                assert not is_feasible_by_vertices(*core_system, lo, hi), case
        elif isinstance(result, Feasible):
            x = result.x
            assert ((lo <= x) & (x <= hi)).all(), case
            exact_x = [Fraction(float(v)) for v in x]
            for row, b in zip(*pattern_system(weight, thresholds, neurons, signs, mu), strict=True):
                assert sum(a * v for a, v in zip(row, exact_x, strict=True)) >= b, case
            scaled = np.ldexp(x, result.grid_bits)
            assert set(np.flatnonzero(scaled != np.floor(scaled))) == set(result.off_grid)
            for i in result.off_grid:
                assert np.floor(np.ldexp(hi[i], GRID_BITS)) < np.ldexp(lo[i], GRID_BITS), case
        else:
            assert isinstance(result, Undecided)
            assert closed_ok and not roomy_ok, case
        if not closed_ok:
            assert isinstance(result, Infeasible), case  # complete on these tame instances
        if roomy_ok:
            assert isinstance(result, Feasible), case


@pytest.mark.parametrize("seed", range(10))
def test_exact_signs_and_margin_match_fractions(seed):
    rng = np.random.default_rng(seed)
    weight = rng.choice([-1, 0, 1], size=(6, 5))
    x = np.where(rng.random(5) < 0.5, rng.integers(-8, 8, 5) / 4, rng.normal(size=5))
    thresholds = weight @ x  # float sums: some equal the exact sum, some do not
    thresholds[::2] = rng.integers(-4, 5, 3) / 2
    rows = LinearRows.from_dense(weight, thresholds)
    sums = [sum(int(w) * Fraction(float(v)) for w, v in zip(r, x, strict=True)) for r in weight]
    expected = [1 if s >= Fraction(float(t)) else -1 for s, t in zip(sums, thresholds, strict=True)]

    assert exact_signs(rows, x).tolist() == expected
    signs = -np.array(expected)
    gaps = [
        int(g) * (s - Fraction(float(t))) for g, s, t in zip(signs, sums, thresholds, strict=True)
    ]
    assert exact_margin(rows, x, np.arange(6), signs) == min(gaps)
    assert exact_margin(rows, x, np.zeros(0, np.int64), np.zeros(0)) is None


def test_exact_sign_at_the_threshold_is_plus_one():
    rows = LinearRows.from_dense([[1, -1], [1, 1]], [0.25, 0.1 + 0.2])
    assert exact_signs(rows, np.array([0.5, 0.25])).tolist() == [1, 1]
    # exactly, 0.1 + 0.2 (the float64 values) < fl(0.1 + 0.2) = 0.30000000000000004
    assert exact_signs(rows, np.array([0.1, 0.2])).tolist() == [-1, -1]


def test_empty_pattern_is_the_snapped_center():
    rows = LinearRows.from_dense([[1, 1]], [0.0])
    result = check_pattern(rows, [], [], [0.0, 0.1], [1.0, 0.1], [0.3, 0.0])
    assert isinstance(result, Feasible) and result.margin is None
    assert result.x.tolist() == [77 / 256, 0.1] and result.off_grid == (1,)


def test_all_zero_rows_are_decided_exactly():
    rows = LinearRows.from_dense([[0, 0], [0, 0], [1, 0]], [0.5, -1.0, 0.0])
    lo, hi, center = np.zeros(2), np.ones(2), np.full(2, 0.5)
    assert check_pattern(rows, [0], [1], lo, hi, center) == Infeasible(((0,),))
    fine = check_pattern(rows, [0, 1], [-1, 1], lo, hi, center)
    assert isinstance(fine, Feasible) and fine.margin == Fraction(1, 2)
    tight = check_pattern(rows, [1], [1], lo, hi, center, margin=1.0)
    assert isinstance(tight, Feasible) and tight.margin == 1  # 0 - (-1) = 1: margin is >=
    assert isinstance(check_pattern(rows, [1], [1], lo, hi, center, margin=1.5), Undecided)


def test_disjoint_cores_are_each_reported():
    # x0 >= 0.75 and x0 < 0.25; x1 >= 0.75 and x1 < 0.25; x2 >= 2 (impossible alone).
    weight = [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]
    rows = LinearRows.from_dense(weight, [0.75, 0.25, 0.75, 0.25, 2.0, 0.0])
    lo, hi, center = np.zeros(3), np.ones(3), np.full(3, 0.5)
    result = check_pattern(rows, range(6), [1, -1, 1, -1, 1, 1], lo, hi, center)
    assert isinstance(result, Infeasible)
    assert sorted(result.cores) == [(0, 1), (2, 3), (4,)]
    capped = check_pattern(rows, range(6), [1, -1, 1, -1, 1, 1], lo, hi, center, max_cores=1)
    assert isinstance(capped, Infeasible) and len(capped.cores) == 1


def test_enclosure_widens_the_closed_system():
    rows = LinearRows.from_dense([[1], [1]], [0.5, 0.25])  # s >= 0.5 and s < 0.25
    box = (np.zeros(1), np.ones(1), np.zeros(1))
    assert check_pattern(rows, [0, 1], [1, -1], *box, enclosure=0.124) == Infeasible(((0, 1),))
    assert isinstance(check_pattern(rows, [0, 1], [1, -1], *box, enclosure=0.125), Undecided)


def test_bad_arguments_raise():
    rows = LinearRows.from_dense([[1, 1]], [0.0])
    box = (np.zeros(2), np.ones(2), np.zeros(2))
    with pytest.raises(UsageError, match="signs"):
        check_pattern(rows, [0], [0], *box)
    with pytest.raises(UsageError, match="distinct"):
        check_pattern(rows, [0, 0], [1, 1], *box)
    with pytest.raises(UsageError, match="lo <= hi"):
        check_pattern(rows, [0], [1], np.ones(2), np.zeros(2), np.zeros(2))
    with pytest.raises(UsageError, match="margin > 0"):
        check_pattern(rows, [0], [1], *box, margin=0.0)
    with pytest.raises(DescriptionError, match="weights must be"):
        LinearRows((np.array([0]),), (np.array([0], dtype=np.int8),), np.zeros(1), 1)


def test_missing_highspy_is_a_usage_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "highspy", None)
    rows = LinearRows.from_dense([[1, 1]], [0.0])
    with pytest.raises(UsageError, match=r"pip install 'bnnverify\[onnx\]'"):
        check_pattern(rows, [0], [1], np.zeros(2), np.ones(2), np.zeros(2))


def conv_rows(rng, height: int, width: int, channels: int, n_neurons: int):
    """3x3xC windows at random positions of an (height, width, channels) image, C order."""
    rows_i, rows_w = [], []
    for _ in range(n_neurons):
        r, c = rng.integers(0, height - 2), rng.integers(0, width - 2)
        window = np.array(
            [((r + dr) * width + c + dc) * channels + k
             for dr in range(3) for dc in range(3) for k in range(channels)]
        )  # fmt: skip
        rows_i.append(window.astype(np.int64))
        rows_w.append(rng.choice(np.array([-1, 1], dtype=np.int8), size=window.size))
    return rows_i, rows_w


@pytest.mark.parametrize("seed", range(2))
def test_conv_sized_pattern_finds_planted_cores(seed):
    rng = np.random.default_rng(seed)
    indices, weights = conv_rows(rng, 30, 30, 3, 400)
    x0 = rng.integers(0, 256, 2700).astype(np.float64)
    lo, hi = np.clip(x0 - 8, 0, 255), np.clip(x0 + 8, 0, 255)
    x1 = np.clip(x0 + rng.integers(-8, 9, 2700), lo, hi)
    sums = np.array([w.astype(np.int64) @ x1[i] for i, w in zip(indices, weights, strict=True)])
    thresholds = sums + rng.choice([-40.5, -2.25, 2.75, 40.5], size=400)
    planted = [(0, 1), (2, 3), (4, 5)]
    for a, b in planted:  # same window: s >= t + 1 and s < t cannot both hold
        indices[b], weights[b], thresholds[b] = indices[a], weights[a], thresholds[a] - 1.0
    rows = LinearRows(tuple(indices), tuple(weights), thresholds, 2700)
    signs = exact_signs(rows, x1).astype(np.int64)
    for a, b in planted:
        signs[a], signs[b] = 1, -1

    start = time.perf_counter()
    result = check_pattern(rows, np.arange(400), signs, lo, hi, x0)
    rest = check_pattern(rows, np.arange(6, 400), signs[6:], lo, hi, x0)
    elapsed_s = time.perf_counter() - start

    assert isinstance(result, Infeasible) and sorted(result.cores) == planted
    assert isinstance(rest, Feasible) and rest.off_grid == ()
    assert rest.margin is not None and rest.margin >= MARGIN
    assert (exact_signs(rows, rest.x)[6:] == signs[6:]).all()
    assert elapsed_s < 10.0


@pytest.mark.parametrize("seed", range(20))
def test_farkas_check_accepts_only_infeasible_systems(seed):
    rng, weight, thresholds, lo, hi, _, _ = random_instance(seed)
    signs = rng.choice([-1, 1], size=len(weight))
    rows, b = pattern_system(weight, thresholds, range(len(weight)), signs, Fraction(0))
    system = HalfSpaces(
        tuple(np.arange(len(lo), dtype=np.int64)[np.array(r) != 0] for r in rows),
        tuple(np.array(r, dtype=np.int64)[np.array(r) != 0] for r in rows),
        tuple(b),
    )
    feasible = is_feasible_by_vertices(rows, b, lo, hi)
    for _ in range(50):
        y = {r: int(v) for r, v in enumerate(rng.integers(0, 3, size=len(rows))) if v}
        if is_farkas_certificate(system, y, lo, hi):
            assert not feasible, y


def test_farkas_check_rejects_a_tie():
    # s >= 0.5 and -s >= -0.5 meet at s = 0.5: y = (1, 1) gives 0 < 0, which is false.
    system = HalfSpaces(
        (np.array([0]), np.array([0])),
        (np.array([1]), np.array([-1])),
        (Fraction(1, 2), Fraction(-1, 2)),
    )
    box = (np.zeros(1), np.ones(1))
    assert not is_farkas_certificate(system, {0: 1, 1: 1}, *box)
    tighter = HalfSpaces(system.columns, system.coefs, (Fraction(1, 2), Fraction(-1, 4)))
    assert is_farkas_certificate(tighter, {0: 1, 1: 1}, *box)
    assert not is_farkas_certificate(tighter, {0: 1}, *box)


def test_grid_is_refined_only_up_to_max_grid_bits():
    # x in [1/2, 1/2 + 2**-10] must reach 1/2 + 2**-11 (margin 1/64 over t): no point of the
    # grid 2**-8 does, the grid 2**-12 does.
    rows = LinearRows.from_dense([[1]], [0.5 + 2.0**-11 - MARGIN])
    box = (np.array([0.5]), np.array([0.5 + 2.0**-10]), np.array([0.5]))
    refined = check_pattern(rows, [0], [1], *box)
    assert isinstance(refined, Feasible) and refined.grid_bits == 12 and refined.off_grid == ()
    assert refined.x[0] >= 0.5 + 2.0**-11
    assert isinstance(check_pattern(rows, [0], [1], *box, max_grid_bits=8), Undecided)
    with pytest.raises(UsageError, match="max_grid_bits"):
        check_pattern(rows, [0], [1], *box, max_grid_bits=7)
