"""``stats`` and ``anniversaries``: the timeline's numbers, for scripts.

Their modules are imported when the command runs, not when the CLI starts.
"""

from __future__ import annotations

import argparse

from mongolia_tui.cli.errors import UsageError
from mongolia_tui.cli.stdout import write
from mongolia_tui.model import Catalogue
from mongolia_tui.sanitize import safe_line
from mongolia_tui.views import today


def cmd_stats(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui.missions import counts
    from mongolia_tui.output import stats as stats_output
    from mongolia_tui.stats import statistics

    missions = counts(catalogue.missions) if catalogue.missions else None
    text = stats_output.render(statistics(catalogue.partners), args.format, missions)
    write(text, json_output=args.format == "json")
    return 0


def cmd_anniversaries(args: argparse.Namespace, catalogue: Catalogue) -> int:
    import re
    from datetime import UTC, date, datetime

    from mongolia_tui import anniversaries
    from mongolia_tui.output import anniversaries as anniversary_output

    day = today()
    if args.today is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.today):  # not 20261129, 2026-W48-7
                raise ValueError
            day = date.fromisoformat(args.today)
        except ValueError:
            shown = safe_line(args.today)
            raise UsageError(f"--today {shown!r} is not a date (YYYY-MM-DD)") from None
    if args.format == "ics":
        if args.within is not None or args.round_only:
            raise UsageError(
                "--within and --round-only do not apply to --format ics "
                "(it holds every partner's yearly event)"
            )
        stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
        write(anniversary_output.to_ics(catalogue.partners, stamp).decode("utf-8"))
        return 0
    within = anniversaries.DEFAULT_WITHIN if args.within is None else args.within
    try:
        found = anniversaries.upcoming(catalogue.partners, day, within, args.round_only)
    except ValueError as error:
        raise UsageError(str(error)) from None
    text = anniversary_output.render(found, args.format, day, within)
    write(text, json_output=args.format == "json")
    return 0
