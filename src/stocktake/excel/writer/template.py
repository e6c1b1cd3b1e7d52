"""The stock-take template sheets ``stocktake init`` adds: headers, tables, drop-downs.

Column names follow ``WORKBOOK.md``; drop-down lists come from the model's
vocabularies, so the template and the reader can never disagree about spellings.
"""

from __future__ import annotations

from collections.abc import Mapping

from stocktake.excel.writer.decision_log import decisions_sheet
from stocktake.excel.writer.sheet_xml import ListValidation, SheetContent
from stocktake.model.vocab import DCA, Classification, Evidence, Horizon, Stage

SETTINGS_SHEET = "Stocktake settings"

_SHEETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Missions",
        ("Mission ID", "Mission", "Ambition", "Horizon", "Lead department", "SRO", "Board chair"),
    ),
    (
        "Milestones",
        ("Milestone ID", "Mission ID", "Milestone", "Metric ID", "Target", "Target date"),
    ),
    (
        "Metrics",
        (
            "Metric ID",
            "Mission ID",
            "Metric",
            "Unit",
            "Direction",
            "Baseline",
            "Baseline date",
            "Target",
            "Target date",
            "Source",
        ),
    ),
    ("Readings", ("Metric ID", "Date", "Value", "Kind", "Source")),
    (
        "Criteria",
        ("Criterion ID", "Criterion", "Horizon", "Milestone ID", "Weight", "Scale", "Rubric"),
    ),
    (
        "Initiatives",
        (
            "Initiative ID",
            "Mission ID",
            "Initiative",
            "Lead department",
            "Partners",
            "Sector",
            "Stage",
            "DCA",
            "Evidence",
            "Cost 2025-26 (£m)",
            "Cost 2026-27 (£m)",
            "FTE",
            "Classification",
            "Depends on",
            "Excludes",
            "Notes",
        ),
    ),
    ("CSF", ("Mission ID", "Factor", "Score", "Evidence")),
    (
        "Stakeholders",
        ("Organisation", "Sector", "Mission ID", "Initiative ID", "Role", "Engagement"),
    ),
)

_LISTS: dict[tuple[str, str], list[str]] = {
    ("Initiatives", "Stage"): Stage.choices(),
    ("Initiatives", "DCA"): DCA.choices(),
    ("Initiatives", "Evidence"): Evidence.choices(),
    ("Initiatives", "Classification"): Classification.choices(),
    ("Criteria", "Horizon"): Horizon.choices(),
}


def template_sheets(classification: str = "OFFICIAL") -> list[SheetContent]:
    """Every template sheet, each with an Excel table of its own name and its drop-downs."""
    out = []
    for name, headers in _SHEETS:
        validations = [
            ListValidation(headers.index(col), choices, col)
            for (sheet, col), choices in _LISTS.items()
            if sheet == name
        ]
        out.append(
            SheetContent(
                name, headers, table=name, validations=validations, classification=classification
            )
        )
    out.append(decisions_sheet((), classification))
    out.append(settings_sheet({"balance": 0.5, "classification": classification}))
    return out


def settings_sheet(
    settings: Mapping[str, object], classification: str = "OFFICIAL", name: str = SETTINGS_SHEET
) -> SheetContent:
    """The settings sheet: ``Setting | Value`` rows (balance, budget:YEAR...). ``name`` is the
    sheet the workbook already keeps its settings in, if it has one under another name."""
    rows = [[k, v] for k, v in settings.items()]
    return SheetContent(
        name, ("Setting", "Value"), rows, widths=[28, 24], classification=classification
    )
