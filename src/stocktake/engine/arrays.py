"""The numbers of a workbook as numpy arrays, built once and reused by every calculation.

Why: the balance slider rescores every initiative on each movement, and Monte Carlo
draws thousands of weight vectors. Both are only fast if the per-criterion scores are
already normalised into one matrix and the per-group weights into another, so that a
rescore is a handful of vector operations and a batch of draws is one matrix product.

The scores are *absolute* (Green Book linear additive model): a criterion's points
for a score depend only on the score and the criterion's value function and
do-nothing level (:mod:`stocktake.model.value_scale`; by default the straight line
``v = 100 (s - lo) / (hi - lo)`` above the bottom of the scale), never on the other
initiatives in the list.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from stocktake.engine.benefits import Benefits, monetised_benefits
from stocktake.engine.optimism_bias import Uplift, resolve, type_table
from stocktake.engine.present_value import GREEN_BOOK, Discounting, present_value
from stocktake.model import Criterion, Horizon, Initiative, Workbook
from stocktake.model.value_scale import (
    ValueScale,
    below_phrase,
    missing_phrase,
    value_scale,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MILESTONE, AMBITION, DELIVERABILITY = 0, 1, 2
"""Column indices of the three value groups in :attr:`ScoreArrays.group_values`."""

NOT_VALUED = -1
"""Group code of criteria that do not enter value (the Cost horizon: cost is counted in £m)."""

GROUP_OF_HORIZON: dict[Horizon, int] = {
    Horizon.MILESTONE: MILESTONE,
    Horizon.AMBITION: AMBITION,
    Horizon.DELIVERABILITY: DELIVERABILITY,
    Horizon.COST: NOT_VALUED,
}
GROUP_NAMES: tuple[str, str, str] = ("Milestone", "Ambition", "Deliverability")
EMPTY_GROUP_VALUE: tuple[float, float, float] = (0.0, 0.0, 100.0)
"""Value of a group with no weighted criteria: no milestone/ambition value, full deliverability."""


class ScoreWarning(NamedTuple):
    """Something the scores had to assume, as data the UI or CLI can show.

    ``initiative_id`` or ``criterion_id`` is empty when the warning is about the whole
    workbook or a whole criterion.
    """

    initiative_id: str
    criterion_id: str
    message: str


@dataclass(frozen=True, slots=True, eq=False)
class ScoreArrays:
    """Everything the engine needs, as aligned arrays (row i = initiative ``ids[i]``).

    ``normalised`` holds the points in [0, 100] per initiative and criterion: benefit
    above the do-nothing level on Milestone and Ambition criteria, value on the
    Deliverability ones (blank or off-scale scores as :func:`missing_phrase` says);
    ``group_values`` holds N, L, D per initiative at the current ``weights``.
    ``tie_order[i]`` is the position of initiative i when values tie (lower total cost
    first, then ID), so a rank never depends on input order.
    """

    ids: tuple[str, ...]
    missions: tuple[str, ...]
    criteria: tuple[str, ...]
    criterion_names: tuple[str, ...]
    groups: IntArray
    weights: FloatArray
    scale_lo: FloatArray
    scale_hi: FloatArray
    raw: FloatArray
    normalised: FloatArray
    scales: tuple[ValueScale, ...]
    """Each criterion's value function and do-nothing level (``model.value_scale``)."""
    years: tuple[str, ...]
    costs: FloatArray
    total_cost: FloatArray
    fte: FloatArray
    depends: IntArray
    excludes: IntArray
    tie_order: IntArray
    group_values: FloatArray
    warnings: tuple[ScoreWarning, ...]
    uplift: FloatArray = dataclasses.field(default_factory=lambda: np.zeros(0))
    """Each initiative's optimism-bias uplift u (0.24 = 24 %; 0 when none applies)."""
    uplifts: tuple[Uplift, ...] = ()
    """Where each uplift came from, in words (``engine.optimism_bias``)."""
    pv_cost: FloatArray = dataclasses.field(default_factory=lambda: np.zeros(0))
    """Green Book present value of the yearly costs × (1 + u) (``engine.present_value``)."""
    discounting: Discounting = GREEN_BOOK
    benefits: Benefits | None = None
    """Monetised benefits by year where given, discounted like the costs
    (``engine.benefits``); shown beside the costs, never used to choose."""
    exact_groups: dict[bytes, Any] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """The exact group values worked out so far (:class:`engine.exact.ExactValues`), by
    row of scores. They depend on the scores and weights, never on the balance, so every
    re-score of these arrays shares them: made afresh, they cost 0.1-0.3 s a score on
    10k initiatives with a few near ties, on the GUI thread at each dial movement and
    each switching sweep. Not an init field, so ``with_weights`` starts an empty one."""

    @property
    def n(self) -> int:
        return len(self.ids)

    def index(self, initiative_id: str) -> int:
        """Row of an initiative; a plain ``KeyError`` naming it when it is not there."""
        try:
            return self._index_map()[initiative_id]
        except KeyError:
            raise KeyError(f"no initiative with ID {initiative_id!r}") from None

    def _index_map(self) -> dict[str, int]:
        return {i: k for k, i in enumerate(self.ids)}

    def indices(self, initiative_ids: Iterable[str]) -> list[int]:
        lookup = self._index_map()
        out = []
        for iid in initiative_ids:
            if iid not in lookup:
                raise KeyError(f"no initiative with ID {iid!r}")
            out.append(lookup[iid])
        return out

    @property
    def near_term(self) -> FloatArray:
        return self.group_values[:, MILESTONE]

    @property
    def long_term(self) -> FloatArray:
        return self.group_values[:, AMBITION]

    @property
    def deliverability(self) -> FloatArray:
        return self.group_values[:, DELIVERABILITY]

    def group_weight_matrix(self, weights: FloatArray | None = None) -> FloatArray:
        """(C, 3) matrix G with G[c, g] = w_c / Σ_{c' in g} w_c', so values = normalised @ G."""
        return group_weight_matrix(self.groups, self.weights if weights is None else weights)

    def with_weights(self, weights: Mapping[str, float]) -> ScoreArrays:
        """The same initiatives scored with some swing weights replaced (a scenario, a what-if)."""
        new = self.weights.copy()
        for cid, w in weights.items():
            if cid not in self.criteria:
                raise KeyError(f"no criterion with ID {cid!r}")
            if not math.isfinite(w) or w < 0:
                raise ValueError(f"weight of {cid} must be a number >= 0, not {w}")
            new[self.criteria.index(cid)] = float(w)
        return dataclasses.replace(
            self, weights=new, group_values=group_values(self.normalised, self.groups, new)
        )


