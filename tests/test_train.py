"""Training and export: the STE at its boundaries, export against torch eval in float64, and a
short real training run. Oracles: exact lists, torch itself (layer by layer), the reference
engine."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from bnn_cases import FASHION_DIR, read_fashion_idx

torch = pytest.importorskip("torch")

from bnnverify.engine import reference  # noqa: E402
from bnnverify.errors import UsageError  # noqa: E402
from bnnverify.io import load_network, save_network  # noqa: E402
from bnnverify.train import (  # noqa: E402
    BnnMlp,
    TrainConfig,
    export_network,
    quantize_weight,
    sign_ste,
    train_and_export,
)


def test_sign_ste_forward_and_gradient():
    x = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0], requires_grad=True)
    y = sign_ste(x)
    y.sum().backward()
    assert y.tolist() == [-1, -1, -1, 1, 1, 1, 1]  # sign(0) = +1
    assert x.grad.tolist() == [0, 1, 1, 1, 1, 1, 0]  # clipped straight-through
    assert sign_ste(torch.tensor([-0.0])).tolist() == [1]


@pytest.mark.parametrize("sparsity", [0.0, 0.25, 0.5, 0.9])
def test_ternary_quantizer_zeroes_the_smallest_fraction(sparsity):
    latent = torch.randn(40, 30, generator=torch.Generator().manual_seed(1))
    q = quantize_weight(latent, ternary=True, sparsity=sparsity)
    assert set(q.unique().tolist()) <= {-1.0, 0.0, 1.0}
    assert int((q == 0).sum()) == int(sparsity * latent.numel())  # no ties in randn
    kept = q != 0
    assert (latent.abs()[kept].min() > latent.abs()[~kept].max()) if (~kept).any() else True
    assert torch.equal(q[kept], torch.where(latent[kept] >= 0, 1.0, -1.0))


def test_binary_quantizer_maps_zero_to_plus_one():
    q = quantize_weight(torch.tensor([[-0.5, 0.0, 0.5]]), ternary=False, sparsity=0.0)
    assert q.tolist() == [[-1.0, 1.0, 1.0]]


def _set_batchnorm(
    bn: torch.nn.BatchNorm1d, rng: np.random.Generator, span: float, unit: float, ties: bool
):
    """Random stats with gamma < 0, gamma = 0 (beta = 0 and beta < 0) and exactly tied neurons.

    Tie neurons: beta = 0, gamma = +-1, var = 4, eps = 0, mean = a small integer dot * unit
    (unit = the input scale), so the BN output is exactly 0 when the dot hits the mean: every
    float step is exact there.
    """
    n = bn.num_features
    gamma = rng.uniform(-2, 2, n)
    beta = rng.uniform(-3, 3, n)
    mean = rng.uniform(-span, span, n)
    var = rng.uniform(0.5, 3, n)
    gamma[0], beta[0] = 0.0, 0.0  # constant +1 (BN output is exactly 0)
    gamma[1], beta[1] = 0.0, -0.5  # constant -1
    if ties:
        bn.eps = 0.0
        for j in range(2, n, 2):
            gamma[j], beta[j], var[j] = (1.0 if j % 4 == 2 else -1.0), 0.0, 4.0
            mean[j] = rng.integers(-4, 5) * unit
    with torch.no_grad():
        for tensor, values in (
            (bn.weight, gamma),
            (bn.bias, beta),
            (bn.running_mean, mean),
            (bn.running_var, var),
        ):
            tensor.copy_(torch.from_numpy(values))


def _random_model(seed: int, arch, ternary: bool, input_threshold, ties: bool) -> BnnMlp:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = BnnMlp(
        arch, ternary=ternary, sparsity=0.3 if ternary else 0.0, input_threshold=input_threshold
    ).double()
    with torch.no_grad():
        for linear in model.binary_linears():
            linear.weight.uniform_(-1, 1)
        for k, bn in enumerate(model.norms):
            raw = k == 0 and input_threshold is None
            # the first block's pre-activation is dot / 256 with dot = O(n * pixel)
            span, unit = (2.0, 1 / 256) if raw else (float(arch[k]), 1.0)
            _set_batchnorm(bn, rng, span, unit, ties)
        model.out_scale.log_scale.fill_(float(rng.uniform(-2, 1)))
        model.out_scale.bias.copy_(torch.from_numpy(rng.uniform(-2, 2, arch[-1])))
        model.out_linear.weight[1] = model.out_linear.weight[0]  # an exact output tie ...
        model.out_scale.bias[1] = model.out_scale.bias[0]  # ... broken to the lowest index
    return model.eval()


def _random_pixels(rng: np.random.Generator, n: int, n_in: int) -> np.ndarray:
    """Half the rows with small pixels (hits BN ties often), half over the full range."""
    small = rng.integers(0, 4, size=(n // 2, n_in))
    full = rng.integers(0, 256, size=(n - n // 2, n_in))
    return np.concatenate([small, full]).astype(np.uint8)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ternary", [False, True])
@pytest.mark.parametrize("input_threshold", [None, 128])
@pytest.mark.parametrize("ties", [False, True])
def test_exported_network_matches_torch_layer_by_layer(seed, ternary, input_threshold, ties):
    arch = (12, 9, 7, 4)
    model = _random_model(seed, arch, ternary, input_threshold, ties)
    x = _random_pixels(np.random.default_rng(seed + 100), 600, arch[0])

    net = export_network(model, (arch[0],))

    with torch.no_grad():
        logits, hidden = model.forward_with_hidden(torch.from_numpy(x).double())
    for k, (h_torch, h_exported) in enumerate(
        zip(hidden, reference.hidden_activations(net, x), strict=True)
    ):
        np.testing.assert_array_equal(h_exported, h_torch.numpy().astype(np.int8), f"block {k}")
    np.testing.assert_array_equal(reference.predict(net, x), logits.argmax(dim=1).numpy())


def test_export_folds_constant_and_negated_neurons(caplog):
    model = _random_model(0, (5, 4, 3), ternary=False, input_threshold=1, ties=False)

    with caplog.at_level("WARNING", logger="bnnverify.train.export"):
        net = export_network(model, (5,))

    assert "2 neurons have gamma = 0" in caplog.text

    block = net.blocks[0]
    bound = 5  # n_in * magnitude after binarize
    assert block.threshold[0] == -bound  # gamma = 0, beta = 0: always +1
    assert block.threshold[1] == bound + 1  # gamma = 0, beta < 0: never fires
    q = quantize_weight(model.blocks[0].weight, False, 0.0).numpy().astype(np.int8)
    negative = model.norms[0].weight.detach().numpy() < 0
    np.testing.assert_array_equal(block.weight[negative], -q[negative])
    np.testing.assert_array_equal(block.weight[~negative], q[~negative])


def test_torch_missing_gives_a_one_line_usage_error():
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "try:\n    from bnnverify.train import TrainConfig\n"
        "except Exception as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "UsageError training needs PyTorch: pip install 'bnnverify[train]'"
    )


@pytest.mark.parametrize(
    "changes",
    [
        dict(arch=(100, 8, 10)),
        dict(arch=(784, 8, 3)),
        dict(arch=(784, 10)),
        dict(sparsity=0.5),
        dict(ternary=True, sparsity=1.0),
        dict(input_threshold=300),
        dict(epochs=0),
        dict(arch=(784, 0, 10)),
    ],
)
def test_config_errors_are_usage_errors(changes):
    config = TrainConfig(**{"arch": (784, 8, 10), **changes})
    x = np.zeros((4, 1, 28, 28), np.uint8)
    y = np.zeros(4, np.int64)
    with pytest.raises(UsageError):
        train_and_export(config, x, y, x, y, class_names=[str(c) for c in range(10)])


@pytest.fixture(scope="module")
def fashion_subset():
    if not (FASHION_DIR / "train-images-idx3-ubyte.gz").exists():
        pytest.skip(f"Fashion-MNIST IDX files not found in {FASHION_DIR}")
    x = read_fashion_idx("train-images-idx3-ubyte")[:1500, None]  # (N, 1, 28, 28)
    y = read_fashion_idx("train-labels-idx1-ubyte")[:1500].astype(np.int64)
    return x[:1000], y[:1000], x[1000:], y[1000:]


@pytest.mark.parametrize(
    "options",
    [dict(), dict(ternary=True, sparsity=0.5), dict(input_threshold=128)],
    ids=["binary", "ternary", "binarize-input"],
)
def test_short_training_run_exports_a_faithful_network(fashion_subset, options, tmp_path):
    train_x, train_y, test_x, test_y = fashion_subset
    config = TrainConfig(
        arch=(784, 32, 10), epochs=1, batch_size=50, lr=1e-2, seed=0, command="pytest", **options
    )
    lines = []

    result = train_and_export(config, train_x, train_y, test_x, test_y, progress=lines.append)

    assert len(lines) == 1 and lines[0].startswith("epoch 1/1")
    assert result.n_test == 500
    assert result.disagreements <= 1
    assert result.exported_accuracy > 0.4  # chance is 0.1
    assert abs(result.torch_accuracy - result.exported_accuracy) <= 1 / 500
    save_network(result.network, tmp_path / "m.npz")
    loaded = load_network(tmp_path / "m.npz")
    np.testing.assert_array_equal(
        reference.predict(loaded, test_x), reference.predict(result.network, test_x)
    )
    assert (loaded.binarize is not None) == ("input_threshold" in options)
    provenance = loaded.provenance
    for key in (
        "dataset",
        "architecture",
        "seed",
        "ternary",
        "sparsity",
        "epochs",
        "torch_accuracy",
        "exported_accuracy",
        "disagreements",
        "n_test",
        "command",
        "tool_version",
    ):
        assert key in provenance, key
    assert provenance["architecture"] == "784-32-10"
    if options.get("ternary"):
        weight = loaded.blocks[0].weight
        assert np.count_nonzero(weight == 0) == int(0.5 * weight.size)


def test_training_is_seeded(fashion_subset):
    train_x, train_y, test_x, test_y = fashion_subset
    config = TrainConfig(arch=(784, 16, 10), epochs=1, batch_size=100, seed=3)
    a = train_and_export(config, train_x[:300], train_y[:300], test_x[:50], test_y[:50])
    b = train_and_export(config, train_x[:300], train_y[:300], test_x[:50], test_y[:50])
    for layer_a, layer_b in zip(a.network.layers, b.network.layers, strict=True):
        np.testing.assert_array_equal(layer_a.weight, layer_b.weight)
