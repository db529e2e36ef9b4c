"""The numba loops of the image layers (engine.convolution states their design and exactness).

- chw_to_hwc: packed C-order (C, H*W) bits -> an HWC image of `field` bits per position
  (channels padded with 0 bits), rows of W positions after `start` words of 0 bits: blocks of
  R = min(field, 64) channel rows x 64 positions are transposed in place by log2(R) delta swaps
  (Hacker's Delight 7-3, the 64 x 64 transpose restricted to R rows: round j swaps bit j of the
  row index with bit j of the column index), then by log2(64 / R) swaps of R-bit fields, so each
  word holds 64 / R consecutive positions and is stored whole.
- conv_pack: per image chw_to_hwc, per output position the KH window rows of that image (one
  word run each, the padding columns masked: gather_patches), XNOR/popcount against every output
  channel (vectorized over channels), each position's fire bits packed 8 at a time by one
  multiplication (pack_eights), then moved to C order by the inverse swaps (hwc_to_chw).
(maxpool2d's loop is in engine.compiled_pool.)

Loops stay inline where numba would otherwise pay a call and an array view per position, and
word extraction is branch-free (where a run crosses a word boundary is data dependent).
Compiled on first use (cache=True), over the batch in parallel like engine.compiled.
"""

from __future__ import annotations

import numpy as np

from bnnverify.engine.bits import WORD_BITS
from bnnverify.engine.compiled import HAS_NUMBA, ROWS_PER_TASK

# sum_k b_k << 8k (bytes b_k in {0, 1}) times this has bit 56 + k = b_k and no carries into the
# top byte (the partial products 8k + 56 - 7j are distinct bits): 8 bools -> 8 bits in one multiply.
PACK_MAGIC = 0x0102040810204080