def group_weight_matrix(groups: IntArray, weights: FloatArray) -> FloatArray:
    """Per-group normalised weights, G[..., c, g] = w_c / Σ_{c' in g} w_c'.

    ``weights`` may be one vector (C,) or a batch of draws (B, C); a group whose weights
    sum to 0 gets an all-zero column (its value then takes :data:`EMPTY_GROUP_VALUE`).
    """
    w = np.asarray(weights, dtype=np.float64)
    out = np.zeros((*w.shape, 3))
    for k in range(3):
        mask = groups == k
        total = w[..., mask].sum(axis=-1, keepdims=True)
        safe = np.where(total > 0, total, 1.0)
        out[..., mask, k] = np.where(total > 0, w[..., mask] / safe, 0.0)
    return out


def group_values(normalised: FloatArray, groups: IntArray, weights: FloatArray) -> FloatArray:
    """N, L, D: Σ w·v / Σ w per group, with the empty-group defaults.

    For one weight vector (C,) the result is (n, 3); for a batch (B, C) it is (n, B, 3),
    one matrix product per batch, which is what makes Monte Carlo draws cheap.
    """
    g = group_weight_matrix(groups, weights)
    if g.ndim == 2:
        values = normalised @ g
    else:
        values = np.einsum("nc,bcg->nbg", normalised, g, optimize=True)
    empty = ~g.any(axis=-2)  # (3,) or (B, 3)
    if empty.any():
        values = np.where(empty, np.asarray(EMPTY_GROUP_VALUE), values)
    return values


