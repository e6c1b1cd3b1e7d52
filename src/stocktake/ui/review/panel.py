"""The Review tab: a copy's banner and the reviewer's note, or the master's open conflicts.

In a **review copy** the reviewer proposes a decision (a proposal, not in force), says
why, comments and enters private scores for the selected initiative; each save of the
note is one undoable change. In a **master** the conflicts left by a merge are listed
side by side (the base, the master's value, each reviewer's value) and the person
chooses one; choosing is one undoable change too, recorded in the merge report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stocktake.app import errors, merge, review, review_notes, review_record
from stocktake.model import DecisionKind
from stocktake.ui.session import Session

NO_PROPOSAL = "(no proposal)"


def _text(value: object) -> str:
    return review_record.as_text(value)


class ReviewPanel(QWidget):
    """What the Review tab shows for the open workbook (a copy or a master)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Review status")
        layout.addWidget(self.heading)
        # the reviewer's note on the selected initiative (review copies)
        self.note_box = QGroupBox("Your note on the selected initiative (collected, not in force)")
        form = QFormLayout(self.note_box)
        self.initiative = QLabel()
        self.proposal = QComboBox()
        self.proposal.addItems([NO_PROPOSAL, *DecisionKind.choices()])
        self.proposal.setAccessibleName("Proposed decision")
        self.why = QLineEdit()
        self.why.setAccessibleName("Why")
        self.comment = QLineEdit()
        self.comment.setAccessibleName("Comment")
        self.scores: dict[str, QDoubleSpinBox] = {}
        self.scores_row = QHBoxLayout()
        self.save_note = QPushButton("Keep this note")
        self.save_note.clicked.connect(self.keep_note)
        form.addRow("Initiative", self.initiative)
        form.addRow("Proposed decision", self.proposal)
        form.addRow("Why", self.why)
        form.addRow("Comment", self.comment)
        form.addRow("My private scores", self.scores_row)
        form.addRow(self.save_note)
        layout.addWidget(self.note_box)
        # conflicts to choose (masters)
        self.conflicts = QTreeWidget()
        self.conflicts.setAccessibleName("Conflicts to choose")
        self.conflicts.setHeaderLabels(["Item / reviewer", "Base", "Master now", "Their value"])
        self.choose_button = QPushButton("Keep the selected value")
        self.choose_button.clicked.connect(self.choose_selected)
        self.choose_button.setEnabled(False)  # until a value is selected in the list
        self.conflicts.currentItemChanged.connect(
            lambda item, _before: self.choose_button.setEnabled(item is not None)
        )
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.choose_button)
        session.workbook_loaded.connect(self.refresh)
        session.review_changed.connect(self.refresh)
        session.selection_changed.connect(lambda _ids: self._show_note())
        self.refresh()

    # -- what is shown -----------------------------------------------------------------
    def refresh(self) -> None:
        doc = self.session.document
        copy = doc.review if isinstance(doc.review, review.ReviewCopy) else None
        self.note_box.setVisible(copy is not None)
        self.conflicts.setVisible(copy is None)
        self.choose_button.setVisible(copy is None)
        if self.session.workbook is None:
            self.heading.setText("Open a workbook to see its reviews.")
            return
        if copy is not None:
            self.heading.setText(
                f"{copy.banner()}. Your proposals, comments and private scores go on the "
                "Review sheet; the secretariat merges them into the master."
            )
            self._build_scores()
            self._show_note()
            return
        record = (
            doc.review if isinstance(doc.review, review_record.Record) else review_record.Record()
        )
        self.heading.setText(
            f"{len(record.merged)} review copies merged; {len(record.conflicts)} conflicts "
            "to choose (File > Merge review copies… to merge more)."
        )
        self.conflicts.clear()
        self.choose_button.setEnabled(False)
        for n, c in enumerate(record.conflicts):
            top = QTreeWidgetItem(
                [str(c["item"]), _text(c.get("base")), _text(c.get("master")), ""]
            )
            top.setData(0, Qt.ItemDataRole.UserRole, (n, None))
            top.setToolTip(0, str(c.get("why", "")))
            keep = QTreeWidgetItem(["the master's value", "", "", _text(c.get("master"))])
            keep.setData(0, Qt.ItemDataRole.UserRole, (n, None))
            top.addChild(keep)
            for i, choice in enumerate(c.get("choices", [])):
                child = QTreeWidgetItem(
                    [f"{choice['reviewer']} ({choice['file']})", "", "", _text(choice["value"])]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, (n, i))
                top.addChild(child)
            self.conflicts.addTopLevelItem(top)
            top.setExpanded(True)

    def _build_scores(self) -> None:
        wb = self.session.workbook
        if wb is None or list(self.scores) == list(wb.criteria):
            return
        for box in self.scores.values():
            box.deleteLater()
        self.scores = {}
        for cid, crit in wb.criteria.items():
            box = QDoubleSpinBox()
            box.setRange(crit.scale_lo - 1, crit.scale_hi)
            box.setSpecialValueText("–")  # the lowest value stands for "no score"
            box.setValue(crit.scale_lo - 1)
            box.setAccessibleName(f"My score {cid}")
            box.setToolTip(f"{cid}: {crit.name}")
            self.scores[cid] = box
            self.scores_row.addWidget(box)

    def _selected(self) -> str | None:
        ids = self.session.selection
        return ids[0] if ids else None

    def _show_note(self) -> None:
        doc = self.session.document
        if not isinstance(doc.review, review.ReviewCopy):
            return
        iid = self._selected()
        self.initiative.setText(iid or "Select an initiative in the Initiatives tab")
        self.save_note.setEnabled(iid is not None)
        note = doc.review.note(iid) if iid else review_notes.Note()
        self.proposal.setCurrentText(note.proposal or NO_PROPOSAL)
        self.why.setText(note.why)
        self.comment.setText(note.comment)
        mine = note.score_map()
        for cid, box in self.scores.items():
            box.setValue(mine.get(cid, box.minimum()))

    # -- actions -----------------------------------------------------------------------
    def keep_note(self) -> None:
        """Make the note shown one undoable change."""
        iid = self._selected()
        if iid is None:
            return
        proposal = self.proposal.currentText()
        scores = {
            cid: (None if box.value() == box.minimum() else box.value())
            for cid, box in self.scores.items()
        }
        try:
            change = review.set_note(
                self.session.document,
                iid,
                proposal="" if proposal == NO_PROPOSAL else proposal,
                why=self.why.text(),
                comment=self.comment.text(),
                scores=scores,
            )
        except errors.AppError as exc:
            self.heading.setText(str(exc))
            return
        self.session.push(change)

    def choose_selected(self) -> None:
        """Keep the value selected in the conflicts list (one undoable change)."""
        item = self.conflicts.currentItem()
        if item is None:
            return
        n, choice = item.data(0, Qt.ItemDataRole.UserRole)
        try:
            change = merge.resolve(self.session.document, n, choice)
        except errors.AppError as exc:
            self.heading.setText(str(exc))
            return
        self.session.push(change)
