"""Convolutional training and export: the --arch grammar, export against torch eval in float64
(layer by layer, with hand-set batch norms: gamma < 0, gamma = 0, exact ties), max-pool after
negative-gamma channels, ternary sparsity, a short real training run, `bnnverify info`.
Oracles: exact lists, torch itself, the reference engine."""

from __future__ import annotations

import math

import numpy as np
import pytest
from bnn_cases import FASHION_DIR, read_fashion_idx

torch = pytest.importorskip("torch")

from bnnverify.cli import main  # noqa: E402
from bnnverify.cli.info import describe_network  # noqa: E402
from bnnverify.engine import reference  # noqa: E402
from bnnverify.errors import UsageError  # noqa: E402
from bnnverify.io import load_network, save_network  # noqa: E402
from bnnverify.train import BnnConvNet, TrainConfig, export_network, train_and_export  # noqa: E402
from bnnverify.train.arch import (  # noqa: E402
    Conv,
    Dense,
    Pool,
    arch_text,
    check_conv_shapes,
    parse_arch,
)


@pytest.mark.parametrize(
    ("text", "parsed", "shapes"),
    [
        (
            "conv16k4s2-conv32k4s2-fc100-fc10",
            (Conv(16, 4, 2), Conv(32, 4, 2), Dense(100), Dense(10)),
            [(16, 13, 13), (32, 5, 5), (100,), (10,)],
        ),
        (
            "conv16k3p1-mp2-conv32k3p1-mp2-fc100-fc10",
            (Conv(16, 3, 1, 1), Pool(2), Conv(32, 3, 1, 1), Pool(2), Dense(100), Dense(10)),
            [(16, 28, 28), (16, 14, 14), (32, 14, 14), (32, 7, 7), (100,), (10,)],
        ),
        ("conv8k5s3p2-mp3s1-mp2-fc10", (Conv(8, 5, 3, 2), Pool(3, 1), Pool(2), Dense(10)), None),
    ],
)
def test_arch_grammar_parses_to_the_listed_parts(text, parsed, shapes):
    arch = parse_arch(text)
    assert arch == parsed
    assert arch_text(arch) == text
    if shapes is not None:
        assert check_conv_shapes(arch, (1, 28, 28), 10) == shapes


def test_mlp_arch_is_unchanged():
    assert parse_arch("784-200-100-10") == (784, 200, 100, 10)
    assert arch_text((784, 200, 10)) == "784-200-10"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("784", "needs an input size"),
        ("784-0-10", "needs an input size"),
        ("a-b", "must look like"),
        ("conv16k3-fc10x", "bad part 'fc10x'"),
        ("conv16k0-fc10", "must be at least 1"),
        ("conv16k3s0-fc10", "must be at least 1"),
        ("mp2-fc10", "starts with a conv"),
        ("fc100-fc10", "starts with a conv"),
        ("conv16k3", "the last part must be fc"),
        ("conv16k3-fc10-conv4k3-fc10", "conv4k3 after an fc"),
        ("784-conv16k3-fc10", "bad part '784'"),
        ("conv16k3--fc10", "bad part ''"),
    ],
)
def test_bad_arch_is_a_one_line_usage_error(text, message):
    with pytest.raises(UsageError) as error:
        parse_arch(text)
    assert message in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("conv4k30-fc10", "does not fit its 1x28x28 input"), ("conv4k3-fc9", "end with fc10")],
)
def test_arch_that_does_not_fit_the_data_is_a_usage_error(text, message):
    with pytest.raises(UsageError, match=message):
        check_conv_shapes(parse_arch(text), (1, 28, 28), 10)
    with pytest.raises(UsageError, match="needs \\(C, H, W\\) images"):
        check_conv_shapes(parse_arch(text), (784,), 10)


def test_cli_refuses_a_bad_conv_arch_in_one_line(tmp_path, capsys):
    out = str(tmp_path / "m.npz")
    argv = ["train", "--arch", "conv4k3-mp2", "--data", str(tmp_path), "--out", out]
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "the last part must be fc" in lines[0]


