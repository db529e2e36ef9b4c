"""Text sinks: constraints written as OPB and SMT-LIB 2 text (no solver behind them).

Used by `bnnverify export` (bnnverify.export renders the files); the DIMACS text comes from
the CnfBuilder (backends/cnf.py). Derivations of both forms are in encodings/FORMATS.md:

- OPB: y <-> sum(lits) >= k as two linear constraints over positive variables,
  sum(lits) + k * not y >= k  and  sum(not lits) + (n - k + 1) * y >= n - k + 1,
  with each negative literal not x written 1 - x (its coefficient moves to the right side).
- SMT-LIB 2 (QF_LIA): Bool constants v<id>, sums of (ite v 1 0) terms, (= y (>= sum k)).
"""

from __future__ import annotations

from collections.abc import Sequence

from pysat.formula import IDPool

from bnnverify.encode.sink import trivial_atleast, weighted_terms

__all__ = ["OpbSink", "SmtSink", "Term", "linear_atleast"]

Term = tuple[int, int]  # (coefficient, positive variable id)


def linear_atleast(weighted: Sequence[tuple[int, int]], bound: int) -> tuple[list[Term], int]:
    """sum_j m_j [lit_j] >= bound over literals, as sum a_v x_v >= b over positive variables.

    A negative literal not x = 1 - x: m [not x] = m - m x, so its term is -m x and m moves to the
    right side (b = bound - m). Terms on one variable are merged; zero coefficients dropped.
    """
    coeffs: dict[int, int] = {}
    rhs = int(bound)
    for lit, m in weighted:
        var = abs(lit)
        if lit > 0:
            coeffs[var] = coeffs.get(var, 0) + m
        else:
            coeffs[var] = coeffs.get(var, 0) - m
            rhs -= m
    return [(a, var) for var, a in coeffs.items() if a != 0], rhs


class OpbSink:
    """A ConstraintSink writing linear constraints  sum a_v x_v >= b  (OPB, x_v in {0, 1})."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self.pool = pool if pool is not None else IDPool()
        self.constraints: list[tuple[list[Term], int]] = []

    def _add(self, weighted: Sequence[tuple[int, int]], bound: int) -> None:
        terms, rhs = linear_atleast(weighted, bound)
        if sum(a for a, _ in terms if a < 0) >= rhs:
            return  # true for every assignment
        self.constraints.append((terms, rhs))

    def add_clause(self, clause: Sequence[int]) -> None:
        self._add([(lit, 1) for lit in clause], 1)

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        # when -> sum >= k  <=>  sum(lits) + k * [not when] >= k (vacuous when `when` is false).
        value = trivial_atleast(len(lits), k)
        if value is False:
            self.add_clause([-when])
        elif value is None:
            self._add([*weighted_terms(lits), (-when, k)], k)

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        # not out -> sum(lits) <= k - 1  <=>  not out -> sum(not lits) >= n - k + 1.
        self.add_implied_atleast(out, lits, k)
        self.add_implied_atleast(-out, [-lit for lit in lits], len(lits) - k + 1)

    @property
    def n_vars(self) -> int:
        return max(int(self.pool.top), 1)

    @property
    def n_constraints(self) -> int:
        return len(self.constraints)

    def body(self) -> list[str]:
        lines = []
        for terms, rhs in self.constraints:
            if not terms:  # 0 >= rhs > 0: no assignment satisfies it; OPB needs a term
                lines += ["+1 x1 >= 1 ;", "-1 x1 >= 0 ;"]
                continue
            lhs = " ".join(f"{a:+d} x{var}" for a, var in terms)
            lines.append(f"{lhs} >= {rhs} ;")
        return lines


def _smt_int(value: int) -> str:
    return str(value) if value >= 0 else f"(- {-value})"


class SmtSink:
    """A ConstraintSink writing SMT-LIB 2 QF_LIA assertions over Bool constants v<id>."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self.pool = pool if pool is not None else IDPool()
        self.assertions: list[str] = []

    @staticmethod
    def lit(lit: int) -> str:
        return f"v{lit}" if lit > 0 else f"(not v{-lit})"

    def _atleast(self, lits: Sequence[int], k: int) -> str:
        """(>= sum k) with sum = sum of m * (ite v 1 0), (ite v 0 1) for a negative literal."""
        parts = []
        for lit, m in weighted_terms(lits):
            term = f"(ite v{lit} 1 0)" if lit > 0 else f"(ite v{-lit} 0 1)"
            parts.append(term if m == 1 else f"(* {m} {term})")
        total = parts[0] if len(parts) == 1 else f"(+ {' '.join(parts)})"
        return f"(>= {total} {_smt_int(k)})"

    def add_clause(self, clause: Sequence[int]) -> None:
        if len(clause) == 1:
            self.assertions.append(f"(assert {self.lit(clause[0])})")
        else:
            self.assertions.append(f"(assert (or {' '.join(self.lit(x) for x in clause)}))")

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is False:
            self.add_clause([-when])
        elif value is None:
            self.assertions.append(f"(assert (=> {self.lit(when)} {self._atleast(lits, k)}))")

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        value = trivial_atleast(len(lits), k)
        if value is not None:
            self.add_clause([out if value else -out])
        else:
            self.assertions.append(f"(assert (= {self.lit(out)} {self._atleast(lits, k)}))")

    @property
    def n_vars(self) -> int:
        return int(self.pool.top)

    @property
    def n_constraints(self) -> int:
        return len(self.assertions)
