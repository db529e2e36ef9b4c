"""The obviously-correct evaluator: plain int64 numpy, slow on purpose.

Every fast path (the packed engine) and every encoder is tested against it for exact equality.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bnnverify.model import BinaryNetwork, Ints, Signs, predict_from_dots


def binarize_input(net: BinaryNetwork, x: npt.ArrayLike) -> Ints:
    """The first weighted layer's input: (batch, n) raw integers, or +-1 after `binarize`."""
    flat = net.flatten(x)  # (batch, n_inputs)
    layer = net.binarize
    if layer is None:
        return flat
    fires = np.where(layer.flip, flat <= layer.threshold, flat >= layer.threshold)
    return np.where(fires, 1, -1).astype(np.int64)


def hidden_activations(net: BinaryNetwork, x: npt.ArrayLike) -> list[Signs]:
    """The +-1 output of every block, in order: a list of (batch, n_out) int8."""
    h = binarize_input(net, x)
    outputs = []
    for layer in net.blocks:
        pre = h @ layer.weight.T.astype(np.int64)  # (batch, n_out)
        h = np.where(pre >= layer.threshold, 1, -1).astype(np.int64)
        outputs.append(h.astype(np.int8))
    return outputs


def output_dots(net: BinaryNetwork, x: npt.ArrayLike) -> Ints:
    """dot(weight[c], h) of the output layer, without the bias: (batch, n_classes) int64."""
    h = hidden_activations(net, x)[-1].astype(np.int64)
    return h @ net.output.weight.T.astype(np.int64)


def scores(net: BinaryNetwork, x: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Scores for display only (float64); decisions use `predict`, which is exact."""
    return output_dots(net, x) + net.output.bias


def predict(net: BinaryNetwork, x: npt.ArrayLike) -> Ints:
    """argmax of the exact scores, ties to the lowest index: (batch,) int64."""
    return predict_from_dots(output_dots(net, x), net.output.bias)
