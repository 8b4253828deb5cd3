"""Regenerate the screenshots in screenshots/ from the real app and the shipped store.

Run: .venv/bin/python scripts/screenshots.py          (the SVGs, from Textual's Pilot;
                                                       names, e.g. `missions`: only those)
     .venv/bin/python scripts/screenshots.py --web    (web.png: `mongolia-tui web` in headless
                                                       Chromium, through tests/functional/cdp.py)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from mongolia_tui.app import make_app
from mongolia_tui.config import Config
from mongolia_tui.screens.anniversaries import AnniversariesScreen
from mongolia_tui.store import load_store

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
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
    # --names mn: the Country column in Mongolian; Albania's date carries the * mark.
    ("names-mn", (120, 34), {"names": "mn", "country": "Albania"}, ()),
    ("timeline", (120, 34), {}, ("t",)),
    ("timeline-decades", (120, 34), {}, ("t", "d")),
    ("timeline-80x24", (80, 24), {}, ("t",)),
    ("anniversaries", (120, 34), {}, ()),
    # On Slovenia, M: the Missions view opens at the embassy that covers it.
    ("missions", (120, 34), {"country": "Slovenia"}, ("M",)),
]
#: Screens pushed before the keys are pressed (the palette's "Anniversaries").
PUSHED = {
    "anniversaries": lambda app: AnniversariesScreen(app.catalogue.partners, today=TODAY),
}


async def shoot(
    name: str, size: tuple[int, int], options: dict, keys: Sequence[str], out: Path = OUT
) -> Path:
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
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
    return path


async def main(out: Path, names: Sequence[str] = ()) -> None:
    """Shoot every screenshot, or only those ``names``."""
    out.mkdir(exist_ok=True)
    for shot in SHOTS:
        if not names or shot[0] in names:
            print(await shoot(*shot, out=out))


async def shoot_web(out: Path) -> Path:
    """The web page after a search for 1992, in a 1200x800 Chromium window."""
    sys.path.insert(0, str(ROOT / "tests" / "functional"))
    from cdp import Chromium, WebServer

    with WebServer() as web:
        async with Chromium(width=1200, height=800) as browser:
            tab = await browser.new_tab(web.url)
            await tab.wait_for_text("198 of 198")
            await tab.type("/1992")
            await tab.wait_for_text("of 198 · sorted by # ▲ · search “1992”")
            await asyncio.sleep(0.5)  # the last frame, and the cursor's first blink
            out.mkdir(exist_ok=True)
            return await tab.screenshot(out / "web.png")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", action="store_true", help="shoot the web page (web.png)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default: {OUT})")
    parser.add_argument("names", nargs="*", help="only these screenshots (default: all)")
    options = parser.parse_args()
    if options.web:
        print(asyncio.run(shoot_web(options.out)))
    else:
        asyncio.run(main(options.out, options.names))
