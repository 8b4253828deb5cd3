"""Shared by the tests: valid records, small stores, a fixed "today", the in-process CLI runner,
a file's fingerprint and the fresh-interpreter import probe."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "mongolia.json"
TODAY = date(2026, 11, 29)


def partner_record(name: str, **fields: Any) -> dict[str, Any]:
    """A valid record of the relations table (one partner); keyword arguments replace fields."""
    record = {
        "name": name,
        "aliases": [],
        "iso3": None,
        "region": "Europe",
        "established": "1970-01-01",
        "status": "established",
        "un_member": True,
        "notes": "",
        "see_also": [],
        "sources": ["https://example.org/source"],
    }
    record.update(fields)
    return record


def store_data(partners: list[Any], **tables: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"relations": {str(i): r for i, r in enumerate(partners, start=1)}}
    data.update(tables)
    return data


SAMPLE = [
    partner_record("Russia", iso3="RUS", region="Russia, Central Asia and West Asia",
             established="1921-11-05", aliases=["Russian Federation", "USSR"]),
    partner_record("North Korea", iso3="PRK", region="East Asia", established="1948-10-15",
             aliases=["DPRK", "Democratic People's Republic of Korea"]),
    partner_record("Côte d'Ivoire", iso3="CIV", region="Africa", established="1964",
             aliases=["Ivory Coast"]),
    partner_record("Malaysia", iso3="MYS", region="South East Asia", established="1971-09-08",
             notes="Mongolia did not present an ambassador to Malaysia for seven years."),
    partner_record("Kazakhstan", iso3="KAZ", region="Russia, Central Asia and West Asia",
             established="1992-01-22"),
    partner_record("Uzbekistan", iso3="UZB", region="Russia, Central Asia and West Asia",
             established="1992-01-25"),
    partner_record("Holy See", iso3="VAT", region="Europe", established="1992-04-04",
             un_member=False, aliases=["Vatican City"]),
    partner_record("Taiwan", iso3="TWN", region="East Asia", established=None, status="none",
             un_member=False, aliases=["Republic of China"]),
    partner_record("Malawi", iso3="MWI", region="Africa", established=None),
    partner_record("United Kingdom", iso3="GBR", region="Europe", established="1963-01-23"),
    partner_record("Czech Republic", iso3="CZE", region="Europe", established="1993-01-01",
             aliases=["Czechia"]),
    partner_record("Egypt", iso3="EGY", region="Africa", established="1955-12"),
]  # fmt: skip

ORGANISATIONS = {
    "1": {"abbreviation": "UN", "name": "United Nations", "status": "member",
          "notes": "Mongolia joined in 1961.", "sources": ["seed"]},
    "2": {"abbreviation": "ASEAN", "name": "Association of Southeast Asian Nations",
          "status": "observer", "notes": "", "sources": ["seed"]},
}  # fmt: skip

ARTICLE = {
    "1": {"title": "Foreign relations of Mongolia", "lead": ["Mongolia has relations."],
          "sections": {}, "see_also": [], "source": "test", "retrieved": "2026-11-29"}
}  # fmt: skip


class CliResult(NamedTuple):
    """What one in-process run of the CLI gave: exit status, stdout, stderr."""

    code: int
    out: str
    err: str


def run_cli(capsys: Any, *argv: str) -> CliResult:
    """Run ``mongolia-tui ARGV`` in process (``main``), capturing its output with ``capsys``."""
    from mongolia_tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return CliResult(code, out, err)


def fingerprint(path: Path) -> tuple[str, int, int]:
    """A file's content hash, modification time and size: equal before and after means untouched."""
    info = os.stat(path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_size


def modules_loaded(code: str, *roots: str) -> list[str]:
    """Run ``code`` in a fresh interpreter and list the loaded modules under the given top-level
    ``roots`` (e.g. ``"textual"``, or a dotted prefix such as ``"mongolia_tui.stats"``)."""
    probe = (
        f"{code}\nimport sys\n"
        f"print(sorted(m for m in sys.modules"
        f" if any(m == r or m.startswith(r + '.') for r in {roots!r})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])


def environ_of(pid: int) -> dict[str, str]:
    """The environment a running process was started with (Linux: /proc/PID/environ)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode(errors="replace") for k, v in pairs}
