"""Pipfile and other ecosystems' manifests: Pipfile, package.json, go.mod, Cargo.toml, pom.xml,
build.gradle(.kts) and Gemfile bytes in, manifest facts out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import DeclaredDependency, ManifestFacts, ProblemKind
from archscribe.scanners.base import Scanner
from archscribe.scanners.pipfile import PIPFILE_SCANNER, scan_pipfile
from archscribe.scanners.polyglot import (
    CARGO_SCANNER,
    GEMFILE_SCANNER,
    GO_MOD_SCANNER,
    GRADLE_SCANNER,
    PACKAGE_JSON_SCANNER,
    POM_SCANNER,
    scan_cargo,
    scan_gemfile,
    scan_go_mod,
    scan_gradle,
    scan_package_json,
    scan_pom,
)


def deps(facts: ManifestFacts) -> list[tuple[str, str, str, int]]:
    return [(d.name, d.specifier, d.group, d.line) for d in facts.dependencies]


def kinds(facts: ManifestFacts) -> list[tuple[ProblemKind, int]]:
    return [(p.kind, p.line) for p in facts.problems]


# --- Pipfile ---------------------------------------------------------------------------------

PIPFILE = b"""\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
requests = "*"
django = ">= 4.2, <5"
# celery = "*"
flask = {version = ">=2.3", extras = ["async"]}
mylib = {git = "https://github.com/me/mylib.git", ref = "main"}
"zope.interface" = "==6.0"
local = {path = "./local", editable = true}

[dev-packages]
pytest = "~=8.0"
black = {version = "*"}

[docs]
sphinx = "*"

[requires]
python_version = "3.11"

