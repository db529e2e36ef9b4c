"""Training and export: the only part of bnnverify that imports torch.

from bnnverify.train import TrainConfig, train_and_export
result = train_and_export(TrainConfig(arch=(784, 100, 10)), train_x, train_y, test_x, test_y)
result = train_and_export(TrainConfig(arch="conv16k4s2-mp2-fc100-fc10"), ...)  # arch.py
"""

from __future__ import annotations

from bnnverify.errors import UsageError

try:
    import torch  # noqa: F401
except ImportError:
    raise UsageError("training needs PyTorch: pip install 'bnnverify[train]'") from None

from bnnverify.train.arch import arch_text, parse_arch  # noqa: E402
from bnnverify.train.conv import BinaryConv2d, BnnConvNet  # noqa: E402
from bnnverify.train.export import batchnorm_statistics, export_network  # noqa: E402
from bnnverify.train.layers import BinaryLinear, BnnMlp, quantize_weight, sign_ste  # noqa: E402
from bnnverify.train.loop import (  # noqa: E402
    TrainConfig,
    TrainResult,
    torch_predict,
    train_and_export,
    train_model,
)

__all__ = [
    "BinaryConv2d",
    "BinaryLinear",
    "BnnConvNet",
    "BnnMlp",
    "TrainConfig",
    "TrainResult",
    "arch_text",
    "batchnorm_statistics",
    "export_network",
    "parse_arch",
    "quantize_weight",
    "sign_ste",
    "torch_predict",
    "train_and_export",
    "train_model",
]
