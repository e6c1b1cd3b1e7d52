"""Generate the sample stock-take workbooks and the messy twin's problem manifest.

    python scripts/make_samples.py [--out DIR]

writes, relative to the repository (or into DIR):

- ``sample_workbooks/plan_for_change.xlsx``: a clean stock-take workbook laid out as
  WORKBOOK.md describes, styled like one a mission team keeps;
- ``sample_workbooks/messy_layout.xlsx``: the same content laid out the way real people
  do it (synonyms, title rows, numbers as text, UK dates, formulas with cached values),
  plus deliberate faults on extra rows;
- ``tests/data/messy_expected_problems.json``: where each planted fault is, and the
  entity counts of the clean twin.

Both workbooks are built from one in-memory content structure, so they are twins by
construction. Everything is deterministic: a fixed seed and a fixed creation date.

Initiative names, costs, scores, stakeholder roles, CSF scores, decisions and the
trajectories are illustrative. Missions, milestones, metric readings and targets are
real public figures; each carries its source (see the Sources sheet).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

REPO = Path(__file__).resolve().parent.parent
SEED = 20241205  # the day the Plan for Change milestones were published
CREATED = dt.datetime(2026, 1, 15, 9, 0, 0)
YEARS = ("2025-26", "2026-27", "2027-28", "2028-29", "2029-30")
COST_HEADERS = tuple(f"Cost {y} (£m)" for y in YEARS)

# Government Analysis Function palette.
DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"

ILLUSTRATIVE_TRAJECTORY = "Illustrative trajectory"

# ---------------------------------------------------------------------------
# Sheet contract (clean twin): sheet name -> header texts, in order.
# ---------------------------------------------------------------------------

HEADERS: dict[str, tuple[str, ...]] = {
    "Missions": (
        "Mission ID",
        "Mission",
        "Ambition",
        "Horizon",
        "Lead department",
        "SRO",
        "Board chair",
    ),
    "Milestones": ("Milestone ID", "Mission ID", "Milestone", "Metric ID", "Target", "Target date"),
    "Metrics": (
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
        "Milestones",
    ),
    "Readings": ("Metric ID", "Date", "Value", "Kind", "Source", "Place"),
    "Criteria": (
        "Criterion ID",
        "Criterion",
        "Horizon",
        "Milestone ID",
        "Weight",
        "Scale",
        "Rubric",
        "Value function",
    ),
    "Initiatives": (
        "Initiative ID",
        "Mission ID",
        "Initiative",
        "Lead department",
        "Partners",
        "Sector",
        "Stage",
        "DCA",
        "Evidence",
        *COST_HEADERS,
        "FTE",
        "Classification",
        "Depends on",
        "Excludes",
        "Notes",
        "Funding pot",
        "Place",
        "Stage since",
        "Project type",
        "Optimism bias",
    ),  # + criterion IDs
    "CSF": ("Mission ID", "Factor", "Score", "Evidence", "Date"),
    "Stakeholders": ("Organisation", "Sector", "Mission ID", "Initiative ID", "Role", "Engagement"),
    "Decisions": (
        "Decision ID",
        "Initiative ID",
        "Decision",
        "Rationale",
        "Owner",
        "Review date",
        "Meeting",
        "Decided at",
        "Decided by",
        "Balance at the time",
        "Supersedes",
    ),
    "Funding": (
        "Pot ID",
        "Pot name",
        "Department",
        "Capital or resource",
        "Year",
        "Envelope (£m)",
        "Pooled or ring-fenced",
        "Flexibility",
    ),
    "Evaluations": (
        "Initiative ID",
        "Question",
        "Measure",
        "Success threshold",
        "Decision date",
        "Result",
        "Decision",
    ),
    "Sources": ("Ref", "Mission", "Item", "Value", "Unit", "Date", "Source title", "URL", "Note"),
    "Stocktake settings": ("Setting", "Value"),
    "Contributions": (
        "Initiative ID",
        "Metric ID",
        "Expected change",
        "By when",
        "Confidence",
        "Note",
    ),
}
SHEET_ORDER = ("Cover", *HEADERS)

# ---------------------------------------------------------------------------
# Real facts (from shared data/uk_missions_facts.csv), with their sources.
# ---------------------------------------------------------------------------

SOURCES: dict[str, tuple[str, str]] = {
    "growth": (
        "GOV.UK – Kickstarting Economic Growth (Milestones: living standards; Rebuilding Britain)",
        "https://gov.uk/government/economic-growth",
    ),
    "carbonbrief": (
        "Carbon Brief – Analysis: How the UK plans to reach clean power by 2030 (13 Dec 2024)",
        "https://carbonbrief.org/analysis-how-the-uk-plans-to-reach-clean-power-by-2030",
    ),
    "saferstreets": (
        "GOV.UK – Safer Streets (Milestone: Putting police back on the beat)",
        "https://gov.uk/government/safer-streets",
    ),
    "labour_opp": (
        "Labour Party – Break down barriers to opportunity (mission page, pre-election)",
        "https://labour.org.uk/missions/opportunity/",
    ),
    "10yhp": (
        "GOV.UK – 10 Year Health Plan for England: fit for the future (3 Jul 2025)",
        "https://www.gov.uk/government/publications/"
        "10-year-health-plan-for-england-fit-for-the-future",
    ),
    "cabinet": (
        "Cabinet readout, first Cabinet 6 July 2024 (reproduced by Parliament Today)",
        "https://parliamenttoday.com/free/viewnews.html?id=156729",
    ),
    "growthboard": (
        "Parallel Parliament – Cabinet Office oral answers (Ellie Reeves): first "
        "mission board on growth chaired by the Chancellor, July 2024",
        "https://parallelparliament.co.uk/mp/patrick-hurley/vs/ellie-reeves",
    ),
    "energyboard": (
        "WiredGov/DESNZ – First Mission Board focuses on immediate action to make "
        "Britain a clean energy superpower (1 Aug 2024)",
        "https://www.wired-gov.net/wg/news.nsf/articles/first+mission+board+focuses"
        "+on+immediate+action+to+make+britain+a+clean+energy+superpower"
        "+01082024101500?open",
    ),
    "healthboard": (
        "Parallel Parliament – PQ answer: Health Mission Board (structure and scope)",
        "https://parallelparliament.co.uk/question/24968/health-mission-board",
    ),
    "streetsboard": (
        "Parallel Parliament – PQ answer: Safer Streets Mission Board membership",
        "https://parallelparliament.co.uk/question/107253/crime-prevention-urban-areas",
    ),
    "pfc": (
        "GOV.UK – Plan for Change: Milestones for Mission-Led Government",
        "https://gov.uk/government/missions",
    ),
    "cp2030": (
        "House of Commons Library – Clean power 2030 briefing CBP-10182",
        "https://commonslibrary.parliament.uk/research-briefings/cbp-10182/",
    ),
    "ons_q1": (
        "ONS – Quarterly sector accounts, UK: January to March 2025",
        "https://cy.ons.gov.uk/economy/nationalaccounts/uksectoraccounts/bulletins/"
        "quarterlysectoraccounts/januarytomarch2025",
    ),
    "ons_q2": (
        "ONS – Quarterly sector accounts, UK: April to June 2025",
        "https://cy.ons.gov.uk/economy/nationalaccounts/uksectoraccounts/bulletins/"
        "quarterlysectoraccounts/apriltojune2025",
    ),
    "ons_q3": (
        "ONS – GDP quarterly national accounts, UK: July to September 2025",
        "https://www.ons.gov.uk/economy/grossdomesticproductgdp/bulletins/"
        "quarterlynationalaccounts/julytoseptember2025",
    ),
    "indep_homes": (
        "The Independent – new homes added to England's housing stock at lowest "
        "level in nearly a decade (20 Nov 2025)",
        "https://www.independent.co.uk/news/business/"
        "england-mhclg-communities-and-local-government-ministry-of-housing-b2869025.html",
    ),
    "mhclg_1718": (
        "MHCLG – Housing supply; net additional dwellings, England: 2017-18 "
        "(15 Nov 2018; copy on pdfslide)",
        "https://pdfslide.us/documents/"
        "housing-supply-net-additional-dwellings-england-2017-18-annual-housing-supply.html",
    ),
    "mhclg_1920": (
        "MHCLG – Housing supply: indicators of new supply, England: January to March "
        "2021 (copy on vdocuments)",
        "https://vdocuments.mx/housing-supply-indicators-of-new-supply-england-january-.html",
    ),
    "dluhc_2122": (
        "DLUHC – Housing supply: net additional dwellings, England: 2021 to 2022 (24 Nov 2022)",
        "https://www.gov.uk/government/statistics/"
        "housing-supply-net-additional-dwellings-england-2021-to-2022/"
        "housing-supply-net-additional-dwellings-england-2021-to-2022",
    ),
    "dluhc_2223": (
        "DLUHC – Housing supply: net additional dwellings, England: 2022 to 2023 (29 Nov 2023)",
        "https://www.gov.uk/government/statistics/"
        "housing-supply-net-additional-dwellings-england-2022-to-2023/"
        "housing-supply-net-additional-dwellings-england-2022-to-2023",
    ),
    "mhclg_2324": (
        "MHCLG – Housing supply: net additional dwellings, England: 2023 to 2024 (28 Nov 2024)",
        "https://www.gov.uk/government/statistics/"
        "housing-supply-net-additional-dwellings-england-2023-to-2024/"
        "housing-supply-net-additional-dwellings-england-2023-to-2024",
    ),
    "bcis_2025": (
        "BCIS – One year of Labour: housing figures show work to do (1 Jul 2025)",
        "https://bcis.co.uk/news/one-year-of-labour-housing-figures-show-work-to-do",
    ),
    "bcis_2026": (
        "BCIS – EPC indicators point to uneven housing delivery momentum (Jan 2026)",
        "https://www.bcis.co.uk/news/epc-indicators-point-to-uneven-housing-delivery-momentum",
    ),
    "pq84643": (
        "Parallel Parliament – MHCLG PQ answer 84643: NSIP decisions this Parliament",
        "https://parallelparliament.co.uk/question/84643/infrastructure-planning-permission",
    ),
    "ff_nsip": (
        "Full Fact Government Tracker – How many major economic infrastructure project "
        "decisions have been taken? (updated 9 Oct 2025)",
        "https://fullfact.org/government-tracker/150-major-infrastructure-projects",
    ),
    "particle": (
        "Particle.news summary of Health Foundation analysis – government set to miss "
        "18-week pledge",
        "https://particle.news/story/"
        "health-foundation-says-government-set-to-miss-nhs-18-week-waiting-time-pledge",
    ),
    "cover_aug24": (
        "COVER Magazine – NHS waiting list (August 2024 data)",
        "https://www.covermagazine.co.uk/news/4368535/nhs-waiting-list-hits-64m",
    ),
    "nuffield": (
        "Nuffield Trust – responds to NHS performance and SitRep data (9 Jan 2025)",
        "https://www.nuffieldtrust.org.uk/news-item/"
        "nuffield-trust-responds-to-latest-nhs-performance-and-sitrep-data",
    ),
    "pq44085": (
        "Parallel Parliament – DHSC PQ answer 44085 (Elective Reform Plan; 65% by March 2026)",
        "https://parallelparliament.co.uk/question/44085/hospitals-waiting-lists",
    ),
    "cover_feb25": (
        "COVER Magazine – NHS waiting list continues decline (10 Apr 2025, February 2025 data)",
        "https://www.covermagazine.co.uk/news/4412162/nhs-waiting-list-continues-decline",
    ),
    "ihpn": (
        "IHPN – NHS performance update: progress made but significant challenges remain (Feb 2026)",
        "https://www.ihpn.org.uk/news/"
        "nhs-performance-update-progress-made-but-significant-challenges-remain",
    ),
    "shrop_oct25": (
        "Shropshire Star/PA – NHS hospital performance in England (9 Oct 2025)",
        "https://www.shropshirestar.com/uk-news/2025/10/09/"
        "nhs-hospital-performance-in-england-what-the-latest-data-shows/",
    ),
    "shrop_mar26": (
        "Shropshire Star/PA – Latest NHS hospital figures for England (12 Mar 2026)",
        "https://www.shropshirestar.com/uk-news/2026/03/12/"
        "latest-nhs-hospital-figures-for-england-key-numbers-and-trends/",
    ),
    "qualitywatch": (
        "Nuffield Trust QualityWatch – NHS performance tracker (Sep 2024 edition)",
        "https://www.nuffieldtrust.org.uk/qualitywatch/nhs-performance-summary",
    ),
    "pq89686": (
        "Parallel Parliament – DHSC PQ answer 89686 (20 Nov 2025): progress on 18-week targets",
        "https://parallelparliament.co.uk/question/89686/medical-treatments",
    ),
    "quickfeed": (
        "QuickFeed summary of BBC Plan for Change tracker (Dec 2025) – secondary",
        "https://quickfeed.io/article/"
        "keir-starmer-s-2024-plan-for-change-targets-key-uk-public-sectors",
    ),
    "briefly": (
        "Briefly (summarising BBC) – NHS waiting list at lowest level in three years (Feb 2026)",
        "https://briefly.co/anchor/Public_health/story/"
        "nhs-waiting-list-at-lowest-level-in-three-years",
    ),
    "ff_police": (
        "Full Fact Government Tracker – Has the government delivered 13,000 "
        "additional neighbourhood police? (updated 17 Feb 2026)",
        "https://fullfact.org/government-tracker/13000-neighbourhood-police",
    ),
    "ho_npp": (
        "Home Office – Ad-hoc release: Growth under the Neighbourhood Policing Programme, "
        "as at September 2025 (20 Jan 2026)",
        "https://www.gov.uk/government/statistics/"
        "neighbourhood-policing-programme-as-at-30-september-2025/"
        "ad-hoc-release-growth-under-the-neighbourhood-policing-programme-as-at-"
        "september-2025-management-information",
    ),
    "argus": (
        "South Wales Argus/PA – Knife crime at record levels (20 Jul 2020, ONS YE Mar 2020)",
        "https://www.southwalesargus.co.uk/news/"
        "18593431.knife-crime-record-levels-figures-show/?ref=rss",
    ),
    "indep_knife": (
        "The Independent/PA – knife crime key numbers (30 Jan 2025, ONS YE Sep 2024)",
        "https://www.independent.co.uk/news/uk/"
        "wales-england-covid-office-for-national-statistics-metropolitan-police-b2689237.html",
    ),
    "indep_knife26": (
        "The Independent/PA – knife homicides down nearly a quarter (29 Jan 2026, ONS YE Sep 2025)",
        "https://www.independent.co.uk/news/uk/home-news/"
        "office-for-national-statistics-england-wales-metropolitan-police-london-b2910054.html",
    ),
    "upday": (
        "Upday/PA – 1 in 10 people victims of domestic abuse, stalking or sexual assault "
        "(Jul 2025)",
        "https://www.upday.com/uk/politics/"
        "domestic-abuse-1-in-10-victims-in-england-and-wales/esj7vbq",
    ),
    "ons_confidence": (
        "ONS – Perception and experience of police and criminal justice system, "
        "England and Wales (YE Mar 2025)",
        "https://cy.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/"
        "articles/perceptionandexperienceofpoliceandcriminaljusticesystem"
        "englandandwales/latest",
    ),
    "cypnow": (
        "CYP Now – more reception pupils achieve good development (Oct 2018)",
        "https://www.cypnow.co.uk/content/news/"
        "early-years-assessment-more-reception-pupils-achieve-good-development",
    ),
    "fy_1415": (
        "Foundation Years – EYFS profile results 2014 to 2015 (Oct 2015)",
        "https://foundationyears.org.uk/2015/10/"
        "early-years-foundation-stage-profile-results-2014-to-2015/",
    ),
    "fy_1516": (
        "Foundation Years – EYFS profile results 2015 to 2016 (Oct 2016)",
        "https://foundationyears.org.uk/2016/10/"
        "early-years-foundation-stage-profile-results-2015-to-2016/?",
    ),
    "dfe_1819": (
        "DfE Explore Education Statistics – EYFS profile results 2018/19",
        "https://explore-education-statistics.service.gov.uk/find-statistics/"
        "early-years-foundation-stage-profile-results",
    ),
    "dfe_2223": (
        "DfE Explore Education Statistics – EYFS profile results 2022/23",
        "https://explore-education-statistics.service.gov.uk/find-statistics/"
        "early-years-foundation-stage-profile-results/2022-23",
    ),
    "cyl": (
        "Centre for Young Lives – What do the latest early years statistics tell us? (Nov 2025)",
        "https://www.centreforyounglives.org.uk/news-centre/"
        "what-do-the-governments-latest-early-years-statistics-tell-us-about-the-prospect-"
        "of-ministers-meeting-their-pledge-to-boost-the-number-of-five-year-olds-reaching-"
        "a-good-level-of-development",
    ),
    "energyvoice": (
        "Energy Voice – Almost three-quarters of British electricity came from clean "
        "power sources in 2024 (1 Oct 2025)",
        "https://www.energyvoice.com/all-news/581653/"
        "almost-three-quarters-of-british-energy-came-from-clean-power-sources-in-2024/",
    ),
    "itv": (
        "ITV – Low carbon power provides half of UK electricity (26 Jul 2018, DUKES 2018)",
        "http://www.itv.com/news/2018-07-26/"
        "low-carbon-power-provides-half-of-uk-electricity-figures-show/",
    ),
    "pvmag": (
        "Finanznachrichten/pv magazine – UK power generation in 2020: renewables up to "
        "43% (29 Jul 2021)",
        "https://www.finanznachrichten.de/nachrichten-2021-07/"
        "53543194-uk-power-generation-in-2020-renewables-up-to-43-451.htm",
    ),
    "totaluga": (
        "Totaluga/BusinessGreen – Renewables provided 40 per cent of Britain's "
        "electricity in 2021 (DUKES 2022)",
        "https://totaluga.com/"
        "its-official-renewables-provided-40-per-cent-of-britains-electricity-in-2021/",
    ),
    "bettersoc_dukes": (
        "Better Society – DUKES renewable record confirmed (2023, 2022 data)",
        "https://bettersociety.net/DUKES-renewable-record-confirmed.php",
    ),
    "nsn": (
        "National Sustainability News – DUKES 2025: renewables power half of UK (Jul 2025)",
        "https://www.nationalsustainabilitynews.co.uk/renewables-power-half-uk.php",
    ),
}


@dataclass(frozen=True)
class Fact:
    mission: str  # mission ID, or "" for cross-cutting
    item: str
    value: float | str
    unit: str
    date_text: str  # as the source gives it ("YE 2025-03", "FY2015-16", "2024-Q4")
    source: str  # key of SOURCES
    note: str = ""


@dataclass
class Content:
    """Everything both twins hold: rows keyed by the clean sheet's header text."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    criteria_ids: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    chart_metric: str = ""