if HAS_NUMBA:
    import numba

    from bnnverify.engine.compiled import ctpop

    @numba.njit(cache=True)
    def extract_bits(row, start, n):  # type: ignore[no-untyped-def]
        """Bits start .. start + n - 1 of a packed row (0 < n <= 64) as the low bits of a uint64.

        Branch-free (the run crosses a word boundary at data-dependent places): the next word
        is read at a clamped index, and shifted out entirely when the run does not reach it."""
        a, r = start >> 6, np.uint64(start & 63)
        after = row[min(a + 1, row.shape[0] - 1)]
        value = (row[a] >> r) | ((after << (np.uint64(63) - r)) << np.uint64(1))
        if n < WORD_BITS:
            value &= (np.uint64(1) << np.uint64(n)) - np.uint64(1)
        return value

    @numba.njit(cache=True, inline="always")
    def extract_word(row, start):  # type: ignore[no-untyped-def]
        """Bits start .. start + 63 of a packed row (0 bits past its end), branch-free."""
        a, r = start >> 6, np.uint64(start & 63)
        after = row[a + 1] if a + 1 < row.shape[0] else np.uint64(0)
        return (row[a] >> r) | ((after << (np.uint64(63) - r)) << np.uint64(1))

    @numba.njit(cache=True)
    def insert_bits(row, start, n, value):  # type: ignore[no-untyped-def]
        """row bits start .. start + n - 1 |= value (n <= 64 low bits, the rest 0). The part
        past word start // 64 is 0 unless the run crosses into the next word (branch-free)."""
        a, r = start >> 6, np.uint64(start & 63)
        row[a] |= value << r
        row[min(a + 1, row.shape[0] - 1)] |= (value >> (np.uint64(63) - r)) >> np.uint64(1)

    @numba.njit(cache=True, inline="always")
    def low_mask(j):  # type: ignore[no-untyped-def]
        """The bit positions p in 0..63 with p & j == 0 (j a power of two below 64)."""
        mask = (np.uint64(1) << np.uint64(j)) - np.uint64(1)
        width = 2 * j
        while width < WORD_BITS:
            mask |= mask << np.uint64(width)
            width *= 2
        return mask

    @numba.njit(cache=True)
    def transpose_blocks(a, rows, width, top):  # type: ignore[no-untyped-def]
        """Delta-swap rounds j = top, top / 2, ..., 1 over a[0:rows] (powers of two): round j
        swaps element e of a[k] with element e - j of a[k + j] (k & j == 0, e & j != 0) for
        `width`-bit elements. With top = rows / 2 and rows * width <= 64 this transposes each
        rows x rows block in place: element b * rows + r of a[q] <-> element b * rows + q of
        a[r]."""
        j = top
        while j > 0:
            mask, shift = low_mask(j * width), np.uint64(j * width)
            for pair in range(0, rows, 2 * j):
                for k in range(pair, pair + j):
                    t = ((a[k] >> shift) ^ a[k + j]) & mask
                    a[k + j] ^= t
                    a[k] ^= t << shift
            j //= 2

    @numba.njit(cache=True)
    def spread_fields(lanes, rows):  # type: ignore[no-untyped-def]
        """After transpose_blocks(lanes, rows, 1, rows // 2) lane q holds positions q, rows + q,
        ... (rows-bit fields); transposing each group of per = 64 / rows lanes by fields puts
        consecutive positions in a lane: then lane g * per + b holds positions
        (b * groups + g) * per + f (field f), groups = rows / per. Its own inverse."""
        per = WORD_BITS // rows
        transpose_blocks(lanes, rows, rows, per // 2)

    @numba.njit(cache=True)
    def chw_to_hwc(x_row, channels, area, field, start, lanes, hwc):  # type: ignore[no-untyped-def]
        """hwc bits start * 64 + s * field + c = bit c * area + s of x_row (channel c, position
        s; 0 for c >= channels), field bits per position, written a whole word at a time (the
        words past the last position get 0 bits)."""
        rows = min(field, WORD_BITS)
        blocks = field // rows
        per = WORD_BITS // rows
        groups = rows // per
        for block in range(blocks):
            for s0 in range(0, area, WORD_BITS):
                n = min(WORD_BITS, area - s0)
                for r in range(rows):
                    c = block * rows + r
                    lanes[r] = np.uint64(0)
                    if c < channels:
                        lanes[r] = extract_bits(x_row, c * area + s0, n)
                transpose_blocks(lanes, rows, 1, rows // 2)
                if rows == WORD_BITS:
                    for q in range(WORD_BITS):
                        hwc[start + (s0 + q) * blocks + block] = lanes[q]
                    continue
                spread_fields(lanes, rows)
                base = start + s0 * rows // WORD_BITS
                for g in range(groups):
                    for b in range(per):
                        hwc[base + b * groups + g] = lanes[g * per + b]

    @numba.njit(cache=True, inline="always")
    def pack_eights(eights, q):  # type: ignore[no-untyped-def]
        """Word q of pack_bits(bytes) from a uint64 view of bytes in {0, 1}: 8 per multiply."""
        word = np.uint64(0)
        for b in range(8):
            packed = (eights[8 * q + b] * np.uint64(PACK_MAGIC)) >> np.uint64(56)
            word |= packed << np.uint64(8 * b)
        return word

    @numba.njit(cache=True)
    def hwc_to_chw(fired, positions, c_out, rows, lanes, out_row):  # type: ignore[no-untyped-def]
        """out_row (zeroed here) bit o * positions + p = bit o % 64 of fired[p, o // 64], the
        inverse steps of chw_to_hwc (rows = 64, or rows >= c_out bits per position); fired has
        zero rows past `positions` up to a multiple of 64."""
        out_row[:] = 0
        per = WORD_BITS // rows
        groups = rows // per
        for block in range(fired.shape[1]):
            for p0 in range(0, positions, WORD_BITS):
                if rows == WORD_BITS:
                    for q in range(WORD_BITS):
                        lanes[q] = fired[p0 + q, block]
                else:
                    for g in range(groups):
                        for b in range(per):
                            first = p0 + (b * groups + g) * per
                            lane = np.uint64(0)
                            for f in range(per):
                                lane |= fired[first + f, 0] << np.uint64(f * rows)
                            lanes[g * per + b] = lane
                    spread_fields(lanes, rows)
                transpose_blocks(lanes, rows, 1, rows // 2)
                n = min(WORD_BITS, positions - p0)
                for o in range(min(rows, c_out - block * WORD_BITS)):
                    insert_bits(out_row, (block * WORD_BITS + o) * positions + p0, n, lanes[o])

    @numba.njit(cache=True, parallel=True)
    def conv_pack(x, shape, columns, words_t, mask_t, dense, limit, out):  # type: ignore[no-untyped-def]
        """One binary conv: x (batch, words) C-order +-1 bits -> out (batch, words), C order.

        shape = (C, H, W, field, start word, hwc words, KH, KW, SH, SW, top, left, H_out,
        W_out). The HWC image has `field` bits per position, rows of W positions, image row 0
        at word `start` with 0 bits before it (the top padding) and after the last row (the
        bottom); a window row reads KW positions at once, columns[j] (row words) masks the ones
        in the left / right padding (they hold the row before or after). words_t, mask_t
        (KH * row words, C_out): each kernel row's KW * field bits in its own words. Channel o
        at position p fires iff d <= limit[p, o].
        """
        channels, h, w, field, start, n_hwc, kh, kw, sh, sw, top, left, h_out, w_out = shape
        n_k, c_out = words_t.shape
        row_words = n_k // kh
        positions = h_out * w_out
        out_words = (c_out + WORD_BITS - 1) // WORD_BITS
        rows = WORD_BITS if c_out > 32 else (8 if c_out <= 8 else (16 if c_out <= 16 else 32))
        batch = x.shape[0]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            hwc = np.zeros(n_hwc, dtype=np.uint64)  # padding rows stay 0
            lanes = np.empty(WORD_BITS, dtype=np.uint64)
            patches = np.empty((positions, n_k), dtype=np.uint64)
            acc = np.empty(c_out, dtype=np.int64)
            fires = np.zeros(out_words * WORD_BITS, dtype=np.uint8)  # the tail stays 0
            eights = fires.view(np.uint64)
            n_fired = (positions + WORD_BITS - 1) // WORD_BITS * WORD_BITS
            fired = np.zeros((n_fired, out_words), dtype=np.uint64)  # rows past P stay 0
            for b in range(task * ROWS_PER_TASK, min(batch, (task + 1) * ROWS_PER_TASK)):
                chw_to_hwc(x[b], channels, h * w, field, start, lanes, hwc)
                gather_patches(hwc, shape, columns, row_words, patches)
                for p in range(positions):  # acc = d, as compiled.count_disagreements
                    for o in range(c_out):
                        acc[o] = 0
                    # Four (then two, one) words per pass over acc: fewer loads and stores of it.
                    for k in range(0, n_k - 3, 4):
                        x0, x1 = patches[p, k], patches[p, k + 1]
                        x2, x3 = patches[p, k + 2], patches[p, k + 3]
                        if dense:
                            for o in range(c_out):
                                d01 = ctpop(x0 ^ words_t[k, o]) + ctpop(x1 ^ words_t[k + 1, o])
                                d23 = ctpop(x2 ^ words_t[k + 2, o]) + ctpop(x3 ^ words_t[k + 3, o])
                                acc[o] += np.int64(d01 + d23)
                        else:
                            for o in range(c_out):
                                d0 = ctpop((x0 ^ words_t[k, o]) & mask_t[k, o])
                                d1 = ctpop((x1 ^ words_t[k + 1, o]) & mask_t[k + 1, o])
                                d2 = ctpop((x2 ^ words_t[k + 2, o]) & mask_t[k + 2, o])
                                d3 = ctpop((x3 ^ words_t[k + 3, o]) & mask_t[k + 3, o])
                                acc[o] += np.int64(d0 + d1 + d2 + d3)
                    if n_k % 4 >= 2:
                        k = n_k - n_k % 4
                        x0, x1 = patches[p, k], patches[p, k + 1]
                        if dense:
                            for o in range(c_out):
                                d01 = ctpop(x0 ^ words_t[k, o]) + ctpop(x1 ^ words_t[k + 1, o])
                                acc[o] += np.int64(d01)
                        else:
                            for o in range(c_out):
                                d0 = ctpop((x0 ^ words_t[k, o]) & mask_t[k, o])
                                d1 = ctpop((x1 ^ words_t[k + 1, o]) & mask_t[k + 1, o])
                                acc[o] += np.int64(d0 + d1)
                    if n_k % 2:
                        k, x0 = n_k - 1, patches[p, n_k - 1]
                        if dense:
                            for o in range(c_out):
                                acc[o] += np.int64(ctpop(x0 ^ words_t[k, o]))
                        else:
                            for o in range(c_out):
                                acc[o] += np.int64(ctpop((x0 ^ words_t[k, o]) & mask_t[k, o]))
                    for o in range(c_out):
                        fires[o] = acc[o] <= limit[p, o]
                    for q in range(out_words):
                        fired[p, q] = pack_eights(eights, q)
                hwc_to_chw(fired, positions, c_out, rows, lanes, out[b])

    @numba.njit(cache=True)
    def gather_patches(hwc, shape, columns, row_words, patches):  # type: ignore[no-untyped-def]
        """patches[i * W_out + j] = the KH window rows of output position (i, j), each KW *
        field bits in row_words words, the columns in the padding masked off (conv_pack)."""
        channels, h, w, field, start, n_hwc, kh, kw, sh, sw, top, left, h_out, w_out = shape
        step = sw * field
        for i in range(h_out):
            for u in range(kh):
                row = start * WORD_BITS + ((i * sh + u - top) * w - left) * field
                for j in range(w_out):
                    p, src = i * w_out + j, row + j * step
                    for q in range(row_words):
                        run = extract_word(hwc, src + q * WORD_BITS)  # columns: 0 past the row
                        patches[p, u * row_words + q] = run & columns[j, q]
