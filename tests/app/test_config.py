"""Tests for app.config: reading and checking [tool.archscribe] and archscribe.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from archscribe.app.config import KEYS, load_settings
from archscribe.errors import ConfigError
from archscribe.model.settings import ComponentSpec, Settings, TechnologySetting


def repo(root: Path, pyproject: str | None = None, standalone: str | None = None) -> Path:
    """A repository with src/api, src/core/, src/cli.py and docs/, and the given config files."""
    for directory in ("src/api", "src/core", "docs"):
        (root / directory).mkdir(parents=True, exist_ok=True)
    (root / "src" / "cli.py").write_text("", encoding="utf-8")
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    if standalone is not None:
        (root / "archscribe.toml").write_text(standalone, encoding="utf-8")
    return root


def problems_of(root: Path) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as raised:
        load_settings(root)
    return raised.value.problems


def one_problem(tmp_path: Path, table: str) -> str:
    root = repo(tmp_path, pyproject=f"[tool.archscribe]\n{table}\n")
    problems = problems_of(root)
    assert len(problems) == 1, problems
    return problems[0]


# --- where the settings come from --------------------------------------------------------------


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(repo(tmp_path)) == Settings()


def test_a_pyproject_without_the_table_gives_the_defaults(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject='[project]\nname = "x"\n\n[tool.ruff]\nline-length = 99\n')

    assert load_settings(root) == Settings()


def test_a_valid_table_in_pyproject(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        pyproject="""
[project]
name = "demo"

[tool.archscribe]
exclude = ["docs/", "legacy/**/*.py"]
source-roots = ["src"]
split-share = 0.25
max-file-bytes = 500_000

[[tool.archscribe.components]]
name = "api"
paths = ["src/api/", "./src/cli.py"]
description = "The HTTP API."

