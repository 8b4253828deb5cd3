"""What the program writes for people and scripts: tables, CSV, JSON, Markdown, iCalendar.

- :mod:`~mongolia_tui.output.writer`: the one writer of each format (aligned tables, CSV,
  JSON, Markdown), and the formats and file endings.
- :mod:`~mongolia_tui.output.width`: terminal cell widths (a CJK character takes two).
- :mod:`~mongolia_tui.output.partners`, :mod:`~mongolia_tui.output.organisations`,
  :mod:`~mongolia_tui.output.stats`, :mod:`~mongolia_tui.output.anniversaries`: what each
  command (and the browser's export) writes, built on the writer.
"""
