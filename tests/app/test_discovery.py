"""Tests for app.discovery: the walk, ignore files, excludes, symlinks and unreadable parts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from archscribe.app import discovery
from archscribe.app.discovery import DEFAULT_EXCLUDED_DIRS, Discovery, discover
from archscribe.errors import InputError
from archscribe.model.facts import ProblemKind, ScanProblem
from archscribe.model.settings import Settings


def make(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text; a path ending in / is an empty directory)."""
    for relative, text in files.items():
        path = root / relative
        if relative.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


def paths(found: Discovery) -> list[str]:
    return [file.path for file in found.files]


def run(root: Path, *exclude: str) -> Discovery:
    return discover(root, Settings(exclude=exclude))


# --- listing ---------------------------------------------------------------------------------


def test_lists_every_file_sorted_with_size_and_mtime(tmp_path: Path) -> None:
    make(tmp_path, {"b.py": "bb", "a/z.py": "", "a/b/c.txt": "hello", "A.md": "x", "e/": ""})
    os.utime(tmp_path / "b.py", ns=(1_000_000_000, 1_234_567_890_123))

    found = run(tmp_path)

    assert paths(found) == ["A.md", "a/b/c.txt", "a/z.py", "b.py"]
    by_path = {file.path: file for file in found.files}
    assert by_path["a/b/c.txt"].size == 5
    assert by_path["b.py"].mtime_ns == 1_234_567_890_123
    assert found.problems == ()


def test_output_is_the_same_on_every_run(tmp_path: Path) -> None:
    for index in range(30):
        make(tmp_path, {f"pkg{index % 4}/m{index}.py": str(index)})
    make(tmp_path, {"ln/": ""})
    (tmp_path / "ln" / "to_pkg0").symlink_to(tmp_path / "pkg0")

    assert run(tmp_path) == run(tmp_path)


def test_accepts_a_relative_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {"repo/a.py": ""})
    monkeypatch.chdir(tmp_path)

    assert paths(run(Path("repo"))) == ["a.py"]


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_root_that_is_not_a_directory_is_an_input_error(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "repo"
    if kind == "file":
        root.write_text("", encoding="utf-8")

    with pytest.raises(InputError) as raised:
        run(root)

    assert "repo" in raised.value.message
    assert raised.value.hint


# --- .gitignore ------------------------------------------------------------------------------


def test_nested_gitignore_negates_a_pattern_from_above(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            ".gitignore": "*.log\n",
            "x.log": "",
            "sub/.gitignore": "!keep.log\n",
            "sub/keep.log": "",
            "sub/other.log": "",
            "sub/deep/keep.log": "",
        },
    )

    assert paths(run(tmp_path)) == [
        ".gitignore",
        "sub/.gitignore",
        "sub/deep/keep.log",
        "sub/keep.log",
    ]


def test_nested_gitignore_applies_to_its_own_subtree_only(tmp_path: Path) -> None:
    make(
        tmp_path,
        {"sub/.gitignore": "*.txt\n", "sub/a.txt": "", "sub/d/b.txt": "", "c.txt": ""},
    )

    assert paths(run(tmp_path)) == ["c.txt", "sub/.gitignore"]


def test_a_reincluded_directory_does_not_reinclude_files_ignored_above(tmp_path: Path) -> None:
    # As git: "!*/" in sub/ names directories only; out/z.tmp is still ignored by the root.
    make(tmp_path, {".gitignore": "*.tmp\n", "sub/.gitignore": "!*/\n", "sub/out/z.tmp": ""})

    assert paths(run(tmp_path)) == [".gitignore", "sub/.gitignore"]


def test_anchored_patterns_are_relative_to_their_gitignore(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            ".gitignore": "/out/\n",
            "out/a": "",
            "other/out/b": "",
            "sub/.gitignore": "/gen.py\nconf/local.py\n",
            "sub/gen.py": "",
            "sub/deep/gen.py": "",
            "sub/conf/local.py": "",
            "conf/local.py": "",
        },
    )

    assert paths(run(tmp_path)) == [
        ".gitignore",
        "conf/local.py",
        "other/out/b",
        "sub/.gitignore",
        "sub/deep/gen.py",
    ]


def test_a_directory_only_pattern_leaves_files_of_that_name(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "logs/\n", "logs/a.log": "", "src/logs": "a file"})

    assert paths(run(tmp_path)) == [".gitignore", "src/logs"]


