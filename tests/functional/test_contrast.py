"""Every piece of text the user can see reaches WCAG AA contrast (4.5:1) against its background.

The colours are the ones Textual actually renders: the compositor's strips, after the app's
line filters (which turn ``dim`` into a colour blended towards the background), for each state
of the app a user walks through, at two terminal sizes, in the default theme and in
``textual-light``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from screen import running, screen_text
from support import TODAY, partner_record
from textual.pilot import Pilot

from mongolia_tui.app import MongoliaApp, make_app
from mongolia_tui.store import load_store

AA = 4.5
#: How much of the foreground a terminal keeps for SGR ``dim`` if it ever reaches one (most
#: terminals halve the intensity; Textual itself blends 66% and removes the attribute).
TERMINAL_DIM = 0.5

RGB = tuple[int, int, int]

#: The colour systems a terminal may have: Rich turns the theme's colours into the nearest of
#: 256 (TERM=xterm-256color) or 16 (TERM=xterm) the terminal can show. The 16 are drawn in
#: the classic xterm/VGA-like palette Rich assumes (its default terminal theme).
SYSTEMS = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256 colours": ColorSystem.EIGHT_BIT,
    "16 colours": ColorSystem.STANDARD,
}


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
    #: False when the text has no colour of its own (the terminal's default shows).
    themed: bool = True
    #: The style it is drawn in (to see it in another colour system).
    style: Style | None = None

    def in_system(self, system: ColorSystem) -> Seen:
        """The same run as a terminal with that many colours shows it."""
        if self.style is None or system == ColorSystem.TRUECOLOR:
            return self
        fg, bg = colours(self.style, system)
        return replace(self, fg=fg, bg=bg, ratio=contrast_ratio(fg, bg))

    def __str__(self) -> str:
        fg, bg = (f"#{r:02x}{g:02x}{b:02x}" for r, g, b in (self.fg, self.bg))
        colours = f"{fg} on {bg}" if self.themed else "terminal default colours"
        where = f"{self.state}: {self.text.strip()!r} at {self.x},{self.y}"
        ratio = f"{self.ratio:5.2f}" if self.themed else "    ?"
        return f"{ratio}  {colours}  {where}"


def _is_text(char: str) -> bool:
    """Letters, digits, punctuation and symbols; not spaces, box drawing or block elements
    (borders, scroll bars and chart bars are graphics, not text)."""
    if char.isspace():
        return False
    code = ord(char)
    return not (0x2500 <= code <= 0x259F or 0x2800 <= code <= 0x28FF) and (
        unicodedata.category(char)[0] != "C"
    )


def resolved(style: Style | None) -> bool:
    """Whether the theme gave the text its colours (else the terminal's own default colours
    show through, whatever they are: on a light terminal, dark text in a dark panel)."""
    if style is None:
        return False
    return all(c is not None and not c.is_default for c in (style.color, style.bgcolor))


def colours(style: Style, system: ColorSystem = ColorSystem.TRUECOLOR) -> tuple[RGB, RGB]:
    """Foreground and background as the terminal shows them: in its colour system, reverse
    swaps them, and a ``dim`` that survived Textual's filters is blended towards the
    background."""
    theme = DEFAULT_TERMINAL_THEME
    fore = (style.color or RichColor.default()).downgrade(system)
    back = (style.bgcolor or RichColor.default()).downgrade(system)
    fg = tuple(fore.get_truecolor(theme, foreground=True))
    bg = tuple(back.get_truecolor(theme, foreground=False))
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
            if visible and not segment.control:
                at = x + visible[0]  # text is single-width here: good enough to find the widget
                if not screen.is_modal or screen.get_widget_at(at, y)[0] is not screen:
                    style = style or Style.null()
                    fg, bg = colours(style)
                    ratio = contrast_ratio(fg, bg)
                    yield Seen(state, text, fg, bg, ratio, x, y, resolved(style), style)
            x += width


# -- the journey: every state a user sees -------------------------------------------------------


class Journey:
    """Walks the app through its states, recording what is seen in each."""

    def __init__(self, app: MongoliaApp, pilot: Pilot) -> None:
        self.app = app
        self.pilot = pilot
        self.seen: list[Seen] = []
        self.states: list[str] = []

    async def look(self, state: str, *expected: str) -> None:
        """Record what is seen; ``expected`` texts must be among it (the state was reached)."""
        await self.pilot.pause()
        found = list(seen_text(self.app, state))
        shown = screen_text(self.app)
        for text in expected:
            assert text in shown, f"{state}: {text!r} is not on screen:\n{shown}"
        self.seen.extend(found)
        self.states.append(state)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()


async def walk(app: MongoliaApp, pilot: Pilot) -> Journey:
    """Every state the browser shows, from the first screen to the command palette."""
    j = Journey(app, pilot)
    await j.look("first screen", "All", "search: name", "Country", "Russia", "Help")
    await j.press("j")
    await j.look("a row highlighted, table focused", "North Korea", "enter")
    await j.press("slash")
    await j.look("a row highlighted, search focused (placeholder)", "search: name")
    await j.press(*"1992")
    await j.look("search 1992 typed: matches, highlighted match row", "1992", "Kazakhstan")
    await j.press("enter")
    await j.look("search 1992, table focused", "1992")
    await j.press("j")
    await j.look("search 1992, second match highlighted", "Uzbekistan")
    await j.press("slash", *["backspace"] * 4, *"zzzz")
    await j.look("search with no match", "zzzz")
    await j.press("escape", "escape")
    assert not app.state.query
    app.notify("Copied Russia to the clipboard.")
    app.notify("No match.", severity="warning")
    app.notify("Could not write the file.", severity="error")
    await j.look("toasts", "Copied Russia", "No match.", "Could not write")
    app.clear_notifications()
    await j.press("end")
    await j.look("muted row highlighted (no relations)", "Taiwan")
    await j.press("k")
    await j.look("muted row, not highlighted", "Taiwan")
    await j.press("enter")
    await j.look("detail view", "Malawi", "esc close")
    await j.press("escape", "0")
    await j.look("Organisations tab", "Abbr")
    await j.press("j")
    await j.look("Organisations, a row highlighted")
    await j.press("1", "question_mark")
    await j.look("help", "Keys")
    await j.press("G")
    await j.look("help, scrolled to the end", "Search ignores case")
    await j.press("escape", "s")
    await j.look("sort menu", "Sort by", "Established")
    await j.press("escape", "f")
    await j.look("filter menu", "Filter partners", "has a note")
    await j.press("escape", "e")
    await j.look("export", "Export", "enter writes")
    await j.press("escape", "t")
    await j.look("timeline", "Timeline", "1992")
    await j.press("d")
    await j.look("timeline, decades", "1990s")
    await j.press("escape")
    app.action_anniversaries()
    await j.look("anniversaries (none in 30 days)", "None. Press w")
    await j.press("w", "w")
    await j.look("anniversaries in 365 days", "Czech Republic", "round")
    await j.press("escape", "ctrl+p", *"sort")
    await j.look("command palette, 'sort' typed", "Sort by")
    await j.press("escape")
    return j


def below_aa(seen: list[Seen]) -> list[Seen]:
    """The runs below AA: the first seen of each pair of colours, lowest ratio first."""
    low: dict[tuple[RGB, RGB], Seen] = {}
    for s in seen:
        if s.themed and s.ratio < AA:
            low.setdefault((s.fg, s.bg), s)
    return sorted(low.values(), key=lambda s: s.ratio)


def _kind(run: Seen) -> tuple[object, ...]:
    """What makes runs the same in a report: their colours, or for unthemed text its text."""
    return (run.fg, run.bg) if run.themed else (None, run.text)


def report(runs: list[Seen], seen: list[Seen], what: str) -> str:
    """One line per run (a pair of colours, or a text without colours of its own), with the
    states it is seen in."""
    lines = [f"{len(runs)} {what}:"]
    for run in runs:
        states = sorted({s.state for s in seen if _kind(s) == _kind(run)})
        lines.append(f"{run}  (in {len(states)} states: {'; '.join(states)})")
    return "\n".join(lines)


THEMES = pytest.mark.parametrize("theme", [None, "textual-light"], ids=["default", "light"])
# The wide layout repeats the walk (~6 s of CPU per theme): in the full run, not the fast loop.
SIZES = pytest.mark.parametrize(
    "size", [(80, 24), pytest.param((120, 40), marks=pytest.mark.slow)], ids=["80x24", "120x40"]
)


@THEMES
@SIZES
async def test_all_text_reaches_wcag_aa(sample_app, theme, size):
    app = sample_app(theme=theme)
    # Toasts are on (run_test turns them off by default): the user sees them.
    async with app.run_test(size=size, notifications=True) as pilot:
        journey = await walk(app, pilot)
    assert len(journey.states) == 23
    # Text without colours of its own shows the terminal's: no contrast can be promised.
    unthemed = list({s.text: s for s in journey.seen if not s.themed}.values())
    if unthemed:
        pytest.fail(report(unthemed, journey.seen, "texts in the terminal's default colours"))
    failures = []
    for name, system in SYSTEMS.items():
        seen = [s.in_system(system) for s in journey.seen]
        low = below_aa(seen)
        if low:
            failures.append(report(low, seen, f"pairs of colours below {AA}:1 in {name}"))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


# -- the timeline with breaks and restorations --------------------------------------------------


def _event(kind: str, when: str) -> dict:
    return {
        "kind": kind,
        "date": when,
        "note": f"Relations {kind}.",
        "sources": ["https://example.org/h"],
    }


@THEMES
async def test_timeline_marks_reach_wcag_aa(write_store, theme):
    """Break and restoration marks on the chart, their legend in the key line."""
    store = write_store([
        partner_record("Chile", region="Americas", established="1970-12-05",
                 history=[_event("broken", "1974-01-01"), _event("restored", "1990-03-15")]),
        partner_record("Mali", region="Africa", established="1964"),
        partner_record("Slovenia", established="1992-11-17"),
    ])  # fmt: skip
    app = make_app(load_store(store), today=TODAY, theme=theme)
    async with running(app, (80, 24)) as pilot:
        j = Journey(app, pilot)
        await j.press("t")
        await j.look("timeline with marks", "×", "+", "break + restored")
    for name, system in SYSTEMS.items():
        seen = [s.in_system(system) for s in j.seen]
        low = below_aa(seen)
        if low:
            pytest.fail(report(low, seen, f"pairs below {AA}:1 in {name}"), pytrace=False)
