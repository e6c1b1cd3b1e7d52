"""The ``Stocktake settings`` sheet: one contract, parsed and written here only.

Every front end (the window, each CLI command, a save) reads the workbook's settings
through :func:`parse_settings` and writes them through :meth:`PlanSettings.rows`, so a
bad value gets the same treatment everywhere: a problem naming its cell
(``'Stocktake settings'!B4``) and the default in its place, never a crash in one
command and silence in another.

Keys (case-blind before the colon; what follows keeps its case)::

    balance                 0-1, weight of near-term (milestone) value
    cut:near-term           0-100, the matrix's vertical cut line
    cut:long-term           0-100, the horizontal one
    budget:<FY>             the funding envelope for a financial year, £m
    force_in:<ID>           the reason an initiative is forced into the portfolio
    force_out:<ID>          the reason it is kept out
    fte_cap                 the most FTE the portfolio may use
    max_per_mission         the most initiatives chosen in any one mission
    mission_cap:<ID>        the most chosen in one mission (wins over max_per_mission)
    min_long_term_share     0-1, least share of spend on long-term-led initiatives
    scenario:<name>         a saved scenario, as JSON
    classification          OFFICIAL or OFFICIAL-SENSITIVE
    discount_rate           0-20 %, the Green Book discount rate for years 0-30 (3.5 %)
    price_base_year         the financial year costs are discounted to (first cost year)
    optimism_bias:<type>    the optimism-bias uplift for a project type (``24%``)

Anything else is kept exactly as it was.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from stocktake.engine.matrix import CutLines
from stocktake.engine.optimism_bias import (
    TypeUplift,
    UpliftSource,
    pct,
    type_table,
    type_uplift,
    uplift_of,
)
from stocktake.engine.present_value import GREEN_BOOK, GREEN_BOOK_RATE, Discounting
from stocktake.engine.problem import PortfolioProblem
from stocktake.engine.scenarios import SETTING_PREFIX, Scenario
from stocktake.excel.values import financial_year, parse_money_m
from stocktake.model import Problem, Severity, Workbook
from stocktake.model.workbook import column_letter

DEFAULT_BALANCE = 0.5
CUT_NEAR_KEY = "cut:near-term"
CUT_LONG_KEY = "cut:long-term"
BALANCE = "balance"
CLASSIFICATION = "classification"
BUDGET = "budget:"
FORCE_IN = "force_in:"
FORCE_OUT = "force_out:"
FTE_CAP = "fte_cap"
MAX_PER_MISSION = "max_per_mission"
MISSION_CAP = "mission_cap:"
MIN_LONG_TERM_SHARE = "min_long_term_share"
DISCOUNT_RATE = "discount_rate"
PRICE_BASE_YEAR = "price_base_year"
OPTIMISM_BIAS = "optimism_bias:"
_OWNED_KEYS = (BALANCE, CUT_NEAR_KEY, CUT_LONG_KEY, FTE_CAP, MAX_PER_MISSION, MIN_LONG_TERM_SHARE)
_OWNED_PREFIXES = (BUDGET, FORCE_IN, FORCE_OUT, MISSION_CAP)


@dataclass(frozen=True, slots=True)
class Caps:
    """Limits on the portfolio besides money (all optional)."""

    fte_cap: float | None = None
    max_per_mission: int | None = None
    mission_caps: Mapping[str, int] = field(default_factory=dict)
    min_long_term_share: float | None = None


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """What the workbook's settings say about the plan, parsed and checked."""

    balance: float = DEFAULT_BALANCE
    cuts: CutLines = field(default_factory=CutLines)
    budgets: Mapping[str, float] = field(default_factory=dict)
    force_in: Mapping[str, str] = field(default_factory=dict)
    force_out: Mapping[str, str] = field(default_factory=dict)
    caps: Caps = field(default_factory=Caps)
    scenarios: tuple[Scenario, ...] = ()
    classification: str = "OFFICIAL"
    extra: Mapping[str, str] = field(default_factory=dict)
    """Settings Stocktake does not own (and scenarios it could not read): kept as typed."""
    discounting: Discounting = GREEN_BOOK
    """Present value of costs: ``discount_rate`` and ``price_base_year`` (kept in extra)."""

    def problem(self) -> PortfolioProblem:
        """The portfolio problem these settings describe (without decision exclusions:
        see :func:`stocktake.app.plan.effective_problem`)."""
        return PortfolioProblem(
            budgets=dict(self.budgets),
            force_in=dict(self.force_in),
            force_out=dict(self.force_out),
            fte_cap=self.caps.fte_cap,
            max_per_mission=self.caps.max_per_mission,
            mission_caps=dict(self.caps.mission_caps),
            min_long_term_share=self.caps.min_long_term_share,
        )

    def rows(self) -> dict[str, object]:
        """The settings sheet's rows, in a stable order: owned keys, then the rest."""
        out: dict[str, object] = {
            BALANCE: round(self.balance, 6),
            CUT_NEAR_KEY: round(self.cuts.near_term, 6),
            CUT_LONG_KEY: round(self.cuts.long_term, 6),
            CLASSIFICATION: self.classification,
        }
        out.update({BUDGET + y: self.budgets[y] for y in sorted(self.budgets)})
        c = self.caps
        optional = {
            FTE_CAP: c.fte_cap,
            MAX_PER_MISSION: c.max_per_mission,
            MIN_LONG_TERM_SHARE: c.min_long_term_share,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        out.update({MISSION_CAP + m: c.mission_caps[m] for m in sorted(c.mission_caps)})
        out.update({FORCE_IN + k: v for k, v in self.force_in.items()})
        out.update({FORCE_OUT + k: v for k, v in self.force_out.items()})
        for s in self.scenarios:
            out[s.setting_key] = scenario_json(s)
        for key, text in self.extra.items():
            out.setdefault(key, _number_or_text(text))
        return out

    def with_problem(self, problem: PortfolioProblem) -> PlanSettings:
        """These settings with the envelopes, forced items and caps of ``problem``."""
        return dataclasses.replace(
            self,
            budgets=dict(problem.budgets),
            force_in=dict(problem.force_in),
            force_out=dict(problem.force_out),
            caps=Caps(
                problem.fte_cap,
                problem.max_per_mission,
                dict(problem.mission_caps),
                problem.min_long_term_share,
            ),
        )


def money_m(text: object) -> float | None:
    """An amount in £m as people type it (``£12.5m``, ``1,200``), or ``None``."""
    try:
        value = parse_money_m(text)
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and value >= 0 else None


def parse_budget(text: str) -> tuple[str, float] | None:
    """``2025-26=120`` (a financial year and £m, as typed on a command line), or ``None``."""
    year, sep, amount = text.partition("=")
    fy = financial_year(year.strip())
    value = money_m(amount.strip()) if sep else None
    if fy is None or value is None:
        return None
    return fy, value


def scenario_json(scenario: Scenario) -> str:
    """A scenario's JSON with its name inside, so the name survives a key typed by hand."""
    data = json.loads(scenario.to_json())
    data["name"] = scenario.name
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def _number_or_text(text: str) -> object:
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


class _Parser:
    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.problems: list[Problem] = []
        layout = wb.layouts.get("settings")
        self.sheet = layout.sheet if layout else "Stocktake settings"
        self.value_col = layout.columns.get("value", 1) if layout else 1

    def bad(self, key: str, text: str, expected: str, default: str) -> None:
        row = self.wb.setting_rows.get(key)
        cell = f"{column_letter(self.value_col)}{row}" if row else ""
        self.problems.append(
            Problem(
                self.sheet,
                cell,
                Severity.WARNING,
                f"the setting {key!r} is {text!r}, not {expected}; {default}.",
            )
        )

    def number(
        self, key: str, text: str, lo: float, hi: float, expected: str, default: str
    ) -> float | None:
        try:
            value = float(str(text).strip().rstrip("%")) / (
                100.0 if str(text).strip().endswith("%") else 1.0
            )
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and lo <= value <= hi):
            self.bad(key, text, expected, default)
            return None
        return value