# ---------------------------------------------------------------------------
# Missions, milestones, metrics and readings (real).
# ---------------------------------------------------------------------------

MISSIONS = (
    # id, name, ambition, horizon, lead department, SRO, board chair, source keys
    (
        "M1",
        "Kickstart economic growth",
        "Aim for the highest sustained growth in the G7 – with more people in good jobs, higher "
        "living standards, and productivity growth in every part of the United Kingdom",
        2035,
        "HM Treasury",
        "Illustrative: Director General, HM Treasury",
        "Chancellor of the Exchequer",
        ("growth", "cabinet", "growthboard"),
    ),
    (
        "M2",
        "Make Britain a clean energy superpower",
        "Cut bills, create jobs and deliver security with cheaper, zero-carbon electricity by "
        "2030, accelerating to net zero",
        2030,
        "Department for Energy Security and Net Zero",
        "Illustrative: Director General, DESNZ",
        "Secretary of State for Energy Security and Net Zero",
        ("carbonbrief", "cabinet", "energyboard"),
    ),
    (
        "M3",
        "Take back our streets",
        "Reduce serious harm and increase public confidence in policing and in the criminal "
        "justice system; halve knife crime and halve violence against women and girls within a "
        "decade",
        2034,
        "Home Office",
        "Richard Clarke, Director General, Home Office",
        "Home Secretary",
        ("saferstreets", "cabinet", "streetsboard"),
    ),
    (
        "M4",
        "Break down barriers to opportunity",
        "Break down the barriers to opportunity for every child, at every stage, and shatter the "
        "class ceiling",
        2035,
        "Department for Education",
        "Illustrative: Director General, DfE",
        "",
        ("labour_opp", "cabinet"),
    ),
    (
        "M5",
        "Build an NHS fit for the future",
        "An NHS fit for the future: the three shifts from hospital to community, analogue to "
        "digital, and sickness to prevention",
        2035,
        "Department of Health and Social Care",
        "Illustrative: Director General, DHSC",
        "Secretary of State for Health and Social Care",
        ("10yhp", "cabinet", "healthboard"),
    ),
)

MISSION_DATES = {
    "M1": "2024-12-05",
    "M2": "2024-12-13",
    "M3": "2024-12-05",
    "M4": "2023",
    "M5": "2025-07-03",
}

MILESTONES = (
    # id, mission, milestone, metric, target, target date
    (
        "MS1",
        "M1",
        "Raising living standards in every part of the United Kingdom",
        "MT01",
        "Higher RHDI per person and GDP per capita by the end of the Parliament",
        dt.date(2029, 6, 30),
    ),
    ("MS2", "M1", "Building 1.5 million homes in England", "MT02", 1_500_000, dt.date(2029, 8, 31)),
    (
        "MS3",
        "M1",
        "Fast-tracking planning decisions on at least 150 major economic infrastructure projects",
        "MT03",
        150,
        dt.date(2029, 8, 31),
    ),
    (
        "MS4",
        "M5",
        "Ending hospital backlogs: 92% of patients waiting no longer than 18 weeks "
        "for elective treatment",
        "MT05",
        92,
        dt.date(2029, 3, 31),
    ),
    (
        "MS5",
        "M3",
        "Putting police back on the beat: 13,000 more neighbourhood police",
        "MT08",
        13_000,
        dt.date(2029, 3, 31),
    ),
    (
        "MS6",
        "M4",
        "Giving children the best start in life: a record 75% of five-year-olds ready to learn",
        "MT12",
        75,
        dt.date(2028, 7, 31),
    ),
    (
        "MS7",
        "M2",
        "Securing home-grown energy: at least 95% clean power by 2030",
        "MT13",
        95,
        dt.date(2030, 12, 31),
    ),
)
MILESTONE_FACTS = {  # milestone ID -> (value, unit, date text, source, note)
    "MS1": (
        "Higher RHDI per person and GDP per capita by end of Parliament",
        "",
        "2024-12-05",
        "pfc",
        "No numerical target; Full Fact reads end of Parliament as Q2 2029.",
    ),
    "MS2": (
        1_500_000,
        "dwellings",
        "2024-12-05",
        "pfc",
        "Net additional dwellings, England; no later than Aug 2029 (Full Fact).",
    ),
    "MS3": (
        150,
        "decisions",
        "2024-12-05",
        "pfc",
        "Decisions on Nationally Significant Infrastructure Projects by end of Parliament.",
    ),
    "MS4": (
        92,
        "%",
        "2024-12-05",
        "pfc",
        "RTT incomplete pathways within 18 weeks by March 2029 (interim 65% by March 2026).",
    ),
    "MS5": (
        13_000,
        "FTE personnel",
        "2024-12-05",
        "pfc",
        "+13,000 on a baseline of 17,175 FTE at 31 March 2025 (Full Fact).",
    ),
    "MS6": (
        75,
        "% of children",
        "2024-12-05",
        "pfc",
        "Good level of development (EYFS profile), academic year 2027/28.",
    ),
    "MS7": (
        95,
        "% of GB generation",
        "2024-12-13",
        "cp2030",
        "At least 95% of GB generation from clean sources by 2030.",
    ),
}


def _me(year: int, month: int) -> dt.date:
    """The last day of a month."""
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class MetricDef:
    id: str
    mission: str
    name: str
    unit: str
    higher: bool
    baseline: float
    baseline_date: dt.date
    target: float | None
    target_date: dt.date | None
    readings: tuple[tuple[str, dt.date, float, str], ...]  # date text, date, value, source
    decimals: int = 1
    target_note: str = ""


METRICS: tuple[MetricDef, ...] = (
    MetricDef(
        "MT01",
        "M1",
        "RHDI per head, quarter-on-quarter change",
        "% q/q",
        True,
        1.8,
        _me(2024, 12),
        None,
        None,
        (
            ("2024-Q4", _me(2024, 12), 1.8, "ons_q1"),
            ("2025-Q1", _me(2025, 3), -1.0, "ons_q1"),
            ("2025-Q2", _me(2025, 6), 0.2, "ons_q2"),
            ("2025-Q3", _me(2025, 9), -0.8, "ons_q3"),
        ),
    ),
    MetricDef(
        "MT02",
        "M1",
        "Net additional dwellings since start of Parliament (EPC-based estimate)",
        "dwellings",
        True,
        186_600,
        dt.date(2025, 6, 15),
        1_500_000,
        dt.date(2029, 8, 31),
        (
            ("2024-07-09 to 2025-06-15", dt.date(2025, 6, 15), 186_600, "bcis_2025"),
            ("2024-07-09 to 2026-01-11", dt.date(2026, 1, 11), 309_600, "bcis_2026"),
        ),
        decimals=-2,
    ),
    MetricDef(
        "MT03",
        "M1",
        "NSIP decisions since start of Parliament",
        "decisions",
        True,
        21,
        _me(2025, 7),
        150,
        dt.date(2029, 8, 31),
        (
            ("2025-07", _me(2025, 7), 21, "pq84643"),
            ("2025-10-09", dt.date(2025, 10, 9), 26, "ff_nsip"),
        ),
        decimals=0,
    ),
    MetricDef(
        "MT04",
        "M1",
        "Net additional dwellings, England (financial year)",
        "dwellings per year",
        True,
        221_070,
        dt.date(2024, 3, 31),
        300_000,
        dt.date(2029, 3, 31),
        (
            ("FY2015-16", dt.date(2016, 3, 31), 195_534, "indep_homes"),
            ("FY2017-18", dt.date(2018, 3, 31), 222_190, "mhclg_1718"),
            ("FY2019-20", dt.date(2020, 3, 31), 243_770, "mhclg_1920"),
            ("FY2021-22", dt.date(2022, 3, 31), 232_820, "dluhc_2122"),
            ("FY2022-23", dt.date(2023, 3, 31), 234_400, "dluhc_2223"),
            ("FY2023-24", dt.date(2024, 3, 31), 221_070, "mhclg_2324"),
            ("FY2024-25", dt.date(2025, 3, 31), 208_600, "indep_homes"),
        ),
        decimals=-2,
        target_note="300,000 a year implied by 1.5 million in a Parliament",
    ),
    MetricDef(
        "MT05",
        "M5",
        "RTT: % of incomplete pathways waiting under 18 weeks (England)",
        "%",
        True,
        58.8,
        _me(2024, 7),
        92,
        dt.date(2029, 3, 31),
        (
            ("2024-07", _me(2024, 7), 58.8, "particle"),
            ("2024-08", _me(2024, 8), 58.3, "cover_aug24"),
            ("2024-11", _me(2024, 11), 59.0, "nuffield"),
            ("2025-01", _me(2025, 1), 58.9, "pq44085"),
            ("2025-02", _me(2025, 2), 59.2, "cover_feb25"),
            ("2025-03", _me(2025, 3), 59.8, "pq89686"),
            ("2025-07", _me(2025, 7), 61.3, "particle"),
            ("2025-09", _me(2025, 9), 61.8, "pq89686"),
            ("2025-10", _me(2025, 10), 61.7, "quickfeed"),
            ("2025-11", _me(2025, 11), 61.8, "briefly"),
            ("2025-12", _me(2025, 12), 61.5, "ihpn"),
        ),
    ),
    MetricDef(
        "MT07",
        "M5",
        "% of waiting list waiting over 52 weeks",
        "%",
        False,
        2.6,
        _me(2025, 8),
        1,
        dt.date(2026, 3, 31),
        (
            ("2025-08", _me(2025, 8), 2.6, "shrop_oct25"),
            ("2026-01", _me(2026, 1), 1.87, "shrop_mar26"),
        ),
        decimals=2,
        target_note="less than 1% by March 2026",
    ),
    MetricDef(
        "MT08",
        "M3",
        "Growth in neighbourhood policing FTE since the March 2025 baseline",
        "FTE",
        True,
        0,
        dt.date(2025, 3, 31),
        13_000,
        dt.date(2029, 3, 31),
        (("2025-09-30", dt.date(2025, 9, 30), 2_383, "ho_npp"),),
        decimals=0,
        target_note="baseline 17,175 FTE (11,104 officers + 6,071 PCSOs), Full Fact",
    ),
    MetricDef(
        "MT09",
        "M3",
        "Police recorded offences involving a knife or sharp instrument, "
        "England and Wales (12 months)",
        "offences",
        False,
        55_008,
        dt.date(2024, 9, 30),
        27_504,
        dt.date(2034, 9, 30),
        (
            ("YE 2011-03", dt.date(2011, 3, 31), 30_620, "argus"),
            ("YE 2019-03", dt.date(2019, 3, 31), 43_706, "argus"),
            ("YE 2020-03", dt.date(2020, 3, 31), 46_265, "argus"),
            ("YE 2023-09", dt.date(2023, 9, 30), 52_969, "indep_knife"),
            ("YE 2024-09", dt.date(2024, 9, 30), 55_008, "indep_knife"),
            ("YE 2025-09", dt.date(2025, 9, 30), 50_430, "indep_knife26"),
        ),
        decimals=0,
        target_note="halve within a decade (target derived: half the YE Sep 2024 figure)",
    ),
    MetricDef(
        "MT10",
        "M3",
        "Combined prevalence of domestic abuse, sexual assault or stalking (aged 16+)",
        "% of people aged 16+",
        False,
        11.3,
        dt.date(2024, 3, 31),
        5.65,
        dt.date(2034, 3, 31),
        (
            ("YE 2024-03", dt.date(2024, 3, 31), 11.3, "upday"),
            ("YE 2025-03", dt.date(2025, 3, 31), 10.6, "upday"),
        ),
        decimals=2,
        target_note="halve VAWG within a decade (target derived)",
    ),
    MetricDef(
        "MT11",
        "M3",
        "Confidence in the local police",
        "%",
        True,
        67,
        dt.date(2025, 3, 31),
        None,
        None,
        (("YE 2025-03", dt.date(2025, 3, 31), 67, "ons_confidence"),),
        decimals=0,
    ),
    MetricDef(
        "MT12",
        "M4",
        "EYFS: % of children with a good level of development (England)",
        "%",
        True,
        67.7,
        dt.date(2024, 7, 31),
        75,
        dt.date(2028, 7, 31),
        (
            ("2013", dt.date(2013, 7, 31), 51.7, "cypnow"),
            ("2014", dt.date(2014, 7, 31), 60.4, "fy_1415"),
            ("2015", dt.date(2015, 7, 31), 66.3, "fy_1415"),
            ("2016", dt.date(2016, 7, 31), 69.3, "fy_1516"),
            ("2017", dt.date(2017, 7, 31), 70.7, "cypnow"),
            ("2018", dt.date(2018, 7, 31), 71.5, "cypnow"),
            ("2019", dt.date(2019, 7, 31), 71.8, "dfe_1819"),
            ("2022", dt.date(2022, 7, 31), 65.2, "dfe_2223"),
            ("2023", dt.date(2023, 7, 31), 67.2, "dfe_2223"),
            ("2024", dt.date(2024, 7, 31), 67.7, "cyl"),
            ("2025", dt.date(2025, 7, 31), 68.3, "cyl"),
        ),
    ),
    MetricDef(
        "MT13",
        "M2",
        "Clean power share of Great Britain generation (CP2030 metric)",
        "%",
        True,
        68.3,
        dt.date(2023, 12, 31),
        95,
        dt.date(2030, 12, 31),
        (
            ("2023", dt.date(2023, 12, 31), 68.3, "energyvoice"),
            ("2024", dt.date(2024, 12, 31), 73.8, "energyvoice"),
        ),
    ),
    MetricDef(
        "MT14",
        "M2",
        "Renewables share of UK electricity generation",
        "%",
        True,
        50.4,
        dt.date(2024, 12, 31),
        None,
        None,
        (
            ("2017", dt.date(2017, 12, 31), 29.3, "itv"),
            ("2019", dt.date(2019, 12, 31), 37.0, "pvmag"),
            ("2020", dt.date(2020, 12, 31), 43.1, "totaluga"),
            ("2021", dt.date(2021, 12, 31), 39.6, "totaluga"),
            ("2022", dt.date(2022, 12, 31), 41.5, "bettersoc_dukes"),
            ("2023", dt.date(2023, 12, 31), 46.4, "nsn"),
            ("2024", dt.date(2024, 12, 31), 50.4, "nsn"),
        ),
    ),
    MetricDef(
        "MT15",
        "M2",
        "Carbon intensity of GB generation",
        "gCO2e/kWh",
        False,
        171,
        dt.date(2023, 12, 31),
        50,
        dt.date(2030, 12, 31),
        (("2023", dt.date(2023, 12, 31), 171, "cp2030"),),
        decimals=0,
        target_note="well below 50 gCO2e/kWh by 2030",
    ),
)
# The RTT waiting-list size keeps its own ID so the IDs above match the milestones.
METRICS = (
    *METRICS[:5],
    MetricDef(
        "MT06",
        "M5",
        "RTT waiting list (incomplete pathways)",
        "million pathways",
        False,
        7.62,
        _me(2024, 7),
        None,
        None,
        (
            ("2023-09", _me(2023, 9), 7.77, "shrop_mar26"),
            ("2024-07", _me(2024, 7), 7.62, "qualitywatch"),
            ("2025-08", _me(2025, 8), 7.41, "shrop_oct25"),
            ("2025-09", _me(2025, 9), 7.39, "pq89686"),
            ("2025-12", _me(2025, 12), 7.29, "shrop_mar26"),
            ("2026-01", _me(2026, 1), 7.25, "shrop_mar26"),
        ),
        decimals=2,
    ),
    *METRICS[5:],
)
CHART_METRIC = "MT05"

