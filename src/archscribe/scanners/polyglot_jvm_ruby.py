"""Scanners: pom.xml, build.gradle(.kts) and Gemfile in, manifest facts out.

Maven and Gradle dependencies are named ``groupId:artifactId``, their version the specifier;
Gemfile gems by their name, their version requirements joined by ``,``. Groups follow the
build tool's own words (a Maven scope, a Gradle configuration, a Bundler group), mapped by the
tables below onto ``runtime``, ``dev``, ``test`` and ``build``. Comments never declare
anything. Nothing raises: what cannot be read is a :class:`ScanProblem`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from xml.sax.saxutils import unescape

from archscribe.model.facts import ManifestFacts, ProblemKind, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import ManifestBuilder, decode, problem
from archscribe.scanners.polyglot_text import quoted_value

__all__ = [
    "GEMFILE_SCANNER",
    "GRADLE_SCANNER",
    "POM_SCANNER",
    "scan_gemfile",
    "scan_gradle",
    "scan_pom",
]

# --- pom.xml ---------------------------------------------------------------------------------

# Maven scope -> group. ``provided`` (and ``system``) are on the compile classpath but not
# shipped: the container or the JDK supplies them, like Gradle's compileOnly, hence "build".
_MAVEN_SCOPES = {
    "compile": "runtime",
    "runtime": "runtime",
    "test": "test",
    "provided": "build",
    "system": "build",
}
_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ARTIFACT_ID = re.compile(r"<(?:[\w.-]+:)?artifactId\s*>([^<]*)<")
_DESCRIPTION = re.compile(r"<(?:[\w.-]+:)?description\s*>")
_PROPERTY = re.compile(r"^\$\{([^}]+)\}$")


def scan_pom(data: bytes) -> ManifestFacts:
    """Read a Maven ``pom.xml``: the project's artifactId, version, description, dependencies.

    Only ``<project><dependencies>`` declare (``dependencyManagement`` pins versions, plugins
    build). A version that is one ``${property}`` defined in ``<properties>`` is resolved; a
    project without a version takes its parent's. A document with a DTD or entities is refused:
    expanding them is how XML bombs work, and a pom has no need of them.
    """
    text, problems = decode(data)
    root = _pom_root(text, problems)
    if root is None:
        return ManifestFacts(kind="pom.xml", ecosystem="maven", problems=tuple(problems))
    code = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = _artifact_lines(code, root)
    properties = {
        _local(p.tag): (p.text or "").strip() for p in _children(_child(root, "properties"))
    }
    version = _text(root, "version") or _text(_child(root, "parent"), "version")
    properties["project.version"] = version = _resolve(version, properties)
    out = ManifestBuilder("pom.xml", problems)
    for dependency in _children(_child(root, "dependencies"), "dependency"):
        name = f"{_text(dependency, 'groupId')}:{_text(dependency, 'artifactId')}".strip(":")
        specifier = _resolve(_text(dependency, "version"), properties)
        group = _MAVEN_SCOPES.get(_text(dependency, "scope"), "runtime")
        out.dependency(name, specifier, group, lines.get(id(_child(dependency, "artifactId")), 0))
    description = " ".join(_text(root, "description").split())
    tag = _DESCRIPTION.search(code) if description else None
    facts = out.build(
        name=(_text(root, "artifactId"), lines.get(id(_child(root, "artifactId")), 0)),
        version=version,
        description=(description, code.count("\n", 0, tag.start()) + 1 if tag else 0),
    )
    return replace(facts, ecosystem="maven")


def _pom_root(text: str, problems: list[ScanProblem]) -> ET.Element | None:
    """The ``<project>`` element, or ``None`` with a problem saying why there is none."""
    if _DTD.search(text):
        reason = "a DTD or entity declaration: not read (entity expansion is refused)"
        problems.append(problem(ProblemKind.MALFORMED, reason))
        return None
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line = error.position[0]
        problems.append(problem(ProblemKind.MALFORMED, f"invalid XML: {error}", line))
        return None
    if _local(root.tag) != "project":
        reason = f"the root element is <{_local(root.tag)}>, not <project>"
        problems.append(problem(ProblemKind.MALFORMED, reason, 1))
        return None
    return root


def _artifact_lines(blanked: str, root: ET.Element) -> dict[int, int]:
    """Each ``artifactId`` element's id -> its line, by matching the elements in document order
    with the ``<artifactId>`` tags of the text, its comments blanked out (one pass over each)."""
    tags = _ARTIFACT_ID.finditer(blanked)
    found: dict[int, int] = {}
    line, position = 1, 0
    for element in root.iter():
        if _local(element.tag) != "artifactId":
            continue
        wanted = (element.text or "").strip()
        for tag in tags:
            line += blanked.count("\n", position, tag.start())
            position = tag.start()
            if unescape(tag.group(1).strip()) == wanted:
                found[id(element)] = line
                break
    return found


def _resolve(version: str, properties: dict[str, str]) -> str:
    """``${name}`` -> the property's value when it is defined; anything else as written."""
    match = _PROPERTY.match(version)
    return (properties.get(match.group(1)) or version) if match else version


