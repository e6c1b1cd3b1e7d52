"""The printed pack's mission-health sections, read back from the PDF's text and
checked against figures worked out here from the workbook's own rows with pandas (an
independent computation, not the app's functions): each factor's latest rating and
trend, the pipeline counts and time in stage, the plans past their date, cost by place;
the sections' place in the reading order and the place chart's alt text; and what the
public pack leaves out."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pandas as pd
import pikepdf
import pytest

from stocktake.app.csf import factor_of
from stocktake.app.document import Document
from stocktake.reports.pack import PackFiles
from stocktake.reports.pack.health import PUBLIC_EVIDENCE
from tests.reports.pack.test_pack_pdf import struct_elements

pytestmark = pytest.mark.slow

WORDS = {1: "Not in place", 2: "Emerging", 3: "Developing", 4: "Established", 5: "Embedded"}


def reading_text(pdf: Path) -> str:
    """The PDF's words in the order they are drawn (pdftotext without layout), with
    runs of white space made one space, so a table reads cell after cell."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def pack_date(text: str) -> dt.date:
    """The pack's date, as its cover prints it (time in stage and overdue count from it)."""
    found = re.search(r"Date (\d{1,2} [A-Z][a-z]+ \d{4})", text)
    assert found, "the cover prints the pack's date"
    return dt.datetime.strptime(found.group(1), "%d %B %Y").date()


def titles(items: list[pikepdf.OutlineItem]) -> list[str]:
    """The bookmarks (one per heading), depth first: the sections in reading order."""
    return [t for item in items for t in (item.title, *titles(item.children))]


def between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i)]


def test_each_factors_latest_rating_and_trend_match_an_independent_reading(
    packs: dict,
) -> None:
    doc: Document = packs["doc"]
    wb = doc.workbook
    text = reading_text(packs["full"].pdf)
    frame = pd.DataFrame(
        [
            (s.mission_id, factor_of(s.factor), s.score, s.date, s.row, s.evidence)
            for s in wb.csf_scores
        ],
        columns=["mission", "factor", "score", "date", "row", "evidence"],
    )
    frame["undated"] = frame["date"].isna()
    frame = frame.sort_values(["undated", "date", "row"], na_position="last")
    checked = 0
    for (mid, factor), g in frame.groupby(["mission", "factor"]):
        latest = g.iloc[-1]
        if len(g) == 1:
            trend = "first assessment"
        else:
            step = latest["score"] - g.iloc[-2]["score"]
            prev = f"{g.iloc[-2]['score']:g}"
            trend = (
                "steady"
                if step == 0
                else f"improving: up {step:g} from {prev}"
                if step > 0
                else f"worse: down {-step:g} from {prev}"
            )
        rating = f"{latest['score']:g} {WORDS[int(latest['score'])]}"
        when = latest["date"].strftime("%d/%m/%Y")
        assert f"{mid} {wb.missions[mid].name}: the latest rating of each factor" in text
        row = f"{factor} {rating} {trend} {when} {latest['evidence']}"
        assert row in text, f"{mid} {factor}: {row!r} not printed"
        checked += 1
    assert checked == 25  # five factors for each of the sample's five missions
    assert {"improving", "steady", "worse"} <= set(
        re.findall(r"\b(improving|steady|worse)\b", text)
    )


