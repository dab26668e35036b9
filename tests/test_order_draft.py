"""The order draft: step rules, the one draft -> body path, and files `create --file` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.cli_helpers import run, use_demo_env, write_demo_config
from tui.order_draft import (
    DraftStore,
    Line,
    OrderDraft,
    Pool,
    Step,
    drafts_dir,
    parse_line,
    parse_pool,
    pay_mode_label,
    period_label,
    render_body,
    totals,
)
from tui.providers.cloudpond.catalogue import NetworkDeviceOffering, ServerOffering, StorageType
from tui.providers.cloudpond.order_body import Discount
from tui.sandbox.server import SandboxServer

SAS = StorageType(name="SAS", expand_capacity_step=0, supported_capacities=[26, 52, 78])
SSD = StorageType(name="SSD", expand_capacity_step=13)
TYPES = {"SAS": SAS, "SSD": SSD}

COMPLETE = OrderDraft(
    edge_site_id="site-1",
    pay_mode="HALF",
    period_num=3,
    servers=[Line(offering_id="srv-1", count=2)],
    storage_pools=[Pool(storage_type="SSD", size=26)],
)


def test_each_step_names_what_is_missing() -> None:
    draft = OrderDraft()
    assert draft.problems(Step.SITE) == ["Choose an edge site."]
    draft = draft.model_copy(update={"edge_site_id": "site-1"})
    assert draft.problems(Step.SITE) == []
    assert draft.problems(Step.BILLING) == ["Choose a pay mode and period."]
    draft = draft.model_copy(update={"pay_mode": "FULL", "period_num": 1})
    assert draft.problems(Step.SERVERS) == []
    assert draft.problems(Step.NETWORK) == []
    assert draft.problems(Step.STORAGE) == [
        "Choose at least one server, network device or storage pool."
    ]
    assert COMPLETE.problems(Step.REVIEW) == []


@pytest.mark.parametrize("text", ["0", "1000", "-1", "x", "2.5"])
def test_counts_outside_1_to_999_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_line("srv-1", text)


def test_an_empty_count_means_none_and_a_valid_one_is_a_line() -> None:
    assert parse_line("srv-1", "  ") is None
    assert parse_line("srv-1", "999") == Line(offering_id="srv-1", count=999)


def test_pool_sizes_follow_the_storage_type() -> None:
    assert parse_pool("SAS", "52", TYPES).size == 52
    assert parse_pool("SSD", "39", TYPES).size == 39
    with pytest.raises(ValidationError, match="choose one of 26, 52, 78 TB"):
        parse_pool("SAS", "50", TYPES)
    with pytest.raises(ValidationError, match="multiple of 13 TB"):
        parse_pool("SSD", "20", TYPES)
    with pytest.raises(ValidationError, match="not sold here"):
        parse_pool("NVME", "10", TYPES)


def test_the_body_of_a_complete_draft_is_the_strict_request_body() -> None:
    wire = COMPLETE.to_wire()
    assert wire == COMPLETE.to_request().to_wire()
    assert wire == {
        "delivery_order": {
            "edge_site_id": "site-1",
            "servers": [{"offering_id": "srv-1", "count": 2}],
            "storage_pools": [{"storage_type": "SSD", "size": 26}],
            "market_options": {
                "charge_mode": "prepaid",
                "prepaid_options": {"period_type": "year", "period_num": 3, "pay_mode": "HALF"},
            },
        }
    }


def test_discounts_are_sent_only_when_given() -> None:
    draft = COMPLETE.model_copy(update={"discounts": [Discount(id="d-1", type="300")]})
    market = draft.to_request().to_wire()["delivery_order"]["market_options"]
    assert market["discounts"] == [{"id": "d-1", "type": "300"}]


def test_an_incomplete_draft_is_no_request() -> None:
    with pytest.raises(ValidationError):
        OrderDraft(edge_site_id="site-1").to_request()


def test_a_draft_survives_a_round_trip_through_a_file(tmp_path: Path) -> None:
    for draft in (COMPLETE, OrderDraft(edge_site_id="site-1", pay_mode="FULL", period_num=1)):
        path = draft.save(tmp_path / "draft.json")
        assert OrderDraft.load(path) == draft


def test_a_file_with_an_unknown_key_is_refused(tmp_path: Path) -> None:
    body = COMPLETE.to_wire()
    body["delivery_order"]["market_options"]["prepaid_options"]["periodnum"] = 3
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(ValidationError, match="periodnum"):
        OrderDraft.load(path)


def test_switching_to_a_site_in_another_zone_clears_later_choices() -> None:
    assert COMPLETE.with_site("site-2", zone_changed=True) == OrderDraft(edge_site_id="site-2")
    same_zone = COMPLETE.with_site("site-2", zone_changed=False)
    assert same_zone.servers == COMPLETE.servers and same_zone.edge_site_id == "site-2"


def test_lines_no_longer_sold_are_dropped() -> None:
    assert COMPLETE.keep_sold(servers=[]).servers == []
    assert COMPLETE.keep_sold().servers == COMPLETE.servers


def test_totals_add_up_specs_times_counts() -> None:
    server = ServerOffering.model_validate(
        {
            "id": "srv-1",
            "spec": {"vcpus": 96, "memory": 384, "unit": 2, "power": 1184, "storage_capacity": 4},
        }
    )
    switch = NetworkDeviceOffering.model_validate(
        {"id": "net-1", "spec": {"unit": 1, "power": 450}}
    )
    draft = COMPLETE.model_copy(update={"network_devices": [Line(offering_id="net-1", count=3)]})
    summed = totals(draft, [server], [switch])
    assert (summed.servers, summed.vcpus, summed.memory_gb) == (2, 192, 768)
    assert (summed.network_devices, summed.rack_units, summed.power_watts) == (3, 7, 3718)
    assert (summed.server_storage_tib, summed.storage_pools_tb) == (8, 26)


def test_pay_modes_and_periods_read_as_words() -> None:
    assert pay_mode_label("FULL") == "All upfront"
    assert pay_mode_label("HALF") == "Half upfront"
    assert pay_mode_label("SOMETHING_NEW") == "SOMETHING_NEW"
    assert (period_label(1), period_label(3)) == ("1 year", "3 years")


def test_create_dry_run_prints_what_the_draft_renders(
    sandbox: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = COMPLETE.save(tmp_path / "order.json")
    use_demo_env(monkeypatch)
    config = write_demo_config(sandbox, tmp_path)
    result = run(
        capsys, "--config", str(config), "create", "--profile", "edge", "--file", str(path),
        "--dry-run",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == render_body(COMPLETE.to_request()) + "\n"


# ---- drafts kept between runs -------------------------------------------------------------------


def test_a_draft_resumes_at_the_first_step_missing_something() -> None:
    assert OrderDraft().resume_step is Step.SITE
    site_only = OrderDraft(edge_site_id="site-1")
    assert site_only.resume_step is Step.BILLING
    billed = site_only.model_copy(update={"pay_mode": "FULL", "period_num": 3})
    assert billed.resume_step is Step.SERVERS
    assert COMPLETE.resume_step is Step.REVIEW


def test_kept_drafts_live_in_the_user_state_dir(tmp_path: Path) -> None:
    # The autouse fixture points XDG_STATE_HOME into tmp_path.
    assert drafts_dir().is_relative_to(tmp_path / "xdg_state_home")
    assert DraftStore().folder == drafts_dir()


def test_a_kept_draft_comes_back_with_its_step(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    assert store.kept("edge") is None
    store.keep("edge", COMPLETE, Step.STORAGE)
    kept = store.kept("edge")
    assert kept is not None and (kept.draft, kept.step) == (COMPLETE, Step.STORAGE)
    assert DraftStore(tmp_path).kept("other") is None


def test_forgetting_a_draft_keeps_the_last_saved_path(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.keep("edge", COMPLETE, Step.REVIEW)
    store.remember_saved("edge", tmp_path / "order.json")
    store.forget("edge")
    assert store.kept("edge") is None
    assert store.last_saved("edge") == tmp_path / "order.json"


def test_a_store_with_nothing_left_leaves_no_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.keep("edge", COMPLETE, Step.REVIEW)
    store.forget("edge")
    assert not store.path("edge").exists()


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"body": 3}', '{"body": {"delivery_order": {"x": 1}}}']
)
def test_a_damaged_kept_draft_is_no_draft(tmp_path: Path, text: str) -> None:
    store = DraftStore(tmp_path)
    store.path("edge").write_text(text)
    assert store.kept("edge") is None
    assert store.last_saved("edge") is None


def test_loading_a_file_that_is_not_an_object_says_so(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="delivery_order"):
        OrderDraft.load(path)