def parse_settings(wb: Workbook) -> tuple[PlanSettings, list[Problem]]:
    """The workbook's settings, each bad value reported by cell and left at its default."""
    p = _Parser(wb)
    ids = {i.casefold(): i for i in wb.initiatives}
    missions = {m.casefold(): m for m in wb.missions}
    balance = DEFAULT_BALANCE
    cuts = [50.0, 50.0]
    budgets: dict[str, float] = {}
    forced: dict[str, dict[str, str]] = {FORCE_IN: {}, FORCE_OUT: {}}
    fte_cap: float | None = None
    max_per_mission: int | None = None
    min_long_term_share: float | None = None
    mission_caps: dict[str, int] = {}
    scenarios: list[Scenario] = []
    extra: dict[str, str] = {}
    inf = math.inf
    for key, text in wb.settings.items():
        low = key.casefold()
        if low == BALANCE:
            v = p.number(key, text, 0, 1, "a balance from 0 to 1", "0.5 is used")
            balance = DEFAULT_BALANCE if v is None else v
        elif low in (CUT_NEAR_KEY, CUT_LONG_KEY):
            v = p.number(key, text, 0, 100, "a value from 0 to 100", "50 is used")
            cuts[0 if low == CUT_NEAR_KEY else 1] = 50.0 if v is None else v
        elif low.startswith(BUDGET):
            fy = financial_year(key[len(BUDGET) :].strip())
            amount = money_m(text)
            if fy is None or amount is None:
                p.bad(
                    key,
                    text,
                    "an envelope in £m for a financial year such as 2025-26",
                    "no envelope is set for that year",
                )
            else:
                budgets[fy] = amount
        elif low.startswith((FORCE_IN, FORCE_OUT)):
            prefix = FORCE_IN if low.startswith(FORCE_IN) else FORCE_OUT
            iid = ids.get(key[len(prefix) :].strip().casefold())
            if iid is None:
                p.bad(
                    key,
                    text,
                    "about an initiative in this workbook",
                    "the setting is kept but has no effect",
                )
                extra[key] = text
            else:
                forced[prefix][iid] = str(text)
        elif low == FTE_CAP:
            fte_cap = p.number(
                key, text, 0, inf, "a number of FTE (0 or more)", "no FTE cap is set"
            )
        elif low == MAX_PER_MISSION:
            v = p.number(key, text, 0, inf, "a whole number", "no cap is set")
            max_per_mission = None if v is None else int(v)
        elif low == MIN_LONG_TERM_SHARE:
            min_long_term_share = p.number(
                key, text, 0, 1, "a share from 0 to 1 (or 30%)", "no minimum is set"
            )
        elif low.startswith(MISSION_CAP):
            mid = missions.get(key[len(MISSION_CAP) :].strip().casefold())
            v = p.number(key, text, 0, inf, "a whole number", "no cap is set for it")
            if mid is not None and v is not None:
                mission_caps[mid] = int(v)
        elif low.startswith(SETTING_PREFIX):
            scenario = _scenario(p, key, text)
            if scenario is None:
                extra[key] = text
            else:
                scenarios.append(scenario)
        elif low != CLASSIFICATION:
            extra[key] = text
    settings = PlanSettings(
        balance=balance,
        cuts=CutLines(cuts[0], cuts[1]),
        budgets=budgets,
        force_in=forced[FORCE_IN],
        force_out={k: v for k, v in forced[FORCE_OUT].items() if k not in forced[FORCE_IN]},
        caps=Caps(fte_cap, max_per_mission, mission_caps, min_long_term_share),
        scenarios=tuple(scenarios),
        classification=wb.classification.value,
        extra=extra,
        discounting=_discounting(p, wb),
    )
    return settings, p.problems


