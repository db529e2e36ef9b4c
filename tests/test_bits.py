"""bnnverify.engine.bits: the packing contract and the popcount dot; oracle: int64 matmul."""

from __future__ import annotations

import numpy as np
import pytest

from bnnverify.engine import bits

SIZES = [1, 2, 63, 64, 65, 127, 128, 129, 300]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("n", SIZES)
def test_pack_bits_round_trip_matches_input(n, seed):
    values = np.random.default_rng(seed).random((5, n)) < 0.5

    words = bits.pack_bits(values)

    assert words.dtype == np.uint64
    assert words.shape == (5, -(-n // 64))
    np.testing.assert_array_equal(bits.unpack_bits(words, n), values)


@pytest.mark.parametrize("n", SIZES)
def test_pack_bits_padding_bits_are_zero(n):
    words = bits.pack_bits(np.ones(n, dtype=bool))

    full, rest = divmod(n, 64)
    expected = [2**64 - 1] * full + ([2**rest - 1] if rest else [])
    assert [int(w) for w in words] == expected


@pytest.mark.parametrize("n", SIZES)
def test_pack_bits_puts_element_i_in_bit_i_mod_64_of_word_i_div_64(n):
    for i in {0, n // 2, n - 1}:
        one_hot = np.zeros(n, dtype=bool)
        one_hot[i] = True

        words = bits.pack_bits(one_hot)

        expected = [0] * len(words)
        expected[i // 64] = 1 << (i % 64)
        assert [int(w) for w in words] == expected


@pytest.mark.parametrize("n", SIZES)
def test_pack_signs_round_trip_and_mask(n):
    rng = np.random.default_rng(n)
    signs = rng.choice(np.array([-1, 1], dtype=np.int8), size=(4, n))
    ternary = rng.choice(np.array([-1, 0, 1], dtype=np.int8), size=(4, n))

    np.testing.assert_array_equal(bits.unpack_signs(bits.pack_signs(signs), n), signs)
    np.testing.assert_array_equal(bits.unpack_bits(bits.pack_mask(ternary), n), ternary != 0)
    np.testing.assert_array_equal(bits.unpack_bits(bits.pack_signs(ternary), n), ternary > 0)


@pytest.mark.parametrize("ternary", [False, True], ids=["binary", "ternary"])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("n", SIZES)
def test_signed_dot_matches_int64_matmul(n, seed, ternary):
    rng = np.random.default_rng(seed)
    x = rng.choice(np.array([-1, 1], dtype=np.int8), size=(300, n))  # > one numpy chunk
    values = np.array([-1, 0, 1] if ternary else [-1, 1], dtype=np.int8)
    w = rng.choice(values, size=(7, n))
    w[0] = 0 if ternary else 1  # an all-zero row (ternary), an all-(+1) row (binary)

    got = bits.signed_dot(bits.pack_signs(x), bits.pack_signs(w), bits.pack_mask(w))

    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, x.astype(np.int64) @ w.T.astype(np.int64))


def test_popcount_sums_in_int64_not_uint8():
    words = np.full((1, 5), 2**64 - 1, dtype=np.uint64)  # 320 set bits overflow a uint8

    assert bits.popcount(words).tolist() == [320]
