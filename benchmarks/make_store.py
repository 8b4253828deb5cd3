"""Write a valid synthetic store of N partners, for benchmarks and stress tests.

    python benchmarks/make_store.py --partners 50000 --out /tmp/big.json

The names, dates and notes are made up (and say so in their sources); the shape is the real
store's, so `mongolia-tui --data PATH` and `mongolia-tui check-data PATH` accept it.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path

REGIONS = (
    "Africa", "Americas", "East Asia", "South East Asia", "South Asia",
    "Russia, Central Asia and West Asia", "Europe", "Oceania",
)  # fmt: skip
SYLLABLES = ("ba", "la", "mon", "go", "ri", "ta", "ke", "su", "an", "dor", "vi", "ne", "ko", "ša",
             "é", "zu", "ar", "lin", "to", "ma")  # fmt: skip


def synthetic_partners(count: int, seed: int = 1) -> list[dict]:
    """``count`` valid relation records with unique names and ISO-like codes."""
    rng = random.Random(seed)
    letters = string.ascii_uppercase
    records = []
    for n in range(count):
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{stem} {n}"
        code = "".join(letters[(n // 26**k) % 26] for k in (2, 1, 0))
        precision = rng.random()
        year = rng.randint(1921, 2025)
        if precision < 0.05:
            established, status = None, "none" if rng.random() < 0.5 else "established"
        elif precision < 0.15:
            established, status = f"{year}", "established"
        elif precision < 0.2:
            established, status = f"{year}-{rng.randint(1, 12):02d}", "established"
        else:
            established = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            status = "established"
        records.append(
            {
                "name": name,
                "aliases": [f"Republic of {stem}", f"{stem}land"],
                "iso3": code if n < 26**3 else None,
                "region": rng.choice(REGIONS),
                "established": established if status == "established" else None,
                "status": status,
                "un_member": rng.random() < 0.95,
                "notes": " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(0, 30))),
                "see_also": [],
                "sources": ["synthetic: benchmarks/make_store.py"],
            }
        )
    return records


def write_store(path: Path, count: int, seed: int = 1) -> Path:
    """Write a TinyDB store of ``count`` synthetic partners to ``path``."""
    partners = synthetic_partners(count, seed)
    data = {
        "relations": {str(i): r for i, r in enumerate(partners, start=1)},
        "organisations": {"1": {"abbreviation": "UN", "name": "United Nations",
                                "status": "member", "notes": "", "sources": ["synthetic"]}},
        "article": {"1": {"title": "Synthetic store", "lead": [f"{count} made-up partners."],
                          "source": "benchmarks/make_store.py"}},
    }  # fmt: skip
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, required=True, help="how many partners")
    parser.add_argument("--out", type=Path, required=True, help="where to write the store")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    write_store(args.out, args.partners, args.seed)
    print(f"wrote {args.partners} partners to {args.out}")


if __name__ == "__main__":
    main()
