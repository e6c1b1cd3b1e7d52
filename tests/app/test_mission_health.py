"""CSF trends, the contribution map's gaps, the test-and-learn pipeline, place, and spend
by pot: each rule against a hand-worked case."""

from __future__ import annotations

import datetime as dt

import pytest

from stocktake.app.contribution_map import contributors, milestone_partners, sector_of
from stocktake.app.csf import factor_statuses, rating_words
from stocktake.app.place import NOT_STATED, all_places, breakdown
from stocktake.app.test_and_learn import is_overdue, pipeline, plans
from stocktake.model import (
    Criterion,
    CSFScore,
    Evaluation,
    FundingPot,
    Horizon,
    Initiative,
    Milestone,
    Mission,
    Stage,
    Stakeholder,
    Workbook,
)
from stocktake.reports.pot_spend import spend_by_pot

TODAY = dt.date(2026, 1, 31)


def _wb() -> Workbook:
    wb = Workbook()
    wb.missions = {"M1": Mission("M1", "Growth"), "M2": Mission("M2", "NHS")}
    wb.initiatives = {
        "I-1": Initiative(
            "I-1",
            "M1",
            "Homes",
            stage=Stage.TEST,
            places=("England",),
            stage_since=dt.date(2025, 10, 31),
            costs={"2025-26": 10.0},
            funding={"CAP": 0.5, "RES": 0.5},
            partners=("Homes England",),
        ),
        "I-2": Initiative(
            "I-2",
            "M1",
            "Skills",
            stage=Stage.TEST,
            places=("England", "Wales"),
            stage_since=dt.date(2026, 1, 1),
            costs={"2025-26": 4.0, "2026-27": 2.0},
            funding={"CAP": 1.0},
        ),
        "I-3": Initiative(
            "I-3", "M2", "Clinics", stage=Stage.SCALE, costs={"2025-26": 3.0}, scores={"C1": 3.0}
        ),
        "I-4": Initiative("I-4", "M2", "Beds", stage=Stage.LEARN),
    }
    return wb


def test_csf_latest_by_date_with_trend_in_words() -> None:
    wb = _wb()
    wb.csf_scores = [
        CSFScore(
            "M1",
            "Multidisciplinary teams with the right accountabilities",
            4,
            "new",
            3,
            dt.date(2025, 12, 31),
        ),
        CSFScore("M1", "Teams", 2, "old", 2, dt.date(2025, 3, 31)),
        CSFScore("M1", "Data and insight", 3, "same", 4),
        CSFScore("M1", "Data and insight with a small basket of metrics", 3, "same again", 5),
        CSFScore("M1", "Funding settlement", 3, "dated", 6, dt.date(2025, 6, 30)),
        CSFScore("M1", "Long-term funding", 2, "undated comes after dated", 7),
    ]
    rows = {(r.mission_id, r.factor): r for r in factor_statuses(wb)}
    assert len(rows) == 10  # five factors for each of two missions
    teams = rows["M1", "Teams and accountabilities"]
    assert (teams.rating, teams.trend, teams.evidence, teams.date) == (
        "4 Established",
        "improving: up 2 from 2",
        "new",
        "31/12/2025",
    )
    assert rows["M1", "Data and insight with a small basket"].trend == "steady"
    assert rows["M1", "Long-term flexible funding"].trend == "worse: down 1 from 3"
    assert rows["M2", "Teams and accountabilities"].rating == "not assessed"
    assert rows["M1", "Psychological safety and collective ownership"].trend == "not assessed"
    assert rating_words(2.5) == "2.5 (between Emerging and Developing)"


def test_test_and_learn_pipeline_counts_time_in_stage_and_overdue_plans() -> None:
    wb = _wb()
    wb.evaluations = [
        Evaluation("I-1", "Do grants speed starts?", "starts", "+10%", dt.date(2026, 1, 1)),
        Evaluation("I-2", "Does it work?", "jobs", "500", dt.date(2026, 3, 2)),
        Evaluation("I-3", "Scale?", "waits", "-5%", dt.date(2025, 1, 1), "worked", "Scale"),
    ]
    counts = {c.stage: c for c in pipeline(wb, TODAY)}
    assert counts["Test"].count == 2
    assert counts["Test"].median_days == (92 + 30) / 2
    assert counts["Test"].longest_days == 92
    assert counts["Scale"].time_in_stage == "no stage dates"
    assert counts["Idea"].count == 0
    status = {p.initiative_id: p.status for p in plans(wb, TODAY)}
    assert status == {
        "I-1": "overdue: decision date passed 30 days ago",
        "I-2": "due in 30 days",
        "I-3": "decided: Scale",
        "I-4": "no evaluation plan",
    }
    assert [p.initiative_id for p in plans(wb, TODAY) if is_overdue(p)] == ["I-1"]
    # the same plans a month earlier: nothing overdue
    assert not any(is_overdue(p) for p in plans(wb, dt.date(2025, 12, 31)))


