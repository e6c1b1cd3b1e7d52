"""Stocktake: a desktop workbench for UK government mission stock-takes.

The package is layered so that the pure core can be used (and tested) without Qt:

* :mod:`stocktake.model`  - plain data for a stock-take workbook (no I/O, no Qt)
* :mod:`stocktake.engine` - the maths: scoring, sensitivity, portfolio optimisation
* :mod:`stocktake.excel`  - reading (fast, forgiving, safe) and writing (surgical)
* :mod:`stocktake.cli`    - headless commands over the core
* :mod:`stocktake.ui`     - the PySide6 desktop application (the only place Qt lives)
"""

__version__ = "0.1.0"
