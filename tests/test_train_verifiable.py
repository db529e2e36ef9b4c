"""Training for verifiability (bnnverify/train/robust.py): PGD stays on integer points of the
eps-box and [0, 255] (exact check), the CBD hinge is 0 iff every neuron is fixed on the region
(hand-set batch norms), option validation in one line, seeded determinism.
The fixed/undecided split the hinge sees is the one bnnverify.bounds computes on the export.
Oracles: exact integer comparisons, hand-built networks, bnnverify.bounds, a second run."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from bnnverify.cli import main  # noqa: E402
from bnnverify.errors import UsageError  # noqa: E402
from bnnverify.train import BnnConvNet, BnnMlp, TrainConfig, train_and_export  # noqa: E402
from bnnverify.train.arch import parse_arch  # noqa: E402
from bnnverify.train.layers import INPUT_SCALE  # noqa: E402
from bnnverify.bounds import propagate  # noqa: E402
from bnnverify.regions import InputBox  # noqa: E402
from bnnverify.train.robust import (  # noqa: E402
    RobustConfig,
    cbd_penalty,
    neuron_ranges,
    pgd_attack,
    region,
)

CONV_ARCH = "conv4k3p1-mp2-conv3k2s2-fc5-fc3"


def _models(seed: int) -> list[BnnMlp | BnnConvNet]:
    torch.manual_seed(seed)
    mlp = BnnMlp((64, 12, 7, 3), ternary=True, sparsity=0.5)
    conv = BnnConvNet(parse_arch(CONV_ARCH), (1, 8, 8), ternary=True, sparsity=0.3)
    return [mlp.eval(), conv.eval()]


def _images(seed: int, n: int = 6) -> torch.Tensor:
    """Integer pixels with many 0s and 255s (the clipping edges)."""
    rng = np.random.default_rng(seed)
    x = rng.choice([0, 1, 2, 100, 128, 253, 254, 255], size=(n, 1, 8, 8))
    return torch.from_numpy(x.astype(np.float32))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("eps", "steps"), [(1, 1), (2, 3), (5, 2), (3, 4)])
def test_pgd_stays_on_integer_points_of_the_box(seed, eps, steps):
    x = _images(seed)
    y = torch.from_numpy(np.random.default_rng(seed).integers(0, 3, len(x)))
    for model in _models(seed):
        generator = torch.Generator().manual_seed(seed)
        x_adv = pgd_attack(model, x, y, eps, steps, generator)
        x_int, x_adv_int = x.numpy().astype(np.int64), x_adv.numpy().astype(np.int64)
        assert np.array_equal(x_adv.numpy(), x_adv_int.astype(np.float32))  # integers
        assert np.abs(x_adv_int - x_int).max() <= eps
        assert x_adv_int.min() >= 0 and x_adv_int.max() <= 255
        assert not model.training


def _set_norms(model: BnnMlp | BnnConvNet, beta: float) -> None:
    """Running mean 0, variance 1, gamma 1, bias beta in every hidden batch norm."""
    norms = list(model.norms)
    if isinstance(model, BnnConvNet):
        norms += [stage.norm for stage in model.stages]
    with torch.no_grad():
        for norm in norms:
            norm.running_mean.zero_()
            norm.running_var.fill_(1.0 - norm.eps)
            norm.weight.fill_(1.0)
            norm.bias.fill_(beta)


@pytest.mark.parametrize("seed", [0, 1])
def test_cbd_is_zero_when_every_neuron_is_fixed(seed):
    # |dot| <= fan_in (inputs in [-1, 1] or [0, 1)), so beta = 1000 fixes every neuron at +1
    # and beta = -1000 every neuron at -1, on any region.
    x = _images(seed)
    for model in _models(seed):
        for beta in (1000.0, -1000.0):
            _set_norms(model, beta)
            assert float(cbd_penalty(model, x, 5).detach()) == 0.0


@pytest.mark.parametrize("seed", [0, 1])
def test_cbd_is_positive_for_an_undecided_neuron(seed):
    """Binary weights (all nonzero): a first-layer neuron centred at dot = 0 on a box of
    radius 2 pixels spans [-r, r] with r = 2 * INPUT_SCALE * fan_in > 0 (no pixel at 0/255)."""
    torch.manual_seed(seed)
    model = BnnMlp((64, 4, 3)).eval()
    x = torch.full((1, 1, 8, 8), 128.0)
    _set_norms(model, 1000.0)
    assert float(cbd_penalty(model, x, 2).detach()) == 0.0
    with torch.no_grad():
        center = (x.flatten(1) * INPUT_SCALE) @ model.blocks[0].quantized_weight().T
        model.norms[0].running_mean.copy_(center[0])
        model.norms[0].bias.zero_()
    radius = 2 * INPUT_SCALE * 64
    assert float(cbd_penalty(model, x, 2).detach()) == pytest.approx(4 * radius, rel=1e-4)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--adversarial-eps", "-1"], "--adversarial-eps must be >= 0"),
        (["--adversarial-eps", "2", "--pgd-steps", "-1"], "--pgd-steps must be >= 0"),
        (["--adversarial-eps", "2", "--cbd-weight=-1e-4"], "--cbd-weight must be >= 0"),
        (["--pgd-steps", "3"], "--pgd-steps needs --adversarial-eps"),
        (["--cbd-weight", "1e-4"], "--cbd-weight needs --adversarial-eps"),
        (["--adversarial-eps", "2", "--input-threshold", "32"], "PGD needs raw-pixel input"),
    ],
)
def test_cli_refuses_bad_verifiability_options_in_one_line(tmp_path, capsys, options, message):
    argv = ["train", *options, "--data", str(tmp_path), "--out", str(tmp_path / "m.npz")]
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(
    "robust", [RobustConfig(-1, 0, 0.0), RobustConfig(2, -1, 0.0), RobustConfig(0, 3, 0.0)]
)
def test_config_refuses_bad_verifiability_options(robust):
    with pytest.raises(UsageError):
        TrainConfig(arch=(64, 4, 3), robust=robust).check((1, 8, 8), 3)


def test_cli_pgd_default_is_the_library_default():
    from bnnverify.cli import train as cli_train
    from bnnverify.train import robust

    assert cli_train.PGD_STEPS == robust.PGD_STEPS


def test_train_help_documents_verifiability_options(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for option in ("--adversarial-eps", "--pgd-steps", "--cbd-weight"):
        assert option in text


def _tiny_data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 96)
    x = rng.integers(0, 256, (96, 1, 8, 8)) // 2 + 40 * y[:, None, None, None]
    return x.astype(np.uint8), y


def test_verifiable_training_is_seeded_and_exports_exactly():
    x, y = _tiny_data(0)
    robust = RobustConfig(eps=2, pgd_steps=2, cbd_weight=1e-3)
    config = TrainConfig(
        arch=CONV_ARCH, epochs=1, ternary=True, sparsity=0.3, batch_size=32, robust=robust
    )
    runs = [train_and_export(config, x, y, x, y) for _ in range(2)]
    for a, b in zip(runs[0].network.layers, runs[1].network.layers, strict=True):
        for name in ("weight", "threshold", "bias"):
            assert np.array_equal(getattr(a, name, ()), getattr(b, name, ()))
    assert runs[0].disagreements == 0
    assert runs[0].network.provenance["cbd_weight"] == 1e-3
    plain = train_and_export(TrainConfig(arch=CONV_ARCH, epochs=1, batch_size=32), x, y, x, y)
    assert "cbd_weight" not in plain.network.provenance


@pytest.mark.parametrize("arch", [CONV_ARCH, "64-12-7-3"])
def test_cbd_fixed_neurons_match_the_exported_interval_bounds(arch):
    """l >= 0 (fixed +1) or u < 0 (fixed -1) in torch float64 <=> bnnverify.bounds fixes the
    exported neuron to that sign, neuron by neuron: the hinge is 0 exactly on those."""
    x, y = _tiny_data(1)
    config = TrainConfig(arch=arch, epochs=1, ternary=True, sparsity=0.3, batch_size=32)
    result = train_and_export(config, x, y, x, y)
    model = result.model.double().eval()
    images = torch.from_numpy(x[:8].astype(np.float64))
    for eps in (1, 4, 30):
        with torch.no_grad():
            ranges = neuron_ranges(model, images, eps)
        lows, highs = region(images, eps)
        n_undecided = 0
        for i in range(len(images)):
            box = InputBox(lows[i].numpy().astype(np.int64), highs[i].numpy().astype(np.int64))
            bounds = propagate(result.network, box)
            assert len(bounds.hidden) == len(ranges)
            for k, (lower, upper) in zip(bounds.hidden, ranges, strict=True):
                torch_signs = np.where(lower[i] >= 0, 1, np.where(upper[i] < 0, -1, 0))
                assert np.array_equal(torch_signs, bounds.signs(k)), (eps, i, k)
                n_undecided += int(np.count_nonzero(torch_signs == 0))
        assert n_undecided > 0 or eps < 30  # at eps 30 the comparison saw both kinds
