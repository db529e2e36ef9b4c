"""conv2d and maxpool2d (format v2, DESIGN.md section 2) at the unit level.

Oracles: the DESIGN.md formulas written out again here as plain Python loops over (o, i, j) and
(c, u, v), with explicit bounds tests instead of np.pad (the reference engine pads); raised
DescriptionError messages (one rule each); the saved file's own meta; and, for bounds and
encoders, every input of a tiny box (the reference engine, itself checked against the loops).
"""

from __future__ import annotations

import dataclasses
import json
from itertools import product

import numpy as np
import pytest
from bnn_cases import all_inputs
from pysat.solvers import Solver

from bnnverify.backends.cnf import CnfBuilder
from bnnverify.bounds import FREE, propagate
from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.layers import LAYER_ENCODERS, Signals, encode_hidden
from bnnverify.engine import reference
from bnnverify.errors import DescriptionError, UsageError
from bnnverify.io import load_network, network_from_arrays, save_network
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    MaxPool2dLayer,
    OutputLayer,
    constant_neurons,
    first_hidden_index,
    layer_shapes,
)
from bnnverify.regions import InputBox
from bnnverify.transform import negate_neurons, permute_hidden, prune_weights

CNF_BACKENDS = [
    ("totalizer", "cadical195"),
    ("seqcounter", "glucose4"),
    ("totalizer2", "cadical195"),
    ("cardnetwork", "cadical195"),
    ("native", "minicard"),
]


# ---- the formulas of DESIGN.md section 2, written out as loops (the independent oracle) ----


def conv_by_loops(layer: Conv2dLayer, x_flat: np.ndarray) -> list[int]:
    """y[o,i,j] for one flat input, by the DESIGN.md formula: padded places hold pad_value."""
    channels, height, width = layer.in_shape
    c_out, _, kh, kw = layer.weight.shape
    sh, sw = layer.stride
    top, bottom, left, right = layer.padding
    h_out = (height + top + bottom - kh) // sh + 1
    w_out = (width + left + right - kw) // sw + 1
    out = []
    for o, i, j in product(range(c_out), range(h_out), range(w_out)):
        total = 0
        for c, u, v in product(range(channels), range(kh), range(kw)):
            row, col = i * sh + u - top, j * sw + v - left
            inside = 0 <= row < height and 0 <= col < width
            value = int(x_flat[(c * height + row) * width + col]) if inside else layer.pad_value
            total += int(layer.weight[o, c, u, v]) * value
        out.append(1 if total >= int(layer.threshold[o]) else -1)
    return out


def maxpool_by_loops(layer: MaxPool2dLayer, x_flat: np.ndarray) -> list[int]:
    """y[c,i,j] = +1 iff some x[c, i*SH+u, j*SW+v] is +1."""
    channels, height, width = layer.in_shape
    (kh, kw), (sh, sw) = layer.kernel, layer.stride
    h_out, w_out = (height - kh) // sh + 1, (width - kw) // sw + 1
    out = []
    for c, i, j in product(range(channels), range(h_out), range(w_out)):
        window = [
            int(x_flat[(c * height + i * sh + u) * width + j * sw + v])
            for u, v in product(range(kh), range(kw))
        ]
        out.append(1 if 1 in window else -1)
    return out


# ---- tiny random models ----


