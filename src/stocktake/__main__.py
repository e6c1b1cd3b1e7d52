"""``python -m stocktake`` runs the command-line interface."""

import sys

from stocktake.cli import main

sys.exit(main())
