"""Every key of the browser, declared once: its action, description and where it works.

The app's ``BINDINGS``, the key bar, the help screen and the command palette are all derived
from :data:`COMMANDS`, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

#: Where the focus is, as far as keys are concerned.
PARTNERS, ORGANISATIONS, SEARCH = "partners", "organisations", "search"
TABLE = frozenset({PARTNERS, ORGANISATIONS})
EVERYWHERE = frozenset({PARTNERS, ORGANISATIONS, SEARCH})


@dataclass(frozen=True, slots=True)
class Command:
    key: str
    action: str
    #: Short name: the key bar's label and the palette's title.
    label: str
    #: What it does, for the help screen and the palette.
    description: str
    #: How the key is written for people (key bar and help).
    display: str
    #: Shown in the key bar (where it works and there is room).
    bar: bool = False
    #: Shown in the command palette.
    palette: bool = True
    #: Fires even while the search box has focus.
    priority: bool = False
    #: The contexts it works in (see :data:`PARTNERS`...).
    where: frozenset[str] = TABLE


TAB_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")

COMMANDS: tuple[Command, ...] = (
    Command("slash", "focus_search", "Search", "Search names, aliases, ISO codes, years, notes",
            "/", bar=True),
    Command("enter", "details", "Details", "The highlighted row in full: note, history, "
            "sources", "enter", bar=True),
    Command("n", "next_match", "Next match", "After a search: the next match (then the next "
            "tab that has one)", "n", where=frozenset({PARTNERS})),
    Command("N", "previous_match", "Previous match", "After a search: the previous match",
            "N", where=frozenset({PARTNERS})),
    Command("f", "filter_menu", "Filter", "Filter: has a note, no relations, uncertain date",
            "f", bar=True, where=frozenset({PARTNERS})),
    Command("s", "sort_menu", "Sort", "Sort by a column you choose", "s", bar=True),
    Command("greater_than_sign", "sort_step(1)", "Sort: next column",
            "Sort by the next column to the right", ">"),
    Command("less_than_sign", "sort_step(-1)", "Sort: previous column",
            "Sort by the previous column to the left", "<"),
    Command("r", "reverse_sort", "Reverse", "Reverse the sort (unknown dates stay last)", "r"),
    Command("question_mark", "help", "Help", "Help: every key", "?", bar=True),
    Command("q", "quit", "Quit", "Quit", "q", bar=True),
    Command("t", "timeline", "Timeline", "Timeline: relations per year or decade, with "
            "statistics; enter shows a year's partners", "t", bar=True,
            where=frozenset({PARTNERS})),
    Command("i", "toggle_notes", "Notes", "Show or hide the notes panel", "i", bar=True),
    Command("e", "export", "Export", "Export the rows shown as CSV, JSON or Markdown", "e",
            bar=True),
    Command("c", "copy", "Copy", "Copy the highlighted row as text (works over SSH)", "c"),
    Command("right_square_bracket", "step_tab(1)", "Next tab", "Next tab", "]"),
    Command("left_square_bracket", "step_tab(-1)", "Previous tab", "Previous tab", "["),
    Command("escape", "back", "Back", "Back to the table; then clear the search, then the "
            "filters", "esc", where=EVERYWHERE),
    # Textual binds ctrl+c to copy; in a terminal it means "stop", so it quits, from anywhere.
    Command("ctrl+c", "quit", "Quit", "Quit (from anywhere)", "ctrl+c", palette=False,
            priority=True, where=EVERYWHERE),
    *(
        Command(key, f"tab({n})", f"Tab {n + 1}", f"Tab {n + 1}", key, palette=False)
        for n, key in enumerate(TAB_KEYS)
    ),
    # Moving: not in the palette (a palette is for going somewhere, not for stepping).
    Command("up,k", "move(-1)", "Up", "Up", "↑ k", palette=False),
    Command("down,j", "move(1)", "Down", "Down", "↓ j", palette=False),
    Command("pageup,ctrl+b,b", "page(-1)", "Page up", "Page up", "PgUp", palette=False),
    Command("pagedown,ctrl+f,space", "page(1)", "Page down", "Page down", "PgDn",
            palette=False),
    Command("home,g", "first", "First row", "First row", "Home g", palette=False),
    Command("end,G", "last", "Last row", "Last row", "End G", palette=False),
)  # fmt: skip

#: While typing a search, the keys that do something other than type.
SEARCH_KEYS: tuple[tuple[str, str], ...] = (
    ("enter", "Done"),
    ("esc", "Back"),
    ("↑ ↓", "Move"),
    ("PgUp PgDn", "Page"),
    ("ctrl+c", "Quit"),
)

#: Keys listed in help beside the commands (the mouse, focus, the palette).
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "Move up and down (↑ ↓ work while typing a search too)"),
    ("PgUp PgDn  b space", "Page up and down (the view scrolls a page, as in less)"),
    ("Home End  g G", "First and last row"),
    ("1 … 9  0", "Tabs: 1 All, 2 Africa, 3 Americas, 4 East Asia, 5 South East Asia, "
     "6 South Asia, 7 Russia, Central and West Asia, 8 Europe, 9 Oceania, 0 Organisations"),
    ("click a header", "Sort by that column (again: reverse)"),
    ("tab  shift+tab", "Move focus: search, table"),
    ("ctrl+p", "Command palette: go to any country, region or organisation; sort; filter"),
)  # fmt: skip


def bindings() -> list[Binding]:
    """The app's key bindings, from :data:`COMMANDS`."""
    return [
        Binding(
            c.key,
            c.action,
            c.label,
            show=False,
            key_display=c.display,
            priority=c.priority,
            tooltip=c.description,
        )
        for c in COMMANDS
    ]


def bar_keys(context: str) -> list[tuple[str, str, str]]:
    """The key bar's (key, label, action) for a context, in declaration order."""
    if context == SEARCH:
        return [(key, label, "") for key, label in SEARCH_KEYS]
    return [(c.display, c.label, c.action) for c in COMMANDS if c.bar and context in c.where]


def action_name(action: str) -> str:
    """An action without its arguments: "move(1)" -> "move"."""
    return action.split("(", 1)[0]


#: Actions that only make sense on partner tabs.
PARTNER_ACTIONS = frozenset(
    action_name(c.action) for c in COMMANDS if c.where == frozenset({PARTNERS})
)
#: Actions of the browser itself, off while another screen (help, details, a menu) is shown.
BROWSER_ACTIONS = frozenset(
    action_name(c.action) for c in COMMANDS if c.action not in ("quit", "help")
)
