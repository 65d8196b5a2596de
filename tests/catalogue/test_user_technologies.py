"""Catalogue: the user's technologies extend the shipped index (new entries, extended entries,
keys taken from the catalogue) without touching it, and a bad one fails naming it."""

from __future__ import annotations

import pytest

from archscribe.catalogue.bundle import Catalogue, extend_technologies, load_catalogue
from archscribe.catalogue.technologies import technology_index
from archscribe.errors import ConfigError
from archscribe.model.settings import TechnologySetting

ACME = TechnologySetting(
    "Acme Billing",
    "payments api",
    None,
    (
        ("distributions", ("acme-billing",)),
        ("imports", ("acme_billing",)),
        ("python_paths", ("acme_billing.backends",)),
        ("terraform", ("acme_billing",)),
        ("maven", ("com.acme:billing",)),
    ),
)


def test_a_new_technology_is_found_by_each_of_its_keys() -> None:
    index = extend_technologies(technology_index(), [ACME])

    entry = index.names["Acme Billing"]
    assert (entry.category, entry.reaches) == ("payments api", None)
    assert index.by_distribution("Acme_Billing") is entry
    assert index.by_import("acme_billing.client") is entry
    assert index.by_python_path("acme_billing.backends.Backend") is entry
    assert index.by_terraform("acme_billing_account") is entry
    assert index.by_package("maven", "com.acme:billing:1.0") is entry
    assert index.entries[-1] is entry
    assert len(index.entries) == len(technology_index().entries) + 1


def test_the_rest_of_the_catalogue_is_unchanged() -> None:
    shipped = technology_index()
    index = extend_technologies(shipped, [ACME])

    assert index.entries[: len(shipped.entries)] == shipped.entries
    assert index.by_distribution("django") == shipped.by_distribution("django")
    assert index.by_scheme("postgres") == shipped.by_scheme("postgres")
    assert index.categories == shipped.categories


def test_an_existing_technology_gets_the_keys_and_category_given() -> None:
    index = extend_technologies(
        technology_index(),
        [TechnologySetting("Redis", "database", None, (("images", ("acme/redis", "redis")),))],
    )

    redis = index.names["Redis"]
    assert redis.category == "database"
    assert redis.images[-1] == "acme/redis"
    assert redis.images.count("redis") == 1
    assert index.by_image("ghcr.io/acme/redis:7") is redis
    assert index.by_image("redis:7") is redis
    assert index.by_scheme("rediss") is redis
    assert [e.name for e in index.entries].count("Redis") == 1


def test_extending_without_a_category_keeps_the_catalogues() -> None:
    index = extend_technologies(
        technology_index(), [TechnologySetting("psycopg", keys=(("imports", ("acme_pg",)),))]
    )

    psycopg = index.names["psycopg"]
    assert (psycopg.category, psycopg.reaches) == ("database driver", "PostgreSQL")
    assert index.by_import("acme_pg") is psycopg


def test_a_key_the_user_gives_moves_from_the_catalogues_entry() -> None:
    mine = TechnologySetting(
        "Acme Redis", "database driver", "Redis", (("distributions", ("redis",)),)
    )

    index = extend_technologies(technology_index(), [mine])

    entry = index.by_distribution("redis")
    assert entry is not None
    assert (entry.name, entry.reaches) == ("Acme Redis", "Redis")
    assert "redis" not in index.names["redis-py"].distributions
    assert index.by_import("redis") is index.names["redis-py"]  # its import stays
    shipped = technology_index().by_distribution("redis")
    assert shipped is not None
    assert shipped.name == "redis-py"  # the shipped index is not touched


def test_a_crate_key_moves_whatever_its_spelling() -> None:
    mine = TechnologySetting(
        "Acme JSON", "serialization/validation", None, (("cargo", ("serde-json",)),)
    )

    index = extend_technologies(technology_index(), [mine])

    assert "serde_json" not in index.names["Serde"].cargo
    assert index.by_package("cargo", "serde_json") is index.names["Acme JSON"]


def test_a_user_technology_may_reach_another() -> None:
    client = TechnologySetting(
        "Acme client", "http client", "Acme Billing", (("npm", ("@acme/c",)),)
    )

    index = extend_technologies(technology_index(), [client, ACME])

    assert index.names["Acme client"].reaches == "Acme Billing"


def test_the_catalogue_value_carries_the_extension() -> None:
    catalogue = load_catalogue()

    extended = catalogue.with_user_technologies([ACME])

    assert extended.technologies is not None
    assert extended.technologies.by_import("acme_billing") is not None
    assert extended.stdlib is catalogue.stdlib
    assert catalogue.with_user_technologies([]) is catalogue
    assert catalogue.technologies is not None
    assert catalogue.technologies.by_import("acme_billing") is None


def test_a_catalogue_without_an_index_extends_the_shipped_one() -> None:
    bare = Catalogue(frozenset(), {}, {})

    extended = bare.with_user_technologies([ACME])

    assert extended.technologies is not None
    assert extended.technologies.by_distribution("django") is not None
    assert extended.technologies.by_import("acme_billing") is not None


@pytest.mark.parametrize(
    ("user", "says"),
    [
        (
            [TechnologySetting("Acme", "payment api")],
            "technologies[0] (Acme): unknown category 'payment api'",
        ),
        ([TechnologySetting("Acme")], "technologies[0] (Acme): a new technology needs a category"),
        (
            [TechnologySetting("Acme", "database", None, (("image", ("acme",)),))],
            "technologies[0] (Acme): unknown kind of key 'image'",
        ),
        (
            [TechnologySetting("Acme", "database", None, (("images", ("docker.io/acme:1",)),))],
            "technologies[0] (Acme): images 'docker.io/acme:1' is not in canonical form",
        ),
        (
            [
                TechnologySetting("A", "database", None, (("imports", ("acme",)),)),
                TechnologySetting("B", "database", None, (("imports", ("acme",)),)),
            ],
            "technologies[1] (B): imports 'acme' is also given to A",
        ),
        (
            [TechnologySetting("A", "database"), TechnologySetting("A", "cache")],
            "technologies[1] (A): the name is given to two technologies",
        ),
        (
            [TechnologySetting("Acme", "database driver", "Postgres")],
            "technologies: Acme reaches 'Postgres', which is no other entry",
        ),
    ],
)
def test_bad_user_technologies_fail_naming_them(user: list[TechnologySetting], says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        extend_technologies(technology_index(), user)

    assert says in raised.value.problems
    assert raised.value.where == "technologies"


def test_the_error_names_where_the_settings_came_from() -> None:
    with pytest.raises(ConfigError) as raised:
        load_catalogue().with_user_technologies(
            [TechnologySetting("Acme")], where="pyproject.toml [tool.archscribe]"
        )

    assert raised.value.where == "pyproject.toml [tool.archscribe]"
