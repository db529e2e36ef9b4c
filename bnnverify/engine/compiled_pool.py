"""The numba loop of maxpool2d over packed +-1 bits (engine.convolution.MaxPoolKernel).

maxpool_pack: per output row the OR of its KH input rows (one word per row when W <= 64), then
of KW shifted copies of it, so bit j * SW holds the OR of window j; every SW-th bit is kept.
Rows wider than 64 bits test each window one run (<= 64 bits) at a time.
"""

from __future__ import annotations

import numpy as np

from bnnverify.engine.bits import WORD_BITS
from bnnverify.engine.compiled import HAS_NUMBA

if HAS_NUMBA:
    import numba

    from bnnverify.engine.compiled_conv import extract_bits, insert_bits

    @numba.njit(cache=True)
    def keep_every(bits, stride, n):  # type: ignore[no-untyped-def]
        """Bits 0, stride, 2 * stride, ... of `bits` (n of them) moved to bits 0 .. n - 1."""
        if stride == 1:
            kept = bits
        else:
            kept = np.uint64(0)
            for j in range(n):
                kept |= ((bits >> np.uint64(j * stride)) & np.uint64(1)) << np.uint64(j)
        if n < WORD_BITS:
            kept &= (np.uint64(1) << np.uint64(n)) - np.uint64(1)
        return kept

    @numba.njit(cache=True, parallel=True)
    def maxpool_pack(x, shape, out):  # type: ignore[no-untyped-def]
        """OR over each window: x (batch, words) C-order (C, H, W) bits -> out, C order.

        shape = (C, H, W, KH, KW, SH, SW, H_out, W_out). Rows of W <= 64 bits: one word per
        row; wider rows test each window's bits one run (<= 64) at a time.
        """
        channels, h, w, kh, kw, sh, sw, h_out, w_out = shape
        n_row = (w + WORD_BITS - 1) // WORD_BITS
        for b in numba.prange(x.shape[0]):
            row = np.empty(n_row, dtype=np.uint64)
            out[b, :] = 0
            for c in range(channels):
                for i in range(h_out):
                    row[:] = 0
                    for u in range(kh):
                        base = (c * h + i * sh + u) * w
                        for q in range(n_row):
                            start = q * WORD_BITS
                            row[q] |= extract_bits(x[b], base + start, min(WORD_BITS, w - start))
                    first = (c * h_out + i) * w_out
                    if n_row == 1:
                        spread = row[0]
                        for v in range(1, kw):
                            spread |= row[0] >> np.uint64(v)
                        insert_bits(out[b], first, w_out, keep_every(spread, sw, w_out))
                        continue
                    for j in range(w_out):
                        hit = False
                        for v in range(0, kw, WORD_BITS):
                            if extract_bits(row, j * sw + v, min(WORD_BITS, kw - v)) != 0:
                                hit = True
                        bit = first + j
                        out[b, bit >> 6] |= np.uint64(hit) << np.uint64(bit & 63)
