"""``stocktake``: headless commands over the same core the desktop app uses.

Each sub-command lives in its own module under :mod:`stocktake.cli` exposing
``register(subparsers)``; :func:`build_parser` is the one place they are wired.
Exit codes are shared by every command: 0 fine, 1 problems found (errors in the
workbook, an infeasible plan), 2 the file could not be read or written at all.
:func:`main` is every command's outer boundary (see :mod:`stocktake.cli.boundary`):
no traceback reaches a user unless ``--debug`` asks for it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from stocktake import __version__

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stocktake",
        description="Stocktake: mission stock-take workbooks from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"stocktake {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the full details (traceback) when something fails; also accepted "
        "after the command",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Imported here, once the exit codes they share exist, and by name rather than through
    # importlib so that a freezer (PyInstaller) sees every command. In `--help` order.
    from stocktake.cli import (
        basket,
        check,
        decide,
        explain,
        init,
        merge,
        metrics,
        optimise,
        pack,
        review_copy,
        save_analysis,
        score,
    )

    for command in (check, init, decide, save_analysis, pack, score, optimise, review_copy, merge):
        command.register(sub)
    for command in (metrics, basket, explain):
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from stocktake.cli import boundary

    boundary.plain_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, not only before the command.
    debug = "--debug" in arguments
    parser = build_parser()
    args = parser.parse_args([a for a in arguments if a != "--debug"])
    args.debug = debug
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_UNREADABLE
    bad = boundary.bad_text_argument(args)
    if bad:
        print(f"stocktake: {bad}", file=sys.stderr)
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
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the boundary: Rust panics are BaseExceptions too
        boundary.report_failure(args, exc, arguments)
        return EXIT_UNREADABLE


if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    sys.exit(main())
