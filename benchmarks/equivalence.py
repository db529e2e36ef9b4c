"""Equivalence examples of the README, timed: real models against edited copies.

    python benchmarks/equivalence.py

Makes the copies with `bnnverify transform` into benchmarks/results/equivalence_models/
(git-ignored), runs `bnnverify check --property equivalence` on each pair through the CLI,
and writes benchmarks/results/equivalence.md (+ .json) and the counterexample images.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
import time
from pathlib import Path

from bnnverify.cli import default_model_path, main

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
WORK = RESULTS / "equivalence_models"
BINARIZE = HERE / "models" / "fmnist_binarize_784-200-100-100-100-10.npz"


def cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    return status, out.getvalue()


def pairs() -> list[tuple[str, str, Path, Path, list[str]]]:
    bundled = default_model_path()
    copies = {
        "bundled_permuted": (bundled, ["--permute", "1", "--negate", "2"]),
        "bundled_pruned": (bundled, ["--prune", "0.05", "--seed", "3"]),
        "binarize_permuted": (BINARIZE, ["--permute", "1", "--negate", "2"]),
        "binarize_pruned": (BINARIZE, ["--prune", "0.02", "--seed", "3"]),
    }
    for name, (source, options) in copies.items():
        status, _ = cli(["transform", str(source), *options, "--out", str(WORK / f"{name}.npz")])
        assert status == 0, name
    resaved = WORK / "bundled_resaved.npz"  # a copy written back by save_network
    from bnnverify.io import load_network, save_network

    save_network(load_network(bundled), resaved)
    eps_balls = ["--eps", "2", "--samples", "20"]
    return [
        (
            "bundled vs permuted + negated copy",
            "bundled_permuted",
            bundled,
            WORK / "bundled_permuted.npz",
            eps_balls,
        ),
        ("bundled vs copy re-saved", "bundled_resaved", bundled, resaved, eps_balls),
        (
            "bundled vs 5% of weights pruned",
            "bundled_pruned",
            bundled,
            WORK / "bundled_pruned.npz",
            eps_balls,
        ),
        (
            "binarize-first vs permuted + negated copy",
            "binarize_permuted",
            BINARIZE,
            WORK / "binarize_permuted.npz",
            [],
        ),
        (
            "binarize-first vs 2% of weights pruned",
            "binarize_pruned",
            BINARIZE,
            WORK / "binarize_pruned.npz",
            [],
        ),
    ]


def main_benchmark() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    shutil.rmtree(RESULTS / "equivalence_cex", ignore_errors=True)
    for name, tag, model, other, region in pairs():
        cex_dir = RESULTS / "equivalence_cex" / tag
        shutil.rmtree(cex_dir, ignore_errors=True)
        start = time.perf_counter()
        status, out = cli(
            [
                "check",
                "--property",
                "equivalence",
                "--model",
                str(model),
                "--other",
                str(other),
                *region,
                "--timeout",
                "120",
                "--json",
                "--cex-dir",
                str(cex_dir),
            ]
        )
        wall = time.perf_counter() - start
        summary = json.loads(out)
        rows.append(
            {
                "pair": name,
                "region": summary["region"],
                "exit": status,
                "verdicts": summary["verdicts"],
                "median_s": summary["median_time_s"],
                "max_s": summary["max_time_s"],
                "wall_s": round(wall, 2),
                "counterexamples": sorted(p.name for p in cex_dir.glob("*.png")),
            }
        )
        print(name, rows[-1], file=sys.stderr)
    lines = [
        "# Equivalence examples",
        "",
        "Command: `python benchmarks/equivalence.py` (copies made by `bnnverify transform`; "
        "default solver). Times per query include the attack, encoding and solving.",
        "",
        "| pair | region | holds | violated | unknown | median s | max s | exit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        v = r["verdicts"]
        lines.append(
            f"| {r['pair']} | {r['region']} | {v['holds']} | {v['violated']} | "
            f"{v['unknown']} | {r['median_s']:.3f} | {r['max_s']:.3f} | {r['exit']} |"
        )
    (RESULTS / "equivalence.md").write_text("\n".join(lines) + "\n")
    (RESULTS / "equivalence.json").write_text(json.dumps(rows, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main_benchmark()
