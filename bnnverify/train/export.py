"""Export a trained BnnMlp or BnnConvNet to the exact integer description (DESIGN.md section 2).

The float side of the one float -> integer boundary: batch norm, the uniform input scale and the
sign of the BN scale are folded into weight rows and thresholds by the torch-free, exact
bnnverify.model.fold.fold_batchnorm; the output scale goes into the bias.

A conv channel is a neuron whose row is its (C_in * KH * KW) kernel: the fold sees the kernel
flattened, bound = C_in * KH * KW * magnitude (padded positions add 0: pad_value 0), and the
folded rows are reshaped back (conv.py says why conv -> BN -> sign -> max-pool stays exact for
every gamma). A max-pool has no parameters: MaxPool2dLayer with the arch's kernel and stride.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import torch
from torch import nn

from bnnverify.errors import UsageError
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    Conv2dLayer,
    Layer,
    MaxPool2dLayer,
    OutputLayer,
    Signs,
)
from bnnverify.model.fold import BatchNorm, fold_batchnorm
from bnnverify.train.conv import BinaryConv2d, BnnConvNet, ConvBlock
from bnnverify.train.layers import INPUT_SCALE, BinaryLinear, BnnMlp

logger = logging.getLogger(__name__)

INPUT_MIN = 0
INPUT_MAX = 255  # 8-bit images


def _as_numpy(tensor: torch.Tensor | None, default: float, size: int) -> np.ndarray:
    """The tensor's values exactly (its own float dtype), or `default` when it is absent."""
    if tensor is None:
        return np.full(size, default, dtype=np.float64)
    return tensor.detach().to("cpu").numpy().copy()


def quantized_signs(linear: BinaryLinear | BinaryConv2d) -> Signs:
    """The weights the forward pass uses, as int8 in {-1, 0, +1}: (n_out, n_in) for a linear
    layer, (C_out, C_in, KH, KW) for a conv."""
    with torch.no_grad():
        q = linear.quantized_weight().detach().to("cpu", torch.float64).numpy()
    assert np.isin(q, (-1.0, 0.0, 1.0)).all(), "quantizer left values off {-1, 0, +1}"
    return q.astype(np.int8)


def batchnorm_statistics(bn: nn.BatchNorm1d | nn.BatchNorm2d, name: str = "block") -> BatchNorm:
    """The eval-mode statistics of a torch batch norm, in the dtype torch stores them."""
    if not bn.track_running_stats or bn.running_mean is None or bn.running_var is None:
        raise UsageError(f"{name}: batch norm without running statistics cannot be exported")
    n = bn.num_features
    if not bn.affine:
        logger.warning("%s: batch norm with affine=False (gamma = 1, beta = 0)", name)
    return BatchNorm(
        gamma=_as_numpy(bn.weight, 1.0, n),
        beta=_as_numpy(bn.bias, 0.0, n),
        mean=_as_numpy(bn.running_mean, 0.0, n),
        var=_as_numpy(bn.running_var, 1.0, n),
        eps=float(bn.eps),
    )


def export_output(linear: BinaryLinear, scale_log: torch.Tensor, bias: torch.Tensor) -> OutputLayer:
    """score_c = dot_c + bias_c / scale: argmax-equal to logits = scale * dot + bias (scale > 0)."""
    scale = float(np.exp(np.float64(scale_log.detach().cpu().double().item())))
    exported = bias.detach().to("cpu", torch.float64).numpy() / scale
    return OutputLayer(weight=quantized_signs(linear), bias=np.ascontiguousarray(exported))


def export_network(
    model: BnnMlp | BnnConvNet,
    input_shape: tuple[int, ...],
    class_names: tuple[str, ...] = (),
    provenance: dict[str, Any] | None = None,
) -> BinaryNetwork:
    """The exact integer BinaryNetwork computing what `model` computes in eval mode."""
    if isinstance(model, BnnConvNet):
        layers = _conv_layers(model)
    else:
        layers = _mlp_layers(model)
    return BinaryNetwork(
        layers=tuple(layers),
        input_shape=input_shape,
        input_min=INPUT_MIN,
        input_max=INPUT_MAX,
        class_names=class_names,
        provenance=dict(provenance or {}),
    )


def _first_layers(n_inputs: int, input_threshold: int | None) -> tuple[list[Layer], float, int]:
    """([binarize] or [], the input scale and magnitude the first weighted layer sees)."""
    if input_threshold is None:
        return [], INPUT_SCALE, max(abs(INPUT_MIN), abs(INPUT_MAX))
    threshold = np.full(n_inputs, input_threshold, dtype=np.int64)
    return [BinarizeLayer(threshold=threshold, flip=np.zeros(n_inputs, dtype=np.bool_))], 1.0, 1


def _dense_layers(
    model: BnnMlp | BnnConvNet, input_scale: float, magnitude: int, first: int
) -> list[Layer]:
    """The dense blocks (named block first, first + 1, ...) and the output layer."""
    layers: list[Layer] = []
    for k, (block, norm) in enumerate(zip(model.blocks, model.norms, strict=True)):
        name = f"block {first + k}"
        assert isinstance(block, BinaryLinear) and isinstance(norm, nn.BatchNorm1d)
        layer = fold_batchnorm(
            quantized_signs(block), batchnorm_statistics(norm, name), input_scale, magnitude, name
        )
        layers.append(layer)
        input_scale, magnitude = 1.0, 1  # later blocks read +-1
    layers.append(export_output(model.out_linear, model.out_scale.log_scale, model.out_scale.bias))
    return layers


def _mlp_layers(model: BnnMlp) -> list[Layer]:
    layers, input_scale, magnitude = _first_layers(model.arch[0], model.input_threshold)
    return layers + _dense_layers(model, input_scale, magnitude, 0)


def _conv_layers(model: BnnConvNet) -> list[Layer]:
    """binarize?, then per ConvBlock a conv2d and its maxpool2d layers, then the dense part."""
    n_inputs = int(np.prod(model.input_shape))
    layers, input_scale, magnitude = _first_layers(n_inputs, model.input_threshold)
    c, h, w = model.input_shape
    shape = (c, h, w)
    for k, stage in enumerate(model.stages):
        assert isinstance(stage, ConvBlock)
        name = f"conv {k}"
        signs = quantized_signs(stage.conv)  # (C_out, C_in, K, K)
        rows = fold_batchnorm(
            signs.reshape(signs.shape[0], -1),
            batchnorm_statistics(stage.norm, name),
            input_scale,
            magnitude,
            name,
        )
        spec = stage.conv.spec
        conv = Conv2dLayer(
            weight=np.ascontiguousarray(rows.weight.reshape(signs.shape)),
            threshold=np.asarray(rows.threshold, dtype=np.int64),
            in_shape=shape,
            stride=(spec.stride, spec.stride),
            padding=(spec.padding,) * 4,
            pad_value=0,
        )
        layers.append(conv)
        shape = conv.out_shape
        for pool in stage.pools:
            pooled = MaxPool2dLayer(
                in_shape=shape, kernel=(pool.kernel, pool.kernel), stride=(pool.step, pool.step)
            )
            layers.append(pooled)
            shape = pooled.out_shape
        input_scale, magnitude = 1.0, 1  # later layers read +-1
    return layers + _dense_layers(model, input_scale, magnitude, 0)