def _discounting(p: _Parser, wb: Workbook) -> Discounting:
    """``discount_rate`` (0-20 %, default the Green Book's 3.5 %) and ``price_base_year``
    (a financial year; default the first cost year). Both stay in ``extra``, so they
    are written back exactly as typed."""
    rate = GREEN_BOOK_RATE
    base: str | None = None
    for key, text in wb.settings.items():
        low = key.casefold()
        if low == DISCOUNT_RATE:
            v = p.number(
                key,
                text,
                0,
                0.2,
                "a rate from 0 to 20% such as 3.5%",
                "the Green Book's 3.5% is used",
            )
            rate = GREEN_BOOK_RATE if v is None else v
        elif low == PRICE_BASE_YEAR:
            fy = financial_year(str(text).strip())
            if fy is None:
                p.bad(key, text, "a financial year such as 2025-26", "the first cost year is used")
            base = fy
    return Discounting(rate, base, _type_uplifts(p, wb))


def _scenario(p: _Parser, key: str, text: str) -> Scenario | None:
    name = key[len(SETTING_PREFIX) :]
    try:
        scenario = Scenario.from_json(name, text)
        typed = json.loads(text).get("name")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        p.bad(
            key,
            text[:40] + ("…" if len(text) > 40 else ""),
            f"a scenario Stocktake can read ({exc})",
            "it is kept as it is, unused",
        )
        return None
    if isinstance(typed, str) and typed.strip():
        scenario = dataclasses.replace(scenario, name=typed)
    return scenario


