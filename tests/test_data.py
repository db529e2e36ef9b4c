"""The IDX reader on real and malformed files, dataset lookup, bundled samples, input files."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from bnnverify import data
from bnnverify.errors import DataError

HAS_FASHION_MNIST = data.DEFAULT_DATA_DIR.is_dir()


def idx_bytes(array: np.ndarray) -> bytes:
    dims = b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return bytes([0, 0, 0x08, array.ndim]) + dims + array.astype(np.uint8).tobytes()


@pytest.mark.parametrize("compressed", [False, True])
def test_idx_round_trip(tmp_path, compressed):
    array = np.random.default_rng(0).integers(0, 256, (3, 4, 5)).astype(np.uint8)
    path = tmp_path / ("a.idx.gz" if compressed else "a.idx")
    path.write_bytes(gzip.compress(idx_bytes(array)) if compressed else idx_bytes(array))
    np.testing.assert_array_equal(data.read_idx(path), array)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x01\x00\x08\x01\x00\x00\x00\x01\x05", "bad magic"),
        (b"\x00\x00\x07\x01\x00\x00\x00\x01\x05", "unknown IDX element type"),
        (b"\x00\x00\x08\x02\x00\x00", "truncated IDX header"),
        (b"\x00\x00\x08\x01\x00\x00\x00\x03\x05", "need 3 bytes of data, found 1"),
    ],
)
def test_malformed_idx_is_rejected(tmp_path, content, message):
    path = tmp_path / "bad.idx"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        data.read_idx(path)


def test_corrupt_gzip_is_rejected(tmp_path):
    path = tmp_path / "bad.gz"
    path.write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.raises(DataError, match="cannot read IDX file"):
        data.read_idx(path)


def test_missing_dataset_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(DataError, match="apt-get install dataset-fashion-mnist"):
        data.find_data_dir()
    with pytest.raises(DataError, match="has no t10k-images-idx3-ubyte"):
        data.load_dataset("test", tmp_path)


def test_env_var_is_used_when_no_directory_is_given(tmp_path, monkeypatch):
    images = np.arange(2 * 28 * 28).reshape(2, 28, 28).astype(np.uint8)
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(idx_bytes(images))
    labels = np.array([3, 7], np.uint8)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(labels))
    monkeypatch.setenv(data.DATA_ENV_VAR, str(tmp_path))
    dataset = data.load_dataset("test")
    assert dataset.x.shape == (2, 1, 28, 28) and dataset.y.tolist() == [3, 7]
    np.testing.assert_array_equal(dataset.x[:, 0], images)


@pytest.mark.skipif(not HAS_FASHION_MNIST, reason="dataset-fashion-mnist is not installed")
def test_real_fashion_mnist_test_split():
    dataset = data.load_dataset("test")
    assert dataset.x.shape == (10000, 1, 28, 28) and dataset.x.dtype == np.uint8
    assert np.bincount(dataset.y).tolist() == [1000] * 10


def test_bundled_samples_are_real_labelled_images():
    samples = data.load_samples()
    assert samples.x.shape == (500, 1, 28, 28) and samples.x.dtype == np.uint8
    assert set(samples.y.tolist()) == set(range(10))
    if HAS_FASHION_MNIST:  # they are the first 500 images of the test split
        test = data.load_dataset("test")
        np.testing.assert_array_equal(samples.x, test.x[:500])
        np.testing.assert_array_equal(samples.y, test.y[:500])


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"x": np.zeros((2, 6), np.uint8)}, "missing array 'y'"),
        ({"x": np.zeros((2, 6)), "y": np.zeros(2, np.int64)}, "must be integer arrays"),
        ({"x": np.zeros((2, 6), np.uint8), "y": np.zeros(3, np.int64)}, "the same N"),
    ],
)
def test_malformed_inputs_file(tmp_path, arrays, message):
    np.savez(tmp_path / "in.npz", **arrays)
    with pytest.raises(DataError, match=message):
        data.load_inputs(tmp_path / "in.npz")
    (tmp_path / "text.npz").write_text("nope")
    with pytest.raises(DataError, match="is not an .npz file"):
        data.load_inputs(tmp_path / "text.npz")
