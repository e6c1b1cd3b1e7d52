"""Custom item-data roles shared by Stocktake's table models.

``ObjectRole`` returns the record behind a row so it survives any sort/filter proxy;
``SortRole`` returns a value that sorts correctly (numbers as numbers, blanks last).
"""

from PySide6.QtCore import Qt

ObjectRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
ChoicesRole = Qt.ItemDataRole.UserRole + 4
KeyRole = Qt.ItemDataRole.UserRole + 5
OpenChoiceRole = Qt.ItemDataRole.UserRole + 6
"""True where ``ChoicesRole``'s words are suggestions and any text is accepted."""

# Roles views ask for on every painted cell that Stocktake's models never answer:
# models return None for them before doing any other work.
UNUSED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
    }
)
