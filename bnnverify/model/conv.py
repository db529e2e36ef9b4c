"""The image layer types of format v2 (DESIGN.md section 2): conv2d and maxpool2d, channel-first.

- conv2d: the input (C_in, H, W) padded with pad_value (top, bottom, left, right), then
  y[o,i,j] = +1 iff sum_{c,u,v} weight[o,c,u,v] * xpad[c, i*SH+u, j*SW+v] >= threshold[o],
  else -1; output (C_out, H_out, W_out), H_out = (H + top + bottom - KH) // SH + 1 (W alike).
  Over +-1 inputs pad_value is -1, 0 or +1 (0: a padded position adds nothing, Larq's
  default); over the raw input a padded position holds the integer pad_value, which lies in
  [input_min, input_max].
- maxpool2d: over +-1 inputs (C, H, W), y[c,i,j] = +1 iff some input in its KH x KW window
  (stride SH, SW; no padding) is +1: an OR, the max of +-1 values. It never reads the raw input.

Indexing is C order everywhere: input (c, h, w) of shape (C, H, W) is flat (c*H + h)*W + w, and
output neuron (o, i, j) is flat (o*H_out + i)*W_out + j. `window_indices()` lists each output
position's window as flat input indices (-1 at a padded position), in (c, u, v) order: the one
primitive the reference checks, bounds and encoders share; no code builds a dense
(n_out, n_in) matrix of a conv layer.

`in_shape` (what the layer reads) is not stored in the model file: the loader derives it from
input_shape and each earlier layer's output shape (model.layer_shapes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from bnnverify.errors import DescriptionError
from bnnverify.model.arrays import (
    Bools,
    Ints,
    LayerInput,
    Shape,
    Signs,
    as_int_tuple,
    check_array,
    check_int_tuple,
    check_sign_values,
    check_sum_fits,
    check_thresholds,
    freeze_arrays,
    is_int,
    shown,
)


def _check_in_shape(name: str, kind: str, in_shape: Any, reads: LayerInput) -> None:
    """The layer reads an image (C, H, W), and in_shape says which."""
    if len(reads.shape) != 3:
        raise DescriptionError(
            f"{name}: {kind} needs a (C, H, W) input, got the flat shape {reads.shape} "
            "(a block, or a flat input_shape, before it)"
        )
    if in_shape != reads.shape:
        raise DescriptionError(
            f"{name}.in_shape must be {reads.shape} (the shape it reads), got {shown(in_shape)!r}"
        )


def _window_grid(out: int, kernel: int, stride: int, before: int) -> Ints:
    """(out, kernel): along one axis, the input coordinate o * stride + u - before of window
    place u of output o (outside [0, size) where the window covers padding)."""
    return np.arange(out)[:, None] * stride + np.arange(kernel)[None, :] - before


class ImageShape:
    """What the two image layer types share: widths and the shape written, from in_shape (a
    field of each dataclass below) and out_shape."""

    in_shape: tuple[int, int, int]

    @property
    def out_shape(self) -> tuple[int, int, int]:
        raise NotImplementedError

    @property
    def n_in(self) -> int:
        return math.prod(self.in_shape)

    @property
    def n_out(self) -> int:
        return math.prod(self.out_shape)

    def written_shape(self, reads: Shape) -> Shape:
        return self.out_shape


@dataclass(frozen=True, eq=False)
class Conv2dLayer(ImageShape):
    """y[o,i,j] = +1 iff sum_{c,u,v} weight[o,c,u,v] * xpad[c, i*SH+u, j*SW+v] >= threshold[o]."""

    weight: Signs  # (C_out, C_in, KH, KW) in {-1, 0, +1}
    threshold: Ints  # (C_out,): one per output channel
    in_shape: tuple[int, int, int]  # (C_in, H, W): derived by the loader, not stored
    stride: tuple[int, int] = (1, 1)  # (SH, SW)
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)  # (top, bottom, left, right)
    pad_value: int = 0
    kind: ClassVar[str] = "conv2d"
    ARRAYS: ClassVar[tuple[str, ...]] = ("weight", "threshold")
    META: ClassVar[tuple[str, ...]] = ("stride", "padding", "pad_value")
    SINCE_VERSION: ClassVar[int] = 2
    hidden: ClassVar[bool] = True
    first_only: ClassVar[bool] = False
    reads_flat: ClassVar[bool] = False

    def __post_init__(self) -> None:
        freeze_arrays(self)
        for name in ("in_shape", "stride", "padding"):
            object.__setattr__(self, name, as_int_tuple(getattr(self, name)))
        if is_int(self.pad_value):
            object.__setattr__(self, "pad_value", int(self.pad_value))

    @property
    def kernel(self) -> tuple[int, int]:
        """(KH, KW)."""
        return int(self.weight.shape[2]), int(self.weight.shape[3])

    @property
    def out_shape(self) -> tuple[int, int, int]:
        """(C_out, H_out, W_out), H_out = (H + top + bottom - KH) // SH + 1 (W alike)."""
        _, height, width = self.in_shape
        top, bottom, left, right = self.padding
        (kh, kw), (sh, sw) = self.kernel, self.stride
        h_out = (height + top + bottom - kh) // sh + 1
        w_out = (width + left + right - kw) // sw + 1
        return int(self.weight.shape[0]), h_out, w_out

    def window_indices(self) -> Ints:
        """(H_out * W_out, C_in * KH * KW): per output position (i, j), row i * W_out + j, the
        flat input index read at each window place (c, u, v), or -1 where it is padding."""
        channels, height, width = self.in_shape
        top, _, left, _ = self.padding
        (kh, kw), (sh, sw) = self.kernel, self.stride
        _, h_out, w_out = self.out_shape
        rows = _window_grid(h_out, kh, sh, top)[:, None, None, :, None]  # (i,1,1,u,1)
        cols = _window_grid(w_out, kw, sw, left)[None, :, None, None, :]  # (1,j,1,1,v)
        channel = np.arange(channels)[None, None, :, None, None]  # (1,1,c,1,1)
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        index = np.where(inside, (channel * height + rows) * width + cols, -1)
        return index.reshape(h_out * w_out, channels * kh * kw).astype(np.int64)

    def window_weights(self) -> Ints:
        """(C_out, C_in * KH * KW) int64: weight[o] in the (c, u, v) order of window_indices."""
        return self.weight.reshape(self.weight.shape[0], -1).astype(np.int64)

    def neuron_thresholds(self) -> Ints:
        """(n_out,): threshold[o] for each output neuron (o, i, j), in flat order (int64, or
        float64 for a layer reading real inputs)."""
        _, h_out, w_out = self.out_shape
        return np.repeat(self.threshold, h_out * w_out)

    def check(self, name: str, reads: LayerInput) -> None:
        check_array(f"{name}.weight", self.weight, np.int8, None)
        if self.weight.ndim != 4:
            raise DescriptionError(
                f"{name}.weight must be 4-D (C_out, C_in, KH, KW), got shape {self.weight.shape}"
            )
        check_sign_values(f"{name}.weight", self.weight)
        check_thresholds(f"{name}.threshold", self.threshold, self.weight.shape[0], reads)
        _check_in_shape(name, self.kind, self.in_shape, reads)
        channels, height, width = reads.shape
        if self.weight.shape[1] != channels:
            raise DescriptionError(
                f"{name}.weight must have {channels} input channels (dimension 1, the channels "
                f"it reads), got {self.weight.shape[1]}"
            )
        check_int_tuple(f"{name}.stride", self.stride, 2, 1, "[SH, SW]")
        check_int_tuple(f"{name}.padding", self.padding, 4, 0, "[top, bottom, left, right]")
        self._check_pad_value(name, reads)
        top, bottom, left, right = self.padding
        (kh, kw) = self.kernel
        if kh > height + top + bottom or kw > width + left + right:
            raise DescriptionError(
                f"{name}: kernel {kh}x{kw} must fit the padded input "
                f"{height + top + bottom}x{width + left + right}"
            )
        # |window sum| <= C_in * KH * KW * magnitude (pad_value lies in [low, high] too)
        check_sum_fits(name, channels * kh * kw, reads)

    def _check_pad_value(self, name: str, reads: LayerInput) -> None:
        """-1, 0 or +1 over +-1 inputs; an integer in [input_min, input_max] over raw input."""
        value = self.pad_value
        if reads.raw:
            if not is_int(value) or not reads.low <= value <= reads.high:
                raise DescriptionError(
                    f"{name}.pad_value must be an integer in the input range [{reads.low}, "
                    f"{reads.high}] (it reads the raw input), got {value!r}"
                )
        elif not is_int(value) or value not in (-1, 0, 1):
            raise DescriptionError(
                f"{name}.pad_value must be -1, 0 or +1 (it reads +-1 outputs), got {value!r}"
            )

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """Per output neuron (flat, C order), the interval of its window sum when input i
        ranges over [lo_i, hi_i]; a padded place holds pad_value ([v, v]): as dot_range,
        min = sum_{w=+1} lo - sum_{w=-1} hi over the window, max alike."""
        index = self.window_indices()  # (P, K)
        padded = index < 0
        safe = np.maximum(index, 0)
        window_lo = np.where(padded, self.pad_value, np.asarray(lo, dtype=np.int64)[safe])
        window_hi = np.where(padded, self.pad_value, np.asarray(hi, dtype=np.int64)[safe])
        w = self.window_weights()  # (C_out, K)
        pos, neg = np.maximum(w, 0), np.maximum(-w, 0)
        low = pos @ window_lo.T - neg @ window_hi.T  # (C_out, P)
        high = pos @ window_hi.T - neg @ window_lo.T
        return low.reshape(-1).astype(np.int64), high.reshape(-1).astype(np.int64)

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """The neurons whose threshold lies outside their window's static sum range [low, high]:
        t <= low (always +1) or t > high (always -1)."""
        low, high = self.sum_range(reads.lows(), reads.highs())
        t = self.neuron_thresholds()
        return np.asarray((t <= low) | (t > high))


