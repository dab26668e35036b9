"""Config: where it is read from, and a broken file is one clear line with exit code 2."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

import pytest

from tests.cli_helpers import run
from tests.fresh_interpreter import run_python
from tui.config import config_path, load_config, parse_config
from tui.errors import ConfigError
from tui.paths import user_config_path
from tui.sandbox.demo import demo_config, demo_config_data, demo_config_toml

if TYPE_CHECKING:
    from pathlib import Path

GOOD_EDGE = """
[profiles.edge]
provider = "cloudpond"
domain_id = "0123456789abcdef0123456789abcdef"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def list_with(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    result = run(capsys, "--config", str(path), "list")
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err  # one line
    assert result.err.startswith("orderdeck: error: ")
    assert "Traceback" not in result.err
    return result.code, result.err


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ('default_profile = "edge"\nrefresh_seconds = = 3\n', 2, "TOML syntax error"),
        (GOOD_EDGE + "colour = 'blue'\n", 5, "profiles.edge.colour: unknown option"),
        ("refresh_seconds = -1\n" + GOOD_EDGE, 1, "refresh_seconds"),
        (GOOD_EDGE + '[profiles.misc]\nprovider = "aws"\n', 6, "unknown provider 'aws'"),
        ('[profiles.edge]\nprovider = "cloudpond"\n', 1, "profiles.edge.domain_id"),
        (
            '[profiles.phones]\nprovider = "duoplus"\nendpoint = "http://openapi.duoplus.net"\n',
            3,
            "profiles.phones.endpoint",
        ),
        ('timezone = "Mars/Olympus"\n' + GOOD_EDGE, 1, "unknown time zone"),
        ('default_profile = "nope"\n' + GOOD_EDGE, None, "default_profile 'nope'"),
    ],
    ids=[
        "toml-syntax",
        "unknown-option",
        "out-of-range",
        "unknown-provider",
        "missing-domain-id",
        "plain-http",
        "bad-timezone",
        "unknown-default-profile",
    ],
)
def test_each_kind_of_broken_file_is_one_line_naming_file_and_place_with_exit_2(
    text: str,
    line: int | None,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, text)
    code, err = list_with(capsys, path)
    assert code == 2
    assert str(path) in err
    assert expected in err
    if line is not None:
        assert f"line {line}" in err


def test_unknown_provider_says_which_are_known(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[profiles.x]\nprovider = "aws"\n'))
    assert "use one of cloudpond, duoplus, acedata" in str(caught.value)


def test_missing_domain_id_says_where_the_console_shows_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[profiles.edge]\nprovider = "cloudpond"\n'))
    assert "My Credentials > API Credentials > Account ID" in str(caught.value)


def test_plain_http_to_a_remote_host_says_to_use_https(tmp_path: Path) -> None:
    text = '[profiles.ace]\nprovider = "acedata"\nendpoint = "http://platform.acedata.cloud"\n'
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert "use https://" in str(caught.value)


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost", "[::1]:9000"])
def test_plain_http_to_loopback_is_accepted(host: str, tmp_path: Path) -> None:
    text = f'[profiles.ace]\nprovider = "acedata"\nendpoint = "http://{host}"\n'
    assert load_config(write(tmp_path, text)).profiles["ace"].endpoint == f"http://{host}"


def test_secrets_in_the_file_are_refused_as_unknown_options(tmp_path: Path) -> None:
    text = GOOD_EDGE + 'sk = "do-not-put-me-here"\n'
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert "profiles.edge.sk: unknown option" in str(caught.value)
    assert "do-not-put-me-here" not in str(caught.value)


def test_an_explicitly_named_missing_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = list_with(capsys, tmp_path / "absent.toml")
    assert code == 2 and "absent.toml: no such file" in err


def test_no_file_at_the_default_place_means_no_profiles_and_says_how_to_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(capsys, "list")
    assert result.code == 2
    assert "no profiles configured" in result.err and "--demo" in result.err


def test_lookup_order_is_flag_then_env_then_user_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The isolated environment points XDG_CONFIG_HOME into tmp_path.
    assert user_config_path() == tmp_path / "xdg_config_home" / "orderdeck" / "config.toml"
    assert config_path() == user_config_path()
    monkeypatch.setenv("ORDERDECK_CONFIG", str(tmp_path / "from-env.toml"))
    assert config_path() == tmp_path / "from-env.toml"
    assert config_path(tmp_path / "flag.toml") == tmp_path / "flag.toml"


def test_the_config_file_from_the_environment_is_the_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = user_config_path()
    default.parent.mkdir(parents=True)
    default.write_text('timezone = "UTC"\n')
    assert load_config().timezone == "UTC"
    monkeypatch.setenv("ORDERDECK_CONFIG", str(write(tmp_path, 'timezone = "Europe/Berlin"\n')))
    assert load_config().timezone == "Europe/Berlin"
    flag = write(tmp_path, 'timezone = "Asia/Tokyo"\n', "flag.toml")
    assert load_config(flag).timezone == "Asia/Tokyo"


def test_config_path_prints_where_it_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "config", "path")
    assert result.code == 0
    assert result.out.strip() == str(user_config_path())
    assert "does not exist yet" in result.err
    monkeypatch.setenv("ORDERDECK_CONFIG", str(tmp_path / "env.toml"))
    assert run(capsys, "config", "path").out.strip() == str(tmp_path / "env.toml")
    flagged = run(capsys, "--config", str(tmp_path / "flag.toml"), "config", "path")
    assert flagged.out.strip() == str(tmp_path / "flag.toml")


