"""Bit packing of {-1, +1} and bool vectors into uint64 words, and the popcount dot product.

Contract (relied on by every packed kernel):

- Bit i of word i // 64 holds element i (little-endian bit order within a word, words in order).
- A set bit means True, or +1 for signs; for ternary weights {-1, 0, +1} the sign word holds
  w > 0 and a separate mask word holds w != 0.
- Padding bits past the true length n are always 0, in values, signs and masks alike.

Signed dot product over packed operands (x in {-1, +1}^n, w in {-1, 0, +1}^n):
x_i * w_i = +1 where w_i != 0 and the sign bits agree, -1 where they disagree, 0 where w_i = 0,
so  dot = popcount(mask) - 2 * popcount((x XOR w) AND mask);  padding never counts because the
mask is 0 there. (Equivalently 2 * popcount(NOT(x XOR w) AND mask) - popcount(mask).)
References: Hubara et al., NeurIPS 2016; Larq Compute Engine's bitpacking conventions.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

WORD_BITS = 64
BYTES_PER_WORD = WORD_BITS // 8
SIGNED_DOT_CHUNK = 256  # batch rows per numpy step: bounds the (rows, n_out, words) temporary

Words = npt.NDArray[np.uint64]
Bools = npt.NDArray[np.bool_]


def n_words(n: int) -> int:
    """ceil(n / 64): the number of words holding n bits."""
    return -(-n // WORD_BITS)


def pack_bits(bits: npt.ArrayLike) -> Words:
    """Pack the last axis: (..., n) bool -> (..., ceil(n / 64)) uint64, padding bits 0."""
    array = np.asarray(bits, dtype=np.bool_)
    n = array.shape[-1]
    as_bytes = np.packbits(array, axis=-1, bitorder="little")  # (..., ceil(n / 8)), pad bits 0
    pad = n_words(n) * BYTES_PER_WORD - as_bytes.shape[-1]
    as_bytes = np.pad(as_bytes, [(0, 0)] * (array.ndim - 1) + [(0, pad)])
    # "<u8" reads each group of 8 bytes little-endian on any host: byte b holds bits 8b..8b+7.
    return np.ascontiguousarray(as_bytes).view("<u8").astype(np.uint64)


def unpack_bits(words: Words, n: int) -> Bools:
    """Inverse of pack_bits: (..., ceil(n / 64)) uint64 -> (..., n) bool."""
    array = np.ascontiguousarray(words, dtype="<u8")
    if array.shape[-1] != n_words(n):
        raise ValueError(f"{n} bits need {n_words(n)} words, got {array.shape[-1]}")
    as_bytes = array.view(np.uint8)
    return np.unpackbits(as_bytes, axis=-1, count=n, bitorder="little").astype(np.bool_)


def pack_signs(x: npt.ArrayLike) -> Words:
    """Pack +-1 (or ternary) values along the last axis: bit i = (x_i > 0)."""
    return pack_bits(np.asarray(x) > 0)


def unpack_signs(words: Words, n: int) -> npt.NDArray[np.int8]:
    """Inverse of pack_signs for +-1 vectors: set bit -> +1, clear bit -> -1, as int8."""
    return np.where(unpack_bits(words, n), 1, -1).astype(np.int8)


def pack_mask(weight: npt.ArrayLike) -> Words:
    """The nonzero positions of a ternary weight array, packed: bit i = (w_i != 0)."""
    return pack_bits(np.asarray(weight) != 0)


def popcount(words: Words) -> npt.NDArray[np.int64]:
    """Set bits per row: (..., words) uint64 -> (...) int64 (np.bitwise_count gives uint8)."""
    return np.bitwise_count(words).sum(axis=-1, dtype=np.int64)


def disagreements(x: Words, w: Words, mask: Words) -> npt.NDArray[np.int64]:
    """d = popcount((x XOR w) AND mask) per pair of rows: (batch, k), (n_out, k) -> (batch, n_out).

    Runs over the batch in chunks of SIGNED_DOT_CHUNK rows so the temporary stays small.
    """
    out = np.empty((x.shape[0], w.shape[0]), dtype=np.int64)
    for start in range(0, x.shape[0], SIGNED_DOT_CHUNK):
        rows = x[start : start + SIGNED_DOT_CHUNK, None, :]  # (chunk, 1, k)
        differ = (rows ^ w[None, :, :]) & mask[None, :, :]  # (chunk, n_out, k)
        out[start : start + SIGNED_DOT_CHUNK] = np.bitwise_count(differ).sum(
            axis=-1, dtype=np.int64
        )
    return out


def signed_dot(x: Words, w: Words, mask: Words) -> npt.NDArray[np.int64]:
    """sum_i x_i * w_i, packed +-1 x, ternary w: (batch, k), (n_out, k) -> (batch, n_out) int64.

    dot = popcount(mask) - 2 * popcount((x XOR w) AND mask): see the module docstring. For binary
    weights pass mask = pack_mask(weight), which is all ones over the true length.
    """
    return popcount(mask)[None, :] - 2 * disagreements(x, w, mask)
