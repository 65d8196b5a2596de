"""Scanners: Terraform configurations (``*.tf``, ``*.tf.json``): providers, resources, modules.

No HCL library: a small lexer reads only the tokens that matter (names, strings, brackets,
``=``) and passes over comments (``#``, ``//``, ``/* */``), string contents (``"${a["}"]}"``)
and heredocs (``<<EOF … EOF``), so braces inside them never count; a block reader then keeps
the top-level blocks. ``provider`` blocks and ``terraform { required_providers { … } }`` give
``provider`` facts; ``resource "type" "label"`` a fact of that type with a few telling literal
attributes (engine, instance class, replica counts…, never one named like a secret); ``module``
a ``module`` fact with its source. Data sources, variables, outputs and locals are passed over.
Braces that do not balance are a problem with their line, and what was read is kept: a
top-level block keyword at the start of a line closes whatever was left open. JSON
configurations are read through the YAML node reader, which keeps lines. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode

from archscribe.model.facts import InfraFacts, ProblemKind, ResourceFact, ScanProblem
from archscribe.scanners.base import Scanner
from archscribe.scanners.env_values import looks_secret
from archscribe.scanners.manifest_text import decode, problem
from archscribe.scanners.yaml_nodes import Node, entries, get, items, line, load_documents, scalar

__all__ = ["TERRAFORM_JSON_SCANNER", "TERRAFORM_SCANNER", "scan_terraform", "scan_terraform_json"]

_TOKEN = re.compile(
    r"""(?P<nl>\n)|(?P<space>[ \t\r\f\v]+)|(?P<comment>(?:\#|//)[^\n]*)|(?P<open_comment>/\*)
    |(?P<heredoc><<-?(?P<marker>[A-Za-z_][A-Za-z0-9_-]*)[ \t\r]*(?=\n))
    |(?P<quote>")|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|(?P<number>[0-9]+(?:\.[0-9]+)?)
    |(?P<punct>[{}\[\]()=:])|(?P<other>.)""",
    re.VERBOSE,
)
_OPENING, _CLOSING = frozenset("{[("), frozenset("}])")
_LABELS = frozenset({"name", "string", "template"})
# Blocks that only stand at the top level: one starting a line ends any block left open.
_TOP_LEVEL = frozenset(
    {"resource", "data", "module", "provider", "terraform", "variable", "output", "locals"}
    | {"moved", "import", "removed"}
)
# Top-level resource attributes worth showing when their value is a literal.
_TELLING = frozenset(
    {"engine", "engine_version", "database_version", "instance_class", "instance_type"}
    | {"node_type", "num_cache_nodes", "allocated_storage", "multi_az", "sku_name", "runtime"}
    | {"backup_retention_period", "backup_retention_days", "point_in_time_recovery_enabled"}
    | {"replicas", "desired_count", "min_size", "max_size", "memory_size"}
)
_USERINFO = re.compile(r"(://)[^/@\s]*@")
_DOUBLE_BRACE = re.compile(r"\{(?=\{)")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # nl, name, number, string (literal), template (computed), a bracket, =, :, other
    text: str
    line: int
    column: int


@dataclass(slots=True)
class _Block:
    kind: str
    labels: tuple[str, ...]
    line: int
    attributes: list[tuple[str, list[_Token], int]] = field(default_factory=list)

    def literal(self, name: str) -> str:
        return next((_literal(value) for key, value, _ in self.attributes if key == name), "")


@dataclass(slots=True)
class _Facts:
    """The facts read so far; a provider named twice (block and requirement) is one fact."""

    resources: list[ResourceFact] = field(default_factory=list)
    providers: dict[str, int] = field(default_factory=dict)

    def provider(self, name: str, at: int, source: str = "") -> None:
        detail = (("source", source),) if source else ()
        index = self.providers.get(name)
        if index is None:
            self.providers[name] = len(self.resources)
            self.resources.append(ResourceFact("provider", name, at, detail=detail))
        elif detail and not self.resources[index].detail:
            earlier = self.resources[index]
            self.resources[index] = ResourceFact("provider", name, earlier.line, detail=detail)

    def resource(self, kind: str, name: str, at: int, attributes: list[tuple[str, str]]) -> None:
        detail = tuple(
            (key, value)
            for key, value in attributes
            if key in _TELLING and value and not looks_secret(key)
        )
        self.resources.append(ResourceFact(kind, name, at, detail=detail))

    def module(self, name: str, at: int, source: str) -> None:
        detail = (("source", _USERINFO.sub(r"\1", source)),) if source else ()
        self.resources.append(ResourceFact("module", name, at, detail=detail))


def _literal(tokens: list[_Token]) -> str:
    """An attribute value's text when it is one literal string, number or bool; else ``""``."""
    if len(tokens) != 1:
        return ""
    token = tokens[0]
    if token.kind in ("string", "number") or token.text in ("true", "false"):
        return token.text
    return ""


def _string(text: str, start: int) -> tuple[int, str | None, bool]:
    """(end, literal value or ``None`` when computed, closed) of the string opening at
    ``start``. Interpolations (``${ … }``, ``%{ … }``) may hold braces and strings of their own:
    a stack keeps track (0: in a string; n: in an interpolation n braces deep)."""
    stack, index, computed = [0], start + 1, False
    while index < len(text):
        char = text[index]
        if stack[-1] == 0:
            if char == "\\":
                computed, index = True, index + 2
                continue
            if char == '"':
                stack.pop()
                if not stack:
                    return index + 1, None if computed else text[start + 1 : index], True
            elif char == "\n" and len(stack) == 1:
                return index, None, False  # strings end with their line
            elif text.startswith(("$${", "%%{"), index):
                index += 2
            elif text.startswith(("${", "%{"), index):
                stack.append(1)
                computed, index = True, index + 1
        elif char == '"':
            stack.append(0)
        elif char == "{":
            stack[-1] += 1
        elif char == "}":
            stack[-1] -= 1
            if stack[-1] == 0:
                stack.pop()
        index += 1
    return index, None, False


def _heredoc_end(text: str, start: int, marker: str) -> int:
    """The index of the newline (or end) after the line that closes a heredoc; -1 if none."""
    index = text.find("\n", start) + 1
    while 0 < index <= len(text):
        end = text.find("\n", index)
        end = len(text) if end < 0 else end
        if text[index:end].strip() == marker:
            return end
        index = end + 1
    return -1


def _tokens(text: str, problems: list[ScanProblem]) -> list[_Token]:
    """The tokens of ``text``; lexing stops at a comment or heredoc that never ends."""
    tokens: list[_Token] = []
    index, number, line_start = 0, 1, 0
    while index < len(text):
        match = _TOKEN.match(text, index)
        if match is None:  # cannot happen: ``other`` takes any character but a newline
            break
        kind, end = match.lastgroup or "other", match.end()
        column = index - line_start
        if kind == "marker":
            kind = "heredoc"
        if kind == "open_comment":
            end = text.find("*/", index + 2) + 2
            if end < 2:
                problems.append(problem(ProblemKind.MALFORMED, "/* comment never ends", number))
                break
        elif kind == "heredoc":
            marker = match.group("marker")
            end = _heredoc_end(text, index, marker)
            if end < 0:
                reason = f"heredoc <<{marker[:20]} never ends"
                problems.append(problem(ProblemKind.MALFORMED, reason, number))
                break
            tokens.append(_Token("template", "", number, column))
        elif kind == "quote":
            end, value, closed = _string(text, index)
            if not closed:
                problems.append(problem(ProblemKind.MALFORMED, "string never ends", number))
            tokens.append(
                _Token("string" if value is not None else "template", value or "", number, column)
            )
        elif kind in ("name", "number", "nl", "other"):
            tokens.append(_Token(kind, match.group(), number, column))
        elif kind == "punct":
            tokens.append(_Token(match.group(), match.group(), number, column))
        newlines = text.count("\n", index, end)
        if newlines:
            number += newlines
            line_start = text.rfind("\n", index, end) + 1
        index = end
    return tokens


class _Reader:
    """Reads blocks and attributes from the tokens, keeping a stack of the open blocks."""

    def __init__(self, tokens: list[_Token], problems: list[ScanProblem]) -> None:
        self.tokens, self.problems = tokens, problems
        self.stack: list[_Block] = []
        self.facts = _Facts()

    def read(self) -> list[ResourceFact]:
        tokens, index = self.tokens, 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == "nl":
                index += 1
                continue
            if token.kind == "}":
                if self.stack:
                    self.close()
                else:
                    self.malformed("a } that closes no block", token.line)
                index += 1
                continue
            end = index
            while end < len(tokens) and tokens[end].kind in _LABELS:
                end += 1
            after = tokens[end].kind if end < len(tokens) else ""
            if after == "{" and end > index and token.kind == "name":
                if self.stack and token.column == 0 and token.text in _TOP_LEVEL:
                    self.unclosed(f"is not closed before line {token.line}")
                labels = tuple(label.text for label in tokens[index + 1 : end])
                self.stack.append(_Block(token.text, labels, token.line))
                index = end + 1
            elif after in ("=", ":") and end == index + 1:
                index = self.expression_end(end + 1)
                if self.stack:
                    self.stack[-1].attributes.append(
                        (token.text, tokens[end + 1 : index], token.line)
                    )
            else:  # not a block nor an attribute: passed over, never left unread
                index = max(self.expression_end(index), index + 1)
        self.unclosed("is not closed")
        return self.facts.resources

    def expression_end(self, start: int) -> int:
        """The index of the newline (or the enclosing block's ``}``) that ends an expression."""
        depth, index = 0, start
        while index < len(self.tokens):
            kind = self.tokens[index].kind
            if kind in _OPENING:
                depth += 1
            elif kind == "}" and depth == 0:
                return index
            elif kind in _CLOSING and depth:  # a stray ``]`` or ``)`` is passed over
                depth -= 1
            elif kind == "nl" and depth == 0:
                return index
            index += 1
        if depth and start < len(self.tokens):
            self.malformed("a bracket that never closes", self.tokens[start].line)
        return index

    def malformed(self, reason: str, at: int) -> None:
        self.problems.append(problem(ProblemKind.MALFORMED, reason, at))

    def unclosed(self, how: str) -> None:
        if self.stack:
            outer = self.stack[0]
            self.malformed(f"block `{outer.kind}` opened on line {outer.line} {how}", outer.line)
        while self.stack:
            self.close()

    def close(self) -> None:
        block = self.stack.pop()
        parent = self.stack[-1].kind if self.stack else ""
        if block.kind == "required_providers" and parent == "terraform" and len(self.stack) == 1:
            for name, value, at in block.attributes:
                self.facts.provider(name, at, _source(value))
        elif parent:
            return
        elif block.kind == "provider" and block.labels:
            self.facts.provider(block.labels[0], block.line)
        elif block.kind == "resource" and len(block.labels) >= 2:
            attributes = [(key, _literal(value)) for key, value, _ in block.attributes]
            self.facts.resource(block.labels[0], block.labels[1], block.line, attributes)
        elif block.kind == "module" and block.labels:
            self.facts.module(block.labels[0], block.line, block.literal("source"))


def _source(value: list[_Token]) -> str:
    """The ``source = "…"`` inside a required provider's ``{ … }``."""
    for index, token in enumerate(value[:-2]):
        if token.text == "source" and value[index + 1].kind in ("=", ":"):
            return value[index + 2].text if value[index + 2].kind == "string" else ""
    return ""


def scan_terraform(data: bytes) -> InfraFacts:
    """Read a Terraform file: providers, resources with telling attributes, modules."""
    text, problems = decode(data)
    resources = _Reader(_tokens(text, problems), problems).read()
    return InfraFacts(kind="terraform", resources=tuple(resources), problems=tuple(problems))


def _objects(node: Node | None) -> list[Node]:
    """A JSON block value: one object, or a list of them."""
    if isinstance(node, MappingNode):
        return [node]
    return [entry for entry in entries(node) if isinstance(entry, MappingNode)]


def _json_literal(node: Node | None) -> str:
    text = scalar(node)
    return "" if "${" in text or "%{" in text or text == "null" else text


def scan_terraform_json(data: bytes) -> InfraFacts:
    """Read a Terraform JSON file (``*.tf.json``): the same facts as :func:`scan_terraform`."""
    text, problems = decode(data)
    # JSON is YAML but for tabs; ``{{`` (only ever inside JSON strings) is not a template.
    documents, yaml_problems = load_documents(_DOUBLE_BRACE.sub("{ ", text.replace("\t", " ")))
    problems.extend(yaml_problems)
    facts = _Facts()
    for root in documents[:1]:
        for terraform in _objects(get(root, "terraform")):
            for required in _objects(get(terraform, "required_providers")):
                for name, key, value in items(required):
                    facts.provider(name, line(key), _json_literal(get(value, "source")))
        for provider in _objects(get(root, "provider")):
            for name, key, _value in items(provider):
                facts.provider(name, line(key))
        for resource in _objects(get(root, "resource")):
            for kind, _key, labelled in items(resource):
                for label, key, body in items(labelled):
                    attributes = [
                        (name, _json_literal(value))
                        for block in _objects(body)
                        for name, _k, value in items(block)
                    ]
                    facts.resource(kind, label, line(key), attributes)
        for module in _objects(get(root, "module")):
            for name, key, body in items(module):
                blocks = _objects(body)
                source = _json_literal(get(blocks[0], "source")) if blocks else ""
                facts.module(name, line(key), source)
    return InfraFacts(kind="terraform", resources=tuple(facts.resources), problems=tuple(problems))


TERRAFORM_SCANNER = Scanner(name="terraform", version=2, fact_type=InfraFacts, scan=scan_terraform)
TERRAFORM_JSON_SCANNER = Scanner(
    name="terraform-json", version=2, fact_type=InfraFacts, scan=scan_terraform_json
)
