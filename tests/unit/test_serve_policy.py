"""What an SSH visitor's request may run: the browser, a read-only command, a usage, or nothing."""

from __future__ import annotations

import argparse

import pytest

from mongolia_tui.cli import UsageError, build_parser
from mongolia_tui.serve.policy import (
    ALLOWED_COMMANDS,
    Refused,
    Request,
    allowed_commands,
    parse_request,
    usage,
)


@pytest.fixture(scope="module")
def parser() -> argparse.ArgumentParser:
    return build_parser()


class _Raising(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def parser_with(*extra: str, output: str = "") -> argparse.ArgumentParser:
    """A parser like the CLI's with more subcommands (as a later change may add them), and
    an ``--output FILE`` option on the ``output`` subcommand."""
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name in extra:
        sub = commands.add_parser(name, help=f"the {name} command")
        sub.add_argument("--format", choices=("table", "csv"), default="table")
    if output:
        commands.choices[output].add_argument("--output", metavar="FILE", help="write here")
    return parser


@pytest.mark.parametrize(
    ("command", "terminal", "expected"),
    [
        (None, True, Request("browser")),
        (None, False, Request("usage")),
        ("   ", False, Request("usage")),
        ("list", False, Request("command", ("list",))),
        ("list --region Europe --format csv", False,
         Request("command", ("list", "--region", "Europe", "--format", "csv"))),
        ("show 'north korea'", False, Request("command", ("show", "north korea"))),
        ('show "Côte d\'Ivoire"', False, Request("command", ("show", "Côte d'Ivoire"))),
        ("check-data", False, Request("command", ("check-data",))),
        ("list -h", False, Request("command", ("list", "--help"))),
        ("show --he", False, Request("command", ("show", "--help"))),
        ("check-data /etc/shadow -h", False, Request("command", ("check-data", "--help"))),
        ("list", True, Request("command", ("list",))),  # on the visitor's terminal
        ("--theme ansi-dark --no-mouse", True,
         Request("browser", ("--theme", "ansi-dark", "--no-mouse"))),
        ("--region=Europe --country Malaysia", True,
         Request("browser", ("--region=Europe", "--country", "Malaysia"))),
        ("--names mn", True, Request("browser", ("--names", "mn"))),  # names in Mongolian
    ],
)  # fmt: skip
def test_allowed_requests(parser, command, terminal, expected):
    assert parse_request(command, terminal, parser) == expected


@pytest.mark.parametrize(
    ("command", "terminal", "message"),
    [
        ("bash", False, "'bash' is not available here (no shell, no other program); "
                        "commands: list, show, check-data"),
        ("bash -i", True, "'bash' is not available here"),
        ("/bin/sh", False, "'/bin/sh' is not available here"),
        ("serve --allow-anonymous", False, "'serve' is not available here"),
        ("scp -t /tmp", False, "'scp' is not available here"),
        ("list; rm -rf ~", False, "'list;' is not available here"),
        ("list ; rm -rf ~", False, "unrecognized arguments: ; rm -rf ~"),
        ("list $(id)", False, "unrecognized arguments: $(id)"),
        ("list --data /etc/passwd", False, "--data is not allowed: this server serves its own"),
        ("--data=/etc/passwd", True, "--data is not allowed"),
        ("show --data x", False, "--data is not allowed"),
        ("list --dat /etc/passwd", False, "unrecognized arguments: --dat /etc/passwd"),
        ("check-data /etc/shadow", False,
         "check-data PATH is not allowed here: the server never opens a file a visitor names"),
        ("list --format xml", False, "argument --format: invalid choice: 'xml'"),
        ("show", False, "the following arguments are required: NAME"),
        ("list 'open", False, "cannot read the command: No closing quotation"),
        ("list \x1b[31m", False, "control characters are not allowed"),
        ("show 'a\nb'", False, "control characters are not allowed"),
        ("list " + "x " * 50, False, "too many words"),
        ("show " + "x" * 3000, False, "too long"),
        ("--theme ansi-dark", False, "the browser needs a terminal: connect with ssh -t"),
        ("--th ansi-dark", True, "'--th' is not available here; the browser takes: --country"),
        ("--version", True, "'--version' is not available here"),
        ("--no-mouse=yes", True, "--no-mouse takes no value"),
        ("--theme", True, "argument --theme: expected one argument"),
        ("--names fr", True, "argument --names: invalid choice: 'fr'"),
        ("--no-mouse list", True, "'list' is not available here; the browser takes"),
    ],
)  # fmt: skip
def test_refused_requests(parser, command, terminal, message):
    with pytest.raises(Refused) as refused:
        parse_request(command, terminal, parser)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_only_commands_the_parser_has_are_allowed(parser):
    everything = ["list", "show", "check-data", "organisations", "missions", "stats",
                  "anniversaries"]  # fmt: skip
    assert list(allowed_commands(parser)) == everything
    later = parser_with("export-db")
    assert list(allowed_commands(later)) == everything
    assert parse_request("stats --format csv", False, later).args == ("stats", "--format", "csv")
    with pytest.raises(Refused, match="'export-db' is not available here"):
        parse_request("export-db", False, later)


def test_an_option_naming_a_file_is_refused_in_any_allowed_command():
    later = parser_with(output="stats")
    for command in ("stats --output /tmp/x", "stats --output=/tmp/x", "stats --out /tmp/x"):
        with pytest.raises(Refused, match="stats --output is not allowed here"):
            parse_request(command, False, later)


def test_no_allowed_command_of_the_cli_reads_a_file_while_parsing(parser):
    # argparse.FileType opens its file while the server checks the arguments: never allowed.
    for name, sub in allowed_commands(parser).items():
        assert not any(isinstance(a.type, argparse.FileType) for a in sub._actions), name
    assert set(allowed_commands(parser)) <= set(ALLOWED_COMMANDS)


def test_usage_names_the_port_and_every_allowed_command(parser):
    text = usage(parser, 2222)
    assert "ssh -t -p 2222 HOST" in text
    for name in allowed_commands(parser):
        assert f"ssh -p 2222 HOST {name} " in text
    assert "serve" not in text
    assert "ssh -t HOST" in usage(parser, 22)


def test_missions_is_allowed_read_only(parser):
    request = parse_request("missions --city vienna --format json", False, parser)
    assert request.args == ("missions", "--city", "vienna", "--format", "json")
    assert "missions" in usage(parser, 2222)
    with pytest.raises(Refused):
        parse_request("missions --data /etc/passwd", False, parser)
