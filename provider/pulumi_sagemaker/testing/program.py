"""Run a Pulumi program with its real dynamic providers and no CLI: `run`, `refresh`.

How a run works:
- The program runs under `pulumi.runtime.set_mocks` with `Deployment` (see `_deployment`) as the
  Mocks: dynamic resources go through their provider's real hooks (check, create, diff, update,
  delete), everything else gets a small generic fake. State is carried from run to run in `State`.
- The program is started by the SDK's own entrypoint, `pulumi.runtime.stack.run_in_stack`, the
  function `python -m pulumi` runs a program with: it creates the root `Stack`, runs the program
  (sync, or async through `pulumi.run`), registers the stack outputs and waits for every RPC and
  every output to settle.
- Stack outputs are read where the engine reads them: from the root stack's
  `RegisterResourceOutputs` call (intercepted in `_deployment.Monitor`). By then the SDK has awaited
  and serialised every exported value, so they are fully resolved (or unknown in a preview).
- Isolation: every run (and refresh) happens on a thread of its own, in a brand-new
  `contextvars.Context` with a brand-new event loop. Pulumi keeps its runtime globals (settings,
  monitor, root stack, config, the output registry) in ContextVars, so nothing leaks from one run to
  the next, a failed run cannot poison the next one, and the caller's event loop is never touched.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.runtime import config as runtime_config
from pulumi.runtime import settings
from pulumi.runtime.mocks import set_mocks
from pulumi.runtime.stack import run_in_stack

from . import _wire
from ._deployment import STACK_TYPE, CheckFailed, Deployment, Monitor
from ._hooks import ProviderCache
from .engine import urn as make_urn
from .state import ResourceError, ResourceState, RunResult, State

__all__ = ["ResourceError", "ResourceState", "RunResult", "State", "refresh", "run"]

T = TypeVar("T")

Program = Callable[[], Any]

# Stands in for a root resource while `set_mocks` runs: given none, set_mocks creates a Stack and
# finishes it at once (registering empty outputs), while `run_in_stack` must create the real one.
_NOT_YET = object()


def run(
    program: Program,
    *,
    config: Mapping[str, Any] | None = None,
    state: State | None = None,
    preview: bool = False,
    project: str = "demo",
    stack: str = "local",
) -> RunResult:
    """Run `program` as `pulumi up` (or `pulumi preview` with `preview=True`) would.

    `config` keys are full keys ("aws:region", "demo:size"); a key without a namespace gets the
    project's. Non-string values are JSON-encoded as the CLI stores structured config. `state` is
    not modified; the new state is in the result (a preview returns the prior state unchanged).
    Raises `ResourceError` (with `.state`) when a provider hook, a check or the program fails.
    """
    cfg = _config(config, project)
    prior = state.copy() if state is not None else State()
    deployment = Deployment(prior.copy(), cfg, project, preview)
    result = _isolated(lambda: _execute(program, deployment, cfg, project, stack, preview))
    if preview:
        result.state = prior
    return result


def refresh(
    state: State,
    *,
    config: Mapping[str, Any] | None = None,
    project: str = "demo",
    stack: str = "local",
) -> RunResult:
    """`pulumi refresh`: `read` every dynamic resource; drop those whose read returns no id; clear the
    pending operations an interrupted run left.

    Operations: ("clear", name) for each pending operation, ("read", name) for every read, then
    ("delete", name) for a resource found gone.
    Outputs (and inputs, when the provider returns some) are replaced by what `read` returned.
    """
    cfg = _config(config, project)
    deployment = Deployment(State(), cfg, project, preview=False)
    return _isolated(lambda: _refresh(state.copy(), deployment, cfg, project, stack))


# -- internals -------------------------------------------------------------------------------------


def _config(config: Mapping[str, Any] | None, project: str) -> dict[str, str]:
    out = {}
    for key, value in (config or {}).items():
        full = key if ":" in key else f"{project}:{key}"
        out[full] = value if isinstance(value, str) else json.dumps(value)
    return out


def _isolated(fn: Callable[[], T]) -> T:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulumi-rig") as pool:
        return pool.submit(contextvars.Context().run, fn).result()


def _install_runtime(
    deployment: Deployment, cfg: dict[str, str], project: str, stack: str, preview: bool
) -> None:
    """Point the (context-local) Pulumi runtime at this deployment."""
    settings.ROOT.set(_NOT_YET)  # type: ignore[arg-type]
    set_mocks(deployment, project=project, stack=stack, preview=preview, monitor=Monitor(deployment))
    settings.ROOT.set(None)
    # The output registry and its lock are created once at import and would be shared by every
    # context that never set them; wait_for_rpcs must only see this run's outputs.
    # (The SDK types these attributes as its context-property descriptors, not as what they hold.)
    settings.SETTINGS.outputs = set()  # type: ignore[assignment]
    settings.SETTINGS.lock = threading.Lock()  # type: ignore[assignment]
    runtime_config.set_all_config(dict(cfg), [])


def _execute(
    program: Program, deployment: Deployment, cfg: dict[str, str], project: str, stack: str, preview: bool
) -> RunResult:
    loop = _new_loop(deployment)
    try:
        _install_runtime(deployment, cfg, project, stack, preview)
        stack_urn = make_urn(STACK_TYPE, f"{project}-{stack}", project, stack)
        if deployment.prior.pending_operations and not preview:
            raise ResourceError(stack_urn, interrupted(deployment.prior), deployment.prior.copy(), None, [])
        try:
            deployment.delete_pending()
            loop.run_until_complete(run_in_stack(program))
        except Exception as exc:
            raise _failed(deployment, stack_urn, exc) from _cause(deployment, exc)
        if deployment.failure is not None:  # a failure the program swallowed still fails the update
            raise _failed(deployment, stack_urn, deployment.failure[1]) from deployment.failure[1]
        try:
            deployment.delete_leftovers()
        except Exception as exc:
            raise _failed(deployment, stack_urn, exc) from _cause(deployment, exc)
        outputs, secret = _wire.split_secrets(deployment.stack_outputs or {})
        state = deployment.checkpoint()
        state.outputs = dict(deployment.stack_outputs or {})  # secrets kept marked, as the engine keeps them
        return RunResult(
            outputs=outputs,
            state=state,
            operations=list(deployment.operations),
            secret_outputs=frozenset(secret),
            preview=preview,
            declared=list(deployment.declarations),
        )
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
        asyncio.set_event_loop(None)


def _new_loop(deployment: Deployment) -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def on_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # After a resource failed, every output depending on it holds the same exception and asyncio
        # complains about each one when it is collected; the run reports that failure once.
        if deployment.failure is not None and "never retrieved" in str(context.get("message", "")):
            return
        loop.default_exception_handler(context)

    loop.set_exception_handler(on_error)
    return loop


def _cause(deployment: Deployment, exc: BaseException) -> BaseException:
    return deployment.failure[1] if deployment.failure is not None else exc


def _failed(deployment: Deployment, stack_urn: str, exc: BaseException) -> ResourceError:
    """The ResourceError for a failed run: the first resource failure wins over its consequences."""
    if deployment.failure is not None:
        urn, cause = deployment.failure
        failures = cause.failures if isinstance(cause, CheckFailed) else None
        message = str(cause) if isinstance(cause, CheckFailed) else _first_line(cause, with_type=False)
    else:  # the program itself raised
        urn, failures, message = stack_urn, None, _first_line(exc, with_type=True)
    return ResourceError(urn, message, deployment.checkpoint(), failures, list(deployment.operations))


def interrupted(state: State) -> str:
    """What the engine says when the last update left operations pending (and refuses to go on)."""
    listed = "; ".join(f"{p.urn}, interrupted while {p.type}" for p in state.pending_operations)
    return (
        f"the current deployment has {len(state.pending_operations)} resource(s) with pending operations: "
        f"{listed}. These resources are in an unknown state because the provider (or the CLI) was "
        "interrupted while waiting for them to change; run `pulumi refresh` to read what really exists "
        "and clear the pending operations, then `pulumi up` again."
    )


def _first_line(exc: BaseException, *, with_type: bool) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return f"{type(exc).__name__}: {lines[0]}" if with_type else lines[0]


def _refresh(
    state: State, deployment: Deployment, cfg: dict[str, str], project: str, stack: str
) -> RunResult:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        _install_runtime(deployment, cfg, project, stack, preview=False)
        providers = ProviderCache(cfg, project)
        operations: list[tuple[str, str]] = []
        # Pending operations are cleared: an update's or a delete's resource is read below like any
        # other; a pending create is forgotten (the engine's `refresh --clear-pending-creates`), and the
        # next `up` creates it again, which finds and adopts what the interrupted create made.
        for pending in state.pending_operations:
            operations.append(("clear", pending.name))
        state.pending_operations = []
        for urn, res in list(state.resources.items()):
            if not res.dynamic:
                continue
            operations.append(("read", res.name))
            try:
                found = _read(providers, res)
            except Exception as exc:
                raise ResourceError(urn, _first_line(exc, with_type=False), state, None, operations) from exc
            if not found:
                del state.resources[urn]
                operations.append(("delete", res.name))
        # A refresh leaves the stack outputs as they were, secrets still secret.
        outputs, secret = _wire.split_secrets(state.outputs)
        return RunResult(
            outputs=outputs, state=state, operations=operations, secret_outputs=frozenset(secret)
        )
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def _read(providers: ProviderCache, res: ResourceState) -> bool:
    # Read runs with the provider stored in the OUTPUTS, as the server does.
    hooks = providers.get(_wire.unwrap_secrets(res.outputs.get(_wire.PROVIDER_KEY, res.provider)))
    id_, outputs, inputs = hooks.read(res.id, res.outputs)
    if id_ is None:
        return False
    # The engine marks what was secret in the state it sent (and the provider marked the rest).
    res.id, res.outputs = id_, _wire.annotate(outputs, res.outputs)
    if inputs is not None:
        res.inputs = _wire.annotate(inputs, res.inputs)
    return True