def random_conv(
    rng, in_shape, c_out, kernel, stride, padding, pad_value, magnitude, spread=2
) -> Conv2dLayer:
    """Ternary weights; thresholds within span / spread of 0, span the largest |window sum|
    (spread 2: the middle of the sums, some constant neurons; 4: few)."""
    weight = rng.integers(-1, 2, (c_out, in_shape[0], *kernel)).astype(np.int8)
    span = in_shape[0] * kernel[0] * kernel[1] * magnitude
    threshold = rng.integers(-span // spread, span // spread + 2, c_out).astype(np.int64)
    return Conv2dLayer(weight, threshold, in_shape, stride, padding, pad_value)


def output_over(rng, n_in: int, n_classes: int = 2) -> OutputLayer:
    weight = rng.integers(-1, 2, (n_classes, n_in)).astype(np.int8)
    return OutputLayer(weight, (rng.integers(-2, 3, n_classes) / 2).astype(np.float64))


CONV_CASES = {  # (in_shape, kernel, stride, padding)
    "plain": ((2, 4, 4), (2, 2), (1, 1), (0, 0, 0, 0)),
    "stride2": ((1, 5, 5), (3, 3), (2, 2), (0, 0, 0, 0)),
    "stride3x1": ((2, 5, 4), (2, 2), (3, 1), (0, 0, 0, 0)),
    "same": ((1, 4, 4), (3, 3), (1, 1), (1, 1, 1, 1)),
    "asymmetric": ((2, 3, 4), (2, 3), (2, 1), (1, 0, 2, 1)),
    "kernel_is_input": ((2, 3, 3), (3, 3), (1, 1), (0, 0, 0, 0)),
    "kernel_is_input_padded": ((1, 3, 3), (3, 3), (2, 3), (2, 1, 0, 2)),
    "all_padding_windows": ((1, 2, 2), (1, 1), (1, 1), (2, 2, 2, 2)),
}


def conv_after_binarize(seed: int, case: str, pad_value: int) -> BinaryNetwork:
    rng = np.random.default_rng(seed)
    in_shape, kernel, stride, padding = CONV_CASES[case]
    n = int(np.prod(in_shape))
    binarize = BinarizeLayer(rng.integers(0, 4, n).astype(np.int64), rng.random(n) < 0.3)
    conv = random_conv(rng, in_shape, 3, kernel, stride, padding, pad_value, 1)
    layers = (binarize, conv, output_over(rng, conv.n_out))
    return BinaryNetwork(layers, in_shape, 0, 3)


def conv_on_raw_input(seed: int, case: str, pad_value: int) -> BinaryNetwork:
    rng = np.random.default_rng(seed)
    in_shape, kernel, stride, padding = CONV_CASES[case]
    conv = random_conv(rng, in_shape, 2, kernel, stride, padding, pad_value, 3)
    return BinaryNetwork((conv, output_over(rng, conv.n_out)), in_shape, 0, 3)


def centered(rng, conv: Conv2dLayer, magnitude_low: int, magnitude_high: int) -> Conv2dLayer:
    """conv with each channel's threshold between the medians of its neurons' least and largest
    window sums over inputs in [magnitude_low, magnitude_high], so most of them vary."""
    n = conv.n_in
    low, high = conv.sum_range(np.full(n, magnitude_low), np.full(n, magnitude_high))
    low, high = low.reshape(conv.weight.shape[0], -1), high.reshape(conv.weight.shape[0], -1)
    threshold = [
        rng.integers(int(np.median(a)) + 1, max(int(np.median(a)) + 1, int(np.median(b))) + 1)
        for a, b in zip(low, high, strict=True)
    ]
    return dataclasses.replace(conv, threshold=np.array(threshold, np.int64))


def conv_pool_network(seed: int, raw: bool) -> BinaryNetwork:
    """[binarize] -> conv2d -> maxpool2d -> conv2d -> block -> output over (1, 3, 4) in [0, 1]
    (pixels and bits mostly vary on a tiny box; thresholds near the middle of the sums)."""
    rng = np.random.default_rng(seed)
    in_shape = (1, 3, 4)
    layers: list = []
    if not raw:
        flip = rng.random(12) < 0.3
        threshold = np.where(flip, 0, 1) - (rng.random(12) < 0.15)  # a few constant bits
        layers.append(BinarizeLayer(threshold.astype(np.int64), flip))
    pad_value = int(rng.integers(0, 2)) if raw else int(rng.integers(-1, 2))
    conv = random_conv(rng, in_shape, 2, (2, 2), (1, 1), (1, 0, 0, 1), pad_value, 1)
    conv = centered(rng, conv, 0 if raw else -1, 1)
    pool = MaxPool2dLayer(conv.out_shape, (2, 2), (1, 2))
    pad_value2 = int(rng.integers(-1, 2))
    conv2 = random_conv(rng, pool.out_shape, 2, (2, 1), (1, 1), (0, 1, 0, 0), pad_value2, 1)
    conv2 = centered(rng, conv2, -1, 1)
    block = BlockLayer(
        rng.integers(-1, 2, (3, conv2.n_out)).astype(np.int8),
        rng.integers(-2, 3, 3).astype(np.int64),
    )
    layers += [conv, pool, conv2, block, output_over(rng, 3, 3)]
    return BinaryNetwork(tuple(layers), in_shape, 0, 1)


def tiny_box(net: BinaryNetwork, seed: int, n_free: int = 5) -> InputBox:
    """n_free pixels span [input_min, input_max], the others are fixed (so constants occur)."""
    rng = np.random.default_rng(seed)
    center = rng.integers(net.input_min, net.input_max + 1, net.n_inputs)
    free = rng.choice(net.n_inputs, size=min(n_free, net.n_inputs), replace=False)
    lo, hi = center.copy(), center.copy()
    lo[free], hi[free] = net.input_min, net.input_max
    return InputBox(lo, hi)


# ---- the reference engine against the loops ----


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("pad_value", [-1, 0, 1])
@pytest.mark.parametrize("case", sorted(CONV_CASES))
def test_reference_conv_matches_loops(seed, pad_value, case):
    net = conv_after_binarize(seed, case, pad_value)
    binarize, conv = net.layers[0], net.layers[1]
    x = np.random.default_rng(seed).integers(0, 4, (20, net.n_inputs))
    bits = reference.EVALUATE["binarize"](binarize, x)

    got = reference.layer_outputs(net, x)[1]

    expected = np.array([conv_by_loops(conv, row) for row in bits])
    np.testing.assert_array_equal(got, expected)
    assert got.shape == (20, conv.n_out) and conv.out_shape[0] == 3


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("pad_value", [0, 1, 3])
@pytest.mark.parametrize("case", sorted(CONV_CASES))
def test_reference_conv_on_raw_input_matches_loops(seed, pad_value, case):
    net = conv_on_raw_input(seed, case, pad_value)
    x = np.random.default_rng(seed).integers(0, 4, (20, net.n_inputs))

    got = reference.layer_outputs(net, x)[0]

    np.testing.assert_array_equal(got, [conv_by_loops(net.layers[0], row) for row in x])


@pytest.mark.parametrize("case", sorted(CONV_CASES))
def test_window_indices_list_each_window_in_c_order(case):
    """window_indices (what bounds and encoders read) against the loops' own indexing."""
    net = conv_after_binarize(0, case, 0)
    conv = net.layers[1]
    channels, height, width = conv.in_shape
    (kh, kw), (sh, sw) = conv.kernel, conv.stride
    top, _, left, _ = conv.padding
    _, h_out, w_out = conv.out_shape
    expected = []
    for i, j in product(range(h_out), range(w_out)):
        row = []
        for c, u, v in product(range(channels), range(kh), range(kw)):
            r, col = i * sh + u - top, j * sw + v - left
            row.append(
                (c * height + r) * width + col if 0 <= r < height and 0 <= col < width else -1
            )
        expected.append(row)
    np.testing.assert_array_equal(conv.window_indices(), expected)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    ("in_shape", "kernel", "stride"),
    [((2, 4, 4), (2, 2), None), ((1, 5, 4), (2, 3), (1, 1)), ((3, 3, 3), (3, 3), None),
     ((2, 5, 5), (2, 2), (3, 2))],
)  # fmt: skip
def test_reference_maxpool_matches_loops(seed, in_shape, kernel, stride):
    rng = np.random.default_rng(seed)
    n = int(np.prod(in_shape))
    binarize = BinarizeLayer(rng.integers(0, 4, n).astype(np.int64), np.zeros(n, bool))
    pool = MaxPool2dLayer(in_shape, kernel, stride)
    conv = random_conv(rng, pool.out_shape, 1, (1, 1), (1, 1), (0, 0, 0, 0), 0, 1)
    net = BinaryNetwork((binarize, pool, conv, output_over(rng, conv.n_out)), in_shape, 0, 3)
    x = rng.integers(0, 4, (30, n))
    bits = reference.EVALUATE["binarize"](binarize, x)

    got = reference.layer_outputs(net, x)[1]

    np.testing.assert_array_equal(got, [maxpool_by_loops(pool, row) for row in bits])
    assert pool.stride == (kernel if stride is None else stride)


