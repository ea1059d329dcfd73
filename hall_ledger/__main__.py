"""`python -m hall_ledger ...` is `counter-ledger ...` (the counter's demo mode starts
`python -m hall_ledger demo-serve`)."""

import sys

from .cli import main

sys.exit(main())
