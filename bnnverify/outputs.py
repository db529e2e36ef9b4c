"""Output paths and the results file (DESIGN.md section 6).

- Every output path is checked before any work starts (one UsageError line).
- A results file is written row by row (each flushed as its query finishes). A new run writes
  to a temporary file next to --out and renames it over --out when it ends or is interrupted;
  a run that fails removes it, so an existing --out is never truncated by a failed run.
- --resume appends to --out instead, after the rows already recorded there; a truncated last
  line (a run killed mid-write) is dropped with a warning and written again.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from bnnverify.errors import Interrupted, UsageError

logger = logging.getLogger(__name__)

# The row fields that name one query: same values in a recorded row = the same query (resume).
QUERY_KEY_FIELDS = (
    "property", "model_sha256", "other_sha256", "index", "eps", "l0", "label", "targets",
    "input_sha256", "solver", "encoding", "timeout_s", "use_bounds", "attack_seed", "proof_with",
)  # fmt: skip


def check_output_file(path: str | Path, option: str) -> None:
    """A file to be written: not a directory, in an existing writable directory."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{option} {target} is a directory; give a file name")
    parent = target.parent
    if not parent.exists():
        raise UsageError(f"{option} {target}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise UsageError(f"{option} {target}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {target}: the directory {parent} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(f"{option} {target} is not writable")


def check_output_dir(path: str | Path, option: str) -> None:
    """A directory to be written into (created when missing): no file on its path."""
    target = Path(path)
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file" if existing == target else f"cannot be created: {existing} is a file"
        raise UsageError(f"{option} {target} {what}, not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {target}: the directory {existing} is not writable")


def query_key(fields: Mapping[str, Any]) -> str:
    """The identity of a query (QUERY_KEY_FIELDS), compared as JSON text."""
    return json.dumps([fields.get(name) for name in QUERY_KEY_FIELDS], sort_keys=True)


def read_recorded(path: str | Path) -> tuple[list[dict[str, Any]], int]:
    """(the complete rows of a results file, the byte length they take). A last line without
    its newline (killed mid-write) is left out with a warning; any other bad line is an error."""
    target = Path(path)
    if not target.exists():
        return [], 0
    data = target.read_bytes()
    complete = data.rfind(b"\n") + 1
    if complete < len(data):
        logger.warning(
            "%s: the last line is incomplete (a run killed mid-write); dropping it, "
            "its query runs again",
            target,
        )
    rows = []
    for number, line in enumerate(data[:complete].splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            row = None
        if not isinstance(row, dict):
            raise UsageError(
                f"--resume: {target} line {number} is not a results row (JSON "
                "object); not a results file of bnnverify check"
            )
        rows.append(row)
    return rows, complete


class ResultsWriter:
    """One JSON object per line, flushed, so an interrupt loses no finished row.

    path None: write nothing. resume_at None: a new file, written to a temporary file that
    replaces `path` on success or interrupt; an int: append to `path` after its first resume_at
    bytes (the complete rows read_recorded returned)."""

    def __init__(self, path: str | Path | None, resume_at: int | None = None) -> None:
        self._stream: IO[str] | None = None
        self._path = None if path is None else Path(path)
        self._temporary: Path | None = None
        if self._path is None:
            return
        if resume_at is not None:
            if self._path.exists() and self._path.stat().st_size > resume_at:
                os.truncate(self._path, resume_at)
            self._stream = open(self._path, "a", encoding="utf-8")
        elif self._path.exists() and not stat.S_ISREG(self._path.stat().st_mode):
            self._stream = open(self._path, "w", encoding="utf-8")  # /dev/null, a fifo
        else:
            fd, name = tempfile.mkstemp(
                prefix=f".{self._path.name}.", suffix=".partial", dir=self._path.parent
            )
            os.chmod(name, 0o644)
            self._temporary = Path(name)
            self._stream = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, row: Mapping[str, Any]) -> None:
        if self._stream is not None:
            self._stream.write(json.dumps(row, sort_keys=True) + "\n")
            self._stream.flush()

    def close(self, keep: bool = True) -> None:
        """Finish the file: keep the rows (rename the temporary file over the path), or, when
        not keep, remove the temporary file and leave the path as it was."""
        if self._stream is None:
            return
        self._stream.close()
        self._stream = None
        if self._temporary is not None and self._path is not None:
            if keep:
                os.replace(self._temporary, self._path)
            else:
                self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        interrupted = exc_type is not None and issubclass(exc_type, Interrupted | KeyboardInterrupt)
        self.close(keep=exc_type is None or interrupted)
