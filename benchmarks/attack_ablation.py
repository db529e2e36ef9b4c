"""Attack ablation: the verifier with PGD off (AttackConfig(pgd_restarts=0)) and on (default).

    python benchmarks/attack_ablation.py [--only bundled dense] [--timeout-scale 1]

Each setting runs the same queries through verify.run twice, once per attack configuration, with
the default solver: the bundled MLP at eps 5 on the first 100 bundled samples (timeout 10 s),
and the dense 784-200-100-100-100-10 binary model at eps 1 and 2 on the first 30 Fashion-MNIST
test images (timeout 20 s; skipped when the IDX files are absent). A query that holds under one
configuration and is violated under the other would be a bug and stops the run. Writes
benchmarks/results/attack_ablation.md (the command and the commit included).
Not imported by the package; run by hand.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bnnverify import data
from bnnverify.attack import AttackConfig
from bnnverify.io import load_network
from bnnverify.properties.base import Model
from bnnverify.properties.robustness import Robustness, falsify_box
from bnnverify.regions import linf_ball
from bnnverify.results import Verdict
from bnnverify.verify import CheckConfig, run

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
ROOT = HERE.parent
DENSE = HERE / "models" / "fmnist_784-200-100-100-100-10_binary.npz"
CONFIGURATIONS = (("PGD off", AttackConfig(pgd_restarts=0)), ("PGD on (default)", AttackConfig()))


@dataclass(frozen=True)
class Setting:
    name: str  # for --only
    model: Path
    eps: int
    n_inputs: int
    timeout_s: float
    fashion: bool  # Fashion-MNIST test split, else the bundled samples


SETTINGS = (
    Setting("bundled", ROOT / "bnnverify" / "assets" / "default_model.npz", 5, 100, 10.0, False),
    Setting("dense", DENSE, 1, 30, 20.0, True),
    Setting("dense", DENSE, 2, 30, 20.0, True),
)


def run_setting(setting: Setting, data_dir: str | None) -> list[dict]:
    """One row per configuration: verdict counts, decided by attack, times."""
    net = load_network(setting.model)
    model = Model.of(net)
    dataset = data.load_dataset("test", data_dir) if setting.fashion else data.load_samples()
    rows, verdicts = [], {}
    for name, attack in CONFIGURATIONS:
        config = CheckConfig(timeout_s=setting.timeout_s, attack=attack)
        counts = dict.fromkeys(v.value for v in Verdict) | {"attack": 0}
        times, attack_times = [], []
        start = time.perf_counter()
        for index in range(setting.n_inputs):
            x0, label = net.flatten(dataset.x[index])[0], int(dataset.y[index])
            prop = Robustness(model, label)
            result = run(prop, linf_ball(x0, setting.eps), config, index)
            counts[result.verdict.value] = (counts[result.verdict.value] or 0) + 1
            verdicts.setdefault(index, {})[name] = result.verdict
            if result.verdict is Verdict.MISCLASSIFIED:
                continue
            counts["attack"] += result.decided_by == "attack"
            times.append(result.time_s)
            box = linf_ball(x0, setting.eps).box(net)
            began = time.perf_counter()  # the attack alone, as falsify runs it
            falsify_box(model, box.lo, box.hi, label, prop.checked_targets(), attack)
            attack_times.append(time.perf_counter() - began)
        rows.append(
            {
                "setting": f"{setting.model.name} eps {setting.eps}",
                "configuration": name,
                "counts": counts,
                "median_s": statistics.median(times) if times else 0.0,
                "total_s": sum(times),
                "attack_mean_s": statistics.mean(attack_times) if attack_times else 0.0,
                "attack_max_s": max(attack_times, default=0.0),
                "wall_s": time.perf_counter() - start,
            }
        )
        print(f"{setting.name} eps {setting.eps} {name}: {counts}", file=sys.stderr, flush=True)
    check_agreement(verdicts)
    rows[-1]["gained"] = newly_decided(verdicts)
    return rows


def check_agreement(verdicts: dict[int, dict[str, Verdict]]) -> None:
    decided = {Verdict.HOLDS, Verdict.VIOLATED}
    for index, by_config in verdicts.items():
        if len(set(by_config.values()) & decided) > 1:
            raise SystemExit(f"query {index}: holds and violated under different attacks")


def newly_decided(verdicts: dict[int, dict[str, Verdict]]) -> list[int]:
    """The queries unknown with PGD off and violated with it on."""
    off, on = (name for name, _ in CONFIGURATIONS)
    return [
        index
        for index, by_config in sorted(verdicts.items())
        if by_config[off] is Verdict.UNKNOWN and by_config[on] is Verdict.VIOLATED
    ]


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip()


def write_markdown(rows: list[dict], command: str, path: Path) -> None:
    lines = [
        "# Attack ablation: PGD off vs on",
        "",
        f"Command: `{command}`  ",
        f"Commit: `{commit()}` (plus the working tree)  ",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, default solver. "
        "Times are per checked query (misclassified excluded); `attack s` times falsify_box "
        "alone on the same queries; `unknown -> violated` lists the queries that PGD decides.",
        "",
        "| setting | attack | checked | holds | violated | unknown | misclassified | by attack "
        "| median s | total s | attack s (mean / max) | unknown -> violated |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        c = {k: v or 0 for k, v in row["counts"].items()}
        checked = c["holds"] + c["violated"] + c["unknown"]
        gained = row.get("gained")
        lines.append(
            f"| {row['setting']} | {row['configuration']} | {checked} | {c['holds']} "
            f"| {c['violated']} | {c['unknown']} | {c['misclassified']} | {c['attack']} "
            f"| {row['median_s']:.3f} | {row['total_s']:.1f} "
            f"| {row['attack_mean_s']:.3f} / {row['attack_max_s']:.3f} "
            f"| {'' if gained is None else f'{len(gained)}: {gained}'} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="settings: bundled, dense")
    parser.add_argument("--data", default=None, help="Fashion-MNIST IDX directory")
    parser.add_argument("--out", default=str(RESULTS / "attack_ablation.md"))
    args = parser.parse_args()
    rows: list[dict] = []
    for setting in SETTINGS:
        if args.only and setting.name not in args.only:
            continue
        if setting.fashion:
            try:
                data.find_data_dir(args.data)
            except Exception as error:  # absent data: the setting is skipped, and said so
                print(f"skipping {setting.name}: {error}", file=sys.stderr)
                continue
        rows.extend(run_setting(setting, args.data))
        write_markdown(rows, "python " + " ".join(sys.argv), Path(args.out))


if __name__ == "__main__":
    main()
