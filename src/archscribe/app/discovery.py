"""App: discovery, the walk that lists a repository's files as git would (ignores and excludes).

``discover`` lists every file below a root with its size and modification time, and never reads
a file's contents. What it leaves out:

* directories named in ``DEFAULT_EXCLUDED_DIRS`` and any directory holding ``pyvenv.cfg`` (a
  virtual environment, whatever its name); ``build``, ``dist`` and ``venv`` are kept when they
  are Python packages (pypa/build keeps its code in ``src/build/``, CPython has ``Lib/venv/``);
* what ``.gitignore`` files (each applies to its own subtree, the deepest deciding) and
  ``.git/info/exclude`` ignore; the user's global excludes file is not read, so the result
  depends on the repository only;
* what ``Settings.exclude`` matches (gitignore patterns relative to the root).

An ignored or excluded directory is not entered. Symbolic links are listed as the path of the
link; a linked directory is followed only when it stays inside the root and is not listed
already under its real path, which is why linked directories are walked after all others.
Whatever is skipped for a reason the user may not expect becomes a ``ScanProblem``.
"""

from __future__ import annotations

import errno
import heapq
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import translate
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pathspec loads only when a .gitignore or an exclude needs it
    from pathspec import GitIgnoreSpec

from archscribe.errors import InputError
from archscribe.model.problems import ProblemKind, ScanProblem
from archscribe.model.settings import Settings

#: Directories never walked, whatever the ignore files say (names; ``*`` and ``?`` allowed).
DEFAULT_EXCLUDED_DIRS: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".tox",
    ".nox",
    ".eggs",
    "*.egg-info",
    "build",
    "dist",
    "site-packages",
    ".idea",
    ".vscode",
    "htmlcov",
    ".archscribe-cache",
    ".hypothesis",
    ".cache",
)
#: Default-excluded directories that are walked after all when they hold an ``__init__.py``.
KEPT_WHEN_PACKAGE: tuple[str, ...] = ("build", "dist", "venv")
#: Files never listed: a ``.git`` file points a worktree or a submodule at its repository.
DEFAULT_EXCLUDED_FILES: tuple[str, ...] = (".git",)
#: A directory holding this file is a virtual environment and is not walked.
VENV_MARKER = "pyvenv.cfg"
#: The per-directory ignore file.
IGNORE_FILE = ".gitignore"

