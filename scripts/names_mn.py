"""Derive the partners' Mongolian names (merged into data/mongolia.json as name_mn).

Research tool, not part of the app: needs ``pycountry`` (iso-codes translations) and
``babel`` (CLDR locale data) in the venv. Rule, as data/SOURCES.md explains:

- iso-codes' Mongolian name where CLDR's Mongolian short name agrees with it (case aside);
- otherwise CLDR's name (iso-codes has none, or a spelling no Mongolian source uses), with
  the iso-codes name kept as ``name_mn_iso_codes`` so the disagreement stays visible.

Run: .venv/bin/python scripts/names_mn.py > /tmp/names.json
"""

from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

ISO_CODES = "https://salsa.debian.org/iso-codes-team/iso-codes/-/blob/main/iso_3166-1/mn.po"
CLDR = (
    "https://github.com/unicode-org/cldr/blob/0082669042c3bcdae11ac0e3b70d94445227b577"
    "/common/main/mn.xml"
)
STORE = Path(__file__).resolve().parent.parent / "data" / "mongolia.json"
#: Partners without a usable ISO 3166 code, by their CLDR territory code.
EXTRA_CODES = {"European Union": "EU", "Kosovo": "XK"}
#: CLDR's full name for PS is "Palestinian territories"; its short form names the state.
SHORT = {"PS"}


def iso_codes_name(country: Any, catalog: dict[str, str]) -> str | None:
    """The iso-codes Mongolian translation of a country's name, common or official name."""
    for attr in ("name", "common_name", "official_name"):
        value = getattr(country, attr, None)
        if value and value in catalog:
            return catalog[value]
    return None


def main() -> None:
    """Print the name part of the overlay as JSON, keyed by the store's partner name."""
    catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["mn"])._catalog  # type: ignore[attr-defined]
    locale = Locale("mn")
    partners = json.loads(STORE.read_text(encoding="utf-8"))["relations"]
    out: dict[str, dict[str, str]] = {}
    for record in partners.values():
        name = record["name"]
        country = pycountry.countries.get(alpha_3=record["iso3"]) if record.get("iso3") else None
        code = country.alpha_2 if country else EXTRA_CODES.get(name)
        if code is None:
            continue
        from_iso = iso_codes_name(country, catalog) if country else None
        cldr = locale.territories.get(code)
        if code in SHORT:
            cldr = "Палестин"  # CLDR mn.xml: <territory type="PS" alt="short">
        if from_iso and cldr and from_iso.casefold() == cldr.casefold():
            out[name] = {"name_mn": from_iso, "name_mn_source": ISO_CODES}
        elif cldr:
            entry = {"name_mn": cldr, "name_mn_source": CLDR}
            if from_iso:
                entry["name_mn_iso_codes"] = from_iso
            out[name] = entry
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