# ---- validation: one rule each ----


def valid_layers():
    """binarize -> conv2d -> maxpool2d -> output over (1, 4, 4) in [0, 3]; fields as dicts."""
    rng = np.random.default_rng(0)
    return [
        ("binarize", {"threshold": np.full(16, 2, np.int64), "flip": np.zeros(16, bool)}),
        (
            "conv2d",
            {
                "weight": rng.integers(-1, 2, (2, 1, 2, 2)).astype(np.int8),
                "threshold": np.array([0, 1], np.int64),
                "in_shape": (1, 4, 4),
                "stride": (1, 1),
                "padding": (0, 1, 0, 1),
                "pad_value": -1,
            },
        ),
        ("maxpool2d", {"in_shape": (2, 4, 4), "kernel": (2, 2)}),
        ("output", {"weight": np.ones((2, 8), np.int8), "bias": np.zeros(2)}),
    ]


def build(layers, input_shape=(1, 4, 4), input_max=3) -> BinaryNetwork:
    classes = {"binarize": BinarizeLayer, "conv2d": Conv2dLayer, "maxpool2d": MaxPool2dLayer,
               "output": OutputLayer, "block": BlockLayer}  # fmt: skip
    made = tuple(classes[kind](**fields) for kind, fields in layers)
    return BinaryNetwork(made, input_shape, 0, input_max)