# ---------------------------------------------------------------------------
# Criteria (illustrative).
# ---------------------------------------------------------------------------

RUBRICS = {
    "Milestone": (
        "0 = no contribution to the milestone",
        "1 = indirect or marginal contribution",
        "2 = small but measurable contribution",
        "3 = moderate, direct contribution",
        "4 = large, direct contribution",
        "5 = essential to meeting the milestone on time",
    ),
    "Ambition": (
        "0 = no lasting effect on the mission ambition",
        "1 = minor effect that fades after funding ends",
        "2 = modest lasting effect in a few places",
        "3 = clear lasting effect for many people",
        "4 = large lasting effect, changes how the system works",
        "5 = transformational for a generation, across the UK",
    ),
    "Deliverability": (
        "0 = cannot be delivered as planned",
        "1 = major unresolved risks to delivery",
        "2 = significant risks, plan not yet credible",
        "3 = deliverable with management attention",
        "4 = credible plan, capability in place",
        "5 = ready now, proven delivery route",
    ),
}
# The near-term criteria are generic: every initiative is scored on all three, against
# its own mission's milestone, so they name no Milestone ID (a criterion tied to one
# milestone would score every other mission's initiatives 0 and cap their N).
OWN_MILESTONE = (
    "Scored against the Plan for Change milestone of the initiative's own "
    "mission, so no single Milestone ID is named."
)
NEAR_TERM_RUBRICS = {
    "C02": (
        "0 = no impact before the end of this Parliament",
        "1 = first effects only at the very end of the Parliament",
        "2 = some impact by 2029, in a few places",
        "3 = clear impact by 2029 in most places",
        "4 = large impact visible by 2028",
        "5 = large impact visible within a year, by 2026-27",
    ),
    "C03": (
        "0 = does not move the milestone's headline metric",
        "1 = moves a related measure, not the headline metric",
        "2 = small movement, hard to see in the published series",
        "3 = measurable movement in the published series",
        "4 = large movement, a visible share of the gap to target",
        "5 = closes a major share of the gap to target on its own",
    ),
}
CRITERIA = (  # (ID, criterion, horizon, Milestone ID, swing weight, rubric lines)
    (
        "C01",
        "Contribution to the mission's Plan for Change milestone",
        "Milestone",
        "",
        50,
        (OWN_MILESTONE, *RUBRICS["Milestone"]),
    ),
    (
        "C02",
        "Impact visible before the end of this Parliament (2029)",
        "Milestone",
        "",
        30,
        (OWN_MILESTONE, *NEAR_TERM_RUBRICS["C02"]),
    ),
    (
        "C03",
        "Moves the milestone's headline metric",
        "Milestone",
        "",
        20,
        (OWN_MILESTONE, *NEAR_TERM_RUBRICS["C03"]),
    ),
    (
        "C04",
        "Long-term contribution to the mission ambition",
        "Ambition",
        "",
        100,
        RUBRICS["Ambition"],
    ),
    ("C05", "Shift to prevention: reduces future demand", "Ambition", "", 70, RUBRICS["Ambition"]),
    ("C06", "Reach into every part of the UK", "Ambition", "", 55, RUBRICS["Ambition"]),
    (
        "C07",
        "Delivery confidence and readiness",
        "Deliverability",
        "",
        60,
        RUBRICS["Deliverability"],
    ),
    (
        "C08",
        "Partners and stakeholders ready to deliver",
        "Deliverability",
        "",
        40,
        RUBRICS["Deliverability"],
    ),
)
VALUE_FUNCTIONS = {
    # Reach has diminishing returns: the first regions reached matter most. A Hiview-style
    # piecewise-linear value function (score:value), read by model.value_scale.
    "C06": "0:0; 1:40; 2:65; 3:82; 4:93; 5:100",
}
NEAR_TERM = ("C01", "C02", "C03")
LONG_TERM = ("C04", "C05", "C06")
# Names that lean one way on the matrix: long-term (tests, data, prevention, skills) or
# milestone (capacity that lands in this Parliament).
AMBITION_LEAN = (
    "test",
    "pilot",
    "data",
    "prevention",
    "skills",
    "training",
    "smokefree",
    "early",
    "diversion",
)
MILESTONE_LEAN = (
    "uplift",
    "wave 2",
    "recruitment",
    "validation",
    "sprint",
    "queue",
    "contracts for difference",
    "accelerator",
    "nurseries",
    "capacity contract",
    "extended hours",
    "affordable homes",
    "onshore wind",
    "consenting",
)

# ---------------------------------------------------------------------------
# Initiatives (illustrative). Sector codes: c central government, l local government,
# n NHS, p private, t third sector, u public.
# ---------------------------------------------------------------------------

INITIATIVE_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "M1": (
        ("Planning fast-track for grid connections", "c"),
        ("New towns programme - first wave sites", "u"),
        ("Local plan capacity fund for planning authorities", "l"),
        ("Affordable Homes Programme - social rent uplift", "u"),
        ("Brownfield passport - pilot in 10 areas", "l"),
        ("NSIP consenting reform - statutory consultee streamlining", "c"),
        ("Planning officer apprenticeships", "l"),
        ("Modern methods of construction - supply chain test", "p"),
        ("Council housing accelerator - wave 2", "l"),
        ("Regional growth compacts - option A (mayoral deals)", "l"),
        ("Regional growth compacts - option B (competitive fund)", "c"),
        ("Construction skills bootcamps", "c"),
        ("Infrastructure pipeline data service", "c"),
        ("Small sites SME builder finance", "p"),
        ("Town centre regeneration partnerships", "l"),
        ("Local growth plans - data and insight support", "c"),
        ("Build-out monitoring for large sites", "l"),
        ("Productivity diagnostic for city regions", "c"),
    ),
    "M2": (
        ("Grid connection queue reform", "u"),
        ("Contracts for Difference - offshore wind allocation support", "c"),
        ("Onshore wind planning reset", "c"),
        ("Rooftop solar for public buildings", "u"),
        ("Great British Energy local power plans", "u"),
        ("Heat network zoning pilot", "l"),
        ("Transmission network fast-track - option A (central planning)", "u"),
        ("Transmission network fast-track - option B (regional hubs)", "u"),
        ("Community benefits for grid infrastructure", "c"),
        ("Clean energy skills passport", "c"),
        ("Warm Homes Plan - social housing retrofit wave 2", "l"),
        ("Battery storage connections sprint", "p"),
        ("Long-duration storage cap-and-floor scheme", "c"),
        ("Carbon intensity live data feed", "u"),
        ("Port upgrades supply chain fund", "p"),
        ("Local area energy planning support", "l"),
        ("Demand flexibility trial with households", "p"),
        ("Small modular reactor siting assessment", "c"),
    ),
    "M3": (
        ("Neighbourhood policing uplift - wave 1", "u"),
        ("Neighbourhood policing uplift - wave 2", "u"),
        ("PCSO recruitment and retention drive", "u"),
        ("Named neighbourhood officer in every area", "u"),
        ("Young Futures hubs - test and learn", "l"),
        ("Knife crime coordinators in hotspot areas", "u"),
        ("Online knife sales enforcement", "c"),
        ("Domestic abuse protection orders - national roll-out", "c"),
        ("Specialist VAWG investigators", "u"),
        ("Town centre anti-social behaviour patrols", "u"),
        ("Hotspot policing analytics - option A (national platform)", "c"),
        ("Hotspot policing analytics - option B (force-led tools)", "u"),
        ("Victim support digital service", "c"),
        ("Neighbourhood policing training uplift", "u"),
        ("Youth diversion orders pilot", "t"),
        ("Stalking protection order improvements", "c"),
        ("Community confidence survey boost", "c"),
        ("Retail crime partnership", "p"),
    ),
    "M4": (
        ("Family hubs expansion - wave 2", "l"),
        ("School-based nurseries - phase 1", "l"),
        ("School-based nurseries - phase 2", "l"),
        ("Early language screening and support", "l"),
        ("Best Start family services - test and learn", "l"),
        ("Free breakfast clubs - early adopters", "l"),
        ("Health visitor contact uplift", "n"),
        ("Childcare workforce recruitment campaign", "c"),
        ("Reception baseline data linkage", "c"),
        ("SEND early identification - option A (school-led)", "l"),
        ("SEND early identification - option B (local authority hub)", "l"),
        ("Parenting programme scale-up", "t"),
        ("Home learning environment campaign", "t"),
        ("Early years pupil premium uplift", "c"),
        ("Speech and language therapist training places", "n"),
        ("Childminder start-up grants", "c"),
        ("Attendance mentors - test in 5 areas", "t"),
        ("Kinship carer support", "l"),
    ),
    "M5": (
        ("Community diagnostic centres - extended hours", "n"),
        ("Elective surgical hubs - wave 2", "n"),
        ("Advice and guidance before referral", "n"),
        ("Patient-initiated follow-up at scale", "n"),
        ("NHS App: manage your referral", "n"),
        ("Waiting list validation sprint", "n"),
        ("Neighbourhood health centres - pilots", "n"),
        ("Neighbourhood health centres - roll-out", "n"),
        ("Independent sector capacity contract - option A (national)", "p"),
        ("Independent sector capacity contract - option B (regional)", "p"),
        ("Outpatient transformation - one-stop clinics", "n"),
        ("Theatre productivity programme", "n"),
        ("Federated data platform for electives", "n"),
        ("Smokefree generation: tobacco and vapes programme", "c"),
        ("Weight management digital service", "n"),
        ("Advanced practitioner training places", "n"),
        ("Single patient record - discovery", "c"),
        ("Virtual wards - consolidation", "n"),
    ),
}
SECTORS = {
    "c": "central government",
    "l": "local government",
    "n": "NHS",
    "p": "private",
    "t": "third sector",
    "u": "public",
}
DEPARTMENTS = {
    "M1": ("HM Treasury", "MHCLG", "MHCLG", "DBT", "DfT"),
    "M2": ("DESNZ", "DESNZ", "DESNZ", "Great British Energy"),
    "M3": ("Home Office", "Home Office", "Home Office", "MoJ"),
    "M4": ("DfE", "DfE", "DfE", "DHSC", "DWP"),
    "M5": ("DHSC", "DHSC", "NHS England", "NHS England"),
}
PARTNERS = {
    "M1": (
        "Homes England",
        "Local authorities",
        "Planning Inspectorate",
        "Combined authorities",
        "Housing associations",
        "Skills England",
        "National Wealth Fund",
        "DfT",
    ),
    "M2": (
        "NESO",
        "Ofgem",
        "Great British Energy",
        "Distribution network operators",
        "Local authorities",
        "The Crown Estate",
        "National Wealth Fund",
        "MHCLG",
    ),
    "M3": (
        "Police forces",
        "NPCC",
        "College of Policing",
        "Police and crime commissioners",
        "Local authorities",
        "Youth Endowment Fund",
        "MoJ",
        "Victims' Commissioner",
    ),
    "M4": (
        "Local authorities",
        "Schools",
        "NHS England",
        "Ofsted",
        "Education Endowment Foundation",
        "Early years providers",
        "DHSC",
        "DWP",
    ),
    "M5": (
        "NHS England",
        "Integrated care boards",
        "NHS trusts",
        "Local authorities",
        "Independent sector providers",
        "NHS Digital services",
        "Royal colleges",
        "UKHSA",
    ),
}
DEPENDS = (  # (initiative name, [names it depends on])
    (
        "Neighbourhood policing uplift - wave 2",
        ("Neighbourhood policing uplift - wave 1", "PCSO recruitment and retention drive"),
    ),
    ("Named neighbourhood officer in every area", ("Neighbourhood policing uplift - wave 1",)),
    ("Neighbourhood policing training uplift", ("Neighbourhood policing uplift - wave 1",)),
    ("School-based nurseries - phase 2", ("School-based nurseries - phase 1",)),
    ("Neighbourhood health centres - roll-out", ("Neighbourhood health centres - pilots",)),
    ("Council housing accelerator - wave 2", ("Affordable Homes Programme - social rent uplift",)),
    ("Build-out monitoring for large sites", ("Infrastructure pipeline data service",)),
    (
        "Brownfield passport - pilot in 10 areas",
        ("Local plan capacity fund for planning authorities",),
    ),
    ("Battery storage connections sprint", ("Grid connection queue reform",)),
    ("Demand flexibility trial with households", ("Carbon intensity live data feed",)),
    ("Parenting programme scale-up", ("Best Start family services - test and learn",)),
    ("Early language screening and support", ("Health visitor contact uplift",)),
    ("Patient-initiated follow-up at scale", ("NHS App: manage your referral",)),
    ("Waiting list validation sprint", ("Federated data platform for electives",)),
)
# Green Book project types for optimism bias (illustrative: a few initiatives only, so
# the uplift rules show: Green Book upper bounds, a settings row, an own-cell override).
PROJECT_TYPES = (  # (initiative name, project type, own Optimism bias cell or None)
    ("Rooftop solar for public buildings", "Standard buildings", None),
    ("Elective surgical hubs - wave 2", "Non-standard buildings", None),
    ("Port upgrades supply chain fund", "Standard civil engineering", None),
    ("Transmission network fast-track - option A (central planning)", "Non-standard civil", None),
    ("NHS App: manage your referral", "Equipment/development", None),
    ("Federated data platform for electives", "IT / equipment development", "60%"),
    ("Independent sector capacity contract - option A (national)", "Outsourcing", None),
)
TYPE_UPLIFTS = (("optimism_bias:Standard civil engineering", "30%"),)
"""Settings rows: a department's own figure for a type (illustrative)."""

EXCLUDES = (  # option B excludes option A
    (
        "Regional growth compacts - option B (competitive fund)",
        "Regional growth compacts - option A (mayoral deals)",
    ),
    (
        "Transmission network fast-track - option B (regional hubs)",
        "Transmission network fast-track - option A (central planning)",
    ),
    (
        "Hotspot policing analytics - option B (force-led tools)",
        "Hotspot policing analytics - option A (national platform)",
    ),
    (
        "SEND early identification - option B (local authority hub)",
        "SEND early identification - option A (school-led)",
    ),
    (
        "Independent sector capacity contract - option B (regional)",
        "Independent sector capacity contract - option A (national)",
    ),
)
NOTES_EXTRA = (
    "",
    "",
    "",
    "",
    "Costs include capital",
    "Business case in preparation",
    "Awaiting spending review settlement",
    "Evaluation plan agreed with ONS",
    "Joint funding with local partners",
    "Options appraisal due next quarter",
)

