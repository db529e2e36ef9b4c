"""PackedNetwork on conv2d / maxpool2d models against engine.reference and against an
independent int64 loop written here (one output position at a time): exact equality only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bnnverify.engine import packed, reference
from bnnverify.model import (
    BinarizeLayer,
    BinaryNetwork,
    BlockLayer,
    Conv2dLayer,
    MaxPool2dLayer,
    OutputLayer,
)

BACKENDS = [
    pytest.param("numba", marks=pytest.mark.skipif(not packed.HAS_NUMBA, reason="no numba")),
    "numpy",
]
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
BATCH = 24

# (in_shape, kernel, c_out, stride, padding): C_in * KH * KW around 63/64/65/127/128/129 (the
# numpy path's patch words) and C padded to bytes times KH * KW around 64/128 (the numba path's),
# odd sizes, strides 1-3, every padding side, windows wholly in the padding, kernels equal to the
# (padded) input, output rows of 63/64/65 bits and C_out * P around 64.
CONV_CASES = [
    ((7, 5, 6), (3, 3), 5, (1, 1), (0, 0, 0, 0)),  # K = 63
    ((4, 6, 5), (4, 4), 3, (1, 2), (1, 0, 2, 1)),  # K = 64
    ((5, 14, 3), (13, 1), 4, (1, 1), (0, 0, 0, 0)),  # K = 65
    ((127, 3, 2), (1, 1), 6, (1, 1), (1, 1, 1, 1)),  # K = 127
    ((2, 9, 10), (8, 8), 7, (1, 1), (2, 2, 2, 2)),  # K = 128
    ((3, 3, 45), (1, 43), 3, (1, 2), (0, 1, 3, 0)),  # K = 129
    ((16, 7, 7), (2, 2), 9, (2, 2), (0, 1, 0, 1)),  # 64 bits in both layouts
    ((8, 6, 6), (4, 4), 5, (3, 3), (1, 1, 1, 1)),  # 128 bits in both layouts
    ((64, 3, 3), (1, 1), 3, (2, 1), (0, 0, 0, 0)),
    ((65, 2, 3), (1, 1), 4, (1, 3), (0, 2, 0, 1)),
    ((129, 2, 2), (1, 1), 2, (1, 1), (0, 0, 0, 0)),
    ((9, 5, 5), (3, 3), 4, (1, 3), (2, 0, 0, 2)),  # a partial channel byte
    ((20, 5, 4), (2, 3), 6, (1, 2), (1, 0, 0, 1)),  # 32-bit channel fields
    ((32, 4, 4), (2, 2), 5, (1, 1), (0, 0, 1, 0)),
    ((1, 3, 70), (2, 3), 3, (1, 1), (0, 0, 1, 1)),  # W_out = 70
    ((2, 4, 66), (1, 3), 2, (1, 1), (0, 0, 0, 0)),  # W_out = 64
    ((2, 4, 67), (1, 3), 2, (1, 1), (0, 0, 0, 0)),  # W_out = 65
    ((1, 2, 65), (2, 3), 1, (1, 1), (0, 0, 0, 1)),  # W_out = 64 from padding
    ((1, 70, 3), (66, 3), 2, (1, 1), (0, 0, 0, 0)),  # a 66-row window
    ((3, 5, 4), (5, 4), 8, (1, 1), (0, 0, 0, 0)),  # kernel = input
    ((3, 5, 4), (7, 6), 8, (1, 1), (1, 1, 1, 1)),  # kernel = padded input
    ((2, 3, 3), (2, 2), 3, (3, 3), (3, 3, 3, 3)),  # windows wholly in the padding
    ((4, 4, 4), (2, 2), 16, (2, 2), (0, 0, 0, 0)),  # C_out * P = 64
    ((4, 5, 1), (1, 1), 13, (1, 1), (0, 0, 0, 0)),  # C_out * P = 65
    ((6, 11, 9), (3, 2), 5, (2, 3), (1, 2, 0, 1)),
    ((3, 4, 5), (2, 2), 65, (1, 1), (1, 0, 0, 1)),  # C_out > 64: two fire words per position
    ((2, 3, 3), (3, 3), 130, (1, 1), (1, 1, 1, 1)),
]


def window_sums(x: np.ndarray, weight: np.ndarray, stride, padding, pad_value) -> np.ndarray:
    """(batch, C, H, W) int64 -> (batch, C_out, H_out, W_out): the padded window sums, one
    output position at a time."""
    top, bottom, left, right = padding
    (sh, sw), (kh, kw) = stride, weight.shape[2:]
    pad = ((0, 0), (0, 0), (top, bottom), (left, right))
    xpad = np.pad(x.astype(np.int64), pad, constant_values=pad_value)
    h_out = (xpad.shape[2] - kh) // sh + 1
    w_out = (xpad.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], weight.shape[0], h_out, w_out), dtype=np.int64)
    w = weight.astype(np.int64)
    for i in range(h_out):
        for j in range(w_out):
            patch = xpad[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return out


def window_max(x: np.ndarray, kernel, stride) -> np.ndarray:
    """(batch, C, H, W) -> the max of each window (no padding)."""
    (kh, kw), (sh, sw) = kernel, stride
    h_out, w_out = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
    out = np.zeros((x.shape[0], x.shape[1], h_out, w_out), dtype=np.int64)
    for i in range(h_out):
        for j in range(w_out):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].max(axis=(2, 3))
    return out


def loop_layer(layer, h: np.ndarray) -> np.ndarray:
    """One layer by the loops above, (batch, *shape it reads) -> (batch, *shape it writes)."""
    if isinstance(layer, BinarizeLayer):
        flat = h.reshape(h.shape[0], -1)
        fires = np.where(layer.flip, flat <= layer.threshold, flat >= layer.threshold)
        return np.where(fires, 1, -1).reshape(h.shape)
    if isinstance(layer, Conv2dLayer):
        h = h.reshape(h.shape[0], *layer.in_shape)
        pre = window_sums(h, layer.weight, layer.stride, layer.padding, layer.pad_value)
        return np.where(pre >= layer.threshold[None, :, None, None], 1, -1)
    if isinstance(layer, MaxPool2dLayer):
        return window_max(h.reshape(h.shape[0], *layer.in_shape), layer.kernel, layer.stride)
    pre = h.reshape(h.shape[0], -1) @ layer.weight.T.astype(np.int64)
    return np.where(pre >= layer.threshold, 1, -1) if isinstance(layer, BlockLayer) else pre


def loop_forward(net: BinaryNetwork, x: np.ndarray) -> list[np.ndarray]:
    """Every layer's output, flat (batch, n_out), by the loops above (not bnnverify.engine)."""
    h = x.reshape(x.shape[0], *net.input_shape).astype(np.int64)
    outputs = []
    for layer in net.layers:
        h = loop_layer(layer, h)
        outputs.append(h.reshape(h.shape[0], -1))
    return outputs