[[tool.archscribe.components]]
name = "core"
paths = ["src/core"]
""",
    )

    assert load_settings(root) == Settings(
        exclude=("docs/", "legacy/**/*.py"),
        components=(
            ComponentSpec(
                name="api", paths=("src/api", "src/cli.py"), description="The HTTP API."
            ),
            ComponentSpec(name="core", paths=("src/core",)),
        ),
        source_roots=("src",),
        split_share=0.25,
        max_file_bytes=500_000,
        config_path="pyproject.toml",
    )


def test_an_empty_table_gives_defaults_but_names_its_file(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject="[tool.archscribe]\n")

    assert load_settings(root) == Settings(config_path="pyproject.toml")


def test_split_share_may_be_written_as_the_integer_one(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject="[tool.archscribe]\nsplit-share = 1\n")

    settings = load_settings(root)

    assert settings.split_share == 1.0
    assert isinstance(settings.split_share, float)


def test_archscribe_toml_with_top_level_keys(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject='[project]\nname = "x"\n', standalone='exclude = ["docs/"]\n')

    assert load_settings(root) == Settings(exclude=("docs/",), config_path="archscribe.toml")


def test_archscribe_toml_with_a_tool_archscribe_table(tmp_path: Path) -> None:
    root = repo(tmp_path, standalone="[tool.archscribe]\nmax-file-bytes = 10\n")

    assert load_settings(root) == Settings(max_file_bytes=10, config_path="archscribe.toml")


def test_archscribe_toml_mixing_both_forms_is_an_error(tmp_path: Path) -> None:
    root = repo(tmp_path, standalone="split-share = 0.5\n[tool.archscribe]\nmax-file-bytes = 10\n")

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.problems == ("split-share: outside [tool.archscribe]",)
    assert raised.value.where == "archscribe.toml"


def test_settings_in_both_files_is_an_error(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject="[tool.archscribe]\n", standalone="split-share = 0.5\n")

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert "both pyproject.toml [tool.archscribe] and archscribe.toml" in raised.value.message
    assert raised.value.hint


def test_a_table_that_is_not_a_table(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject='[tool]\narchscribe = "yes"\n')

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.problems == ("expected a table, got a string ('yes')",)


# --- malformed files ---------------------------------------------------------------------------


def test_malformed_toml_names_the_file_line_and_column(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject='[project]\nname = "x"\n[tool.archscribe\nexclude = []\n')

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.where == "pyproject.toml:3:17"
    assert raised.value.problems == (
        "not valid TOML: Expected ']' at the end of a table declaration (line 3, column 17)",
    )
    assert raised.value.describe().startswith("pyproject.toml:3:17: invalid configuration: ")


def test_malformed_toml_at_the_end_of_the_file(tmp_path: Path) -> None:
    root = repo(tmp_path, standalone='exclude = ["docs/"\n')

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.where.startswith("archscribe.toml:")
    assert "end of document" not in raised.value.message


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.where == "pyproject.toml"
    assert "not UTF-8" in raised.value.message


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "archscribe.toml").write_bytes(b"\xef\xbb\xbfsplit-share = 0.5\n")

    assert load_settings(root).split_share == 0.5


# --- one problem at a time ---------------------------------------------------------------------


def test_every_documented_key_is_accepted(tmp_path: Path) -> None:
    table = {
        "exclude": '["docs/"]',
        "source-roots": '["src"]',
        "split-share": "0.5",
        "max-file-bytes": "100",
        "components": '[{ name = "api", paths = ["src/api"] }]',
        "technologies": '[{ name = "PostgreSQL", images = ["acme/pg"] }]',
    }
    assert set(table) == set(KEYS)
    root = repo(
        tmp_path,
        pyproject="[tool.archscribe]\n" + "\n".join(f"{k} = {v}" for k, v in table.items()),
    )

    assert load_settings(root).components == (ComponentSpec(name="api", paths=("src/api",)),)


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        # unknown keys, with the closest valid one
        ("exlude = []", "exlude: unknown key; did you mean 'exclude'?"),
        ('source_roots = ["src"]', "source_roots: unknown key; did you mean 'source-roots'?"),
        ("maxFileBytes = 1", "maxFileBytes: unknown key; did you mean 'max-file-bytes'?"),
        (
            "colour = 1",
            "colour: unknown key (the valid keys are exclude, source-roots, split-share, "
            "max-file-bytes, components, technologies)",
        ),
        # exclude
        ('exclude = "docs/"', "exclude: expected an array of strings, got a string ('docs/')"),
        ('exclude = ["docs/", 3]', "exclude[1]: expected a string, got an integer"),
        ('exclude = [""]', "exclude[0]: an empty pattern (or a comment) excludes nothing"),
        (
            'exclude = ["a\\\\"]',
            "exclude[0]: invalid pattern 'a\\\\' (Invalid git pattern: 'a\\\\')",
        ),
        # source-roots
        ('source-roots = ["srcx"]', "source-roots: 'srcx' does not exist"),
        ('source-roots = ["src/cli.py"]', "source-roots: 'src/cli.py' is not a directory"),
        ('source-roots = ["../src"]', "source-roots: '../src' must not contain '..'"),
        (
            'source-roots = ["/src"]',
            "source-roots: '/src' must be relative to the repository root, not absolute",
        ),
        (
            'source-roots = ["C:/src"]',
            "source-roots: 'C:/src' must be relative to the repository root, not absolute",
        ),
        (
            'source-roots = ["src\\\\api"]',
            "source-roots: 'src\\api' uses backslashes; write 'src/api'",
        ),
        ('source-roots = [" "]', "source-roots: an empty path"),
        (
            'source-roots = "src"',
            "source-roots: expected an array of strings, got a string ('src')",
        ),
        # split-share
        ("split-share = 0", "split-share: must be more than 0 and at most 1, got 0"),
        ("split-share = 1.5", "split-share: must be more than 0 and at most 1, got 1.5"),
        ("split-share = -0.1", "split-share: must be more than 0 and at most 1, got -0.1"),
        ("split-share = nan", "split-share: must be more than 0 and at most 1, got nan"),
        ('split-share = "15%"', "split-share: expected a number, got a string ('15%')"),
        ("split-share = true", "split-share: expected a number, got a boolean"),
        # max-file-bytes
        ("max-file-bytes = 0", "max-file-bytes: must be a positive number of bytes, got 0"),
        ("max-file-bytes = -5", "max-file-bytes: must be a positive number of bytes, got -5"),
        ("max-file-bytes = 1.5", "max-file-bytes: expected an integer (bytes), got a number"),
        ("max-file-bytes = false", "max-file-bytes: expected an integer (bytes), got a boolean"),
        (
            'max-file-bytes = "2MB"',
            "max-file-bytes: expected an integer (bytes), got a string ('2MB')",
        ),
        # components
        (
            'components = { name = "api" }',
            "components: expected an array of tables ([[tool.archscribe.components]]), "
            "got a table",
        ),
        ('components = ["api"]', "components[0]: expected a table, got a string ('api')"),
        (
            'components = [{ paths = ["src/api"] }]',
            "components[0].name: missing (every component needs a name)",
        ),
        (
            'components = [{ name = "api" }]',
            "components[0].paths: missing (every component needs at least one path)",
        ),
        (
            'components = [{ name = 3, paths = ["src/api"] }]',
            "components[0].name: expected a string, got an integer",
        ),
        (
            'components = [{ name = " ", paths = ["src/api"] }]',
            "components[0].name: must not be empty",
        ),
        (
            'components = [{ name = "api", paths = [] }]',
            "components[0].paths: must list at least one path",
        ),
        (
            'components = [{ name = "api", paths = "src/api" }]',
            "components[0].paths: expected an array of strings, got a string ('src/api')",
        ),
        (
            'components = [{ name = "api", paths = ["src/api"], description = 1 }]',
            "components[0].description: expected a string, got an integer",
        ),
        (
            'components = [{ name = "api", paths = ["src/api"], nmae = "x" }]',
            "components[0].nmae: unknown key; did you mean 'name'?",
        ),
        (
            'components = [{ name = "api", paths = ["src/*"] }]',
            "components[0].paths: 'src/*' does not exist "
            "(paths are literal; wildcards are not expanded)",
        ),
        (
            'components = [{ name = "api", paths = ["src/api"] },'
            ' { name = "api", paths = ["src/core"] }]',
            "components[1].name: 'api' is already the name of components[0]",
        ),
        (
            'components = [{ name = "a", paths = ["src/api"] },'
            ' { name = "b", paths = ["./src/api/"] }]',
            "components[1].paths: './src/api/' is already in components[0]",
        ),
    ],
)
def test_each_invalid_value_is_named_with_its_key(
    tmp_path: Path, table: str, problem: str
) -> None:
    assert one_problem(tmp_path, table) == problem


def test_the_error_says_where_and_how_to_fix_it(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject="[tool.archscribe]\nsplit-share = 2\n")

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.where == "pyproject.toml [tool.archscribe]"
    assert "source-roots" in raised.value.hint
    assert raised.value.describe().startswith(
        "pyproject.toml [tool.archscribe]: invalid configuration"
    )


def test_a_path_leading_outside_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = repo(tmp_path / "repo", pyproject='[tool.archscribe]\nsource-roots = ["linked"]\n')
    (root / "linked").symlink_to(outside)

    assert problems_of(root) == ("source-roots: 'linked' leads outside the repository",)


# --- several problems at once ------------------------------------------------------------------


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        standalone="""
exlude = ["docs/"]
split-share = 3
max-file-bytes = "big"

