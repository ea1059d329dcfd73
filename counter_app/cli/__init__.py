"""The counter-app command line: one module per command group, `main` in cli.main."""

from .main import main

__all__ = ["main"]
