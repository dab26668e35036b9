"""Edge-site names for the order list's labels, read from a plain page of the edge-site list
without the wire models.

The labels need each site's id and name, nothing else. A page whose sites carry both as strings
(and whose `page_info`, if any, is a plain object) is read as decoded JSON; any other page goes
through `ListEdgeSitesResponse`, with its handling and errors. The wire models would also
reject a page for a field the labels never show (a site's odd timestamp): read plainly, such a
page still names its sites.

It keeps pydantic's first validation off the dashboard's first page: that validation loads
pydantic's plugin discovery, which reads the entry points of every installed package (14-18 ms
of the first paint of `orderdeck --demo`, about 4%, timed side by side as
`benchmarks/first_paint.py` times it).
"""

from __future__ import annotations

from typing import Any

SiteNames = tuple[list[tuple[str, str]], str | None]
"""(site id, name) of each named site on a page, and the next page's marker."""


def plain_site_names(data: Any) -> SiteNames | None:
    """The named sites and the next marker of a decoded `edge-sites` answer, or None when it
    is not plain: then the wire model reads it."""
    if type(data) is not dict or type(sites := data.get("edge_sites")) is not list:
        return None
    marker = None
    page_info = data.get("page_info")
    if page_info is not None:
        if type(page_info) is not dict:
            return None
        marker = page_info.get("next_marker")
        if marker is not None and type(marker) is not str:
            return None
    named: list[tuple[str, str]] = []
    for site in sites:
        if type(site) is not dict:
            return None
        site_id, name = site.get("id"), site.get("name", "")
        if type(site_id) is not str or type(name) is not str:
            return None  # a numeric id, a null name: the model's rules decide
        if name:
            named.append((site_id, name))
    return named, marker
