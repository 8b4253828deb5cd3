"""A dark theme's panel and surface, as a 16-colour terminal shows them."""

from __future__ import annotations

from textual.color import Color

from mongolia_tui.colours import FOCUS_TINT, adjusted, panel_for_few_colours, shown_black


def test_the_panel_is_darkened_until_16_colours_show_it_black():
    panel = panel_for_few_colours("#242F38", "#121212", "#E0E0E0")
    assert not shown_black(Color.parse("#242F38"))  # grey #808080 on such a terminal
    assert shown_black(Color.parse(panel))
    assert shown_black(Color.parse(panel).blend(Color.parse("#E0E0E0"), FOCUS_TINT))
    assert panel != "#121212"  # still a panel, not the background


def test_light_themes_and_black_panels_are_left_alone():
    variables = {"panel": "#D0D0D0", "surface": "#D8D8D8", "background": "#E0E0E0",
                 "foreground": "#1F1F1F"}  # fmt: skip
    assert adjusted(variables, dark=False) == variables
    assert panel_for_few_colours("#000000", "#121212", "#E0E0E0") == "#000000"