[scripts]
serve = "python -m app"
"""


def test_pipfile_reads_packages_by_category() -> None:
    assert scan_pipfile(PIPFILE) == ManifestFacts(
        kind="pipfile",
        requires_python="3.11",
        dependencies=(
            DeclaredDependency("requests", "", "runtime", 7),
            DeclaredDependency("django", ">=4.2,<5", "runtime", 8),
            DeclaredDependency("flask", ">=2.3", "runtime", 10),
            DeclaredDependency("mylib", "git", "runtime", 11),
            DeclaredDependency("zope.interface", "==6.0", "runtime", 12),
            DeclaredDependency("local", "path", "runtime", 13),
            DeclaredDependency("pytest", "~=8.0", "dev", 16),
            DeclaredDependency("black", "", "dev", 17),
            DeclaredDependency("sphinx", "", "docs", 20),
        ),
        ecosystem="python",
    )


def test_pipfile_commented_out_and_dev_packages_are_not_runtime() -> None:
    facts = scan_pipfile(PIPFILE)
    assert "celery" not in [d.name for d in facts.dependencies]
    runtime = [d.name for d in facts.dependencies if d.group == "runtime"]
    assert "pytest" not in runtime
    assert "black" not in runtime
    assert "sphinx" not in runtime


def test_pipfile_full_python_version_and_bad_values() -> None:
    facts = scan_pipfile(
        b'[packages]\nok = "==1"\nbad = 3\n[requires]\npython_full_version = "3.12.1"\n'
        b'[packages.table]\nversion = ">=2"\n'
    )
    assert deps(facts) == [("ok", "==1", "runtime", 2), ("table", ">=2", "runtime", 6)]
    assert facts.requires_python == "3.12.1"
    assert kinds(facts) == [(ProblemKind.MALFORMED, 3)]


def test_pipfile_invalid_toml_is_a_problem() -> None:
    facts = scan_pipfile(b'[packages]\nrequests = "*"\nbroken = \n')
    assert facts == ManifestFacts(kind="pipfile", problems=facts.problems)
    assert kinds(facts) == [(ProblemKind.MALFORMED, 3)]


# --- package.json ----------------------------------------------------------------------------

PACKAGE_JSON = b"""\
{
  "author": {"name": "Someone"},
  "name": "web-app",
  "version": "2.1.0",
  "description": "The web front end.",
  "scripts": {"start": "node server.js", "test": "jest"},
  "dependencies": {
    "express": "^4.18.2",
    "@scope/util": "workspace:*"
  },
  "devDependencies": {"jest": "^29.0.0", "typescript": "~5.3"},
  "peerDependencies": {"react": ">=18"},
  "optionalDependencies": {"fsevents": "2.3.3"}
}
"""


def test_package_json_reads_metadata_and_dependency_maps() -> None:
    assert scan_package_json(PACKAGE_JSON) == ManifestFacts(
        kind="package.json",
        name="web-app",
        name_line=3,
        version="2.1.0",
        description="The web front end.",
        description_line=5,
        dependencies=(
            DeclaredDependency("express", "^4.18.2", "runtime", 8),
            DeclaredDependency("@scope/util", "workspace:*", "runtime", 9),
            DeclaredDependency("jest", "^29.0.0", "dev", 11),
            DeclaredDependency("typescript", "~5.3", "dev", 11),
            DeclaredDependency("react", ">=18", "optional:peer", 12),
            DeclaredDependency("fsevents", "2.3.3", "optional:optional", 13),
        ),
        ecosystem="npm",
    )


def test_package_json_dev_dependency_is_not_runtime() -> None:
    facts = scan_package_json(PACKAGE_JSON)
    assert [d.name for d in facts.dependencies if d.group == "runtime"] == [
        "express",
        "@scope/util",
    ]


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        (b'{"name": "x",\n "dependencies": {"a": "1",}}', [(ProblemKind.MALFORMED, 2)]),
        (b'["not", "an", "object"]', [(ProblemKind.MALFORMED, 1)]),
        (b'{\n"dependencies": ["a"]}', [(ProblemKind.MALFORMED, 2)]),
        (b'{\n"dependencies": {\n"a": {"v": 1}}}', [(ProblemKind.MALFORMED, 3)]),
        (b"", [(ProblemKind.MALFORMED, 1)]),
    ],
)
def test_package_json_bad_input_is_a_problem(
    data: bytes, problems: list[tuple[ProblemKind, int]]
) -> None:
    facts = scan_package_json(data)
    assert kinds(facts) == problems
    assert facts.dependencies == ()
    assert facts.ecosystem == "npm"


# --- go.mod ----------------------------------------------------------------------------------

GO_MOD = b"""\
module github.com/acme/service // the service

go 1.22

toolchain go1.22.3

require github.com/gin-gonic/gin v1.9.1

require (
\tgithub.com/jackc/pgx/v5 v5.5.0
\t// github.com/old/thing v1.0.0
\tgolang.org/x/text v0.14.0 // indirect
)

replace (
\tgithub.com/jackc/pgx/v5 => ../pgx
)

exclude github.com/bad/mod v0.0.1
"""


def test_go_mod_reads_module_and_requirements() -> None:
    assert scan_go_mod(GO_MOD) == ManifestFacts(
        kind="go.mod",
        name="github.com/acme/service",
        name_line=1,
        dependencies=(
            DeclaredDependency("github.com/gin-gonic/gin", "v1.9.1", "runtime", 7),
            DeclaredDependency("github.com/jackc/pgx/v5", "v5.5.0", "runtime", 10),
            DeclaredDependency("golang.org/x/text", "v0.14.0", "indirect", 12),
        ),
        ecosystem="go",
    )


def test_go_mod_go_version_is_not_a_python_requirement() -> None:
    assert scan_go_mod(GO_MOD).requires_python == ""


def test_go_mod_malformed_require_is_a_problem() -> None:
    facts = scan_go_mod(b"module x\nrequire (\n  only/a/path\n  ok/mod v1.0.0\n)\n")
    assert deps(facts) == [("ok/mod", "v1.0.0", "runtime", 4)]
    assert kinds(facts) == [(ProblemKind.MALFORMED, 3)]


# --- Cargo.toml ------------------------------------------------------------------------------

CARGO = b"""\
[package]
name = "engine"
version = "0.3.0"
description = "The engine."

