"""Where a view is in a paged list: the cursors of visited pages (so "previous" works on
marker protocols, which only know the way forward) and what the indicator says."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Generic, TypeVar

C = TypeVar("C")


@dataclass
class PageStack(Generic[C]):
    """`starts[i]` is the cursor that fetches page i; page 0 starts at None."""

    starts: list[C | None] = field(default_factory=lambda: [None])
    index: int = 0
    next: C | None = None
    """The cursor of the page after the current one, once the current one has loaded."""

    @property
    def current(self) -> C | None:
        return self.starts[self.index]

    @property
    def can_go_back(self) -> bool:
        return self.index > 0

    @property
    def can_go_forward(self) -> bool:
        return self.next is not None

    def forward(self) -> C | None:
        """Move to the next page and return its cursor (the caller fetches it)."""
        if self.next is None:
            raise IndexError("no next page")
        del self.starts[self.index + 1 :]
        self.starts.append(self.next)
        self.index += 1
        self.next = None
        return self.current

    def back(self) -> C | None:
        if self.index == 0:
            raise IndexError("already on the first page")
        self.index -= 1
        self.next = self.starts[self.index + 1]
        return self.current

    def reset(self) -> None:
        self.starts = [None]
        self.index = 0
        self.next = None


def page_indicator(
    page_index: int, shown: int, page_size: int, total: int | None, has_more: bool
) -> str:
    """`page 3 of 12 · 1,200 orders`, or `page 3 · showing 100 of >300` without a total."""
    page = page_index + 1
    if total is not None:
        pages = max(1, math.ceil(total / page_size)) if page_size else 1
        return f"page {page} of {pages} · {total:,} orders"
    seen = page_index * page_size + shown
    more = ">" if has_more else ""
    return f"page {page} · showing {shown:,} of {more}{seen:,}"