def test_contribution_map_names_sectors_and_milestone_gaps() -> None:
    wb = _wb()
    wb.criteria = {"C1": Criterion("C1", "Waits", Horizon.MILESTONE, 50, milestone_id="MS2")}
    wb.milestones = {
        "MS1": Milestone("MS1", "M1", "1.5 million homes"),
        "MS2": Milestone("MS2", "M2", "92% within 18 weeks"),
        "MS3": Milestone("MS3", "M2", "Another"),
    }
    wb.stakeholders = [
        Stakeholder(
            "Local Government Association",
            "local government",
            "M1",
            "",
            "Voice of councils",
            "involve",
        ),
        Stakeholder(
            "Leeds Teaching Hospitals NHS Trust",
            "NHS",
            "",
            "I-3",
            "Runs the clinics",
            "collaborate",
        ),
    ]
    people = {c.organisation: c for c in contributors(wb)}
    assert people["Local Government Association"].sector == "Local government"
    assert people["Leeds Teaching Hospitals NHS Trust"].role_in("M2").startswith("Runs the clinics")
    assert people["Homes England"].delivers_in("M1")
    gaps = {p.milestone_id: p for p in milestone_partners(wb)}
    assert gaps["MS2"].partners == ("Leeds Teaching Hospitals NHS Trust",)
    assert gaps["MS3"].status == "gap: no delivery partner named"
    # MS1: the LGA is only involved (not delivering), and no initiative serves MS1
    assert gaps["MS1"].status == "gap: no delivery partner named"
    assert sector_of("VCSE") == "Third sector"
    # a Milestone criterion naming no milestone serves each mission's own milestones
    wb.criteria["C2"] = Criterion("C2", "Own milestone", Horizon.MILESTONE, 50)
    wb.initiatives["I-1"].scores["C2"] = 4.0
    gaps = {p.milestone_id: p for p in milestone_partners(wb)}
    assert gaps["MS1"].partners == ("Homes England",)
    assert gaps["MS2"].partners == ("Leeds Teaching Hospitals NHS Trust",)  # C1 names MS2


def test_place_breakdown_counts_each_place_and_keeps_the_unplaced() -> None:
    wb = _wb()
    assert all_places(wb) == ["England", "Wales", NOT_STATED]
    rows = {r.place: r for r in breakdown(wb)}
    assert (
        rows["England"].initiatives,
        rows["England"].cost,
        rows["England"].in_test_or_learn,
    ) == (2, 16.0, 2)
    assert (rows["Wales"].initiatives, rows[NOT_STATED].missions) == (1, 1)


def test_spend_by_pot_splits_costs_by_share_and_says_the_status() -> None:
    wb = _wb()
    wb.funding_pots = [
        FundingPot("CAP", "2025-26", 9.0, "Capital", pooled=False),
        FundingPot("RES", "2025-26", 5.0, "Resource", pooled=True),
    ]
    rows = {(r.pot_id, r.year): r for r in spend_by_pot(wb, ["I-1", "I-2"])}
    assert rows["CAP", "2025-26"].spend == pytest.approx(9.0)
    assert rows["CAP", "2025-26"].status == "at the envelope"
    assert rows["RES", "2025-26"].left == pytest.approx(0.0)
    assert rows["CAP", "2026-27"].envelope is None
    assert rows["CAP", "2026-27"].status == "no envelope"
    over = {(r.pot_id, r.year): r for r in spend_by_pot(wb, ["I-1", "I-2", "I-3"])}
    assert over["CAP", "2025-26"].status == "at the envelope"  # I-3 falls on no pot
    wb.funding_pots[0] = FundingPot("CAP", "2025-26", 8.0)
    assert spend_by_pot(wb, ["I-1", "I-2"])[0].status == (
        "over: uses money carried from the year before"
    )
    wb.funding_pots[1] = FundingPot("RES", "2025-26", 4.0, pooled=True)
    pooled = {r.pot_id: r for r in spend_by_pot(wb, ["I-1", "I-2"])}["RES"]
    assert pooled.status == "over its own envelope: met from the pool or carried money"


def test_a_partner_takes_its_own_sector_not_the_initiatives() -> None:
    """A combined authority partnering a central-government initiative is local
    government; a partner whose name says nothing is 'Not stated', not a guess."""
    wb = _wb()
    wb.initiatives["I-2"] = Initiative(
        "I-2",
        "M1",
        "Skills",
        lead_department="DfE",
        sector="Central government",
        partners=("West Midlands Combined Authority", "Early years providers", "DfE"),
    )
    people = {c.organisation: c for c in contributors(wb)}
    assert people["West Midlands Combined Authority"].sector == "Local government"
    assert people["Early years providers"].sector == "Not stated"
    assert people["DfE"].sector == "Central government"  # it leads I-2 as well