[features]
default = ["tls"]
tls = ["dep:rustls"]

[dependencies]
serde = { version = "1.0", features = ["derive"] }
tokio = "1"
# reqwest = "0.11"
rustls = { version = "0.22", optional = true }
metrics = { version = "0.21", optional = true }
shared = { workspace = true }
core = { path = "../core" }
yaml = { package = "serde_yaml", git = "https://github.com/x/serde-yaml" }

[dependencies.log]
version = "0.4"

[dev-dependencies]
criterion = "0.5"

[build-dependencies]
cc = "1.0"

[target.'cfg(unix)'.dependencies]
nix = "0.27"

[target.'cfg(windows)'.dev-dependencies]
winapi = "0.3"
"""


def test_cargo_reads_package_and_dependency_tables() -> None:
    assert scan_cargo(CARGO) == ManifestFacts(
        kind="Cargo.toml",
        name="engine",
        name_line=2,
        version="0.3.0",
        description="The engine.",
        description_line=4,
        dependencies=(
            DeclaredDependency("serde", "1.0", "runtime", 11),
            DeclaredDependency("tokio", "1", "runtime", 12),
            DeclaredDependency("rustls", "0.22", "optional:tls", 14),
            DeclaredDependency("metrics", "0.21", "optional:metrics", 15),
            DeclaredDependency("shared", "workspace", "runtime", 16),
            DeclaredDependency("core", "path", "runtime", 17),
            DeclaredDependency("serde_yaml", "git", "runtime", 18),
            DeclaredDependency("log", "0.4", "runtime", 20),
            DeclaredDependency("criterion", "0.5", "dev", 24),
            DeclaredDependency("cc", "1.0", "build", 27),
            DeclaredDependency("nix", "0.27", "runtime", 30),
            DeclaredDependency("winapi", "0.3", "dev", 33),
        ),
        ecosystem="cargo",
    )


def test_cargo_commented_out_crate_is_not_declared() -> None:
    assert "reqwest" not in [d.name for d in scan_cargo(CARGO).dependencies]


def test_cargo_workspace_root_and_inherited_version() -> None:
    facts = scan_cargo(
        b'[workspace]\nmembers = ["a"]\n[workspace.dependencies]\nserde = "1"\n'
        b'[package]\nname = "a"\nversion.workspace = true\n[dependencies]\n'
        b"serde.workspace = true\nbad = 3\n"
    )
    assert (facts.name, facts.version) == ("a", "")
    assert deps(facts) == [("serde", "workspace", "runtime", 9)]
    assert kinds(facts) == [(ProblemKind.MALFORMED, 10)]


def test_cargo_invalid_toml_is_a_problem() -> None:
    facts = scan_cargo(b'[package]\nname = "x"\n[dependencies\n')
    assert facts == ManifestFacts(kind="Cargo.toml", ecosystem="cargo", problems=facts.problems)
    assert kinds(facts) == [(ProblemKind.MALFORMED, 3)]


# --- pom.xml ---------------------------------------------------------------------------------

POM = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.0</version>
  </parent>
  <groupId>com.acme</groupId>
  <artifactId>orders</artifactId>
  <description>
    Order service.
  </description>
  <properties>
    <jackson.version>2.16.0</jackson.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.acme</groupId>
        <artifactId>bom</artifactId>
        <version>1.0</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <!--
    <dependency>
      <groupId>org.postgresql</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    -->
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.version}</version>
    </dependency>
    <dependency>
      <groupId>org.projectlombok</groupId>
      <artifactId>lombok</artifactId>
      <version>${undefined.version}</version>
      <scope>provided</scope>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
"""


