"""The VNN-COMP 2023 benchmark traffic_signs_recognition through VNN-COMP's own interface.

    python benchmarks/vnncomp_traffic_signs.py [--timeout 480] [--only SUBSTRING] [--tag NAME]

Reads ../shared/benchmarks/vnncomp2023-traffic-signs/instances.csv (45 instances), prepares
each model once (`bnnverify vnncomp prepare_instance`: the exact ONNX conversion, not timed, as
in VNN-COMP), then runs `bnnverify vnncomp run_instance ONNX VNNLIB RESULT TIMEOUT` for each
instance in a child process (killed 30 s past its timeout) and records the answer and time.

Resumable: benchmarks/results/<tag>.csv keeps one row per finished instance and a new run only
does the instances it lacks, so a long run can go on in the background and continue after a
restart. Writes <tag>.md: the per-instance table beside what VNN-COMP 2023 reported (the
benchmark's README gives per-tool totals, and the three instances nobody solved), and the
result files under <tag>/. Not imported by the package; run by hand.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BENCHMARK = HERE.parent.parent / "shared" / "benchmarks" / "vnncomp2023-traffic-signs"
UNSOLVED_2023 = {"model_30_idx_8258_eps_1", "model_30_idx_8258_eps_3", "model_64_idx_8258_eps_1"}
GRACE_S = 30
FIELDS = ("instance", "onnx", "vnnlib", "answer", "time_s", "summary")
VNNCOMP_2023 = (  # the benchmark README's score table (proved robust / falsified / wrong)
    ("2023", "alpha-beta-CROWN", 0, 39, 3),
    ("2023", "NeuralSAT", 0, 31, 4),
    ("2023", "Marabou", 0, 18, 1),
    ("2023", "PyRAT", 0, 7, 1),
)


def instance_name(vnnlib: str) -> str:
    """model_30_idx_8258_eps_1.00000.vnnlib -> model_30_idx_8258_eps_1"""
    stem = Path(vnnlib).name.split(".vnnlib")[0]
    head, _, eps = stem.rpartition("_eps_")
    return f"{head}_eps_{float(eps):g}"


def read_instances(only: str | None) -> list[tuple[str, str, float]]:
    with open(BENCHMARK / "instances.csv", encoding="utf-8") as stream:
        rows = [(onnx, vnnlib, float(t)) for onnx, vnnlib, t in csv.reader(stream)]
    return [row for row in rows if only is None or only in instance_name(row[1])]


def bnnverify(*args: str, timeout_s: float | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bnnverify", "vnncomp", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)


def run_instance(onnx: str, vnnlib: str, timeout_s: float, out: Path) -> dict[str, str]:
    name = instance_name(vnnlib)
    result = out / f"{name}.txt"
    started = time.perf_counter()
    try:
        done = bnnverify(
            "run_instance", str(BENCHMARK / onnx), str(BENCHMARK / vnnlib), str(result),
            str(timeout_s), timeout_s=timeout_s + GRACE_S,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if done.returncode != 0:
            answer, summary = "error", (done.stderr.strip().splitlines() or ["?"])[-1]
        else:
            answer = result.read_text(encoding="utf-8").split("\n", 1)[0].strip()
            summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    except subprocess.TimeoutExpired:
        wall, answer, summary = time.perf_counter() - started, "timeout", "killed past the limit"
    return dict(instance=name, onnx=onnx, vnnlib=vnnlib, answer=answer,
                time_s=f"{wall:.2f}", summary=summary)  # fmt: skip


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def write_table(rows: list[dict[str, str]], path: Path, command: str) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=HERE).stdout.strip()  # fmt: skip
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["answer"]] = counts.get(row["answer"], 0) + 1
    lines = [
        "# VNN-COMP 2023 traffic_signs_recognition, through `bnnverify vnncomp run_instance`",
        "",
        f"Command: `{command}` (commit {commit}; {os.cpu_count()} cores). "
        "sat = counterexample (replayed exactly and by onnxruntime float32), unsat = proved "
        "robust (free first-layer signs + LP-certified blocking clauses + the exact integer "
        "encoding of every later layer).",
        "",
        f"Answers: {', '.join(f'{k} {v}' for k, v in sorted(counts.items()))} "
        f"of {len(rows)} instances run.",
        "",
        "VNN-COMP 2023 (the benchmark README; per-tool totals only):",
        "",
        "| year | tool | proved robust | falsified | wrong |",
        "|---|---|---|---|---|",
        *(f"| {y} | {t} | {p} | {f} | {w} |" for y, t, p, f, w in VNNCOMP_2023),
        "",
        "| instance | our answer | time (s) | solved by nobody in 2023 | summary |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        open_ = "yes" if row["instance"] in UNSOLVED_2023 else ""
        lines.append(f"| {row['instance']} | {row['answer']} | {row['time_s']} | {open_} | "
                     f"{row['summary']} |")  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=None, help="seconds (default: csv's)")
    parser.add_argument("--only", help="run only instances whose name contains this")
    parser.add_argument("--tag", default="vnncomp_traffic_signs")
    args = parser.parse_args(argv)
    instances = read_instances(args.only)
    csv_path, out = RESULTS / f"{args.tag}.csv", RESULTS / args.tag
    out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(csv_path)
    done = {row["instance"] for row in rows}
    for onnx in sorted({onnx for onnx, _, _ in instances}):
        first = next(v for o, v, _ in instances if o == onnx)
        prepared = bnnverify("prepare_instance", str(BENCHMARK / onnx), str(BENCHMARK / first))
        print(prepared.stdout.strip() or prepared.stderr.strip(), flush=True)
    for onnx, vnnlib, timeout_s in instances:
        if instance_name(vnnlib) in done:
            continue
        row = run_instance(onnx, vnnlib, args.timeout or timeout_s, out)
        rows.append(row)
        new = not csv_path.exists()
        with open(csv_path, "a", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, FIELDS)
            if new:
                writer.writeheader()
            writer.writerow(row)
        print(f"{row['instance']}: {row['answer']} in {row['time_s']} s  {row['summary']}",
              flush=True)  # fmt: skip
        write_table(rows, RESULTS / f"{args.tag}.md", " ".join(["python", *sys.argv]))
    write_table(rows, RESULTS / f"{args.tag}.md", " ".join(["python", *sys.argv]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