def test_a_file_inside_an_ignored_directory_cannot_be_reincluded(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "lib/\n!lib/keep.py\n", "lib/keep.py": "", "lib/x.py": ""})

    assert paths(run(tmp_path)) == [".gitignore"]


def test_everything_inside_with_an_exception(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "data/**\n!data/keep.csv\n", "data/keep.csv": "", "data/x": ""})

    assert paths(run(tmp_path)) == [".gitignore", "data/keep.csv"]


def test_directories_inside_but_not_the_directory_itself(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "cache/**/\n", "cache/top.txt": "", "cache/d/inner.txt": ""})

    assert paths(run(tmp_path)) == [".gitignore", "cache/top.txt"]


def test_whitelist_style_gitignore(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            ".gitignore": "*\n!*/\n!*.py\n!.gitignore\n",
            "a.py": "",
            "a.txt": "",
            "p/b.py": "",
            "p/c": "",
        },
    )

    assert paths(run(tmp_path)) == [".gitignore", "a.py", "p/b.py"]


def test_git_info_exclude_is_honoured(tmp_path: Path) -> None:
    make(
        tmp_path,
        {".git/info/exclude": "# local\nscratch/\n", ".git/HEAD": "", "scratch/x": "", "a": ""},
    )

    assert paths(run(tmp_path)) == ["a"]


def test_a_gitignore_overrides_info_exclude(tmp_path: Path) -> None:
    make(
        tmp_path,
        {".git/info/exclude": "*.log\n", ".gitignore": "!keep.log\n", "keep.log": "", "x.log": ""},
    )

    assert paths(run(tmp_path)) == [".gitignore", "keep.log"]


def test_info_exclude_of_a_worktree_git_file(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "gitdir/info/exclude": "secret\n",
            "repo/.git": "gitdir: ../gitdir\n",
            "repo/secret": "",
            "repo/a": "",
        },
    )

    assert paths(run(tmp_path / "repo")) == ["a"]


def test_invalid_patterns_are_skipped_with_a_problem(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "*.log\nbad\\\n[z-a]\n", "x.log": "", "a.py": ""})

    found = run(tmp_path)

    assert paths(found) == [".gitignore", "a.py"]
    assert [(p.path, p.kind) for p in found.problems] == [
        (".gitignore", ProblemKind.MALFORMED)
    ] * 2


@pytest.mark.parametrize(
    ("pattern", "path", "ignored"),
    [
        ("foo", "foo", True),
        ("foo", "a/foo/", True),
        ("foo", "foo/bar", False),  # only the path itself: foo/ was decided one level up
        ("foo/", "foo", False),
        ("foo/", "a/foo/", True),
        ("/foo", "a/foo", False),
        ("a/*", "a/b", True),
        ("a/*", "a/b/c", False),
        ("a/**", "a/", False),
        ("a/**", "a/b/c", True),
        ("a/**/", "a/", False),
        ("a/**/", "a/b/", True),
        ("a/**/c", "a/c", True),
        ("a/**/c", "a/x/y/c/", True),
        ("*", "anything/at/all", True),
        ("*/", "d/", True),
        ("*/", "f", False),
        ("*/**", "top/", False),
        ("*/**", "top/inner", True),
        ("*.py[co]", "x/m.pyc", True),
        ("[!a]*", "abc", False),
        ("?", "x/", True),
    ],
)
def test_a_pattern_names_a_path_itself_as_git_does(pattern: str, path: str, ignored: bool) -> None:
    rules = discovery._IgnoreFile("", discovery._compile([pattern])[0])

    assert (rules.verdict(path) is True) is ignored


