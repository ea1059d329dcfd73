"""Benchmarks for Hall Counter, run with `make bench` (python -m bench); see docs/PERFORMANCE.md."""
