"""The policy pack driven as the Pulumi engine drives it: policy/__main__.py started as a plugin process
(it prints its port), then ConfigureAnalyzer with an environment's policy config and one Analyze per
resource, with the resource's inputs as the engine sends them (unknowns as the engine's sentinel)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2
from pulumi.output import Unknown
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc
from pulumi.runtime.rpc import UNKNOWN
from pulumi_sagemaker.testing.state import Declared

POLICY_DIR = Path(__file__).resolve().parents[1] / "policy"
LEVELS = {"advisory": 0, "mandatory": 1, "disabled": 2, "remediate": 3}


@dataclass(frozen=True)
class Violation:
    policy: str
    message: str
    mandatory: bool


def _wire(value: Any) -> Any:
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def struct(props: dict[str, Any]) -> struct_pb2.Struct:
    return json_format.ParseDict(_wire(props), struct_pb2.Struct())


class PolicyPackServer:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(POLICY_DIR / "__main__.py")],
            cwd=POLICY_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        port = int(self.process.stdout.readline().strip())
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self.channel)

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        from google.protobuf import empty_pb2

        return self.stub.GetAnalyzerInfo(empty_pb2.Empty())

    def configure(self, config: dict[str, Any]) -> None:
        policies = {}
        for name, value in config.items():
            value = {"enforcementLevel": value} if isinstance(value, str) else dict(value)
            level = LEVELS[value.pop("enforcementLevel", "mandatory")]
            policies[name] = analyzer_pb2.PolicyConfig(enforcementLevel=level, properties=struct(value))
        self.stub.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policies))

    def analyze(self, resource: Declared) -> list[Violation]:
        request = analyzer_pb2.AnalyzeRequest(
            type=resource.type,
            properties=struct(resource.inputs),
            urn=resource.urn,
            name=resource.name,
            options=analyzer_pb2.AnalyzerResourceOptions(protect=resource.protect, parent=resource.parent),
        )
        answer = self.stub.Analyze(request)
        return [
            Violation(d.policyName, d.message, d.enforcementLevel == LEVELS["mandatory"])
            for d in answer.diagnostics
        ]

    def analyze_all(self, declared: list[Declared]) -> dict[str, list[Violation]]:
        found = {}
        for resource in declared:
            violations = self.analyze(resource)
            if violations:
                found[resource.name] = violations
        return found

    def close(self) -> None:
        self.channel.close()
        self.process.terminate()
        self.process.wait(timeout=10)
