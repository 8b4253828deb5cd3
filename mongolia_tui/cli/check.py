"""``check-data``: validate a store and name every problem, or summarise what it holds."""

from __future__ import annotations

import argparse
import sys

from mongolia_tui.cli.errors import plural, quoted
from mongolia_tui.cli.stdout import write
from mongolia_tui.dates import Precision
from mongolia_tui.sanitize import safe_line
from mongolia_tui.store import check_store, default_store_path


def cmd_check(args: argparse.Namespace) -> int:
    path = args.path or args.data or str(default_store_path())
    shown = safe_line(str(path))
    catalogue, problems = check_store(path)
    if problems:
        for problem in problems:
            where = f"{problem.table} record {quoted(problem.record or '?')}"
            write(f"{shown}: {where}: {safe_line(problem.message)}\n")
        print(f"{shown}: {plural(len(problems), 'problem')} found", file=sys.stderr)
        return 1
    assert catalogue is not None
    from mongolia_tui.citations import catalogue_warnings

    # A mirror or proxy cited as the page itself is a warning, not a problem: the store is
    # still usable, and the exit status says only whether it is.
    for warning in catalogue_warnings(catalogue):
        where = f"{warning.table} record {quoted(warning.record)}"
        print(f"{shown}: warning: {where}: {safe_line(warning.message)}", file=sys.stderr)
    partners = catalogue.partners
    precisions = [r.established.precision for r in partners if r.established is not None]
    day, month, year = (precisions.count(p) for p in (Precision.DAY, Precision.MONTH,
                                                      Precision.YEAR))  # fmt: skip
    un = plural(sum(r.un_member for r in partners), "UN member")
    un_undated = plural(sum(1 for r in partners if r.un_member and r.established is None),
                        "UN member")  # fmt: skip
    write(
        f"{shown}: OK\n"
        f"  partners:       {len(partners)} ({un})\n"
        f"  numbered:       {catalogue.ranked_count}\n"
        f"  dated:          {day} to the day, {month} to the month, {year} to the year\n"
        f"  undated:        {len(partners) - len(precisions)} ({un_undated})\n"
        f"  no relations:   {sum(1 for r in partners if r.status == 'none')}\n"
        f"  organisations:  {len(catalogue.organisations)}\n"
    )
    return 0
