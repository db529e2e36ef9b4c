"""Throughput of the packed engine vs the reference engine vs a torch float32 MLP on the CPU.

Run by hand (not part of the test suite):

    /work/venv/bin/python benchmarks/engine_throughput.py [--batch 4096] [--repeats 7]

Writes benchmarks/results/engine_throughput.md and .json. For every model: images per second
(a) on the binary layers only (every layer after an integer first layer, from +-1 activations)
and (b) end to end (uint8 images -> predicted class), the share of the first layer in the end-to-
end time, and the weight memory (packed, float32, int8). Timings: warm-up, then the median of
several repeats, all engines on the same batch in the same process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
MODELS = {
    "default_model": ROOT / "bnnverify" / "assets" / "default_model.npz",
    "fmnist_784-200-100-100-100-10_binary": ROOT
    / "benchmarks/models/fmnist_784-200-100-100-100-10_binary.npz",
    "fmnist_binarize_784-200-100-100-100-10": ROOT
    / "benchmarks/models/fmnist_binarize_784-200-100-100-100-10.npz",
}
IMAGES = Path("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
ARCH = (784, 200, 100, 100, 100, 10)


def random_network(seed: int, binarize_first: bool):
    """784-200-100-100-100-10, binary weights, thresholds near the typical pre-activation."""
    from bnnverify.model import BinarizeLayer, BinaryNetwork, BlockLayer, OutputLayer

    rng = np.random.default_rng(seed)
    layers: list = []
    if binarize_first:
        layers.append(BinarizeLayer(rng.integers(40, 200, ARCH[0]), rng.random(ARCH[0]) < 0.1))
    for k, (n_in, n_out) in enumerate(zip(ARCH, ARCH[1:-1], strict=False)):
        weight = rng.choice(np.array([-1, 1], dtype=np.int8), size=(n_out, n_in))
        scale = 255 * 16 if k == 0 and not binarize_first else 16
        layers.append(BlockLayer(weight, rng.integers(-scale, scale + 1, n_out)))
    weight = rng.choice(np.array([-1, 1], dtype=np.int8), size=(ARCH[-1], ARCH[-2]))
    layers.append(OutputLayer(weight, rng.normal(size=ARCH[-1])))
    return BinaryNetwork(tuple(layers), (1, 28, 28), 0, 255)


def load_images(batch: int, seed: int) -> tuple[np.ndarray, str]:
    if IMAGES.exists():
        with gzip.open(IMAGES, "rb") as stream:
            data = np.frombuffer(stream.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)
        reps = -(-batch // len(data))
        return np.concatenate([data] * reps)[:batch].copy(), f"Fashion-MNIST t10k ({IMAGES})"
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, size=(batch, 1, 28, 28), dtype=np.uint8), "random uint8"


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class TorchMlp:
    """The same network in float32: weights as {-1, 0, +1} matrices, thresholds as compares."""

    def __init__(self, net, torch) -> None:
        self.torch = torch
        f32 = torch.float32
        b = net.binarize
        self.bin = (
            None if b is None else (torch.tensor(b.threshold, dtype=f32), torch.tensor(b.flip))
        )
        self.blocks = [
            (torch.tensor(layer.weight.T, dtype=f32), torch.tensor(layer.threshold, dtype=f32))
            for layer in net.blocks
        ]
        self.out_w = torch.tensor(net.output.weight.T, dtype=f32)
        self.out_b = torch.tensor(net.output.bias, dtype=f32)
        self.raw_first = b is None

    def first(self, x):
        """uint8 images -> the +-1 activations read by the binary layers (float32)."""
        t = self.torch
        h = x.reshape(x.shape[0], -1).to(t.float32)
        if self.bin is not None:
            threshold, flip = self.bin
            return t.where(t.where(flip, h <= threshold, h >= threshold), 1.0, -1.0)
        w, threshold = self.blocks[0]
        return t.where(h @ w >= threshold, 1.0, -1.0)

    def binary(self, h):
        t = self.torch
        for w, threshold in self.blocks[1 if self.raw_first else 0 :]:
            h = t.where(h @ w >= threshold, 1.0, -1.0)
        return h @ self.out_w  # (batch, n_classes) dots

    def predict(self, x):
        return (self.binary(self.first(x)) + self.out_b).argmax(dim=1)


def reference_binary(net, h: np.ndarray) -> np.ndarray:
    """engine.reference's loop from +-1 activations: the binary layers only."""
    for layer in net.blocks[1 if net.reads_raw_input else 0 :]:
        pre = h @ layer.weight.T.astype(np.int64)
        h = np.where(pre >= layer.threshold, 1, -1)
    return h @ net.output.weight.T.astype(np.int64)


