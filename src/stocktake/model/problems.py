"""Problems found in a workbook, each tied to the place a person can go and fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is.

    ``error``: the row (or the workbook) cannot be used as it stands.
    ``warning``: the value was used with a stated default, so the analysis still runs.
    """

    ERROR = "error"
    WARNING = "warning"


_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def quote_sheet(name: str) -> str:
    """Quote a sheet name the way Excel does in a reference (``'My sheet'!A1``)."""
    if _PLAIN_SHEET_NAME.match(name) and not re.match(r"^[A-Za-z]{1,3}\d+$", name):
        return name
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a workbook, in plain English, with its place.

    ``cell`` is an A1 reference (``C14``) or empty for a problem with a whole sheet or
    the whole workbook (then ``sheet`` may be empty too).
    """

    sheet: str
    cell: str
    severity: Severity
    message: str

    @property
    def place(self) -> str:
        """``Sheet!C14``, ``Sheet`` or ``workbook``: what a person looks for in Excel."""
        if not self.sheet:
            return "workbook"
        if not self.cell:
            return quote_sheet(self.sheet)
        return f"{quote_sheet(self.sheet)}!{self.cell}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, str]:
        return {
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": str(self.severity),
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.place}: {self.severity}: {self.message}"
