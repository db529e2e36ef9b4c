"""The fast twin of engine.reference: XNOR/popcount on packed uint64 words, bit-exact.

Layers after the first weighted layer (and the first one too when the model starts with
`binarize`) read +-1 activations packed by `bnnverify.bits` (bit set = +1, padding bits 0). A
block neuron with ternary weights counts the disagreements d = popcount((x XOR w) AND mask) over
its nonzero weights (nnz of them), so dot = nnz - 2 * d and

    dot >= threshold  <=>  2 * d <= nnz - threshold  <=>  d <= floor((nnz - threshold) / 2),

one integer compare per neuron, whose result is packed straight into the next layer's words.
Thresholds may be any int64 (DESIGN.md section 2): a block's threshold is first clamped into
[-nnz, nnz + 1] (model.clamp_thresholds; dot lies in [-nnz, nnz], so every neuron fires as
before), so nnz - threshold cannot wrap; the raw first layer and binarize only compare.

A first block over raw integer pixels is one exact matrix product (float32 BLAS when every
partial sum is an integer below 2**24 in magnitude, float64 below 2**53, else int64).

Kernels are numba-compiled on first use (cache=True) and run over the batch in parallel; the
popcount is LLVM's ctpop intrinsic. Without numba (ImportError) the same arithmetic runs in numpy
with np.bitwise_count. References: Hubara et al., NeurIPS 2016; Larq Compute Engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bnnverify import bits
from bnnverify.bits import WORD_BITS, Words
from bnnverify.model import (
    BinaryNetwork,
    Ints,
    Signs,
    clamp_thresholds,
    predict_from_dots,
    sum_range,
)

try:
    import numba
    from numba import types
    from numba.extending import intrinsic

    HAS_NUMBA = True
except ImportError:  # numba missing: the numpy path does the same arithmetic
    HAS_NUMBA = False

BACKENDS = ("auto", "numba", "numpy")
FLOAT32_EXACT = 2**24  # float32 holds every integer of magnitude <= 2**24 exactly
FLOAT64_EXACT = 2**53
ROWS_PER_TASK = 32  # batch rows per parallel task of the numba kernels
# A raw-pixel first layer with at most this share of nonzero weights, on at most this many
# inputs, is summed over its nonzeros in int64 (exact, no thread start-up): verification
# evaluates small batches, where BLAS threads cost more than they save.
SPARSE_DENSITY = 0.5
SPARSE_MAX_BATCH = 512


@dataclass(frozen=True, eq=False)
class PackedLayer:
    """One weighted layer in packed form.

    words/mask are (n_out, k) for the numpy path and transposed to (k, n_out) for the numba
    kernels, whose inner loop runs over output neurons (contiguous, so LLVM vectorizes it).
    """

    words: Words  # sign bits (w > 0)
    mask: Words  # nonzero bits (w != 0); unused when dense
    dense: bool  # no zero weight: the mask is all ones and can be skipped
    nnz: Ints  # (n_out,) nonzero weights per row
    limit: Ints  # (n_out,) fire iff disagreements <= limit; zeros for the output layer
    n_in: int
    n_out: int

    @classmethod
    def from_weight(cls, weight: Signs, threshold: Ints | None, transposed: bool) -> PackedLayer:
        nonzero = weight != 0
        nnz = nonzero.sum(axis=1, dtype=np.int64)
        # fire <=> d <= floor((nnz - threshold) / 2): module docstring. `//` floors in numpy.
        limit = np.zeros_like(nnz) if threshold is None else (nnz - threshold) // 2
        words, mask = bits.pack_signs(weight), bits.pack_bits(nonzero)
        dense = bool(nonzero.all())
        if transposed:
            words, mask = np.ascontiguousarray(words.T), np.ascontiguousarray(mask.T)
        if dense and transposed:
            mask = words  # a placeholder of the right shape; the numba kernels never read it
        n_out, n_in = weight.shape
        return cls(words, mask, dense, nnz, limit.astype(np.int64), n_in, n_out)

    @property
    def nbytes(self) -> int:
        """Packed weight bytes: the sign words, plus the mask words for ternary layers."""
        return self.words.nbytes + (0 if self.dense else self.mask.nbytes)


class PackedNetwork:
    """A BinaryNetwork whose weights were packed once, at construction.

    Same contracts as engine.reference; x is an integer array (batch, *input_shape) or
    (batch, n_inputs). backend: "numba" (compiled kernels), "numpy" (np.bitwise_count), or
    "auto" (numba when importable).
    """

    def __init__(self, net: BinaryNetwork, backend: str = "auto") -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        if backend == "numba" and not HAS_NUMBA:
            raise ImportError("backend 'numba' needs numba, which is not installed")
        self.net = net
        self.backend = "numba" if backend == "auto" and HAS_NUMBA else backend
        if self.backend == "auto":
            self.backend = "numpy"
        transposed = self.backend == "numba"
        blocks = net.blocks
        self._raw_first = net.reads_raw_input
        if self._raw_first:
            first = blocks[0]
            self._first_weight = np.ascontiguousarray(first.weight.T, dtype=np.float32)
            self._first_threshold = first.threshold
            self._first_l1 = int(np.abs(first.weight.astype(np.int64)).sum(axis=1).max())
            # Only its size is used (weight_bytes): the compare runs on the exact dots below.
            self._first_packed = PackedLayer.from_weight(first.weight, None, False)
            rows, cols = np.nonzero(first.weight)  # row-major: CSR order
            self._first_ptr = np.searchsorted(rows, np.arange(first.n_out + 1)).astype(np.int64)
            self._first_idx = cols.astype(np.int64)
            self._first_sign = first.weight[rows, cols].astype(np.int64)
            self._first_sparse = cols.size <= SPARSE_DENSITY * first.weight.size
            blocks = blocks[1:]
        layer = net.binarize
        if layer is not None:
            # Compared as stored (x >= t, or x <= t when flip): no t + 1 that could wrap.
            self._binarize_threshold = np.ascontiguousarray(layer.threshold)
            self._binarize_flip = np.ascontiguousarray(layer.flip)
        # dot in [-nnz, nnz] over +-1 inputs: clamp into [-nnz, nnz + 1] first (no int64 wrap).
        first_hidden = len(net.layers) - 1 - len(blocks)  # the layer index of blocks[0]
        self._blocks = [
            PackedLayer.from_weight(
                b.weight,
                clamp_thresholds(b.threshold, *sum_range(net, first_hidden + i)),
                transposed,
            )
            for i, b in enumerate(blocks)
        ]
        self._output = PackedLayer.from_weight(net.output.weight, None, transposed)

    @property
    def weight_bytes(self) -> int:
        """Bytes of the packed weights of every weighted layer, masks of ternary layers included.

        The raw-pixel first layer is counted packed too (its deployable size); the engine also
        keeps a float32 working copy of it for BLAS, see `working_bytes`.
        """
        layers = [*self._blocks, self._output]
        if self._raw_first:
            layers.append(self._first_packed)
        return sum(layer.nbytes for layer in layers)

    @property
    def working_bytes(self) -> int:
        """weight_bytes plus the float32 copy of a raw-pixel first layer (0 without one)."""
        extra = self._first_weight.nbytes if self._raw_first else 0
        return self.weight_bytes + extra

    def hidden_activations(self, x: npt.ArrayLike) -> list[Signs]:
        """The +-1 output of every block, in order: a list of (batch, n_out) int8."""
        sizes = [block.n_out for block in self.net.blocks]
        return [
            bits.unpack_signs(words, n)
            for words, n in zip(self._block_words(x), sizes, strict=True)
        ]

    def output_dots(self, x: npt.ArrayLike) -> Ints:
        """dot(weight[c], h) of the output layer, without the bias: (batch, n_classes) int64."""
        *_, words = self._block_words(x)
        return self.output_dots_from_words(words)

    def predict(self, x: npt.ArrayLike) -> Ints:
        """argmax of the exact scores (real bias), ties to the lowest index: (batch,) int64."""
        return predict_from_dots(self.output_dots(x), self.net.output.bias)

    def first_layer_words(self, x: npt.ArrayLike) -> Words:
        """The packed +-1 input of the first XNOR/popcount layer: (batch, words) uint64."""
        flat = self._flatten(x)
        if self._raw_first:
            return self._raw_block_words(flat)
        return self._binarize_words(flat)

    def binary_layers_words(self, words: Words) -> Words:
        """Run every packed block on packed activations: (batch, k) -> (batch, k') words."""
        for layer in self._blocks:
            words = self._block(words, layer)
        return words

    def output_dots_from_words(self, words: Words) -> Ints:
        """The output layer on packed +-1 activations: (batch, k) words -> (batch, C) int64."""
        return self._dots(words, self._output)

    def _block_words(self, x: npt.ArrayLike) -> Iterator[Words]:
        words = self.first_layer_words(x)
        if self._raw_first:
            yield words
        for layer in self._blocks:
            words = self._block(words, layer)
            yield words

    def _flatten(self, x: npt.ArrayLike) -> np.ndarray:
        """(batch, *input_shape) or (batch, n_inputs) -> contiguous (batch, n_inputs) integers."""
        array = np.asarray(x)
        if array.ndim == len(self.net.input_shape):
            array = array[None]
        array = array.reshape(array.shape[0], self.net.n_inputs)
        if array.dtype.kind not in "iu":
            array = array.astype(np.int64)  # as net.flatten does for the reference engine
        return np.ascontiguousarray(array)

    def _binarize_words(self, flat: np.ndarray) -> Words:
        threshold, flip = self._binarize_threshold, self._binarize_flip
        if self.backend == "numba":
            out = np.empty((flat.shape[0], bits.n_words(flat.shape[1])), dtype=np.uint64)
            _binarize_pack(flat, threshold, flip, out)
            return out
        return bits.pack_bits(np.where(flip, flat <= threshold, flat >= threshold))

    def _raw_block_words(self, flat: np.ndarray) -> Words:
        """Exact first-layer product, then the threshold compare, packed.

        |partial sum| <= sum_i |w_i| * max |x_i| <= l1 * magnitude, so when that is below
        2**24 (2**53) every partial sum, the rounding of x and the sum are exact in float32
        (float64). Thresholds are clamped to +-2**24 (+-2**53) first: |dot| is below that, so a
        clamped threshold fires exactly when the original does, and is itself exact.
        """
        if self.backend == "numba" and self._first_sparse and len(flat) <= SPARSE_MAX_BATCH:
            dots_t = np.empty((self._first_ptr.shape[0] - 1, flat.shape[0]), dtype=np.int64)
            _sparse_dots(
                np.ascontiguousarray(flat.T, dtype=np.int64),
                self._first_ptr,
                self._first_idx,
                self._first_sign,
                dots_t,
            )
            return self._threshold_pack(np.ascontiguousarray(dots_t.T), self._first_threshold)
        magnitude = max(abs(int(flat.min(initial=0))), abs(int(flat.max(initial=0))))
        bound = max(self._first_l1, 1) * magnitude
        threshold = self._first_threshold
        if bound < FLOAT32_EXACT:
            dots: np.ndarray = flat.astype(np.float32) @ self._first_weight  # (batch, n_out)
            cut = np.clip(threshold, -FLOAT32_EXACT, FLOAT32_EXACT).astype(np.float32)
            return self._threshold_pack(dots, cut)
        if bound < FLOAT64_EXACT:
            weight = self._first_weight.astype(np.float64)
            dots = (flat.astype(np.float64) @ weight).astype(np.int64)
        else:
            dots = flat.astype(np.int64) @ self._first_weight.astype(np.int64)
        return self._threshold_pack(dots, threshold)

    def _threshold_pack(self, dots: np.ndarray, threshold: np.ndarray) -> Words:
        if self.backend == "numba":
            out = np.empty((dots.shape[0], bits.n_words(dots.shape[1])), dtype=np.uint64)
            _threshold_pack(np.ascontiguousarray(dots), threshold, out)
            return out
        return bits.pack_bits(dots >= threshold)

    def _block(self, words: Words, layer: PackedLayer) -> Words:
        if self.backend == "numba":
            out = np.empty((words.shape[0], bits.n_words(layer.n_out)), dtype=np.uint64)
            _block_pack(words, layer.words, layer.mask, layer.dense, layer.limit, out)
            return out
        d = bits.disagreements(words, layer.words, layer.mask)
        return bits.pack_bits(d <= layer.limit)

    def _dots(self, words: Words, layer: PackedLayer) -> Ints:
        if self.backend == "numba":
            out = np.empty((words.shape[0], layer.n_out), dtype=np.int64)
            _output_dots(words, layer.words, layer.mask, layer.dense, layer.nnz, out)
            return out
        return layer.nnz - 2 * bits.disagreements(words, layer.words, layer.mask)


if HAS_NUMBA:

    @intrinsic
    def _ctpop(typingctx, value):  # type: ignore[no-untyped-def]
        """popcount of a uint64 as one LLVM ctpop (a popcnt instruction, vectorized in loops)."""
        if value != types.uint64:
            return None

        def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
            return builder.ctpop(args[0])

        return types.uint64(types.uint64), codegen

    @numba.njit(cache=True)
    def _count_disagreements(x_row, words_t, mask_t, dense, acc):  # type: ignore[no-untyped-def]
        """acc[j] = popcount((x XOR w_j) AND mask_j); words_t, mask_t are (k, n_out)."""
        acc[:] = 0
        for k in range(words_t.shape[0]):
            x_word = x_row[k]
            if dense:
                for j in range(words_t.shape[1]):
                    acc[j] += _ctpop(x_word ^ words_t[k, j])
            else:
                for j in range(words_t.shape[1]):
                    acc[j] += _ctpop((x_word ^ words_t[k, j]) & mask_t[k, j])

    @numba.njit(cache=True)
    def _sparse_dots(flat_t, ptr, idx, sign, out_t):  # type: ignore[no-untyped-def]
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
    def _pack_row(fires, out_row):  # type: ignore[no-untyped-def]
        """out_row = pack_bits(fires) for one row of bools (bit i of word i // 64)."""
        n = fires.shape[0]
        for q in range(out_row.shape[0]):
            word = np.uint64(0)
            base = q * WORD_BITS
            for i in range(min(WORD_BITS, n - base)):
                word |= np.uint64(fires[base + i]) << np.uint64(i)
            out_row[q] = word

    @numba.njit(cache=True, parallel=True)
    def _block_pack(x, words_t, mask_t, dense, limit, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(d[b] <= limit): one XNOR/popcount block, activations packed."""
        batch, n_out = x.shape[0], words_t.shape[1]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            acc = np.empty(n_out, dtype=np.int64)
            fires = np.empty(n_out, dtype=np.bool_)
            for b in range(task * ROWS_PER_TASK, min(batch, (task + 1) * ROWS_PER_TASK)):
                _count_disagreements(x[b], words_t, mask_t, dense, acc)
                for j in range(n_out):
                    fires[j] = acc[j] <= limit[j]
                _pack_row(fires, out[b])

    @numba.njit(cache=True, parallel=True)
    def _output_dots(x, words_t, mask_t, dense, nnz, out):  # type: ignore[no-untyped-def]
        """out[b, c] = nnz[c] - 2 * d[b, c]: the output layer's integer dots."""
        batch, n_out = x.shape[0], words_t.shape[1]
        for task in numba.prange((batch + ROWS_PER_TASK - 1) // ROWS_PER_TASK):
            acc = np.empty(n_out, dtype=np.int64)
            for b in range(task * ROWS_PER_TASK, min(batch, (task + 1) * ROWS_PER_TASK)):
                _count_disagreements(x[b], words_t, mask_t, dense, acc)
                for j in range(n_out):
                    out[b, j] = nnz[j] - 2 * acc[j]

    @numba.njit(cache=True, parallel=True)
    def _threshold_pack(dots, threshold, out):  # type: ignore[no-untyped-def]
        """out[b] = pack(dots[b] >= threshold)."""
        for b in numba.prange(dots.shape[0]):
            _pack_row(dots[b] >= threshold, out[b])

    @numba.njit(cache=True, parallel=True)
    def _binarize_pack(x, threshold, flip, out):  # type: ignore[no-untyped-def]
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
