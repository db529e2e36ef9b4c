"""Reified cardinality constraints in CNF (or as native AtMost constraints).

Everything reduces to one primitive, the half-reified AtLeast  when -> sum(lits) >= k:

- out <-> sum(lits) >= k  is  out -> sum(lits) >= k  together with
  -out -> sum(-lits) >= n - k + 1  (sum(lits) <= k - 1 <=> n - sum(lits) >= n - k + 1).
  The two halves use disjoint auxiliary variables (each CardEnc call draws fresh ids from the
  pool), so each half constrains only its own auxiliaries and the conjunction is exact.
- clause encodings: add -when to every clause of CardEnc.atleast(lits, k). The clauses are
  satisfiable by auxiliaries iff sum >= k, so with -when added they say exactly when -> ... .
- native (Minicard / Gluecard AtMost):  sum(-lits) + k * when <= n  (when repeated k times).
  when = 1: sum(-lits) <= n - k <=> sum(lits) >= k.  when = 0: sum(-lits) <= n always holds.

Derivations in encodings/README.md. Sinz, CP 2005 (sequential counter); Bailleux & Boufkhad,
CP 2003 (totalizer); Asin et al., Constraints 2011 (cardinality networks).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pysat.card import CardEnc, EncType
from pysat.formula import IDPool

from bnnverify.encode.sink import FormulaTooLarge, trivial_atleast
from bnnverify.errors import SolverError

TOTALIZER = "totalizer"
# Encodings of python-sat's CardEnc; every one accepts any bound 0 < k < n and repeated literals.
CARD_ENCODINGS: dict[str, int] = {
    "seqcounter": EncType.seqcounter,
    TOTALIZER: EncType.totalizer,
    "cardnetwork": EncType.cardnetwrk,
    "sortnetwork": EncType.sortnetwrk,
    "mtotalizer": EncType.mtotalizer,
    "kmtotalizer": EncType.kmtotalizer,
}
NATIVE = "native"
TOTALIZER2 = "totalizer2"  # ours: one two-sided totalizer, bounded at min(k, n - k + 1)
CNF_ENCODINGS: tuple[str, ...] = (*CARD_ENCODINGS, TOTALIZER2, NATIVE)
MAX_CLAUSES_PER_CONSTRAINT = 3_000_000  # beyond this, encoding one neuron takes seconds and GBs

Clause = list[int]
AtMost = tuple[list[int], int]  # (lits, bound): at most `bound` of lits are true


def check_encoding(encoding: str) -> None:
    if encoding not in CNF_ENCODINGS:
        raise SolverError(f"unknown encoding {encoding!r}; expected one of {list(CNF_ENCODINGS)}")


def estimated_clauses(n: int, k: int, encoding: str) -> int:
    """A rough upper estimate of the clauses for  when -> sum of n literals >= k  (1 < k < n).

    Measured on python-sat 1.9: its totalizer ignores the bound (about n^2 / 2 clauses); the
    sequential counter of atleast(k) = atmost(n - k) takes 2 n (n - k); ours is bounded by
    n min(k, n - k + 1); networks and modulo totalizers stay near n log^2 n.
    """
    if encoding == TOTALIZER:
        return n * n // 2
    if encoding == "seqcounter":
        return 2 * n * (n - k + 1)
    if encoding == TOTALIZER2:
        return n * min(k, n - k + 1)
    return n * max(1, n.bit_length()) ** 2


def check_size(n: int, k: int, encoding: str) -> None:
    if estimated_clauses(n, k, encoding) > MAX_CLAUSES_PER_CONSTRAINT:
        raise FormulaTooLarge(
            f"encoding {encoding!r} would need about {estimated_clauses(n, k, encoding):,} "
            f"clauses for one constraint over {n} literals (bound {k}); "
            "use 'native', 'cardnetwork' or 'totalizer2', or a smaller region"
        )


def implied_atleast(
    when: int, lits: Sequence[int], k: int, encoding: str, pool: IDPool
) -> tuple[list[Clause], list[AtMost]]:
    """Clauses (and native AtMost constraints) for  when -> sum(lits) >= k."""
    n = len(lits)
    value = trivial_atleast(n, k)
    if value is True:
        return [], []
    if value is False:
        return [[-when]], []
    if k == 1:
        return [[-when, *dict.fromkeys(lits)]], []
    if k == n:  # every literal true
        return [[-when, lit] for lit in dict.fromkeys(lits)], []
    if encoding == NATIVE:
        negated = [-lit for lit in lits]
        return [], [(negated + [when] * k, n)]
    check_size(n, k, encoding)
    if encoding == TOTALIZER2:
        return totalizer_implied(when, lits, k, pool), []
    cnf = CardEnc.atleast(list(lits), bound=k, vpool=pool, encoding=CARD_ENCODINGS[encoding])
    return [[-when, *clause] for clause in cnf.clauses], []


def reified_atleast(
    out: int, lits: Sequence[int], k: int, encoding: str, pool: IDPool
) -> tuple[list[Clause], list[AtMost]]:
    """Clauses (and native AtMost constraints) for  out <-> sum(lits) >= k."""
    n = len(lits)
    if encoding == TOTALIZER2 and trivial_atleast(n, k) is None and 1 < k < n:
        check_size(n, k, encoding)
        return totalizer_reified(out, lits, k, pool), []
    clauses, atmosts = implied_atleast(out, lits, k, encoding, pool)
    more_clauses, more_atmosts = implied_atleast(
        -out, [-lit for lit in lits], n - k + 1, encoding, pool
    )
    return clauses + more_clauses, atmosts + more_atmosts


def _fresh(pool: IDPool, count: int) -> list[int]:
    """`count` new anonymous variables (named aux variables would bloat the pool's maps)."""
    start = pool.top + 1
    pool.top += count
    return list(range(start, start + count))


def _merge(
    a: list[int], size_a: int, b: list[int], size_b: int, cap: int, pool: IDPool,
    up: bool, down: bool, clauses: list[Clause],
) -> list[int]:  # fmt: skip
    """Outputs r_1..r_m (m = min(size_a + size_b, cap)) of one totalizer node.

    a_i is "at least i of a's leaves are true" (a_0 = true); b likewise; with s = i + j:
      up:   a_i and b_j -> r_s               for 1 <= s <= m
      down: not a_(i+1) and not b_(j+1) -> not r_(s+1)   for s + 1 <= m
    where a_(i+1) is dropped when i = size_a (constant false); a capped child (size_a > cap)
    never needs it, since then s + 1 > cap >= m.
    """
    m = min(size_a + size_b, cap)
    r = _fresh(pool, m)
    lits_a = np.array([0, *a], dtype=np.int64)  # lits_a[i] = a_i; index 0 unused
    lits_b = np.array([0, *b], dtype=np.int64)
    lits_r = np.array([0, *r], dtype=np.int64)
    i, j = (g.ravel() for g in np.meshgrid(np.arange(len(a) + 1), np.arange(len(b) + 1)))
    s = i + j
    if up:  # a_0 = b_0 = true drop out of the clause
        both = (i >= 1) & (j >= 1) & (s <= m)
        clauses += np.stack([-lits_a[i[both]], -lits_b[j[both]], lits_r[s[both]]], 1).tolist()
        only_b = (i == 0) & (j >= 1) & (s <= m)
        clauses += np.stack([-lits_b[j[only_b]], lits_r[s[only_b]]], 1).tolist()
        only_a = (j == 0) & (i >= 1) & (s <= m)
        clauses += np.stack([-lits_a[i[only_a]], lits_r[s[only_a]]], 1).tolist()
    if down:  # a_(i+1) is false (dropped) at i = len(a) = size_a; both dropped never fits m
        fits = s + 1 <= m
        both = fits & (i < len(a)) & (j < len(b))
        rows = [lits_a[i[both] + 1], lits_b[j[both] + 1], -lits_r[s[both] + 1]]
        clauses += np.stack(rows, 1).tolist()
        last_a = fits & (i == len(a)) & (j < len(b))
        clauses += np.stack([lits_b[j[last_a] + 1], -lits_r[s[last_a] + 1]], 1).tolist()
        last_b = fits & (j == len(b)) & (i < len(a))
        clauses += np.stack([lits_a[i[last_b] + 1], -lits_r[s[last_b] + 1]], 1).tolist()
    return r


def _count(
    lits: Sequence[int], cap: int, pool: IDPool, up: bool, down: bool, clauses: list[Clause]
) -> list[int]:
    """Totalizer outputs o_1..o_min(n, cap) over lits, o_j <-> (at least j of lits true).

    Only the directions asked for are encoded: up gives (count >= j -> o_j), down gives
    (o_j -> count >= j). Bailleux & Boufkhad, CP 2003, bounded at `cap` like Büttner & Rintanen.
    """
    if len(lits) == 1:
        return [lits[0]]
    half = len(lits) // 2
    left = _count(lits[:half], cap, pool, up, down, clauses)
    right = _count(lits[half:], cap, pool, up, down, clauses)
    return _merge(left, half, right, len(lits) - half, cap, pool, up, down, clauses)


def totalizer_implied(when: int, lits: Sequence[int], k: int, pool: IDPool) -> list[Clause]:
    """when -> count(lits) >= k by one bounded totalizer, counting the cheaper side.

    Counting trues up to k: when -> o_k, with o_k -> count >= k (down clauses).
    Counting falses up to n - k + 1: count >= k <=> falses <= n - k, so o'_(n-k+1) -> not when,
    with falses >= n - k + 1 -> o'_(n-k+1) (up clauses).
    """
    n = len(lits)
    clauses: list[Clause] = []
    if k <= n - k + 1:
        outputs = _count(lits, k, pool, False, True, clauses)
        return [*clauses, [-when, outputs[k - 1]]]
    outputs = _count([-lit for lit in lits], n - k + 1, pool, True, False, clauses)
    return [*clauses, [-when, -outputs[n - k]]]


def totalizer_reified(out: int, lits: Sequence[int], k: int, pool: IDPool) -> list[Clause]:
    """out <-> count(lits) >= k by ONE two-sided totalizer bounded at min(k, n - k + 1).

    Trues up to k: out <-> o_k. Falses up to n - k + 1: out <-> not o'_(n-k+1), since
    count(lits) >= k <=> falses <= n - k.
    """
    n = len(lits)
    clauses: list[Clause] = []
    if k <= n - k + 1:
        o_k = _count(lits, k, pool, True, True, clauses)[k - 1]
    else:
        o_k = -_count([-lit for lit in lits], n - k + 1, pool, True, True, clauses)[n - k]
    return [*clauses, [-out, o_k], [out, -o_k]]
