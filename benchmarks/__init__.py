"""Benchmarks for issue 6 (speed): `uv run python -m benchmarks.run_all`."""
