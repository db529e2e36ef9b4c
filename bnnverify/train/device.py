"""Where training runs: the --device and --threads options, checked before any data is read."""

from __future__ import annotations

import torch

from bnnverify.errors import UsageError


def check_device(device: str) -> None:
    """cpu, or cuda[:N] when torch sees that GPU; else a one-line UsageError."""
    try:
        parsed = torch.device(device)
    except (RuntimeError, ValueError):
        raise UsageError(f"--device must be cpu or cuda (or cuda:N), got {device!r}") from None
    if parsed.type == "cpu":
        return
    if parsed.type != "cuda":
        raise UsageError(f"--device must be cpu or cuda (or cuda:N), got {device!r}")
    if not torch.cuda.is_available():
        raise UsageError(
            f"--device {device}: CUDA is not available here (torch "
            f"{torch.__version__}); use --device cpu"
        )
    if parsed.index is not None and parsed.index >= torch.cuda.device_count():
        raise UsageError(f"--device {device}: there are {torch.cuda.device_count()} CUDA devices")


def set_threads(threads: int) -> None:
    """torch's CPU threads (1 is fastest on a busy machine)."""
    if threads < 1:
        raise UsageError(f"--threads must be at least 1, got {threads}")
    torch.set_num_threads(threads)
