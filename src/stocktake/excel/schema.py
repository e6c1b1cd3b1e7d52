"""The workbook contract as data: which sheets and columns Stocktake recognises.

Each record kind has a :class:`SheetSpec` listing its sheet-name synonyms and its
fields; each field lists the header spellings it answers to and how its cells are
parsed. The reader is generic over these specs, so supporting a new synonym is a
one-line change here, and ``docs/workbook.md`` is written from the same table. The
types the specs are written in live in :mod:`stocktake.excel.field_specs`; the
matching of a sheet name to a kind stays here, beside the synonyms it reads.
"""

from __future__ import annotations

import re

from stocktake.excel.field_specs import F, Parse, SheetSpec, norm

MISSIONS = SheetSpec(
    "missions",
    "Missions",
    ("missions", "mission", "missionlist", "missionsummary"),
    (
        F(
            "id",
            "Mission ID",
            Parse.ID,
            "mission ref",
            "mission no",
            "mission number",
            "id",
            "ref",
            required=True,
        ),
        F("name", "Mission", Parse.TEXT, "mission name", "name", "title", required=True),
        F(
            "ambition",
            "Ambition",
            Parse.TEXT,
            "long-term ambition",
            "long term ambition",
            "aim",
            "mission statement",
            "statement",
        ),
        F("horizon", "Horizon", Parse.INT, "horizon year", "by year", "ambition year"),
        F(
            "lead_department",
            "Lead department",
            Parse.TEXT,
            "lead dept",
            "department",
            "dept",
            "lead",
        ),
        F("sro", "SRO", Parse.TEXT, "senior responsible owner", "owner"),
        F("board_chair", "Board chair", Parse.TEXT, "chair", "mission board chair"),
    ),
)

MILESTONES = SheetSpec(
    "milestones",
    "Milestones",
    ("milestones", "milestone", "pfcmilestones", "planforchangemilestones"),
    (
        F("id", "Milestone ID", Parse.ID, "milestone ref", "ms id", "id", "ref", required=True),
        F("mission_id", "Mission ID", Parse.ID, "mission", "mission ref", required=True),
        F(
            "name",
            "Milestone",
            Parse.TEXT,
            "milestone name",
            "name",
            "description",
            "title",
            required=True,
        ),
        F("metric_id", "Metric ID", Parse.ID, "metric", "metric ref", "measure id"),
        F("target", "Target", Parse.NUMBER_OR_TEXT, "target value"),
        F("target_date", "Target date", Parse.DATE, "by", "deadline", "due date", "date"),
    ),
)

METRICS = SheetSpec(
    "metrics",
    "Metrics",
    ("metrics", "metric", "outcomemetrics", "measures", "indicators", "kpis", "outcomes"),
    (
        F(
            "id",
            "Metric ID",
            Parse.ID,
            "metric ref",
            "measure id",
            "indicator id",
            "id",
            "ref",
            required=True,
        ),
        F("mission_id", "Mission ID", Parse.ID, "mission", "mission ref", required=True),
        F(
            "name",
            "Metric",
            Parse.TEXT,
            "metric name",
            "measure",
            "indicator",
            "name",
            required=True,
        ),
        F("unit", "Unit", Parse.TEXT, "units", "unit of measure"),
        F(
            "direction",
            "Direction",
            Parse.DIRECTION,
            "good direction",
            "polarity",
            "higher or lower is better",
        ),
        F("baseline", "Baseline", Parse.NUMBER, "baseline value"),
        F("baseline_date", "Baseline date", Parse.DATE, "baseline period", "baseline year"),
        F("target", "Target", Parse.NUMBER, "target value"),
        F("target_date", "Target date", Parse.DATE, "target year", "target period", "by"),
        F("source", "Source", Parse.TEXT, "data source", "source url"),
        F(
            "milestone_ids",
            "Milestones",
            Parse.ID_LIST,
            "milestone ids",
            "informs milestones",
            "covers milestones",
        ),
    ),
)