def test_config_path_works_even_when_the_file_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, "this is not toml")
    result = run(capsys, "--config", str(broken), "config", "path")
    assert result.code == 0 and result.out.strip() == str(broken)


def test_the_example_config_is_valid_and_covers_every_option() -> None:
    from pathlib import Path

    from tui.config import Config, PaymentsConfig, parse_config
    from tui.providers import registry

    example = Path(__file__).parent.parent / "config.example.toml"
    text = example.read_text(encoding="utf-8")
    config = parse_config(text, example)
    keys = ("cloudpond", "duoplus", "acedata", "huawei_bss")
    assert {p.provider for p in config.profiles.values()} == set(keys)
    profile_models = [registry.get(key).profile_model for key in keys]
    for model in (Config, PaymentsConfig, *profile_models):
        for option in model.model_fields:
            if option == "name":
                continue  # filled from the table key
            assert f"{option} =" in text or f"[{option}" in text, f"{model.__name__}.{option}"


@pytest.mark.parametrize(("refresh", "zone"), [(30, "local"), (0, "UTC"), (0.5, "Asia/Shanghai")])
def test_the_demos_config_data_is_what_its_file_reads(refresh: float, zone: str) -> None:
    # `--demo` validates the data without parsing TOML; `serve` and the tests write the text.
    url = "http://127.0.0.1:8765"
    text = demo_config_toml(url, refresh_seconds=refresh, timezone=zone)
    assert tomllib.loads(text) == demo_config_data(url, refresh_seconds=refresh, timezone=zone)
    assert demo_config(url, refresh, zone) == parse_config(text)


def test_the_demos_config_builds_no_validator() -> None:
    # Its constants are held equal to the validated text above; a user's config is validated.
    built = run_python(
        "import sys\n"
        "from tui.config import Config, PaymentsConfig\n"
        "from tui.providers import registry\n"
        "from tui.sandbox.demo import demo_config\n"
        "config = demo_config('http://127.0.0.1:8765')\n"
        "models = [registry.get(p.provider).profile_model for p in config.profiles.values()]\n"
        "print([m.__name__ for m in (Config, PaymentsConfig, *models) if m.__pydantic_complete__],"
        " 'pydantic.plugin._loader' in sys.modules)"
    )
    assert built == "[] False"


def test_the_demos_config_parses_no_toml() -> None:
    loaded = run_python(
        "import sys\n"
        "from tui.sandbox.demo import demo_config\n"
        "demo_config('http://127.0.0.1:8765')\n"
        "print('tomllib' in sys.modules)"
    )
    assert loaded == "False"
