"""PackedNetwork (numba and numpy paths) against engine.reference: exact equality only."""

from __future__ import annotations

import gzip
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from bnnverify.engine import compiled, kernels, packed, reference
from bnnverify.model import BinarizeLayer, BinaryNetwork, BlockLayer, OutputLayer

ASSETS = Path(__file__).resolve().parents[1] / "bnnverify" / "assets"
FASHION_TEST_IMAGES = Path("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
BACKENDS = [
    pytest.param("numba", marks=pytest.mark.skipif(not packed.HAS_NUMBA, reason="no numba")),
    "numpy",
]
# Widths at word boundaries; the first entry is the input size.
WIDTHS = [(5, 1, 3), (63, 64, 65, 4), (129, 127, 128, 3), (64, 129, 63, 5)]
TINY_BIASES = [0.1, 1e-30, 2.0**-60, -(2.0**-60), 0.0, -0.1, 3.5]


def random_network(
    seed: int,
    widths: tuple[int, ...],
    *,
    ternary: bool,
    first: str,
    input_range: tuple[int, int] = (0, 255),
    batch: int = 40,
) -> tuple[BinaryNetwork, np.ndarray]:
    """A random network and an input batch that hits exact ties in every layer.

    Half of each layer's thresholds are the pre-activation of some input of the batch (so
    dot == threshold happens), the rest are uniform on [-bound, bound + 1] (constants included).
    Output rows 0 and 1 are identical; biases come from TINY_BIASES, so score ties and
    differences of 2**-60 occur.
    """
    rng = np.random.default_rng(seed)
    low, high = input_range
    n_in, *hidden, n_classes = widths
    x = rng.integers(low, high + 1, size=(batch, n_in), dtype=np.int64)
    x[0], x[1] = low, high
    layers: list = []
    if first == "binarize":
        threshold = rng.integers(low - 1, high + 2, size=n_in)
        layers.append(BinarizeLayer(threshold.astype(np.int64), rng.random(n_in) < 0.5))
        x[2] = threshold.clip(low, high)  # x_i == threshold_i: the >= / <= boundary
    values = np.array([-1, 0, 1] if ternary else [-1, 1], dtype=np.int8)
    h = reference.evaluate_binarize(layers[0], x) if layers else x  # what block 0 reads
    for n_out in hidden:
        weight = rng.choice(values, size=(n_out, h.shape[1]))
        pre = h @ weight.T.astype(np.int64)  # (batch, n_out)
        bound = int(np.abs(h).max(initial=1)) * h.shape[1]
        uniform = rng.integers(-bound, bound + 2, size=n_out)
        tied = pre[rng.integers(batch, size=n_out), np.arange(n_out)]
        threshold = np.where(rng.random(n_out) < 0.5, tied, uniform).astype(np.int64)
        layers.append(BlockLayer(weight, threshold))
        h = np.where(pre >= threshold, 1, -1)
    weight = rng.choice(values, size=(n_classes, h.shape[1]))
    weight[1] = weight[0]
    bias = rng.choice(TINY_BIASES, size=n_classes)
    bias[1] = bias[0] if seed % 2 else bias[0] + 2.0**-60
    layers.append(OutputLayer(weight, bias.astype(np.float64)))
    return BinaryNetwork(tuple(layers), (n_in,), low, high), x


def exact_argmax(dots: np.ndarray, bias: np.ndarray) -> list[int]:
    """Prediction by Fractions: argmax of dot + bias, first maximum wins."""
    out = []
    for row in dots:
        scores = [int(d) + Fraction(float(b)) for d, b in zip(row, bias, strict=True)]
        out.append(scores.index(max(scores)))
    return out


def assert_engines_agree(net: BinaryNetwork, x: np.ndarray, backend: str) -> None:
    engine = packed.PackedNetwork(net, backend=backend)
    want_hidden = reference.hidden_activations(net, x)
    got_hidden = engine.hidden_activations(x)
    assert len(got_hidden) == len(want_hidden)
    for k, (got, want) in enumerate(zip(got_hidden, want_hidden, strict=True)):
        assert got.dtype == np.int8, k
        np.testing.assert_array_equal(got, want, err_msg=f"block {k}")
    dots = engine.output_dots(x)
    assert dots.dtype == np.int64
    np.testing.assert_array_equal(dots, reference.output_dots(net, x))
    predicted = engine.predict(x)
    np.testing.assert_array_equal(predicted, reference.predict(net, x))
    assert predicted.tolist() == exact_argmax(dots, net.output.bias)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("ternary", [False, True], ids=["binary", "ternary"])
@pytest.mark.parametrize("widths", WIDTHS, ids=lambda w: "-".join(map(str, w)))
@pytest.mark.parametrize("seed", range(3))
def test_packed_raw_first_layer_matches_reference(seed, widths, ternary, backend):
    net, x = random_network(seed, widths, ternary=ternary, first="raw")
    assert_engines_agree(net, x, backend)


@pytest.mark.parametrize("first", ["raw", "binarize"])
@pytest.mark.parametrize("seed", range(2))
def test_parallel_and_serial_batches_match_reference(seed, first):
    """A batch past compiled.SERIAL_ROWS runs in parallel tasks, a small one on the calling
    thread: both exact, whatever the split."""
    if not compiled.HAS_NUMBA:
        pytest.skip("numba is not installed")
    net, x = random_network(seed, (37, 70, 33, 10), ternary=True, first=first, batch=150)
    assert not compiled.runs_serially(len(x))
    assert_engines_agree(net, x, "numba")
    engine = packed.PackedNetwork(net, backend="numba")
    rows = np.concatenate([engine.output_dots(x[i : i + 1]) for i in range(len(x))])
    np.testing.assert_array_equal(rows, engine.output_dots(x))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("ternary", [False, True], ids=["binary", "ternary"])
@pytest.mark.parametrize("widths", WIDTHS, ids=lambda w: "-".join(map(str, w)))
@pytest.mark.parametrize("seed", range(3))
def test_packed_binarize_first_matches_reference(seed, widths, ternary, backend):
    net, x = random_network(seed, widths, ternary=ternary, first="binarize")
    assert_engines_agree(net, x, backend)
    assert_engines_agree(net, x.astype(np.uint8), backend)  # the images' own dtype


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("first", ["raw", "binarize"])
@pytest.mark.parametrize("seed", range(3))
def test_packed_signed_inputs_match_reference(seed, first, backend):
    net, x = random_network(seed, (65, 64, 3), ternary=True, first=first, input_range=(-3, 3))
    assert_engines_agree(net, x, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("magnitude", [2**30, 2**53 // 3], ids=["float64", "int64"])
def test_packed_wide_inputs_fall_back_exactly(magnitude, backend):
    # 65 * 2**30 passes 2**24 (float32 inexact), 65 * 2**53 / 3 passes 2**53 (float64 inexact).
    net, x = random_network(
        7, (65, 63, 3), ternary=False, first="raw", input_range=(-magnitude, magnitude)
    )
    x[2] = magnitude - np.arange(65) % 2  # odd values near the top: float32 would round them
    assert_engines_agree(net, x, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_packed_accepts_image_shaped_and_single_inputs(backend):
    flat_net, x = random_network(3, (65, 64, 3), ternary=False, first="binarize")
    net = BinaryNetwork(flat_net.layers, (1, 5, 13), flat_net.input_min, flat_net.input_max)
    engine = packed.PackedNetwork(net, backend=backend)

    images = x.reshape(-1, 1, 5, 13)

    np.testing.assert_array_equal(engine.output_dots(images), reference.output_dots(net, x))
    np.testing.assert_array_equal(engine.predict(images[4]), reference.predict(net, x[4:5]))


def test_random_networks_hit_hidden_ties():
    ties = 0
    for seed in range(3):
        net, x = random_network(seed, (63, 64, 65, 4), ternary=True, first="raw")
        h = net.flatten(x)  # raw first layer: block 0 reads the integers themselves
        for layer in net.blocks:
            pre = h @ layer.weight.T.astype(np.int64)
            ties += int((pre == layer.threshold).sum())
            h = np.where(pre >= layer.threshold, 1, -1)
    assert ties > 0


@pytest.mark.skipif(not packed.HAS_NUMBA, reason="no numba")
def test_ctpop_intrinsic_matches_bitwise_count():
    import numba

    @numba.njit
    def popcounts(words):
        out = np.empty(words.shape[0], dtype=np.int64)
        for i in range(words.shape[0]):
            out[i] = compiled.ctpop(words[i])
        return out

    rng = np.random.default_rng(0)
    edges = np.array([0, 1, 2**63, 2**64 - 1, 2**63 - 1, 0x5555555555555555], dtype=np.uint64)
    words = np.concatenate([edges, rng.integers(0, 2**64, size=1000, dtype=np.uint64)])

    np.testing.assert_array_equal(popcounts(words), np.bitwise_count(words))


def test_auto_backend_without_numba_uses_numpy(monkeypatch):
    monkeypatch.setattr(packed, "HAS_NUMBA", False)
    net, x = random_network(0, (64, 65, 3), ternary=True, first="raw")

    engine = packed.PackedNetwork(net)

    assert engine.backend == "numpy"
    np.testing.assert_array_equal(engine.output_dots(x), reference.output_dots(net, x))
    with pytest.raises(ImportError):
        packed.PackedNetwork(net, backend="numba")


@pytest.mark.parametrize("ternary", [False, True], ids=["binary", "ternary"])
def test_weight_bytes_counts_words_and_ternary_masks(ternary):
    net, _ = random_network(1, (65, 64, 129, 3), ternary=ternary, first="raw")
    words = 64 * 2 + 129 * 1 + 3 * 3  # n_out * ceil(n_in / 64) per weighted layer
    assert all((layer.weight != 0).all() != ternary for layer in net.layers)

    engine = packed.PackedNetwork(net)

    assert engine.weight_bytes == 8 * words * (2 if ternary else 1)


def load_fashion_images(count: int) -> np.ndarray:
    with gzip.open(FASHION_TEST_IMAGES, "rb") as stream:
        data = stream.read(16 + count * 28 * 28)
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, 28, 28)


@pytest.mark.skipif(not FASHION_TEST_IMAGES.exists(), reason="no Fashion-MNIST test images")
@pytest.mark.parametrize("backend", BACKENDS)
def test_default_model_on_fashion_mnist_matches_reference(backend):
    from bnnverify.io import load_network

    net = load_network(ASSETS / "default_model.npz")
    images = load_fashion_images(1000).reshape(1000, *net.input_shape)
    engine = packed.PackedNetwork(net, backend=backend)

    np.testing.assert_array_equal(engine.output_dots(images), reference.output_dots(net, images))
    np.testing.assert_array_equal(engine.predict(images), reference.predict(net, images))


@pytest.mark.skipif(not packed.HAS_NUMBA, reason="numba is not installed")
@pytest.mark.parametrize("density", [1.0, 0.0], ids=["sparse-path", "blas-path"])
@pytest.mark.parametrize("widths", WIDTHS, ids=lambda w: "-".join(map(str, w)))
@pytest.mark.parametrize("seed", range(2))
def test_sparse_and_blas_first_layers_match_reference(seed, widths, density, monkeypatch):
    monkeypatch.setattr(kernels, "SPARSE_DENSITY", density)  # force one path or the other
    net, x = random_network(seed, widths, ternary=True, first="raw")
    assert_engines_agree(net, x, "numba")
    big = np.repeat(x, kernels.SPARSE_MAX_BATCH // len(x) + 2, axis=0)  # past the batch limit
    assert_engines_agree(net, big, "numba")