_EXCLUDED_NAMES = frozenset(name for name in DEFAULT_EXCLUDED_DIRS if not set(name) & set("*?["))
_EXCLUDED_GLOBS = tuple(name for name in DEFAULT_EXCLUDED_DIRS if name not in _EXCLUDED_NAMES)
_EXCLUDED_GLOB = re.compile("|".join(translate(glob) for glob in _EXCLUDED_GLOBS) or "(?!)")
_KEPT_WHEN_PACKAGE = frozenset(KEPT_WHEN_PACKAGE)
_EXCLUDED_FILES = frozenset(DEFAULT_EXCLUDED_FILES)


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file of the repository: its repository-relative POSIX path, size and mtime."""

    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Discovery:
    """The files of a repository in path order, and what was skipped for a reason worth telling."""

    files: tuple[FoundFile, ...]
    problems: tuple[ScanProblem, ...]
    # Each folder listed, with its mtime: a folder whose mtime holds has the same entries,
    # which lets a later run tell "nothing changed" by stats alone.
    folders: tuple[tuple[str, int], ...] = ()


def discover(
    root: Path, settings: Settings, on_file: Callable[[FoundFile], object] | None = None
) -> Discovery:
    """List the files below ``root`` that belong to the repository, in path order.

    ``on_file`` is told of each file as the walk finds it (in walk order, not path order), so
    that reading can start before the walk ends; every file it is told of is in the result.
    """
    real_root = _usable_root(root)
    walker = _Walker(real_root, settings, on_file)
    walker.walk()
    return Discovery(
        files=tuple(sorted(walker.files, key=attrgetter("path"))),
        problems=tuple(sorted(walker.problems, key=attrgetter("path", "kind", "reason"))),
        folders=tuple(sorted(walker.folders)),
    )


def _usable_root(root: Path) -> str:
    try:
        exists, is_dir = root.exists(), root.is_dir()
    except OSError as error:
        raise InputError(
            f"cannot use the repository path '{root}' ({error.strerror})",
            hint="check that the path and its parent directories can be read",
        ) from error
    if not exists:
        raise InputError(
            f"the repository path '{root}' does not exist",
            hint="pass the directory of a repository (the one holding pyproject.toml or .git)",
        )
    if not is_dir:
        raise InputError(
            f"the repository path '{root}' is not a directory",
            hint="pass the directory of a repository, not a file inside it",
        )
    return os.path.realpath(root)


# How pathspec (1.x) ends the expression of a pattern: it matches a path and everything below
# it, as a single ignore file at the root needs. A walk asks what git asks at each level: does
# the pattern match this path itself? The same expression, ended there, answers.
_DIR_MARK = "(?P<ps_d>/)"
_DIR_MARK_OPTIONAL = "(?:(?P<ps_d>/)|$)"
_WHOLE_EXPRESSIONS = {
    ".": ".*",  # "*" and "**": every path
    _DIR_MARK: ".*/",  # "*/" and "**/": every directory
    "/": "[^/]+/.+",  # "*/**": everything inside a directory
}
_ANYWHERE = "^(?:.+/)?"  # how a pattern without a slash starts: at any depth


def _whole_path_expression(pattern: str, source: str) -> str | None:
    """The expression matching only the paths a pattern names (dirs end in ``/``), or None."""
    if source in _WHOLE_EXPRESSIONS:
        return _WHOLE_EXPRESSIONS[source]
    if source.endswith(_DIR_MARK_OPTIONAL):
        whole = source.removesuffix(_DIR_MARK_OPTIONAL) + "/?"  # a file or a directory
    elif source.endswith(_DIR_MARK) and pattern.rstrip().endswith("/**/"):
        whole = source.removesuffix(_DIR_MARK) + "/.+/"  # "name/**/": the directories inside
    elif source.endswith(_DIR_MARK):
        whole = source.removesuffix(_DIR_MARK) + "/"  # "name/": a directory only
    elif source.endswith("/"):
        whole = source + ".+"  # "name/**": everything inside
    else:
        return None
    return None if "(?P" in whole else whole


class _IgnoreFile:
    """The patterns of one ignore file, checked against paths relative to its directory.

    ``verdict`` is what git decides from this file alone: True (ignored), False (re-included
    by a ``!`` pattern) or None (no pattern names the path: the next file up decides). The last
    pattern naming the path wins. Most paths match no pattern, so one combined expression
    answers those before the patterns are tried one by one.
    """

    __slots__ = ("_any", "_patterns", "_prefix", "_spec")

    def __init__(self, prefix: str, spec: GitIgnoreSpec) -> None:
        self._prefix = prefix
        self._spec = spec
        self._patterns: tuple[tuple[re.Pattern[str], bool], ...] | None = None
        self._any: re.Pattern[str] | None = None
        sources: list[tuple[str, bool]] = []
        for pattern in spec.patterns:
            regex = getattr(pattern, "regex", None)
            if pattern.include is None or regex is None:
                continue
            if not isinstance(regex.pattern, str) or regex.flags & ~re.UNICODE:
                return  # a pathspec this module does not know: ask it for each path
            whole = _whole_path_expression(str(pattern.pattern), regex.pattern)
            if whole is None:
                return
            sources.append((whole, pattern.include))
        try:
            self._patterns = tuple(
                (re.compile(whole), ignore) for whole, ignore in reversed(sources)
            )
            self._any = re.compile(_any_of(whole for whole, _ in sources))
        except re.error:
            self._patterns = None

    def verdict(self, path: str) -> bool | None:
        """True, False or None for ``path``, relative to the root (a directory ends in ``/``)."""
        relative = path[len(self._prefix) :]
        if self._patterns is None or self._any is None:
            return self._spec.check_file(relative).include
        if self._any.fullmatch(relative) is None:
            return None
        for regex, ignore in self._patterns:
            if regex.fullmatch(relative) is not None:
                return ignore
        return None


def _any_of(expressions: Iterable[str]) -> str:
    """One expression for all; those that match at any depth share the prefix (much faster)."""
    anywhere: list[str] = []
    anchored: list[str] = []
    for expression in expressions:
        if expression.startswith(_ANYWHERE):
            anywhere.append(f"(?:{expression.removeprefix(_ANYWHERE)})")
        else:
            anchored.append(f"(?:{expression})")
    if anywhere:
        anchored.append(f"{_ANYWHERE}(?:{'|'.join(anywhere)})")
    return "|".join(anchored) or "(?!)"


def _compile(lines: list[str]) -> tuple[GitIgnoreSpec, list[str]]:
    """The spec of an ignore file, and the lines git would skip as invalid."""
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines), []
    except (ValueError, re.error):
        valid: list[str] = []
        invalid: list[str] = []
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except (ValueError, re.error):
                invalid.append(line)
            else:
                valid.append(line)
        return GitIgnoreSpec.from_lines(valid), invalid


class _Dir(NamedTuple):
    path: str  # repository-relative, "" for the root
    real: str  # absolute real path (what is listed)
    rules: tuple[_IgnoreFile, ...]  # deepest first
    only_if_package: bool = False


class _Link(NamedTuple):
    path: str
    target: str  # absolute real path of the target
    parent: str  # absolute real path of the directory holding the link
    rules: tuple[_IgnoreFile, ...]


class _Walker:
    """One walk: an explicit stack of directories, then the linked directories in path order."""

    def __init__(
        self, root: str, settings: Settings, on_file: Callable[[FoundFile], object] | None = None
    ) -> None:
        self.root = root
        self.files: list[FoundFile] = []
        self._found: Callable[[FoundFile], object] = self.files.append
        if on_file is not None:
            append = self.files.append

            def found(file: FoundFile) -> None:
                append(file)
                on_file(file)

            self._found = found
        self.folders: list[tuple[str, int]] = []
        self.problems: list[ScanProblem] = []
        self._visited: set[str] = set()
        self._links: list[_Link] = []  # a heap, by path
        self._user: _IgnoreFile | None = None
        if settings.exclude:
            spec, _ = _compile(list(settings.exclude))  # config loading reports invalid ones
            self._user = _IgnoreFile("", spec)

    def walk(self) -> None:
        rules = self._info_exclude()
        self._walk_from(_Dir("", self.root, rules))
        while self._links:
            link = heapq.heappop(self._links)
            if link.parent == link.target or link.parent.startswith(link.target + os.sep):
                self._problem(
                    link.path,
                    ProblemKind.SYMLINK,
                    "symlink loop: it points to a directory that contains it",
                )
            elif link.target in self._visited:
                where = os.path.relpath(link.target, self.root).replace(os.sep, "/")
                self._problem(
                    link.path, ProblemKind.SYMLINK, f"points to '{where}', which is listed already"
                )
            else:
                self._walk_from(_Dir(link.path, link.target, link.rules))

    def _info_exclude(self) -> tuple[_IgnoreFile, ...]:
        git = Path(self.root, ".git")
        try:
            if git.is_file():
                text = git.read_text(encoding="utf-8", errors="surrogateescape").strip()
                if not text.startswith("gitdir:"):
                    return ()
                git = Path(self.root, text.removeprefix("gitdir:").strip())
            exclude = git / "info" / "exclude"
            lines = exclude.read_text(encoding="utf-8", errors="surrogateescape")
            self.folders.append((str(exclude), exclude.stat().st_mtime_ns))
        except OSError:
            return ()
        spec, _ = _compile(lines.splitlines())
        return (_IgnoreFile("", spec),)

    def _walk_from(self, start: _Dir) -> None:
        stack = [start]
        while stack:
            here = stack.pop()
            try:
                with os.scandir(here.real) as listing:
                    entries = list(listing)
            except OSError as error:
                if not here.path:
                    raise InputError(
                        f"cannot read the repository directory ({error.strerror})",
                        hint="check its permissions",
                    ) from error
                self._problem(
                    here.path,
                    ProblemKind.UNREADABLE,
                    f"cannot list the directory ({error.strerror})",
                )
                continue
            names = {entry.name for entry in entries}
            if here.path and VENV_MARKER in names:
                continue
            if here.only_if_package and "__init__.py" not in names:
                continue
            self._visited.add(here.real)
            try:
                self.folders.append((here.path, os.stat(here.real).st_mtime_ns))  # noqa: PTH116
            except OSError:
                self.folders.append((here.path, -1))  # never matches: always listed again
            prefix = f"{here.path}/" if here.path else ""
            rules = here.rules
            if IGNORE_FILE in names:
                rules = self._read_ignore_file(here, prefix) + rules
            for entry in entries:
                self._visit(entry, prefix, here.real, rules, stack)

    def _visit(
        self,
        entry: os.DirEntry[str],
        prefix: str,
        parent: str,
        rules: tuple[_IgnoreFile, ...],
        stack: list[_Dir],
    ) -> None:
        name = entry.name
        path = prefix + name
        if not name.isascii() and not _is_utf8(name):
            self._problem(_printable(path), ProblemKind.NOT_UTF8, "the name is not valid UTF-8")
            return
        try:
            if entry.is_symlink():
                self._visit_link(entry, path, parent, rules)
            elif entry.is_dir(follow_symlinks=False):
                default = name in _EXCLUDED_NAMES or _EXCLUDED_GLOB.match(name) is not None
                if default and name not in _KEPT_WHEN_PACKAGE:
                    return
                if not self._excluded(f"{path}/", rules):
                    stack.append(_Dir(path, entry.path, rules, only_if_package=default))
            elif (
                entry.is_file(follow_symlinks=False)
                and name not in _EXCLUDED_FILES
                and not self._excluded(path, rules)
            ):
                status = entry.stat(follow_symlinks=False)
                self._found(FoundFile(path, status.st_size, status.st_mtime_ns))
        except OSError as error:
            self._problem(path, ProblemKind.UNREADABLE, f"cannot read it ({error.strerror})")

    def _visit_link(
        self, entry: os.DirEntry[str], path: str, parent: str, rules: tuple[_IgnoreFile, ...]
    ) -> None:
        try:
            status = os.stat(entry.path)  # noqa: PTH116 -- the walk keeps to str paths for speed
        except OSError as error:
            if not self._excluded(path, rules):
                reason = (
                    "symlink loop: it resolves to itself"
                    if error.errno == errno.ELOOP
                    else "broken symlink: its target does not exist"
                )
                self._problem(path, ProblemKind.SYMLINK, reason)
            return
        is_dir = stat.S_ISDIR(status.st_mode)
        if is_dir and (entry.name in _EXCLUDED_NAMES or _EXCLUDED_GLOB.match(entry.name)):
            return
        if self._excluded(f"{path}/" if is_dir else path, rules):
            return
        target = os.path.realpath(entry.path)
        if target != self.root and not target.startswith(self.root + os.sep):
            self._problem(path, ProblemKind.SYMLINK, "points outside the repository")
        elif is_dir:
            heapq.heappush(self._links, _Link(path, target, parent, rules))
        elif stat.S_ISREG(status.st_mode):
            self._found(FoundFile(path, status.st_size, status.st_mtime_ns))

    def _read_ignore_file(self, here: _Dir, prefix: str) -> tuple[_IgnoreFile, ...]:
        where = prefix + IGNORE_FILE
        try:
            text = Path(here.real, IGNORE_FILE).read_text(
                encoding="utf-8", errors="surrogateescape"
            )
        except IsADirectoryError:
            return ()
        except OSError as error:
            self._problem(
                where, ProblemKind.UNREADABLE, f"cannot read it ({error.strerror}); not applied"
            )
            return ()
        spec, invalid = _compile(text.splitlines())
        for line in invalid:
            self._problem(where, ProblemKind.MALFORMED, f"invalid pattern '{line}' skipped")
        return (_IgnoreFile(prefix, spec),)

    def _excluded(self, path: str, rules: tuple[_IgnoreFile, ...]) -> bool:
        """Whether an ignore file or ``Settings.exclude`` leaves ``path`` out (dirs end in /)."""
        for rule in rules:
            verdict = rule.verdict(path)
            if verdict is not None:
                if verdict:
                    return True
                break
        return self._user is not None and self._user.verdict(path) is True

    def _problem(self, path: str, kind: ProblemKind, reason: str) -> None:
        self.problems.append(ScanProblem(path=path, kind=kind, reason=reason))


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(path: str) -> str:
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
