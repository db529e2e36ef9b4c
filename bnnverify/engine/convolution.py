"""The packed kernels of the image layers: conv2d (over +-1 or raw inputs) and maxpool2d.

Activations stay packed in C order (c, h, w) between layers (bnnverify.engine.bits), so a
block, conv or max-pool reads what any other layer wrote; each kernel changes the layout only
inside itself.

Binary conv (+-1 inputs): XNOR/popcount over packed patches, channels bit-packed per position.
The numba loop (compiled_conv.conv_rows) moves each image to an HWC bit image with `field` bits
per position (C padded with 0 bits to 8, 16, 32 or a multiple of 64; rows of W positions, zero
rows above and below), so a window row is KW * field contiguous bits and a patch is KH word
runs, the columns that fall in the left / right padding masked to 0; the weights are packed in
the same (u, v, c) order, 0 in the padded channels (x and w bits both 0 there: never a
disagreement); it counts with the output positions in the vector lanes, so each channel's
fire bits come out as runs of the C-order output. The numpy path packs patches in (c, u, v)
order from unpacked bits. Either way a padded position holds bit 0, i.e. it is read as x = -1,
and the true value is folded into the limit:

    dot = dot_read + (1 + pad_value) * S[p, o],  S[p, o] = sum of weight[o] over the window
                                                          positions of p that are padding

because the padding term read as -1 is -S and the true one is pad_value * S (pad_value 0:
nothing; -1: read exactly; +1: +S). With d the disagreements over the nonzero weights (nnz[o]
of them), dot_read = nnz - 2 * d, so

    dot >= t  <=>  d <= limit[p, o] = floor((nnz[o] + (1 + pad_value) * S[p, o] - t[o]) / 2).

|dot| <= nnz[o] (every term is in [-1, 1]), so t is clamped into [-nnz, nnz + 1] first
(model.clamp_thresholds' argument): nothing can wrap, and every neuron fires as before.

Raw conv (layer 0, integer pixels): engine.raw_conv (exact float32 / float64 / int64 dots).

Max-pool over +-1 bits: y = OR of the window's bits (set bit = +1).
References: Hubara et al., NeurIPS 2016; Rastegari et al., ECCV 2016 (XNOR-Net); Larq Compute
Engine (bitpacked conv, "zero" padding corrected per output position).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from bnnverify.engine import bits, compiled, compiled_conv, compiled_pool
from bnnverify.engine.bits import Words
from bnnverify.model import Bools, Conv2dLayer, MaxPool2dLayer, clamp_thresholds


@dataclass(frozen=True)
class Window:
    """Where a sliding window reads: input (C, H, W), kernel (KH, KW), stride, padding."""

    channels: int
    height: int
    width: int
    kh: int
    kw: int
    sh: int
    sw: int
    top: int = 0
    bottom: int = 0
    left: int = 0
    right: int = 0

    @property
    def padded(self) -> tuple[int, int]:
        return self.height + self.top + self.bottom, self.width + self.left + self.right

    @property
    def out_shape(self) -> tuple[int, int]:
        hp, wp = self.padded
        return (hp - self.kh) // self.sh + 1, (wp - self.kw) // self.sw + 1

    @property
    def positions(self) -> int:
        h_out, w_out = self.out_shape
        return h_out * w_out

    def padding_positions(self) -> Bools:
        """(P, KH * KW): window position (u, v) of output position p lies in the padding."""
        h_out, w_out = self.out_shape
        rows = np.arange(h_out)[:, None] * self.sh + np.arange(self.kh)[None, :] - self.top
        cols = np.arange(w_out)[:, None] * self.sw + np.arange(self.kw)[None, :] - self.left
        row_in = (rows >= 0) & (rows < self.height)  # (H_out, KH)
        col_in = (cols >= 0) & (cols < self.width)  # (W_out, KW)
        inside = row_in[:, None, :, None] & col_in[None, :, None, :]  # (H_out, W_out, KH, KW)
        return ~inside.reshape(self.positions, self.kh * self.kw)

    def patches(self, images: np.ndarray, pad_value: int | bool) -> np.ndarray:
        """(batch, C, H, W) -> (batch * P, C * KH * KW) patches in (c, u, v) order, padded."""
        pad = ((0, 0), (0, 0), (self.top, self.bottom), (self.left, self.right))
        padded = np.pad(images, pad, constant_values=pad_value)
        windows = sliding_window_view(padded, (self.kh, self.kw), axis=(2, 3))
        windows = windows[:, :, :: self.sh, :: self.sw]  # (batch, C, H_out, W_out, KH, KW)
        batch = images.shape[0]
        k = self.channels * self.kh * self.kw
        return windows.transpose(0, 2, 3, 1, 4, 5).reshape(batch * self.positions, k)


def conv_window(layer: Conv2dLayer) -> Window:
    _, _, kh, kw = layer.weight.shape
    return Window(*layer.in_shape, kh, kw, *layer.stride, *layer.padding)


def pack_channel_major(fires: np.ndarray) -> Words:
    """(batch, P, C_out) bools -> (batch, words): bit (o * P + p), the C order (c, h, w)."""
    return bits.pack_bits(fires.transpose(0, 2, 1).reshape(fires.shape[0], -1))


class ConvKernel:
    """Packed +-1 words (C, H, W) -> packed words (C_out, H_out, W_out): XNOR/popcount per
    patch, channel o at position p fires iff d <= limit[p, o] (module docstring)."""

    def __init__(self, layer: Conv2dLayer, backend: str) -> None:
        self.window = win = conv_window(layer)
        self.backend = backend
        weight = layer.weight
        c_out = weight.shape[0]
        flat = weight.reshape(c_out, -1)
        nonzero = flat != 0
        nnz = nonzero.sum(axis=1, dtype=np.int64)
        self.dense = bool(nonzero.all())
        threshold = clamp_thresholds(layer.threshold, -nnz, nnz)
        w_sums = weight.astype(np.int64).sum(axis=1).reshape(c_out, -1)  # (C_out, KH * KW)
        in_padding = win.padding_positions().astype(np.int64) @ w_sums.T  # (P, C_out): S
        # fire <=> d <= floor((nnz + (1 + pad_value) * S - t) / 2); numpy's // floors.
        self.limit = (nnz + (1 + int(layer.pad_value)) * in_padding - threshold) // 2
        self.nbytes = bits.pack_signs(flat).nbytes * (1 if self.dense else 2)
        if backend == "numba":
            self._init_numba(weight)
        else:
            self.words, self.mask = bits.pack_signs(flat), bits.pack_bits(nonzero)
        self.extra_bytes = self.limit.nbytes
        if backend == "numba":  # the relaid-out words, masks and limits
            self.extra_bytes += self.words.nbytes + self.mask.nbytes + self.lane_limit.nbytes

    def _init_numba(self, weight: np.ndarray) -> None:
        """The layout of compiled_conv.conv_rows: `field` bits per position (channels padded
        with 0 bits to 8, 16, 32 or a multiple of 64), weights and masks (C_out, words) in
        (u, v, c) order with each kernel row in its own words, 0 words up to a multiple of 4;
        the limits (C_out, ceil(P / LANE), LANE), -1 past the last position."""
        win = self.window
        channels = win.channels
        field = next((f for f in (8, 16, 32) if channels <= f), 64 * bits.n_words(channels))
        c_out = weight.shape[0]
        rows = np.zeros((c_out, win.kh, win.kw, field), dtype=np.int8)
        rows[..., :channels] = weight.transpose(0, 2, 3, 1)  # (C_out, KH, KW, field)
        row_bits = bits.n_words(win.kw * field) * bits.WORD_BITS
        padded = np.zeros((c_out, win.kh, row_bits), dtype=np.int8)
        padded[..., : win.kw * field] = rows.reshape(c_out, win.kh, -1)
        flat = padded.reshape(c_out, -1)  # (C_out, KH * row words * 64)
        n_k = flat.shape[1] // bits.WORD_BITS
        n_k4 = -(-n_k // 4) * 4  # channel_fires reads 4 patch words per pass
        self.words = np.zeros((c_out, n_k4), dtype=np.uint64)
        self.words[:, :n_k] = bits.pack_signs(flat)
        self.mask = np.zeros((c_out, n_k4), dtype=np.uint64)  # 0 on padded bits and words
        self.mask[:, :n_k] = bits.pack_mask(flat)
        lane = compiled_conv.LANE
        n_m = -(-win.positions // lane)
        limit = np.full((c_out, n_m * lane), -1, dtype=np.int64)  # d >= 0: never fires
        limit[:, : win.positions] = self.limit.T
        self.lane_limit = limit.reshape(c_out, n_m, lane)
        # Image row 0 starts at word `start`, after the top padding rows and `left` more
        # positions of 0 bits (a window at the top left reads back that far).
        start = bits.n_words((win.top * win.width + win.left) * field)
        last_bit = (
            max(
                bits.n_words(win.height * win.width) * bits.WORD_BITS,
                (win.height + win.bottom) * win.width + win.right,
            )
            * field
        )
        n_hwc = start + bits.n_words(last_bit) + 1
        h_out, w_out = win.out_shape
        columns = np.arange(w_out)[:, None] * win.sw + np.arange(win.kw)[None, :] - win.left
        inside = (columns >= 0) & (columns < win.width)  # (W_out, KW)
        column_bits = np.zeros((w_out, row_bits), dtype=np.bool_)
        column_bits[:, : win.kw * field] = np.repeat(inside, field, axis=1)
        self.columns = bits.pack_bits(column_bits)  # (W_out, row words)
        self.shape = np.array(
            [channels, win.height, win.width, field, start, n_hwc, win.kh, win.kw]
            + [win.sh, win.sw, win.top, win.left, h_out, w_out],
            dtype=np.int64,
        )

    def __call__(self, words: Words) -> Words:
        win = self.window
        n_out = self.limit.shape[1] * win.positions
        if self.backend == "numba":
            x = np.ascontiguousarray(words)
            out = np.empty((x.shape[0], bits.n_words(n_out)), dtype=np.uint64)
            args = (self.shape, self.columns, self.words, self.mask, self.lane_limit, out)
            if compiled.runs_serially(x.shape[0]):
                compiled_conv.conv_rows(x, 0, x.shape[0], *args)  # no parallel launch
            else:
                compiled_conv.conv_pack(x, *args)
            return out
        batch = words.shape[0]
        n_in = win.channels * win.height * win.width
        images = bits.unpack_bits(words, n_in).reshape(batch, win.channels, win.height, win.width)
        patches = bits.pack_bits(win.patches(images, False))  # padding bit 0: read as -1
        d = bits.disagreements(patches, self.words, self.mask)  # (batch * P, C_out)
        return pack_channel_major(d.reshape(batch, win.positions, -1) <= self.limit)


class MaxPoolKernel:
    """Packed +-1 words (C, H, W) -> packed words (C, H_out, W_out): the OR of each window."""

    nbytes = 0
    extra_bytes = 0

    def __init__(self, layer: MaxPool2dLayer, backend: str) -> None:
        kh, kw = layer.kernel
        sh, sw = layer.kernel if layer.stride is None else layer.stride
        self.window = win = Window(*layer.in_shape, kh, kw, sh, sw)
        self.backend = backend
        h_out, w_out = win.out_shape
        self.shape = np.array(
            [win.channels, win.height, win.width, kh, kw, sh, sw, h_out, w_out], dtype=np.int64
        )

    def __call__(self, words: Words) -> Words:
        win = self.window
        n_out = win.channels * win.positions
        if self.backend == "numba":
            out = np.empty((words.shape[0], bits.n_words(n_out)), dtype=np.uint64)
            compiled_pool.maxpool_pack(np.ascontiguousarray(words), self.shape, out)
            return out
        batch = words.shape[0]
        n_in = win.channels * win.height * win.width
        images = bits.unpack_bits(words, n_in).reshape(batch, win.channels, win.height, win.width)
        windows = sliding_window_view(images, (win.kh, win.kw), axis=(2, 3))
        pooled = windows[:, :, :: win.sh, :: win.sw].any(axis=(4, 5))  # (batch, C, H_out, W_out)
        return bits.pack_bits(pooled.reshape(batch, n_out))
