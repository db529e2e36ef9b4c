"""The --arch grammar of `bnnverify train`: MLP sizes or a convolutional layer list.

Pure Python (no torch in this module; importing it still runs bnnverify/train/__init__).

Two forms, parts joined by "-":

- MLP: integers, e.g. 784-200-100-10: the input size, at least one hidden size, the class count
  (trained by BnnMlp, unchanged).
- Conv: the input shape (C, H, W) is the data's; the parts are
    conv<C>k<K>[s<S>][p<P>]  a K x K convolution with C output channels, stride S (default 1) and
                             P zero-padded positions on every side (default 0), then batch
                             norm per channel, then sign;
    mp<K>[s<S>]              a K x K max-pool with stride S (default K) over those +-1 signs,
                             i.e. an OR of its window (no padding);
    fc<N>                    a dense layer of N neurons, then batch norm and sign; the LAST fc
                             is the output layer (N = the number of classes).
  The first part is a conv; mp follows a conv or an mp; every conv and mp comes before every
  fc (the first fc reads the C-order flattening, DESIGN.md section 2); the last part is an fc.
  Example: conv16k3p1-mp2-conv32k3p1-mp2-fc100-fc10.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bnnverify.errors import UsageError

EXAMPLE_MLP = "784-200-100-10"
EXAMPLE_CONV = "conv16k4s2-mp2-fc100-fc10"


@dataclass(frozen=True)
class Conv:
    """conv<channels>k<kernel>s<stride>p<padding>: square kernel, same padding on every side."""

    channels: int
    kernel: int
    stride: int = 1
    padding: int = 0

    def text(self) -> str:
        stride = f"s{self.stride}" if self.stride != 1 else ""
        padding = f"p{self.padding}" if self.padding else ""
        return f"conv{self.channels}k{self.kernel}{stride}{padding}"

    def out_shape(self, shape: tuple[int, int, int]) -> tuple[int, int, int]:
        """(C_out, H_out, W_out), H_out = (H + 2P - K) // S + 1 (DESIGN.md section 2)."""
        _, h, w = shape
        side = [(n + 2 * self.padding - self.kernel) // self.stride + 1 for n in (h, w)]
        return (self.channels, side[0], side[1])


@dataclass(frozen=True)
class Pool:
    """mp<kernel>s<stride>: a square max-pool; stride None means the kernel size."""

    kernel: int
    stride: int | None = None

    @property
    def step(self) -> int:
        return self.kernel if self.stride is None else self.stride

    def text(self) -> str:
        return f"mp{self.kernel}" + (f"s{self.stride}" if self.stride is not None else "")

    def out_shape(self, shape: tuple[int, int, int]) -> tuple[int, int, int]:
        """(C, (H - K) // S + 1, (W - K) // S + 1)."""
        c, h, w = shape
        return (c, (h - self.kernel) // self.step + 1, (w - self.kernel) // self.step + 1)


@dataclass(frozen=True)
class Dense:
    """fc<n>: a dense layer of n neurons (the output layer when it is the last part)."""

    n: int

    def text(self) -> str:
        return f"fc{self.n}"


Part = Conv | Pool | Dense
ConvArch = tuple[Part, ...]

_PATTERNS = {
    Conv: re.compile(r"conv(\d+)k(\d+)(?:s(\d+))?(?:p(\d+))?"),
    Pool: re.compile(r"mp(\d+)(?:s(\d+))?"),
    Dense: re.compile(r"fc(\d+)"),
}


def parse_arch(text: str, option: str = "--arch") -> tuple[int, ...] | ConvArch:
    """'784-200-10' -> (784, 200, 10); 'conv16k4s2-fc10' -> (Conv(16, 4, 2), Dense(10)).

    Raises a one-line UsageError naming the first bad part or rule.
    """
    parts = text.split("-")
    if all(re.fullmatch(r"\d+", part) for part in parts):
        sizes = tuple(int(part) for part in parts)
        if len(sizes) < 3 or min(sizes) < 1:
            raise UsageError(
                f"{option} needs an input size, at least one hidden size and a class count, all "
                f"positive, got {text!r}"
            )
        return sizes
    arch = tuple(_parse_part(part, text, option) for part in parts)
    _check_order(arch, text, option)
    return arch


def _parse_part(part: str, text: str, option: str) -> Part:
    for kind, pattern in _PATTERNS.items():
        match = pattern.fullmatch(part)
        if match is None:
            continue
        values = [None if group is None else int(group) for group in match.groups()]
        positive = values[:3] if kind is Conv else values  # a conv's padding may be 0
        if any(value is not None and value < 1 for value in positive):
            raise UsageError(f"{option}: every size in {part!r} must be at least 1, got {text!r}")
        first = int(values[0] or 0)
        if kind is Conv:
            return Conv(first, int(values[1] or 0), int(values[2] or 1), int(values[3] or 0))
        if kind is Pool:
            return Pool(first, values[1])
        return Dense(first)
    raise UsageError(
        f"{option} must look like {EXAMPLE_MLP} or {EXAMPLE_CONV} (conv<C>k<K>[s<S>][p<P>], "
        f"mp<K>[s<S>], fc<N>; see --help), got {text!r}: bad part {part!r}"
    )


def _check_order(arch: ConvArch, text: str, option: str) -> None:
    """A conv first, mp only after conv or mp, no conv/mp after an fc, an fc last."""
    if not isinstance(arch[0], Conv):
        raise UsageError(f"{option}: a conv architecture starts with a conv part, got {text!r}")
    if not isinstance(arch[-1], Dense):
        raise UsageError(f"{option}: the last part must be fc<classes>, got {text!r}")
    seen_dense = False
    for part in arch:
        if isinstance(part, Dense):
            seen_dense = True
        elif seen_dense:
            raise UsageError(f"{option}: {part.text()} after an fc part, got {text!r}")


def arch_text(arch: tuple[int, ...] | ConvArch) -> str:
    """The canonical --arch string of a parsed architecture."""
    return "-".join(
        part.text() if isinstance(part, Conv | Pool | Dense) else str(int(part)) for part in arch
    )


def is_conv(arch: tuple[int, ...] | ConvArch) -> bool:
    """Whether `arch` is a parsed conv architecture (else MLP sizes)."""
    return any(isinstance(part, Conv | Pool | Dense) for part in arch)


def check_conv_shapes(
    arch: ConvArch, input_shape: tuple[int, ...], n_classes: int
) -> list[tuple[int, ...]]:
    """The shape each part writes, [(C, H, W) ..., (n,) ...]; UsageError when one is empty.

    The data must be images (C, H, W); a conv or pool window must fit its (padded) input.
    """
    if len(input_shape) != 3:
        raise UsageError(f"a conv architecture needs (C, H, W) images, got shape {input_shape}")
    shape: tuple[int, ...] = tuple(input_shape)
    shapes: list[tuple[int, ...]] = []
    for part in arch:
        if isinstance(part, Dense):
            shape = (part.n,)
        else:
            c, h, w = shape
            out = part.out_shape((c, h, w))
            if min(out) < 1:
                size = "x".join(str(d) for d in shape)
                raise UsageError(f"{part.text()} does not fit its {size} input")
            shape = out
        shapes.append(shape)
    last = arch[-1]
    assert isinstance(last, Dense)
    if last.n != n_classes:
        raise UsageError(f"arch must end with fc{n_classes} (the classes), got fc{last.n}")
    return shapes
