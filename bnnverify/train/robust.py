"""Training for verifiability (Jia & Rinard, NeurIPS 2020, EEV): PGD adversarial training at the
verification eps and the cardinality-bound-decay (CBD) regulariser; sparse ternary weights are
layers.py's --ternary --sparsity.

The region is the one `check --property robustness --eps E` verifies: the L-infinity box of
radius eps pixels around an input x (integers 0..255), clipped to [0, 255]:
    lo = max(x - eps, 0),  hi = min(x + eps, 255).

PGD (Madry et al., ICLR 2018) in pixel units, on integers: start at a uniformly random integer
point of the box, then `steps` times x <- clip(x + alpha * sign(grad_x loss), lo, hi) with the
integer step alpha = max(1, floor(2.5 * eps / steps + 1/2)). Every iterate is an integer point
of the box, so the network is trained on inputs the verifier must also answer for. The gradient
reaches the pixels through the clipped straight-through sign (layers.py), in eval mode
(running batch norm statistics, the ones export folds); a binarize first layer passes no
gradient, so PGD needs raw-pixel input.

CBD, the quantity penalised: interval arithmetic (as bnnverify's bounds do on the exported
network) gives each hidden neuron j a range [l_j, u_j] of its batch-norm output
    bn_j = a_j * dot_j + b_j,  a_j = gamma_j / sqrt(running_var_j + bn_eps),
    b_j = beta_j - running_mean_j * a_j,
over the region: per layer, center c = (l + u) / 2 and radius r = (u - l) / 2 of its input give
dot in [W c - |W| r, W c + |W| r] (|W| elementwise; zero padding adds 0 to both), then the
affine a, b (|a| scales the radius); the +-1 outputs are [sign(l), sign(u)] and max-pool is
monotone. The neuron outputs sign(bn_j) = +1 iff dot_j >= threshold_j (the fold), so it is fixed
on the region iff l_j >= 0 (always +1) or u_j < 0 (always -1), and undecided otherwise. The
penalty is
    cbd = mean over the batch of sum over hidden neurons of max(0, min(u_j, -l_j)),
the hinge distance by which the range would have to shift for its nearer end to cross 0,
the smaller of the two ways out (shifting the range is moving the threshold). It is 0 for every
fixed neuron and > 0 for every undecided one with l_j < 0 < u_j (u_j = 0 exactly is undecided
but costs 0: a measure-zero case). Its gradient shifts the range through beta_j towards fixing
(down when u_j is the nearer end, up when -l_j is; the running statistics are not learned),
shrinks it (|W| r through the latent weights and |a_j| through gamma_j), and, through the
straight-through sign of the bounds, fixes earlier neurons whose free outputs widen this
range. So neurons become fixed by the interval bounds, and the verifier replaces a fixed neuron
by a constant instead of a reified cardinality constraint: the idea of EEV's cardinality bound
decay, in this form. In float64 the l_j >= 0 / u_j < 0 split agrees neuron by neuron with
bnnverify.bounds on the exported network (checked in tests/test_train_verifiable.py; up to
rounding at exact ties, as the fold); training computes it in float32.
The output layer has no sign and no penalty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional

from bnnverify.errors import UsageError
from bnnverify.train.conv import BinaryConv2d, BnnConvNet, ConvBlock
from bnnverify.train.export import INPUT_MAX, INPUT_MIN
from bnnverify.train.layers import INPUT_SCALE, BinaryLinear, BnnMlp, sign_ste

PGD_STEPS = 3  # the CLI's default when --adversarial-eps is given without --pgd-steps
PGD_STEP_FACTOR = 2.5  # alpha = eps * 2.5 / steps (Madry et al.)

Interval = tuple[torch.Tensor, torch.Tensor]


@dataclass(frozen=True)
class RobustConfig:
    """eps in pixels (0: neither PGD nor CBD); pgd_steps 0: clean inputs; cbd_weight 0: no CBD."""

    eps: int = 0
    pgd_steps: int = 0
    cbd_weight: float = 0.0

    def is_active(self) -> bool:
        return self.eps > 0 and (self.pgd_steps > 0 or self.cbd_weight > 0)

    def provenance(self) -> dict[str, int | float]:
        keys = ("adversarial_eps", "pgd_steps", "cbd_weight")
        return dict(zip(keys, (self.eps, self.pgd_steps, self.cbd_weight), strict=True))

    def check(self, input_threshold: int | None) -> None:
        """Raise UsageError naming the first inconsistent option."""
        if self.eps < 0 or self.pgd_steps < 0 or not self.cbd_weight >= 0:
            raise UsageError(
                f"adversarial eps, PGD steps and CBD weight must be >= 0, got "
                f"{self.eps}, {self.pgd_steps}, {self.cbd_weight}"
            )
        if self.eps == 0 and (self.pgd_steps > 0 or self.cbd_weight > 0):
            raise UsageError("PGD steps and the CBD weight need an adversarial eps > 0")
        if self.pgd_steps > 0 and input_threshold is not None:
            raise UsageError("PGD needs raw-pixel input (a binarize layer passes no gradient)")


def region(x: torch.Tensor, eps: int) -> Interval:
    """(lo, hi) = (max(x - eps, 0), min(x + eps, 255)), elementwise, same dtype."""
    return (x - eps).clamp(min=INPUT_MIN), (x + eps).clamp(max=INPUT_MAX)


def pgd_attack(
    model: BnnMlp | BnnConvNet,
    x: torch.Tensor,
    y: torch.Tensor,
    eps: int,
    steps: int,
    generator: torch.Generator,
) -> torch.Tensor:
    """An integer point of the eps-box around x (clipped to [0, 255]) that raises the loss.

    x: (batch, ...) integer pixels as floats. Returns the same shape, detached. The model is
    run in eval mode and left in the mode it had.
    """
    lo, hi = region(x, eps)
    start = torch.rand(x.shape, generator=generator).to(x.device)
    x_adv = (lo + torch.floor(start * (hi - lo + 1))).clamp(max=hi)
    alpha = pgd_step_size(eps, steps)
    was_training = model.training
    model.eval()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = functional.cross_entropy(model(x_adv), y)
        (grad,) = torch.autograd.grad(loss, x_adv)
        with torch.no_grad():
            x_adv = torch.minimum(torch.maximum(x_adv + alpha * grad.sign(), lo), hi)
    model.train(was_training)
    return x_adv.detach()


def _affine(norm: nn.BatchNorm1d | nn.BatchNorm2d, ndim: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(a, b) with BN(z) = a * z + b under the running statistics, shaped to broadcast."""
    mean, var = norm.running_mean, norm.running_var
    assert mean is not None and var is not None  # BnnMlp/BnnConvNet track running statistics
    a = norm.weight / torch.sqrt(var.detach() + norm.eps)
    b = norm.bias - mean.detach() * a
    shape = (1, -1) + (1,) * (ndim - 2)
    return a.reshape(shape), b.reshape(shape)


