"""The pack's mission-health sections as HTML: critical success factors, the
contribution map, test and learn, and place (after the trajectories).

Each is a section with its heading, real tables with header cells and captions, and a
figure with alt text where a chart says more than the table (contribution map, place); flags are
sentences, never a colour. What a public pack leaves out is said where it would be.
"""

from __future__ import annotations

from stocktake.reports.pack import svg
from stocktake.reports.pack.contribution_chart import contribution_alt, contribution_svg
from stocktake.reports.pack.health import (
    PLAN_HEADERS,
    PUBLIC_COUNTS,
    PUBLIC_EVIDENCE,
    HealthPack,
    place_alt,
    places_by_cost,
)
from stocktake.reports.pack.html import _capped_table, _e, _figure, _table, money

NAMES_SHOWN = 20
"""The most organisations a contribution cell names in the PDF (the workbook has all)."""


def health_sections(h: HealthPack | None) -> str:
    """The four sections, or nothing when the pack was built without mission health."""
    if h is None:
        return ""
    return _factors(h) + _contributions(h) + _learning(h) + _places(h)


def _public_note(h: HealthPack, text: str) -> str:
    return f'<p class="withheld">{_e(text)}</p>' if h.public else ""


def _factors(h: HealthPack) -> str:
    missions = list(dict.fromkeys(f.mission for f in h.factors))
    tables = []
    for m in missions:
        rows = [f for f in h.factors if f.mission == m]
        if h.public:
            tables.append(
                _table(
                    f"{m}: the latest rating of each factor",
                    ("Factor", "Latest rating", "Trend", "Assessed"),
                    [(f.factor, f.rating, f.trend, f.assessed) for f in rows],
                    (40, 22, 25, 13),
                )
            )
        else:
            tables.append(
                _table(
                    f"{m}: the latest rating of each factor",
                    ("Factor", "Latest rating", "Trend", "Assessed", "Evidence"),
                    [(f.factor, f.rating, f.trend, f.assessed, f.evidence) for f in rows],
                    (23, 15, 17, 12, 33),
                )
            )
    body = "".join(tables) or "<p>The workbook has no missions or assessments.</p>"
    return (
        "<section><h2>Critical success factors</h2>"
        "<p>Each mission's own assessment of the five factors of mission-led government, "
        "rated 1 (not in place) to 5 (embedded). The latest assessment is the one with "
        "the latest date (rows without a date count after the dated ones, in sheet "
        "order); the trend compares it with the one before: improving, steady or worse, "
        "and by how much.</p>" + _public_note(h, PUBLIC_EVIDENCE) + body + "</section>"
    )


def _names(orgs: tuple[str, ...]) -> str:
    shown = "; ".join(orgs[:NAMES_SHOWN])
    more = len(orgs) - NAMES_SHOWN
    return f"{shown}; and {more} more (all in the pack's workbook)" if more > 0 else shown


def _contributions(h: HealthPack) -> str:
    gaps = h.gaps
    if gaps:
        n = len(gaps)
        said = (
            f"<p><strong>{n} milestone{'s have' if n != 1 else ' has'} no delivery partner "
            "named.</strong></p><ul>" + "".join(f"<li>{_e(g)}</li>" for g in gaps) + "</ul>"
        )
    elif h.milestones:
        said = "<p>Every milestone has at least one delivery partner named.</p>"
    else:
        said = "<p>The workbook lists no milestones.</p>"
    return (
        "<section><h2>Contribution map</h2>"
        "<p>Who contributes to each mission, by sector: the organisations on the "
        "Stakeholders sheet and each initiative's lead department and delivery partners. "
        "A milestone has a delivery partner when an organisation with a delivery role is "
        "named on its mission, or on an initiative scored against it.</p>"
        + _public_note(h, PUBLIC_COUNTS)
        + said
        + _contribution_figure(h)
        + _table(
            *_capped_table(
                "Organisations contributing to each mission, by sector",
                ("Mission", "Sector", "How many", "Who"),
                [
                    (s.mission, s.sector, len(s.organisations), _names(s.organisations))
                    for s in h.sectors
                ],
            ),
            (22, 16, 10, 52),
        )
        + _table(
            *_capped_table(
                "Delivery partners named for each milestone",
                ("Milestone", "Mission", "Delivery partners", "Milestone text"),
                [
                    (
                        m.milestone_id,
                        m.mission,
                        _names(m.partners) if m.partners else "None named: a gap",
                        m.milestone,
                    )
                    for m in h.milestones
                ],
            ),
            (11, 20, 37, 32),
        )
        + "</section>"
    )