@dataclass(frozen=True, eq=False)
class MaxPool2dLayer(ImageShape):
    """Over +-1 inputs (C, H, W): y[c,i,j] = +1 iff some input in its window is +1 (an OR)."""

    in_shape: tuple[int, int, int]  # (C, H, W): derived by the loader, not stored
    kernel: tuple[int, int]  # (KH, KW)
    # (SH, SW); left out or None, the kernel: set on construction, so readers see a tuple
    stride: tuple[int, int] = None  # type: ignore[assignment]
    kind: ClassVar[str] = "maxpool2d"
    ARRAYS: ClassVar[tuple[str, ...]] = ()
    META: ClassVar[tuple[str, ...]] = ("kernel", "stride")
    SINCE_VERSION: ClassVar[int] = 2
    hidden: ClassVar[bool] = False
    first_only: ClassVar[bool] = False
    reads_flat: ClassVar[bool] = False

    def __post_init__(self) -> None:
        for name in ("in_shape", "kernel", "stride"):
            object.__setattr__(self, name, as_int_tuple(getattr(self, name)))
        if self.stride is None:
            object.__setattr__(self, "stride", self.kernel)

    @property
    def out_shape(self) -> tuple[int, int, int]:
        """(C, (H - KH) // SH + 1, (W - KW) // SW + 1)."""
        channels, height, width = self.in_shape
        (kh, kw), (sh, sw) = self.kernel, self.stride
        return channels, (height - kh) // sh + 1, (width - kw) // sw + 1

    def window_indices(self) -> Ints:
        """(n_out, KH * KW): per output neuron (c, i, j), in flat order, the flat indices of its
        window (c, i*SH + u, j*SW + v) in (u, v) order (no padding: all valid)."""
        channels, height, width = self.in_shape
        (kh, kw), (sh, sw) = self.kernel, self.stride
        _, h_out, w_out = self.out_shape
        rows = _window_grid(h_out, kh, sh, 0)[None, :, None, :, None]  # (1,i,1,u,1)
        cols = _window_grid(w_out, kw, sw, 0)[None, None, :, None, :]  # (1,1,j,1,v)
        channel = np.arange(channels)[:, None, None, None, None]  # (c,1,1,1,1)
        index = (channel * height + rows) * width + cols
        return index.reshape(channels * h_out * w_out, kh * kw).astype(np.int64)

    def check(self, name: str, reads: LayerInput) -> None:
        if reads.raw:
            raise DescriptionError(
                f"{name}: maxpool2d must read +-1 outputs (a layer before it), not the raw input"
            )
        _check_in_shape(name, self.kind, self.in_shape, reads)
        check_int_tuple(f"{name}.kernel", self.kernel, 2, 1, "[KH, KW]")
        check_int_tuple(f"{name}.stride", self.stride, 2, 1, "[SH, SW]")
        _, height, width = reads.shape
        kh, kw = self.kernel
        if kh > height or kw > width:
            raise DescriptionError(
                f"{name}: kernel {kh}x{kw} must fit the input {height}x{width} (no padding)"
            )

    def sum_range(self, lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
        """The interval of each output itself: y = max over the window, so
        [max of the window's lo, max of the window's hi]."""
        index = self.window_indices()
        low = np.asarray(lo, dtype=np.int64)[index].max(axis=1)
        high = np.asarray(hi, dtype=np.int64)[index].max(axis=1)
        return low, high

    def constant_outputs(self, reads: LayerInput) -> Bools:
        """None: an OR of free +-1 inputs takes both values."""
        return np.zeros(self.n_out, dtype=np.bool_)
