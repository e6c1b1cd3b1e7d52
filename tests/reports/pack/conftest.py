"""One full and one public board pack of the sample, made once for the module's tests
(packing solves the portfolio and the frontier and prints a PDF: seconds, not millis)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import pytest

from stocktake.app.document import Document
from stocktake.app.minutes import AddMinutes, compose
from stocktake.app.pack import export_pack
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "plan_for_change.xlsx"


@pytest.fixture(scope="package")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("pack")
    source = folder / "plan_for_change.xlsx"
    shutil.copy(SAMPLE, source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    doc = Document.open(source)
    # a meeting just held: an action and its minutes, not saved yet (the pack prints them)
    doc.apply(doc.new_action("Re-cost the pilot", owner="Finance", due=dt.date(2026, 3, 31)))
    held = dt.datetime(2026, 3, 3, 10, 0)
    doc.apply(AddMinutes(compose(doc, since=held, times={"I-041": 300.0}, meeting="March board")))
    full = export_pack(doc, folder / "out")
    public = export_pack(doc, folder / "out", public=True)
    return {
        "doc": doc,
        "full": full,
        "public": public,
        "source": source,
        "source_digest": before,
    }
