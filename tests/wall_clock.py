"""The mark for tests that measure the real clock: throttle spacing, rate limits, the soak."""

from __future__ import annotations

import pytest

WALL_CLOCK = pytest.mark.xdist_group("wall-clock")
"""With `--dist loadgroup` (pyproject's addopts) these tests share one worker, so no two of them
run at once and load each other's clocks; every other test runs beside them on the others."""
