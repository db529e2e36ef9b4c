"""Train a BnnMlp or BnnConvNet on integer images, export it, measure torch/export agreement.

Seeded through config.seed only (torch.manual_seed for the initial weights, a torch.Generator
for the batch order); nothing is seeded at import.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from bnnverify.engine import reference
from bnnverify.errors import UsageError
from bnnverify.model import BinaryNetwork
from bnnverify.train.arch import ConvArch, arch_text, check_conv_shapes, is_conv, parse_arch
from bnnverify.train.conv import BnnConvNet
from bnnverify.train.export import INPUT_MAX, INPUT_MIN, export_network
from bnnverify.train.layers import BnnMlp
from bnnverify.train.robust import RobustConfig, training_loss

logger = logging.getLogger(__name__)

EVAL_BATCH = 2048


@dataclass(frozen=True)
class TrainConfig:
    """Everything that determines a training run (recorded in the model's provenance)."""

    # MLP sizes, a parsed conv architecture, or either as an --arch string (arch.py's grammar)
    arch: tuple[int, ...] | ConvArch | str = (784, 200, 100, 100, 100, 10)
    epochs: int = 10
    ternary: bool = False
    sparsity: float = 0.0  # ternary only: fraction of zero weights per layer (layers.py)
    seed: int = 0
    device: str = "cpu"
    batch_size: int = 256
    lr: float = 1e-3
    input_threshold: int | None = None  # None: the first block reads raw pixels
    command: str = ""
    dataset: str = "fashion-mnist"
    robust: RobustConfig = RobustConfig()  # PGD and CBD (robust.py); the default trains plainly

    def __post_init__(self) -> None:
        if isinstance(self.arch, str):
            object.__setattr__(self, "arch", parse_arch(self.arch, "arch"))
        object.__setattr__(self, "arch", tuple(self.arch))

    def parsed_arch(self) -> tuple[int, ...] | ConvArch:
        """arch as parsed (__post_init__ parsed a string)."""
        assert not isinstance(self.arch, str)
        return self.arch

    def check(self, input_shape: tuple[int, ...], n_classes: int) -> None:
        """Raise UsageError naming the first inconsistent option."""
        if is_conv(self.parsed_arch()):
            check_conv_shapes(self.conv_arch(), input_shape, n_classes)
        else:
            self._check_mlp(math.prod(input_shape), n_classes)
        if self.epochs < 1 or self.batch_size < 1 or not self.lr > 0:
            raise UsageError(
                f"epochs, batch_size and lr must be positive, got "
                f"{self.epochs}, {self.batch_size}, {self.lr}"
            )
        if not 0.0 <= self.sparsity < 1.0:
            raise UsageError(f"sparsity must lie in [0, 1), got {self.sparsity}")
        if self.sparsity > 0 and not self.ternary:
            raise UsageError("sparsity needs ternary weights")
        self.robust.check(self.input_threshold)
        t = self.input_threshold
        if t is not None and not INPUT_MIN - 1 <= t <= INPUT_MAX + 1:
            raise UsageError(
                f"input_threshold must lie in [{INPUT_MIN - 1}, {INPUT_MAX + 1}], got {t}"
            )

    def _check_mlp(self, input_size: int, n_classes: int) -> None:
        arch = self.mlp_arch()
        if len(arch) < 3 or any(int(n) < 1 for n in arch):
            raise UsageError(f"arch needs input, >= 1 hidden and output sizes > 0, got {arch}")
        if arch[0] != input_size:
            raise UsageError(f"arch must start with the input size {input_size}, got {arch[0]}")
        if arch[-1] != n_classes:
            raise UsageError(f"arch must end with the {n_classes} classes, got {arch[-1]}")

    def mlp_arch(self) -> tuple[int, ...]:
        arch = self.parsed_arch()
        assert not is_conv(arch)
        return tuple(int(n) for n in arch)  # type: ignore[arg-type]

    def conv_arch(self) -> ConvArch:
        arch = self.parsed_arch()
        assert is_conv(arch)
        return arch  # type: ignore[return-value]

    def build_model(self, input_shape: tuple[int, ...]) -> BnnMlp | BnnConvNet:
        """The untrained torch model (seed torch first: its initial weights are random)."""
        if is_conv(self.parsed_arch()):
            return BnnConvNet(
                self.conv_arch(), input_shape, self.ternary, self.sparsity, self.input_threshold
            )
        return BnnMlp(self.mlp_arch(), self.ternary, self.sparsity, self.input_threshold)


@dataclass
class TrainResult:
    """The exported network, the torch model (eval mode) and how well they agree."""

    network: BinaryNetwork
    torch_accuracy: float
    exported_accuracy: float
    disagreements: int
    n_test: int
    model: nn.Module
    train_time_s: float = 0.0


def _to_tensor(x: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(np.array(x, order="C")).to(device)  # a writable copy


def torch_predict(model: nn.Module, x: npt.NDArray, device: str = "cpu") -> npt.NDArray[np.int64]:
    """argmax of model(x) in float64, eval mode, batch by batch: (N, *shape) -> (N,)."""
    model64 = copy.deepcopy(model).to(device=device, dtype=torch.float64).eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(x), EVAL_BATCH):
            batch = _to_tensor(x[start : start + EVAL_BATCH], device).to(torch.float64)
            out.append(model64(batch).argmax(dim=1).cpu().numpy())
    return np.concatenate(out).astype(np.int64)


def _train_epoch(
    model: BnnMlp | BnnConvNet,
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    x: torch.Tensor,
    y: torch.Tensor,
    config: TrainConfig,
    generator: torch.Generator,
) -> tuple[float, float]:
    """One pass in random order; returns (mean loss, train accuracy in train mode)."""
    model.train()
    order = torch.randperm(len(y), generator=generator)
    total_loss, correct = 0.0, 0
    for start in range(0, len(y), config.batch_size):
        index = order[start : start + config.batch_size]
        if len(index) < 2:  # batch norm needs two samples in train mode
            continue
        xb = x[index].to(config.device, torch.float32)
        yb = y[index].to(config.device)
        if config.robust.is_active():
            logits, loss = training_loss(model, xb, yb, config.robust, generator)
        else:
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        schedule.step()
        for linear in model.binary_linears():
            linear.clip_latent()
        total_loss += float(loss.detach()) * len(index)
        correct += int((logits.argmax(dim=1) == yb).sum())
    return total_loss / len(y), correct / len(y)


def train_model(
    config: TrainConfig,
    train_x: npt.NDArray,
    train_y: npt.NDArray,
    test_x: npt.NDArray,
    test_y: npt.NDArray,
    progress: Callable[[str], None] | None = None,
) -> BnnMlp | BnnConvNet:
    """Adam with a cosine learning-rate decay over all steps; progress once per epoch."""
    torch.manual_seed(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    model = config.build_model(tuple(int(d) for d in np.shape(train_x)[1:]))
    model.to(config.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    steps = config.epochs * math.ceil(len(train_y) / config.batch_size)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(steps, 1))
    x = torch.from_numpy(np.array(train_x, order="C"))  # a writable copy; uint8 until batched
    y = torch.from_numpy(np.asarray(train_y, dtype=np.int64))
    for epoch in range(1, config.epochs + 1):
        start = time.perf_counter()
        loss, train_acc = _train_epoch(model, optimizer, schedule, x, y, config, generator)
        test_acc = float((torch_predict(model, test_x, config.device) == test_y).mean())
        line = (
            f"epoch {epoch}/{config.epochs}  loss {loss:.4f}  train acc {train_acc:.4f}  "
            f"test acc {test_acc:.4f}  {time.perf_counter() - start:.1f} s"
        )
        logger.info(line)
        if progress is not None:
            progress(line)
    return model.eval()


def train_and_export(
    config: TrainConfig,
    train_x: npt.NDArray,
    train_y: npt.NDArray,
    test_x: npt.NDArray,
    test_y: npt.NDArray,
    class_names: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> TrainResult:
    """Train, export, and compare the torch model with the exported network on the test set.

    Args:
        config: the run's options.
        train_x, test_x: (N, *input_shape) integers in [0, 255] (uint8 is fine).
        train_y, test_y: (N,) integer labels in [0, n_classes).
        class_names: one name per class; default "0", "1", ...
        progress: called once per epoch with a one-line summary.

    Returns:
        TrainResult; accuracies are fractions of the test set, torch measured in float64.
    """
    from bnnverify import __version__

    train_y = np.asarray(train_y, dtype=np.int64)
    test_y = np.asarray(test_y, dtype=np.int64)
    input_shape = tuple(int(d) for d in np.shape(train_x)[1:])
    n_classes = len(class_names) or _arch_classes(config)
    config.check(input_shape, n_classes)
    for name, x in (("train_x", train_x), ("test_x", test_x)):
        if np.min(x) < INPUT_MIN or np.max(x) > INPUT_MAX:
            raise UsageError(f"{name} must hold integers in [{INPUT_MIN}, {INPUT_MAX}]")
    for name, y in (("train_y", train_y), ("test_y", test_y)):
        if len(y) == 0 or y.min() < 0 or y.max() >= n_classes:
            raise UsageError(f"{name} must be non-empty labels in [0, {n_classes})")

    start = time.perf_counter()
    model = train_model(config, train_x, train_y, test_x, test_y, progress)
    train_time_s = time.perf_counter() - start
    torch_pred = torch_predict(model, test_x, config.device)
    provenance = {
        "dataset": config.dataset,
        "architecture": arch_text(config.parsed_arch()),
        "seed": config.seed,
        "ternary": config.ternary,
        "sparsity": config.sparsity,
        "input_threshold": config.input_threshold,
        "epochs": config.epochs,
        "batch_size": config.batch_size,
        "lr": config.lr,
        "n_train": int(len(train_y)),
        "command": config.command,
        "tool_version": __version__,
        "torch_version": torch.__version__,
    }
    if config.robust.is_active():  # default runs keep today's provenance
        provenance.update(config.robust.provenance())
    names = tuple(str(c) for c in class_names)
    net = export_network(model.cpu(), input_shape, names, provenance)
    model.to(config.device)
    exported_pred = reference.predict(net, test_x)
    torch_accuracy = float((torch_pred == test_y).mean())
    exported_accuracy = float((exported_pred == test_y).mean())
    disagreements = int((torch_pred != exported_pred).sum())
    measured = {
        "torch_accuracy": torch_accuracy,
        "exported_accuracy": exported_accuracy,
        "accuracy": exported_accuracy,
        "disagreements": disagreements,
        "n_test": int(len(test_y)),
    }
    # The description is frozen: the measurements go into a new network's provenance.
    result = TrainResult(
        network=dataclasses.replace(net, provenance={**net.provenance, **measured}),
        torch_accuracy=torch_accuracy,
        exported_accuracy=exported_accuracy,
        disagreements=disagreements,
        n_test=int(len(test_y)),
        model=model,
        train_time_s=train_time_s,
    )
    return result


def _arch_classes(config: TrainConfig) -> int:
    """The class count the arch ends with (fc<N> or the last MLP size)."""
    if is_conv(config.parsed_arch()):
        last = config.conv_arch()[-1]
        return int(getattr(last, "n", 0))
    return int(config.mlp_arch()[-1])
