"""Analysis: facts in, architecture out; the one entry point of the analysis layer.

Steps, each in its own module: roles (what a file is for), modules (names and import
resolution), components (boundaries), graph (cycles and layers), distributions (third-party
packages), entry points, and system kind (what the repository is).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from archscribe.analysis import components as components_step
from archscribe.analysis.deployment import describe_deployment
from archscribe.analysis.distributions import (
    Declaration,
    collect_declarations,
    distribution_for,
    normalize,
)
from archscribe.analysis.ecosystems import foreign_externals, locked_versions
from archscribe.analysis.entry_points import manifest_entry_points, source_entry_points
from archscribe.analysis.flows import describe_flows
from archscribe.analysis.graph import closing_edges, layers, strongly_connected
from archscribe.analysis.infrastructure import SYSTEM_ROLES, describe_infrastructure
from archscribe.analysis.interfaces import component_interfaces, component_purpose, package_init
from archscribe.analysis.locations import component_paths, set_aside_summary
from archscribe.analysis.modules import ModuleIndex, detect_source_roots, module_name
from archscribe.analysis.overview import describe_overview
from archscribe.analysis.roles import RoleClassifier
from archscribe.analysis.semantics import describe_semantics
from archscribe.analysis.stack import describe_stack
from archscribe.catalogue.bundle import Catalogue
from archscribe.model.architecture import (
    SCHEMA_VERSION,
    Architecture,
    CodeRole,
    Component,
    ComponentDependency,
    Cycle,
    Deployment,
    ExternalDependency,
    ExternalUse,
    ImportEdge,
    ImportHub,
    Module,
    ScalingRule,
)
from archscribe.model.evidence import Evidence
from archscribe.model.facts import (
    FactSet,
    PythonFacts,
    ReadmeFacts,
)
from archscribe.model.problems import ProblemKind, ScanProblem
from archscribe.model.settings import Settings

_EVIDENCE_PER_DEPENDENCY = 3


def describe(facts: FactSet, settings: Settings, catalogue: Catalogue) -> Architecture:
    """Derive the architecture of one repository from its facts, with what ``catalogue``
    knows of the standard library, distributions and frameworks."""
    python_files = [(f.path, f.python) for f in facts.files if f.python is not None]
    classifier = RoleClassifier(facts.paths or [p for p, _ in python_files])
    # Manifests and READMEs of tests, examples and docs describe those, not the system (a root
    # setup.py is build tooling as code, and the system's manifest as data).
    manifests = [
        (f.path, f.manifest)
        for f in facts.files
        if f.manifest is not None
        and classifier.role_of(f.path) in (CodeRole.SOURCE, CodeRole.BUILD)
    ]
    readmes = [
        (f.path, f.readme)
        for f in facts.files
        if f.readme is not None and classifier.role_of(f.path) is CodeRole.SOURCE
    ]

    declared_roots = list(settings.source_roots)
    if not declared_roots:
        for path, manifest in manifests:
            base = path.rpartition("/")[0]
            declared_roots += [f"{base}/{d}" if base else d for d in manifest.package_dirs]
    projects = [
        path.rpartition("/")[0] for path, m in manifests if "/" in path and m.ecosystem == "python"
    ]
    roots = detect_source_roots([p for p, _ in python_files], declared_roots, projects)

    modules, module_facts, shadowed = _name_modules(python_files, roots, classifier)
    index = ModuleIndex(m.name for m in modules)
    source = [m for m in modules if m.role is CodeRole.SOURCE]
    component_of = components_step.assign_components(
        source, settings.components, settings.split_share
    )
    modules = [
        replace(m, component=component_of[m.name]) if m.name in component_of else m
        for m in modules
    ]
    by_name = {m.name: m for m in modules}
    pairs = [(m, module_facts[m.path]) for m in modules]

    edges, outside = _resolve_imports(pairs, index, catalogue.namespaces)
    declarations = collect_declarations(
        [
            (path, m.kind, dep)
            for path, m in manifests
            if m.ecosystem == "python"
            for dep in m.dependencies
        ]
    )
    known = catalogue.import_names
    stdlib = catalogue.stdlib

    comp_edges = _component_edges(edges, by_name)
    # A configured component is described even when its paths hold no Python (yet).
    comp_names = sorted({*component_of.values(), *(s.name for s in settings.components)})
    runtime_edges: dict[str, set[str]] = defaultdict(set)
    for dep in comp_edges:
        if not dep.type_checking_only:
            runtime_edges[dep.source].add(dep.target)
    layer_of = layers(comp_names, runtime_edges)
    cycles = _cycles(comp_names, runtime_edges, comp_edges)

    externals_by_comp: dict[str, dict[str, list[Evidence]]] = defaultdict(
        lambda: defaultdict(list)
    )
    required: set[tuple[str, str]] = set()  # (component, top name) imported unguarded somewhere
    stdlib_by_comp: dict[str, set[str]] = defaultdict(set)
    for module_name_, top, ev, guarded in outside:
        comp = by_name[module_name_].component
        if not comp:
            continue
        if top in stdlib:
            stdlib_by_comp[comp].add(top)
        else:
            externals_by_comp[comp][top].append(ev)
            if not guarded:
                required.add((comp, top))

    entry_points = sorted(
        [
            *manifest_entry_points(
                manifests, component_of, {m.name: (m, module_facts[m.path]) for m in modules}
            ),
            *source_entry_points(pairs, catalogue.factories),
        ],
        key=lambda e: (e.kind.value, e.name, e.evidence),
    )
    semantic = describe_semantics(pairs, facts, classifier.role_of, catalogue)
    routes = semantic.routes
    readme_by_dir: dict[str, tuple[str, ReadmeFacts]] = {}
    for path, readme in sorted(readmes, key=lambda pr: _readme_preference(pr[0])):
        readme_by_dir.setdefault(path.rpartition("/")[0], (path, readme))
    members_of: dict[str, list[Module]] = defaultdict(list)
    for module in modules:
        members_of[module.component].append(module)
    components = []
    for name in comp_names:
        members = members_of[name]
        spec = next((s for s in settings.components if s.name == name), None)
        uses = _uses(name, externals_by_comp[name], required, declarations, known)
        paths = spec.paths if spec else component_paths(name, members, modules)
        init = package_init(name, members, spec)
        purpose, purpose_ev = component_purpose(
            name, members, init, readme_by_dir, spec, settings.config_path
        )
        components.append(
            Component(
                name=name,
                paths=tuple(paths),
                modules=len(members),
                code_lines=sum(m.code_lines for m in members),
                purpose=purpose,
                purpose_evidence=purpose_ev,
                package_init=init.path if init is not None else "",
                configured=spec is not None,
                layer=layer_of.get(name, 0),
                dependencies=tuple(d for d in comp_edges if d.source == name),
                externals=tuple(uses),
                interfaces=(
                    *component_interfaces(name, members, init, module_facts, entry_points),
                    *(r.interface() for r in routes if r.component == name),
                    *semantic.interfaces.get(name, ()),
                ),
                stdlib=tuple(sorted(stdlib_by_comp[name])),
            )
        )

    externals = locked_versions(
        [
            *(
                _identified(e, catalogue)
                for e in _externals(declarations, externals_by_comp, known)
            ),
            *foreign_externals(manifests, catalogue),
        ],
        manifests,
    )
    problems = sorted(
        [*facts.problems, *shadowed], key=lambda p: (p.path, p.line, p.kind, p.reason)
    )
    stack = describe_stack(
        facts,
        externals,
        classifier.role_of,
        {m.path: m.component for m in modules if m.component},
        catalogue,
    )
    flows = describe_flows(components, modules, edges, semantic.semantics, stack)
    root_readme = readme_by_dir.get("")
    overview = describe_overview(
        facts,
        modules,
        [(p, m) for p, m in manifests if "/" not in p],
        root_readme,
        entry_points,
        components,
        _started_folders(facts, classifier),
    )
    return Architecture(
        schema_version=SCHEMA_VERSION,
        overview=overview,
        components=tuple(components),
        cycles=tuple(cycles),
        entry_points=tuple(entry_points),
        externals=tuple(externals),
        set_aside=set_aside_summary(modules),
        modules=tuple(sorted(modules, key=lambda m: (m.name, m.path))),
        imports=tuple(edges),
        problems=tuple(p for p in problems if classifier.role_of(p.path) is CodeRole.SOURCE),
        hubs=_hubs(edges, modules),
        deployment=_deployment(facts, classifier, catalogue),
        stack=stack,
        set_aside_problems=tuple(
            p for p in problems if classifier.role_of(p.path) is not CodeRole.SOURCE
        ),
        semantics=replace(semantic.semantics, flows=flows),
        test_interfaces=semantic.test_interfaces,
    )


def _started_folders(facts: FactSet, classifier: RoleClassifier) -> dict[str, Evidence]:
    """Folders below the root whose own Dockerfile starts a process (CMD or ENTRYPOINT) in its
    final stage: a deployable whatever its language (a Node.js or .NET service beside the
    Python one). Tests' and examples' Dockerfiles do not count."""
    found: dict[str, Evidence] = {}
    for f in facts.files:
        deploy = f.deploy
        if (
            deploy is None
            or deploy.kind != "dockerfile"
            or not deploy.commands
            or "/" not in f.path
        ):
            continue
        if classifier.role_of(f.path) in SYSTEM_ROLES:
            found.setdefault(f.path.rpartition("/")[0], Evidence(f.path, deploy.commands[-1].line))
    return found


def _deployment(facts: FactSet, classifier: RoleClassifier, catalogue: Catalogue) -> Deployment:
    """How the system is built and started (Dockerfiles, Procfiles), and what its
    infrastructure files run, scale and deploy."""
    started = describe_deployment(
        facts.paths,
        [(f.path, f.deploy) for f in facts.files if f.deploy is not None],
        classifier.role_of,
        catalogue,
    )
    infra = describe_infrastructure(
        [(f.path, f.infra) for f in facts.files if f.infra is not None],
        facts.paths,
        classifier.role_of,
        catalogue,
    )
    workers = tuple(
        ScalingRule(
            p.technology or p.program or p.name, "workers", p.workers, p.workers, p.evidence
        )
        for p in started.processes
        if p.workers
    )
    read = {f.path for f in facts.files if f.deploy is not None or f.infra is not None}
    return replace(
        started,
        unread=tuple(p for p in started.files if p not in read),
        services=infra.services,
        scaling=tuple(sorted([*infra.scaling, *workers], key=lambda r: (r.evidence, r.target))),
        environments=infra.environments,
        platforms=infra.platforms,
        backups=infra.backups,
        deploy_steps=infra.deploy_steps,
        proxies=infra.proxies,
    )


def _name_modules(
    python_files: Sequence[tuple[str, PythonFacts]],
    roots: Sequence[str],
    classifier: RoleClassifier,
) -> tuple[list[Module], dict[str, PythonFacts], list[ScanProblem]]:
    """Name every Python file. When two files claim one name, the one Python would import
    wins: source code over the rest, a file under a source root (``src/``) over a stray copy
    at the top, a package over a module, then the shorter path; each loser is reported."""
    chosen: dict[str, tuple[tuple[bool, bool, bool, int, str], Module]] = {}
    facts_by_path: dict[str, PythonFacts] = {}
    losers: list[tuple[str, str]] = []
    for path, facts in python_files:
        if path.endswith(".pyi"):
            continue
        name, is_package = module_name(path, roots)
        if not name or any(not part for part in name.split(".")):
            continue
        role = classifier.role_of(path, generated=facts.generated)
        module = Module(name, path, role, "", is_package, facts.code_lines, facts.docstring)
        in_root = any(root and path.startswith(root + "/") for root in roots)
        key = (role is not CodeRole.SOURCE, not in_root, not is_package, len(path), path)
        facts_by_path[path] = facts
        old = chosen.get(name)
        if old is None or key < old[0]:
            chosen[name] = (key, module)
            if old is not None:
                losers.append((name, old[1].path))
        else:
            losers.append((name, path))
    shadowed = [
        ScanProblem(
            path,
            ProblemKind.SHADOWED,
            f"names the same module `{name}` as `{chosen[name][1].path}`, which Python would "
            "import instead; left out",
        )
        for name, path in losers
    ]
    modules = sorted((m for _, m in chosen.values()), key=lambda m: m.path)
    return modules, facts_by_path, shadowed


def _resolve_imports(
    pairs: Sequence[tuple[Module, PythonFacts]], index: ModuleIndex, namespaces: frozenset[str]
) -> tuple[list[ImportEdge], list[tuple[str, str, Evidence, bool]]]:
    """Internal edges (one per importer, target and line) and outside imports by top name,
    both in the order of (importer, target or top name, line).

    The hot loop of the analysis (a hundred thousand imports in a large repository): it keeps
    to tuples and dictionary lookups, looks an import up among those resolved already before
    resolving it, and sorts each importer's few edges rather than all of them at once.
    """
    all_edges: list[ImportEdge] = []
    all_outside: list[tuple[str, str, Evidence, bool]] = []
    resolved = index.resolved
    resolve_key = index.resolve_key
    for module, facts in sorted(pairs, key=lambda pair: pair[0].name):
        importer, path = module.name, module.path
        package = importer if module.is_package else importer.rpartition(".")[0]
        edges: dict[tuple[str, int], ImportEdge] = {}
        outside: dict[tuple[str, int], tuple[int, bool]] = {}
        for fact in facts.imports:
            if fact.module == "__future__":
                continue
            key = (fact.module, fact.name, fact.level, package if fact.level else "")
            found = resolved.get(key)
            if found is None:
                found = resolve_key(key)
            target = found.internal
            if target:
                if target == importer:
                    continue
                at = (target, fact.line)
                old = edges.get(at)
                if old is None or old.context == "type_checking":
                    context = fact.context
                    if old is None or context != old.context:
                        edges[at] = ImportEdge(importer, target, path, fact.line, context)
            elif found.external:
                name = found.external
                if name in namespaces:  # google.cloud.storage, not google
                    dotted = (
                        f"{fact.module}.{fact.name}" if fact.name not in ("", "*") else fact.module
                    )
                    name = ".".join(dotted.split(".")[:3])
                at = (name, fact.line)
                if at not in outside:
                    outside[at] = (fact.line, fact.guarded)
        if edges:
            all_edges += [edges[at] for at in sorted(edges)]
        if outside:
            all_outside += [
                (importer, name, Evidence(path, line), guarded)
                for (name, _), (line, guarded) in sorted(outside.items())
            ]
    return all_edges, all_outside


def _component_edges(
    edges: Sequence[ImportEdge], by_name: dict[str, Module]
) -> list[ComponentDependency]:
    component = {name: m.component for name, m in by_name.items()}
    grouped: dict[tuple[str, str], list[ImportEdge]] = defaultdict(list)
    for edge in edges:
        src = component[edge.source]
        dst = component[edge.target]
        if src and dst and src != dst:
            grouped[(src, dst)].append(edge)
    deps = []
    for (src, dst), group in sorted(grouped.items()):
        # One import statement may name several modules of the target (``from b import m1,
        # m2``): it counts, and is cited, once.
        statements = sorted({(e.path, e.line) for e in group})
        deps.append(
            ComponentDependency(
                source=src,
                target=dst,
                imports=len(statements),
                evidence=tuple(
                    Evidence(path, line) for path, line in statements[:_EVIDENCE_PER_DEPENDENCY]
                ),
                type_checking_only=all(e.context == "type_checking" for e in group),
            )
        )
    return deps


def _cycles(
    names: Sequence[str],
    runtime_edges: dict[str, set[str]],
    deps: Sequence[ComponentDependency],
) -> list[Cycle]:
    weights = {(d.source, d.target): d.imports for d in deps if not d.type_checking_only}
    by_pair = {(d.source, d.target): d for d in deps}
    cycles = []
    for part in strongly_connected(names, runtime_edges):
        if len(part) < 2:
            continue
        closing = closing_edges(part, weights)
        cycles.append(Cycle(tuple(part), tuple(by_pair[pair] for pair in closing)))
    return cycles


def _uses(
    component: str,
    by_name: Mapping[str, list[Evidence]],
    required: set[tuple[str, str]],
    declarations: Mapping[str, Declaration],
    known: Mapping[str, str],
) -> list[ExternalUse]:
    """A component's third-party distributions; import names of one distribution (the parts
    of a namespace package) are counted together."""
    grouped: dict[str, tuple[bool, list[str], list[Evidence]]] = {}
    for import_name, evs in sorted(by_name.items()):
        dist, is_declared = distribution_for(import_name, declarations, known)
        entry = grouped.setdefault(dist, (is_declared, [], []))
        entry[1].append(import_name)
        entry[2].extend(evs)
    return [
        ExternalUse(
            dist,
            names[0],
            len(evs),
            tuple(sorted(evs)[:3]),
            is_declared,
            optional=all((component, n) not in required for n in names),
        )
        for dist, (is_declared, names, evs) in sorted(grouped.items())
    ]


@dataclass
class _Usage:
    distribution: str
    import_names: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


def _externals(
    declarations: Mapping[str, Declaration],
    externals_by_comp: Mapping[str, Mapping[str, list[Evidence]]],
    known: Mapping[str, str],
) -> list[ExternalDependency]:
    """Every distribution a manifest declares or source code imports, declared or not."""
    used: dict[str, _Usage] = {}
    for comp, by_top in externals_by_comp.items():
        for top, evs in by_top.items():
            dist, _ = distribution_for(top, declarations, known)
            usage = used.setdefault(normalize(dist), _Usage(dist))
            usage.import_names.add(top)
            usage.components.add(comp)
            usage.evidence.extend(evs)
    result = []
    for key in sorted({*declarations, *used}):
        decl = declarations.get(key)
        use = used.get(key)
        evs = sorted(use.evidence) if use else []
        result.append(
            ExternalDependency(
                distribution=decl.name if decl else use.distribution if use else key,
                import_names=tuple(sorted(use.import_names)) if use else (),
                declared_in=decl.evidence if decl else (),
                groups=decl.groups if decl else (),
                specifier=decl.specifier if decl else "",
                used_by=tuple(sorted(use.components)) if use else (),
                imports=len(evs),
                first_import=evs[0] if evs else None,
            )
        )
    return result


# An import hub is a candidate bottleneck: the three system modules with the most importers,
# when at least this many other system modules import each.
_HUB_IMPORTERS = 10


def _hubs(edges: Sequence[ImportEdge], modules: Sequence[Module]) -> tuple[ImportHub, ...]:
    source = {m.name: m.path for m in modules if m.role is CodeRole.SOURCE}
    importers: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.source in source and edge.target in source:
            importers[edge.target].add(edge.source)
    ranked = sorted(((-len(v), k) for k, v in importers.items() if len(v) >= _HUB_IMPORTERS))
    return tuple(ImportHub(name, source[name], -count) for count, name in ranked[:3])


_README_ORDER = (".md", ".markdown", ".rst", ".txt", "")


def _readme_preference(path: str) -> tuple[str, int, str]:
    """Folder first, then README.md before .rst before .txt, then the name: whatever the order
    the files came in, one README speaks for each folder."""
    folder, _, name = path.rpartition("/")
    suffix = name[name.find(".") :].lower() if "." in name else ""
    rank = _README_ORDER.index(suffix) if suffix in _README_ORDER else len(_README_ORDER)
    return folder, rank, name


def _identified(external: ExternalDependency, catalogue: Catalogue) -> ExternalDependency:
    """The dependency with what the catalogue knows it to be, by distribution name first and
    then by the names it is imported by."""
    index = catalogue.technologies
    if index is None:
        return external
    entry = index.by_distribution(external.distribution)
    for name in external.import_names:
        if entry is not None:
            break
        entry = index.by_import(name)
    if entry is None:
        return external
    category = index.categories.get(entry.category)
    return replace(
        external,
        technology=entry.name,
        category=entry.category,
        tooling=bool(category and category.tooling),
        reaches=entry.reaches or "",
    )
