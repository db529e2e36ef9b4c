"""The conv over the raw input (layer 0, integer pixels): exact dots, then the threshold compare.

Every partial sum of a window dot is a sum of terms w * x with |w| <= 1 and |x| <= magnitude =
max(|x_i|, |pad_value|), so |partial| <= l1 * magnitude, l1 = max_o sum |weight[o]|: below
2**24 (2**53) every partial sum, every pixel and pad_value are integers that float32 (float64)
holds exactly, whatever the order of the additions; beyond that int64 (validate keeps
C_in * KH * KW * magnitude below 2**62). Thresholds are clipped to +-2**24 (+-2**53) in the float
paths: |dot| is below the bound, so a clipped threshold fires exactly when the original does.
As kernels.RawBlockKernel.

numba (raw_conv_pack): per image the padded input is split into SH x SW phase planes (plane
(a, b) holds xpad[c, r * SH + a, s * SW + b]), so each kernel tap (u, v) of every output position
reads one contiguous run of a plane: acc[i * Wph + j] += / -= plane[(u // SH) * Wph + v // SW +
i * Wph + j], zero weights skipped, the columns j >= W_out of acc computed and ignored. numpy:
im2col and one matrix product.
"""

from __future__ import annotations

import numpy as np

from bnnverify.engine import bits
from bnnverify.engine.bits import Words
from bnnverify.engine.compiled import HAS_NUMBA, ROWS_PER_TASK
from bnnverify.engine.convolution import conv_window, pack_channel_major
from bnnverify.engine.kernels import FLOAT32_EXACT, FLOAT64_EXACT
from bnnverify.model import Conv2dLayer

RAW_CHUNK = 256  # images per step of the numpy path: bounds the im2col temporary