[[components]]
name = "api"
paths = ["srcx/api"]

[[components]]
name = "core"
paths = ["src/core"]

[[components]]
name = "api"
paths = ["src/core", "../etc"]
""",
    )

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.where == "archscribe.toml"
    assert raised.value.problems == (
        "exlude: unknown key; did you mean 'exclude'?",
        "split-share: must be more than 0 and at most 1, got 3",
        "max-file-bytes: expected an integer (bytes), got a string ('big')",
        "components[0].paths: 'srcx/api' does not exist",
        "components[2].name: 'api' is already the name of components[0]",
        "components[2].paths: 'src/core' is already in components[1]",
        "components[2].paths: '../etc' must not contain '..'",
    )
    assert raised.value.message.count("\n  - ") == 7


# --- technologies ------------------------------------------------------------------------------


def test_technologies_in_pyproject_are_checked_and_made_canonical(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        pyproject="""
[tool.archscribe]
exclude = ["docs/"]

[[tool.archscribe.technologies]]
name = "Acme Billing"
category = "payments api"
distributions = ["Acme_Billing"]
imports = ["acme_billing", "acme_billing"]
images = ["docker.io/acme/billing:1.2"]
python-paths = ["acme_billing.django.Backend"]
go = ["github.com/acme/billing-go/v3"]
schemes = ["ACME"]

