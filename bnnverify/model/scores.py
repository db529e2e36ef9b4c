"""Exact score arithmetic: the output bias as integers, the prediction and its tie rule, once.

score_c = dot_c + bias[c] in exact real arithmetic. Every float64 is a dyadic rational m / 2**k,
so scaling all biases by 2**shift (shift = the largest k) makes every score an integer: see
`BiasScale`. Prediction = argmax of the scores, ties to the lowest index: class c wins over d
when score_c > score_d for d < c, and score_c >= score_d for d > c (DESIGN.md section 3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from bnnverify.model.layers import INT64_SAFE_BITS, Floats, Ints


@dataclass(frozen=True)
class BiasScale:
    """The output biases as integers: bias[c] = numerators[c] / 2**shift, exactly."""

    numerators: tuple[int, ...]
    shift: int

    @classmethod
    def from_bias(cls, bias: Floats) -> BiasScale:
        fractions = [Fraction(float(b)) for b in bias]
        # Every finite float64 is m / 2**k: its denominator is a power of two.
        shift = max(f.denominator.bit_length() - 1 for f in fractions)
        numerators = tuple(int(f * (1 << shift)) for f in fractions)
        return cls(numerators, shift)

    def scaled_scores(self, dots: Ints) -> np.ndarray:
        """(batch, C) integer dots -> scores * 2**shift, exact (int64 when it fits, else int)."""
        largest_dot = int(np.abs(dots).max(initial=0))
        largest_bias = max(abs(n) for n in self.numerators)
        bits = max(largest_dot.bit_length() + self.shift, largest_bias.bit_length())
        if bits < INT64_SAFE_BITS:
            return (dots.astype(np.int64) << self.shift) + np.array(self.numerators, np.int64)
        exact = dots.astype(object) * (1 << self.shift)
        return exact + np.array(self.numerators, dtype=object)


def predict_from_dots(dots: Ints, bias: Floats) -> Ints:
    """argmax_c (dots[:, c] + bias[c]) exactly, ties to the lowest index. (batch, C) -> (batch,).

    Fast exact path: split bias[c] = whole[c] + frac[c] with whole = floor(bias), an integer,
    and frac in [0, 1), both exact in float64. dots + whole is an integer, so scores compare as
    the pairs (dots + whole, frac) in lexicographic order; replacing frac by its rank among the
    classes keeps that order, and key = (dots + whole) * C + rank orders like the scores.
    """
    n_classes = bias.shape[0]
    whole = np.floor(bias)
    largest = int(np.abs(dots).max(initial=0)) + float(np.abs(whole).max(initial=0))
    if largest * n_classes < 2.0**INT64_SAFE_BITS:
        _, rank = np.unique(bias - whole, return_inverse=True)  # equal fractions, equal ranks
        keys = (dots.astype(np.int64) + whole.astype(np.int64)) * n_classes + rank.reshape(-1)
        return np.asarray(keys.argmax(axis=1), dtype=np.int64)  # first maximum wins
    scores = BiasScale.from_bias(bias).scaled_scores(dots)
    return np.asarray(scores.argmax(axis=1), dtype=np.int64)


def beats_bound(bias: Floats, c: int, label: int) -> int:
    """The integer D with  score_c >= score_label  <=>  dot_c - dot_label >= D.

    score_c >= score_l <=> dot_c - dot_l >= bias_l - bias_c, and the left side is an integer,
    so D = ceil(bias_l - bias_c), computed on exact rationals.
    """
    return math.ceil(Fraction(float(bias[label])) - Fraction(float(bias[c])))


def wins_bound(bias: Floats, c: int, d: int) -> int:
    """The integer W with  (c wins over d)  <=>  dot_c - dot_d >= W  (the tie rule).

    d > c: score_c >= score_d <=> dot_c - dot_d >= ceil(bias_d - bias_c);
    d < c: score_c >  score_d <=> dot_c - dot_d >  bias_d - bias_c
                              <=> dot_c - dot_d >= floor(bias_d - bias_c) + 1.
    """
    gap = Fraction(float(bias[d])) - Fraction(float(bias[c]))
    return math.ceil(gap) if d > c else math.floor(gap) + 1
