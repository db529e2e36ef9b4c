"""bnnverify: train, run bit-packed, and formally verify binarized neural networks."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from bnnverify.errors import BnnVerifyError
from bnnverify.io import load_network, save_network
from bnnverify.model import BinarizeLayer, BinaryNetwork, BlockLayer, OutputLayer

try:
    __version__ = version("bnnverify")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"

__all__ = [
    "BinarizeLayer",
    "BinaryNetwork",
    "BlockLayer",
    "BnnVerifyError",
    "OutputLayer",
    "__version__",
    "load_network",
    "save_network",
]