def changed(k: int, **fields):
    layers = valid_layers()
    layers[k] = (layers[k][0], {**layers[k][1], **fields})
    return layers


def without_binarize(pad_value=0):
    """conv2d on the raw input: its pad_value is a pixel value."""
    layers = valid_layers()[1:]
    layers[0] = ("conv2d", {**layers[0][1], "pad_value": pad_value})
    return layers


RULES = [
    (
        lambda: build(changed(1, weight=np.ones((2, 1, 2, 2), np.int32))),
        "layer1.weight must be int8",
    ),
    (lambda: build(changed(1, weight=np.ones((2, 4), np.int8))), "layer1.weight must be 4-D"),
    (
        lambda: build(changed(1, weight=np.full((2, 1, 2, 2), 2, np.int8))),
        "layer1.weight must hold values in {-1, 0, +1}, got 2 at (0, 0, 0, 0)",
    ),
    (
        lambda: build(changed(1, weight=np.ones((2, 3, 2, 2), np.int8))),
        "layer1.weight must have 1 input channels",
    ),
    (
        lambda: build(changed(1, threshold=np.zeros(3, np.int64))),
        "layer1.threshold must have shape (2,)",
    ),
    (lambda: build(changed(1, threshold=np.zeros(2))), "layer1.threshold must be int64"),
    (lambda: build(changed(1, in_shape=(1, 4, 3))), "layer1.in_shape must be (1, 4, 4)"),
    (lambda: build(changed(1, stride=(0, 1))), "layer1.stride must be integers >= 1"),
    (lambda: build(changed(1, stride=(1, 1.0))), "layer1.stride must be 2 integers [SH, SW]"),
    (lambda: build(changed(1, stride=(1,))), "layer1.stride must be 2 integers"),
    (lambda: build(changed(1, padding=(0, 0, -1, 0))), "layer1.padding must be integers >= 0"),
    (lambda: build(changed(1, padding=(1, 1))), "layer1.padding must be 4 integers"),
    (lambda: build(changed(1, pad_value=2)), "layer1.pad_value must be -1, 0 or +1"),
    (lambda: build(changed(1, pad_value=True)), "layer1.pad_value must be -1, 0 or +1"),
    (
        lambda: build(without_binarize(pad_value=4)),
        "layer0.pad_value must be an integer in the input range [0, 3]",
    ),
    (
        lambda: build(without_binarize(pad_value=-1)),
        "layer0.pad_value must be an integer in the input range",
    ),
    (
        lambda: build(changed(1, weight=np.ones((2, 1, 6, 2), np.int8))),
        "layer1: kernel 6x2 must fit the padded input 5x5",
    ),
    (
        lambda: build(without_binarize(), input_max=2**60),
        "layer0: 4 inputs in [0, 1152921504606846976] give sums beyond 2**62",
    ),
    (lambda: build(changed(2, in_shape=(2, 3, 4))), "layer2.in_shape must be (2, 4, 4)"),
    (lambda: build(changed(2, kernel=(5, 1))), "layer2: kernel 5x1 must fit the input 4x4"),
    (lambda: build(changed(2, kernel=(0, 1))), "layer2.kernel must be integers >= 1"),
    (lambda: build(changed(2, kernel="2x2")), "layer2.kernel must be 2 integers [KH, KW]"),
    (lambda: build(changed(2, stride=(1, 2, 3))), "layer2.stride must be 2 integers [SH, SW]"),
    (
        lambda: build(
            [("maxpool2d", {"in_shape": (1, 4, 4), "kernel": (2, 2)}), *valid_layers()[1:]]
        ),
        "layer0: maxpool2d must read +-1 outputs",
    ),
    (
        lambda: build([*valid_layers()[:1], *valid_layers()[1:]], input_shape=(16,)),
        "layer1: conv2d needs a (C, H, W) input, got the flat shape (16,)",
    ),
    (
        lambda: build(
            [
                *valid_layers()[:1],
                (
                    "block",
                    {"weight": np.ones((16, 16), np.int8), "threshold": np.zeros(16, np.int64)},
                ),
                *changed(1, in_shape=(16,))[1:],
            ]
        ),
        "layer2: conv2d needs a (C, H, W) input, got the flat shape (16,)",
    ),  # fmt: skip
    (
        lambda: build(valid_layers()[:1] + valid_layers()[2:], input_shape=(16,)),
        "layer1: maxpool2d needs a (C, H, W) input",
    ),
]


