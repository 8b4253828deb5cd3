"""``mongolia-tui serve``: host the browser for a team over SSH (asyncssh), nothing to install.

Each interactive visitor (an SSH client that asked for a terminal) gets their own browser: a
child process ``python -m mongolia_tui --data STORE`` on its own pseudo-terminal, sized to the
client's window and following its resizes, bytes relayed as bytes. A visitor without a terminal
may run the read-only subcommands (``ssh host list --format csv``); nothing else runs: no shell,
no other program, no file a visitor names, no forwarding of any kind, no SFTP or scp.

The rooms of the package, from the outside in:

- :mod:`.options`: the ``serve`` subcommand's options (imports nothing; the CLI declares them);
- :mod:`.main`: the entry point (``serve_command``), signals and logging;
- :mod:`.settings`: the options checked into :class:`~.settings.Settings`, the child's
  environment; :mod:`.keys`: the host key and the authorized keys; :mod:`.limits`: every limit;
- :mod:`.server`: listening, admission (per address and in all), shutdown;
- :mod:`.connection`: one client: authentication, its channels, its log lines;
- :mod:`.session`: one channel: what it runs (:class:`~.session.Kind`) and how it ended
  (:class:`~.session.Outcome`);
- :mod:`.policy`: what a visitor's words may run (pure); :mod:`.child`: the child process and
  its relays.

Importing this package imports nothing else (the CLI imports :mod:`.options` at every start).
"""
