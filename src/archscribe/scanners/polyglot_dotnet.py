"""Scanners: .NET project files (``*.csproj``, ``*.fsproj``, ``*.vbproj``) in, manifest facts
out.

Each ``<PackageReference Include="Npgsql" Version="4.1.9" />`` is a NuGet dependency, its
version the specifier (an attribute or a ``<Version>`` child). A reference with
``PrivateAssets="all"`` (analysers, build tasks) is ``build``; a project that declares itself a
test project (``<IsTestProject>true``) or references the test SDK gives ``test`` for all its
packages. Read line by line with a pattern rather than an XML parser, so that a file with an
unbalanced tag still gives the references before it; comments declare nothing. Nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import replace

from archscribe.model.facts import ManifestFacts
from archscribe.scanners.base import Scanner
from archscribe.scanners.manifest_text import ManifestBuilder, decode

__all__ = ["DOTNET_PROJECT_SCANNER", "scan_dotnet_project"]

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_REFERENCE = re.compile(r"<PackageReference\b([^>]*?)(/?)>", re.I)
_ATTRIBUTE = re.compile(r'([A-Za-z]+)\s*=\s*"([^"]*)"')
_CHILD_VERSION = re.compile(r"\s*<Version>\s*([^<]*?)\s*</Version>", re.I)
_TEST_PROJECT = re.compile(
    r"<IsTestProject>\s*true\s*</IsTestProject>|Include=\"Microsoft\.NET\.Test\.Sdk\"", re.I
)


def scan_dotnet_project(data: bytes) -> ManifestFacts:
    """Read a .NET project file: its NuGet package references with versions and groups."""
    text, problems = decode(data)
    # Blank comments but keep their line breaks, so that lines still count right.
    code = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = ManifestBuilder("csproj", problems)
    test_project = _TEST_PROJECT.search(code) is not None
    for match in _REFERENCE.finditer(code):
        attributes = {k.lower(): v.strip() for k, v in _ATTRIBUTE.findall(match.group(1))}
        name = attributes.get("include", "")
        if not name:
            continue
        version = attributes.get("version", "")
        if not version and match.group(2) != "/":  # <PackageReference ...><Version>1</Version>
            child = _CHILD_VERSION.match(code, match.end())
            version = child.group(1) if child else ""
        group = "test" if test_project else "runtime"
        if attributes.get("privateassets", "").lower() == "all":
            group = "build"
        out.dependency(name, version, group, code.count("\n", 0, match.start()) + 1)
    return replace(out.build(), ecosystem="nuget")


DOTNET_PROJECT_SCANNER = Scanner(
    name="dotnet-project", version=1, fact_type=ManifestFacts, scan=scan_dotnet_project
)
