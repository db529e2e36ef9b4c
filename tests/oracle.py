"""The brute-force oracle: exact scores and verdicts computed from a model's arrays alone.

It shares no code with what it judges (STYLE.md 2.13): it imports nothing from bnnverify, reads
only the layer arrays (from a .npz model file, or the `weight` / `threshold` / `flip` / `bias`
attributes of a network object) and restates DESIGN.md sections 2 and 3 itself:

- binarize: bit i = +1 iff x_i >= threshold_i (x_i <= threshold_i when flip_i), else -1;
- block: y_j = +1 iff sum_i weight[j, i] * x_i >= threshold[j], else -1;
- conv2d: its input (C, H, W) padded with pad_value, y[o, i, j] = +1 iff
  sum_{c,u,v} weight[o, c, u, v] * xpad[c, i*SH + u, j*SW + v] >= threshold[o], else -1, with
  xpad[c, r, s] = x[c, r - top, s - left] inside and pad_value outside (over +-1 inputs pad_value
  0 adds nothing, -1 / +1 add weight * pad_value; over the raw input it is the integer there);
- maxpool2d: y[c, i, j] = +1 iff some x[c, i*SH + u, j*SW + v] (u < KH, v < KW) is +1 (an OR);
- shapes: channel-first from input_shape, each conv / maxpool's output shape computed here
  (H_out = (H + top + bottom - KH) // SH + 1), C-order flattening before a block or the output;
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
    """A model as plain arrays: [(kind, {name: array or meta value})], the integer input range
    and the input shape (channel-first)."""

    layers: tuple[tuple[str, dict[str, Any]], ...]
    input_min: int
    input_max: int
    input_shape: tuple[int, ...] = ()

    @property
    def n_classes(self) -> int:
        return int(self.layers[-1][1]["weight"].shape[0])


# The per-layer scalars of DESIGN.md section 2 (in a file: the layer's meta entry; on a network
# object: attributes of the same names); absent ones take their defaults in conv2d / maxpool2d.
META = {"conv2d": ("stride", "padding", "pad_value"), "maxpool2d": ("kernel", "stride")}
ARRAYS = {
    "binarize": ("threshold", "flip"),
    "block": ("weight", "threshold"),
    "conv2d": ("weight", "threshold"),
    "maxpool2d": (),
    "output": ("weight", "bias"),
}


def read_model(source: Any) -> OracleModel:
    """An OracleModel from a .npz path (its meta and layer{k}.* arrays) or a network object."""
    if isinstance(source, OracleModel):
        return source
    if isinstance(source, (str, Path)):
        with np.load(source, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"][()]))
            layers = []
            for k, entry in enumerate(meta["layers"]):
                values = {
                    name: entry[name] for name in META.get(entry["type"], ()) if name in entry
                }
                prefix = f"layer{k}."
                for key in data.files:
                    if key.startswith(prefix):
                        values[key[len(prefix) :]] = np.array(data[key])
                layers.append((entry["type"], values))
        shape = tuple(int(d) for d in meta["input_shape"])
        return OracleModel(tuple(layers), int(meta["input_min"]), int(meta["input_max"]), shape)
    layers = []
    for layer in source.layers:
        values = {name: getattr(layer, name) for name in META.get(layer.kind, ())}
        values |= {name: np.array(getattr(layer, name)) for name in ARRAYS.get(layer.kind, ())}
        layers.append((layer.kind, values))
    shape = tuple(int(d) for d in source.input_shape)
    return OracleModel(tuple(layers), int(source.input_min), int(source.input_max), shape)


def _flat(xs: Any) -> np.ndarray:
    array = np.asarray(xs)
    return array.reshape(array.shape[0], -1).astype(object)  # (count, n_inputs) Python ints


def _pair(value: Any, default: tuple[int, int]) -> tuple[int, int]:
    """A (rows, columns) meta value: None or absent is the default, one int means both."""
    if value is None:
        return default
    if np.ndim(value) == 0:
        return int(value), int(value)
    first, second = (int(v) for v in value)
    return first, second


def _padding(value: Any) -> tuple[int, int, int, int]:
    """(top, bottom, left, right); absent is 0, one int pads every side."""
    if value is None:
        return 0, 0, 0, 0
    if np.ndim(value) == 0:
        return (int(value),) * 4
    top, bottom, left, right = (int(v) for v in value)
    return top, bottom, left, right


def conv2d(arrays: dict[str, Any], h: np.ndarray, shape: tuple[int, ...]) -> tuple:
    """DESIGN.md's conv2d, position by position: h (count, C*H*W) in C order -> (count, n_out)
    +-1 and the output shape (C_out, H_out, W_out)."""
    weight = arrays["weight"].astype(object)  # (C_out, C_in, KH, KW)
    threshold = arrays["threshold"].astype(object)
    n_out_channels, n_channels, kh, kw = weight.shape
    sh, sw = _pair(arrays.get("stride"), (1, 1))
    top, bottom, left, right = _padding(arrays.get("padding"))
    pad_value = int(arrays.get("pad_value") or 0)
    channels, height, width = shape
    assert channels == n_channels, f"conv2d reads {channels} channels, weight has {n_channels}"
    x = h.reshape(h.shape[0], channels, height, width)
    h_out = (height + top + bottom - kh) // sh + 1
    w_out = (width + left + right - kw) // sw + 1
    y = np.empty((h.shape[0], n_out_channels, h_out, w_out), dtype=object)
    for o, i, j in itertools.product(range(n_out_channels), range(h_out), range(w_out)):
        total = np.zeros(h.shape[0], dtype=object)
        for c, u, v in itertools.product(range(channels), range(kh), range(kw)):
            r, s = i * sh + u - top, j * sw + v - left  # the position in the unpadded input
            inside = 0 <= r < height and 0 <= s < width
            total = total + weight[o, c, u, v] * (x[:, c, r, s] if inside else pad_value)
        y[:, o, i, j] = np.where(total >= threshold[o], 1, -1)
    return y.reshape(h.shape[0], -1), (n_out_channels, h_out, w_out)


def maxpool2d(arrays: dict[str, Any], h: np.ndarray, shape: tuple[int, ...]) -> tuple:
    """DESIGN.md's maxpool2d, window by window: +1 iff some input of the window is +1."""
    kh, kw = _pair(arrays.get("kernel"), (1, 1))
    sh, sw = _pair(arrays.get("stride"), (kh, kw))
    channels, height, width = shape
    x = h.reshape(h.shape[0], channels, height, width)
    h_out, w_out = (height - kh) // sh + 1, (width - kw) // sw + 1
    y = np.empty((h.shape[0], channels, h_out, w_out), dtype=object)
    for c, i, j in itertools.product(range(channels), range(h_out), range(w_out)):
        some = np.zeros(h.shape[0], dtype=bool)
        for u, v in itertools.product(range(kh), range(kw)):
            some |= (x[:, c, i * sh + u, j * sw + v] == 1).astype(bool)
        y[:, c, i, j] = np.where(some, 1, -1)
    return y.reshape(h.shape[0], -1), (channels, h_out, w_out)


