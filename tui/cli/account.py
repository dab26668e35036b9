"""`orderdeck login`, `logout` and `config path`: where a profile's settings and secrets live.

Secrets go to the OS keyring only (never a file); an environment variable overrides the
keyring, and both commands say so when one is set.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from pydantic import SecretStr

from tui.cli.context import EXIT_OK
from tui.config import config_path
from tui.errors import Cancelled, KeyringUnavailable, UsageError
from tui.providers.cloudpond.profile import CloudPondProfile
from tui.secrets import FIELD_LABELS, FIELDS, KeyringStore, env_var_name

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from tui.cli.context import Context
    from tui.config import Profile


def cmd_login(context: Context) -> int:
    name: str = context.args.login_profile
    profile = context.config.profile(name)
    keyring_store = KeyringStore()
    try:
        keyring_store.check_available(name)
    except KeyringUnavailable:
        raise KeyringUnavailable(_no_keyring_message(name, profile.secret_fields)) from None
    values: dict[str, SecretStr] = {}
    for field in profile.secret_fields:
        value = getpass.getpass(f"{FIELD_LABELS[field]} for {name}: ").strip()
        if not value:
            raise Cancelled(f"empty {FIELD_LABELS[field]}: nothing was stored")
        values[field] = SecretStr(value)
    if context.args.lookup_domain_id:
        _check_domain_id(profile, values, context)
    # Only after every prompt succeeded: a half-stored login would mix old and new keys.
    for field, secret in values.items():
        keyring_store.set(name, field, secret)
    context.out.write(f"Stored {', '.join(values)} for {name} in the OS keyring.\n")
    _warn_about_overrides(name, profile.secret_fields, context)
    return EXIT_OK


def _no_keyring_message(profile: str, fields: Sequence[str]) -> str:
    variables = "\n".join(f"  export {env_var_name(profile, field)}=..." for field in fields)
    return (
        "no usable OS keyring backend, so nothing was stored "
        "(orderdeck never writes secrets to a plain file).\n"
        f"Either set the credentials as environment variables:\n{variables}\n"
        "or install a keyring backend (a desktop Secret Service such as GNOME Keyring or "
        "KWallet, or macOS Keychain / Windows Credential Locker) and run the login again. "
        "`python -m keyring diagnose` shows what keyring sees."
    )


def _warn_about_overrides(profile: str, fields: Sequence[str], context: Context) -> None:
    for field in fields:
        variable = env_var_name(profile, field)
        if os.environ.get(variable):
            print(f"note: {variable} is set and overrides the keyring value", file=context.err)


def _check_domain_id(profile: Profile, values: dict[str, SecretStr], context: Context) -> None:
    # The account lookup is CloudPond's own IAM call, signed with the keys just typed.
    if not isinstance(profile, CloudPondProfile) or profile.auth != "aksk":
        raise UsageError('--lookup-domain-id works for CloudPond profiles with auth = "aksk"')
    # Imported only for this rare option: the HTTP client and the signer are not needed to
    # store keys, nor by `config path` in this module.
    import asyncio

    from tui.providers.cloudpond.auth import lookup_domain_id

    found = asyncio.run(
        lookup_domain_id(
            profile.iam_endpoint, values["ak"], values["sk"], timeout=profile.timeout_seconds
        )
    )
    if found == profile.domain_id:
        context.out.write(f"The keys belong to account {found}, as configured.\n")
    else:
        raise UsageError(
            f"the keys belong to account {found}, but [profiles.{profile.name}] has "
            f'domain_id = "{profile.domain_id}"; fix domain_id (nothing was stored)'
        )


def cmd_logout(context: Context) -> int:
    name: str = context.args.login_profile
    keyring_store = KeyringStore()
    try:
        keyring_store.check_available(name)
    except KeyringUnavailable:
        raise KeyringUnavailable(
            "no usable OS keyring backend, so there is nothing stored to delete.\n"
            f"Credentials set as environment variables ({env_var_name(name, '')}*) "
            "are removed by unsetting them."
        ) from None
    # Every field, not only the current auth's: a profile that switched auth leaves old keys.
    removed = [field for field in FIELDS if keyring_store.delete(name, field)]
    if removed:
        context.out.write(f"Deleted {', '.join(removed)} for {name} from the OS keyring.\n")
    else:
        context.out.write(f"Nothing stored for {name}.\n")
    _warn_about_overrides(name, FIELDS, context)
    return EXIT_OK


def cmd_config_path(args: argparse.Namespace) -> int:
    path = config_path(getattr(args, "config", None))
    print(path)
    if not path.exists():
        print("note: the file does not exist yet; start from config.example.toml", file=sys.stderr)
    return EXIT_OK
