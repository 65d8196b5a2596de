"""Scanners: package.json, go.mod and Cargo.toml in, manifest facts out.

Each gives the project's name (and version and description where the format has them) and the
dependencies it declares, grouped as the Python manifests are: ``runtime``, ``dev``, ``build``,
``optional:<what>``; go.mod's ``// indirect`` requirements are ``indirect``. Versions are kept
as written. Nothing raises: what cannot be read is a :class:`ScanProblem`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from archscribe.model.facts import ManifestFacts, ProblemKind
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import ManifestBuilder, decode, problem
from archscribe.scanners.polyglot_text import (
    as_table,
    as_text,
    json_key_lines,
    load_json,
    load_toml,
    toml_key_line,
)
from archscribe.scanners.pyproject import TomlLines

__all__ = [
    "CARGO_SCANNER",
    "GO_MOD_SCANNER",
    "PACKAGE_JSON_SCANNER",
    "scan_cargo",
    "scan_go_mod",
    "scan_package_json",
]

# --- package.json ----------------------------------------------------------------------------

_NPM_GROUPS = {
    "dependencies": "runtime",
    "devDependencies": "dev",
    "peerDependencies": "optional:peer",
    "optionalDependencies": "optional:optional",
}


def scan_package_json(data: bytes) -> ManifestFacts:
    """Read a ``package.json``: name, version, description and the four dependency maps."""
    text, problems = decode(data)
    document = load_json(text, problems)
    if document is None:
        return ManifestFacts(kind="package.json", ecosystem="npm", problems=tuple(problems))
    lines = json_key_lines(text, max_depth=2)
    out = ManifestBuilder("package.json", problems)
    for section, group in _NPM_GROUPS.items():
        declared = document.get(section)
        if declared is not None and not isinstance(declared, dict):
            reason = f"{section} is not an object of names and versions"
            out.problems.append(problem(ProblemKind.MALFORMED, reason, lines.get((section,), 0)))
        for name, version in as_table(declared).items():
            line = lines.get((section, name), 0)
            if isinstance(version, str):
                out.dependency(name, version.strip(), group, line)
            else:
                out.not_a_requirement(f"{name}: {version!r}", line)
    facts = out.build(
        name=(as_text(document.get("name")), lines.get(("name",), 0)),
        version=as_text(document.get("version")),
        description=(as_text(document.get("description")), lines.get(("description",), 0)),
    )
    return replace(facts, ecosystem="npm")


# --- go.mod ----------------------------------------------------------------------------------

_GO_DIRECTIVE = re.compile(r"^([A-Za-z]+)\b\s*(.*)$")


def scan_go_mod(data: bytes) -> ManifestFacts:
    """Read a ``go.mod``: the module path and its ``require`` lines, single or in blocks.

    A requirement marked ``// indirect`` is in group ``indirect``, the others ``runtime`` (Go
    does not tell test requirements apart). The ``go`` version is not a Python requirement and
    is left out; ``replace``, ``exclude`` and ``retract`` declare nothing.
    """
    text, problems = decode(data)
    out = ManifestBuilder("go.mod", problems)
    module = ("", 0)
    block = ""  # the directive whose ( ... ) block is open
    for number, raw in enumerate(text.split("\n"), 1):
        code, _, comment = raw.partition("//")
        code = code.strip()
        group = "indirect" if comment.strip().startswith("indirect") else "runtime"
        if block:
            if code == ")":
                block = ""
            elif code and block == "require":
                _go_requirement(code, group, number, out)
            continue
        match = _GO_DIRECTIVE.match(code)
        if match is None:
            continue
        directive, rest = match.groups()
        if rest == "(":
            block = directive
        elif directive == "module" and not module[0]:
            module = (rest.strip('"`'), number)
        elif directive == "require":
            _go_requirement(rest, group, number, out)
    return replace(out.build(name=module), ecosystem="go")


def _go_requirement(text: str, group: str, line: int, out: ManifestBuilder) -> None:
    """``path version``: the module path is the name, the version its specifier."""
    fields = text.split()
    if len(fields) == 2:
        out.dependency(fields[0].strip('"`'), fields[1], group, line)
    else:
        out.not_a_requirement(text, line)


# --- Cargo.toml ------------------------------------------------------------------------------

_CARGO_GROUPS = {
    "dependencies": "runtime",
    "dev-dependencies": "dev",
    "dev_dependencies": "dev",
    "build-dependencies": "build",
    "build_dependencies": "build",
}
# Table keys that say where a crate comes from, looked for in order when there is no version.
_CARGO_SOURCES = ("workspace", "git", "path")


def scan_cargo(data: bytes) -> ManifestFacts:
    """Read a ``Cargo.toml``: ``[package]`` metadata and the dependency tables.

    ``[dependencies]`` (and ``[target.'cfg(...)'.dependencies]``) are ``runtime``, an
    ``optional = true`` one ``optional:<the first feature enabling it>`` (the crate's own name
    when none does); ``[dev-dependencies]`` are ``dev``, ``[build-dependencies]`` ``build``. A
    renamed crate (``package = "real"``) is named by its real name. A table giving no version
    names its source: ``workspace`` (``workspace = true``), ``git`` or ``path``.
    ``[workspace.dependencies]`` only offers versions to members and is not read.
    """
    text, problems = decode(data)
    document = load_toml(text, problems)
    if document is None:
        return ManifestFacts(kind="Cargo.toml", ecosystem="cargo", problems=tuple(problems))
    lines = TomlLines(text)
    out = ManifestBuilder("Cargo.toml", problems)
    features = _features(as_table(document, "features"))
    tables: list[tuple[tuple[str, ...], dict[str, object]]] = [
        ((section,), as_table(document, section)) for section in _CARGO_GROUPS
    ]
    for cfg, target in as_table(document, "target").items():
        tables += [(("target", cfg, key), as_table(target, key)) for key in _CARGO_GROUPS]
    for table, crates in tables:
        for key, value in crates.items():
            line = toml_key_line(lines, table, key)
            _crate(key, value, _CARGO_GROUPS[table[-1]], line, features, out)
    package = as_table(document, "package")
    facts = out.build(
        name=(as_text(package.get("name")), lines.key_line(("package",), "name")),
        version=as_text(package.get("version")),
        description=(
            as_text(package.get("description")),
            lines.key_line(("package",), "description"),
        ),
    )
    return replace(facts, ecosystem="cargo")


def _crate(
    key: str, value: object, group: str, line: int, features: dict[str, str], out: ManifestBuilder
) -> None:
    """One ``name = "1.0"`` or ``name = { version = ..., ... }`` entry."""
    if isinstance(value, str):
        out.dependency(key, value.strip(), group, line)
        return
    if not isinstance(value, dict):
        out.not_a_requirement(f"{key} = {value!r}", line)
        return
    name = as_text(value.get("package")) or key
    source = next((source for source in _CARGO_SOURCES if source in value), "")
    if value.get("optional") is True and group == "runtime":
        group = f"optional:{features.get(key, key)}"
    out.dependency(name, as_text(value.get("version")) or source, group, line)


def _features(table: dict[str, object]) -> dict[str, str]:
    """Each crate an explicit feature turns on (``dep:x``, ``x``, ``x/feature``) -> the first
    such feature; ``default`` does not count (it is not a feature one opts into)."""
    enabled_by: dict[str, str] = {}
    for feature, members in table.items():
        if feature == "default" or not isinstance(members, list):
            continue
        for member in members:
            if isinstance(member, str):
                crate = member.removeprefix("dep:").split("/", 1)[0].rstrip("?")
                enabled_by.setdefault(crate, feature)
    return enabled_by


PACKAGE_JSON_SCANNER = Scanner(
    name="package.json", version=1, fact_type=ManifestFacts, scan=scan_package_json
)
GO_MOD_SCANNER = Scanner(name="go.mod", version=1, fact_type=ManifestFacts, scan=scan_go_mod)
CARGO_SCANNER = Scanner(name="Cargo.toml", version=1, fact_type=ManifestFacts, scan=scan_cargo)
