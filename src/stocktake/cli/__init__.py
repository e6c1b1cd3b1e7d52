"""``stocktake``: headless commands over the same core the desktop app uses.

Each sub-command lives in its own module under :mod:`stocktake.cli` exposing
``register(subparsers)``; the module list below is the one place they are wired.
Exit codes are shared by every command: 0 fine, 1 problems found (errors in the
workbook, an infeasible plan), 2 the file could not be read or written at all.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from stocktake import __version__

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

# Sub-command modules, in the order `stocktake --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "stocktake.cli.check",
    "stocktake.cli.init",
    "stocktake.cli.decide",
    "stocktake.cli.save_analysis",
    "stocktake.cli.pack",
    "stocktake.cli.score",
    "stocktake.cli.optimise",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stocktake",
        description="Stocktake: mission stock-take workbooks from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"stocktake {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_UNREADABLE
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("stocktake: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`stocktake score ... | head`): not an error
        # worth a traceback. Point stdout at devnull so the interpreter's flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    sys.exit(main())
