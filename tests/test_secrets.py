"""Credentials: env override names, keyring user names, `login`/`logout`, and no plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from pydantic import SecretStr

from tests.cli_helpers import run, write_demo_config
from tui.errors import MissingCredentials
from tui.providers import open_provider
from tui.sandbox.demo import DEMO_AK, DEMO_DOMAIN_ID, DEMO_SK, demo_config
from tui.secrets import (
    SERVICE,
    EnvOverlay,
    KeyringStore,
    KeyringUnavailable,
    MemoryStore,
    default_store,
    env_var_name,
    keyring_user,
    require,
)

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import MemoryKeyring
    from tui.sandbox.server import SandboxServer


def test_env_variable_names_upper_case_the_profile_and_replace_punctuation() -> None:
    assert env_var_name("edge-1", "sk") == "ORDERDECK_EDGE_1_SK"
    assert env_var_name("team.eu", "api_key") == "ORDERDECK_TEAM_EU_API_KEY"
    assert env_var_name("ace", "token") == "ORDERDECK_ACE_TOKEN"


def test_keyring_entries_are_service_orderdeck_user_profile_colon_field(
    isolated_environment: MemoryKeyring,
) -> None:
    assert keyring_user("edge-1", "sk") == "edge-1:sk"
    KeyringStore().set("edge-1", "sk", SecretStr("s3cret"))
    assert isolated_environment.passwords == {(SERVICE, "edge-1:sk"): "s3cret"}
    assert KeyringStore().get("edge-1", "sk") == SecretStr("s3cret")


def test_an_env_variable_wins_over_the_keyring(
    isolated_environment: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    KeyringStore().set("edge-1", "sk", SecretStr("from-keyring"))
    monkeypatch.setenv("ORDERDECK_EDGE_1_SK", "from-env")
    assert default_store().get("edge-1", "sk") == SecretStr("from-env")
    monkeypatch.delenv("ORDERDECK_EDGE_1_SK")
    assert default_store().get("edge-1", "sk") == SecretStr("from-keyring")


def test_missing_credentials_name_both_ways_to_set_them() -> None:
    with pytest.raises(MissingCredentials) as caught:
        require(MemoryStore(), "edge-1", ("ak", "sk"))
    message = str(caught.value)
    assert "orderdeck login edge-1" in message
    assert "ORDERDECK_EDGE_1_AK" in message and "ORDERDECK_EDGE_1_SK" in message


def test_secret_values_never_appear_in_reprs(sandbox: SandboxServer) -> None:
    store = MemoryStore({("edge", "ak"): DEMO_AK, ("edge", "sk"): DEMO_SK})
    overlay = EnvOverlay(store, environ={"ORDERDECK_EDGE_SK": DEMO_SK})
    value = overlay.get("edge", "sk")
    client = open_provider(demo_config(sandbox.url).profiles["edge"], store)
    for text in (
        repr(value),
        str(value),
        repr(store),
        repr(overlay),
        repr(client),
        repr(vars(client)),
    ):
        assert DEMO_SK not in text


def test_the_fail_backend_reads_nothing_and_refuses_to_store() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = KeyringStore()
    assert store.get("edge", "ak") is None
    with pytest.raises(KeyringUnavailable) as caught:
        store.set("edge", "ak", SecretStr("x"))
    assert "environment variables" in str(caught.value)


def test_a_plain_text_file_backend_counts_as_no_keyring(tmp_path: Path) -> None:
    written: list[str] = []

    class PlaintextKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            written.append(password)

        def delete_password(self, service: str, username: str) -> None:
            pass

    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(KeyringUnavailable):
        KeyringStore().set("edge", "ak", SecretStr("x"))
    assert written == []


# --- login and logout -------------------------------------------------------------------------


@pytest.fixture
def config_file(sandbox: SandboxServer, tmp_path: Path) -> Path:
    extra = """
[profiles.iam]
provider = "cloudpond"
endpoint = "https://ies.myhuaweicloud.com"
domain_id = "0123456789abcdef0123456789abcdef"
auth = "password"
username = "ops"
account = "acme"
"""
    return write_demo_config(sandbox, tmp_path, extra)


class Prompts:
    """Stands in for getpass: records each prompt, answers from a list."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


