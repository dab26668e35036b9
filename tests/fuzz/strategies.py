"""Hypothesis strategies for what a provider could send: any JSON, and documents shaped like
each API's answers whose fields hold anything at all."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", "NaN", "-$21.91", "2026-01-01T00:00:00Z", "1700000000", "Unpaid"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def shaped(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object with any subset of `fields`, each holding its own strategy or any JSON."""
    return st.fixed_dictionaries(
        {}, optional={name: strategy | json_values for name, strategy in fields.items()}
    )


times = st.sampled_from(["2026-01-01T00:00:00Z", "2024-02-30 10:00:00", "0", "1e400", "-1"])
money = st.sampled_from(["-$21.91", "$0.00", "Free", "¥1,024.00", "1e5", "NaN", "Infinity"])

cloudpond_order = shaped(
    {
        "id": st.text(max_size=8),
        "name": st.text(max_size=8),
        "status": st.sampled_from(["ACCEPTING", "SUCCESS", "EXPLODED", ""]),
        "edge_site_id": st.text(max_size=8),
        "created_at": times,
        "updated_at": times,
        "effected_at": times,
    }
)
cloudpond_list = shaped(
    {
        "delivery_orders": st.lists(cloudpond_order, max_size=3),
        "page_info": shaped({"next_marker": st.text(max_size=4), "current_count": st.integers()}),
    }
)
cloudpond_detail = shaped({"delivery_order": cloudpond_order})

duoplus_item = shaped(
    {
        "order_id": st.text(max_size=8),
        "status": st.sampled_from(["Unpaid", "Finished", "Teleported"]),
        "type": st.sampled_from(["Renewal", "Purchase", "?"]),
        "product": st.text(max_size=8),
        "description": st.text(max_size=8),
        "total": money,
        "created_at": times,
        "expired_at": times,
        "expired_seconds": st.integers(min_value=-(2**70), max_value=2**70) | st.text(max_size=4),
    }
)
duoplus_envelope = shaped(
    {
        "code": st.sampled_from([200, 200, 200, 401, 429, 500, "200"]),
        "message": st.text(max_size=8),
        "data": shaped(
            {
                "list": st.lists(duoplus_item, max_size=3),
                "page": st.integers(),
                "pagesize": st.integers(),
                "total": st.integers(),
                "total_page": st.integers(min_value=-5, max_value=2**62),
            }
        ),
    }
)

ace_order = shaped(
    {
        "id": st.text(max_size=8) | st.integers(),
        "state": st.sampled_from(["Pending", "Finished", "Vaporised"]),
        "price": money | st.floats(),
        "amount": money | st.integers(),
        "discount": money | st.floats(),
        "remaining_amount": money,
        "pay_way": st.text(max_size=6),
        "pay_url": st.text(max_size=10),
        "applications": st.lists(json_values, max_size=2),
        "packages": st.lists(json_values, max_size=2),
        "created_at": times,
        "updated_at": times,
    }
)
ace_list = shaped(
    {
        "count": st.integers(min_value=-3, max_value=2**62),
        "items": st.lists(ace_order, max_size=3),
        "results": st.lists(ace_order, max_size=3),
    }
)
