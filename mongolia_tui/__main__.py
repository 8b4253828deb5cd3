"""Allow ``python -m mongolia_tui``."""

from mongolia_tui.cli import main

raise SystemExit(main())
