"""Benchmarks: `python -m bench.<module>`; results in bench/RESULTS.md."""
