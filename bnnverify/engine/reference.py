"""The obviously-correct evaluator: plain int64 numpy, slow on purpose.

Every fast path (the packed engine) and every encoder is tested against it for exact equality.
One entry per layer type in EVALUATE: (layer, x) -> y with x the (batch, n_in) int64 values the
layer reads (raw integers for layer 0, +-1 after it) and y its (batch, n_out) int64 outputs: +-1
for binarize and block, the integer dots (scores without the bias) for output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Ints,
    OutputLayer,
    Signs,
    predict_from_dots,
)


def evaluate_binarize(layer: BinarizeLayer, x: Ints) -> Ints:
    """bit_i = +1 iff x_i >= t_i (x_i <= t_i when flip_i), else -1: (batch, n) -> (batch, n)."""
    fires = np.where(layer.flip, x <= layer.threshold, x >= layer.threshold)
    return np.where(fires, 1, -1).astype(np.int64)


def evaluate_block(layer: BlockLayer, x: Ints) -> Ints:
    """y_j = +1 iff dot(weight[j], x) >= threshold[j], else -1: (batch, n_in) -> (batch, n_out)."""
    pre = x @ layer.weight.T.astype(np.int64)  # (batch, n_out)
    return np.where(pre >= layer.threshold, 1, -1).astype(np.int64)


def evaluate_output(layer: OutputLayer, x: Ints) -> Ints:
    """dot(weight[c], x), without the bias: (batch, n_in) -> (batch, n_classes)."""
    return x @ layer.weight.T.astype(np.int64)


EVALUATE: dict[str, Callable[[Any, Ints], Ints]] = {
    "binarize": evaluate_binarize,
    "block": evaluate_block,
    "output": evaluate_output,
}


def layer_outputs(net: BinaryNetwork, x: npt.ArrayLike) -> list[Ints]:
    """The output of every layer of `net`, in order: a list of (batch, n_out) int64."""
    h = net.flatten(x)  # (batch, n_inputs)
    outputs = []
    for layer in net.layers:
        h = EVALUATE[layer.kind](layer, h)
        outputs.append(h)
    return outputs


def hidden_activations(net: BinaryNetwork, x: npt.ArrayLike) -> list[Signs]:
    """The +-1 output of every hidden layer (every block), in order: (batch, n_out) int8 each."""
    outputs = layer_outputs(net, x)
    return [h.astype(np.int8) for layer, h in zip(net.layers, outputs, strict=True) if layer.hidden]


def output_dots(net: BinaryNetwork, x: npt.ArrayLike) -> Ints:
    """dot(weight[c], h) of the output layer, without the bias: (batch, n_classes) int64."""
    return layer_outputs(net, x)[-1]


def scores(net: BinaryNetwork, x: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Scores for display only (float64); decisions use `predict`, which is exact."""
    return output_dots(net, x) + net.output.bias


def predict(net: BinaryNetwork, x: npt.ArrayLike) -> Ints:
    """argmax of the exact scores, ties to the lowest index: (batch,) int64."""
    return predict_from_dots(output_dots(net, x), net.output.bias)