def _tie_order(total_cost: FloatArray, ids: tuple[str, ...]) -> IntArray:
    """Position of each initiative in the tie-break order: lower total cost, then ID.

    Costs are compared in whole pounds (£m to six decimals), so 0.1 + 0.2 and 0.3 are the
    same cost and the ID decides, as documented, not floating-point noise."""
    pounds = np.round(np.asarray(total_cost, dtype=np.float64) * 1e6)
    order = sorted(range(len(ids)), key=lambda i: (pounds[i], ids[i]))
    pos = np.empty(len(ids), dtype=np.int64)
    pos[np.asarray(order, dtype=np.int64)] = np.arange(len(ids), dtype=np.int64)
    return pos


def _benefits(
    usable: list[Criterion],
    raw: FloatArray,
    groups: IntArray,
    ids: tuple[str, ...],
    warnings: list[ScoreWarning],
) -> tuple[tuple[ValueScale, ...], FloatArray]:
    """Each criterion's checked scale, and the points every score gives: value above the
    do-nothing level on benefit criteria, value on the others (``model.value_scale``).

    Vectorised with ``numpy.interp``, which is the same piecewise-linear rule as
    :func:`stocktake.model.value_scale.interpolate` (flat beyond the end points)."""
    n = raw.shape[0]
    scales: list[ValueScale] = []
    out = np.zeros((n, len(usable)))
    for k, c in enumerate(usable):
        scale, notes = value_scale(c)
        scales.append(scale)
        warnings.extend(ScoreWarning("", c.id, message) for _key, message in notes)
        col = raw[:, k]
        if groups[k] != NOT_VALUED and c.weight > 0:  # a zero weight: nothing assumed matters
            counted = missing_phrase(scale)
            for r in np.flatnonzero(np.isnan(col)):
                warnings.append(
                    ScoreWarning(ids[r], c.id, f"{ids[r]} has no score for {c.id}; {counted}")
                )
            for r in np.flatnonzero((col < scale.lo) | (col > scale.hi)):
                warnings.append(
                    ScoreWarning(
                        ids[r],
                        c.id,
                        f"{ids[r]} scores {col[r]:g} on {c.id}, outside its scale "
                        f"{scale.lo:g}-{scale.hi:g}; left out of the value: {counted}",
                    )
                )
        usable_score = ~np.isnan(col) & (col >= scale.lo) & (col <= scale.hi)
        filled = np.where(usable_score, col, scale.missing_score)
        xs = np.array([p[0] for p in scale.points])
        ys = np.array([p[1] for p in scale.points])
        value = np.interp(filled, xs, ys)
        if scale.is_benefit:
            base = float(np.interp(scale.do_nothing, xs, ys))
            if groups[k] != NOT_VALUED and c.weight > 0:
                for r in np.flatnonzero(usable_score & (value < base)):
                    message = f"{ids[r]} {below_phrase(scale, float(col[r]), c.id)}"
                    warnings.append(ScoreWarning(ids[r], c.id, message))
            value = np.maximum(value - base, 0.0)
        out[:, k] = value
    return tuple(scales), out


def _links(
    inits: list[Initiative],
    lookup: Mapping[str, int],
    key: str,
    verb: str,
    noun: str,
    warnings: list[ScoreWarning],
) -> set[tuple[int, int]]:
    """(row, other row) for each ID in an initiative's ``depends_on`` or ``excludes``;
    one naming itself is dropped, one not in the list is a warning and ignored."""
    out: set[tuple[int, int]] = set()
    for r, init in enumerate(inits):
        for other in getattr(init, key):
            if other == init.id:
                continue
            if other not in lookup:
                said = f"{init.id} {verb} {other}, which is not in the list"
                warnings.append(ScoreWarning(init.id, "", f"{said}; the {noun} is ignored"))
                continue
            out.add((r, lookup[other]))
    return out


