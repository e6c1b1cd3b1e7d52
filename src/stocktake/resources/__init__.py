"""Files the installed application reads at run time: the icon and the ``.desktop`` entry.

They live inside the package (not beside ``src/``) so that ``importlib.resources`` finds
them the same way in a source checkout, an installed wheel and a PyInstaller bundle;
``pyproject.toml`` lists them as package data and ``packaging/stocktake.spec`` copies them.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ICON = "stocktake.svg"
DESKTOP_ENTRY = "stocktake.desktop"


def resource(name: str) -> Traversable:
    """The packaged file ``name`` (read it with ``read_bytes`` or ``read_text``)."""
    return files(__name__).joinpath(name)
