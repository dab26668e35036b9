"""Plain delivery orders straight to `Order`: the fast path of the CloudPond order list.

An item is plain when every field `DeliveryOrder` reads has the JSON type the API documents
(ids and names strings, timestamps `...Z` strings); for those items the result equals
`CloudPondClient.to_order(DeliveryOrder.model_validate(item), item)`, which
`tests/test_fast_paths.py` checks item by item. Any other item is handed to `fallback`, the
wire-model path, with its handling and errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, Final

from tui.orders import Kind, Order, Status, new_order
from tui.providers.fast_path import shared_table, utc_isoformat

KNOWN_STATUSES: Final[Mapping[str, tuple[Status, str]]] = {
    text: (status, text)
    for text, status in {
        "ACCEPTING": Status.PENDING,
        "PROCESSING": Status.PROCESSING,
        "SUCCESS": Status.COMPLETED,
        "FAIL": Status.FAILED,
        "CANCELLED": Status.CANCELLED,
        "DELETED": Status.DELETED,
    }.items()
}
"""The documented statuses as sent, with one shared copy of the text; any other text goes
through `normalize_status`."""

SHARED_TEXTS: Final[dict[str, str]] = {}
"""Domain ids, statuses and site ids as one string object each, for every client and page
(like `sys.intern`, bounded: see `fast_path.shared_table`)."""

_DEFAULTS: Final = (
    ("id", None),
    ("name", None),
    ("domain_id", None),
    ("status", ""),
    ("edge_site_id", None),
    ("created_at", None),
    ("updated_at", None),
)
"""The fields `DeliveryOrder` reads (but `effected_at`) with the model's defaults."""

_FIELDS: Final = itemgetter(*(field for field, _ in _DEFAULTS))
"""All of them in one call, for items that send every one (all, in practice)."""

Fallback = Callable[[Any], tuple[Order, str | None]]
"""The wire-model path for one item: its order and its (validated) edge site id."""


def plain_orders(
    items: list[Any],
    *,
    provider: str,
    profile: str,
    site_names: Mapping[str, str],
    normalize_status: Callable[[str], Status],
    fallback: Fallback,
) -> tuple[list[Order], set[str]]:
    """The orders of `items`, and the edge site ids among them `site_names` does not name.

    Equal strings (domain, status, site) become one object, in the raw item too; the raw item
    becomes `Order.raw` as it is: the decoded answer belongs to the caller and is not kept
    elsewhere.
    """
    orders: list[Order] = []
    append = orders.append
    unnamed: set[str] = set()
    site_labels: dict[str, tuple[str, str]] = {}
    """Site id -> (its shared copy, its label)."""
    last_domain = ""
    share = shared_table(SHARED_TEXTS).setdefault
    known_status = KNOWN_STATUSES.get
    fromisoformat = datetime.fromisoformat
    delivery = Kind.DELIVERY
    # The three providers' plain_orders loops share a shape on purpose: each is unrolled for
    # its own wire format (local lookups, no helper calls per item), which is the point.
    for item in items:
        if type(item) is not dict:
            order, site = fallback(item)
            if site and site not in site_names:
                unnamed.add(site)
            append(order)
            continue
        try:
            order_id, name, domain, status_text, site, created, updated = _FIELDS(item)
        except KeyError:  # a field left out: None, as the model has it ("" for the status)
            order_id, name, domain, status_text, site, created, updated = [
                item.get(field, default) for field, default in _DEFAULTS
            ]
        effected: Any = item.get("effected_at")  # left out of orders that have not taken effect
        try:
            if not (
                type(order_id) is str
                and type(status_text) is str
                and (name is None or type(name) is str)
                and (domain is None or type(domain) is str)
                and (site is None or type(site) is str)
            ):
                raise ValueError("not plain")
            # A string that is not an ISO time (or a number, or "") raises here: the wire
            # model decides what it means.
            effected_at = None if effected is None else fromisoformat(effected)
            created_at = None if created is None else fromisoformat(created)
            updated_at = None if updated is None else fromisoformat(updated)
            if not (
                (effected_at is None or effected_at.tzinfo is UTC)
                and (created_at is None or created_at.tzinfo is UTC)
                and (updated_at is None or updated_at.tzinfo is UTC)
            ):
                raise ValueError("not UTC")
        except (ValueError, TypeError):
            order, site = fallback(item)
            if site and site not in site_names:
                unnamed.add(site)
            append(order)
            continue
        known = known_status(status_text)
        if known is None:
            status = normalize_status(status_text)
        else:
            status, status_text = known
            item["status"] = status_text
        if site:
            shared_site = site_labels.get(site)
            if shared_site is None:
                site_name = site_names.get(site)
                if site_name is None:
                    unnamed.add(site)
                site = share(site, site)
                shared_site = site_labels[site] = (
                    site,
                    f"{site_name} ({site})" if site_name else site,
                )
            item["edge_site_id"], label = shared_site
            if effected_at is None:
                extra = {"Edge site": label}
            else:
                extra = {"Edge site": label, "Effective": utc_isoformat(effected, effected_at)}
        elif effected_at is None:
            extra = {}
        else:
            extra = {"Effective": utc_isoformat(effected, effected_at)}
        if domain:
            if domain != last_domain:
                last_domain = share(domain, domain)
            item["domain_id"] = extra["Domain"] = last_domain
        append(
            new_order(
                provider,
                profile,
                order_id,
                name or order_id,
                status,
                status_text,
                delivery,
                None,
                created_at,
                updated_at,
                None,
                None,
                extra,
                item,
            )
        )
    return orders, unnamed