def test_unknown_pathspec_expressions_fall_back_to_pathspec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discovery, "_whole_path_expression", lambda pattern, source: None)
    make(tmp_path, {".gitignore": "*.log\nout/\n", "x.log": "", "out/a": "", "a.py": ""})

    assert paths(run(tmp_path)) == [".gitignore", "a.py"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_agrees_with_git(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            ".gitignore": "*.log\n!a/b/keep.log\n/out/\nlib/\n*.tmp\n!important.tmp\n\\#hash\n",
            "a/b/.gitignore": "!*.log\nc/\n*/\n",
            "a/b/y.log": "",
            "a/b/keep.log": "",
            "a/b/c/z": "",
            "a/b/d/z": "",
            "a/x.log": "",
            "a/x.py": "",
            "out/f": "",
            "other/out/f": "",
            "lib/deep/x": "",
            "x/lib": "",
            "top.tmp": "",
            "important.tmp": "",
            "#hash": "",
            "sp ace.txt": "",
            "src/pkg/.gitignore": "gen.py\n!/deep/\n",
            "src/pkg/gen.py": "",
            "src/pkg/deep/gen.py": "",
            "src/pkg/deep/ok.py": "",
        },
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()

    assert paths(run(tmp_path)) == sorted(listed)


# --- Settings.exclude and the default excludes ------------------------------------------------


def test_settings_exclude_takes_gitignore_patterns_relative_to_the_root(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "docs/index.md": "",
            "src/docs/x.md": "",
            "legacy/a.py": "",
            "legacy/old/b.py": "",
            "legacy/README.md": "",
            "src/legacy/c.py": "",
            "keep.py": "",
        },
    )

    found = run(tmp_path, "docs/", "legacy/**/*.py")

    assert paths(found) == ["keep.py", "legacy/README.md", "src/legacy/c.py"]


def test_settings_exclude_cannot_reinclude_what_git_ignores(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "*.gen\n", "a.gen": "", "b.py": ""})

    assert paths(run(tmp_path, "!a.gen")) == [".gitignore", "b.py"]


def test_default_excludes_apply_without_a_gitignore(tmp_path: Path) -> None:
    files = {f"{name.replace('*', 'pkg')}/x.py": "" for name in DEFAULT_EXCLUDED_DIRS}
    files |= {f"nested/{name.replace('*', 'pkg')}/y.py": "" for name in DEFAULT_EXCLUDED_DIRS}
    make(tmp_path, files | {"src/app.py": ""})

    assert paths(run(tmp_path)) == ["src/app.py"]


def test_a_virtual_environment_is_found_by_its_pyvenv_cfg(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/site.py": "",
            "tools/py311/pyvenv.cfg": "",
            "tools/py311/bin/python": "",
            "tools/run.py": "",
        },
    )

    assert paths(run(tmp_path)) == ["tools/run.py"]


def test_env_without_pyvenv_cfg_is_kept(tmp_path: Path) -> None:
    make(tmp_path, {"env/settings.py": ""})

    assert paths(run(tmp_path)) == ["env/settings.py"]


def test_build_dist_and_venv_are_kept_when_they_are_python_packages(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "build/lib/pkg/__init__.py": "",
            "dist/pkg-1.0.tar.gz": "",
            "src/build/__init__.py": "",
            "src/build/env.py": "",
            "Lib/venv/__init__.py": "",
        },
    )

    assert paths(run(tmp_path)) == [
        "Lib/venv/__init__.py",
        "src/build/__init__.py",
        "src/build/env.py",
    ]


def test_a_gitignore_can_still_exclude_a_kept_package(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "build/\n", "src/build/__init__.py": ""})

    assert paths(run(tmp_path)) == [".gitignore"]


def test_files_are_listed_whatever_their_size(tmp_path: Path) -> None:
    make(tmp_path, {"big.bin": "x" * 10_000})

    found = discover(tmp_path, Settings(max_file_bytes=10))

    assert [(f.path, f.size) for f in found.files] == [("big.bin", 10_000)]


# --- symbolic links --------------------------------------------------------------------------


def symlink_problems(found: Discovery) -> list[tuple[str, str]]:
    return [(p.path, p.reason) for p in found.problems if p.kind is ProblemKind.SYMLINK]


def test_a_symlink_loop_is_reported_and_not_followed(tmp_path: Path) -> None:
    make(tmp_path, {"pkg/a.py": ""})
    (tmp_path / "pkg" / "up").symlink_to("..")
    (tmp_path / "pkg" / "self").symlink_to(".")

    found = run(tmp_path)

    assert paths(found) == ["pkg/a.py"]
    problems = symlink_problems(found)
    assert [path for path, _ in problems] == ["pkg/self", "pkg/up"]
    assert all(reason.startswith("symlink loop") for _, reason in problems)


def test_a_file_symlink_loop_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")

    found = run(tmp_path)

    assert found.files == ()
    assert [p for p, reason in symlink_problems(found) if "loop" in reason] == ["a", "b"]