def test_train_help_documents_the_grammar(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for part in ("conv<C>k<K>[s<S>][p<P>]", "mp<K>[s<S>]", "fc<N>", "conv16k4s2-conv32k4s2"):
        assert part in text


def _set_batchnorm(bn, rng: np.random.Generator, span: float, unit: float) -> None:
    """Random statistics, then by hand: channel 0 gamma = 0, beta = 0 (constant +1), channel 1
    gamma = 0, beta < 0 (constant -1), channel 2 gamma < 0, and from channel 3 every other one
    an exact tie (beta = 0, gamma = +-1, var = 4, eps = 0, mean = an integer dot * unit)."""
    n = bn.num_features
    gamma = rng.uniform(-2, 2, n)
    beta = rng.uniform(-1, 1, n)
    mean = rng.uniform(-span, span, n)
    var = rng.uniform(0.5, 3, n)
    gamma[: min(n, 2)] = 0.0
    beta[: min(n, 2)] = (0.0, -0.5)[: min(n, 2)]
    if n > 2:
        gamma[2] = -abs(gamma[2]) - 0.1
    bn.eps = 0.0
    var += 1e-3  # eps = 0: keep var + eps > 0
    for j in range(3, n, 2):
        gamma[j], beta[j], var[j] = (1.0 if j % 4 == 3 else -1.0), 0.0, 4.0
        mean[j] = rng.integers(-3, 4) * unit
    with torch.no_grad():
        for tensor, values in (
            (bn.weight, gamma),
            (bn.bias, beta),
            (bn.running_mean, mean),
            (bn.running_var, var),
        ):
            tensor.copy_(torch.from_numpy(values))


def _random_conv_model(
    seed: int, text: str, input_shape, ternary: bool, input_threshold
) -> BnnConvNet:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = BnnConvNet(
        parse_arch(text), input_shape, ternary, 0.4 if ternary else 0.0, input_threshold
    ).double()
    with torch.no_grad():
        for layer in model.binary_linears():
            layer.weight.uniform_(-1, 1)
        norms = [stage.norm for stage in model.stages] + list(model.norms)
        for k, bn in enumerate(norms):
            raw = k == 0 and input_threshold is None
            # the first conv's pre-activation is dot / 256, dot = O(window * pixel)
            _set_batchnorm(bn, rng, 1.0 if raw else 3.0, 1 / 256 if raw else 1.0)
        model.out_scale.log_scale.fill_(float(rng.uniform(-2, 1)))
        model.out_scale.bias.copy_(torch.from_numpy(rng.uniform(-2, 2, model.out_scale.bias.shape)))
    return model.eval()


def _random_pixels(rng: np.random.Generator, n: int, shape) -> np.ndarray:
    """Half the images with small pixels (hits batch-norm ties often), half over 0..255."""
    small = rng.integers(0, 3, size=(n // 2, *shape))
    full = rng.integers(0, 256, size=(n - n // 2, *shape))
    return np.concatenate([small, full]).astype(np.uint8)


def _assert_matches_torch(model: BnnConvNet, net, x: np.ndarray) -> None:
    with torch.no_grad():
        logits, outputs = model.forward_with_outputs(torch.from_numpy(x).double())
    exported = reference.layer_outputs(net, x)
    assert len(exported) == len(outputs) + 1  # + the output layer's dots
    for k, (h_torch, h_exported) in enumerate(zip(outputs, exported, strict=False)):
        np.testing.assert_array_equal(h_exported, h_torch.numpy().astype(np.int64), f"layer{k}")
    np.testing.assert_array_equal(reference.predict(net, x), logits.argmax(dim=1).numpy())


ARCHS = [
    ("conv5k3p1-mp2-conv4k3s2-fc6-fc3", (2, 8, 8)),
    ("conv6k2-mp2s1-mp2-fc4", (1, 7, 7)),
    ("conv4k3s2p2-conv5k2-mp2-fc3", (1, 9, 9)),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("ternary", [False, True])
@pytest.mark.parametrize("input_threshold", [None, 100])
@pytest.mark.parametrize(("text", "shape"), ARCHS)
def test_exported_conv_network_matches_torch_layer_by_layer(
    seed, ternary, input_threshold, text, shape
):
    model = _random_conv_model(seed, text, shape, ternary, input_threshold)
    x = _random_pixels(np.random.default_rng(seed + 50), 300, shape)

    net = export_network(model, shape)

    kinds = [layer.kind for layer in net.layers]
    assert kinds.count("conv2d") == text.count("conv")
    assert kinds.count("maxpool2d") == text.count("mp")
    assert (kinds[0] == "binarize") == (input_threshold is not None)
    _assert_matches_torch(model, net, x)


def test_negative_and_zero_gamma_channels_fold_exactly():
    model = _random_conv_model(0, "conv5k3-mp2-fc4", (2, 6, 6), False, None)
    gamma = model.stages[0].norm.weight.detach().numpy()
    assert gamma[0] == gamma[1] == 0 and gamma[2] < 0

    net = export_network(model, (2, 6, 6))

    conv = net.layers[0]
    assert conv.kind == "conv2d" and conv.weight.shape == (5, 2, 3, 3)
    bound = 2 * 3 * 3 * 255  # C_in * KH * KW * the largest pixel
    assert conv.threshold[0] == -bound  # gamma = 0, beta = 0: always +1
    assert conv.threshold[1] == bound + 1  # gamma = 0, beta < 0: never fires
    q = model.stages[0].conv.quantized_weight().detach().numpy().astype(np.int8)
    negative = gamma < 0
    np.testing.assert_array_equal(conv.weight[negative], -q[negative])
    np.testing.assert_array_equal(conv.weight[~negative], q[~negative])
    _assert_matches_torch(model, net, _random_pixels(np.random.default_rng(1), 2000, (2, 6, 6)))


@pytest.mark.parametrize("seed", range(4))
def test_maxpool_after_negative_gamma_channels_matches_torch(seed):
    """Every channel decreasing (gamma < 0): the pool must stay an OR of the signs (it would be
    an AND of 'dot <= U' had the pool come before the batch norm)."""
    model = _random_conv_model(seed, "conv4k3-mp2-conv3k2-mp2s1-fc3", (1, 8, 8), True, None)
    with torch.no_grad():
        for stage in model.stages:
            stage.norm.weight.copy_(-stage.norm.weight.abs() - 0.25)
    x = _random_pixels(np.random.default_rng(seed), 1000, (1, 8, 8))

    net = export_network(model, (1, 8, 8))

    assert [layer.kind for layer in net.layers][:4] == ["conv2d", "maxpool2d"] * 2
    with torch.no_grad():
        _, outputs = model.forward_with_outputs(torch.from_numpy(x).double())
    pooled = outputs[1].numpy()
    assert (pooled == 1).any() and (pooled == -1).any()  # the test is not vacuous
    _assert_matches_torch(model, net, x)


@pytest.mark.parametrize("sparsity", [0.5, 0.8])
def test_ternary_conv_layers_have_the_requested_zeros(sparsity):
    torch.manual_seed(0)
    model = BnnConvNet(parse_arch("conv8k3-mp2-fc12-fc5"), (3, 9, 9), True, sparsity).eval()

    net = export_network(model, (3, 9, 9))

    for layer in net.layers:
        if hasattr(layer, "weight"):  # no ties among the uniform latent weights
            assert np.count_nonzero(layer.weight == 0) == math.floor(sparsity * layer.weight.size)


@pytest.fixture(scope="module")
def fashion_subset():
    if not (FASHION_DIR / "train-images-idx3-ubyte.gz").exists():
        pytest.skip(f"Fashion-MNIST IDX files not found in {FASHION_DIR}")
    x = read_fashion_idx("train-images-idx3-ubyte")[:1000, None]  # (N, 1, 28, 28)
    y = read_fashion_idx("train-labels-idx1-ubyte")[:1000].astype(np.int64)
    return x[:700], y[:700], x[700:], y[700:]


def test_short_conv_training_run_exports_an_exact_network(fashion_subset, tmp_path):
    train_x, train_y, test_x, test_y = fashion_subset
    config = TrainConfig(
        arch="conv4k4s2-mp2-fc16-fc10",
        epochs=1,
        batch_size=50,
        lr=1e-2,
        ternary=True,
        sparsity=0.5,
        command="pytest",
    )

    result = train_and_export(config, train_x, train_y, test_x, test_y)

    assert result.n_test == 300 and result.disagreements == 0  # exactness, not accuracy
    assert result.exported_accuracy > 0.3  # chance is 0.1
    path = tmp_path / "conv.npz"
    save_network(result.network, path)
    loaded = load_network(path)
    np.testing.assert_array_equal(
        reference.predict(loaded, test_x), reference.predict(result.network, test_x)
    )
    assert loaded.provenance["architecture"] == "conv4k4s2-mp2-fc16-fc10"
    assert loaded.provenance["disagreements"] == 0

    info = describe_network(path)

    assert info["architecture"] == "conv4k4s2-mp2-fc16-fc10"
    assert info["layer_shapes"] == [
        "conv2d 1x28x28 -> 4x13x13 (k4 s2)",
        "maxpool2d 4x13x13 -> 4x6x6 (k2 s2)",
        "block 144 -> 16",
        "output 16 -> 10",
    ]
    sizes = [4 * 16, 16 * 144, 10 * 16]
    assert info["weights"] == sum(sizes)
    assert info["zero_weights"] == sum(n // 2 for n in sizes)


def test_conv_training_is_seeded(fashion_subset):
    train_x, train_y, test_x, test_y = fashion_subset
    config = TrainConfig(arch="conv3k5s3-fc10", epochs=1, batch_size=100, seed=3)
    a = train_and_export(config, train_x[:200], train_y[:200], test_x[:20], test_y[:20])
    b = train_and_export(config, train_x[:200], train_y[:200], test_x[:20], test_y[:20])
    for layer_a, layer_b in zip(a.network.layers, b.network.layers, strict=True):
        for name in layer_a.ARRAYS:
            np.testing.assert_array_equal(getattr(layer_a, name), getattr(layer_b, name))
