"""Every piece of text the user can see reaches WCAG AA contrast (4.5:1) against its background.

The colours are the ones Textual actually renders: the compositor's strips, after the app's
line filters (which turn ``dim`` into a colour blended towards the background), for each state
of the app a user walks through, at two terminal sizes, in the default theme and in
``textual-light``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from screen import running
from textual.pilot import Pilot

from mongolia_tui.app import MongoliaApp

AA = 4.5
#: How much of the foreground a terminal keeps for SGR ``dim`` if it ever reaches one (most
#: terminals halve the intensity; Textual itself blends 66% and removes the attribute).
TERMINAL_DIM = 0.5

RGB = tuple[int, int, int]


# -- WCAG 2.x contrast (pure) -------------------------------------------------------------------


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0 black .. 1 white)."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_ratio_of_known_pairs():
    black, white = (0, 0, 0), (255, 255, 255)
    assert contrast_ratio(black, white) == pytest.approx(21)
    assert contrast_ratio(white, black) == pytest.approx(21)
    assert contrast_ratio((119, 119, 119), (119, 119, 119)) == pytest.approx(1)
    # #777777 on white: the classic grey that just misses AA.
    assert contrast_ratio((0x77, 0x77, 0x77), white) == pytest.approx(4.48, abs=0.01)
    # #767676 on white: the lightest grey that passes.
    assert contrast_ratio((0x76, 0x76, 0x76), white) > AA


# -- what is on screen --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """A run of text on screen with the colours it is drawn in."""

    state: str
    text: str
    fg: RGB
    bg: RGB
    ratio: float
    x: int
    y: int

    def __str__(self) -> str:
        fg, bg = (f"#{r:02x}{g:02x}{b:02x}" for r, g, b in (self.fg, self.bg))
        return f"{self.ratio:5.2f}  {fg} on {bg}  {self.state}: {self.text.strip()!r} at {self.x},{self.y}"


def _is_text(char: str) -> bool:
    """Letters, digits, punctuation and symbols; not spaces, box drawing or block elements
    (borders, scroll bars and chart bars are graphics, not text)."""
    if char.isspace():
        return False
    code = ord(char)
    return not (0x2500 <= code <= 0x259F or 0x2800 <= code <= 0x28FF) and (
        unicodedata.category(char)[0] != "C"
    )


def colours(style: Style) -> tuple[RGB, RGB]:
    """Foreground and background as the terminal shows them: reverse swaps them, and a
    ``dim`` that survived Textual's filters is blended towards the background."""
    theme = DEFAULT_TERMINAL_THEME
    fg_colour = style.color or RichColor.default()
    bg_colour = style.bgcolor or RichColor.default()
    fg = tuple(fg_colour.get_truecolor(theme, foreground=True))
    bg = tuple(bg_colour.get_truecolor(theme, foreground=False))
    if style.reverse:
        fg, bg = bg, fg
    if style.dim:
        fg = tuple(round(b + (f - b) * TERMINAL_DIM) for f, b in zip(fg, bg))
    return fg, bg  # type: ignore[return-value]


def seen_text(app: MongoliaApp, state: str) -> Iterator[Seen]:
    """Every run of text the user can see on the current screen, with its colours.

    Under a modal screen the screen below shows through, faded on purpose (inactive, not
    meant to be read): only text drawn by the modal's own widgets is measured.
    """
    screen = app.screen
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            width = segment.cell_length
            visible = [i for i, char in enumerate(text) if _is_text(char)]
            if visible and style is not None and not segment.control:
                at = x + visible[0]  # text is single-width here: good enough to find the widget
                if not screen.is_modal or screen.get_widget_at(at, y)[0] is not screen:
                    fg, bg = colours(style)
                    yield Seen(state, text, fg, bg, contrast_ratio(fg, bg), x, y)
            x += width


# -- the journey: every state a user sees -------------------------------------------------------


class Journey:
    """Walks the app through its states, recording what is seen in each."""

    def __init__(self, app: MongoliaApp, pilot: Pilot) -> None:
        self.app = app
        self.pilot = pilot
        self.seen: list[Seen] = []
        self.states: list[str] = []

    async def look(self, state: str) -> None:
        await self.pilot.pause()
        found = list(seen_text(self.app, state))
        assert found, f"nothing seen in state {state!r}"
        self.seen.extend(found)
        self.states.append(state)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()


async def walk(app: MongoliaApp, pilot: Pilot) -> Journey:
    j = Journey(app, pilot)
    await j.look("first screen")
    await j.press("j")
    await j.look("a row highlighted, table focused")
    await j.press("slash")
    await j.look("a row highlighted, search focused (placeholder)")
    await j.press(*"1992")
    await j.look("search 1992 typed: matches, highlighted match row")
    await j.press("enter")
    await j.look("search 1992, table focused")
    await j.press("j")
    await j.look("search 1992, second match highlighted")
    await j.press("slash", *["backspace"] * 4, *"zzzz")
    await j.look("search with no match")
    await j.press("escape", "escape")
    assert not app.state.query
    await j.press("n")
    await j.look("warning toast")
    await j.press("end")
    await j.look("muted row highlighted (no relations)")
    await j.press("k")
    await j.look("muted row, not highlighted")
    await j.press("enter")
    await j.look("detail view")
    await j.press("escape", "0")
    await j.look("Organisations tab")
    await j.press("j")
    await j.look("Organisations, a row highlighted")
    await j.press("1", "question_mark")
    await j.look("help")
    await j.press("escape", "s")
    await j.look("sort menu")
    await j.press("escape", "f")
    await j.look("filter menu")
    await j.press("escape", "e")
    await j.look("export")
    await j.press("escape", "t")
    await j.look("timeline")
    await j.press("d")
    await j.look("timeline, decades")
    await j.press("escape")
    app.action_anniversaries()
    await j.look("anniversaries (none in 30 days)")
    await j.press("w", "w")
    await j.look("anniversaries in 365 days")
    await j.press("escape", "ctrl+p", *"sort")
    await j.look("command palette, 'sort' typed")
    await j.press("escape")
    return j


def failures(seen: list[Seen]) -> list[Seen]:
    """The runs below AA, one per distinct (state, colours), lowest first."""
    low: dict[tuple[str, RGB, RGB], Seen] = {}
    for s in seen:
        if s.ratio < AA:
            low.setdefault((s.state, s.fg, s.bg), s)
    return sorted(low.values(), key=lambda s: s.ratio)


@pytest.mark.parametrize("theme", [None, "textual-light"], ids=["default", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_all_text_reaches_wcag_aa(sample_app, theme, size):
    app = sample_app(theme=theme)
    async with running(app, size) as pilot:
        journey = await walk(app, pilot)
    assert len(journey.states) == 22
    low = failures(journey.seen)
    assert not low, f"{len(low)} text runs below {AA}:1:\n" + "\n".join(map(str, low))