CSF_FACTORS = (
    "Multidisciplinary teams with the right accountabilities",
    "Stakeholders activated across the delivery pathway",
    "Cross-cutting, long-term, flexible funding settlement",
    "Psychological safety and collective ownership",
    "Data and insight with a small basket of metrics",
)
CSF_EVIDENCE = {
    1: "Illustrative: not yet in place; no owner agreed",
    2: "Illustrative: early steps taken; gaps in key areas",
    3: "Illustrative: in place for some workstreams",
    4: "Illustrative: largely in place; reviewed at mission board",
    5: "Illustrative: embedded and tested at the last stock-take",
}

STAKEHOLDERS = (  # organisation, sector, mission, initiative name (or ""), role, engagement
    (
        "Homes England",
        "public",
        "M1",
        "Affordable Homes Programme - social rent uplift",
        "Grant funding and land assembly",
        "collaborate",
    ),
    (
        "Local Government Association",
        "local government",
        "M1",
        "",
        "Voice of councils on planning capacity",
        "involve",
    ),
    (
        "Planning Inspectorate",
        "public",
        "M1",
        "NSIP consenting reform - statutory consultee streamlining",
        "Examines NSIP applications",
        "collaborate",
    ),
    (
        "Home Builders Federation",
        "private",
        "M1",
        "Small sites SME builder finance",
        "Industry body for builders",
        "consult",
    ),
    (
        "National Housing Federation",
        "third sector",
        "M1",
        "Council housing accelerator - wave 2",
        "Represents housing associations",
        "involve",
    ),
    (
        "Greater Manchester Combined Authority",
        "local government",
        "M1",
        "Regional growth compacts - option A (mayoral deals)",
        "Mayoral partner",
        "collaborate",
    ),
    (
        "HM Treasury Spending Review team",
        "central government",
        "M1",
        "",
        "Funding settlement across missions",
        "consult",
    ),
    (
        "National Energy System Operator (NESO)",
        "public",
        "M2",
        "Grid connection queue reform",
        "Connections reform",
        "collaborate",
    ),
    ("Ofgem", "public", "M2", "", "Energy regulator", "consult"),
    (
        "Great British Energy",
        "public",
        "M2",
        "Great British Energy local power plans",
        "Delivery body",
        "empower",
    ),
    (
        "RenewableUK",
        "private",
        "M2",
        "Contracts for Difference - offshore wind allocation support",
        "Industry body",
        "consult",
    ),
    (
        "Citizens Advice",
        "third sector",
        "M2",
        "Warm Homes Plan - social housing retrofit wave 2",
        "Consumer voice",
        "involve",
    ),
    (
        "Distribution network operators",
        "private",
        "M2",
        "Battery storage connections sprint",
        "Connect storage and demand",
        "collaborate",
    ),
    (
        "National Police Chiefs' Council",
        "public",
        "M3",
        "Neighbourhood policing uplift - wave 1",
        "Coordinates forces",
        "collaborate",
    ),
    (
        "Police and crime commissioners",
        "local government",
        "M3",
        "",
        "Local accountability for policing",
        "involve",
    ),
    (
        "College of Policing",
        "public",
        "M3",
        "Neighbourhood policing training uplift",
        "Standards and training",
        "collaborate",
    ),
    (
        "Victims' Commissioner",
        "public",
        "M3",
        "Victim support digital service",
        "Victims' voice",
        "consult",
    ),
    (
        "Women's Aid",
        "third sector",
        "M3",
        "Domestic abuse protection orders - national roll-out",
        "Specialist VAWG services",
        "involve",
    ),
    (
        "Youth Endowment Fund",
        "third sector",
        "M3",
        "Young Futures hubs - test and learn",
        "What-works evidence on youth violence",
        "collaborate",
    ),
    (
        "British Retail Consortium",
        "private",
        "M3",
        "Retail crime partnership",
        "Retail partner",
        "consult",
    ),
    (
        "County councils (children's services)",
        "local government",
        "M4",
        "Family hubs expansion - wave 2",
        "Run family hubs",
        "collaborate",
    ),
    ("Ofsted", "public", "M4", "", "Inspection of early years settings", "inform"),
    (
        "Early Years Alliance",
        "third sector",
        "M4",
        "Childminder start-up grants",
        "Providers' voice",
        "consult",
    ),
    (
        "Education Endowment Foundation",
        "third sector",
        "M4",
        "Early language screening and support",
        "Evidence and evaluation",
        "involve",
    ),
    (
        "NHS England",
        "NHS",
        "M5",
        "Elective surgical hubs - wave 2",
        "Commissions elective care",
        "empower",
    ),
    (
        "Integrated care boards",
        "NHS",
        "M5",
        "Neighbourhood health centres - pilots",
        "Local commissioners",
        "collaborate",
    ),
    (
        "Independent Healthcare Providers Network",
        "private",
        "M5",
        "Independent sector capacity contract - option A (national)",
        "Independent sector capacity",
        "consult",
    ),
    (
        "Healthwatch England",
        "third sector",
        "M5",
        "NHS App: manage your referral",
        "Patient voice",
        "involve",
    ),
    (
        "Royal College of Surgeons of England",
        "third sector",
        "M5",
        "Theatre productivity programme",
        "Clinical leadership",
        "consult",
    ),
    (
        "Local Government Association",
        "local government",
        "M5",
        "Smokefree generation: tobacco and vapes programme",
        "Public health partner",
        "involve",
    ),
)

# ---------------------------------------------------------------------------
# Building the content.
# ---------------------------------------------------------------------------


def _round(value: float, decimals: int) -> float | int:
    rounded = round(value, decimals)
    return int(rounded) if decimals <= 0 else rounded


def _trajectory(m: MetricDef) -> list[tuple[dt.date, float | int]]:
    """Yearly points from the baseline to the target, on the target's day of the year."""
    assert m.target is not None and m.target_date is not None
    points = [(m.baseline_date, _round(m.baseline, m.decimals))]
    dates = []
    year = m.target_date.year
    while True:
        try:
            d = m.target_date.replace(year=year)
        except ValueError:
            d = m.target_date.replace(year=year, day=28)
        if d <= m.baseline_date + dt.timedelta(days=180):
            break
        dates.append(d)
        year -= 1
    span = (m.target_date - m.baseline_date).days
    for d in reversed(dates):
        frac = (d - m.baseline_date).days / span
        points.append((d, _round(m.baseline + frac * (m.target - m.baseline), m.decimals)))
    return points


def _skip_old_score_draws(rng: random.Random, lower: str) -> None:
    """Make, and throw away, the draws the old per-mission milestone scores took.

    Until the near-term criteria became generic, each initiative's scores came from the
    main generator here. Drawing the same numbers keeps it in step, so every stage, DCA,
    cost and FTE, and everything generated after the initiatives, is as it was.
    """
    profile = rng.choices(("milestone", "ambition", "balanced"), (4, 3, 3))[0]
    if any(w in lower for w in AMBITION_LEAN):
        profile = rng.choice(("ambition", "ambition", "balanced"))
    ranges = {
        "milestone": ((4, 5), (0, 2), (0, 2), (1, 3)),
        "ambition": ((0, 2), (4, 5), (3, 5), (2, 5)),
        "balanced": ((2, 4), (2, 4), (1, 3), (1, 4)),
    }[profile]
    for lo, hi in ranges:
        rng.randint(lo, hi)
    for _ in range(4):  # the other four missions' milestone criteria
        if rng.random() < 0.12:
            rng.randint(1, 2)


# The near-term and long-term scores have their own generator. Its seed was picked from
# the first few that suit the matrix tests (tests/ui/matrix): no bubble on the edge of
# the lasso test's rectangle, and the lowest-value initiative is not chosen freely.
SCORES_SEED = SEED + 6

# Score ranges per criterion for an initiative meant to land above or below a cut line.
HIGH_RANGES = {
    "C01": (3, 5),
    "C02": (1, 5),
    "C03": (2, 5),
    "C04": (3, 5),
    "C05": (1, 5),
    "C06": (1, 5),
}
LOW_RANGES = {
    "C01": (0, 3),
    "C02": (0, 4),
    "C03": (0, 3),
    "C04": (0, 3),
    "C05": (0, 3),
    "C06": (0, 4),
}


def _draw_group(rng: random.Random, ids: tuple[str, ...], high: bool) -> dict[str, int]:
    """Scores on one group's criteria whose weighted mean is above 2.5 of 5 (a group value
    over 50) when ``high``, else below it; never on the line."""
    weights = {row[0]: row[4] for row in CRITERIA}
    ranges = HIGH_RANGES if high else LOW_RANGES
    while True:
        s = {cid: rng.randint(*ranges[cid]) for cid in ids}
        mean = sum(weights[c] * s[c] for c in ids) / sum(weights[c] for c in ids)
        if (mean > 2.5) if high else (mean < 2.5):
            return s


def _matrix_scores(initiatives: list[dict[str, Any]], seed: int = SCORES_SEED) -> None:
    """Set the near-term (C01-C03) and long-term (C04-C06) scores so the ruthless-choice
    matrix is informative: at the 50/50 cut lines each mission has 4 or 5 initiatives in
    each quadrant (Double down, Deliver the milestone, Invest for the long term, Stop or
    rethink). Names that lean long-term (tests, data, prevention, skills) get a long-term
    high place, names that lean near-term (uplifts, second waves, sprints) a near-term high
    one, by swapping places within the mission so the counts stay even."""
    rng = random.Random(seed)
    by_mission: dict[str, list[dict[str, Any]]] = {}
    for row in initiatives:
        by_mission.setdefault(row["Mission ID"], []).append(row)
    quadrants = ((True, True), (True, False), (False, True), (False, False))
    for k, rows in enumerate(by_mission.values()):
        places = [quadrants[(k + j) % 4] for j in range(len(rows))]
        rng.shuffle(places)
        names = [row["Initiative"].lower() for row in rows]
        amb = [any(w in n for w in AMBITION_LEAN) for n in names]
        mil = [any(w in n for w in MILESTONE_LEAN) for n in names]
        for i in range(len(rows)):
            if amb[i] and not places[i][1]:
                others = [
                    j for j in range(len(rows)) if not amb[j] and places[j] == (places[i][0], True)
                ]
                if others:
                    j = rng.choice(others)
                    places[i], places[j] = places[j], places[i]
        for i in range(len(rows)):
            if mil[i] and not places[i][0]:
                others = [
                    j for j in range(len(rows)) if not mil[j] and places[j] == (True, places[i][1])
                ]
                if others:
                    j = rng.choice(others)
                    places[i], places[j] = places[j], places[i]
        for row, (near, long) in zip(rows, places, strict=True):
            row.update(_draw_group(rng, NEAR_TERM, near))
            row.update(_draw_group(rng, LONG_TERM, long))


