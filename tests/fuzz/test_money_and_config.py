"""Money text and config files, fuzzed: a parse or our error, never anything else."""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import json_values
from tui.config import Config, parse_config
from tui.errors import ConfigError
from tui.orders import Money

FUZZ = settings(max_examples=150, deadline=None)


@FUZZ
@given(text=st.text(max_size=20))
def test_money_text_parses_or_raises_value_error(text: str) -> None:
    try:
        money = Money.parse(text)
    except ValueError:
        return
    assert money.amount.is_finite()
    str(money)


@FUZZ
@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    symbol=st.sampled_from(["$", "¥", "€", "£", ""]),
    negative=st.booleans(),
    sign_after_symbol=st.booleans(),
    grouped=st.booleans(),
)
def test_money_text_keeps_amount_and_sign(
    amount: Decimal, symbol: str, negative: bool, sign_after_symbol: bool, grouped: bool
) -> None:
    number = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    sign = "-" if negative else ""
    text = f"{symbol}{sign}{number}" if sign_after_symbol else f"{sign}{symbol}{number}"
    parsed = Money.parse(text)
    assert parsed.amount == (-amount if negative else amount)


@FUZZ
@given(value=json_values)
def test_money_from_any_json_number_or_text_is_money_or_value_error(value: object) -> None:
    if not isinstance(value, int | float | str) or isinstance(value, bool):
        return
    with contextlib.suppress(ValueError):
        Money.of(value)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_config_text_loads_or_raises_config_error(text: str) -> None:
    try:
        assert isinstance(parse_config(text), Config)
    except ConfigError as error:
        assert str(error).startswith("<config>")


def toml_value(value: object) -> str:
    """A JSON scalar as TOML (JSON strings and numbers are valid TOML, nearly always)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if value is None or isinstance(value, dict):
        return '""'
    return json.dumps(value, ensure_ascii=False)


options = st.sampled_from(
    [
        "provider",
        "endpoint",
        "iam_endpoint",
        "domain_id",
        "auth",
        "timeout_seconds",
        "ca_bundle",
        "read_only",
        "user_id",
        "lang",
        "username",
        "account",
        "surprise",
    ]
)
option_values = st.sampled_from(
    ["cloudpond", "duoplus", "acedata", "http://10.0.0.1", "https://x.example", "aksk", "password"]
) | st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.text(max_size=8))


@FUZZ
@given(
    name=st.text(max_size=8),
    table=st.dictionaries(options, option_values, max_size=6),
    top=st.dictionaries(
        st.sampled_from(["refresh_seconds", "timezone", "default_profile", "theme"]),
        option_values,
        max_size=3,
    ),
)
def test_any_profile_table_loads_or_raises_config_error(
    name: str, table: dict[str, object], top: dict[str, object]
) -> None:
    lines = [f"{key} = {toml_value(value)}" for key, value in top.items()]
    lines.append(f"[profiles.{json.dumps(name, ensure_ascii=False)}]")
    lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
    try:
        config = parse_config("\n".join(lines))
    except ConfigError as error:
        assert str(error).startswith("<config>")
        return
    for profile in config.profiles.values():
        # Whatever loads is safe to use: credentials never go to a non-loopback http host.
        assert (
            profile.endpoint.startswith("https://")
            or "127.0.0.1" in profile.endpoint
            or ("localhost" in profile.endpoint or "[::1]" in profile.endpoint)
        )