def _local(tag: object) -> str:
    """A tag without its ``{namespace}`` (comments and processing instructions have none)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(parent: ET.Element | None, name: str) -> ET.Element | None:
    """The first child called ``name``, if there is one."""
    return next(iter(_children(parent, name)), None)


def _children(parent: ET.Element | None, name: str = "") -> list[ET.Element]:
    """The children called ``name``, or all of them when ``name`` is empty."""
    if parent is None:
        return []
    return [child for child in parent if not name or _local(child.tag) == name]


def _text(parent: ET.Element | None, name: str) -> str:
    child = _child(parent, name)
    return (child.text or "").strip() if child is not None else ""


# --- build.gradle, build.gradle.kts ----------------------------------------------------------

# Gradle configuration -> group. compileOnly and the annotation processors are on the compiler's
# path only; developmentOnly (Spring Boot) is for running locally.
_GRADLE_CONFIGURATIONS = {
    "implementation": "runtime",
    "api": "runtime",
    "runtimeOnly": "runtime",
    "compile": "runtime",  # before Gradle 7
    "runtime": "runtime",  # before Gradle 7
    "testImplementation": "test",
    "testRuntimeOnly": "test",
    "testCompileOnly": "test",
    "testCompile": "test",  # before Gradle 7
    "androidTestImplementation": "test",
    "compileOnly": "build",
    "annotationProcessor": "build",
    "kapt": "build",
    "ksp": "build",
    "developmentOnly": "dev",
}
_CONFIGURATION = "|".join(sorted(_GRADLE_CONFIGURATIONS, key=len, reverse=True))
# implementation "g:a:v", implementation("g:a:v"), implementation(platform("g:a:v"))
_GRADLE_STRING = re.compile(
    rf"^[ \t]*({_CONFIGURATION})[ \t]*\(?[ \t]*(?:(?:enforcedPlatform|platform)[ \t]*\(?[ \t]*)?"
    r"""(?:"([^"\n]*)"|'([^'\n]*)')""",
    re.MULTILINE,
)
# implementation group: "g", name: "a", version: "v" (Groovy) or (group = "g", ...) (Kotlin)
_GRADLE_MAP = re.compile(
    rf"^[ \t]*({_CONFIGURATION})[ \t]*\(?[ \t]*group[ \t]*[:=][ \t]*[\"']([^\"'\n]*)[\"']"
    r"""[ \t]*,[ \t]*name[ \t]*[:=][ \t]*["']([^"'\n]*)["']"""
    r"""(?:[ \t]*,[ \t]*version[ \t]*[:=][ \t]*["']([^"'\n]*)["'])?""",
    re.MULTILINE,
)
# Strings are matched so that a // or /* inside one is not taken for a comment.
_C_COMMENT = re.compile(
    r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|//[^\n]*|/\*.*?(?:\*/|\Z)""", re.DOTALL
)


def scan_gradle(data: bytes) -> ManifestFacts:
    """Read a ``build.gradle`` or ``build.gradle.kts``: dependencies written as coordinates.

    ``"group:artifact:version"`` strings (``:classifier`` and ``@type`` dropped) and the
    ``group:, name:, version:`` map form; ``project(...)`` and version-catalog references
    (``libs.x``) name no artifact and are left out. Comments are skipped.
    """
    text, problems = decode(data)
    code = _C_COMMENT.sub(_blank_comment, text)
    out = ManifestBuilder("build.gradle", problems)
    found: list[tuple[int, str, str, str]] = []
    for match in _GRADLE_STRING.finditer(code):
        coordinates = match.group(2) if match.group(2) is not None else match.group(3)
        parts = coordinates.split("@", 1)[0].split(":")
        if len(parts) >= 2 and all(parts[:2]):
            version = parts[2] if len(parts) > 2 else ""
            found.append((match.start(1), match.group(1), f"{parts[0]}:{parts[1]}", version))
    for match in _GRADLE_MAP.finditer(code):
        name = f"{match.group(2)}:{match.group(3)}"
        found.append((match.start(1), match.group(1), name, match.group(4) or ""))
    found.sort()
    line, position = 1, 0
    for start, configuration, name, version in found:
        line += code.count("\n", position, start)
        position = start
        out.dependency(name, version, _GRADLE_CONFIGURATIONS[configuration], line)
    return replace(out.build(), ecosystem="maven")


