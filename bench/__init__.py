"""Benchmarks run by `make bench` (not timed tests). Inputs are SYNTHETIC and generated."""
