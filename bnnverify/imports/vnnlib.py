"""Read VNN-LIB 1.0 properties as VNN-COMP writes them (plain or gzipped) into a `Spec` value.

The subset read (the one VNN-COMP benchmarks use; VNN-LIB 1.0, vnnlib.org; Brix et al.,
VNN-COMP 2023 report):

- `(declare-const X_i Real)`, `(declare-const Y_j Real)`: inputs X_0..X_{n-1} (the C-order
  flattening of the ONNX input), outputs Y_0..Y_{m-1}; a name is used only after its declaration.
- input bounds `(assert (<= X_i c))`, `(>= X_i c)`, `(= X_i c)`, either side, also inside a
  top-level `(and ...)`; several bounds on one input intersect; every input needs both bounds.
- output conditions: `and` / `or` formulas over comparisons (`<= >= < > =`) of linear terms in
  the Y's (`+`, `-`, `* c t`, `/ t c`, numbers in decimal or scientific form, read exactly as
  Fractions). The conjunction of all output asserts is kept in disjunctive normal form.
- ignored: `check-sat`, `get-model`, `exit`, `set-logic`, `set-info` and `;` comments.

Meaning: the spec is SAT (a counterexample) iff some X in the box makes some disjunct true.
Unsupported, each a one-line UsageError naming file and line: a disjunction of input boxes,
constraints mixing X and Y, linear constraints over several inputs, strict input bounds.
"""

from __future__ import annotations

import gzip
import math
import numbers
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bnnverify.errors import UsageError
from bnnverify.imports.vnnlib_parse import Atom, read_commands

__all__ = [
    "Conjunction",
    "LinearConstraint",
    "Spec",
    "from_layout",
    "parse_vnnlib",
    "read_vnnlib",
    "to_layout",
]

Floats = npt.NDArray[np.float64]


def _exact(value: object) -> Fraction:
    """A number (int, Fraction, float, numpy scalar) as the Fraction it denotes exactly."""
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    return Fraction(float(value))  # type: ignore[arg-type]


@dataclass(frozen=True)
class LinearConstraint:
    """sum_j a_j * Y_j + constant >= 0  (> 0 when strict); `coeffs` holds (j, a_j), j ascending."""

    coeffs: tuple[tuple[int, Fraction], ...]
    constant: Fraction
    strict: bool = False

    def holds(self, y: Sequence[object]) -> bool:
        """Evaluate exactly (floats are read as the binary fractions they are)."""
        value = sum((a * _exact(y[j]) for j, a in self.coeffs), self.constant)
        return value > 0 if self.strict else value >= 0


Conjunction = tuple[LinearConstraint, ...]


@dataclass(frozen=True)
class Spec:
    """A box lo <= X <= hi and an output condition: SAT iff some X in the box makes a disjunct true.

    `lo_float` / `hi_float` are the nearest float64 values of the exact bounds (rounded to
    nearest, not outward: an exact bound that is no float64 lies within half an ulp of them).
    No disjunct at all means the condition is false (never SAT); one empty conjunction, true.
    """

    n_inputs: int
    n_outputs: int
    lo: tuple[Fraction, ...]
    hi: tuple[Fraction, ...]
    disjuncts: tuple[Conjunction, ...]
    lo_float: Floats = field(init=False, repr=False, compare=False)
    hi_float: Floats = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.lo) != self.n_inputs or len(self.hi) != self.n_inputs:
            raise UsageError(
                f"Spec.lo and .hi must have {self.n_inputs} entries, got {len(self.lo)} and "
                f"{len(self.hi)}"
            )
        for i, (lo, hi) in enumerate(zip(self.lo, self.hi, strict=True)):
            if lo > hi:
                raise UsageError(f"Spec.lo must be <= hi, got {lo} > {hi} for X_{i}")
        for conjunction in self.disjuncts:
            for c in conjunction:
                if any(not 0 <= j < self.n_outputs for j, _ in c.coeffs):
                    raise UsageError(f"a constraint names an output beyond Y_{self.n_outputs - 1}")
        for name, bounds in (("lo_float", self.lo), ("hi_float", self.hi)):
            array = np.array([float(b) for b in bounds], dtype=np.float64)
            array.flags.writeable = False
            object.__setattr__(self, name, array)

    def contains(self, x: Sequence[object]) -> bool:
        """lo_i <= x_i <= hi_i for every i, exactly."""
        return len(x) == self.n_inputs and all(
            lo <= _exact(v) <= hi for lo, v, hi in zip(self.lo, x, self.hi, strict=True)
        )

    def is_unsafe_output(self, y: Sequence[object]) -> bool:
        """True iff y makes some disjunct true (the output half of a counterexample), exactly."""
        return any(all(c.holds(y) for c in conjunction) for conjunction in self.disjuncts)

    def as_robustness(self) -> tuple[int, tuple[int, ...]] | None:
        """(label y, targets j) when every disjunct is the single constraint Y_j - Y_y >= 0.

        That is the negated robustness query "some target scores at least the label" (a tie
        counts as a violation, which matches >=). A positive multiple a * (Y_j - Y_y) >= 0
        counts too. None for any other condition.
        """
        label: int | None = None
        targets: set[int] = set()
        for conjunction in self.disjuncts:
            if len(conjunction) != 1:
                return None
            c = conjunction[0]
            if c.strict or c.constant != 0 or len(c.coeffs) != 2:
                return None
            (j1, a1), (j2, a2) = c.coeffs
            if a1 != -a2:
                return None
            j, y = (j1, j2) if a1 > 0 else (j2, j1)
            if label is not None and y != label:
                return None
            label = y
            targets.add(j)
        return None if label is None else (label, tuple(sorted(targets)))

    def box_in_order(self, perm: Sequence[int], onnx_shape: Sequence[int]) -> Spec:
        """The same spec with inputs in another layout: ours = to_layout(X, perm, onnx_shape)."""
        lo = to_layout(np.array(self.lo, dtype=object), perm, onnx_shape)
        hi = to_layout(np.array(self.hi, dtype=object), perm, onnx_shape)
        return Spec(self.n_inputs, self.n_outputs, tuple(lo), tuple(hi), self.disjuncts)


