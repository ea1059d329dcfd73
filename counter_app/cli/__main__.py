"""`python -m counter_app.cli ...` runs the counter-app command."""

import sys

from .main import main

sys.exit(main())
