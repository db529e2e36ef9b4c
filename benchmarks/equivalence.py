"""Equivalence examples of the README, timed: real models against edited copies.

    python benchmarks/equivalence.py [--source DIR] [--tag equivalence] [--timeout 120]

Drives one source tree through its command line only (`python -m bnnverify`, run with DIR as
the working directory and first on PYTHONPATH; default: the tree this script lives in), so the
same script measures the tree before and after a refactor. It makes the copies with
`bnnverify transform` (and the re-saved copy with the public load_network / save_network) into
benchmarks/results/equivalence_models/<tag>/ (git-ignored), runs `bnnverify check --property
equivalence` on each pair with the default solver, and on the eps-ball pairs also with the
configurations of CONFIGURATIONS on the first --config-samples inputs. Writes, under
benchmarks/results/:

- <tag>.md: the per-pair table of the default solver (the README's figures), then one table
  of the other configurations, with the command and the source tree's commit;
- <tag>.csv: one row per query (pair, configuration, index, eps, verdict, ...), the record that
  benchmarks/compare_verdicts.py compares between two trees;
- <tag>.json: the per-run summaries; <tag>_cex/<pair>/: the counterexamples of the default run.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
MODELS = RESULTS / "equivalence_models"  # git-ignored
BINARIZE_FILE = Path("benchmarks") / "models" / "fmnist_binarize_784-200-100-100-100-10.npz"
BUNDLED_FILE = Path("assets") / "default_model.npz"  # inside the package directory
DEFAULT_CONFIGURATION = "portfolio+native (default)"
EPS_BALLS = ("--eps", "2")
DEFAULT_SAMPLES = 20
CSV_COLUMNS = (
    "pair",
    "configuration",
    "index",
    "eps",
    "verdict",
    "decided_by",
    "n_vars",
    "n_clauses",
    "fixed_neurons",
    "total_neurons",
    "shared_neurons",
    "reason",
    "time_s",
)
EXIT_ERROR = 2  # bnnverify's exit status for an error; 0, 1 and 3 are verdicts


@dataclass(frozen=True)
class Configuration:
    name: str
    options: tuple[str, ...]
    needs: str | None = None  # a module the configuration needs (skipped, and said so, if absent)


CONFIGURATIONS = (  # run on the eps-ball pairs besides the default (names as in robustness.py)
    Configuration("minicard+native", ("--solver", "minicard", "--encoding", "native")),
    Configuration(
        "kmtotalizer+cadical195", ("--solver", "cadical195", "--encoding", "kmtotalizer")
    ),
    Configuration("z3", ("--solver", "z3")),
    Configuration("cpsat", ("--solver", "cpsat"), needs="ortools"),
    Configuration("portfolio+native, no attack", ("--no-attack",)),
    Configuration("portfolio+native, no bounds", ("--no-bounds",)),
)


@dataclass(frozen=True)
class Pair:
    name: str
    tag: str
    model: Path
    other: Path
    eps_balls: bool  # else the whole input space


@dataclass(frozen=True)
class Source:
    """The tree whose `python -m bnnverify` runs, and what it resolved to."""

    root: Path
    package: Path  # the bnnverify directory that `import bnnverify` found

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(self.root), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        return env

    def python(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        # cwd = root: `python -m` puts the working directory first on sys.path.
        return subprocess.run(
            [sys.executable, *argv], cwd=self.root, env=self.env(), capture_output=True, text=True
        )

    def bnnverify(self, argv: list[str]) -> tuple[int, str]:
        done = self.python(["-m", "bnnverify", *argv])
        if done.returncode == EXIT_ERROR or done.returncode not in (0, 1, 3):
            raise RuntimeError(
                f"bnnverify {' '.join(argv)} exited {done.returncode}:\n{done.stderr[-2000:]}"
            )
        return done.returncode, done.stdout

    def has_module(self, name: str) -> bool:
        return self.python(["-c", f"import {name}"]).returncode == 0


def open_source(root: Path) -> Source:
    probe = "import bnnverify, pathlib; print(pathlib.Path(bnnverify.__file__).parent)"
    source = Source(root.resolve(), Path())
    done = source.python(["-c", probe])
    if done.returncode != 0:
        raise RuntimeError(f"cannot import bnnverify from {root}:\n{done.stderr[-2000:]}")
    package = Path(done.stdout.strip())
    if not package.is_relative_to(source.root):
        raise RuntimeError(f"`import bnnverify` under {root} found {package}, outside the tree")
    return Source(source.root, package)


def source_commit(root: Path) -> str:
    """The short commit of the tree, "(dirty)" when tracked files differ, and untracked files."""

    def git(*argv: str) -> str:
        done = subprocess.run(["git", "-C", str(root), *argv], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    status = git("status", "--porcelain").splitlines()
    untracked = sum(line.startswith("??") for line in status)
    return (
        commit
        + (" (dirty)" if len(status) > untracked else "")
        + (f" (+{untracked} untracked)" if untracked else "")
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_pairs(source: Source, work: Path) -> list[Pair]:
    bundled = source.package / BUNDLED_FILE
    binarize = source.root / BINARIZE_FILE
    copies = {
        "bundled_permuted": (bundled, ["--permute", "1", "--negate", "2"]),
        "bundled_pruned": (bundled, ["--prune", "0.05", "--seed", "3"]),
        "binarize_permuted": (binarize, ["--permute", "1", "--negate", "2"]),
        "binarize_pruned": (binarize, ["--prune", "0.02", "--seed", "3"]),
    }
    work.mkdir(parents=True, exist_ok=True)
    for tag, (model, options) in copies.items():
        (work / f"{tag}.npz").unlink(missing_ok=True)
        source.bnnverify(["transform", str(model), *options, "--out", str(work / f"{tag}.npz")])
    resaved = work / "bundled_resaved.npz"  # a copy written back by save_network
    resave = "import sys, bnnverify as b; b.save_network(b.load_network(sys.argv[1]), sys.argv[2])"
    done = source.python(["-c", resave, str(bundled), str(resaved)])
    if done.returncode != 0:
        raise RuntimeError(f"re-saving {bundled} failed:\n{done.stderr[-2000:]}")
    return [
        Pair(
            "bundled vs permuted + negated copy",
            "bundled_permuted",
            bundled,
            work / "bundled_permuted.npz",
            True,
        ),
        Pair("bundled vs copy re-saved", "bundled_resaved", bundled, resaved, True),
        Pair(
            "bundled vs 5% of weights pruned",
            "bundled_pruned",
            bundled,
            work / "bundled_pruned.npz",
            True,
        ),
        Pair(
            "binarize-first vs permuted + negated copy",
            "binarize_permuted",
            binarize,
            work / "binarize_permuted.npz",
            False,
        ),
        Pair(
            "binarize-first vs 2% of weights pruned",
            "binarize_pruned",
            binarize,
            work / "binarize_pruned.npz",
            False,
        ),
    ]


def run_check(
    source: Source, pair: Pair, configuration: Configuration, args: argparse.Namespace, cex: Path
) -> tuple[dict, list[dict]]:
    """One `bnnverify check --property equivalence` run: its summary and its CSV rows."""
    default = configuration.name == DEFAULT_CONFIGURATION
    samples = args.samples if default else args.config_samples
    region = [*EPS_BALLS, "--samples", str(samples)] if pair.eps_balls else []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "rows.jsonl"
        argv = [
            "check",
            "--property",
            "equivalence",
            "--model",
            str(pair.model),
            "--other",
            str(pair.other),
            *region,
            *configuration.options,
            "--timeout",
            str(args.timeout),
            "--json",
            "--out",
            str(out),
        ]
        if default:
            shutil.rmtree(cex, ignore_errors=True)
            argv += ["--cex-dir", str(cex)]
        start = time.perf_counter()
        status, stdout = source.bnnverify(argv)
        wall = time.perf_counter() - start
        records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    summary = json.loads(stdout)
    rows = [
        {
            "pair": pair.tag,
            "configuration": configuration.name,
            **{key: blank_none(record[key]) for key in CSV_COLUMNS[2:]},
        }
        for record in records
    ]
    times = [record["time_s"] for record in records] or [0.0]
    run = {
        "pair": pair.name,
        "tag": pair.tag,
        "configuration": configuration.name,
        "region": summary["region"],
        "exit": status,
        "verdicts": summary["verdicts"],
        "median_s": statistics.median(times),
        "max_s": max(times),
        "wall_s": round(wall, 2),
        "model_sha256": sha256(pair.model),
        "other_sha256": sha256(pair.other),
        "counterexamples": sorted(p.name for p in cex.glob("*.png")) if default else [],
    }
    return run, rows


def blank_none(value: object) -> object:
    return "" if value is None else value


def configurations(source: Source, only: list[str] | None) -> list[Configuration]:
    chosen = []
    for configuration in CONFIGURATIONS:
        if only is not None and not any(word in configuration.name for word in only):
            continue
        if configuration.needs and not source.has_module(configuration.needs):
            print(f"skipping {configuration.name}: no {configuration.needs}", file=sys.stderr)
            continue
        chosen.append(configuration)
    return chosen


def write_markdown(runs: list[dict], args: argparse.Namespace, source: Source, path: Path) -> None:
    lines = [
        "# Equivalence examples",
        "",
        f"Command: `python benchmarks/equivalence.py{''.join(' ' + a for a in sys.argv[1:])}` "
        "(copies made by `bnnverify transform`; default solver). Times per query include the "
        "attack, encoding and solving.  ",
        f"Source: {source.root}, commit {source_commit(source.root)}; timeout {args.timeout} s "
        "per query.",
        "",
        "| pair | region | holds | violated | unknown | median s | max s | exit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        if r["configuration"] == DEFAULT_CONFIGURATION:
            v = r["verdicts"]
            lines.append(
                f"| {r['pair']} | {r['region']} | {v['holds']} | {v['violated']} | "
                f"{v['unknown']} | {r['median_s']:.3f} | {r['max_s']:.3f} | {r['exit']} |"
            )
    others = [r for r in runs if r["configuration"] != DEFAULT_CONFIGURATION]
    if others:
        lines += [
            "",
            f"Other configurations, on the eps-ball pairs, first {args.config_samples} inputs:",
            "",
            "| pair | configuration | holds | violated | unknown | median s | max s | exit |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in others:
            v = r["verdicts"]
            lines.append(
                f"| {r['pair']} | {r['configuration']} | {v['holds']} | {v['violated']} | "
                f"{v['unknown']} | {r['median_s']:.3f} | {r['max_s']:.3f} | {r['exit']} |"
            )
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=HERE.parent, help="tree to run (default: this checkout)"
    )
    parser.add_argument("--tag", default="equivalence", help="prefix of the result files")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per query")
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help="default solver")
    parser.add_argument(
        "--config-samples", type=int, default=10, help="inputs for the other configurations"
    )
    parser.add_argument(
        "--only", nargs="*", help="other configurations whose name has a word (none: only default)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    source = open_source(args.source)
    print(f"bnnverify from {source.package}, commit {source_commit(source.root)}", file=sys.stderr)
    pairs = make_pairs(source, MODELS / args.tag)
    runs, rows = [], []
    cex_root = RESULTS / f"{args.tag}_cex"
    shutil.rmtree(cex_root, ignore_errors=True)
    plan = [(pair, Configuration(DEFAULT_CONFIGURATION, ())) for pair in pairs]
    plan += [(p, c) for c in configurations(source, args.only) for p in pairs if p.eps_balls]
    for pair, configuration in plan:
        run, pair_rows = run_check(source, pair, configuration, args, cex_root / pair.tag)
        runs.append(run)
        rows += pair_rows
        print(f"{pair.tag} / {configuration.name}: {run['verdicts']}", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    write_markdown(runs, args, source, RESULTS / f"{args.tag}.md")
    (RESULTS / f"{args.tag}.json").write_text(json.dumps(runs, indent=1) + "\n")
    with open(RESULTS / f"{args.tag}.csv", "w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    print((RESULTS / f"{args.tag}.md").read_text())
    print(f"{len(rows)} queries in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