def _check_layout(n: int, perm: Sequence[int], onnx_shape: Sequence[int]) -> None:
    if sorted(perm) != list(range(len(onnx_shape))):
        raise UsageError(f"perm must be a permutation of 0..{len(onnx_shape) - 1}, got {perm}")
    if math.prod(onnx_shape) != n:
        raise UsageError(f"onnx_shape {tuple(onnx_shape)} does not hold {n} inputs")


def to_layout(values: npt.ArrayLike, perm: Sequence[int], onnx_shape: Sequence[int]) -> np.ndarray:
    """values (VNN-LIB order: C-order flattening of onnx_shape) -> .transpose(perm), flattened.

    E.g. onnx_shape (1, H, W, C) and perm (0, 3, 1, 2) give the (C, H, W) flattening.
    """
    flat = np.asarray(values).reshape(-1)
    _check_layout(flat.shape[0], perm, onnx_shape)
    return flat.reshape(tuple(onnx_shape)).transpose(tuple(perm)).reshape(-1)


def from_layout(
    values: npt.ArrayLike, perm: Sequence[int], onnx_shape: Sequence[int]
) -> np.ndarray:
    """The inverse of to_layout: a flat input in our layout back to the VNN-LIB order."""
    flat = np.asarray(values).reshape(-1)
    _check_layout(flat.shape[0], perm, onnx_shape)
    ours = tuple(onnx_shape[p] for p in perm)
    return flat.reshape(ours).transpose(tuple(np.argsort(perm))).reshape(-1)


def read_vnnlib(path: str | os.PathLike[str]) -> Spec:
    """Read a .vnnlib file, gzipped or not (by its magic bytes).

    A missing `name.vnnlib` whose `name.vnnlib.gz` exists is read from the latter: VNN-COMP's
    instances.csv names the uncompressed file while benchmark repositories store the .gz.
    """
    p = Path(path)
    if not p.exists() and p.with_name(p.name + ".gz").exists():
        p = p.with_name(p.name + ".gz")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise UsageError(f"{p}: cannot read the VNN-LIB file: {e.strerror}") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise UsageError(f"{p}: not a valid gzip file: {e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UsageError(f"{p}: not UTF-8 text at byte {e.start}") from None
    return parse_vnnlib(text, source=str(p))


def parse_vnnlib(text: str, source: str = "<vnnlib>") -> Spec:
    """Parse VNN-LIB text; `source` names it in error messages ("source:line: problem")."""
    commands = read_commands(text, source)
    n_inputs, n_outputs = commands.n_inputs, commands.n_outputs
    lo, hi = commands.lo, commands.hi
    for i in range(n_inputs):
        if i not in lo or i not in hi:
            side = "lower" if i not in lo else "upper"
            raise commands.error(commands.decl_line_of(("X", i)), f"X_{i} has no {side} bound")
        if lo[i][0] > hi[i][0]:
            line = max(commands.bound_line_of(i, lo[i][1]), commands.bound_line_of(i, hi[i][1]))
            raise commands.error(
                line, f"X_{i} has an empty range: lower bound {lo[i][0]} > upper bound {hi[i][0]}"
            )
    disjuncts = []
    for atoms in commands.output_dnf:
        conjunction = _constraints(atoms)
        if conjunction is not None:
            disjuncts.append(conjunction)
    return Spec(
        n_inputs=n_inputs,
        n_outputs=n_outputs,
        lo=tuple(lo[i][0] for i in range(n_inputs)),
        hi=tuple(hi[i][0] for i in range(n_inputs)),
        disjuncts=tuple(disjuncts),
    )


def _constraints(atoms: Sequence[Atom]) -> Conjunction | None:
    """Atoms as LinearConstraints; constant atoms are decided (None: the conjunction is false)."""
    out = []
    for atom in atoms:
        coeffs = tuple(sorted((j, a) for (_, j), a in atom.coeffs.items() if a != 0))
        if not coeffs:
            if atom.constant > 0 or (atom.constant == 0 and not atom.strict):
                continue
            return None
        out.append(LinearConstraint(coeffs, atom.constant, atom.strict))
    return tuple(out)
