"""Speed of two source trees measured in one run: old vs new, alternating, on the same queries.

    python benchmarks/speed_ratio.py --old DIR --new DIR [--rounds 3] [--images 50]
        [--slow-images 10] [--eps 1 2 3] [--timeout 10] [--only WORD ...] [--tag issue8_speed]

Each round runs each tree's OWN benchmarks/robustness.py as a subprocess (working directory and
first PYTHONPATH entry: that tree), old then new (ABAB..., so a drift of the machine's load
falls on both sides alike), with a scratch tag speed_<side>_r<round>; it reads the CSV that run
wrote under <tree>/benchmarks/results/ and deletes the scratch files afterwards (--keep keeps
them). The default set is the bundled model, 50 images, eps 1 2 3 with the default
configuration, and one clause configuration on --slow-images images, timeout 10 s.

Writes benchmarks/results/<tag>.md (per configuration: median and total query time of old and
new, the ratio new/old, per round and pooled; the commands; both commits) and <tag>.csv (every
query of every run, with side and round). The verdicts of each round's two runs are compared
row by row with benchmarks/compare_verdicts.py, and the result is stated in the Markdown file.
Exit status 0 when all verdicts agree, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from compare_verdicts import Side, compare, read_side, report_lines
from equivalence import open_source, source_commit

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DEFAULT_ONLY = ("portfolio+native (default)", "kmtotalizer+cadical195")
SCRATCH_SUFFIXES = (".csv", ".md", "_cactus.png")  # what robustness.py writes per tag
SIDES = ("old", "new")


@dataclass(frozen=True)
class Run:
    side: str
    round: int
    tree: Path
    wall_s: float
    load: tuple[float, float]  # 1-minute load average before and after the run
    side_rows: Side  # keyed rows, as compare_verdicts reads them
    key: tuple[str, ...]


def robustness_argv(args: argparse.Namespace, tag: str) -> list[str]:
    return [
        "benchmarks/robustness.py",
        "--models",
        "bundled",
        "--images",
        str(args.images),
        "--slow-images",
        str(args.slow_images),
        "--eps",
        *(str(e) for e in args.eps),
        "--timeout",
        str(args.timeout),
        "--only",
        *args.only,
        "--tag",
        tag,
    ]


def run_tree(side: str, round_: int, tree: Path, args: argparse.Namespace) -> Run:
    tag = f"speed_{side}_r{round_}"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    scratch = [tree / "benchmarks" / "results" / f"{tag}{suffix}" for suffix in SCRATCH_SUFFIXES]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, *robustness_argv(args, tag)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{side} round {round_} exited {done.returncode}:\n{done.stderr}")
        side_rows, key = read_side(scratch[0], side, args.timeout)
    finally:
        if not args.keep:
            for path in scratch:
                path.unlink(missing_ok=True)
    print(f"{side} round {round_}: {len(side_rows.rows)} queries, {wall:.1f} s", file=sys.stderr)
    load = (load_before, os.getloadavg()[0])
    return Run(side, round_, tree, wall, load, side_rows, key)


def checked_times(run: Run, configuration: str) -> dict[tuple[str, ...], float]:
    """time_s by key of the queries checked (robustness.py's convention: no misclassified)."""
    return {
        key: float(row["time_s"])
        for key, row in run.side_rows.rows.items()
        if row["configuration"] == configuration and row["verdict"] != "misclassified"
    }


def ratio(new: float, old: float) -> str:
    return f"{new / old:.3f}" if old > 0 else "n/a"


def speed_table(runs: list[Run], configurations: list[str]) -> list[str]:
    """Rows per round; with several rounds also all rounds pooled, and the per-query minimum
    over the rounds (the least disturbed by other load on the machine)."""
    lines = [
        "| configuration | round | queries | old median s | new median s | median ratio "
        "| old total s | new total s | total ratio new/old |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    rounds = sorted({run.round for run in runs})
    for configuration in configurations:
        pooled: dict[str, list[float]] = {side: [] for side in SIDES}
        least: dict[str, dict[tuple[str, ...], float]] = {side: {} for side in SIDES}
        for round_ in rounds:
            times = {r.side: checked_times(r, configuration) for r in runs if r.round == round_}
            for side in SIDES:
                pooled[side] += times[side].values()
                for key, t in times[side].items():
                    least[side][key] = min(t, least[side].get(key, t))
            lines.append(
                row_line(configuration, str(round_), {s: list(times[s].values()) for s in SIDES})
            )
        if len(rounds) > 1:
            lines.append(row_line(configuration, "all", pooled))
            lines.append(
                row_line(configuration, "min", {s: list(least[s].values()) for s in SIDES})
            )
    return lines


def row_line(configuration: str, round_: str, times: dict[str, list[float]]) -> str:
    old, new = times["old"], times["new"]
    median = {side: statistics.median(t) if t else 0.0 for side, t in times.items()}
    return (
        f"| {configuration} | {round_} | {len(old)} / {len(new)} | {median['old']:.4f} "
        f"| {median['new']:.4f} | {ratio(median['new'], median['old'])} | {sum(old):.2f} "
        f"| {sum(new):.2f} | {ratio(sum(new), sum(old))} |"
    )


def verdict_lines(runs: list[Run]) -> tuple[list[str], bool]:
    lines, identical = [], True
    for round_ in sorted({run.round for run in runs}):
        old, new = (next(r for r in runs if r.round == round_ and r.side == s) for s in SIDES)
        result = compare(old.side_rows, new.side_rows, old.key)
        identical &= result.identical
        report = report_lines(old.side_rows, new.side_rows, result, max_list=10)
        lines += [f"- round {round_}: {report[-1]}", *(f"  - {line}" for line in report[:-1])]
    return lines, identical


def write_outputs(runs: list[Run], args: argparse.Namespace, total_s: float) -> bool:
    configurations = list(
        dict.fromkeys(row["configuration"] for r in runs for row in r.side_rows.rows.values())
    )
    verdicts, identical = verdict_lines(runs)
    inner = " ".join(quote(a) for a in robustness_argv(args, "TAG"))
    walls = {
        side: ", ".join(
            f"{r.wall_s:.1f} (load {r.load[0]:.1f} -> {r.load[1]:.1f})"
            for r in runs
            if r.side == side
        )
        for side in SIDES
    }
    lines = [
        "# Speed ratio, old vs new, one run",
        "",
        f"Command: `python benchmarks/speed_ratio.py {' '.join(quote(a) for a in sys.argv[1:])}`  ",
        f"Each tree ran its own `python {inner}` "
        f"(TAG = speed_<side>_r<round>), alternating old/new for {args.rounds} round(s); "
        f"{total_s:.0f} s in all.  ",
        f"Old: {args.old}, commit {source_commit(args.old)}; "
        f"process wall s per round {walls['old']}  ",
        f"New: {args.new}, commit {source_commit(args.new)}; "
        f"process wall s per round {walls['new']}",
        "",
        "Times are robustness.py's time_s per query (attack, encoding and solving; misclassified "
        "inputs excluded), summed over all eps; queries shows old / new. A query that times out "
        f"counts {args.timeout:g} s on both sides and pulls the total ratio towards 1.",
        "",
        *speed_table(runs, configurations),
        "",
        "Verdicts compared row by row (benchmarks/compare_verdicts.py logic, old = A, new = B): "
        + ("identical in every round." if identical else "**they differ**:"),
        "",
        *verdicts,
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.tag}.md").write_text("\n".join(lines) + "\n")
    with open(RESULTS / f"{args.tag}.csv", "w", newline="") as stream:
        first = next(iter(runs[0].side_rows.rows.values()))
        writer = csv.DictWriter(stream, fieldnames=["side", "round", *first])
        writer.writeheader()
        for run in runs:
            for row in run.side_rows.rows.values():
                writer.writerow({"side": run.side, "round": run.round, **row})
    print("\n".join(lines))
    return identical


def quote(text: str) -> str:
    return f'"{text}"' if " " in text else text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the tree before")
    parser.add_argument("--new", type=Path, required=True, help="the tree after")
    parser.add_argument("--rounds", type=int, default=3, help="old/new pairs of runs")
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--slow-images", type=int, default=10)
    parser.add_argument("--eps", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--only", nargs="+", default=list(DEFAULT_ONLY))
    parser.add_argument("--tag", default="issue8_speed", help="prefix of the result files")
    parser.add_argument("--keep", action="store_true", help="keep the trees' scratch files")
    args = parser.parse_args()
    args.old, args.new = args.old.resolve(), args.new.resolve()
    for tree in (args.old, args.new):  # `import bnnverify` must find each tree's own package
        print(f"{tree}: bnnverify from {open_source(tree).package}", file=sys.stderr)
    start = time.perf_counter()
    runs = [
        run_tree(side, round_, tree, args)
        for round_ in range(1, args.rounds + 1)
        for side, tree in zip(SIDES, (args.old, args.new), strict=True)
    ]
    identical = write_outputs(runs, args, time.perf_counter() - start)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