def test_pipeline_overdue_plans_and_place_match_an_independent_count(packs: dict) -> None:
    doc: Document = packs["doc"]
    wb = doc.workbook
    text = reading_text(packs["full"].pdf)
    made = pack_date(text)
    inits = pd.DataFrame(
        [
            (
                i.id,
                i.mission_id,
                i.stage.value if i.stage else "No stage given",
                i.stage_since,
                i.total_cost,
                list(i.places) or ["Not stated"],
            )
            for i in wb.initiatives.values()
        ],
        columns=["id", "mission", "stage", "since", "cost", "places"],
    )
    learning = between(text, "Initiatives in each stage and time in stage", "Evaluation plans,")
    for stage, g in inits.groupby("stage"):
        days = g["since"].dropna().map(lambda d: (made - d).days)
        months = days.median() / 30.44
        said = f"{stage} {len(g)} median {months:.1f} months (longest {days.max()} days"
        assert said in learning, said
    plans = pd.DataFrame(
        [(e.initiative_id, e.decision_date, e.decision.strip()) for e in wb.evaluations],
        columns=["id", "due", "decision"],
    )
    late = plans[(plans["decision"] == "") & plans["due"].map(lambda d: d is not None and d < made)]
    assert len(late) > 0, "the sample has plans past their date"
    assert f"{len(late)} initiatives are past the decision dates of their evaluation plans" in text
    flagged = between(text, "Past their decision date", "Evaluation plans, their results")
    assert set(re.findall(r"\bI-\d{3}\b", flagged)) == set(late["id"])
    by_place = inits.explode("places").groupby("places")
    places = between(text, "Initiatives and cost by place", "Decision log")
    for place, g in by_place:
        in_learning = int(g["stage"].isin(["Test", "Learn"]).sum())
        row = f"{place} {len(g)} {g['mission'].nunique()} £{g['cost'].sum():,.1f}m {in_learning}"
        assert row in places, row
    top = by_place["cost"].sum().sort_values(ascending=False)
    with pikepdf.open(packs["full"].pdf) as pdf:
        alts = [str(e.get("/Alt")) for e in struct_elements(pdf) if str(e["/S"]) == "/Figure"]
        with pdf.open_outline() as tree:
            outline = titles(tree.root)
    place_alt = [a for a in alts if a.startswith("Cost by place")]
    assert len(place_alt) == 1
    assert f"the most in {top.index[0]} (£{top.iloc[0]:,.1f}m" in place_alt[0]
    # the four sections sit after the trajectories and before the decision log, in order
    at = {title: k for k, title in enumerate(outline)}
    order = ["Critical success factors", "Contribution map", "Test and learn", "Place"]
    assert [at[t] for t in order] == sorted(at[t] for t in order)
    assert at["Trajectories: metrics against their targets"] < at[order[0]]
    assert at[order[-1]] < at["Decision log"]


def test_contribution_map_names_every_stakeholder_and_lead_of_each_mission(packs: dict) -> None:
    wb = packs["doc"].workbook
    section = between(
        reading_text(packs["full"].pdf), "Contribution map Who contributes", "Test and learn"
    )
    named = {s.organisation for s in wb.stakeholders if s.mission_id} | {
        i.lead_department for i in wb.initiatives.values() if i.lead_department
    }
    missing = [o for o in named if o not in section]
    assert not missing, missing
    assert "Every milestone has at least one delivery partner named." in section


def test_public_pack_prints_ratings_without_evidence(packs: dict) -> None:
    wb = packs["doc"].workbook
    public = reading_text(packs["public"].pdf)
    full = reading_text(packs["full"].pdf)
    evidence = {s.evidence for s in wb.csf_scores if s.evidence}
    assert evidence and all(e in full for e in evidence)
    assert not [e for e in evidence if e in public]
    assert PUBLIC_EVIDENCE in public
    assert "Critical success factors" in public and "Established" in public
    shown = [i for i in wb.initiatives.values() if not i.is_sensitive]
    england = [i for i in shown if "England" in i.places]
    places = between(public, "Initiatives and cost by place", "Decision log")
    cost = sum(i.total_cost for i in england)
    assert f"England {len(england)} " in places and f"£{cost:,.1f}m" in places


def test_public_files_withhold_the_evaluation_plans_of_withheld_items(packs: dict) -> None:
    public: PackFiles = packs["public"]
    sensitive = {i.id for i in packs["doc"].workbook.initiatives.values() if i.is_sensitive}
    planned = {e.initiative_id for e in packs["doc"].workbook.evaluations} & sensitive
    assert planned, "the sample has evaluation plans for OFFICIAL-SENSITIVE items"
    import csv

    assert public.manifest is not None
    rows = list(csv.reader(public.manifest.read_text("utf-8").splitlines()))
    assert {r[1] for r in rows if r and r[0] == "evaluation"} == planned
