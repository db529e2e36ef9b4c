"""Sign patterns of a first layer over a real box: a margin point, an exact core, or neither.

A first-layer neuron n reads real inputs x in the box lo <= x <= hi: s_n(x) = sum_{i in
indices[n]} weights[n][i] x_i >= thresholds[n], weights in {-1, +1}, where the stored float64
threshold is within `enclosure` of the exact one (DESIGN.md section 5).
A pattern gives chosen neurons n signs sigma_n; written as a_n . x >= b_n, a_n = sigma_n w_n:
    closed system:  b_n = sigma_n t_n - enclosure   (no x here: the pattern is impossible)
    margin system:  b_n = sigma_n t_n + mu,  mu = enclosure + margin   (a point float-safe)
check_pattern returns Feasible (a margin point, checked exactly, on the grid 2**-grid_bits where
the box allows), Infeasible (disjoint cores of the closed system, each with an exactly checked
Farkas certificate) or Undecided. Only Infeasible may ever justify a blocking clause.

Rounding to the grid 2**-g moves s_n by <= len(indices[n]) * 2**-(g+1): the LP asks that more.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DescriptionError, UsageError
from bnnverify.lp_certificate import Csr, HalfSpaces, certified_cores, solve_lp, to_csr
from bnnverify.model.arrays import Floats, Ints, Signs

LP_FEASIBILITY_SLACK = 1e-6  # extra margin asked of the LP (HiGHS tolerates 1e-7 violations)
# (grid refinement, inflation factor) tried in turn (2: rounding pushed back into an off-grid box)
ROUNDING_ATTEMPTS = ((0, 1.0), (0, 2.0), (4, 2.0), (12, 2.0))


@dataclass(frozen=True)
class LinearRows:
    """s_n = sum_k weights[n][k] x[indices[n][k]] >= thresholds[n]  over real inputs x."""

    indices: tuple[Ints, ...]
    weights: tuple[Signs, ...]
    thresholds: Floats  # (n_neurons,)
    n_inputs: int

    def __post_init__(self) -> None:
        n = len(self.indices)
        t = np.asarray(self.thresholds)
        if len(self.weights) != n or t.shape != (n,) or t.dtype != np.float64:
            raise DescriptionError(
                f"LinearRows needs {n} weight rows and float64 thresholds of shape ({n},), "
                f"got {len(self.weights)} rows and {t.dtype} {t.shape}"
            )
        if not np.isfinite(t).all():
            raise DescriptionError("LinearRows.thresholds must be finite")
        for k, (idx, w) in enumerate(zip(self.indices, self.weights, strict=True)):
            if idx.shape != w.shape or idx.ndim != 1 or not np.isin(w, (-1, 1)).all():
                raise DescriptionError(f"LinearRows row {k}: weights must be +-1 like indices")
            if len(idx) and (idx.min() < 0 or idx.max() >= self.n_inputs):
                raise DescriptionError(f"LinearRows row {k}: index outside [0, {self.n_inputs})")
            if len(np.unique(idx)) != len(idx):
                raise DescriptionError(f"LinearRows row {k}: repeated input index")

    @classmethod
    def from_dense(cls, weight: npt.ArrayLike, thresholds: npt.ArrayLike) -> LinearRows:
        """Rows of a (n_neurons, n_inputs) matrix over {-1, 0, +1}; zeros are dropped."""
        w = np.asarray(weight, dtype=np.int64)
        rows = [np.flatnonzero(row).astype(np.int64) for row in w]
        return cls(
            tuple(rows),
            tuple(w[n, idx].astype(np.int8) for n, idx in enumerate(rows)),
            np.asarray(thresholds, dtype=np.float64),
            w.shape[1],
        )


@dataclass(frozen=True)
class Feasible:
    """x (float64, in the box) gives every chosen neuron its sign with `margin` >= mu, exactly.

    grid_bits: x * 2**grid_bits is integral except at the coordinates `off_grid`, where the box
    holds no grid point (e.g. lo == hi off the grid) and x keeps its LP value.
    """

    x: Floats
    margin: Fraction | None  # min over chosen n of sigma_n (s_n(x) - t_n); None: no neurons
    grid_bits: int
    off_grid: tuple[int, ...]


@dataclass(frozen=True)
class Infeasible:
    """Disjoint sets of chosen neurons, each impossible on the box (closed system, certified)."""

    cores: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Undecided:
    """Neither a margin point nor a certificate was found: report unknown, block nothing."""

    reason: str


PatternResult = Feasible | Infeasible | Undecided


def exact_sums(rows: LinearRows, x: npt.ArrayLike, neurons: npt.ArrayLike) -> list[Fraction]:
    """s_n(x) for each n in neurons, exactly (x float64: every value is a dyadic rational)."""
    numerators, scale_bits = _dyadic(np.asarray(x, dtype=np.float64))
    picked = [int(n) for n in np.asarray(neurons, dtype=np.int64).reshape(-1)]
    return [
        Fraction(
            sum(
                int(w) * numerators[i]
                for i, w in zip(rows.indices[n], rows.weights[n], strict=True)
            )
        )
        / 2**scale_bits
        for n in picked
    ]


def exact_signs(rows: LinearRows, x: npt.ArrayLike) -> Signs:
    """sign_n = +1 if s_n(x) >= thresholds[n] else -1, for every neuron, exactly."""
    sums = exact_sums(rows, x, np.arange(len(rows.indices)))
    return np.array(
        [1 if s >= Fraction(float(t)) else -1 for s, t in zip(sums, rows.thresholds, strict=True)],
        dtype=np.int8,
    )


def exact_margin(
    rows: LinearRows, x: npt.ArrayLike, neurons: npt.ArrayLike, signs: npt.ArrayLike
) -> Fraction | None:
    """min over n of signs[n] * (s_n(x) - thresholds[n]), exactly; None for no neurons."""
    picked = np.asarray(neurons, dtype=np.int64).reshape(-1)
    sigma = np.asarray(signs, dtype=np.int64).reshape(-1)
    sums = exact_sums(rows, x, picked)
    gaps = [
        int(g) * (s - Fraction(float(rows.thresholds[n])))
        for s, n, g in zip(sums, picked, sigma, strict=True)
    ]
    return min(gaps) if gaps else None


def _dyadic(x: Floats) -> tuple[list[int], int]:
    """x = numerators / 2**scale_bits exactly, with one common scale."""
    ratios = [v.as_integer_ratio() for v in x.tolist()]
    scale_bits = max((d.bit_length() - 1 for _, d in ratios), default=0)
    return [p << (scale_bits - d.bit_length() + 1) for p, d in ratios], scale_bits


def check_pattern(
    rows: LinearRows,
    neurons: npt.ArrayLike,
    signs: npt.ArrayLike,
    lo: npt.ArrayLike,
    hi: npt.ArrayLike,
    center: npt.ArrayLike,
    *,
    enclosure: float = 0.0,
    margin: float = 1 / 64,
    grid_bits: int = 8,
    max_cores: int = 8,
    max_grid_bits: int | None = None,
) -> PatternResult:
    """Decide the sign pattern neurons[k] -> signs[k] (+-1) on the box [lo, hi].

    Returns Infeasible with up to max_cores disjoint certified cores of the closed system;
    otherwise Feasible with a margin point near `center` (least L1 distance among LP points,
    then rounded to the grid 2**-grid_bits; retries may refine it up to 2**-max_grid_bits,
    default grid_bits + 12: a caller that needs one grid passes max_grid_bits=grid_bits), or
    Undecided.

    Raises:
        UsageError: malformed pattern or box; the 'onnx' extra (highspy) is missing.
    """
    picked, sigma, box_lo, box_hi, start = _validated(rows, neurons, signs, lo, hi, center)
    finest = grid_bits + ROUNDING_ATTEMPTS[-1][0] if max_grid_bits is None else max_grid_bits
    if enclosure < 0 or not margin > 0 or not 0 <= grid_bits <= finest or max_cores < 1:
        raise UsageError(
            "check_pattern needs enclosure >= 0, margin > 0, 0 <= grid_bits <= max_grid_bits and"
            f" max_cores >= 1, got {enclosure}, {margin}, {grid_bits}, {finest}, {max_cores}"
        )
    closed = _half_spaces(rows, picked, sigma, -Fraction(enclosure))
    cores = _disjoint_cores(closed, box_lo, box_hi, max_cores)
    if cores:
        return Infeasible(tuple(tuple(int(picked[r]) for r in core) for core in cores))
    mu = Fraction(enclosure) + Fraction(margin)
    with_margin = _half_spaces(rows, picked, sigma, mu)
    attempts = dict.fromkeys((min(grid_bits + extra, finest), f) for extra, f in ROUNDING_ATTEMPTS)
    for bits, factor in attempts:
        x = _margin_point(with_margin, box_lo, box_hi, start, bits, factor)
        if x is None:
            continue  # the LP found no point with that much extra margin: refine the grid
        x = _snap(x, box_lo, box_hi, bits)
        achieved = exact_margin(rows, x, picked, sigma)
        in_box = bool((box_lo <= x).all() and (x <= box_hi).all())  # float64 <= is exact
        if in_box and (achieved is None or achieved >= mu):
            off = np.flatnonzero(np.ldexp(x, bits) != np.floor(np.ldexp(x, bits)))
            return Feasible(x, achieved, bits, tuple(int(i) for i in off))
    return Undecided(
        f"closed system not certified infeasible, but no grid point keeps margin {float(mu)}"
    )


def _validated(
    rows: LinearRows,
    neurons: npt.ArrayLike,
    signs: npt.ArrayLike,
    lo: npt.ArrayLike,
    hi: npt.ArrayLike,
    center: npt.ArrayLike,
) -> tuple[Ints, Ints, Floats, Floats, Floats]:
    picked = np.asarray(neurons, dtype=np.int64).reshape(-1)
    sigma = np.asarray(signs, dtype=np.int64).reshape(-1)
    if picked.shape != sigma.shape or not np.isin(sigma, (-1, 1)).all():
        raise UsageError(f"signs must be +-1, one per neuron: {picked.shape} vs {sigma.shape}")
    if (
        len(np.unique(picked)) != len(picked)
        or not ((0 <= picked) & (picked < len(rows.indices))).all()
    ):
        raise UsageError(f"neurons must be distinct indices in [0, {len(rows.indices)})")
    box_lo, box_hi, start = (np.asarray(v, dtype=np.float64).reshape(-1) for v in (lo, hi, center))
    shape = (rows.n_inputs,)
    if box_lo.shape != shape or box_hi.shape != shape or start.shape != shape:
        raise UsageError(f"lo, hi and center must have shape {shape}")
    if not (np.isfinite(box_lo).all() and np.isfinite(box_hi).all() and (box_lo <= box_hi).all()):
        raise UsageError("the box needs finite bounds with lo <= hi")
    if not np.isfinite(start).all():
        raise UsageError("center must be finite")
    return picked, sigma, box_lo, box_hi, np.clip(start, box_lo, box_hi)


def _half_spaces(rows: LinearRows, picked: Ints, sigma: Ints, shift: Fraction) -> HalfSpaces:
    """sigma_n w_n . x >= sigma_n t_n + shift for each picked neuron."""
    return HalfSpaces(
        tuple(rows.indices[n].astype(np.int64) for n in picked),
        tuple(g * rows.weights[n].astype(np.int64) for n, g in zip(picked, sigma, strict=True)),
        tuple(
            int(g) * Fraction(float(rows.thresholds[n])) + shift
            for n, g in zip(picked, sigma, strict=True)
        ),
    )


def _disjoint_cores(
    system: HalfSpaces, lo: Floats, hi: Floats, max_cores: int
) -> list[tuple[int, ...]]:
    """Certified cores (rows of system), pairwise disjoint: find one, drop its rows, repeat."""
    remaining = list(range(len(system.bound)))
    cores: list[tuple[int, ...]] = []
    while remaining and len(cores) < max_cores:
        found = certified_cores(system.subset(tuple(remaining)), lo, hi)
        if not found:
            break
        cores += [tuple(remaining[r] for r in core) for core in found]
        used = {r for core in cores for r in core}
        remaining = [r for r in remaining if r not in used]
    return cores[:max_cores]


def _margin_point(
    system: HalfSpaces, lo: Floats, hi: Floats, start: Floats, bits: int, factor: float
) -> Floats | None:
    """An LP point with a_n . x >= b_n + factor * len_n * 2**-(bits+1), least L1 from start.

    x = start + p - q with 0 <= p <= hi - start, 0 <= q <= start - lo; minimise sum(p + q).
    """
    x = start.copy()
    if not system.bound:
        return x
    csr = to_csr(system)
    cols = csr.inputs
    if len(cols) == 0:
        return x  # every chosen row is empty: the exact check decides
    n_cols = len(cols)
    row_of = np.repeat(np.arange(len(system.bound)), np.diff(csr.start))
    at_start = np.bincount(row_of, csr.value * start[cols][csr.index], len(system.bound))
    inflation = factor * np.diff(csr.start) * 2.0 ** -(bits + 1) + LP_FEASIBILITY_SLACK
    row_lo: Floats = np.array([float(b) for b in system.bound]) - at_start + inflation
    # Column j (p_j) and n_cols + j (q_j): each entry of A appears as +a for p and -a for q.
    index = np.stack([csr.index, csr.index + n_cols], axis=1).reshape(-1)
    value = np.stack([csr.value, -csr.value], axis=1).reshape(-1)
    split = Csr(cols, 2 * csr.start, index, value)
    col_hi = np.concatenate([hi[cols] - start[cols], start[cols] - lo[cols]])
    solution = solve_lp(
        np.ones(2 * n_cols), np.zeros(2 * n_cols), np.maximum(col_hi, 0.0), split, row_lo
    )
    if solution is None:
        return None
    x[cols] = start[cols] + solution.col_value[:n_cols] - solution.col_value[n_cols:]
    return x


def _snap(x: Floats, lo: Floats, hi: Floats, bits: int) -> Floats:
    """Nearest multiple of 2**-bits inside [lo, hi]; x itself where none lies inside."""
    x = np.clip(x, lo, hi)
    near = np.ldexp(np.rint(np.ldexp(x, bits)), -bits)
    near = np.where(near < lo, np.ldexp(np.ceil(np.ldexp(lo, bits)), -bits), near)
    near = np.where(near > hi, np.ldexp(np.floor(np.ldexp(hi, bits)), -bits), near)
    inside = (lo <= near) & (near <= hi)
    return np.where(inside, near, x)
