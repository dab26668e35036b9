"""`--since/--until` and the dashboard's date fields read the same words the same way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tui.timeparse import parse_moment

NOW = datetime(2026, 3, 29, 10, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_a_bare_date_is_midnight_in_the_display_zone() -> None:
    moment = parse_moment("2026-01-31", now=NOW, zone=BERLIN)
    assert moment == datetime(2026, 1, 31, tzinfo=BERLIN)
    assert moment.utcoffset() == timedelta(hours=1)


def test_a_bare_date_as_until_includes_the_whole_day() -> None:
    moment = parse_moment("2026-01-31", now=NOW, zone=UTC, end_of_day=True)
    assert moment.date().isoformat() == "2026-01-31"
    assert (moment.hour, moment.minute, moment.second) == (23, 59, 59)


def test_today_and_yesterday_follow_the_zone_not_utc() -> None:
    late_utc = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # already the 29th in Berlin
    assert parse_moment("today", now=late_utc, zone=BERLIN).date().isoformat() == "2026-03-29"
    assert parse_moment("yesterday", now=late_utc, zone=BERLIN).date().isoformat() == "2026-03-28"
    assert parse_moment("Today", now=NOW, zone=UTC) == datetime(2026, 3, 29, tzinfo=UTC)


def test_midnight_on_a_dst_change_day_has_that_days_offset() -> None:
    # Berlin switches to summer time on 2026-03-29: midnight is still +01:00.
    assert parse_moment("2026-03-29", now=NOW, zone=BERLIN).utcoffset() == timedelta(hours=1)
    assert parse_moment("2026-03-30", now=NOW, zone=BERLIN).utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("7d", timedelta(days=7)),
        ("30d", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("2w", timedelta(weeks=2)),
    ],
)
def test_shortcuts_are_that_long_before_now(text: str, delta: timedelta) -> None:
    assert parse_moment(text, now=NOW, zone=BERLIN) == NOW - delta


def test_iso_date_times_keep_their_offset_or_take_the_zone() -> None:
    assert parse_moment("2026-01-31T08:00:00Z", now=NOW, zone=BERLIN) == datetime(
        2026, 1, 31, 8, tzinfo=UTC
    )
    assert parse_moment("2026-01-31T08:00+08:00", now=NOW, zone=UTC) == datetime(
        2026, 1, 31, 0, tzinfo=UTC
    )
    naive = parse_moment("2026-01-31 08:00", now=NOW, zone=BERLIN)
    assert naive == datetime(2026, 1, 31, 8, tzinfo=BERLIN)


def test_every_result_is_aware() -> None:
    for text in ("2026-01-31", "2026-01-31T08:00", "today", "7d", "now"):
        assert parse_moment(text, now=NOW, zone=BERLIN).tzinfo is not None


@pytest.mark.parametrize("text", ["", "   ", "last tuesday", "2026-13-01", "7x", "-7d"])
def test_anything_else_is_a_value_error_naming_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_moment(text, now=NOW, zone=UTC)
    assert "today" in str(caught.value)
