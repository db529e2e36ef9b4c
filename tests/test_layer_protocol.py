"""Layers as one protocol: every layer type has one entry in each protocol table (DESIGN.md
section 8), and the description it belongs to is frozen. Oracle: the layer-type table itself
(model.LAYER_TYPES) and the dataclass fields of each type."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bnnverify.bounds import LAYER_BOUNDS
from bnnverify.encode.layers import LAYER_ENCODERS
from bnnverify.engine.packed import KERNELS
from bnnverify.engine.reference import EVALUATE
from bnnverify.model import (
    LAYER_TYPES,
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    MaxPool2dLayer,
    OutputLayer,
    layer_input,
    layer_shapes,
)

PROTOCOLS = {
    "engine.reference.EVALUATE": EVALUATE,
    "engine.packed.KERNELS": KERNELS,
    "bounds.LAYER_BOUNDS": LAYER_BOUNDS,
    "encode.layers.LAYER_ENCODERS": LAYER_ENCODERS,
}


def missing_entries(kinds: list[str], protocols: dict[str, dict]) -> list[str]:
    """'<table>: <kind>' for each layer type without a callable entry, and each entry naming
    no layer type."""
    problems = []
    for table, entries in protocols.items():
        problems += [f"{table}: no entry for {kind}" for kind in kinds if kind not in entries]
        problems += [
            f"{table}: {kind} is not callable" for kind in entries if not callable(entries[kind])
        ]
        problems += [f"{table}: {kind} is no layer type" for kind in entries if kind not in kinds]
    return problems


def test_every_layer_type_has_an_entry_in_every_protocol():
    assert missing_entries(list(LAYER_TYPES), PROTOCOLS) == []


@pytest.mark.parametrize("table", sorted(PROTOCOLS))
@pytest.mark.parametrize("kind", sorted(LAYER_TYPES))
def test_a_missing_entry_is_reported(table, kind):
    without = dict(PROTOCOLS, **{table: {k: v for k, v in PROTOCOLS[table].items() if k != kind}})
    assert missing_entries(list(LAYER_TYPES), without) == [f"{table}: no entry for {kind}"]


def test_an_unknown_layer_type_is_reported():
    kinds = [*LAYER_TYPES, "depthwise2d"]
    problems = missing_entries(kinds, PROTOCOLS)
    assert sorted(problems) == sorted(f"{table}: no entry for depthwise2d" for table in PROTOCOLS)


def test_the_layer_types_are_the_documented_ones():
    assert sorted(LAYER_TYPES) == ["binarize", "block", "conv2d", "maxpool2d", "output"]


@pytest.mark.parametrize("kind", sorted(LAYER_TYPES))
def test_layer_types_state_their_protocol(kind):
    cls = LAYER_TYPES[kind]
    names = [f.name for f in dataclasses.fields(cls)]
    assert cls.kind == kind
    # every field is a stored array, a meta scalar, or in_shape (derived from the chain)
    assert [name for name in names if name in cls.ARRAYS] == list(cls.ARRAYS)
    assert set(names) == {*cls.ARRAYS, *cls.META, *({"in_shape"} & set(names))}
    assert ("in_shape" in names) == (kind in ("conv2d", "maxpool2d"))
    assert isinstance(cls.META, tuple) and isinstance(cls.hidden, bool)
    assert isinstance(cls.reads_flat, bool) and cls.SINCE_VERSION in (1, 2)
    for method in ("check", "sum_range", "constant_outputs", "written_shape"):
        assert callable(getattr(cls, method)), method


def tiny_network(binarize: bool) -> tuple[BinaryNetwork, dict[str, np.ndarray]]:
    """A network over 3 inputs in [0, 7] and the caller's arrays it was built from."""
    arrays = {
        "threshold0": np.array([1, 4, 8], np.int64),
        "flip": np.array([False, True, False]),
        "weight1": np.array([[1, -1, 0], [1, 1, 1]], np.int8),
        "threshold1": np.array([0, 2], np.int64),
        "weight2": np.array([[1, -1], [0, 1]], np.int8),
        "bias": np.array([0.5, -0.5]),
    }
    layers: list = [BinarizeLayer(arrays["threshold0"], arrays["flip"])] if binarize else []
    layers += [
        BlockLayer(arrays["weight1"], arrays["threshold1"]),
        OutputLayer(arrays["weight2"], arrays["bias"]),
    ]
    return BinaryNetwork(tuple(layers), (3,), 0, 7), arrays


