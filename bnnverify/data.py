"""Data: the IDX reader (the MNIST file format), dataset lookup, bundled samples, input files.

Lookup order for a dataset directory: --data DIR, then $BNNVERIFY_DATA, then
/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist). Nothing is downloaded.
"""

from __future__ import annotations

import gzip
import os
import zipfile
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bnnverify.errors import DataError

DEFAULT_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")
DATA_ENV_VAR = "BNNVERIFY_DATA"
FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
IDX_DTYPES: dict[int, npt.DTypeLike] = {
    0x08: np.uint8,
    0x09: np.int8,
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}
SAMPLES_FILE = "samples.npz"


@dataclass(frozen=True)
class Dataset:
    """Integer images and labels: x (N, 1, H, W) uint8, y (N,) int64."""

    x: npt.NDArray[np.uint8]
    y: npt.NDArray[np.int64]
    source: str

    def __len__(self) -> int:
        return int(self.y.shape[0])


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (raw or .gz): magic 0x0000, a type byte, a dim count, big-endian dims."""
    path = Path(path)
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as stream:
            data = stream.read()
    except (OSError, EOFError) as error:
        raise DataError(f"cannot read IDX file {path}: {error}") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise DataError(f"{path} is not an IDX file (bad magic number)")
    type_code, n_dims = data[2], data[3]
    if type_code not in IDX_DTYPES:
        raise DataError(f"{path}: unknown IDX element type 0x{type_code:02x}")
    header = 4 + 4 * n_dims
    if len(data) < header:
        raise DataError(f"{path}: truncated IDX header")
    dims = [int.from_bytes(data[4 + 4 * d : 8 + 4 * d], "big") for d in range(n_dims)]
    dtype = np.dtype(IDX_DTYPES[type_code])
    expected = int(np.prod(dims)) * dtype.itemsize
    if len(data) - header != expected:
        raise DataError(
            f"{path}: IDX dims {dims} need {expected} bytes of data, found {len(data) - header}"
        )
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(dims).copy()


def find_data_dir(data_dir: str | Path | None = None) -> Path:
    """The directory holding the IDX files, by the lookup order in the module docstring."""
    candidates = [Path(data_dir)] if data_dir else []
    if not data_dir and os.environ.get(DATA_ENV_VAR):
        candidates.append(Path(os.environ[DATA_ENV_VAR]))
    if not candidates:
        candidates.append(DEFAULT_DATA_DIR)
    for directory in candidates:
        if directory.is_dir():
            return directory
    raise DataError(
        f"no dataset directory found (looked in {', '.join(map(str, candidates))}); "
        f"install it with 'apt-get install dataset-fashion-mnist', pass --data DIR or set "
        f"${DATA_ENV_VAR}"
    )


def _idx_path(directory: Path, stem: str) -> Path:
    for name in (stem + ".gz", stem):
        if (directory / name).is_file():
            return directory / name
    raise DataError(f"{directory} has no {stem}(.gz): is it an MNIST-format dataset directory?")


def load_dataset(split: str = "test", data_dir: str | Path | None = None) -> Dataset:
    """Fashion-MNIST (or any MNIST-format set) from IDX files: split is 'train' or 'test'."""
    if split not in SPLIT_FILES:
        raise DataError(f"split must be one of {sorted(SPLIT_FILES)}, got {split!r}")
    directory = find_data_dir(data_dir)
    images_stem, labels_stem = SPLIT_FILES[split]
    images = read_idx(_idx_path(directory, images_stem))
    labels = read_idx(_idx_path(directory, labels_stem))
    if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
        raise DataError(
            f"{directory}: images {images.shape} and labels {labels.shape} do not match"
        )
    x = images[:, None, :, :].astype(np.uint8)  # (N, 1, H, W)
    return Dataset(x=x, y=labels.astype(np.int64), source=f"{directory} ({split})")


def load_samples() -> Dataset:
    """The Fashion-MNIST test images bundled with the package (no dataset needed)."""
    ref = resources.files("bnnverify") / "assets" / SAMPLES_FILE
    with resources.as_file(ref) as path:
        return load_inputs(path, source="bundled samples")


def load_inputs(path: str | Path, source: str | None = None) -> Dataset:
    """An --inputs file: .npz with integer arrays x (N, ...) and y (N,)."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"inputs file {path} is a directory, expected an .npz file")
    if not path.is_file():
        raise DataError(f"inputs file {path} does not exist")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except PermissionError as error:
        raise DataError(f"cannot read inputs file {path}: {error.strerror}") from None
    except (OSError, ValueError, EOFError, AttributeError, zipfile.BadZipFile, zlib.error):
        # numpy's messages suggest allow_pickle=True, which would run code: never say that
        raise DataError(f"{path} is not an .npz file of integer arrays x and y") from None
    for name in ("x", "y"):
        if name not in arrays:
            raise DataError(f"{path}: missing array {name!r} (found {sorted(arrays)})")
    x, y = arrays["x"], arrays["y"]
    if x.dtype.kind not in "iu" or y.dtype.kind not in "iu":
        raise DataError(f"{path}: x and y must be integer arrays, got {x.dtype} and {y.dtype}")
    if y.ndim != 1 or x.ndim < 2 or x.shape[0] != y.shape[0]:
        raise DataError(
            f"{path}: x must be (N, ...) and y (N,) with the same N, got {x.shape} and {y.shape}"
        )
    return Dataset(x=x, y=y.astype(np.int64), source=source or str(path))
