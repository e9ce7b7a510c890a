"""Models and endpoint configurations: static records, created, described, listed, deleted.

Errors follow SageMaker: duplicates and unknown names are ValidationException with the
resource's ARN quoted ('Could not find model "arn:..."').
"""

from __future__ import annotations

from typing import Any

from . import existence, lifecycle, semantics
from .errors import validation
from .listing import page
from .state import EndpointConfig, Model, State


def missing_model(state: State, name: str) -> Exception:
    return validation(f'Could not find model "{state.arn("model", name)}".')


def missing_config(state: State, name: str) -> Exception:
    return validation(f'Could not find endpoint configuration "{state.arn("endpoint-config", name)}".')


class HostingService:
    def __init__(self, state: State) -> None:
        self.state = state

    # -- models ----------------------------------------------------------------------------

    def create_model(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        name = params["ModelName"]
        with state.lock:
            arn = state.arn("model", name)
            if name.lower() in state.models:
                raise validation(f'Cannot create already existing model "{arn}".')
            # botocore makes both optional (and an empty list valid); SageMaker needs one or the other.
            primary, containers = params.get("PrimaryContainer"), params.get("Containers")
            if not primary and not containers:
                raise validation("A model needs a PrimaryContainer or at least one of Containers.")
            if primary and containers is not None:
                raise validation("Specify either PrimaryContainer or Containers, not both.")
            if state.checks_existence:
                semantics.refuse(existence.model(params, state.region))
            request = {k: v for k, v in params.items() if k != "Tags"}
            state.models[name.lower()] = Model(name, arn, request, lifecycle.now())
            state.set_tags(arn, params.get("Tags"))
            return {"ModelArn": arn}

    def _model(self, name: str) -> Model:
        model = self.state.models.get(name.lower())
        if model is None:
            raise missing_model(self.state, name)
        return model

    def describe_model(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            model = self._model(params["ModelName"])
            out = {"EnableNetworkIsolation": False, **model.request}
            out.update(ModelName=model.name, ModelArn=model.arn, CreationTime=model.created)
            return out

    def delete_model(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            model = self._model(params["ModelName"])
            # SageMaker lets a model go while endpoints use it: they keep serving.
            del self.state.models[model.name.lower()]
            self.state.drop_tags(model.arn)
            return {}

    def list_models(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            summaries = [
                {"ModelName": m.name, "ModelArn": m.arn, "CreationTime": m.created}
                for m in self.state.models.values()
            ]
        chunk, token = page(summaries, params, name_field="ModelName", operation="ListModels")
        return {"Models": chunk, "NextToken": token}

    # -- endpoint configurations -----------------------------------------------------------

    def create_endpoint_config(self, params: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        name = params["EndpointConfigName"]
        with state.lock:
            arn = state.arn("endpoint-config", name)
            if name.lower() in state.endpoint_configs:
                raise validation(f'Cannot create already existing endpoint configuration "{arn}".')
            variants = params["ProductionVariants"] + params.get("ShadowProductionVariants", [])
            names = [v["VariantName"] for v in variants]
            if len(set(names)) != len(names):
                raise validation("Variant names must be unique within an endpoint configuration.")
            semantics.refuse(semantics.endpoint_config(params))
            for variant in variants:
                model = variant.get("ModelName")
                if model is not None and model.lower() not in state.models:
                    raise missing_model(state, model)
            request = {k: v for k, v in params.items() if k != "Tags"}
            state.endpoint_configs[name.lower()] = EndpointConfig(name, arn, request, lifecycle.now())
            state.set_tags(arn, params.get("Tags"))
            return {"EndpointConfigArn": arn}

    def endpoint_config(self, name: str) -> EndpointConfig:
        config = self.state.endpoint_configs.get(name.lower())
        if config is None:
            raise missing_config(self.state, name)
        return config

    def describe_endpoint_config(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            config = self.endpoint_config(params["EndpointConfigName"])
            out = dict(config.request)
            out.update(
                EndpointConfigName=config.name,
                EndpointConfigArn=config.arn,
                CreationTime=config.created,
            )
            return out

    def delete_endpoint_config(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            config = self.endpoint_config(params["EndpointConfigName"])
            # Allowed while an endpoint uses it, as in SageMaker (the endpoint keeps serving).
            del self.state.endpoint_configs[config.name.lower()]
            self.state.drop_tags(config.arn)
            return {}

    def list_endpoint_configs(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.state.lock:
            summaries = [
                {"EndpointConfigName": c.name, "EndpointConfigArn": c.arn, "CreationTime": c.created}
                for c in self.state.endpoint_configs.values()
            ]
        chunk, token = page(
            summaries, params, name_field="EndpointConfigName", operation="ListEndpointConfigs"
        )
        return {"EndpointConfigs": chunk, "NextToken": token}
