"""Unit tests of the pure-Python domain layer (counter_app/domain)."""