@pytest.mark.parametrize(("make", "message"), RULES, ids=[m for _, m in RULES])
def test_invalid_conv_model_is_one_line_naming_the_rule(make, message):
    with pytest.raises(DescriptionError) as error:
        make()
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_valid_model_is_valid():
    net = build(valid_layers())
    assert layer_shapes(net) == [(1, 4, 4), (1, 4, 4), (2, 4, 4), (8,)]
    assert first_hidden_index(net) == 1 and net.format_version == 2


# ---- the file: v2 round trip, v1 unchanged, one-line errors ----


def arrays_of(net: BinaryNetwork, path) -> dict:
    save_network(net, path)
    with np.load(path, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


@pytest.mark.parametrize("raw", [False, True], ids=["binarize", "raw"])
def test_v2_round_trip_keeps_arrays_meta_and_derives_in_shape(tmp_path, raw):
    net = conv_pool_network(3, raw)
    meta = json.loads(str(arrays_of(net, tmp_path / "m.npz")["meta"]))

    loaded = load_network(tmp_path / "m.npz")

    assert meta["version"] == 2 and meta["input_domain"] == "integer"
    assert meta["input_shape"] == [1, 3, 4]
    first = 0 if raw else 1
    entries = {entry["type"]: entry for entry in meta["layers"][first : first + 2]}
    conv = net.layers[first]
    assert entries["conv2d"]["stride"] == [1, 1] and entries["conv2d"]["padding"] == [1, 0, 0, 1]
    assert entries["conv2d"]["pad_value"] == conv.pad_value
    assert entries["maxpool2d"]["kernel"] == [2, 2] and entries["maxpool2d"]["stride"] == [1, 2]
    assert all("in_shape" not in entry for entry in meta["layers"])
    for a, b in zip(net.layers, loaded.layers, strict=True):
        assert type(a) is type(b)
        for name in a.ARRAYS:
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
            assert getattr(a, name).dtype == getattr(b, name).dtype
        for name in (*a.META, "in_shape"):
            assert getattr(a, name, None) == getattr(b, name, None), name
    x = np.random.default_rng(0).integers(0, 3, (50, *net.input_shape))
    np.testing.assert_array_equal(reference.predict(net, x), reference.predict(loaded, x))


def mlp() -> BinaryNetwork:
    rng = np.random.default_rng(1)
    block = BlockLayer(rng.integers(-1, 2, (3, 4)).astype(np.int8), np.zeros(3, np.int64))
    return BinaryNetwork((block, output_over(rng, 3)), (4,), 0, 7)


def test_an_mlp_is_still_written_as_version_1(tmp_path):
    meta = json.loads(str(arrays_of(mlp(), tmp_path / "m.npz")["meta"]))
    assert meta["version"] == 1 and "input_domain" not in meta
    assert sorted(meta["layers"][0]) == ["n_in", "n_out", "type"]


def test_an_mlp_in_a_version_2_file_means_the_same(tmp_path):
    arrays = arrays_of(mlp(), tmp_path / "m.npz")
    meta = json.loads(str(arrays["meta"]))
    meta.update(version=2, input_domain="integer")
    arrays["meta"] = np.array(json.dumps(meta))
    loaded = network_from_arrays(arrays)
    x = np.random.default_rng(0).integers(0, 8, (40, 4))
    np.testing.assert_array_equal(reference.output_dots(loaded, x), reference.output_dots(mlp(), x))


def doctored(arrays: dict, change) -> dict:
    meta = json.loads(str(arrays["meta"]))
    change(meta)
    return {**arrays, "meta": np.array(json.dumps(meta))}


def delete(meta: dict, k: int, key: str) -> None:
    del meta["layers"][k][key]


FILE_RULES = [
    (lambda m: m.update(version=1), "meta.layers[1].type conv2d needs meta.version 2, got 1"),
    (lambda m: m.update(version=3), "meta.version must be 1 or 2"),
    (lambda m: m.update(input_domain="complex"), "meta.input_domain must be one of"),
    (lambda m: m.update(input_domain="real"), "a model with real inputs must start with block"),
    (lambda m: delete(m, 2, "kernel"), "meta.layers[2].kernel is missing"),
    (lambda m: m["layers"][1].update(strides=[2, 2]), "meta.layers[1] has unknown key 'strides'"),
    (lambda m: m["layers"][1].update(stride=2), "layer1.stride must be 2 integers [SH, SW], got 2"),
    (lambda m: m["layers"][1].update(stride=[2, 2.5]), "layer1.stride must be 2 integers"),
    (lambda m: m["layers"][1].update(padding=1), "layer1.padding must be 4 integers"),
    (lambda m: m["layers"][1].update(pad_value="zero"), "layer1.pad_value must be -1, 0 or +1"),
    (lambda m: m["layers"][2].update(kernel=[2, None]), "layer2.kernel must be 2 integers"),
    (lambda m: m["layers"][2].update(stride=[0, 1]), "layer2.stride must be integers >= 1"),
    (lambda m: m["layers"][1].update(stride=[0, 1]), "layer1.stride must be integers >= 1"),
    (lambda m: m.update(input_shape=[16]), "layer1: conv2d needs a (C, H, W) input"),
    (lambda m: m.update(input_shape=[1, 16, 1]), "layer2: kernel 2x2 must fit the input 16x1"),
    (lambda m: m["layers"][2].update(n_out=9), "meta.layers[2].n_out is 9 but the arrays give 8"),
]


@pytest.mark.parametrize(("change", "message"), FILE_RULES, ids=[m for _, m in FILE_RULES])
def test_bad_v2_meta_is_one_line(tmp_path, change, message):
    arrays = doctored(arrays_of(build(valid_layers()), tmp_path / "m.npz"), change)
    with pytest.raises(DescriptionError) as error:
        network_from_arrays(arrays)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_absent_meta_keys_take_their_defaults(tmp_path):
    def strip(meta: dict) -> None:
        for key in ("stride", "padding", "pad_value"):
            del meta["layers"][1][key]
        del meta["layers"][2]["stride"]

    layers = valid_layers()
    layers[1] = ("conv2d", {**layers[1][1], "padding": (0, 0, 0, 0)})  # writes (2, 3, 3)
    layers[2] = ("maxpool2d", {"in_shape": (2, 3, 3), "kernel": (2, 2)})  # writes (2, 1, 1)
    layers[3] = ("output", {"weight": np.ones((2, 2), np.int8), "bias": np.zeros(2)})
    arrays = doctored(arrays_of(build(layers), tmp_path / "m.npz"), strip)

    loaded = network_from_arrays(arrays)

    conv, pool = loaded.layers[1], loaded.layers[2]
    assert (conv.stride, conv.padding, conv.pad_value) == ((1, 1), (0, 0, 0, 0), 0)
    assert pool.stride == (2, 2) and pool.in_shape == (2, 3, 3)


# ---- bounds: sound by enumeration ----


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("raw", [False, True], ids=["binarize", "raw"])
def test_fixed_conv_and_pool_outputs_are_constant_by_enumeration(seed, raw):
    net = conv_pool_network(seed, raw)
    box = tiny_box(net, seed, n_free=9)
    xs = all_inputs(box)
    outputs = reference.layer_outputs(net, xs)

    bounds = propagate(net, box)

    for k, layer in enumerate(net.layers[:-1]):
        low, high = bounds.low[k], bounds.high[k]
        assert ((outputs[k] >= low) & (outputs[k] <= high)).all(), (k, layer.kind)
        signs = bounds.signs(k)
        for j in np.flatnonzero(signs != FREE):
            assert (outputs[k][:, j] == signs[j]).all(), (k, j)
    first = first_hidden_index(net)
    window_low, window_high = net.layers[first].sum_range(
        *((box.lo, box.hi) if raw else (bounds.low[0], bounds.high[0]))
    )
    sums = window_sums(net.layers[first], xs if raw else outputs[0])
    assert ((sums >= window_low) & (sums <= window_high)).all()
    hidden = [k for k, layer in enumerate(net.layers) if layer.hidden]
    assert bounds.hidden == tuple(hidden)  # conv2d and block; the pool's ORs are not counted
    assert bounds.n_total == sum(net.layers[k].n_out for k in hidden)


def window_sums(conv: Conv2dLayer, x: np.ndarray) -> np.ndarray:
    """(count, n_out) window sums by the loops (threshold -inf: the sum itself is wanted)."""
    channels, height, width = conv.in_shape
    _, h_out, w_out = conv.out_shape
    top, _, left, _ = conv.padding
    out = np.zeros((len(x), conv.n_out), np.int64)
    for n, (o, i, j) in enumerate(product(range(conv.weight.shape[0]), range(h_out), range(w_out))):
        for c, u, v in product(range(channels), *map(range, conv.kernel)):
            r, col = i * conv.stride[0] + u - top, j * conv.stride[1] + v - left
            inside = 0 <= r < height and 0 <= col < width
            value = x[:, (c * height + r) * width + col] if inside else conv.pad_value
            out[:, n] += int(conv.weight[o, c, u, v]) * value
    return out


def test_a_pool_is_fixed_by_one_fixed_plus_one_or_all_fixed_minus_one():
    pool = MaxPool2dLayer((1, 2, 2), (2, 1))  # windows: flat {0, 2} and {1, 3}
    # {0, 2}: input 0 fixed +1, input 2 free; {1, 3}: both fixed -1
    low, high = propagate_layer(pool, np.array([1, -1, -1, -1]), np.array([1, -1, 1, -1]))
    assert low.tolist() == [1, -1] and high.tolist() == [1, -1]
    # {0, 2}: one free, one fixed -1; {1, 3}: one free, one fixed -1
    low, high = propagate_layer(pool, np.array([-1, -1, -1, -1]), np.array([-1, 1, 1, -1]))
    assert low.tolist() == [-1, -1] and high.tolist() == [1, 1]


def propagate_layer(layer, lo, hi):
    from bnnverify.bounds import LAYER_BOUNDS

    return LAYER_BOUNDS[layer.kind](layer, lo, hi)


def test_constant_conv_neurons_are_counted():
    layers = valid_layers()
    layers[1][1]["threshold"] = np.array([-4, 5], np.int64)  # window sums lie in [-4, 4]
    layers[1][1]["weight"] = np.ones((2, 1, 2, 2), np.int8)
    net = build(layers)
    assert constant_neurons(net) == {1: net.layers[1].n_out}


# ---- encoders: the CNF with every input fixed gives the reference activations ----


def encode_layers(builder, net, inputs, bounds):
    """Every layer's Signals through LAYER_ENCODERS, named as encode_hidden names them."""
    source, signals, b = inputs, [], 0
    for k, layer in enumerate(net.layers[:-1]):
        fixed = bounds.signs(k) if bounds is not None else None
        name = ("h", b) if layer.hidden else (layer.kind, k)
        source = LAYER_ENCODERS[layer.kind](builder, layer, source, fixed, name)
        signals.append(source)
        b += layer.hidden
    return signals


def value_of(signals: Signals, j: int, model: set) -> int:
    lit = int(signals.lits[j])
    if lit == 0:
        return int(signals.values[j])
    return 1 if lit in model else -1


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("raw", [False, True], ids=["binarize", "raw"])
@pytest.mark.parametrize("use_bounds", [True, False], ids=["bounds", "nobounds"])
@pytest.mark.parametrize(("encoding", "solver"), CNF_BACKENDS)
def test_conv_and_pool_encoders_match_reference_by_enumeration(
    seed, raw, use_bounds, encoding, solver
):
    net = conv_pool_network(seed, raw)
    box = tiny_box(net, seed, n_free=8)
    bounds = propagate(net, box) if use_bounds else None
    builder = CnfBuilder(encoding)
    inputs = OrderInput(box)
    signals = encode_layers(builder, net, inputs, bounds)
    inputs.finish(builder)
    xs = all_inputs(box)
    outputs = reference.layer_outputs(net, xs)

    with Solver(name=solver, bootstrap_with=builder.clauses) as s:
        for lits, k in builder.atmosts:
            s.add_atmost(lits, k)
        for row, x in enumerate(xs):
            assert s.solve(assumptions=inputs.assumptions(builder, x))
            model = set(s.get_model())
            for k, layer_signals in enumerate(signals):
                got = [value_of(layer_signals, j, model) for j in range(len(layer_signals))]
                assert got == outputs[k][row].tolist(), (k, net.layers[k].kind, x)


def test_encode_hidden_names_conv_neurons_and_pooled_outputs():
    net = conv_pool_network(1, raw=True)
    builder = CnfBuilder("totalizer")
    encode_hidden(builder, net, OrderInput(tiny_box(net, 1)), None, tag=("A",))
    names = {name[:3] for name in builder.pool.obj2id if isinstance(name, tuple) and len(name) == 4}
    # conv (layer 0) is hidden layer 0, the pool is layer 1, the second conv hidden layer 1,
    # the block hidden layer 2
    assert names == {("A", "h", 0), ("A", "maxpool2d", 1), ("A", "h", 1), ("A", "h", 2)}


class RecordingSink(CnfBuilder):
    """Records the literal count of every reified constraint."""

    def __init__(self) -> None:
        super().__init__("totalizer")
        self.sizes: list[int] = []

    def add_reified_atleast(self, out, lits, k) -> None:
        self.sizes.append(len(lits))
        super().add_reified_atleast(out, lits, k)


def test_a_conv_neuron_reads_its_window_only():
    rng = np.random.default_rng(0)
    in_shape = (3, 6, 6)
    binarize = BinarizeLayer(np.full(108, 2, np.int64), np.zeros(108, bool))
    conv = random_conv(rng, in_shape, 4, (2, 2), (2, 2), (0, 0, 0, 0), 0, 1)
    net = BinaryNetwork((binarize, conv, output_over(rng, conv.n_out)), in_shape, 0, 3)
    box = InputBox(np.zeros(108, np.int64), np.full(108, 3, np.int64))
    sink = RecordingSink()
    encode_hidden(sink, net, OrderInput(box))
    assert len(sink.sizes) == conv.n_out
    assert max(sink.sizes) <= 3 * 2 * 2  # a window, not the 108 inputs


# ---- transforms ----


def test_permute_and_negate_refuse_conv_models():
    net = conv_pool_network(0, raw=False)
    with pytest.raises(UsageError, match="permute edits dense models only .* layer1 is conv2d"):
        permute_hidden(net, 0)
    with pytest.raises(UsageError, match="negate edits dense models only"):
        negate_neurons(net, 0)


def test_prune_zeroes_conv_weights_only():
    net = conv_pool_network(0, raw=False)
    pruned = prune_weights(net, seed=0, fraction=0.5)
    for a, b in zip(net.layers, pruned.layers, strict=True):
        if isinstance(a, (Conv2dLayer, BlockLayer)):
            assert ((b.weight == a.weight) | (b.weight == 0)).all()
            np.testing.assert_array_equal(a.threshold, b.threshold)
    assert sum(int((b.weight == 0).sum()) for b in pruned.hidden_layers) > sum(
        int((a.weight == 0).sum()) for a in net.hidden_layers
    )


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("use_bounds", [True, False], ids=["bounds", "nobounds"])
def test_a_conv_model_against_its_copy_collapses_by_neuron_sharing(seed, use_bounds):
    """Through the miter's NeuronSharing sink: every conv neuron and pooled output of the copy
    is tied to the original's, so the plain clauses alone refute the miter."""
    from bnnverify.properties.base import Model
    from bnnverify.properties.equivalence import Equivalence
    from bnnverify.regions import box_region
    from bnnverify.results import Verdict
    from bnnverify.verify import CheckConfig, run

    net = conv_pool_network(seed, raw=bool(seed % 2))
    copy = dataclasses.replace(net, layers=tuple(dataclasses.replace(x) for x in net.layers))
    config = CheckConfig(solver="cadical195", encoding="totalizer", attack=None)
    config = dataclasses.replace(config, use_bounds=use_bounds)

    result = run(
        Equivalence(Model.of(net), Model.of(copy)), box_region(tiny_box(net, seed)), config
    )

    assert result.verdict is Verdict.HOLDS and result.decided_by == "miter clauses"
    assert result.total_neurons == 2 * sum(layer.n_out for layer in net.hidden_layers)
    assert result.details["shared_neurons"] >= result.total_neurons // 2 - result.fixed_neurons
