"""Neuron sharing: a ConstraintSink wrapper that encodes each distinct reified constraint once.

A reified neuron whose constraint equals one already encoded (same literal multiset and bound),
or equals its complement (#true(L) >= k is the negation of #true(-L) >= n - k + 1), is tied to
it with two binary clauses instead of being encoded again. A network against a copy with
permuted or negated hidden neurons then collapses to one network (equivalence miters).
"""

from __future__ import annotations

from collections.abc import Sequence

from bnnverify.encode.sink import ConstraintSink, check_deadline


class NeuronSharing:
    """A ConstraintSink wrapper that encodes each distinct reified constraint once.

    A reified neuron equal to a known one (or to its complement) becomes an alias: its variable
    is tied to the known literal by two binary clauses, and every later constraint reads the
    known literal in its place, so the layers above it become equal too. Two implied
    constraints that are complements of each other cannot both hold: their triggers get the
    clause (-when_1 or -when_2), which refutes a permuted copy's miter by unit propagation.

    Cardinality constraints are buffered until `flush`, so the plain clauses (a subset of the
    formula: if they are unsatisfiable, so is the formula) can be refuted first, before the
    costly cardinality encodings are built.
    """

    def __init__(self, sink: ConstraintSink, enabled: bool = True) -> None:
        self.sink = sink
        self.enabled = enabled  # False: a plain buffering pass-through (for tests, baselines)
        self.pool = sink.pool
        self._reified: dict[tuple[tuple[int, ...], int], int] = {}
        self._implied: dict[tuple[tuple[int, ...], int], list[int]] = {}
        self._alias: dict[int, int] = {}
        self.shared = 0
        self.clauses: list[list[int]] = []  # every plain clause: a subset of the formula
        self._pending: list[tuple[str, int, list[int], int]] = []

    def flush(self, deadline: float | None = None) -> None:
        """Emit the buffered cardinality constraints into the wrapped sink."""
        for kind, var, lits, k in self._pending:
            check_deadline(deadline)
            if kind == "reified":
                self.sink.add_reified_atleast(var, lits, k)
            else:
                self.sink.add_implied_atleast(var, lits, k)
        self._pending.clear()

    def _substitute(self, lits: Sequence[int]) -> list[int]:
        return [
            self._alias.get(lit, lit) if lit > 0 else -self._alias.get(-lit, -lit) for lit in lits
        ]

    @staticmethod
    def _keys(lits: list[int], k: int) -> tuple[tuple[tuple[int, ...], int], tuple]:
        """The constraint's key and its complement's: not (#true(L) >= k) is
        #true(L) <= k - 1, that is #true(-L) >= n - k + 1.

        #true(L) lies in [0, n], so every k <= 0 means the same (always true) and every k > n
        too (never): k is clamped into [0, n + 1] first, so constant neurons from far
        thresholds (any int64, DESIGN.md section 2) share like the others when bounds are off.
        """
        n = len(lits)
        k = min(max(int(k), 0), n + 1)
        return (tuple(sorted(lits)), k), (tuple(sorted(-lit for lit in lits)), n - k + 1)

    def add_clause(self, clause: Sequence[int]) -> None:
        clause = self._substitute(clause)
        self.clauses.append(clause)
        self.sink.add_clause(clause)

    def add_implied_atleast(self, when: int, lits: Sequence[int], k: int) -> None:
        lits = self._substitute(lits)
        if not self.enabled:
            self._pending.append(("implied", when, lits, k))
            return
        key, complement = self._keys(lits, k)
        for other in self._implied.get(complement, ()):
            self.add_clause([-when, -other])
        self._implied.setdefault(key, []).append(when)
        self._pending.append(("implied", when, lits, k))

    def add_reified_atleast(self, out: int, lits: Sequence[int], k: int) -> None:
        lits = self._substitute(lits)
        if not self.enabled:
            self._pending.append(("reified", out, lits, k))
            return
        key, complement = self._keys(lits, k)
        for known, sign in ((key, 1), (complement, -1)):
            if known in self._reified:
                same = sign * self._reified[known]
                self._alias[out] = same
                self.add_clause([-out, same])
                self.add_clause([out, -same])
                self.shared += 1
                return
        self._reified[key] = out
        self._pending.append(("reified", out, lits, k))
