"""Half-spaces over a box: HiGHS as the LP oracle, exact Farkas certificates, infeasible cores.

The LP solver (HiGHS, Huangfu & Hall, Math. Prog. Comp. 2018) is only trusted for hints:
an infeasibility claim is accepted only with multipliers y >= 0 checked in exact rational
arithmetic (Farkas' lemma for a box):

    every x with lo <= x <= hi and a_r . x >= b_r (r in rows) satisfies
    sum_r y_r (a_r . x) >= sum_r y_r b_r, while the left side is at most
    M(y) = sum_j max(c_j lo_j, c_j hi_j) with c = sum_r y_r a_r (per-coordinate maximum),
    so M(y) < sum_r y_r b_r proves that no such x exists.

The multipliers come from the row duals of the phase-one LP
    min sum_r s_r  s.t.  a_r . x + s_r >= b_r,  s >= 0,  lo <= x <= hi,
whose optimal duals lie in [0, 1] and reach the positive optimum exactly when they certify.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from bnnverify.errors import UsageError
from bnnverify.model.arrays import Floats, Ints

EXTRA_HINT = "the 'onnx' extra is needed for real input domains: pip install 'bnnverify[onnx]'"
FEASIBLE_SLACK = 1e-9  # phase-one optimum at or below this: treat the system as feasible
DUAL_SCALE_BITS = (24, 40)  # y is rounded to multiples of 2**-k, coarse first (smaller cores)
DUAL_DROP = (1e-7, 1e-11)  # duals below this are dropped at the matching scale
MINIMIZE_CORE_ROWS = 16  # cores this small get a deletion filter (one LP per row)


@dataclass(frozen=True)
class HalfSpaces:
    """a_r . x >= bound[r] for each row r, a_r = coefs[r] (+-1) on inputs columns[r]."""

    columns: tuple[Ints, ...]
    coefs: tuple[Ints, ...]
    bound: tuple[Fraction, ...]

    def subset(self, rows: tuple[int, ...]) -> HalfSpaces:
        return HalfSpaces(
            tuple(self.columns[r] for r in rows),
            tuple(self.coefs[r] for r in rows),
            tuple(self.bound[r] for r in rows),
        )


@dataclass(frozen=True)
class Csr:
    """The rows of a HalfSpaces in CSR form over the inputs they touch (local columns)."""

    inputs: Ints  # (n_cols,) global input index of each local column, sorted
    start: Ints  # (n_rows + 1,)
    index: Ints  # (nnz,) local columns
    value: Floats  # (nnz,)


def to_csr(system: HalfSpaces) -> Csr:
    lengths = np.array([len(c) for c in system.columns], dtype=np.int64)
    flat = np.concatenate([np.zeros(0, np.int64), *system.columns]).astype(np.int64)
    inputs = np.unique(flat)
    start = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    values = np.concatenate([np.zeros(0), *system.coefs]).astype(np.float64)
    return Csr(inputs, start, np.searchsorted(inputs, flat).astype(np.int64), values)


@dataclass(frozen=True)
class LpSolution:
    """An optimal LP solution (float, untrusted): column values, row duals, objective."""

    col_value: Floats
    row_dual: Floats
    objective: float


def solve_lp(cost: Floats, col_lo: Floats, col_hi: Floats, rows: Csr, row_lo: Floats) -> Any:
    """min cost . z  s.t.  row_lo <= A z,  col_lo <= z <= col_hi; LpSolution or None.

    None means HiGHS found no optimum (infeasible, or it gave up): never a proof of anything.
    """
    highspy = _import_highspy()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(row_lo)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, col_lo, col_hi
    lp.row_lower_, lp.row_upper_ = row_lo, np.full(len(row_lo), np.inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = (
        rows.start,
        rows.index,
        rows.value,
    )
    # The public highspy.Highs installs a log callback that prints a banner on C stdout (which
    # would corrupt --json output); its base class, the bare solver, prints nothing.
    solver = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = solver.getSolution()
    return LpSolution(
        np.asarray(solution.col_value, dtype=np.float64),
        np.asarray(solution.row_dual, dtype=np.float64),
        float(solver.getInfo().objective_function_value),
    )


def _import_highspy() -> Any:
    try:
        import highspy
    except ImportError:
        raise UsageError(EXTRA_HINT) from None
    return highspy


def box_maximum(c: dict[int, int], lo: Floats, hi: Floats) -> Fraction:
    """max of sum_j c_j x_j over lo <= x <= hi, exactly (float64 bounds are exact rationals)."""
    return sum(
        (Fraction(float(hi[j] if cj > 0 else lo[j])) * cj for j, cj in c.items() if cj),
        Fraction(0),
    )


def is_farkas_certificate(system: HalfSpaces, y: dict[int, int], lo: Floats, hi: Floats) -> bool:
    """Exactly: max over the box of sum_r y_r a_r . x < sum_r y_r b_r, with y >= 0 integers."""
    assert all(v >= 0 for v in y.values())
    c: dict[int, int] = {}
    for r, yr in y.items():
        for j, a in zip(system.columns[r].tolist(), system.coefs[r].tolist(), strict=True):
            c[j] = c.get(j, 0) + yr * a
    rhs = sum((system.bound[r] * yr for r, yr in y.items()), Fraction(0))
    return box_maximum(c, lo, hi) < rhs


def phase_one(system: HalfSpaces, lo: Floats, hi: Floats) -> LpSolution | None:
    """min sum_r s_r  s.t.  a_r . x + s_r >= b_r (float b), s >= 0, x in the box."""
    csr = to_csr(system)
    n_cols, n_rows = len(csr.inputs), len(system.bound)
    # Append slack column n_cols + r to row r: CSR entries shift by one per earlier row.
    index = np.insert(csr.index, csr.start[1:], n_cols + np.arange(n_rows))
    value = np.insert(csr.value, csr.start[1:], 1.0)
    slack_rows = Csr(csr.inputs, csr.start + np.arange(n_rows + 1), index, value)
    cost = np.concatenate([np.zeros(n_cols), np.ones(n_rows)])
    col_lo = np.concatenate([lo[csr.inputs], np.zeros(n_rows)])
    col_hi = np.concatenate([hi[csr.inputs], np.full(n_rows, np.inf)])
    row_lo = np.array([float(b) for b in system.bound], dtype=np.float64)
    result: LpSolution | None = solve_lp(cost, col_lo, col_hi, slack_rows, row_lo)
    return result


def certified_cores(system: HalfSpaces, lo: Floats, hi: Floats) -> list[tuple[int, ...]]:
    """Disjoint, exactly certified infeasible subsystems (rows) from one phase-one LP.

    The certificate's support is split into blocks that share no input; each block that
    certifies on its own is a separate core. Each core is then shrunk; [] if none certifies.
    """
    y = _certificate(system, lo, hi)
    if y is None:
        return []
    blocks = [b for b in _independent_blocks(system, y) if is_farkas_certificate(system, b, lo, hi)]
    return [_shrunk(system, tuple(sorted(b)), lo, hi) for b in blocks or [y]]


def _independent_blocks(system: HalfSpaces, y: dict[int, int]) -> list[dict[int, int]]:
    """Partition y's rows into groups connected through shared inputs (union-find)."""
    parent = {r: r for r in y}

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    owner: dict[int, int] = {}
    for r in y:
        for j in system.columns[r].tolist():
            parent[root(r)] = root(owner.setdefault(j, r))
    blocks: dict[int, dict[int, int]] = {}
    for r, yr in y.items():
        blocks.setdefault(root(r), {})[r] = yr
    return list(blocks.values())


