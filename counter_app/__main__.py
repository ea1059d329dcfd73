"""`python -m counter_app` (and the PyInstaller entry): the counter-app command."""

from counter_app.cli import main

raise SystemExit(main())
