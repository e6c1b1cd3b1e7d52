"""The vocabulary the workbook contract is written in: field and sheet specs, parsers.

Why apart from :mod:`stocktake.excel.schema`: the header and row readers need only
these types and :func:`norm` (how a header or sheet name is compared), not the long
table of every sheet's synonyms; keeping the small vocabulary on its own lets the
table stay data and the readers depend on no more than they use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Parse(Enum):
    """How a field's cells are read (see :mod:`stocktake.excel.values`)."""

    ID = "id"
    TEXT = "text"
    NUMBER = "number"
    MONEY_M = "money"
    INT = "int"
    DATE = "date"
    DCA = "dca"
    STAGE = "stage"
    EVIDENCE = "evidence"
    CLASSIFICATION = "classification"
    HORIZON = "horizon"
    DECISION = "decision"
    DIRECTION = "direction"
    READING_KIND = "reading_kind"
    SCALE = "scale"
    ID_LIST = "id_list"
    TEXT_LIST = "text_list"
    NUMBER_OR_TEXT = "number_or_text"
    DATETIME = "datetime"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    parse: Parse
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class SheetSpec:
    kind: str
    label: str
    synonyms: tuple[str, ...]
    fields: tuple[FieldSpec, ...]

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.required)


def norm(text: object) -> str:
    """Lower-case letters and digits only, with units in brackets dropped:
    ``"Cost 2025-26 (£m)"`` -> ``"cost202526"``, ``"Mission  ID"`` -> ``"missionid"``."""
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text))
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def F(key: str, label: str, parse: Parse, *synonyms: str, required: bool = False) -> FieldSpec:
    return FieldSpec(key, label, parse, (label, *synonyms), required)