READINGS = SheetSpec(
    "readings",
    "Readings",
    (
        "readings",
        "reading",
        "data",
        "actuals",
        "timeseries",
        "metricdata",
        "values",
        "observations",
    ),
    (
        F(
            "metric_id",
            "Metric ID",
            Parse.ID,
            "metric",
            "metric ref",
            "measure id",
            "id",
            required=True,
        ),
        F(
            "date",
            "Date",
            Parse.DATE,
            "period",
            "as at",
            "as of",
            "when",
            "quarter",
            "year",
            required=True,
        ),
        F("value", "Value", Parse.NUMBER, "reading", "actual", "figure", "amount", required=True),
        F("kind", "Kind", Parse.READING_KIND, "type", "series", "actual or forecast"),
        F("source", "Source", Parse.TEXT, "data source"),
        F("place", "Place", Parse.TEXT, "nation", "region", "area", "nation or region"),
    ),
)

CRITERIA = SheetSpec(
    "criteria",
    "Criteria",
    ("criteria", "criterion", "scoringcriteria", "mcdacriteria", "assessmentcriteria", "weights"),
    (
        F(
            "id",
            "Criterion ID",
            Parse.ID,
            "criteria id",
            "criterion ref",
            "id",
            "ref",
            required=True,
        ),
        F(
            "name",
            "Criterion",
            Parse.TEXT,
            "criterion name",
            "criteria",
            "name",
            "description",
            required=True,
        ),
        F(
            "horizon",
            "Horizon",
            Parse.HORIZON,
            "group",
            "criterion group",
            "type",
            "category",
            required=True,
        ),
        F("milestone_id", "Milestone ID", Parse.ID, "milestone", "serves milestone"),
        F("weight", "Weight", Parse.NUMBER, "swing weight", "weighting", "weight %", required=True),
        F("scale", "Scale", Parse.SCALE, "score range", "range"),
        F(
            "rubric",
            "Rubric",
            Parse.TEXT,
            "scoring guide",
            "guidance",
            "what scores mean",
            "descriptors",
        ),
        F(
            "direction",
            "Direction",
            Parse.DIRECTION,
            "polarity",
            "good direction",
            "higher or lower is better",
        ),
        F(
            "do_nothing",
            "No contribution at",
            Parse.NUMBER,
            "do-nothing score",
            "do nothing",
            "no contribution",
            "reference score",
            "baseline score",
        ),
        F("value_function", "Value function", Parse.TEXT, "value curve", "value points"),
    ),
)

