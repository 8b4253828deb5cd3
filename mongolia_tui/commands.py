"""Every app-level command, declared once: its key, action and description.

The app's ``BINDINGS``, the footer, the help screen and the command palette are all derived
from :data:`COMMANDS`, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Command:
    key: str
    action: str
    #: Short name: the footer's label and the palette's title.
    label: str
    #: What it does, for the help screen and the palette.
    description: str
    #: How the key is written for people (footer and help).
    display: str
    footer: bool = False
    #: Shown in the command palette (jump-to-tab keys are not: "go to" covers them).
    palette: bool = True
    #: Fires even while the search box has focus.
    priority: bool = False


TAB_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")

COMMANDS: tuple[Command, ...] = (
    Command("slash", "focus_search", "Search", "Search names, aliases, ISO codes, years, notes",
            "/", footer=True),
    Command("escape", "back", "Back", "Back to the table; again: clear the search", "esc"),
    Command("s", "sort_next", "Sort", "Sort by the next column", "s", footer=True),
    Command("r", "reverse_sort", "Reverse", "Reverse the sort", "r", footer=True),
    Command("n", "toggle_notes", "Notes", "Show or hide the notes panel", "n", footer=True),
    Command("e", "export", "Export", "Export the rows shown as CSV, JSON or Markdown", "e",
            footer=True),
    Command("c", "copy", "Copy", "Copy the highlighted partner as text (works over SSH)", "c"),
    Command("right_square_bracket", "next_tab", "Next tab", "Next tab", "]"),
    Command("left_square_bracket", "previous_tab", "Previous tab", "Previous tab", "["),
    Command("question_mark", "help", "Help", "Help: every key", "?", footer=True),
    Command("q", "quit", "Quit", "Quit", "q", footer=True),
    # Textual binds ctrl+c to copy; in a terminal it means "stop", so it quits, from anywhere.
    Command("ctrl+c", "quit", "Quit", "Quit (from anywhere)", "ctrl+c", palette=False,
            priority=True),
    *(
        Command(key, f"tab({n})", f"Tab {n + 1}", f"Tab {n + 1}", key, palette=False)
        for n, key in enumerate(TAB_KEYS)
    ),
)  # fmt: skip

#: Keys of the table and of Textual itself, listed in help beside the commands.
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "Move up and down"),
    ("PgUp PgDn  ctrl+b ctrl+f", "Page up and down"),
    ("Home End  g G", "First and last row"),
    ("1 … 9  0", "Tabs: 1 All, 2–9 the regions in the article's order, 0 Organisations"),
    ("click a header", "Sort by that column (again: reverse)"),
    ("tab  shift+tab", "Move focus: search, table, notes"),
    ("ctrl+p", "Command palette: go to any country, region or command"),
)


def bindings() -> list[Binding]:
    """The app's key bindings, from :data:`COMMANDS`."""
    return [
        Binding(
            c.key,
            c.action,
            c.label,
            show=c.footer,
            key_display=c.display,
            priority=c.priority,
            tooltip=c.description,
        )
        for c in COMMANDS
    ]
