"""Theme colours that still read on a terminal of 256 or 16 colours.

On such a terminal (``TERM=xterm``) every colour is shown as the nearest the terminal has. A
dark theme's panel (the title, header and key bars) comes out as grey #808080 in 16 colours,
on which white text is 3.9:1 and the accent 3.7:1: below WCAG AA; so does the surface under
a focused input. Each is darkened just enough that a 16-colour terminal shows it black, which
keeps it a panel in truecolor.
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

#: Steps of blending the panel towards the background, at most.
STEPS = 10


def shown_black(color: Color) -> bool:
    """Whether a 16-colour terminal shows ``color`` as black."""
    return RichColor.from_rgb(*color.rgb).downgrade(ColorSystem.STANDARD).number == 0


#: The tint Textual gives a focused widget ($foreground 5%): the panel must stay black under it.
FOCUS_TINT = 0.05


def panel_for_few_colours(panel: str, background: str, foreground: str) -> str:
    """A dark theme's panel, darkened towards the background until a 16-colour terminal
    shows it black, focused or not (unchanged if it already is, or if nothing between them
    is)."""
    start, end, tint = Color.parse(panel), Color.parse(background), Color.parse(foreground)
    for step in range(STEPS + 1):
        candidate = start.blend(end, step / STEPS)
        if shown_black(candidate) and shown_black(candidate.blend(tint, FOCUS_TINT)):
            return candidate.hex
    return panel


#: The backgrounds text is drawn on, besides the screen's own.
BACKGROUNDS = ("panel", "surface")


def adjusted(variables: dict[str, str], dark: bool) -> dict[str, str]:
    """The theme's CSS variables with the panel and surface made safe for 16 colours (dark
    themes)."""
    if not dark or not all(name in variables for name in ("background", "foreground")):
        return variables
    background, foreground = variables["background"], variables["foreground"]
    safe = {
        name: panel_for_few_colours(variables[name], background, foreground)
        for name in BACKGROUNDS
        if name in variables
    }
    return {**variables, **safe}
