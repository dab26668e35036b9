"""Counters the UI tests put on Textual's layout and styling, to show work that is not done."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each layout of a screen (`Screen._refresh_layout`) from now on, by its arguments."""
    layouts: list[object] = []
    real_layout = Screen._refresh_layout

    def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
        layouts.append(args)
        real_layout(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


def count_restyles(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many nodes each restyle of a subtree (`Stylesheet.update_nodes`) covers from now on."""
    restyles: list[int] = []
    real_update = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        restyles.append(len(nodes))
        real_update(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    return restyles
