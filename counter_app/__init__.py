"""Hall Counter (营业厅柜台收费): counter program and central ledger for electricity-bill halls."""

__version__ = "0.1.0"