if HAS_NUMBA:
    import numba

    from bnnverify.engine.compiled_conv import pack_eights

    @numba.njit(cache=True)
    def add_run(acc, run, positive):  # type: ignore[no-untyped-def]
        """acc += run, or acc -= run (a view of its own: LLVM vectorizes the loop)."""
        if positive:
            for t in range(acc.shape[0]):
                acc[t] += run[t]
        else:
            for t in range(acc.shape[0]):
                acc[t] -= run[t]

    @numba.njit(cache=True)
    def fire_run(fires, acc, threshold):  # type: ignore[no-untyped-def]
        """fires[j] = acc[j] >= threshold for every j of fires."""
        for j in range(fires.shape[0]):
            fires[j] = acc[j] >= threshold

    @numba.njit(cache=True, parallel=True)
    def raw_conv_pack(x, shape, dst, weight, threshold, planes, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(window dot >= threshold[o]) in C order, the dots in planes' dtype.

        shape = (H_out, W_out, SH, SW, Wph, plane size); planes (SH * SW * C * plane size,)
        holds pad_value everywhere an image pixel never goes (dst: each pixel's place)."""
        h_out, w_out, sh, sw, wph, size = shape
        c_out, channels, kh, kw = weight.shape
        positions, n_acc = h_out * w_out, h_out * wph
        batch = x.shape[0]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            plane = planes.copy()
            acc = np.empty(n_acc, dtype=planes.dtype)
            fires = np.zeros(out.shape[1] * 64, dtype=np.uint8)  # the tail stays 0
            eights = fires.view(np.uint64)
            for b in range(task * ROWS_PER_TASK, min(batch, (task + 1) * ROWS_PER_TASK)):
                for s in range(dst.shape[0]):
                    plane[dst[s]] = x[b, s]
                for o in range(c_out):
                    acc[:] = 0
                    for c in range(channels):
                        for u in range(kh):
                            for v in range(kw):
                                w = weight[o, c, u, v]
                                phase = ((u % sh) * sw + v % sw) * channels + c
                                base = phase * size + (u // sh) * wph + v // sw
                                if w != 0:
                                    add_run(acc, plane[base : base + n_acc], w > 0)
                    for i in range(h_out):
                        first = o * positions + i * w_out
                        fire_run(fires[first : first + w_out], acc[i * wph :], threshold[o])
                for q in range(out.shape[1]):
                    out[b, q] = pack_eights(eights, q)


class RawConvKernel:
    """Raw integers (C, H, W) -> packed bits of the conv's exact dots >= threshold, C order."""

    def __init__(self, layer: Conv2dLayer, backend: str) -> None:
        self.window = win = conv_window(layer)
        self.backend = backend
        self.weight = layer.weight
        flat = layer.weight.reshape(layer.weight.shape[0], -1)
        self.weight_t = np.ascontiguousarray(flat.T, dtype=np.float32)  # (K, C_out): numpy
        self.threshold = layer.threshold
        self.pad_value = int(layer.pad_value)
        self.l1 = int(np.abs(flat.astype(np.int64)).sum(axis=1).max(initial=0))
        dense = bool((flat != 0).all())
        self.nbytes = bits.pack_signs(flat).nbytes * (1 if dense else 2)
        self.extra_bytes = self.weight_t.nbytes
        hp, wp = win.padded
        wph, hph = -(-wp // win.sw), -(-hp // win.sh)
        size = hph * wph + win.kw  # the ignored columns of the last row read up to kw further
        h_out, w_out = win.out_shape
        self.shape = np.array([h_out, w_out, win.sh, win.sw, wph, size], dtype=np.int64)
        c, h, w = np.unravel_index(np.arange(win.channels * win.height * win.width), layer.in_shape)
        rows, cols = h + win.top, w + win.left  # padded coordinates
        phase = ((rows % win.sh) * win.sw + cols % win.sw) * win.channels + c
        self.dst = (phase * size + (rows // win.sh) * wph + cols // win.sw).astype(np.int64)
        self.plane_size = win.sh * win.sw * win.channels * size

    def __call__(self, flat: np.ndarray) -> Words:
        magnitude = max(abs(int(flat.min(initial=0))), abs(int(flat.max(initial=0))))
        bound = max(self.l1, 1) * max(magnitude, abs(self.pad_value))
        dtype: type = np.int64
        threshold: np.ndarray = self.threshold
        for exact, float_type in ((FLOAT32_EXACT, np.float32), (FLOAT64_EXACT, np.float64)):
            if bound < exact:
                dtype, threshold = float_type, np.clip(self.threshold, -exact, exact)
                break
        threshold = np.ascontiguousarray(threshold.astype(dtype))
        if self.backend == "numba":
            n_out = self.weight.shape[0] * self.window.positions
            out = np.empty((flat.shape[0], bits.n_words(n_out)), dtype=np.uint64)
            planes: np.ndarray = np.full(self.plane_size, self.pad_value, dtype=dtype)
            weight = np.ascontiguousarray(self.weight)
            x = np.ascontiguousarray(flat)
            raw_conv_pack(x, self.shape, self.dst, weight, threshold, planes, out)
            return out
        batch = (flat.shape[0], self.window.positions, self.weight.shape[0])
        fires = np.empty(batch, dtype=np.bool_)
        for start in range(0, len(flat), RAW_CHUNK):
            chunk = flat[start : start + RAW_CHUNK]
            fires[start : start + RAW_CHUNK] = self._fires(chunk, dtype, threshold)
        return pack_channel_major(fires)

    def _fires(self, flat: np.ndarray, dtype: type, threshold: np.ndarray) -> np.ndarray:
        """(chunk, C*H*W) -> (chunk, P, C_out) bools: dot >= threshold, exactly in dtype."""
        win = self.window
        images: np.ndarray = flat.reshape(len(flat), win.channels, win.height, win.width)
        images = images.astype(dtype)
        dots = win.patches(images, self.pad_value) @ self.weight_t.astype(dtype)  # (chunk*P, C_out)
        return np.asarray(dots >= threshold).reshape(flat.shape[0], win.positions, -1)
