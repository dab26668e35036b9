"""`tui.preferences`: the palette's theme remembered in the state dir, the config still in
charge when its own `theme` changes."""

from __future__ import annotations

from pathlib import Path

from tui.preferences import (
    ThemeChoice,
    load_theme_choice,
    preferences_path,
    save_theme_choice,
    theme_to_use,
)


def test_a_palette_choice_wins_while_the_config_theme_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    assert theme_to_use("gruvbox", path) == "gruvbox"
    save_theme_choice(ThemeChoice("nord", "gruvbox"), path)
    assert theme_to_use("gruvbox", path) == "nord"
    assert theme_to_use("dracula", path) == "dracula", "the config changed since: it decides"


def test_a_broken_preferences_file_costs_the_theme_not_the_start(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    for text in ("{", "[]", '{"theme": {"name": 3, "config_theme": null}}'):
        path.write_text(text, encoding="utf-8")
        assert load_theme_choice(path) is None
        assert theme_to_use(None, path) is None


def test_the_file_lives_in_the_state_dir_not_beside_the_config() -> None:
    assert "xdg_state_home" in str(preferences_path())
    assert preferences_path().name == "preferences.json"