def build_content(seed: int = SEED) -> Content:
    rng = random.Random(seed)
    c = Content(chart_metric=CHART_METRIC)
    facts: list[Fact] = []

    def fact(f: Fact) -> str:
        facts.append(f)
        return SOURCES[f.source][0]

    # Missions ---------------------------------------------------------------
    missions = []
    for mid, name, ambition, horizon, dept, sro, chair, srcs in MISSIONS:
        fact(
            Fact(
                mid,
                f"Mission: {name}",
                ambition,
                "",
                MISSION_DATES[mid],
                srcs[0],
                "Mission wording; horizon year"
                + (" is real" if mid in ("M2", "M3") else " is illustrative"),
            )
        )
        fact(
            Fact(
                mid,
                "Lead department",
                dept,
                "",
                "2024-07-06",
                srcs[1],
                "Lead department inferred from the Secretary of State named in the readout.",
            )
        )
        if len(srcs) > 2:
            fact(
                Fact(
                    mid,
                    "Mission board chair",
                    chair,
                    "",
                    "",
                    srcs[2],
                    "SRO named in the source" if not sro.startswith("Illustrative") else "",
                )
            )
        missions.append(
            {
                "Mission ID": mid,
                "Mission": name,
                "Ambition": ambition,
                "Horizon": horizon,
                "Lead department": dept,
                "SRO": sro,
                "Board chair": chair,
            }
        )
    c.rows["Missions"] = missions

    # Milestones -------------------------------------------------------------
    milestones = []
    for msid, mid, name, metric, target, when in MILESTONES:
        value, unit, date_text, src, note = MILESTONE_FACTS[msid]
        fact(Fact(mid, f"Milestone {msid}: {name}", value, unit, date_text, src, note))
        milestones.append(
            {
                "Milestone ID": msid,
                "Mission ID": mid,
                "Milestone": name,
                "Metric ID": metric,
                "Target": target,
                "Target date": when,
            }
        )
    c.rows["Milestones"] = milestones

    # Metrics and readings -----------------------------------------------------
    metrics, actuals, trajectories = [], [], []
    for m in sorted(METRICS, key=lambda x: x.id):
        first_source = ""
        for date_text, when, value, src in m.readings:
            title = fact(Fact(m.mission, m.name, value, m.unit, date_text, src))
            first_source = first_source or title
            actuals.append(
                {"Metric ID": m.id, "Date": when, "Value": value, "Kind": "Actual", "Source": title}
            )
        if m.target is not None:
            for when, value in _trajectory(m):
                trajectories.append(
                    {
                        "Metric ID": m.id,
                        "Date": when,
                        "Value": value,
                        "Kind": "Trajectory",
                        "Source": ILLUSTRATIVE_TRAJECTORY,
                    }
                )
        metrics.append(
            {
                "Metric ID": m.id,
                "Mission ID": m.mission,
                "Metric": m.name,
                "Unit": m.unit,
                "Direction": "Higher is better" if m.higher else "Lower is better",
                "Baseline": m.baseline,
                "Baseline date": m.baseline_date,
                "Target": m.target,
                "Target date": m.target_date,
                "Source": first_source + (f" (target: {m.target_note})" if m.target_note else ""),
                "Milestones": METRIC_MILESTONES.get(m.id, ""),
            }
        )
    c.rows["Metrics"] = metrics
    fact(
        Fact(
            "M3",
            "Neighbourhood policing FTE (officers + PCSOs) – NPG baseline",
            17_175,
            "FTE",
            "2025-03-31",
            "ff_police",
            "Baseline of the 13,000 milestone (11,104 officers + "
            "6,071 PCSOs), so the target is 30,175 FTE by 2029; MT08 counts growth from it.",
        )
    )
    readings = []
    for m in sorted(METRICS, key=lambda x: x.id):
        readings += [r for r in actuals if r["Metric ID"] == m.id]
        readings += [r for r in trajectories if r["Metric ID"] == m.id]
    c.rows["Readings"] = readings

    # Criteria ---------------------------------------------------------------
    c.rows["Criteria"] = [
        {
            "Criterion ID": cid,
            "Criterion": name,
            "Horizon": horizon,
            "Milestone ID": msid,
            "Weight": weight,
            "Scale": "0-5",
            "Rubric": "\n".join(rubric),
            "Value function": VALUE_FUNCTIONS.get(cid, ""),
        }
        for cid, name, horizon, msid, weight, rubric in CRITERIA
    ]
    c.criteria_ids = [row[0] for row in CRITERIA]

    # Initiatives -------------------------------------------------------------
    initiatives: list[dict[str, Any]] = []
    ids_by_name: dict[str, str] = {}
    all_names = [name for names in INITIATIVE_NAMES.values() for name, _ in names]
    for n, name in enumerate(all_names, 1):
        ids_by_name[name] = f"I-{n:03d}"
    sensitive = set(rng.sample(sorted(ids_by_name.values()), 9))
    n = 0
    for mid, names in INITIATIVE_NAMES.items():
        for name, sector_code in names:
            n += 1
            iid = f"I-{n:03d}"
            lower = name.lower()
            if "test" in lower or "pilot" in lower or "trial" in lower:
                stage = "Test"
            elif any(w in lower for w in ("roll-out", "scale-up", "wave 2", "phase 2", "at scale")):
                stage = "Scale"
            elif "option" in lower or "discovery" in lower or "assessment" in lower:
                stage = "Idea"
            else:
                stage = rng.choices(
                    ("Idea", "Test", "Learn", "Scale", "Business as usual", "Stopped"),
                    (2, 2, 2, 3, 3, 1),
                )[0]
            dca = rng.choices(
                ("Green", "Amber/Green", "Amber", "Amber/Red", "Red"), (3, 5, 6, 4, 2)
            )[0]
            evidence = rng.choices(("Strong", "Moderate", "Weak", "None"), (3, 5, 4, 1))[0]
            if stage == "Test":
                evidence = rng.choice(("Weak", "Moderate", "None"))
            if sector_code == "n":
                dept = "NHS England" if rng.random() < 0.5 else "DHSC"
            else:
                dept = rng.choice(DEPARTMENTS[mid])
            partners = "; ".join(rng.sample(PARTNERS[mid], rng.randint(1, 3)))

            # Costs: a size and a shape over the five years, £m to one decimal.
            size = min(80.0, max(0.4, rng.lognormvariate(1.5, 0.95)))
            shape = {
                "Test": (0.3, 0.5, 0.8, 0.8, 0.8),
                "Idea": (0.1, 0.6, 1.0, 1.0, 1.0),
                "Scale": (0.8, 1.0, 1.2, 1.2, 1.2),
                "Stopped": (0.6, 0.0, 0.0, 0.0, 0.0),
            }.get(stage, (1.0, 1.0, 1.0, 0.9, 0.9))
            costs = [round(size * s * rng.uniform(0.85, 1.15), 1) for s in shape]
            fte = max(1, round(size * rng.uniform(1.5, 4.0) + rng.randint(1, 12)))

            # Scores. Deliverability follows the DCA; the near-term and long-term scores
            # are set once every initiative is known (_matrix_scores).
            _skip_old_score_draws(rng, lower)
            scores = dict.fromkeys(c.criteria_ids, 0)
            scores["C07"] = {
                "Green": rng.randint(4, 5),
                "Amber/Green": rng.randint(3, 4),
                "Amber": rng.randint(2, 4),
                "Amber/Red": rng.randint(1, 2),
                "Red": rng.randint(0, 1),
            }[dca]
            scores["C08"] = rng.randint(1, 5)

            extra = rng.choice(NOTES_EXTRA)
            notes = "Illustrative" + (f"; {extra}" if extra else "")
            row = {
                "Initiative ID": iid,
                "Mission ID": mid,
                "Initiative": name,
                "Lead department": dept,
                "Partners": partners,
                "Sector": SECTORS[sector_code],
                "Stage": stage,
                "DCA": dca,
                "Evidence": evidence,
                **dict(zip(COST_HEADERS, costs, strict=True)),
                "FTE": fte,
                "Classification": "OFFICIAL-SENSITIVE" if iid in sensitive else "OFFICIAL",
                "Depends on": "",
                "Excludes": "",
                "Notes": notes,
                **scores,
            }
            initiatives.append(row)
    _matrix_scores(initiatives)
    by_id = {r["Initiative ID"]: r for r in initiatives}
    for name, needs in DEPENDS:
        by_id[ids_by_name[name]]["Depends on"] = "; ".join(ids_by_name[x] for x in needs)
    for name, other in EXCLUDES:
        by_id[ids_by_name[name]]["Excludes"] = ids_by_name[other]
    for name, kind, own in PROJECT_TYPES:
        row = by_id[ids_by_name[name]]
        row["Project type"] = kind
        if own is not None:
            row["Optimism bias"] = own
    c.rows["Initiatives"] = initiatives

    # CSF, stakeholders, decisions ---------------------------------------------
    csf = []
    for mid, *_ in MISSIONS:
        for factor in CSF_FACTORS:
            score = rng.choices((1, 2, 3, 4, 5), (1, 3, 4, 3, 1))[0]
            csf.append(
                {
                    "Mission ID": mid,
                    "Factor": factor,
                    "Score": score,
                    "Evidence": CSF_EVIDENCE[score],
                }
            )
    c.rows["CSF"] = csf
    c.rows["Stakeholders"] = [
        {
            "Organisation": org,
            "Sector": sector,
            "Mission ID": mid,
            "Initiative ID": ids_by_name[iname] if iname else "",
            "Role": role,
            "Engagement": engagement,
        }
        for org, sector, mid, iname, role, engagement in STAKEHOLDERS
    ]
    young = ids_by_name["Young Futures hubs - test and learn"]
    hubs = ids_by_name["Elective surgical hubs - wave 2"]
    c.rows["Decisions"] = [
        {
            "Decision ID": "D-0001",
            "Initiative ID": young,
            "Decision": "Test",
            "Rationale": "Illustrative: evidence is weak; test in four areas with an evaluation "
            "before any decision to scale",
            "Owner": "Safer Streets mission team",
            "Review date": dt.date(2026, 1, 31),
            "Meeting": "Safer Streets mission board stock-take, September 2025",
            "Decided at": dt.datetime(2025, 9, 17, 10, 30),
            "Decided by": "Mission board chair",
            "Balance at the time": 0.5,
            "Supersedes": "",
        },
        {
            "Decision ID": "D-0002",
            "Initiative ID": hubs,
            "Decision": "Prioritise",
            "Rationale": "Illustrative: largest contribution to the 18-week milestone per £m; "
            "delivery confidence Amber/Green",
            "Owner": "NHS mission team",
            "Review date": dt.date(2026, 4, 30),
            "Meeting": "Health mission board stock-take, October 2025",
            "Decided at": dt.datetime(2025, 10, 8, 14, 0),
            "Decided by": "Mission board chair",
            "Balance at the time": 0.6,
            "Supersedes": "",
        },
        {
            "Decision ID": "D-0003",
            "Initiative ID": young,
            "Decision": "Scale",
            "Rationale": "Illustrative: test results positive in three of four areas; scale to "
            "20 areas with the same evaluation",
            "Owner": "Safer Streets mission team",
            "Review date": dt.date(2026, 9, 30),
            "Meeting": "Safer Streets mission board stock-take, February 2026",
            "Decided at": dt.datetime(2026, 2, 11, 11, 0),
            "Decided by": "Mission board chair",
            "Balance at the time": 0.4,
            "Supersedes": "D-0001",
        },
    ]

    add_programme(c)  # funding pots, place, stage dates, evaluations, dated CSFs

    # Sources and settings -------------------------------------------------------
    c.facts = facts
    sources = []
    for i, f in enumerate(facts, 1):
        title, url = SOURCES[f.source]
        sources.append(
            {
                "Ref": f"S{i:03d}",
                "Mission": f.mission or "Cross-cutting",
                "Item": f.item,
                "Value": f.value,
                "Unit": f.unit,
                "Date": f.date_text,
                "Source title": title,
                "URL": url,
                "Note": f.note,
            }
        )
    c.rows["Sources"] = sources
    settings: list[dict[str, Any]] = [{"Setting": "balance", "Value": 0.5}]
    shares = (0.6, 0.58, 0.62, 0.6, 0.57)
    for year, header, share in zip(YEARS, COST_HEADERS, shares, strict=True):
        total = sum(r[header] for r in initiatives)
        settings.append({"Setting": f"budget:{year}", "Value": float(round(total * share))})
    settings.append({"Setting": "classification", "Value": "OFFICIAL"})
    settings += [{"Setting": k, "Value": v} for k, v in TYPE_UPLIFTS]
    c.rows["Stocktake settings"] = settings
    _add_delivery(c)
    add_place_readings(c)  # illustrative readings by nation and region (the last rows)
    return c


# ---------------------------------------------------------------------------
# Delivery: which milestones each metric informs, forecasts, line of sight.
# ---------------------------------------------------------------------------

METRIC_MILESTONES = {  # further milestones a metric informs (the basket advice reads it)
    "MT04": "MS2",
    "MT06": "MS4",
    "MT07": "MS4",
    "MT14": "MS7",
    "MT15": "MS7",
}
ILLUSTRATIVE_FORECAST = "Illustrative forecast"
FORECAST_METRICS = ("MT02", "MT05", "MT08", "MT12", "MT13")
CONTRIBUTION_SEED = SEED + 7  # its own stream: the draws above stay as they were


def _add_delivery(c: Content) -> None:
    """Illustrative forecasts (the recent trend carried forward) and contributions.

    Each metric with a target gets two to four initiatives of its mission expected to
    close a share of the gap from the latest actual, one of them of unstated size;
    MT01, MT06, MT11 and MT14 (no target) get none, so the views have a metric no
    initiative moves, and most initiatives move no metric, as in a real portfolio.
    """
    rng = random.Random(CONTRIBUTION_SEED)
    by_id = {m.id: m for m in METRICS}
    for mid in FORECAST_METRICS:
        m = by_id[mid]
        (_, d0, v0, _), (_, d1, v1, _) = (m.readings[0], m.readings[-1])
        if d1 <= d0:
            continue
        per_day = (v1 - v0) / (d1 - d0).days
        for years in (1, 2, 3):
            when = _me(d1.year + years, d1.month)
            value = _round(v1 + per_day * (when - d1).days, m.decimals)
            c.rows["Readings"].append(
                {
                    "Metric ID": mid,
                    "Date": when,
                    "Value": value,
                    "Kind": "Forecast",
                    "Source": ILLUSTRATIVE_FORECAST,
                }
            )
    rows: list[dict[str, Any]] = []
    live = [r for r in c.rows["Initiatives"] if r["Stage"] not in ("Stopped",)]
    for m in sorted(METRICS, key=lambda x: x.id):
        if m.target is None or m.target_date is None:
            continue
        latest = m.readings[-1][2] if m.readings else m.baseline
        gap = m.target - latest
        pool = [r["Initiative ID"] for r in live if r["Mission ID"] == m.mission]
        chosen = sorted(rng.sample(pool, min(len(pool), rng.randint(2, 4))))
        unsized = rng.choice(chosen)
        for iid in chosen:
            change = None if iid == unsized else _round(gap * rng.uniform(0.05, 0.3), m.decimals)
            by = min(m.target_date, dt.date(rng.choice((2027, 2028, 2029)), 3, 31))
            rows.append(
                {
                    "Initiative ID": iid,
                    "Metric ID": m.id,
                    "Expected change": change,
                    "By when": by,
                    "Confidence": rng.choice(("Low", "Medium", "Medium", "High")),
                    "Note": "Illustrative",
                }
            )
    c.rows["Contributions"] = rows


def _messy_contributions(content: Content, mh: Any, plant: Any) -> MessySheet:
    """The line of sight under other headers, with planted faults."""
    order = list(HEADERS["Contributions"])
    ms = MessySheet(
        "Line of sight",
        [mh("Contributions", h) for h in order],
        ["Expected contribution of each intervention to the outcome metrics", ""],
    )
    for rec in content.rows["Contributions"]:
        row = []
        for h in order:
            v = rec[h]
            if h == "By when":
                v = _fy_label(v) or _uk(v)
            elif h == "Expected change" and isinstance(v, int | float) and abs(v) >= 1000:
                v = _thousands(v)
            row.append(v)
        ms.data.append(row)
    r0 = ms.next_row()
    ms.data.append(["I-999", "MT05", 1.5, "2027-28", "Low", "Illustrative"])
    plant(ms, r0, "Intervention ID", "error", "contribution of I-999, not an initiative", "I-999")
    r0 = ms.next_row()
    ms.data.append(["I-001", "MT99", 10, "2027-28", "Low", "Illustrative"])
    plant(ms, r0, "Measure ID", "error", "contribution to MT99, not a metric", "MT99")
    r0 = ms.next_row()
    ms.data.append(["I-002", "MT02", "lots", "2027-28", "High", "Illustrative"])
    plant(ms, r0, "Expected impact", "warning", "expected change 'lots' is not a number", "lots")
    ms.widths = {5: 30}
    return ms


def headers_of(content: Content, sheet: str) -> tuple[str, ...]:
    if sheet == "Initiatives":
        return (*HEADERS["Initiatives"], *content.criteria_ids)
    return HEADERS[sheet]


# ---------------------------------------------------------------------------
# Cell writing shared by both twins.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    text: str
    cached: float | str


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.header = wb.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": DARK_BLUE,
                "border": 1,
                "border_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.date = wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.datetime = wb.add_format({"num_format": "dd/mm/yyyy hh:mm", "valign": "top"})
        self.money = wb.add_format({"num_format": "#,##0.0", "valign": "top"})
        self.number = wb.add_format({"num_format": "#,##0.##", "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        self.title = wb.add_format({"bold": True, "font_size": 18, "font_color": DARK_BLUE})
        self.subtitle = wb.add_format({"bold": True, "font_size": 12, "font_color": DARK_BLUE})
        self.label = wb.add_format(
            {"bold": True, "font_size": 12, "font_color": DARK_BLUE, "valign": "top"}
        )
        self.marking = wb.add_format(
            {
                "bold": True,
                "font_size": 12,
                "font_color": "#FFFFFF",
                "bg_color": DARK_BLUE,
                "align": "center",
            }
        )
        self.notice = wb.add_format(
            {
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#FDE9DF",
                "border": 1,
                "border_color": ORANGE,
            }
        )
        self.banner = wb.add_format(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": "#D0DAE6",
                "border": 1,
            }
        )
        self.note = wb.add_format({"italic": True, "font_color": "#555555"})


def write_value(ws: Any, row: int, col: int, value: Any, fmts: Formats, fmt: Any = None) -> None:
    """Write one cell by its Python type; text is always written as text."""
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
        return
    if isinstance(value, Formula):
        ws.write_formula(row, col, value.text, fmt or fmts.money, value.cached)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt or fmts.top)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, fmts.datetime)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, fmts.date)
    else:
        ws.write_string(row, col, str(value), fmt or fmts.top)


def _width(header: str, values: list[Any]) -> float:
    longest = len(header)
    for v in values:
        if isinstance(v, dt.datetime):
            n = 16
        elif isinstance(v, dt.date):
            n = 10
        else:
            n = max((len(s) for s in str(v).split("\n")), default=0)
        longest = max(longest, n)
    return float(min(max(longest + 2, 8), 60))


def _properties(title: str, subject: str) -> dict[str, Any]:
    return {
        "title": title,
        "subject": subject,
        "author": "Stocktake sample generator",
        "company": "Illustrative mission team",
        "category": "OFFICIAL",
        "keywords": "OFFICIAL, stock-take, Plan for Change, illustrative",
        "comments": "Generated by scripts/make_samples.py; see sample_workbooks/README.md",
        "created": CREATED,
    }


# ---------------------------------------------------------------------------
# The clean workbook.
# ---------------------------------------------------------------------------

COVER_CONTENTS = (
    ("Missions", "The five missions: ambition, horizon, lead department, SRO, board chair"),
    ("Milestones", "The Plan for Change milestones (December 2024) with their targets"),
    (
        "Metrics",
        "The basket of outcome metrics: baseline, target, direction, source; "
        "with a chart of one metric against its trajectory",
    ),
    (
        "Readings",
        "Real published readings of each metric (with sources) and illustrative "
        "trajectory points to each target",
    ),
    (
        "Criteria",
        "Scoring criteria with swing weights and rubrics: milestone, ambition and deliverability",
    ),
    (
        "Initiatives",
        "The initiatives the missions could fund: stage, DCA, evidence, costs by "
        "financial year (£m), dependencies and scores",
    ),
    ("CSF", "Each mission's self-assessment on the five critical success factors"),
    ("Stakeholders", "Organisations across the delivery pathway and how they are engaged"),
    ("Decisions", "The append-only decision log of past stock-takes"),
    ("Sources", "Every real figure used in this workbook, with its source"),
    ("Stocktake settings", "Balance, funding envelope per year, classification"),
    (
        "Contributions",
        "Line of sight (illustrative): which initiatives are expected to move which "
        "metrics, by how much and by when",
    ),
)