def _contribution_figure(h: HealthPack) -> str:
    """The contribution map as a chart (grouped bars, each labelled in words)."""
    if not h.sectors:
        return ""
    return _figure(
        contribution_svg(h.sectors),
        contribution_alt(h.sectors),
        "Organisations of each sector contributing to each mission; the table below names them.",
    )


def _learning(h: HealthPack) -> str:
    overdue = h.overdue
    n = len(overdue)
    flag = (
        f"<p><strong>{n} initiative{'s are' if n != 1 else ' is'} past the decision "
        f"date{'s' if n != 1 else ''} of {'their' if n != 1 else 'its'} evaluation "
        f"plan{'s' if n != 1 else ''} with no decision recorded.</strong></p>"
        + _table(
            *_capped_table(
                "Past their decision date",
                ("ID", "Initiative", "Stage", "Decision date", "Status"),
                [
                    (p.initiative_id, p.initiative, p.stage, p.decision_date, p.status)
                    for p in overdue
                ],
            ),
            (8, 36, 11, 12, 33),
        )
        if overdue
        else "<p>No initiative is past the decision date of its evaluation plan.</p>"
    )
    return (
        '<section class="wide"><h2>Test and learn</h2>'
        "<p>The pipeline from Idea through Test and Learn to Scale, Stop or business as "
        "usual; time in stage is from each initiative's stage date to the pack's date. "
        "Each evaluation plan is set before the test: the question, the measure, the "
        "success threshold and the date by which the board decides.</p>"
        + _public_note(h, PUBLIC_COUNTS)
        + _table(
            "Initiatives in each stage and time in stage",
            ("Stage", "Initiatives", "Time in stage"),
            [(s.stage, s.count, s.time_in_stage) for s in h.stages],
            (25, 15, 60),
        )
        + flag
        + _table(
            *_capped_table(
                "Evaluation plans, their results and the decisions they led to",
                PLAN_HEADERS,
                [p.cells() for p in h.plans],
            ),
            (6, 12, 7, 15, 11, 10, 8, 12, 7, 12),
        )
        + "</section>"
    )


def _places(h: HealthPack) -> str:
    ranked = places_by_cost(h.places)
    figure = (
        _figure(
            svg.bar_svg(
                "Cost by place (all years)",
                "Total cost of the initiatives in each place (£m)",
                [(p.place, p.cost, f"{money(p.cost)} ({p.initiatives})") for p in ranked],
            ),
            place_alt(h.places),
            "Total cost by place, most first; the number of initiatives in brackets.",
        )
        if h.places
        else ""
    )
    return (
        "<section><h2>Place</h2>"
        "<p>Initiatives and their cost by nation or region. An initiative in several "
        "places counts in each, so the costs are not added up; one with no place given "
        "is under Not stated.</p>"
        + _public_note(h, PUBLIC_COUNTS)
        + figure
        + _table(
            "Initiatives and cost by place",
            ("Place", "Initiatives", "Missions", "Cost (all years)", "In test or learn"),
            [
                (p.place, p.initiatives, p.missions, money(p.cost), p.in_test_or_learn)
                for p in h.places
            ],
            (34, 15, 13, 20, 18),
        )
        + "</section>"
    )
