"""One exception family. The CLI is the only place that catches it (one line, exit 2)."""

from __future__ import annotations


class BnnVerifyError(Exception):
    """Base of every error bnnverify raises on purpose."""


class DescriptionError(BnnVerifyError):
    """A model file or model description is malformed (names the array, expected, found)."""


class DataError(BnnVerifyError):
    """A dataset or an input file is missing or malformed."""


class UsageError(BnnVerifyError):
    """An option is out of range or options contradict each other."""


class SolverError(BnnVerifyError):
    """A solver is unknown, missing, or cannot do what was asked."""


class ReplayError(BnnVerifyError):
    """A solver model did not replay on the engines: an encoding bug, never a result."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived (a BaseException, like KeyboardInterrupt: no error to report).

    `detail` says what was kept (e.g. how many queries finished); the CLI prints one line and
    exits 128 + signum (130 for SIGINT, 143 for SIGTERM).
    """

    def __init__(self, signum: int, detail: str = "") -> None:
        super().__init__(signum, detail)
        self.signum = signum
        self.detail = detail
