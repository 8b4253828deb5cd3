"""Regenerate the SVG screenshots in screenshots/ from the real app and the shipped store.

Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from mongolia_tui.app import make_app
from mongolia_tui.config import Config
from mongolia_tui.screens.anniversaries import AnniversariesScreen
from mongolia_tui.store import load_store

OUT = Path(__file__).resolve().parent.parent / "screenshots"
#: Ages shown in screenshots are computed for this day, so regenerating changes nothing else.
TODAY = date(2026, 11, 29)

SHOTS: list[tuple[str, tuple[int, int], dict, Sequence[str]]] = [
    # The hero: a partner highlighted, its note beside the list.
    ("main", (120, 34), {"country": "Malaysia"}, ()),
    ("search", (120, 34), {}, ("slash", *"1992", "enter")),
    ("notes", (120, 34), {"country": "Czech Republic"}, ()),
    ("detail", (100, 34), {"country": "Czech Republic"}, ("enter",)),
    ("filter", (120, 34), {}, ("f", "1", "f")),
    ("organisations", (120, 34), {}, ("0", "j")),
    ("help", (120, 34), {}, ("question_mark",)),
    ("narrow-80x24", (80, 24), {"country": "Malaysia"}, ()),
    ("timeline", (120, 34), {}, ("t",)),
    ("timeline-decades", (120, 34), {}, ("t", "d")),
    ("timeline-80x24", (80, 24), {}, ("t",)),
    ("anniversaries", (120, 34), {}, ()),
]
#: Screens pushed before the keys are pressed (the palette's "Anniversaries").
PUSHED = {
    "anniversaries": lambda app: AnniversariesScreen(app.catalogue.relations, today=TODAY),
}


async def shoot(name: str, size: tuple[int, int], options: dict, keys: Sequence[str]) -> Path:
    # Neither the user's remembered state nor their config: every run draws the same pictures.
    app = make_app(load_store(), today=TODAY, state_path=None, config=Config(), **options)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if name in PUSHED:
            app.push_screen(PUSHED[name](app))
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        path = OUT / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    for shot in SHOTS:
        print(await shoot(*shot))


if __name__ == "__main__":
    asyncio.run(main())