@pytest.mark.parametrize(
    ("profile", "fields"),
    [("edge", ["ak", "sk"]), ("phones", ["api_key"]), ("ace", ["token"]), ("iam", ["password"])],
)
def test_login_prompts_only_for_the_fields_the_profile_needs_and_stores_them(
    profile: str,
    fields: list[str],
    config_file: Path,
    isolated_environment: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = [f"secret-{field}-value" for field in fields]
    prompts = Prompts(*answers)
    monkeypatch.setattr("getpass.getpass", prompts)
    result = run(capsys, "--config", str(config_file), "login", profile)
    assert result.code == 0, result.err
    assert len(prompts.prompts) == len(fields)
    assert isolated_environment.passwords == {
        (SERVICE, f"{profile}:{field}"): answer
        for field, answer in zip(fields, answers, strict=True)
    }
    assert not any(answer in result.out + result.err for answer in answers)


def test_login_prompt_names_the_field_and_profile(
    config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts = Prompts("ak-value", "sk-value")
    monkeypatch.setattr("getpass.getpass", prompts)
    run(capsys, "--config", str(config_file), "login", "edge")
    assert prompts.prompts == ["Access key (AK) for edge: ", "Secret key (SK) for edge: "]


def test_an_empty_answer_stores_nothing(
    config_file: Path,
    isolated_environment: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("getpass.getpass", Prompts("ak-value", ""))
    result = run(capsys, "--config", str(config_file), "login", "edge")
    assert result.code != 0 and "nothing was stored" in result.err
    assert isolated_environment.passwords == {}


def test_login_without_a_keyring_explains_the_env_route_and_writes_nothing(
    config_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    prompts = Prompts()
    monkeypatch.setattr("getpass.getpass", prompts)

    # The log dir (under XDG_STATE_HOME) gets the failed command's line; nothing else may.
    def files() -> list[Path]:
        return sorted(p for p in tmp_path.rglob("*") if "xdg_state_home" not in p.parts)

    before = files()
    result = run(capsys, "--config", str(config_file), "login", "edge")
    assert result.code == 2
    assert prompts.prompts == []  # nothing asked that could not be kept
    assert "export ORDERDECK_EDGE_AK=..." in result.err
    assert "export ORDERDECK_EDGE_SK=..." in result.err
    assert "keyring backend" in result.err
    assert files() == before


def test_login_notes_an_env_variable_that_will_override_the_keyring(
    config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ORDERDECK_ACE_TOKEN", "platform-v1-from-env")
    monkeypatch.setattr("getpass.getpass", Prompts("platform-v1-typed"))
    result = run(capsys, "--config", str(config_file), "login", "ace")
    assert result.code == 0
    assert "ORDERDECK_ACE_TOKEN is set and overrides" in result.err


def test_login_of_an_unknown_profile_is_a_config_error(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "--config", str(config_file), "login", "nope")
    assert result.code == 2 and "no profile named 'nope'" in result.err


def test_login_can_check_the_keys_against_the_configured_domain_id(
    config_file: Path,
    isolated_environment: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("getpass.getpass", Prompts(DEMO_AK, DEMO_SK))
    result = run(capsys, "--config", str(config_file), "login", "edge", "--lookup-domain-id")
    assert result.code == 0, result.err
    assert DEMO_DOMAIN_ID in result.out
    assert (SERVICE, "edge:sk") in isolated_environment.passwords


def test_logout_deletes_every_stored_field_of_the_profile(
    config_file: Path,
    isolated_environment: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = KeyringStore()
    store.set("edge", "ak", SecretStr("a"))
    store.set("edge", "sk", SecretStr("b"))
    store.set("ace", "token", SecretStr("c"))
    result = run(capsys, "--config", str(config_file), "logout", "edge")
    assert result.code == 0
    assert "ak, sk" in result.out
    assert isolated_environment.passwords == {(SERVICE, "ace:token"): "c"}
    again = run(capsys, "--config", str(config_file), "logout", "edge")
    assert again.code == 0 and "Nothing stored" in again.out


def test_logout_without_a_keyring_says_so(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    result = run(capsys, "--config", str(config_file), "logout", "edge")
    assert result.code == 2 and "ORDERDECK_EDGE_" in result.err


def test_login_is_refused_in_demo_mode(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "--demo", "login", "edge")
    assert result.code == 2 and "built-in credentials" in result.err
