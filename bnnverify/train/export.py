"""Export a trained BnnMlp to the exact integer description (DESIGN.md section 2).

The only place where floats become integers. Batch norm, the uniform input scale and the sign
of the BN scale are folded into weight rows and thresholds; the output scale into the bias.
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
    BlockLayer,
    Layer,
    OutputLayer,
    Signs,
)
from bnnverify.train.layers import INPUT_SCALE, BinaryLinear, BnnMlp

logger = logging.getLogger(__name__)

INPUT_MIN = 0
INPUT_MAX = 255  # 8-bit images


def _as_float64(tensor: torch.Tensor | None, default: float, size: int) -> np.ndarray:
    if tensor is None:
        return np.full(size, default, dtype=np.float64)
    return tensor.detach().to("cpu", torch.float64).numpy()


def quantized_signs(linear: BinaryLinear) -> Signs:
    """The weights the forward pass uses, as int8 in {-1, 0, +1}: (n_out, n_in)."""
    with torch.no_grad():
        q = linear.quantized_weight().detach().to("cpu", torch.float64).numpy()
    assert np.isin(q, (-1.0, 0.0, 1.0)).all(), "quantizer left values off {-1, 0, +1}"
    return q.astype(np.int8)


def fold_batchnorm(
    weight: Signs, bn: nn.BatchNorm1d, input_scale: float, magnitude: int, name: str = "block"
) -> BlockLayer:
    """BlockLayer with  y_j = +1 iff dot(weight'[j], x) >= threshold[j]  for integer inputs x.

    torch computes  v = gamma * (input_scale * dot - mu) / s + beta,  s = sqrt(var + eps),
    and fires iff v >= 0 (sign(0) = +1). With t = mu - beta * s / gamma and D = t / input_scale:
      gamma > 0:  v >= 0  <=>  dot >= D  <=>  dot >= ceil(D)                (row kept)
      gamma < 0:  v >= 0  <=>  dot <= D  <=>  -dot >= -floor(D)             (row negated)
      gamma = 0:  v = beta: always fires (threshold -bound) iff beta >= 0, never (bound + 1)
    dot is an integer, which is what makes ceil/floor exact. input_scale is a power of two, so
    D = t / input_scale is exact in float64; only t itself carries float64 rounding (ties
    within an ulp are the one place torch and the export can differ).
    bound = n_in * magnitude >= |dot|, so thresholds are clamped into [-bound, bound + 1]
    (the range model.validate accepts) without changing any neuron.
    """
    if not bn.track_running_stats or bn.running_mean is None or bn.running_var is None:
        raise UsageError(f"{name}: batch norm without running statistics cannot be exported")
    n_out, n_in = weight.shape
    if not bn.affine:
        logger.warning("%s: batch norm with affine=False (gamma = 1, beta = 0)", name)
    gamma = _as_float64(bn.weight, 1.0, n_out)
    beta = _as_float64(bn.bias, 0.0, n_out)
    mu = _as_float64(bn.running_mean, 0.0, n_out)
    s = np.sqrt(_as_float64(bn.running_var, 1.0, n_out) + bn.eps)
    bound = n_in * magnitude

    with np.errstate(divide="ignore", invalid="ignore"):
        dot_threshold = (mu - beta * s / gamma) / input_scale  # D, (n_out,)
    kept = np.ceil(dot_threshold)
    negated = -np.floor(dot_threshold)
    constant = np.where(beta >= 0, -bound, bound + 1).astype(np.float64)
    threshold = np.where(gamma > 0, kept, np.where(gamma < 0, negated, constant))
    if np.isnan(threshold).any():
        bad = int(np.flatnonzero(np.isnan(threshold))[0])
        raise UsageError(f"{name}: batch norm gives a NaN threshold for neuron {bad}")
    n_zero = int(np.count_nonzero(gamma == 0))
    if n_zero:
        logger.warning("%s: %d neurons have gamma = 0 and are constant", name, n_zero)
    n_constant = int(np.count_nonzero((gamma != 0) & ((threshold <= -bound) | (threshold > bound))))
    if n_constant:
        logger.warning(
            "%s: %d neurons are constant (threshold outside the dot range)", name, n_constant
        )
    threshold = np.clip(threshold, -bound, bound + 1).astype(np.int64)
    flip = np.where(gamma < 0, -1, 1).astype(np.int8)[:, None]
    return BlockLayer(weight=(weight * flip).astype(np.int8), threshold=threshold)


def export_output(linear: BinaryLinear, scale_log: torch.Tensor, bias: torch.Tensor) -> OutputLayer:
    """score_c = dot_c + bias_c / scale: argmax-equal to logits = scale * dot + bias (scale > 0)."""
    scale = float(np.exp(np.float64(scale_log.detach().cpu().double().item())))
    exported = bias.detach().to("cpu", torch.float64).numpy() / scale
    return OutputLayer(weight=quantized_signs(linear), bias=np.ascontiguousarray(exported))


def export_network(
    model: BnnMlp,
    input_shape: tuple[int, ...],
    class_names: tuple[str, ...] = (),
    provenance: dict[str, Any] | None = None,
) -> BinaryNetwork:
    """The exact integer BinaryNetwork computing what `model` computes in eval mode."""
    layers: list[Layer] = []
    n_inputs = model.arch[0]
    if model.input_threshold is None:
        input_scale, magnitude = INPUT_SCALE, max(abs(INPUT_MIN), abs(INPUT_MAX))
    else:
        threshold = np.full(n_inputs, model.input_threshold, dtype=np.int64)
        layers.append(BinarizeLayer(threshold=threshold, flip=np.zeros(n_inputs, dtype=np.bool_)))
        input_scale, magnitude = 1.0, 1
    for k, (block, norm) in enumerate(zip(model.blocks, model.norms, strict=True)):
        layer = fold_batchnorm(quantized_signs(block), norm, input_scale, magnitude, f"block {k}")
        layers.append(layer)
        input_scale, magnitude = 1.0, 1  # later blocks read +-1
    layers.append(export_output(model.out_linear, model.out_scale.log_scale, model.out_scale.bias))
    return BinaryNetwork(
        layers=tuple(layers),
        input_shape=input_shape,
        input_min=INPUT_MIN,
        input_max=INPUT_MAX,
        class_names=class_names,
        provenance=dict(provenance or {}),
    )
