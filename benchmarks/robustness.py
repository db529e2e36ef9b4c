"""Robustness benchmark: every encoding x solver on the same queries, one run.

    python benchmarks/robustness.py [--images 100] [--eps 1 2 3 5] [--timeout 30]

For each model and eps, the same test images go through every configuration (attack, bounds,
encoding, solver). Writes benchmarks/results/robustness.csv (one row per query),
robustness.md (a summary table) and robustness_cactus.png (queries decided vs time).
Not imported by the package; run by hand.
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bnnverify import data
from bnnverify.attack import AttackConfig
from bnnverify.cli import default_model_path
from bnnverify.engine import packed as packed_engine
from bnnverify.io import load_network
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness
from bnnverify.regions import linf_ball
from bnnverify.verify import CheckConfig
from bnnverify.verify import run as run_query

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


@dataclass(frozen=True)
class Configuration:
    name: str
    solver: str
    encoding: str
    bounds: bool = True
    attack: bool = True
    slow: bool = False  # runs on --slow-images images instead of --images
    max_images: int | None = None  # a hard cap (the baseline)


CONFIGURATIONS = (
    Configuration("portfolio+native (default)", "portfolio", "native"),
    Configuration("minicard+native", "minicard", "native"),
    Configuration("gluecard4+native", "gluecard4", "native"),
    Configuration("cpsat", "cpsat", "native", slow=True),
    Configuration("z3", "z3", "native", slow=True),
    Configuration("kmtotalizer+cadical195", "cadical195", "kmtotalizer", slow=True),
    Configuration("totalizer2+cadical195", "cadical195", "totalizer2", slow=True),
    Configuration("totalizer+cadical195", "cadical195", "totalizer", slow=True),
    Configuration("cardnetwork+cadical195", "cadical195", "cardnetwork", slow=True),
    Configuration("seqcounter+cadical195", "cadical195", "seqcounter", slow=True),
    Configuration("portfolio+native, no attack", "portfolio", "native", attack=False),
    Configuration("portfolio+native, no bounds", "portfolio", "native", bounds=False, slow=True),
    Configuration(
        "baseline: seqcounter+glucose4, no bounds, no attack",
        "glucose4",
        "seqcounter",
        bounds=False,
        attack=False,
        max_images=10,
    ),
)
DENSE_MODEL_CONFIGURATIONS = {  # clause encodings take > 10 s to build on the dense model
    "portfolio+native (default)",
    "minicard+native",
    "cpsat",
    "z3",
    "baseline: seqcounter+glucose4, no bounds, no attack",
}


def models(names: list[str]) -> list[tuple[str, Path]]:
    known = {
        "bundled": ("bundled default (ternary, 90% zeros)", default_model_path()),
        "dense": (
            "784-200-100-100-100-10 binary (dense)",
            HERE / "models" / "fmnist_784-200-100-100-100-10_binary.npz",
        ),
        "conv-small": (
            "conv-small (EEV shape), ternary",
            HERE / "models" / "fmnist_conv_small_ternary.npz",
        ),
        "conv-maxpool": (
            "conv + max-pool, ternary",
            HERE / "models" / "fmnist_conv_maxpool_ternary.npz",
        ),
    }
    return [known[name] for name in names]


def available(configuration: Configuration) -> bool:
    from bnnverify.backends import check_solver

    try:
        check_solver(configuration.solver, configuration.encoding)
    except Exception as error:  # a missing optional back-end is skipped, and said so
        print(f"skipping {configuration.name}: {error}", file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace) -> list[dict]:
    try:
        dataset = data.load_dataset("test", args.data)
    except Exception:
        dataset = data.load_samples()
    rows = read_csv(RESULTS / f"{args.tag}.csv") if args.resume else []
    done = {(row["model"], row["eps"], row["configuration"]) for row in rows}
    configurations = [
        c
        for c in CONFIGURATIONS
        if available(c) and (not args.only or any(word in c.name for word in args.only))
    ]
    for model_name, path in models(args.models):
        net = load_network(path)
        model = Model.of(net)
        weights = [layer.weight for layer in net.layers if hasattr(layer, "weight")]
        dense = not any((weight == 0).any() for weight in weights)
        for eps in args.eps:
            for configuration in configurations:
                if dense and configuration.name not in DENSE_MODEL_CONFIGURATIONS:
                    continue
                if (model_name, eps, configuration.name) in done:
                    continue  # --resume: this configuration finished in an earlier run
                n_images = args.slow_images if configuration.slow else args.images
                n_images = min(n_images, configuration.max_images or n_images)
                config = CheckConfig(
                    solver=configuration.solver,
                    encoding=configuration.encoding,
                    timeout_s=args.timeout,
                    use_bounds=configuration.bounds,
                    attack=AttackConfig() if configuration.attack else None,
                )
                start = time.perf_counter()
                for index in range(n_images):
                    prop = Robustness(model, label=int(dataset.y[index]))
                    region = linf_ball(net.flatten(dataset.x[index])[0], eps)
                    result = run_query(prop, region, config, index)
                    rows.append(
                        {
                            "model": model_name,
                            "eps": eps,
                            "configuration": configuration.name,
                            "index": index,
                            "verdict": result.verdict.value,
                            "time_s": result.time_s,
                            "decided_by": result.decided_by,
                            "n_vars": result.n_vars,
                            "n_clauses": result.n_clauses,
                            "fixed_neurons": result.fixed_neurons,
                            "total_neurons": result.total_neurons,
                            "reason": result.reason,
                        }
                    )
                print(
                    f"{model_name} eps={eps} {configuration.name}: {n_images} queries in "
                    f"{time.perf_counter() - start:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
                write_csv(rows, RESULTS / f"{args.tag}.csv")  # a stopped run keeps what it did
    return rows


INT_COLUMNS = ("eps", "index", "n_vars", "n_clauses", "fixed_neurons", "total_neurons")


def read_csv(path: Path) -> list[dict]:
    """The rows an earlier run with this tag wrote (none if it wrote none), typed as run()
    makes them."""
    if not path.exists():
        return []
    with open(path, newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        row.update({name: int(row[name]) for name in INT_COLUMNS})
        row["time_s"] = float(row["time_s"])
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    if not rows:
        return
    partial = path.with_suffix(".csv.partial")
    with open(partial, "w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(path)


def summarize(rows: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["model"], row["eps"], row["configuration"]), []).append(row)
    table = []
    for (model, eps, configuration), group in groups.items():
        checked = [r for r in group if r["verdict"] != "misclassified"]
        solved = [r for r in checked if r["decided_by"] == "solver"]
        times = [r["time_s"] for r in checked] or [0.0]
        verdicts = {
            v: sum(r["verdict"] == v for r in group)
            for v in ("holds", "violated", "unknown", "misclassified")
        }
        table.append(
            {
                "model": model,
                "eps": eps,
                "configuration": configuration,
                "queries": len(group),
                **verdicts,
                "median_s": statistics.median(times),
                "mean_s": statistics.fmean(times),
                "max_s": max(times),
                "by_attack": sum(r["decided_by"] == "attack" for r in checked),
                "median_clauses": statistics.median([r["n_clauses"] for r in solved] or [0]),
                "fixed_share": (
                    sum(r["fixed_neurons"] for r in solved)
                    / max(1, sum(r["total_neurons"] for r in solved))
                ),
            }
        )
    return table


def write_markdown(table: list[dict], args: argparse.Namespace, path: Path) -> None:
    lines = [
        "# Robustness benchmark",
        "",
        f"Command: `python benchmarks/robustness.py {' '.join(sys.argv[1:])}`  ",
        f"Commit: {source_commit()}  ",
        f"Machine: {platform.processor() or platform.machine()}, {platform.python_version()}, "
        f"timeout {args.timeout} s per query. Times include the attack, encoding and solving; "
        "misclassified inputs are excluded from the times.",
        "",
        "| model | eps | configuration | queries | holds | violated | unknown | misclassified "
        "| median s | mean s | max s | by attack | median clauses | fixed share |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table:
        lines.append(
            f"| {r['model']} | {r['eps']} | {r['configuration']} | {r['queries']} | {r['holds']} "
            f"| {r['violated']} | {r['unknown']} | {r['misclassified']} | {r['median_s']:.4f} "
            f"| {r['mean_s']:.4f} | {r['max_s']:.3f} | {r['by_attack']} "
            f"| {r['median_clauses']:.0f} | {r['fixed_share']:.3f} |"
        )
    path.write_text("\n".join(lines) + "\n")


def source_commit() -> str:
    """The commit of this checkout, with "(dirty)" when tracked files differ from it."""
    import subprocess

    def git(*argv: str) -> str:
        done = subprocess.run(["git", *argv], cwd=HERE, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" (dirty)" if git("status", "--porcelain", "--untracked-files=no") else "")


def write_cactus(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(9, 6))
    by_configuration: dict[str, list[float]] = {}
    for row in rows:
        if row["verdict"] in ("holds", "violated"):
            by_configuration.setdefault(row["configuration"], []).append(row["time_s"])
    for name, times in sorted(by_configuration.items()):
        times = np.sort(times)
        axis.step(times, np.arange(1, len(times) + 1), where="post", label=name)
    axis.set_xscale("log")
    axis.set_xlabel("time per query (s)")
    axis.set_ylabel("queries decided (all models and eps)")
    axis.set_title("bnnverify robustness: queries decided within a time")
    axis.legend(fontsize=7, loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument(
        "--slow-images", type=int, default=25, help="images per eps for the slow configurations"
    )
    parser.add_argument(
        "--models",
        nargs="+",
        choices=("bundled", "dense", "conv-small", "conv-maxpool"),
        default=["bundled", "dense"],
    )
    parser.add_argument("--eps", type=int, nargs="+", default=[1, 2, 3, 5])
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--data", default=None)
    parser.add_argument("--only", nargs="*", help="run configurations whose name has a word")
    parser.add_argument("--tag", default="robustness", help="prefix of the result files")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the rows of <tag>.csv and run only the (model, eps, configuration) groups "
        "it lacks (a group is written once it finishes)",
    )
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if packed_engine.HAS_NUMBA:
        packed_engine.numba.set_num_threads(1)  # as `bnnverify check` does per query
    rows = run(args)
    write_csv(rows, RESULTS / f"{args.tag}.csv")
    table = summarize(rows)
    write_markdown(table, args, RESULTS / f"{args.tag}.md")
    write_cactus(rows, RESULTS / f"{args.tag}_cactus.png")
    print((RESULTS / f"{args.tag}.md").read_text())


if __name__ == "__main__":
    main()