@dataclass(frozen=True, slots=True)
class SettingsUpdate:
    """The settings written into the workbook's own settings sheet, cell by cell.

    Used when the workbook already has a settings sheet (whatever its name and layout:
    title rows, a header further down): values change in place, new keys go below the
    last one, keys no longer used are blanked. Nothing else on the sheet moves.
    """

    cells: tuple[tuple[str, int, int, object], ...]
    """(sheet, row, 0-based column, value) for each cell to write."""
    rows: Mapping[str, int]
    """Where each key will be after the write (for the next save)."""


def settings_update(wb: Workbook, settings: PlanSettings) -> SettingsUpdate | None:
    """The cell writes that bring the workbook's settings sheet to ``settings``, or
    ``None`` when it has no settings sheet (then the whole sheet is written)."""
    layout = wb.layouts.get("settings")
    if layout is None or "key" not in layout.columns or "value" not in layout.columns:
        return None
    key_col, value_col = layout.columns["key"], layout.columns["value"]
    wanted = settings.rows()
    old_rows = dict(wb.setting_rows)
    cells: list[tuple[str, int, int, object]] = []
    rows: dict[str, int] = {}
    next_row = max([layout.header_row, *old_rows.values()]) + 1
    for key, value in wanted.items():
        row = old_rows.get(key)
        if row is None:
            row, next_row = next_row, next_row + 1
            cells.append((layout.sheet, row, key_col, key))
            cells.append((layout.sheet, row, value_col, value))
        elif wb.settings.get(key) != as_text(value):
            cells.append((layout.sheet, row, value_col, value))
        rows[key] = row
    for key, row in old_rows.items():
        if key not in wanted:
            cells += [(layout.sheet, row, key_col, None), (layout.sheet, row, value_col, None)]
    return SettingsUpdate(tuple(cells), rows)


def as_text(value: object) -> str:
    """How the reader gives a value back (numbers as they would read: ``0.5``, ``182``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _type_uplifts(p: _Parser, wb: Workbook) -> tuple[TypeUplift, ...]:
    """``optimism_bias:<project type>`` rows (``24%``, ``0.24`` or ``24``), kept in
    ``extra`` as typed. A bad value is a problem at its cell and the type keeps the
    Green Book's upper bound (or none); so is an initiative whose Project type is
    neither a Green Book category nor given a row here, since no uplift can apply."""
    rows: list[TypeUplift] = []
    for key, text in wb.settings.items():
        if not key.casefold().replace(" ", "_").startswith(OPTIMISM_BIAS):
            continue
        kind = key.split(":", 1)[1].strip()
        if not kind:
            p.bad(key, text, "about a project type", "it has no effect")
            continue
        v = p.number(
            key,
            text,
            0,
            300,
            "an uplift from 0 to 300% such as 24%",
            f"the uplift for {kind} stays at {pct(type_uplift(kind, {}).value)}",
        )
        uplift = uplift_of(v)
        if uplift is not None:
            row = wb.setting_rows.get(key)
            cell = f"'{p.sheet}'!{column_letter(p.value_col)}{row}" if row else ""
            rows.append(TypeUplift(kind, uplift, cell))
    p.problems.extend(_untyped_uplifts(wb, rows))
    return tuple(rows)


def _untyped_uplifts(wb: Workbook, rows: list[TypeUplift]) -> list[Problem]:
    """A Project type cell that no uplift can come from (not a Green Book category, no
    settings row), on an initiative without an uplift of its own: said at the cell."""
    layout = wb.layouts.get("initiatives")
    if layout is None:
        return []
    table = type_table(rows)
    out: list[Problem] = []
    gives: dict[str, bool] = {}  # by type: looked up once, however many initiatives
    for ini in wb.initiatives.values():
        kind = (ini.project_type or "").strip()
        if not kind or uplift_of(ini.optimism_bias) is not None:
            continue
        if kind not in gives:
            gives[kind] = type_uplift(kind, table).source is not UpliftSource.NONE
        if not gives[kind]:
            cell = layout.cell(ini.row, "project_type")
            out.append(
                Problem(
                    layout.sheet,
                    cell.a1 if cell else "",
                    Severity.WARNING,
                    f"{ini.id}: the project type {kind!r} has no optimism-bias uplift (the "
                    "Green Book gives none for it and the settings have no row "
                    f"'{OPTIMISM_BIAS}{kind}'); its costs are not uplifted.",
                )
            )
    return out
