"""Catalogue: deploy_tools.toml loads, every entry is well formed, and a bad one fails loudly."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from importlib.resources import files

import pytest

from archscribe.catalogue.deploy_tools import SOURCE, deploy_tools, parse_deploy_tools
from archscribe.errors import InternalError

TEXT = (files("archscribe.catalogue") / "data" / SOURCE).read_text(encoding="utf-8")


def _document() -> dict[str, object]:
    return copy.deepcopy(tomllib.loads(TEXT))


def test_file_loads_with_every_table() -> None:
    tools = deploy_tools()
    assert len(tools.commands) >= 25
    assert len(tools.urls) >= 4
    assert len(tools.actions) >= 15
    assert {"curl", "git"} <= tools.url_clients
    assert {"sudo", "npx", "env"} <= tools.wrappers
    assert tools.runners["poetry"] == "run"
    assert "beta" in tools.subcommand_noise


def test_every_entry_is_well_formed() -> None:
    tools = deploy_tools()
    for program, command in tools.commands.items():
        assert program == command.program and program.strip() == program and program
        assert command.tool and command.first_words, program
        assert all(all(word.strip() == word for word in words) for words in command.first_words)
    for pattern in (*tools.urls, *tools.actions):
        assert pattern.tool, pattern.pattern.pattern
        assert not pattern.pattern.match(""), pattern.pattern.pattern
    assert all(a.pattern.pattern == a.pattern.pattern.lower() for a in tools.actions)
    assert [a.pattern.pattern for a in tools.actions if a.push_gated] == [
        "docker/build-push-action"
    ]


def test_commands_read_as_written() -> None:
    commands = deploy_tools().commands
    assert commands["kubectl"].first_words[2] == ("set", "image")
    assert commands["fly"].tool == "flyctl"
    assert commands["heroku"].first_words == ((),)  # "" deploys on any use


def test_url_patterns_ignore_case_and_action_patterns_match_whole_names() -> None:
    tools = deploy_tools()
    render = next(url for url in tools.urls if url.tool == "render")
    assert render.pattern.search("https://API.Render.com/deploy/srv-1")
    fly = next(action for action in tools.actions if action.tool == "flyctl")
    assert fly.pattern.fullmatch("superfly/flyctl-actions")
    assert not fly.pattern.fullmatch("superfly/flyctl-actions-fork")


def test_parse_of_the_shipped_document_is_the_loaded_knowledge() -> None:
    assert parse_deploy_tools(_document(), SOURCE) == deploy_tools()


def _broken(path: tuple[str | int, ...], value: object) -> dict[str, object]:
    """The shipped document with the value at ``path`` replaced (removed for ``...``)."""
    document = _document()
    parent: object = document
    for key in path[:-1]:
        parent = parent[key]  # type: ignore[index]
    if value is ...:
        del parent[path[-1]]  # type: ignore[attr-defined]
    else:
        parent[path[-1]] = value  # type: ignore[index]
    return document


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        (("commands", "helm"), "helm upgrade", "[commands] helm is not a table"),
        (("commands", "helm", "tool"), "", "[commands] helm has no tool name"),
        (("commands", "helm", "deploys"), "upgrade", "[commands] helm deploys is not"),
        (("commands", "helm", "deploys"), [], "[commands] helm deploys is not"),
        (("commands", "helm", "deploy"), ["up"], "[commands] helm has unknown keys deploy"),
        (("urls", 0, "pattern"), "api(", "[[urls]] #1 (api() pattern is not a regular"),
        (("urls", 1, "tool"), ..., "[[urls]] #2 (git\\.heroku\\.com) has no tool name"),
        (("urls", 1, "push_gated"), True, "[[urls]] #2 (git\\.heroku\\.com) has unknown keys"),
        (("actions", 2, "pattern"), ..., "[[actions]] #3 has no pattern"),
        (("actions", 7, "push_gated"), "yes", "push_gated is not true or false"),
        (("actions", 0), "superfly", "[[actions]] #1 is not a table"),
        (("actions",), [], "[[actions]] is missing"),
        (("commands",), ..., "[commands] is missing"),
        (("shell", "wrappers"), ["sudo", ""], "[shell] wrappers is not a list of words"),
        (("shell", "runners", "poetry"), 1, "[shell.runners] is missing"),
        (("shell",), ..., "[shell] is missing"),
        (("deploys",), {}, "unknown table [deploys]"),
    ],
)
def test_bad_entries_fail_loudly_naming_file_and_entry(
    path: tuple[str | int, ...], value: object, says: str
) -> None:
    with pytest.raises(InternalError) as caught:
        parse_deploy_tools(_broken(path, value), SOURCE)
    assert SOURCE in caught.value.message
    assert says in caught.value.message
    assert caught.value.where.endswith(SOURCE)


def test_every_problem_is_reported_at_once() -> None:
    document: Mapping[str, object] = _broken(("commands", "helm", "tool"), "")
    document = {**document, "urls": [{"tool": "x"}, {"pattern": "(", "tool": "y"}]}
    with pytest.raises(InternalError) as caught:
        parse_deploy_tools(document, SOURCE)
    message = caught.value.message
    assert "has 3 problems" in message
    assert "[commands] helm" in message
    assert "[[urls]] #1" in message and "[[urls]] #2 (()" in message
