"""Earlier versions of a workbook, kept by Stocktake where a person can find them.

Before a save replaces ``Budget.xlsx``, the version on disk is kept as

    Stocktake backups/Budget.xlsx/Budget 2026-11-27 140305.xlsx

beside the workbook (a hard link where the file system allows, so keeping it costs
no copy). The last :data:`KEEP` generations are kept; older ones are removed.

Stocktake never overwrites or removes a file it did not make: a generation is only
ever created under a name that is free (``os.link`` and exclusive create both fail on
an existing name, and the next free name is taken), and one is removed only if the
folder's manifest (``stocktake-backups.json``, Stocktake's mark) lists it *and* its
content still has the digest recorded when it was kept. A backup a person edited,
or any file of theirs that happens to sit in the folder, stays.

Hand-written: rotation with "only what we made" guarantees is not something a
library offers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from stocktake.excel.writer.tempfiles import new_temp

FOLDER = "Stocktake backups"
MANIFEST = "stocktake-backups.json"
KEEP = 5
_MARK = "stocktake-backups"


@dataclass(frozen=True, slots=True)
class Generation:
    """One kept version: its file name in the folder, digest, size and when it was kept."""

    file: str
    sha256: str
    size: int
    kept: str


def backup_folder(path: Path) -> Path:
    """Where the earlier versions of the workbook at ``path`` are kept."""
    return path.parent / FOLDER / path.name


def _read_manifest(folder: Path) -> list[Generation] | None:
    """The generations the manifest lists (oldest first); None if it is not Stocktake's."""
    f = folder / MANIFEST
    try:
        raw = json.loads(f.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("mark") != _MARK:
        return None
    out = []
    for g in raw.get("generations", []):
        try:
            out.append(Generation(str(g["file"]), str(g["sha256"]), int(g["size"]), str(g["kept"])))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _write_manifest(folder: Path, workbook: str, gens: list[Generation]) -> None:
    body = {
        "mark": _MARK,
        "about": "Earlier versions of a workbook, kept by Stocktake before each save. "
        "Stocktake removes only the files listed here whose content is unchanged.",
        "workbook": workbook,
        "generations": [
            {"file": g.file, "sha256": g.sha256, "size": g.size, "kept": g.kept} for g in gens
        ],
    }
    fd, tmp = new_temp(folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=1)
        tmp.replace(folder / MANIFEST)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _file_digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _keep_under_free_name(src: Path, folder: Path, now: dt.datetime) -> Path:
    """Link (or copy) ``src`` into ``folder`` under a name no file has yet."""
    base = f"{src.stem} {now:%Y-%m-%d %H%M%S}"
    for n in range(1, 1000):
        dest = folder / (f"{base}{src.suffix}" if n == 1 else f"{base} ({n}){src.suffix}")
        try:
            os.link(src, dest)
            return dest
        except FileExistsError:
            continue
        except OSError:
            pass  # no hard links here (FAT, some network shares): copy instead
        try:
            with src.open("rb") as fin, dest.open("xb") as fout:
                shutil.copyfileobj(fin, fout)
            shutil.copystat(src, dest)
            return dest
        except FileExistsError:
            continue
    raise FileExistsError(f"no free backup name in {folder}")


def keep(path: Path, digest: str, keep_count: int = KEEP) -> list[Path]:
    """Keep the current ``path`` as a new generation; prune old ones; return them newest first.

    ``digest`` is the SHA-256 of ``path``'s content (the save has just checked it). OS
    errors propagate: the caller turns them into a message and does not replace the
    workbook, since a save that cannot keep the previous version must not go ahead.
    """
    folder = backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now()
    dest = _keep_under_free_name(path, folder, now)
    gens = _read_manifest(folder)
    if gens is None:  # a manifest that is not ours: keep the copy, list and prune nothing
        return [dest]
    gens = [g for g in gens if (folder / g.file).is_file()]
    gens.append(Generation(dest.name, digest, dest.stat().st_size, now.isoformat(" ", "seconds")))
    while len(gens) > keep_count:
        old = gens.pop(0)
        f = folder / old.file
        with contextlib.suppress(OSError):
            if f.stat().st_size == old.size and _file_digest(f) == old.sha256:
                f.unlink()
    _write_manifest(folder, path.name, gens)
    return [folder / g.file for g in reversed(gens)]


def generations(path: Path) -> list[Path]:
    """The kept versions of the workbook at ``path`` that are still there, newest first."""
    folder = backup_folder(path)
    gens = _read_manifest(folder) or []
    return [folder / g.file for g in reversed(gens) if (folder / g.file).is_file()]
