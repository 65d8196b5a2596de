"""Services, scaling, environments, platforms, backups and deploy steps from infrastructure
facts: what the files declare, and nothing from tests' files."""

from __future__ import annotations

from hand_facts import CATALOGUE

from archscribe.analysis.infrastructure import describe_infrastructure
from archscribe.analysis.roles import RoleClassifier
from archscribe.model.architecture import Backup, EnvironmentTrace, ScalingRule
from archscribe.model.evidence import Evidence
from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProcessCommand,
    ResourceFact,
    ServiceFact,
)

COMPOSE = InfraFacts(
    kind="compose",
    services=(
        ServiceFact(
            "web",
            2,
            "compose-service",
            build=True,
            depends_on=("db",),
            env=(EnvSetting("REDIS_URL", 6, scheme="redis", host="redis"),),
            replicas=2,
        ),
        ServiceFact("db", 9, "compose-service", image="postgres:16"),
        ServiceFact(
            "worker",
            10,
            "compose-service",
            build=True,
            env=(EnvSetting("STORE_URL", 10, scheme="s3", host="bucket"),),
        ),
        ServiceFact("mail", 11, "compose-service", image="axllent/mailpit", test_only=True),
    ),
)
K8S = InfraFacts(
    kind="kubernetes",
    services=(
        ServiceFact(
            "db-backup",
            3,
            "CronJob",
            image="postgres:16",
            schedule="0 3 * * *",
            commands=(ProcessCommand("command", "sh -c 'pg_dump $URL > x'", "sh", 12),),
        ),
    ),
    resources=(
        ResourceFact(
            "HorizontalPodAutoscaler",
            "web",
            20,
            target="web",
            detail=(("min_replicas", "3"), ("max_replicas", "10")),
        ),
    ),
)
CI = InfraFacts(
    kind="github-actions",
    services=(
        ServiceFact("test", 4, "ci-job"),
        ServiceFact("postgres", 7, "ci-service", image="postgres:15", test_only=True),
    ),
    resources=(
        ResourceFact(
            "deploy-step", "flyctl", 20, target="deploy", detail=(("environment", "prod"),)
        ),
    ),
    environments=("prod",),
)
TERRAFORM = InfraFacts(
    kind="terraform",
    resources=(
        ResourceFact("provider", "aws", 1),
        ResourceFact("aws_db_instance", "main", 5, detail=(("backup_retention_period", "7"),)),
        ResourceFact("aws_db_instance", "replica", 12, detail=(("backup_retention_period", "0"),)),
    ),
)


def _describe(files: list[tuple[str, InfraFacts]], extra: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    paths = sorted({*(p for p, _ in files), *extra})
    classifier = RoleClassifier(paths)
    return describe_infrastructure(files, paths, classifier.role_of, CATALOGUE)


def test_services_keep_what_the_files_say() -> None:
    infra = _describe([("docker-compose.yml", COMPOSE)])
    web, db, worker, mail = sorted(infra.services, key=lambda s: s.evidence.line)
    # REDIS_URL names no declared service, and s3://bucket names a bucket: neither is a peer.
    assert (web.name, web.built, web.talks_to) == ("web", True, (("db", "depends_on"),))
    assert worker.talks_to == ()
    assert (db.image, db.technology, db.test_only) == ("postgres:16", "PostgreSQL", False)
    assert mail.test_only
    assert infra.scaling == (
        ScalingRule("web", "replicas", 2, 2, Evidence("docker-compose.yml", 2)),
    )


def test_an_env_url_naming_a_declared_service_is_a_peer() -> None:
    redis = ServiceFact("redis", 12, "compose-service", image="redis:7")
    compose = InfraFacts("compose", services=(*COMPOSE.services, redis))
    infra = _describe([("docker-compose.yml", compose)])
    web = next(s for s in infra.services if s.name == "web")
    assert web.talks_to == (("db", "depends_on"), ("redis", "REDIS_URL"))


def test_autoscaler_cronjob_backup_and_ci() -> None:
    infra = _describe([("k8s/app.yaml", K8S), (".github/workflows/ci.yml", CI)])
    assert ScalingRule("web", "autoscaler", 3, 10, Evidence("k8s/app.yaml", 20)) in infra.scaling
    assert infra.backups == (
        Backup("`db-backup` runs `pg_dump` on schedule `0 3 * * *`", Evidence("k8s/app.yaml", 12)),
    )
    # A CI job is no service of the system; its service container is test infrastructure.
    assert [(s.name, s.test_only) for s in infra.services if s.source == "github-actions"] == [
        ("postgres", True)
    ]
    assert infra.deploy_steps == (
        ("flyctl", "production", Evidence(".github/workflows/ci.yml", 20)),
    )
    assert (
        EnvironmentTrace("production", "deploy job", Evidence(".github/workflows/ci.yml"))
        in infra.environments
    )


def test_terraform_backups_and_cloud() -> None:
    infra = _describe([("infra/main.tf", TERRAFORM)])
    assert infra.backups == (
        Backup(
            "`aws_db_instance.main` sets `backup_retention_period = 7`",
            Evidence("infra/main.tf", 5),
        ),
    )
    assert [u.technology for u in infra.platforms] == ["Amazon Web Services"]


def test_files_named_for_an_environment() -> None:
    infra = _describe([("docker-compose.prod.yml", COMPOSE)])
    assert (
        EnvironmentTrace("production", "compose file", Evidence("docker-compose.prod.yml"))
        in infra.environments
    )
    assert {s.environment for s in infra.services} == {"production"}


def test_backup_scripts_by_name_only_in_the_system() -> None:
    infra = _describe([], extra=("scripts/backup_db.sh", "tests/backup_test.py", "dumpster.py"))
    assert infra.backups == (
        Backup("backup script `backup_db.sh`", Evidence("scripts/backup_db.sh")),
    )


def test_tests_infrastructure_files_are_not_the_systems() -> None:
    infra = _describe([("tests/docker-compose.yml", COMPOSE)])
    assert infra.services == ()
    assert infra.platforms == ()
