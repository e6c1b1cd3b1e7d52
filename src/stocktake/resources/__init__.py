"""Files the installed application reads at run time: the window icon.

They live inside the package (not beside ``src/``) so that ``importlib.resources`` finds
them the same way in a source checkout, an installed wheel and a PyInstaller bundle;
``pyproject.toml`` lists them as package data and ``packaging/stocktake.spec`` copies them.
What only an install step reads (the ``.desktop`` entry) stays in the top-level
``resources/`` folder.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ICON = "stocktake.svg"


def resource(name: str) -> Traversable:
    """The packaged file ``name`` (read it with ``read_bytes`` or ``read_text``)."""
    return files(__name__).joinpath(name)
