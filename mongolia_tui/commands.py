"""Every key of the browser, declared once: its action, description and where it works.

The app's ``BINDINGS``, the key bar, the help screen and the command palette are all derived
from :data:`COMMANDS`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Textual is imported when bindings are made: the CLI checks ids without it
    from textual.binding import BindingType

#: Key contexts: where the focus is, as far as keys are concerned (the table of a partners
#: tab, the Organisations tab's table, the search box). Not tab names: those are in
#: :mod:`mongolia_tui.state`.
ON_PARTNERS_TAB, ON_ORGANISATIONS_TAB, IN_SEARCH_BOX = "partners", "organisations", "search"
TABLE = frozenset({ON_PARTNERS_TAB, ON_ORGANISATIONS_TAB})
EVERYWHERE = frozenset({ON_PARTNERS_TAB, ON_ORGANISATIONS_TAB, IN_SEARCH_BOX})


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
    #: The contexts whose key bar lists it (where there is room).
    bar: frozenset[str] = frozenset()
    #: Shown in the command palette.
    palette: bool = True
    #: The contexts it works in (see :data:`ON_PARTNERS_TAB`...); elsewhere the key does what it
    #: would do without the binding (in the search box: type itself).
    where: frozenset[str] = TABLE
    #: The binding's id, for remapping in the config file (``[keys]``); default: the action's
    #: name (an action with arguments has its own, see :attr:`binding_id`).
    id: str = ""

    @property
    def binding_id(self) -> str:
        return self.id or action_name(self.action)


TAB_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
ONLY_PARTNERS = frozenset({ON_PARTNERS_TAB})
ONLY_SEARCH = frozenset({IN_SEARCH_BOX})

COMMANDS: tuple[Command, ...] = (
    Command("slash", "focus_search", "Search", "Search names, aliases, ISO codes, years, notes",
            "/", bar=TABLE),
    Command("enter", "details", "Details", "The highlighted row in full: note, history, "
            "sources", "enter", bar=TABLE),
    Command("enter", "search_done", "Done", "Done typing: back to the table, the search kept",
            "enter", bar=ONLY_SEARCH, palette=False, where=ONLY_SEARCH),
    Command("n", "next_match", "Next match", "After a search: the next match (then the next "
            "tab that has one)", "n", where=ONLY_PARTNERS),
    Command("N", "previous_match", "Previous match", "After a search: the previous match",
            "N", where=ONLY_PARTNERS),
    Command("f", "filter_menu", "Filter", "Filter: has a note, no relations, uncertain date, "
            "missions",
            "f", bar=ONLY_PARTNERS, where=ONLY_PARTNERS),
    Command("s", "sort_menu", "Sort", "Sort by a column you choose", "s", bar=TABLE),
    Command("greater_than_sign", "sort_step(1)", "Sort: next column",
            "Sort by the next column to the right", ">", id="sort_next"),
    Command("less_than_sign", "sort_step(-1)", "Sort: previous column",
            "Sort by the previous column to the left", "<", id="sort_previous"),
    Command("r", "reverse_sort", "Reverse", "Reverse the sort (unknown dates stay last)", "r"),
    Command("question_mark", "help", "Help", "Help: every key", "?", bar=TABLE),
    Command("q", "quit", "Quit", "Quit", "q", bar=TABLE),
    Command("t", "timeline", "Timeline", "Timeline: relations per year or decade, with "
            "statistics; enter shows a year's partners", "t", bar=ONLY_PARTNERS,
            where=ONLY_PARTNERS),
    Command("M", "missions", "Missions", "Missions: Mongolia's missions abroad and the partners "
            "each covers; type to narrow, enter goes to the partner", "M"),
    Command("i", "toggle_notes", "Notes", "Show or hide the notes panel", "i", bar=TABLE),
    Command("e", "export", "Export", "Export the rows shown as CSV, JSON or Markdown", "e",
            bar=TABLE),
    Command("c", "copy", "Copy", "Copy the highlighted row as text (works over SSH)", "c"),
    Command("m", "mark", "Mark", "Mark or unmark the highlighted partner (★; kept between "
            "runs; filter: marked)", "m", where=ONLY_PARTNERS),
    Command("right_square_bracket", "step_tab(1)", "Next tab", "Next tab", "]", id="next_tab"),
    Command("left_square_bracket", "step_tab(-1)", "Previous tab", "Previous tab", "[",
            id="previous_tab"),
    Command("apostrophe", "jump_prefix", "Jump to a name", "' then a letter: the next name "
            "starting with it (again: the one after)", "'", palette=False),
    Command("colon", "row_prefix", "Go to row", ":N then enter (or G): row N (digits alone "
            "switch tabs)", ":", palette=False),
    Command("escape", "step_back", "Back", "Back to the table; then clear the search, then the "
            "filters", "esc", bar=ONLY_SEARCH, where=EVERYWHERE, id="back"),
    # Textual binds ctrl+c to copy; in a terminal it means "stop", so it quits, from anywhere.
    Command("ctrl+c", "stop", "Quit", "Quit (from anywhere)", "ctrl+c", bar=ONLY_SEARCH,
            palette=False, where=EVERYWHERE),
    *(
        Command(key, f"tab({n})", f"Tab {n + 1}", f"Tab {n + 1}", key, palette=False,
                id=f"tab_{n + 1}")
        for n, key in enumerate(TAB_KEYS)
    ),
    # Moving: not in the palette (a palette is for going somewhere, not for stepping).
    Command("up,k", "move(-1)", "Up", "Up", "↑ k", palette=False, id="up"),
    Command("down,j", "move(1)", "Down", "Down", "↓ j", palette=False, id="down"),
    Command("pageup,ctrl+b,b", "page(-1)", "Page up", "Page up", "PgUp", palette=False,
            id="page_up"),
    Command("pagedown,ctrl+f,space", "page(1)", "Page down", "Page down", "PgDn",
            palette=False, id="page_down"),
    Command("ctrl+u", "half_page(-1)", "Half page up", "Half page up", "ctrl+u",
            palette=False, id="half_page_up"),
    Command("ctrl+d", "half_page(1)", "Half page down", "Half page down", "ctrl+d",
            palette=False, id="half_page_down"),
    Command("home,g", "first", "First row", "First row", "Home g", palette=False),
    Command("end,G", "last", "Last row", "Last row", "End G", palette=False),
)  # fmt: skip

#: The search box's own keys: bound on the box itself, so they are handled in order with the
#: characters typed before them (a burst "ka↑" must recall with "ka" in the box, not before).
SEARCH_COMMANDS: tuple[Command, ...] = (
    Command("up", "history(-1)", "Older search", "In the search box: the previous search "
            "(kept between runs)", "↑", palette=False, where=ONLY_SEARCH, id="history_older"),
    Command("down", "history(1)", "Newer search", "In the search box: the next search", "↓",
            palette=False, where=ONLY_SEARCH, id="history_newer"),
)  # fmt: skip

#: The detail view's own keys (a number copies a source's address; o, then a number, opens it).
DETAIL_COMMANDS: tuple[Command, ...] = (
    *(
        Command(str(n), f"source({n})", f"Source {n}", f"Copy source {n}'s address", str(n),
                palette=False, id=f"copy_source_{n}")
        for n in range(1, 10)
    ),
    Command("o", "open_prefix", "Open", "o then a number: open that source in a browser", "o",
            palette=False, id="open_source"),
)  # fmt: skip

#: Keys listed in help beside the commands (the mouse, focus, the palette).
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "Move up and down"),
    ("PgUp PgDn  b space", "Page up and down (the view scrolls a page, as in less)"),
    ("Home End  g G", "First and last row"),
    ("↑ ↓ (search box)", "Older and newer searches (kept between runs)"),
    ("1 … 9  o 1 … 9", "In the details: copy source N's address; o then N opens it"),
    ("1 … 9  0", "Tabs: 1 All, 2 Africa, 3 Americas, 4 East Asia, 5 South East Asia, "
     "6 South Asia, 7 Russia, Central and West Asia, 8 Europe, 9 Oceania, 0 Organisations"),
    ("click a header", "Sort by that column (again: reverse)"),
    ("tab  shift+tab", "Move focus: search, table"),
    ("ctrl+p", "Command palette: go to any partner, region or organisation; sort; filter"),
)  # fmt: skip


def bindings(commands: tuple[Command, ...] = COMMANDS, *, priority: bool = True
             ) -> list[BindingType]:  # fmt: skip
    """The app's key bindings, from :data:`COMMANDS`.

    Every one is a priority binding: the app handles each key as it arrives, before any
    widget, so a burst of keys (a paste, a laggy SSH link) is handled in the order typed even
    when one of them moves the focus or opens a screen. Where a command does not work (see
    :data:`WHERE`), the key goes on to the focused widget as if unbound.
    """
    from textual.binding import Binding

    return [
        Binding(
            c.key,
            c.action,
            c.label,
            show=False,
            key_display=c.display,
            priority=priority,
            tooltip=c.description,
            id=c.binding_id,
        )
        for c in commands
    ]


def shown_key(command: Command, keymap: Mapping[str, str] | None = None) -> str:
    """How a command's key is written for people, after remapping (config ``[keys]``)."""
    keymap = keymap or {}
    remapped = keymap.get(command.binding_id)
    if remapped:
        return " ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in remapped.split(","))
    # A key the config gives to another command is taken from this one (as Textual does).
    taken = {k.strip() for keys in keymap.values() for k in keys.split(",")}
    defaults = command.key.split(",")
    left = [k for k in defaults if k not in taken]
    if len(left) == len(defaults):
        return command.display
    return " ".join(_KEY_NAMES.get(k, k) for k in left) or "(none)"


#: Textual's names of keys, as people write them.
_KEY_NAMES = {"question_mark": "?", "slash": "/", "space": "space", "apostrophe": "'",
              "colon": ":", "greater_than_sign": ">", "less_than_sign": "<",
              "left_square_bracket": "[", "right_square_bracket": "]", "escape": "esc",
              "up": "↑", "down": "↓", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home",
              "end": "End"}  # fmt: skip


def bar_keys(context: str, keymap: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """The key bar's (key, label, action) for a context, in declaration order."""
    return [(shown_key(c, keymap), c.label, c.action) for c in COMMANDS if context in c.bar]


def binding_ids() -> frozenset[str]:
    """Every id a config file can remap."""
    return frozenset(c.binding_id for c in (*COMMANDS, *DETAIL_COMMANDS))


def action_name(action: str) -> str:
    """An action without its arguments: "move(1)" -> "move"."""
    return action.split("(", 1)[0]


#: Where each of the browser's actions works (one set per action name).
WHERE: dict[str, frozenset[str]] = {action_name(c.action): c.where for c in COMMANDS}