def test_pom_reads_project_and_dependencies_by_scope() -> None:
    assert scan_pom(POM) == ManifestFacts(
        kind="pom.xml",
        name="orders",
        name_line=10,
        version="3.2.0",  # inherited from the parent
        description="Order service.",
        description_line=11,
        dependencies=(
            DeclaredDependency(
                "org.springframework.boot:spring-boot-starter-web", "", "runtime", 35
            ),
            DeclaredDependency(
                "com.fasterxml.jackson.core:jackson-databind", "2.16.0", "runtime", 39
            ),
            DeclaredDependency("org.projectlombok:lombok", "${undefined.version}", "build", 44),
            DeclaredDependency("org.junit.jupiter:junit-jupiter", "", "test", 50),
        ),
        ecosystem="maven",
    )


def test_pom_without_namespace_and_test_scope_is_not_runtime() -> None:
    facts = scan_pom(
        b"<project><artifactId>a</artifactId><version>1</version><dependencies>"
        b"<dependency><groupId>g</groupId><artifactId>t</artifactId><scope>test</scope>"
        b"</dependency></dependencies></project>"
    )
    assert (facts.name, facts.version) == ("a", "1")
    assert deps(facts) == [("g:t", "", "test", 1)]


def test_pom_resolves_project_version_and_reads_prefixed_namespaces() -> None:
    facts = scan_pom(
        b'<m:project xmlns:m="http://maven.apache.org/POM/4.0.0">\n'
        b"<m:artifactId>lib</m:artifactId><m:version>${revision}</m:version>\n"
        b"<m:properties><m:revision>2.0</m:revision></m:properties>\n"
        b"<m:dependencies><m:dependency><m:groupId>g</m:groupId>\n"
        b"<m:artifactId>sibling</m:artifactId><m:version>${project.version}</m:version>\n"
        b"</m:dependency></m:dependencies></m:project>\n"
    )
    assert (facts.name, facts.name_line, facts.version) == ("lib", 2, "2.0")
    assert deps(facts) == [("g:sibling", "2.0", "runtime", 5)]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"<project><artifactId>a</artifactId>\n<dependencies></project>", 2),
        (b'<?xml version="1.0"?>\n<settings/>', 1),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">\n'
            b'<!ENTITY lol2 "&lol;&lol;&lol;">]>\n<project><artifactId>&lol2;</artifactId>'
            b"</project>",
            0,
        ),
        (b"", 1),
        (b"\x00\xff\xfe binary", 1),
    ],
)
def test_pom_bad_input_is_a_problem(data: bytes, line: int) -> None:
    facts = scan_pom(data)
    assert facts.name == ""
    assert facts.dependencies == ()
    assert (ProblemKind.MALFORMED, line) in kinds(facts)


# --- build.gradle ----------------------------------------------------------------------------

GRADLE = b"""\
plugins {
    id 'org.springframework.boot' version '3.2.0'
}

dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-web'
    implementation "com.google.guava:guava:32.1.2-jre"
    api group: 'org.apache.commons', name: 'commons-lang3', version: '3.14.0'
    runtimeOnly 'org.postgresql:postgresql:42.7.1'
    // implementation 'com.example:commented:1.0'
    /* testImplementation 'com.example:blocked:1.0'
       */
    implementation project(':core')
    implementation platform('org.springframework.cloud:spring-cloud-dependencies:2023.0.0')
    compileOnly 'org.projectlombok:lombok:1.18.30'
    annotationProcessor 'org.projectlombok:lombok:1.18.30'
    testImplementation 'org.junit.jupiter:junit-jupiter:5.10.1'
    testRuntimeOnly 'org.junit.platform:junit-platform-launcher'
    implementation 'com.example:aar-lib:1.0@aar'
    implementation libs.okhttp
}
"""