def test_symlinks_out_of_the_tree_are_skipped(tmp_path: Path) -> None:
    outside = make(tmp_path / "outside", {"lib/x.py": "", "secret.txt": ""})
    repo = make(tmp_path / "repo", {"a.py": ""})
    (repo / "vendored").symlink_to(outside / "lib")
    (repo / "secret.txt").symlink_to(outside / "secret.txt")

    found = run(repo)

    assert paths(found) == ["a.py"]
    assert symlink_problems(found) == [
        ("secret.txt", "points outside the repository"),
        ("vendored", "points outside the repository"),
    ]
    assert all(str(tmp_path) not in problem.reason for problem in found.problems)


def test_a_broken_symlink_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.py").symlink_to("nowhere.py")

    found = run(tmp_path)

    assert found.files == ()
    assert symlink_problems(found) == [("gone.py", "broken symlink: its target does not exist")]


def test_an_ignored_symlink_is_not_reported(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "gone.py\n"})
    (tmp_path / "gone.py").symlink_to("nowhere.py")
    (tmp_path / ".venv").symlink_to(tmp_path.parent)

    assert run(tmp_path).problems == ()


def test_a_symlinked_file_inside_the_tree_is_listed_under_its_own_path(tmp_path: Path) -> None:
    make(tmp_path, {"real/conf.py": "abc"})
    (tmp_path / "conf.py").symlink_to("real/conf.py")

    found = run(tmp_path)

    assert [(f.path, f.size) for f in found.files] == [("conf.py", 3), ("real/conf.py", 3)]


def test_a_symlinked_directory_already_listed_is_not_walked_twice(tmp_path: Path) -> None:
    make(tmp_path, {"pkg/a.py": ""})
    (tmp_path / "alias").symlink_to("pkg")  # sorts before pkg: the real path still wins

    found = run(tmp_path)

    assert paths(found) == ["pkg/a.py"]
    assert symlink_problems(found) == [("alias", "points to 'pkg', which is listed already")]


def test_a_symlinked_directory_into_an_ignored_part_is_followed(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "generated/\n", "generated/api/client.py": ""})
    (tmp_path / "api").symlink_to("generated/api")

    assert paths(run(tmp_path)) == [".gitignore", "api/client.py"]


def test_a_linked_directory_is_walked_once_whichever_link_comes_first(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "hidden/\n", "hidden/x.py": ""})
    (tmp_path / "b").symlink_to("hidden")
    (tmp_path / "a").symlink_to("hidden")

    found = run(tmp_path)

    assert paths(found) == [".gitignore", "a/x.py"]
    assert symlink_problems(found) == [("b", "points to 'hidden', which is listed already")]


# --- unreadable parts and odd names ---------------------------------------------------------


def test_an_unreadable_directory_is_reported_and_the_walk_goes_on(tmp_path: Path) -> None:
    make(tmp_path, {"locked/x.py": "", "open/y.py": ""})
    locked = tmp_path / "locked"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("permissions do not apply (running as root)")
        found = run(tmp_path)
    finally:
        locked.chmod(0o755)

    assert paths(found) == ["open/y.py"]
    assert [(p.path, p.kind) for p in found.problems] == [("locked", ProblemKind.UNREADABLE)]


def test_a_directory_that_cannot_be_listed_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same as the test above, for when permissions do not apply (root, some file systems).
    make(tmp_path, {"locked/x.py": "", "open/y.py": ""})
    real_scandir = os.scandir
    locked = os.path.realpath(tmp_path / "locked")

    def scandir(path: str) -> object:
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = run(tmp_path)

    assert paths(found) == ["open/y.py"]
    assert found.problems == (
        ScanProblem(
            path="locked",
            kind=ProblemKind.UNREADABLE,
            reason="cannot list the directory (Permission denied)",
        ),
    )


def test_an_unreadable_root_is_an_input_error(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", {"x.py": ""})
    root.chmod(0)
    try:
        if os.access(root, os.R_OK):
            pytest.skip("permissions do not apply (running as root)")
        with pytest.raises(InputError):
            run(root)
    finally:
        root.chmod(0o755)


def test_a_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    try:
        (tmp_path / os.fsdecode(b"caf\xe9.py")).write_text("", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("the file system does not take arbitrary bytes in names")
    make(tmp_path, {"ok.py": ""})

    found = run(tmp_path)

    assert paths(found) == ["ok.py"]
    assert found.problems == (
        ScanProblem(
            path="caf\ufffd.py", kind=ProblemKind.NOT_UTF8, reason="the name is not valid UTF-8"
        ),
    )
