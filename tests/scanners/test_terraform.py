"""Terraform scanners: ``.tf`` and ``.tf.json`` bytes in, providers, resources and modules out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import InfraFacts, ProblemKind, ResourceFact
from archscribe.scanners.terraform import (
    TERRAFORM_JSON_SCANNER,
    TERRAFORM_SCANNER,
    scan_terraform,
    scan_terraform_json,
)

MAIN_TF = b"""\
# Production stack
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = "~> 3.0"
  }
}

provider "aws" {
  region = "eu-west-1" // a comment with a { brace
}
provider "aws" {
  alias  = "east"
}
provider "cloudflare" {}

/* resource "aws_instance" "old" {
} */
resource "aws_db_instance" "main" {
  engine                  = "postgres"
  engine_version          = "16.1"
  instance_class          = var.instance_class
  backup_retention_period = 7
  multi_az                = true
  password                = "hunter2"
  identifier              = "app-${var.env}"
  tags = {
    Name = "db ${var.env == "x" ? "}" : "{"}"
  }
  user_data = <<-EOT
    #!/bin/bash
    echo "{ resource \\"x\\" \\"y\\" {"
  EOT
  lifecycle {
    prevent_destroy = true
    engine          = "nested-not-top-level"
  }
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

variable "engine" { default = "mysql" }

module "vpc" {
  source  = "git::https://user:token@example.com/vpc.git?ref=v1"
  version = "1.0"
}

resource "aws_ecs_service" "web" { desired_count = 3 }
resource aws_elasticache_cluster cache {
  node_type       = "cache.t3.micro"
  num_cache_nodes = 1
}
"""


def test_providers_resources_and_modules() -> None:
    assert scan_terraform(MAIN_TF) == InfraFacts(
        kind="terraform",
        resources=(
            ResourceFact("provider", "aws", 5, detail=(("source", "hashicorp/aws"),)),
            ResourceFact("provider", "random", 9),
            ResourceFact("provider", "cloudflare", 19),
            ResourceFact(
                "aws_db_instance",
                "main",
                23,
                detail=(
                    ("engine", "postgres"),
                    ("engine_version", "16.1"),
                    ("backup_retention_period", "7"),
                    ("multi_az", "true"),
                ),
            ),
            ResourceFact(
                "module",
                "vpc",
                50,
                detail=(("source", "git::https://example.com/vpc.git?ref=v1"),),
            ),
            ResourceFact("aws_ecs_service", "web", 55, detail=(("desired_count", "3"),)),
            ResourceFact(
                "aws_elasticache_cluster",
                "cache",
                56,
                detail=(("node_type", "cache.t3.micro"), ("num_cache_nodes", "1")),
            ),
        ),
    )


def test_provider_block_before_its_requirement_gets_the_source() -> None:
    facts = scan_terraform(
        b'provider "google" {\n  project = "p"\n}\n'
        b'terraform {\n  required_providers {\n    google = { source = "hashicorp/google" }\n'
        b"  }\n}\n"
    )
    assert facts.resources == (
        ResourceFact("provider", "google", 1, detail=(("source", "hashicorp/google"),)),
    )


def test_look_alikes_are_not_resources() -> None:
    facts = scan_terraform(
        b'# resource "aws_instance" "commented" {}\n'
        b'// provider "azurerm" {}\n'
        b'locals {\n  text = "resource \\"aws_s3_bucket\\" \\"s\\" {"\n}\n'
        b'output "x" {\n  value = <<EOF\nresource "aws_sqs_queue" "q" {\nEOF\n}\n'
        b'module "m" {\n  resource "aws_iam_role" "nested" {}\n  source = var.src\n}\n'
        b'data "aws_caller_identity" "me" {}\n'
    )
    assert facts == InfraFacts(kind="terraform", resources=(ResourceFact("module", "m", 11),))


def test_unbalanced_braces_are_problems_and_what_was_read_is_kept() -> None:
    facts = scan_terraform(
        b'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n\n'
        b'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
        b"}\n"
        b'module "m" {\n  source = "./m"\n'
    )
    assert facts.resources == (
        ResourceFact("aws_s3_bucket", "a", 1),
        ResourceFact("aws_sqs_queue", "q", 4),
        ResourceFact("module", "m", 8, detail=(("source", "./m"),)),
    )
    assert [(p.kind, p.line, p.reason) for p in facts.problems] == [
        (
            ProblemKind.MALFORMED,
            1,
            "block `resource` opened on line 1 is not closed before line 4",
        ),
        (ProblemKind.MALFORMED, 7, "a } that closes no block"),
        (ProblemKind.MALFORMED, 8, "block `module` opened on line 8 is not closed"),
    ]


def test_unterminated_comments_heredocs_and_strings() -> None:
    comment = scan_terraform(b'provider "aws" {}\n/* never\nresource "a" "b" {}\n')
    assert comment.resources == (ResourceFact("provider", "aws", 1),)
    assert [(p.line, p.reason) for p in comment.problems] == [(2, "/* comment never ends")]
    heredoc = scan_terraform(b'provider "aws" {}\nlocals {\n  x = <<EOF\n  {\n')
    assert heredoc.resources == (ResourceFact("provider", "aws", 1),)
    assert [p.line for p in heredoc.problems] == [3, 2]
    string = scan_terraform(b'resource "a" "b" {\n  engine = "postgres\n}\nprovider "x" {}\n')
    assert string.resources == (ResourceFact("a", "b", 1), ResourceFact("provider", "x", 4))
    assert [(p.line, p.reason) for p in string.problems] == [(2, "string never ends")]
    bracket = scan_terraform(b'resource "a" "b" {\n  tags = [\n')
    assert [p.reason for p in bracket.problems] == [
        "a bracket that never closes",
        "block `resource` opened on line 1 is not closed",
    ]


def test_bad_input() -> None:
    assert scan_terraform(b"") == InfraFacts(kind="terraform")
    latin = scan_terraform(b'# caf\xe9\nprovider "aws" {}\n')
    assert latin.resources == (ResourceFact("provider", "aws", 2),)
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    deep = scan_terraform(b'resource "a" "b" {\n  x = ' + b"{" * 5000 + b"}" * 5000 + b"\n}\n")
    assert deep == InfraFacts(kind="terraform", resources=(ResourceFact("a", "b", 1),))
    nested = scan_terraform(b"locals {" * 3000)
    assert nested.resources == ()
    assert len(nested.problems) == 1
    crlf = scan_terraform(b'resource "a" "b" {\r\n  engine = "mysql"\r\n}\r\n')
    assert crlf.resources == (ResourceFact("a", "b", 1, detail=(("engine", "mysql"),)),)


TF_JSON = b"""\
{
\t"terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}},
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "east"}], "google": {}},
  "resource": {
    "aws_db_instance": {
      "main": {
        "engine": "mysql",
        "allocated_storage": 20,
        "password": "hunter2",
        "engine_version": "${var.version}",
        "tags": {"note": "{{ not a template }}"}
      }
    }
  },
  "data": {"aws_ami": {"u": {}}},
  "module": {"net": {"source": "./modules/net"}}
}
"""


def test_json_configuration() -> None:
    assert scan_terraform_json(TF_JSON) == InfraFacts(
        kind="terraform",
        resources=(
            ResourceFact("provider", "aws", 2, detail=(("source", "hashicorp/aws"),)),
            ResourceFact("provider", "google", 3),
            ResourceFact(
                "aws_db_instance",
                "main",
                6,
                detail=(("engine", "mysql"), ("allocated_storage", "20")),
            ),
            ResourceFact("module", "net", 16, detail=(("source", "./modules/net"),)),
        ),
    )


def test_json_bad_input() -> None:
    assert scan_terraform_json(b"") == InfraFacts(kind="terraform")
    assert scan_terraform_json(b"[1, 2]") == InfraFacts(kind="terraform")
    broken = scan_terraform_json(b'{\n  "resource": {\n')
    assert broken.resources == ()
    assert [p.kind for p in broken.problems] == [ProblemKind.MALFORMED]
    deep = scan_terraform_json(b"[" * 5000)
    assert deep.resources == ()


def test_scanner_identity() -> None:
    assert TERRAFORM_SCANNER.name == "terraform"
    assert TERRAFORM_JSON_SCANNER.name == "terraform-json"
    for scanner in (TERRAFORM_SCANNER, TERRAFORM_JSON_SCANNER):
        assert scanner.version == 2  # 2: URLs with interpolated passwords, more worker flags
        assert scanner.fact_type is InfraFacts


_PIECES = [
    'resource "a" "b" {',
    'provider "x" {',
    "terraform {",
    "required_providers {",
    "}",
    "{",
    "]",
    ")",
    'x = "${a["}"]}"',
    "y = <<EOF",
    "y = <<-EOF",
    "EOF",
    "/*",
    "*/",
    '"',
    "# c",
    "a = { source = ",
    "$${",
    "%{ if x }",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=25),
    raw=st.binary(max_size=200),
)
def test_terraform_scanners_never_raise(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        for scan in (scan_terraform, scan_terraform_json):
            facts = scan(data)
            assert facts.kind == "terraform"
            assert all(p.path == "" for p in facts.problems)
            assert all(r.line > 0 for r in facts.resources)