def pick_thresholds(rng, pre: np.ndarray, bound: int) -> np.ndarray:
    """Per output channel (axis 1): half the pre-activation of some input and position of the
    batch (so sum == threshold happens), half uniform on [-bound - 1, bound + 2] (constants)."""
    c_out = pre.shape[1]
    per_channel = pre.transpose(1, 0, *range(2, pre.ndim)).reshape(c_out, -1)
    tied = per_channel[np.arange(c_out), rng.integers(per_channel.shape[1], size=c_out)]
    uniform = rng.integers(-bound - 1, bound + 3, size=c_out)
    return np.where(rng.random(c_out) < 0.5, tied, uniform).astype(np.int64)


def build(seed: int, spec: list, input_shape, input_range=(0, 255), x=None):
    """A random network from spec and a batch; each entry of spec is one of
    ("binarize",), ("conv", c_out, kernel, stride, padding, pad_value, ternary),
    ("pool", kernel, stride), ("block", n_out, ternary), ("output", n_classes)."""
    rng = np.random.default_rng(seed)
    low, high = input_range
    if x is None:
        x = rng.integers(low, high + 1, size=(BATCH, *input_shape), dtype=np.int64)
        x[0], x[1] = low, high
    h = x.astype(np.int64)
    layers: list = []
    for entry in spec:
        kind = entry[0]
        if kind == "binarize":
            n = int(np.prod(input_shape))
            threshold = rng.integers(low, high + 2, size=n).astype(np.int64)
            layers.append(BinarizeLayer(threshold, rng.random(n) < 0.3))
        elif kind == "conv":
            _, c_out, kernel, stride, padding, pad_value, ternary = entry
            values = np.array([-1, 0, 1] if ternary else [-1, 1], dtype=np.int8)
            weight = rng.choice(values, size=(c_out, h.shape[1], *kernel))
            if ternary and c_out > 1:
                weight[1] = 0  # a channel without weights
            pre = window_sums(h, weight, stride, padding, pad_value)
            bound = int(np.abs(weight).sum(axis=(1, 2, 3)).max()) * max(abs(low), abs(high), 1)
            threshold = pick_thresholds(rng, pre, bound)
            in_shape = tuple(int(d) for d in h.shape[1:])
            layers.append(Conv2dLayer(weight, threshold, in_shape, stride, padding, pad_value))
        elif kind == "pool":
            in_shape = tuple(int(d) for d in h.shape[1:])
            layers.append(MaxPool2dLayer(in_shape, entry[1], entry[2]))
        elif kind == "block":
            values = np.array([-1, 0, 1] if entry[2] else [-1, 1], dtype=np.int8)
            weight = rng.choice(values, size=(entry[1], h[0].size))
            pre = h.reshape(h.shape[0], -1) @ weight.T.astype(np.int64)
            layers.append(BlockLayer(weight, pick_thresholds(rng, pre, h[0].size)))
        else:
            weight = rng.choice(np.array([-1, 1], dtype=np.int8), size=(entry[1], h[0].size))
            layers.append(OutputLayer(weight, rng.normal(size=entry[1])))
        h = loop_layer(layers[-1], h)
    return BinaryNetwork(tuple(layers), input_shape, low, high), x


