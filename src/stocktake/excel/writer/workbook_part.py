"""``xl/workbook.xml``: the sheet list, protection, date system and calculation flags.

Read with the safe parser; changed as text (a ``<sheet>`` appended to ``<sheets>``,
``fullCalcOnLoad`` set on ``<calcPr>``), in the prefixes the file already uses.
New sheets go at the *end* of the tab order, so every ``localSheetId`` in the defined
names (print areas, filters) still points at the sheet it meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stocktake.excel.writer import xmltext as xt

_AFTER_CALCPR = [
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]
_FORBIDDEN = set("[]:*?/\\")


@dataclass(frozen=True, slots=True)
class SheetEntry:
    name: str
    sheet_id: int
    rid: str


@dataclass(slots=True)
class WorkbookInfo:
    sheets: list[SheetEntry] = field(default_factory=list)
    lock_structure: bool = False
    date1904: bool = False
    prefix: str | None = ""

    def find(self, name: str) -> SheetEntry | None:
        """Sheet names are unique case-insensitively in Excel; match them that way."""
        for s in self.sheets:
            if s.name.casefold() == name.casefold():
                return s
        return None

    def next_sheet_id(self) -> int:
        return max((s.sheet_id for s in self.sheets), default=0) + 1


def _true(v: str | None) -> bool:
    return (v or "").strip().lower() in ("1", "true")


def inspect(data: bytes) -> WorkbookInfo:
    root = xt.parse(data)
    ns = f"{{{xt.MAIN_NS}}}"
    info = WorkbookInfo(prefix=xt.prefix_of(root, xt.MAIN_NS))
    for el in root.iter(f"{ns}sheet"):
        info.sheets.append(
            SheetEntry(
                el.get("name", ""), int(el.get("sheetId", "0")), el.get(f"{{{xt.REL_NS}}}id", "")
            )
        )
    prot = root.find(f"{ns}workbookProtection")
    info.lock_structure = prot is not None and _true(prot.get("lockStructure"))
    pr = root.find(f"{ns}workbookPr")
    info.date1904 = pr is not None and _true(pr.get("date1904"))
    return info


def check_sheet_name(name: str) -> None:
    """Excel's rules: 1-31 characters, none of ``[]:*?/\\``, no leading/trailing quote."""
    if (
        not 1 <= len(name) <= 31
        or _FORBIDDEN & set(name)
        or name.startswith("'")
        or name.endswith("'")
        or name.casefold() == "history"
    ):
        raise ValueError(f"{name!r} is not a name Excel allows for a sheet")


def add_sheet(data: bytes, name: str, sheet_id: int, rid: str, state: str = "visible") -> bytes:
    check_sheet_name(name)
    if state not in ("visible", "hidden", "veryHidden"):
        raise ValueError(f"a sheet cannot be {state!r}")
    shown = "" if state == "visible" else f' state="{state}"'
    root = xt.parse(data)
    p = xt.prefix_of(root, xt.MAIN_NS)
    rp = xt.prefix_of(root, xt.REL_NS)
    decl = ""
    if not rp:
        rp, decl = "r", f' xmlns:r="{xt.REL_NS}"'
        if "r" in root.nsmap:
            rp, decl = "str", f' xmlns:str="{xt.REL_NS}"'
    frag = (
        f'<{xt.qname(p, "sheet")} name="{xt.attr(name)}" sheetId="{sheet_id}"{shown}{decl} '
        f'{rp}:id="{rid}"/>'
    )
    out = xt.insert_before_close(data, p, "sheets", frag.encode())
    if out is None:
        raise ValueError("workbook.xml has no <sheets>")
    return out


def set_full_calc_on_load(data: bytes) -> bytes:
    """Ask Excel to recalculate everything on open (cached values may now be stale)."""
    p = xt.prefix_of(xt.parse(data), xt.MAIN_NS)
    m = xt.find_start(data, p, "calcPr")
    if m is not None:
        if _true(xt.get_attr(m.group(0), "fullCalcOnLoad")):
            return data
        return xt.set_attr(data, m, "fullCalcOnLoad", "1")
    frag = f'<{xt.qname(p, "calcPr")} fullCalcOnLoad="1"/>'.encode()
    return xt.insert_before_first(data, p, _AFTER_CALCPR, "workbook", frag)


_AFTER_DEFINED_NAMES = ["calcPr", *_AFTER_CALCPR]


def set_print_titles(data: bytes, index: int, sheet: str, header_row: int, columns: int) -> bytes:
    """Repeat ``header_row`` and the first ``columns`` columns on every printed page of the
    sheet at tab position ``index`` (Excel's ``_xlnm.Print_Titles`` defined name), replacing
    any print titles that sheet had."""
    from stocktake.model.workbook import column_letter

    p = xt.prefix_of(xt.parse(data), xt.MAIN_NS)
    quoted = "'" + sheet.replace("'", "''") + "'"
    refs = []
    if columns > 0:
        refs.append(f"{quoted}!$A:${column_letter(columns - 1)}")
    if header_row > 0:
        refs.append(f"{quoted}!${header_row}:${header_row}")
    tag = xt.qname(p, "definedName")
    name = re.escape(tag.encode())
    element = re.compile(rb"<" + name + rb"(?=[\s>])[^>]*>.*?</" + name + rb">", re.DOTALL)

    def drop(m: re.Match[bytes]) -> bytes:
        head = m.group(0)[: m.group(0).find(b">") + 1]
        mine = xt.get_attr(head, "name") == "_xlnm.Print_Titles" and xt.get_attr(
            head, "localSheetId"
        ) == str(index)
        return b"" if mine else m.group(0)

    data = element.sub(drop, data)
    if not refs:
        return data
    frag = (
        f'<{tag} name="_xlnm.Print_Titles" localSheetId="{index}">{xt.esc(",".join(refs))}</{tag}>'
    ).encode()
    out = xt.insert_before_close(data, p, "definedNames", frag)
    if out is not None:
        return out
    names = xt.qname(p, "definedNames")
    wrapped = f"<{names}>".encode() + frag + f"</{names}>".encode()
    return xt.insert_before_first(data, p, _AFTER_DEFINED_NAMES, "workbook", wrapped)