[[tool.archscribe.technologies]]
name = "PostgreSQL"
category = "database"
images = ["acme/postgres"]

[[tool.archscribe.technologies]]
name = "acme-pg"
category = "database driver"
reaches = "PostgreSQL"
distributions = ["acme-pg"]

[[tool.archscribe.technologies]]
name = "Acme Ledger client"
category = "payments api"
reaches = "Acme Billing"
npm = ["@acme/ledger"]
""",
    )

    technologies = load_settings(root).technologies

    assert technologies == (
        TechnologySetting(
            "Acme Billing",
            "payments api",
            None,
            (
                ("distributions", ("acme-billing",)),
                ("imports", ("acme_billing",)),
                ("images", ("acme/billing",)),
                ("schemes", ("acme",)),
                ("python_paths", ("acme_billing.django.Backend",)),
                ("go", ("github.com/acme/billing-go",)),
            ),
        ),
        TechnologySetting("PostgreSQL", "database", None, (("images", ("acme/postgres",)),)),
        TechnologySetting(
            "acme-pg", "database driver", "PostgreSQL", (("distributions", ("acme-pg",)),)
        ),
        TechnologySetting(
            "Acme Ledger client", "payments api", "Acme Billing", (("npm", ("@acme/ledger",)),)
        ),
    )


def test_technologies_in_archscribe_toml(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        standalone='[[technologies]]\nname = "Redis"\nterraform = ["acme_cache"]\n',
    )

    assert load_settings(root).technologies == (
        TechnologySetting("Redis", None, None, (("terraform", ("acme_cache",)),)),
    )


def test_no_technologies_read_no_catalogue(tmp_path: Path) -> None:
    root = repo(tmp_path, pyproject='[tool.archscribe]\nexclude = ["docs/"]\n')

    assert load_settings(root).technologies == ()


def _technology(body: str) -> str:
    return "[[tool.archscribe.technologies]]\n" + body


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            'technologies = { name = "x" }',
            "technologies: expected an array of tables ([[tool.archscribe.technologies]]), "
            "got a table",
        ),
        ('technologies = ["Redis"]', "technologies[0]: expected a table, got a string ('Redis')"),
        (
            _technology('category = "database"\nimages = ["acme/db"]'),
            "technologies[0].name: missing (every technology needs a name)",
        ),
        (
            _technology('name = 3\ncategory = "database"'),
            "technologies[0].name: expected a string, got an integer",
        ),
        (
            _technology('name = " "\ncategory = "database"'),
            "technologies[0].name: must not be empty",
        ),
        (
            _technology('name = " Acme"\ncategory = "database"'),
            "technologies[0].name: ' Acme' must not start or end with spaces",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\n')
            + _technology('name = "Acme"\ncategory = "cache"'),
            "technologies[1].name: 'Acme' is already the name of technologies[0]",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\npython_paths = ["acme.db"]'),
            "technologies[0].python_paths: unknown key; did you mean 'python-paths'?",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nimage = ["acme/db"]'),
            "technologies[0].image: unknown key; did you mean 'images'?",
        ),
        (
            _technology('name = "Acme"\ncategory = 1'),
            "technologies[0].category: expected a string, got an integer",
        ),
        (
            _technology('name = "Redis"\nreaches = 1'),
            "technologies[0].reaches: expected the name of a technology, got an integer",
        ),
        (
            _technology('name = "acme-pg"\ncategory = "database driver"\nreaches = "Postgres"'),
            "technologies[0].reaches: no technology is named 'Postgres' (name one of the "
            "catalogue's, exactly as it spells it, or one of these technologies)",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nreaches = "Acme"'),
            "technologies[0].reaches: a technology cannot reach itself",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nimports = "acme"'),
            "technologies[0].imports: expected an array of strings, got a string ('acme')",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nimports = ["acme", 2]'),
            "technologies[0].imports[1]: expected a string, got an integer",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nimports = ["acme-db"]'),
            "technologies[0].imports[0]: 'acme-db' is not a dotted Python import name",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nterraform = ["acme-db"]'),
            "technologies[0].terraform[0]: 'acme-db' is not a Terraform resource type or "
            "prefix (lower-case words joined by '_')",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nmaven = ["a:b:c:d"]'),
            "technologies[0].maven[0]: 'a:b:c:d' is not a Maven 'groupId:artifactId', "
            "or a 'groupId'",
        ),
        (
            _technology('name = "Acme"\ncategory = "database"\nschemes = ["http://"]'),
            "technologies[0].schemes[0]: 'http://' is not a URL scheme (a letter, then "
            "letters, digits, '+', '-' or '.')",
        ),
        (
            _technology('name = "A"\ncategory = "database"\nimports = ["acme"]\n')
            + _technology('name = "B"\ncategory = "database"\nimports = ["acme.db", "acme"]'),
            "technologies[1].imports[1]: 'acme' is already given in technologies[0].imports",
        ),
        (
            _technology('name = "A"\ncategory = "database"\ncargo = ["acme_db"]\n')
            + _technology('name = "B"\ncategory = "database"\ncargo = ["acme-db"]'),
            "technologies[1].cargo[0]: 'acme-db' is already given in technologies[0].cargo",
        ),
        (
            _technology('name = "PostgreSQL"'),
            "technologies[0]: names the catalogue's 'PostgreSQL' but changes nothing "
            "(give it keys, a category or a reaches)",
        ),
    ],
)
def test_each_invalid_technology_is_named_with_its_index_and_field(
    tmp_path: Path, table: str, problem: str
) -> None:
    assert one_problem(tmp_path, table) == problem


def test_an_unknown_category_lists_the_valid_ones(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, _technology('name = "Acme"\ncategory = "payment api"'))

    assert problem.startswith(
        "technologies[0].category: unknown category 'payment api'; did you mean "
        "'payments api'? (the categories are: web framework, "
    )
    assert "database, " in problem
    assert problem.endswith(")")


def test_a_new_technology_needs_a_category(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, _technology('name = "Acme"\nimports = ["acme"]'))

    assert problem.startswith(
        "technologies[0].category: missing (the catalogue has no 'Acme', so a category is "
        "needed; the categories are: web framework, "
    )


def test_a_misspelt_catalogue_name_is_pointed_at(tmp_path: Path) -> None:
    problem = one_problem(tmp_path, _technology('name = "postgresql"\nimages = ["acme/pg"]'))

    assert "the catalogue has no 'postgresql', so a category is needed; to extend " in problem
    assert "'PostgreSQL', spell it so;" in problem


def test_technology_errors_name_the_file(tmp_path: Path) -> None:
    root = repo(tmp_path, standalone='[[technologies]]\nname = "Acme"\ncategory = "nope"\n')

    with pytest.raises(ConfigError) as raised:
        load_settings(root)

    assert raised.value.where == "archscribe.toml"
    assert raised.value.problems[0].startswith("technologies[0].category: unknown category")


def test_every_technology_problem_is_reported_at_once(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        pyproject="[tool.archscribe]\n"
        + _technology('name = "A"\ncategory = "nope"\nimports = ["a-b"]\n')
        + _technology('category = "database"\n'),
    )

    problems = problems_of(root)

    assert [problem.split(":")[0] for problem in problems] == [
        "technologies[0].category",
        "technologies[0].imports[0]",
        "technologies[1].name",
    ]
