""".NET project scanner: PackageReferences in, NuGet dependencies out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import DeclaredDependency, ManifestFacts
from archscribe.scanners.polyglot_dotnet import DOTNET_PROJECT_SCANNER, scan_dotnet_project

WORKER = b"""<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="StackExchange.Redis" Version="2.2.4" />
    <!-- <PackageReference Include="MongoDB.Driver" Version="2.19.0" /> -->
    <PackageReference Include="Npgsql">
      <Version>4.1.9</Version>
    </PackageReference>
    <PackageReference Include="StyleCop.Analyzers" Version="1.1" PrivateAssets="all" />
  </ItemGroup>
</Project>
"""


def test_package_references_with_versions_and_groups() -> None:
    facts = scan_dotnet_project(WORKER)
    assert (facts.kind, facts.ecosystem) == ("csproj", "nuget")
    assert facts.dependencies == (
        DeclaredDependency("StackExchange.Redis", "2.2.4", "runtime", 3),
        DeclaredDependency("Npgsql", "4.1.9", "runtime", 5),
        DeclaredDependency("StyleCop.Analyzers", "1.1", "build", 8),
    )


def test_a_test_project_declares_test_dependencies() -> None:
    facts = scan_dotnet_project(
        b'<Project>\n<ItemGroup>\n<PackageReference Include="Microsoft.NET.Test.Sdk" '
        b'Version="17.11" />\n<PackageReference Include="xunit" Version="2.9.0" />\n'
        b"</ItemGroup>\n</Project>\n"
    )
    assert [(d.name, d.group) for d in facts.dependencies] == [
        ("Microsoft.NET.Test.Sdk", "test"),
        ("xunit", "test"),
    ]


def test_nothing_declared_and_bad_bytes() -> None:
    assert scan_dotnet_project(b"<Project />") == ManifestFacts(kind="csproj", ecosystem="nuget")
    assert scan_dotnet_project(b"\xff\xfe<Project").problems


def test_scanner_identity() -> None:
    assert (DOTNET_PROJECT_SCANNER.name, DOTNET_PROJECT_SCANNER.version) == ("dotnet-project", 1)
    assert DOTNET_PROJECT_SCANNER.fact_type is ManifestFacts


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises(data: bytes) -> None:
    assert scan_dotnet_project(b"<PackageReference Include=" + data).kind == "csproj"
