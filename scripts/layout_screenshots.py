"""Real-window screenshots of each tab on the screens a meeting uses, to look at by eye.

Why a script and not a test: whether text is clipped or a legend covers a bar is judged
by looking; the minimum-size test (tests/ui/test_layout_fits.py) guards the numbers.
Runs the app under ``xvfb-run`` for each screen condition and tab, with the window as
large as the screen leaves (as a maximised window would be), and writes one PNG each.

    python scripts/layout_screenshots.py OUT_DIR [--tabs Matrix Portfolio] [--only 1366x768]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_workbooks" / "plan_for_change.xlsx"
TITLE_BAR = 40
"""Room a window manager takes for the title bar and panel (logical pixels)."""

# name: (screen width, screen height, scale factor, large text)
CONDITIONS = {
    "1280x720": (1280, 720, 1.0, False),
    "1366x768": (1366, 768, 1.0, False),
    "1920x1080@1.5": (1920, 1080, 1.5, False),
    "1366x768-large": (1366, 768, 1.0, True),
}
TABS = (
    "Initiatives",
    "Matrix",
    "Portfolio",
    "Robustness",
    "Decision log",
    "Scenarios",
    "Criteria",
    "Metrics",
    "Delivery",
    "Meeting",  # the Matrix tab in meeting mode
    "Presenter",  # the presenter view (full screen on the one screen Xvfb has)
    "Portfolio/Spend by pot",
    "Mission health/Critical success factors",
    "Mission health/Contribution map",
    "Mission health/Test and learn",
    "Mission health/Place",
)
"""A name with a slash picks a page inside a tab (``Mission health/Test and learn``)."""


def shoot(out: Path, condition: str, tab: str, workbook: Path) -> Path:
    width, height, scale, large = CONDITIONS[condition]
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("xvfb-run is missing: run scripts/test.sh once, which installs it")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config"
        (config / "Stocktake").mkdir(parents=True)
        (config / "Stocktake" / "Stocktake.ini").write_text(
            f"[view]\nlarge_text={'true' if large else 'false'}\n", encoding="utf-8"
        )
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="xcb",
            QT_SCALE_FACTOR=str(scale),
            XDG_CONFIG_HOME=str(config),
            STOCKTAKE_DATA_DIR=str(Path(tmp) / "data"),
        )
        room = f"{int(width / scale)}x{int((height - TITLE_BAR) / scale)}+0+0"
        target = out / f"{condition}-{tab.replace(' ', '_').replace('/', '-')}.png"
        subprocess.run(
            [
                xvfb,
                "-a",
                "-s",
                f"-screen 0 {width}x{height}x24",
                sys.executable,
                "-m",
                "stocktake.ui.app",
                str(workbook),
                "--screenshot",
                str(target),
                "--tab",
                tab,
                "-qwindowgeometry",
                room,
            ],
            env=env,
            check=True,
            timeout=180,
        )
        return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tabs", nargs="*", default=list(TABS))
    parser.add_argument("--only", nargs="*", default=list(CONDITIONS), choices=list(CONDITIONS))
    parser.add_argument("--workbook", type=Path, default=SAMPLE)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for condition in args.only:
        for tab in args.tabs:
            print(shoot(args.out, condition, tab, args.workbook), flush=True)


if __name__ == "__main__":
    main()
