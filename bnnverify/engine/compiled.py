"""The numba-compiled loops of the packed engine (engine.packed), one per kernel shape.

Compiled on first use (cache=True); each runs over the batch in parallel, ROWS_PER_TASK rows per
task, or on the calling thread for a small batch (runs_serially). The popcount is LLVM's ctpop
intrinsic (one popcnt instruction, vectorized in loops). Without numba (ImportError) HAS_NUMBA
is False and engine.packed runs the same arithmetic in numpy with np.bitwise_count.
"""

from __future__ import annotations

import numpy as np

from bnnverify.engine.bits import WORD_BITS

try:
    import numba
    from numba import types
    from numba.extending import intrinsic

    HAS_NUMBA = True
except ImportError:  # numba missing: engine.packed uses its numpy path
    HAS_NUMBA = False

ROWS_PER_TASK = 32  # batch rows per parallel task of the numba kernels
# Batches up to this size run on the calling thread (the *_rows loops): a parallel launch cost
# 10 ms for one row on a busy 2-core machine, against 0.04 ms serial (bundled model), and a
# 64-row batch 2.2 ms against 0.7 ms. The attack, replay and tests evaluate small batches.
SERIAL_ROWS = 64


def runs_serially(batch: int) -> bool:
    """Whether a batch of this size runs on the calling thread rather than in parallel tasks."""
    return batch <= SERIAL_ROWS or numba.get_num_threads() == 1


if HAS_NUMBA:

    @intrinsic
    def ctpop(typingctx, value):  # type: ignore[no-untyped-def]
        """popcount of a uint64 as one LLVM ctpop (a popcnt instruction, vectorized in loops)."""
        if value != types.uint64:
            return None

        def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
            return builder.ctpop(args[0])

        return types.uint64(types.uint64), codegen

    @numba.njit(cache=True)
    def count_disagreements(x_row, words_t, mask_t, dense, acc):  # type: ignore[no-untyped-def]
        """acc[j] = popcount((x XOR w_j) AND mask_j); words_t, mask_t are (k, n_out)."""
        acc[:] = 0
        for k in range(words_t.shape[0]):
            x_word = x_row[k]
            if dense:
                for j in range(words_t.shape[1]):
                    acc[j] += ctpop(x_word ^ words_t[k, j])
            else:
                for j in range(words_t.shape[1]):
                    acc[j] += ctpop((x_word ^ words_t[k, j]) & mask_t[k, j])

    @numba.njit(cache=True)
    def sparse_dots(flat_t, ptr, idx, sign, out_t):  # type: ignore[no-untyped-def]
        """out_t[j, b] = sum_p sign[p] * flat_t[idx[p], b] over row j's nonzeros (CSR), int64.

        Transposed so the innermost loop runs over the batch, contiguous (vectorized)."""
        batch = flat_t.shape[1]
        for j in range(ptr.shape[0] - 1):
            for b in range(batch):
                out_t[j, b] = 0
            for p in range(ptr[j], ptr[j + 1]):
                s = sign[p]
                row = flat_t[idx[p]]
                for b in range(batch):
                    out_t[j, b] += s * row[b]

    @numba.njit(cache=True)
    def pack_row(fires, out_row):  # type: ignore[no-untyped-def]
        """out_row = pack_bits(fires) for one row of bools (bit i of word i // 64)."""
        n = fires.shape[0]
        for q in range(out_row.shape[0]):
            word = np.uint64(0)
            base = q * WORD_BITS
            for i in range(min(WORD_BITS, n - base)):
                word |= np.uint64(fires[base + i]) << np.uint64(i)
            out_row[q] = word

    @numba.njit(cache=True)
    def block_rows(x, start, stop, words_t, mask_t, dense, limit, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(d[b] <= limit) for start <= b < stop: one XNOR/popcount block."""
        n_out = words_t.shape[1]
        acc = np.empty(n_out, dtype=np.int64)
        fires = np.empty(n_out, dtype=np.bool_)
        for b in range(start, stop):
            count_disagreements(x[b], words_t, mask_t, dense, acc)
            for j in range(n_out):
                fires[j] = acc[j] <= limit[j]
            pack_row(fires, out[b])

    @numba.njit(cache=True, parallel=True)
    def block_pack(x, words_t, mask_t, dense, limit, out):  # type: ignore[no-untyped-def]
        """block_rows over the whole batch, ROWS_PER_TASK rows per parallel task."""
        batch = x.shape[0]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            start = task * ROWS_PER_TASK
            block_rows(x, start, min(batch, start + ROWS_PER_TASK), words_t, mask_t, dense,
                       limit, out)  # fmt: skip

    @numba.njit(cache=True)
    def output_rows(x, start, stop, words_t, mask_t, dense, nnz, out):  # type: ignore[no-untyped-def]
        """out[b, c] = nnz[c] - 2 * d[b, c] for start <= b < stop: the output layer's dots."""
        n_out = words_t.shape[1]
        acc = np.empty(n_out, dtype=np.int64)
        for b in range(start, stop):
            count_disagreements(x[b], words_t, mask_t, dense, acc)
            for j in range(n_out):
                out[b, j] = nnz[j] - 2 * acc[j]

    @numba.njit(cache=True, parallel=True)
    def output_dots(x, words_t, mask_t, dense, nnz, out):  # type: ignore[no-untyped-def]
        """output_rows over the whole batch, ROWS_PER_TASK rows per parallel task."""
        batch = x.shape[0]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            start = task * ROWS_PER_TASK
            output_rows(x, start, min(batch, start + ROWS_PER_TASK), words_t, mask_t, dense,
                        nnz, out)  # fmt: skip

    @numba.njit(cache=True)
    def threshold_rows(dots, threshold, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(dots[b] >= threshold), on the calling thread."""
        for b in range(dots.shape[0]):
            pack_row(dots[b] >= threshold, out[b])

    @numba.njit(cache=True, parallel=True)
    def threshold_pack(dots, threshold, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(dots[b] >= threshold)."""
        for b in numba.prange(dots.shape[0]):
            pack_row(dots[b] >= threshold, out[b])

    @numba.njit(cache=True, parallel=True)
    def binarize_pack(x, threshold, flip, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(x[b] <= threshold where flip, x[b] >= threshold elsewhere)."""
        n = x.shape[1]
        for b in numba.prange(x.shape[0]):
            for q in range(out.shape[1]):
                word = np.uint64(0)
                base = q * WORD_BITS
                for i in range(min(WORD_BITS, n - base)):
                    value, t = x[b, base + i], threshold[base + i]
                    fires = value <= t if flip[base + i] else value >= t
                    word |= np.uint64(fires) << np.uint64(i)
                out[b, q] = word