INITIATIVES = SheetSpec(
    "initiatives",
    "Initiatives",
    (
        "initiatives",
        "initiative",
        "interventions",
        "intervention",
        "options",
        "programmes",
        "programs",
        "projects",
        "portfolio items",
        "pipeline",
    ),
    (
        F(
            "id",
            "Initiative ID",
            Parse.ID,
            "intervention id",
            "programme id",
            "project id",
            "option id",
            "ref",
            "id",
            required=True,
        ),
        F("mission_id", "Mission ID", Parse.ID, "mission", "mission ref", required=True),
        F(
            "name",
            "Initiative",
            Parse.TEXT,
            "initiative name",
            "intervention",
            "programme",
            "project",
            "option",
            "name",
            "title",
            required=True,
        ),
        F(
            "lead_department",
            "Lead department",
            Parse.TEXT,
            "lead dept",
            "department",
            "dept",
            "lead",
        ),
        F("partners", "Partners", Parse.TEXT_LIST, "delivery partners", "partner organisations"),
        F("sector", "Sector", Parse.TEXT, "delivery sector"),
        F("stage", "Stage", Parse.STAGE, "status", "phase", "test and learn stage"),
        F(
            "dca",
            "DCA",
            Parse.DCA,
            "delivery confidence",
            "delivery confidence assessment",
            "rag",
            "rag rating",
            "confidence",
        ),
        F(
            "evidence",
            "Evidence",
            Parse.EVIDENCE,
            "evidence strength",
            "strength of evidence",
            "evidence base",
        ),
        F("fte", "FTE", Parse.NUMBER, "staff", "headcount", "fte required"),
        F(
            "classification",
            "Classification",
            Parse.CLASSIFICATION,
            "security classification",
            "marking",
            "protective marking",
            "handling",
        ),
        F(
            "depends_on",
            "Depends on",
            Parse.ID_LIST,
            "dependencies",
            "depends",
            "prerequisites",
            "requires",
        ),
        F(
            "excludes",
            "Excludes",
            Parse.ID_LIST,
            "exclusions",
            "mutually exclusive with",
            "alternative to",
            "incompatible with",
        ),
        F("notes", "Notes", Parse.TEXT, "note", "comments", "comment"),
        F(
            "optimism_bias",
            "Optimism bias",
            Parse.NUMBER,
            "optimism bias uplift",
            "ob uplift",
            "optimism bias %",
        ),
        F(
            "funding_pot",
            "Funding pot",
            Parse.TEXT,
            "pot",
            "pots",
            "funding pots",
            "budget line",
            "funding source",
            "funded from",
        ),
        F(
            "places",
            "Place",
            Parse.TEXT_LIST,
            "places",
            "nation",
            "nations",
            "region",
            "regions",
            "nation or region",
            "nations and regions",
            "location",
        ),
        F(
            "stage_since",
            "Stage since",
            Parse.DATE,
            "in stage since",
            "stage date",
            "stage entered",
            "date entered stage",
        ),
        F(
            "project_type",
            "Project type",
            Parse.TEXT,
            "initiative type",
            "type of project",
            "project category",
            "green book project type",
            "optimism bias type",
            "optimism bias category",
            "ob category",
        ),
    ),
)

CSF = SheetSpec(
    "csf",
    "CSF",
    ("csf", "csfs", "criticalsuccessfactors", "successfactors", "csfscores"),
    (
        F("mission_id", "Mission ID", Parse.ID, "mission", "mission ref", required=True),
        F(
            "factor",
            "Factor",
            Parse.TEXT,
            "critical success factor",
            "csf",
            "success factor",
            required=True,
        ),
        F("score", "Score", Parse.NUMBER, "rating", required=True),
        F("evidence", "Evidence", Parse.TEXT, "comment", "commentary", "notes"),
        F(
            "date",
            "Date",
            Parse.DATE,
            "assessed",
            "assessment date",
            "date assessed",
            "as at",
            "as of",
            "period",
        ),
    ),
)

STAKEHOLDERS = SheetSpec(
    "stakeholders",
    "Stakeholders",
    ("stakeholders", "stakeholder", "stakeholdermap", "partners", "stakeholderengagement"),
    (
        F(
            "organisation",
            "Organisation",
            Parse.TEXT,
            "organization",
            "stakeholder",
            "name",
            "body",
            required=True,
        ),
        F("sector", "Sector", Parse.TEXT, required=True),
        F("mission_id", "Mission ID", Parse.ID, "mission"),
        F("initiative_id", "Initiative ID", Parse.ID, "initiative", "intervention id"),
        F("role", "Role", Parse.TEXT),
        F("engagement", "Engagement", Parse.TEXT, "engagement level", "level of engagement"),
    ),
)

DECISIONS = SheetSpec(
    "decisions",
    "Decisions",
    ("decisions", "decision", "decisionlog", "decisionslog", "decisionrecord"),
    (
        F("decision_id", "Decision ID", Parse.ID, "id", "ref", required=True),
        F("initiative_id", "Initiative ID", Parse.ID, "initiative", required=True),
        F("decision", "Decision", Parse.DECISION, "choice", "outcome", required=True),
        F("rationale", "Rationale", Parse.TEXT, "reason", "why"),
        F("owner", "Owner", Parse.TEXT, "action owner"),
        F("review_date", "Review date", Parse.DATE, "review by", "review"),
        F("meeting", "Meeting", Parse.TEXT, "forum", "stocktake", "board"),
        F("decided_at", "Decided at", Parse.DATETIME, "date", "decision date", "when"),
        F("decided_by", "Decided by", Parse.TEXT, "by", "recorded by"),
        F("balance", "Balance at the time", Parse.NUMBER, "balance"),
        F("supersedes", "Supersedes", Parse.ID, "replaces"),
        F(
            "dissent",
            "Dissent",
            Parse.TEXT,
            "dissents",
            "disagreement",
            "disagreed",
            "objections",
            "minority view",
            "dissenting views",
        ),
    ),
)

