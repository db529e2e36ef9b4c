"""The command line (DESIGN.md section 6): argparse sub-commands, one module per command.

Each command module has add_parser(commands) and run(args) -> int, converts options into
library values, calls the library and prints; it imports cli.common and no other command
module. This package holds the command table, the top-level options and the error handling:
an error is one line on stderr and exit status 2 (no traceback unless -v), SIGINT / SIGTERM
stop the run with 130 / 143. Exit codes are defined in cli/common.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence
from types import ModuleType

from bnnverify.cli import certify, check, export, import_model, info, train, transform, vnncomp
from bnnverify.cli import eval as evaluate
from bnnverify.cli import universal
from bnnverify.cli import radius
from bnnverify.cli import count
from bnnverify.cli import minimal
from bnnverify.cli.common import EPILOG, default_model_path
from bnnverify.status import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, signal_exit_status
from bnnverify.errors import BnnVerifyError, Interrupted

__all__ = ["COMMANDS", "build_parser", "default_model_path", "main"]

# name -> the module that adds its parser and runs it (in the order --help lists them)
COMMANDS: dict[str, ModuleType] = {
    "train": train, "info": info, "eval": evaluate, "transform": transform, "check": check,
    "radius": radius,
    "export": export, "certify": certify, "vnncomp": vnncomp, "import": import_model,
    "universal": universal,
    "count": count,
    "minimal": minimal,
}  # fmt: skip


def tool_version() -> str:
    """The installed version (importlib.metadata), or a marker when run from a source tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bnnverify")
    except PackageNotFoundError:
        return "0.0.0+source"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bnnverify",
        description="Train, run and formally verify binarized neural networks.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"bnnverify {tool_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS.values():
        module.add_parser(commands)
    return parser


def silence_stdout() -> None:
    """Point stdout at devnull, so that the final flush of a closed pipe raises nothing (the
    recipe of Python's signal module documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (tests capture it): nothing to silence
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(argv) if argv is not None else None
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="bnnverify: %(levelname)s: %(message)s",
    )
    status = EXIT_OK  # what a closed stdout (e.g. `| head -1`) exits with when run gave none
    from bnnverify.runner import raise_on_signals

    try:
        with raise_on_signals():  # SIGINT / SIGTERM raise Interrupted (then are ignored)
            status = int(COMMANDS[args.command].run(args))
        sys.stdout.flush()  # a closed pipe raises here, not at interpreter exit
        return status
    except Interrupted as stop:  # the command has stopped its workers and kept its rows
        name = signal.Signals(stop.signum).name
        print(
            f"bnnverify: interrupted ({name})" + (f": {stop.detail}" if stop.detail else ""),
            file=sys.stderr,
        )
        return signal_exit_status(stop.signum)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        silence_stdout()
        return status
    except BnnVerifyError as error:
        print(f"bnnverify: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("bnnverify: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: still one line, the traceback only with -v
        if args.verbose:
            logging.exception("internal error")
        print(
            f"bnnverify: internal error: {type(error).__name__}: {error} "
            "(run with -v for the traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR
