"""Exit statuses, defined once (DESIGN.md section 6); the CLI exits with them and certify's
report records them.

0 the property holds for every checked query; 1 at least one violated; 2 error (bad input,
usage); 3 at least one unknown and none violated (for certify: a holds without a checked
proof counts as unknown); 128 + N when stopped by signal N (130 SIGINT, 143 SIGTERM).
"""

from __future__ import annotations

import signal

EXIT_OK = 0
EXIT_VIOLATED = 1
EXIT_ERROR = 2
EXIT_UNKNOWN = 3
EXIT_SIGNAL_BASE = 128  # the shell's convention: killed by signal N exits 128 + N
EXIT_INTERRUPTED = EXIT_SIGNAL_BASE + signal.SIGINT  # 130
EXIT_TERMINATED = EXIT_SIGNAL_BASE + signal.SIGTERM  # 143

# A summary's "result" -> the exit status (check: results.summarize; certify: its report).
EXIT_BY_RESULT = {
    "holds": EXIT_OK, "violated": EXIT_VIOLATED, "unknown": EXIT_UNKNOWN,
    "certified": EXIT_OK, "uncertified": EXIT_UNKNOWN,
}  # fmt: skip


def exit_status(result: str) -> int:
    """The exit status of a summary's "result" (holds 0, violated 1, unknown 3, ...)."""
    return EXIT_BY_RESULT[result]


def signal_exit_status(signum: int) -> int:
    """128 + N for signal N (EXIT_INTERRUPTED, EXIT_TERMINATED)."""
    return EXIT_SIGNAL_BASE + signum
