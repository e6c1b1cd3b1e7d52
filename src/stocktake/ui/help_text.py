"""Texts for Help > How Stocktake works, kept apart from the window code."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from stocktake import __version__

HOW_IT_WORKS = """
<h2>How Stocktake works</h2>
<p><b>1. Open your stock-take workbook.</b> Stocktake reads the Missions, Milestones,
Metrics, Readings, Criteria, Initiatives, CSF and Stakeholders sheets, whatever their
exact names and layout. Anything it cannot use is listed in <i>Problems</i>, with the
sheet and cell, so you can fix it in Excel.</p>
<p><b>2. Score.</b> Each initiative is scored on criteria for the near-term Plan for
Change <i>milestones</i>, the mission's <i>long-term ambition</i> and deliverability.
Scores become values on each criterion's own scale and value function (never relative
to the other initiatives); benefit counts above the score that means "no contribution",
the do-nothing option; values are combined with swing weights: the Green Book linear
additive model. Value for money divides by the present value of the costs (3.5 % a
year), while the envelopes stay in cash.</p>
<p><b>3. Balance.</b> The balance dial sets how much the overall value leans on
milestones or on the long-term ambition: overall = balance &times; near-term +
(1 &minus; balance) &times; long-term.</p>
<p><b>4. Choose.</b> The ruthless-choice matrix, the optimal portfolio within each
year's funding envelope, and the sensitivity of every choice show what to prioritise,
scale, continue, test, pause or stop. Every number can be explained.</p>
<p><b>5. Record and save.</b> Decisions go into the Decisions log with their rationale.
Save writes only Stocktake's own sheets and the cells you edited into your workbook;
everything else in the file is kept exactly as it was. The last five versions are kept
in the folder "Stocktake backups" beside it, and notes you typed on Stocktake's own
sheets are kept on a copy of the sheet.</p>
<p>Unsaved changes are journaled every few seconds, so a crash loses nothing.
Everything works offline.</p>
"""


def show_help(parent: QWidget) -> None:
    """How Stocktake works, in a window beside the work (not modal)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("How Stocktake works")
    browser = QTextBrowser(dialog)
    browser.setAccessibleName("How Stocktake works")
    browser.setHtml(HOW_IT_WORKS)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    metrics = parent.fontMetrics()
    dialog.resize(metrics.averageCharWidth() * 80, metrics.height() * 30)
    dialog.show()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About Stocktake",
        f"<b>Stocktake {__version__}</b><p>A workbench for mission "
        "stock-takes: weigh Plan for Change milestones against long-term "
        "ambitions, make ruthless choices and record them, offline, in "
        "your own workbook.</p>",
    )
