"""The float side of a convolutional BNN: binary/ternary conv blocks, max-pool, a dense head.

A conv block is  conv -> BatchNorm2d (per channel) -> sign -> [max-pool ...]. The order is
what keeps the export exact (export.py folds it into conv2d and maxpool2d layers):

- The fold (bnnverify.model.fold.fold_batchnorm) turns each channel's "BN(z) >= 0" into an
  integer comparison of the window's dot product: dot >= T for gamma > 0; for gamma < 0 the
  comparison flips (BN is decreasing in z), so the fold negates that channel's weights and
  threshold (-dot >= -U); for gamma == 0 the BN output is the constant beta, so the channel is
  constant (+1 iff beta >= 0: threshold -bound, else bound + 1, outside the dot range). In
  every case the exported channel outputs the same sign at every position as torch.
- The max-pool then reads those +-1 signs, where max is the OR of the format's maxpool2d
  (+1 iff some window input is +1), whatever the sign of gamma. Pooling before the batch norm
  (conv -> max-pool -> BN -> sign, the usual float order) would not fold: for gamma < 0,
  sign(BN(max z)) = min sign(BN(z)), an AND the format does not have.
- Padding is zeros, the format's pad_value 0: over the raw input a padded pixel is 0 (in
  [0, 255]); over +-1 inputs a padded position contributes nothing to the sum.

The first conv reads raw pixels times INPUT_SCALE (or +-1 bits with input_threshold), exactly
like BnnMlp's first block (layers.py); torch's flatten of (batch, C, H, W) is the C order of
DESIGN.md section 2, so the first fc's columns need no permutation.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional

from bnnverify.train.arch import Conv, ConvArch, Dense, Pool, check_conv_shapes
from bnnverify.train.layers import INPUT_SCALE, BinaryLinear, QuantizeSTE, ScaledOutput, sign_ste


class BinaryConv2d(nn.Module):
    """y = conv2d(x, q(w)) with q the binary/ternary quantizer over the whole layer; STE to w."""

    def __init__(self, c_in: int, spec: Conv, ternary: bool = False, sparsity: float = 0.0):
        super().__init__()
        fan_in = c_in * spec.kernel * spec.kernel
        shape = (spec.channels, c_in, spec.kernel, spec.kernel)
        self.weight = nn.Parameter(torch.empty(shape).uniform_(-1.0, 1.0) / math.sqrt(fan_in))
        self.spec = spec
        self.ternary = ternary
        self.sparsity = sparsity

    def quantized_weight(self) -> torch.Tensor:
        """The weights the forward pass uses, (C_out, C_in, K, K), in {-1, 0, +1}."""
        return QuantizeSTE.apply(self.weight, self.ternary, self.sparsity)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        spec = self.spec
        return functional.conv2d(
            x, self.quantized_weight(), stride=spec.stride, padding=spec.padding
        )

    def clip_latent(self) -> None:
        """Keep latent weights in [-1, 1] (as BinaryLinear)."""
        with torch.no_grad():
            self.weight.clamp_(-1.0, 1.0)


class ConvBlock(nn.Module):
    """conv -> BatchNorm2d -> sign -> the max-pools that follow it in the arch (in order)."""

    def __init__(self, conv: BinaryConv2d, pools: list[Pool]):
        super().__init__()
        self.conv = conv
        self.norm = nn.BatchNorm2d(conv.spec.channels)
        self.pools = tuple(pools)

    def forward_with_outputs(self, h: torch.Tensor) -> list[torch.Tensor]:
        """[the +-1 signs, then each pool's +-1 output]: one per exported layer."""
        outputs = [sign_ste(self.norm(self.conv(h)))]
        for pool in self.pools:
            outputs.append(functional.max_pool2d(outputs[-1], pool.kernel, pool.step))
        return outputs


class BnnConvNet(nn.Module):
    """[binarize] -> ConvBlock * n -> flatten -> (BinaryLinear -> BatchNorm1d -> sign) * m ->
    BinaryLinear -> scale + bias (ScaledOutput, as BnnMlp).

    Input: (batch, C, H, W) raw integer pixels as floats. Output: (batch, n_classes) logits.
    """

    def __init__(
        self,
        arch: ConvArch,
        input_shape: tuple[int, ...],
        ternary: bool = False,
        sparsity: float = 0.0,
        input_threshold: int | None = None,
    ):
        super().__init__()
        shapes = check_conv_shapes(arch, input_shape, _classes(arch))
        self.arch = arch
        self.input_shape = tuple(int(d) for d in input_shape)
        self.input_threshold = input_threshold
        self.stages = nn.ModuleList()
        channels, flat = self.input_shape[0], 0
        for k, part in enumerate(arch):
            if isinstance(part, Conv):
                conv = BinaryConv2d(channels, part, ternary, sparsity)
                self.stages.append(ConvBlock(conv, _pools_after(arch, k)))
                channels = part.channels
            elif isinstance(part, Dense) and not flat:
                flat = math.prod(shapes[k - 1])  # what the first fc reads
        sizes = [flat, *(part.n for part in arch if isinstance(part, Dense))]
        hidden = sizes[:-1]
        pairs = zip(hidden[:-1], hidden[1:], strict=True)
        self.blocks = nn.ModuleList(BinaryLinear(a, b, ternary, sparsity) for a, b in pairs)
        self.norms = nn.ModuleList(nn.BatchNorm1d(n) for n in hidden[1:])
        self.out_linear = BinaryLinear(hidden[-1], sizes[-1], ternary, sparsity)
        self.out_scale = ScaledOutput(hidden[-1], sizes[-1])

    def first_input(self, x: torch.Tensor) -> torch.Tensor:
        """What the first conv reads: x * INPUT_SCALE, or +-1 bits (x >= input_threshold)."""
        x = x.reshape(x.shape[0], *self.input_shape)
        if self.input_threshold is None:
            return x * INPUT_SCALE
        one = torch.ones((), dtype=x.dtype, device=x.device)
        return torch.where(x >= self.input_threshold, one, -one)

    def forward_with_outputs(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """(logits, [the +-1 output of every exported layer but the output, flattened]):
        binarize (if any), each conv, each max-pool, each hidden fc, in file order."""
        h = self.first_input(x)
        outputs = [h.flatten(1)] if self.input_threshold is not None else []
        for stage in self.stages:
            assert isinstance(stage, ConvBlock)
            stage_outputs = stage.forward_with_outputs(h)
            outputs.extend(out.flatten(1) for out in stage_outputs)
            h = stage_outputs[-1]
        h = h.flatten(1)  # C order: (c * H + i) * W + j
        for block, norm in zip(self.blocks, self.norms, strict=True):
            h = sign_ste(norm(block(h)))
            outputs.append(h)
        return self.out_scale(self.out_linear(h)), outputs

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.forward_with_outputs(x)[0]

    def binary_linears(self) -> list[BinaryLinear | BinaryConv2d]:
        """Every quantized layer (clip_latent after each step)."""
        convs = [stage.conv for stage in self.stages if isinstance(stage, ConvBlock)]
        return [*convs, *self.blocks, self.out_linear]


def _classes(arch: ConvArch) -> int:
    last = arch[-1]
    assert isinstance(last, Dense)
    return last.n


def _pools_after(arch: ConvArch, k: int) -> list[Pool]:
    """The max-pools that directly follow arch[k]."""
    pools = []
    for part in arch[k + 1 :]:
        if not isinstance(part, Pool):
            break
        pools.append(part)
    return pools
