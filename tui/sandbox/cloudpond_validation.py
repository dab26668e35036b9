"""What the fake CloudPond refuses in a new delivery order, in the service's own words.

The checks run in the order the real service reports them (the site, the payment terms, then
each line), so a body with several mistakes gets the same first message from both.
"""

from __future__ import annotations

from typing import Any

from tui.sandbox.cloudpond_seed import CloudPondData, Json


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 999


class _Refusal(Exception):
    """An order the real service would refuse; the message is its `error_msg`."""


def validate_order(body: Any, data: CloudPondData) -> str | None:
    """What the real service would refuse, as its message; None when the order is fine.

    Checked in the service's order: the site, the payment terms, then each line."""
    option = body.get("delivery_order") if isinstance(body, dict) else None
    if not isinstance(option, dict):
        return "delivery_order is required."
    try:
        zone = _orderable_site(option, data)["location"]["zone_code"]
        pay_mode, period = _prepaid_terms(option, zone, data)
        lines = _count_offering_lines(option, zone, pay_mode, period, data)
        lines += _count_storage_lines(option, zone, data)
    except _Refusal as refusal:
        return str(refusal)
    if lines == 0:
        return "The order must contain servers, network_devices or storage_pools."
    return None


def _orderable_site(option: Json, data: CloudPondData) -> Json:
    site_id = option.get("edge_site_id")
    if isinstance(site_id, int) and not isinstance(site_id, bool):
        site_id = str(site_id)
    if not isinstance(site_id, str) or not site_id:
        raise _Refusal("edge_site_id is required.")
    site = next((s for s in data.edge_sites if s["id"] == site_id), None)
    if site is None:
        raise _Refusal(f"Edge site {site_id} does not exist.")
    if site["status"] not in ("initial", "available"):
        raise _Refusal(
            f"Edge site {site_id} is {site['status']}; "
            "orders are accepted when it is initial or available."
        )
    return site


def _prepaid_terms(option: Json, zone: str, data: CloudPondData) -> tuple[str, int]:
    """The order's pay mode and period in years, when its zone sells them."""
    market = option.get("market_options")
    if not isinstance(market, dict):
        raise _Refusal("market_options is required.")
    if market.get("charge_mode") != "prepaid":
        raise _Refusal("market_options.charge_mode must be prepaid.")
    prepaid = market.get("prepaid_options")
    if not isinstance(prepaid, dict):
        raise _Refusal("market_options.prepaid_options is required.")
    if prepaid.get("period_type") != "year":
        raise _Refusal("prepaid_options.period_type must be year.")
    period = prepaid.get("period_num")
    if not isinstance(period, int) or isinstance(period, bool) or period < 1:
        raise _Refusal("prepaid_options.period_num must be a positive integer.")
    pay_mode = prepaid.get("pay_mode", "FULL")
    zone_cycles = data.sale_cycles.get(zone, [])
    if not any(row["pay_mode"] == pay_mode and period in row["period_num"] for row in zone_cycles):
        raise _Refusal(f"Pay mode {pay_mode} for {period} year(s) is not sold in zone {zone}.")
    return pay_mode, period


def _count_offering_lines(
    option: Json, zone: str, pay_mode: str, period: int, data: CloudPondData
) -> int:
    """Servers and network devices: each must be on sale in the zone on the order's terms."""
    lines = 0
    for key, offerings in (
        ("servers", data.server_offerings),
        ("network_devices", data.network_device_offerings),
    ):
        entries = option.get(key) or []
        if not isinstance(entries, list):
            raise _Refusal(f"{key} must be a list.")
        for entry in entries:
            if not isinstance(entry, dict):
                raise _Refusal(f"{key} entries must be objects.")
            offering_id = entry.get("offering_id")
            offering = next((o for o in offerings if o["id"] == offering_id), None)
            if offering is None or offering["zone_code"] != zone:
                raise _Refusal(f"Offering {offering_id} does not exist in zone {zone}.")
            if offering["status"] != "ONSALE":
                raise _Refusal(f"Offering {offering_id} is {offering['status']}, not on sale.")
            if not any(
                c["pay_mode"] == pay_mode and c["period_num"] == period
                for c in offering["sale_cycles"]
            ):
                raise _Refusal(
                    f"Offering {offering_id} is not sold as {pay_mode} for {period} year(s)."
                )
            if not _is_count(entry.get("count")):
                raise _Refusal(f"count of offering {offering_id} must be an integer 1..999.")
            lines += 1
    return lines


def _count_storage_lines(option: Json, zone: str, data: CloudPondData) -> int:
    """Storage pools: a type the zone has, sized in its gears or its expansion step."""
    pools = option.get("storage_pools") or []
    if not isinstance(pools, list):
        raise _Refusal("storage_pools must be a list.")
    for pool in pools:
        if not isinstance(pool, dict):
            raise _Refusal("storage_pools entries must be objects.")
        type_name = pool.get("storage_type")
        storage = next(
            (t for t in data.storage_types if t["name"] == type_name and t["zone_code"] == zone),
            None,
        )
        if storage is None:
            raise _Refusal(f"Storage type {type_name} does not exist in zone {zone}.")
        size = pool.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise _Refusal("storage_pools.size must be a positive integer (TB).")
        step = storage["expand_capacity_step"]
        allowed = size % step == 0 if step else size in storage["supported_capacities"]
        if not allowed:
            choices = (
                f"a multiple of {step} TB"
                if step
                else ", ".join(f"{c} TB" for c in storage["supported_capacities"])
            )
            raise _Refusal(f"Storage size {size} TB is not sold for {type_name}; choose {choices}.")
    return len(pools)
