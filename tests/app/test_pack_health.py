"""The board pack's mission-health sections on a hand-worked workbook: the rows the
pack prints, the sentences it says (gaps, plans past their date), what a public pack
leaves out, and the HTML's structure (headings, header cells, alt text). No PDF here:
the printed pack is checked in tests/reports/pack/test_pack_health_pdf.py."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

from stocktake.app.csf import factor_statuses
from stocktake.app.pack_health import pack_health
from stocktake.engine.problem import PortfolioProblem
from stocktake.model import (
    Classification,
    Criterion,
    CSFScore,
    Evaluation,
    Horizon,
    Initiative,
    Milestone,
    Mission,
    Stage,
    Stakeholder,
    Workbook,
)
from stocktake.reports.pack.health import PUBLIC_EVIDENCE
from stocktake.reports.pack.health_html import health_sections
from stocktake.reports.pack.withhold import public_copy

TODAY = dt.date(2026, 1, 31)


def _wb() -> Workbook:
    wb = Workbook()
    wb.missions = {"M1": Mission("M1", "Growth"), "M2": Mission("M2", "NHS")}
    wb.criteria = {"C1": Criterion("C1", "Waits", Horizon.MILESTONE, 50, milestone_id="MS2")}
    wb.milestones = {
        "MS1": Milestone("MS1", "M1", "1.5 million homes"),
        "MS2": Milestone("MS2", "M2", "92% within 18 weeks"),
    }
    wb.initiatives = {
        "I-1": Initiative(
            "I-1",
            "M1",
            "Homes",
            stage=Stage.TEST,
            places=("England",),
            stage_since=dt.date(2025, 10, 31),
            costs={"2025-26": 10.0},
        ),
        "I-2": Initiative(
            "I-2",
            "M1",
            "Skills",
            stage=Stage.TEST,
            places=("England", "Wales"),
            stage_since=dt.date(2026, 1, 1),
            costs={"2025-26": 4.0, "2026-27": 2.0},
        ),
        "I-3": Initiative(
            "I-3",
            "M2",
            "Secret clinics",
            stage=Stage.LEARN,
            places=("Wales",),
            costs={"2025-26": 3.0},
            scores={"C1": 3.0},
            classification=Classification.OFFICIAL_SENSITIVE,
        ),
    }
    wb.stakeholders = [
        Stakeholder("Local Government Association", "local government", "M1", "", "Advises"),
        Stakeholder("Leeds Teaching Hospitals NHS Trust", "NHS", "", "I-3", "Runs the clinics"),
    ]
    wb.evaluations = [
        Evaluation("I-1", "Do grants speed starts?", "starts", "+10%", dt.date(2026, 1, 1)),
        Evaluation("I-2", "Does it work?", "jobs", "500", dt.date(2026, 3, 2)),
        Evaluation("I-3", "Do clinics cut waits?", "waits", "-5%", dt.date(2025, 6, 1)),
    ]
    wb.csf_scores = [
        CSFScore("M1", "Teams", 2, "no owner yet", 2, dt.date(2025, 3, 31)),
        CSFScore("M1", "Teams", 4, "owners named for each milestone", 3, dt.date(2025, 12, 31)),
        CSFScore("M1", "Funding", 3, "one-year settlement", 4, dt.date(2025, 3, 31)),
        CSFScore("M1", "Funding", 2, "cut in-year", 5, dt.date(2025, 12, 31)),
        CSFScore("M2", "Data", 3, "basket agreed", 6, dt.date(2025, 3, 31)),
        CSFScore("M2", "Data", 3, "basket in use", 7, dt.date(2025, 12, 31)),
    ]
    return wb


def test_rows_say_rating_trend_gaps_overdue_plans_and_cost_by_place() -> None:
    h = pack_health(_wb(), TODAY, public=False)
    factors = {(f.mission, f.factor): f for f in h.factors}
    teams = factors["M1 Growth", "Teams and accountabilities"]
    assert (teams.rating, teams.trend, teams.assessed, teams.evidence) == (
        "4 Established",
        "improving: up 2 from 2",
        "31/12/2025",
        "owners named for each milestone",
    )
    assert factors["M1 Growth", "Long-term flexible funding"].trend == "worse: down 1 from 3"
    assert factors["M2 NHS", "Data and insight with a small basket"].trend == "steady"
    assert factors["M2 NHS", "Teams and accountabilities"].rating == "not assessed"
    # the window's rows, word for word: one rule for both
    window = {(f.mission_id, f.factor): (f.rating, f.trend) for f in factor_statuses(_wb())}
    assert {(k[0].split()[0], k[1]): (f.rating, f.trend) for k, f in factors.items()} == window
    # MS1: the LGA only advises and no initiative is scored against MS1: a gap, in words
    assert h.gaps == [
        "No delivery partner named for milestone MS1 (1.5 million homes) of M1 Growth."
    ]
    assert [p.initiative_id for p in h.overdue] == ["I-1", "I-3"]  # I-2 is due in 30 days
    places = {p.place: p for p in h.places}
    assert (places["England"].initiatives, places["England"].cost) == (2, 16.0)
    assert (places["Wales"].initiatives, places["Wales"].cost) == (2, 9.0)
    sectors = {(s.mission, s.sector): s.organisations for s in h.sectors}
    assert sectors["M1 Growth", "Local government"] == ("Local Government Association",)
    assert sectors["M2 NHS", "NHS"] == ("Leeds Teaching Hospitals NHS Trust",)


def _text(html: str) -> str:
    """The words of the HTML, as a reader hears them."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class _Structure(HTMLParser):
    """Headings, header cells and images (with their alt text) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_sections_are_headed_tables_with_header_cells_and_flags_in_sentences() -> None:
    html = health_sections(pack_health(_wb(), TODAY, public=False))
    parsed = _Structure()
    parsed.feed(html)
    heads = [t for t, _a in parsed.tags if t == "h2"]
    assert len(heads) == 4
    titles = re.findall(r"<h2>(.*?)</h2>", html)
    assert titles == ["Critical success factors", "Contribution map", "Test and learn", "Place"]
    assert sum(1 for t, a in parsed.tags if t == "th" and a.get("scope") == "col") >= 20
    images = [a for t, a in parsed.tags if t == "img"]
    assert len(images) == 2
    # the LGA (local government) for M1, the Leeds trust (NHS) for M2: one each, ties by name
    assert images[0]["alt"] == (
        "Organisations contributing to each mission, by sector: 2 missions; the most "
        "organisations for M1 Growth (1 across 1 sector), the fewest for M2 NHS (1). Across "
        "missions the sector named most often is Local government (1). An organisation "
        "contributing to several missions counts in each."
    )
    assert images[1]["alt"] == (
        "Cost by place, all years: 2 places; the most in England (£16.0m over 2 "
        "initiatives), the least in Wales (£9.0m over 2). An initiative in several places "
        "counts in each (4 place entries in all)."
    )
    text = _text(html)
    assert "1 milestone has no delivery partner named." in text
    assert "No delivery partner named for milestone MS1 (1.5 million homes) of M1 Growth." in text
    assert "2 initiatives are past the decision dates of their evaluation plans" in text
    assert "overdue: decision date passed 30 days ago" in text
    assert "owners named for each milestone" in text  # evidence, in the full pack


def test_public_sections_leave_out_evidence_and_every_withheld_record() -> None:
    wb, _problem, withheld = public_copy(_wb(), PortfolioProblem())
    kinds = {(w.kind, w.ident) for w in withheld}
    assert {
        ("initiative", "I-3"),
        ("evaluation", "I-3"),
        ("stakeholder", "Leeds Teaching Hospitals NHS Trust"),
    } <= kinds
    h = pack_health(wb, TODAY, public=True)
    assert all(f.evidence == "" for f in h.factors)
    html = health_sections(h)
    text = _text(html)
    for secret in ("I-3", "Secret clinics", "Leeds Teaching", "Do clinics cut waits?"):
        assert secret not in text
    assert "owners named for each milestone" not in text
    assert PUBLIC_EVIDENCE in text
    # counted over the published items only: Wales has I-2 alone now
    assert {p.place: p.cost for p in h.places}["Wales"] == 6.0
    assert [p.initiative_id for p in h.overdue] == ["I-1"]
    # and the full version does show what the public one leaves out (the check can fail)
    full = health_sections(pack_health(_wb(), TODAY, public=False))
    assert "Secret clinics" in full and "owners named for each milestone" in full


def test_a_stakeholder_whose_words_name_a_withheld_item_is_withheld_too() -> None:
    wb = _wb()
    wb.stakeholders.append(
        Stakeholder("Healthwatch", "third sector", "M2", "", "Watches the Secret clinics")
    )
    public, _p, withheld = public_copy(wb, PortfolioProblem())
    assert "Healthwatch" not in {s.organisation for s in public.stakeholders}
    assert ("stakeholder", "Healthwatch") in {(w.kind, w.ident) for w in withheld}
