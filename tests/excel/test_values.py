"""Cell value parsing: what people type must read as Excel would store it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stocktake.excel.values import (
    ValueProblem,
    financial_year,
    fy_end,
    parse_date,
    parse_id_list,
    parse_money_m,
    parse_number,
    parse_scale,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,200", 1200.0),
        (" 3 ", 3.0),
        ("12%", 0.12),
        ("(4.5)", -4.5),
        ("−2", -2.0),
        ("£1.2m", 1_200_000.0),
        ("£2bn", 2e9),
        (7, 7.0),
        (2.5, 2.5),
        ("", None),
        ("   ", None),
    ],
)
def test_numbers_read_as_excel_would_store_them(raw: object, expected: float | None) -> None:
    assert (
        parse_number(raw) == pytest.approx(expected)
        if expected is not None
        else (parse_number(raw) is None)
    )


@pytest.mark.parametrize(
    ("raw", "millions"),
    [("£1.2m", 1.2), ("£800k", 0.8), ("£1.2bn", 1200.0), ("1,200", 1200.0), (3.5, 3.5)],
)
def test_money_columns_are_in_pounds_million(raw: object, millions: float) -> None:
    assert parse_money_m(raw) == pytest.approx(millions)


@pytest.mark.parametrize("raw", ["twelve", "12 apples", "1.2.3", True, "£", "%"])
def test_non_numbers_are_refused_with_what_was_found(raw: object) -> None:
    with pytest.raises(ValueProblem, match=r"expected a number|found"):
        parse_number(raw)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_thousands_separators_and_pound_sign_round_trip(amount) -> None:  # type: ignore[no-untyped-def]
    value = float(amount)
    shown = f"{'-' if value < 0 else ''}£{abs(value):,.2f}"
    assert parse_number(shown) == pytest.approx(value)


@given(st.floats(min_value=0, max_value=10_000, allow_nan=False).map(lambda f: round(f, 3)))
def test_percent_text_is_a_fraction(pct: float) -> None:
    assert parse_number(f"{pct}%") == pytest.approx(pct / 100)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31/03/2029", dt.date(2029, 3, 31)),
        ("1/4/25", dt.date(2025, 4, 1)),
        ("2029-03-31", dt.date(2029, 3, 31)),
        ("31 March 2029", dt.date(2029, 3, 31)),
        ("March 2029", dt.date(2029, 3, 31)),
        ("2025-26", dt.date(2026, 3, 31)),
        ("FY25/26", dt.date(2026, 3, 31)),
        ("2025-Q3", dt.date(2025, 9, 30)),
        ("Q1 2026", dt.date(2026, 3, 31)),
        (45747, dt.date(2025, 3, 31)),
        (dt.datetime(2025, 1, 2, 9, 30), dt.date(2025, 1, 2)),
        (2030, dt.date(2030, 12, 31)),
    ],
)
def test_dates_in_every_form_people_use(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2027", "2025-13-01", "soon", "2025-Q5"])
def test_impossible_dates_are_problems(raw: str) -> None:
    with pytest.raises(ValueProblem):
        parse_date(raw)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_uk_and_iso_text_dates_round_trip(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(float(serial) + 0.25) == day


@given(
    st.integers(min_value=2000, max_value=2098),
    st.sampled_from(
        [
            "{a}-{b:02d}",
            "{a}/{b:02d}",
            "FY{a2:02d}/{b:02d}",
            "{a}-{a1}",
            "Cost {a}-{b:02d} (£m)",
            "cost_{a}_{b:02d}",
            "{a}/{b:02d} cost",
        ]
    ),
)
def test_financial_year_labels_in_any_spelling(start: int, pattern: str) -> None:
    label = pattern.format(a=start, b=(start + 1) % 100, a1=start + 1, a2=start % 100)
    assert financial_year(label) == f"{start}-{(start + 1) % 100:02d}"
    assert fy_end(f"{start}-{(start + 1) % 100:02d}") == dt.date(start + 1, 3, 31)


def test_non_consecutive_years_are_not_a_financial_year() -> None:
    assert financial_year("2025-27") is None
    assert financial_year("Notes") is None


def test_scales_and_id_lists() -> None:
    assert parse_scale("0-5") == (0.0, 5.0)
    assert parse_scale("1 to 10") == (1.0, 10.0)
    assert parse_scale("5-0") == (5.0, 0.0)  # reversed: kept as typed, read as 0-5 later
    with pytest.raises(ValueProblem, match="top of a scale"):
        parse_scale("3-3")
    assert parse_id_list("I-001; I-002,I-003\nI-004") == ("I-001", "I-002", "I-003", "I-004")
    assert parse_id_list("") == ()
