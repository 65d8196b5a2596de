"""CI workflow scanners: GitHub Actions and GitLab CI bytes in, jobs and deploy steps out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archscribe.model.facts import (
    EnvSetting,
    InfraFacts,
    ProblemKind,
    ResourceFact,
    ServiceFact,
)
from archscribe.scanners.ci_workflows import (
    GITHUB_ACTIONS_SCANNER,
    GITLAB_CI_SCANNER,
    scan_github_actions,
    scan_gitlab_ci,
)

PROD = (("environment", "production"),)

WORKFLOW = b"""\
name: CI
on:
  push:
    branches: [main]
env:
  DATABASE_URL: postgres://app:hunter2@db:5432/app
jobs:
  test:
    runs-on: ubuntu-latest
    container: python:3.12-slim
    services:
      postgres:
        image: postgres:16
        ports: ["5432:5432"]
        env:
          POSTGRES_PASSWORD: ${{ secrets.PG_PASSWORD }}
      redis:
        image: redis:7
        ports:
          - 6379/tcp
    steps:
      - uses: actions/checkout@v4
      - run: pytest -q
  deploy:
    needs: test
    runs-on: ubuntu-latest
    container:
      image: ${{ matrix.image }}
    environment:
      name: production
      url: https://example.com
    env:
      REDIS_URL: redis://redis:6379/0
    steps:
      - uses: superfly/flyctl-actions/setup-flyctl@master
      - name: Deploy
        run: |
          echo "deploying"
          # kubectl apply -f old/
          sudo -E kubectl -n prod apply -f k8s/ && helm --debug upgrade app ./chart
          docker build -t app . \\
            --label x='{{.Id}}'
          docker push app
      - uses: docker/build-push-action@v5
        with:
          push: ${{ github.ref == 'refs/heads/main' }}
      - uses: docker/build-push-action@v5
      - run: curl -fsS -X POST "${{ secrets.RENDER_DEPLOY_HOOK_URL }}"
  docs:
    environment: github-pages
    steps:
      - uses: actions/deploy-pages@v4