def _blank_comment(match: re.Match[str]) -> str:
    """A comment -> its line breaks only (so lines keep their numbers); a string as it is."""
    text = match.group(0)
    return text if text[0] in "\"'" else "\n" * text.count("\n")


# --- Gemfile ---------------------------------------------------------------------------------

# Bundler group -> group; a gem in several groups takes the first of these it is in, in this
# order (``group :development, :test`` is "test"); other groups keep their name.
_BUNDLER_GROUPS = {"test": "test", "development": "dev", "dev": "dev", "doc": "docs"}
_RUNTIME_GROUPS = frozenset({"default", "production"})
_GEM = re.compile(r"""^gem\b[ \t(]*(?:"([^"]*)"|'([^']*)')(.*)$""")
_GROUP_BLOCK = re.compile(r"^group\b(.*?)\bdo\b")
_OPENS_BLOCK = re.compile(
    r"(?:\bdo\b(?:\s*\|[^|]*\|)?|^(?:if|unless|case|while|until|begin)\b.*)$"
)
_SYMBOL = re.compile(r""":(\w+)|["'](\w+)["']""")
_GEM_ARGUMENT = re.compile(r"""^\s*,\s*(?:"([^"]*)"|'([^']*)')""")
_GEM_GROUP = re.compile(r"""\bgroups?\s*(?::|=>)\s*(\[[^\]]*\]|:\w+|["']\w+["'])""")
_GEM_SOURCE = re.compile(r"\b(git|github|path)\s*(?::|=>)")
_RUBY_COMMENT = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")


def scan_gemfile(data: bytes) -> ManifestFacts:
    """Read a ``Gemfile``: each ``gem`` with its version requirements and Bundler group.

    ``group ... do`` blocks (nested ones too) and ``group:`` options set the group; gems
    outside any are ``runtime``. A gem from ``git:``, ``github:`` or ``path:`` without a
    version names that source. ``gemspec`` and comments declare nothing.
    """
    text, problems = decode(data)
    code = _RUBY_COMMENT.sub(lambda m: m.group(0) if m.group(0)[0] != "#" else "", text)
    out = ManifestBuilder("Gemfile", problems)
    blocks: list[tuple[str, ...]] = []  # the Bundler groups each open block puts its gems in
    for number, raw in enumerate(code.split("\n"), 1):
        line = raw.strip()
        groups = blocks[-1] if blocks else ()
        gem = _GEM.match(line)
        if gem:
            _gem(quoted_value(gem), gem.group(3), groups, number, out)
        elif line == "end" or line.startswith("end "):
            if blocks:
                blocks.pop()
        elif (group := _GROUP_BLOCK.match(line)) is not None:
            blocks.append((*groups, *_symbols(group.group(1))))
        elif _OPENS_BLOCK.search(line):
            blocks.append(groups)
    return replace(out.build(), ecosystem="rubygems")


def _gem(name: str, rest: str, groups: tuple[str, ...], line: int, out: ManifestBuilder) -> None:
    """One ``gem "name", "~> 1.0", group: :test`` line's name, requirements and group."""
    versions: list[str] = []
    while (argument := _GEM_ARGUMENT.match(rest)) is not None:
        versions.append(quoted_value(argument))
        rest = rest[argument.end() :]
    inline = _GEM_GROUP.search(rest)
    if inline:
        groups = (*groups, *_symbols(inline.group(1)))
    source = _GEM_SOURCE.search(rest)
    specifier = ",".join(versions) or (source.group(1) if source else "")
    out.dependency(name, specifier, _bundler_group(groups), line)


def _symbols(text: str) -> tuple[str, ...]:
    """The names in ``:development, :test`` or ``[:a, "b"]``."""
    return tuple(m.group(1) or m.group(2) for m in _SYMBOL.finditer(text))


def _bundler_group(groups: tuple[str, ...]) -> str:
    """Bundler groups -> the one group the model keeps (see ``_BUNDLER_GROUPS``)."""
    for bundler, group in _BUNDLER_GROUPS.items():
        if bundler in groups:
            return group
    named = [name for name in groups if name not in _RUNTIME_GROUPS]
    return named[0] if named else "runtime"


POM_SCANNER = Scanner(name="pom.xml", version=1, fact_type=ManifestFacts, scan=scan_pom)
GRADLE_SCANNER = Scanner(name="build.gradle", version=1, fact_type=ManifestFacts, scan=scan_gradle)
GEMFILE_SCANNER = Scanner(name="Gemfile", version=1, fact_type=ManifestFacts, scan=scan_gemfile)
