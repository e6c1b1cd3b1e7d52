"""Random LP portfolios for the fill and swap tests: yearly envelopes (some tight, some
loose), dependencies as negative coefficients, an LP point and its prices."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse


def lp_instance(seed: int, n: int, dependencies: bool = True) -> tuple[Any, ...]:
    """``(a, b, lower, upper, values, x_lp, reduced)`` for ``n`` items: three envelopes
    and, with ``dependencies``, up to n/3 rows "item i needs item j"; about 5 % of the
    items forced out (upper bound 0)."""
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0.1, 10.0, size=(3, n)) * (rng.random((3, n)) < 0.8)
    rows = [costs]
    for _ in range(int(rng.integers(0, n // 3 + 1)) if dependencies else 0):
        i, j = rng.choice(n, size=2, replace=n < 2)
        dep = np.zeros((1, n))
        dep[0, i] += 1.0
        dep[0, j] -= 1.0
        rows.append(dep)
    a = sparse.csc_array(np.vstack(rows))
    b = np.concatenate([costs.sum(axis=1) * rng.uniform(0.05, 1.2, 3), np.zeros(len(rows) - 1)])
    values = rng.uniform(0.0, 100.0, n)
    x_lp = np.where(rng.random(n) < 0.3, 1.0, rng.random(n) * (rng.random(n) < 0.2))
    reduced = rng.normal(0.0, 10.0, n)
    upper = (rng.random(n) < 0.95).astype(float)
    return a, b, np.zeros(n), upper, values, x_lp, reduced
