"""Counterexample pictures: a minimal 8-bit greyscale PNG writer (no imaging dependency)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np


def write_comparison_png(
    path: str | Path,
    original: np.ndarray,
    perturbed: np.ndarray,
    input_min: int,
    input_max: int,
    scale: int = 8,
) -> None:
    """Three panels side by side, each enlarged `scale` times: original, perturbed, |diff|."""

    def as_image(array: np.ndarray) -> np.ndarray:
        array = np.asarray(array)
        if array.ndim != 2:  # (1, H, W) images, or flat inputs shown as one row
            array = array.reshape(array.shape[-2:]) if array.ndim == 3 else array.reshape(1, -1)
        return array.astype(np.float64)

    span = max(input_max - input_min, 1)
    a, b = as_image(original), as_image(perturbed)
    diff = np.abs(b - a)
    panels = [(a - input_min) / span, (b - input_min) / span, diff / max(diff.max(), 1.0)]
    gap = np.ones((a.shape[0], 1))
    strip = np.concatenate([panels[0], gap, panels[1], gap, panels[2]], axis=1)
    pixels = np.kron(np.clip(strip, 0, 1), np.ones((scale, scale)))
    write_png(path, (pixels * 255).round().astype(np.uint8))


def write_png(path: str | Path, gray: np.ndarray) -> None:
    """A minimal 8-bit greyscale PNG writer (no imaging dependency)."""
    height, width = gray.shape
    raw = b"".join(b"\x00" + gray[row].tobytes() for row in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
    Path(path).write_bytes(png + chunk(b"IEND", b""))