def build_arrays(
    initiatives: Iterable[Initiative],
    criteria: Iterable[Criterion],
    financial_years: Iterable[str] = (),
    discounting: Discounting = GREEN_BOOK,
) -> ScoreArrays:
    """Build the arrays from model records; every assumption made is returned as a warning."""
    inits = list(initiatives)
    crits = list(criteria)
    warnings: list[ScoreWarning] = []
    ids = tuple(i.id for i in inits)
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"initiative IDs must be unique; repeated: {', '.join(dup)}")

    usable: list[Criterion] = []
    for c in crits:
        if not (c.scale_hi > c.scale_lo):
            warnings.append(
                ScoreWarning(
                    "",
                    c.id,
                    (
                        f"criterion {c.id} has an empty scale {c.scale_lo:g}-{c.scale_hi:g}; "
                        "it is left out of every value"
                    ),
                )
            )
        elif not math.isfinite(c.weight) or c.weight < 0:
            warnings.append(
                ScoreWarning(
                    "",
                    c.id,
                    (
                        f"criterion {c.id} has weight {c.weight}; a swing weight must be >= 0, "
                        "so it is left out of every value"
                    ),
                )
            )
        else:
            usable.append(c)

    n, m = len(inits), len(usable)
    groups = np.array([GROUP_OF_HORIZON[c.horizon] for c in usable], dtype=np.int64)
    weights = np.array([float(c.weight) for c in usable], dtype=np.float64)
    lo = np.array([float(c.scale_lo) for c in usable], dtype=np.float64)
    hi = np.array([float(c.scale_hi) for c in usable], dtype=np.float64)
    # One nested list handed to numpy (None becomes NaN): ten times faster than filling
    # cell by cell, which mattered when 10k initiatives are opened.
    cids = [c.id for c in usable]
    raw = np.array(
        [[init.scores.get(cid) for cid in cids] for init in inits], dtype=np.float64
    ).reshape(n, m)

    scales, normalised = _benefits(usable, raw, groups, ids, warnings)

    present = {int(g) for g, w in zip(groups, weights, strict=True) if w > 0}
    for k, label in ((MILESTONE, "near-term (Milestone)"), (AMBITION, "long-term (Ambition)")):
        if k not in present:
            warnings.append(
                ScoreWarning(
                    "", "", (f"no weighted {label} criteria: that value is 0 for every initiative")
                )
            )

    years = list(dict.fromkeys(financial_years))
    for init in inits:
        for y in init.costs:
            if y not in years:
                years.append(y)
    costs = np.array(
        [[float(i.costs.get(y, 0.0) or 0.0) for y in years] for i in inits], dtype=np.float64
    ).reshape(n, len(years))
    total = costs.sum(axis=1)
    by_type = type_table(discounting.type_uplifts)
    seen: dict[str, Uplift] = {}
    uplifts = tuple(resolve(i.optimism_bias, i.project_type, by_type, seen) for i in inits)
    uplift = np.array([u.value for u in uplifts], dtype=np.float64)
    pv_cost = present_value(costs, years, uplift, discounting)
    fte = np.array([np.nan if i.fte is None else float(i.fte) for i in inits], dtype=np.float64)

    lookup = {iid: k for k, iid in enumerate(ids)}
    deps = _links(inits, lookup, "depends_on", "depends on", "dependency", warnings)
    excl = {
        (min(r, j), max(r, j))
        for r, j in _links(inits, lookup, "excludes", "excludes", "exclusion", warnings)
    }

    return ScoreArrays(
        ids=ids,
        missions=tuple(i.mission_id for i in inits),
        criteria=tuple(c.id for c in usable),
        criterion_names=tuple(c.name for c in usable),
        groups=groups,
        weights=weights,
        scale_lo=lo,
        scale_hi=hi,
        raw=raw,
        normalised=normalised,
        scales=scales,
        years=tuple(years),
        costs=costs,
        total_cost=total,
        fte=fte,
        depends=np.array(sorted(deps), dtype=np.int64).reshape(-1, 2),
        excludes=np.array(sorted(excl), dtype=np.int64).reshape(-1, 2),
        tie_order=_tie_order(total, ids),
        group_values=group_values(normalised, groups, weights),
        warnings=tuple(warnings),
        uplift=uplift,
        uplifts=uplifts,
        pv_cost=pv_cost,
        discounting=discounting,
        benefits=monetised_benefits(inits, years, discounting),
    )


def arrays_from_workbook(workbook: Workbook, discounting: Discounting = GREEN_BOOK) -> ScoreArrays:
    """The arrays for a whole workbook, in the workbook's initiative order.

    ``discounting`` comes from the workbook's settings (``app.settings``); the default
    is the Green Book's 3.5 % from the first cost year."""
    return build_arrays(
        workbook.initiatives.values(),
        workbook.criteria.values(),
        workbook.financial_years,
        discounting,
    )