def write_clean(content: Content, path: Path) -> None:
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    wb.set_properties(
        _properties(
            "Plan for Change mission stock-take (sample)",
            "Sample stock-take workbook: clean layout",
        )
    )
    fmts = Formats(wb)
    _write_cover(wb, fmts)
    metrics_ws = None
    for sheet in HEADERS:
        ws = wb.add_worksheet(sheet)
        ws.set_header('&C&"Arial,Bold"OFFICIAL')
        ws.set_footer("&COFFICIAL&R&P of &N")
        headers = headers_of(content, sheet)
        rows = content.rows[sheet]
        for r, rec in enumerate(rows, 1):
            for col, h in enumerate(headers):
                value = rec.get(h)
                fmt = None
                if h in COST_HEADERS:
                    fmt = fmts.money
                elif h in ("Rubric", "Ambition", "Rationale", "Note", "Milestone"):
                    fmt = fmts.wrap
                write_value(ws, r, col, value, fmts, fmt)
        table_name = sheet.replace(" ", "_")
        ws.add_table(
            0,
            0,
            max(len(rows), 1),
            len(headers) - 1,
            {
                "name": table_name,
                "style": "Table Style Light 9",
                "columns": [{"header": h, "header_format": fmts.header} for h in headers],
            },
        )
        ws.freeze_panes(1, 0 if sheet != "Initiatives" else 3)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_row(0, 30)
        for col, h in enumerate(headers):
            values = [rec.get(h, "") for rec in rows]
            width = _width(h, values)
            if h in ("Rubric", "Ambition", "Rationale"):
                width = 48.0
            if h in content.criteria_ids:
                width = 6.0
            ws.set_column(col, col, width)
        if sheet == "Metrics":
            metrics_ws = ws
    assert metrics_ws is not None
    _add_chart(wb, metrics_ws, content, len(content.rows["Metrics"]))
    wb.close()


def _write_cover(wb: xlsxwriter.Workbook, fmts: Formats) -> None:
    ws = wb.add_worksheet("Cover")
    ws.set_header('&C&"Arial,Bold"OFFICIAL')
    ws.set_footer("&COFFICIAL")
    ws.hide_gridlines(2)
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 90)
    ws.merge_range(0, 0, 0, 1, "OFFICIAL", fmts.marking)
    ws.write_string(2, 0, "Plan for Change: mission stock-take", fmts.title)
    ws.write_string(3, 0, "Sample workbook for Stocktake", fmts.subtitle)
    ws.write_string(5, 0, "Purpose", fmts.label)
    ws.write_string(
        5,
        1,
        "The mission team's working record for the quarterly stock-take: the "
        "five missions, their Plan for Change milestones and outcome metrics, the "
        "initiatives that could be funded, how they score against the milestones "
        "and the long-term ambitions, and the decisions taken.",
        fmts.wrap,
    )
    ws.write_string(6, 0, "Classification", fmts.label)
    ws.write_string(6, 1, "OFFICIAL", fmts.top)
    ws.write_string(7, 0, "Illustrative data", fmts.label)
    ws.write_string(
        7,
        1,
        "Illustrative data: initiative names, costs, FTE, scores, DCA ratings, "
        "stakeholder roles, critical success factor scores, decisions, trajectories "
        "and funding envelopes are invented for demonstration. Missions, milestones, "
        "targets and metric readings are real published figures; each carries its "
        "source (see the Sources sheet).",
        fmts.notice,
    )
    ws.set_row(5, 48)
    ws.set_row(7, 64)
    ws.write_string(8, 0, "Prepared", fmts.label)
    ws.write_datetime(
        8, 1, CREATED.date(), wb.add_format({"num_format": "d mmmm yyyy", "align": "left"})
    )
    ws.write_string(10, 0, "Contents", fmts.subtitle)
    for i, (sheet, what) in enumerate(COVER_CONTENTS):
        ws.write_url(11 + i, 0, f"internal:'{sheet}'!A1", string=sheet)
        ws.write_string(11 + i, 1, what, fmts.top)
    ws.merge_range(
        13 + len(COVER_CONTENTS), 0, 13 + len(COVER_CONTENTS), 1, "OFFICIAL", fmts.marking
    )


def _serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def _add_chart(wb: xlsxwriter.Workbook, ws: Any, content: Content, n_metrics: int) -> None:
    """A native chart of one metric's readings against its trajectory, on the Metrics sheet.

    Actual and trajectory points fall on different dates, so the chart is Excel's
    'scatter with straight lines and markers' over a date axis.
    """
    mid = content.chart_metric
    rows = content.rows["Readings"]
    spans: dict[str, list[int]] = {}
    for i, r in enumerate(rows, 2):  # 1-based Excel row numbers, header in row 1
        if r["Metric ID"] == mid:
            spans.setdefault(r["Kind"], []).append(i)
    metric = next(m for m in content.rows["Metrics"] if m["Metric ID"] == mid)
    chart = wb.add_chart({"type": "scatter", "subtype": "straight_with_markers"})
    for kind, colour, dash in (("Actual", DARK_BLUE, "solid"), ("Trajectory", ORANGE, "dash")):
        first, last = min(spans[kind]), max(spans[kind])
        chart.add_series(
            {
                "name": f"{kind} ({'published' if kind == 'Actual' else 'illustrative'})",
                "categories": f"=Readings!$B${first}:$B${last}",
                "values": f"=Readings!$C${first}:$C${last}",
                "line": {"color": colour, "width": 2.25, "dash_type": dash},
                "marker": {
                    "type": "circle" if kind == "Actual" else "diamond",
                    "size": 6,
                    "fill": {"color": colour},
                    "border": {"color": colour},
                },
            }
        )
    chart.set_title(
        {
            "name": f"{metric['Metric']}: actual against trajectory to "
            f"{metric['Target']:g}% by March 2029",
            "name_font": {"size": 12, "bold": True, "color": DARK_BLUE},
        }
    )
    chart.set_x_axis(
        {
            "name": "Date",
            "num_format": "mmm yyyy",
            "min": _serial(dt.date(2024, 7, 1)),
            "max": _serial(dt.date(2029, 7, 1)),
            "major_unit": 365.25,
            "major_gridlines": {"visible": False},
        }
    )
    chart.set_y_axis({"name": metric["Unit"], "min": 50, "max": 100, "major_unit": 10})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 380})
    ws.insert_chart(n_metrics + 3, 1, chart)


# ---------------------------------------------------------------------------
# The messy twin.
# ---------------------------------------------------------------------------

# clean sheet -> (messy sheet name, {clean header: messy header}, messy column order)
MESSY_SHEETS: dict[str, str] = {
    "Missions": "Mission list",
    "Milestones": "PfC milestones",
    "Metrics": "Outcome metrics",
    "Readings": "Data",
    "Criteria": "Scoring criteria",
    "Initiatives": "Interventions",
    "CSF": "CSFs",
    "Stakeholders": "Stakeholder map",
    "Decisions": "Decision log",
    "Funding": "Funding pots",
    "Evaluations": "Test and learn",
    "Sources": "Sources and notes",
    "Stocktake settings": "Stocktake Settings",
    "Contributions": "Line of sight",
}
MESSY_ORDER = (
    "About this workbook",
    "Interventions",
    "Scoring criteria",
    "Mission list",
    "PfC milestones",
    "Outcome metrics",
    "Data",
    "CSFs",
    "Stakeholder map",
    "Decision log",
    "Line of sight",
    "Funding pots",
    "Test and learn",
    "Scratch",
    "Sources and notes",
    "Stocktake Settings",
)
MESSY_HEADERS: dict[str, dict[str, str]] = {
    "Missions": {
        "Mission ID": "ID",
        "Mission": "Mission name",
        "Ambition": "Long-term ambition",
        "Horizon": "Horizon year",
        "Lead department": "Lead dept",
        "SRO": "SRO",
        "Board chair": "Chair",
    },
    "Milestones": {
        "Milestone ID": "Ref",
        "Mission ID": "Mission",
        "Milestone": "Milestone",
        "Metric ID": "Metric",
        "Target": "Target",
        "Target date": "Target date (dd/mm/yyyy)",
    },
    "Metrics": {
        "Metric ID": "Metric ID",
        "Mission ID": "Mission",
        "Metric": "Measure",
        "Unit": "Units",
        "Direction": "Polarity",
        "Baseline": "Baseline",
        "Baseline date": "Baseline period",
        "Target": "Target value",
        "Target date": "Target date",
        "Source": "Data source",
        "Milestones": "Informs milestones",
    },
    "Readings": {
        "Metric ID": "Metric ref",
        "Date": "Period",
        "Value": "Value",
        "Kind": "Series",
        "Source": "Data source",
        "Place": "Area",
    },
    "Criteria": {
        "Criterion ID": "ID",
        "Criterion": "Criterion",
        "Horizon": "Group",
        "Milestone ID": "Milestone",
        "Weight": "Swing weight",
        "Scale": "Score range",
        "Rubric": "Scoring guide",
        "Value function": "Value curve",
    },
    "Initiatives": {
        "Initiative ID": "ID",
        "Mission ID": "mission_id",
        "Initiative": "Programme",
        "Lead department": "Lead dept",
        "Partners": "Partners",
        "Sector": "Sector",
        "Stage": "Stage",
        "DCA": "Delivery confidence",
        "Evidence": "Evidence",
        COST_HEADERS[0]: "2025/26 cost",
        COST_HEADERS[1]: "cost_2026_27",
        COST_HEADERS[2]: "Cost 2027-28 (£m)",
        COST_HEADERS[3]: "2028-29 £m",
        COST_HEADERS[4]: "FY2029/30 cost (£m)",
        "FTE": "FTE",
        "Classification": "Classification",
        "Depends on": "Dependencies",
        "Excludes": "Mutually exclusive with",
        "Notes": "Comments",
        "Funding pot": "Budget line",
        "Place": "Nations and regions",
        "Stage since": "In stage since",
        "Project type": "Type of project",
        "Optimism bias": "OB uplift",
    },
    "CSF": {
        "Mission ID": "Mission",
        "Factor": "Critical success factor",
        "Score": "Rating",
        "Evidence": "Commentary",
        "Date": "Assessment date",
    },
    "Funding": {
        "Pot ID": "Pot",
        "Pot name": "Name",
        "Department": "Dept",
        "Capital or resource": "CDEL or RDEL",
        "Year": "FY",
        "Envelope (£m)": "Allocation (£m)",
        "Pooled or ring-fenced": "Ring-fenced",
        "Flexibility": "Carry-over",
    },
    "Evaluations": {
        "Initiative ID": "Intervention ID",
        "Question": "Hypothesis",
        "Measure": "Outcome measure",
        "Success threshold": "What success looks like",
        "Decision date": "Decide by",
        "Result": "Findings",
        "Decision": "Next step",
    },
    "Stakeholders": {
        "Organisation": "Organisation",
        "Sector": "Sector",
        "Mission ID": "Mission",
        "Initiative ID": "Initiative",
        "Role": "Role",
        "Engagement": "Engagement level",
    },
    "Decisions": {
        "Decision ID": "Decision ID",
        "Initiative ID": "Initiative ID",
        "Decision": "Decision",
        "Rationale": "Reason",
        "Owner": "Owner",
        "Review date": "Review by",
        "Meeting": "Forum",
        "Decided at": "Decided at",
        "Decided by": "Decided by",
        "Balance at the time": "Balance",
        "Supersedes": "Replaces",
    },
    "Contributions": {
        "Initiative ID": "Intervention ID",
        "Metric ID": "Measure ID",
        "Expected change": "Expected impact",
        "By when": "Expected by",
        "Confidence": "Certainty",
        "Note": "Note",
    },
}
# Unknown columns the messy twin adds (header -> position after this clean header).
UNKNOWN_INITIATIVE_COLUMNS = ("RAG comment", "Spend to date %")
MESSY_INITIATIVE_ORDER = (
    "Initiative ID",
    "Initiative",
    "Mission ID",
    "Lead department",
    "Partners",
    "Sector",
    "Stage",
    "DCA",
    "RAG comment",
    "Evidence",
    *COST_HEADERS,
    "Spend to date %",
    "FTE",
    "Classification",
    "Depends on",
    "Excludes",
    "Notes",
    "Funding pot",
    "Place",
    "Stage since",
    "Project type",
    "Optimism bias",
)
DCA_SPELLINGS = {
    "Green": ("Green", "G", "green"),
    "Amber/Green": ("Amber/Green", "amber/green", "Amber-Green", "AG"),
    "Amber": ("Amber", "AMBER", "A"),
    "Amber/Red": ("Amber-Red", "Red/Amber", "Amber/Red", "amber red"),
    "Red": ("Red", "R", "RED"),
}
STAGE_SPELLINGS = {
    "Business as usual": ("BAU", "Business as usual"),
    "Test": ("Test", "Pilot"),
    "Scale": ("Scale", "Scaling"),
    "Stopped": ("Stopped", "Closed"),
}
EVIDENCE_SPELLINGS = {
    "Moderate": ("Moderate", "Medium"),
    "Strong": ("Strong", "strong"),
    "Weak": ("Weak", "weak"),
    "None": ("None",),
}
HORIZON_SPELLINGS = {
    "Milestone": "Near-term",
    "Ambition": "Long-term",
    "Deliverability": "Deliverability",
}
DIRECTION_SPELLINGS = {
    "Higher is better": ("Higher", "Up", "Higher is better"),
    "Lower is better": ("Lower", "Down", "Lower is better"),
}
KIND_SPELLINGS = {
    "Actual": ("Actual", "actual", "Outturn"),
    "Trajectory": ("Trajectory", "Plan", "trajectory"),
    "Forecast": ("Forecast", "forecast"),
}


