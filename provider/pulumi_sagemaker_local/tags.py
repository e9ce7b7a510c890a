"""AddTags, DeleteTags, ListTags on any resource of the local SageMaker, by ARN."""

from __future__ import annotations

from typing import Any

from .endpoints import EndpointService
from .errors import validation
from .listing import next_token, token_offset
from .state import State

_KINDS = {
    "training-job": "training_jobs",
    "hyper-parameter-tuning-job": "tuning_jobs",
    "transform-job": "transform_jobs",
    "processing-job": "processing_jobs",
    "model": "models",
    "endpoint-config": "endpoint_configs",
}


MAX_TAGS = 50  # per resource


def refuse_reserved(tags: list[dict[str, str]] | None) -> None:
    """Tag keys starting with `aws:` belong to AWS; no request may set them."""
    reserved = [t["Key"] for t in tags or () if t["Key"].lower().startswith("aws:")]
    if reserved:
        raise validation(
            "Tag keys starting with 'aws:' are reserved for system use and cannot be set: "
            + ", ".join(reserved)
        )


class TagService:
    def __init__(self, state: State, endpoints: EndpointService) -> None:
        self.state = state
        self.endpoints = endpoints

    def _existing(self, arn: str) -> str:
        """`arn` if it names a resource that exists; else the ValidationException AWS answers."""
        prefix = f"{self.state.arn('', '')[:-1]}"  # arn:aws:sagemaker:<region>:<account>:
        kind, _, name = arn.removeprefix(prefix).partition("/") if arn.startswith(prefix) else ("", "", "")
        if kind == "endpoint":
            found = self.endpoints.find(name) is not None
        elif kind in _KINDS:
            found = name in getattr(self.state, _KINDS[kind])
        else:
            found = False
        if not found:
            raise validation(f"Resource {arn} not found.")
        return arn

    def add_tags(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            arn = self._existing(params["ResourceArn"])
            refuse_reserved(params["Tags"])
            keys = set(self.state.tags.get(arn, {})) | {t["Key"] for t in params["Tags"]}
            if len(keys) > MAX_TAGS:
                raise validation(
                    f"Resource {arn} would have {len(keys)} tags; a resource can have at most {MAX_TAGS}."
                )
            self.state.set_tags(arn, params["Tags"])
            return {"Tags": params["Tags"]}

    def delete_tags(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            arn = self._existing(params["ResourceArn"])
            current = self.state.tags.get(arn, {})
            for key in params["TagKeys"]:
                current.pop(key, None)
            return {}

    def list_tags(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            arn = self._existing(params["ResourceArn"])
            tags = [{"Key": k, "Value": v} for k, v in self.state.tags.get(arn, {}).items()]
        start = token_offset(params.get("NextToken"))
        size = params.get("MaxResults", 50)
        more = start + size < len(tags)
        return {"Tags": tags[start : start + size], "NextToken": next_token(start + size) if more else None}
