"""CLI: the argument parser; one-line errors instead of argparse's usage dump."""

from __future__ import annotations

import argparse
from typing import NoReturn

from archscribe._version import __version__
from archscribe.errors import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--jobs takes 0 (one per core) or more")
    return value


def _common(suppress: bool) -> _Parser:
    """Options every command takes, before or after the command's name."""
    default = argparse.SUPPRESS if suppress else None
    common = _Parser(add_help=False)
    group = common.add_argument_group("common options")
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default or False,
        help="print nothing but results and errors",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default or False,
        help="say what was skipped and why, and how long each step took",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=default or False,
        help="show the traceback of an internal error",
    )
    group.add_argument(
        "--no-cache",
        action="store_true",
        default=default or False,
        help="read every file again instead of using the fact cache",
    )
    group.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        default=default or 0,
        help="worker processes for scanning (default: one per core)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    """The ``archscribe`` command line."""
    parser = _Parser(
        prog="archscribe",
        description="Writes the architecture document of a repository from its code, and keeps "
        "it true.",
        parents=[_common(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"archscribe {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = [_common(suppress=True)]

    write = sub.add_parser(
        "write",
        parents=common,
        help="write or update ARCHITECTURE.md",
        description="Analyse PATH and write PATH/ARCHITECTURE.md; text "
        "outside archscribe's marked blocks is kept.",
    )
    write.add_argument("path", nargs="?", default=".", metavar="PATH")
    write.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead ('-' for standard output)"
    )

    scan = sub.add_parser(
        "scan",
        parents=common,
        help="print the architecture model",
        description="Print the architecture model of PATH.",
    )
    scan.add_argument("path", nargs="?", default=".", metavar="PATH")
    scan.add_argument("--format", choices=["json"], default="json")

    check = sub.add_parser(
        "check",
        parents=common,
        help="fail when the document has drifted",
        description="Exit 1 when the document no longer matches the code or "
        "still holds template placeholders.",
    )
    check.add_argument("path", nargs="?", default=".", metavar="PATH")
    check.add_argument(
        "--document", metavar="FILE", help="the document to check (default: PATH/ARCHITECTURE.md)"
    )
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail also when only line numbers or sizes have moved",
    )

    sub.add_parser(
        "schema",
        parents=common,
        help="print the JSON Schema of the model",
        description="Print the JSON Schema of `archscribe scan --format json`.",
    )
    return parser