def _linear_interval(
    layer: BinaryLinear | BinaryConv2d, lower: torch.Tensor, upper: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """(W c, |W| r): the dot product lies in [W c - |W| r, W c + |W| r] over [lower, upper]."""
    center, radius = (lower + upper) / 2, (upper - lower) / 2
    w = layer.quantized_weight()
    if isinstance(layer, BinaryConv2d):
        spec = layer.spec
        dot_c = functional.conv2d(center, w, stride=spec.stride, padding=spec.padding)
        dot_r = functional.conv2d(radius, w.abs(), stride=spec.stride, padding=spec.padding)
    else:
        dot_c, dot_r = center @ w.T, radius @ w.abs().T
    return dot_c, dot_r


def _sign_block(
    layer: BinaryLinear | BinaryConv2d,
    norm: nn.BatchNorm1d | nn.BatchNorm2d,
    bounds: Interval,
    ranges: list[Interval],
) -> Interval:
    """Bounds of sign(BN(layer(h))) for h in bounds; appends the BN output range to ranges."""
    dot_c, dot_r = _linear_interval(layer, *bounds)
    a, b = _affine(norm, dot_c.ndim)
    mid, half = a * dot_c + b, a.abs() * dot_r
    bn_lower, bn_upper = mid - half, mid + half
    ranges.append((bn_lower.flatten(1), bn_upper.flatten(1)))  # (batch, neurons), C order
    return sign_ste(bn_lower), sign_ste(bn_upper)


def _first_bounds(model: BnnMlp | BnnConvNet, x: torch.Tensor, eps: int) -> Interval:
    """Bounds of what the first block reads over the region (scaled pixels or +-1 bits)."""
    lo, hi = region(x, eps)
    if isinstance(model, BnnConvNet):
        shape = (x.shape[0], *model.input_shape)
        lo, hi = lo.reshape(shape), hi.reshape(shape)
    else:
        lo, hi = lo.flatten(1), hi.flatten(1)
    t = model.input_threshold
    if t is None:
        return lo * INPUT_SCALE, hi * INPUT_SCALE
    one = torch.ones((), dtype=x.dtype, device=x.device)
    return torch.where(lo >= t, one, -one), torch.where(hi >= t, one, -one)


def neuron_ranges(model: BnnMlp | BnnConvNet, x: torch.Tensor, eps: int) -> list[Interval]:
    """Per hidden layer (conv, then fc, in file order), the (l, u) of every neuron's batch-norm
    output over the eps-box around each input: two (batch, neurons) tensors."""
    ranges: list[Interval] = []
    bounds = _first_bounds(model, x, eps)
    if isinstance(model, BnnConvNet):
        for stage in model.stages:
            assert isinstance(stage, ConvBlock)
            bounds = _sign_block(stage.conv, stage.norm, bounds, ranges)
            for pool in stage.pools:
                bounds = (
                    functional.max_pool2d(bounds[0], pool.kernel, pool.step),
                    functional.max_pool2d(bounds[1], pool.kernel, pool.step),
                )
        bounds = (bounds[0].flatten(1), bounds[1].flatten(1))
    for block, norm in zip(model.blocks, model.norms, strict=True):
        assert isinstance(block, BinaryLinear) and isinstance(norm, nn.BatchNorm1d)
        bounds = _sign_block(block, norm, bounds, ranges)
    return ranges


def cbd_penalty(model: BnnMlp | BnnConvNet, x: torch.Tensor, eps: int) -> torch.Tensor:
    """mean over the batch of sum over hidden neurons of max(0, min(u, -l)); module docstring."""
    terms = [
        torch.clamp(torch.minimum(upper, -lower), min=0.0).sum(dim=1)  # (batch,)
        for lower, upper in neuron_ranges(model, x, eps)
    ]
    return torch.stack(terms).sum(dim=0).mean()


def training_loss(
    model: BnnMlp | BnnConvNet,
    xb: torch.Tensor,
    yb: torch.Tensor,
    config: RobustConfig,
    generator: torch.Generator,
) -> tuple[torch.Tensor, torch.Tensor]:
    """(logits, loss): cross entropy on PGD inputs (or xb) + cbd_weight * CBD over xb's box."""
    inputs = xb
    if config.pgd_steps > 0:
        inputs = pgd_attack(model, xb, yb, config.eps, config.pgd_steps, generator)
    logits = model(inputs)
    loss = functional.cross_entropy(logits, yb)
    if config.cbd_weight > 0:
        loss = loss + config.cbd_weight * cbd_penalty(model, xb, config.eps)
    return logits, loss


def pgd_step_size(eps: int, steps: int) -> int:
    """The integer PGD step alpha in pixels (module docstring)."""
    return max(1, math.floor(PGD_STEP_FACTOR * eps / steps + 0.5))