SETTINGS = SheetSpec(
    "settings",
    "Stocktake settings",
    ("stocktakesettings", "settings"),
    (
        F("key", "Setting", Parse.TEXT, "key", "name", required=True),
        F("value", "Value", Parse.TEXT, required=True),
    ),
)

CONTRIBUTIONS = SheetSpec(
    "contributions",
    "Contributions",
    (
        "contributions",
        "contribution",
        "lineofsight",
        "metriccontributions",
        "initiativecontributions",
        "expectedimpacts",
    ),
    (
        F(
            "initiative_id",
            "Initiative ID",
            Parse.ID,
            "initiative",
            "intervention id",
            "programme id",
            required=True,
        ),
        F("metric_id", "Metric ID", Parse.ID, "metric", "metric ref", "measure id", required=True),
        F(
            "expected_change",
            "Expected change",
            Parse.NUMBER,
            "expected impact",
            "expected contribution",
            "contribution",
            "impact",
            "change",
        ),
        F("by", "By when", Parse.DATE, "by", "expected by", "when", "date"),
        F("confidence", "Confidence", Parse.TEXT, "confidence level", "certainty"),
    ),
)

FUNDING = SheetSpec(
    "funding",
    "Funding",
    (
        "funding",
        "fundingpots",
        "pots",
        "budgetlines",
        "fundingenvelopes",
        "envelopes",
        "fundingsettlement",
    ),
    (
        F(
            "pot_id",
            "Pot ID",
            Parse.ID,
            "pot",
            "pot ref",
            "budget line id",
            "budget line",
            "id",
            "ref",
            required=True,
        ),
        F("name", "Pot name", Parse.TEXT, "name", "description", "title"),
        F("department", "Department", Parse.TEXT, "dept", "lead department", "owner"),
        F(
            "spend_type",
            "Capital or resource",
            Parse.TEXT,
            "capital/resource",
            "type",
            "spend type",
            "cdel or rdel",
            "budget type",
        ),
        F("year", "Year", Parse.TEXT, "financial year", "fy", "period", required=True),
        F(
            "envelope",
            "Envelope",
            Parse.MONEY_M,
            "allocation",
            "budget",
            "amount",
            "funding",
            required=True,
        ),
        F(
            "pooled",
            "Pooled or ring-fenced",
            Parse.TEXT,
            "pooled",
            "ring-fenced",
            "ringfenced",
            "fencing",
            "pooling",
        ),
        F(
            "flexibility",
            "Flexibility",
            Parse.NUMBER,
            "carry-over",
            "carry over",
            "carry forward",
            "flex",
            "share that may move",
        ),
    ),
)

EVALUATIONS = SheetSpec(
    "evaluations",
    "Evaluations",
    (
        "evaluations",
        "evaluation",
        "evaluationplans",
        "testandlearn",
        "testandlearnplans",
        "experiments",
        "trials",
    ),
    (
        F(
            "initiative_id",
            "Initiative ID",
            Parse.ID,
            "initiative",
            "intervention id",
            "programme id",
            "id",
            required=True,
        ),
        F(
            "question",
            "Question",
            Parse.TEXT,
            "evaluation question",
            "learning question",
            "hypothesis",
            required=True,
        ),
        F("measure", "Measure", Parse.TEXT, "metric", "outcome measure", "indicator"),
        F(
            "threshold",
            "Success threshold",
            Parse.TEXT,
            "threshold",
            "success criterion",
            "success criteria",
            "what success looks like",
        ),
        F(
            "decision_date",
            "Decision date",
            Parse.DATE,
            "decide by",
            "decision due",
            "review date",
        ),
        F("result", "Result", Parse.TEXT, "findings", "what we learned", "outcome"),
        F(
            "decision",
            "Decision",
            Parse.TEXT,
            "decision taken",
            "next step",
            "scale stop or bau",
        ),
    ),
)

