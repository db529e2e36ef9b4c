"""The float side of a BNN: sign with a straight-through estimator, binary/ternary linear layers,
and the MLP that `export` turns into a BinaryNetwork.

Sources: Hubara et al., NeurIPS 2016 (BNNs, the clipped straight-through estimator);
Jia & Rinard, NeurIPS 2020 and Narodytska et al., ICLR 2020 (sparse ternary weights make
verification easier).

Conventions (DESIGN.md section 2), mirrored here so that export is exact:
- sign(0) = +1 everywhere: `where(x >= 0, 1, -1)`, never `torch.sign` (which maps 0 to 0).
- The first block reads raw integer pixels multiplied by INPUT_SCALE = 1/256. A power of two
  keeps every product and every partial sum exact in float32 and float64 (784 * 255 < 2**18),
  so the torch pre-activation is exactly dot / 256 with dot the integer dot product.
- Ternary weights: in each layer the fraction `sparsity` of latent weights with the smallest
  |w| become 0 (all weights with |w| <= the k-th smallest |w|, k = floor(sparsity * numel), so
  ties can zero a few more); the rest become where(w >= 0, 1, -1).
- Output: logits = scale * dot + bias with one learnable scale > 0 shared by all classes, so
  argmax(logits) = argmax(dot + bias / scale): export stores bias / scale.
"""

from __future__ import annotations

import math

import torch
from torch import nn

INPUT_SCALE = 1.0 / 256.0  # exact in binary floating point; see the module docstring


class SignSTE(torch.autograd.Function):
    """Forward: where(x >= 0, +1, -1). Backward: grad * (|x| <= 1) (clipped straight-through)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        ctx.save_for_backward(x)
        one = torch.ones((), dtype=x.dtype, device=x.device)
        return torch.where(x >= 0, one, -one)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


def sign_ste(x: torch.Tensor) -> torch.Tensor:
    """y = +1 if x >= 0 else -1 (same dtype as x); gradient 1 where |x| <= 1, else 0."""
    return SignSTE.apply(x)


class QuantizeSTE(torch.autograd.Function):
    """Forward: quantize_weight(latent) exactly. Backward: the identity (latent is clipped)."""

    @staticmethod
    def forward(  # type: ignore[override]
        ctx, latent: torch.Tensor, ternary: bool, sparsity: float
    ) -> torch.Tensor:
        return quantize_weight(latent, ternary, sparsity)

    @staticmethod
    def backward(  # type: ignore[override]
        ctx, grad: torch.Tensor
    ) -> tuple[torch.Tensor, None, None]:
        return grad, None, None


def quantize_weight(latent: torch.Tensor, ternary: bool, sparsity: float) -> torch.Tensor:
    """Latent float weights -> values in {-1, +1} (binary) or {-1, 0, +1} (ternary), no grad.

    Ternary: zero every w with |w| <= delta, delta = the k-th smallest |w| of the whole layer,
    k = floor(sparsity * numel); k = 0 zeroes nothing. Same dtype as `latent`.
    """
    one = torch.ones((), dtype=latent.dtype, device=latent.device)
    signs = torch.where(latent >= 0, one, -one)
    k = math.floor(sparsity * latent.numel()) if ternary else 0
    if k == 0:
        return signs
    delta = latent.detach().abs().flatten().kthvalue(k).values
    return torch.where(latent.abs() > delta, signs, torch.zeros_like(signs))


class BinaryLinear(nn.Module):
    """y = x @ q(w).T with q the binary/ternary quantizer; straight-through gradient to w."""

    def __init__(self, n_in: int, n_out: int, ternary: bool = False, sparsity: float = 0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_out, n_in).uniform_(-1.0, 1.0) / math.sqrt(n_in))
        self.ternary = ternary
        self.sparsity = sparsity

    def quantized_weight(self) -> torch.Tensor:
        """The weights the forward pass uses, (n_out, n_in), in {-1, 0, +1}."""
        # Not `w + (q - w).detach()`: float rounding could leave values off {-1, 0, +1}.
        return QuantizeSTE.apply(self.weight, self.ternary, self.sparsity)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.quantized_weight().T  # (batch, n_out)

    def clip_latent(self) -> None:
        """Keep latent weights in [-1, 1] (Hubara et al.): beyond that the STE passes nothing."""
        with torch.no_grad():
            self.weight.clamp_(-1.0, 1.0)


class ScaledOutput(nn.Module):
    """logits = exp(log_scale) * dot + bias: one positive scale for every class."""

    def __init__(self, n_in: int, n_classes: int):
        super().__init__()
        self.log_scale = nn.Parameter(torch.tensor(-0.5 * math.log(n_in)))
        self.bias = nn.Parameter(torch.zeros(n_classes))

    def forward(self, dot: torch.Tensor) -> torch.Tensor:
        return self.log_scale.exp() * dot + self.bias


class BnnMlp(nn.Module):
    """[binarize] -> (BinaryLinear -> BatchNorm1d -> sign) * hidden -> BinaryLinear -> scale+bias.

    Input: (batch, *input_shape) raw integer pixels as floats. Output: (batch, n_classes) logits.
    """

    def __init__(
        self,
        arch: tuple[int, ...],
        ternary: bool = False,
        sparsity: float = 0.0,
        input_threshold: int | None = None,
    ):
        super().__init__()
        self.arch = tuple(int(n) for n in arch)
        self.input_threshold = input_threshold
        sizes = self.arch[:-1]
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        self.blocks = nn.ModuleList(BinaryLinear(a, b, ternary, sparsity) for a, b in pairs)
        self.norms = nn.ModuleList(nn.BatchNorm1d(n) for n in sizes[1:])
        self.out_linear = BinaryLinear(sizes[-1], self.arch[-1], ternary, sparsity)
        self.out_scale = ScaledOutput(sizes[-1], self.arch[-1])

    def first_input(self, x: torch.Tensor) -> torch.Tensor:
        """What the first block reads: x * INPUT_SCALE, or +-1 bits (x >= input_threshold)."""
        x = x.flatten(1)  # (batch, n_inputs)
        if self.input_threshold is None:
            return x * INPUT_SCALE
        one = torch.ones((), dtype=x.dtype, device=x.device)
        return torch.where(x >= self.input_threshold, one, -one)

    def forward_with_hidden(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """(logits, [the +-1 output of every hidden block])."""
        h = self.first_input(x)
        hidden = []
        for block, norm in zip(self.blocks, self.norms, strict=True):
            h = sign_ste(norm(block(h)))  # (batch, n_out)
            hidden.append(h)
        return self.out_scale(self.out_linear(h)), hidden

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward_with_hidden(x)[0]

    def binary_linears(self) -> list[BinaryLinear]:
        return [*self.blocks, self.out_linear]
