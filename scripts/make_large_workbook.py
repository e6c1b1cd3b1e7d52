"""Write a large synthetic stock-take workbook for benchmarks.

    python scripts/make_large_workbook.py OUT.xlsx [--initiatives 10000]
        [--readings 200000] [--seed 1]

Same sheets and column headers as ``sample_workbooks/plan_for_change.xlsx``: the five
real missions and Plan for Change milestones, 40 synthetic metrics, 30 criteria, the
requested number of initiatives (scores on every criterion and five yearly costs) and
readings. Everything but the missions and milestones is synthetic and says so.

Written with XlsxWriter in ``constant_memory`` mode (row by row, flushed as it goes), so
memory stays flat and 10,000 initiatives with 200,000 readings take seconds. No Excel
tables are added: constant_memory mode cannot lay a table over rows already flushed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

import xlsxwriter

from make_samples import (
    COST_HEADERS,
    CREATED,
    CSF_FACTORS,
    DARK_BLUE,
    HEADERS,
    MILESTONES,
    MISSIONS,
    RUBRICS,
    SECTORS,
    SHEET_ORDER,
    YEARS,
)

N_METRICS = 40
CRITERIA_SPLIT = (("Milestone", 10), ("Ambition", 14), ("Deliverability", 6))
STAGES = ("Idea", "Test", "Learn", "Scale", "Business as usual", "Stopped")
DCAS = ("Green", "Amber/Green", "Amber", "Amber/Red", "Red")
EVIDENCE = ("Strong", "Moderate", "Weak", "None")
DEPARTMENTS = (
    "HM Treasury",
    "MHCLG",
    "DESNZ",
    "Home Office",
    "MoJ",
    "DfE",
    "DHSC",
    "NHS England",
    "DfT",
    "DBT",
    "DWP",
    "Cabinet Office",
)
WORDS = (
    "local",
    "regional",
    "digital",
    "community",
    "skills",
    "housing",
    "grid",
    "health",
    "policing",
    "early years",
    "prevention",
    "data",
    "workforce",
    "capital",
    "pilot",
)
KINDS = ("service", "programme", "fund", "partnership", "pathfinder", "platform", "review")


def build(path: Path, initiatives: int = 10_000, readings: int = 200_000, seed: int = 1) -> None:
    """Write the workbook to ``path``."""
    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": "Synthetic stock-take workbook (benchmark)",
            "author": "Stocktake large workbook generator",
            "created": CREATED,
            "comments": "Synthetic data for performance tests; not real plans",
        }
    )
    header_fmt = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": DARK_BLUE})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    datetime_fmt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheets = {name: wb.add_worksheet(name) for name in SHEET_ORDER}

    def header(name: str, headers: tuple[str, ...]) -> None:
        ws = sheets[name]
        ws.write_row(0, 0, headers, header_fmt)
        ws.freeze_panes(1, 0)
        ws.set_column(0, len(headers) - 1, 14)

    def row(name: str, r: int, values: list[Any]) -> None:
        ws = sheets[name]
        for c, v in enumerate(values):
            if v is None or v == "":
                continue
            if isinstance(v, dt.datetime):
                ws.write_datetime(r, c, v, datetime_fmt)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, v, date_fmt)
            elif isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write_number(r, c, v)

    cover = sheets["Cover"]
    cover.write_string(0, 0, "OFFICIAL")
    cover.write_string(2, 0, "Synthetic stock-take workbook for benchmarks")
    cover.write_string(
        3,
        0,
        f"{initiatives:,} initiatives, {readings:,} readings, seed {seed}. "
        "Illustrative data: only the missions and milestones are real.",
    )

    header("Missions", HEADERS["Missions"])
    for r, (mid, name, ambition, horizon, dept, sro, chair, _src) in enumerate(MISSIONS, 1):
        row("Missions", r, [mid, name, ambition, horizon, dept, sro, chair])
    mission_ids = [m[0] for m in MISSIONS]

    header("Milestones", HEADERS["Milestones"])
    for r, (msid, mid, name, metric, target, when) in enumerate(MILESTONES, 1):
        row("Milestones", r, [msid, mid, name, metric.replace("MT", "MT0"), target, when])
    milestone_ids = [m[0] for m in MILESTONES]

    header("Metrics", HEADERS["Metrics"])
    metric_ids = [f"MT{i:03d}" for i in range(1, N_METRICS + 1)]
    start = dt.date(2000, 1, 1)
    per_metric = -(-readings // N_METRICS)
    levels = {}
    for r, mt in enumerate(metric_ids, 1):
        base = round(rng.uniform(10, 90), 1)
        levels[mt] = base
        higher = rng.random() < 0.6
        row(
            "Metrics",
            r,
            [
                mt,
                mission_ids[(r - 1) % 5],
                f"Synthetic metric {r}",
                "%",
                "Higher is better" if higher else "Lower is better",
                base,
                start,
                round(base * (1.2 if higher else 0.8), 1),
                dt.date(2030, 3, 31),
                "Synthetic",
            ],
        )

    # The hot loop: direct calls, dates as precomputed serials, the optional Source left
    # blank (the Sources sheet says every reading is synthetic).
    header("Readings", HEADERS["Readings"])
    ws = sheets["Readings"]
    write_string, write_number, gauss = ws.write_string, ws.write_number, rng.gauss
    first_serial = (start - dt.date(1899, 12, 30)).days
    r = 0
    for mt in metric_ids:
        value = levels[mt]
        for day in range(min(per_metric, readings - r)):
            value = round(value + gauss(0, 0.3), 2)
            r += 1
            write_string(r, 0, mt)
            write_number(r, 1, first_serial + day, date_fmt)
            write_number(r, 2, value)
            write_string(r, 3, "Actual")

    header("Criteria", HEADERS["Criteria"])
    criteria_ids: list[str] = []
    r = 0
    for horizon, count in CRITERIA_SPLIT:
        for k in range(count):
            r += 1
            cid = f"C{r:02d}"
            criteria_ids.append(cid)
            ms = milestone_ids[k % len(milestone_ids)] if horizon == "Milestone" else ""
            row(
                "Criteria",
                r,
                [
                    cid,
                    f"Synthetic {horizon.lower()} criterion {k + 1}",
                    horizon,
                    ms,
                    rng.randint(10, 100),
                    "0-5",
                    "\n".join(RUBRICS[horizon]),
                ],
            )

    headers = (*HEADERS["Initiatives"], *criteria_ids)
    header("Initiatives", headers)
    width = max(3, len(str(initiatives)))
    ids = [f"I-{i:0{width}d}" for i in range(1, initiatives + 1)]
    totals = [0.0] * len(YEARS)
    sectors = tuple(SECTORS.values())
    extra = random.Random(seed + 1000)  # pots, places, stage dates: their own stream
    pot_spend: dict[tuple[str, str], float] = {}
    for i, iid in enumerate(ids):
        mid = mission_ids[i % 5]
        size = min(80.0, max(0.2, rng.lognormvariate(1.0, 1.0)))
        costs = [round(size * rng.uniform(0.7, 1.3), 1) for _ in YEARS]
        for y, cost in enumerate(costs):
            totals[y] += cost
        depends = ""
        if i > 10 and rng.random() < 0.01:
            depends = "; ".join(sorted({ids[rng.randrange(i)] for _ in range(rng.randint(1, 2))}))
        excludes = ""
        if i > 10 and not depends and rng.random() < 0.003:
            excludes = ids[i - 1]
        scores = [rng.randint(0, 5) for _ in criteria_ids]
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(KINDS)} {i + 1}"
        row(
            "Initiatives",
            i + 1,
            [
                iid,
                mid,
                name,
                rng.choice(DEPARTMENTS),
                "; ".join(rng.sample(DEPARTMENTS, 2)),
                rng.choice(sectors),
                rng.choice(STAGES),
                rng.choice(DCAS),
                rng.choice(EVIDENCE),
                *costs,
                rng.randint(1, 200),
                "OFFICIAL-SENSITIVE" if rng.random() < 0.1 else "OFFICIAL",
                depends,
                excludes,
                "Synthetic",
                *_programme_cells(extra, mid, costs, pot_spend),
                *_project_type_cells(i),
                *scores,
            ],
        )

    header("CSF", HEADERS["CSF"])
    r = 0
    for mid in mission_ids:
        for factor in CSF_FACTORS:
            r += 1
            row("CSF", r, [mid, factor, rng.randint(1, 5), "Synthetic", dt.date(2025, 12, 31)])

    header("Stakeholders", HEADERS["Stakeholders"])
    for r in range(1, 51):
        row(
            "Stakeholders",
            r,
            [
                f"Synthetic organisation {r}",
                rng.choice(sectors),
                mission_ids[r % 5],
                ids[rng.randrange(len(ids))] if ids else "",
                "Synthetic role",
                rng.choice(("inform", "consult", "involve", "collaborate", "empower")),
            ],
        )

    header("Decisions", HEADERS["Decisions"])
    if ids:
        row(
            "Decisions",
            1,
            [
                "D-0001",
                ids[0],
                "Continue",
                "Synthetic",
                "Benchmark",
                dt.date(2026, 3, 31),
                "Synthetic stock-take",
                dt.datetime(2025, 10, 1, 10, 0),
                "Benchmark",
                0.5,
                "",
            ],
        )

    _write_programme(header, row, ids, pot_spend, extra)

    header("Sources", HEADERS["Sources"])
    row(
        "Sources",
        1,
        [
            "S001",
            "Cross-cutting",
            "All metrics and readings",
            "synthetic",
            "",
            "",
            "Generated by scripts/make_large_workbook.py",
            "",
            "Synthetic data (readings carry no Source of their own); only the "
            "mission and milestone wording is real",
        ],
    )

    header("Stocktake settings", HEADERS["Stocktake settings"])
    row("Stocktake settings", 1, ["balance", 0.5])
    for r, (year, total) in enumerate(zip(YEARS, totals, strict=True), 2):
        row("Stocktake settings", r, [f"budget:{year}", float(round(total * 0.6))])
    row("Stocktake settings", len(YEARS) + 2, ["classification", "OFFICIAL"])
    assert len(COST_HEADERS) == len(YEARS)

    # Lines of sight: about half the initiatives move one metric of their mission (their
    # own random stream, so everything above is as it was before this sheet existed).
    header("Contributions", HEADERS["Contributions"])
    sight = random.Random(seed + 7)
    r = 0
    for i, iid in enumerate(ids):
        if sight.random() < 0.5:
            r += 1
            metric = metric_ids[(i % 5) + 5 * sight.randrange(len(metric_ids) // 5)]
            change = round(sight.uniform(-0.5, 1.5), 2)
            row("Contributions", r, [iid, metric, change, dt.date(2028, 3, 31), "Medium"])
    wb.close()


PLACES = ("England", "Scotland", "Wales", "Northern Ireland", "North East", "London", "South West")


def _programme_cells(
    rng: random.Random, mission: str, costs: list[float], spend: dict[tuple[str, str], float]
) -> list[Any]:
    """Funding pot, place and stage-since cells of one synthetic initiative."""
    pot = f"POT-{mission}"
    split = {pot: 0.7, "POOL": 0.3} if rng.random() < 0.3 else {pot: 1.0}
    for year, cost in zip(YEARS, costs, strict=True):
        for p, share in split.items():
            spend[p, year] = spend.get((p, year), 0.0) + cost * share
    cell = pot if len(split) == 1 else f"{pot} 70%; POOL 30%"
    since = dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(10, 900))
    return [cell, rng.choice(PLACES), since]


def _project_type_cells(i: int) -> list[Any]:
    """Project type and own optimism bias: every fourth initiative has a Green Book
    category (cycling through them, no random draw, so the other columns are as before);
    none carries its own uplift, so the Green Book's upper bounds apply at scale."""
    kinds = ("Standard buildings", "Equipment/development", "Outsourcing", "Standard civils")
    return [kinds[(i // 4) % len(kinds)] if i % 4 == 0 else "", ""]


def _write_programme(
    header: Any, row: Any, ids: list[str], spend: dict[tuple[str, str], float], rng: random.Random
) -> None:
    """Funding pots at 70% of what their initiatives cost; a plan for every fifth one."""
    header("Funding", HEADERS["Funding"])
    r = 0
    for pot in sorted({p for p, _y in spend}):
        for year in YEARS:
            r += 1
            pooled = "Pooled" if pot == "POOL" else "Ring-fenced"
            envelope = float(round(spend.get((pot, year), 0.0) * 0.7, 1))
            row(
                "Funding",
                r,
                [
                    pot,
                    f"Synthetic pot {pot}",
                    "HM Treasury",
                    "Resource",
                    year,
                    envelope,
                    pooled,
                    0.1,
                ],
            )
    header("Evaluations", HEADERS["Evaluations"])
    for r, iid in enumerate(ids[::5], 1):
        when = dt.date(2025, 6, 30) + dt.timedelta(days=rng.randint(0, 700))
        row("Evaluations", r, [iid, "Synthetic question", "Synthetic measure", "+5%", when, "", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the .xlsx file to write")
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--readings", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.initiatives < 0 or args.readings < 0:
        parser.error("counts must not be negative")
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build(args.out, args.initiatives, args.readings, args.seed)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