def _shrunk(system: HalfSpaces, core: tuple[int, ...], lo: Floats, hi: Floats) -> tuple[int, ...]:
    while True:  # re-solving on the core alone often needs fewer rows
        inner = _core_from_phase_one(system.subset(core), lo, hi)
        if inner is None or len(inner) >= len(core):
            break
        core = tuple(core[r] for r in inner)
    if len(core) <= MINIMIZE_CORE_ROWS:
        core = _deletion_filter(system, core, lo, hi)
    return core


def _deletion_filter(
    system: HalfSpaces, core: tuple[int, ...], lo: Floats, hi: Floats
) -> tuple[int, ...]:
    """Drop rows while the rest stays certified infeasible (an irreducible core if LPs agree)."""
    for row in core:
        if row not in core:
            continue
        rest = tuple(r for r in core if r != row)
        inner = _core_from_phase_one(system.subset(rest), lo, hi) if rest else None
        if inner is not None:
            core = tuple(rest[r] for r in inner)
    return core


def _core_from_phase_one(system: HalfSpaces, lo: Floats, hi: Floats) -> tuple[int, ...] | None:
    y = _certificate(system, lo, hi)
    return None if y is None else tuple(sorted(y))


def _certificate(system: HalfSpaces, lo: Floats, hi: Floats) -> dict[int, int] | None:
    """Integer Farkas multipliers (row -> y_r > 0) from rounded phase-one duals, checked exactly."""
    solution = phase_one(system, lo, hi)
    if solution is None or solution.objective <= FEASIBLE_SLACK:
        return None
    y = np.clip(solution.row_dual, 0.0, None)
    for bits, drop in zip(DUAL_SCALE_BITS, DUAL_DROP, strict=True):
        scaled = np.rint(np.where(y < drop, 0.0, y) * 2.0**bits).astype(np.int64)
        multipliers = {int(r): int(scaled[r]) for r in np.flatnonzero(scaled)}
        if multipliers and is_farkas_certificate(system, multipliers, lo, hi):
            return multipliers
    return None
