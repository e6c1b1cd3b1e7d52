"""Long fuzz run: hostile workbooks through check, init, decide and save-analysis.

    python scripts/fuzz.py [--mutants 5000] [--workers 2] [--seed 1] [--timeout 20]

Mutants come from ``tests/fuzz/mutations.py`` (zip structure and part contents),
seeded from ``sample_workbooks/`` and the corpus beside the repository. Each mutant
runs through the four commands *in-process* inside long-lived worker processes (one
interpreter per worker, not per mutant), each worker limited to ~1 GB of address
space (RLIMIT_AS); a mutant whose four commands take longer than the timeout counts
as a hang and its worker is killed and replaced. Prints counts per outcome:
ok / problems / refused (a plain message, exit 2) / traceback (an unexpected error
reached the boundary, or escaped it) / abort (the worker died) / hang / memory, and
checks that a file a command refused is byte-identical afterwards. Exit status 1 if
any traceback, abort, hang, memory blow-up or changed refused file was seen; the
failing mutants are kept in ``benchmarks/out/fuzz/`` for a test case.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.fuzz.mutations import mutate, seed_files  # noqa: E402

MEMORY_LIMIT = 1 << 30
BAD = ("traceback", "abort", "hang", "memory", "changed")
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check",),
    ("init",),
    (
        "decide",
        "--initiative",
        "I-001",
        "--decision",
        "Continue",
        "--rationale",
        "fuzz",
        "--by",
        "fuzz",
    ),
    ("save-analysis",),
)


def run_one(command: tuple[str, ...], data: bytes) -> str:
    """Run one command on a fresh copy of ``data``; its outcome name."""
    from stocktake.cli import main
    from stocktake.cli.boundary import UNEXPECTED

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.xlsx"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([command[0], str(path), *command[1:]])
        except MemoryError:
            return "memory"
        except BaseException:  # escaped the boundary: the worst case
            return "traceback"
        text = out.getvalue() + err.getvalue()
        # a fault in Stocktake, however it was put into words: the CLI boundary's message,
        # or the application layer's (errors.unexpected), or a raw traceback
        if (
            UNEXPECTED in text
            or "a fault in Stocktake" in text
            or "Traceback (most recent call last)" in text
        ):
            return "memory" if "MemoryError" in text else "traceback"
        if "not enough memory" in text:
            return "memory"
        if code == 2:
            if path.read_bytes() != data:
                return "changed"
            return "refused"
        return "ok" if code == 0 else "problems"


def worker(conn: Connection) -> None:
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    os.environ["STOCKTAKE_DATA_DIR"] = tempfile.mkdtemp(prefix="stocktake-fuzz-")
    while True:
        data = conn.recv()
        if data is None:
            return
        outcomes = [run_one(command, data) for command in COMMANDS]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send((outcomes, rss))


class Worker:
    def __init__(self, ctx: mp.context.BaseContext) -> None:
        self.ctx = ctx
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker, args=(child,), daemon=True)
        self.proc.start()

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    seeds = [p.read_bytes() for p in seed_files()]
    rng = random.Random(args.seed)
    keep = ROOT / "benchmarks" / "out" / "fuzz"
    ctx = mp.get_context("forkserver" if sys.platform != "win32" else "spawn")
    workers = [Worker(ctx) for _ in range(args.workers)]
    busy: dict[int, tuple[float, int, bytes]] = {}
    counts: Counter[str] = Counter()
    by_command: dict[str, Counter[str]] = {c[0]: Counter() for c in COMMANDS}
    peak_kb = 0
    started = time.perf_counter()
    next_id = 0
    done = 0
    while done < args.mutants:
        for w_index, w in enumerate(workers):
            if w_index not in busy and next_id < args.mutants:
                seed = rng.choice(seeds)
                ops = [rng.randrange(64) for _ in range(rng.randint(1, 3))]
                data = mutate(seed, ops, random.Random(rng.random()))
                w.conn.send(data)
                busy[w_index] = (time.perf_counter(), next_id, data)
                next_id += 1
        for w_index, (since, ident, data) in list(busy.items()):
            w = workers[w_index]
            failed = None
            if w.conn.poll(0.01):
                try:
                    outcomes, rss = w.conn.recv()
                except (EOFError, OSError):
                    failed = "abort"
                else:
                    peak_kb = max(peak_kb, rss)
                    for command, outcome in zip(COMMANDS, outcomes, strict=True):
                        counts[outcome] += 1
                        by_command[command[0]][outcome] += 1
                    if any(o in BAD for o in outcomes):
                        keep.mkdir(parents=True, exist_ok=True)
                        (keep / f"mutant-{args.seed}-{ident}.xlsx").write_bytes(data)
            elif not w.proc.is_alive():
                failed = "abort"
            elif time.perf_counter() - since > args.timeout * len(COMMANDS):
                failed = "hang"
            else:
                continue
            if failed is not None:
                counts[failed] += 1
                for command in COMMANDS:
                    by_command[command[0]][failed] += 1
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"mutant-{args.seed}-{ident}-{failed}.xlsx").write_bytes(data)
                w.proc.kill()
                w.proc.join(5)
                workers[w_index] = Worker(ctx)
            busy.pop(w_index)
            done += 1
            if done % 250 == 0:
                print(f"{done} mutants, {time.perf_counter() - started:.0f} s", flush=True)
    for w in workers:
        w.stop()
    elapsed = time.perf_counter() - started
    print(f"{args.mutants} mutants x {len(COMMANDS)} commands in {elapsed:.0f} s")
    for command, c in by_command.items():
        print(f"  {command:<14} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    names = ("ok", "problems", "refused", "traceback", "abort", "hang", "memory", "changed")
    print("totals: " + ", ".join(f"{k} {counts.get(k, 0)}" for k in names))
    print(f"peak worker RSS: {peak_kb / 1024:.0f} MB (limit {MEMORY_LIMIT >> 20} MB address space)")
    return 1 if any(counts.get(k) for k in BAD) else 0


if __name__ == "__main__":
    sys.exit(main())