"""


def test_github_workflow_jobs_services_and_deploy_steps() -> None:
    assert scan_github_actions(WORKFLOW) == InfraFacts(
        kind="github-actions",
        services=(
            ServiceFact("test", 8, "ci-job", "python:3.12-slim"),
            ServiceFact(
                "postgres",
                12,
                "ci-service",
                "postgres:16",
                ports=(5432,),
                env=(EnvSetting("POSTGRES_PASSWORD", 16, secret=True),),
                test_only=True,
            ),
            ServiceFact("redis", 17, "ci-service", "redis:7", ports=(6379,), test_only=True),
            ServiceFact(
                "deploy",
                24,
                "ci-job",
                "${{ matrix.image }}",
                env=(EnvSetting("REDIS_URL", 33, scheme="redis", host="redis"),),
                environment="production",
            ),
            ServiceFact("docs", 49, "ci-job", environment="github-pages"),
        ),
        resources=(
            ResourceFact("deploy-step", "kubectl", 40, "deploy", PROD),
            ResourceFact("deploy-step", "helm", 40, "deploy", PROD),
            ResourceFact("deploy-step", "docker", 43, "deploy", PROD),
            ResourceFact(
                "deploy-step",
                "docker",
                44,
                "deploy",
                (*PROD, ("uses", "docker/build-push-action")),
            ),
            ResourceFact("deploy-step", "render", 48, "deploy", PROD),
            ResourceFact(
                "deploy-step",
                "github-pages",
                52,
                "docs",
                (("environment", "github-pages"), ("uses", "actions/deploy-pages")),
            ),
        ),
        env=(EnvSetting("DATABASE_URL", 6, scheme="postgres", host="db", secret=True),),
        environments=("production", "github-pages"),
    )


@pytest.mark.parametrize(
    ("command", "tool"),
    [
        ("kubectl apply -f k8s/", "kubectl"),
        ("kubectl -n prod rollout status deployment/web", "kubectl"),
        ("kubectl set image deployment/web web=app:1", "kubectl"),
        ("helm --debug upgrade --install app ./chart", "helm"),
        ("helm install app ./chart", "helm"),
        ("flyctl deploy --remote-only", "flyctl"),
        ("fly deploy", "flyctl"),
        ("gcloud beta run deploy web --image gcr.io/p/web", "gcloud"),
        ("gcloud --project my-project app deploy app.yaml", "gcloud"),
        ("aws ecs update-service --cluster c --service s", "aws"),
        ("aws --region eu-west-1 ecr get-login-password", "aws"),
        ("aws s3 sync dist/ s3://bucket", "aws"),
        ("aws cloudformation deploy --template-file t.yml", "aws"),
        ("terraform -chdir=infra apply -auto-approve", "terraform"),
        ("npx serverless deploy --stage prod", "serverless"),
        ("sls deploy", "serverless"),
        ("docker push registry/app:1", "docker"),
        ("docker image push registry/app:1", "docker"),
        ("heroku container:release web", "heroku"),
        ("git push heroku main", "heroku"),
        ("git push https://heroku:$KEY@git.heroku.com/app.git HEAD:main", "heroku"),
        ("ansible-playbook -i hosts site.yml", "ansible-playbook"),
        ("poetry run ansible-playbook site.yml", "ansible-playbook"),
        ("FOO=1 BAR=2 /usr/local/bin/kubectl apply -f x", "kubectl"),
        ('curl -X POST "$RENDER_DEPLOY_HOOK_URL"', "render"),
        ("curl https://api.render.com/deploy/srv-abc?key=secret", "render"),
        ("if helm upgrade app ./chart; then echo ok; fi", "helm"),
        ("make build | tee log && docker push app", "docker"),
        # look-alikes: tools that do not deploy, or deploy words that are not a tool
        ("kubectl get pods", ""),
        ("kubectl diff -f k8s/", ""),
        ("helm lint ./chart", ""),
        ("helm repo add bitnami https://charts.bitnami.com", ""),
        ("docker build -t app .", ""),
        ("terraform plan", ""),
        ("terraform init -backend-config=prod.hcl", ""),
        ("aws s3 cp a s3://b", ""),
        ("gcloud auth activate-service-account", ""),
        ("fly status", ""),
        ("echo kubectl apply -f x", ""),
        ("# kubectl apply -f x", ""),
        ("pytest # then kubectl apply", ""),
        ("curl https://example.com/deploy", ""),
        ("git push origin main", ""),
        ("npm run deploy", ""),
        ("./deploy.sh --prod", ""),
        ("", ""),
    ],
)
def test_deploy_commands(command: str, tool: str) -> None:
    workflow = f"jobs:\n  ship:\n    steps:\n      - run: |\n          echo\n          {command}\n"
    facts = scan_github_actions(workflow.encode())
    assert facts.problems == ()
    assert [(r.name, r.line) for r in facts.resources] == ([(tool, 6)] if tool else [])


@pytest.mark.parametrize(
    ("step", "tool"),
    [
        ("uses: superfly/flyctl-actions@1.4", "flyctl"),
        ("uses: google-github-actions/deploy-cloudrun@v2", "gcloud"),
        ("uses: aws-actions/amazon-ecs-deploy-task-definition@v1", "aws"),
        ("uses: Azure/webapps-deploy@v3", "az"),
        ("uses: appleboy/ssh-action@v1.0.3", "ssh"),
        ("uses: docker/build-push-action@v5\n        with: {push: true}", "docker"),
        # look-alikes: setup and login actions, and a build that does not push
        ("uses: superfly/flyctl-actions/setup-flyctl@master", ""),
        ("uses: google-github-actions/auth@v2", ""),
        ("uses: aws-actions/configure-aws-credentials@v4", ""),
        ("uses: docker/build-push-action@v5", ""),
        ("uses: docker/build-push-action@v5\n        with: {push: false}", ""),
        ("uses: ./.github/actions/deploy", ""),
    ],
)
def test_deploy_actions(step: str, tool: str) -> None:
    facts = scan_github_actions(f"jobs:\n  ship:\n    steps:\n      - {step}\n".encode())
    assert [resource.name for resource in facts.resources] == ([tool] if tool else [])
    assert all(resource.line == 4 for resource in facts.resources)


def test_folded_and_quoted_scripts_keep_the_first_line() -> None:
    facts = scan_github_actions(
        b"jobs:\n  a:\n    steps:\n      - run: >\n          helm upgrade app\n"
        b'          ./chart\n      - run: "kubectl apply\n          -f x"\n'
    )
    assert [(r.name, r.line) for r in facts.resources] == [("helm", 5), ("kubectl", 7)]


def test_github_not_a_workflow_and_bad_input() -> None:
    assert scan_github_actions(b"") == InfraFacts(kind="")
    assert scan_github_actions(b"name: x\nruns:\n  using: composite\n") == InfraFacts(kind="")
    assert scan_github_actions(b"- jobs\n- steps\n") == InfraFacts(kind="")
    broken = scan_github_actions(b"jobs:\n  a:\n    steps: [\n")
    assert broken.kind == "github-actions"
    assert [(p.kind, p.line) for p in broken.problems] == [(ProblemKind.MALFORMED, 4)]
    latin = scan_github_actions(b"# caf\xe9\njobs:\n  a:\n    runs-on: x\n")
    assert latin.services == (ServiceFact("a", 3, "ci-job"),)
    assert [p.kind for p in latin.problems] == [ProblemKind.NOT_UTF8]
    deep = scan_github_actions(b"jobs: " + b"[" * 3000)
    assert deep.services == ()
    assert deep.problems
    odd = scan_github_actions(b"jobs:\n  a: [1, 2]\n  b: plain\n  c:\n    steps: {x: 1}\n")
    assert [s.name for s in odd.services] == ["a", "b", "c"]
    assert odd.resources == ()


def test_github_expressions_are_not_taken_for_templates() -> None:
    facts = scan_github_actions(
        b"jobs:\n  a:\n    environment: ${{ inputs.env }}\n    steps:\n"
        b"      - run: docker inspect --format '{{.Id}}' x\n"
    )
    assert facts.problems == ()
    assert facts.environments == ("${{ inputs.env }}",)


GITLAB = b"""\
stages: [test, deploy]
variables:
  PIP_CACHE_DIR: .cache
  SECRET_KEY:
    value: not-kept
    description: the key
