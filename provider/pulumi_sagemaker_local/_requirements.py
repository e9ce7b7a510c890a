"""The clear error a plain `pip install pulumi-sagemaker` gets when it reaches for the local SageMaker."""

from __future__ import annotations

import importlib

INSTALL_HINT = "pip install 'pulumi-sagemaker[testing]'"
# moto's server application and what it is served with (moto[server]).
_NEEDED = ("moto", "moto.moto_server.werkzeug_app", "werkzeug")


def require_moto() -> None:
    """Raise an ImportError naming the extra to install when moto[server] is not importable."""
    for module in _NEEDED:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ImportError(
                f"The local SageMaker (pulumi_sagemaker.testing) needs moto[server], which is not "
                f"installed ({exc}). Install the testing extra: {INSTALL_HINT}",
                name=exc.name,
            ) from exc
