"""Benchmarks: scripts that print figures (not part of `make test`)."""