image: python:3.12
services:
  - postgres:16
.deploy:
  image: alpine:3
  environment: {name: staging, url: https://staging.example.com}
  services:
    - name: bitnami/redis:7
  script:
    - apk add kubectl
    - kubectl apply -f k8s/
    - kubectl rollout status deployment/web
.hidden:
  script: [terraform apply -auto-approve]
test:
  services:
    - name: docker:dind
      alias: docker,dind
      variables:
        DOCKER_TLS_CERTDIR: ""
  script:
    - pytest
deploy_staging:
  extends: .deploy
deploy_prod:
  extends: [.deploy]
  environment: production
  variables:
    HEROKU_API_KEY: $KEY
  script: |
    echo "shipping"
    git push heroku main
cache:
  paths: [.cache]
"""


def test_gitlab_jobs_templates_services_and_deploy_steps() -> None:
    redis = ServiceFact("bitnami-redis", 14, "ci-service", "bitnami/redis:7", test_only=True)
    assert scan_gitlab_ci(GITLAB) == InfraFacts(
        kind="gitlab-ci",
        services=(
            ServiceFact("postgres", 9, "ci-service", "postgres:16", test_only=True),
            ServiceFact("test", 21, "ci-job", "python:3.12"),
            ServiceFact(
                "docker",
                23,
                "ci-service",
                "docker:dind",
                env=(EnvSetting("DOCKER_TLS_CERTDIR", 26),),
                test_only=True,
            ),
            ServiceFact("deploy_staging", 29, "ci-job", "alpine:3", environment="staging"),
            redis,
            ServiceFact(
                "deploy_prod",
                31,
                "ci-job",
                "alpine:3",
                env=(EnvSetting("HEROKU_API_KEY", 35, secret=True),),
                environment="production",
            ),
        ),
        resources=(
            ResourceFact(
                "deploy-step", "kubectl", 17, "deploy_staging", (("environment", "staging"),)
            ),
            ResourceFact("deploy-step", "heroku", 38, "deploy_prod", PROD),
        ),
        env=(EnvSetting("PIP_CACHE_DIR", 3), EnvSetting("SECRET_KEY", 4, secret=True)),
        environments=("staging", "production"),
    )


def test_gitlab_default_section_references_and_cycles() -> None:
    facts = scan_gitlab_ci(
        b"spec:\n  inputs:\n    env: {}\n---\n"
        b"default:\n  image: node:20\n  services: [redis:7]\n"
        b".a:\n  extends: .b\n.b:\n  extends: .a\n"
        b"loop:\n  extends: .a\n"
        b"build:\n  script:\n    - !reference [.setup, script]\n"
        b"    - - npm ci\n      - npx sls deploy\n"
        b"trigger_child:\n  trigger: {include: child.yml}\n"
        b"not_a_job:\n  when: manual\n"
    )
    assert facts.services == (
        ServiceFact("redis", 7, "ci-service", "redis:7", test_only=True),
        ServiceFact("loop", 12, "ci-job", "node:20"),
        ServiceFact("build", 14, "ci-job", "node:20"),
        ServiceFact("trigger_child", 19, "ci-job", "node:20"),
    )
    assert facts.resources == (ResourceFact("deploy-step", "serverless", 18, "build"),)


def test_gitlab_not_a_pipeline_and_bad_input() -> None:
    assert scan_gitlab_ci(b"") == InfraFacts(kind="")
    assert scan_gitlab_ci(b"- a\n- b\n") == InfraFacts(kind="")
    assert scan_gitlab_ci(b"include:\n  - local: ci/*.yml\n") == InfraFacts(kind="gitlab-ci")
    broken = scan_gitlab_ci(b"job:\n  script: [\n")
    assert broken.kind == "gitlab-ci"
    assert [p.line for p in broken.problems] == [3]
    # A commented-out deploy is not a deploy; a job with no script is not a job.
    quiet = scan_gitlab_ci(b"# deploy:\n#   script: [kubectl apply -f x]\nlint:\n  stage: test\n")
    assert quiet == InfraFacts(kind="gitlab-ci")


def test_fastapi_cloud_deploy_through_a_runner() -> None:
    facts = scan_github_actions(
        b"jobs:\n  deploy:\n    steps:\n      - run: uv run fastapi deploy\n"
        b"      - run: uv run fastapi run app/main.py\n"
    )
    assert [(r.kind, r.name, r.line) for r in facts.resources] == [("deploy-step", "fastapi", 4)]


def test_scanner_identity() -> None:
    assert GITHUB_ACTIONS_SCANNER.name == "github-actions"
    assert GITLAB_CI_SCANNER.name == "gitlab-ci"
    for scanner in (GITHUB_ACTIONS_SCANNER, GITLAB_CI_SCANNER):
        assert scanner.version == 3  # 2: URLs with interpolated passwords; 3: fastapi deploy
        assert scanner.fact_type is InfraFacts


_PIECES = [
    "jobs:",
    "  a:",
    "    steps:",
    "      - run: |",
    "          kubectl apply && helm upgrade ; sh -c 'x",
    "      - uses: docker/build-push-action@v5",
    "    services: {db: {image: x, ports: [a, '1:2', 99999]}}",
    "    environment: {name: [1]}",
    "deploy:",
    "  extends: [.x, .y]",
    "  script: [`kubectl` apply \\]",
    "  services: [{alias: 1}, [x]]",
    "${{ }}",
    "{{",
    "&a [*a]",
    ":",
    "\t",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=20),
    raw=st.binary(max_size=200),
)
def test_ci_scanners_never_raise(lines: list[str], raw: bytes) -> None:
    for data in ("\n".join(lines).encode(), raw):
        for scan in (scan_github_actions, scan_gitlab_ci):
            facts = scan(data)
            assert facts.kind in ("", "github-actions", "gitlab-ci")
            assert all(p.path == "" for p in facts.problems)
            assert all(r.line > 0 for r in facts.resources)
            assert all(s.line > 0 for s in facts.services)