def bench_model(name: str, net, source: str, images: np.ndarray, repeats: int, torch) -> dict:
    from bnnverify.engine import bits, reference
    from bnnverify.engine.packed import PackedNetwork

    engine = PackedNetwork(net, backend="numba")
    mlp = TorchMlp(net, torch)
    batch = len(images)
    x_t = torch.from_numpy(images)
    words = engine.first_layer_words(images)
    n_first = net.blocks[0].n_out if net.reads_raw_input else net.n_inputs
    h_np = bits.unpack_signs(words, n_first).astype(np.int64)
    h_t = torch.from_numpy(h_np.astype(np.float32))

    dots = engine.output_dots(images)
    with torch.inference_mode():
        torch_dots = mlp.binary(mlp.first(x_t)).numpy().astype(np.int64)
    agree = bool(
        np.array_equal(dots[:512], reference.output_dots(net, images[:512]))
        and np.array_equal(dots, torch_dots)
    )
    with torch.inference_mode():
        t = {
            "packed_binary": median_time(
                lambda: engine.output_dots_from_words(engine.binary_layers_words(words)), repeats
            ),
            "packed_first": median_time(lambda: engine.first_layer_words(images), repeats),
            "packed_end_to_end": median_time(lambda: engine.output_dots(images), repeats),
            "packed_predict": median_time(lambda: engine.predict(images), repeats),
            "torch_binary": median_time(lambda: mlp.binary(h_t), repeats),
            "torch_first": median_time(lambda: mlp.first(x_t), repeats),
            "torch_end_to_end": median_time(lambda: mlp.binary(mlp.first(x_t)), repeats),
            "torch_predict": median_time(lambda: mlp.predict(x_t), repeats),
        }
    ref_repeats = max(1, repeats // 3)
    t["reference_binary"] = median_time(lambda: reference_binary(net, h_np), ref_repeats, 1)
    t["reference_end_to_end"] = median_time(
        lambda: reference.output_dots(net, images), ref_repeats, 1
    )
    weights = [*net.blocks, net.output]
    n_weights = sum(layer.weight.size for layer in weights)
    return {
        "model": name,
        "source": source,
        "first_layer": "raw pixels" if net.reads_raw_input else "binarize",
        "ternary": bool(any((layer.weight == 0).any() for layer in weights)),
        "batch": batch,
        "engines_agree": agree,
        "seconds": t,
        "images_per_s": {k: batch / v for k, v in t.items() if not k.endswith("_first")},
        "first_layer_share": {
            "packed": t["packed_first"] / t["packed_end_to_end"],
            "torch": t["torch_first"] / t["torch_end_to_end"],
        },
        "speedup_vs_torch": {
            "binary": t["torch_binary"] / t["packed_binary"],
            "end_to_end": t["torch_end_to_end"] / t["packed_end_to_end"],
        },
        "weight_bytes": {
            "packed": engine.weight_bytes,
            "packed_working_set": engine.working_bytes,
            "float32": 4 * n_weights,
            "int8": n_weights,
        },
    }


def machine() -> dict:
    import numba
    import torch

    model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "numba_threading_layer": numba.threading_layer(),
        "torch": torch.__version__,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def markdown(rows: list[dict], info: dict, command: str, images: str) -> str:
    lines = [
        "# Engine throughput",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {info['cpu']}, {info['cpus']} CPUs; Python {info['python']}, numpy "
        f"{info['numpy']}, numba {info['numba']} (threading layer "
        f"{info['numba_threading_layer']}), torch {info['torch']}. Load average at the end: "
        f"{info['load_average']}.",
        "",
        f"Inputs: {images}, batch {rows[0]['batch']}. Images per second, median of the repeats "
        "after warm-up; binary = every layer after the integer first layer, from +-1 "
        "activations; end to end = uint8 images -> output dots (batch, 10) int64. "
        "`predict` adds the exact real-bias argmax (model.predict_from_dots): see its row.",
        "",
        "| model | threads | first layer | engines agree | packed binary | torch binary "
        "| ref binary "
        "| **binary x torch** | packed e2e | torch e2e | ref e2e | **e2e x torch** "
        "| first-layer share packed / torch | weights packed / int8 / float32 (bytes) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ips, sp, wb, share = (
            r["images_per_s"],
            r["speedup_vs_torch"],
            r["weight_bytes"],
            r["first_layer_share"],
        )
        lines.append(
            f"| {r['model']} ({r['source']}) | {r['threads']} | {r['first_layer']} "
            f"| {r['engines_agree']} "
            f"| {ips['packed_binary']:,.0f} | {ips['torch_binary']:,.0f} "
            f"| {ips['reference_binary']:,.0f} | **{sp['binary']:.1f}x** "
            f"| {ips['packed_end_to_end']:,.0f} | {ips['torch_end_to_end']:,.0f} "
            f"| {ips['reference_end_to_end']:,.0f} | **{sp['end_to_end']:.1f}x** "
            f"| {share['packed']:.0%} / {share['torch']:.0%} "
            f"| {wb['packed']:,} / {wb['int8']:,} / {wb['float32']:,} "
            f"({wb['float32'] / wb['packed']:.0f}x smaller) |"
        )
    lines += [
        "",
        "| model | threads | packed predict (img/s) | torch predict (float argmax, img/s) |",
        "|---|---|---|---|",
        *(
            f"| {r['model']} | {r['threads']} | {r['images_per_s']['packed_predict']:,.0f} "
            f"| {r['images_per_s']['torch_predict']:,.0f} |"
            for r in rows
        ),
        "",
        "Targets (DESIGN.md section 9): packed >= 5x torch float32 on the binary layers, and end "
        "to end on a binarize-first model. A raw-pixel first layer is one float32 BLAS product "
        "in both engines, so its end-to-end ratio is bounded by that layer's share.",
        "Packed weight bytes count sign words plus nonzero masks for ternary layers; the raw-pixel "
        "first layer also keeps a float32 working copy for BLAS (json: packed_working_set).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=[2],
        help="torch and numba thread counts, one table row per model and count",
    )
    parser.add_argument(
        "--numba-threading-layer", default="default", choices=["default", "workqueue", "omp", "tbb"]
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS / "engine_throughput")
    args = parser.parse_args(argv)

    import numba
    import torch

    from bnnverify.io import load_network

    numba.config.THREADING_LAYER = args.numba_threading_layer  # before any parallel kernel runs
    images, image_source = load_images(args.batch, args.seed)
    rows = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
        for k, (name, path) in enumerate(MODELS.items()):
            if path.exists():
                net, source = load_network(path), str(path.relative_to(ROOT))
            elif name == "default_model":
                print(f"{name}: {path} missing, skipped", file=sys.stderr)
                continue
            else:
                net = random_network(args.seed + k, "binarize" in name)
                source = f"{path.name} missing: random network of the same architecture"
            row = bench_model(name, net, source, images, args.repeats, torch)
            rows.append({"threads": threads, **row})
            print(f"{name}, {threads} threads: done", file=sys.stderr)
    info = machine()
    command = " ".join(shlex.quote(a) for a in [Path(sys.executable).as_posix(), *sys.argv])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"command": command, "machine": info, "images": image_source, "results": rows}
    args.out.with_suffix(".json").write_text(json.dumps(payload, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(markdown(rows, info, command, image_source))
    print(args.out.with_suffix(".md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
