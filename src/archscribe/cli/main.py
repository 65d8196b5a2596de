"""CLI: ``main``, which parses the command line, runs one use case and maps errors to exit
codes; heavy modules are imported only by the command that needs them."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from archscribe.errors import ArchscribeError, UsageError

if TYPE_CHECKING:
    from archscribe.app.usecases import RunOptions, Summary


def run() -> NoReturn:
    """The ``archscribe`` command: ``main`` on the process's arguments, then a hard exit.

    Everything is written, flushed and closed by then, so the interpreter's teardown (freeing
    every fact and model object one by one, a tenth of a second or more on a large
    repository) is skipped, as mypy does for the same reason.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run archscribe with ``argv`` (default: the process's arguments); returns the exit code."""
    from archscribe.cli.parser import build_parser

    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError(
                "name a command: write, scan, check or schema (see `archscribe --help`)"
            )
        return _run(args)
    except ArchscribeError as error:
        _print_error(error.describe())
        return error.exit_code
    except KeyboardInterrupt:
        _print_error("interrupted; nothing was written")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: say it is our bug
        if debug:
            raise
        from archscribe._version import __version__

        _print_error(
            f"internal error: {type(error).__name__}: {error}\n"
            f"  this is a bug in archscribe {__version__}; run again with --debug for the "
            "traceback and report it"
        )
        return 3


def _print_error(text: str) -> None:
    print(f"archscribe: {text}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        from archscribe.app.usecases import schema_json

        sys.stdout.write(schema_json())
        return 0
    from archscribe.app.usecases import RunOptions
    from archscribe.cli.console import make_progress

    options = RunOptions(
        jobs=args.jobs,
        use_cache=not args.no_cache,
        progress=make_progress(quiet=args.quiet),
    )
    started = time.perf_counter()
    path = Path(args.path)
    if args.command == "write":
        code = _write(args, path, options)
    elif args.command == "scan":
        from archscribe.app.usecases import scan_json

        sys.stdout.write(scan_json(path, options))
        code = 0
    else:
        code = _check(args, path, options)
    if args.verbose:
        _print_error(f"done in {time.perf_counter() - started:.2f} s")
    return code


def _write(args: argparse.Namespace, path: Path, options: RunOptions) -> int:
    from archscribe.app.usecases import write_document

    to_stdout = args.output == "-"
    output = None if args.output in (None, "-") else Path(args.output)
    outcome = write_document(path, output, options, to_stdout=to_stdout)
    if to_stdout:
        sys.stdout.write(outcome.text)
    _report(args, outcome.summary)
    if not args.quiet and not to_stdout and outcome.path is not None:
        summary = outcome.summary
        verb = "wrote" if outcome.changed else "unchanged:"
        print(
            f"{verb} {os.path.relpath(outcome.path)} ({summary.components} components, "
            f"{summary.languages} languages, kind: {summary.kind})",
            file=sys.stderr,
        )
    return 0


def _report(args: argparse.Namespace, summary: Summary) -> None:
    """What was read and what was skipped, on stderr."""
    if args.verbose:
        if summary.reused:
            said = "nothing changed since the last run; its output was reused"
        else:
            scanned = f"{summary.scanned:,} {'file' if summary.scanned == 1 else 'files'} scanned"
            said = f"{summary.from_cache:,} results from the cache, {scanned}" + (
                f" in {summary.workers} processes" if summary.workers > 1 else ""
            )
        print(f"archscribe: {summary.files:,} files found; {said}", file=sys.stderr)
    problems = summary.problems
    if not problems or args.quiet:
        return
    if args.verbose:
        for problem in problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            print(f"archscribe: skipped {where}: {problem.reason}", file=sys.stderr)
    else:
        print(
            f"archscribe: {len(problems)} files were left out or read only in part "
            "(listed in the document's Overview; --verbose lists them here)",
            file=sys.stderr,
        )


def _check(args: argparse.Namespace, path: Path, options: RunOptions) -> int:
    from archscribe.app.usecases import check_document
    from archscribe.cli.findings_output import findings_json, findings_text

    document = Path(args.document) if args.document else None
    outcome = check_document(path, document, options, strict=args.strict)
    _report(args, outcome.summary)
    errors = [f for f in outcome.findings if f.severity == "error"]
    if args.format == "json":
        sys.stdout.write(findings_json(outcome))
    else:
        sys.stdout.write(findings_text(outcome, verbose=args.verbose, quiet=args.quiet))
    return 1 if errors else 0