def _uk(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _thousands(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def _money_text(x: float) -> str:
    return f"£{x:.1f}m"


def _fy_label(d: dt.date) -> str | None:
    if d.month == 3 and d.day == 31:
        return f"{d.year - 1}-{d.year % 100:02d}"
    return None


def _quarter_label(d: dt.date) -> str | None:
    if d.month in (3, 6, 9, 12) and d == _me(d.year, d.month):
        return f"{d.year}-Q{d.month // 3}"
    return None


@dataclass
class Planted:
    sheet: str
    cell: str
    severity: str
    what: str
    found: str


@dataclass
class MessySheet:
    """Rows of one messy sheet: title rows, banner, header, data, notes, with positions."""

    name: str
    headers: list[str]
    title: list[str]
    banner: list[tuple[int, int, str]] = field(default_factory=list)  # first col, last col
    data: list[list[Any] | None] = field(default_factory=list)  # None = blank row
    notes: list[str] = field(default_factory=list)
    table: str = ""
    hidden: bool = False
    widths: dict[int, float] = field(default_factory=dict)

    @property
    def header_row(self) -> int:
        """0-based index of the header row."""
        return len(self.title) + (1 if self.banner else 0)

    def next_row(self) -> int:
        """0-based row index the next data row will take."""
        return self.header_row + 1 + len(self.data)

    def cell(self, row0: int, header: str) -> str:
        return xl_rowcol_to_cell(row0, self.headers.index(header))


@dataclass
class Messy:
    sheets: list[MessySheet]
    planted: list[Planted]
    extra_used: dict[str, int]  # entity kind -> extra rows that are still used (warnings)


def build_messy(content: Content, seed: int = SEED + 1) -> Messy:
    rng = random.Random(seed)
    sheets: list[MessySheet] = []
    planted: list[Planted] = []

    def mh(sheet: str, clean: str) -> str:
        return MESSY_HEADERS[sheet][clean]

    def plant(ms: MessySheet, row0: int, header: str, severity: str, what: str, found: str) -> None:
        planted.append(Planted(ms.name, ms.cell(row0, header), severity, what, found))

    # Interventions ------------------------------------------------------------
    crit = content.criteria_ids
    order = [*MESSY_INITIATIVE_ORDER, *crit]
    headers = [MESSY_HEADERS["Initiatives"].get(h, h) for h in order]
    ms = MessySheet(
        "Interventions",
        headers,
        [
            "Mission interventions register – all five missions",
            "Maintained by the mission analysts. Please do not change IDs; add new "
            "rows at the bottom. Costs in £m.",
            "",
        ],
        table="tblInterventions",
    )
    first_cost = order.index(COST_HEADERS[0])
    first_score = order.index(crit[0])
    ms.banner = [
        (0, order.index("Sector"), "What and who"),
        (order.index("Stage"), order.index("Evidence"), "Delivery"),
        (first_cost, first_cost + 4, "Costs (£m)"),
        (order.index("Spend to date %"), order.index("Notes"), "Other"),
        (first_score, first_score + len(crit) - 1, "Scores (0-5)"),
    ]
    formulas_left = 3
    for i, rec in enumerate(content.rows["Initiatives"]):
        if i and i % 23 == 0:
            ms.data.append(None)  # a blank row inside the data
        row: list[Any] = []
        for h in order:
            v = rec.get(h, "")
            if h == "RAG comment":
                v = rng.choice(
                    ("", "", "On track", "Watch costs", "Recovery plan agreed", "Awaiting data")
                )
            elif h == "Spend to date %":
                v = f"{rng.randint(0, 60)}%" if rec["Stage"] != "Idea" else ""
            elif h == "DCA":
                v = rng.choice(DCA_SPELLINGS[v])
            elif h == "Stage" and v in STAGE_SPELLINGS:
                v = rng.choice(STAGE_SPELLINGS[v])
            elif h == "Evidence":
                v = rng.choice(EVIDENCE_SPELLINGS[v])
            elif h == "Classification" and rng.random() < 0.3:
                v = {"OFFICIAL": "Official", "OFFICIAL-SENSITIVE": "Official-Sensitive"}[v]
            elif h in COST_HEADERS and v:
                roll = rng.random()
                if formulas_left and v >= 1.0 and roll < 0.1:
                    a = round(v / 2, 1)
                    b = round(v - a, 1)
                    v = Formula(f"={a}+{b}", v)
                    formulas_left -= 1
                elif roll < 0.35:
                    v = _money_text(v)
                elif roll < 0.45:
                    v = f"{v:.1f}"
            elif h == "FTE" and rng.random() < 0.2:
                v = f" {v} "
            elif h in ("Depends on", "Excludes") and v and rng.random() < 0.5:
                v = v.replace("; ", ", ")
            elif h in crit and rng.random() < 0.06:
                v = f" {v} "
            row.append(v)
        ms.data.append(row)
    twin_rows = {rec["Initiative ID"]: rec for rec in content.rows["Initiatives"]}

    def extra_initiative(iid: str, mission: str, name: str, **over: Any) -> tuple[int, list[Any]]:
        base = {
            "Initiative ID": iid,
            "Mission ID": mission,
            "Initiative": name,
            "Lead department": DEPARTMENTS[mission][0] if mission in DEPARTMENTS else "DfT",
            "Partners": "Local authorities",
            "Sector": "central government",
            "Stage": "Idea",
            "DCA": "Amber",
            "Evidence": "Weak",
            "FTE": 4,
            "Classification": "OFFICIAL",
            "Depends on": "",
            "Excludes": "",
            "Notes": "Illustrative; added after the last stock-take",
            **dict(zip(COST_HEADERS, (0.5, 1.0, 1.5, 1.5, 1.5), strict=True)),
            **dict.fromkeys(crit, 1),
        }
        base.update(over)
        row = [base.get(h, "") for h in order]
        row0 = ms.next_row()
        ms.data.append(row)
        return row0, row

    extras: list[str] = []
    r0, _ = extra_initiative("I-091", "M9", "Rail freight growth corridors")
    plant(
        ms,
        r0,
        "mission_id",
        "error",
        "initiative I-091 names Mission ID 'M9', which is not on the mission list",
        "M9",
    )
    dup = twin_rows["I-042"]
    r0 = ms.next_row()
    ms.data.append(
        [{"RAG comment": "", "Spend to date %": ""}.get(h, dup.get(h, "")) for h in order]
    )
    plant(
        ms, r0, "ID", "error", "initiative ID I-042 appears a second time (duplicate row)", "I-042"
    )
    r0, _ = extra_initiative(
        "I-092", "M2", "Heat pump installer training", **{"Depends on": "I-019; I-999"}
    )
    plant(
        ms,
        r0,
        "Dependencies",
        "warning",
        "'Depends on' names I-999, which is not an initiative in the workbook",
        "I-019; I-999",
    )
    extras.append("I-092")
    r0, _ = extra_initiative(
        "I-093", "M5", "Community pharmacy blood pressure checks", **{"C02": 7}
    )
    plant(ms, r0, "C02", "warning", "score 7 on criterion C02, whose scale is 0-5", "7")
    extras.append("I-093")
    r0, _ = extra_initiative(
        "I-094",
        "M4",
        "Holiday activities and food programme",
        DCA="Purple",
        Place="England; Wessex",
    )
    plant(
        ms,
        r0,
        "Nations and regions",
        "warning",
        "initiative place 'Wessex' is not a UK nation or region",
        "England; Wessex",
    )
    plant(
        ms,
        r0,
        "Delivery confidence",
        "warning",
        "DCA 'Purple' is not a delivery confidence rating",
        "Purple",
    )
    extras.append("I-094")
    r0, _ = extra_initiative(
        "I-095", "M1", "Freeports investment zones extension", **{COST_HEADERS[2]: "twelve"}
    )
    plant(ms, r0, "Cost 2027-28 (£m)", "warning", "cost 'twelve' is not a number", "twelve")
    extras.append("I-095")
    r0, _ = extra_initiative(
        "I-096",
        "M3",
        "Prison places for serious offenders",
        **{COST_HEADERS[1]: Formula("=#REF!*1.2", "#REF!")},
    )
    plant(
        ms,
        r0,
        "cost_2026_27",
        "warning",
        "cost is a formula whose cached value is the error #REF!",
        "#REF!",
    )
    extras.append("I-096")
    r0, _ = extra_initiative("I-097", "M5", "")
    plant(ms, r0, "Programme", "error", "initiative I-097 has no Initiative name (required)", "")
    r0, _ = extra_initiative("I-098", "M2", "Community energy grants", **{crit[2]: "", crit[6]: ""})
    plant(ms, r0, crit[2], "warning", f"no score for {crit[2]} (a milestone criterion)", "")
    plant(ms, r0, crit[6], "warning", f"no score for {crit[6]} (deliverability)", "")
    extras.append("I-098")
    ms.notes = [
        "Source: illustrative – names, costs and scores are not real government plans.",
        "Costs are resource plus capital, £m, nominal prices.",
    ]
    sheets.append(ms)
    extra_initiatives = extras

    # Scoring criteria ---------------------------------------------------------
    order = list(HEADERS["Criteria"])
    ms = MessySheet(
        "Scoring criteria",
        [mh("Criteria", h) for h in order],
        [
            "MCDA criteria and swing weights",
            "Agreed at the mission board; weights are swing weights (0-100).",
        ],
    )
    for rec in content.rows["Criteria"]:
        row = []
        for h in order:
            v = rec[h]
            if h == "Horizon":
                v = HORIZON_SPELLINGS[v]
            elif h == "Weight" and rng.random() < 0.5:
                v = f" {v} "
            row.append(v)
        ms.data.append(row)
    r0 = ms.next_row()
    ms.data.append(
        [
            "C09",
            "Contribution to the interim 65% within 18 weeks",
            "Near-term",
            "MS42",
            0,
            "5-0",
            "\n".join(RUBRICS["Milestone"]),
            "",
        ]
    )
    plant(
        ms,
        r0,
        mh("Criteria", "Scale"),
        "warning",
        "criterion C09's scale is written top first (5-0)",
        "5-0",
    )
    plant(
        ms,
        r0,
        "Milestone",
        "warning",
        "criterion C09 names Milestone ID 'MS42', which does not exist",
        "MS42",
    )
    ms.notes = ["Note: C09 added by the analyst team, weight to be agreed."]
    ms.widths = {1: 50, 6: 60}
    sheets.append(ms)

    # Mission list -----------------------------------------------------------------
    order = list(HEADERS["Missions"])
    ms = MessySheet(
        "Mission list",
        [mh("Missions", h) for h in order],
        ["Missions (Plan for Change, December 2024)"],
    )
    for rec in content.rows["Missions"]:
        ms.data.append(
            [
                f" {rec[h]}" if h == "Horizon" and rec["Mission ID"] == "M2" else rec[h]
                for h in order
            ]
        )
    ms.notes = ["Lead departments per the Cabinet readout of 6 July 2024."]
    ms.widths = {1: 40, 2: 60}
    sheets.append(ms)

    # PfC milestones -------------------------------------------------------------
    order = list(HEADERS["Milestones"])
    ms = MessySheet(
        "PfC milestones",
        [mh("Milestones", h) for h in order],
        ["Plan for Change milestones", "Source: GOV.UK, Plan for Change, 5 December 2024", ""],
    )
    ms.banner = [(0, len(order) - 1, "Milestones by mission")]
    for rec in content.rows["Milestones"]:
        row = []
        for h in order:
            v = rec[h]
            if h == "Target date":
                v = _uk(v)
            elif h == "Target" and isinstance(v, int) and v >= 1000:
                v = _thousands(v)
            row.append(v)
        ms.data.append(row)
    r0 = ms.next_row()
    ms.data.append(
        [
            "MS8",
            "M5",
            "Interim: 65% of patients waiting no longer than 18 weeks",
            "MT99",
            65,
            "31/03/2026",
        ]
    )
    plant(
        ms,
        r0,
        "Metric",
        "warning",
        "milestone MS8 names Metric ID 'MT99', which is not in the metrics",
        "MT99",
    )
    ms.widths = {2: 70}
    sheets.append(ms)

    # Outcome metrics -------------------------------------------------------------
    order = list(HEADERS["Metrics"])
    ms = MessySheet(
        "Outcome metrics",
        [mh("Metrics", h) for h in order],
        ["Outcome metrics – the smallest basket we can defend", ""],
    )
    for rec in content.rows["Metrics"]:
        row = []
        for h in order:
            v = rec[h]
            if h == "Direction":
                v = rng.choice(DIRECTION_SPELLINGS[v])
            elif h == "Baseline" and isinstance(v, int | float) and abs(v) >= 1000:
                v = _thousands(v)
            elif h == "Baseline date":
                v = _uk(v)
            elif h == "Target" and v is not None and v >= 1000:
                v = _thousands(v)
            row.append(v)
        ms.data.append(row)
        if rec["Metric ID"] == "MT08":
            ms.data.append(None)
    r0 = ms.next_row()
    ms.data.append(
        [
            "MT16",
            "M2",
            "Offshore wind capacity operational",
            "GW",
            "Higher",
            14.7,
            "31/12/2024",
            43,
            "29/02/2027",
            "Illustrative (analyst estimate)",
        ]
    )
    plant(
        ms,
        r0,
        "Target date",
        "warning",
        "target date '29/02/2027' is not a real date (2027 is not a leap year)",
        "29/02/2027",
    )
    ms.widths = {2: 60, 9: 60}
    sheets.append(ms)

    # Data (readings), hidden -------------------------------------------------------
    order = list(HEADERS["Readings"])
    ms = MessySheet(
        "Data",
        [mh("Readings", h) for h in order],
        ["Data extract for the dashboard – do not edit by hand", "", ""],
        hidden=True,
    )
    for rec in content.rows["Readings"]:
        if rec.get("Place"):
            ms.data.append(messy_place_reading(rec, order))
            continue
        row = []
        for h in order:
            v = rec.get(h, "")
            if h == "Date":
                fy, q = _fy_label(v), _quarter_label(v)
                if rec["Metric ID"] == "MT04" and fy:
                    v = fy
                elif rec["Metric ID"] == "MT01" and q:
                    v = q
                elif v.month == 12 and v.day == 31 and rec["Kind"] == "Actual":
                    v = v.year  # a bare year means its last day
                elif rng.random() < 0.4:
                    v = _uk(v)
                elif rng.random() < 0.2:
                    v = v.isoformat()
            elif h == "Value" and isinstance(v, int | float):
                if abs(v) >= 1000 and rng.random() < 0.7:
                    v = _thousands(v)
                elif rng.random() < 0.1:
                    v = f" {v} "
            elif h == "Kind":
                v = rng.choice(KIND_SPELLINGS[v])
            row.append(v)
        ms.data.append(row)
    r0 = ms.next_row()
    ms.data.append(["MT05", "31/12/2025", "tbc", "Actual", "NHS England RTT (awaiting data)"])
    plant(ms, r0, "Value", "error", "reading value 'tbc' is not a number", "tbc")
    r0 = ms.next_row()
    ms.data.append(["MT07", "31/02/2027", 0.9, "Plan", ILLUSTRATIVE_TRAJECTORY])
    plant(ms, r0, "Period", "error", "reading date '31/02/2027' is not a real date", "31/02/2027")
    r0 = ms.next_row()
    ms.data.append(["MT09", "30/09/2025", 410, "Actual", ILLUSTRATIVE_PLACE, "Mercia"])
    plant(ms, r0, "Area", "warning", "place 'Mercia' is not a UK nation or region", "Mercia")
    ms.widths = {4: 60}
    sheets.append(ms)

    # CSFs -----------------------------------------------------------------------------
    order = list(HEADERS["CSF"])
    ms = MessySheet(
        "CSFs",
        [mh("CSF", h) for h in order],
        ["Critical success factors – self-assessment (1 = weak, 5 = strong)"],
    )
    for i, rec in enumerate(content.rows["CSF"]):
        if i and i % 5 == 0:
            ms.data.append(None)
        ms.data.append(
            [f" {rec[h]} " if h == "Score" and rng.random() < 0.3 else rec[h] for h in order]
        )
    ms.widths = {1: 55, 3: 60}
    sheets.append(ms)

    # Stakeholder map -----------------------------------------------------------------
    order = list(HEADERS["Stakeholders"])
    ms = MessySheet(
        "Stakeholder map",
        [mh("Stakeholders", h) for h in order],
        ["Stakeholder map", "Engagement: inform / consult / involve / collaborate / empower", ""],
    )
    ms.banner = [(0, 1, "Who"), (2, 3, "Where"), (4, 5, "How")]
    ms.data = [[rec[h] for h in order] for rec in content.rows["Stakeholders"]]
    ms.widths = {0: 40, 4: 40}
    sheets.append(ms)

    # Decision log --------------------------------------------------------------------
    order = list(HEADERS["Decisions"])
    ms = MessySheet(
        "Decision log",
        [mh("Decisions", h) for h in order],
        ["Decision log (append only – never edit a past decision)"],
    )
    for rec in content.rows["Decisions"]:
        ms.data.append([_uk(rec[h]) if h == "Review date" else rec[h] for h in order])
    ms.widths = {3: 60, 6: 40}
    sheets.append(ms)

    sheets.extend(messy_programme(content, plant))

    # Sources and settings ---------------------------------------------------------------
    order = list(HEADERS["Sources"])
    ms = MessySheet("Sources and notes", order, ["Where the real figures come from"])
    ms.data = [[rec[h] for h in order] for rec in content.rows["Sources"]]
    ms.widths = {2: 50, 6: 60, 7: 40}
    sheets.append(ms)
    order = list(HEADERS["Stocktake settings"])
    ms = MessySheet("Stocktake Settings", order, ["Settings used by the Stocktake app", ""])
    ms.data = [[rec[h] for h in order] for rec in content.rows["Stocktake settings"]]
    sheets.append(ms)

    sheets.append(_messy_contributions(content, mh, plant))

    by_name = {s.name: s for s in sheets}
    ordered = [by_name[n] for n in MESSY_ORDER if n in by_name]
    extra_used = {
        "milestones": 1,
        "metrics": 1,
        "criteria": 1,
        "initiatives": len(extra_initiatives),
        "readings": 1,  # the reading for an unknown place is kept, as typed
    }
    return Messy(ordered, planted, extra_used)


def messy_programme(content: Content, plant: Any) -> list[MessySheet]:
    """The messy twin's Funding pots and Test and learn sheets: synonyms for every
    header, money and shares as text, and three planted faults (a year that is not a
    financial year, a carry-over over 100%, a plan for an initiative that does not exist)."""
    rng = random.Random(SEED + 10)
    out = []
    order = list(HEADERS["Funding"])
    ms = MessySheet(
        "Funding pots",
        [MESSY_HEADERS["Funding"][h] for h in order],
        [
            "Funding settlement by pot (illustrative)",
            "Carry-over: share of a year that may move on",
            "",
        ],
    )
    for rec in content.rows["Funding"]:
        row = []
        for h in order:
            v = rec[h]
            if h == "Envelope (£m)" and rng.random() < 0.4:
                v = _money_text(v)
            elif h == "Flexibility" and rng.random() < 0.5:
                v = f"{v:.0%}"
            elif h == "Year" and rng.random() < 0.3:
                v = v.replace("-", "/")
            row.append(v)
        ms.data.append(row)
    r0 = ms.next_row()
    ms.data.append(
        [
            "MHCLG-CAP",
            "Homes and growth capital (illustrative)",
            "MHCLG",
            "Capital",
            "next year",
            5.0,
            "Ring-fenced",
            0.1,
        ]
    )
    plant(ms, r0, "FY", "error", "pot year 'next year' is not a financial year", "next year")
    r0 = ms.next_row()
    ms.data.append(
        [
            "SPARE-POT",
            "Spare (illustrative)",
            "HM Treasury",
            "Resource",
            "2025-26",
            1.0,
            "Pooled",
            "150%",
        ]
    )
    plant(
        ms,
        r0,
        "Carry-over",
        "warning",
        "carry-over of 150% is more than the whole envelope",
        "150%",
    )
    ms.widths = {1: 45}
    out.append(ms)
    order = list(HEADERS["Evaluations"])
    ms = MessySheet(
        "Test and learn",
        [MESSY_HEADERS["Evaluations"][h] for h in order],
        ["Test-and-learn evaluation plans (set before each test)"],
    )
    for rec in content.rows["Evaluations"]:
        ms.data.append([_uk(rec[h]) if h == "Decision date" else rec[h] for h in order])
    r0 = ms.next_row()
    ms.data.append(
        ["I-999", "Illustrative: a plan for a withdrawn intervention", "", "", "", "", ""]
    )
    plant(
        ms,
        r0,
        "Intervention ID",
        "error",
        "evaluation for an intervention that is not listed",
        "I-999",
    )
    ms.widths = {1: 60, 5: 50}
    out.append(ms)
    return out


def write_messy(content: Content, path: Path) -> Messy:
    messy = build_messy(content)
    sheets = messy.sheets
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    wb.set_properties(
        _properties(
            "Mission stocktake – working copy",
            "Sample stock-take workbook: messy layout with planted faults",
        )
    )
    fmts = Formats(wb)
    by_name = {s.name: s for s in sheets}
    for name in MESSY_ORDER:
        ws = wb.add_worksheet(name)
        if name == "About this workbook":
            ws.set_column(0, 0, 110)
            lines = (
                "Mission stock-take – working copy (OFFICIAL)",
                "Illustrative data: initiative names, costs and scores are invented; metric "
                "readings are real published figures (see 'Sources and notes').",
                "The readings sheet is hidden; unhide 'Data' to see it.",
                "Questions to the mission analysts' inbox.",
            )
            for i, line in enumerate(lines):
                ws.write_string(i, 0, line, fmts.subtitle if i == 0 else fmts.wrap)
            continue
        if name == "Scratch":
            ws.write_string(0, 0, "scratch – ignore")
            ws.write_string(2, 1, "check FY26 envelope with finance")
            ws.write_number(3, 1, 1234.5)
            ws.write_formula(4, 1, "=B4*2", None, 2469.0)
            ws.write_string(6, 3, "Amber?")
            continue
        ms = by_name[name]
        for r, line in enumerate(ms.title):
            if line:
                ws.write_string(r, 0, line, fmts.subtitle if r == 0 else fmts.note)
        if ms.banner:
            br = len(ms.title)
            for c0, c1, label in ms.banner:
                if c1 > c0:
                    ws.merge_range(br, c0, br, c1, label, fmts.banner)
                else:
                    ws.write_string(br, c0, label, fmts.banner)
        hr = ms.header_row
        for col, h in enumerate(ms.headers):
            ws.write_string(hr, col, h, fmts.header)
        for i, row in enumerate(ms.data):
            if row is None:
                continue
            for col, v in enumerate(row):
                write_value(ws, hr + 1 + i, col, v, fmts)
        last = hr + len(ms.data)
        if ms.table:
            ws.add_table(
                hr,
                0,
                last,
                len(ms.headers) - 1,
                {
                    "name": ms.table,
                    "style": "Table Style Medium 2",
                    "columns": [{"header": h, "header_format": fmts.header} for h in ms.headers],
                },
            )
        for j, note in enumerate(ms.notes):
            ws.write_string(last + 3 + j, 0, note, fmts.note)
        for col, h in enumerate(ms.headers):
            ws.set_column(col, col, ms.widths.get(col, max(10.0, min(len(h) + 4, 24))))
        if ms.hidden:
            ws.hide()
        if name == "Interventions":
            ws.freeze_panes(hr + 1, 3)
            ws.data_validation(
                hr + 1,
                ms.headers.index("Stage"),
                last,
                ms.headers.index("Stage"),
                {
                    "validate": "list",
                    "ignore_blank": True,
                    "error_type": "information",
                    "source": ["Idea", "Test", "Learn", "Scale", "Business as usual", "Stopped"],
                },
            )
    wb.close()
    return messy


# ---------------------------------------------------------------------------
# The manifest.
# ---------------------------------------------------------------------------


def manifest(content: Content, messy: Messy) -> dict[str, Any]:
    twin = {
        "missions": len(content.rows["Missions"]),
        "milestones": len(content.rows["Milestones"]),
        "metrics": len(content.rows["Metrics"]),
        "readings": len(content.rows["Readings"]),
        "criteria": len(content.rows["Criteria"]),
        "initiatives": len(content.rows["Initiatives"]),
        "decisions": len(content.rows["Decisions"]),
    }
    counts = {k: v + messy.extra_used.get(k, 0) for k, v in twin.items()}
    return {
        "about": "Faults planted in sample_workbooks/messy_layout.xlsx, the messy twin of "
        "plan_for_change.xlsx. Generated by scripts/make_samples.py.",
        "problems": [
            {
                "sheet": p.sheet,
                "cell": p.cell,
                "severity": p.severity,
                "what": p.what,
                "found": p.found,
            }
            for p in messy.planted
        ],
        "twin_counts": twin,
        "messy_counts": counts,
        "messy_counts_note": "Entities the messy workbook yields: the twin's plus the extra "
        "rows whose fault is only a warning (the row is still used).",
        "sheet_map": dict(MESSY_SHEETS),
        "header_map": {MESSY_SHEETS[k]: v for k, v in MESSY_HEADERS.items()},
        "unknown_sheets": ["About this workbook", "Scratch", "Sources and notes"],
        "unknown_columns": {"Interventions": list(UNKNOWN_INITIATIVE_COLUMNS)},
        "hidden_sheets": ["Data"],
        "tables": {"Interventions": "tblInterventions"},
        "date_conventions": {
            "financial year (2015-16)": "its last day, 31 March",
            "quarter (2025-Q3)": "calendar quarter, its last day",
            "bare year (2023)": "31 December of that year",
        },
    }


def generate(out: Path | None = None) -> dict[str, Path]:
    """Write both workbooks and the manifest; return their paths."""
    samples = (out or REPO) / "sample_workbooks"
    data = (out or REPO) / "tests" / "data"
    samples.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    content = build_content()
    clean = samples / "plan_for_change.xlsx"
    messy = samples / "messy_layout.xlsx"
    man = data / "messy_expected_problems.json"
    write_clean(content, clean)
    result = write_messy(content, messy)
    man.write_text(
        json.dumps(manifest(content, result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {"clean": clean, "messy": messy, "manifest": man}


# ---------------------------------------------------------------------------
# Funding pots, place, time in stage, evaluations and dated CSF assessments.
# All figures here are illustrative (pot names say so); the pots are set a little
# below what their initiatives cost, so some bind and the optimiser must choose.
# ---------------------------------------------------------------------------

POTS = (  # pot ID, name, department, capital/resource, pooled, flexibility, share of cost
    ("MHCLG-CAP", "Homes and growth capital (illustrative)", "MHCLG", "Capital", False, 0.1, 0.8),
    ("DESNZ-CAP", "Clean power capital (illustrative)", "DESNZ", "Capital", False, 0.15, 0.85),
    (
        "HO-RES",
        "Neighbourhood policing resource (illustrative)",
        "Home Office",
        "Resource",
        False,
        0.0,
        0.55,
    ),
    ("DFE-RES", "Opportunity resource (illustrative)", "DfE", "Resource", True, 0.05, 0.7),
    ("DHSC-RES", "NHS recovery resource (illustrative)", "DHSC", "Resource", True, 0.05, 0.7),
    (
        "MISSIONS-POOL",
        "Cross-mission test-and-learn fund (illustrative)",
        "HM Treasury",
        "Resource",
        True,
        0.2,
        0.6,
    ),
)
MISSION_POT = {
    "M1": "MHCLG-CAP",
    "M2": "DESNZ-CAP",
    "M3": "HO-RES",
    "M4": "DFE-RES",
    "M5": "DHSC-RES",
}
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
NATIONS = ("Scotland", "Wales", "Northern Ireland")
CSF_EARLIER = dt.date(2025, 6, 30)
CSF_LATEST = dt.date(2025, 12, 31)
EVALUATION_RESULTS = {
    "Scale": ("Illustrative: met the threshold in pilot areas", "Scale"),
    "Stopped": ("Illustrative: no measurable effect against comparison areas", "Stop"),
    "Business as usual": ("Illustrative: effect sustained; absorbed into core funding", "BAU"),
}


def _places(rng: random.Random, mission: str) -> str:
    """England-only for housing and policing (as their milestones are), else a mix."""
    roll = rng.random()
    if mission in ("M1", "M3"):
        return (
            "; ".join(sorted(rng.sample(REGIONS, rng.randint(1, 3)))) if roll < 0.5 else "England"
        )
    if roll < 0.3:
        return "United Kingdom"
    if roll < 0.5:
        return "; ".join(sorted(rng.sample(NATIONS, rng.randint(1, 2))))
    return "England" if roll < 0.8 else rng.choice(REGIONS)


def add_programme(c: Content) -> None:
    """Funding pots and each initiative's pot, place and stage date; evaluation plans;
    an earlier CSF assessment so the trend shows. Its own random stream, so adding it
    changed none of the figures drawn before it."""
    rng = random.Random(SEED + 9)
    initiatives = c.rows["Initiatives"]
    spend: dict[tuple[str, str], float] = {}
    for k, rec in enumerate(initiatives):
        pot = MISSION_POT[rec["Mission ID"]]
        if k % 9 == 4:
            rec["Funding pot"] = ""  # funded centrally: falls on no pot
            split: dict[str, float] = {}
        elif rec["Stage"] in ("Test", "Learn"):
            rec["Funding pot"] = f"{pot} 70%; MISSIONS-POOL 30%"
            split = {pot: 0.7, "MISSIONS-POOL": 0.3}
        else:
            rec["Funding pot"] = pot
            split = {pot: 1.0}
        for year, header in zip(YEARS, COST_HEADERS, strict=True):
            for p, share in split.items():
                spend[p, year] = spend.get((p, year), 0.0) + rec[header] * share
        rec["Place"] = _places(rng, rec["Mission ID"])
        months = rng.randint(1, 30)
        rec["Stage since"] = dt.date(2026, 1, 1) - dt.timedelta(days=30 * months)
    c.rows["Funding"] = [
        {
            "Pot ID": pot,
            "Pot name": name,
            "Department": dept,
            "Capital or resource": kind,
            "Year": year,
            "Envelope (£m)": float(round(spend.get((pot, year), 0.0) * share, 1)),
            "Pooled or ring-fenced": "Pooled" if pooled else "Ring-fenced",
            "Flexibility": flex,
        }
        for pot, name, dept, kind, pooled, flex, share in POTS
        for year in YEARS
    ]
    evaluations = []
    for rec in initiatives:
        stage = rec["Stage"]
        if stage not in ("Test", "Learn", *EVALUATION_RESULTS) or rng.random() < 0.15:
            continue  # some tests run without a plan: the view flags them
        result, decision = EVALUATION_RESULTS.get(stage, ("", ""))
        evaluations.append(
            {
                "Initiative ID": rec["Initiative ID"],
                "Question": f"Illustrative: does {rec['Initiative'].split(' - ')[0]} move "
                "the mission's outcome metrics in the test areas?",
                "Measure": rng.choice(
                    (
                        "Change in the lead outcome metric",
                        "Starts per quarter",
                        "Share of people reached",
                        "Cost per outcome (£)",
                    )
                ),
                "Success threshold": rng.choice(
                    (
                        "+5% against comparison areas",
                        "+10% on baseline",
                        "Cost per outcome under £2,000",
                    )
                ),
                "Decision date": dt.date(2025, 9, 30) + dt.timedelta(days=30 * rng.randint(0, 18)),
                "Result": result,
                "Decision": decision,
            }
        )
    c.rows["Evaluations"] = evaluations
    earlier = []
    for rec in c.rows["CSF"]:
        before = min(5, max(1, rec["Score"] + rng.choice((-1, 0, 0, 1))))
        earlier.append(
            {**rec, "Score": before, "Evidence": CSF_EVIDENCE[before], "Date": CSF_EARLIER}
        )
        rec["Date"] = CSF_LATEST
    c.rows["CSF"] = [*earlier, *c.rows["CSF"]]


# ---------------------------------------------------------------------------
# Readings by place (nation or region). The facts file gives each of these metrics for
# its whole geography only (England and Wales, Great Britain), never split by nation or
# region, so every figure here is illustrative and its Source says so. Each place has its
# own trajectory (a target, or waypoints) where it is judged; London's knife crime has
# actuals only, so it shows the "no trajectory of its own" case.
# ---------------------------------------------------------------------------

ILLUSTRATIVE_PLACE = "Illustrative place reading (not a published figure)"
PLACE_READINGS: tuple[tuple[str, str, str, tuple[tuple[dt.date, float], ...]], ...] = (
    # metric, place, kind, (date, value) ...
    (
        "MT09",
        "England",
        "Actual",
        (
            (dt.date(2023, 9, 30), 50_350),
            (dt.date(2024, 9, 30), 52_280),
            (dt.date(2025, 9, 30), 47_860),
        ),
    ),
    (
        "MT09",
        "England",
        "Trajectory",
        ((dt.date(2024, 9, 30), 52_280), (dt.date(2034, 9, 30), 26_140)),
    ),
    (
        "MT09",
        "Wales",
        "Actual",
        (
            (dt.date(2023, 9, 30), 2_619),
            (dt.date(2024, 9, 30), 2_728),
            (dt.date(2025, 9, 30), 2_570),
        ),
    ),
    ("MT09", "Wales", "Trajectory", ((dt.date(2034, 9, 30), 1_364),)),
    (
        "MT09",
        "London",
        "Actual",
        (
            (dt.date(2023, 9, 30), 15_020),
            (dt.date(2024, 9, 30), 15_940),
            (dt.date(2025, 9, 30), 14_110),
        ),
    ),
    ("MT13", "England", "Actual", ((dt.date(2023, 12, 31), 65.0), (dt.date(2024, 12, 31), 71.0))),
    (
        "MT13",
        "England",
        "Trajectory",
        ((dt.date(2023, 12, 31), 65.0), (dt.date(2030, 12, 31), 95.0)),
    ),
    ("MT13", "Scotland", "Actual", ((dt.date(2023, 12, 31), 89.0), (dt.date(2024, 12, 31), 91.5))),
    ("MT13", "Scotland", "Trajectory", ((dt.date(2030, 12, 31), 99.0),)),
    ("MT13", "Wales", "Actual", ((dt.date(2023, 12, 31), 33.0), (dt.date(2024, 12, 31), 36.0))),
    ("MT13", "Wales", "Trajectory", ((dt.date(2030, 12, 31), 80.0),)),
)
MESSY_PLACE_SPELLINGS = {"Wales": "wales", "London": "London (England)"}


def add_place_readings(c: Content) -> None:
    """The illustrative readings by place, after every other reading."""
    for metric, place, kind, points in PLACE_READINGS:
        c.rows["Readings"] += [
            {
                "Metric ID": metric,
                "Date": when,
                "Value": float(value),
                "Kind": kind,
                "Source": ILLUSTRATIVE_PLACE,
                "Place": place,
            }
            for when, value in points
        ]


def messy_place_reading(rec: dict[str, Any], order: list[str]) -> list[Any]:
    """A reading by place as the messy twin types it: a UK date, the place in another
    spelling the reader still knows."""
    out: dict[str, Any] = {**rec, "Date": _uk(rec["Date"])}
    out["Place"] = MESSY_PLACE_SPELLINGS.get(rec["Place"], rec["Place"])
    return [out[h] for h in order]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write under this directory instead of the repository "
        "(sample_workbooks/ and tests/data/ are created in it)",
    )
    args = parser.parse_args(argv)
    paths = generate(args.out)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
