"""One port for everything: routing between our applications and moto, and the server thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from . import iam_simulation
from .runtime import INVOKE_PATH
from .wsgi import StartResponse, WSGIEnviron, credential_scope

WSGIApp = Any


def moto_app() -> WSGIApp:
    # Built the way moto's ThreadedMotoServer builds it (moto 5.2.5).
    return DomainDispatcherApplication(create_backend_app)


def _signed_for(environ: WSGIEnviron, service: str) -> bool:
    """Whether the request is unsigned or SigV4-signed for `service` (credential scope)."""
    if not environ.get("HTTP_AUTHORIZATION"):
        return True
    scope = credential_scope(environ)
    return scope is not None and scope[1] == service


class Router:
    """SageMaker JSON calls and runtime invocations to us, /_local to the control API, the rest to moto.

    Two requests for moto are ours too: IAM SimulatePrincipalPolicy (moto answers a 500 page) and
    `POST /moto-api/reset`, which resets the SageMaker state as well as moto's.
    """

    def __init__(
        self,
        sagemaker: WSGIApp,
        runtime: WSGIApp,
        control: WSGIApp,
        fallback: WSGIApp,
        on_reset: Callable[[], None] = lambda: None,
        guards: tuple[Callable[[WSGIEnviron, StartResponse], list[bytes] | None], ...] = (),
    ) -> None:
        self.sagemaker = sagemaker
        self.runtime = runtime
        self.control = control
        self.fallback = fallback
        self.on_reset = on_reset
        self.guards = guards  # requests for moto that are answered here when they would be refused

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Any:
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("SageMaker."):
            return self.sagemaker(environ, start_response)
        path = environ.get("PATH_INFO", "")
        # sagemaker-runtime signs as "sagemaker"; the check keeps e.g. an S3 key out.
        if (
            environ.get("REQUEST_METHOD") == "POST"
            and INVOKE_PATH.fullmatch(path)
            and _signed_for(environ, "sagemaker")
        ):
            return self.runtime(environ, start_response)
        if path.startswith("/_local/"):
            return self.control(environ, start_response)
        if environ.get("REQUEST_METHOD") == "POST":
            if path == "/moto-api/reset":
                self.on_reset()
            elif (credential_scope(environ) or ("", ""))[1] == "iam":
                answered = iam_simulation.intercept(environ, start_response)
                if answered is not None:
                    return answered
            for guard in self.guards:
                answered = guard(environ, start_response)
                if answered is not None:
                    return answered
        return self.fallback(environ, start_response)


class _QuietHandler(MotoRequestHandler):
    # moto's handler keeps S3 metadata headers with underscores; the access log is noise here.
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class ServerThread:
    """A threaded werkzeug server in a daemon thread."""

    def __init__(self, app: WSGIApp, host: str, port: int) -> None:
        self._server: BaseWSGIServer = make_server(
            host, port, app, threaded=True, request_handler=_QuietHandler
        )
        # A short poll interval makes stop() quick (shutdown waits for the next poll).
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="local-sagemaker",
            daemon=True,
        )

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
