"""The numba loops of the image layers (engine.convolution states their design and exactness).

- chw_to_hwc: packed C-order (C, H*W) bits -> an HWC image of `field` bits per position
  (channels padded with 0 bits), rows of W positions after `start` words of 0 bits: blocks of
  R = min(field, 64) channel rows x 64 positions are transposed in place by log2(R) delta swaps
  (Hacker's Delight 7-3, the 64 x 64 transpose restricted to R rows: round j swaps bit j of the
  row index with bit j of the column index), then by log2(64 / R) swaps of R-bit fields, so each
  word holds 64 / R consecutive positions and is stored whole.
- conv_rows: per image chw_to_hwc; each window row (KW * field bits, the padding columns
  masked) read once per padded input row and output column (gather_rows), copied to every
  patch that uses it with the output positions innermost (spread_patches: patches[p // LANE,
  k, p % LANE], k the patch word); then per pair of output channels and block of LANE
  positions, XNOR/popcount vectorized over the positions with 4 patch words per pass and the
  threshold compare folded into the last pass, the fire bits of LANE consecutive positions of
  one channel forming one run of the C-order output (channel_fires). The patch words are
  padded with 0 words to a multiple of 4 and the positions to a multiple of LANE (limit -1
  there: never fires).
(maxpool2d's loop is in engine.compiled_pool.)

Word extraction is branch-free (where a run crosses a word boundary is data dependent), and
every vectorized loop indexes its innermost axis by its own 0-based loop variable (numba's
negative-index wraparound would otherwise turn the loads into gathers). conv_pack runs
conv_rows over the batch in parallel like engine.compiled; compiled on first use (cache=True).
"""

from __future__ import annotations

import numpy as np

from bnnverify.engine.bits import WORD_BITS
from bnnverify.engine.compiled import HAS_NUMBA, ROWS_PER_TASK

# sum_k b_k << 8k (bytes b_k in {0, 1}) times this has bit 56 + k = b_k and no carries into the
# top byte (the partial products 8k + 56 - 7j are distinct bits): 8 bools -> 8 bits in one multiply.
PACK_MAGIC = 0x0102040810204080
# Output positions per vectorized block of channel_fires: 4 AVX-512 / 8 AVX2 registers of
# 64-bit lanes, and at most 31 of them wasted past the last position.
LANE = 32

