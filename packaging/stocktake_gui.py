"""Entry script of the frozen desktop app (PyInstaller needs a file, not a module).

Runs exactly what the ``stocktake-gui`` console script runs, with the same arguments.
"""

import sys

from stocktake.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
