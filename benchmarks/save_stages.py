"""CPU seconds of each stage of one ``stocktake save-analysis FILE``, in this process.

    PYTHONPATH=TREE/src python benchmarks/save_stages.py FILE

Run by ``bench_analysis.py --save-stages`` once per source tree (this one, and the
``--before`` tree), so a before/after pair of stage tables meets the same machine load.
Each stage is a function of the save wrapped to add up ``time.process_time()`` (every
thread's CPU, so HiGHS and the frontier's worker threads count) while it runs; nested
stages are shown indented and are part of their parent's figure. A stage whose function
a tree lacks is left out. Prints one JSON object: ``{"total": s, "stages": [[name, s,
calls], ...]}``; "imports and the rest" is the total less the top-level stages.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.process_time()

# (label, module, attribute, depth): depth 0 stages add up to the save, less imports
STAGES = (
    ("read the workbook", "stocktake.app.document", "Document.open", 0),
    ("safety inspection", "stocktake.excel.safety", "inspect_package", 1),
    ("calamine sheet reads", "stocktake.excel.sheets", "sheet_rows", 1),
    ("records from rows", "stocktake.excel.rows", "read_records", 1),
    ("work out the analysis", "stocktake.reports.analysis", "analysis_plan", 0),
    ("portfolio model", "stocktake.engine.milp", "build_model", 1),
    ("portfolio solve", "stocktake.engine.frontier_solve", "solve_one", 1),
    ("binding proof", "stocktake.engine.binding", "binding_constraints", 1),
    ("efficient frontier", "stocktake.engine.frontier", "efficient_frontier", 1),
    ("robustness draws", "stocktake.reports.analysis_extras", "top_set_shares", 1),
    ("metric trajectories", "stocktake.reports.analysis", "_metric_blocks", 1),
    ("since-last-time snapshot", "stocktake.app.since_last", "snapshot_sheet", 0),
    ("write the workbook", "stocktake.excel.writer.save", "save", 0),
    ("charts drawing", "stocktake.excel.writer.charts", "build_drawing", 1),
    ("sheets rendered", "stocktake.excel.writer.sheet_xml", "render_sheet", 1),
    ("zip written", "stocktake.excel.writer.atomic", "write_atomically", 1),
)

spent: dict[str, list[float]] = {}


def _timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    busy = [False]  # a recursive call is counted once, in the outer call

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        if busy[0]:
            return fn(*args, **kwargs)
        busy[0] = True
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            busy[0] = False
            entry = spent.setdefault(label, [0.0, 0])
            entry[0] += time.process_time() - start
            entry[1] += 1

    return run


def _wrap(label: str, module: str, attr: str) -> None:
    """Replace the function wherever it is bound (the module defining it and every
    module that imported it by name)."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return
    if "." in attr:
        owner_name, method = attr.split(".")
        owner = getattr(mod, owner_name, None)
        raw = None if owner is None else owner.__dict__.get(method)
        if isinstance(raw, classmethod):
            setattr(owner, method, classmethod(_timed(label, raw.__func__)))
        elif raw is not None:
            setattr(owner, method, _timed(label, raw))
        return
    original = getattr(mod, attr, None)
    if original is None:
        return
    wrapped = _timed(label, original)
    for other in list(sys.modules.values()):
        names = getattr(other, "__dict__", None)
        if not isinstance(names, dict) or other is sys.modules[__name__]:
            continue
        for key, value in list(names.items()):
            if value is original:
                names[key] = wrapped


def main() -> None:
    from stocktake import cli

    for label, module, attr, _ in STAGES:
        _wrap(label, module, attr)
    cli.main(["save-analysis", sys.argv[1]])
    total = time.process_time() - START
    top = sum(spent[label][0] for label, _, _, depth in STAGES if depth == 0 and label in spent)
    rows = [
        [("  " * depth) + label, round(spent[label][0], 3), spent[label][1]]
        for label, _, _, depth in STAGES
        if label in spent
    ]
    rows.append(["imports and the rest", round(total - top, 3), 1])
    print(json.dumps({"total": round(total, 3), "stages": rows}))


if __name__ == "__main__":
    main()