ACTIONS = SheetSpec(
    "actions",
    "Actions",
    ("actions", "actionlog", "actionslog", "actiontracker", "actionlist", "actionregister"),
    (
        F(
            "action_id",
            "Action ID",
            Parse.ID,
            "id",
            "ref",
            "action ref",
            "action no",
            required=True,
        ),
        F(
            "what",
            "Action",
            Parse.TEXT,
            "what",
            "description",
            "action description",
            "task",
            required=True,
        ),
        F("owner", "Owner", Parse.TEXT, "action owner", "who", "assigned to", "lead"),
        F("due", "Due", Parse.DATE, "due date", "due by", "by when", "deadline", "target date"),
        F("initiative_id", "Initiative ID", Parse.ID, "initiative", "intervention id"),
        F("decision_id", "Decision ID", Parse.ID, "decision", "decision ref"),
        F("status", "Status", Parse.TEXT, "state", "done", "complete"),
        F("raised", "Raised", Parse.DATE, "raised on", "date raised", "agreed", "opened"),
        F("completed", "Completed", Parse.DATE, "completed on", "date completed", "closed on"),
        F("meeting", "Meeting", Parse.TEXT, "forum", "raised at"),
    ),
)

SPECS: tuple[SheetSpec, ...] = (
    MISSIONS,
    MILESTONES,
    METRICS,
    READINGS,
    CRITERIA,
    INITIATIVES,
    CSF,
    STAKEHOLDERS,
    DECISIONS,
    SETTINGS,
    CONTRIBUTIONS,
    ACTIONS,
    FUNDING,
    EVALUATIONS,
)

# Sheets Stocktake writes from its own analysis: recognised, never read as input.
OUTPUT_SHEETS: tuple[str, ...] = ("scores", "portfolio", "charts")

# Sheets that belong to a stock-take but hold nothing the app computes with.
INFORMATIONAL_SHEETS: tuple[str, ...] = ("cover", "sources", "readme", "notes", "contents")

# The kinds that make a workbook a stock-take workbook at all.
CORE_KINDS: tuple[str, ...] = ("missions", "initiatives", "criteria")

_TABLE_PREFIX = re.compile(r"^(tbl|table|tb|t)(?=[A-Z_\-\s])|^(tbl|table)", re.IGNORECASE)


def strip_table_prefix(name: str) -> str:
    """``tblInterventions`` / ``Table_Missions`` -> the name a sheet would have."""
    return _TABLE_PREFIX.sub("", name).lstrip("_- ")


def sheet_kind(name: str) -> str | None:
    """Which record kind a sheet (or Excel table) name stands for, if any.

    Exact synonym first; then a synonym that ends the name ("PfC milestones"), then one
    that starts it ("Mission list"), longest synonym first, so that the most specific
    reading wins.
    """
    key = norm(name)
    if not key:
        return None
    synonyms = sorted(
        ((norm(s), spec.kind) for spec in SPECS for s in spec.synonyms), key=lambda p: -len(p[0])
    )
    for syn, kind in synonyms:
        if key == syn:
            return kind
    if key in OUTPUT_SHEETS or key in INFORMATIONAL_SHEETS:
        return None
    for syn, kind in synonyms:
        if len(syn) >= 4 and key.endswith(syn):
            return kind
    for syn, kind in synonyms:
        if len(syn) >= 6 and key.startswith(syn):
            return kind
    return None