def assert_engines_agree(net: BinaryNetwork, x: np.ndarray, backend: str) -> None:
    """Packed == the loops here == engine.reference: every hidden layer, the dots, predict."""
    engine = packed.PackedNetwork(net, backend=backend)
    expected = loop_forward(net, x)
    hidden = [h for layer, h in zip(net.layers, expected, strict=True) if layer.hidden]
    got_hidden = engine.hidden_activations(x)
    assert len(got_hidden) == len(hidden)
    for got, want in zip(got_hidden, hidden, strict=True):
        assert got.dtype == np.int8
        np.testing.assert_array_equal(got, want)
    dots = engine.output_dots(x)
    np.testing.assert_array_equal(dots, expected[-1])
    np.testing.assert_array_equal(dots, reference.output_dots(net, x))
    for got, want in zip(got_hidden, reference.hidden_activations(net, x), strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(engine.predict(x), reference.predict(net, x))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("ternary", [False, True], ids=["binary", "ternary"])
@pytest.mark.parametrize("pad_value", [-1, 0, 1])
@pytest.mark.parametrize("case", range(len(CONV_CASES)))
def test_binary_conv_matches_loop_and_reference(case, pad_value, ternary, backend):
    in_shape, kernel, c_out, stride, padding = CONV_CASES[case]
    spec = [("binarize",), ("conv", c_out, kernel, stride, padding, pad_value, ternary)]
    net, x = build(case, [*spec, ("output", 3)], in_shape)
    assert_engines_agree(net, x, backend)


def test_conv_cases_hit_ties_and_both_firing_values():
    """The thresholds of the cases above meet the sums exactly and fire both ways."""
    ties = 0
    for case, (in_shape, kernel, c_out, stride, padding) in enumerate(CONV_CASES):
        spec = [("binarize",), ("conv", c_out, kernel, stride, padding, 0, False), ("output", 3)]
        net, x = build(case, spec, in_shape)
        conv = net.layers[1]
        h = loop_forward(net, x)[0].reshape(len(x), *in_shape)
        pre = window_sums(h, conv.weight, conv.stride, conv.padding, conv.pad_value)
        ties += int((pre == conv.threshold[None, :, None, None]).any(axis=(0, 2, 3)).sum())
    assert ties >= len(CONV_CASES)


RAW_CASES = [
    # (input_range, pad_value, in_shape, kernel, stride, padding): float32, float64, int64 dots
    ((0, 255), 0, (1, 9, 8), (3, 3), (1, 1), (1, 1, 1, 1)),
    ((0, 255), 255, (2, 7, 9), (4, 2), (2, 3), (2, 1, 0, 3)),
    ((-3, 5), -3, (3, 6, 6), (6, 6), (1, 1), (0, 0, 0, 0)),
    ((-3, 5), 5, (5, 5, 4), (2, 2), (3, 1), (3, 3, 3, 3)),
    ((-(2**30), 2**30), 2**29, (2, 4, 4), (3, 3), (1, 2), (1, 1, 1, 1)),
    ((-(2**50), 2**50), -(2**50), (1, 5, 5), (3, 3), (2, 2), (1, 0, 1, 0)),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("ternary", [False, True], ids=["binary", "ternary"])
@pytest.mark.parametrize("case", range(len(RAW_CASES)))
def test_raw_first_conv_matches_loop_and_reference(case, ternary, backend):
    """Layer 0 on integer pixels: exact in float32, float64 and int64 alike."""
    input_range, pad_value, in_shape, kernel, stride, padding = RAW_CASES[case]
    spec = [("conv", 4, kernel, stride, padding, pad_value, ternary), ("output", 3)]
    net, x = build(100 + case, spec, in_shape, input_range)
    assert_engines_agree(net, x, backend)


POOL_CASES = [
    # (in_shape, kernel, stride)
    ((3, 6, 6), (2, 2), None),
    ((2, 7, 5), (3, 2), (1, 1)),
    ((4, 9, 8), (2, 3), (2, 3)),
    ((1, 3, 70), (1, 66), (1, 2)),  # a 66-bit window row
    ((2, 2, 129), (2, 2), (1, 1)),  # W_out = 128
    ((3, 5, 4), (5, 4), None),  # kernel = input
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", range(len(POOL_CASES)))
def test_maxpool_matches_loop_and_reference(case, backend):
    in_shape, kernel, stride = POOL_CASES[case]
    spec = [("binarize",), ("pool", kernel, stride), ("block", 5, True), ("output", 3)]
    net, x = build(200 + case, spec, in_shape)
    assert_engines_agree(net, x, backend)


CHAINS = {
    "raw conv-pool-conv-block": (
        (2, 12, 11),
        [
            ("conv", 6, (3, 3), (1, 1), (1, 1, 1, 1), 0, False),
            ("pool", (2, 2), None),
            ("conv", 9, (3, 2), (2, 1), (0, 1, 1, 0), 1, True),
            ("block", 7, False),
            ("output", 4),
        ],
    ),
    "binarize conv-pool-conv-pool-block": (
        (3, 13, 13),
        [
            ("binarize",),
            ("conv", 8, (3, 3), (1, 1), (1, 1, 1, 1), -1, True),
            ("pool", (3, 3), (2, 2)),
            ("conv", 16, (2, 2), (1, 1), (0, 0, 0, 0), 0, False),
            ("pool", (2, 2), (1, 1)),
            ("block", 65, True),
            ("output", 5),
        ],
    ),
    "conv-conv-conv with kernel = input": (
        (1, 10, 10),
        [
            ("conv", 5, (4, 4), (2, 2), (1, 1, 1, 1), 0, False),
            ("conv", 3, (2, 2), (1, 1), (0, 0, 0, 0), 1, False),
            ("conv", 7, (4, 4), (1, 1), (0, 0, 0, 0), -1, True),
            ("output", 3),
        ],
    ),
    "conv over a block-free stride-3 pool": (
        (4, 10, 10),
        [
            ("binarize",),
            ("pool", (3, 3), (3, 3)),
            ("conv", 64, (3, 3), (1, 1), (1, 1, 1, 1), 1, True),
            ("output", 3),
        ],
    ),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", list(CHAINS))
def test_conv_chains_match_loop_and_reference(name, backend):
    input_shape, spec = CHAINS[name]
    net, x = build(len(name), spec, input_shape)
    assert_engines_agree(net, x, backend)


def fashion_images(count: int) -> np.ndarray:
    from bnnverify import data

    dataset = data.load_dataset("test") if FASHION_DIR.exists() else data.load_samples()
    return np.asarray(dataset.x[:count]).astype(np.int64)


REAL_MODELS = {
    "conv-small": [
        ("conv", 16, (4, 4), (2, 2), (0, 0, 0, 0), 0, False),
        ("conv", 32, (4, 4), (2, 2), (0, 0, 0, 0), 0, False),
        ("block", 100, False),
        ("output", 10),
    ],
    "conv-pool": [
        ("conv", 16, (3, 3), (1, 1), (1, 1, 1, 1), 0, True),
        ("pool", (2, 2), None),
        ("conv", 32, (3, 3), (1, 1), (1, 1, 1, 1), 0, True),
        ("pool", (2, 2), None),
        ("block", 100, True),
        ("output", 10),
    ],
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", list(REAL_MODELS))
def test_fashion_mnist_conv_models_match_loop_and_reference(name, backend):
    x = fashion_images(64)
    net, x = build(7, REAL_MODELS[name], (1, 28, 28), (0, 255), x=x)
    assert_engines_agree(net, x, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_conv_engine_accepts_image_shaped_and_single_inputs(backend):
    spec = [("conv", 4, (3, 3), (1, 1), (1, 1, 1, 1), 0, False), ("pool", (2, 2), None)]
    net, x = build(3, [*spec, ("block", 6, False), ("output", 3)], (2, 6, 6))
    engine = packed.PackedNetwork(net, backend=backend)
    want = loop_forward(net, x)[-1]
    np.testing.assert_array_equal(engine.output_dots(x.reshape(len(x), -1)), want)
    np.testing.assert_array_equal(engine.output_dots(x[5]), want[5:6])
    np.testing.assert_array_equal(engine.output_dots(x.astype(np.uint8)), want)


def test_conv_weight_bytes_count_packed_words_and_masks():
    spec = [("conv", 5, (3, 3), (1, 1), (0, 0, 0, 0), 0, True), ("output", 2)]
    net, _ = build(1, spec, (7, 5, 5))  # K = 63: one word per channel, plus a mask word
    assert packed.PackedNetwork(net, backend="numpy").weight_bytes == 5 * 2 * 8 + 2 * 8