@pytest.mark.parametrize("binarize", [False, True], ids=["raw", "binarize"])
def test_layer_arrays_are_read_only_copies(binarize):
    net, arrays = tiny_network(binarize)
    *hidden, output = net.layers
    stored = {
        "weight1": hidden[-1].weight,
        "threshold1": hidden[-1].threshold,
        "weight2": output.weight,
        "bias": output.bias,
    }
    if binarize:
        stored.update(threshold0=hidden[0].threshold, flip=hidden[0].flip)
    before = {key: arrays[key].copy() for key in stored}

    for key, array in stored.items():
        assert not array.flags.writeable, key
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[0]
    for value in arrays.values():  # the caller's arrays stay writeable ...
        assert value.flags.writeable
        value[...] = 0
    for key, array in stored.items():  # ... and are not aliased
        np.testing.assert_array_equal(array, before[key], err_msg=key)


@pytest.mark.parametrize("binarize", [False, True], ids=["raw", "binarize"])
def test_layer_input_is_the_raw_box_first_and_signs_after(binarize):
    net, _ = tiny_network(binarize)
    first = layer_input(net, 0)
    assert (first.n, first.low, first.high, first.raw) == (3, 0, 7, True)
    for k in range(1, len(net.layers)):
        reads = layer_input(net, k)
        assert (reads.n, reads.low, reads.high, reads.raw) == (
            net.layers[k - 1].n_out,
            -1,
            1,
            False,
        )
    assert net.reads_raw_input == (not binarize)


def tiny_conv_network() -> tuple[BinaryNetwork, dict[str, np.ndarray]]:
    """binarize -> conv2d -> maxpool2d -> block -> output over (1, 4, 4) inputs in [0, 3]."""
    rng = np.random.default_rng(0)
    arrays = {
        "threshold0": np.full(16, 2, np.int64),
        "flip": np.zeros(16, bool),
        "weight1": rng.integers(-1, 2, (2, 1, 2, 2)).astype(np.int8),
        "threshold1": np.array([0, 1], np.int64),
        "weight3": rng.integers(-1, 2, (3, 8)).astype(np.int8),
        "threshold3": np.zeros(3, np.int64),
        "weight4": rng.integers(-1, 2, (2, 3)).astype(np.int8),
        "bias": np.array([0.5, -0.5]),
    }
    layers = (
        BinarizeLayer(arrays["threshold0"], arrays["flip"]),
        Conv2dLayer(arrays["weight1"], arrays["threshold1"], (1, 4, 4), padding=(1, 0, 1, 0)),
        MaxPool2dLayer((2, 4, 4), (2, 2)),
        BlockLayer(arrays["weight3"], arrays["threshold3"]),
        OutputLayer(arrays["weight4"], arrays["bias"]),
    )
    return BinaryNetwork(layers, (1, 4, 4), 0, 3), arrays


def test_conv_layer_arrays_are_read_only_copies():
    net, arrays = tiny_conv_network()
    conv = net.layers[1]
    before = arrays["weight1"].copy()
    assert not conv.weight.flags.writeable and not conv.threshold.flags.writeable
    arrays["weight1"][...] = 0
    np.testing.assert_array_equal(conv.weight, before)


def test_layer_shapes_chain_images_and_flatten_before_dense_layers():
    net, _ = tiny_conv_network()
    assert layer_shapes(net) == [(1, 4, 4), (1, 4, 4), (2, 4, 4), (8,), (3,)]
    reads = [layer_input(net, k) for k in range(len(net.layers))]
    assert [r.shape for r in reads] == layer_shapes(net)
    assert [(r.n, r.low, r.high, r.raw) for r in reads] == [
        (16, 0, 3, True),
        (16, -1, 1, False),
        (32, -1, 1, False),
        (8, -1, 1, False),
        (3, -1, 1, False),
    ]
    assert net.reads_raw_input is False and net.format_version == 2
    assert [layer.kind for layer in net.hidden_layers] == ["conv2d", "block"]
