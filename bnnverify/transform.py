"""Function-preserving and function-changing edits of a BinaryNetwork (for equivalence checks).

The edits act on the dense blocks: a weight row and a threshold per neuron, and the layer
after a block (a block or the output) a weight column per neuron of it.

- permute_hidden: reorder the neurons of every block (and the next layer's columns): the
  function is unchanged.
- negate_neurons: replace neuron j by its negation and compensate in the next layer: y = +1 iff
  dot >= t, so -y = +1 iff -dot >= 1 - t (dot is an integer); negating column j of the next
  layer restores its input. The function is unchanged. Any int64 t is clamped into the
  neuron's sum range [low, high + 1] first (model.clamp_thresholds), so 1 - t cannot wrap.
- prune_weights: set a fraction of nonzero weights to 0: the function usually changes.

permute_hidden and negate_neurons edit dense models only (binarize, block, output): a conv
channel is read by the next layer through its windows and through max-pools, which do not
commute with negation, so a model with conv2d / maxpool2d layers is refused (UsageError).
prune_weights prunes conv2d weights too.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from bnnverify.errors import UsageError
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    Layer,
    OutputLayer,
    clamp_thresholds,
    sum_range,
)


def _with_layers(net: BinaryNetwork, layers: list[Layer], note: str) -> BinaryNetwork:
    provenance = dict(net.provenance, derived=f"{net.provenance.get('derived', '')} {note}".strip())
    return dataclasses.replace(net, layers=tuple(layers), provenance=provenance)


def _reader(layers: list[Layer], k: int) -> BlockLayer | OutputLayer:
    """The layer reading block k: a block or the output, one weight column per neuron of k."""
    after = layers[k + 1]
    assert isinstance(after, (BlockLayer, OutputLayer))
    return after


def _require_dense(net: BinaryNetwork, edit: str) -> None:
    """UsageError unless every layer is binarize, block or output."""
    for k, layer in enumerate(net.layers):
        if not isinstance(layer, (BinarizeLayer, BlockLayer, OutputLayer)):
            raise UsageError(
                f"{edit} edits dense models only (binarize, block, output); layer{k} is "
                f"{layer.kind}"
            )


def permute_hidden(net: BinaryNetwork, seed: int) -> BinaryNetwork:
    """The same function with every block's neurons in a random order."""
    _require_dense(net, "permute")
    rng = np.random.default_rng(seed)
    layers = list(net.layers)
    for k, layer in enumerate(layers):
        if not isinstance(layer, BlockLayer):
            continue
        order = rng.permutation(layer.n_out)
        layers[k] = dataclasses.replace(
            layer, weight=layer.weight[order], threshold=layer.threshold[order]
        )
        after = _reader(layers, k)
        layers[k + 1] = dataclasses.replace(after, weight=after.weight[:, order])
    return _with_layers(net, layers, f"permute_hidden(seed={seed})")


def negate_neurons(net: BinaryNetwork, seed: int, fraction: float = 0.5) -> BinaryNetwork:
    """The same function with a random `fraction` of the hidden neurons negated."""
    _require_dense(net, "negate")
    rng = np.random.default_rng(seed)
    layers = list(net.layers)
    for k, layer in enumerate(layers):
        if not isinstance(layer, BlockLayer):
            continue
        flip = rng.random(layer.n_out) < fraction
        weight = np.where(flip[:, None], -layer.weight, layer.weight).astype(np.int8)
        # dot in [low, high] and t clamped into [low, high + 1]: 1 - t lies in [-high, 1 - low],
        # the range of -dot plus one, so the negated neuron is exact and cannot wrap int64.
        clamped = clamp_thresholds(layer.threshold, *sum_range(net, k))
        threshold = np.where(flip, 1 - clamped, layer.threshold).astype(np.int64)
        layers[k] = dataclasses.replace(layer, weight=weight, threshold=threshold)
        after = _reader(layers, k)
        columns = np.where(flip[None, :], -after.weight, after.weight).astype(np.int8)
        layers[k + 1] = dataclasses.replace(after, weight=columns)
    return _with_layers(net, layers, f"negate_neurons(seed={seed}, fraction={fraction})")


def prune_weights(net: BinaryNetwork, seed: int, fraction: float) -> BinaryNetwork:
    """Set a random `fraction` of each block's and conv's nonzero weights to zero (thresholds
    kept)."""
    rng = np.random.default_rng(seed)
    layers = list(net.layers)
    for k, layer in enumerate(layers):
        if isinstance(layer, (BlockLayer, Conv2dLayer)):
            weight = layer.weight.copy()
            where = np.nonzero(weight)
            chosen = rng.random(where[0].size) < fraction
            weight[tuple(axis[chosen] for axis in where)] = 0
            layers[k] = dataclasses.replace(layer, weight=weight)
    return _with_layers(net, layers, f"prune_weights(seed={seed}, fraction={fraction})")