def layer_values(source: Any, xs: Any) -> list[np.ndarray]:
    """What every layer writes on the inputs xs (count, ...), in order: (count, n_out) Python
    ints each: +-1 for binarize, block, conv2d and maxpool2d, the dots (no bias) at the output."""
    model = read_model(source)
    h = _flat(xs)
    shape: tuple[int, ...] = model.input_shape or (h.shape[1],)
    values = []
    for kind, arrays in model.layers:
        if kind == "binarize":
            threshold = arrays["threshold"].astype(object)
            fires = np.where(arrays["flip"], h <= threshold, h >= threshold)
            h = np.where(fires, 1, -1).astype(object)  # elementwise: the shape is kept
        elif kind in ("block", "output"):
            h = h.dot(arrays["weight"].astype(object).T)  # (count, n_out) Python ints
            if kind == "block":
                h = np.where(h >= arrays["threshold"].astype(object), 1, -1).astype(object)
            shape = (h.shape[1],)
        elif kind == "conv2d":
            h, shape = conv2d(arrays, h, shape)
        elif kind == "maxpool2d":
            h, shape = maxpool2d(arrays, h, shape)
        else:
            raise ValueError(f"the oracle knows no layer type {kind!r}")
        values.append(h)
    return values


HIDDEN_KINDS = ("block", "conv2d")  # a weight row and a threshold per output: hidden neurons


def hidden_activations(source: Any, xs: Any) -> list[np.ndarray]:
    """Every block's and conv2d's +-1 outputs on xs (count, ...): a list of (count, n_out) int8."""
    model = read_model(source)
    kinds = [kind for kind, _ in model.layers]
    values = layer_values(model, xs)
    return [
        h.astype(np.int8) for kind, h in zip(kinds, values, strict=True) if kind in HIDDEN_KINDS
    ]


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
    dots = layer_values(model, xs)[-1]  # the output layer's dots, Python ints
    bias = np.array([Fraction(float(b)) for b in model.layers[-1][1]["bias"]], dtype=object)
    return dots + bias


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