GRADLE_KTS = b"""\
dependencies {
    implementation("io.ktor:ktor-server-core:2.3.7") // the server
    implementation(kotlin("stdlib"))
    kapt("com.google.dagger:dagger-compiler:2.50")
    testImplementation(group = "io.mockk", name = "mockk", version = "1.13.8")
    developmentOnly("org.springframework.boot:spring-boot-devtools")
}
"""


def test_gradle_reads_configurations_as_groups() -> None:
    assert scan_gradle(GRADLE) == ManifestFacts(
        kind="build.gradle",
        dependencies=(
            DeclaredDependency(
                "org.springframework.boot:spring-boot-starter-web", "", "runtime", 6
            ),
            DeclaredDependency("com.google.guava:guava", "32.1.2-jre", "runtime", 7),
            DeclaredDependency("org.apache.commons:commons-lang3", "3.14.0", "runtime", 8),
            DeclaredDependency("org.postgresql:postgresql", "42.7.1", "runtime", 9),
            DeclaredDependency(
                "org.springframework.cloud:spring-cloud-dependencies", "2023.0.0", "runtime", 14
            ),
            DeclaredDependency("org.projectlombok:lombok", "1.18.30", "build", 15),
            DeclaredDependency("org.projectlombok:lombok", "1.18.30", "build", 16),
            DeclaredDependency("org.junit.jupiter:junit-jupiter", "5.10.1", "test", 17),
            DeclaredDependency("org.junit.platform:junit-platform-launcher", "", "test", 18),
            DeclaredDependency("com.example:aar-lib", "1.0", "runtime", 19),
        ),
        ecosystem="maven",
    )


def test_gradle_kotlin_dsl() -> None:
    assert deps(scan_gradle(GRADLE_KTS)) == [
        ("io.ktor:ktor-server-core", "2.3.7", "runtime", 2),
        ("com.google.dagger:dagger-compiler", "2.50", "build", 4),
        ("io.mockk:mockk", "1.13.8", "test", 5),
        ("org.springframework.boot:spring-boot-devtools", "", "dev", 6),
    ]


def test_gradle_comments_and_look_alikes_declare_nothing() -> None:
    facts = scan_gradle(
        b"// implementation 'a:b:1'\n"
        b"/* implementation 'c:d:1' */\n"
        b'def url = "https://repo//x" // implementation "e:f:1"\n'
        b"classpath 'g:h:1'\n"
        b"implementation 'not-coordinates'\n"
        b"myImplementation 'i:j:1'\n"
    )
    assert facts.dependencies == ()
    assert facts.problems == ()


# --- Gemfile ---------------------------------------------------------------------------------

GEMFILE = b"""\
source "https://rubygems.org"
ruby "3.2.2"

gemspec

gem "rails", "~> 7.1.0"
gem 'pg', '>= 0.18', '< 2.0'
gem "puma", ">= 5.0", require: false # the server
# gem "redis", "~> 5.0"
gem "sidekiq", git: "https://github.com/sidekiq/sidekiq.git"

group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
end

group :development do
  gem "web-console"
  platforms :mri do
    gem "byebug"
  end
  if ENV["PROFILE"]
    gem "rack-mini-profiler"
  end
end

group :test do
  gem "capybara", "~> 3.39"
end

gem "rspec-rails", group: :test
gem "rubocop", groups: [:development, :lint]
gem "aws-sdk-s3", group: :production
gem "yard", group: :doc
"""


def test_gemfile_reads_gems_and_groups() -> None:
    assert scan_gemfile(GEMFILE) == ManifestFacts(
        kind="Gemfile",
        dependencies=(
            DeclaredDependency("rails", "~> 7.1.0", "runtime", 6),
            DeclaredDependency("pg", ">= 0.18,< 2.0", "runtime", 7),
            DeclaredDependency("puma", ">= 5.0", "runtime", 8),
            DeclaredDependency("sidekiq", "git", "runtime", 10),
            DeclaredDependency("debug", "", "test", 13),
            DeclaredDependency("web-console", "", "dev", 17),
            DeclaredDependency("byebug", "", "dev", 19),
            DeclaredDependency("rack-mini-profiler", "", "dev", 22),
            DeclaredDependency("capybara", "~> 3.39", "test", 27),
            DeclaredDependency("rspec-rails", "", "test", 30),
            DeclaredDependency("rubocop", "", "dev", 31),
            DeclaredDependency("aws-sdk-s3", "", "runtime", 32),
            DeclaredDependency("yard", "", "docs", 33),
        ),
        ecosystem="rubygems",
    )


