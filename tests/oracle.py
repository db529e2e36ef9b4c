"""The brute-force oracle: exact scores and verdicts computed from a model's arrays alone.

It shares no code with what it judges (STYLE.md 2.13): it imports nothing from bnnverify, reads
only the layer arrays (from a .npz model file, or the `weight` / `threshold` / `flip` / `bias`
attributes of a network object) and restates DESIGN.md sections 2 and 3 itself:

- binarize: bit i = +1 iff x_i >= threshold_i (x_i <= threshold_i when flip_i), else -1;
- block: y_j = +1 iff sum_i weight[j, i] * x_i >= threshold[j], else -1;
- output: score_c = sum_i weight[c, i] * x_i + bias[c], with bias[c] the exact rational
  (fractions.Fraction) value of the float64;
- prediction: the first class of maximal score;
- robustness at label l is violated at x iff some target c != l has score_c >= score_l (a tie
  with the label is a violation).

Sums are Python ints (numpy object arrays), so nothing can overflow or round.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np


# The keys every results row has (DESIGN.md section 6, "Results").
ROW_KEYS = frozenset(
    "index label predicted property eps verdict time_s solver encoding n_vars n_clauses "
    "fixed_neurons total_neurons counterexample model_sha256".split()
)


@dataclass(frozen=True)
class OracleModel:
    """A model as plain arrays: [(kind, {name: array})], and the integer input range."""

    layers: tuple[tuple[str, dict[str, np.ndarray]], ...]
    input_min: int
    input_max: int

    @property
    def n_classes(self) -> int:
        return int(self.layers[-1][1]["weight"].shape[0])


def read_model(source: Any) -> OracleModel:
    """An OracleModel from a .npz path (its meta and layer{k}.* arrays) or a network object."""
    if isinstance(source, OracleModel):
        return source
    if isinstance(source, (str, Path)):
        with np.load(source, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"][()]))
            layers = tuple(
                (
                    entry["type"],
                    {
                        key.split(".", 1)[1]: np.array(data[key])
                        for key in data.files
                        if key.startswith(f"layer{k}.")
                    },
                )
                for k, entry in enumerate(meta["layers"])
            )
        return OracleModel(layers, int(meta["input_min"]), int(meta["input_max"]))
    names = {
        "binarize": ("threshold", "flip"),
        "block": ("weight", "threshold"),
        "output": ("weight", "bias"),
    }
    layers = tuple(
        (layer.kind, {name: np.array(getattr(layer, name)) for name in names[layer.kind]})
        for layer in source.layers
    )
    return OracleModel(layers, int(source.input_min), int(source.input_max))


def _flat(xs: Any) -> np.ndarray:
    array = np.asarray(xs)
    return array.reshape(array.shape[0], -1).astype(object)  # (count, n_inputs) Python ints


def hidden_activations(source: Any, xs: Any) -> list[np.ndarray]:
    """Every block's +-1 outputs on the inputs xs (count, ...): a list of (count, n_out) int8."""
    h = _flat(xs)
    outputs = []
    for kind, arrays in read_model(source).layers:
        if kind == "binarize":
            threshold = arrays["threshold"].astype(object)
            fires = np.where(arrays["flip"], h <= threshold, h >= threshold)
            h = np.where(fires, 1, -1).astype(object)
        elif kind == "block":
            pre = h.dot(arrays["weight"].astype(object).T)  # (count, n_out) Python ints
            h = np.where(pre >= arrays["threshold"].astype(object), 1, -1).astype(object)
            outputs.append(h.astype(np.int8))
        elif kind != "output":
            raise ValueError(f"the oracle knows no layer type {kind!r}")
    return outputs


def binarized_inputs(source: Any, xs: Any) -> np.ndarray:
    """The +-1 bits of a leading binarize layer on xs: (count, n_inputs) int8."""
    model = read_model(source)
    kind, arrays = model.layers[0]
    assert kind == "binarize", "the model has no binarize layer"
    h, threshold = _flat(xs), arrays["threshold"].astype(object)
    return np.where(np.where(arrays["flip"], h <= threshold, h >= threshold), 1, -1).astype(np.int8)


def exact_scores(source: Any, xs: Any) -> np.ndarray:
    """score_c(x) as Fractions: (count, n_classes) object array."""
    model = read_model(source)
    h = hidden_activations(model, xs)[-1].astype(object)
    output = model.layers[-1][1]
    bias = np.array([Fraction(float(b)) for b in output["bias"]], dtype=object)
    return h.dot(output["weight"].astype(object).T) + bias


def predict(source: Any, xs: Any) -> np.ndarray:
    """The first class of maximal exact score: (count,) int64."""
    scores = exact_scores(source, xs)
    best, best_score = np.zeros(len(scores), dtype=np.int64), scores[:, 0]
    for c in range(1, scores.shape[1]):
        wins = (scores[:, c] > best_score).astype(bool)  # strictly: ties stay with the lower
        best[wins] = c
        best_score = np.where(wins, scores[:, c], best_score)
    return best


def violations(source: Any, xs: Any, label: int, targets: Any = None) -> np.ndarray:
    """(count,) bool: some target c != label has score_c >= score_label (a tie violates)."""
    model = read_model(source)
    scores = exact_scores(model, xs)
    chosen = range(model.n_classes) if targets is None else targets
    bad = np.zeros(len(scores), dtype=bool)
    for c in chosen:
        if c != label:
            bad |= (scores[:, c] >= scores[:, label]).astype(bool)
    return bad


def box_inputs(lo: Any, hi: Any) -> np.ndarray:
    """Every integer x with lo <= x <= hi: (count, n) int64."""
    grids = [range(int(a), int(b) + 1) for a, b in zip(np.ravel(lo), np.ravel(hi), strict=True)]
    return np.array(list(itertools.product(*grids)), dtype=np.int64).reshape(-1, len(grids))


def ball_inputs(source: Any, x0: Any, eps: int) -> np.ndarray:
    """Every integer x with |x - x0|_inf <= eps inside [input_min, input_max]: (count, n)."""
    model = read_model(source)
    center = np.ravel(np.asarray(x0)).astype(np.int64)
    lo = np.maximum(center - eps, model.input_min)
    hi = np.minimum(center + eps, model.input_max)
    return box_inputs(lo, hi)


def is_violated_in_ball(source: Any, x0: Any, eps: int, label: int, targets: Any = None) -> bool:
    """Robustness at (x0, eps, label) is violated somewhere in the L-inf ball."""
    model = read_model(source)
    return bool(violations(model, ball_inputs(model, x0, eps), label, targets).any())


def is_violated_in_box(source: Any, lo: Any, hi: Any, label: int, targets: Any = None) -> bool:
    """Robustness at label is violated somewhere in the box [lo, hi]."""
    return bool(violations(source, box_inputs(lo, hi), label, targets).any())
