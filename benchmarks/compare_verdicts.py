"""Compare two benchmark result CSVs row by row: the verdicts must be identical.

    python benchmarks/compare_verdicts.py A.csv B.csv [--timeout S] [--max-list N]

Reads CSVs of benchmarks/robustness.py (key: model, eps, configuration, index) or of
benchmarks/equivalence.py (key: pair, configuration, index, eps). Prints every row whose
verdict differs, with both times and reasons; a difference where a side is unknown with reason
timeout and a time within TIME_LIMIT_SHARE of its timeout is marked "at the time limit" (a
verdict decided near the limit may flip with load, which is noise, not a behaviour change).
Then the rows present on one side only, how many rows differ in the formula sizes
(n_vars, n_clauses, fixed_neurons, total_neurons, and shared_neurons for equivalence), and a
summary line.

The timeout of each side is --timeout, else read from the Markdown file written beside the CSV
("timeout X s per query"), else unknown (no row is then marked at the time limit).

Exit status: 0 when both files hold the same rows with identical verdicts, 1 otherwise
(a verdict differs or a row is missing on one side), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROBUSTNESS_KEY = ("model", "eps", "configuration", "index")
EQUIVALENCE_KEY = ("pair", "configuration", "index", "eps")
SIZE_COLUMNS = ("n_vars", "n_clauses", "fixed_neurons", "total_neurons", "shared_neurons")
TIME_LIMIT_SHARE = 0.15  # "at the time limit": time >= (1 - 0.15) * timeout
TIMEOUT_IN_MARKDOWN = re.compile(r"timeout ([0-9]+(?:\.[0-9]*)?) s per query")

Key = tuple[str, ...]


@dataclass(frozen=True)
class Side:
    """One results file: its rows by key and the per-query timeout it ran with."""

    name: str
    rows: dict[Key, dict[str, str]]
    timeout_s: float | None


@dataclass
class Comparison:
    key_columns: tuple[str, ...]
    differ: list[tuple[Key, bool]] = field(default_factory=list)  # (key, at the time limit)
    only_a: list[Key] = field(default_factory=list)
    only_b: list[Key] = field(default_factory=list)
    common: int = 0
    size_differ: Counter[str] = field(default_factory=Counter)
    size_rows: list[Key] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.differ or self.only_a or self.only_b)


def key_columns(header: list[str], path: Path) -> tuple[str, ...]:
    for key in (EQUIVALENCE_KEY, ROBUSTNESS_KEY):
        if set(key) <= set(header):
            return key
    raise ValueError(f"{path}: expected the columns {ROBUSTNESS_KEY} or {EQUIVALENCE_KEY}")


def read_side(path: Path, name: str, timeout_s: float | None = None) -> tuple[Side, tuple]:
    with open(path, newline="") as stream:
        reader = csv.DictReader(stream)
        key = key_columns(list(reader.fieldnames or []), path)
        rows: dict[Key, dict[str, str]] = {}
        for row in reader:
            k = tuple(row[c] for c in key)
            if k in rows:
                raise ValueError(f"{path}: the key {k} appears twice")
            rows[k] = row
    if timeout_s is None:
        timeout_s = timeout_from_markdown(path.with_suffix(".md"))
    return Side(name, rows, timeout_s), key


def timeout_from_markdown(path: Path) -> float | None:
    if not path.is_file():
        return None
    found = TIMEOUT_IN_MARKDOWN.search(path.read_text())
    return float(found.group(1)) if found else None


def is_at_time_limit(row: dict[str, str], timeout_s: float | None) -> bool:
    """unknown with reason timeout, and its time within TIME_LIMIT_SHARE of the timeout."""
    if timeout_s is None or row["verdict"] != "unknown" or row.get("reason") != "timeout":
        return False
    return float(row["time_s"]) >= (1 - TIME_LIMIT_SHARE) * timeout_s


def compare(a: Side, b: Side, key: tuple[str, ...]) -> Comparison:
    result = Comparison(key)
    result.only_a = [k for k in a.rows if k not in b.rows]
    result.only_b = [k for k in b.rows if k not in a.rows]
    for k, row_a in a.rows.items():
        row_b = b.rows.get(k)
        if row_b is None:
            continue
        result.common += 1
        if row_a["verdict"] != row_b["verdict"]:
            limit = is_at_time_limit(row_a, a.timeout_s) or is_at_time_limit(row_b, b.timeout_s)
            result.differ.append((k, limit))
        sizes = [c for c in SIZE_COLUMNS if c in row_a and c in row_b and row_a[c] != row_b[c]]
        result.size_differ.update(sizes)
        if sizes:
            result.size_rows.append(k)
    return result


def label(key_columns: tuple[str, ...], key: Key) -> str:
    return ", ".join(f"{c}={v}" for c, v in zip(key_columns, key, strict=True))


def describe(row: dict[str, str]) -> str:
    reason = f", {row['reason']}" if row.get("reason") else ""
    return f"{row['verdict']} ({float(row['time_s']):.3f} s{reason})"


def report_lines(a: Side, b: Side, result: Comparison, max_list: int = 20) -> list[str]:
    """The human-readable comparison; the last line is the summary."""
    lines = []
    for k, limit in result.differ:
        mark = "  [at the time limit]" if limit else ""
        lines.append(
            f"differs {label(result.key_columns, k)}: {a.name} {describe(a.rows[k])}"
            f" | {b.name} {describe(b.rows[k])}{mark}"
        )
    for side, keys in ((a, result.only_a), (b, result.only_b)):
        for k in keys[:max_list]:
            lines.append(f"only in {side.name}: {label(result.key_columns, k)}")
        if len(keys) > max_list:
            by_configuration = Counter(k[result.key_columns.index("configuration")] for k in keys)
            lines.append(
                f"only in {side.name}: {len(keys) - max_list} more; all by configuration: "
                f"{dict(by_configuration)}"
            )
    for k in result.size_rows[:max_list]:
        changed = {
            c: (a.rows[k][c], b.rows[k][c])
            for c in SIZE_COLUMNS
            if c in a.rows[k] and c in b.rows[k] and a.rows[k][c] != b.rows[k][c]
        }
        lines.append(f"sizes differ {label(result.key_columns, k)}: {changed}")
    at_limit = sum(limit for _, limit in result.differ)
    sizes = ", ".join(f"{c} {n}" for c, n in result.size_differ.items()) or "none"
    lines.append(
        f"{'IDENTICAL' if result.identical else 'DIFFERENT'}: {result.common} common rows, "
        f"{result.common - len(result.differ)} identical verdicts, {len(result.differ)} differ "
        f"({at_limit} at the time limit); only in {a.name}: {len(result.only_a)}, only in "
        f"{b.name}: {len(result.only_b)}; sizes differ on {len(result.size_rows)} rows ({sizes})"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="results CSV (e.g. before)")
    parser.add_argument("b", type=Path, help="results CSV (e.g. after)")
    parser.add_argument("--timeout", type=float, help="seconds per query of both runs")
    parser.add_argument("--max-list", type=int, default=20, help="rows listed per one-side list")
    args = parser.parse_args(argv)
    try:
        a, key_a = read_side(args.a, "A", args.timeout)
        b, key_b = read_side(args.b, "B", args.timeout)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if key_a != key_b:
        print(f"error: {args.a} is keyed by {key_a}, {args.b} by {key_b}", file=sys.stderr)
        return 2
    print(f"A = {args.a} (timeout {a.timeout_s} s), B = {args.b} (timeout {b.timeout_s} s)")
    result = compare(a, b, key_a)
    print("\n".join(report_lines(a, b, result, args.max_list)))
    return 0 if result.identical else 1


if __name__ == "__main__":
    sys.exit(main())
