"""Write a board pack: the workbook, the PDF and (for a public pack) the manifest.

All files go into one folder, named after the source workbook; the source is only read.
Each file is written to a temporary name and moved into place, so a cancelled or failed
pack leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from stocktake.excel.writer import save
from stocktake.excel.writer.atomic import write_atomically
from stocktake.excel.writer.errors import Cancelled
from stocktake.excel.writer.newbook import cover_workbook
from stocktake.model import markings
from stocktake.reports.pack.content import PackContent
from stocktake.reports.pack.html import pack_html
from stocktake.reports.pack.workbook import COVER_SHEET, cover_lines, pack_plan

Progress = Callable[[float, str], None]


@dataclass(slots=True)
class PackFiles:
    """Where the pack went, for the CLI and the window to say."""

    workbook: Path
    pdf: Path
    manifest: Path | None = None
    withheld: int = 0
    classification: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[Path]:
        return [p for p in (self.workbook, self.pdf, self.manifest) if p is not None]


def pack_names(out_dir: Path, stem: str, public: bool) -> tuple[Path, Path, Path]:
    base = f"{stem} board pack{' public' if public else ''}"
    return (
        out_dir / f"{base}.xlsx",
        out_dir / f"{base}.pdf",
        out_dir / f"{stem} board pack withheld manifest.csv",
    )


def write_pack(
    content: PackContent,
    out_dir: Path,
    stem: str,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> PackFiles:
    """Write the pack's files into ``out_dir`` (created if missing)."""

    def step(fraction: float, message: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled("the board pack was cancelled; no pack files were left behind.")
        if progress is not None:
            progress(fraction, message)

    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx, pdf, manifest = pack_names(out_dir, stem, content.public)
    step(0.8, "writing the pack workbook")
    tmp = out_dir / f".~{xlsx.name}"
    try:
        cover_workbook(tmp, COVER_SHEET, cover_lines(content), content.classification)
        save(
            tmp,
            pack_plan(content),
            backup=False,
            classification=content.classification,
            target=xlsx,
        )
    finally:
        tmp.unlink(missing_ok=True)
    step(0.9, "printing the PDF")
    try:
        data = render_pdf(pack_html(content))
        write_atomically(pdf, _writer(data), backup=False)
        files = PackFiles(xlsx, pdf, classification=content.classification)
        if content.public:
            level = markings.highest(
                content.classification, *(["OFFICIAL-SENSITIVE"] if content.withheld else [])
            )
            text = manifest_csv(content, level.value)
            write_atomically(manifest, _writer(text.encode("utf-8")), backup=False)
            files.manifest = manifest
            files.withheld = sum(1 for w in content.withheld if w.kind == "initiative")
        step(1.0, "done")
    except BaseException:
        for p in (xlsx, pdf, manifest):
            p.unlink(missing_ok=True)
        raise
    return files


def _writer(data: bytes) -> Callable[[BinaryIO], None]:
    def write(fh: BinaryIO) -> None:
        fh.write(data)

    return write


def render_pdf(html: str) -> bytes:
    """The HTML as a tagged PDF/UA-1 (WeasyPrint: headings, tables, figures with /Alt)."""
    from weasyprint import HTML

    out = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert out is not None
    return bytes(out)


def manifest_csv(content: PackContent, level: str) -> str:
    """One row per withheld record: what, which, what was removed, why. Marked first and
    last at ``level`` (it names what the public pack leaves out)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([markings.marking_line(level)])
    w.writerow(["Withheld from", f"{content.title} (public version), {content.made.isoformat()}"])
    w.writerow(["Rule", content.withheld_rule])
    w.writerow([])
    w.writerow(["Kind", "ID", "Name", "What was removed", "Why"])
    for item in content.withheld:
        w.writerow([item.kind, item.ident, item.name, item.removed, item.reason])
    w.writerow([])
    w.writerow([markings.marking_line(level)])
    return buf.getvalue()
