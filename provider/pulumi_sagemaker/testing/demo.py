"""`python -m pulumi_sagemaker.testing demo`: deploy the demo stack to a local SageMaker.

With the Pulumi CLI on PATH this is a real `pulumi up -s local` (Automation API, state in a local
file backend under `.pulumi-local/`). Without it, as on this project's build machines, the same program
runs through the offline rig (`pulumi_sagemaker.testing.run`), and the output says so.

Either way the local SageMaker checks that roles and S3 data exist, as AWS does: a stack passes only
with the roles, buckets and data it makes itself, and what it names as already in the account (the
project's `local-account.yaml`, see `Account`), which the demo makes in the local AWS first.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pulumi_sagemaker_local import LocalSageMaker, Timings

# The CLI stack's config (Pulumi.local.yaml) names this port for every local endpoint.
CLI_PORT = 4566
# Slow enough to watch the progress lines, fast enough for a demo.
DEMO_TIMINGS = Timings(
    training_phase=1.0, stop=0.5, endpoint_create=2.0, endpoint_update=2.0, endpoint_delete=0.5
)


def stack_config(project_dir: Path, stack: str) -> dict[str, str]:
    """A stack's config as the engine hands it to programs: structured values JSON-encoded."""
    path = project_dir / f"Pulumi.{stack}.yaml"
    raw = (yaml.safe_load(path.read_text()) or {}).get("config", {}) if path.exists() else {}
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in raw.items()}


@dataclass(frozen=True)
class Project:
    """A Pulumi project folder as the CLI reads it: Pulumi.yaml's `name` and `main`."""

    directory: Path
    name: str
    main: Path  # the file Pulumi runs (`main`, or its __main__.py when `main` is a folder)

    @classmethod
    def load(cls, directory: Path) -> Project:
        settings = yaml.safe_load((directory / "Pulumi.yaml").read_text()) or {}
        main = directory / (settings.get("main") or ".")
        return cls(directory, settings["name"], main / "__main__.py" if main.is_dir() else main)

    def program(self) -> Callable[[], None]:
        """The main file's `program` function. The file is imported as Pulumi runs it (its folder on
        sys.path, for its sibling modules) but under another name than __main__, so that its
        `if __name__ == "__main__": program()` leaves the running to the rig."""
        folder = str(self.main.parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        spec = importlib.util.spec_from_file_location(f"pulumi_program_{self.name}", self.main)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if not callable(getattr(module, "program", None)):
            raise AttributeError(f"{self.main} defines no program() for the offline rig to run")
        return module.program


ACCOUNT_FILE = "local-account.yaml"


@dataclass(frozen=True)
class Account:
    """What a project's local stack takes as already in the AWS account, as a user has it on AWS: IAM
    roles (trusting SageMaker) and S3 objects the program names but does not make. Read from the
    project's `local-account.yaml` (`roles:` and `objects:`, lists of ARNs and s3:// URIs); none if
    there is no such file."""

    roles: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()

    @classmethod
    def load(cls, project_dir: Path) -> Account:
        path = project_dir / ACCOUNT_FILE
        if not path.exists():
            return cls()
        raw = yaml.safe_load(path.read_text()) or {}
        listed: dict[str, tuple[str, ...]] = {}
        for key, value in raw.items() if isinstance(raw, dict) else [("(the file)", raw)]:
            if key not in ("roles", "objects"):
                raise ValueError(
                    f"{path}: {key}: not a key of this file (roles: [ARN...], objects: [s3://...])"
                )
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError(f"{path}: {key}: must be a list of strings, got {value!r}")
            listed[key] = tuple(value)
        return cls(**listed)

    def make(self, local: LocalSageMaker) -> None:
        """Make the roles and objects exist in `local`'s IAM and S3 (objects empty: SageMaker looks
        for their existence)."""
        for arn in self.roles:
            local.create_role(arn)
        for uri in self.objects:
            local.put_object(uri)


def _count(items: tuple[str, ...], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def run_offline(project_dir: Path, stack: str, local: LocalSageMaker) -> Mapping[str, Any]:
    from .program import run

    project = Project.load(project_dir)
    config = {**stack_config(project_dir, stack), **local.config}
    result = run(project.program(), config=config, project=project.name, stack=stack)
    print("\nResources:")
    for operation, name in result.operations:
        print(f"  {operation:8} {name}")
    return result.outputs


def run_cli(project_dir: Path, stack: str) -> Mapping[str, Any]:
    from pulumi import automation as auto

    backend = project_dir / ".pulumi-local"
    backend.mkdir(exist_ok=True)
    workspace = auto.LocalWorkspaceOptions(
        env_vars={"PULUMI_BACKEND_URL": backend.resolve().as_uri(), "PULUMI_CONFIG_PASSPHRASE": ""}
    )
    pulumi_stack = auto.create_or_select_stack(stack_name=stack, work_dir=str(project_dir), opts=workspace)
    result = pulumi_stack.up(on_output=print)
    return {k: v.value for k, v in result.outputs.items()}


def invoke(local: LocalSageMaker, endpoint_name: str, region: str | None = None) -> str:
    """What the seed article does with `aws sagemaker-runtime invoke-endpoint` once the endpoint serves.

    `region` is the endpoint's (the local SageMaker, like AWS, finds it only there); by default the
    server's.
    """
    runtime = local.client("sagemaker-runtime", region_name=region or local.region)
    answer = runtime.invoke_endpoint(
        EndpointName=endpoint_name, ContentType="text/csv", Body=",".join(["0"] * 784).encode()
    )
    return answer["Body"].read().decode()


def region_of_runtime_url(url: str) -> str | None:
    """The region of an endpoint's invocation URL (`https://runtime.sagemaker.<region>.<suffix>/...`)."""
    found = re.match(r"https://runtime\.sagemaker\.([a-z0-9-]+)\.", url)
    return found.group(1) if found else None


def main(project_dir: Path | None = None, stack: str = "local") -> int:
    project_dir = (project_dir or Path.cwd()).resolve()
    cli = shutil.which("pulumi")
    account = Account.load(project_dir)
    with LocalSageMaker(timings=DEMO_TIMINGS, port=CLI_PORT if cli else 0, check_existence=True) as local:
        print(f"Local SageMaker listening on {local.endpoint_url}")
        print(
            "Existence checks on, as on AWS: a missing or untrusting role, an input prefix with no "
            "object or missing model data is refused."
        )
        account.make(local)
        if account.roles or account.objects:
            print(
                f"Made what the stack takes as already in the account ({ACCOUNT_FILE}): "
                f"{_count(account.roles, 'role')}, {_count(account.objects, 'S3 object')}."
            )
        if cli:
            print(f"Pulumi CLI found ({cli}): running `pulumi up -s {stack}` against it.")
            outputs = run_cli(project_dir, stack)
        else:
            main = Project.load(project_dir).main.relative_to(project_dir)
            print(
                f"No Pulumi CLI on PATH: running the same program ({main}) through the offline rig "
                "(pulumi_sagemaker.testing.run: Pulumi mocks with the real SageMaker providers)."
            )
            outputs = run_offline(project_dir, stack, local)
        if outputs.get("endpoint_name"):
            print(f"\nInvoking {outputs['endpoint_name']} with one MNIST image (784 CSV features):")
            region = region_of_runtime_url(str(outputs.get("endpoint_url") or "")) or local.region
            print(f"  prediction: {invoke(local, str(outputs['endpoint_name']), region)}")
    print("\nStack outputs:")
    for key, value in outputs.items():
        print(f"  {key}: {value}")
    return 0
