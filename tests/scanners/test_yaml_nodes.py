"""The YAML node reader: lines kept, merge keys as YAML says, templates read as plain YAML."""

from __future__ import annotations

from archscribe.model.problems import ProblemKind
from archscribe.scanners.yaml_nodes import (
    TEMPLATED,
    get,
    items,
    line,
    load_documents,
    scalar,
    strings,
)


def _pairs(node: object) -> list[tuple[str, str]]:
    return [(name, scalar(value)) for name, _key, value in items(node)]  # type: ignore[arg-type]


def test_documents_keep_their_lines() -> None:
    documents, problems = load_documents("a: 1\n---\nb:\n  - x\n  - y\n")
    assert problems == []
    assert _pairs(documents[0]) == [("a", "1")]
    assert strings(get(documents[1], "b")) == [("x", 4), ("y", 5)]
    assert line(get(documents[1], "b")) == 4  # type: ignore[arg-type]


def test_a_written_key_wins_over_a_merged_one() -> None:
    documents, _ = load_documents("base: &b {y: 2, z: 3}\nc:\n  <<: *b\n  y: 9\n")
    assert _pairs(get(documents[0], "c")) == [("z", "3"), ("y", "9")]


def test_the_first_merged_mapping_wins() -> None:
    text = "a: &a {k: 1}\nb: &b {k: 2, m: 3}\nc: {<<: [*a, *b]}\n"
    documents, _ = load_documents(text)
    assert _pairs(get(documents[0], "c")) == [("k", "1"), ("m", "3")]


def test_a_mapping_merged_into_itself_is_read_once() -> None:
    documents, problems = load_documents("job: &a {<<: *a, x: 1}\n")
    assert problems == []
    assert _pairs(get(documents[0], "job")) == [("x", "1")]


def test_template_actions_read_as_plain_yaml() -> None:
    text = (
        "kind: Deployment\n"
        "spec:\n"
        "  replicas: {{ .Values.replicas }}\n"
        "{{- if .Values.image }}\n"
        '  image: "{{ .Values.repo }}:{{ .Values.tag }}"\n'
        "{{- end }}\n"
    )
    documents, problems = load_documents(text)
    spec = get(documents[0], "spec")
    assert _pairs(spec) == [("replicas", TEMPLATED), ("image", f"{TEMPLATED}:{TEMPLATED}")]
    assert line(get(spec, "image")) == 5  # type: ignore[arg-type]
    assert [p.kind for p in problems] == [ProblemKind.MALFORMED]
    assert "templated" in problems[0].reason


def test_a_bad_document_is_a_problem_and_earlier_ones_stay() -> None:
    documents, problems = load_documents("a: 1\n---\nb: [\n")
    assert _pairs(documents[0]) == [("a", "1")]
    assert [(p.kind, p.line) for p in problems] == [(ProblemKind.MALFORMED, 4)]


def test_python_tags_stay_inert_and_braces_cost_linear_time() -> None:
    documents, problems = load_documents("x: !!python/object/apply:os.system ['true']\n")
    assert problems == [] and len(documents) == 1
    _documents, problems = load_documents("a: " + "{" * 200_000)
    assert problems  # read as far as valid, quickly (a quadratic reader would take minutes)
