"""The command line as a user meets it: exit codes, one-line errors, write/check round trips,
human text kept, JSON that validates against the published schema."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from archscribe._version import __version__
from archscribe.cli import main

from ..conftest import REPOS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(REPOS / "src_cli", target)
    return target


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"archscribe {__version__}"


def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "archscribe", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"archscribe {__version__}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "name a command"),
        (["frobnicate"], "invalid choice"),
        (["write", "--jobs", "many"], "--jobs takes a whole number"),
        (["write", "--jobs", "-1"], "--jobs takes 0"),
        (["scan", "--format", "xml"], "invalid choice"),
        (["write", "a", "b"], "unrecognized arguments"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "write", str(tmp_path / "nowhere"))
    assert code == 2
    assert "does not exist" in err
    assert "Traceback" not in err


def test_path_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "f.py"
    file.write_text("x = 1\n")
    code, _, err = run(capsys, "scan", str(file))
    assert code == 2
    assert "is not a folder" in err


def test_bad_configuration_names_the_key(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        (repo / "pyproject.toml").read_text() + "split-shar = 0.2\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "write", str(repo))
    assert code == 2
    assert "split-shar" in err
    assert "split-share" in err  # the closest valid key is suggested
    assert not (repo / "ARCHITECTURE.md").exists()


def test_write_then_check_passes(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, _, err = run(capsys, "write", str(repo))
    assert code == 0
    assert "wrote" in err
    document = (repo / "ARCHITECTURE.md").read_text()
    assert document.startswith("# System Architecture\n")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0, out
    assert "up to date" in out


def test_second_write_leaves_the_file_alone(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    before = (repo / "ARCHITECTURE.md").stat().st_mtime_ns
    code, _, err = run(capsys, "write", str(repo))
    assert code == 0
    assert "unchanged" in err
    assert (repo / "ARCHITECTURE.md").stat().st_mtime_ns == before


def test_check_fails_when_code_moves(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    run(capsys, "write", str(repo))
    (repo / "src" / "tally" / "export").mkdir()
    (repo / "src" / "tally" / "export" / "__init__.py").write_text(
        '"""Export: writes counts as CSV."""\n\nfrom tally.engine import count_lines\n'
    )
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "ARCHITECTURE.md:" in out
    assert "component:tally.export" in out
    code, out, _ = run(capsys, "check", str(repo), "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert payload["ok"] is False
    assert {f["rule"] for f in payload["findings"]} >= {"missing-block", "stale-block"}


def test_check_fails_on_template_placeholder(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    path = repo / "ARCHITECTURE.md"
    path.write_text(path.read_text() + "\n- **Throughput**: [Expected throughput]\n")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "[Expected throughput]" in out


def test_check_without_document(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "does not exist" in out


def test_human_text_survives_regeneration(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    run(capsys, "write", str(repo))
    path = repo / "ARCHITECTURE.md"
    text = path.read_text()
    hint = "**Rationale**: _To fill: why this structure was chosen._ <!-- archscribe:todo -->"
    assert hint in text
    ours = "**Rationale**: Small parts that a one-person team can hold in mind."
    text = text.replace(hint, ours)
    text = text.replace("## Data Architecture", "A note of ours.\n\n## Data Architecture")
    path.write_text(text)
    (repo / "src" / "tally" / "report" / "html.py").write_text("import json\n")
    code, _, _ = run(capsys, "write", str(repo))
    assert code == 0
    after = path.read_text()
    assert ours in after
    assert "A note of ours." in after
    assert "standard library: `dataclasses`, `json`" in after  # the generated part moved on
    code, _, _ = run(capsys, "check", str(repo))
    assert code == 0


def test_hand_written_document_is_not_overwritten(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    path = repo / "ARCHITECTURE.md"
    path.write_text("# Our architecture\n\nWritten by hand.\n")
    code, _, err = run(capsys, "write", str(repo))
    assert code == 2
    assert "no archscribe markers" in err
    assert path.read_text() == "# Our architecture\n\nWritten by hand.\n"


def test_broken_markers_are_reported_with_the_line(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    path = repo / "ARCHITECTURE.md"
    text = path.read_text().replace("<!-- archscribe:end overview -->\n", "", 1)
    path.write_text(text)
    code, _, err = run(capsys, "write", str(repo))
    assert code == 2
    assert "line " in err
    assert path.read_text() == text


def test_output_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "write", str(repo), "-o", "-")
    assert code == 0
    assert out.startswith("# System Architecture")
    assert not (repo / "ARCHITECTURE.md").exists()
    target = tmp_path / "doc.md"
    code, _, _ = run(capsys, "write", str(repo), "-o", str(target), "-q")
    assert code == 0
    assert target.read_text() == out


def test_output_into_a_missing_folder(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "write", str(repo), "-o", str(tmp_path / "no" / "doc.md"))
    assert code == 2
    assert "cannot write" in err


def test_scan_json_validates_against_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, schema_text, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in ("src_cli", "django_app", "broken_files", "no_python"):
        code, out, _ = run(capsys, "scan", str(REPOS / name), "--no-cache")
        assert code == 0
        jsonschema.validate(json.loads(out), schema)


def test_options_after_the_command(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    code, out, err = run(capsys, "scan", str(repo), "--no-cache", "--jobs", "1", "--quiet")
    assert code == 0
    assert json.loads(out)["overview"]["name"] == "tally"
    assert err == ""


def test_bad_files_are_reported_and_the_run_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "write", str(REPOS / "broken_files"), "-o", "-", "--verbose")
    assert code == 0
    assert "skipped shaky/syntax_error.py:1" in err
    assert "shaky/latin1.py" in err
    assert "shaky/binary.py" in err
    assert "#### shaky" in out


def test_symlink_loop_and_escape_are_skipped(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "src" / "tally" / "loop").symlink_to(repo / "src", target_is_directory=True)
    (repo / "outside").symlink_to(Path("/"), target_is_directory=True)
    code, out, _ = run(capsys, "scan", str(repo), "--no-cache")
    assert code == 0
    model = json.loads(out)
    kinds = {p["path"]: p["kind"] for p in model["problems"]}
    assert kinds.get("src/tally/loop") == "symlink"
    assert kinds.get("outside") == "symlink"
    assert all("loop" not in m["path"] for m in model["modules"])


def test_configured_component_names_may_be_any_text(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "archscribe.toml").write_text(
        "components = [\n"
        '  { name = "Counting Engine", paths = ["src/tally/engine"] },\n'
        '  { name = "counting engine!", paths = ["src/tally/report"] },\n'
        "]\n"
    )
    (repo / "pyproject.toml").write_text(
        (repo / "pyproject.toml").read_text().split("[tool.archscribe]")[0]
    )
    code, _, err = run(capsys, "write", str(repo))
    assert code == 0, err
    text = (repo / "ARCHITECTURE.md").read_text()
    assert "#### Counting Engine" in text
    ids = re.findall(r"<!-- archscribe:begin component:(\S+) -->", text)
    assert len(ids) == len(set(ids))  # the two clashing names get ids of their own
    assert sum(i.startswith("counting-engine-") for i in ids) == 2
    code, _, _ = run(capsys, "check", str(repo))
    assert code == 0


def test_moved_lines_are_a_note_unless_strict(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    cli = repo / "src" / "tally" / "cli.py"
    cli.write_text("# a comment that moves every line down\n" + cli.read_text())
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 0, out
    code, out, _ = run(capsys, "check", str(repo), "--verbose")
    assert "stale-figures" in out
    code, out, _ = run(capsys, "check", str(repo), "--strict")
    assert code == 1
    assert "stale-block" in out


def test_internal_error_says_it_is_a_bug(
    capsys: pytest.CaptureFixture[str], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archscribe.app import usecases

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(usecases, "_produce", broken)
    code, _, err = run(capsys, "write", str(repo))
    assert code == 3
    assert "internal error: RuntimeError: boom" in err
    assert "bug in archscribe" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError, match="boom"):
        main(["write", str(repo), "--debug"])


def test_interrupt_and_closed_pipe(
    capsys: pytest.CaptureFixture[str], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archscribe.app import usecases

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(usecases, "_produce", interrupted)
    code, _, err = run(capsys, "scan", str(repo))
    assert code == 130
    assert "interrupted" in err

    def closed(*_args: object, **_kwargs: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(usecases, "_produce", closed)
    assert run(capsys, "scan", str(repo))[0] == 0


def test_stdout_over_a_hand_written_document(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "ARCHITECTURE.md").write_text("# Ours\n")
    code, out, _ = run(capsys, "write", str(repo), "-o", "-")
    assert code == 0
    assert out.startswith("# System Architecture")
    assert (repo / "ARCHITECTURE.md").read_text() == "# Ours\n"


def test_a_symlinked_document_is_updated_where_it_points(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "docs").mkdir()
    target = repo / "docs" / "arch.md"
    run(capsys, "write", str(repo), "-o", str(target))
    before = target.read_text()
    (repo / "ARCHITECTURE.md").symlink_to(Path("docs") / "arch.md")
    (repo / "src" / "tally" / "extra.py").write_text('"""Extra."""\n')
    code, _, _ = run(capsys, "write", str(repo))
    assert code == 0
    assert (repo / "ARCHITECTURE.md").is_symlink()
    assert target.read_text() != before
    assert "`src/tally/*.py` (4 modules" in target.read_text()
    assert run(capsys, "check", str(repo))[0] == 0


def test_brackets_in_human_text_are_not_placeholders_unless_the_templates(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    path = repo / "ARCHITECTURE.md"
    path.write_text(path.read_text() + "\nWe follow [PEP 8] and [RFC 7231].\n")
    assert run(capsys, "check", str(repo))[0] == 0
    path.write_text(path.read_text() + "\n- **[Technology 2]**: [Why chosen over alternatives]\n")
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "[Technology 2]" in out
    assert "[Why chosen over alternatives]" in out


def test_quoted_example_markers_survive_and_pass_check(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    path = repo / "ARCHITECTURE.md"
    example = (
        "\n```markdown\n<!-- archscribe:begin example -->\nOur own words.\n"
        "<!-- archscribe:end example -->\n```\n"
    )
    path.write_text(path.read_text() + example)
    assert run(capsys, "write", str(repo))[0] == 0
    assert example in path.read_text()
    assert run(capsys, "check", str(repo))[0] == 0


def test_check_finds_a_template_heading_moved_or_lost(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    run(capsys, "write", str(repo))
    path = repo / "ARCHITECTURE.md"
    text = path.read_text()
    path.write_text(text.replace("### Migration Paths\n", "### Our own notes\n"))
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "`### Migration Paths` is missing" in out
    future, rest = text.split("## Future Considerations", 1)
    moved = future.replace(
        "## Data Architecture", "## Future Considerations" + rest + "\n## Data Architecture", 1
    )
    path.write_text(moved)
    code, out, _ = run(capsys, "check", str(repo))
    assert code == 1
    assert "out of the template's order" in out


def test_requirements_taken_in_with_dash_r_are_declared(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo = tmp_path / "svc"
    (repo / "svc").mkdir(parents=True)
    (repo / "svc" / "__init__.py").write_text('"""Service."""\n\nimport attr\nimport yaml\n')
    (repo / "requirements.txt").write_text("-r deps/base.txt\n-c constraints.txt\n")
    (repo / "deps").mkdir()
    (repo / "deps" / "base.txt").write_text("attrs>=23\n-r ../more.txt\n")
    (repo / "more.txt").write_text("PyYAML==6.0.1\n")
    (repo / "constraints.txt").write_text("requests==2.0\n")
    code, out, _ = run(capsys, "scan", str(repo), "--no-cache")
    assert code == 0
    model = json.loads(out)
    declared = {e["distribution"]: e["declared_in"] for e in model["externals"]}
    assert declared["attrs"] == [{"path": "deps/base.txt", "line": 1, "key": ""}]
    assert declared["PyYAML"] == [{"path": "more.txt", "line": 1, "key": ""}]
    assert "requests" not in declared  # a constraint pins a version; it declares nothing
    component = next(c for c in model["components"] if c["name"] == "svc")
    assert all(u["declared"] for u in component["externals"])
