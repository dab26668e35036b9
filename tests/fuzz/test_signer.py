"""The AK/SK canonicalizer against Huawei's official signer, on paths, query strings and
bodies no hand-written test would think of: odd Unicode, reserved characters, repeated keys."""

from __future__ import annotations

from urllib.parse import quote

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_cloudpond_auth import DOMAIN, HOST, official_authorization, signer_auth
from tui.providers.cloudpond.signing import canonical_query, parse_query

SIGNER = settings(max_examples=80, deadline=None)

RESERVED = ":/?#[]@!$&'()*+,;=%~ \t"
characters = st.characters(min_codepoint=1, blacklist_categories=("Cs",))
odd_text = st.text(alphabet=st.sampled_from(list(RESERVED)) | characters, max_size=10)
segment = st.text(
    alphabet=st.sampled_from(list(RESERVED.replace("/", "").replace("%", ""))) | characters,
    min_size=1,
    max_size=8,
)
keys = st.sampled_from(["status", "marker", "limit", "id", "a b", "ü", "k=v"]) | odd_text


@SIGNER
@given(
    method=st.sampled_from(["GET", "POST", "DELETE"]),
    segments=st.lists(segment, min_size=1, max_size=3),
    query=st.lists(st.tuples(keys, odd_text), max_size=5),
    body=st.binary(max_size=64),
)
def test_our_signature_equals_the_official_signers(
    method: str, segments: list[str], query: list[tuple[str, str]], body: bytes
) -> None:
    # Quoted as the clients quote an id in a path; a segment of only dots would be resolved
    # away by URL normalization, so it is no real path.
    segments = [s for s in segments if s.strip(".")] or ["x"]
    path = f"/v2/{DOMAIN}/" + "/".join(quote(s, safe="") for s in segments)
    request = httpx.Request(
        method,
        httpx.URL(f"https://{HOST}").copy_with(path=path),
        params=query,
        content=body if method != "GET" else None,
        headers={"Content-Type": "application/json"} if method != "GET" else {},
    )
    signer_auth().sign_request(request)
    official, _ = official_authorization(request, query)
    assert request.headers["authorization"] == official


@SIGNER
@given(query=st.lists(st.tuples(keys, odd_text), max_size=6))
def test_the_query_sent_is_the_query_signed(query: list[tuple[str, str]]) -> None:
    """What the gateway parses from the wire is what we signed (spaces, plus signs, repeats)."""
    request = httpx.Request("GET", f"https://{HOST}/v2/{DOMAIN}/delivery-orders", params=query)
    signer_auth().sign_request(request)
    sent = request.url.query.decode("ascii")
    assert canonical_query(parse_query(sent)) == canonical_query(query)
