"""UpdateTrainingJob: a running job's profiler and remote debugging, and its warm pool's keep-alive.

As AWS has it: profiler and remote-debug changes only while the job is InProgress; the keep-alive
period also while the job's warm pool is alive after it completed (KeepAlivePeriodInSeconds after its
end). Anything else is refused with the job's status. The job's Describe shows the new values.
"""

from __future__ import annotations

from typing import Any

from . import lifecycle
from .errors import validation
from .training import TrainingService

_MEMBERS = ("ProfilerConfig", "ProfilerRuleConfigurations", "ResourceConfig", "RemoteDebugConfig")


class TrainingUpdateService:
    def __init__(self, training: TrainingService) -> None:
        self.training = training

    def update_training_job(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.training.state
        with state.lock:
            job = self.training._job(params["TrainingJobName"])
            changes = {k: params[k] for k in _MEMBERS if k in params}
            if not self._allowed(job, changes):
                raise validation(
                    f"The request was rejected because the training job is in status {job.status}."
                )
            request = job.request
            if "ResourceConfig" in changes:
                request["ResourceConfig"] = {**request.get("ResourceConfig", {}), **changes["ResourceConfig"]}
            if "ProfilerConfig" in changes:
                update = dict(changes["ProfilerConfig"])
                if update.pop("DisableProfiler", False):
                    request.pop("ProfilerConfig", None)
                else:
                    request["ProfilerConfig"] = {**request.get("ProfilerConfig", {}), **update}
            if "RemoteDebugConfig" in changes:
                request["RemoteDebugConfig"] = dict(changes["RemoteDebugConfig"])
            if "ProfilerRuleConfigurations" in changes:
                request["ProfilerRuleConfigurations"] = [
                    *request.get("ProfilerRuleConfigurations", []),
                    *changes["ProfilerRuleConfigurations"],
                ]
            job.modified = lifecycle.now()
            return {"TrainingJobArn": job.arn}

    @staticmethod
    def _allowed(job: Any, changes: dict[str, Any]) -> bool:
        if job.status == "InProgress":
            return True
        if set(changes) != {"ResourceConfig"} or job.status != "Completed" or job.end is None:
            return False
        keep_alive = job.request.get("ResourceConfig", {}).get("KeepAlivePeriodInSeconds") or 0
        return lifecycle.now() < job.end + keep_alive
