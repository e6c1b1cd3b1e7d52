"""What a table model's header answers: its column titles across the top, and nothing
for the rows (they are not numbered) or for any other role.

One function for the table models that keep their titles in a list, so each answers
``headerData`` the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt


def column_title(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """The title of column ``section`` for a horizontal header's display role, else None."""
    if (
        role == Qt.ItemDataRole.DisplayRole
        and orientation == Qt.Orientation.Horizontal
        and 0 <= section < len(titles)
    ):
        return titles[section]
    return None
