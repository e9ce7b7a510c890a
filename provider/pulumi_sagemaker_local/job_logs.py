"""A job's CloudWatch log streams, written into moto's logs backend as the job's state advances.

Each event carries the time of the transition that printed it (not the time it was written), so a
client that describes a job and then reads its logs sees everything up to now, stamped as a real
control plane would have stamped it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import moto_backends

GROUPS = {
    "training": "/aws/sagemaker/TrainingJobs",
    "processing": "/aws/sagemaker/ProcessingJobs",
    "transform": "/aws/sagemaker/TransformJobs",
}


@dataclass
class JobLog:
    kind: str  # training | processing | transform
    region: str
    scripted: list[str] | None = None  # LocalSageMaker.job_output(): the container prints exactly these
    streams: list[str] = field(default_factory=list)

    @property
    def group(self) -> str:
        return GROUPS[self.kind]

    def open(self, names: Sequence[str]) -> None:
        """The container started: its streams exist from now on (empty until written)."""
        self.streams = list(names)
        for name in names:
            moto_backends.put_log_events(self.region, self.group, name, [])

    def write(self, stream: str, lines: Sequence[str], at: float) -> None:
        if lines:
            moto_backends.put_log_events(self.region, self.group, stream, [(at, line) for line in lines])

    def write_all(self, lines: Sequence[str], at: float) -> None:
        """The same lines on every stream the job opened (each host printing them)."""
        for stream in self.streams:
            self.write(stream, lines, at)
