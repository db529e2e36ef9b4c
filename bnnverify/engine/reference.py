"""The obviously-correct evaluator: plain int64 numpy, slow on purpose.

Every fast path (the packed engine) and every encoder is tested against it for exact equality.
One entry per layer type in EVALUATE: (layer, x) -> y with x the (batch, n_in) int64 values the
layer reads (raw integers for layer 0, +-1 after it) and y its (batch, n_out) int64 outputs: +-1
for binarize, block, conv2d and maxpool2d, the integer dots (scores without the bias) for output.
Images are flat in C order: (C, H, W) is index (c*H + h)*W + w (DESIGN.md section 2).
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
    Conv2dLayer,
    Ints,
    MaxPool2dLayer,
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


def evaluate_conv2d(layer: Conv2dLayer, x: Ints) -> Ints:
    """y[o,i,j] = +1 iff sum_{c,u,v} weight[o,c,u,v] * xpad[c, i*SH+u, j*SW+v] >= threshold[o]:
    (batch, C_in*H*W) -> (batch, C_out*H_out*W_out), both C order.

    xpad is the input padded with pad_value (0 over +-1 inputs adds nothing; -1 / +1 add
    weight * pad_value; over raw input a padded pixel is the integer pad_value), and each
    output position is one explicit window sum in int64.
    """
    top, bottom, left, right = layer.padding
    (kh, kw), (sh, sw) = layer.kernel, layer.stride
    _, h_out, w_out = layer.out_shape
    image = x.reshape(x.shape[0], *layer.in_shape)  # (batch, C_in, H, W)
    spread = ((0, 0), (0, 0), (top, bottom), (left, right))
    xpad = np.pad(image, spread, constant_values=layer.pad_value).astype(np.int64)
    weight = layer.weight.astype(np.int64)  # (C_out, C_in, KH, KW)
    pre = np.zeros((x.shape[0], weight.shape[0], h_out, w_out), dtype=np.int64)
    for i in range(h_out):
        for j in range(w_out):
            window = xpad[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]  # (batch, C_in, KH, KW)
            pre[:, :, i, j] = np.einsum("bcuv,ocuv->bo", window, weight)
    fires = pre >= layer.threshold[None, :, None, None]
    return np.where(fires, 1, -1).astype(np.int64).reshape(x.shape[0], -1)


def evaluate_maxpool2d(layer: MaxPool2dLayer, x: Ints) -> Ints:
    """y[c,i,j] = max of the +-1 window (c, i*SH+u, j*SW+v): +1 iff one of them is +1 (an OR):
    (batch, C*H*W) -> (batch, C*H_out*W_out), both C order."""
    (kh, kw), (sh, sw) = layer.kernel, layer.stride
    _, h_out, w_out = layer.out_shape
    image = x.reshape(x.shape[0], *layer.in_shape)  # (batch, C, H, W)
    y = np.empty((x.shape[0], image.shape[1], h_out, w_out), dtype=np.int64)
    for i in range(h_out):
        for j in range(w_out):
            window = image[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            y[:, :, i, j] = window.max(axis=(2, 3))
    return y.reshape(x.shape[0], -1)


def evaluate_output(layer: OutputLayer, x: Ints) -> Ints:
    """dot(weight[c], x), without the bias: (batch, n_in) -> (batch, n_classes)."""
    return x @ layer.weight.T.astype(np.int64)


EVALUATE: dict[str, Callable[[Any, Ints], Ints]] = {
    "binarize": evaluate_binarize,
    "block": evaluate_block,
    "conv2d": evaluate_conv2d,
    "maxpool2d": evaluate_maxpool2d,
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
    """The +-1 output of every hidden layer (block, conv2d), in order: (batch, n_out) int8 each."""
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
