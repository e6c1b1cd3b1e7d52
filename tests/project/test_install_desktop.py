"""scripts/install_desktop.sh puts Stocktake in the user's application menu and takes it out."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
from pathlib import Path

from stocktake.resources import ICON, resource
from tests.conftest import REPO

ROOT = REPO


def _run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "install_desktop.sh"), *args],
        env=dict(os.environ, XDG_DATA_HOME=str(data)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_install_then_uninstall_for_an_app_whose_path_has_a_space(tmp_path: Path) -> None:
    app = tmp_path / "My Apps" / "stocktake-gui"
    app.parent.mkdir()
    app.write_text("#!/bin/sh\n")
    app.chmod(0o755)
    data = tmp_path / "share"
    done = _run(str(app), data=data)
    assert done.returncode == 0, done.stderr
    entry_path = data / "applications" / "stocktake.desktop"
    icon_path = data / "icons" / "hicolor" / "scalable" / "apps" / "stocktake.svg"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read_string(entry_path.read_text(encoding="utf-8"))
    assert shlex.split(entry["Desktop Entry"]["Exec"]) == [str(app), "%f"]
    assert entry["Desktop Entry"]["Icon"] == "stocktake"
    assert icon_path.read_bytes() == resource(ICON).read_bytes()

    removed = _run("--uninstall", data=data)
    assert removed.returncode == 0, removed.stderr
    assert not entry_path.exists() and not icon_path.exists()


def test_a_missing_app_is_refused_with_what_to_do(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "nowhere" / "stocktake-gui"), data=tmp_path / "share")
    assert done.returncode == 1
    assert "build it first" in done.stderr
    assert not (tmp_path / "share" / "applications").exists()