if HAS_NUMBA:
    import numba

    from bnnverify.engine.compiled import ctpop

    @numba.njit(cache=True, inline="always")
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

    @numba.njit(cache=True, inline="always")
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

    @numba.njit(cache=True, inline="always")
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
        words past the last position get 0 bits). Each R is a literal in its own branch, so
        the delta-swap rounds are unrolled."""
        if field == 8:
            transpose_hwc(x_row, channels, area, field, start, lanes, hwc, 8)
        elif field == 16:
            transpose_hwc(x_row, channels, area, field, start, lanes, hwc, 16)
        elif field == 32:
            transpose_hwc(x_row, channels, area, field, start, lanes, hwc, 32)
        else:
            transpose_hwc(x_row, channels, area, field, start, lanes, hwc, 64)

    @numba.njit(cache=True, inline="always")
    def transpose_hwc(x_row, channels, area, field, start, lanes, hwc, rows):  # type: ignore[no-untyped-def]
        """chw_to_hwc with R = rows = min(field, 64)."""
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
    def gather_rows(hwc, shape, columns, runs):  # type: ignore[no-untyped-def]
        """runs[q, r, j] = word q of the window row at padded input row r, output column j:
        KW * field bits from the HWC image, the columns in the left / right padding (they hold
        the row before or after) masked by columns[j, q]."""
        channels, h, w, field, start, n_hwc, kh, kw, sh, sw, top, left, h_out, w_out = shape
        step = sw * field
        for r in range(runs.shape[1]):
            row = start * WORD_BITS + ((r - top) * w - left) * field
            for j in range(w_out):
                for q in range(runs.shape[0]):
                    run = extract_word(hwc, row + j * step + q * WORD_BITS)  # 0 past the image
                    runs[q, r, j] = run & columns[j, q]

    @numba.njit(cache=True)
    def spread_patches(runs, shape, patches):  # type: ignore[no-untyped-def]
        """patches[p // LANE, u * row words + q, p % LANE] = runs[q, i * SH + u, j] for output
        position p = i * W_out + j (the other entries are left as they are: 0)."""
        kh, sh, h_out, w_out = shape[6], shape[8], shape[12], shape[13]
        row_words = runs.shape[0]
        for u in range(kh):
            for q in range(row_words):
                for i in range(h_out):
                    for j in range(w_out):
                        p = i * w_out + j
                        patches[p // LANE, u * row_words + q, p % LANE] = runs[q, i * sh + u, j]

    @numba.njit(cache=True, inline="always")
    def count4(patches, m, k, t, w, mask, o):  # type: ignore[no-untyped-def]
        """sum over the 4 patch words k .. k + 3 of popcount((x ^ w[o]) & mask[o]), lane t."""
        d01 = ctpop((patches[m, k, t] ^ w[o, k]) & mask[o, k])
        d01 += ctpop((patches[m, k + 1, t] ^ w[o, k + 1]) & mask[o, k + 1])
        d23 = ctpop((patches[m, k + 2, t] ^ w[o, k + 2]) & mask[o, k + 2])
        d23 += ctpop((patches[m, k + 3, t] ^ w[o, k + 3]) & mask[o, k + 3])
        return np.int64(d01 + d23)

    @numba.njit(cache=True)
    def channel_fires(patches, words, masks, limit, positions, acc, out_row):  # type: ignore[no-untyped-def]
        """out_row (zeroed here) bit o * P + p = d[o, p] <= limit[o, p // LANE, p % LANE], d =
        the disagreements of patch p with channel o. Two channels per pass share the patch
        loads (the last one twice when C_out is odd); more than 4 patch words add up in acc."""
        n_m, n_k4 = patches.shape[0], patches.shape[1]
        c_out = limit.shape[0]
        out_row[:] = 0
        for o in range(0, c_out, 2):
            o1 = min(o + 1, c_out - 1)
            for m in range(n_m):
                k = n_k4 - 4  # the last 4 words: added to acc (if any) in the compare loop
                fired, fired1 = np.uint64(0), np.uint64(0)
                if k == 0:
                    for t in range(LANE):
                        d = count4(patches, m, 0, t, words, masks, o)
                        d1 = count4(patches, m, 0, t, words, masks, o1)
                        fired |= np.uint64(d <= limit[o, m, t]) << np.uint64(t)
                        fired1 |= np.uint64(d1 <= limit[o1, m, t]) << np.uint64(t)
                else:
                    for t in range(LANE):
                        acc[0, t] = 0
                        acc[1, t] = 0
                    for j in range(0, k, 4):
                        for t in range(LANE):
                            acc[0, t] += count4(patches, m, j, t, words, masks, o)
                            acc[1, t] += count4(patches, m, j, t, words, masks, o1)
                    for t in range(LANE):
                        d = acc[0, t] + count4(patches, m, k, t, words, masks, o)
                        d1 = acc[1, t] + count4(patches, m, k, t, words, masks, o1)
                        fired |= np.uint64(d <= limit[o, m, t]) << np.uint64(t)
                        fired1 |= np.uint64(d1 <= limit[o1, m, t]) << np.uint64(t)
                n = min(LANE, positions - m * LANE)
                insert_bits(out_row, o * positions + m * LANE, n, fired)
                if o1 > o:
                    insert_bits(out_row, o1 * positions + m * LANE, n, fired1)

    @numba.njit(cache=True)
    def conv_rows(x, first, stop, shape, columns, words, masks, limit, out):  # type: ignore[no-untyped-def]
        """Rows first .. stop - 1 of one binary conv: x (batch, words) C-order +-1 bits -> out
        (batch, words), C order.

        shape = (C, H, W, field, start word, hwc words, KH, KW, SH, SW, top, left, H_out,
        W_out). The HWC image has `field` bits per position, rows of W positions, image row 0
        at word `start` with 0 bits before it (the top padding) and after the last row (the
        bottom). columns (W_out, row words) masks each window row's padding columns. words,
        masks (C_out, patch words padded to a multiple of 4): each kernel row's KW * field
        bits in its own words, then 0 words. limit (C_out, ceil(P / LANE), LANE): channel o at
        position p fires iff d <= limit[o, p // LANE, p % LANE] (-1 past P).
        """
        channels, h, w, field, start, n_hwc, kh, kw, sh, sw, top, left, h_out, w_out = shape
        row_words = columns.shape[1]
        hwc = np.zeros(n_hwc, dtype=np.uint64)  # padding rows stay 0
        lanes = np.empty(WORD_BITS, dtype=np.uint64)
        runs = np.empty((row_words, (h_out - 1) * sh + kh, w_out), dtype=np.uint64)
        patches = np.zeros((limit.shape[1], words.shape[1], LANE), dtype=np.uint64)
        acc = np.empty((2, LANE), dtype=np.int64)
        for b in range(first, stop):
            chw_to_hwc(x[b], channels, h * w, field, start, lanes, hwc)
            gather_rows(hwc, shape, columns, runs)
            spread_patches(runs, shape, patches)
            channel_fires(patches, words, masks, limit, h_out * w_out, acc, out[b])

    @numba.njit(cache=True, parallel=True)
    def conv_pack(x, shape, columns, words, masks, limit, out):  # type: ignore[no-untyped-def]
        """conv_rows over the whole batch, ROWS_PER_TASK rows per parallel task."""
        batch = x.shape[0]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            stop = min(batch, (task + 1) * ROWS_PER_TASK)
            conv_rows(x, task * ROWS_PER_TASK, stop, shape, columns, words, masks, limit, out)
