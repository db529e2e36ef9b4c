"""The integer description of a BNN, format "bnnverify-model" versions 1 and 2 (DESIGN.md 2).

Every convention of the project is stated here, once, and in the module that implements it:

- An input is an integer array of shape `input_shape`, each entry in [input_min, input_max],
  flattened in C order.
- `binarize` (optional, first only): bit i is +1 iff x_i >= threshold_i, or x_i <= threshold_i
  when flip_i; otherwise -1.
- `block`: y_j = +1 iff sum_i weight[j, i] * x_i >= threshold[j], else -1. A neuron fires on
  `>=`, so sign(0) = +1. The first block reads the raw integer input when there is no
  `binarize`; every later layer reads the previous layer's +-1 outputs (`layer_input`).
- Thresholds may be any int64 (`clamp_thresholds`, `sum_range`; network.py).
- `conv2d`, `maxpool2d` (version 2; model/conv.py): channel-first (C, H, W) images, the input
  padded with pad_value for conv2d; max-pool is an OR over +-1 inputs. A block or output reads
  the C-order flattening of whatever precedes it (`layer_shapes`).
- `output` (last, exactly one): score_c = sum_i weight[c, i] * x_i + bias[c] in exact real
  arithmetic; prediction = argmax of the scores, ties to the lowest index (scores.py).

Modules: layers.py (the layer types: arrays, meta keys, shapes, per-layer validation; dense
ones there, conv2d / maxpool2d in conv.py, shared array helpers and LayerInput in arrays.py),
network.py (BinaryNetwork and what each layer reads), scores.py (exact scores and the tie rule),
fold.py (batch norm folded into thresholds, torch-free).
"""

from __future__ import annotations

from bnnverify.model.layers import (
    INT64_SAFE_BITS,
    LAYER_TYPES,
    BinarizeLayer,
    BlockLayer,
    Bools,
    Conv2dLayer,
    Floats,
    Ints,
    Layer,
    LayerInput,
    MaxPool2dLayer,
    OutputLayer,
    Shape,
    Signs,
    dot_range,
)
from bnnverify.model.network import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    INPUT_DOMAINS,
    INTEGER_DOMAIN,
    REAL_DOMAIN,
    BinaryNetwork,
    chain_input,
    check_chain,
    clamp_thresholds,
    constant_neurons,
    first_hidden_index,
    first_layer_magnitude,
    layer_input,
    layer_shapes,
    next_input_shape,
    read_shape,
    shapes_read,
    sum_range,
    validate,
)
from bnnverify.model.scores import BiasScale, beats_bound, predict_from_dots, wins_bound

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "INPUT_DOMAINS",
    "INT64_SAFE_BITS",
    "INTEGER_DOMAIN",
    "REAL_DOMAIN",
    "LAYER_TYPES",
    "BiasScale",
    "BinarizeLayer",
    "BinaryNetwork",
    "BlockLayer",
    "Bools",
    "Conv2dLayer",
    "Floats",
    "Ints",
    "Layer",
    "LayerInput",
    "MaxPool2dLayer",
    "OutputLayer",
    "Shape",
    "Signs",
    "beats_bound",
    "chain_input",
    "check_chain",
    "clamp_thresholds",
    "constant_neurons",
    "dot_range",
    "first_hidden_index",
    "first_layer_magnitude",
    "layer_input",
    "layer_shapes",
    "next_input_shape",
    "predict_from_dots",
    "read_shape",
    "shapes_read",
    "sum_range",
    "validate",
    "wins_bound",
]
