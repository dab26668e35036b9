"""`orderdeck create`: place an order from a JSON file, on a provider that can create them.

The order is sent once and never retried; without `--yes` the operator confirms the exact body
first, and `--dry-run` prints it without sending.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from tui.billing_links import BillingLinks
from tui.cli.context import EXIT_OK
from tui.display import printable
from tui.errors import Cancelled, TransportError, UsageError
from tui.order_draft import render_body
from tui.providers import open_provider, registry
from tui.providers.base import CreatesOrders
from tui.providers.cloudpond.order_body import CreateDeliveryOrderRequest

if TYPE_CHECKING:
    from pathlib import Path

    from tui.cli.context import Context
    from tui.config import Profile
    from tui.orders import Order


def cmd_create(context: Context) -> int:
    args = context.args
    profile = context.config.profile(context.profile_name)
    entry = registry.get(profile.provider)
    if entry is None or not entry.can_create:
        creators = " or ".join(creator.display_name for creator in registry.creators())
        raise UsageError(
            f"profile {profile.name!r} is {registry.display_name(profile.provider)}: "
            f"orderdeck creates orders on {creators} profiles only"
        )
    request = _read_order_file(args.file)
    body = render_body(request)  # the wizard's review shows the same text for the same choices
    if args.dry_run:
        # Exactly what would be POSTed (the client sends the same dict, compactly).
        context.out.write(body + "\n")
        if profile.read_only:
            print(
                f"note: profile {profile.name!r} is read_only; it would refuse to send this",
                file=context.err,
            )
        return EXIT_OK
    if profile.read_only:
        raise UsageError(
            f"profile {profile.name!r} is read_only = true: orders cannot be placed with it; "
            f"set read_only = false under [profiles.{profile.name}] in {context.config_label}"
        )
    return asyncio.run(_create(profile, request, body, context))


async def _create(profile: Profile, request: Any, body: str, context: Context) -> int:
    provider = open_provider(profile, context.store)  # missing credentials fail before asking
    try:
        if not isinstance(provider, CreatesOrders):  # the registry entry promised it could
            raise UsageError(f"{provider.name} profile {profile.name!r} cannot create orders")
        context.out.write(body + "\n")
        context.out.flush()
        question = (
            f"Place this order on {registry.display_name(profile.provider)} profile "
            f"{profile.name!r} ({profile.endpoint})? [y/N] "
        )
        if not context.args.yes and not _confirm(question, context):
            raise Cancelled("not confirmed: nothing was sent")
        return await _send_order(provider, request, profile.name, context)
    finally:
        await provider.aclose()


def _read_order_file(path: Path) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{path}: not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    try:
        return CreateDeliveryOrderRequest.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'top level'}: "
            f"{item['msg'].removeprefix('Value error, ')}"
            for item in error.errors()
        )
        raise UsageError(f"{path}: not a delivery order: {problems}") from None


def _confirm(prompt: str, context: Context) -> bool:
    context.err.write(prompt)
    context.err.flush()
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


async def _send_order(
    provider: CreatesOrders, request: Any, profile_name: str, context: Context
) -> int:
    try:
        created = await provider.create_order(request)
    except TransportError as error:
        if error.outcome_unknown:
            raise TransportError(
                error.provider,
                f"{error.message}. The order may have been placed: check "
                f"`orderdeck list --profile {profile_name}` before sending it again",
                outcome_unknown=True,
            ) from None
        raise
    order: Order = created.order
    BillingLinks().record(profile_name, order.id, created.order_ids)
    ids = ", ".join(created.order_ids) or "none"
    context.out.write(
        f"Placed delivery order {printable(order.id)} "
        f"({order.status.value}, {printable(order.status_raw)}); "
        f"billing order ids: {printable(ids)}\n"
    )
    return EXIT_OK