def test_gemfile_commented_gemspec_and_dev_gems_are_not_runtime() -> None:
    facts = scan_gemfile(GEMFILE)
    names = [d.name for d in facts.dependencies]
    assert "redis" not in names
    assert "gemspec" not in names
    runtime = [d.name for d in facts.dependencies if d.group == "runtime"]
    assert not {"debug", "web-console", "capybara", "rspec-rails"} & set(runtime)


def test_gemfile_custom_group_keeps_its_name_and_stray_end_is_harmless() -> None:
    facts = scan_gemfile(b"end\ngroup :ci do\n  gem 'danger'\nend\ngem 'rack'\n")
    assert deps(facts) == [("danger", "", "ci", 3), ("rack", "", "runtime", 5)]


# --- all of them -----------------------------------------------------------------------------

SCANNERS: list[tuple[Scanner, Callable[[bytes], ManifestFacts], str, str]] = [
    (PIPFILE_SCANNER, scan_pipfile, "pipfile", "python"),
    (PACKAGE_JSON_SCANNER, scan_package_json, "package.json", "npm"),
    (GO_MOD_SCANNER, scan_go_mod, "go.mod", "go"),
    (CARGO_SCANNER, scan_cargo, "Cargo.toml", "cargo"),
    (POM_SCANNER, scan_pom, "pom.xml", "maven"),
    (GRADLE_SCANNER, scan_gradle, "build.gradle", "maven"),
    (GEMFILE_SCANNER, scan_gemfile, "Gemfile", "rubygems"),
]


@pytest.mark.parametrize(("scanner", "scan", "kind", "ecosystem"), SCANNERS)
def test_scanner_identity(
    scanner: Scanner, scan: Callable[[bytes], ManifestFacts], kind: str, ecosystem: str
) -> None:
    assert scanner.version == 1
    assert scanner.fact_type is ManifestFacts
    assert scanner.scan is scan
    facts = scan(b"")
    assert (facts.kind, facts.ecosystem, facts.dependencies) == (kind, ecosystem, ())


@pytest.mark.parametrize(("scanner", "scan", "kind", "ecosystem"), SCANNERS)
def test_non_utf8_is_a_problem_and_the_rest_is_read(
    scanner: Scanner, scan: Callable[[bytes], ManifestFacts], kind: str, ecosystem: str
) -> None:
    facts = scan(b"\xff\xfe\x00garbage\n")
    assert facts.kind == kind
    assert facts.problems[0].kind is ProblemKind.NOT_UTF8
    assert all(p.path == "" for p in facts.problems)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "[packages]",
                    "[dependencies]",
                    "[target.'cfg(unix)'.dependencies]",
                    'a = "*"',
                    "b = {version = 1, git = []}",
                    '{"dependencies": {"x": 1}}',
                    "require (",
                    ")",
                    "module",
                    "<project><dependencies><dependency>",
                    "</dependency></dependencies></project>",
                    "<!-- x -->",
                    "implementation 'a:b:c'",
                    "/* x",
                    "group :test do",
                    "end",
                    "gem 'x', '1'",
                    "#",
                    "'",
                    '"',
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=15,
    ),
    raw=st.binary(max_size=120),
)
def test_scanners_never_raise(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        for _, scan, kind, ecosystem in SCANNERS:
            facts = scan(data)
            assert (facts.kind, facts.ecosystem) == (kind, ecosystem)
            assert all(p.path == "" for p in facts.problems)
